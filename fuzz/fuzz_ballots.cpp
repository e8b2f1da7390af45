// Fuzz target: the ballots reader (piaojue/ballots.hpp). The reader needs what the session and
// the candidate list say, so the input carries it on a first line of its own:
//
//     EXPECTED_ROWS ID ID ...\n
//     ballots.csv bytes
//
// e.g. `3 P01 P02\n票号,P01,P02\n1,○,×\n...`. Ids are taken as written (up to 64 of them, each
// up to 32 bytes, as valid_candidate_id allows); a missing or unreadable first line falls back to
// 5 rows of P01..P03. Bad input must end in piaojue::Error (exit 3); anything else is a bug.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <piaojue/ballots.hpp>
#include <piaojue/error.hpp>
#include <piaojue/source.hpp>

#include "fuzz_support.hpp"

const char* const piaojue::fuzz::k_target = "fuzz_ballots";

namespace {

using namespace piaojue;
using fuzz::bug;

const std::string k_file = "ballots.csv";

struct Setup {
    Count expected_rows = 5;
    std::vector<std::string> ids{"P01", "P02", "P03"};
    std::string_view csv;
};

// Splits off the first line: a row count (at most 10^9, as the session parser allows) and ids.
Setup split(std::string_view bytes) {
    Setup s;
    s.csv = bytes;
    std::size_t eol = bytes.find('\n');
    if (eol == std::string_view::npos) return s;
    std::string_view head = bytes.substr(0, eol);
    if (head.ends_with('\r')) head.remove_suffix(1);
    std::size_t digits = 0;
    Count rows = 0;
    while (digits < head.size() && digits < 10 && head[digits] >= '0' && head[digits] <= '9')
        rows = rows * 10 + (head[digits++] - '0');
    if (digits == 0) return s;
    s.expected_rows = std::min<Count>(rows, 1'000'000'000);
    s.csv = bytes.substr(eol + 1);
    s.ids.clear();
    head.remove_prefix(digits);
    while (!head.empty() && s.ids.size() < 64) {
        std::size_t start = head.find_first_not_of(' ');
        if (start == std::string_view::npos) break;
        head.remove_prefix(start);
        std::size_t end = std::min(head.find(' '), head.size());
        if (end <= 32) s.ids.emplace_back(head.substr(0, end));
        head.remove_prefix(end);
    }
    return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Setup setup = split(std::string_view(reinterpret_cast<const char*>(data), size));
    StringSource source(setup.csv);
    try {
        BallotReader reader(source, k_file, setup.ids, setup.expected_rows);
        Ballot ballot;
        std::string row;
        Count read = 0;
        while (reader.next(ballot)) {
            ++read;
            if (ballot.marks.size() != setup.ids.size()) bug("a ballot without one mark per candidate");
            if (ballot.serial.empty()) bug("a ballot without a serial");
            BallotReader::normal_row(ballot, row);
        }
        if (read > reader.rows() || reader.rows() > setup.expected_rows) bug("more ballots than rows or than expected");
        reader.finish();
        // finish() accepts only a file with exactly ballots_returned rows, all of them good.
        if (read != setup.expected_rows) bug("finish() accepted the wrong number of ballots");
    } catch (const Error& e) {
        (void)fuzz::check_input_error(e, k_file);
    }
    return 0;
}
