#include <piaojue/error.hpp>
#include <piaojue/tally.hpp>

#include "bounded_worker.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace piaojue {

std::string_view name(RoundKind k) {
    switch (k) {
        case RoundKind::first:
            return "first";
        case RoundKind::tie:
            return "tie";
        case RoundKind::supplementary:
            return "supplementary";
    }
    return "?";
}

std::string_view name(Outcome o) {
    switch (o) {
        case Outcome::final_:
            return "final";
        case Outcome::tie:
            return "tie";
        case Outcome::shortfall:
            return "shortfall";
        case Outcome::void_:
            return "void";
        case Outcome::no_quorum:
            return "no-quorum";
        case Outcome::slate_rejected:
            return "slate-rejected";
    }
    return "?";
}

std::string_view name(CandidateStatus s) {
    switch (s) {
        case CandidateStatus::selected:
            return "selected";
        case CandidateStatus::tied:
            return "tied";
        case CandidateStatus::not_selected:
            return "not-selected";
        case CandidateStatus::failed:
            return "failed";
    }
    return "?";
}

std::string_view name(InvalidReason r) {
    switch (r) {
        case InvalidReason::over_approval:
            return "over-approval";
        case InvalidReason::declared_void:
            return "declared-void";
        case InvalidReason::unreadable:
            return "unreadable";
    }
    return "?";
}

std::optional<InvalidReason> parse_invalid_reason(std::string_view s) {
    for (InvalidReason r : {InvalidReason::over_approval, InvalidReason::declared_void, InvalidReason::unreadable})
        if (name(r) == s) return r;
    return std::nullopt;
}

std::optional<CandidateStatus> parse_candidate_status(std::string_view s) {
    for (CandidateStatus c :
         {CandidateStatus::selected, CandidateStatus::tied, CandidateStatus::not_selected, CandidateStatus::failed})
        if (name(c) == s) return c;
    return std::nullopt;
}

std::optional<RoundKind> parse_round_kind(std::string_view s) {
    for (RoundKind k : {RoundKind::first, RoundKind::tie, RoundKind::supplementary})
        if (name(k) == s) return k;
    return std::nullopt;
}

std::optional<Outcome> parse_outcome(std::string_view s) {
    for (Outcome o : {Outcome::final_, Outcome::tie, Outcome::shortfall, Outcome::void_, Outcome::no_quorum,
                      Outcome::slate_rejected})
        if (name(o) == s) return o;
    return std::nullopt;
}

ExitCode exit_code(Outcome outcome) {
    switch (outcome) {
        case Outcome::final_:
            return ExitCode::ok;
        case Outcome::tie:
        case Outcome::shortfall:
            return ExitCode::another_round;
        case Outcome::void_:
        case Outcome::no_quorum:
            return ExitCode::vote_void;
        case Outcome::slate_rejected:
            return ExitCode::slate_rejected;
    }
    return ExitCode::internal;
}

BallotCounter::BallotCounter(const RoundSetup& setup)
    : seats_(setup.seats),
      levels_(setup.evaluation() ? setup.rules.levels.size() : 0),
      unreadable_(setup.rules.unreadable),
      merkle_(setup.rules.digest) {
    counts_.candidates.resize(setup.candidates.size());
    if (levels_ == 0)
        by_mark_.resize(setup.candidates.size());
    else
        by_level_.resize(setup.candidates.size());
}

namespace {
// 4,096 rows (~100 KiB) a batch: the buffers in flight are few and small, so they are touched
// once and then recycled (every fresh page is a fault, ~13 µs on the development VM).
constexpr std::size_t k_batch_rows = 4096;
constexpr std::size_t k_batch_bytes = std::size_t{128} << 10;
constexpr std::size_t k_batch_room = k_batch_bytes + (std::size_t{64} << 10);  // a fresh batch's buffer
constexpr std::size_t k_max_queued = 2;
constexpr std::size_t k_part_first_room = std::size_t{4} << 10;  // a part counter's first batch buffer
}  // namespace

BallotCounter::BallotCounter(const RoundSetup& setup, std::vector<Digest>& leaf_hashes) : BallotCounter(setup) {
    leaf_hashes_ = &leaf_hashes;
    // Grown by extend() as rows come: a chunk may be a few lines.
    batch_.rows = std::make_unique_for_overwrite<char[]>(k_part_first_room);
    batch_.capacity = k_part_first_room;
}

BallotCounter::~BallotCounter() = default;

