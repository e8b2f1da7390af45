// UTF-8 helpers: validation, lengths, display width, trimming, forbidden characters, name folding.
#include <piaojue/text.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace piaojue;

TEST_CASE("text::find_invalid_utf8") {
    CHECK_FALSE(find_invalid_utf8("").has_value());
    CHECK_FALSE(find_invalid_utf8("abc 新建小学 ○×√ 😀").has_value());
    CHECK(find_invalid_utf8("ab\xFF") == 2u);
    CHECK(find_invalid_utf8("新\xE5\xBB") == 3u);        // truncated at the end
    CHECK(find_invalid_utf8("a\xC0\xAF") == 1u);         // overlong '/'
    CHECK(find_invalid_utf8("\xED\xA0\x80") == 0u);      // a UTF-16 surrogate
    CHECK(find_invalid_utf8("\xD0\xC2\xBD\xA8") == 0u);  // 新建 in GBK
    CHECK(find_invalid_utf8("ok\x80") == 2u);            // a lone continuation byte
}

TEST_CASE("text::utf8_length_and_prefix") {
    CHECK(utf8_length("") == 0);
    CHECK(utf8_length("abc") == 3);
    CHECK(utf8_length("新建小学") == 4);
    CHECK(utf8_length("P01,新建") == 6);
    CHECK(utf8_length("😀") == 1);
    CHECK(utf8_prefix("新建小学", 2) == "新建");
    CHECK(utf8_prefix("a新b", 2) == "a新");
    CHECK(utf8_prefix("abc", 0).empty());
    CHECK(utf8_prefix("abc", 10) == "abc");
}

TEST_CASE("text::display_width") {
    CHECK(display_width("") == 0);
    CHECK(display_width("abc") == 3);
    CHECK(display_width("新建小学") == 8);
    CHECK(display_width("Ａ１") == 4);  // full-width forms
    CHECK(display_width("〇") == 2);    // an ideograph
    CHECK(display_width("○×√") == 3);   // ambiguous width, drawn narrow
    CHECK(pad("新建", 6) == "新建  ");
    CHECK(pad("12", 5, true) == "   12");
    CHECK(pad("新建小学", 4) == "新建小学");  // never cut
}

TEST_CASE("text::trim") {
    CHECK(trim("  a b  ") == "a b");
    CHECK(trim("\t○\t") == "○");
    CHECK(trim("\xE3\x80\x80赞成\xE3\x80\x80 ") == "赞成");  // U+3000 ideographic space
    CHECK(trim("") == "");
    CHECK(trim(" \xE3\x80\x80 ") == "");
    CHECK(trim("\xC2\xA0x") == "\xC2\xA0x");  // NBSP is not trimmed
}

TEST_CASE("text::find_forbidden_char") {
    CHECK_FALSE(find_forbidden_char("新建小学（一期）").has_value());
    CHECK_FALSE(find_forbidden_char("=SUM(A1) +1 -2 @x").has_value());
    auto rlo = find_forbidden_char(
        "ab\xE2\x80\xAE"
        "cd");  // U+202E right-to-left override
    REQUIRE(rlo.has_value());
    CHECK(rlo->index == 2);
    CHECK(rlo->code_point == U'\u202E');
    auto zwsp = find_forbidden_char("新建\xE2\x80\x8B小学");  // U+200B zero-width space
    REQUIRE(zwsp.has_value());
    CHECK(zwsp->index == 2);
    CHECK(zwsp->code_point == U'\u200B');
    CHECK(find_forbidden_char("a\tb")->code_point == U'\t');
    CHECK(find_forbidden_char("\xEF\xBB\xBFx")->code_point == U'\uFEFF');
    CHECK(find_forbidden_char("\xE2\x81\xA6x")->code_point == U'\u2066');  // isolate
    CHECK(find_forbidden_char("\xC2\x85")->code_point == U'\u0085');       // C1 control
    CHECK(find_forbidden_char("x\x7F")->index == 1);
    CHECK(code_point_name(U'\u202E') == "U+202E");
    CHECK(code_point_name(U'\t') == "U+0009");
    CHECK(code_point_name(U'\U0001F600') == "U+1F600");
}

TEST_CASE("text::fold_key") {
    CHECK(fold_key("新建小学") == fold_key(" 新建小学 "));
    CHECK(fold_key("新建小学") == fold_key("\xE3\x80\x80新建小学"));
    CHECK(fold_key("ＡＢＣ小学") == fold_key("abc小学"));  // full-width letters, case folded
    CHECK(fold_key("第１中学") == fold_key("第1中学"));
    CHECK(fold_key("a  b") == fold_key("a b"));  // inner white space collapsed
    CHECK(fold_key("a\tb") == "a b");
    CHECK(fold_key("新建小学") != fold_key("新建中学"));
    CHECK(fold_key("ab") != fold_key("a b"));
}

TEST_CASE("text::printable_line") {
    CHECK(printable_line("a\tb") == "a\\x09b");
    CHECK(printable_line(std::string("a\0b", 3)) == "a\\x00b");
    CHECK(printable_line("新建\x7F") == "新建\\x7F");
    CHECK(printable_line("plain 文本") == "plain 文本");
}

TEST_CASE("text::fold_fullwidth_digits") {
    CHECK(fold_fullwidth_digits("３９００") == "3900");
    CHECK(fold_fullwidth_digits("１２８０．５") == "1280.5");
    CHECK(fold_fullwidth_digits("12３") == "123");
    CHECK(fold_fullwidth_digits("abc") == "abc");                  // ASCII passes through, to be judged later
    CHECK_FALSE(fold_fullwidth_digits("１，０００").has_value());  // full-width comma
    CHECK_FALSE(fold_fullwidth_digits("－５").has_value());        // full-width minus
    CHECK_FALSE(fold_fullwidth_digits("三千").has_value());
    CHECK_FALSE(fold_fullwidth_digits("1。5").has_value());  // ideographic full stop
}
