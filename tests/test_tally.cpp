// R1–R7 decisions (decide_before_ballots, decide) and R4 ballot validity (BallotCounter).
#include <piaojue/tally.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

using namespace piaojue;
using namespace piaojue::test;

namespace {

using Indexes = std::vector<std::size_t>;

std::vector<CandidateStatus> statuses(const Decision& d) {
    std::vector<CandidateStatus> out;
    for (const CandidateResult& r : d.candidates) out.push_back(r.status);
    return out;
}

std::vector<std::optional<Count>> ranks(const Decision& d) {
    std::vector<std::optional<Count>> out;
    for (const CandidateResult& r : d.candidates) out.push_back(r.rank);
    return out;
}

constexpr auto S = CandidateStatus::selected;
constexpr auto T = CandidateStatus::tied;
constexpr auto NS = CandidateStatus::not_selected;
constexpr auto F = CandidateStatus::failed;
constexpr std::optional<Count> no_rank;

}  // namespace

TEST_CASE("tally::names_and_exit_codes") {
    CHECK(name(Outcome::final_) == "final");
    CHECK(name(Outcome::no_quorum) == "no-quorum");
    CHECK(name(Outcome::slate_rejected) == "slate-rejected");
    CHECK(name(CandidateStatus::not_selected) == "not-selected");
    CHECK(parse_outcome("void") == Outcome::void_);
    CHECK(parse_outcome("final_") == std::nullopt);
    CHECK(parse_round_kind("supplementary") == RoundKind::supplementary);
    CHECK(parse_round_kind("Tie") == std::nullopt);
    CHECK(exit_code(Outcome::final_) == ExitCode::ok);
    CHECK(exit_code(Outcome::tie) == ExitCode::another_round);
    CHECK(exit_code(Outcome::shortfall) == ExitCode::another_round);
    CHECK(exit_code(Outcome::void_) == ExitCode::vote_void);
    CHECK(exit_code(Outcome::no_quorum) == ExitCode::vote_void);
    CHECK(exit_code(Outcome::slate_rejected) == ExitCode::slate_rejected);
    CHECK(static_cast<int>(ExitCode::slate_rejected) == 4);
    CHECK(static_cast<int>(ExitCode::vote_void) == 5);
    CHECK(static_cast<int>(ExitCode::another_round) == 6);
}

