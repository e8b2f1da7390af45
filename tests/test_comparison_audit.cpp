// The comparison audit: AGI's sample sizes against the paper's worked numbers, the measured
// risk against an independent computation, and the outcome margin against brute force — every
// way of re-reading up to two ballots of small random rounds, re-tallied with the real counter
// and decided with the real rules.
#include <piaojue/comparison_audit.hpp>
#include <piaojue/tally.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <functional>
#include <random>
#include <set>

using namespace piaojue;
using piaojue::test::error_of;
using piaojue::test::make_setup;

namespace {

RiskParameters agi(std::string percent = "10") {
    RiskParameters p;
    p.risk_limit_percent = std::move(percent);
    return p;
}

// The selection a round's decision states: outcome, selected set, tied set.
struct Selection {
    Outcome outcome;
    std::set<std::size_t> selected, tied;
    bool operator==(const Selection&) const = default;
};

Selection selection_of(const Decision& d) {
    Selection s{d.outcome, {}, {}};
    for (std::size_t i = 0; i < d.candidates.size(); ++i) {
        if (d.candidates[i].status == CandidateStatus::selected) s.selected.insert(i);
        if (d.candidates[i].status == CandidateStatus::tied) s.tied.insert(i);
    }
    return s;
}

// R4 and the counts, written out here independently of the counter and of contribution_of.
BallotCounts count(const RoundSetup& setup, const std::vector<Reading>& readings) {
    BallotCounts c;
    c.candidates.resize(setup.candidates.size());
    for (const Reading& r : readings) {
        ++c.rows;
        Count approvals = 0;
        bool unreadable = false;
        for (Mark m : r.marks) {
            approvals += m == Mark::approve ? 1 : 0;
            unreadable = unreadable || m == Mark::unreadable;
        }
        if (r.declared_void || (unreadable && setup.rules.unreadable == UnreadableRule::void_ballot) ||
            approvals > setup.seats) {
            ++c.invalid;
            continue;
        }
        ++c.valid;
        for (std::size_t i = 0; i < r.marks.size(); ++i) {
            CandidateCount& cc = c.candidates[i];
            switch (r.marks[i]) {
                case Mark::approve:
                    ++cc.approve;
                    break;
                case Mark::disapprove:
                    ++cc.disapprove;
                    break;
                case Mark::abstain:
                    ++cc.abstain;
                    break;
                case Mark::unreadable:
                    ++cc.unreadable;
                    break;
            }
        }
    }
    return c;
}

RoundRecord record_of(const RoundSetup& setup, const std::vector<Reading>& readings) {
    RoundRecord r;
    r.setup = setup;
    r.counts = count(setup, readings);
    r.decision = decide(setup, *r.counts);
    return r;
}

// Every way one paper ballot can read with `candidates` projects, as far as any count can
// tell: each project approved or not (disapprove and abstain count alike), ruled void or not
// (an unreadable mark voids the ballot or counts as neither, so it adds nothing new).
std::vector<Reading> every_reading(std::size_t candidates) {
    std::vector<Reading> out;
    for (std::size_t v = 0; v < 2; ++v)
        for (std::size_t c = 0; c < (std::size_t{1} << candidates); ++c) {
            Reading r;
            for (std::size_t i = 0; i < candidates; ++i)
                r.marks.push_back((c >> i) & 1 ? Mark::approve : Mark::disapprove);
            r.declared_void = v == 1;
            out.push_back(r);
        }
    return out;
}

// Whether re-reading some `k` ballots (k ≤ 2) of `ballots` in some way gives counts for which
// `changed` holds.
bool some_change_of(std::size_t k, const RoundSetup& setup, std::vector<Reading> ballots,
                    const std::vector<Reading>& readings, const std::function<bool(const BallotCounts&)>& changed) {
    auto check = [&] { return changed(count(setup, ballots)); };
    if (k == 0) return check();
    for (std::size_t i = 0; i < ballots.size(); ++i) {
        const Reading keep_i = ballots[i];
        for (const Reading& ri : readings) {
            ballots[i].marks = ri.marks;
            ballots[i].declared_void = ri.declared_void;
            if (k == 1) {
                if (check()) return true;
                continue;
            }
            for (std::size_t j = i + 1; j < ballots.size(); ++j) {
                const Reading keep_j = ballots[j];
                for (const Reading& rj : readings) {
                    ballots[j].marks = rj.marks;
                    ballots[j].declared_void = rj.declared_void;
                    if (check()) return true;
                }
                ballots[j] = keep_j;
            }
        }
        ballots[i] = keep_i;
    }
    return false;
}

// Whether the selection of a round differs from `reported` under these counts.
std::function<bool(const BallotCounts&)> selection_differs(const RoundSetup& setup, const Selection& reported) {
    return [&setup, reported](const BallotCounts& c) { return selection_of(decide(setup, c)) != reported; };
}

// Whether assertion `a` fails under these counts (R5's pass mark recomputed from them).
std::function<bool(const BallotCounts&)> assertion_fails(const RoundSetup& setup, const Assertion& a) {
    return [&setup, a](const BallotCounts& c) {
        const Session& s = setup.session;
        const Count base = setup.rules.pass_base == PassBase::all_deputies ? s.deputies
                           : setup.rules.pass_base == PassBase::present    ? s.present
                           : setup.rules.pass_base == PassBase::returned   ? s.ballots_returned
                                                                           : c.valid;
        const Count required = base / 2 + 1;
        switch (a.kind) {
            case Assertion::Kind::beats:
                return c.candidates[*a.winner].approve <= c.candidates[*a.loser].approve;
            case Assertion::Kind::passes:
                return c.candidates[*a.winner].approve < required;
            case Assertion::Kind::stays_failed:
                return c.candidates[*a.loser].approve >= required;
        }
        return false;
    };
}

}  // namespace

