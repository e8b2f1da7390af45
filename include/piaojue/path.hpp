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

}  // namespace piaojue
