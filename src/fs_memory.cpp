// The in-memory file system for tests and fuzzers: a map from path to bytes.
#include <piaojue/error.hpp>
#include <piaojue/fs.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <utility>

#include <sys/stat.h>

#include "fs_errors.hpp"
#include "memory_fs.hpp"

namespace piaojue {

namespace {

using namespace fs_detail;

// A source that owns a copy of its bytes, so MemoryFileSystem may change while it is read.
class OwnedStringSource final : public Source {
public:
    explicit OwnedStringSource(std::string bytes) : bytes_(std::move(bytes)) {}
    std::size_t read(char* buffer, std::size_t size) override {
        std::size_t n = std::min(size, bytes_.size() - pos_);
        if (n > 0) std::memcpy(buffer, bytes_.data() + pos_, n);
        pos_ += n;
        return n;
    }

private:
    std::string bytes_;
    std::size_t pos_ = 0;
};

// MemoryFileSystem keys: "./a//b/", "a/x/../b" and "a/b" are the same file (there are no
// symbolic links, so ".." is resolved as a string, as resolved_path does).
std::string normalize(const std::string& path) {
    return normal_path(path);
}

}  // namespace

// ---- MemoryFileSystem ----------------------------------------------------------------------
// Directories are implicit: a directory exists while some file lies below it (and "." always),
// so an empty directory cannot exist and make_directories has nothing to record.

std::unique_ptr<Source> MemoryFileSystem::open(const std::string& path) const {
    auto it = files.find(normalize(path));
    if (it != files.end()) return std::make_unique<OwnedStringSource>(it->second);
    if (is_directory(path)) throw_not_regular(path, S_IFDIR);
    throw_open_error(path, ENOENT);
}

bool MemoryFileSystem::exists(const std::string& path) const {
    return files.count(normalize(path)) > 0 || is_directory(path);
}

bool MemoryFileSystem::is_directory(const std::string& path) const {
    std::string key = normalize(path);
    if (key == ".") return true;
    std::string prefix = key == "/" ? key : key + "/";
    auto it = files.lower_bound(prefix);
    return it != files.end() && it->first.starts_with(prefix);
}

void MemoryFileSystem::write_atomic(const std::vector<OutputFile>& outputs, bool force) {
    std::set<std::string> names;
    for (const OutputFile& output : outputs) {
        std::string key = normalize(output.path);
        if (!names.insert(key).second)
            throw_write(output.path, {"is named twice among the outputs", "在输出中出现了两次"}, k_choose_other);
        if (is_directory(key)) throw_write(output.path, {"is a directory", "是一个目录"}, k_choose_other);
        for (std::string dir = parent_dir(key); dir != "." && dir != "/"; dir = parent_dir(dir))
            if (files.count(dir) > 0)
                throw_write(output.path, {"\"" + dir + "\" is not a directory", "“" + dir + "”不是目录"},
                            k_choose_other);
        if (files.count(key) > 0 && !force) throw_exists(output.path);
    }
    for (const OutputFile& output : outputs) {
        files[normalize(output.path)] = output.bytes;
        modes[normalize(output.path)] = output.mode;
    }
}

void MemoryFileSystem::make_directories(const std::string& path) {
    for (std::string dir = normalize(path); dir != "." && dir != "/"; dir = parent_dir(dir))
        if (files.count(dir) > 0)
            throw_write(dir, {"exists and is not a directory", "已存在且不是目录"}, k_choose_other);
}

std::vector<std::string> MemoryFileSystem::list_files(const std::string& path, bool recursive) const {
    std::string key = normalize(path);
    if (files.count(key) > 0)
        throw_input(path, {"is not a directory", "不是目录"},
                    {"name the directory that holds the files", "请指定存放这些文件的目录"}, "E_NOT_A_DIR");
    if (!is_directory(key))
        throw_input(path, {"no such directory", "目录不存在"}, {"check the directory name", "请检查目录名"},
                    "E_DIR_NOT_FOUND");
    std::string prefix = key == "." ? "" : key == "/" ? key : key + "/";
    std::vector<std::string> out;
    for (auto it = files.lower_bound(prefix); it != files.end() && it->first.starts_with(prefix); ++it) {
        std::string rest = it->first.substr(prefix.size());
        if (rest.empty() || rest[0] == '/') continue;
        if (!recursive && rest.find('/') != std::string::npos) continue;
        if (rest[0] == '.' || rest.find("/.") != std::string::npos) continue;  // hidden, as on disk
        out.push_back(join_path(path, rest));
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> MemoryFileSystem::list_directories(const std::string& path) const {
    std::string key = normalize(path);
    std::set<std::string> names;
    if (files.count(key) > 0 || !is_directory(key)) return {};
    std::string prefix = key == "." ? "" : key == "/" ? key : key + "/";
    for (auto it = files.lower_bound(prefix); it != files.end() && it->first.starts_with(prefix); ++it) {
        std::string rest = it->first.substr(prefix.size());
        auto slash = rest.find('/');
        if (slash == std::string::npos || slash == 0 || rest[0] == '.') continue;
        names.insert(rest.substr(0, slash));
    }
    return {names.begin(), names.end()};
}

std::string MemoryFileSystem::resolved_path(const std::string& path) const {
    return normal_path(path.starts_with('/') ? path : "/" + path);
}

std::optional<unsigned> MemoryFileSystem::permissions(const std::string& path) const {
    const std::string key = normalize(path);
    if (!files.contains(key)) return std::nullopt;
    auto it = modes.find(key);
    return it == modes.end() ? 0644u : it->second;
}

std::unique_ptr<FileSystem::Lock> MemoryFileSystem::lock(const std::string&) {
    return std::make_unique<Lock>();
}

}  // namespace piaojue
