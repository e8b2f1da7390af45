// Fuzz target: the result record reader (piaojue/record.hpp, JSON through nlohmann::json), which
// later rounds and `verify` use on a file that may have been damaged or tampered with. Bad input
// must end in piaojue::Error (exit 3) — never a nlohmann exception, a crash or a hang. A record
// that reads back is also handed to `make_next_round` (piaojue/next_round.hpp), the other reader
// of the record's JSON, and the session file it writes to parse_session.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <piaojue/candidates.hpp>
#include <piaojue/error.hpp>
#include <piaojue/next_round.hpp>
#include <piaojue/record.hpp>
#include <piaojue/report.hpp>
#include <piaojue/session.hpp>

#include "fuzz_support.hpp"

const char* const piaojue::fuzz::k_target = "fuzz_record";

namespace {

using namespace piaojue;
using fuzz::bug;

const std::string k_file = "result.json";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        RoundRecord v = parse_record(bytes, k_file);
        for (const Candidate& c : v.next_candidates())
            if (!valid_candidate_id(c.id)) bug("accepted a next-round candidate with an invalid id");
        for (const SelectedProject& p : v.decision.cumulative)
            if (p.budget) (void)p.budget->to_string();
        // The typed record is the whole record: written and read again, it is what it was.
        const std::string written = write_record(v);
        if (write_record(parse_record(written, k_file)) != written) bug("write_record(parse_record(b)) is not b");
        // Every record renders as a report, in both languages.
        const RoundReport report = make_report(v);
        for (Lang lang : {Lang::en, Lang::zh}) (void)render_text(report, lang);
        if (v.decision.next_round) {
            NextRoundInput input;
            input.record_path = "../round-1/result.json";
            input.record_bytes = std::string(bytes);
            input.present = 40;
            input.issued = 40;
            input.returned = 40;
            for (Lang lang : {Lang::en, Lang::zh}) {
                try {
                    NextRoundFiles files = make_next_round(input, k_file, lang);
                    (void)parse_session(files.session_toml, "session.toml");
                } catch (const Error& e) {
                    // Refusals here may be usage errors (a derived session id that is not valid)
                    // or a session that tally refuses; any piaojue::Error is a clean refusal.
                    for (const Diagnostic& d : e.diagnostics()) (void)format_diagnostic(d, lang);
                }
            }
        }
    } catch (const Error& e) {
        (void)fuzz::check_input_error(e, k_file);
    }
    return 0;
}
