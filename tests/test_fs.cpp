#include <piaojue/error.hpp>
#include <piaojue/fs.hpp>
#include <piaojue/source.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "memory_fs.hpp"

using namespace piaojue;

namespace {

// A fresh directory under $TMPDIR, removed with everything in it afterwards.
class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "piaojue-fs-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        // Give back write permission a test took away, or remove_all cannot empty the tree.
        for (auto it = std::filesystem::recursive_directory_iterator(path_, ec);
             !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
            if (it->is_directory(ec) && !it->is_symlink(ec)) ::chmod(it->path().c_str(), 0700);
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] std::string operator/(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    REQUIRE(out.good());
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every name in `dir`, hidden ones (temp files) included, sorted.
std::vector<std::string> entries(const std::string& dir) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) names.push_back(entry.path().filename());
    std::sort(names.begin(), names.end());
    return names;
}

unsigned mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

using test::error_of;

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// Simulates a crash between writing the temp files and renaming them.
class CrashingFileSystem final : public RealFileSystem {
protected:
    void before_rename() override { throw std::runtime_error("simulated crash"); }
};

// Simulates a crash before the renames of the `nth` group of a write_each_atomic (1-based).
class CrashingOnGroup final : public RealFileSystem {
public:
    explicit CrashingOnGroup(int nth) : nth_(nth) {}

protected:
    void before_rename() override {
        if (++calls_ == nth_) throw std::runtime_error("simulated crash");
    }

private:
    int nth_;
    int calls_ = 0;
};

// Whether this process may write into a directory whose mode forbids it (root, CAP_DAC_OVERRIDE).
bool ignores_permissions(const std::string& read_only_dir) {
    std::string probe = read_only_dir + "/probe";
    int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) return false;
    ::close(fd);
    ::unlink(probe.c_str());
    return true;
}

}  // namespace

TEST_SUITE_BEGIN("fs");

