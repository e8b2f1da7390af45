// R8 satisfaction evaluation (满意度测评): the verdict per project, the rate per project and the
// pooled overall rate, in exact integers (docs/rules.md §R8). Counting the ballots is tally.hpp's; this is
// the arithmetic after the count, which `tally` and `verify` share.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <piaojue/rules.hpp>

namespace piaojue {

/// The fewest and most levels a session may adopt (e.g. 满意 / 基本满意 / 不满意 is three).
inline constexpr std::size_t k_min_levels = 2;
inline constexpr std::size_t k_max_levels = 5;

/// One project's marks on the valid ballots.
struct LevelCounts {
    std::vector<Count> levels;  ///< marks per level, in level order, best first
    Count abstain = 0;          ///< blank (弃权)
    Count unreadable = 0;       ///< unreadable marks voided under `unreadable = "void-mark"`
};

/// One project's result.
struct ProjectEvaluation {
    std::size_t verdict = 0;          ///< index of the verdict level (0 = best)
    std::optional<std::string> rate;  ///< e.g. "90.24"; nullopt with no valid ballot
};

/// The result of an evaluation round.
struct Evaluation {
    Count required = 0;                       ///< ⌊base_count/2⌋ + 1
    std::vector<ProjectEvaluation> projects;  ///< in project order
    std::optional<std::string> overall_rate;  ///< nullopt with no valid ballot or no project
};

/// R8 verdict: the index of the best level whose marks, added to those of every better level,
/// reach `required`; the worst level when none does. `levels` best first, at least two.
[[nodiscard]] std::size_t evaluation_verdict(const std::vector<Count>& levels, Count required);

/// `numerator` / `denominator` as a percentage with exactly two decimals, rounded half up
/// (37/41 → "90.24", 1/800 → "0.13", 1/1 → "100.00"); nullopt when `denominator` is 0. Exact for
/// any non-negative operands (the product numerator × 10000 is never formed in 64 bits).
[[nodiscard]] std::optional<std::string> percentage(Count numerator, Count denominator);

/// R8 for `projects` (each with `level_count` levels, 2 to 5), `valid` valid ballots and
/// the R5 base count `base_count`. The rate per project is the marks at every level but the worst
/// over `valid`; the overall rate pools them: Σ those marks / (valid × number of projects).
/// Throws an input error (exit 3) when the numbers cannot come from one count: a level count
/// outside 2..5, a project with another number of levels, a negative count, or a project whose
/// level counts + abstain + unreadable differ from `valid` (verify hands a record's numbers here).
[[nodiscard]] Evaluation evaluate(std::size_t level_count, const std::vector<LevelCounts>& projects, Count valid,
                                  Count base_count);

}  // namespace piaojue