TEST_CASE("comparison_audit: AGI's sample sizes are the paper's worked numbers") {
    // Lindeman & Stark 2012, p. 5, as tabulated in rlacalc (McBurnett), α = 10 %, γ = 1.03905:
    // diluted margin 20 % → 24, 10 % → 48, 5 % → 96, 0.2 % → 2393; 5 % with one 1-vote
    // overstatement → 123; 0.5 % with one 1-vote overstatement and one 1-vote understatement → 1067.
    CHECK(agi_sample_size(agi(), 20, 100, {}) == 24);
    CHECK(agi_sample_size(agi(), 10, 100, {}) == 48);
    CHECK(agi_sample_size(agi(), 5, 100, {}) == 96);
    CHECK(agi_sample_size(agi(), 2, 1000, {}) == 2393);
    CHECK(agi_sample_size(agi(), 5, 100, {.o1 = 1}) == 123);
    CHECK(agi_sample_size(agi(), 5, 1000, {.o1 = 1, .u1 = 1}) == 1067);
    // rlacalc's α = 20 % case, and a sample never smaller than the discrepancies it holds.
    CHECK(agi_sample_size(agi("20"), 5, 100, {}) == 67);
    CHECK(agi_sample_size(agi(), 100, 100, {.u2 = 9}) == 9);
}

TEST_CASE("comparison_audit: the measured risk, and risk within the limit exactly when the sample is large enough") {
    // Independently, with Python's decimal module at 50 digits, g = Decimal('1.03905'):
    //   (-n*V/N/(2*g) - o1*(1-1/(2*g)).ln()).exp()
    // 0.0992808850…, 0.1016985957…, 0.0999404953…, 0.1023742690…, 1.524…
    CHECK(agi_risk(agi(), 5, 100, 96, {}) == "0.099281");
    CHECK(agi_risk(agi(), 5, 100, 95, {}) == "0.101699");
    CHECK(agi_risk(agi(), 5, 100, 123, {.o1 = 1}) == "0.099940");
    CHECK(agi_risk(agi(), 5, 100, 122, {.o1 = 1}) == "0.102374");
    CHECK(agi_risk(agi(), 2, 41, 10, {.o1 = 1}) == "1");
    for (Count votes : {1, 3, 7})
        for (Count o1 : {0, 1, 2}) {
            const MisstatementCounts c{.o1 = o1};
            const Count n = agi_sample_size(agi(), votes, 1000, c);
            // Six places: the risk one ballot short of n may round to the limit itself.
            CHECK(agi_risk(agi(), votes, 1000, n, c) <= "0.100000");
            CHECK(agi_risk(agi(), votes, 1000, n - 1, c) >= "0.100000");
        }
}

