// The strict CSV reader and the table shape: every odd input is a located error.
#include <piaojue/csv.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <random>

using namespace piaojue;
using namespace piaojue::test;

namespace {

struct Record {
    std::size_t line;
    std::vector<std::string> fields;
    friend bool operator==(const Record&, const Record&) = default;
};

std::vector<Record> read_all_records(Source& source, CsvLimits limits = {}) {
    CsvReader csv(source, "t.csv", limits);
    std::vector<Record> out;
    while (csv.next()) {
        Record r{csv.line(), {}};
        for (const CsvField& f : csv.fields()) r.fields.emplace_back(f.text);
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<Record> read_records(std::string_view text, CsvLimits limits = {}) {
    StringSource source(text);
    return read_all_records(source, limits);
}

std::vector<std::vector<std::string>> fields_only(std::string_view text) {
    std::vector<std::vector<std::string>> out;
    for (Record& r : read_records(text)) out.push_back(std::move(r.fields));
    return out;
}

// The error of reading all of `text`, checked to be an input error with one diagnostic.
Diagnostic csv_error(std::string_view text, CsvLimits limits = {}) {
    Error e = expect_error([&] { (void)read_records(text, limits); });
    CHECK(e.code() == ExitCode::input);
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].file == "t.csv");
    return e.diagnostics()[0];
}

using Rows = std::vector<std::vector<std::string>>;

}  // namespace

TEST_CASE("csv::line_endings") {
    Rows expected{{"id", "name"}, {"P01", "新建小学"}, {"P02", ""}};
    CHECK(fields_only("id,name\r\nP01,新建小学\r\nP02,\r\n") == expected);
    CHECK(fields_only("id,name\nP01,新建小学\nP02,\n") == expected);
    CHECK(fields_only("id,name\nP01,新建小学\nP02,") == expected);
    CHECK(fields_only("id,name\r\nP01,新建小学\nP02,\r\n") == expected);  // mixed CRLF and LF: both are line ends
    SUBCASE("line numbers are the same whatever the ending") {
        for (std::string_view text : {"a\r\nb\r\nc", "a\nb\nc\n"}) {
            auto records = read_records(text);
            REQUIRE(records.size() == 3);
            CHECK(records[0].line == 1);
            CHECK(records[2].line == 3);
        }
    }
}

TEST_CASE("csv::empty_and_blank") {
    CHECK(read_records("").empty());
    CHECK(read_records("\xEF\xBB\xBF").empty());
    auto records = read_records("a,b\n\n,\nc,d\n");
    REQUIRE(records.size() == 4);
    CHECK(records[1] == Record{2, {""}});
    CHECK(records[2] == Record{3, {"", ""}});
    CHECK(records[3] == Record{4, {"c", "d"}});

    StringSource source("a,b\n,\n\" \",x\n");
    CsvReader csv(source, "t.csv");
    REQUIRE(csv.next());
    CHECK_FALSE(csv.blank());
    REQUIRE(csv.next());
    CHECK(csv.blank());
    REQUIRE(csv.next());
    CHECK_FALSE(csv.blank());
    CHECK_FALSE(csv.next());
    CHECK_FALSE(csv.next());
}

TEST_CASE("csv::trailing_comma") {
    CHECK(fields_only("a,") == Rows{{"a", ""}});
    CHECK(fields_only("a,\n") == Rows{{"a", ""}});
    CHECK(fields_only("a,,\r\n") == Rows{{"a", "", ""}});
}