void BallotCounter::hash_batch_here() {
    const std::size_t first = leaf_hashes_->size();
    leaf_hashes_->resize(first + batch_.ends.size());
    merkle_leaf_hashes(merkle_.hasher(), batch_.text(), batch_.ends, std::span(*leaf_hashes_).subspan(first));
    batch_.clear();
}

// The Merkle leaves of full batches are hashed on the worker's thread, in hand-over order; the
// emptied batches come back for the next ones, and at most k_max_queued wait, so memory is
// bounded. What hashing throws comes back from hand_over or drain.
void BallotCounter::hand_off_batch() {
    if (leaf_hashes_ != nullptr) {
        hash_batch_here();
        return;
    }
    if (!leaf_hasher_) {
        leaf_hasher_ = std::make_unique<detail::BoundedWorker<Batch>>(
            [this](Batch& batch) {
                merkle_.add_leaves(batch.text(), batch.ends);
                batch.clear();
            },
            k_max_queued);
    }
    batch_ = leaf_hasher_->hand_over(std::move(batch_));
    if (batch_.capacity == 0) {  // a fresh one: grown later only by a row that does not fit
        batch_.rows = std::make_unique_for_overwrite<char[]>(k_batch_room);
        batch_.capacity = k_batch_room;
        batch_.ends.reserve(k_batch_rows);
    }
}

char* BallotCounter::Batch::extend(std::size_t n) {
    if (n > capacity - size) {
        const std::size_t grown = std::max(size + n, 2 * capacity);
        auto bigger = std::make_unique_for_overwrite<char[]>(grown);
        if (size != 0) std::memcpy(bigger.get(), rows.get(), size);
        rows = std::move(bigger);
        capacity = grown;
    }
    char* at = rows.get() + size;
    size += n;
    return at;
}

// An evaluation's ballot: no over-marking rule (R8), level marks counted per project. The
// normal row as BallotReader::normal_row writes it.
void BallotCounter::add_evaluation(const Ballot& ballot) {
    ++counts_.rows;
    const std::size_t n = ballot.marks.size();
    char* out = batch_.extend(ballot.serial.size() + n + (ballot.declared_void ? 4 : 0) + ballot.note.size() + 3);
    out = std::copy(ballot.serial.begin(), ballot.serial.end(), out);
    *out++ = '\t';
    bool unreadable = false;
    for (std::size_t c = 0; c < n; ++c) {
        out[c] = mark_letter(ballot.marks[c]);
        unreadable = unreadable || ballot.marks[c] == Mark::unreadable;
    }
    out += n;
    *out++ = '\t';
    if (ballot.declared_void) out = std::copy_n("void", 4, out);
    *out++ = '\t';
    std::copy(ballot.note.begin(), ballot.note.end(), out);
    batch_.ends.push_back(static_cast<std::uint32_t>(batch_.size));
    if (batch_.ends.size() >= k_batch_rows || batch_.size >= k_batch_bytes) hand_off_batch();

    if (const auto reason = invalid_reason(ballot.declared_void, unreadable, unreadable_, 0, 0)) {
        ++counts_.invalid;
        counts_.invalid_ballots.push_back(
            InvalidBallot{std::string(ballot.serial), *reason, std::string(ballot.note), ballot.line, 0});
        return;
    }
    ++counts_.valid;
    for (std::size_t c = 0; c < n; ++c) {
        const auto m = static_cast<std::size_t>(ballot.marks[c]);
        if (m < by_level_[c].size()) ++by_level_[c][m];
    }
}

