// session.toml: strict TOML — unknown and duplicate keys, types, signs, inconsistent numbers.
#include <piaojue/session.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

using namespace piaojue;
using namespace piaojue::test;

namespace {

// Lines 1–15: [session] on 1, deputies on 7, present 8, ballots_issued 9, ballots_returned 10,
// candidates 11, ballots 12, [rules] on 14, seats 15.
const std::string k_base = first_session_toml(45, 41, 41, 41, 10);

std::string replaced(std::string text, std::string_view from, std::string_view to) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return text;
}

std::vector<Diagnostic> errors_of(std::string_view toml) {
    Error e = expect_error([&] { (void)parse_session(toml, "session.toml"); });
    CHECK(e.code() == ExitCode::input);
    for (const Diagnostic& d : e.diagnostics()) CHECK(d.file == "session.toml");
    return e.diagnostics();
}

Diagnostic error_of(std::string_view toml) {
    auto errors = errors_of(toml);
    REQUIRE(errors.size() == 1);
    return errors[0];
}

const std::string k_later =
    "[session]\n"
    "id = \"test-2026-r2\"\n"
    "body = \"测试镇人民代表大会\"\n"
    "meeting = \"第三次会议\"\n"
    "date = 2026-01-15\n"
    "level = \"township\"\n"
    "deputies = 45\n"
    "present = 40\n"
    "ballots_issued = 40\n"
    "ballots_returned = 40\n"
    "previous = \"result-1.json\"\n"
    "previous_digest = \"00ff\"\n"
    "ballots = \"ballots-2.csv\"\n";

}  // namespace

TEST_CASE("session::valid") {
    SUBCASE("the minimal first round, default rules") {
        Session s = parse_session(k_base, "session.toml");
        CHECK(s.id == "test-2026");
        CHECK(s.body == "测试镇人民代表大会");
        CHECK(s.meeting == "第十八届人民代表大会第三次会议");
        CHECK(s.date == "2026-01-15");
        CHECK(s.level == "township");
        CHECK(s.deputies == 45);
        CHECK(s.present == 41);
        CHECK(s.ballots_issued == 41);
        CHECK(s.ballots_returned == 41);
        CHECK(s.candidates == "candidates.csv");
        CHECK(s.ballots == "ballots.csv");
        CHECK_FALSE(s.is_later_round());
        REQUIRE(s.rules.has_value());
        CHECK(s.rules->seats == 10);
        CHECK(s.rules->surplus == SurplusRule::ceil_20);
        CHECK(s.rules->quorum == QuorumRule::at_least_2_3);
        CHECK(s.rules->pass_base == PassBase::all_deputies);
        CHECK(s.rules->unreadable == UnreadableRule::void_mark);
        CHECK(s.rules->shortfall == ShortfallRule::supplementary);
        CHECK(s.rules->digest == DigestAlgo::sha256);
        CHECK(s.officers.scrutineers.empty());
    }
    SUBCASE("every rule and the officers, CRLF line endings") {
        std::string text =
            k_base +
            "surplus = \"more-than-20\"\nquorum = \"more-than-1/2\"\npass_base = \"valid\"\n"
            "unreadable = \"void-ballot\"\nshortfall = \"leave-unfilled\"\ndigest = \"sm3\"\n\n"
            "[officers]\nchief_scrutineer = \"王总\"\nscrutineers = [\"李一\", \"张二\"]\ncounters = [\"赵三\"]\n";
        std::string crlf;
        for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
        Session s = parse_session(crlf, "session.toml");
        CHECK(s.rules->surplus == SurplusRule::more_than_20);
        CHECK(s.rules->quorum == QuorumRule::more_than_1_2);
        CHECK(s.rules->pass_base == PassBase::valid);
        CHECK(s.rules->unreadable == UnreadableRule::void_ballot);
        CHECK(s.rules->shortfall == ShortfallRule::leave_unfilled);
        CHECK(s.rules->digest == DigestAlgo::sm3);
        CHECK(s.officers.chief_scrutineer == "王总");
        CHECK(s.officers.scrutineers == std::vector<std::string>{"李一", "张二"});
        CHECK(s.officers.counters == std::vector<std::string>{"赵三"});
    }
    SUBCASE("returned > issued is not a parse error (it voids the vote)") {
        Session s = parse_session(replaced(k_base, "ballots_returned = 41", "ballots_returned = 42"), "session.toml");
        CHECK(s.ballots_returned == 42);
        CHECK(s.ballots_issued == 41);
    }
    SUBCASE("present = deputies, issued = present, zero returned are fine") {
        Session s = parse_session(replaced(replaced(replaced(k_base, "present = 41", "present = 45"),
                                                    "ballots_issued = 41", "ballots_issued = 45"),
                                           "ballots_returned = 41", "ballots_returned = 0"),
                                  "session.toml");
        CHECK(s.present == 45);
        CHECK(s.ballots_returned == 0);
    }
    SUBCASE("a later round") {
        Session s = parse_session(k_later, "session.toml");
        CHECK(s.is_later_round());
        CHECK(s.previous == "result-1.json");
        CHECK(s.previous_digest == "00ff");
        CHECK_FALSE(s.candidates.has_value());
        CHECK_FALSE(s.rules.has_value());
    }
    SUBCASE("valid_session_id") {
        CHECK(valid_session_id("dongsheng-tianjiao-2026"));
        CHECK(valid_session_id("a.b_c-1"));
        CHECK_FALSE(valid_session_id(""));
        CHECK_FALSE(valid_session_id("."));
        CHECK_FALSE(valid_session_id(".."));
        CHECK_FALSE(valid_session_id("a/b"));
        CHECK_FALSE(valid_session_id("东胜"));
        CHECK_FALSE(valid_session_id(std::string(129, 'a')));
        CHECK(valid_session_id(std::string(128, 'a')));
    }
}

