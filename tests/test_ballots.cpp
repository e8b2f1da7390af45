// ballots.csv: marks, serials, header columns, row count; SerialSet.
#include <piaojue/ballots.hpp>
#include <piaojue/text.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>

using namespace piaojue;
using namespace piaojue::test;

namespace {

const std::vector<std::string> k_ids{"P01", "P02", "P03"};

std::vector<Diagnostic> errors_of(std::string_view csv, Count returned, const std::vector<std::string>& ids = k_ids) {
    Error e = expect_error([&] { (void)read_ballots(csv, ids, returned); });
    CHECK(e.code() == ExitCode::input);
    for (const Diagnostic& d : e.diagnostics()) CHECK(d.file == "ballots.csv");
    return e.diagnostics();
}

// Reads the one-ballot file "ballot,P01,P02,P03" / "1,FIELD,Y,FIELD" + `ending`, where `field`
// spells `cell` (as is, or quoted), and checks that the cell means there what parse_mark() says:
// its mark in both columns, or an "unknown mark" error at each. Returns whether it was accepted.
bool reads_as_parse_mark(const std::string& cell, const std::string& field, std::string_view ending) {
    const std::string csv = "ballot,P01,P02,P03\n1," + field + ",Y," + field + std::string(ending);
    if (auto m = parse_mark(cell)) {
        auto b = read_ballots(csv, k_ids, 1);
        REQUIRE(b.size() == 1);
        CHECK(b[0].marks == std::vector{*m, Mark::approve, *m});
        return true;
    }
    auto errors = errors_of(csv, 1);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].line == 2);
    CHECK(errors[0].column == 3);
    CHECK(errors[1].column == 3 + utf8_length(field) + 3);  // after the field, ",Y,"
    return false;
}

Diagnostic error_of(std::string_view csv, Count returned, const std::vector<std::string>& ids = k_ids) {
    auto errors = errors_of(csv, returned, ids);
    REQUIRE(errors.size() == 1);
    return errors[0];
}

}  // namespace

TEST_CASE("ballots::marks") {
    SUBCASE("every spelling in the marks table") {
        for (const char* s : {"Y", "y", "○", "〇", "O", "o", "√", "✓", "赞成", "同意"}) {
            CAPTURE(s);
            CHECK(parse_mark(s) == Mark::approve);
        }
        for (const char* s : {"N", "n", "×", "X", "x", "✗", "不赞成", "反对", "不同意"}) {
            CAPTURE(s);
            CHECK(parse_mark(s) == Mark::disapprove);
        }
        for (const char* s : {"", "A", "a", "-", "弃权"}) {
            CAPTURE(s);
            CHECK(parse_mark(s) == Mark::abstain);
        }
        for (const char* s : {"?", "？"}) {
            CAPTURE(s);
            CHECK(parse_mark(s) == Mark::unreadable);
        }
    }
    SUBCASE("surrounding spaces, tabs and U+3000 are ignored") {
        CHECK(parse_mark(" Y ") == Mark::approve);
        CHECK(parse_mark("\xE3\x80\x80○\xE3\x80\x80") == Mark::approve);
        CHECK(parse_mark("\t×") == Mark::disapprove);
        CHECK(parse_mark("\xE3\x80\x80") == Mark::abstain);
        CHECK(parse_mark("  ") == Mark::abstain);
    }
    SUBCASE("anything else is no mark") {
        for (const char* s : {"0", "1", "OK", "#REF!", "=A1", "1.00E+05", "YES", "yes", "Y Y", "√√", "○×",
                              "v", "V", "同", "赞同",  "0.0", "✔",        "✘",   "??",  "N/A", "Ｙ", "ｙ"}) {
            CAPTURE(s);
            CHECK_FALSE(parse_mark(s).has_value());
        }
    }
    SUBCASE("letters") {
        CHECK(mark_letter(Mark::approve) == 'Y');
        CHECK(mark_letter(Mark::disapprove) == 'N');
        CHECK(mark_letter(Mark::abstain) == 'A');
        CHECK(mark_letter(Mark::unreadable) == '?');
    }
}

