// toml++ (header-only) as the core uses it: include this, never <toml++/toml.h> directly, so that
// every translation unit sees the same configuration, and parse with parse_toml().
//
// toml++ 3.3 (Debian 12) has two faults that malformed input reaches (both found by fuzz_session
// and fuzz_trust):
// - Parser preconditions checked only with TOML_ASSERT_ASSUME, which a table header that does not
//   start with a key (`[=x]`, `[会议]`, `[[[1]]]`) breaks: assert() — an abort — in debug builds,
//   __builtin_assume — undefined behaviour — in clang release builds (fixed upstream in
//   marzer/tomlplusplus#301). Below, the checks are no-ops and NDEBUG is hidden from toml++, so
//   the parser goes on to its own test of the same condition and reports a parse error.
// - A whitespace table with holes: for some code points (among them CJK punctuation such as
//   、。【】《》「」 and Latin-1 signs such as × ·) it reaches __builtin_unreachable(). parse_toml()
//   refuses those code points where toml++ would classify them, before toml++ sees them.
#pragma once

#include <string_view>

#pragma push_macro("NDEBUG")
#undef NDEBUG
#define TOML_ASSERT(expr) static_cast<void>(0)
#include <toml++/toml.h>
#undef TOML_ASSERT
#pragma pop_macro("NDEBUG")

namespace piaojue {

/// toml::parse(`bytes`, `path`), except that a code point toml++ cannot classify, where it would
/// try to (outside strings and comments; after a backslash in a multi-line string), is reported
/// first, as a toml::parse_error at its line and column.
[[nodiscard]] toml::table parse_toml(std::string_view bytes, std::string_view path);

}  // namespace piaojue