TEST_CASE("session::verbatim_errors") {
    SUBCASE("a number in quotes") {
        Error e = expect_error(
            [&] { (void)parse_session(replaced(k_base, "deputies = 45", "deputies = \"45\""), "session.toml"); });
        CHECK(e.code() == ExitCode::input);
        CHECK(static_cast<int>(e.code()) == 3);
        REQUIRE(e.diagnostics().size() == 1);
        CHECK(std::string(e.what()) ==
              "session.toml:7:12: \"deputies\" in [session] must be a whole number without quotes, e.g. 45, not a "
              "string");
        CHECK(rendered(e) ==
              "session.toml:7:12: error: \"deputies\" in [session] must be a whole number without quotes, e.g. 45, not "
              "a string\n"
              "  deputies = \"45\"\n"
              "             ^\n");
        CHECK(rendered(e, Lang::zh) ==
              "session.toml:7:12: 错误：[session] 中的“deputies”应为不带引号的整数，如 45，而不是字符串\n"
              "  deputies = \"45\"\n"
              "             ^\n");
    }
    SUBCASE("CJK punctuation after a value (toml++ 3.3 alone reaches __builtin_unreachable on it)") {
        Error e = expect_error(
            [&] { (void)parse_session(replaced(k_base, "deputies = 45", "deputies = 45、"), "session.toml"); });
        CHECK(e.code() == ExitCode::input);
        CHECK(std::string(e.what()) ==
              "session.toml:7:14: not valid TOML: Error while parsing decimal integer: expected digit, saw '、'");
    }
    SUBCASE("valid TOML with the same characters inside strings is read as before") {
        std::string toml = replaced(k_base, "deputies = 45", "deputies = 45 # 代表、共 45 名");
        CHECK(parse_session(toml, "session.toml").deputies == 45);
    }
    SUBCASE("an unknown key") {
        Error e = expect_error([&] { (void)parse_session(k_base + "seat = 10\n", "session.toml"); });
        CHECK(e.code() == ExitCode::input);
        REQUIRE(e.diagnostics().size() == 1);
        CHECK(rendered(e) ==
              "session.toml:16:1: error: unknown key \"seat\" in [rules]\n"
              "  seat = 10\n"
              "  ^\n"
              "  hint: known keys: digest, pass_base, quorum, seats, shortfall, surplus, unreadable\n");
    }
    SUBCASE("present > deputies") {
        Error e = expect_error(
            [&] { (void)parse_session(replaced(k_base, "present = 41", "present = 46"), "session.toml"); });
        CHECK(e.code() == ExitCode::input);
        REQUIRE(e.diagnostics().size() == 1);
        CHECK(rendered(e) ==
              "session.toml:8:11: error: present (46) exceeds deputies (45)\n"
              "  present = 46\n"
              "            ^\n"
              "  hint: check the attendance count\n");
    }
    SUBCASE("a count with a sign") {
        Error e = expect_error(
            [&] { (void)parse_session(replaced(k_base, "deputies = 45", "deputies = +45"), "session.toml"); });
        REQUIRE(e.diagnostics().size() == 1);
        CHECK(rendered(e) ==
              "session.toml:7:12: error: \"deputies\" is written with a sign\n"
              "  deputies = +45\n"
              "             ^\n"
              "  hint: write the plain number, e.g. 45\n");
    }
}

