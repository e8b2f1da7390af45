// toml++ as the core uses it (src/toml.hpp): the whitespace test that toml++ 3.3 leaves undefined
// for thousands of code points, and the parser on the inputs that reached it.
#include "toml.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>

using namespace piaojue;

TEST_SUITE_BEGIN("toml");

namespace {

// TOML 1.0 whitespace as toml++ classifies it: tab and space, the line breaks, and the non-ASCII
// spaces it names in order to reject them.
bool expected_whitespace(char32_t c) {
    return c == U'\t' || c == U' ' || (c >= U'\n' && c <= U'\r') || c == U'\u0085' || c == U'\u00A0' ||
           c == U'\u1680' || c == U'\u180E' || (c >= U'\u2000' && c <= U'\u200B') || c == U'\u2028' || c == U'\u2029' ||
           c == U'\u202F' || c == U'\u205F' || c == U'\u2060' || c == U'\u3000' || c == U'\uFEFF';
}

struct Failure {
    std::uint32_t line, column;
    std::string description;
};

std::optional<Failure> failure_of(std::string_view text) {
    try {
        (void)parse_toml(text, "t.toml");
    } catch (const toml::parse_error& e) {
        return Failure{e.source().begin.line, e.source().begin.column, std::string(e.description())};
    }
    return std::nullopt;
}

}  // namespace

TEST_CASE("toml::whitespace_is_defined_for_every_code_point") {
    // With toml++ 3.3's own table, the sanitizer builds stop here at U+00A1 (the runtime twin of
    // the static_assert in src/toml.cpp).
    std::size_t mismatches = 0, whitespace = 0;
    for (char32_t c = 0; c <= 0x10FFFF; ++c) {
        bool is = toml::impl::is_whitespace(c);
        whitespace += is;
        if (is != expected_whitespace(c) && ++mismatches <= 5) FAIL_CHECK("U+" << std::hex << unsigned(c));
    }
    CHECK(mismatches == 0);
    CHECK(whitespace == 29);  // 2 + 4 line breaks + 4 + U+2000–U+200B + 7
}

TEST_CASE("toml::characters_toml_3_3_could_not_classify") {
    SUBCASE("after a value: toml++'s own error, at the character") {
        struct Case {
            const char* text;
            std::uint32_t column;
            const char* saw;
        };
        for (Case c : {Case{"deputies = 45。\n", 14, "。"}, Case{"seats = 3×\n", 10, "×"}, Case{"x = 50﹐\n", 7, "﹐"},
                       Case{"x = 1、\n", 6, "、"}}) {
            CAPTURE(c.text);
            std::optional<Failure> f = failure_of(c.text);
            REQUIRE(f);
            CHECK(f->line == 1);
            CHECK(f->column == c.column);
            CHECK(f->description ==
                  std::string("Error while parsing decimal integer: expected digit, saw '") + c.saw + "'");
        }
    }
    SUBCASE("where a key or table belongs") {
        std::optional<Failure> f = failure_of("【rules】\n");
        REQUIRE(f);
        CHECK(f->column == 1);
        CHECK(f->description ==
              "Error while parsing root table: expected keys, tables, whitespace or comments, saw '【'");
    }
    SUBCASE("after a backslash in a multi-line string: an unknown escape") {
        std::optional<Failure> f = failure_of("s = \"\"\"\\、\"\"\"\n");
        REQUIRE(f);
        CHECK(f->description == "Error while parsing string: unknown escape sequence '\\、'");
    }
    SUBCASE("first on the line after a line-ending backslash: part of the string (marzer/tomlplusplus#190)") {
        CHECK(parse_toml("s = \"\"\"\\\n  §·、 x\"\"\"\n", "t.toml")["s"].value<std::string>() == "§·、 x");
    }
    SUBCASE("inside strings and comments, as always") {
        toml::table t = parse_toml("a = \"【·×、】\" # 代表、共 45 名\nb = '﹐'\n", "t.toml");
        CHECK(t["a"].value<std::string>() == "【·×、】");
        CHECK(t["b"].value<std::string>() == "﹐");
    }
    SUBCASE("a bare value with brackets and quotes before one (found by fuzz_trust)") {
        std::optional<Failure> f = failure_of("key = [2[\"\"\"\"ff、\"]\n");
        REQUIRE(f);
        CHECK(f->line == 1);
    }
    SUBCASE(
        "after quoted parts of a dotted key (a way through the old guard's model, found after the CI run of 0050597)") {
        std::optional<Failure> f = failure_of("[[''.'4'.'5' .'['、");
        REQUIRE(f);
        CHECK(f->column == 18);
        CHECK(f->description == "Error while parsing table header: expected ']', saw '、'");
    }
    SUBCASE("a combining mark that is not valid UTF-8 in context (marzer/tomlplusplus#295)") {
        CHECK(failure_of("\xcc\xaa"));
    }
}