TEST_CASE("csv::quoted_fields") {
    SUBCASE("doubled quotes are one quote; delimiters inside quotes are text") {
        auto rows = fields_only("\"say \"\"hi\"\"\",\"a,b\",\"\"\"\"\n");
        CHECK(rows == Rows{{"say \"hi\"", "a,b", "\""}});
    }
    SUBCASE("an empty quoted field") {
        CHECK(fields_only("\"\",x") == Rows{{"", "x"}});
    }
    SUBCASE("the quoted flag") {
        StringSource source("\"a\",b\n");
        CsvReader csv(source, "t.csv");
        REQUIRE(csv.next());
        CHECK(csv.fields()[0].quoted);
        CHECK_FALSE(csv.fields()[1].quoted);
    }
    SUBCASE("a line break inside quotes: later line numbers stay right") {
        auto records = read_records("id,name\r\nP01,\"新建\r\n小学\"\r\nP02,\"a\nb\nc\"\nP03,x\n");
        REQUIRE(records.size() == 4);
        CHECK(records[1] == Record{2, {"P01", "新建\r\n小学"}});
        CHECK(records[2] == Record{4, {"P02", "a\nb\nc"}});
        CHECK(records[3] == Record{7, {"P03", "x"}});
        // An error after them is located on the right physical line.
        Diagnostic d = csv_error("id,name\nP01,\"a\nb\"\nP02,x\"y\n");
        CHECK(d.line == 4);
        CHECK(d.column == 6);
        CHECK(d.source_line == "P02,x\"y");
    }
    SUBCASE("field positions of a record spanning lines") {
        StringSource source("h1,h2,h3\nx,\"a\nbc\",d\n");
        CsvReader csv(source, "t.csv");
        REQUIRE(csv.next());
        REQUIRE(csv.next());
        CHECK(csv.line() == 2);
        CHECK(csv.position(0) == std::pair<std::size_t, std::size_t>{2, 1});
        CHECK(csv.position(1) == std::pair<std::size_t, std::size_t>{2, 3});
        CHECK(csv.position(2) == std::pair<std::size_t, std::size_t>{3, 5});
        CHECK(csv.source_line(2) == "bc\",d");
        CHECK(csv.source_line(0) == "x,\"a");
    }
}

TEST_CASE("csv::unterminated_quote") {
    Diagnostic d = csv_error("id,name\nP01,\"新建小学\nP02,x\nP03,y\n");
    CHECK(d.line == 2);  // where the quote opened, not the end of the file
    CHECK(d.column == 5);
    CHECK(d.message.en == "unterminated quote: the quoted field opened here never closes");
    CHECK(d.message.zh == "引号未闭合：此处开始的带引号字段没有结束");
    CHECK(d.hint.en == "add the closing \" or remove the opening one");
    CHECK(d.source_line == "P01,\"新建小学");
    CHECK(format_diagnostic(d, Lang::en) ==
          "t.csv:2:5: error: unterminated quote: the quoted field opened here never closes\n"
          "  P01,\"新建小学\n"
          "      ^\n"
          "  hint: add the closing \" or remove the opening one\n");
}

TEST_CASE("csv::stray_quote") {
    SUBCASE("inside an unquoted field") {
        Diagnostic d = csv_error("id,name\nP01,ab\"c\n");
        CHECK(d.line == 2);
        CHECK(d.column == 7);
        CHECK(d.message.en == "stray quote inside an unquoted field");
        CHECK(format_diagnostic(d, Lang::en) ==
              "t.csv:2:7: error: stray quote inside an unquoted field\n"
              "  P01,ab\"c\n"
              "        ^\n"
              "  hint: quote the whole field and double the quote (\"\"), or remove it\n");
    }
    SUBCASE("column numbers count characters, not bytes; the caret counts display width") {
        Diagnostic d = csv_error("项目名称,预算\n新建\"小学,1\n");
        CHECK(d.line == 2);
        CHECK(d.column == 3);  // 新 建 " — the third character (byte 7)
        CHECK(format_diagnostic(d, Lang::zh) ==
              "t.csv:2:3: 错误：未加引号的字段中出现了引号\n"
              "  新建\"小学,1\n"
              "      ^\n"
              "  提示：把整个字段放进引号并把其中的引号写成两个（\"\"），或删去该引号\n");
    }
    SUBCASE("text after a closing quote") {
        Diagnostic d = csv_error("\"a\"b,c\n");
        CHECK(d.line == 1);
        CHECK(d.column == 4);
        CHECK(d.message.en == "text after the closing quote of a field");
    }
}

TEST_CASE("csv::lone_cr") {
    Diagnostic d = csv_error("a,b\rc,d\n");
    CHECK(d.line == 1);
    CHECK(d.column == 4);
    CHECK(d.message.en == "carriage return (CR) without line feed");
    CHECK(d.hint.en == "save the file with Windows (CRLF) or Unix (LF) line endings");
    SUBCASE("after a quoted field, and at the end of the file") {
        CHECK(csv_error("x\n\"a\"\rb\n").line == 2);
        Diagnostic end = csv_error("a,b\r");
        CHECK(end.line == 1);
        CHECK(end.column == 4);
    }
    SUBCASE("old Mac line endings throughout") {
        CHECK(csv_error("id,name\rP01,x\r").line == 1);
    }
}