TEST_CASE("ballots::reading") {
    SUBCASE("every mark through the reader, columns in any order, marks in candidate order") {
        std::string csv =
            "票号,P03,P01,P02,状态,备注\r\n"
            "001,○,〇,√,,\r\n"
            "002,✓,赞成,同意,,\r\n"
            "003,×,✗,不赞成,,\r\n"
            "004,反对,不同意,X,,\r\n"
            "005,,A,-,,\r\n"
            "006,弃权,?,？,,\r\n"
            "007,\xE3\x80\x80Y\xE3\x80\x80, n ,a,作废,有记号\r\n"
            ",,,,,\r\n"
            "008,y,o,O,void,\r\n";
        auto b = read_ballots(csv, k_ids, 8);
        REQUIRE(b.size() == 8);
        using M = Mark;
        CHECK(b[0].marks == std::vector{M::approve, M::approve, M::approve});
        CHECK(b[1].marks == std::vector{M::approve, M::approve, M::approve});
        CHECK(b[2].marks == std::vector{M::disapprove, M::disapprove, M::disapprove});
        CHECK(b[3].marks == std::vector{M::disapprove, M::disapprove, M::disapprove});
        CHECK(b[4].marks == std::vector{M::abstain, M::abstain, M::abstain});
        CHECK(b[5].marks == std::vector{M::unreadable, M::unreadable, M::abstain});
        CHECK(b[6].marks == std::vector{M::disapprove, M::abstain, M::approve});
        CHECK(b[0].serial == "001");
        CHECK(b[0].line == 2);
        CHECK_FALSE(b[5].declared_void);
        CHECK(b[6].declared_void);
        CHECK(b[6].note == "有记号");
        CHECK(b[7].serial == "008");
        CHECK(b[7].line == 10);  // the all-empty row is skipped, not counted
        CHECK(b[7].declared_void);
    }
    SUBCASE("English header, no status or note column, LF endings") {
        auto b = read_ballots("ballot,P01,P02,P03\n1,Y,N,\n2,,,\n", k_ids, 2);
        REQUIRE(b.size() == 2);
        CHECK(b[1].marks == std::vector{Mark::abstain, Mark::abstain, Mark::abstain});
        CHECK_FALSE(b[1].declared_void);
        CHECK(b[1].note.empty());
    }
    SUBCASE("every one-byte cell means through the reader what parse_mark says") {
        // The reader decides one-byte cells from a table of its own (the inline fast path): it
        // must agree with parse_mark() on every printable ASCII byte, accepted or not.
        int accepted = 0;
        for (int c = 0x20; c < 0x7F; ++c) {
            const std::string cell(1, static_cast<char>(c));
            CAPTURE(cell);
            const std::string quoted = c == '"' ? "\"\"\"\"" : "\"" + cell + "\"";
            if (reads_as_parse_mark(cell, quoted, "\n")) ++accepted;
        }
        CHECK(accepted == 13);  // Y y O o N n X x A a - ? and the blank-looking space
    }
    SUBCASE("cells read in place mean what parse_mark says, whatever follows them") {
        // Unquoted rows are read in place, and a cell of up to three bytes is keyed from one
        // 4-byte load with the bytes past it masked off. Every spelling, and every string of
        // two or three bytes over a few mark-like ones, in a middle column and in the last one,
        // ended by LF, by CR LF and by the end of the file, must agree with parse_mark().
        std::vector<std::string> cells{"Y",      "y",  "○",  "〇", "O",  "o",           "√", "✓",      "赞成",
                                       "同意",   "N",  "n",  "×",  "X",  "x",           "✗", "不赞成", "反对",
                                       "不同意", "",   "A",  "a",  "-",  "弃权",        "?", "？",     "YYYY",
                                       "○○",     "×Y", "Y×", " ○", "× ", "\xE3\x80\x80"};
        const std::string alphabet = "YNA? x-";
        for (char a : alphabet)
            for (char b : alphabet) {
                cells.push_back(std::string{a, b});
                for (char c : alphabet) cells.push_back(std::string{a, b, c});
            }
        int accepted = 0;
        for (const std::string& cell : cells)
            for (const char* ending : {"\n", "\r\n", ""}) {
                CAPTURE(cell);
                CAPTURE(std::string_view(ending));
                if (reads_as_parse_mark(cell, cell, ending)) ++accepted;
            }
        // Each three times: the 26 spellings; " ○", "× " and U+3000; of two bytes, a mark of
        // the alphabet with a space before or after it (6 + 6) and two spaces; of three, a mark
        // with two spaces around it (3 × 6) and three spaces.
        CHECK(accepted == 3 * (26 + 3 + 13 + 19));
    }
    SUBCASE("every slot of the marks table: cells of one to five bytes after every first byte") {
        // The inline decision looks a cell up by (length, first byte); a slot that is wrong in
        // the built binary (GCC 12.2 zeroed some at -O1 and above: docs/design.md) shows here as
        // a cell whose meaning differs from parse_mark()'s. Each first byte starts the shortest
        // valid UTF-8 character it can, padded with 'x' up to five bytes.
        int accepted = 0, cells = 0;
        for (int first = 0x20; first < 0xF5; ++first) {
            if (first == ',' || first == '"' || first == 0x7F || (first >= 0x80 && first < 0xC2)) continue;
            std::string ch(1, static_cast<char>(first));
            if (first == 0xE0)
                ch += "\xA0\x80";  // U+0800
            else if (first == 0xF0)
                ch += "\x90\x80\x80";  // U+10000
            else if (first >= 0xF1)
                ch += "\x80\x80\x80";
            else if (first >= 0xE1)
                ch += "\x80\x80";
            else if (first >= 0xC2)
                ch += "\x80";
            for (std::string cell = ch; cell.size() <= 5; cell += 'x') {
                CAPTURE(cell);
                ++cells;
                if (reads_as_parse_mark(cell, cell, "\n")) ++accepted;
            }
        }
        CHECK(cells == 95 * 5 - 2 * 5 + 30 * 4 + 16 * 3 + 5 * 2);
        // The twelve one-byte marks Y y O o N n X x A a - ?, and a space and U+3000 each alone
        // (a blank) and followed by one 'x' (trimmed to the mark x).
        CHECK(accepted == 12 + 2 + 2);
    }
    SUBCASE("normal_row trims the serial and note and orders marks by candidate") {
        auto b = read_ballots("ballot,P02,P01,P03,note\n 12 ,Y,N,?, 见附件 \n", k_ids, 1);
        std::string row;
        BallotReader::normal_row(b[0].view(), row);
        CHECK(row == "12\tNY?\t\t见附件");
    }
}

