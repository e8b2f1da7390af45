// What every fuzz target asks of a piaojue::Error, and how a target reports a bug: one place,
// so the nine targets hold the same standard.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <piaojue/error.hpp>

namespace piaojue::fuzz {

// The target's name ("fuzz_csv", …), defined once by each target; printed before the abort.
extern const char* const k_target;

[[noreturn]] inline void bug(const char* what) {
    std::fprintf(stderr, "%s: %s\n", k_target, what);
    std::abort();
}

// Bad input must end in an input error (exit 3) about `file`: at least one diagnostic, no more
// than the collector's cap (50 and its "more errors" line), each with a message in both
// languages that renders. Returns the rendered diagnostics, for targets that compare two reads.
inline std::string check_input_error(const Error& e, std::string_view file) {
    if (e.code() != ExitCode::input) bug("an error other than an input error (exit 3)");
    if (e.diagnostics().empty()) bug("an error without a diagnostic");
    if (e.diagnostics().size() > 51) bug("more diagnostics than the collector's limit");
    std::string rendered;
    for (const Diagnostic& d : e.diagnostics()) {
        if (d.file != file) bug("a diagnostic that does not name the file");
        if (d.message.en.empty() || d.message.zh.empty()) bug("a diagnostic without a message");
        rendered += format_diagnostic(d, Lang::en);
        rendered += format_diagnostic(d, Lang::zh);
    }
    return rendered;
}

}  // namespace piaojue::fuzz