TEST_CASE("csv::bom") {
    auto records = read_records("\xEF\xBB\xBFid,name\nP01,x\n");
    REQUIRE(records.size() == 2);
    CHECK(records[0].fields == std::vector<std::string>{"id", "name"});
    StringSource source("\xEF\xBB\xBF\"a\"b");
    Error e = expect_error([&] {
        CsvReader csv(source, "t.csv");
        (void)csv.next();
    });
    CHECK(e.diagnostics()[0].column == 4);  // the BOM is not a column
    SUBCASE("a BOM that is not at the start is text (the id, name and mark checks refuse it)") {
        CHECK(fields_only("a,b\n\xEF\xBB\xBF"
                          "c,d\n") == Rows{{"a", "b"},
                                           {"\xEF\xBB\xBF"
                                            "c",
                                            "d"}});
    }
}

TEST_CASE("csv::limits") {
    SUBCASE("a record over the byte limit") {
        CsvLimits limits{.max_record_bytes = 16, .max_fields = 1024};
        CHECK(read_records("0123456789abcdef\n", limits).size() == 1);
        Diagnostic d = csv_error("ok\n" + std::string(40, 'x') + "\n", limits);
        CHECK(d.line == 2);
        CHECK(d.message.en == "record longer than 16 bytes");
        Diagnostic q = csv_error("\"" + std::string(40, 'x') + "\"\n", limits);
        CHECK(q.message.en ==
              "the quoted field opened here runs on for more than 16 bytes: its closing quote is missing");
    }
    SUBCASE("an unterminated quote at the start of a huge file stops at the limit") {
        CsvLimits limits{.max_record_bytes = 1000, .max_fields = 1024};
        std::string text = "a\n\"" + std::string(1 << 20, 'x');
        Diagnostic d = csv_error(text, limits);
        CHECK(d.message.en ==
              "the quoted field opened here runs on for more than 1000 bytes: its closing quote is missing");
        CHECK(d.line == 2);
    }
    SUBCASE("too many fields") {
        CsvLimits limits{.max_record_bytes = 64 * 1024, .max_fields = 3};
        CHECK(read_records("a,b,c\n", limits).size() == 1);
        Diagnostic d = csv_error("a,b,c\na,b,c,d\n", limits);
        CHECK(d.line == 2);
        CHECK(d.column == 7);
        CHECK(d.message.en == "more than 3 fields in one row");
    }
}

TEST_CASE("csv::control_characters") {
    SUBCASE("NUL") {
        Diagnostic d = csv_error(std::string("a,b\nc,d\0e\n", 10));
        CHECK(d.line == 2);
        CHECK(d.column == 4);
        CHECK(d.message.en == "control character 0x00 in the file");
        CHECK(d.message.zh == "文件中有控制字符 0x00");
        // The shown line makes the invisible byte visible, and the caret stays under it.
        CHECK(format_diagnostic(d, Lang::en) ==
              "t.csv:2:4: error: control character 0x00 in the file\n"
              "  c,d\\x00e\n"
              "     ^\n"
              "  hint: remove it; it is not part of any name or mark\n");
    }
    SUBCASE("BEL, ESC and DEL, also inside quotes") {
        CHECK(csv_error("a\x07"
                        "b\n")
                  .message.en == "control character 0x07 in the file");
        CHECK(csv_error("\"a\x1B\"\n").message.en == "control character 0x1B in the file");
        CHECK(csv_error("ab\x7F\n").column == 3);
    }
    SUBCASE("TAB inside a field is left to the table's own checks") {
        CHECK(fields_only("a\tb,c\n") == Rows{{"a\tb", "c"}});
    }
}

