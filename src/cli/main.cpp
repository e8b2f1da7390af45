// piaojue's process entry point: everything else is in the library and in cli::run.
#include "cli/app.hpp"
#include "cli/render_process.hpp"

#include <unistd.h>
#include <array>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <thread>

namespace {

// The real file system, with one test hook: PIAOJUE_TEST_SIGNAL_BEFORE_RENAME=INT (or TERM)
// raises that signal once every temp file of a write is complete, just before the renames, so
// tests/cmake/signal_cleanup.cmake can show deterministically, without racing a kill against
// the write, that a signal leaves no temp file behind.
class TestableFileSystem final : public piaojue::RealFileSystem {
public:
    explicit TestableFileSystem(const char* signal_name)
        : signal_(signal_name == nullptr                  ? 0
                  : std::strcmp(signal_name, "INT") == 0  ? SIGINT
                  : std::strcmp(signal_name, "TERM") == 0 ? SIGTERM
                                                          : 0) {}

protected:
    void before_rename() override {
        if (signal_ != 0) std::raise(signal_);
    }

private:
    int signal_;
};

}  // namespace

int main(int argc, char** argv) {
    // A full disk under `ulimit -f` must be an error we report (exit 9), not a kill; a closed
    // stdout likewise.
    std::signal(SIGXFSZ, SIG_IGN);
    std::signal(SIGPIPE, SIG_IGN);
    std::vector<std::string> args(argv + 1, argv + argc);
    piaojue::remove_temp_files_on_signals();
    TestableFileSystem fs(std::getenv("PIAOJUE_TEST_SIGNAL_BEFORE_RENAME"));
    piaojue::cli::Environment env{std::cout, std::cerr, fs};
    env.getenv = [](const std::string& name) -> std::optional<std::string> {
        const char* v = std::getenv(name.c_str());
        return v ? std::optional<std::string>(v) : std::nullopt;
    };
    env.stdin_is_terminal = isatty(STDIN_FILENO) == 1;
    env.stderr_is_terminal = isatty(STDERR_FILENO) == 1;
    env.cores = [] { return std::max(1u, std::thread::hardware_concurrency()); };
    // Found only when a PDF or PNG is asked for: nothing of it runs on the tally's start-up.
    env.render = [&env](const std::string& format, const std::string& document) {
        std::array<char, 4096> self{};
        const ssize_t k = readlink("/proc/self/exe", self.data(), self.size() - 1);
        const std::string program = piaojue::cli::find_renderer(
            env.getenv, k > 0 ? std::string(self.data(), static_cast<std::size_t>(k)) : std::string());
        return piaojue::cli::run_renderer(program, format, document);
    };
    int code = piaojue::cli::run(args, env);
    std::cout.flush();
    if (!std::cout && code == 0) code = static_cast<int>(piaojue::ExitCode::write_failed);
    return code;
}
