// Fuzz target: double keying (piaojue/keying.hpp). The input holds two ballots files for the
// projects P01..P03, separated by a line `====`:
//
//     ballots.csv bytes\n====\nballots-b.csv bytes
//
// Each is read as `compare` and `tally` read a keying; a file that cannot be read must end in an
// input error naming it. Two readable keyings are compared both ways: the same number of
// differences, a keying compared with itself has none, every difference described in both
// languages, and tally's error for them has exit 10 and one diagnostic per difference.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <piaojue/error.hpp>
#include <piaojue/keying.hpp>
#include <piaojue/source.hpp>

#include "fuzz_support.hpp"

const char* const piaojue::fuzz::k_target = "fuzz_compare";

namespace {

using namespace piaojue;
using fuzz::bug;

const std::vector<std::string> k_ids{"P01", "P02", "P03"};

bool read(std::string_view bytes, const std::string& file, std::vector<KeyedRow>& rows) {
    StringSource source(bytes);
    try {
        rows = read_keyed_rows(source, file, k_ids, selection_marks());
        return true;
    } catch (const Error& e) {
        (void)fuzz::check_input_error(e, file);
        return false;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const std::size_t cut = bytes.find("\n====\n");
    const std::string_view first = bytes.substr(0, cut);
    const std::string_view second = cut == std::string_view::npos ? bytes : bytes.substr(cut + 6);
    std::vector<KeyedRow> a, b;
    if (!read(first, "ballots.csv", a) || !read(second, "ballots-b.csv", b)) return 0;
    const KeyingComparison ab = compare_keyings(a, b, "ballots.csv", "ballots-b.csv");
    const KeyingComparison ba = compare_keyings(b, a, "ballots-b.csv", "ballots.csv");
    if (ab.same() != ab.differences.empty()) bug("same() disagrees with the differences");
    if (ab.differences.size() != ba.differences.size()) bug("the comparison is not symmetric");
    if (ab.agreeing > ab.cells || ab.cells != ba.cells || ab.agreeing != ba.agreeing) bug("the cells do not add up");
    if (!compare_keyings(a, a, "ballots.csv", "ballots.csv").same()) bug("a keying differs from itself");
    for (const KeyingDifference& d : ab.differences) {
        const Text t = describe(d, ab, k_ids, selection_marks());
        if (t.en.empty() || t.zh.empty() || t.en.find(d.ballot) == std::string::npos) bug("a difference not described");
    }
    if (!ab.same()) {
        const Error e = keying_error(ab, k_ids, selection_marks());
        if (e.code() != ExitCode::keyings_differ) bug("differing keyings not exit 10");
        if (e.diagnostics().size() != ab.differences.size()) bug("a difference without its diagnostic");
    }
    return 0;
}
