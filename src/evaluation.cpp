#include <piaojue/evaluation.hpp>

#include <piaojue/error.hpp>

#include <boost/multiprecision/cpp_int.hpp>

namespace piaojue {

namespace {

using boost::multiprecision::cpp_int;

// n / d × 100 rounded half up to two decimals, as hundredths: ⌊(20000·n + d) / (2·d)⌋, exact in
// cpp_int whatever the operands (a pooled numerator may exceed 2^63 / 10^4 long before 2^63).
std::string percentage_of(const cpp_int& n, const cpp_int& d) {
    const cpp_int hundredths = (n * 20000 + d) / (d * 2);
    const cpp_int whole = hundredths / 100;
    const auto cents = static_cast<unsigned>(hundredths % 100);
    return whole.str() + (cents < 10 ? ".0" : ".") + std::to_string(cents);
}

[[noreturn]] void inconsistent(const std::string& en, const std::string& zh) {
    throw_about(ExitCode::input, {}, {"inconsistent evaluation counts: " + en, "测评票数不一致：" + zh});
}

}  // namespace

std::size_t evaluation_verdict(const std::vector<Count>& levels, Count required) {
    // The worst level is the fallback, so only the better ones are tried.
    cpp_int marks = 0;  // wide: a record handed to verify may carry any numbers
    for (std::size_t level = 0; level + 1 < levels.size(); ++level) {
        marks += levels[level];
        if (marks >= required) return level;
    }
    return levels.empty() ? 0 : levels.size() - 1;
}

std::optional<std::string> percentage(Count numerator, Count denominator) {
    if (denominator == 0) return std::nullopt;
    return percentage_of(numerator, denominator);
}

Evaluation evaluate(std::size_t level_count, const std::vector<LevelCounts>& projects, Count valid, Count base_count) {
    if (level_count < k_min_levels || level_count > k_max_levels)
        inconsistent(std::to_string(level_count) + " levels (2 to 5 are allowed)",
                     std::to_string(level_count) + " 个等次（应为 2 至 5 个）");
    if (valid < 0 || base_count < 0) inconsistent("a negative ballot count", "选票数为负");
    Evaluation result;
    result.required = majority_of(base_count);
    cpp_int pooled = 0;  // Σ marks at every level but the worst, over all projects
    for (std::size_t p = 0; p < projects.size(); ++p) {
        const LevelCounts& c = projects[p];
        const std::string which = "project " + std::to_string(p + 1);
        const std::string which_zh = "第 " + std::to_string(p + 1) + " 个项目";
        if (c.levels.size() != level_count)
            inconsistent(
                which + " has " + std::to_string(c.levels.size()) + " level counts, not " + std::to_string(level_count),
                which_zh + "有 " + std::to_string(c.levels.size()) + " 个等次的票数，应为 " +
                    std::to_string(level_count) + " 个");
        cpp_int total = cpp_int(c.abstain) + c.unreadable;
        cpp_int favourable = 0;
        bool negative = c.abstain < 0 || c.unreadable < 0;
        for (std::size_t level = 0; level < level_count; ++level) {
            negative = negative || c.levels[level] < 0;
            total += c.levels[level];
            if (level + 1 < level_count) favourable += c.levels[level];
        }
        if (negative) inconsistent(which + " has a negative count", which_zh + "有负的票数");
        if (total != valid)
            inconsistent(which + ": levels + abstain + unreadable = " + total.str() + ", not the " +
                             std::to_string(valid) + " valid ballots",
                         which_zh + "：各等次 + 弃权 + 无法辨认 = " + total.str() + "，不等于有效票 " +
                             std::to_string(valid) + " 张");
        ProjectEvaluation e;
        e.verdict = evaluation_verdict(c.levels, result.required);
        if (valid > 0) e.rate = percentage_of(favourable, valid);
        pooled += favourable;
        result.projects.push_back(std::move(e));
    }
    if (valid > 0 && !projects.empty()) result.overall_rate = percentage_of(pooled, cpp_int(valid) * projects.size());
    return result;
}

}  // namespace piaojue
