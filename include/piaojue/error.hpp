// piaojue::Error — the one error type of the library, thrown in the core and caught once in the
// CLI, which maps its code to the process exit status (docs/rules.md §3).
#pragma once

#include <cstddef>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace piaojue {

/// Process exit codes, docs/rules.md §3. The numbers are a public contract.
enum class ExitCode : int {
    ok = 0,               ///< decided (`final`), list valid, or verification passed
    internal = 1,         ///< a bug
    usage = 2,            ///< bad command line
    input = 3,            ///< a file is malformed, inconsistent or unreadable
    slate_rejected = 4,   ///< candidate list fails the surplus rule (R1)
    vote_void = 5,        ///< `no-quorum` or `void`: vote again
    another_round = 6,    ///< `tie` or `shortfall`: another round is needed
    verify_failed = 7,    ///< verification failed
    key_error = 8,        ///< key or signature error
    write_failed = 9,     ///< could not write output
    keyings_differ = 10,  ///< the two keyings of the ballots differ (double keying, `compare`)
};

/// The language of messages shown to people.
enum class Lang { en, zh };

/// A message in both languages; the core builds both, the CLI picks one.
struct Text {
    std::string en;
    std::string zh;

    [[nodiscard]] bool empty() const { return en.empty() && zh.empty(); }
    [[nodiscard]] const std::string& in(Lang lang) const { return lang == Lang::zh && !zh.empty() ? zh : en; }
};

/// One located problem: `file:line:column: message`, the offending line, a hint.
struct Diagnostic {
    std::string file;        ///< as the user named it; empty when no file is involved
    std::size_t line = 0;    ///< 1-based; 0 when not known
    std::size_t column = 0;  ///< 1-based, in characters (code points); 0 when not known
    Text message;
    Text hint;                ///< what to do about it; may be empty
    std::string source_line;  ///< the offending input line (UTF-8), shown with a caret; may be empty
    /// The kind of problem for scripts, stable across versions and languages (`E_MARK_UNKNOWN`;
    /// docs/json.md lists them all); empty for the general code of the error's exit status.
    std::string code;
};

/// `diagnostic` with the machine code `code` (docs/json.md, "Error codes").
[[nodiscard]] Diagnostic coded(std::string code, Diagnostic diagnostic);

/// The general code of an exit status, for a diagnostic without a code of its own: `E_INPUT`
/// for 3, `E_USAGE` for 2, `E_KEY` for 8, `E_WRITE` for 9, and so on (docs/json.md).
[[nodiscard]] std::string_view general_code(ExitCode code);

/// The library's exception: an exit code and one or more diagnostics.
class Error : public std::exception {
public:
    /// An error with exit code `code` and the single diagnostic `diagnostic`.
    Error(ExitCode code, Diagnostic diagnostic);
    /// An error with exit code `code` and all of `diagnostics` (at least one).
    Error(ExitCode code, std::vector<Diagnostic> diagnostics);

    [[nodiscard]] ExitCode code() const noexcept { return code_; }
    [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }
    /// The first diagnostic, in English, as `file:line:column: message`.
    [[nodiscard]] const char* what() const noexcept override { return what_.c_str(); }

private:
    ExitCode code_;
    std::vector<Diagnostic> diagnostics_;
    std::string what_;
};

/// A diagnostic about `file` at `line`:`column` (0 where not known). Built member by member:
/// g++ 12 warns (-Wmissing-field-initializers) about designated initializers that leave some out.
[[nodiscard]] Diagnostic diagnostic_at(std::string file, std::size_t line, std::size_t column, Text message,
                                       Text hint = {});

/// A diagnostic about `file` as a whole.
[[nodiscard]] Diagnostic diagnostic_about(std::string file, Text message, Text hint = {});

/// Shorthand: an error with exit code `code` about `file` as a whole.
[[noreturn]] void throw_about(ExitCode code, std::string file, Text message, Text hint = {});

/// Shorthand: an input error (exit 3) about `file` at `line`:`column`, with machine code `code`.
[[noreturn]] void throw_input_error(const std::string& file, std::size_t line, std::size_t column, Text message,
                                    Text hint = {}, std::string source_line = {}, std::string code = {});

/// Gathers the entry errors of one file so counters can fix them in one pass, then throws them
/// together; stops at `limit` so a wholly wrong file does not flood the screen.
class ErrorCollector {
public:
    explicit ErrorCollector(ExitCode code = ExitCode::input, std::size_t limit = 50) : code_(code), limit_(limit) {}

    /// Records `diagnostic`; throws all gathered so far once `limit` is reached.
    void add(Diagnostic diagnostic);
    /// Throws all gathered diagnostics, if there are any.
    void checkpoint();
    [[nodiscard]] bool empty() const { return diagnostics_.empty(); }
    [[nodiscard]] std::size_t size() const { return diagnostics_.size(); }

private:
    ExitCode code_;
    std::size_t limit_;
    std::vector<Diagnostic> diagnostics_;
};

/// `file:line:col: message` in `lang`, on one line: what `Error::what()` is for the first
/// diagnostic, in English.
[[nodiscard]] std::string diagnostic_line(const Diagnostic& diagnostic, Lang lang);

/// How serious a diagnostic shown to a person is: an error stops the command; a warning or a
/// note is printed and the command goes on.
enum class Severity { error, warning, note };

/// Renders `diagnostic` for a terminal in `lang`:
/// `file:line:col: error: message` (or `warning:`, `note:`), the source line, a caret under the
/// column, `hint: …`.
[[nodiscard]] std::string format_diagnostic(const Diagnostic& diagnostic, Lang lang,
                                            Severity severity = Severity::error);

}  // namespace piaojue