void BallotCounter::add(const Ballot& ballot) {
    if (levels_ != 0) [[unlikely]]
        return add_evaluation(ballot);
    ++counts_.rows;
    // The normalised row (BallotReader::normal_row), written straight into the batch, whose
    // room is made once: serial TAB marks TAB [void] TAB note.
    const std::size_t n = ballot.marks.size();
    const std::size_t status = ballot.declared_void ? 4 : 0;
    char* out = batch_.extend(ballot.serial.size() + n + status + ballot.note.size() + 3);
    std::memcpy(out, ballot.serial.data(), ballot.serial.size());
    out += ballot.serial.size();
    *out++ = '\t';
    // R4: a ballot the scrutineers ruled void, one with an unreadable mark under "void-ballot",
    // and one approving more projects than there are open seats count for no project.
    // The marks are counted here, in the loop that writes their letters, with one increment
    // per cell at [candidate][mark] (no branch on the random mark), and taken back below in the
    // rare case that the ballot turns out invalid. Locals, not members: stores of chars may
    // alias anything, and the compiler would reload every pointer after each one.
    static_assert(static_cast<int>(Mark::approve) == 0 && static_cast<int>(Mark::unreadable) == 3);
    const Mark* marks = ballot.marks.data();
    auto* counts = by_mark_.data();
    Count approvals = 0;
    unsigned unreadable = 0;
    for (std::size_t c = 0; c < n; ++c) {
        const auto m = static_cast<std::size_t>(marks[c]) & 3;
        out[c] = "YNA?"[m];
        ++counts[c][m];
        // approve is 0 and unreadable 3, in arithmetic: a comparison here, GCC makes a branch.
        approvals += static_cast<Count>((m - 1) >> 63);     // 1 for 0, else 0
        unreadable |= static_cast<unsigned>((m + 1) >> 2);  // 1 for 3, else 0
    }
    out += n;
    *out++ = '\t';
    std::memcpy(out, "void", status);
    out += status;
    *out++ = '\t';
    if (!ballot.note.empty()) std::memcpy(out, ballot.note.data(), ballot.note.size());
    batch_.ends.push_back(static_cast<std::uint32_t>(batch_.size));
    if (batch_.ends.size() >= k_batch_rows || batch_.size >= k_batch_bytes) hand_off_batch();

    const std::optional<InvalidReason> reason =
        invalid_reason(ballot.declared_void, unreadable != 0, unreadable_, approvals, seats_);
    if (reason) {
        for (std::size_t c = 0; c < n; ++c) --counts[c][static_cast<std::size_t>(marks[c]) & 3];
        ++counts_.invalid;
        counts_.invalid_ballots.push_back(
            InvalidBallot{std::string(ballot.serial), *reason, std::string(ballot.note), ballot.line, approvals});
        return;
    }
    ++counts_.valid;
}

BallotCounts BallotCounter::finish() {
    if (leaf_hashes_ != nullptr) {
        hash_batch_here();
    } else {
        if (leaf_hasher_) leaf_hasher_->drain();
        // The last (or only) batch is hashed here: a meeting's 120 ballots never start a thread.
        merkle_.add_leaves(batch_.text(), batch_.ends);
        counts_.merkle_root = merkle_.root();
    }
    batch_ = Batch();
    for (std::size_t c = 0; c < by_level_.size(); ++c) {
        LevelCounts lc;
        for (std::size_t l = 0; l < levels_; ++l)
            lc.levels.push_back(by_level_[c][static_cast<std::size_t>(level_mark(l))]);
        lc.abstain = by_level_[c][static_cast<std::size_t>(Mark::abstain)];
        lc.unreadable = by_level_[c][static_cast<std::size_t>(Mark::unreadable)];
        counts_.candidates[c].abstain = lc.abstain;
        counts_.candidates[c].unreadable = lc.unreadable;
        counts_.levels.push_back(std::move(lc));
    }
    for (std::size_t c = 0; c < by_mark_.size(); ++c) {
        CandidateCount& cc = counts_.candidates[c];
        cc.approve = by_mark_[c][static_cast<std::size_t>(Mark::approve)];
        cc.disapprove = by_mark_[c][static_cast<std::size_t>(Mark::disapprove)];
        cc.abstain = by_mark_[c][static_cast<std::size_t>(Mark::abstain)];
        cc.unreadable = by_mark_[c][static_cast<std::size_t>(Mark::unreadable)];
    }
    return std::move(counts_);
}

namespace {

Decision start(const RoundSetup& setup) {
    Decision d;
    if (!setup.evaluation()) d.minimum_candidates = minimum_candidates(setup.rules.surplus, setup.rules.seats);
    d.quorum_required = quorum_required(setup.rules.quorum, setup.session.deputies);
    d.quorum_met = setup.session.present >= d.quorum_required;
    d.cumulative = setup.selected_before;
    for (const SelectedProject& p : d.cumulative)
        if (p.budget) d.budget_selected += *p.budget;
    return d;
}

}  // namespace

std::optional<Decision> decide_before_ballots(const RoundSetup& setup) {
    Decision d = start(setup);
    // R1 applies to the first round only (R7: later rounds are not subject to it).
    if (setup.kind == RoundKind::first && !setup.evaluation() &&
        static_cast<Count>(setup.candidates.size()) < d.minimum_candidates) {
        d.outcome = Outcome::slate_rejected;
        return d;
    }
    if (!d.quorum_met) {
        d.outcome = Outcome::no_quorum;
        return d;
    }
    // R3 (选举法): more ballots returned than issued voids the whole vote.
    if (setup.session.ballots_returned > setup.session.ballots_issued) {
        d.outcome = Outcome::void_;
        return d;
    }
    return std::nullopt;
}

