// candidates.csv: headers in English or Chinese, ids, names (folded for duplicates), budgets.
#include <piaojue/candidates.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

using namespace piaojue;
using namespace piaojue::test;

namespace {

std::vector<Candidate> parse(std::string_view text) {
    StringSource source(text);
    return parse_candidates(source, "candidates.csv");
}

// All diagnostics of parsing `text`, which must fail with exit 3.
std::vector<Diagnostic> errors_of(std::string_view text) {
    Error e = expect_error([&] { (void)parse(text); });
    CHECK(e.code() == ExitCode::input);
    for (const Diagnostic& d : e.diagnostics()) CHECK(d.file == "candidates.csv");
    return e.diagnostics();
}

Diagnostic error_of(std::string_view text) {
    auto errors = errors_of(text);
    REQUIRE(errors.size() == 1);
    return errors[0];
}

}  // namespace

TEST_CASE("candidates::headers") {
    SUBCASE("English header, all columns") {
        auto c = parse(
            "id,name,budget,lead,note\r\nP01,新建第二小学,1280.50,县教育局,一期\r\nP02,改造老旧小区,,住建局,\r\n");
        REQUIRE(c.size() == 2);
        CHECK(c[0].id == "P01");
        CHECK(c[0].name == "新建第二小学");
        REQUIRE(c[0].budget.has_value());
        CHECK(c[0].budget->to_string() == "1280.5");
        CHECK(c[0].lead == "县教育局");
        CHECK(c[0].note == "一期");
        CHECK_FALSE(c[1].budget.has_value());
        CHECK(c[1].note.empty());
    }
    SUBCASE("Chinese header, columns in any order, required only") {
        auto c = parse("项目名称,编号\n乡村道路硬化,P07\n");
        REQUIRE(c.size() == 1);
        CHECK(c[0].id == "P07");
        CHECK(c[0].name == "乡村道路硬化");
        CHECK_FALSE(c[0].budget.has_value());
        auto d = parse("编号,项目名称,预算,牵头单位,备注\nP01,甲,3,乙,丙\n");
        CHECK(d[0].budget->to_string() == "3");
        CHECK(d[0].lead == "乙");
        CHECK(d[0].note == "丙");
    }
    SUBCASE("English names are case-insensitive and trimmed; a BOM is skipped") {
        auto c = parse("\xEF\xBB\xBF ID , Name ,BUDGET\nP01,x,1\n");
        CHECK(c[0].id == "P01");
        CHECK(c[0].budget->to_string() == "1");
    }
    SUBCASE("all-empty rows and empty trailing columns are ignored") {
        auto c = parse("id,name,,\nP01,甲,,\n,,,\nP02,乙,,\n,,,\n");
        REQUIRE(c.size() == 2);
        CHECK(c[1].id == "P02");
    }
    SUBCASE("missing id and name columns, both reported") {
        auto errors = errors_of("编号,预算\nP01,1\n");
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].message.en == "the header lacks the required column \"name\" (项目名称)");
        CHECK(errors[0].message.zh == "表头缺少必需的列“项目名称”（name）");
        CHECK(errors[0].line == 1);
        auto both = errors_of("budget\n1\n");
        REQUIRE(both.size() == 2);
        CHECK(both[0].message.en == "the header lacks the required column \"id\" (编号)");
        CHECK(both[1].message.en == "the header lacks the required column \"name\" (项目名称)");
    }
    SUBCASE("unknown column") {
        Diagnostic d = error_of("id,name,cost\nP01,x,1\n");
        CHECK(d.message.en == "unknown column \"cost\"");
        CHECK(d.line == 1);
        CHECK(d.column == 9);
        CHECK(d.hint.en == "columns are id/编号, name/项目名称, budget/预算, lead/牵头单位, note/备注");
    }
    SUBCASE("a column twice, also once in English and once in Chinese") {
        auto errors = errors_of("id,name,名称,项目名称\nP01,x,y,z\n");
        REQUIRE(errors.size() == 2);
        CHECK(errors[0].message.en == "unknown column \"名称\"");  // 名称 is not a header name
        CHECK(errors[1].message.en == "column \"项目名称\" appears twice");
        CHECK(errors[1].column == 12);
        Diagnostic twice = error_of("id,name,项目名称\nP01,x,y\n");
        CHECK(twice.message.en == "column \"项目名称\" appears twice");
        CHECK(twice.column == 9);
    }
    SUBCASE("empty file, header only") {
        Diagnostic empty = error_of("");
        CHECK(empty.message.en == "the candidate list is empty");
        Diagnostic header_only = error_of("id,name\r\n");
        CHECK(header_only.message.en == "the candidate list has a header but no projects");
    }
    SUBCASE("a header split by the full-width comma") {
        Diagnostic d = error_of("编号，项目名称\nP01，甲\n");
        CHECK(d.message.en == "the header is separated by full-width comma (，), not by commas");
    }
}

