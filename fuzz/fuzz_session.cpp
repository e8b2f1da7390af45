// Fuzz target: the session file parser (piaojue/session.hpp, TOML through toml++). Bad input
// must end in piaojue::Error (exit 3) — never a toml++ exception, a crash or a hang. An accepted
// session must satisfy what parse_session promises (R3 and the round-1 / later-round split).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <piaojue/error.hpp>
#include <piaojue/session.hpp>
#include <piaojue/text.hpp>

namespace {

using namespace piaojue;

const std::string k_file = "session.toml";

[[noreturn]] void bug(const char* what) {
    std::fprintf(stderr, "fuzz_session: %s\n", what);
    std::abort();
}

void render(const Error& e) {
    if (e.code() != ExitCode::input) bug("an error other than an input error (exit 3)");
    if (e.diagnostics().size() > 51) bug("more diagnostics than the collector's limit");
    for (const Diagnostic& d : e.diagnostics()) {
        if (d.file != k_file) bug("a diagnostic that does not name the file");
        if (d.message.en.empty() || d.message.zh.empty()) bug("a diagnostic without a message");
        (void)format_diagnostic(d, Lang::en);
        (void)format_diagnostic(d, Lang::zh);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        Session s = parse_session(bytes, k_file);
        if (!valid_session_id(s.id)) bug("accepted an invalid session id");
        if (s.deputies < 1 || s.present < 0 || s.ballots_issued < 0 || s.ballots_returned < 0)
            bug("accepted a negative count");
        if (s.present > s.deputies || s.ballots_issued > s.present) bug("accepted counts that break R3");
        if (s.level != "township" && s.level != "county" && s.level != "subdistrict") bug("accepted an unknown level");
        if (s.date.size() < 10) bug("accepted a session without a date");
        if (s.is_later_round()) {
            if (s.rules || s.candidates || !s.previous_digest) bug("accepted a later round with round-1 keys");
        } else {
            if (!s.rules || !s.candidates || s.previous_digest) bug("accepted a first round without its keys");
            if (s.rules->seats < 1) bug("accepted fewer than one seat");
        }
        for (const std::string* text : {&s.body, &s.meeting, &s.officers.chief_scrutineer})
            if (find_invalid_utf8(*text) || find_forbidden_char(*text)) bug("accepted an invisible character");
    } catch (const Error& e) {
        render(e);
    }
    return 0;
}
