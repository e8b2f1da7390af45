// The count and the decision of one round (docs/rules.md §R1–§R7): pure functions over values.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <piaojue/ballots.hpp>
#include <piaojue/candidates.hpp>
#include <piaojue/evaluation.hpp>
#include <piaojue/marks.hpp>
#include <piaojue/merkle.hpp>
#include <piaojue/rules.hpp>
#include <piaojue/session.hpp>

namespace piaojue {

namespace detail {
template <typename Item>
class BoundedWorker;  // src/bounded_worker.hpp, internal
}  // namespace detail

/// What kind of vote a round is: the first vote, a tie re-vote (R7), or a supplementary vote
/// (另行票决, R6).
enum class RoundKind { first, tie, supplementary };
/// A round's outcome (R7).
enum class Outcome { final_, tie, shortfall, void_, no_quorum, slate_rejected };
/// A candidate's status in a round.
enum class CandidateStatus { selected, tied, not_selected, failed };

[[nodiscard]] std::string_view name(RoundKind k);
[[nodiscard]] std::string_view name(Outcome o);
[[nodiscard]] std::string_view name(CandidateStatus s);
[[nodiscard]] std::optional<RoundKind> parse_round_kind(std::string_view s);
[[nodiscard]] std::optional<Outcome> parse_outcome(std::string_view s);
[[nodiscard]] std::optional<CandidateStatus> parse_candidate_status(std::string_view s);
/// The exit code that `outcome` maps to (docs/rules.md §3).
[[nodiscard]] ExitCode exit_code(Outcome outcome);

/// A project adopted in this or an earlier round.
struct SelectedProject {
    std::string id;
    std::string name;
    std::optional<Decimal> budget;
    int round = 1;
};

/// Everything a round is decided on besides its ballots.
struct RoundSetup {
    Session session;
    Rules rules;  ///< effective rules (a later round inherits them)
    int round = 1;
    RoundKind kind = RoundKind::first;
    std::vector<Candidate> candidates;             ///< on this round's ballot, in ballot order
    Count seats = 0;                               ///< seats open in this round
    std::vector<SelectedProject> selected_before;  ///< adopted in earlier rounds
    MarkTable marks = selection_marks();           ///< how the ballots are keyed (`[marks]`)

    /// Whether this is a satisfaction evaluation (R8): its candidates are the evaluated projects.
    [[nodiscard]] bool evaluation() const { return session.kind == VoteKind::satisfaction; }
};

/// One candidate's marks over the valid ballots.
struct CandidateCount {
    Count approve = 0;
    Count disapprove = 0;
    Count abstain = 0;
    Count unreadable = 0;
};

/// Why a ballot counts for no project (R4).
enum class InvalidReason { over_approval, declared_void, unreadable };
/// `over-approval`, `declared-void`, `unreadable`: as records write it.
[[nodiscard]] std::string_view name(InvalidReason r);
[[nodiscard]] std::optional<InvalidReason> parse_invalid_reason(std::string_view s);

/// R4: why a ballot counts for no project, in the rule's order, or nullopt when it is valid:
/// ruled void, an unreadable mark under "void-ballot", more approvals than `seats` open.
[[nodiscard]] inline std::optional<InvalidReason> invalid_reason(bool declared_void, bool unreadable,
                                                                 UnreadableRule rule, Count approvals, Count seats) {
    if (declared_void) return InvalidReason::declared_void;
    if (unreadable && rule == UnreadableRule::void_ballot) return InvalidReason::unreadable;
    if (approvals > seats) return InvalidReason::over_approval;
    return std::nullopt;
}

/// A ballot that counts for no project (R4).
struct InvalidBallot {
    std::string ballot;  ///< serial
    InvalidReason reason = InvalidReason::declared_void;
    std::string note;
    std::size_t line = 0;
    Count approvals = 0;  ///< for over-approval
};

/// The counted ballots of a round.
struct BallotCounts {
    Count rows = 0;
    Count valid = 0;
    Count invalid = 0;
    std::vector<CandidateCount> candidates;  ///< in ballot order
    std::vector<LevelCounts> levels;         ///< an evaluation's: each project's marks per level
    std::vector<InvalidBallot> invalid_ballots;
    Digest merkle_root{};
};

/// Counts ballots one at a time (R4), feeding the Merkle tree as it goes.
class BallotCounter {
public:
    explicit BallotCounter(const RoundSetup& setup);
    /// Counts a part of the ballots whose Merkle tree is built elsewhere: the leaf hashes of
    /// its rows are appended to `leaf_hashes`, in order, on this thread, and finish() leaves
    /// merkle_root unset. The chunked tally's workers count this way (src/chunked_tally.hpp).
    BallotCounter(const RoundSetup& setup, std::vector<Digest>& leaf_hashes);
    /// Counts `ballot`.
    void add(const Ballot& ballot);
    /// The totals; call once.
    [[nodiscard]] BallotCounts finish();