TEST_CASE("csv::invalid_utf8") {
    Diagnostic d = csv_error("名称,x\n新建\xFF小学,y\n");
    CHECK(d.line == 2);
    CHECK(d.column == 3);
    CHECK(d.message.en == "not valid UTF-8 at byte 15");  // 0-based offset in the file
    CHECK(d.hint.en == "save the file as UTF-8 (in Excel: \"CSV UTF-8 (逗号分隔)\")");
    CHECK(d.source_line.empty());  // a line that is not UTF-8 is not echoed to the terminal
    SUBCASE("a truncated sequence at the end of the file") {
        Diagnostic t = csv_error("ab,\xE6\x96");
        CHECK(t.line == 1);
        CHECK(t.column == 4);
    }
    SUBCASE("GBK bytes (新建 in GBK)") {
        Diagnostic g = csv_error("id,name\nP01,\xD0\xC2\xBD\xA8\n");
        CHECK(g.line == 2);
        CHECK(g.column == 5);
        CHECK(g.message.en.starts_with("not valid UTF-8 at byte 12; the file looks like GB18030/GBK"));
    }
    SUBCASE("the byte offset counts every earlier record and the BOM") {
        CHECK(csv_error("a\nb\nc\xFF\n").message.en == "not valid UTF-8 at byte 5");
        CHECK(csv_error("a,b\r\n\r\n\"x\ny\",z\r\nok\r\n\xFF\r\n").message.en == "not valid UTF-8 at byte 20");
        Diagnostic bom = csv_error(
            "\xEF\xBB\xBF"
            "id\nP01\nP02\n\xFF\n");
        CHECK(bom.message.en == "not valid UTF-8 at byte 14");
        CHECK(bom.line == 4);
        CHECK(bom.column == 1);
    }
}

TEST_CASE("csv::diagnostic_helpers") {
    StringSource source("id,名称,预算\nP01,新建小学,12\n");
    CsvReader csv(source, "c.csv");
    REQUIRE(csv.next());
    REQUIRE(csv.next());
    Diagnostic d = csv.at(2, {"bad", "坏"});
    CHECK(d.file == "c.csv");
    CHECK(d.line == 2);
    CHECK(d.column == 10);  // P01, = 4 characters, 新建小学, = 5 more
    CHECK(d.source_line == "P01,新建小学,12");
    CHECK(format_diagnostic(d, Lang::en) ==
          "c.csv:2:10: error: bad\n  P01,新建小学,12\n" + std::string(2 + 13, ' ') + "^\n");
    Diagnostic r = csv.at_record({"row", "行"});
    CHECK(r.line == 2);
    CHECK(r.column == 0);
    CHECK(format_diagnostic(r, Lang::zh) == "c.csv:2: 错误：行\n  P01,新建小学,12\n");
}

TEST_CASE("csv::large_input_streams") {
    // Many records through small reads: fields stay intact across chunk boundaries.
    std::string text = "ballot,P01\r\n";
    for (int i = 1; i <= 20000; ++i) text += std::to_string(i) + ",\"○\"\r\n";
    StringSource source(text);
    CsvReader csv(source, "big.csv");
    REQUIRE(csv.next());
    std::size_t n = 0;
    while (csv.next()) {
        ++n;
        REQUIRE(csv.fields().size() == 2);
        REQUIRE(csv.fields()[0].text == std::to_string(n));
        REQUIRE(csv.fields()[1].text == "○");
        REQUIRE(csv.line() == n + 1);
    }
    CHECK(n == 20000);
}

namespace {

// Reads the header of `text` into a TableShape and checks every later row; returns the
// diagnostics (empty when all rows fit).
std::vector<Diagnostic> shape_errors(std::string_view text, std::size_t* width = nullptr) {
    StringSource source(text);
    CsvReader csv(source, "t.csv");
    REQUIRE(csv.next());
    TableShape shape(csv);
    if (width != nullptr) *width = shape.width();
    ErrorCollector errors;
    while (csv.next()) (void)shape.check_row(csv, errors);
    try {
        errors.checkpoint();
    } catch (const Error& e) {
        return e.diagnostics();
    }
    return {};
}

Diagnostic header_error(std::string_view text) {
    Error e = expect_error([&] { (void)shape_errors(text); });
    CHECK(e.code() == ExitCode::input);
    REQUIRE(e.diagnostics().size() == 1);
    return e.diagnostics()[0];
}

}  // namespace

