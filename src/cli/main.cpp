// piaojue's process entry point: everything else is in the library and in cli::run.
#include "cli/app.hpp"

#include <unistd.h>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>

int main(int argc, char** argv) {
    // A full disk under `ulimit -f` must be an error we report (exit 9), not a kill; a closed
    // stdout likewise.
    std::signal(SIGXFSZ, SIG_IGN);
    std::signal(SIGPIPE, SIG_IGN);
    std::vector<std::string> args(argv + 1, argv + argc);
    piaojue::RealFileSystem fs;
    piaojue::cli::Environment env{std::cout, std::cerr, fs};
    env.getenv = [](const std::string& name) -> std::optional<std::string> {
        const char* v = std::getenv(name.c_str());
        return v ? std::optional<std::string>(v) : std::nullopt;
    };
    env.stdin_is_terminal = isatty(STDIN_FILENO) == 1;
    env.stderr_is_terminal = isatty(STDERR_FILENO) == 1;
    env.cores = [] { return std::max(1u, std::thread::hardware_concurrency()); };
    int code = piaojue::cli::run(args, env);
    std::cout.flush();
    if (!std::cout && code == 0) code = static_cast<int>(piaojue::ExitCode::write_failed);
    return code;
}