Decision decide(const RoundSetup& setup, const BallotCounts& counts) {
    Decision d = start(setup);
    const std::size_t n = setup.candidates.size();
    d.candidates.resize(n);

    Threshold t;
    if (setup.kind == RoundKind::tie) {
        t.base = "none";  // R7: the tied projects already passed
    } else {
        t.base = std::string(name(setup.rules.pass_base));
        switch (setup.rules.pass_base) {
            case PassBase::all_deputies:
                t.base_count = setup.session.deputies;
                break;
            case PassBase::present:
                t.base_count = setup.session.present;
                break;
            case PassBase::returned:
                t.base_count = setup.session.ballots_returned;
                break;
            case PassBase::valid:
                t.base_count = counts.valid;
                break;
        }
        t.required = majority_of(t.base_count);
    }
    d.threshold = t;
    if (setup.evaluation()) {
        // R8: a verdict and a rate per project, the pooled rate; no further round.
        d.evaluation = evaluate(setup.rules.levels.size(), counts.levels, counts.valid, t.base_count);
        d.candidates.clear();
        d.outcome = Outcome::final_;
        return d;
    }

    // Those that pass, ranked by approvals (ballot order only breaks ties for display).
    std::vector<std::size_t> passing;
    for (std::size_t i = 0; i < n; ++i) {
        d.candidates[i].passed = !t.required || counts.candidates[i].approve >= *t.required;
        if (d.candidates[i].passed) passing.push_back(i);
    }
    auto approvals = [&](std::size_t i) { return counts.candidates[i].approve; };
    std::stable_sort(passing.begin(), passing.end(),
                     [&](std::size_t a, std::size_t b) { return approvals(a) > approvals(b); });
    for (std::size_t k = 0; k < passing.size(); ++k) {
        Count rank = k > 0 && approvals(passing[k]) == approvals(passing[k - 1]) ? *d.candidates[passing[k - 1]].rank
                                                                                 : static_cast<Count>(k + 1);
        d.candidates[passing[k]].rank = rank;
        d.candidates[passing[k]].status = CandidateStatus::not_selected;
    }

    const auto seats = static_cast<std::size_t>(setup.seats);
    if (passing.size() > seats && approvals(passing[seats]) == approvals(passing[seats - 1])) {
        // R6: the cut line falls inside a group of equal approvals. Those above the group are
        // selected; the group goes to a re-vote for the remaining seats — never broken by id,
        // order or chance.
        Count cut = approvals(passing[seats - 1]);
        NextRound next{RoundKind::tie, 0, {}};
        for (std::size_t i : passing) {
            if (approvals(i) > cut) {
                d.selected.push_back(i);
            } else if (approvals(i) == cut) {
                d.candidates[i].status = CandidateStatus::tied;
                next.candidates.push_back(i);
            }
        }
        next.seats = setup.seats - static_cast<Count>(d.selected.size());
        std::sort(next.candidates.begin(), next.candidates.end());
        d.next_round = std::move(next);
        d.outcome = Outcome::tie;
    } else {
        std::size_t take = std::min(seats, passing.size());
        d.selected.assign(passing.begin(), passing.begin() + static_cast<std::ptrdiff_t>(take));
        Count open = setup.seats - static_cast<Count>(take);
        d.outcome = Outcome::final_;
        if (open > 0) {
            // R6 shortfall: a first round may go to a supplementary vote among all projects not
            // yet selected; a supplementary round that is itself short leaves the rest unfilled.
            if (setup.kind == RoundKind::first && setup.rules.shortfall == ShortfallRule::supplementary) {
                NextRound next{RoundKind::supplementary, open, {}};
                for (std::size_t i = 0; i < n; ++i)
                    if (std::find(d.selected.begin(), d.selected.end(), i) == d.selected.end())
                        next.candidates.push_back(i);
                d.next_round = std::move(next);
                d.outcome = Outcome::shortfall;
            } else {
                d.seats_unfilled = open;
            }
        }
    }
    for (std::size_t i : d.selected) {
        d.candidates[i].status = CandidateStatus::selected;
        const Candidate& c = setup.candidates[i];
        d.cumulative.push_back(SelectedProject{c.id, c.name, c.budget, setup.round});
        if (c.budget) d.budget_selected += *c.budget;
    }
    return d;
}

}  // namespace piaojue