TEST_CASE("csv::table_shape") {
    SUBCASE("trailing empty header columns are ignored while their cells are empty") {
        std::size_t width = 0;
        CHECK(shape_errors("id,name,,\nP01,x,,\nP02,y, ,\n", &width).empty());
        CHECK(width == 2);
        auto errors = shape_errors("id,name,,\nP01,x,,\nP02,y,,z\n");
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].line == 3);
        CHECK(errors[0].column == 8);
        CHECK(errors[0].message.en == "a value under a column with no header");
    }
    SUBCASE("field count mismatch, in both directions, every row reported") {
        auto errors = shape_errors("id,name,budget\nP01,x\nP02,y,1,2\nP03,z,3\n");
        REQUIRE(errors.size() == 2);
        CHECK(errors[0].line == 2);
        CHECK(errors[0].column == 5);
        CHECK(errors[0].message.en == "row has 2 fields but the header has 3");
        CHECK(errors[0].hint.en == "a cell or comma is missing; every row needs one cell per column");
        CHECK(errors[1].line == 3);
        CHECK(errors[1].column == 9);  // the first extra field
        CHECK(errors[1].message.en == "row has 4 fields but the header has 3");
        CHECK(errors[1].message.zh == "此行有 4 个字段，而表头有 3 个");
    }
    SUBCASE("Excel's trailing commas beyond the header are an error") {
        auto errors = shape_errors("id,name\nP01,x,,,\n");
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].message.en == "row has 5 fields but the header has 2");
    }
    SUBCASE("a header delimited by TAB") {
        Diagnostic d = header_error("ballot\tP01\tP02\n1\tY\tN\n");
        CHECK(d.line == 1);
        CHECK(d.column == 1);
        CHECK(d.message.en == "the header is separated by TAB, not by commas");
        CHECK(d.message.zh == "表头用制表符分隔，而不是英文逗号");
        CHECK(d.hint.en == "save the file as \"CSV UTF-8 (逗号分隔)\" so that columns are separated by ','");
    }
    SUBCASE("a header delimited by a full-width comma") {
        Diagnostic d = header_error("编号，项目名称，预算\n");
        CHECK(d.message.en == "the header is separated by full-width comma (，), not by commas");
        CHECK(d.message.zh == "表头用全角逗号（，）分隔，而不是英文逗号");
    }
    SUBCASE("a header delimited by a semicolon") {
        CHECK(header_error("id;name;budget\n").message.en == "the header is separated by semicolon (;), not by commas");
    }
    SUBCASE("an empty header, a header with a hole") {
        Diagnostic empty = header_error("\nP01,x\n");
        CHECK(empty.message.en == "the header row is empty");
        CHECK(empty.line == 1);
        CHECK(header_error(",,\n").message.en == "the header row is empty");
        Diagnostic hole = header_error("id,,name\n");
        CHECK(hole.message.en == "column 2 has no name in the header");
        CHECK(hole.column == 4);
    }
    SUBCASE("a one-column header is fine") {
        std::size_t width = 0;
        CHECK(shape_errors("ballot\n1\n", &width).empty());
        CHECK(width == 1);
    }
}

TEST_CASE("csv::caret_after_tab") {
    // A TAB before the error is shown as \x09; the caret still lands under the bad character.
    Diagnostic d = csv_error("a\tb,c\"d\n");
    CHECK(d.column == 6);
    CHECK(format_diagnostic(d, Lang::en) ==
          "t.csv:1:6: error: stray quote inside an unquoted field\n"
          "  a\\x09b,c\"d\n"
          "          ^\n"
          "  hint: quote the whole field and double the quote (\"\"), or remove it\n");
    // An invisible character before the error is shown as <U+200B>; the caret still lines up.
    Diagnostic z = csv_error(
        "a\xE2\x80\x8B"
        "b\"c\n");
    CHECK(z.column == 4);
    CHECK(format_diagnostic(z, Lang::en).find("\n  a<U+200B>b\"c\n" + std::string(2 + 10, ' ') + "^\n") !=
          std::string::npos);
}