TEST_CASE("tally::decide_before_ballots") {
    SUBCASE("a list that meets R1, a quorum and consistent numbers goes on to the ballots") {
        RoundSetup s = make_setup(12, 10);
        CHECK_FALSE(decide_before_ballots(s).has_value());
    }
    SUBCASE("slate-rejected: 11 candidates for 10 seats, needs 12") {
        RoundSetup s = make_setup(11, 10);
        auto d = decide_before_ballots(s);
        REQUIRE(d.has_value());
        CHECK(d->outcome == Outcome::slate_rejected);
        CHECK(d->minimum_candidates == 12);
        CHECK_FALSE(d->tallied());
        CHECK(d->selected.empty());
        CHECK(exit_code(d->outcome) == ExitCode::slate_rejected);
    }
    SUBCASE("slate-rejected under more-than-20: 6 candidates for 5 seats, needs 7") {
        RoundSetup s = make_setup(6, 5);
        s.rules.surplus = SurplusRule::more_than_20;
        auto d = decide_before_ballots(s);
        REQUIRE(d.has_value());
        CHECK(d->outcome == Outcome::slate_rejected);
        CHECK(d->minimum_candidates == 7);
    }
    SUBCASE("surplus none still needs candidates ≥ seats") {
        RoundSetup s = make_setup(5, 5);
        s.rules.surplus = SurplusRule::none;
        CHECK_FALSE(decide_before_ballots(s).has_value());
        RoundSetup t = make_setup(4, 5);
        t.rules.surplus = SurplusRule::none;
        REQUIRE(decide_before_ballots(t).has_value());
        CHECK(decide_before_ballots(t)->outcome == Outcome::slate_rejected);
        CHECK(decide_before_ballots(t)->minimum_candidates == 5);
    }
    SUBCASE("later rounds are not subject to R1") {
        RoundSetup s = make_setup(2, 10);  // 2 tied projects for 1 remaining seat of 10
        s.kind = RoundKind::tie;
        s.round = 2;
        s.seats = 1;
        CHECK_FALSE(decide_before_ballots(s).has_value());
        s.kind = RoundKind::supplementary;
        CHECK_FALSE(decide_before_ballots(s).has_value());
    }
    SUBCASE("no-quorum: 45 deputies, 29 present; 30 is enough") {
        RoundSetup s = make_setup(12, 10);
        s.session.present = s.session.ballots_issued = s.session.ballots_returned = 29;
        auto d = decide_before_ballots(s);
        REQUIRE(d.has_value());
        CHECK(d->outcome == Outcome::no_quorum);
        CHECK(d->quorum_required == 30);
        CHECK_FALSE(d->quorum_met);
        CHECK(exit_code(d->outcome) == ExitCode::vote_void);
        s.session.present = s.session.ballots_issued = s.session.ballots_returned = 30;
        CHECK_FALSE(decide_before_ballots(s).has_value());
    }
    SUBCASE("no-quorum under each quorum rule at its boundary") {
        struct Case {
            QuorumRule rule;
            Count deputies, enough;
        };
        for (Case c : {Case{QuorumRule::at_least_2_3, 45, 30}, Case{QuorumRule::more_than_2_3, 45, 31},
                       Case{QuorumRule::more_than_1_2, 45, 23}, Case{QuorumRule::at_least_2_3, 3, 2},
                       Case{QuorumRule::more_than_2_3, 3, 3}, Case{QuorumRule::more_than_1_2, 6, 4},
                       Case{QuorumRule::more_than_2_3, 6, 5}, Case{QuorumRule::at_least_2_3, 250, 167},
                       Case{QuorumRule::more_than_1_2, 250, 126}}) {
            CAPTURE(name(c.rule));
            CAPTURE(c.deputies);
            RoundSetup s = make_setup(12, 10);
            s.rules.quorum = c.rule;
            s.session.deputies = c.deputies;
            s.session.present = s.session.ballots_issued = s.session.ballots_returned = c.enough;
            CHECK_FALSE(decide_before_ballots(s).has_value());
            s.session.present = s.session.ballots_issued = s.session.ballots_returned = c.enough - 1;
            auto d = decide_before_ballots(s);
            REQUIRE(d.has_value());
            CHECK(d->outcome == Outcome::no_quorum);
            CHECK(d->quorum_required == c.enough);
        }
    }
    SUBCASE("void: more ballots returned than issued") {
        RoundSetup s = make_setup(12, 10);
        s.session.ballots_returned = 42;
        auto d = decide_before_ballots(s);
        REQUIRE(d.has_value());
        CHECK(d->outcome == Outcome::void_);
        CHECK(d->quorum_met);
        CHECK_FALSE(d->tallied());
        CHECK(exit_code(d->outcome) == ExitCode::vote_void);
        s.session.ballots_returned = 41;  // equal is fine
        CHECK_FALSE(decide_before_ballots(s).has_value());
        s.session.ballots_returned = 40;  // fewer returned is fine
        CHECK_FALSE(decide_before_ballots(s).has_value());
    }
    SUBCASE("the checks come in meeting order: list, quorum, reconciliation") {
        RoundSetup s = make_setup(11, 10);
        s.session.present = 20;
        s.session.ballots_issued = 20;
        s.session.ballots_returned = 21;
        CHECK(decide_before_ballots(s)->outcome == Outcome::slate_rejected);
        s.candidates = make_candidates(12);
        CHECK(decide_before_ballots(s)->outcome == Outcome::no_quorum);
        s.session.present = 41;
        CHECK(decide_before_ballots(s)->outcome == Outcome::void_);
    }
}

TEST_CASE("tally::majority_threshold") {
    // 45 deputies, base all-deputies: required 23; 22 approvals (short of half) fails.
    RoundSetup s = make_setup(12, 10);
    Decision d = decide(s, counts_with({23, 22, 24, 40, 40, 40, 40, 40, 40, 40, 40, 0}));
    REQUIRE(d.threshold.has_value());
    CHECK(d.threshold->base == "all-deputies");
    CHECK(d.threshold->base_count == 45);
    CHECK(d.threshold->required == 23);
    CHECK(d.candidates[0].passed);
    CHECK_FALSE(d.candidates[1].passed);
    CHECK(d.candidates[1].status == F);
    CHECK_FALSE(d.candidates[1].rank.has_value());
    CHECK(d.candidates[2].passed);

    SUBCASE("exactly half of an even base fails") {
        s.session.deputies = 50;
        Decision e = decide(s, counts_with({25, 26, 40, 40, 40, 40, 40, 40, 40, 40, 40, 0}));
        CHECK(e.threshold->required == 26);
        CHECK_FALSE(e.candidates[0].passed);
        CHECK(e.candidates[1].passed);
    }
}