TEST_CASE("ballots::bad_marks") {
    std::string csv =
        "ballot,P01,P02,P03\n"
        "1,0,Y,N\n"
        "2,Y,1,N\n"
        "3,OK,#REF!,=A1\n"
        "4,Y,N,1.00E+05\n"
        "5,Y,N,\n";
    auto errors = errors_of(csv, 5);
    // All entry errors of the file in one Error, each naming line, column and candidate.
    REQUIRE(errors.size() == 6);
    struct Expected {
        std::size_t line, column;
        const char* message;
    };
    const Expected expected[] = {{2, 3, "unknown mark \"0\" for P01"},    {3, 5, "unknown mark \"1\" for P02"},
                                 {4, 3, "unknown mark \"OK\" for P01"},   {4, 6, "unknown mark \"#REF!\" for P02"},
                                 {4, 12, "unknown mark \"=A1\" for P03"}, {5, 7, "unknown mark \"1.00E+05\" for P03"}};
    for (std::size_t i = 0; i < 6; ++i) {
        CAPTURE(i);
        CHECK(errors[i].line == expected[i].line);
        CHECK(errors[i].column == expected[i].column);
        CHECK(errors[i].message.en == expected[i].message);
    }
    CHECK(errors[0].message.zh == "项目 P01 的标记“0”无法识别");
    CHECK(errors[0].hint.en == "marks are ○ / Y (approve), × / N (disapprove), blank / A (abstain), ? (unreadable)");
    CHECK(format_diagnostic(errors[4], Lang::en) ==
          "ballots.csv:4:12: error: unknown mark \"=A1\" for P03\n"
          "  3,OK,#REF!,=A1\n"
          "             ^\n"
          "  hint: this is a spreadsheet formula or error value; type the mark itself. marks are ○ / Y (approve), "
          "× / N (disapprove), blank / A (abstain), ? (unreadable)\n");
    CHECK(format_diagnostic(errors[0], Lang::zh) ==
          "ballots.csv:2:3: 错误：项目 P01 的标记“0”无法识别\n"
          "  1,0,Y,N\n"
          "    ^\n"
          "  提示：可用的标记：○ 或 Y（赞成）、× 或 N（不赞成）、空白或 A（弃权）、?（无法辨认）\n");
}

TEST_CASE("ballots::error_limit") {
    // A wholly wrong file stops after 50 errors, with a note saying so.
    std::string csv = "ballot,P01\n";
    for (int i = 1; i <= 80; ++i) csv += std::to_string(i) + ",1\n";
    auto errors = errors_of(csv, 80, {"P01"});
    REQUIRE(errors.size() == 51);
    CHECK(errors[49].line == 51);
    CHECK(errors[50].message.en == "too many errors; stopped after 50");
}

