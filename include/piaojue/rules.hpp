// The adopted rules of a 票决办法 (docs/rules.md §1) and the exact integer arithmetic behind them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <piaojue/digest.hpp>

namespace piaojue {

using Count = std::int64_t;

/// R1 差额: by how much the candidate list must exceed the seats.
enum class SurplusRule { ceil_20, more_than_20, nearest_20, none };
/// R2 法定人数: how many deputies must be present.
enum class QuorumRule { at_least_2_3, more_than_2_3, more_than_1_2 };
/// R5 过半数的基数: half of whom a project's approvals must exceed.
enum class PassBase { all_deputies, present, returned, valid };
/// R4: what an unreadable mark (`?`) voids.
enum class UnreadableRule { void_mark, void_ballot };
/// R6 缺额: what happens when fewer projects pass than there are seats.
enum class ShortfallRule { supplementary, leave_unfilled };

/// The rules of one session (`[rules]` in the session file).
struct Rules {
    Count seats = 0;
    SurplusRule surplus = SurplusRule::ceil_20;
    QuorumRule quorum = QuorumRule::at_least_2_3;
    PassBase pass_base = PassBase::all_deputies;
    UnreadableRule unreadable = UnreadableRule::void_mark;
    ShortfallRule shortfall = ShortfallRule::supplementary;
    DigestAlgo digest = DigestAlgo::sha256;
    /// R8: a satisfaction evaluation's levels, best first (2–5); empty in a selection vote.
    std::vector<std::string> levels;
};

/// Names as written in session files and records (`"ceil-20"`, `"at-least-2/3"`, …).
[[nodiscard]] std::string_view name(SurplusRule r);
[[nodiscard]] std::string_view name(QuorumRule r);
[[nodiscard]] std::string_view name(PassBase r);
[[nodiscard]] std::string_view name(UnreadableRule r);
[[nodiscard]] std::string_view name(ShortfallRule r);
[[nodiscard]] std::optional<SurplusRule> parse_surplus(std::string_view s);
[[nodiscard]] std::optional<QuorumRule> parse_quorum(std::string_view s);
[[nodiscard]] std::optional<PassBase> parse_pass_base(std::string_view s);
[[nodiscard]] std::optional<UnreadableRule> parse_unreadable(std::string_view s);
[[nodiscard]] std::optional<ShortfallRule> parse_shortfall(std::string_view s);

/// The value a session file or record names `s` for a rule of type `Rule` (one of the five rule
/// enums above, or DigestAlgo), or nullopt: parse_surplus, parse_quorum, … by type.
template <typename Rule>
[[nodiscard]] std::optional<Rule> parse_rule(std::string_view s);
/// Every name of `Rule`'s values, in its table's order, joined by ", " — what an error about an
/// unknown value lists (`"ceil-20, more-than-20, nearest-20, none"`). Made from the same table
/// the names are parsed with, so a new variant is offered in every hint at once.
template <typename Rule>
[[nodiscard]] std::string rule_choices();

/// R1: the fewest candidates a list for `seats` seats may have under `rule` (seats ≥ 1).
[[nodiscard]] Count minimum_candidates(SurplusRule rule, Count seats);

/// R2: the fewest deputies present, out of `deputies`, that make a quorum under `rule`.
[[nodiscard]] Count quorum_required(QuorumRule rule, Count deputies);

/// R5: approvals a project needs: more than half of `base_count`, i.e. ⌊base_count/2⌋ + 1.
[[nodiscard]] constexpr Count majority_of(Count base_count) {
    return base_count / 2 + 1;
}

}  // namespace piaojue
