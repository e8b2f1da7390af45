// Passphrases for encrypted private keys: from a file, a named environment variable, or the
// terminal — never from argv (visible to every user in `ps`), never a prompt without a terminal.
#include "cli/commands.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>

namespace piaojue::cli {

namespace {

[[noreturn]] void key_error(Text message, Text hint) {
    throw Error(ExitCode::key_error,
                Diagnostic{.message = std::move(message), .hint = std::move(hint), .code = "E_PASSPHRASE"});
}

std::string prompt_terminal(const char* question) {
    int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        key_error({"no terminal to ask for the passphrase", "没有终端可以输入口令"},
                  {"use --passphrase-file or --passphrase-env", "请使用 --passphrase-file 或 --passphrase-env"});
    termios old{};
    bool restore = tcgetattr(fd, &old) == 0;
    if (restore) {
        termios quiet = old;
        quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    (void)!::write(fd, question, std::char_traits<char>::length(question));
    std::string line;
    char c;
    while (::read(fd, &c, 1) == 1 && c != '\n') line += c;
    if (restore) tcsetattr(fd, TCSAFLUSH, &old);
    (void)!::write(fd, "\n", 1);
    ::close(fd);
    return line;
}

}  // namespace

void setup_passphrase(CLI::App& app, PassphraseOptions& o, bool for_keygen) {
    app.add_option("--passphrase-file", o.file, "Read the key's passphrase from the first line of this file");
    app.add_option("--passphrase-env", o.env, "Read the key's passphrase from this environment variable");
    if (for_keygen) {
        auto* encrypt = app.add_flag("--encrypt", o.prompt,
                                     "Ask on the terminal for the passphrase that encrypts the private key (the "
                                     "default when no other source is given)");
        app.add_flag("--unencrypted", o.unencrypted,
                     "Write the private key without a passphrase (anyone who copies the file can sign)")
            ->excludes(encrypt)
            ->excludes("--passphrase-file")
            ->excludes("--passphrase-env");
    } else {
        app.add_flag("--passphrase-prompt", o.prompt, "Ask for the key's passphrase on the terminal");
    }
}

std::optional<std::string> read_passphrase(const PassphraseOptions& o, bool needed, Environment& env, const Common&,
                                           bool confirm) {
    if (!o.file.empty()) {
        // The passphrase protects the key only while nobody else can read it: refused like a key.
        if (std::optional<unsigned> bits = env.fs.permissions(o.file); bits && (*bits & 077u) != 0) {
            char mode[8];
            std::snprintf(mode, sizeof mode, "%04o", *bits);
            throw Error(
                ExitCode::key_error,
                diagnostic_about(o.file,
                                 {std::string("the passphrase file is open to group or others (mode ") + mode + ")",
                                  std::string("口令文件对同组或其他用户开放（权限 ") + mode + "）"},
                                 {"run `chmod 600 " + o.file + "`", "请执行 `chmod 600 " + o.file + "`"}));
        }
        // A missing or unreadable passphrase file makes the key unusable: a key error (exit 8),
        // like a key file that cannot be read.
        std::string text;
        try {
            text = env.fs.read(o.file, 4096);
        } catch (const Error& e) {
            throw Error(ExitCode::key_error, e.diagnostics());
        }
        std::string line = text.substr(0, text.find('\n'));
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty())
            key_error({"the passphrase file " + o.file + " is empty", "口令文件 " + o.file + " 为空"},
                      {"write the passphrase on its first line", "请把口令写在第一行"});
        return line;
    }
    if (!o.env.empty()) {
        auto v = env.getenv(o.env);
        if (!v || v->empty())
            key_error({"the environment variable " + o.env + " is not set", "环境变量 " + o.env + " 未设置"},
                      {"export it, or use --passphrase-file", "请设置它，或使用 --passphrase-file"});
        return v;
    }
    if (o.prompt || needed) {
        if (!env.stdin_is_terminal)
            key_error({"a passphrase is needed but there is no terminal to ask on", "需要口令，但没有终端可以输入"},
                      {"use --passphrase-file FILE or --passphrase-env VAR",
                       "请使用 --passphrase-file 文件 或 --passphrase-env 变量"});
        std::string p = prompt_terminal("Passphrase / 口令: ");
        if (confirm || (o.prompt && !needed)) {
            std::string again = prompt_terminal("Again / 再输入一次: ");
            if (again != p) key_error({"the passphrases differ", "两次输入的口令不一致"}, {"try again", "请重试"});
        }
        return p;
    }
    return std::nullopt;
}

}  // namespace piaojue::cli
