// The file-system seam. The core never opens files itself: the CLI hands it a FileSystem, tests
// hand it a MemoryFileSystem (src/memory_fs.hpp), and fault-injection tests a FileSystem that fails on purpose.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <piaojue/digest.hpp>
#include <piaojue/error.hpp>
#include <piaojue/path.hpp>
#include <piaojue/source.hpp>

namespace piaojue {

/// Size limits on inputs, so a wrong file fails fast with bounded memory (docs/limits.md).
inline constexpr std::size_t k_max_small_file = 16u << 20;  ///< session, candidates, record, keys: 16 MiB

/// One output: a path and its bytes, plus the permission bits for a new file.
struct OutputFile {
    std::string path;
    std::string bytes;
    unsigned mode = 0644;
};

/// Reads and writes files for the core.
class FileSystem {
public:
    virtual ~FileSystem() = default;

    /// Opens `path` for streaming. Throws Error (exit 3) naming `path` when it is missing, not a
    /// regular file (a directory, FIFO or device), or unreadable.
    [[nodiscard]] virtual std::unique_ptr<Source> open(const std::string& path) const = 0;

    /// All bytes of `path`, at most `limit` of them; throws Error (exit 3) as `open` does, and
    /// when the file is larger than `limit`.
    [[nodiscard]] std::string read(const std::string& path, std::size_t limit = k_max_small_file) const;

    /// Whether `path` exists (any kind of file; symlinks not followed).
    [[nodiscard]] virtual bool exists(const std::string& path) const = 0;

    /// Writes every file of `outputs`, all or nothing: each goes to a temp file in its target
    /// directory, is flushed and synced, then all are renamed into place and the directories
    /// synced. An existing target is refused unless `force`; a symlinked target is always refused.
    /// Throws Error (exit 9) and leaves nothing behind on any failure.
    virtual void write_atomic(const std::vector<OutputFile>& outputs, bool force) = 0;

    /// Writes each of `outputs` as write_atomic would write it alone — each all or nothing, one
    /// failing neither stopping nor undoing the others — and returns, per output, the Error that
    /// stopped it or nullopt. A file system may make them durable together (RealFileSystem: one
    /// sync of the file system before the renames and one after, per few hundred files, instead
    /// of two syncs per file); the default writes them one by one.
    [[nodiscard]] virtual std::vector<std::optional<Error>> write_each_atomic(const std::vector<OutputFile>& outputs,
                                                                              bool force);

    /// Creates directory `path` and its parents when missing; throws Error (exit 9).
    virtual void make_directories(const std::string& path) = 0;

    /// Regular files directly under or anywhere below directory `path` (recursive), sorted.
    [[nodiscard]] virtual std::vector<std::string> list_files(const std::string& path, bool recursive) const = 0;

    /// Whether `path` is a directory.
    [[nodiscard]] virtual bool is_directory(const std::string& path) const = 0;

    /// Names of the directories directly under `path` (hidden names skipped, symlinks not
    /// followed), sorted; none when `path` is not a directory.
    [[nodiscard]] virtual std::vector<std::string> list_directories(const std::string& path) const = 0;

    /// `path` made absolute with `.`, `..` and symbolic links resolved as far as it exists
    /// (realpath(3)); the part that does not exist yet is resolved as a string (normal_path).
    [[nodiscard]] virtual std::string resolved_path(const std::string& path) const = 0;

    /// The permission bits of `path` (mode & 07777), following symbolic links, or nullopt when it
    /// does not exist: what the checks on private keys and passphrase files look at.
    [[nodiscard]] virtual std::optional<unsigned> permissions(const std::string& path) const = 0;

    /// Held while it lives: an exclusive lock on an existing file (see `lock`).
    class Lock {
    public:
        virtual ~Lock() = default;
    };
    /// Waits for, and takes, the exclusive lock of existing file `path`, released when the result
    /// is destroyed: read-modify-write steps on files beside it (adding a signature to a
    /// record's signature file) done under it by two processes run one after the other. Throws
    /// Error (exit 9) when the file cannot be opened.
    [[nodiscard]] virtual std::unique_ptr<Lock> lock(const std::string& path) = 0;
};

/// Makes SIGINT, SIGTERM and SIGHUP remove the temp files of RealFileSystem writes in progress,
/// then end the process by the same signal (async-signal-safe; a signal ignored at start stays
/// ignored). Called once by main(); kill -9 can still leave a temp file (docs/limits.md).
void remove_temp_files_on_signals();

/// The `algo` digest of the raw bytes of `path`, read as a stream; throws Error (exit 3) as
/// FileSystem::open does.
[[nodiscard]] Digest digest_file(const FileSystem& fs, const std::string& path, DigestAlgo algo);

/// The real file system (POSIX).
class RealFileSystem : public FileSystem {
public:
    [[nodiscard]] std::unique_ptr<Source> open(const std::string& path) const override;
    [[nodiscard]] bool exists(const std::string& path) const override;
    void write_atomic(const std::vector<OutputFile>& outputs, bool force) override;
    [[nodiscard]] std::vector<std::optional<Error>> write_each_atomic(const std::vector<OutputFile>& outputs,
                                                                      bool force) override;
    void make_directories(const std::string& path) override;
    [[nodiscard]] std::vector<std::string> list_files(const std::string& path, bool recursive) const override;
    [[nodiscard]] bool is_directory(const std::string& path) const override;
    [[nodiscard]] std::vector<std::string> list_directories(const std::string& path) const override;
    [[nodiscard]] std::string resolved_path(const std::string& path) const override;
    [[nodiscard]] std::optional<unsigned> permissions(const std::string& path) const override;
    [[nodiscard]] std::unique_ptr<Lock> lock(const std::string& path) override;

protected:
    /// Fault-injection hook for tests: called after every temp file is written and synced, before
    /// the first rename (in write_each_atomic, once per group of files). The default does nothing; a test subclass
    /// throws to simulate a crash.
    virtual void before_rename() {}
};

}  // namespace piaojue