TEST_CASE("session::types_and_values") {
    SUBCASE("a float") {
        Diagnostic d = error_of(replaced(k_base, "deputies = 45", "deputies = 45.0"));
        CHECK(d.message.en == "\"deputies\" in [session] must be a whole number without quotes, e.g. 45, not a float");
        CHECK(d.line == 7);
    }
    SUBCASE("negative and zero counts") {
        Diagnostic d = error_of(replaced(k_base, "ballots_returned = 41", "ballots_returned = -1"));
        CHECK(d.message.en == "\"ballots_returned\" must be between 0 and 1000000000, not -1");
        CHECK(d.line == 10);
        CHECK(d.column == 20);
        CHECK(error_of(replaced(k_base, "deputies = 45", "deputies = 0")).message.en ==
              "\"deputies\" must be between 1 and 1000000000, not 0");
        CHECK(error_of(replaced(k_base, "seats = 10", "seats = 0")).message.en ==
              "\"seats\" must be between 1 and 1000000000, not 0");
    }
    SUBCASE("a huge count") {
        CHECK(error_of(replaced(k_base, "deputies = 45", "deputies = 10_000_000_000")).message.en ==
              "\"deputies\" must be written in plain decimal digits, not 10_000_000_000");
    }
    SUBCASE("issued > present") {
        Diagnostic d = error_of(replaced(k_base, "ballots_issued = 41", "ballots_issued = 42"));
        CHECK(d.message.en == "ballots issued (42) exceed deputies present (41)");
        CHECK(d.line == 9);
    }
    SUBCASE("a date in quotes") {
        Diagnostic d = error_of(replaced(k_base, "date = 2026-01-15", "date = \"2026-01-15\""));
        CHECK(d.message.en == "\"date\" in [session] must be a date without quotes, e.g. 2026-01-15, not a string");
    }
    SUBCASE("an unknown rule value") {
        Diagnostic d = error_of(k_base + "surplus = \"ceil20\"\n");
        CHECK(d.message.en == "unknown value \"ceil20\" for \"surplus\"");
        CHECK(d.hint.en == "use one of ceil-20, more-than-20, nearest-20, none");
        CHECK(d.line == 16);
        CHECK(d.column == 11);
    }
    SUBCASE("a rule that is not a string") {
        Diagnostic d = error_of(k_base + "digest = 256\n");
        CHECK(d.message.en == "\"digest\" in [rules] must be one of sha256, sm3, not an integer");
    }
    SUBCASE("an unknown level and a bad id") {
        CHECK(error_of(replaced(k_base, "level = \"township\"", "level = \"village\"")).message.en ==
              "unknown level \"village\"");
        CHECK(error_of(replaced(k_base, "id = \"test-2026\"", "id = \"东胜 2026\"")).message.en ==
              "session id \"东胜 2026\" may only use letters, digits, '.', '_' and '-'");
    }
    SUBCASE("empty strings and invisible characters") {
        CHECK(error_of(replaced(k_base, "body = \"测试镇人民代表大会\"", "body = \"  \"")).message.en ==
              "\"body\" is empty");
        CHECK(error_of(replaced(k_base, "body = \"测试镇人民代表大会\"", "body = \"测试\xE2\x80\xAE镇\"")).message.en ==
              "\"body\" contains the invisible or control character U+202E");
    }
    SUBCASE("every problem of the file at once") {
        auto errors =
            errors_of(replaced(replaced(k_base, "deputies = 45", "deputies = \"45\""), "present = 41", "present = -3"));
        REQUIRE(errors.size() == 2);
        CHECK(errors[0].line == 7);
        CHECK(errors[1].line == 8);
        CHECK(errors[1].message.en == "\"present\" must be between 0 and 1000000000, not -3");
    }
}