TEST_CASE("tally::pass_base") {
    // 45 deputies, 41 present, 40 returned, 38 valid.
    RoundSetup s = make_setup(12, 10);
    s.session.ballots_returned = 40;
    struct Case {
        PassBase base;
        const char* name;
        Count base_count, required;
    };
    for (Case c : {Case{PassBase::all_deputies, "all-deputies", 45, 23}, Case{PassBase::present, "present", 41, 21},
                   Case{PassBase::returned, "returned", 40, 21}, Case{PassBase::valid, "valid", 38, 20}}) {
        CAPTURE(c.name);
        s.rules.pass_base = c.base;
        BallotCounts counts = counts_with({c.required, c.required - 1, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30}, 38);
        Decision d = decide(s, counts);
        REQUIRE(d.threshold.has_value());
        CHECK(d.threshold->base == c.name);
        CHECK(d.threshold->base_count == c.base_count);
        CHECK(d.threshold->required == c.required);
        CHECK(d.candidates[0].passed);
        CHECK_FALSE(d.candidates[1].passed);
    }
}

TEST_CASE("tally::ranks") {
    // Competition ranks among those that pass (1, 2, 2, 4); failures have none.
    RoundSetup s = make_setup(6, 4);
    Decision d = decide(s, counts_with({30, 40, 35, 35, 10, 24}));
    CHECK(ranks(d) == std::vector<std::optional<Count>>{4, 1, 2, 2, no_rank, 5});
    CHECK(d.outcome == Outcome::final_);
    CHECK(d.selected == Indexes{1, 2, 3, 0});  // by rank, ballot order within equal approvals
    CHECK(statuses(d) == std::vector{S, S, S, S, F, NS});
}

