#include <piaojue/error.hpp>
#include <piaojue/text.hpp>

#include <utility>

namespace piaojue {

namespace {

std::string location(const Diagnostic& d) {
    std::string out = d.file;
    if (d.line > 0) {
        out += ':' + std::to_string(d.line);
        if (d.column > 0) out += ':' + std::to_string(d.column);
    }
    return out;
}

}  // namespace

Diagnostic coded(std::string code, Diagnostic diagnostic) {
    diagnostic.code = std::move(code);
    return diagnostic;
}

std::string_view general_code(ExitCode code) {
    switch (code) {
        case ExitCode::ok:
            return "E_NONE";
        case ExitCode::internal:
            return "E_INTERNAL";
        case ExitCode::usage:
            return "E_USAGE";
        case ExitCode::input:
            return "E_INPUT";
        case ExitCode::slate_rejected:
            return "E_SLATE_REJECTED";
        case ExitCode::vote_void:
            return "E_VOTE_VOID";
        case ExitCode::another_round:
            return "E_ANOTHER_ROUND";
        case ExitCode::verify_failed:
            return "E_VERIFY_FAILED";
        case ExitCode::key_error:
            return "E_KEY";
        case ExitCode::write_failed:
            return "E_WRITE";
        case ExitCode::keyings_differ:
            return "E_KEYINGS_DIFFER";
    }
    return "E_INTERNAL";
}

Error::Error(ExitCode code, Diagnostic diagnostic) : Error(code, std::vector<Diagnostic>{std::move(diagnostic)}) {}

Error::Error(ExitCode code, std::vector<Diagnostic> diagnostics) : code_(code), diagnostics_(std::move(diagnostics)) {
    if (diagnostics_.empty()) diagnostics_.push_back(Diagnostic{.message = {"unknown error", "未知错误"}});
    what_ = diagnostic_line(diagnostics_.front(), Lang::en);
}

std::string diagnostic_line(const Diagnostic& diagnostic, Lang lang) {
    std::string where = location(diagnostic);
    const std::string& message = diagnostic.message.in(lang);
    return where.empty() ? message : where + ": " + message;
}

Diagnostic diagnostic_at(std::string file, std::size_t line, std::size_t column, Text message, Text hint) {
    Diagnostic d;
    d.file = std::move(file);
    d.line = line;
    d.column = column;
    d.message = std::move(message);
    d.hint = std::move(hint);
    return d;
}

Diagnostic diagnostic_about(std::string file, Text message, Text hint) {
    return diagnostic_at(std::move(file), 0, 0, std::move(message), std::move(hint));
}

void throw_about(ExitCode code, std::string file, Text message, Text hint) {
    throw Error(code, diagnostic_at(std::move(file), 0, 0, std::move(message), std::move(hint)));
}

void throw_input_error(const std::string& file, std::size_t line, std::size_t column, Text message, Text hint,
                       std::string source_line, std::string code) {
    throw Error(ExitCode::input, Diagnostic{file, line, column, std::move(message), std::move(hint),
                                            std::move(source_line), std::move(code)});
}

void ErrorCollector::add(Diagnostic diagnostic) {
    diagnostics_.push_back(std::move(diagnostic));
    if (diagnostics_.size() >= limit_) {
        Diagnostic more{.file = diagnostics_.front().file,
                        .message = {"too many errors; stopped after " + std::to_string(limit_),
                                    "错误过多，已在第 " + std::to_string(limit_) + " 个后停止"}};
        diagnostics_.push_back(std::move(more));
        throw Error(code_, std::move(diagnostics_));
    }
}

void ErrorCollector::checkpoint() {
    if (!diagnostics_.empty()) throw Error(code_, std::exchange(diagnostics_, {}));
}

std::string format_diagnostic(const Diagnostic& d, Lang lang, Severity severity) {
    std::string out;
    std::string where = location(d);
    if (!where.empty()) out += where + ": ";
    const bool zh = lang == Lang::zh;
    out += severity == Severity::error     ? (zh ? "错误：" : "error: ")
           : severity == Severity::warning ? (zh ? "警告：" : "warning: ")
                                           : (zh ? "注意：" : "note: ");
    // Messages and hints quote the user's text ("bad id \"P<U+200B>07\""): shown like the
    // source line, so an invisible or bidi-override character there is seen, not obeyed.
    out += printable_line(d.message.in(lang));
    out += '\n';
    if (!d.source_line.empty()) {
        std::string shown = printable_line(d.source_line);
        out += "  " + shown + '\n';
        if (d.column > 0) {
            // The caret counts the characters before the column in the input line, each shown
            // as printed (a control character takes four cells: \xNN).
            std::size_t pad = display_width(printable_line(utf8_prefix(d.source_line, d.column - 1)));
            out += "  " + std::string(pad, ' ') + "^\n";
        }
    }
    if (!d.hint.empty()) out += (lang == Lang::zh ? "  提示：" : "  hint: ") + printable_line(d.hint.in(lang)) + '\n';
    return out;
}

}  // namespace piaojue