TEST_CASE("session::keys") {
    SUBCASE("a duplicate key is invalid TOML") {
        Diagnostic d = error_of(replaced(k_base, "present = 41\n", "present = 41\npresent = 41\n"));
        CHECK(d.line == 9);
        CHECK(d.message.en.starts_with("not valid TOML: "));
        CHECK(d.message.en.find("present") != std::string::npos);
        CHECK(d.source_line == "present = 41");
        CHECK(d.hint.en == "each key and each [section] may appear only once: delete the repeated one");
    }
    SUBCASE("a duplicate table is invalid TOML") {
        Diagnostic d = error_of(k_base + "[rules]\nseats = 3\n");
        CHECK(d.line == 16);
        CHECK(d.message.en.starts_with("not valid TOML: "));
    }
    SUBCASE("unknown keys in [session] and at the top level") {
        auto errors = errors_of(replaced(k_base, "level = \"township\"", "level = \"township\"\nlevle = \"county\"") +
                                "\n[extra]\nx = 1\n");
        REQUIRE(errors.size() == 2);
        CHECK(errors[0].message.en == "unknown key \"extra\" in [top level]");
        CHECK(errors[1].message.en == "unknown key \"levle\" in [session]");
        CHECK(errors[1].line == 7);
    }
    SUBCASE("missing keys") {
        Diagnostic d = error_of(replaced(k_base, "present = 41\n", ""));
        CHECK(d.message.en == "[session] lacks the required key \"present\"");
        CHECK(d.hint.en == "add present = … to [session]");
        CHECK(d.line == 1);
        auto errors =
            errors_of(replaced(replaced(k_base, "id = \"test-2026\"\n", ""), "candidates = \"candidates.csv\"\n", ""));
        REQUIRE(errors.size() == 2);
        CHECK(errors[0].message.en == "[session] lacks the required key \"id\"");
        CHECK(errors[1].message.en == "[session] lacks the required key \"candidates\"");
        CHECK(error_of(replaced(k_base, "seats = 10\n", "")).message.en == "[rules] lacks the required key \"seats\"");
    }
    SUBCASE("missing sections") {
        CHECK(error_of(replaced(k_base, "[rules]\nseats = 10\n", "")).message.en == "the file has no [rules] section");
        CHECK(error_of("[rules]\nseats = 1\n").message.en == "the file has no [session] section");
        CHECK(error_of("").message.en == "the file has no [session] section");
    }
    SUBCASE("officers must be a table of names") {
        CHECK(error_of(k_base + "\n[officers]\nscrutineers = \"李一\"\n").message.en ==
              "\"scrutineers\" in [officers] must be a list of names in quotes, not a string");
        CHECK(error_of(k_base + "\n[officers]\ncounters = [\"赵三\", 4]\n").message.en ==
              "each entry of \"counters\" must be a non-empty name in quotes");
        CHECK(error_of(k_base + "\n[officers]\nchair = \"x\"\n").message.en == "unknown key \"chair\" in [officers]");
    }
    SUBCASE("not valid TOML, not UTF-8") {
        Diagnostic d = error_of("[session]\nid = \"x\nbody = 1\n");
        CHECK(d.line == 2);
        CHECK(d.message.en == "the quoted value is not closed on this line");
        Diagnostic u = error_of("[session]\nbody = \"\xD0\xC2\"\n");
        CHECK(u.message.en == "not valid UTF-8 at byte 18");
        CHECK(u.line == 2);
    }
}

TEST_CASE("session::later_round") {
    SUBCASE("[rules] is not allowed") {
        Diagnostic d = error_of(k_later + "\n[rules]\nseats = 1\n");
        CHECK(d.message.en == "a later round keeps the rules of the previous round; [rules] is not allowed");
        CHECK(d.hint.en == "remove the [rules] section");
        CHECK(d.line == 15);
    }
    SUBCASE("candidates is not allowed") {
        Diagnostic d = error_of(replaced(k_later, "ballots = ", "candidates = \"c.csv\"\nballots = "));
        CHECK(d.message.en == "a later round takes its candidates from the previous record, not from a list");
        CHECK(d.line == 13);
    }
    SUBCASE("previous without previous_digest, and the reverse") {
        CHECK(error_of(replaced(k_later, "previous_digest = \"00ff\"\n", "")).message.en ==
              "[session] lacks the required key \"previous_digest\"");
        CHECK(error_of(replaced(k_base, "ballots = \"ballots.csv\"", "previous_digest = \"00\"")).message.en ==
              "previous_digest without previous");
    }
}