TEST_CASE("tally::tie_at_cut_line") {
    SUBCASE("a tie of 2 at the cut line: those above are selected, the pair re-votes for the rest") {
        RoundSetup s = make_setup(6, 3);
        Decision d = decide(s, counts_with({40, 35, 30, 30, 25, 10}));
        CHECK(d.outcome == Outcome::tie);
        CHECK(exit_code(d.outcome) == ExitCode::another_round);
        CHECK(d.selected == Indexes{0, 1});
        CHECK(statuses(d) == std::vector{S, S, T, T, NS, F});
        CHECK(ranks(d) == std::vector<std::optional<Count>>{1, 2, 3, 3, 5, no_rank});
        REQUIRE(d.next_round.has_value());
        CHECK(d.next_round->kind == RoundKind::tie);
        CHECK(d.next_round->seats == 1);
        CHECK(d.next_round->candidates == Indexes{2, 3});
        CHECK(d.seats_unfilled == 0);
        REQUIRE(d.cumulative.size() == 2);
        CHECK(d.cumulative[0].id == "P01");
        CHECK(d.cumulative[1].id == "P02");
    }
    SUBCASE("a tie of 3 at the cut line, listed in ballot order whatever their position") {
        RoundSetup s = make_setup(6, 3);
        Decision d = decide(s, counts_with({30, 40, 25, 30, 30, 10}));
        CHECK(d.outcome == Outcome::tie);
        CHECK(d.selected == Indexes{1});
        CHECK(statuses(d) == std::vector{T, S, NS, T, T, F});
        REQUIRE(d.next_round.has_value());
        CHECK(d.next_round->seats == 2);
        CHECK(d.next_round->candidates == Indexes{0, 3, 4});
    }
    SUBCASE("the whole top group tied: nobody selected, all seats re-voted") {
        RoundSetup s = make_setup(4, 2);
        Decision d = decide(s, counts_with({30, 30, 30, 10}));
        CHECK(d.outcome == Outcome::tie);
        CHECK(d.selected.empty());
        CHECK(d.next_round->seats == 2);
        CHECK(d.next_round->candidates == Indexes{0, 1, 2});
        CHECK(d.cumulative.empty());
    }
    SUBCASE("a tie above the cut line is no re-vote") {
        RoundSetup s = make_setup(5, 3);
        Decision d = decide(s, counts_with({40, 35, 35, 30, 24}));
        CHECK(d.outcome == Outcome::final_);
        CHECK(d.selected == Indexes{0, 1, 2});
        CHECK_FALSE(d.next_round.has_value());
        CHECK(statuses(d) == std::vector{S, S, S, NS, NS});
    }
    SUBCASE("a tie below the cut line is no re-vote") {
        RoundSetup s = make_setup(6, 3);
        Decision d = decide(s, counts_with({40, 35, 33, 30, 30, 30}));
        CHECK(d.outcome == Outcome::final_);
        CHECK(d.selected == Indexes{0, 1, 2});
        CHECK(statuses(d) == std::vector{S, S, S, NS, NS, NS});
        CHECK(ranks(d) == std::vector<std::optional<Count>>{1, 2, 3, 4, 4, 4});
    }
    SUBCASE("a tie among projects that failed the threshold is no re-vote") {
        RoundSetup s = make_setup(5, 2);
        Decision d = decide(s, counts_with({40, 30, 20, 20, 20}));
        CHECK(d.outcome == Outcome::final_);
        CHECK(d.selected == Indexes{0, 1});
        CHECK(statuses(d) == std::vector{S, S, F, F, F});
    }
    SUBCASE("a tied group that exactly fills the seats is selected") {
        RoundSetup s = make_setup(4, 3);
        Decision d = decide(s, counts_with({40, 30, 30, 10}));
        CHECK(d.outcome == Outcome::final_);
        CHECK(d.selected == Indexes{0, 1, 2});
    }
    SUBCASE("equal approvals among fewer passing projects than seats: all selected, no re-vote") {
        RoundSetup s = make_setup(4, 3);
        Decision d = decide(s, counts_with({30, 30, 10, 10}));
        CHECK(d.outcome == Outcome::shortfall);
        CHECK(d.selected == Indexes{0, 1});
    }
}

TEST_CASE("tally::shortfall") {
    RoundSetup s = make_setup(5, 3);
    BallotCounts counts = counts_with({10, 30, 5, 25, 0});
    SUBCASE("supplementary: the next round is among ALL projects not selected, for the remaining seats") {
        Decision d = decide(s, counts);
        CHECK(d.outcome == Outcome::shortfall);
        CHECK(exit_code(d.outcome) == ExitCode::another_round);
        CHECK(d.selected == Indexes{1, 3});
        CHECK(statuses(d) == std::vector{F, S, F, S, F});
        REQUIRE(d.next_round.has_value());
        CHECK(d.next_round->kind == RoundKind::supplementary);
        CHECK(d.next_round->seats == 1);
        CHECK(d.next_round->candidates == Indexes{0, 2, 4});
        CHECK(d.seats_unfilled == 0);
    }
    SUBCASE("leave-unfilled: final, the open seat stays unfilled") {
        s.rules.shortfall = ShortfallRule::leave_unfilled;
        Decision d = decide(s, counts);
        CHECK(d.outcome == Outcome::final_);
        CHECK(d.selected == Indexes{1, 3});
        CHECK_FALSE(d.next_round.has_value());
        CHECK(d.seats_unfilled == 1);
    }
    SUBCASE("nobody passes: all seats go to the supplementary vote among all projects") {
        Decision d = decide(s, counts_with({1, 2, 3, 4, 5}));
        CHECK(d.outcome == Outcome::shortfall);
        CHECK(d.selected.empty());
        CHECK(d.next_round->seats == 3);
        CHECK(d.next_round->candidates == Indexes{0, 1, 2, 3, 4});
    }
    SUBCASE("a supplementary round that is itself short is final with the rest unfilled") {
        RoundSetup sup = make_setup(3, 10);
        sup.kind = RoundKind::supplementary;
        sup.round = 2;
        sup.seats = 2;
        Decision d = decide(sup, counts_with({30, 10, 5}));
        REQUIRE(d.threshold.has_value());
        CHECK(d.threshold->base == "all-deputies");
        CHECK(d.threshold->required == 23);  // R7: a supplementary round uses the R5 threshold
        CHECK(d.outcome == Outcome::final_);
        CHECK(d.selected == Indexes{0});
        CHECK_FALSE(d.next_round.has_value());
        CHECK(d.seats_unfilled == 1);
    }
    SUBCASE("a supplementary round with a tie at the cut line goes to a tie re-vote") {
        RoundSetup sup = make_setup(4, 10);
        sup.kind = RoundKind::supplementary;
        sup.round = 2;
        sup.seats = 1;
        Decision d = decide(sup, counts_with({30, 30, 10, 5}));
        CHECK(d.outcome == Outcome::tie);
        CHECK(d.next_round->kind == RoundKind::tie);
        CHECK(d.next_round->seats == 1);
        CHECK(d.next_round->candidates == Indexes{0, 1});
    }
}

