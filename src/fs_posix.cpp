// The real file system (POSIX): open(2) and read(2) for inputs, temp file + fsync + rename for
// outputs. What is refused and why, and the limits, are in docs/limits.md ("Files").
#include <piaojue/error.hpp>
#include <piaojue/fs.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <set>
#include <utility>

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <csignal>

#include "fs_errors.hpp"
#include "temp_files.hpp"

namespace piaojue {

namespace {

using namespace fs_detail;

// Deeper than any sane layout of sessions; stops a pathological tree before it costs much.
constexpr std::size_t k_max_directory_depth = 64;
// A temp name is "." + target name + ".XXXXXX"; keep it under NAME_MAX (255) for long names.
constexpr std::size_t k_max_temp_stem = 200;
// One write(2) call at most this much; Linux caps a call near 2 GiB anyway.
constexpr std::size_t k_max_write_call = std::size_t{1} << 30;

// A file descriptor that is closed however the scope is left.
class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    [[nodiscard]] int get() const { return fd_; }
    int release() { return std::exchange(fd_, -1); }

private:
    int fd_;
};

// Reads a regular file with read(2); remembers the size fstat saw so `read` can refuse a file
// that is too large before reading any of it.
class FdSource final : public Source {
public:
    FdSource(int fd, std::string path, std::size_t size) : fd_(fd), path_(std::move(path)), size_(size) {}
    ~FdSource() override { ::close(fd_); }
    FdSource(const FdSource&) = delete;
    FdSource& operator=(const FdSource&) = delete;

    std::size_t read(char* buffer, std::size_t size) override {
        for (;;) {
            ssize_t n = ::read(fd_, buffer, size);
            if (n >= 0) return static_cast<std::size_t>(n);
            if (errno == EINTR) continue;
            Text os = os_error(errno);
            throw_input(path_, {"read error: " + os.en, "读取出错：" + os.zh},
                        {"check the disk or copy the file again", "请检查磁盘或重新复制该文件"}, "E_FILE_READ");
        }
    }
    [[nodiscard]] std::optional<std::size_t> known_size() const override { return size_; }

private:
    int fd_;
    std::string path_;
    std::size_t size_;
};

// Writes all of `bytes`, going on after short writes and signals. SIGXFSZ is ignored by the
// CLI, so hitting `ulimit -f` shows up here as EFBIG instead of killing the process.
int write_all(int fd, const std::string& bytes) {
    const char* data = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        ssize_t n = ::write(fd, data, std::min(left, k_max_write_call));
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        if (n == 0) return ENOSPC;  // no progress and no error: treat as full rather than spin
        data += n;
        left -= static_cast<std::size_t>(n);
    }
    return 0;
}

// rename(2) that refuses to replace an existing `to`, atomically where the file system allows:
// renameat2(RENAME_NOREPLACE), else link(2) + unlink(2), else a check then rename (racy, but
// only on file systems that have neither). Returns 0 or an errno value (EEXIST when `to` exists).
int rename_no_replace(const std::string& from, const std::string& to) {
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) return errno;
    if (::link(from.c_str(), to.c_str()) == 0) {
        ::unlink(from.c_str());
        return 0;
    }
    if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP) return errno;
    struct stat st {};
    if (::lstat(to.c_str(), &st) == 0) return EEXIST;
    return ::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

// One target of write_atomic and how far it got, so a failure can undo exactly its own work.
struct Pending {
    const OutputFile* output;
    std::string dir;
    std::string temp;
    bool existed = false;
    bool temp_made = false;
    bool renamed = false;
    int slot = -1;  // in the signal handler's table (temp_files.hpp) while the temp file exists
};