TEST_CASE("comparison_audit: risk parameters are checked") {
    for (const char* bad : {"0", "100", "-5", "abc", "", "1e2"}) {
        const auto e = error_of([&] { check_risk_parameters(agi(bad)); });
        REQUIRE(e);
        CHECK(e->code() == ExitCode::usage);
    }
    RiskParameters p;
    p.gamma = "1";
    CHECK(error_of([&] { check_risk_parameters(p); }));
    CHECK_FALSE(error_of([] { check_risk_parameters(agi("2.5")); }));
}

TEST_CASE("comparison_audit: a keyed row reads back as the ballot it was") {
    const Reading r = reading_of_row("0042\tYN?A\tvoid\tnote\twith tab", 4);
    CHECK(r.serial == "0042");
    CHECK(r.marks == std::vector<Mark>{Mark::approve, Mark::disapprove, Mark::unreadable, Mark::abstain});
    CHECK(r.declared_void);
    CHECK(r.note == "note\twith tab");
    CHECK_FALSE(reading_of_row("7\tYY\t\t", 2).declared_void);
    // Not rows for that many projects: too few marks, a letter that is no mark, an unknown
    // status, no status and note at all.
    for (const auto& [bad, candidates] : std::vector<std::pair<std::string, std::size_t>>{
             {"7\tYY\t\t", 3}, {"7\tYX\t\t", 2}, {"7\tYY\tgone\t", 2}, {"7\tYY", 2}}) {
        const std::string& row = bad;
        const std::size_t n = candidates;
        CHECK_MESSAGE(error_of([&] { (void)reading_of_row(row, n); }), row);
    }
}

TEST_CASE("comparison_audit: the outcome margin is the fewest re-read ballots that change the selection") {
    // Small random rounds: 3 projects, 1 or 2 seats, 5 to 7 ballots, every pass base and both
    // unreadable rules. Re-reading fewer ballots than the margin never changes the selection
    // (every way of re-reading up to two ballots is tried), and re-reading margin-many can.
    std::mt19937 rng(20261207);
    const std::vector<Reading> readings = every_reading(3);
    int checked_below = 0, checked_at = 0;
    std::array<int, 3> tightest_kind{}, checked_assertions{};
    for (int trial = 0; trial < 240; ++trial) {
        RoundSetup setup = make_setup(3, 1 + static_cast<Count>(rng() % 2));
        const auto rows = static_cast<Count>(5 + rng() % 3);
        setup.session.deputies = rows + static_cast<Count>(rng() % 4 == 0 ? 1 + rng() % 3 : 0);
        setup.session.present = setup.session.ballots_issued = setup.session.ballots_returned = rows;
        setup.rules.pass_base = static_cast<PassBase>(rng() % 4);
        setup.rules.unreadable = rng() % 2 ? UnreadableRule::void_ballot : UnreadableRule::void_mark;
        std::vector<Reading> ballots;
        for (Count b = 0; b < rows; ++b) {
            Reading r = readings[rng() % readings.size()];
            // Mostly valid ballots: not ruled void, and as many approvals as seats at most.
            if (rng() % 4 != 0) r.declared_void = false;
            auto approvals = [&] { return std::count(r.marks.begin(), r.marks.end(), Mark::approve); };
            if (rng() % 4 != 0)
                while (approvals() > setup.seats)
                    *std::find(r.marks.begin(), r.marks.end(), Mark::approve) = Mark::disapprove;
            if (rng() % 5 == 0) r.marks[rng() % 3] = rng() % 2 ? Mark::abstain : Mark::unreadable;
            r.serial = std::to_string(b + 1);
            r.line = static_cast<std::size_t>(b + 2);
            ballots.push_back(r);
        }
        const RoundRecord record = record_of(setup, ballots);
        const OutcomeMargin m = outcome_margin(record);
        const Selection reported = selection_of(record.decision);
        CAPTURE(trial);
        if (m.tie) {
            CHECK(m.ballots == Count{1});
            CHECK(some_change_of(1, setup, ballots, readings, selection_differs(setup, reported)));
            continue;
        }
        if (!m.ballots) {
            // No assertion can be broken: not even two re-read ballots change anything.
            CHECK_FALSE(some_change_of(std::min<std::size_t>(2, ballots.size()), setup, ballots, readings,
                                       selection_differs(setup, reported)));
            continue;
        }
        const Count margin = *m.ballots;
        REQUIRE(margin >= 1);
        ++tightest_kind[static_cast<std::size_t>(m.assertions[*m.tightest].kind)];
        if (margin - 1 <= 2) {
            CHECK_FALSE(some_change_of(static_cast<std::size_t>(margin - 1), setup, ballots, readings,
                                       selection_differs(setup, reported)));
            ++checked_below;
        }
        if (margin <= 2) {
            CHECK(some_change_of(static_cast<std::size_t>(margin), setup, ballots, readings,
                                 selection_differs(setup, reported)));
            ++checked_at;
        }
        // Each assertion's own count: it holds in the reported counts, breaks with that many
        // re-read ballots and not with one fewer.
        for (const Assertion& a : m.assertions) {
            CHECK_FALSE(assertion_fails(setup, a)(*record.counts));
            if (!a.ballots) {
                CHECK_FALSE(some_change_of(2, setup, ballots, readings, assertion_fails(setup, a)));
                continue;
            }
            if (*a.ballots - 1 <= 2)
                CHECK_FALSE(some_change_of(static_cast<std::size_t>(*a.ballots - 1), setup, ballots, readings,
                                           assertion_fails(setup, a)));
            if (*a.ballots <= 2) {
                CHECK(some_change_of(static_cast<std::size_t>(*a.ballots), setup, ballots, readings,
                                     assertion_fails(setup, a)));
                ++checked_assertions[static_cast<std::size_t>(a.kind)];
            }
        }
    }
    // The random rounds exercised each side of the claim many times.
    CHECK(checked_below >= 40);
    CHECK(checked_at >= 40);
    // ... with each kind of assertion the tightest one many times.
    MESSAGE("tightest: beats " << tightest_kind[0] << ", passes " << tightest_kind[1] << ", stays_failed "
                               << tightest_kind[2]);
    for (int k : tightest_kind) CHECK(k >= 20);
    for (int k : checked_assertions) CHECK(k >= 40);
}

