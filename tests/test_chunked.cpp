// The chunked tally (src/chunked_tally.hpp) against the one-thread reader: on every CSV file of
// the examples and the bad-input cases, on generated files with every kind of row, and through
// tally_round, it gives the same counts, lines and Merkle root, or gives up; never another result.
#include <piaojue/encoding.hpp>
#include <piaojue/round.hpp>
#include <piaojue/text.hpp>

#include "chunked_tally.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <set>
#include "memory_fs.hpp"

using namespace piaojue;
using namespace piaojue::test;

namespace {

// The counts as the sequential path makes them, or the error it reports.
struct Sequential {
    std::optional<BallotCounts> counts;
    std::optional<Error> error;
};

Sequential count_one_thread(std::string_view bytes, const RoundSetup& setup, const std::vector<std::string>& ids,
                            Count expected) {
    Sequential out;
    try {
        StringSource raw(bytes);
        DecodingSource text(raw, Encoding::utf8, "ballots.csv");
        BallotReader reader(text, "ballots.csv", ids, expected);
        BallotCounter counter(setup);
        Ballot ballot;
        while (reader.next(ballot)) counter.add(ballot);
        reader.finish();
        out.counts = counter.finish();
    } catch (const Error& e) {
        out.error = e;
    }
    return out;
}

// The chunked path over the same bytes, its head the first `head_bytes` of the decoded text.
std::optional<BallotCounts> count_chunked(std::string_view bytes, const RoundSetup& setup,
                                          const std::vector<std::string>& ids, Count expected, std::size_t head_bytes,
                                          std::size_t chunk_bytes, unsigned workers) {
    StringSource raw(bytes);
    DecodingSource text(raw, Encoding::utf8, "ballots.csv");
    std::string head(head_bytes, '\0');
    std::size_t got = 0;
    while (got < head_bytes) {
        const std::size_t n = text.read(head.data() + got, head_bytes - got);
        if (n == 0) break;
        got += n;
    }
    head.resize(got);
    detail::ChunkedOptions options;
    options.chunk_bytes = chunk_bytes;
    options.workers = workers;
    return detail::tally_chunked(std::move(head), text, "ballots.csv", setup, ids, expected, options);
}

void check_same(const BallotCounts& chunked, const BallotCounts& one) {
    CHECK(chunked.rows == one.rows);
    CHECK(chunked.valid == one.valid);
    CHECK(chunked.invalid == one.invalid);
    REQUIRE(chunked.candidates.size() == one.candidates.size());
    for (std::size_t c = 0; c < one.candidates.size(); ++c) {
        CAPTURE(c);
        CHECK(chunked.candidates[c].approve == one.candidates[c].approve);
        CHECK(chunked.candidates[c].disapprove == one.candidates[c].disapprove);
        CHECK(chunked.candidates[c].abstain == one.candidates[c].abstain);
        CHECK(chunked.candidates[c].unreadable == one.candidates[c].unreadable);
    }
    REQUIRE(chunked.invalid_ballots.size() == one.invalid_ballots.size());
    for (std::size_t i = 0; i < one.invalid_ballots.size(); ++i) {
        CAPTURE(i);
        CHECK(chunked.invalid_ballots[i].ballot == one.invalid_ballots[i].ballot);
        CHECK(chunked.invalid_ballots[i].reason == one.invalid_ballots[i].reason);
        CHECK(chunked.invalid_ballots[i].note == one.invalid_ballots[i].note);
        CHECK(chunked.invalid_ballots[i].line == one.invalid_ballots[i].line);
        CHECK(chunked.invalid_ballots[i].approvals == one.invalid_ballots[i].approvals);
    }
    CHECK(to_hex(chunked.merkle_root) == to_hex(one.merkle_root));
}

// Compares both paths on `bytes` for every chunk size, worker count and head length given;
// returns how many chunked runs gave counts (the rest gave up).
std::size_t compare_paths(std::string_view bytes, const RoundSetup& setup, const std::vector<std::string>& ids,
                          Count expected, const std::vector<std::size_t>& chunk_sizes = {1, 5, 64, 1000, 1 << 20},
                          const std::vector<unsigned>& worker_counts = {1, 2, 3}) {
    const Sequential one = count_one_thread(bytes, setup, ids, expected);
    std::size_t taken = 0;
    for (std::size_t head : {std::size_t{16}, std::size_t{200}, bytes.size()}) {
        for (std::size_t chunk : chunk_sizes) {
            for (unsigned workers : worker_counts) {
                CAPTURE(head);
                CAPTURE(chunk);
                CAPTURE(workers);
                std::optional<BallotCounts> chunked;
                std::optional<Error> thrown;
                try {
                    chunked = count_chunked(bytes, setup, ids, expected, head, chunk, workers);
                } catch (const Error& e) {
                    thrown = e;  // only the decoder, on the head: the sequential path throws it too
                }
                if (thrown) {
                    REQUIRE(one.error);
                    CHECK(rendered(*thrown) == rendered(*one.error));
                    continue;
                }
                if (one.error) {
                    CHECK_MESSAGE(!chunked, "counts where the one-thread reader reports " << rendered(*one.error));
                    continue;
                }
                if (!chunked) continue;
                ++taken;
                check_same(*chunked, *one.counts);
            }
        }
    }
    return taken;
}

// A setup for the projects `ids`, `seats` seats (and the default rules), `returned` ballots.
RoundSetup setup_for(const std::vector<std::string>& ids, Count seats, Count returned) {
    RoundSetup setup = make_setup(ids.size(), seats);
    for (std::size_t i = 0; i < ids.size(); ++i) setup.candidates[i].id = ids[i];
    setup.session.ballots_returned = returned;
    return setup;
}

// Generated ballots: `rows` rows for projects P01…P`n` with random marks in every accepted
// spelling (○ × Y N blank A ? and others), some ballots void or over-approving, notes, a few
// blank rows, serials numeric in a shuffled order or textual; CRLF or LF; with or without the
// last line feed.
std::string generated_ballots(std::size_t rows, std::size_t n, unsigned seed, bool crlf, bool last_newline,
                              bool textual_serials) {
    std::mt19937 rng(seed);
    const std::vector<std::string> marks = {"Y",        "N",    "",     "A",   "?",   "\xE2\x97\x8B",
                                            "\xC3\x97", "赞成", "反对", " Y ", "弃权"};
    const std::string eol = crlf ? "\r\n" : "\n";
    std::string out = "ballot";
    for (std::size_t c = 0; c < n; ++c) out += "," + candidate_id(c);
    out += ",status,note" + eol;
    std::vector<std::size_t> serials(rows);
    for (std::size_t i = 0; i < rows; ++i) serials[i] = i + 1;
    std::shuffle(serials.begin() + static_cast<std::ptrdiff_t>(rows / 2), serials.end(), rng);
    for (std::size_t r = 0; r < rows; ++r) {
        if (rng() % 50 == 0) out += std::string(n + 2, ',') + eol;  // a blank row
        out += (textual_serials ? "B-" : "") + std::to_string(serials[r]);
        for (std::size_t c = 0; c < n; ++c) out += "," + marks[rng() % marks.size()];
        out += rng() % 40 == 0 ? ",作废" : ",";
        out += rng() % 30 == 0 ? ",备注 " + std::to_string(r) : ",";
        if (r + 1 < rows || last_newline) out += eol;
    }
    return out;
}

// The number of rows in `bytes` a reader counts against ballots_returned (its errors aside).
Count rows_in(std::string_view bytes, const std::vector<std::string>& ids) {
    StringSource raw(bytes);
    DecodingSource text(raw, Encoding::utf8, "ballots.csv");
    BallotReader reader(text, "ballots.csv", ids, std::numeric_limits<Count>::max());
    Ballot ballot;
    try {
        while (reader.next(ballot)) {
        }
    } catch (const Error&) {
    }
    return reader.rows();
}

// The project ids of a ballots file's header: every cell but ballot/status/note.
std::vector<std::string> header_ids(std::string_view bytes) {
    std::vector<std::string> ids;
    std::string_view line = bytes.substr(0, bytes.find('\n'));
    if (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    while (!line.empty() && (line.back() == '\r')) line.remove_suffix(1);
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = line.find(',', start);
        std::string cell(
            trim(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
        if (!cell.empty() && cell != "ballot" && cell != "票号" && cell != "status" && cell != "状态" &&
            cell != "note" && cell != "备注")
            ids.push_back(cell);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return ids;
}

std::string slurp_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("chunked::same_counts_as_one_thread_on_generated_files") {
    for (bool crlf : {true, false}) {
        for (bool last_newline : {true, false}) {
            for (bool textual : {false, true}) {
                CAPTURE(crlf);
                CAPTURE(last_newline);
                CAPTURE(textual);
                const std::string bytes =
                    generated_ballots(300, 7, 11 + crlf + 2 * last_newline, crlf, last_newline, textual);
                const std::vector<std::string> ids = header_ids(bytes);
                REQUIRE(ids.size() == 7);
                const Count rows = rows_in(bytes, ids);
                REQUIRE(rows >= 300);
                const RoundSetup setup = setup_for(ids, 3, rows);
                const Sequential one = count_one_thread(bytes, setup, ids, rows);
                REQUIRE_MESSAGE(one.counts, "the generated file must be clean");
                REQUIRE(one.counts->invalid > 0);  // void and over-approving ballots are in it
                CHECK(compare_paths(bytes, setup, ids, rows) == 3 * 5 * 3);  // every run is taken
                // The row count off by one either way: both report it (the chunked path gives up).
                CHECK(compare_paths(bytes, setup_for(ids, 3, rows - 1), ids, rows - 1, {64}) == 0);
                CHECK(compare_paths(bytes, setup_for(ids, 3, rows + 1), ids, rows + 1, {64}) == 0);
            }
        }
    }
    SUBCASE("the SM3 tree") {
        const std::string bytes = generated_ballots(200, 5, 3, true, true, false);
        const std::vector<std::string> ids = header_ids(bytes);
        const Count rows = rows_in(bytes, ids);
        RoundSetup setup = setup_for(ids, 2, rows);
        setup.rules.digest = DigestAlgo::sm3;
        CHECK(compare_paths(bytes, setup, ids, rows, {1, 300}, {2}) == 3 * 2);
    }
}

TEST_CASE("chunked::gives_up_on_what_the_one_thread_reader_reports") {
    const std::string clean = generated_ballots(120, 4, 5, true, true, false);
    const std::vector<std::string> ids = header_ids(clean);
    const Count rows = rows_in(clean, ids);
    const RoundSetup setup = setup_for(ids, 2, rows);
    // A change at the start of row `row` (counted from the header, line 1).
    auto with = [&](std::size_t line, std::string_view insert) {
        std::string bytes = clean;
        std::size_t at = 0;
        for (std::size_t l = 1; l < line; ++l) at = bytes.find('\n', at) + 1;
        bytes.insert(at, insert);
        return bytes;
    };
    const std::string serial_60 = [&] {
        std::size_t at = 0;
        for (std::size_t l = 1; l < 60; ++l) at = clean.find('\n', at) + 1;
        return clean.substr(at, clean.find(',', at) - at);
    }();
    REQUIRE(!serial_60.empty());
    struct Case {
        const char* what;
        std::string bytes;
        Count expected;
        bool reported;  // by the one-thread reader; the chunked path gives up on every case
    };
    // The serial of the row on line 60, keyed again on line 110 and on line 61; a bad mark; a
    // quoted cell (no error, but the chunked path leaves quotes to the one-thread reader); a
    // byte-order mark inside; a lone CR; a row with a missing cell; invalid UTF-8; a note with
    // a control character; an unknown status; a bad serial; a wrong header.
    const std::vector<Case> cases = {
        {"duplicate serial far apart", with(110, serial_60 + ",Y,N,,,,\r\n"), rows + 1, true},
        {"duplicate serial adjacent", with(61, serial_60 + ",Y,N,,,,\r\n"), rows + 1, true},
        {"bad mark", with(90, "9001,Y,Q,,,,\r\n"), rows + 1, true},
        {"quoted cell", with(90, "9001,\"Y\",N,,,,\r\n"), rows + 1, false},
        {"quoted line break", with(90, "9001,Y,N,,,,\"a\r\nb\"\r\n"), rows + 1, true},
        {"byte-order mark inside",
         with(90,
              "\xEF\xBB\xBF"
              "9001,Y,N,,,,\r\n"),
         rows + 1, true},
        {"lone CR", with(90, "9001,Y,N,,,\r,\r\n"), rows + 1, true},
        {"missing cell", with(90, "9001,Y,N,,,\r\n"), rows + 1, true},
        {"invalid UTF-8", with(90, "9001,Y,\xC3,,,,\r\n"), rows + 1, true},
        {"control character in a note",
         with(90,
              "9001,Y,N,,,,a\x01"
              "b\r\n"),
         rows + 1, true},
        {"unknown status", with(90, "9001,Y,N,,,maybe,\r\n"), rows + 1, true},
        {"bad serial", with(90, "9 001,Y,N,,,,\r\n"), rows + 1, true},
        {"unknown column", "ballot,P01,P02,P03,P05,status,note\r\n1,Y,N,Y,N,,\r\n", 1, true},
        {"no header line feed", "ballot,P01,P02,P03,P04,status", 0, false},
    };
    for (const Case& c : cases) {
        const std::string what = c.what;
        CAPTURE(what);
        const RoundSetup case_setup = setup_for(ids, 2, c.expected);
        const Sequential one = count_one_thread(c.bytes, case_setup, ids, c.expected);
        CHECK(one.error.has_value() == c.reported);
        CHECK(compare_paths(c.bytes, case_setup, ids, c.expected, {1, 64, 1000}, {1, 2}) == 0);
    }
    SUBCASE("a header alone: no ballots, none expected, and no chunk to count") {
        const std::string header = "ballot,P01,P02,P03,P04,status,note\r\n";
        CHECK(compare_paths(header, setup_for(ids, 2, 0), ids, 0, {1, 64}, {2}) == 3 * 2);
    }
}

TEST_CASE("chunked::every_csv_file_of_the_examples_and_bad_inputs") {
    // Every CSV file, ballots or not, with the project ids of its first line and as many rows
    // expected as it has (and one more): both paths must agree whatever the file holds.
    std::vector<std::filesystem::path> files;
    for (const char* dir : {"/examples", "/tests/bad-inputs", "/tests/data"})
        for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(PIAOJUE_SOURCE_DIR) + dir))
            if (entry.is_regular_file() && entry.path().extension() == ".csv" &&
                entry.file_size() < (std::size_t{1} << 20))
                files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() > 15);
    std::size_t compared = 0;
    std::size_t taken_files = 0;
    std::size_t example_ballots = 0;
    for (const auto& path : files) {
        CAPTURE(path.string());
        const std::string bytes = slurp_file(path);
        const std::vector<std::string> ids = header_ids(bytes);
        Count rows = 0;
        try {
            rows = rows_in(bytes, ids);
        } catch (const Error&) {
            // the header itself is refused: both paths must refuse it
        }
        const RoundSetup setup = setup_for(ids, std::max<Count>(1, static_cast<Count>(ids.size() / 2)), rows);
        const std::size_t taken = compare_paths(bytes, setup, ids, rows, {7, 4096}, {2});
        if (taken > 0) ++taken_files;
        // The examples' ballots files are clean: the chunked path must take them. (An
        // evaluation's are keyed with level marks, which the selection table here refuses.)
        if (path.string().find("/examples/") != std::string::npos &&
            path.string().find("/evaluation-") == std::string::npos &&
            path.filename().string().starts_with("ballots")) {
            ++example_ballots;
            CHECK(taken == 3 * 2);
        }
        compare_paths(bytes, setup_for(ids, 1, rows + 1), ids, rows + 1, {7}, {2});
        ++compared;
    }
    MESSAGE(compared << " files compared; the chunked path took " << taken_files << ", " << example_ballots
                     << " of them the examples' ballots");
    CHECK(example_ballots >= 8);
}

TEST_CASE("chunked::examples_are_taken") {
    for (const std::string example : {"township", "county", "tie/round-1"}) {
        CAPTURE(example);
        const std::string bytes = slurp_file(std::string(PIAOJUE_SOURCE_DIR) + "/examples/" + example + "/ballots.csv");
        const std::vector<std::string> ids = header_ids(bytes);
        const Count rows = rows_in(bytes, ids);
        CHECK(compare_paths(bytes, setup_for(ids, 2, rows), ids, rows, {1, 100}, {2}) == 3 * 2);
    }
}

TEST_CASE("chunked::serial_sets_merge_as_one") {
    std::mt19937 rng(7);
    int unions_checked = 0;
    for (int round = 0; round < 200; ++round) {
        CAPTURE(round);
        // Serials from a small range (runs, gaps, neighbours), some zero-padded, some textual,
        // dealt to two sets; the merge must say "overlap" exactly when a serial is in both, and
        // hold the union after.
        std::set<std::string> a_serials, b_serials;
        SerialSet a, b;
        auto serial = [&] {
            const auto v = static_cast<unsigned>(rng() % 60);
            switch (rng() % 8) {
                case 0:
                    return "0" + std::to_string(v);
                case 1:
                    return "S" + std::to_string(v % 5);
                default:
                    return std::to_string(v);
            }
        };
        const auto count_a = static_cast<unsigned>(rng() % 30), count_b = static_cast<unsigned>(rng() % 30);
        for (unsigned i = 0; i < count_a; ++i) {
            const std::string s = serial();
            CHECK(a.insert(s) == a_serials.insert(s).second);
        }
        // In odd rounds a serial already in `a` is not dealt to `b`: the union is checked often,
        // not only when chance keeps the two apart.
        const bool apart = round % 2 == 1;
        for (unsigned i = 0; i < count_b; ++i) {
            const std::string s = serial();
            if (apart && a_serials.contains(s)) continue;
            CHECK(b.insert(s) == b_serials.insert(s).second);
        }
        bool overlap = false;
        for (const std::string& s : b_serials) overlap = overlap || a_serials.contains(s);
        SerialSet merged = a;
        REQUIRE(merged.merge(b) == !overlap);
        if (overlap) continue;
        ++unions_checked;
        for (unsigned v = 0; v < 62; ++v) {
            for (const std::string& s : {std::to_string(v), "0" + std::to_string(v), "S" + std::to_string(v % 7)}) {
                CAPTURE(s);
                const bool in_union = a_serials.contains(s) || b_serials.contains(s);
                SerialSet probe = merged;
                CHECK(probe.insert(s) == !in_union);
            }
        }
    }
    CHECK(unions_checked >= 100);
}

TEST_CASE("chunked::tally_round_writes_the_same_record_with_any_thread_count") {
    // A session whose ballots file is over the chunked path's 1 MiB: the record's bytes must
    // be the same with the one-thread reader and with 2 or 3 parsing threads.
    const std::size_t ballots = 60000;
    std::string bytes = generated_ballots(ballots, 12, 21, true, true, false);
    const std::vector<std::string> ids = header_ids(bytes);
    const Count rows = rows_in(bytes, ids);
    REQUIRE(bytes.size() > (std::size_t{1} << 20));
    auto record_with = [&](const std::string& ballots_bytes, unsigned threads) {
        MemoryFileSystem fs;
        fs.files["/s/session.toml"] = first_session_toml(rows + 100, rows, rows, rows, 10);
        fs.files["/s/candidates.csv"] = candidates_csv(12);
        fs.files["/s/ballots.csv"] = ballots_bytes;
        ReadOptions options;
        options.parse_threads = threads;
        return tally_round(fs, "/s/session.toml", options).record;
    };
    const std::string one = record_with(bytes, 1);
    CHECK(one.find("\"invalid\"") != std::string::npos);
    for (unsigned threads : {0u, 2u, 3u}) {
        CAPTURE(threads);
        CHECK(record_with(bytes, threads) == one);
    }
    SUBCASE("an error far into the file is reported as the one-thread reader does") {
        // Row 50,000's serial keyed again near the end.
        std::string broken = bytes;
        const std::size_t near_end = broken.size() - 200;
        const std::size_t line_start = broken.find('\n', near_end) + 1;
        broken.insert(line_start, "50000,Y,N,Y,N,Y,N,Y,N,Y,N,Y,N,,\r\n");
        auto error_with = [&](unsigned threads) {
            MemoryFileSystem fs;
            fs.files["/s/session.toml"] = first_session_toml(rows + 101, rows + 1, rows + 1, rows + 1, 10);
            fs.files["/s/candidates.csv"] = candidates_csv(12);
            fs.files["/s/ballots.csv"] = broken;
            ReadOptions options;
            options.parse_threads = threads;
            Error e = expect_error([&] { (void)tally_round(fs, "/s/session.toml", options); });
            return rendered(e);
        };
        const std::string expected = error_with(1);
        CHECK(expected.find("appears twice") != std::string::npos);
        CHECK(error_with(2) == expected);
    }
}
