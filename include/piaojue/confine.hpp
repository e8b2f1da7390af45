// Keeping a session inside its folder: the files a session file (or a record, for verify) names
// must lie in the folder of that file or below it, after `..` and symbolic links are resolved,
// unless the user allowed another folder on purpose (`--allow-path`). Without this a session
// naming /proc/self/environ or another township's ballots would be read (docs/limits.md).
#pragma once

#include <string>
#include <vector>

#include <piaojue/fs.hpp>
#include <piaojue/session.hpp>

namespace piaojue {

/// Folders whose files any session or record may name besides its own (`--allow-path DIR`).
struct PathPolicy {
    std::vector<std::string> allowed;
};

/// Whether `path` lies in folder `folder` (or below it) or in one of `policy.allowed`, after
/// `.`, `..` and symbolic links are resolved through `fs`.
[[nodiscard]] bool path_allowed(const FileSystem& fs, const std::string& path, const std::string& folder,
                                const PathPolicy& policy);

/// The folder `levels_up` folders above the one that holds `file` (0: its own).
[[nodiscard]] std::string folder_above(const FileSystem& fs, const std::string& file, int levels_up);

/// Checks every path `session` (read from `session_path`) names; throws Error (exit 3) naming
/// the line and column of each one outside the session's folder and not allowed by `policy`.
void confine_session_paths(const FileSystem& fs, const std::string& session_path, const Session& session,
                           const PathPolicy& policy);

}  // namespace piaojue
