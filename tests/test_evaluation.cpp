// R8 arithmetic: verdicts at exactly half and half + 1 of the base, rates rounded half up at
// x.xx5, no rate without valid ballots, 2 and 5 levels; then 300 random rounds against
// tests/scripts/evaluation_oracle.py, an independent re-computation from R8's text (docs/rules.md §R8).
#include <piaojue/evaluation.hpp>

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

LevelCounts counts(std::vector<Count> levels, Count abstain = 0, Count unreadable = 0) {
    return LevelCounts{std::move(levels), abstain, unreadable};
}

}  // namespace

TEST_CASE("evaluation::percentage") {
    // Hand values: 37/41 = 90.2439…; 1/8 = 12.5 exactly; 1/16 = 6.25; 1/3 = 33.333…; 2/3 = 66.666…;
    // 1/800 = 0.125 (half: up); 1/1600 = 0.0625 (below half: down); 1/400 = 0.25; 3/8000 = 0.0375.
    CHECK(percentage(37, 41) == "90.24");
    CHECK(percentage(1, 8) == "12.50");
    CHECK(percentage(1, 16) == "6.25");
    CHECK(percentage(1, 3) == "33.33");
    CHECK(percentage(2, 3) == "66.67");
    CHECK(percentage(1, 800) == "0.13");
    CHECK(percentage(1, 1600) == "0.06");
    CHECK(percentage(3, 8000) == "0.04");
    CHECK(percentage(1, 400) == "0.25");
    CHECK(percentage(41, 41) == "100.00");
    CHECK(percentage(0, 41) == "0.00");
    CHECK(percentage(199, 200) == "99.50");
    CHECK(percentage(19998, 20000) == "99.99");
    CHECK(percentage(19999, 20000) == "100.00");  // 99.995: half, up to the whole
    CHECK(percentage(39999, 40000) == "100.00");  // 99.9975
    CHECK(percentage(79999, 80000) == "100.00");  // 99.99875
    CHECK(percentage(59999, 60000) == "100.00");  // 99.99833…
    CHECK(percentage(0, 0) == std::nullopt);
    CHECK(percentage(1, 0) == std::nullopt);
    // No 64-bit overflow: 2^62 × 10^4 does not fit, the exact result does.
    const Count big = Count{1} << 62;
    CHECK(percentage(big - 1, big) == "100.00");
    CHECK(percentage(big / 8, big) == "12.50");
    CHECK(percentage(big / 3, big) == "33.33");
}

TEST_CASE("evaluation::verdict") {
    // Default levels 满意 / 基本满意 / 不满意 with 45 deputies: required = 23.
    const Count required = majority_of(45);
    REQUIRE(required == 23);
    CHECK(evaluation_verdict({23, 0, 18}, required) == 0);  // 满意 reaches it alone
    CHECK(evaluation_verdict({22, 1, 18}, required) == 1);  // 满意 + 基本满意 = 23
    CHECK(evaluation_verdict({22, 0, 19}, required) == 2);  // 22 < 23 → 不满意
    CHECK(evaluation_verdict({0, 0, 41}, required) == 2);
    // Exactly half of an even base is not enough; half + 1 is (base 40: required 21).
    CHECK(evaluation_verdict({20, 0, 20}, majority_of(40)) == 2);
    CHECK(evaluation_verdict({21, 0, 19}, majority_of(40)) == 0);
    CHECK(evaluation_verdict({10, 10, 20}, majority_of(40)) == 2);
    CHECK(evaluation_verdict({10, 11, 19}, majority_of(40)) == 1);
    // Two levels (满意 / 不满意): the best level or the worst.
    CHECK(evaluation_verdict({21, 19}, 21) == 0);
    CHECK(evaluation_verdict({20, 20}, 21) == 1);
    // Five levels: the cumulative marks reach 21 at the fourth level.
    CHECK(evaluation_verdict({5, 5, 5, 6, 19}, 21) == 3);
    CHECK(evaluation_verdict({5, 5, 5, 5, 20}, 21) == 4);
    CHECK(evaluation_verdict({5, 5, 11, 0, 19}, 21) == 2);
}

