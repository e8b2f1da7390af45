// The candidate list (candidates.csv, docs/rules.md §2.3): the projects on the ballot, in ballot order.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <piaojue/decimal.hpp>
#include <piaojue/source.hpp>

namespace piaojue {

/// One candidate project (候选项目).
struct Candidate {
    std::string id;                 ///< [A-Za-z0-9_-]+
    std::string name;               ///< 项目名称
    std::optional<Decimal> budget;  ///< 预算, 万元
    std::string lead;               ///< 牵头单位
    std::string note;               ///< 备注
    std::string year;               ///< 年度: the year an evaluated project was adopted (projects.csv)
};

/// Parses candidates.csv read from `text` (UTF-8), named `file` in errors. Accepts English or
/// Chinese header names. Throws Error (exit 3) listing every bad row: missing or repeated
/// columns, bad or duplicate ids, empty or duplicate names (also after trimming and full-width
/// folding), bad budgets. `projects`: an evaluation's projects.csv, which may also have a
/// `year` / `年度` column.
[[nodiscard]] std::vector<Candidate> parse_candidates(Source& text, const std::string& file, bool projects = false);

/// Whether `id` is a valid candidate id: [A-Za-z0-9_-]+, at most 32 characters.
[[nodiscard]] bool valid_candidate_id(std::string_view id);

/// Parses a budget cell: a non-negative decimal in 万元, ASCII or full-width digits
/// (`３９００` reads as 3900); nullopt when it is anything else.
[[nodiscard]] std::optional<Decimal> parse_budget(std::string_view cell);

}  // namespace piaojue
