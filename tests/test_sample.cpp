// The consistent sampler against the `consistent_sampler` package's own docstring vectors and
// against docs/audit/sample.py, the auditor's stand-alone script (tests/data/sample/cases.tsv).
#include <piaojue/sample.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

using namespace piaojue;
using piaojue::test::data_file;
using piaojue::test::error_of;
using piaojue::test::split_tabs;

namespace {

// Cross-check, independent of this code (python3, hashlib):
//   python3 -c "import hashlib; h=lambda s: hashlib.sha256(s.encode()).hexdigest();
//     print('0.'+'{:064d}'.format(int(h(h('01382438112797316654')+'AB-130'),16))[::-1])"
constexpr const char* k_ab130 = "0.26299714122838008416507544297546663599715395525154425586041245287750224561854";

std::vector<std::string> ids_of(const std::vector<SampledBallot>& sample) {
    std::vector<std::string> ids;
    for (const SampledBallot& b : sample) ids.push_back(b.ballot);
    return ids;
}

}  // namespace

TEST_CASE("sample::ticket_reference_vectors") {
    // consistent_sampler.first_fraction's docstring: 77 digits, not 64 ("{:064d}" only pads).
    CHECK(ticket("01382438112797316654", "AB-130") == k_ab130);
    // make_ticket_heap's docstring (a seed that is not digits: ticket() itself takes any bytes).
    CHECK(ticket("xy()134!g2n", "cat") ==
          "0.24866413894129579898796850445568128508290132707747976039848637531569373309555");
    CHECK(ticket("xy()134!g2n", "goat") ==
          "0.49599842072022713663423753308080171636735689997237236247068925068573448764387");
}

TEST_CASE("sample::sampler_docstring_order") {
    // sampler(['ab-1', 'ab-2', 'cd-1', 'ef-3'], seed=314159) → cd-1, ef-3, ab-1, ab-2
    // ('0.317685817', '0.832984519', '0.9098039269', '0.9231549043' when trimmed).
    const std::vector<std::string> ids{"ab-1", "ab-2", "cd-1", "ef-3"};
    const auto all = sample_ballots("314159", ids, 4);
    CHECK(ids_of(all) == std::vector<std::string>{"cd-1", "ef-3", "ab-1", "ab-2"});
    CHECK(all[0].ticket.starts_with("0.317685817"));
    CHECK(all[2].ticket.starts_with("0.9098039269"));
    CHECK(all[0].index == 2);
    CHECK(all[3].index == 1);
    // Consistency: a smaller sample is a prefix of a larger one; a subset keeps its order.
    CHECK(ids_of(sample_ballots("314159", ids, 2)) == std::vector<std::string>{"cd-1", "ef-3"});
    CHECK(ids_of(sample_ballots("314159", {"ab-2", "ab-1"}, 2)) == std::vector<std::string>{"ab-1", "ab-2"});
}

TEST_CASE("sample::matches_auditor_script") {
    std::istringstream in(data_file("sample/cases.tsv"));
    std::string line;
    std::string seed;
    std::size_t k = 0;
    std::vector<std::string> ids;
    std::vector<std::string> expected_ids;
    std::vector<std::string> expected_tickets;
    std::size_t cases = 0;
    auto check_case = [&] {
        if (seed.empty()) return;
        CAPTURE(seed);
        CAPTURE(k);
        REQUIRE(expected_ids.size() == k);
        const auto got = sample_ballots(seed, ids, k);
        REQUIRE(got.size() == k);
        for (std::size_t i = 0; i < k; ++i) {
            CAPTURE(i);
            CHECK(got[i].ballot == expected_ids[i]);
            CHECK(got[i].ticket == expected_tickets[i]);
            CHECK(ids[got[i].index] == got[i].ballot);
        }
        ++cases;
    };
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        const auto f = split_tabs(line);
        if (f[0] == "seed") {
            check_case();
            seed = f.at(1);
            k = std::stoul(f.at(2));
            ids.clear();
            expected_ids.clear();
            expected_tickets.clear();
        } else if (f[0] == "ids") {
            ids.assign(f.begin() + 1, f.end());
        } else if (f[0] == "pick") {
            expected_ids.push_back(f.at(1));
            expected_tickets.push_back(f.at(2));
        }
    }
    check_case();
    CHECK(cases == 12);
}

TEST_CASE("sample::rejects") {
    const std::vector<std::string> ids{"1", "2", "3"};
    SUBCASE("seed") {
        for (const char* seed : {"", "12a4", "-1", "１２", " 12"}) {
            CAPTURE(seed);
            const auto e = error_of([&] { (void)sample_ballots(seed, ids, 1); });
            REQUIRE(e);
            CHECK(e->code() == ExitCode::usage);
        }
        CHECK(!error_of([&] { (void)sample_ballots(std::string(256, '7'), ids, 1); }));
        const auto e = error_of([&] { (void)sample_ballots(std::string(257, '7'), ids, 1); });
        REQUIRE(e);
        CHECK(e->code() == ExitCode::usage);
        CHECK(std::string(e->what()).ends_with(": it must be 1 to 256 digits 0-9"));
    }
    SUBCASE("size") {
        for (std::size_t k : {0, 4}) {
            const auto e = error_of([&] { (void)sample_ballots("12", ids, k); });
            REQUIRE(e);
            CHECK(e->code() == ExitCode::usage);
        }
        const auto e = error_of([&] { (void)sample_ballots("12", ids, 4); });
        CHECK(std::string(e->what()) == "bad sample size 4: the record has 3 ballots");
        CHECK(sample_ballots("12", ids, 3).size() == 3);
    }
    SUBCASE("duplicate serial") {
        const auto e = error_of([&] { (void)sample_ballots("12", {"1", "2", "1"}, 1); });
        REQUIRE(e);
        CHECK(e->code() == ExitCode::input);
        CHECK(std::string(e->what()) == "ballot serial \"1\" occurs twice");
    }
}