TEST_CASE("fs::open_refuses_what_is_not_a_regular_file") {
    TempDir dir;
    RealFileSystem fs;

    SUBCASE("missing file") {
        std::string path = dir / "candidates.csv";
        auto e = error_of([&] { (void)fs.open(path); });
        REQUIRE(e);
        CHECK(e->code() == ExitCode::input);
        CHECK(std::string(e->what()) == path + ": no such file");
        CHECK_FALSE(e->diagnostics()[0].hint.en.empty());
        CHECK_FALSE(e->diagnostics()[0].message.zh.empty());
    }
    SUBCASE("directory") {
        auto e = error_of([&] { (void)fs.read(dir.path()); });
        REQUIRE(e);
        CHECK(e->code() == ExitCode::input);
        CHECK(std::string(e->what()) == dir.path() + ": is a directory, not a file");
    }
    SUBCASE("FIFO: refused at once, never a hang") {
        std::string path = dir / "ballots.csv";
        REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
        ::alarm(10);  // a regression that blocks in open(2) dies here instead of hanging the suite
        auto e = error_of([&] { (void)fs.read(path); });
        ::alarm(0);
        REQUIRE(e);
        CHECK(e->code() == ExitCode::input);
        CHECK(std::string(e->what()) == path + ": is a pipe (FIFO), not a regular file");
        CHECK(e->diagnostics()[0].hint.en == "save the data to a regular file and name that file");
    }
    SUBCASE("/dev/zero") {
        auto e = error_of([&] { (void)fs.read("/dev/zero"); });
        REQUIRE(e);
        CHECK(e->code() == ExitCode::input);
        CHECK(std::string(e->what()) == "/dev/zero: is a device, not a regular file");
    }
    SUBCASE("socket") {
        std::string path = dir / "sock";
        int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        REQUIRE(fd >= 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        REQUIRE(path.size() < sizeof address.sun_path);
        std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        auto e = error_of([&] { (void)fs.read(path); });
        ::close(fd);
        REQUIRE(e);
        CHECK(e->code() == ExitCode::input);
        CHECK(std::string(e->what()) == path + ": is a socket, not a regular file");
    }
}

TEST_CASE("fs::prefix_source_and_read_append") {
    // A prefix read ahead, then the rest, in pieces of every size: the same bytes, in order,
    // and 0 only at the end.
    const std::string text = "ballot,P01\r\n1,Y\r\n2,N\r\n";
    for (std::size_t split = 0; split <= text.size(); ++split) {
        for (std::size_t piece : {std::size_t{1}, std::size_t{3}, std::size_t{64}}) {
            CAPTURE(split);
            CAPTURE(piece);
            StringSource rest(std::string_view(text).substr(split));
            PrefixSource source(std::string_view(text).substr(0, split), rest);
            std::string out = "head:";
            std::size_t reads = 0;
            while (read_append(source, out, piece) > 0) ++reads;
            CHECK(out == "head:" + text);
            CHECK(reads >= (text.size() + piece - 1) / piece);
            CHECK(read_append(source, out, piece) == 0);  // stays at the end
            CHECK(out == "head:" + text);
        }
    }
}

TEST_CASE("fs::read") {
    TempDir dir;
    RealFileSystem fs;
    std::string path = dir / "session.toml";
    write_file(path, std::string(1000, 'x') + "\n");

    CHECK(fs.read(path) == std::string(1000, 'x') + "\n");
    CHECK(fs.read(path, 1001).size() == 1001);
    REQUIRE(::symlink("session.toml", (dir / "link.toml").c_str()) == 0);
    CHECK(fs.read(dir / "link.toml").size() == 1001);  // reading through a symlink is fine

    SUBCASE("larger than the limit") {
        auto e = error_of([&] { (void)fs.read(path, 1000); });
        REQUIRE(e);
        CHECK(e->code() == ExitCode::input);
        CHECK(std::string(e->what()) == path + ": is larger than the size limit of 1000 bytes");
        CHECK_FALSE(e->diagnostics()[0].hint.en.empty());
    }
    SUBCASE("the limit also holds for sources without a size") {
        MemoryFileSystem memory;
        memory.files["big.csv"] = std::string(3u << 20, 'x');
        auto e = error_of([&] { (void)memory.read("big.csv", 2u << 20); });
        REQUIRE(e);
        CHECK(std::string(e->what()) == "big.csv: is larger than the size limit of 2 MiB");
        CHECK(memory.read("big.csv", 3u << 20).size() == (3u << 20));
    }
    SUBCASE("streaming through open") {
        auto source = fs.open(path);
        char buffer[600];
        CHECK(source->read(buffer, sizeof buffer) == 600);
        CHECK(source->read(buffer, sizeof buffer) == 401);
        CHECK(source->read(buffer, sizeof buffer) == 0);
    }
}

TEST_CASE("fs::write_atomic") {
    TempDir dir;
    RealFileSystem fs;
    std::string target = dir / "result.json";

    SUBCASE("new file: exact bytes, default mode, no temp file left") {
        fs.write_atomic({{target, "{\"a\":1}\n", 0644}}, false);
        CHECK(slurp(target) == "{\"a\":1}\n");
        CHECK(mode_of(target) == 0644);
        CHECK(entries(dir.path()) == std::vector<std::string>{"result.json"});
    }
    SUBCASE("empty content") {
        fs.write_atomic({{target, "", 0644}}, false);
        CHECK(slurp(target).empty());
    }
    SUBCASE("mode 0600 is honoured whatever the umask") {
        mode_t old = ::umask(0);
        fs.write_atomic({{dir / "officer.key", "secret", 0600}}, false);
        ::umask(old);
        CHECK(mode_of(dir / "officer.key") == 0600);
    }
    SUBCASE("existing file refused without --force, left as it was") {
        write_file(target, "old");
        auto e = error_of([&] { fs.write_atomic({{target, "new", 0644}}, false); });
        REQUIRE(e);
        CHECK(e->code() == ExitCode::write_failed);
        CHECK(std::string(e->what()) == target + ": exists; use --force to replace");
        CHECK(e->diagnostics()[0].message.zh == "文件已存在；如需替换请加 --force");
        CHECK(slurp(target) == "old");
        CHECK(entries(dir.path()) == std::vector<std::string>{"result.json"});
    }
    SUBCASE("existing file replaced with --force") {
        write_file(target, "old");
        fs.write_atomic({{target, "new", 0600}}, true);
        CHECK(slurp(target) == "new");
        CHECK(mode_of(target) == 0600);
        CHECK(entries(dir.path()) == std::vector<std::string>{"result.json"});
    }
    SUBCASE("symlinked target refused, even with --force") {
        write_file(dir / "elsewhere.key", "precious");
        REQUIRE(::symlink("elsewhere.key", target.c_str()) == 0);
        for (bool force : {false, true}) {
            auto e = error_of([&] { fs.write_atomic({{target, "new", 0644}}, force); });
            REQUIRE(e);
            CHECK(e->code() == ExitCode::write_failed);
            CHECK(std::string(e->what()) == target + ": is a symbolic link; refusing to write through it");
        }
        CHECK(slurp(dir / "elsewhere.key") == "precious");
        CHECK(entries(dir.path()) == std::vector<std::string>{"elsewhere.key", "result.json"});
    }
    SUBCASE("target that is a directory") {
        REQUIRE(::mkdir(target.c_str(), 0755) == 0);
        auto e = error_of([&] { fs.write_atomic({{target, "x", 0644}}, true); });
        REQUIRE(e);
        CHECK(e->code() == ExitCode::write_failed);
        CHECK(std::string(e->what()) == target + ": is a directory");
    }
    SUBCASE("missing output directory") {
        std::string path = dir / "no-such-dir/result.json";
        auto e = error_of([&] { fs.write_atomic({{path, "x", 0644}}, false); });
        REQUIRE(e);
        CHECK(e->code() == ExitCode::write_failed);
        CHECK(std::string(e->what()) == path + ": output directory \"" + dir.path() + "/no-such-dir\" does not exist");
        CHECK(contains(e->diagnostics()[0].hint.en, "mkdir -p"));
        CHECK(entries(dir.path()).empty());
    }
    SUBCASE("a file where the directory should be") {
        write_file(dir / "out", "");
        std::string path = dir / "out/result.json";
        auto e = error_of([&] { fs.write_atomic({{path, "x", 0644}}, false); });
        REQUIRE(e);
        CHECK(e->code() == ExitCode::write_failed);
        CHECK(contains(e->what(), path));
    }
    SUBCASE("read-only output directory") {
        std::string ro = dir / "ro";
        REQUIRE(::mkdir(ro.c_str(), 0555) == 0);
        if (ignores_permissions(ro)) {
            MESSAGE(
                "running with permission override (root): a 0555 directory is writable here, so this "
                "subcase checks a missing directory instead");
            std::string path = ro + "/missing/result.json";
            auto e = error_of([&] { fs.write_atomic({{path, "x", 0644}}, false); });
            REQUIRE(e);
            CHECK(e->code() == ExitCode::write_failed);
            CHECK(entries(ro).empty());
        } else {
            std::string path = ro + "/result.json";
            auto e = error_of([&] { fs.write_atomic({{path, "x", 0644}}, false); });
            REQUIRE(e);
            CHECK(e->code() == ExitCode::write_failed);
            CHECK(std::string(e->what()) == path + ": output directory \"" + ro + "\" is not writable");
            CHECK(entries(ro).empty());
        }
    }
    SUBCASE("the same path twice") {
        auto e = error_of([&] { fs.write_atomic({{target, "a", 0644}, {target, "b", 0644}}, true); });
        REQUIRE(e);
        CHECK(e->code() == ExitCode::write_failed);
        CHECK(entries(dir.path()).empty());
    }
    SUBCASE("nothing to write") {
        fs.write_atomic({}, false);
        CHECK(entries(dir.path()).empty());
    }
}

TEST_CASE("fs::write_atomic_all_or_nothing") {
    TempDir dir;

    SUBCASE("crash before rename: no temp files, no new targets, old targets untouched") {
        write_file(dir / "round-1.json", "old record");
        CrashingFileSystem fs;
        std::string thrown;
        try {
            fs.write_atomic({{dir / "result.json", "record", 0644},
                             {dir / "result.sig", "signature", 0644},
                             {dir / "round-1.json", "new record", 0644}},
                            true);
        } catch (const std::runtime_error& e) {
            thrown = e.what();  // the hook's own exception goes through unchanged
        }
        CHECK(thrown == "simulated crash");
        CHECK(entries(dir.path()) == std::vector<std::string>{"round-1.json"});
        CHECK(slurp(dir / "round-1.json") == "old record");
    }
    SUBCASE("second output refused: the first is not written either") {
        RealFileSystem fs;
        write_file(dir / "b.json", "old");
        auto e = error_of([&] { fs.write_atomic({{dir / "a.json", "a", 0644}, {dir / "b.json", "b", 0644}}, false); });
        REQUIRE(e);
        CHECK(e->code() == ExitCode::write_failed);
        CHECK(entries(dir.path()) == std::vector<std::string>{"b.json"});
        CHECK(slurp(dir / "b.json") == "old");
    }
    SUBCASE("second output in a missing directory: neither exists afterwards") {
        RealFileSystem fs;
        std::string second = dir / "missing/b.json";
        auto e = error_of([&] { fs.write_atomic({{dir / "a.json", "a", 0644}, {second, "b", 0644}}, false); });
        REQUIRE(e);
        CHECK(e->code() == ExitCode::write_failed);
        CHECK(contains(e->what(), second));
        CHECK(entries(dir.path()).empty());
    }
}

// `ulimit -f` stands in for a full disk. The CLI ignores SIGXFSZ so that write(2) fails with
// EFBIG instead of the process being killed; the child does the same. The first output fits and
// is fully written to its temp file before the second fails, so the rollback is exercised.
TEST_CASE("fs::write_each_atomic") {
    // A batch's records: each written on its own terms, all made durable together.
    TempDir dir;
    auto outputs_for = [&](int n) {
        std::vector<OutputFile> out;
        for (int i = 0; i < n; ++i) {
            char name[32];
            std::snprintf(name, sizeof name, "r%04d.json", i);
            out.push_back({dir / name, "record " + std::to_string(i), 0644});
        }
        return out;
    };

    SUBCASE("600 files, three groups: every one complete, no temp file left") {
        RealFileSystem fs;
        const std::vector<OutputFile> outputs = outputs_for(600);
        const auto errors = fs.write_each_atomic(outputs, false);
        REQUIRE(errors.size() == 600);
        for (std::size_t i = 0; i < 600; ++i) {
            CHECK_FALSE(errors[i]);
            CHECK(slurp(outputs[i].path) == outputs[i].bytes);
        }
        CHECK(entries(dir.path()).size() == 600);  // nothing else, no .r0000.json.XXXXXX
        CHECK(mode_of(outputs[0].path) == 0644);
    }
    SUBCASE("a refused target fails alone") {
        RealFileSystem fs;
        std::vector<OutputFile> outputs = outputs_for(5);
        write_file(outputs[1].path, "old");                      // exists, no --force
        std::filesystem::create_directory(outputs[3].path);      // a directory in the way
        outputs.push_back({dir / "missing/r.json", "x", 0644});  // no such directory
        outputs.push_back({outputs[0].path, "twice", 0644});     // named twice
        const auto errors = fs.write_each_atomic(outputs, false);
        CHECK_FALSE(errors[0]);
        REQUIRE(errors[1]);
        CHECK(errors[1]->code() == ExitCode::write_failed);
        CHECK(slurp(outputs[1].path) == "old");
        CHECK_FALSE(errors[2]);
        REQUIRE(errors[3]);
        CHECK(std::string(errors[3]->what()).find("is a directory") != std::string::npos);
        CHECK_FALSE(errors[4]);
        CHECK(errors[5]);
        REQUIRE(errors[6]);
        CHECK(std::string(errors[6]->what()).find("named twice") != std::string::npos);
        CHECK(slurp(outputs[0].path) == "record 0");
        CHECK(entries(dir.path()) ==
              std::vector<std::string>{"r0000.json", "r0001.json", "r0002.json", "r0003.json", "r0004.json"});
        SUBCASE("with force the existing file is replaced") {
            const auto forced = fs.write_each_atomic({{outputs[1].path, "new", 0644}}, true);
            CHECK_FALSE(forced[0]);
            CHECK(slurp(outputs[1].path) == "new");
        }
    }
    SUBCASE("a crash before the second group's renames: the first group is complete, nothing else is there") {
        CrashingOnGroup fs(2);
        const std::vector<OutputFile> outputs = outputs_for(600);
        std::string thrown;
        try {
            (void)fs.write_each_atomic(outputs, false);
        } catch (const std::runtime_error& e) {
            thrown = e.what();
        }
        CHECK(thrown == "simulated crash");
        const std::vector<std::string> names = entries(dir.path());
        CHECK(names.size() == 256);
        for (std::size_t i = 0; i < 256; ++i) CHECK(slurp(outputs[i].path) == outputs[i].bytes);
        for (const std::string& name : names) CHECK(name.front() != '.');  // no temp file
    }
}

TEST_CASE("fs::write_atomic_file_size_limit") {
    TempDir dir;
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(pipe_fds[0]);
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit limit{4096, 4096};
        int status = 10;
        std::string report;
        if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) {
            status = 11;
        } else {
            try {
                RealFileSystem fs;
                fs.write_atomic({{dir / "small.json", "fits", 0644}, {dir / "big.json", std::string(65536, 'x'), 0644}},
                                false);
                status = 12;
            } catch (const Error& e) {
                status = e.code() == ExitCode::write_failed ? 0 : 13;
                report = std::string(e.what()) + "\n" + e.diagnostics()[0].hint.en;
            } catch (...) {
                status = 14;
            }
        }
        (void)!::write(pipe_fds[1], report.data(), report.size());
        ::_exit(status);
    }
    ::close(pipe_fds[1]);
    std::string report;
    char buffer[512];
    ssize_t n = 0;
    while ((n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0) report.append(buffer, static_cast<std::size_t>(n));
    ::close(pipe_fds[0]);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE_MESSAGE(WIFEXITED(status), "child killed by signal " << WTERMSIG(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(report == dir / "big.json" + ": cannot write: " + std::strerror(EFBIG) +
                        "\nthe file-size limit (ulimit -f) was reached; raise it and run again; nothing was written");
    CHECK(entries(dir.path()).empty());
}

TEST_CASE("fs::make_directories") {
    TempDir dir;
    RealFileSystem fs;
    fs.make_directories(dir / "out/2026//dongsheng/");
    CHECK(fs.is_directory(dir / "out/2026/dongsheng"));
    fs.make_directories(dir / "out/2026");  // existing: fine
    write_file(dir / "file", "");
    auto e = error_of([&] { fs.make_directories(dir / "file/sub"); });
    REQUIRE(e);
    CHECK(e->code() == ExitCode::write_failed);
    CHECK(std::string(e->what()) == dir / "file" + ": exists and is not a directory");
}

TEST_CASE("fs::list_files") {
    TempDir dir;
    RealFileSystem fs;
    for (const char* sub : {"b", "b/deep", "a", ".git"}) REQUIRE(::mkdir((dir / sub).c_str(), 0755) == 0);
    for (const char* file : {"z.toml", "session.toml", "b/session.toml", "b/deep/x.csv", "a/ballots.csv", ".hidden",
                             "a/.result.json.Ab12Cd", ".git/config"})
        write_file(dir / file, "");
    REQUIRE(::symlink("..", (dir / "b/up").c_str()) == 0);  // a loop if it were followed
    REQUIRE(::symlink("z.toml", (dir / "link.toml").c_str()) == 0);
    REQUIRE(::symlink("missing", (dir / "dangling").c_str()) == 0);
    REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);

    CHECK(fs.list_files(dir.path(), false) ==
          std::vector<std::string>{dir / "link.toml", dir / "session.toml", dir / "z.toml"});
    CHECK(fs.list_files(dir.path(), true) == std::vector<std::string>{dir / "a/ballots.csv", dir / "b/deep/x.csv",
                                                                      dir / "b/session.toml", dir / "link.toml",
                                                                      dir / "session.toml", dir / "z.toml"});

    auto missing = error_of([&] { (void)fs.list_files(dir / "nope", true); });
    REQUIRE(missing);
    CHECK(missing->code() == ExitCode::input);
    CHECK(std::string(missing->what()) == dir / "nope" + ": no such directory");
    auto file = error_of([&] { (void)fs.list_files(dir / "z.toml", true); });
    REQUIRE(file);
    CHECK(file->code() == ExitCode::input);
}

TEST_CASE("fs::list_directories") {
    TempDir dir;
    RealFileSystem fs;
    for (const char* sub : {"b", "b/deep", "a", ".git"}) REQUIRE(::mkdir((dir / sub).c_str(), 0755) == 0);
    write_file(dir / "z.toml", "");
    REQUIRE(::symlink("b", (dir / "link").c_str()) == 0);  // a symlink to a directory is not followed
    CHECK(fs.list_directories(dir.path()) == std::vector<std::string>{"a", "b"});
    CHECK(fs.list_directories(dir / "b") == std::vector<std::string>{"deep"});
    CHECK(fs.list_directories(dir / "nope").empty());
    CHECK(fs.list_directories(dir / "z.toml").empty());

    MemoryFileSystem memory;
    for (const char* file : {"out/b/result.json", "out/a/x/y", "out/summary.json", "out/.tmp/f", "outer/c/f"})
        memory.files[file] = "";
    CHECK(memory.list_directories("out") == std::vector<std::string>{"a", "b"});
    CHECK(memory.list_directories("out/summary.json").empty());
    CHECK(memory.list_directories("nope").empty());
}

TEST_CASE("fs::exists_and_is_directory") {
    TempDir dir;
    RealFileSystem fs;
    REQUIRE(::symlink("missing", (dir / "dangling").c_str()) == 0);
    CHECK(fs.exists(dir / "dangling"));  // lstat: the link itself exists
    CHECK_FALSE(fs.exists(dir / "missing"));
    CHECK(fs.is_directory(dir.path()));
    CHECK_FALSE(fs.is_directory(dir / "dangling"));
    CHECK_FALSE(fs.is_directory(dir / "missing"));
}

TEST_CASE("fs::memory_file_system") {
    MemoryFileSystem fs;
    fs.files["county/a/session.toml"] = "id = \"a\"";
    fs.files["county/b/session.toml"] = "id = \"b\"";
    fs.files["county/.hidden"] = "";
    fs.files["top.csv"] = "x";

    CHECK(fs.read("county/a/session.toml") == "id = \"a\"");
    CHECK(fs.read("./county//a/session.toml") == "id = \"a\"");
    CHECK(fs.exists("county/a"));
    CHECK(fs.is_directory("county"));
    CHECK(fs.is_directory("."));
    CHECK_FALSE(fs.is_directory("top.csv"));
    CHECK_FALSE(fs.exists("nope"));

    auto missing = error_of([&] { (void)fs.read("nope.csv"); });
    REQUIRE(missing);
    CHECK(missing->code() == ExitCode::input);
    CHECK(std::string(missing->what()) == "nope.csv: no such file");
    auto directory = error_of([&] { (void)fs.open("county"); });
    REQUIRE(directory);
    CHECK(std::string(directory->what()) == "county: is a directory, not a file");

    CHECK(fs.list_files("county", false).empty());
    CHECK(fs.list_files("county", true) == std::vector<std::string>{"county/a/session.toml", "county/b/session.toml"});
    CHECK(fs.list_files(".", false) == std::vector<std::string>{"top.csv"});
    CHECK(error_of([&] { (void)fs.list_files("nope", true); })->code() == ExitCode::input);

    auto exists = error_of([&] { fs.write_atomic({{"out.json", "1", 0644}, {"top.csv", "y", 0644}}, false); });
    REQUIRE(exists);
    CHECK(exists->code() == ExitCode::write_failed);
    CHECK(std::string(exists->what()) == "top.csv: exists; use --force to replace");
    CHECK_FALSE(fs.exists("out.json"));  // all or nothing here too
    fs.write_atomic({{"out.json", "1", 0644}, {"top.csv", "y", 0644}}, true);
    CHECK(fs.files.at("out.json") == "1");
    CHECK(fs.files.at("top.csv") == "y");
    CHECK(error_of([&] { fs.write_atomic({{"county", "x", 0644}}, true); })->code() == ExitCode::write_failed);
    CHECK(error_of([&] { fs.write_atomic({{"top.csv/x", "x", 0644}}, true); })->code() == ExitCode::write_failed);
    CHECK(error_of([&] { fs.make_directories("top.csv/sub"); })->code() == ExitCode::write_failed);
    fs.make_directories("new/dir");
}

TEST_CASE("fs::paths") {
    CHECK(parent_dir("session.toml") == ".");
    CHECK(parent_dir("a/session.toml") == "a");
    CHECK(parent_dir("a/b/session.toml") == "a/b");
    CHECK(parent_dir("a//b//") == "a");
    CHECK(parent_dir("/session.toml") == "/");
    CHECK(parent_dir("/") == "/");
    CHECK(parent_dir("") == ".");
    CHECK(parent_dir("./x") == ".");

    CHECK(base_name("a/b/result.json") == "result.json");
    CHECK(base_name("result.json") == "result.json");
    CHECK(base_name("a/b/") == "b");
    CHECK(base_name("/") == "/");
    CHECK(base_name("") == "");

    CHECK(join_path("a", "b") == "a/b");
    CHECK(join_path("a/", "/b") == "a/b");
    CHECK(join_path(".", "b") == "b");
    CHECK(join_path("", "b") == "b");
    CHECK(join_path("a", "") == "a");
    CHECK(join_path("/", "b") == "/b");

    CHECK(resolve_beside("session.toml", "candidates.csv") == "candidates.csv");
    CHECK(resolve_beside("towns/a/session.toml", "candidates.csv") == "towns/a/candidates.csv");
    CHECK(resolve_beside("towns/a/session.toml", "../shared/c.csv") == "towns/a/../shared/c.csv");
    CHECK(resolve_beside("/srv/s.toml", "round-1/result.json") == "/srv/round-1/result.json");
    CHECK(resolve_beside("towns/a/session.toml", "/abs/c.csv") == "/abs/c.csv");
}

TEST_SUITE_END();
