// R1 surplus, R2 quorum, R5 majority: the integer arithmetic behind every public decision.
// Expected values below were computed by hand from the rules (docs/rules.md §R1, §R2, §R5), not from the code.
#include <piaojue/rules.hpp>

#include <doctest/doctest.h>

#include <array>

using namespace piaojue;

namespace {

// Seats 1..15 → fewest candidates. Hand computation (s = seats):
//   ceil-20:      s + max(1, ⌈0.2s⌉)        ⌈0.2s⌉ = 1,1,1,1,1,2,2,2,2,2,3,3,3,3,3
//   more-than-20: smallest c with c−s > 0.2s, i.e. c−s = ⌊0.2s⌋+1 = 1,1,1,1,2,2,2,2,2,3,3,3,3,3,4
//   nearest-20:   s + max(1, round-half-up(0.2s)); 0.2s = .2 .4 .6 .8 1 1.2 1.4 1.6 1.8 2 2.2 2.4
//                 2.6 2.8 3 → 0,0,1,1,1,1,1,2,2,2,2,2,3,3,3 → max(1,…) = 1,1,1,1,1,1,1,2,2,2,2,2,3,3,3
//   none:         s
constexpr std::array<Count, 15> k_ceil_20{2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 14, 15, 16, 17, 18};
constexpr std::array<Count, 15> k_more_than_20{2, 3, 4, 5, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 19};
constexpr std::array<Count, 15> k_nearest_20{2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 16, 17, 18};

void check_table(SurplusRule rule, const std::array<Count, 15>& expected) {
    for (Count seats = 1; seats <= 15; ++seats) {
        CAPTURE(seats);
        CHECK(minimum_candidates(rule, seats) == expected[static_cast<std::size_t>(seats - 1)]);
    }
}

}  // namespace

TEST_CASE("surplus::minimum_candidates") {
    SUBCASE("ceil-20") {
        check_table(SurplusRule::ceil_20, k_ceil_20);
    }
    SUBCASE("more-than-20") {
        check_table(SurplusRule::more_than_20, k_more_than_20);
    }
    SUBCASE("nearest-20") {
        check_table(SurplusRule::nearest_20, k_nearest_20);
    }
    SUBCASE("none") {
        for (Count seats = 1; seats <= 15; ++seats) CHECK(minimum_candidates(SurplusRule::none, seats) == seats);
    }
    SUBCASE("large seat counts stay exact") {
        CHECK(minimum_candidates(SurplusRule::ceil_20, 1000) == 1200);
        CHECK(minimum_candidates(SurplusRule::ceil_20, 1001) == 1202);
        CHECK(minimum_candidates(SurplusRule::more_than_20, 1000) == 1201);
        CHECK(minimum_candidates(SurplusRule::nearest_20, 1002) == 1202);  // 200.4 → 200
        CHECK(minimum_candidates(SurplusRule::nearest_20, 1003) == 1204);  // 200.6 → 201
    }
}

TEST_CASE("surplus::spec_examples") {
    // docs/rules.md §R1: 12→10 ok, 6→5 ok, 11→10 rejected; more-than-20: 5 seats need 7, 10 need 13.
    CHECK(12 >= minimum_candidates(SurplusRule::ceil_20, 10));
    CHECK(6 >= minimum_candidates(SurplusRule::ceil_20, 5));
    CHECK(11 < minimum_candidates(SurplusRule::ceil_20, 10));
    CHECK(2 >= minimum_candidates(SurplusRule::ceil_20, 1));
    CHECK(minimum_candidates(SurplusRule::more_than_20, 5) == 7);
    CHECK(minimum_candidates(SurplusRule::more_than_20, 10) == 13);
    CHECK(6 < minimum_candidates(SurplusRule::more_than_20, 5));
}