// Checks one target before anything is written, so a refusal leaves the disk untouched.
Pending check_target(const OutputFile& output, bool force) {
    Pending p{.output = &output, .dir = parent_dir(output.path), .temp = {}};
    const std::string& path = output.path;
    if (path.empty() || base_name(path) == "/" || base_name(path) == "." || base_name(path) == "..")
        throw_write(path, {"is not a file name", "不是有效的文件名"}, k_choose_other);
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) {
        // A symlink could point anywhere (another officer's key, a system file): never write
        // through one, even with --force.
        if (S_ISLNK(st.st_mode))
            throw_write(path, {"is a symbolic link; refusing to write through it", "是符号链接，拒绝通过它写入"},
                        {"remove the link or choose another output path", "请删除该链接，或换一个输出路径"});
        if (S_ISDIR(st.st_mode)) throw_write(path, {"is a directory", "是一个目录"}, k_choose_other);
        if (!S_ISREG(st.st_mode))
            throw_write(path, {"exists and is not a regular file", "已存在且不是普通文件"}, k_choose_other);
        if (!force) throw_exists(path);
        p.existed = true;
    } else if (errno != ENOENT) {
        throw_write_os(path, errno);
    }
    if (::stat(p.dir.c_str(), &st) != 0) {
        if (errno == ENOENT)
            throw_write(path, {"output directory \"" + p.dir + "\" does not exist", "输出目录“" + p.dir + "”不存在"},
                        {"create it first (mkdir -p " + p.dir + ") or choose another output path",
                         "请先创建该目录（mkdir -p " + p.dir + "），或换一个输出路径"});
        throw_write_os(path, errno);
    }
    if (!S_ISDIR(st.st_mode))
        throw_write(path, {"\"" + p.dir + "\" is not a directory", "“" + p.dir + "”不是目录"}, k_choose_other);
    if (::access(p.dir.c_str(), W_OK | X_OK) != 0)
        throw_write(path, {"output directory \"" + p.dir + "\" is not writable", "输出目录“" + p.dir + "”不可写"},
                    {"check the directory's permissions, or choose another output directory",
                     "请检查该目录的权限，或换一个输出目录"});
    return p;
}

// Creates, fills and (when `sync`) syncs the temp file beside the target. The mode is set with
// fchmod before any byte is written, so a private key is never readable by others, not even for
// a moment.
void write_temp(Pending& p, bool sync = true) {
    const std::string& path = p.output->path;
    std::string stem = base_name(path).substr(0, k_max_temp_stem);
    std::string name = join_path(p.dir, "." + stem + ".XXXXXX");
    // SIGINT and SIGTERM wait while the file is made and registered, so there is no moment in
    // which it exists and the signal handler does not know it.
    sigset_t block;
    sigset_t old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    ::pthread_sigmask(SIG_BLOCK, &block, &old);
    int raw_fd = ::mkostemp(name.data(), O_CLOEXEC);
    int open_err = errno;
    if (raw_fd >= 0) {
        p.temp = name;  // in `pending`, which does not move while the temp file exists
        p.slot = temp_files::add(p.temp.c_str());
    }
    ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
    if (raw_fd < 0) throw_write_os(path, open_err);
    Fd fd(raw_fd);
    p.temp_made = true;
    if (::fchmod(fd.get(), static_cast<mode_t>(p.output->mode & 0777)) != 0) throw_write_os(path, errno);
    if (int err = write_all(fd.get(), p.output->bytes); err != 0) throw_write_os(path, err);
    if (sync && ::fsync(fd.get()) != 0) throw_write_os(path, errno);
    if (::close(fd.release()) != 0) throw_write_os(path, errno);
}

// Makes the renames durable: a rename lives in the directory, not in the file.
void sync_directory(const std::string& dir, const std::string& path) {
    Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    // A directory we may write but not read (mode 0333) cannot be opened to sync; the renames
    // have happened and the data is synced, so failing now would only undo good work.
    if (fd.get() < 0 && errno == EACCES) return;
    if (fd.get() < 0) throw_write_os(path, errno);
    // EINVAL: the file system cannot sync directories (some network and FUSE ones); nothing
    // more can be done there, and the data itself is already synced.
    if (::fsync(fd.get()) != 0 && errno != EINVAL) throw_write_os(path, errno);
}