TEST_CASE("tally::tie_revote") {
    RoundSetup s = make_setup(2, 10);
    s.kind = RoundKind::tie;
    s.round = 2;
    s.seats = 1;
    SUBCASE("no threshold: the most approvals win, however few") {
        Decision d = decide(s, counts_with({3, 2}));
        REQUIRE(d.threshold.has_value());
        CHECK(d.threshold->base == "none");
        CHECK_FALSE(d.threshold->required.has_value());
        CHECK(d.threshold->base_count == 0);
        CHECK(d.candidates[0].passed);
        CHECK(d.candidates[1].passed);
        CHECK(d.outcome == Outcome::final_);
        CHECK(d.selected == Indexes{0});
        CHECK(statuses(d) == std::vector{S, NS});
        CHECK(d.seats_unfilled == 0);
        REQUIRE(d.cumulative.size() == 1);
        CHECK(d.cumulative[0].round == 2);
    }
    SUBCASE("tie again: another tie re-vote among the same projects") {
        Decision d = decide(s, counts_with({18, 18}));
        CHECK(d.outcome == Outcome::tie);
        CHECK(d.selected.empty());
        REQUIRE(d.next_round.has_value());
        CHECK(d.next_round->kind == RoundKind::tie);
        CHECK(d.next_round->seats == 1);
        CHECK(d.next_round->candidates == Indexes{0, 1});
    }
    SUBCASE("zero approvals each is a tie, never broken by order") {
        Decision d = decide(s, counts_with({0, 0}));
        CHECK(d.outcome == Outcome::tie);
        CHECK(d.next_round->candidates == Indexes{0, 1});
    }
    SUBCASE("three tied for two seats; one wins, two tie again for the last seat") {
        RoundSetup t = make_setup(3, 10);
        t.kind = RoundKind::tie;
        t.round = 3;
        t.seats = 2;
        Decision d = decide(t, counts_with({15, 20, 15}));
        CHECK(d.outcome == Outcome::tie);
        CHECK(d.selected == Indexes{1});
        CHECK(d.next_round->seats == 1);
        CHECK(d.next_round->candidates == Indexes{0, 2});
    }
}

TEST_CASE("tally::cumulative_selection") {
    RoundSetup s = make_setup(3, 10);
    s.kind = RoundKind::tie;
    s.round = 2;
    s.seats = 2;
    s.candidates[0].budget = Decimal::parse("30.25");
    s.candidates[2].budget = Decimal::parse("0.75");
    s.selected_before = {SelectedProject{"A1", "甲", Decimal::parse("100"), 1},
                         SelectedProject{"A2", "乙", Decimal::parse("50.5"), 1},
                         SelectedProject{"A3", "丙", std::nullopt, 1}};
    Decision d = decide(s, counts_with({20, 25, 10}));
    CHECK(d.outcome == Outcome::final_);
    CHECK(d.selected == Indexes{1, 0});
    REQUIRE(d.cumulative.size() == 5);
    CHECK(d.cumulative[0].id == "A1");
    CHECK(d.cumulative[2].id == "A3");
    CHECK(d.cumulative[3].id == "P02");
    CHECK(d.cumulative[3].round == 2);
    CHECK_FALSE(d.cumulative[3].budget.has_value());
    CHECK(d.cumulative[4].id == "P01");
    CHECK(d.budget_selected.to_string() == "180.75");  // 100 + 50.5 + 30.25 (P03's budget not selected)

    SUBCASE("a round that stops before the ballots carries the earlier selection") {
        s.session.ballots_returned = 42;
        auto stop = decide_before_ballots(s);
        REQUIRE(stop.has_value());
        CHECK(stop->outcome == Outcome::void_);
        CHECK(stop->cumulative.size() == 3);
        CHECK(stop->budget_selected.to_string() == "150.5");
    }
}

