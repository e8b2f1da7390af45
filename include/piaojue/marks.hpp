// The marks a session's ballots are keyed with (docs/rules.md §2.5): the standard table of a
// selection vote, the level marks of a satisfaction evaluation (R8), and a session's `[marks]`
// table, which replaces the symbols of any class. The record lists the table in force.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <piaojue/ballots.hpp>
#include <piaojue/error.hpp>
#include <piaojue/text.hpp>

namespace piaojue {

/// What a session votes on: which projects to adopt (R1–R7), or how the adopted ones were carried
/// out (R8, 满意度测评).
enum class VoteKind { selection, satisfaction };

/// `selection` or `satisfaction`, as session files and records write it.
[[nodiscard]] std::string_view name(VoteKind kind);
[[nodiscard]] std::optional<VoteKind> parse_vote_kind(std::string_view s);

/// The mark of evaluation level `level` (0 = the best), beside the four selection marks.
[[nodiscard]] constexpr Mark level_mark(std::size_t level) {
    return static_cast<Mark>(4 + level);
}

/// The level a level mark stands for, or nullopt for approve, disapprove, abstain, unreadable.
[[nodiscard]] constexpr std::optional<std::size_t> level_of(Mark mark) {
    const auto v = static_cast<std::size_t>(mark);
    if (v < 4) return std::nullopt;
    return v - 4;
}

/// One class of marks and the symbols keyed for it.
struct MarkClass {
    std::string name;                  ///< approve, disapprove, abstain, unreadable, or a level's name
    Mark mark = Mark::abstain;         ///< what a symbol of the class means
    std::vector<std::string> symbols;  ///< as keyed, without surrounding spaces; "" is a blank cell
};

/// The marks of one session, class by class. The standard table (SPEC §3's) is the one the
/// ballot reader decides inline; any other is looked up symbol by symbol.
struct MarkTable {
    std::vector<MarkClass> classes;
    bool standard = true;  ///< the selection vote's default table, unchanged
    bool custom = false;   ///< changed by the session's `[marks]`: the record lists it

    /// The mark `cell` means (surrounding spaces, U+3000 included, ignored), or nullopt.
    [[nodiscard]] std::optional<Mark> find(std::string_view cell) const;
    /// The class of `mark`, or nullptr.
    [[nodiscard]] const MarkClass* class_of(Mark mark) const;
    /// What the symbols mean, for an error's hint: "○ / Y (approve), …".
    [[nodiscard]] Text hint() const;
    /// The mark in words, for a person comparing it with the paper: 赞成 / approve, 满意, …
    [[nodiscard]] Text words(Mark mark) const;

    friend bool operator==(const MarkTable& a, const MarkTable& b) {
        if (a.classes.size() != b.classes.size()) return false;
        for (std::size_t i = 0; i < a.classes.size(); ++i)
            if (a.classes[i].name != b.classes[i].name || a.classes[i].mark != b.classes[i].mark ||
                a.classes[i].symbols != b.classes[i].symbols)
                return false;
        return true;
    }
};

/// The selection vote's standard table (approve, disapprove, abstain, unreadable).
[[nodiscard]] const MarkTable& selection_marks();

/// The default table of an evaluation with `levels` (best first): each level's own name, ○ 〇 for
/// the best level, × X x for the worst, △ for the middle one of three; blank and 弃权 abstain;
/// ? ？ unreadable.
[[nodiscard]] MarkTable satisfaction_marks(const std::vector<std::string>& levels);

/// Why `symbol` cannot be a mark (a symbol of a `[marks]` table), or nullopt: it has surrounding
/// spaces, a line break, a comma or a quote, an invisible character, or more than 16 characters.
[[nodiscard]] std::optional<Text> bad_mark_symbol(std::string_view symbol);

}  // namespace piaojue