TEST_CASE("session::marks_table") {
    SUBCASE("no [marks]: the standard table, read inline") {
        const Session s = parse_session(k_base, "session.toml");
        REQUIRE(s.marks);
        CHECK(s.marks->standard);
        CHECK_FALSE(s.marks->custom);
        CHECK(s.marks->find(" ○ ") == Mark::approve);
    }
    SUBCASE("a class replaced, the others kept") {
        const Session s = parse_session(
            k_base + "\n[marks]\napprove = [\"√\", \"赞成\"]\nabstain = [\"\", \"〇\", \"弃权\"]\n", "session.toml");
        REQUIRE(s.marks);
        CHECK(s.marks->custom);
        CHECK(s.marks->find("〇") == Mark::abstain);
        CHECK(s.marks->find("○") == std::nullopt);  // approve no longer lists it
        CHECK(s.marks->find("×") == Mark::disapprove);
        CHECK(s.marks->find("") == Mark::abstain);
    }
    SUBCASE("a symbol in two classes, a blank outside abstain, an unknown class, an empty list") {
        CHECK(error_of(k_base + "\n[marks]\nabstain = [\"\", \"〇\"]\n").message.en ==
              "\"〇\" means both abstain and approve (by default)");
        CHECK(error_of(k_base + "\n[marks]\napprove = [\"\", \"○\"]\n").message.en.find("blank") != std::string::npos);
        CHECK(error_of(k_base + "\n[marks]\nyes = [\"Y\"]\n").message.en == "unknown key \"yes\" in [marks]");
        CHECK(error_of(k_base + "\n[marks]\nunreadable = []\n").message.en == "\"unreadable\" lists no symbol");
        CHECK(error_of(k_base + "\n[marks]\napprove = \"Y\"\n").message.en.find("must be a list") != std::string::npos);
    }
}

TEST_CASE("session::satisfaction") {
    const std::string eval =
        replaced(replaced(k_base, "candidates = \"candidates.csv\"", "projects = \"projects.csv\""), "[session]\n",
                 "[session]\nkind = \"satisfaction\"\n");
    SUBCASE("seats belong to a selection vote") {
        CHECK(error_of(eval).message.en == "unknown key \"seats\" in [rules]");
    }
    const std::string rules_at = eval.substr(0, eval.find("[rules]"));
    SUBCASE("default levels and their marks") {
        const Session s = parse_session(rules_at, "session.toml");
        CHECK(s.kind == VoteKind::satisfaction);
        REQUIRE(s.rules);
        CHECK(s.rules->levels == std::vector<std::string>{"满意", "基本满意", "不满意"});
        REQUIRE(s.marks);
        CHECK(s.marks->find("○") == level_mark(0));
        CHECK(s.marks->find("△") == level_mark(1));
        CHECK(s.marks->find("x") == level_mark(2));
        CHECK(s.marks->find("赞成") == std::nullopt);
    }
    SUBCASE("2 and 5 levels; 1 and 6 refused; a level twice refused") {
        const Session two = parse_session(rules_at + "[rules]\nlevels = [\"满意\", \"不满意\"]\n", "session.toml");
        CHECK(two.marks->find("○") == level_mark(0));
        CHECK(two.marks->find("×") == level_mark(1));
        const Session five =
            parse_session(rules_at + "[rules]\nlevels = [\"满意\", \"较满意\", \"基本满意\", \"一般\", \"不满意\"]\n",
                          "session.toml");
        CHECK(five.rules->levels.size() == 5);
        CHECK(five.marks->find("一般") == level_mark(3));
        CHECK(error_of(rules_at + "[rules]\nlevels = [\"满意\"]\n").message.en.starts_with("levels lists 1 level;"));
        CHECK(error_of(rules_at + "[rules]\nlevels = [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"]\n")
                  .message.en.starts_with("levels lists 6 levels;"));
        CHECK(error_of(rules_at + "[rules]\nlevels = [\"满意\", \"满意\"]\n").message.en ==
              "level \"满意\" is listed twice");
    }
    SUBCASE("a level named like a default symbol of another level clashes") {
        CHECK(error_of(rules_at + "[rules]\nlevels = [\"×\", \"还行\", \"不满意\"]\n").message.en ==
              "\"×\" means both × and 不满意 (by default)");
    }
    SUBCASE("a selection session names no projects") {
        CHECK(error_of(replaced(k_base, "candidates = \"candidates.csv\"",
                                "candidates = \"candidates.csv\"\nprojects = \"p.csv\""))
                  .message.en == "projects belongs to a satisfaction evaluation (kind = \"satisfaction\")");
    }
}