TEST_CASE("ballots::counter_validity") {
    RoundSetup s = make_setup(3, 2);
    auto count = [&](const std::vector<OwnedBallot>& ballots) {
        BallotCounter counter(s);
        for (const OwnedBallot& b : ballots) counter.add(b.view());
        return counter.finish();
    };
    SUBCASE("approving exactly the open seats is valid; one more is over-approval") {
        BallotCounts c = count({make_ballot("1", "YYN"), make_ballot("2", "YYY")});
        CHECK(c.rows == 2);
        CHECK(c.valid == 1);
        CHECK(c.invalid == 1);
        REQUIRE(c.invalid_ballots.size() == 1);
        CHECK(c.invalid_ballots[0].ballot == "2");
        CHECK(c.invalid_ballots[0].reason == InvalidReason::over_approval);
        CHECK(c.invalid_ballots[0].approvals == 3);
        CHECK(c.candidates[0].approve == 1);  // the invalid ballot counts for no project
        CHECK(c.candidates[2].approve == 0);
        CHECK(c.candidates[2].disapprove == 1);
    }
    SUBCASE("declared void, with the scrutineers' note") {
        BallotCounts c = count({make_ballot("7", "YNA", true, "有标记")});
        CHECK(c.valid == 0);
        CHECK(c.invalid == 1);
        REQUIRE(c.invalid_ballots.size() == 1);
        CHECK(c.invalid_ballots[0].reason == InvalidReason::declared_void);
        CHECK(c.invalid_ballots[0].note == "有标记");
        CHECK(c.candidates[0].approve == 0);
        CHECK(c.candidates[1].disapprove == 0);
    }
    SUBCASE("declared void takes precedence over over-approval") {
        BallotCounts c = count({make_ballot("7", "YYY", true)});
        CHECK(c.invalid_ballots[0].reason == InvalidReason::declared_void);
    }
    SUBCASE("unreadable under void-mark: that mark counts as unreadable, the ballot stays valid") {
        BallotCounts c = count({make_ballot("1", "Y?N"), make_ballot("2", "?YA")});
        CHECK(c.valid == 2);
        CHECK(c.invalid == 0);
        CHECK(c.candidates[0].approve == 1);
        CHECK(c.candidates[0].unreadable == 1);
        CHECK(c.candidates[1].unreadable == 1);
        CHECK(c.candidates[1].approve == 1);
        CHECK(c.candidates[2].disapprove == 1);
        CHECK(c.candidates[2].abstain == 1);
    }
    SUBCASE("unreadable under void-ballot: the ballot is invalid, reason unreadable") {
        s.rules.unreadable = UnreadableRule::void_ballot;
        BallotCounts c = count({make_ballot("1", "Y?N"), make_ballot("2", "YNA")});
        CHECK(c.valid == 1);
        CHECK(c.invalid == 1);
        REQUIRE(c.invalid_ballots.size() == 1);
        CHECK(c.invalid_ballots[0].ballot == "1");
        CHECK(c.invalid_ballots[0].reason == InvalidReason::unreadable);
        CHECK(c.candidates[0].approve == 1);
        CHECK(c.candidates[1].unreadable == 0);
    }
    SUBCASE("an all-blank ballot is a valid all-abstain ballot; approving none is valid") {
        BallotCounts c = count({make_ballot("1", "AAA"), make_ballot("2", "NNN")});
        CHECK(c.valid == 2);
        CHECK(c.invalid == 0);
        for (const CandidateCount& cc : c.candidates) {
            CHECK(cc.abstain == 1);
            CHECK(cc.disapprove == 1);
            CHECK(cc.approve == 0);
        }
    }
    SUBCASE("the over-approval limit is the seats open in this round") {
        s.seats = 1;  // e.g. a tie re-vote for the last seat
        BallotCounts c = count({make_ballot("1", "YNN"), make_ballot("2", "YYN")});
        CHECK(c.valid == 1);
        CHECK(c.invalid_ballots[0].reason == InvalidReason::over_approval);
        CHECK(c.invalid_ballots[0].approvals == 2);
    }
    SUBCASE("marks add up to the valid ballots for every project") {
        BallotCounts c = count({make_ballot("1", "YNA"), make_ballot("2", "N?Y"), make_ballot("3", "YYY"),
                                make_ballot("4", "AAY", true), make_ballot("5", "NYA")});
        CHECK(c.rows == 5);
        CHECK(c.valid + c.invalid == c.rows);
        for (const CandidateCount& cc : c.candidates)
            CHECK(cc.approve + cc.disapprove + cc.abstain + cc.unreadable == c.valid);
        CHECK(c.invalid_ballots.size() == 2);
    }
}

