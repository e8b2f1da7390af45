// piaojue enter SESSION [--second]: the keyboard entry screen. One paper ballot at a time on a
// terminal (raw termios and ANSI escapes: the Linux console, SSH and tmux alike); every finished
// ballot is written to the ballots file at once, atomically, so a power cut loses at most the
// ballot on screen, and starting again resumes after the last one saved.
#include "cli/commands.hpp"

#include <piaojue/entry.hpp>
#include <piaojue/round.hpp>

#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

namespace piaojue::cli {

namespace {

// The terminal in raw mode while it lives; restored as it was.
class RawTerminal {
public:
    RawTerminal() {
        if (tcgetattr(STDIN_FILENO, &saved_) != 0) return;
        termios raw = saved_;
        raw.c_iflag &= ~static_cast<tcflag_t>(BRKINT | ICRNL | INPCK | ISTRIP | IXON);
        raw.c_oflag &= ~static_cast<tcflag_t>(OPOST);
        raw.c_lflag &= ~static_cast<tcflag_t>(ECHO | ICANON | IEXTEN | ISIG);
        raw.c_cc[VMIN] = 1;
        raw.c_cc[VTIME] = 0;
        active_ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0;
        if (active_) put("\x1b[?1049h\x1b[?25l");  // the alternate screen, no cursor
    }
    ~RawTerminal() {
        if (!active_) return;
        put("\x1b[?25h\x1b[?1049l");
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
    }
    RawTerminal(const RawTerminal&) = delete;
    RawTerminal& operator=(const RawTerminal&) = delete;

    static void put(std::string_view s) {
        while (!s.empty()) {
            const ssize_t n = ::write(STDOUT_FILENO, s.data(), s.size());
            if (n <= 0) return;
            s.remove_prefix(static_cast<std::size_t>(n));
        }
    }
    static std::pair<std::size_t, std::size_t> size() {
        winsize w{};
        if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 0 && w.ws_row > 0) return {w.ws_col, w.ws_row};
        return {80, 24};
    }

private:
    termios saved_{};
    bool active_ = false;
};

}  // namespace

void setup_enter(CLI::App& app, EnterOptions& o) {
    app.add_option("session", o.session, "The session file (session.toml)")->required();
    app.add_flag("--second", o.second,
                 "Key into the session's ballots_second file: the second keying, without the first shown");
    app.add_option("--keys", o.keys,
                   "CLASS=KEYS: the keys of a class of marks, e.g. approve=1o or 弃权=3space (repeatable)");
}

int run_enter(const EnterOptions& o, const Common& common, Environment& env) {
    if (!o.keys.empty()) {  // a bad --keys is a usage error before the terminal is asked for
        const LoadedRound loaded = load_round(env.fs, o.session, read_options(common, env));
        (void)EntryScreen(loaded.setup, "ballots.csv", std::string(), common.lang, o.second, o.keys);
    }
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        throw Error(ExitCode::usage,
                    Diagnostic{.message = {"enter needs a terminal: run it in a terminal window, over SSH or in tmux",
                                           "enter 需要终端：请在终端窗口中、通过 SSH 或在 tmux 中运行"}});
    const LoadedRound loaded = load_round(env.fs, o.session, read_options(common, env));
    print_notices(loaded.notices, common, env);
    const Session& s = loaded.setup.session;
    if (auto stop = decide_before_ballots(loaded.setup)) {
        env.err << (common.lang == Lang::zh ? "本轮不计票（" : "No ballots are counted in this round (")
                << name(stop->outcome)
                << (common.lang == Lang::zh ? "）：请先运行 piaojue check\n" : "): run piaojue check\n");
        return static_cast<int>(exit_code(stop->outcome));
    }
    const std::optional<std::string>& named = o.second ? s.ballots_second : s.ballots;
    if (!named)
        throw_input_error(o.session, 0, 0,
                          o.second ? Text{"the session names no ballots_second file for the second keying",
                                          "会议文件没有指明第二遍录入的文件 ballots_second"}
                                   : Text{"the session names no ballots file", "会议文件没有指明选票文件"},
                          o.second ? Text{"add ballots_second = \"ballots-b.csv\" under [session]",
                                          "请在 [session] 中加上 ballots_second = \"ballots-b.csv\""}
                                   : Text{"add ballots = \"ballots.csv\" under [session]",
                                          "请在 [session] 中加上 ballots = \"ballots.csv\""});
    const std::string path = resolve_beside(o.session, *named);
    const bool exists = env.fs.exists(path);
    EntryScreen screen(loaded.setup, *named, exists ? env.fs.read(path) : std::string(), common.lang, o.second, o.keys);
    if (!exists) env.fs.write_atomic({OutputFile{path, screen.file_bytes()}}, false);

    {
        RawTerminal terminal;
        bool done = false;
        while (!done) {
            const auto [width, height] = RawTerminal::size();
            std::string frame = "\x1b[H";
            const std::vector<std::string> lines = screen.render(width, height);
            for (std::size_t i = 0; i < lines.size(); ++i) frame += lines[i] + (i + 1 < lines.size() ? "\r\n" : "");
            frame += "\x1b[J";
            RawTerminal::put(frame);
            char buffer[256];
            const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
            if (n <= 0) break;  // the terminal went away: what was saved stays saved
            for (const Key& key : parse_keys(std::string_view(buffer, static_cast<std::size_t>(n)))) {
                const EntryScreen::Result r = screen.handle(key);
                if (r == EntryScreen::Result::saved || r == EntryScreen::Result::undone)
                    env.fs.write_atomic({OutputFile{path, screen.file_bytes()}}, true);
                if (r == EntryScreen::Result::quit) {
                    done = true;
                    break;
                }
            }
        }
    }
    const std::string keyed = std::to_string(screen.keyed()), returned = std::to_string(s.ballots_returned);
    if (!common.quiet)
        env.out << (common.lang == Lang::zh ? path + "：已录入 " + keyed + " / " + returned + " 张选票\n"
                                            : path + ": " + keyed + " of " + returned + " ballots keyed\n");
    return 0;
}

}  // namespace piaojue::cli