TEST_CASE("ballots::serials") {
    SUBCASE("duplicated, naming the second occurrence") {
        Diagnostic d = error_of("ballot,P01,P02,P03\n1,Y,N,\n2,Y,N,\n1,N,N,\n", 3);
        CHECK(d.line == 4);
        CHECK(d.column == 1);
        CHECK(d.message.en == "ballot serial \"1\" appears twice (first on line 2)");
        CHECK(d.hint.en == "each paper ballot has its own serial; check for a row keyed twice");
    }
    SUBCASE("\"007\" and \"7\" are different serials; \" 7 \" and \"7\" are the same") {
        CHECK(read_ballots("ballot,P01\n007,Y\n7,Y\n", {"P01"}, 2).size() == 2);
        CHECK(error_of("ballot,P01\n7,Y\n 7 ,Y\n", 2, {"P01"}).message.en ==
              "ballot serial \"7\" appears twice (first on line 2)");
    }
    SUBCASE("empty") {
        Diagnostic d = error_of("ballot,P01,P02,P03\n,Y,N,\n", 1);
        CHECK(d.line == 2);
        CHECK(d.message.en == "the ballot serial is empty");
    }
    SUBCASE("scientific notation, as Excel writes a long number") {
        Diagnostic d = error_of("ballot,P01,P02,P03\n1.00E+05,Y,N,\n", 1);
        CHECK(d.message.en == "bad ballot serial \"1.00E+05\"");
        CHECK(d.hint.en == "Excel turned the serial into a number; format the column as Text and retype it");
        CHECK(error_of("ballot,P01\n1.2e+3,Y\n", 1, {"P01"}).message.en == "bad ballot serial \"1.2e+3\"");
    }
    SUBCASE("other bad serials") {
        Diagnostic d = error_of("ballot,P01\n第1张,Y\n", 1, {"P01"});
        CHECK(d.message.en == "bad ballot serial \"第1张\"");
        CHECK(d.hint.en == "serials use letters, digits, '-', '_' and '/' (at most 32)");
        CHECK(error_of("ballot,P01\n" + std::string(33, '1') + ",Y\n", 1, {"P01"}).message.en ==
              "bad ballot serial \"" + std::string(33, '1') + "\"");
    }
    SUBCASE("non-numeric serials") {
        auto b = read_ballots("ballot,P01\nA-1,Y\na-1,Y\n2026/001,Y\nB_2,N\n", {"P01"}, 4);
        CHECK(b.size() == 4);
        CHECK(error_of("ballot,P01\nA-1,Y\nA-1,Y\n", 2, {"P01"}).message.en ==
              "ballot serial \"A-1\" appears twice (first on line 2)");
    }
}

TEST_CASE("ballots::header") {
    SUBCASE("a candidate column missing") {
        Diagnostic d = error_of("ballot,P01,P02\n1,Y,N\n", 1);
        CHECK(d.line == 1);
        CHECK(d.message.en == "the header lacks a column for project P03");
        CHECK(d.message.zh == "表头缺少项目 P03 的列");
    }
    SUBCASE("an unknown column, with did you mean") {
        auto errors = errors_of("ballot,P01,PO2,P03\n1,Y,N,\n", 1);
        REQUIRE(errors.size() == 2);
        CHECK(errors[0].message.en == "unknown column \"PO2\": not a project of this round");
        CHECK(errors[0].column == 12);
        CHECK(errors[0].hint.en == "did you mean P02?");
        CHECK(errors[0].hint.zh == "是否应为 P02？");
        CHECK(errors[1].message.en == "the header lacks a column for project P02");
    }
    SUBCASE("ids are matched exactly; a lower-case id is suggested its proper spelling") {
        auto errors = errors_of("ballot,p01,P02,P03\n1,Y,N,\n", 1);
        REQUIRE(errors.size() == 2);
        CHECK(errors[0].hint.en == "did you mean P01?");
    }
    SUBCASE("an unknown column far from every id") {
        auto errors = errors_of("ballot,P01,P02,P03,remarks\n1,Y,N,,\n", 1);
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].message.en == "unknown column \"remarks\": not a project of this round");
        CHECK(errors[0].hint.en ==
              "columns are ballot/票号, this round's project ids (P01, P02, P03), status/状态, note/备注");
    }
    SUBCASE("a column twice") {
        Diagnostic d = error_of("ballot,P01,P02,P03,P01\n1,Y,N,,Y\n", 1);
        CHECK(d.message.en == "column \"P01\" appears twice");
        CHECK(d.column == 20);
        CHECK(error_of("票号,P01,P02,P03,ballot\n1,Y,N,,2\n", 1).message.en == "column \"ballot\" appears twice");
    }
    SUBCASE("no serial column") {
        Diagnostic d = error_of("P01,P02,P03\nY,N,\n", 1);
        CHECK(d.message.en == "the header lacks the column \"ballot\" (票号)");
    }
    SUBCASE("empty file") {
        Diagnostic d = error_of("", 0);
        CHECK(d.message.en == "the ballots file is empty");
    }
    SUBCASE("a header separated by TAB") {
        CHECK(error_of("ballot\tP01\tP02\tP03\n1\tY\tN\t\n", 1).message.en ==
              "the header is separated by TAB, not by commas");
    }
}