// Syncs every file system that holds one of `dirs` (syncfs(2): data and metadata of all files
// on it, including renames and new directory entries). Returns 0, or the first errno value; a
// directory that cannot be opened (mode 0333) counts as a failure, for the caller to fall back
// to syncing file by file.
int sync_file_systems(const std::set<std::string>& dirs) {
    std::set<dev_t> done;
    for (const std::string& dir : dirs) {
        Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (fd.get() < 0) return errno;
        struct stat st {};
        if (::fstat(fd.get(), &st) != 0) return errno;
        if (!done.insert(st.st_dev).second) continue;
        if (::syncfs(fd.get()) != 0) return errno;
    }
    return 0;
}

// fsync of the file at `path`, as the fallback of sync_file_systems; 0 or an errno value.
int sync_path(const std::string& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (fd.get() < 0) return errno;
    return ::fsync(fd.get()) == 0 ? 0 : errno;
}

// Undoes what write_atomic did so far. Limitation: a target that existed before and was already
// replaced (with --force) cannot be brought back; its new content is complete, never torn, but
// the other targets of the same call may then be old. Renames run only after every temp file is
// complete and synced, so this needs a rename itself to fail, which is rare.
void roll_back(const std::vector<Pending>& pending) noexcept {
    for (const Pending& p : pending) {
        if (p.temp_made && !p.renamed) ::unlink(p.temp.c_str());
        temp_files::remove(p.slot);
        if (p.renamed && !p.existed) ::unlink(p.output->path.c_str());
    }
}

// An open directory, closed when the handle goes. With `missing_ok`, a `path` that does not
// exist or is not a directory gives a handle holding nullptr; any other failure throws Error
// (exit 3) naming `path`.
struct DirHandle {
    DIR* d = nullptr;
    DirHandle(const std::string& path, bool missing_ok) : d(::opendir(path.c_str())) {
        if (d != nullptr || (missing_ok && (errno == ENOENT || errno == ENOTDIR))) return;
        Text os = os_error(errno);
        throw_input(path, {"cannot list directory: " + os.en, "无法列出目录：" + os.zh},
                    {"check the directory's permissions", "请检查该目录的权限"});
    }
    DirHandle(const DirHandle&) = delete;
    DirHandle& operator=(const DirHandle&) = delete;
    ~DirHandle() {
        if (d != nullptr) ::closedir(d);
    }
};

// Walks one directory for list_files. Symlinks to regular files are listed; symlinked
// directories are never entered, and a directory seen before (a bind-mount loop) is an error, so
// the walk always ends.
void walk(const std::string& dir, bool recursive, std::size_t depth, std::set<std::pair<dev_t, ino_t>>& seen,
          std::vector<std::string>& out) {
    DirHandle handle(dir, false);
    DIR* d = handle.d;
    std::vector<std::string> subdirs;
    errno = 0;
    while (dirent* entry = ::readdir(d)) {
        std::string name = entry->d_name;
        // Hidden names are skipped: "." and "..", dot files, and write_atomic's own temp files
        // (".name.XXXXXX") left by a killed run, which must never be mistaken for inputs.
        if (name.empty() || name[0] == '.') continue;
        std::string path = join_path(dir, name);
        struct stat st {};
        if (::fstatat(::dirfd(d), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;  // vanished meanwhile
        if (S_ISLNK(st.st_mode)) {
            if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) out.push_back(path);
        } else if (S_ISREG(st.st_mode)) {
            out.push_back(path);
        } else if (S_ISDIR(st.st_mode) && recursive) {
            if (!seen.insert({st.st_dev, st.st_ino}).second)
                throw_input(path,
                            {"directory loop (the same directory reached twice)", "目录出现循环（同一目录被访问两次）"},
                            {"remove the bind mount or loop under this directory", "请去掉该目录下的循环挂载"});
            subdirs.push_back(path);
        }
        errno = 0;
    }
    if (errno != 0) {
        Text os = os_error(errno);
        throw_input(dir, {"cannot list directory: " + os.en, "无法列出目录：" + os.zh},
                    {"check the disk and the directory's permissions", "请检查磁盘和该目录的权限"});
    }
    for (const std::string& sub : subdirs) {
        if (depth + 1 > k_max_directory_depth)
            throw_input(sub,
                        {"directories nested deeper than " + std::to_string(k_max_directory_depth) + " levels",
                         "目录嵌套超过 " + std::to_string(k_max_directory_depth) + " 层"},
                        {"point at the directory that holds the sessions", "请指定存放会议文件的目录"});
        walk(sub, recursive, depth + 1, seen, out);
    }
}

}  // namespace

