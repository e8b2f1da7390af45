// The file-system seam's shared part: the errors both file systems raise, and FileSystem::read.
// The POSIX file system is in fs_posix.cpp, the in-memory one in fs_memory.cpp, path helpers in
// path.cpp. What is refused and why, and the limits, are in docs/limits.md ("Files").
#include <piaojue/error.hpp>
#include <piaojue/fs.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include <sys/stat.h>

#include "fs_errors.hpp"

namespace piaojue {

namespace fs_detail {

namespace {

std::string size_text(std::size_t bytes) {
    constexpr std::size_t mib = std::size_t{1} << 20;
    constexpr std::size_t kib = std::size_t{1} << 10;
    if (bytes >= mib && bytes % mib == 0) return std::to_string(bytes / mib) + " MiB";
    if (bytes >= kib && bytes % kib == 0) return std::to_string(bytes / kib) + " KiB";
    return std::to_string(bytes) + " bytes";
}

const Text k_path_hint = {"check the file name and path; paths inside a session file are relative to that file",
                          "请检查文件名和路径；会议文件中的路径相对于该文件所在的目录"};

// The hint for a failed write: what a person at the meeting PC can do about it.
Text write_hint(int err) {
    switch (err) {
        case ENOSPC:
        case EDQUOT:
            return {"free some disk space (or choose another output directory) and run again; nothing was written",
                    "请清理磁盘空间（或换一个输出目录）后重试；没有写入任何文件"};
        case EFBIG:
            return {"the file-size limit (ulimit -f) was reached; raise it and run again; nothing was written",
                    "已达到文件大小上限（ulimit -f）；请调高后重试；没有写入任何文件"};
        case EACCES:
        case EPERM:
        case EROFS:
            return {"check the output directory's permissions, or choose another one; nothing was written",
                    "请检查输出目录的权限，或换一个输出目录；没有写入任何文件"};
        default:
            return {"check the disk and the output directory, then run again; nothing was written",
                    "请检查磁盘和输出目录后重试；没有写入任何文件"};
    }
}

}  // namespace

// The OS error in both languages: strerror for English (what a search engine knows), a
// translation of the common ones for Chinese, with the English kept in brackets.
Text os_error(int err) {
    std::string en = std::strerror(err);
    const char* zh = nullptr;
    switch (err) {
        case ENOENT:
            zh = "文件或目录不存在";
            break;
        case EACCES:
        case EPERM:
            zh = "权限不足";
            break;
        case ENOSPC:
            zh = "磁盘空间已满";
            break;
        case EDQUOT:
            zh = "超出磁盘配额";
            break;
        case EFBIG:
            zh = "文件超过大小上限（ulimit -f）";
            break;
        case EROFS:
            zh = "文件系统只读";
            break;
        case EIO:
            zh = "输入/输出错误";
            break;
        case ENOTDIR:
            zh = "路径中有一部分不是目录";
            break;
        case EISDIR:
            zh = "是一个目录";
            break;
        case ELOOP:
            zh = "符号链接层数过多";
            break;
        case ENAMETOOLONG:
            zh = "文件名过长";
            break;
        case EEXIST:
            zh = "文件已存在";
            break;
        default:
            break;
    }
    return {en, zh != nullptr ? std::string(zh) + "（" + en + "）" : en};
}

[[noreturn]] void throw_input(const std::string& path, Text message, Text hint, std::string code) {
    throw Error(ExitCode::input, coded(std::move(code), diagnostic_about(path, std::move(message), std::move(hint))));
}

[[noreturn]] void throw_write(const std::string& path, Text message, Text hint, std::string code) {
    throw Error(ExitCode::write_failed,
                coded(std::move(code), diagnostic_about(path, std::move(message), std::move(hint))));
}

// Only regular files are inputs: a directory cannot be read, and a FIFO, a socket or a device
// such as /dev/zero may block forever or never end.
[[noreturn]] void throw_not_regular(const std::string& path, mode_t mode) {
    if (S_ISDIR(mode))
        throw_input(path, {"is a directory, not a file", "是目录，不是文件"},
                    {"name the file inside the directory", "请指定目录中的文件"}, "E_NOT_A_FILE");
    Text what = S_ISFIFO(mode) ? Text{"is a pipe (FIFO), not a regular file", "是管道（FIFO），不是普通文件"}
                : S_ISSOCK(mode) ? Text{"is a socket, not a regular file", "是套接字，不是普通文件"}
                : S_ISCHR(mode) || S_ISBLK(mode) ? Text{"is a device, not a regular file", "是设备，不是普通文件"}
                                                 : Text{"is not a regular file", "不是普通文件"};
    throw_input(path, std::move(what),
                {"save the data to a regular file and name that file", "请把数据保存为普通文件后再指定该文件"},
                "E_NOT_A_FILE");
}

[[noreturn]] void throw_open_error(const std::string& path, int err) {
    if (err == ENOENT) throw_input(path, {"no such file", "文件不存在"}, k_path_hint, "E_FILE_NOT_FOUND");
    if (err == EACCES || err == EPERM)
        throw_input(path, {"permission denied", "没有读取权限"},
                    {"check the file's permissions (ls -l)", "请检查文件权限（ls -l）"}, "E_FILE_PERMISSION");
    Text os = os_error(err);
    throw_input(path, {"cannot open: " + os.en, "无法打开：" + os.zh}, k_path_hint, "E_FILE_READ");
}

[[noreturn]] void throw_too_large(const std::string& path, std::size_t limit) {
    std::string shown = size_text(limit);
    throw_input(path, {"is larger than the size limit of " + shown, "文件超过 " + shown + " 的大小上限"},
                {"check that this is the right file; files of this kind are never this large",
                 "请确认文件是否选对；此类文件不会这么大"},
                "E_FILE_TOO_LARGE");
}

[[noreturn]] void throw_write_os(const std::string& path, int err) {
    Text os = os_error(err);
    throw_write(path, {"cannot write: " + os.en, "无法写入：" + os.zh}, write_hint(err));
}

const Text k_choose_other = {"choose another output path", "请换一个输出路径"};

[[noreturn]] void throw_exists(const std::string& path) {
    throw_write(path, {"exists; use --force to replace", "文件已存在；如需替换请加 --force"},
                {"choose another output path, or pass --force to replace the file",
                 "请换一个输出路径，或加 --force 替换该文件"},
                "E_OUTPUT_EXISTS");
}

}  // namespace fs_detail

// ---- FileSystem ----------------------------------------------------------------------------

std::vector<std::optional<Error>> FileSystem::write_each_atomic(const std::vector<OutputFile>& outputs, bool force) {
    std::vector<std::optional<Error>> errors(outputs.size());
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        try {
            write_atomic({outputs[i]}, force);
        } catch (const Error& e) {
            errors[i] = e;
        }
    }
    return errors;
}

std::string FileSystem::read(const std::string& path, std::size_t limit) const {
    std::unique_ptr<Source> source = open(path);
    std::optional<std::size_t> size = source->known_size();
    if (size && *size > limit) fs_detail::throw_too_large(path, limit);
    // Still counted while reading: the size can grow after fstat, and other sources have none.
    // A buffer no bigger than the file needs (plus the byte that shows its end): a session file
    // is under a kilobyte, and 64 KiB zeroed would be sixteen fresh pages.
    std::string out;
    constexpr std::size_t chunk = fs_detail::k_io_chunk;
    std::string buffer(size ? std::clamp(*size + 1, std::size_t{4096}, chunk) : chunk, '\0');
    while (std::size_t n = source->read(buffer.data(), buffer.size())) {
        if (n > limit - out.size()) fs_detail::throw_too_large(path, limit);
        out.append(buffer.data(), n);
    }
    return out;
}

Digest digest_file(const FileSystem& fs, const std::string& path, DigestAlgo algo) {
    auto source = fs.open(path);
    Hasher hasher(algo);
    char buf[1 << 16];
    while (std::size_t n = source->read(buf, sizeof buf)) hasher.update(std::string_view(buf, n));
    return hasher.finish();
}

}  // namespace piaojue
