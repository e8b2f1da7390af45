// Spawning piaojue-render: posix_spawn with three pipes, fed and drained with poll() so that a
// large document or a large PDF cannot block either side.
#include "cli/render_process.hpp"

#include <piaojue/error.hpp>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>

extern char** environ;

namespace piaojue::cli {

namespace {

[[noreturn]] void fail(const std::string& program, Text message) {
    throw_about(ExitCode::write_failed, program, std::move(message),
                {"install piaojue's renderer and its libraries (Debian: libcairo2 libpangocairo-1.0-0) and a "
                 "Chinese font (fonts-noto-cjk or fonts-wqy-microhei), or write --format html",
                 "请安装 piaojue 的绘制程序及其依赖库（Debian：libcairo2 libpangocairo-1.0-0）和中文字体"
                 "（fonts-noto-cjk 或 fonts-wqy-microhei），或改用 --format html"});
}

bool executable(const std::string& path) {
    return access(path.c_str(), X_OK) == 0;
}

}  // namespace

std::string find_renderer(const std::function<std::optional<std::string>(const std::string&)>& getenv,
                          const std::string& self) {
    if (auto v = getenv("PIAOJUE_RENDER"); v && !v->empty()) return *v;
    const std::string dir = self.substr(0, self.rfind('/') + 1);
    for (const std::string& candidate : {dir + "piaojue-render", dir + "../lib/piaojue/piaojue-render"})
        if (executable(candidate)) return candidate;
    return dir + "../lib/piaojue/piaojue-render";
}

std::string run_renderer(const std::string& program, const std::string& format, const std::string& document) {
    if (!executable(program)) fail(program, {"the PDF/PNG renderer is not installed", "未安装 PDF/PNG 绘制程序"});
    std::array<int, 2> in{}, out{}, err{};
    if (pipe2(in.data(), O_CLOEXEC) != 0 || pipe2(out.data(), O_CLOEXEC) != 0 || pipe2(err.data(), O_CLOEXEC) != 0)
        fail(program, {"cannot create a pipe", "无法创建管道"});
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
    std::string format_arg = format;
    std::array<char*, 5> argv{const_cast<char*>(program.c_str()), const_cast<char*>("--format"), format_arg.data(),
                              nullptr, nullptr};
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(in[0]);
    close(out[1]);
    close(err[1]);
    if (spawned != 0) {
        close(in[1]);
        close(out[0]);
        close(err[0]);
        fail(program, {"the PDF/PNG renderer cannot be started", "无法启动 PDF/PNG 绘制程序"});
    }
    std::string result, messages;
    std::size_t written = 0;
    int to_child = in[1];
    if (document.empty()) close(to_child), to_child = -1;
    std::array<char, 65536> buffer{};
    for (int open_outputs = 2; open_outputs > 0;) {
        std::array<pollfd, 3> fds{pollfd{out[0], POLLIN, 0}, pollfd{err[0], POLLIN, 0}, pollfd{to_child, POLLOUT, 0}};
        if (poll(fds.data(), to_child >= 0 ? 3 : 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (to_child >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
            const ssize_t k = write(to_child, document.data() + written, document.size() - written);
            if (k > 0) written += static_cast<std::size_t>(k);
            if (k < 0 || written == document.size()) close(to_child), to_child = -1;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[static_cast<std::size_t>(i)].fd < 0 || fds[static_cast<std::size_t>(i)].revents == 0) continue;
            const ssize_t k = read(fds[static_cast<std::size_t>(i)].fd, buffer.data(), buffer.size());
            if (k > 0) {
                (i == 0 ? result : messages).append(buffer.data(), static_cast<std::size_t>(k));
            } else if (k == 0 || errno != EINTR) {
                close(i == 0 ? out[0] : err[0]);
                (i == 0 ? out[0] : err[0]) = -1;
                --open_outputs;
            }
        }
    }
    if (to_child >= 0) close(to_child);
    if (out[0] >= 0) close(out[0]);
    if (err[0] >= 0) close(err[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    while (!messages.empty() && messages.back() == '\n') messages.pop_back();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || result.empty())
        fail(program, {"the PDF/PNG renderer failed" + (messages.empty() ? std::string() : ": " + messages),
                       "PDF/PNG 绘制失败" + (messages.empty() ? std::string() : "：" + messages)});
    return result;
}

}  // namespace piaojue::cli