    BallotCounter(const BallotCounter&) = delete;
    BallotCounter& operator=(const BallotCounter&) = delete;
    ~BallotCounter();

private:
    // Normalised rows (BallotReader::normal_row) back to back, and the end offset of each. The
    // rows are a plain buffer, not a std::string, so that a row is written without first
    // zero-filling its bytes (std::string::resize would; ~2 % of the parsing thread at 1M rows).
    struct Batch {
        std::unique_ptr<char[]> rows;  // the first `size` of `capacity` bytes are rows
        std::size_t size = 0;
        std::size_t capacity = 0;
        std::vector<std::uint32_t> ends;

        Batch() = default;
        // A moved-from batch is empty, with no buffer, like a new one.
        Batch(Batch&& other) noexcept
            : rows(std::move(other.rows)),
              size(std::exchange(other.size, 0)),
              capacity(std::exchange(other.capacity, 0)),
              ends(std::move(other.ends)) {}
        Batch& operator=(Batch&& other) noexcept {
            rows = std::move(other.rows);
            size = std::exchange(other.size, 0);
            capacity = std::exchange(other.capacity, 0);
            ends = std::move(other.ends);
            return *this;
        }

        std::string_view text() const { return {rows.get(), size}; }
        // Makes room for `n` more bytes, uninitialised, and returns where they start.
        char* extend(std::size_t n);
        void clear() {
            size = 0;
            ends.clear();
        }
    };
    void hand_off_batch();
    void hash_batch_here();  // the part counter's: batch_'s leaf hashes onto leaf_hashes_

    void add_evaluation(const Ballot& ballot);

    Count seats_;
    std::size_t levels_ = 0;  // an evaluation's levels; 0 in a selection vote
    UnreadableRule unreadable_;
    BallotCounts counts_;
    std::vector<std::array<Count, 4>> by_mark_;                  // valid ballots' marks: [candidate][Mark]
    std::vector<std::array<Count, 4 + k_max_levels>> by_level_;  // an evaluation's: [project][Mark]
    MerkleBuilder merkle_;
    // The Merkle leaves are hashed on a second thread, a batch of rows at a time, while this one
    // parses and counts the next batch: at a million ballots the two million digests of the
    // tree cost about as much as the parsing. Batches are handed over in order.
    Batch batch_;
    std::unique_ptr<detail::BoundedWorker<Batch>> leaf_hasher_;  // made at the first full batch; after merkle_
    // A part counter's: where its leaf hashes go (computed with merkle_'s digest context, its
    // tree left empty).
    std::vector<Digest>* leaf_hashes_ = nullptr;
};

/// The R5 threshold of a round.
struct Threshold {
    std::string base;  ///< pass_base name, or "none" in a tie re-vote
    Count base_count = 0;
    std::optional<Count> required;
};

/// A candidate's result in a round.
struct CandidateResult {
    bool passed = false;
    std::optional<Count> rank;  ///< 1-based competition rank by approvals among those that passed
    CandidateStatus status = CandidateStatus::failed;
};

/// What the next round votes on.
struct NextRound {
    RoundKind kind = RoundKind::tie;
    Count seats = 0;
    std::vector<std::size_t> candidates;  ///< indexes into RoundSetup::candidates, ballot order
};

/// A round's decision.
struct Decision {
    Outcome outcome = Outcome::final_;
    Count minimum_candidates = 0;  ///< R1, first round
    Count quorum_required = 0;
    bool quorum_met = false;
    std::optional<Threshold> threshold;
    std::vector<CandidateResult> candidates;  ///< in ballot order (empty when not tallied)
    std::vector<std::size_t> selected;        ///< this round, in rank order
    std::optional<NextRound> next_round;
    std::vector<SelectedProject> cumulative;  ///< all adopted so far, earlier rounds first
    Decimal budget_selected;                  ///< total budget of `cumulative`
    Count seats_unfilled = 0;                 ///< seats left open for good (缺额)
    std::optional<Evaluation> evaluation;     ///< R8: an evaluation's verdicts and rates, when counted

    /// Whether ballots were (to be) counted: not for slate-rejected, no-quorum and void.
    [[nodiscard]] bool tallied() const { return !candidates.empty() || evaluation.has_value(); }
};

/// The checks that come before any ballot is read: R1 (first round), R2, R3. Returns the
/// decision if the round stops there (slate-rejected, no-quorum, void), else nullopt.
[[nodiscard]] std::optional<Decision> decide_before_ballots(const RoundSetup& setup);

/// R5–R7 (R8 for an evaluation): decides a round from its counted ballots.
[[nodiscard]] Decision decide(const RoundSetup& setup, const BallotCounts& counts);

}  // namespace piaojue