TEST_CASE("quorum::quorum_required") {
    SUBCASE("at-least-2/3: present × 3 ≥ deputies × 2") {
        CHECK(quorum_required(QuorumRule::at_least_2_3, 45) == 30);  // 30 ok, 29 not
        CHECK(quorum_required(QuorumRule::at_least_2_3, 3) == 2);
        CHECK(quorum_required(QuorumRule::at_least_2_3, 6) == 4);
        CHECK(quorum_required(QuorumRule::at_least_2_3, 250) == 167);  // 166 × 3 = 498 < 500
        CHECK(quorum_required(QuorumRule::at_least_2_3, 1) == 1);
    }
    SUBCASE("more-than-2/3: present × 3 > deputies × 2") {
        CHECK(quorum_required(QuorumRule::more_than_2_3, 45) == 31);  // 30 × 3 = 90 is not > 90
        CHECK(quorum_required(QuorumRule::more_than_2_3, 3) == 3);
        CHECK(quorum_required(QuorumRule::more_than_2_3, 6) == 5);
        CHECK(quorum_required(QuorumRule::more_than_2_3, 250) == 167);
        CHECK(quorum_required(QuorumRule::more_than_2_3, 1) == 1);
    }
    SUBCASE("more-than-1/2: present × 2 > deputies") {
        CHECK(quorum_required(QuorumRule::more_than_1_2, 45) == 23);
        CHECK(quorum_required(QuorumRule::more_than_1_2, 3) == 2);
        CHECK(quorum_required(QuorumRule::more_than_1_2, 6) == 4);
        CHECK(quorum_required(QuorumRule::more_than_1_2, 250) == 126);
        CHECK(quorum_required(QuorumRule::more_than_1_2, 1) == 1);
    }
    SUBCASE("the formula agrees with the rule's inequality for 1..500 deputies") {
        for (Count d = 1; d <= 500; ++d) {
            CAPTURE(d);
            Count a = quorum_required(QuorumRule::at_least_2_3, d);
            CHECK(a * 3 >= d * 2);
            CHECK((a - 1) * 3 < d * 2);
            Count m = quorum_required(QuorumRule::more_than_2_3, d);
            CHECK(m * 3 > d * 2);
            CHECK((m - 1) * 3 <= d * 2);
            Count h = quorum_required(QuorumRule::more_than_1_2, d);
            CHECK(h * 2 > d);
            CHECK((h - 1) * 2 <= d);
        }
    }
}

TEST_CASE("majority::majority_of") {
    CHECK(majority_of(45) == 23);
    CHECK(majority_of(50) == 26);  // exactly half (25) is not a majority
    CHECK(majority_of(51) == 26);
    CHECK(majority_of(1) == 1);
    CHECK(majority_of(2) == 2);
    CHECK(majority_of(0) == 1);
    static_assert(majority_of(41) == 21);
}

TEST_CASE("rules::names") {
    SUBCASE("round trip") {
        for (auto r : {SurplusRule::ceil_20, SurplusRule::more_than_20, SurplusRule::nearest_20, SurplusRule::none})
            CHECK(parse_surplus(name(r)) == r);
        for (auto r : {QuorumRule::at_least_2_3, QuorumRule::more_than_2_3, QuorumRule::more_than_1_2})
            CHECK(parse_quorum(name(r)) == r);
        for (auto r : {PassBase::all_deputies, PassBase::present, PassBase::returned, PassBase::valid})
            CHECK(parse_pass_base(name(r)) == r);
        for (auto r : {UnreadableRule::void_mark, UnreadableRule::void_ballot}) CHECK(parse_unreadable(name(r)) == r);
        for (auto r : {ShortfallRule::supplementary, ShortfallRule::leave_unfilled})
            CHECK(parse_shortfall(name(r)) == r);
    }
    SUBCASE("the names written in session files and records") {
        CHECK(name(SurplusRule::ceil_20) == "ceil-20");
        CHECK(name(SurplusRule::more_than_20) == "more-than-20");
        CHECK(name(SurplusRule::nearest_20) == "nearest-20");
        CHECK(name(SurplusRule::none) == "none");
        CHECK(name(QuorumRule::at_least_2_3) == "at-least-2/3");
        CHECK(name(QuorumRule::more_than_2_3) == "more-than-2/3");
        CHECK(name(QuorumRule::more_than_1_2) == "more-than-1/2");
        CHECK(name(PassBase::all_deputies) == "all-deputies");
        CHECK(name(PassBase::valid) == "valid");
        CHECK(name(UnreadableRule::void_mark) == "void-mark");
        CHECK(name(UnreadableRule::void_ballot) == "void-ballot");
        CHECK(name(ShortfallRule::supplementary) == "supplementary");
        CHECK(name(ShortfallRule::leave_unfilled) == "leave-unfilled");
    }
    SUBCASE("no near misses are accepted") {
        CHECK_FALSE(parse_surplus("Ceil-20").has_value());
        CHECK_FALSE(parse_surplus("ceil_20").has_value());
        CHECK_FALSE(parse_quorum("2/3").has_value());
        CHECK_FALSE(parse_pass_base("all").has_value());
        CHECK_FALSE(parse_unreadable("").has_value());
        CHECK_FALSE(parse_shortfall("supplementary ").has_value());
    }
}