TEST_CASE("csv::fast_scan_windows") {
    // The common record is scanned 64 bytes at a time (src/csv.cpp): sequences at and across
    // every window boundary, valid or not, must read exactly as the byte-level state machine
    // reads them, with the same error at the same byte.
    const std::vector<std::string> valid{"○",
                                         "×",
                                         "\xF0\x9F\x98\x80",
                                         "\xF0\x90\x80\x80",
                                         "\xEE\x80\x80",
                                         "\xED\x9F\xBF",
                                         "\xF4\x8F\xBF\xBF",
                                         "\xE0\xA0\x80",
                                         "\xC2\x80",
                                         "é新"};
    const std::vector<std::string> invalid{"\x80", "\xC0\x80", "\xE0\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                                           "\xF8", "\xE2\x97", "\xC3",         "\xF0\x9F\x98", "\xBF\xBF"};
    for (std::size_t k = 0; k < 140; ++k) {
        const std::string prefix(k, 'a');
        for (const std::string& end : {std::string("\n"), std::string("\r\n")}) {
            for (const std::string& s : valid) {
                CAPTURE(k);
                CAPTURE(s);
                CHECK(fields_only("h\n" + prefix + s + ",z" + end + "y" + end) ==
                      Rows{{"h"}, {prefix + s, "z"}, {"y"}});
                CHECK(fields_only("h\n" + prefix + s + end) == Rows{{"h"}, {prefix + s}});
            }
            for (const std::string& s : invalid) {
                CAPTURE(k);
                CAPTURE(s);
                for (const std::string& after : {std::string(",z"), std::string()}) {
                    Diagnostic d = csv_error("h\n" + prefix + s + after + end + "y" + end);
                    CHECK(d.message.en.starts_with("not valid UTF-8 at byte " + std::to_string(2 + k)));
                    CHECK(d.line == 2);
                    CHECK(d.column == k + 1);
                }
            }
        }
        CAPTURE(k);
        CHECK(fields_only("h\n" + prefix + ",,b,\n") == Rows{{"h"}, {prefix, "", "b", ""}});
        CHECK(csv_error("h\n" + prefix + "\x01,b\n").message.en == "control character 0x01 in the file");
        CHECK(csv_error("h\n" + prefix + "\r,b\n").message.en == "carriage return (CR) without line feed");
    }
}

TEST_CASE("csv::block_scan_across_reads") {
    // A quarter of a megabyte of records of every length from 0 to ~200 bytes, with multi-byte
    // characters, CRLF and LF, and now and then a quoted field (with a comma, a doubled quote or a
    // line break) that the state machine reads: the blocks the fast path classified must stay
    // right across every kind of read size, buffer compaction and state-machine record.
    std::mt19937 rng(20261123);
    const std::vector<std::string> pieces{"a", "Z9", "○", "×", "é", "新建", "\xF0\x9F\x98\x80", " ", "-", "\t"};
    std::string text;
    std::vector<Record> expected;
    std::size_t line = 1;
    while (text.size() < 256 * 1024) {
        Record r{line, {}};
        const std::size_t fields = 1 + rng() % 16;
        for (std::size_t f = 0; f < fields; ++f) {
            std::string value;
            const std::size_t length = rng() % 5 == 0 ? rng() % 40 : rng() % 4;
            for (std::size_t k = 0; k < length; ++k) value += pieces[rng() % pieces.size()];
            const auto quoting = rng() % 50;
            if (f) text += ',';
            if (quoting == 0) {
                text += "\"" + value + ",\"\"x\"\"\"";  // "value,""x""" reads value,"x"
                value += ",\"x\"";
            } else if (quoting == 1) {
                value += "\nnext";
                text += "\"" + value + "\"";
                ++line;
            } else {
                text += value;
            }
            r.fields.push_back(value);
        }
        text += rng() % 2 ? "\r\n" : "\n";
        ++line;
        expected.push_back(std::move(r));
    }
    {
        StringSource whole(text);
        CHECK(read_all_records(whole) == expected);
    }
    for (const std::vector<std::size_t>& sizes :
         {std::vector<std::size_t>{1}, {3, 1, 2}, {7, 64, 63, 65}, {4096, 5}, {65536, 1, 131071}}) {
        CAPTURE(sizes.size());
        CAPTURE(sizes[0]);
        SteppedSource stepped(text, sizes);
        CHECK(read_all_records(stepped) == expected);
    }
}

TEST_CASE("csv::block_scan_error_position_across_reads") {
    // The same bad byte, far into a file and at every offset in a 64-byte block, is reported at
    // the same line and column whatever the read sizes.
    std::string head;
    for (int i = 0; head.size() < 70000; ++i) head += std::to_string(i) + ",○,×,,Y\n";
    const std::size_t lines = static_cast<std::size_t>(std::count(head.begin(), head.end(), '\n'));
    for (std::size_t k = 0; k < 64; ++k) {
        CAPTURE(k);
        const std::string text = head + std::string(k, 'a') + "\xC3(,z\n";
        for (const std::vector<std::size_t>& sizes : {std::vector<std::size_t>{65536}, {5, 64, 1}}) {
            SteppedSource stepped(text, sizes);
            Error e = expect_error([&] { (void)read_all_records(stepped); });
            REQUIRE(e.diagnostics().size() == 1);
            CHECK(e.diagnostics()[0].line == lines + 1);
            CHECK(e.diagnostics()[0].column == k + 1);
            CHECK(e.diagnostics()[0].message.en.starts_with("not valid UTF-8 at byte " +
                                                            std::to_string(head.size() + k)));
        }
    }
}
