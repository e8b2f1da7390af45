#include "toml.hpp"

namespace piaojue {

// Compile-time proof that the parser's whitespace test is defined for the code points toml++
// 3.3's table left out (a constant expression cannot reach __builtin_unreachable()): one from
// each hole, its edges, and the whitespace around them. tests/test_toml.cpp checks every code point.
static_assert(!toml::impl::is_whitespace(U'\u00A1') && !toml::impl::is_whitespace(U'\u00D7') &&
              !toml::impl::is_whitespace(U'\u0499') && !toml::impl::is_whitespace(U'\u2C5E') &&
              !toml::impl::is_whitespace(U'\u3001') && !toml::impl::is_whitespace(U'\u3057') &&
              !toml::impl::is_whitespace(U'\uFB26') && !toml::impl::is_whitespace(U'\uFE50') &&
              !toml::impl::is_whitespace(U'\uFEFE'));
static_assert(toml::impl::is_whitespace(U'\u00A0') && toml::impl::is_whitespace(U'\u3000') &&
              toml::impl::is_whitespace(U'\uFEFF') && toml::impl::is_whitespace(U'\u2028'));

toml::table parse_toml(std::string_view bytes, std::string_view path) {
    return toml::parse(bytes, path);
}

}  // namespace piaojue
