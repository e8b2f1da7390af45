// The comparison audit (docs/audit/README.md): auditors read the sampled paper ballots again and
// key what they see; each reading is compared with the row the counters keyed, and the sample
// is weighed against the outcome's margin with the ballot-level comparison risk-limiting audit
// of Lindeman & Stark, "A Gentle Introduction to Risk-Limiting Audits" (IEEE Security & Privacy
// 10(5), 2012; "AGI"), built on Stark's "Super-Simple Simultaneous Single-Ballot Risk-Limiting
// Audits" (EVT/WOTE 2010).
//
// A 票决 round is audited as a set of assertions, each a strict inequality between approval
// counts that the reported selection needs (which AGI treats as a winner/loser pair): a selected
// project beats each project that is not, a selected project reaches the pass mark, and, where
// seats stay open, a project that failed stays below it. The round's outcome stands unchanged
// exactly when every assertion holds.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <piaojue/audit.hpp>
#include <piaojue/ballots.hpp>
#include <piaojue/record.hpp>

namespace piaojue {

/// How one paper ballot reads: its marks in ballot order and whether the scrutineers ruled it
/// void. Counters' rows and auditors' rows are both read into this.
struct Reading {
    std::string serial;
    std::vector<Mark> marks;
    bool declared_void = false;
    std::string note;
    std::size_t line = 0;  ///< in the file it was read from
};

/// The reading of a keyed ballot's normalised row (BallotReader::normal_row, the Merkle leaf).
/// Throws Error (exit 3) if `row` is not one for `candidates` projects.
[[nodiscard]] Reading reading_of_row(std::string_view row, std::size_t candidates);

/// Whether `reading` counts (R4) in a round of `setup`, and then which projects it approves.
struct Contribution {
    bool valid = false;
    std::vector<bool> approves;  ///< per candidate; all false when invalid
};
[[nodiscard]] Contribution contribution_of(const Reading& reading, const RoundSetup& setup);

/// One inequality the reported selection rests on.
struct Assertion {
    enum class Kind {
        beats,        ///< approvals(winner) > approvals(loser)
        passes,       ///< approvals(winner) ≥ required (R5)
        stays_failed  ///< approvals(loser) < required, while seats stay open
    };
    Kind kind = Kind::beats;
    std::optional<std::size_t> winner;  ///< candidate index (beats, passes)
    std::optional<std::size_t> loser;   ///< candidate index (beats, stays_failed)
    Count votes = 0;                    ///< its margin in votes: how far the inequality holds by
    /// The fewest ballots whose reading would have to change to break it; nullopt when no
    /// change of ballots can (a pass mark above the ballots returned).
    std::optional<Count> ballots;
};

/// What it would take to change the round's selection.
struct OutcomeMargin {
    bool tie = false;                   ///< the round ended in a tie: any change alters it
    std::vector<Assertion> assertions;  ///< none for a tie
    /// The smallest margin in votes over the assertions (0 for a tie; nullopt when there is no
    /// assertion, e.g. every candidate selected).
    std::optional<Count> votes;
    /// The fewest ballot changes that alter the selection (1 for a tie), nullopt when none can.
    std::optional<Count> ballots;
    std::optional<std::size_t> tightest;  ///< the assertion with the fewest ballot changes
};

/// The margin of the round `record` decided (from its counts). Throws Error (exit 3) if the
/// record counted no ballot.
[[nodiscard]] OutcomeMargin outcome_margin(const RoundRecord& record);

/// Throws an input error (exit 3) when `record` is not a selection vote's: a satisfaction
/// evaluation (R8) has no outcome margin to audit against.
void check_auditable(const RoundRecord& record);

/// One project (or the void ruling) read differently on paper than keyed.
struct MarkDifference {
    std::optional<std::size_t> candidate;  ///< nullopt: the status (void ruling) differs
    Mark keyed = Mark::abstain;
    Mark paper = Mark::abstain;
    bool keyed_void = false;  ///< for a status difference
    bool paper_void = false;
};

/// How a discrepancy moves the margins (AGI's taxonomy): by how many votes, at worst over the
/// assertions, the keyed row overstates (positive) or understates (negative) them.
enum class Misstatement { two_vote_over, one_vote_over, none, one_vote_under, two_vote_under };
[[nodiscard]] std::string_view name(Misstatement m);

/// One audited ballot: the keyed row against the paper.
struct BallotComparison {
    std::string serial;
    std::size_t keyed_line = 0;  ///< in the ballots file
    std::size_t paper_line = 0;  ///< in the auditors' file
    std::vector<MarkDifference> differences;
    Misstatement misstatement = Misstatement::none;
};

/// The risk limit and AGI's error-inflation factor γ, as decimal text (exact inputs).
struct RiskParameters {
    std::string risk_limit_percent = "10";  ///< α in percent, 0 < α < 100
    std::string gamma = "1.03905";          ///< γ > 1; AGI's and Arlo's value
};
/// Throws Error (exit 2) unless `params` are decimal numbers with 0 % < α < 100 % and γ > 1.
void check_risk_parameters(const RiskParameters& params);

/// AGI's sample-size bound: the fewest ballots n at which a sample with these misstatement
/// counts confirms an outcome of diluted margin `margin` (votes / ballots) at `params`, i.e.
/// n ≥ −2γ (ln α + o1 ln(1 − 1/2γ) + o2 ln(1 − 1/γ) + u1 ln(1 + 1/2γ) + u2 ln(1 + 1/γ)) / μ,
/// and never fewer than the ballots the counts themselves need. Exact decimal arithmetic
/// (50 digits): the same answer on every machine.
struct MisstatementCounts {
    Count o1 = 0, o2 = 0, u1 = 0, u2 = 0;
};
[[nodiscard]] Count agi_sample_size(const RiskParameters& params, Count margin_votes, Count ballots,
                                    const MisstatementCounts& counts);
/// The risk AGI's bound gives after `sampled` ballots: min(1, exp(−nμ/2γ) · (1 − 1/2γ)^−o1 ·
/// (1 − 1/γ)^−o2 · (1 + 1/2γ)^−u1 · (1 + 1/γ)^−u2), as decimal text with 6 places.
[[nodiscard]] std::string agi_risk(const RiskParameters& params, Count margin_votes, Count ballots, Count sampled,
                                   const MisstatementCounts& counts);

/// The whole audit: every sampled ballot compared, the margin, and what the sample shows.
struct ComparisonAudit {
    std::vector<BallotComparison> ballots;  ///< in the order of the draw
    OutcomeMargin margin;
    MisstatementCounts counts;
    Count population = 0;  ///< ballots in the keyed file (the sample's frame)
    Count sampled = 0;
    /// Ballots the sample needs at the risk limit: with no discrepancy, and with those found;
    /// nullopt when the margin is 0 (a tie) or no sample can confirm (every ballot by hand).
    std::optional<Count> needed_clean;
    std::optional<Count> needed;
    std::string risk;  ///< AGI's measured risk, decimal text; "1" when it cannot be limited
    /// Every ballot was read again: the sample is a full hand count, and the round is decided
    /// again from the paper readings; `confirmed` says whether it selects the same.
    bool full_count = false;
    bool confirmed = false;  ///< the sample meets the risk limit for this margin
};

/// Audits `record` whose keyed ballots are `keyed` (file order) with the auditors' readings
/// `paper` (read from `paper_file`) of the ballots drawn under `seed`: they must be exactly the
/// first `paper.size()` ballots of that draw (sample.hpp), in any order, else Error (exit 3)
/// naming the first that is not. Throws Error (exit 3) if the record counted no ballot.
[[nodiscard]] ComparisonAudit comparison_audit(const RoundRecord& record, const std::vector<KeyedBallot>& keyed,
                                               const std::vector<Reading>& paper, const std::string& paper_file,
                                               std::string_view seed, const RiskParameters& params);

/// The auditors' file at `path`: the ballots file's columns (票号, one per project of the
/// round, 状态, 备注) with one row per ballot read again, any number of rows, in `encoding`.
/// Throws Error (exit 3) for entry errors, each naming its line and 票号.
[[nodiscard]] std::vector<Reading> read_paper_ballots(const FileSystem& fs, const RoundRecord& record,
                                                      const std::string& path, Encoding encoding);

}  // namespace piaojue