TEST_CASE("comparison_audit: a pass mark above the ballots returned cannot be reached by re-reading") {
    // 9 deputies present, 4 ballots returned: no project can reach the pass mark of 5, so the
    // selection (none, seats left open) stands whatever the paper says.
    RoundSetup setup = make_setup(3, 1);
    setup.session.deputies = setup.session.present = setup.session.ballots_issued = 9;
    setup.session.ballots_returned = 4;
    std::vector<Reading> ballots;
    for (int b = 0; b < 4; ++b) {
        Reading r;
        r.serial = std::to_string(b + 1);
        r.marks = {b < 3 ? Mark::approve : Mark::disapprove, Mark::disapprove, Mark::abstain};
        ballots.push_back(r);
    }
    const RoundRecord record = record_of(setup, ballots);
    const OutcomeMargin m = outcome_margin(record);
    REQUIRE(m.assertions.size() == 3);
    for (const Assertion& a : m.assertions) {
        CHECK(a.kind == Assertion::Kind::stays_failed);
        CHECK_FALSE(a.ballots);
    }
    CHECK(m.votes == Count{2});  // P1: 5 − 3
    CHECK_FALSE(m.ballots);
    const std::vector<Reading> readings = every_reading(3);
    CHECK_FALSE(some_change_of(2, setup, ballots, readings, selection_differs(setup, selection_of(record.decision))));
}

TEST_CASE("comparison_audit: a tie at the cut line has margin one ballot and no sample confirms it") {
    // 5 ballots for 2 seats among 3 projects, 5 deputies (pass mark 3): P1 4, P2 3, P3 3.
    RoundSetup setup = make_setup(3, 2);
    setup.session.deputies = setup.session.present = setup.session.ballots_issued = setup.session.ballots_returned = 5;
    const Mark Y = Mark::approve, N = Mark::disapprove;
    std::vector<Reading> ballots;
    for (const std::vector<Mark>& marks :
         std::vector<std::vector<Mark>>{{Y, Y, N}, {Y, Y, N}, {N, Y, Y}, {Y, N, Y}, {Y, N, Y}}) {
        Reading r;
        r.serial = std::to_string(ballots.size() + 1);
        r.marks = marks;
        ballots.push_back(r);
    }
    const RoundRecord record = record_of(setup, ballots);
    REQUIRE(record.decision.outcome == Outcome::tie);
    const OutcomeMargin m = outcome_margin(record);
    CHECK(m.tie);
    CHECK(m.votes == Count{0});
    CHECK(m.ballots == Count{1});
    const std::vector<Reading> readings = every_reading(3);
    CHECK(some_change_of(1, setup, ballots, readings, selection_differs(setup, selection_of(record.decision))));
}