TEST_CASE("evaluation::evaluate") {
    SUBCASE("a township of 45 deputies, 41 valid ballots") {
        // P1: 满意 37 of 41 → 90.24 (no 基本满意); P2: 22 + 1 = 23 → 基本满意, rate 23/41 = 56.10;
        // P3: 20 满意 + 2 基本满意 = 22 < 23 → 不满意, rate 22/41 = 53.66 (abstain 4, unreadable 1).
        const Evaluation e = evaluate(3, {counts({37, 0, 4}), counts({22, 1, 18}), counts({20, 2, 14}, 4, 1)}, 41, 45);
        CHECK(e.required == 23);
        REQUIRE(e.projects.size() == 3);
        CHECK(e.projects[0].verdict == 0);
        CHECK(e.projects[0].rate == "90.24");
        CHECK(e.projects[1].verdict == 1);
        CHECK(e.projects[1].rate == "56.10");
        CHECK(e.projects[2].verdict == 2);
        CHECK(e.projects[2].rate == "53.66");
        // (37 + 23 + 22) / (41 × 3) = 82 / 123 = 66.666…
        CHECK(e.overall_rate == "66.67");
    }
    SUBCASE("no valid ballot: verdicts, no rates") {
        const Evaluation e = evaluate(3, {counts({0, 0, 0}), counts({0, 0, 0})}, 0, 45);
        CHECK(e.projects[0].verdict == 2);
        CHECK(e.projects[0].rate == std::nullopt);
        CHECK(e.overall_rate == std::nullopt);
    }
    SUBCASE("every ballot in the best level") {
        const Evaluation e = evaluate(2, {counts({8, 0}), counts({1, 7})}, 8, 8);
        CHECK(e.projects[0].rate == "100.00");
        CHECK(e.projects[1].rate == "12.50");
        CHECK(e.overall_rate == "56.25");  // 9/16
        CHECK(e.projects[1].verdict == 1);
    }
    SUBCASE("five levels: the worst alone is left out of the rate") {
        const Evaluation e = evaluate(5, {counts({1, 1, 1, 1, 12})}, 16, 16);
        CHECK(e.projects[0].rate == "25.00");
        CHECK(e.projects[0].verdict == 4);
    }
    SUBCASE("pooled sums past 64 bits") {
        const Count valid = Count{1} << 62;
        const Evaluation e = evaluate(2, {counts({valid, 0}), counts({valid, 0}), counts({0, valid})}, valid, valid);
        CHECK(e.overall_rate == "66.67");
    }
    SUBCASE("numbers that cannot come from one count") {
        const auto message = [](const std::function<void()>& f) {
            const auto e = error_of(f);
            REQUIRE(e);
            CHECK(e->code() == ExitCode::input);
            return std::string(e->what());
        };
        CHECK(message([] {
                  (void)evaluate(3, {counts({20, 2, 18})}, 41, 45);
              }) ==
              "inconsistent evaluation counts: project 1: levels + abstain + unreadable = 40, not the 41 valid "
              "ballots");
        CHECK(message([] {
                  (void)evaluate(3, {counts({20, 21})}, 41, 45);
              }) == "inconsistent evaluation counts: project 1 has 2 level counts, not 3");
        CHECK(message([] { (void)evaluate(1, {counts({41})}, 41, 45); }) ==
              "inconsistent evaluation counts: 1 levels (2 to 5 are allowed)");
        CHECK(message([] { (void)evaluate(6, {}, 41, 45); }) ==
              "inconsistent evaluation counts: 6 levels (2 to 5 are allowed)");
        CHECK(message([] {
                  (void)evaluate(2, {counts({42, -1})}, 41, 45);
              }) == "inconsistent evaluation counts: project 1 has a negative count");
        CHECK(message([] { (void)evaluate(2, {}, -1, 45); }) ==
              "inconsistent evaluation counts: a negative ballot count");
    }
}

TEST_CASE("evaluation::matches_independent_oracle") {
    std::istringstream in(data_file("evaluation/cases.tsv"));
    std::string line;
    std::size_t levels = 0;
    Count valid = 0;
    Count base = 0;
    std::vector<LevelCounts> projects;
    std::vector<std::size_t> verdicts;
    std::vector<std::string> rates;
    std::size_t cases = 0;
    std::size_t at_half = 0;  // cases with a project's best-level marks exactly half of the base
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        const auto f = split_tabs(line);
        if (f[0] == "case") {
            levels = std::stoul(f.at(1));
            valid = std::stoll(f.at(2));
            base = std::stoll(f.at(3));
            projects.clear();
            verdicts.clear();
            rates.clear();
        } else if (f[0] == "project") {
            REQUIRE(f.size() == levels + 5);
            LevelCounts c;
            for (std::size_t l = 0; l < levels; ++l) c.levels.push_back(std::stoll(f[1 + l]));
            c.abstain = std::stoll(f[1 + levels]);
            c.unreadable = std::stoll(f[2 + levels]);
            if (base % 2 == 0 && base > 0 && c.levels[0] == base / 2) ++at_half;
            projects.push_back(std::move(c));
            verdicts.push_back(std::stoul(f[3 + levels]));
            rates.push_back(f[4 + levels]);
        } else if (f[0] == "overall") {
            CAPTURE(line);
            CAPTURE(cases);
            const Evaluation e = evaluate(levels, projects, valid, base);
            CHECK(e.required == std::stoll(f.at(1)));
            REQUIRE(e.projects.size() == projects.size());
            for (std::size_t p = 0; p < projects.size(); ++p) {
                CAPTURE(p);
                CHECK(e.projects[p].verdict == verdicts[p]);
                CHECK(e.projects[p].rate.value_or("-") == rates[p]);
            }
            CHECK(e.overall_rate.value_or("-") == f.at(2));
            ++cases;
        }
    }
    CHECK(cases == 300);
    CHECK(at_half > 10);  // the generator does hit the boundary
}