TEST_CASE("candidates::ids") {
    SUBCASE("duplicate id names both lines") {
        Diagnostic d = error_of("id,name\nP01,甲\nP02,乙\nP01,丙\n");
        CHECK(d.line == 4);
        CHECK(d.column == 1);
        CHECK(d.message.en == "id \"P01\" repeats the id on line 2");
        CHECK(d.message.zh == "编号“P01”与第 2 行重复");
        CHECK(format_diagnostic(d, Lang::en) ==
              "candidates.csv:4:1: error: id \"P01\" repeats the id on line 2\n"
              "  P01,丙\n"
              "  ^\n"
              "  hint: give each project its own id\n");
    }
    SUBCASE("ids differing only in case are the same id") {
        CHECK(error_of("id,name\nP01,甲\np01,乙\n").message.en == "id \"p01\" repeats the id on line 2");
    }
    SUBCASE("bad and empty ids") {
        auto errors = errors_of("id,name\nP 1,甲\n,乙\n项目1,丙\nP.1,丁\n" + std::string(33, 'a') + ",戊\n");
        REQUIRE(errors.size() == 5);
        CHECK(errors[0].message.en == "bad id \"P 1\"");
        CHECK(errors[1].message.en == "the id is empty");
        CHECK(errors[1].line == 3);
        CHECK(errors[2].message.en == "bad id \"项目1\"");
        CHECK(errors[3].message.en == "bad id \"P.1\"");
        CHECK(errors[4].line == 6);
    }
    SUBCASE("valid_candidate_id") {
        CHECK(valid_candidate_id("P01"));
        CHECK(valid_candidate_id("a_b-C9"));
        CHECK(valid_candidate_id(std::string(32, 'x')));
        CHECK_FALSE(valid_candidate_id(std::string(33, 'x')));
        CHECK_FALSE(valid_candidate_id(""));
        CHECK_FALSE(valid_candidate_id("P/1"));
    }
}

