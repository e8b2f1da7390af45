// The human result of a round as a model (RoundReport), built from a typed record — a fresh
// tally's or a published one's alike — and its renderers: the terminal text here, the printed
// documents in their own files. Every text is in both languages (Text); a renderer picks one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <piaojue/error.hpp>
#include <piaojue/record.hpp>
#include <piaojue/round.hpp>

namespace piaojue {

/// One project's row in the result table.
struct ReportRow {
    std::size_t index = 0;  ///< into the round's candidates (ballot order)
    std::optional<Count> rank;
    const Candidate* candidate = nullptr;  ///< id, name, budget, lead: borrowed from the record
    CandidateCount counts;
    bool passed = false;
    CandidateStatus status = CandidateStatus::failed;
    Text status_text;  ///< 当选 / selected, …
};

/// An invalid ballot, for the scrutineers to review.
struct ReportInvalidBallot {
    const InvalidBallot* ballot = nullptr;  ///< borrowed from the record
    Text why;                               ///< the reason in words, with the scrutineers' note
};

/// One evaluated project's row (R8), in project order.
struct EvaluationRow {
    std::size_t index = 0;                ///< into the round's candidates (the evaluated projects)
    const Candidate* project = nullptr;   ///< borrowed from the record
    const LevelCounts* counts = nullptr;  ///< borrowed from the record
    std::string verdict;                  ///< the verdict level's name
    std::optional<std::string> rate;      ///< "90.24"; none with no valid ballot
};

/// Everything a report of one round shows, in both languages. Borrows from the RoundRecord it
/// was made from, which must outlive it.
struct RoundReport {
    const RoundRecord* round = nullptr;
    Text title;       ///< the vote and its round and date: "民生实事项目票决　第 1 轮　2026-01-15"
    Text attendance;  ///< deputies, present, quorum and whether it is met
    Text ballots;     ///< issued, returned, and (when counted) valid and invalid
    std::optional<Text> pass_mark;          ///< the R5 threshold, or the re-vote rule; when counted
    std::vector<Text> columns;              ///< the table's headings
    std::vector<bool> numeric;              ///< per column: right-aligned figures
    std::vector<ReportRow> rows;            ///< by approvals, ballot order among equals; empty when not counted
    std::vector<EvaluationRow> evaluation;  ///< an evaluation's projects (R8); empty when not counted
    std::optional<Text> overall_rate;       ///< an evaluation's pooled rate, when there is one
    std::vector<ReportInvalidBallot> invalid;
    Text decision;  ///< the decision in one plain sentence (or two)
};

/// The report of `round`.
[[nodiscard]] RoundReport make_report(const RoundRecord& round);

/// The report as terminal text in `lang`: what the chief scrutineer reads aloud at the meeting,
/// with the table aligned by display width so Chinese names line up.
[[nodiscard]] std::string render_text(const RoundReport& report, Lang lang);

/// Shorthand: render_text(make_report(result.round), lang).
[[nodiscard]] std::string render_report(const RoundResult& result, Lang lang);

/// The report of `check`: the list, the surplus rule, attendance and quorum; `precheck` is
/// decide_before_ballots' decision (or an empty one), `stops` whether the round stops there.
[[nodiscard]] std::string render_check(const LoadedRound& loaded, const Decision& precheck, bool stops, Lang lang);

}  // namespace piaojue
