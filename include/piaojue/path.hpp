// Path helpers: pure string functions with POSIX dirname/basename semantics; nothing touches the
// disk.
#pragma once

#include <string>

namespace piaojue {

/// `relative` resolved against the directory of `base_file` (unchanged when absolute).
[[nodiscard]] std::string resolve_beside(const std::string& base_file, const std::string& relative);
/// The directory part of `path` (`.` when none).
[[nodiscard]] std::string parent_dir(const std::string& path);
/// The last component of `path`.
[[nodiscard]] std::string base_name(const std::string& path);
/// `a/b` joined with one slash.
[[nodiscard]] std::string join_path(const std::string& a, const std::string& b);
/// `path` with `.`, `..` and repeated slashes resolved as strings (`..` above `/` stays at `/`;
/// a relative path keeps its leading `..`); `.` for an empty result.
[[nodiscard]] std::string normal_path(const std::string& path);
/// Whether `path` is `dir` or lies below it; both as normal_path gives them.
[[nodiscard]] bool path_within(const std::string& path, const std::string& dir);

}  // namespace piaojue
