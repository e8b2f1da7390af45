// UTF-8 text helpers: validation, trimming, display width for aligned Chinese tables, and the
// folding key under which two project names count as the same.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace piaojue {

/// Byte offset of the first invalid UTF-8 sequence in `s`, or nullopt when `s` is valid UTF-8.
[[nodiscard]] std::optional<std::size_t> find_invalid_utf8(std::string_view s);

/// Number of code points in valid UTF-8 `s`.
[[nodiscard]] std::size_t utf8_length(std::string_view s);

/// The first `count` code points of valid UTF-8 `s`.
[[nodiscard]] std::string_view utf8_prefix(std::string_view s, std::size_t count);

/// Terminal display width of valid UTF-8 `s` (CJK ideographs and full-width forms count 2).
[[nodiscard]] std::size_t display_width(std::string_view s);

/// `s` padded with spaces on the right (or left when `right_align`) to display width `width`.
[[nodiscard]] std::string pad(std::string_view s, std::size_t width, bool right_align = false);

/// `rows` as a table for the terminal: cells two spaces apart, each column padded to its widest
/// cell by display width (right-aligned where `right_align[column]` is true), the last column not
/// padded; one line per row.
[[nodiscard]] std::string render_table(const std::vector<std::vector<std::string>>& rows,
                                       const std::vector<bool>& right_align = {});

/// `s` without leading and trailing ASCII spaces, tabs and ideographic spaces (U+3000).
[[nodiscard]] std::string_view trim(std::string_view s);

/// A character that has no place in a name, mark or note: C0/C1 controls, DEL, bidi overrides
/// and isolates (U+202A–U+202E, U+2066–U+2069), zero-width characters (U+200B–U+200F, U+2060,
/// U+FEFF), other format characters (U+FFF9–U+FFFB…), line and paragraph separators
/// (U+2028/2029), private-use, unassigned and noncharacters (U+FFFE/FFFF…), default-ignorable
/// characters (variation selectors, Hangul fillers…) and the braille blank U+2800. Returns the code-point index
/// (0-based) of the first one in valid UTF-8 `s`, and the code point, or nullopt.
struct ForbiddenChar {
    std::size_t index;
    char32_t code_point;
};
[[nodiscard]] std::optional<ForbiddenChar> find_forbidden_char(std::string_view s);

/// `U+XXXX` for `cp`.
[[nodiscard]] std::string code_point_name(char32_t cp);

/// The key under which two names are the same: NFKC with case folding (full-width letters and
/// digits fold to ASCII), trimmed, inner white space collapsed.
[[nodiscard]] std::string fold_key(std::string_view s);

/// `s` made safe to print on one terminal line: control characters shown as `\xNN`, invisible and
/// bidi-control characters (U+200B, U+202E, …) as `<U+XXXX>`.
[[nodiscard]] std::string printable_line(std::string_view s);

/// Converts full-width digits, full-width full stop and ideographic full stop are NOT converted:
/// only U+FF10–U+FF19 to `0`–`9` and U+FF0E to `.`. Returns nullopt if `s` holds anything else
/// non-ASCII.
[[nodiscard]] std::optional<std::string> fold_fullwidth_digits(std::string_view s);

}  // namespace piaojue