// ---- RealFileSystem ------------------------------------------------------------------------

std::unique_ptr<Source> RealFileSystem::open(const std::string& path) const {
    // O_NONBLOCK so that opening a FIFO with no writer returns at once instead of hanging; it is
    // cleared again once fstat has shown a regular file. O_NOCTTY: a terminal never becomes ours.
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    struct stat st {};
    if (fd.get() < 0) {
        int err = errno;
        // open(2) on a socket fails with ENXIO; say what it is rather than "no such device".
        if (err == ENXIO && ::stat(path.c_str(), &st) == 0) throw_not_regular(path, st.st_mode);
        throw_open_error(path, err);
    }
    if (::fstat(fd.get(), &st) != 0) throw_open_error(path, errno);
    if (!S_ISREG(st.st_mode)) throw_not_regular(path, st.st_mode);
    int flags = ::fcntl(fd.get(), F_GETFL);
    if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK) != 0) throw_open_error(path, errno);
    auto source = std::make_unique<FdSource>(fd.get(), path, static_cast<std::size_t>(st.st_size));
    fd.release();
    return source;
}

bool RealFileSystem::exists(const std::string& path) const {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

bool RealFileSystem::is_directory(const std::string& path) const {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// Modes are applied exactly as given (fchmod ignores the umask), so 0600 stays 0600 and 0644
// stays readable by the auditors who fetch a record. A replaced file gets the given mode too.
void RealFileSystem::write_atomic(const std::vector<OutputFile>& outputs, bool force) {
    std::vector<Pending> pending;
    std::set<std::string> names;
    for (const OutputFile& output : outputs) {
        if (!names.insert(output.path).second)
            throw_write(output.path, {"is named twice among the outputs", "在输出中出现了两次"}, k_choose_other);
        pending.push_back(check_target(output, force));
    }
    try {
        for (Pending& p : pending) write_temp(p);
        before_rename();
        for (Pending& p : pending) {
            const std::string& path = p.output->path;
            int err =
                force ? (::rename(p.temp.c_str(), path.c_str()) == 0 ? 0 : errno) : rename_no_replace(p.temp, path);
            if (err == EEXIST) throw_exists(path);  // created by someone else since the check
            if (err != 0) throw_write_os(path, err);
            p.renamed = true;
            temp_files::remove(p.slot);
            p.slot = -1;  // the slot may be another write's by the time roll_back runs
        }
        std::set<std::string> synced;
        for (const Pending& p : pending)
            if (synced.insert(p.dir).second) sync_directory(p.dir, p.output->path);
    } catch (...) {
        // Whatever failed, including a test's before_rename() simulating a crash, nothing of
        // this call may remain: the exception itself goes on unchanged.
        roll_back(pending);
        throw;
    }
}

// A group at a time (the signal handler's table of temp files has room for 512): every temp
// file written without a sync, one syncfs of each file system involved, the renames, one more
// syncfs. A crash at any moment leaves each target old or new and complete, as write_atomic
// does: no rename happens before the data it names is on disk. Where syncfs fails (an I/O
// error, a directory that cannot be opened), each file and directory is synced on its own.
std::vector<std::optional<Error>> RealFileSystem::write_each_atomic(const std::vector<OutputFile>& outputs,
                                                                    bool force) {
    constexpr std::size_t k_group = 256;
    std::vector<std::optional<Error>> errors(outputs.size());
    std::set<std::string> names;
    for (std::size_t start = 0; start < outputs.size(); start += k_group) {
        const std::size_t end = std::min(outputs.size(), start + k_group);
        std::vector<Pending> pending;
        pending.reserve(k_group);  // never moves: the signal handler holds pointers to the temp names
        std::vector<std::size_t> index;
        auto fail = [&](std::size_t k, const Error& e) {
            errors[index[k]] = e;
            roll_back({pending[k]});
            pending[k].temp_made = pending[k].renamed = false;
            pending[k].slot = -1;
            pending[k].output = nullptr;  // out of the group
        };
        for (std::size_t i = start; i < end; ++i) {
            try {
                if (!names.insert(outputs[i].path).second)
                    throw_write(outputs[i].path, {"is named twice among the outputs", "在输出中出现了两次"},
                                k_choose_other);
                pending.push_back(check_target(outputs[i], force));
                index.push_back(i);
            } catch (const Error& e) {
                errors[i] = e;
            }
        }
        std::set<std::string> dirs;
        try {
            for (std::size_t k = 0; k < pending.size(); ++k) {
                try {
                    write_temp(pending[k], false);
                    dirs.insert(pending[k].dir);
                } catch (const Error& e) {
                    fail(k, e);
                }
            }
            if (sync_file_systems(dirs) != 0)
                for (std::size_t k = 0; k < pending.size(); ++k)
                    if (pending[k].output != nullptr)
                        if (int err = sync_path(pending[k].temp); err != 0) {
                            try {
                                throw_write_os(pending[k].output->path, err);
                            } catch (const Error& e) {
                                fail(k, e);
                            }
                        }
            before_rename();
            for (std::size_t k = 0; k < pending.size(); ++k) {
                Pending& p = pending[k];
                if (p.output == nullptr) continue;
                const std::string& path = p.output->path;
                int err =
                    force ? (::rename(p.temp.c_str(), path.c_str()) == 0 ? 0 : errno) : rename_no_replace(p.temp, path);
                try {
                    if (err == EEXIST) throw_exists(path);
                    if (err != 0) throw_write_os(path, err);
                } catch (const Error& e) {
                    fail(k, e);
                    continue;
                }
                p.renamed = true;
                temp_files::remove(p.slot);
                p.slot = -1;
            }
        } catch (...) {
            // A test's before_rename() simulating a crash: nothing of this group remains.
            roll_back(pending);
            throw;
        }
        if (sync_file_systems(dirs) != 0)
            for (std::size_t k = 0; k < pending.size(); ++k)
                if (pending[k].output != nullptr) {
                    try {
                        sync_directory(pending[k].dir, pending[k].output->path);
                    } catch (const Error& e) {
                        errors[index[k]] = e;  // renamed and complete, but perhaps not yet durable
                    }
                }
    }
    return errors;
}

// Like `mkdir -p`: new directories get 0777 minus the umask, as every other tool's do.
void RealFileSystem::make_directories(const std::string& path) {
    if (path.empty()) throw_write(path, {"empty directory name", "目录名为空"}, k_choose_other);
    for (std::size_t end = 1; end <= path.size(); ++end) {
        if (end < path.size() && path[end] != '/') continue;
        if (path[end - 1] == '/') continue;  // a repeated or trailing slash
        std::string prefix = path.substr(0, end);
        if (::mkdir(prefix.c_str(), 0777) == 0) continue;
        int err = errno;
        struct stat st {};
        if (err == EEXIST && ::stat(prefix.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) continue;
        if (err == EEXIST) throw_write(prefix, {"exists and is not a directory", "已存在且不是目录"}, k_choose_other);
        throw_write_os(prefix, err);
    }
}

// Full paths (`path` joined with the names below it), sorted bytewise, so batch runs visit
// sessions in the same order on every machine. Hidden names are skipped (see walk).
std::vector<std::string> RealFileSystem::list_files(const std::string& path, bool recursive) const {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT)
            throw_input(path, {"no such directory", "目录不存在"}, {"check the directory name", "请检查目录名"},
                        "E_DIR_NOT_FOUND");
        throw_open_error(path, errno);
    }
    if (!S_ISDIR(st.st_mode))
        throw_input(path, {"is not a directory", "不是目录"},
                    {"name the directory that holds the files", "请指定存放这些文件的目录"}, "E_NOT_A_DIR");
    std::set<std::pair<dev_t, ino_t>> seen{{st.st_dev, st.st_ino}};
    std::vector<std::string> out;
    walk(path, recursive, 0, seen, out);
    std::sort(out.begin(), out.end());
    return out;
}

// One read of the directory: the entry's type from readdir, a stat only where the file system
// does not give it.
std::vector<std::string> RealFileSystem::list_directories(const std::string& path) const {
    std::vector<std::string> out;
    DirHandle handle(path, true);
    DIR* d = handle.d;
    if (d == nullptr) return out;
    while (dirent* entry = ::readdir(d)) {
        std::string name = entry->d_name;
        if (name.empty() || name[0] == '.') continue;  // hidden, as in list_files
        bool dir = entry->d_type == DT_DIR;
        if (entry->d_type == DT_UNKNOWN) {
            struct stat st {};
            dir = ::fstatat(::dirfd(d), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
        }
        if (dir) out.push_back(std::move(name));
    }
    std::sort(out.begin(), out.end());
    return out;
}

// The longest prefix of `path` that realpath(3) resolves, then the components after it as
// strings: "a/missing/../b" is realpath("a") + "/b". A symbolic link inside the part that does
// not exist cannot matter, since nothing can be read through it.
std::string RealFileSystem::resolved_path(const std::string& path) const {
    std::string head = path.empty() ? "." : path;
    std::string tail;
    for (;;) {
        std::unique_ptr<char, decltype(&std::free)> real(::realpath(head.c_str(), nullptr), &std::free);
        if (real) return normal_path(tail.empty() ? std::string(real.get()) : join_path(real.get(), tail));
        std::string parent = parent_dir(head);
        if (parent == head) break;  // "." or "/" itself did not resolve (a deleted working directory)
        tail = tail.empty() ? base_name(head) : join_path(base_name(head), tail);
        head = parent;
    }
    return normal_path(path);
}

std::optional<unsigned> RealFileSystem::permissions(const std::string& path) const {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    return static_cast<unsigned>(st.st_mode & 07777u);
}

namespace {

// flock(2) on a descriptor of the file, released when it closes: the lock goes with the process,
// so a signer killed while holding it holds nobody up.
class FlockLock final : public FileSystem::Lock {
public:
    explicit FlockLock(int fd) : fd_(fd) {}
    ~FlockLock() override { ::close(fd_); }
    FlockLock(const FlockLock&) = delete;
    FlockLock& operator=(const FlockLock&) = delete;

private:
    int fd_;
};

}  // namespace

std::unique_ptr<FileSystem::Lock> RealFileSystem::lock(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw_about(
            ExitCode::write_failed, path,
            {std::string("cannot lock: ") + std::strerror(errno), std::string("无法加锁：") + std::strerror(errno)});
    while (::flock(fd, LOCK_EX) != 0) {
        if (errno == EINTR) continue;
        int e = errno;
        ::close(fd);
        throw_about(ExitCode::write_failed, path,
                    {std::string("cannot lock: ") + std::strerror(e), std::string("无法加锁：") + std::strerror(e)});
    }
    return std::make_unique<FlockLock>(fd);
}

}  // namespace piaojue