TEST_CASE("ballots::row_count") {
    const std::string csv = "ballot,P01,P02,P03\n1,Y,N,\n2,Y,N,\n3,Y,N,\n4,Y,N,\n";
    SUBCASE("exactly returned") {
        CHECK(read_ballots(csv, k_ids, 4).size() == 4);
    }
    SUBCASE("fewer rows than returned") {
        Diagnostic d = error_of(csv, 5);
        CHECK(d.line == 0);
        CHECK(d.message.en == "the file has 4 ballot rows but ballots_returned is 5; missing: 5");
        CHECK(d.message.zh == "文件有 4 行选票，而收回选票数为 5；缺少票号 5");
    }
    SUBCASE("more rows than returned: stops at the first extra row") {
        Diagnostic d = error_of(csv, 3);
        CHECK(d.line == 5);
        CHECK(d.message.en == "the file has 4 ballot rows but ballots_returned is 3; above 3: 4");
        CHECK(d.message.zh == "文件有 4 行选票，而收回选票数为 3；超出 3 的票号 4");
    }
    SUBCASE("the ballot missing from a sequence is named, leading zeros kept") {
        CHECK(error_of("ballot,P01\n001,Y\n002,Y\n004,Y\n", 4, {"P01"}).message.en ==
              "the file has 3 ballot rows but ballots_returned is 4; missing: 003");
        CHECK(error_of("ballot,P01\n001,Y\n002,Y\n004,Y\n005,Y\n", 3, {"P01"}).message.en ==
              "the file has 4 ballot rows but ballots_returned is 3; missing: 003; above 003: 004, 005");
    }
    SUBCASE("serials that are no sequence from 1 are not listed") {
        CHECK(error_of("ballot,P01\n101,Y\n102,Y\n103,Y\n", 4, {"P01"}).message.en ==
              "the file has 3 ballot rows but ballots_returned is 4");
        CHECK(error_of("ballot,P01\nA1,Y\nA2,Y\n", 3, {"P01"}).message.en ==
              "the file has 2 ballot rows but ballots_returned is 3");
    }
    SUBCASE("header only") {
        CHECK(read_ballots("ballot,P01\r\n", {"P01"}, 0).empty());
        CHECK(error_of("ballot,P01\r\n", 3, {"P01"}).message.en ==
              "the file has 0 ballot rows but ballots_returned is 3");
    }
    SUBCASE("blank rows do not count") {
        CHECK(read_ballots("ballot,P01\n1,Y\n,\n\n2,N\n,\n", {"P01"}, 2).size() == 2);
    }
    SUBCASE("rows with errors still count") {
        auto errors = errors_of("ballot,P01\n1,Y\n2,Q\n", 3, {"P01"});
        REQUIRE(errors.size() == 2);
        CHECK(errors[0].message.en == "unknown mark \"Q\" for P01");
        CHECK(errors[1].message.en == "the file has 2 ballot rows but ballots_returned is 3; missing: 3");
    }
}

TEST_CASE("ballots::status_and_note") {
    SUBCASE("unknown status") {
        Diagnostic d = error_of("ballot,P01,status\n1,Y,invalid\n", 1, {"P01"});
        CHECK(d.message.en == "unknown status \"invalid\"");
        CHECK(d.column == 5);
    }
    SUBCASE("VOID in any case") {
        auto b = read_ballots("ballot,P01,STATUS\n1,Y,VOID\n", {"P01"}, 1);
        CHECK(b[0].declared_void);
    }
    SUBCASE("a note with an invisible character") {
        Diagnostic d = error_of("ballot,P01,note\n1,Y,有\xE2\x80\xAE记号\n", 1, {"P01"});
        CHECK(d.message.en == "the note contains the invisible or control character U+202E");
    }
    SUBCASE("a field count mismatch is reported and the row skipped") {
        auto errors = errors_of("ballot,P01,P02,P03\n1,Y,N\n2,Y,N,,\n", 2);
        REQUIRE(errors.size() == 2);
        CHECK(errors[0].message.en == "row has 3 fields but the header has 4");
        CHECK(errors[1].message.en == "row has 5 fields but the header has 4");
    }
}

