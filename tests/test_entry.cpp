// The keyboard entry screen's model: keys in, rows of an ordinary ballots file out.
#include <piaojue/entry.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

using namespace piaojue;
using namespace piaojue::test;

namespace {

void type(EntryScreen& screen, std::string_view bytes) {
    for (const Key& k : parse_keys(bytes)) (void)screen.handle(k);
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find('\n', at);
        out.push_back(text.substr(at, end - at));
        at = end + 1;
    }
    return out;
}

std::string screen_text(const EntryScreen& s) {
    std::string out;
    for (const std::string& l : s.render(100, 40)) out += l + "\n";
    return out;
}

}  // namespace

TEST_CASE("entry::parse_keys") {
    const auto keys = parse_keys("1y \x1b[A\x1b[B\x1bOC\x1b\r\n\x7f\t\x03满");
    REQUIRE(keys.size() == 12);
    CHECK(keys[0].text == "1");
    CHECK(keys[2].text == " ");
    CHECK(keys[3].code == Key::Code::up);
    CHECK(keys[4].code == Key::Code::down);
    CHECK(keys[5].code == Key::Code::right);
    CHECK(keys[6].code == Key::Code::escape);
    CHECK(keys[7].code == Key::Code::enter);  // CR LF is one Enter
    CHECK(keys[8].code == Key::Code::backspace);
    CHECK(keys[9].code == Key::Code::tab);
    CHECK(keys[10].code == Key::Code::interrupt);
    CHECK(keys[11].text == "满");
    CHECK(parse_keys("\x1b[1;5A").front().code == Key::Code::other);
}

TEST_CASE("entry::keying_a_selection_vote") {
    const RoundSetup setup = make_setup(3, 2);
    EntryScreen screen(setup, "ballots.csv", "", Lang::zh, false);
    CHECK(screen.keyed() == 0);
    CHECK(screen_text(screen).find("票号 001") != std::string::npos);
    SUBCASE("one key a mark, Enter saves, the next serial is proposed") {
        type(screen, "12 \r");
        CHECK(screen.keyed() == 1);
        const auto lines = lines_of(screen.file_bytes());
        REQUIRE(lines.size() == 2);
        CHECK(lines[0].starts_with("票号,P01,P02,P03"));
        CHECK(lines[1] == "001,○,×,,,");
        CHECK(screen_text(screen).find("票号 002") != std::string::npos);
    }
    SUBCASE("Enter with a project not yet keyed saves nothing") {
        type(screen, "1\r");
        CHECK(screen.keyed() == 0);
        CHECK(screen_text(screen).find("尚未录入：P02") != std::string::npos);
    }
    SUBCASE("an over-approval is shown and saved as on the paper after a second Enter") {
        type(screen, "111\r");
        CHECK(screen.keyed() == 0);
        CHECK(screen_text(screen).find("超过应选") != std::string::npos);
        type(screen, "\r");
        CHECK(screen.keyed() == 1);
        CHECK(lines_of(screen.file_bytes())[1] == "001,○,○,○,,");
    }
    SUBCASE("arrows move, a mark is changed, void with a note, the serial edited") {
        type(screen, "111\x1b[A2");  // the cursor stays on the last project; up once: P02 disapproved
        type(screen, "v有识别标记\r");
        type(screen, "s007\r\r");
        CHECK(lines_of(screen.file_bytes())[1] == "007,○,×,○,作废,有识别标记");
        CHECK(screen_text(screen).find("票号 008") != std::string::npos);
    }
    SUBCASE("undo takes the last ballot off the file; a serial keyed twice is refused") {
        type(screen, "12 \r");
        type(screen, "u");
        CHECK(screen.keyed() == 0);
        CHECK(lines_of(screen.file_bytes()).size() == 1);
        type(screen, "12 \r");
        type(screen, "s001\r");
        type(screen, "1 1\r");
        CHECK(screen.keyed() == 1);
        CHECK(screen_text(screen).find("已录入过") != std::string::npos);
    }
    SUBCASE("quitting with a ballot half keyed asks first") {
        type(screen, "1");
        CHECK(screen.handle(parse_keys("q").front()) == EntryScreen::Result::none);
        CHECK(screen.handle(parse_keys("y").front()) == EntryScreen::Result::quit);
    }
}

