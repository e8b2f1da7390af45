// Fuzz target: the ballots reader (piaojue/ballots.hpp). The reader needs what the session and
// the candidate list say, so the input carries it on a first line of its own:
//
//     EXPECTED_ROWS ID ID ...\n
//     ballots.csv bytes
//
// e.g. `3 P01 P02\n票号,P01,P02\n1,○,×\n...`. Ids are taken as written (up to 64 of them, each
// up to 32 bytes, as valid_candidate_id allows); a missing or unreadable first line falls back to
// 5 rows of P01..P03. Bad input must end in piaojue::Error (exit 3); anything else is a bug.
//
// The same bytes then go through the chunked tally (src/chunked_tally.hpp), in chunks of a size
// taken from the input, on two threads: where the one-thread reader and counter report an
// error it must give up, and where they count it must give up or give the same counts, lines
// and Merkle root.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <piaojue/ballots.hpp>
#include <piaojue/error.hpp>
#include <piaojue/source.hpp>
#include <piaojue/tally.hpp>

#include "chunked_tally.hpp"
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

// A first round for `ids`, half of them seats: over-approving ballots are possible.
RoundSetup round_for(const Setup& s) {
    RoundSetup r;
    r.session.ballots_returned = s.expected_rows;
    r.rules.seats = std::max<Count>(1, static_cast<Count>(s.ids.size() / 2));
    r.seats = r.rules.seats;
    for (const std::string& id : s.ids) r.candidates.push_back(Candidate{id, id, {}, {}, {}});
    return r;
}

// `one`: what the one-thread reader and counter made of the file, nothing if they refused it.
void compare_with_chunked(const Setup& s, const RoundSetup& round, const std::optional<BallotCounts>& one,
                          std::size_t chunk_bytes) {
    StringSource rest(s.csv.substr(std::min<std::size_t>(s.csv.size(), 8)));
    detail::ChunkedOptions options;
    options.chunk_bytes = chunk_bytes;
    options.workers = 2;
    const std::optional<BallotCounts> chunked =
        detail::tally_chunked(std::string(s.csv.substr(0, 8)), rest, k_file, round, s.ids, s.expected_rows, options);
    if (!chunked) return;
    if (!one) bug("the chunked tally counted a file the one-thread reader refuses");
    const bool same_lines =
        std::equal(chunked->invalid_ballots.begin(), chunked->invalid_ballots.end(), one->invalid_ballots.begin(),
                   one->invalid_ballots.end(), [](const InvalidBallot& a, const InvalidBallot& b) {
                       return a.ballot == b.ballot && a.reason == b.reason && a.note == b.note && a.line == b.line &&
                              a.approvals == b.approvals;
                   });
    const bool same_counts = std::equal(chunked->candidates.begin(), chunked->candidates.end(), one->candidates.begin(),
                                        one->candidates.end(), [](const CandidateCount& a, const CandidateCount& b) {
                                            return a.approve == b.approve && a.disapprove == b.disapprove &&
                                                   a.abstain == b.abstain && a.unreadable == b.unreadable;
                                        });
    if (chunked->rows != one->rows || chunked->valid != one->valid || chunked->invalid != one->invalid ||
        !same_counts || !same_lines || chunked->merkle_root != one->merkle_root)
        bug("the chunked tally's counts differ from the one-thread reader's");
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Setup setup = split(std::string_view(reinterpret_cast<const char*>(data), size));
    StringSource source(setup.csv);
    const RoundSetup round = round_for(setup);
    std::optional<BallotCounts> counts;
    bool header_read = false;
    try {
        BallotReader reader(source, k_file, setup.ids, setup.expected_rows);
        header_read = true;
        BallotCounter counter(round);
        Ballot ballot;
        std::string row;
        Count read = 0;
        while (reader.next(ballot)) {
            ++read;
            if (ballot.marks.size() != setup.ids.size()) bug("a ballot without one mark per candidate");
            if (ballot.serial.empty()) bug("a ballot without a serial");
            BallotReader::normal_row(ballot, row);
            counter.add(ballot);
        }
        // Rows past ballots_returned are read on, a few, to name them; finish() refuses them.
        if (read > reader.rows()) bug("more ballots than rows");
        reader.finish();
        // finish() accepts only a file with exactly ballots_returned rows, all of them good.
        if (read != setup.expected_rows) bug("finish() accepted the wrong number of ballots");
        counts = counter.finish();
    } catch (const Error& e) {
        (void)fuzz::check_input_error(e, k_file);
    }
    // A refused header is refused by the same code on both paths; inputs with a row count the
    // file could not hold would only ever give up. Chunks of 1 to 64 bytes, from the input's
    // last byte, cut the file at many places.
    if (header_read && setup.expected_rows <= static_cast<Count>(setup.csv.size()))
        compare_with_chunked(setup, round, counts, size == 0 ? 1 : 1 + data[size - 1] % 64);
    return 0;
}
