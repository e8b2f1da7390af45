#include <piaojue/confusable.hpp>
#include <piaojue/text.hpp>

#include <doctest/doctest.h>

using namespace piaojue;

TEST_CASE("text::forbidden_invisible_and_noncharacters") {
    for (const char* s : {"老旧小区改造\u2800", "a\uFFF9b", "a\u2028b", "a\u2029b", "a\uE000b", "a\uFE0Fb", "a\u3164b",
                          "a\u00ADb", "a\U000F0000b"})
        CHECK_MESSAGE(find_forbidden_char(s).has_value(), s);
    CHECK(find_forbidden_char("a\xEF\xBF\xBE"
                              "b")
              ->code_point == 0xFFFE);  // noncharacters
    CHECK(find_forbidden_char("a\xEF\xBF\xBF"
                              "b")
              ->code_point == 0xFFFF);
    CHECK(find_forbidden_char("a\xEF\xB7\x90"
                              "b")
              ->code_point == 0xFDD0);
    for (const char* s : {"老旧小区配套设施改造", "○〇×√✓✗？", "Ｐ０１　全角", "A区改造 (二期)", "€1,280.5"})
        CHECK_FALSE_MESSAGE(find_forbidden_char(s).has_value(), s);
}

TEST_CASE("confusable::look_alike_names") {
    LookAlikeNames names;
    CHECK_FALSE(names.add("A区改造", 2));
    CHECK_FALSE(names.add("老旧小区改造", 3));
    CHECK_FALSE(names.add("B区改造", 4));
    auto earlier = names.add("\u0410区改造", 5);  // Cyrillic А
    REQUIRE(earlier);
    CHECK(earlier->name == "A区改造");
    CHECK(earlier->line == 2);
    CHECK(first_difference_text("\u0410区改造", "A区改造", false) ==
          "\"\u0410\" (U+0410) where the other has \"A\" (U+0041)");
    CHECK(confusable_skeleton("\u0410区改造") == confusable_skeleton("A区改造"));
    CHECK(confusable_skeleton("社区养老") != confusable_skeleton("社区养老服务"));
}
