// The human result: what the chief scrutineer reads aloud at the meeting, in Chinese or English,
// with tables aligned by display width so Chinese names line up.
#pragma once

#include <string>

#include <piaojue/error.hpp>
#include <piaojue/round.hpp>

namespace piaojue {

/// The report of a tallied round: session, attendance, ballots, the projects sorted by
/// approvals, the invalid ballots for review, and the decision in one plain sentence.
[[nodiscard]] std::string render_report(const RoundResult& result, Lang lang);

/// The decision in one plain sentence (the last line of the report).
[[nodiscard]] std::string render_decision(const RoundResult& result, Lang lang);

/// The report of `check`: the list, the surplus rule, attendance and quorum.
[[nodiscard]] std::string render_check(const LoadedRound& loaded, const Decision& precheck, bool stops, Lang lang);

}  // namespace piaojue
