// Fuzz target: the session file parser (piaojue/session.hpp, TOML through toml++). Bad input
// must end in piaojue::Error (exit 3) — never a toml++ exception, a crash or a hang. An accepted
// session must satisfy what parse_session promises (R3 and the round-1 / later-round split).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <piaojue/error.hpp>
#include <piaojue/session.hpp>
#include <piaojue/text.hpp>

#include "fuzz_support.hpp"

const char* const piaojue::fuzz::k_target = "fuzz_session";

namespace {

using namespace piaojue;
using fuzz::bug;

const std::string k_file = "session.toml";

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
        (void)fuzz::check_input_error(e, k_file);
    }
    return 0;
}
