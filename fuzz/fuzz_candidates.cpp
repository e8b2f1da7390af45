// Fuzz target: the candidate list parser (piaojue/candidates.hpp), which reads candidates.csv
// through the CSV reader. Bad input must end in piaojue::Error (exit 3); anything else — a
// crash, a sanitizer report, another exception, a hang — is a bug. An accepted list must hold
// what the parser promises: 1 to 1000 candidates with valid, distinct ids and non-empty names.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <piaojue/candidates.hpp>
#include <piaojue/error.hpp>
#include <piaojue/source.hpp>
#include <piaojue/text.hpp>

namespace {

using namespace piaojue;

const std::string k_file = "candidates.csv";

[[noreturn]] void bug(const char* what) {
    std::fprintf(stderr, "fuzz_candidates: %s\n", what);
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
        render(e);
    }
    return 0;
}
