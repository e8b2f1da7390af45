// Path helpers: pure string functions, POSIX dirname/basename semantics.
#include <piaojue/path.hpp>

#include <string>
#include <vector>

namespace piaojue {

// ---- Paths ---------------------------------------------------------------------------------
// Pure string functions with POSIX dirname/basename semantics; nothing touches the disk.

std::string resolve_beside(const std::string& base_file, const std::string& relative) {
    if (relative.starts_with('/')) return relative;
    return join_path(parent_dir(base_file), relative);
}

std::string parent_dir(const std::string& path) {
    std::size_t end = path.find_last_not_of('/');
    if (end == std::string::npos) return path.empty() ? "." : "/";  // "" or all slashes
    std::size_t slash = path.find_last_of('/', end);
    if (slash == std::string::npos) return ".";
    std::size_t keep = path.find_last_not_of('/', slash);
    return keep == std::string::npos ? "/" : path.substr(0, keep + 1);
}

std::string base_name(const std::string& path) {
    std::size_t end = path.find_last_not_of('/');
    if (end == std::string::npos) return path.empty() ? "" : "/";
    std::size_t slash = path.find_last_of('/', end);
    return path.substr(slash == std::string::npos ? 0 : slash + 1,
                       end - (slash == std::string::npos ? 0 : slash + 1) + 1);
}

// A leading "." is dropped ("." + "x" is "x"), so paths read back the way users wrote them.
std::string join_path(const std::string& a, const std::string& b) {
    if (a.empty() || a == ".") return b;
    if (b.empty()) return a;
    std::size_t a_end = a.find_last_not_of('/');
    std::size_t b_begin = b.find_first_not_of('/');
    std::string head = a_end == std::string::npos ? "" : a.substr(0, a_end + 1);
    std::string tail = b_begin == std::string::npos ? "" : b.substr(b_begin);
    return head + "/" + tail;
}

std::string normal_path(const std::string& path) {
    bool absolute = path.starts_with('/');
    std::vector<std::string> parts;
    for (std::size_t begin = 0; begin <= path.size();) {
        std::size_t end = path.find('/', begin);
        if (end == std::string::npos) end = path.size();
        std::string part = path.substr(begin, end - begin);
        begin = end + 1;
        if (part.empty() || part == ".") continue;
        if (part == "..") {
            if (!parts.empty() && parts.back() != "..") {
                parts.pop_back();
                continue;
            }
            if (absolute) continue;  // "/.." is "/"
        }
        parts.push_back(std::move(part));
    }
    std::string out = absolute ? "/" : "";
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i > 0 ? "/" : "") + parts[i];
    return out.empty() ? "." : out;
}

bool path_within(const std::string& path, const std::string& dir) {
    if (dir == "/") return path.starts_with('/');
    if (path == dir) return true;
    if (dir == ".") return !path.starts_with('/') && path != ".." && !path.starts_with("../");
    return path.size() > dir.size() && path.starts_with(dir) && path[dir.size()] == '/';
}

}  // namespace piaojue