TEST_CASE("entry::resumes_after_the_last_saved_ballot") {
    const RoundSetup setup = make_setup(3, 2);
    EntryScreen screen(setup, "ballots.csv", "ballot,P01,P02,P03,status,note\n041,Y,N,,,\n042,Y,Y,,,", Lang::en, false);
    CHECK(screen.keyed() == 2);
    CHECK(screen_text(screen).find("Ballot 043") != std::string::npos);
    type(screen, "  2\r");
    const auto lines = lines_of(screen.file_bytes());
    REQUIRE(lines.size() == 4);
    CHECK(lines[2] == "042,Y,Y,,,");  // rows keyed before are kept as they are
    CHECK(lines[3] == "043,,,×,,");
    CHECK_THROWS_AS(EntryScreen(setup, "ballots.csv", "ballot,P01,P02,P03\n1,Q,,\n", Lang::en, false), Error);
}

TEST_CASE("entry::keying_an_evaluation") {
    RoundSetup setup = make_setup(2, 0);
    setup.session.kind = VoteKind::satisfaction;
    setup.rules.levels = {"满意", "基本满意", "不满意"};
    setup.marks = satisfaction_marks(setup.rules.levels);
    EntryScreen screen(setup, "ballots.csv", "", Lang::zh, true);
    CHECK(screen_text(screen).find("第二遍录入") != std::string::npos);
    CHECK(screen_text(screen).find("1 满意  2 基本满意  3 不满意") != std::string::npos);
    type(screen, "13\r4  \r");
    const auto lines = lines_of(screen.file_bytes());
    REQUIRE(lines.size() == 3);
    CHECK(lines[1] == "001,满意,不满意,,");
    CHECK(lines[2] == "002,,,,");  // 4 is no level of three: ignored; space abstains
}

TEST_CASE("entry::keys_set_by_the_counter") {
    const RoundSetup setup = make_setup(3, 2);
    SUBCASE("a class's keys replaced, shown on screen, the others kept") {
        EntryScreen screen(setup, "ballots.csv", "", Lang::zh, false, {"approve=o", "弃权=0space"});
        CHECK(screen_text(screen).find("o 赞成  2/n 不赞成  0/空格 弃权  ? 无法辨认") != std::string::npos);
        type(screen, "1");  // no longer a mark
        CHECK(screen_text(screen).find("此键无效：1") != std::string::npos);
        type(screen, "on0\r");
        CHECK(lines_of(screen.file_bytes())[1] == "001,○,×,,,");
    }
    SUBCASE("bad settings are usage errors") {
        auto code = [&](std::vector<std::string> keys) {
            try {
                EntryScreen screen(setup, "ballots.csv", "", Lang::en, false, keys);
            } catch (const Error& e) {
                return std::make_pair(e.code(), e.diagnostics().front().message.en);
            }
            return std::make_pair(ExitCode::ok, std::string());
        };
        CHECK(code({"approve=2"}) ==
              std::make_pair(ExitCode::usage,
                             std::string("--keys approve=2: the key “2” already stands for disapprove")));
        CHECK(code({"approve=q"}).second == "--keys approve=q: v, s, u and q are the screen's commands");
        CHECK(code({"yes=1"}).second == "--keys yes=1: no class of marks is named yes");
        CHECK(code({"approve"}).second == "--keys approve: write CLASS=KEYS");
    }
    SUBCASE("an evaluation's level by its name") {
        RoundSetup eval = make_setup(1, 0);
        eval.session.kind = VoteKind::satisfaction;
        eval.rules.levels = {"满意", "不满意"};
        eval.marks = satisfaction_marks(eval.rules.levels);
        EntryScreen screen(eval, "ballots.csv", "", Lang::zh, false, {"满意=a", "不满意=b"});
        CHECK(screen_text(screen).find("a 满意  b 不满意") != std::string::npos);
        type(screen, "b\r");
        CHECK(lines_of(screen.file_bytes())[1] == "001,不满意,,");
    }
}
