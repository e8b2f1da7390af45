#include <piaojue/rules.hpp>

#include <algorithm>
#include <array>
#include <string>
#include <utility>

namespace piaojue {

namespace {

template <typename E, std::size_t N>
std::optional<E> lookup(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view s) {
    for (const auto& [value, text] : table)
        if (text == s) return value;
    return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view lookup(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
    for (const auto& [value, text] : table)
        if (value == e) return text;
    return "?";
}

constexpr std::array k_surplus{std::pair{SurplusRule::ceil_20, std::string_view("ceil-20")},
                               std::pair{SurplusRule::more_than_20, std::string_view("more-than-20")},
                               std::pair{SurplusRule::nearest_20, std::string_view("nearest-20")},
                               std::pair{SurplusRule::none, std::string_view("none")}};
constexpr std::array k_quorum{std::pair{QuorumRule::at_least_2_3, std::string_view("at-least-2/3")},
                              std::pair{QuorumRule::more_than_2_3, std::string_view("more-than-2/3")},
                              std::pair{QuorumRule::more_than_1_2, std::string_view("more-than-1/2")}};
constexpr std::array k_pass_base{std::pair{PassBase::all_deputies, std::string_view("all-deputies")},
                                 std::pair{PassBase::present, std::string_view("present")},
                                 std::pair{PassBase::returned, std::string_view("returned")},
                                 std::pair{PassBase::valid, std::string_view("valid")}};
constexpr std::array k_unreadable{std::pair{UnreadableRule::void_mark, std::string_view("void-mark")},
                                  std::pair{UnreadableRule::void_ballot, std::string_view("void-ballot")}};
constexpr std::array k_shortfall{std::pair{ShortfallRule::supplementary, std::string_view("supplementary")},
                                 std::pair{ShortfallRule::leave_unfilled, std::string_view("leave-unfilled")}};

template <typename E, std::size_t N>
std::string joined(const std::array<std::pair<E, std::string_view>, N>& table) {
    std::string out;
    for (const auto& [value, text] : table) out += (out.empty() ? "" : ", ") + std::string(text);
    return out;
}

}  // namespace

template <>
std::optional<SurplusRule> parse_rule(std::string_view s) {
    return lookup(k_surplus, s);
}
template <>
std::optional<QuorumRule> parse_rule(std::string_view s) {
    return lookup(k_quorum, s);
}
template <>
std::optional<PassBase> parse_rule(std::string_view s) {
    return lookup(k_pass_base, s);
}
template <>
std::optional<UnreadableRule> parse_rule(std::string_view s) {
    return lookup(k_unreadable, s);
}
template <>
std::optional<ShortfallRule> parse_rule(std::string_view s) {
    return lookup(k_shortfall, s);
}
template <>
std::optional<DigestAlgo> parse_rule(std::string_view s) {
    return parse_digest_name(s);
}
template <>
std::string rule_choices<SurplusRule>() {
    return joined(k_surplus);
}
template <>
std::string rule_choices<QuorumRule>() {
    return joined(k_quorum);
}
template <>
std::string rule_choices<PassBase>() {
    return joined(k_pass_base);
}
template <>
std::string rule_choices<UnreadableRule>() {
    return joined(k_unreadable);
}
template <>
std::string rule_choices<ShortfallRule>() {
    return joined(k_shortfall);
}
template <>
std::string rule_choices<DigestAlgo>() {
    std::string out;
    for (DigestAlgo a : {DigestAlgo::sha256, DigestAlgo::sm3})
        out += (out.empty() ? "" : ", ") + std::string(digest_name(a));
    return out;
}

std::string_view name(SurplusRule r) {
    return lookup(k_surplus, r);
}
std::string_view name(QuorumRule r) {
    return lookup(k_quorum, r);
}
std::string_view name(PassBase r) {
    return lookup(k_pass_base, r);
}
std::string_view name(UnreadableRule r) {
    return lookup(k_unreadable, r);
}
std::string_view name(ShortfallRule r) {
    return lookup(k_shortfall, r);
}
std::optional<SurplusRule> parse_surplus(std::string_view s) {
    return lookup(k_surplus, s);
}
std::optional<QuorumRule> parse_quorum(std::string_view s) {
    return lookup(k_quorum, s);
}
std::optional<PassBase> parse_pass_base(std::string_view s) {
    return lookup(k_pass_base, s);
}
std::optional<UnreadableRule> parse_unreadable(std::string_view s) {
    return lookup(k_unreadable, s);
}
std::optional<ShortfallRule> parse_shortfall(std::string_view s) {
    return lookup(k_shortfall, s);
}

Count minimum_candidates(SurplusRule rule, Count seats) {
    // 20% of seats is seats/5; all in integers so that no float can round a public decision.
    switch (rule) {
        case SurplusRule::ceil_20:  // candidates − seats ≥ max(1, ⌈seats/5⌉)
            return seats + std::max<Count>(1, (seats + 4) / 5);
        case SurplusRule::more_than_20:  // (candidates − seats) × 5 > seats
            return seats + seats / 5 + 1;
        case SurplusRule::nearest_20:  // candidates − seats ≥ max(1, round-half-up(seats/5))
            return seats + std::max<Count>(1, (2 * seats + 5) / 10);
        case SurplusRule::none:
            return seats;
    }
    return seats;
}

Count quorum_required(QuorumRule rule, Count deputies) {
    switch (rule) {
        case QuorumRule::at_least_2_3:  // present × 3 ≥ deputies × 2
            return (2 * deputies + 2) / 3;
        case QuorumRule::more_than_2_3:  // present × 3 > deputies × 2
            return 2 * deputies / 3 + 1;
        case QuorumRule::more_than_1_2:  // present × 2 > deputies
            return deputies / 2 + 1;
    }
    return deputies;
}

}  // namespace piaojue
