// Names a person can tell apart: two names that differ only in characters that look alike
// (Latin A and Cyrillic А, "rn" and "m") are refused, by Unicode TR39's skeleton as ICU's spoof
// checker computes it. For candidate names, and for any later list of names (satisfaction
// projects, officers) that must be told apart on paper.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace piaojue {

/// The TR39 skeleton of `name` after fold_key: equal for names that look alike. `name` must be
/// valid UTF-8 without forbidden characters (find_forbidden_char).
[[nodiscard]] std::string confusable_skeleton(std::string_view name);

/// A list of names being read, each with its line: tells which earlier name a new one looks like.
class LookAlikeNames {
public:
    LookAlikeNames();
    ~LookAlikeNames();
    LookAlikeNames(const LookAlikeNames&) = delete;
    LookAlikeNames& operator=(const LookAlikeNames&) = delete;

    /// An earlier name that looks like `name` (and its line), or nullopt; `name` (on `line`) is
    /// remembered when it looks like none.
    struct Earlier {
        std::string name;
        std::size_t line;
    };
    [[nodiscard]] std::optional<Earlier> add(std::string_view name, std::size_t line);

    struct Checker;  ///< ICU's spoof checker (src/confusable.cpp)

private:
    std::unique_ptr<Checker> checker_;
    std::unordered_map<std::string, Earlier> seen_;  // skeleton → first name
};

/// "“А” (U+0410) where the other has “A” (U+0041)": the first character in which `a` and `b`
/// differ, for a hint; empty when they differ in length before any character does.
[[nodiscard]] std::string first_difference_text(std::string_view a, std::string_view b, bool zh);

}  // namespace piaojue
