// Fuzz target: the candidate list parser (piaojue/candidates.hpp), which reads candidates.csv
// through the CSV reader. Bad input must end in piaojue::Error (exit 3); anything else — a
// crash, a sanitizer report, another exception, a hang — is a bug. An accepted list must hold
// what the parser promises: 1 to 1000 candidates with valid, distinct ids and non-empty names.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <piaojue/candidates.hpp>
#include <piaojue/error.hpp>
#include <piaojue/source.hpp>
#include <piaojue/text.hpp>

#include "fuzz_support.hpp"

const char* const piaojue::fuzz::k_target = "fuzz_candidates";

namespace {

using namespace piaojue;
using fuzz::bug;

const std::string k_file = "candidates.csv";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    StringSource source(std::string_view(reinterpret_cast<const char*>(data), size));
    try {
        std::vector<Candidate> list = parse_candidates(source, k_file);
        if (list.empty() || list.size() > 1000) bug("accepted a list with no or too many candidates");
        std::set<std::string> ids;
        std::set<std::string> names;
        for (const Candidate& c : list) {
            if (!valid_candidate_id(c.id)) bug("accepted an invalid id");
            if (!ids.insert(fold_key(c.id)).second) bug("accepted a duplicate id");
            if (c.name.empty() || find_forbidden_char(c.name)) bug("accepted an empty or invisible-character name");
            if (!names.insert(fold_key(c.name)).second) bug("accepted a duplicate name");
            if (c.budget) {
                // The canonical text reads back as the same amount (records store budgets so).
                std::optional<Decimal> again = Decimal::parse(c.budget->to_string());
                if (!again || !(*again == *c.budget)) bug("a budget whose canonical text does not read back");
            }
        }
    } catch (const Error& e) {
        (void)fuzz::check_input_error(e, k_file);
    }
    return 0;
}