TEST_CASE("ballots::counter_merkle_root") {
    // The root commits to every row, invalid ones included, in file order.
    RoundSetup s = make_setup(3, 2);
    std::vector<OwnedBallot> ballots{make_ballot("1", "YNA"), make_ballot("2", "YYY"),
                                     make_ballot("3", "?NN", true, "x")};
    BallotCounter counter(s);
    MerkleBuilder expected(DigestAlgo::sha256);
    std::string row;
    for (const OwnedBallot& b : ballots) {
        counter.add(b.view());
        BallotReader::normal_row(b.view(), row);
        expected.add_leaf(row);
    }
    CHECK(counter.finish().merkle_root == expected.root());
    BallotReader::normal_row(ballots[2].view(), row);
    CHECK(row == "3\t?NN\tvoid\tx");
    BallotReader::normal_row(ballots[0].view(), row);
    CHECK(row == "1\tYNA\t\t");
}

TEST_CASE("ballots::counter_many_rows") {
    // Enough rows that the leaves are hashed in batches on another thread: the counts and the root
    // are those of a plain sequential count, in file order.
    RoundSetup s = make_setup(3, 2);
    BallotCounter counter(s);
    MerkleBuilder expected(DigestAlgo::sha256);
    std::string row;
    const char* patterns[] = {"YNA", "YYN", "YYY", "A?N", "NNN"};
    for (int i = 0; i < 20001; ++i) {
        OwnedBallot b = make_ballot(std::to_string(i + 1), patterns[i % 5], i % 997 == 0);
        counter.add(b.view());
        BallotReader::normal_row(b.view(), row);
        expected.add_leaf(row);
    }
    BallotCounts c = counter.finish();
    CHECK(c.rows == 20001);
    CHECK(c.merkle_root == expected.root());
    // i % 5 == 2 is over-approval: i = 2, 7, …, 19997, 4000 rows. i % 997 == 0 is declared void:
    // i = 997·k for k = 0…20, 21 rows; 997·k % 5 == 2 for k = 1, 6, 11, 16, so 4 rows are both.
    CHECK(c.invalid == 4000 + 21 - 4);
    CHECK(c.valid == 20001 - c.invalid);
    CHECK(c.candidates[2].unreadable == 0);
    // i % 5 == 3 ("A?N"): i = 3, …, 19998, 4000 rows; declared void for k = 4, 9, 14, 19.
    CHECK(c.candidates[1].unreadable == 4000 - 4);
}

TEST_CASE("ballots::counter_long_rows") {
    // Rows longer than the room a batch keeps past its 128 KiB hand-off mark (a note of 100 KB),
    // among short ones, before and after batches are handed over: the batch's buffer grows and
    // the root is still that of a plain sequential count.
    RoundSetup s = make_setup(3, 2);
    BallotCounter counter(s);
    MerkleBuilder expected(DigestAlgo::sha256);
    std::string row;
    for (int i = 0; i < 9000; ++i) {
        std::string note = i % 1500 == 7 ? std::string(100'000 + static_cast<std::size_t>(i), 'x') : std::string();
        OwnedBallot b = make_ballot(std::to_string(i + 1), "YNA", false, note);
        counter.add(b.view());
        BallotReader::normal_row(b.view(), row);
        expected.add_leaf(row);
    }
    BallotCounts c = counter.finish();
    CHECK(c.rows == 9000);
    CHECK(c.valid == 9000);
    CHECK(c.merkle_root == expected.root());
}