TEST_CASE("candidates::names") {
    SUBCASE("duplicate name after trimming") {
        Diagnostic d = error_of("id,name\nP01,新建小学\nP02,\" 新建小学 \"\n");
        CHECK(d.line == 3);
        CHECK(d.column == 5);
        CHECK(d.message.en == "project name \"新建小学\" repeats the name on line 2");
        CHECK(d.hint.en == "names must differ (also after ignoring spaces and full-width forms)");
    }
    SUBCASE("duplicate name after full-width folding and ideographic spaces") {
        CHECK(error_of("id,name\nP01,ＡＢ小学\nP02,ab小学\n").message.en ==
              "project name \"ab小学\" repeats the name on line 2");
        CHECK(error_of("id,name\nP01,新建小学\nP02,\xE3\x80\x80新建小学\n").line == 3);
        CHECK(error_of("id,name\nP01,第１中学\nP02,第1中学\n").line == 3);
    }
    SUBCASE("every duplicate is reported in one pass") {
        auto errors = errors_of("id,name\nP01,甲\nP02,甲\nP03,甲\nP03,乙\n");
        REQUIRE(errors.size() == 3);
        CHECK(errors[0].message.en == "project name \"甲\" repeats the name on line 2");
        CHECK(errors[1].message.en == "project name \"甲\" repeats the name on line 2");
        CHECK(errors[2].message.en == "id \"P03\" repeats the id on line 4");
    }
    SUBCASE("empty name") {
        Diagnostic d = error_of("id,name\nP01,  \n");
        CHECK(d.message.en == "the project name is empty");
        CHECK(d.column == 5);
    }
    SUBCASE("names starting with = + - @ are stored as is") {
        auto c = parse("id,name\nP01,=SUM(A1)\nP02,+86项目\nP03,-改造\nP04,@镇\n");
        REQUIRE(c.size() == 4);
        CHECK(c[0].name == "=SUM(A1)");
        CHECK(c[1].name == "+86项目");
        CHECK(c[2].name == "-改造");
        CHECK(c[3].name == "@镇");
    }
    SUBCASE("U+202E and U+200B in a name are errors") {
        Diagnostic rlo = error_of("id,name\nP01,新建\xE2\x80\xAE小学\n");
        CHECK(rlo.message.en == "the project name contains the invisible or control character U+202E");
        CHECK(rlo.message.zh == "项目名称含有不可见字符或控制字符 U+202E");
        CHECK(rlo.line == 2);
        CHECK(rlo.column == 5);
        Diagnostic zw = error_of("id,name\nP01,新建\xE2\x80\x8B小学\n");
        CHECK(zw.message.en == "the project name contains the invisible or control character U+200B");
    }
    SUBCASE("a line break inside a quoted name") {
        Diagnostic d = error_of("id,name\nP01,\"新建\n小学\"\nP02,x\n");
        CHECK(d.message.en == "the project name contains a line break");
        CHECK(d.line == 2);
    }
    SUBCASE("forbidden characters in lead and note") {
        Diagnostic d = error_of("id,name,lead\nP01,x,教育\xE2\x80\x8B局\n");
        CHECK(d.message.en == "the cell contains the invisible or control character U+200B");
        CHECK(d.column == 7);
    }
}

TEST_CASE("candidates::budgets") {
    SUBCASE("accepted") {
        auto c = parse("id,name,budget\nP01,a,1280.50\nP02,b,３９００\nP03,c,0\nP04,d, 12 \nP05,e,１２．５\n");
        REQUIRE(c.size() == 5);
        CHECK(c[0].budget->to_string() == "1280.5");
        CHECK(c[1].budget->to_string() == "3900");
        CHECK(c[2].budget->to_string() == "0");
        CHECK(c[3].budget->to_string() == "12");
        CHECK(c[4].budget->to_string() == "12.5");
    }
    SUBCASE("refused, all in one pass, each with its cell") {
        auto errors = errors_of("id,name,budget\nP01,a,-5\nP02,b,abc\nP03,c,1e3\nP04,d,\"1,000\"\nP05,e,１，０００\n");
        REQUIRE(errors.size() == 5);
        CHECK(errors[0].message.en == "bad budget \"-5\"");
        CHECK(errors[0].line == 2);
        CHECK(errors[0].column == 7);
        CHECK(errors[0].hint.en == "write a non-negative amount in 万元 with at most 6 decimals, e.g. 1280.5");
        CHECK(errors[1].message.en == "bad budget \"abc\"");
        CHECK(errors[2].message.en == "bad budget \"1e3\"");
        CHECK(errors[3].message.en == "bad budget \"1,000\"");
        CHECK(errors[3].hint.en == "write the amount without thousands separators, e.g. 1000");
        CHECK(errors[4].line == 6);
    }
    SUBCASE("parse_budget") {
        CHECK(parse_budget("３９００")->to_string() == "3900");
        CHECK_FALSE(parse_budget("1e3").has_value());
        CHECK_FALSE(parse_budget("").has_value());
    }
}

TEST_CASE("candidates::row_shape") {
    auto errors = errors_of("id,name,budget\nP01,a\nP02,b,1,2\nP03,c,3\n");
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].message.en == "row has 2 fields but the header has 3");
    CHECK(errors[0].line == 2);
    CHECK(errors[1].line == 3);
}
