// The command line, callable in process: tests pass arguments and streams and read back the
// output and the exit code without spawning a process.
#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <piaojue/encoding.hpp>
#include <piaojue/error.hpp>
#include <piaojue/fs.hpp>
#include <piaojue/round.hpp>

namespace piaojue::cli {

/// What the process gives the CLI besides its arguments: streams, files, environment.
struct Environment {
    std::ostream& out;
    std::ostream& err;
    FileSystem& fs;
    /// Environment variable lookup (LANG, LC_ALL, passphrase variables…).
    std::function<std::optional<std::string>(const std::string&)> getenv = [](const std::string&) {
        return std::optional<std::string>{};
    };
    bool stdin_is_terminal = false;
    bool stderr_is_terminal = false;
    /// Number of hardware threads (batch default), asked only by the commands that use it.
    std::function<unsigned()> cores = [] { return 1u; };
    /// Draws `document` (document_json) as `format` (pdf or png) and returns the bytes: main()
    /// runs the piaojue-render program (render_process.hpp). Throws Error (exit 9) when it cannot.
    std::function<std::string(const std::string& format, const std::string& document)> render =
        [](const std::string&, const std::string&) -> std::string {
        throw Error(ExitCode::write_failed,
                    Diagnostic{.message = {"no PDF/PNG renderer in this program", "本程序没有 PDF/PNG 绘制程序"}});
    };
};

/// Options shared by every command (man/piaojue.1, OPTIONS).
struct Common {
    std::string lang_name;  ///< --lang zh|en
    Lang lang = Lang::en;
    std::string encoding_name = "utf-8";  ///< --encoding
    Encoding encoding = Encoding::utf8;
    bool json = false;    ///< --json
    std::string command;  ///< the subcommand run, for the --json error output
    bool force = false;   ///< --force
    bool quiet = false;   ///< --quiet
    /// --allow-path DIR (repeatable): folders besides a session's own whose files it may name.
    std::vector<std::string> allow_paths;
};

/// How check, tally, batch and verify read a session's inputs, from the shared options.
[[nodiscard]] ReadOptions read_options(const Common& common, const Environment& env);

/// Prints the core's notices (a GB18030 file read, a reordered header) to stderr as notes,
/// unless --quiet.
void print_notices(const std::vector<Diagnostic>& notices, const Common& common, Environment& env);

/// Runs piaojue with `args` (without the program name); returns the exit code (docs/rules.md §3).
int run(const std::vector<std::string>& args, Environment& env);

/// The language from the locale variables (LC_ALL, LC_MESSAGES, LANG): zh for zh_*, else en.
Lang lang_from_locale(const Environment& env);

/// Prints `error`'s diagnostics to stderr (and as JSON on stdout with --json); returns its code.
int report_error(const Error& error, const Common& common, Environment& env);

/// A CLI11 check that refuses an empty path (`-o ""`), which would otherwise mean the default.
inline std::string non_empty_path(const std::string& value) {
    return value.empty() ? std::string("the path is empty") : std::string();
}

/// `{en, zh}` in the chosen language.
inline const std::string& tr(const Common& c, const Text& t) {
    return t.in(c.lang);
}

}  // namespace piaojue::cli