TEST_CASE("ballots::serial_set") {
    SUBCASE("ascending") {
        SerialSet s;
        for (int i = 1; i <= 5000; ++i) CHECK(s.insert(std::to_string(i)));
        for (int i : {1, 2, 2500, 4999, 5000}) CHECK_FALSE(s.insert(std::to_string(i)));
        CHECK(s.insert("5001"));
        CHECK(s.insert("0"));
    }
    SUBCASE("descending") {
        SerialSet s;
        for (int i = 5000; i >= 1; --i) CHECK(s.insert(std::to_string(i)));
        for (int i : {1, 2, 2500, 4999, 5000}) CHECK_FALSE(s.insert(std::to_string(i)));
        CHECK(s.insert("5001"));
    }
    SUBCASE("random order with duplicates, against std::set") {
        std::mt19937 rng(20260115);
        std::vector<std::string> serials;
        for (int i = 1; i <= 3000; ++i) serials.push_back(std::to_string(i));
        for (int i = 0; i < 600; ++i) serials.push_back(std::to_string(rng() % 3500 + 1));      // duplicates and gaps
        for (int i = 0; i < 200; ++i) serials.push_back("0" + std::to_string(rng() % 50 + 1));  // leading zero
        for (int i = 0; i < 100; ++i) serials.push_back("B-" + std::to_string(rng() % 60));     // text
        std::shuffle(serials.begin(), serials.end(), rng);
        SerialSet s;
        std::set<std::string> oracle;
        std::size_t mismatches = 0;
        for (const std::string& serial : serials)
            if (s.insert(serial) != oracle.insert(serial).second) ++mismatches;
        CHECK(mismatches == 0);
        CHECK(oracle.size() < serials.size());  // the test did exercise duplicates
    }
    SUBCASE("bridging two runs") {
        SerialSet s;
        CHECK(s.insert("1"));
        CHECK(s.insert("3"));
        CHECK(s.insert("2"));  // joins [1] and [3]
        CHECK_FALSE(s.insert("1"));
        CHECK_FALSE(s.insert("2"));
        CHECK_FALSE(s.insert("3"));
        CHECK(s.insert("4"));
    }
    SUBCASE("leading zeros and widths are distinct") {
        SerialSet s;
        CHECK(s.insert("7"));
        CHECK(s.insert("007"));
        CHECK(s.insert("07"));
        CHECK_FALSE(s.insert("007"));
        CHECK(s.insert("008"));  // 007–008 run
        CHECK(s.insert("8"));
        CHECK(s.insert("0"));
        CHECK(s.insert("00"));
        CHECK_FALSE(s.insert("00"));
        // "99" then "100": different widths never merge into one run.
        CHECK(s.insert("99"));
        CHECK(s.insert("100"));
        CHECK_FALSE(s.insert("99"));
        CHECK_FALSE(s.insert("100"));
        CHECK(s.insert("98"));
    }
    SUBCASE("long and non-numeric serials") {
        SerialSet s;
        std::string long_number(25, '9');
        CHECK(s.insert(long_number));
        CHECK_FALSE(s.insert(long_number));
        CHECK(s.insert("999999999999999999"));  // 18 digits: kept as a number
        CHECK_FALSE(s.insert("999999999999999999"));
        CHECK(s.insert("A1"));
        CHECK(s.insert("a1"));
        CHECK_FALSE(s.insert("A1"));
    }
}

TEST_CASE("ballots::neutralised_header") {
    // next-round writes an id that starts like a formula as 'id (csv_cell); it reads back as the id.
    std::vector<OwnedBallot> b = test::read_ballots("ballot,'-A1,P02\r\n1,Y,N\r\n", {"-A1", "P02"}, 1);
    REQUIRE(b.size() == 1);
    CHECK(b[0].marks[0] == Mark::approve);
    CHECK(b[0].marks[1] == Mark::disapprove);
    CHECK(test::read_ballots("ballot,-A1,P02\r\n1,Y,N\r\n", {"-A1", "P02"}, 1).size() == 1);
}
