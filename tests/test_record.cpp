// The result record: deterministic bytes, and reading back what a next round needs.
#include <piaojue/record.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

using namespace piaojue;
using namespace piaojue::test;
using json = nlohmann::ordered_json;

namespace {

// A first round of 5 projects for 3 seats that ends in a tie of P03 and P04 for the last seat.
struct TieRound {
    RoundSetup setup;
    BallotCounts counts;
    Decision decision;
    std::vector<InputDigest> inputs;

    TieRound() {
        setup = make_setup(5, 3);
        setup.rules.surplus = SurplusRule::nearest_20;
        setup.rules.pass_base = PassBase::present;
        setup.rules.digest = DigestAlgo::sm3;
        setup.session.officers = Officers{"王总", {"李一", "张二"}, {"赵三"}};
        setup.candidates[0].budget = Decimal::parse("1280.50");
        setup.candidates[2].budget = Decimal::parse("3900");
        setup.candidates[2].lead = "县教育局";
        setup.candidates[3].note = "二期";
        std::vector<std::string> rows = deal_ballots({30, 28, 25, 25, 5}, 40);
        rows.push_back("YYYY?");  // over-approval
        BallotCounter counter(setup);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            OwnedBallot b = make_ballot(std::to_string(i + 1), rows[i]);
            b.line = i + 2;
            counter.add(b.view());
        }
        counts = counter.finish();
        decision = decide(setup, counts);
        inputs = {{"session", "session.toml", "aa", ""},
                  {"candidates", "candidates.csv", "bb", "utf-8"},
                  {"ballots", "ballots.csv", "cc", "gb18030"}};
    }

    [[nodiscard]] std::string record() const { return write_record(setup, decision, &counts, inputs); }
};

Error parse_error(const std::string& bytes) {
    Error e = expect_error([&] { (void)parse_record(bytes, "result.json"); });
    CHECK(e.code() == ExitCode::input);
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].file == "result.json");
    return e;
}

// `record` with `edit` applied to its JSON, dumped back.
template <typename F>
std::string edited(const std::string& record, F edit) {
    json j = json::parse(record);
    edit(j);
    return j.dump(2);
}

}  // namespace

TEST_CASE("record::deterministic_bytes") {
    TieRound a;
    TieRound b;  // built again from scratch
    std::string bytes = a.record();
    CHECK(bytes == a.record());
    CHECK(bytes == b.record());
    CHECK(bytes.back() == '\n');
    CHECK(bytes.find("\\u") == std::string::npos);  // Chinese written as itself
    CHECK(bytes.find("\"name\": \"项目1\"") != std::string::npos);
    CHECK(bytes.starts_with("{\n  \"format\": \"piaojue-result/1\",\n  \"generator\": {\n"));

    SUBCASE("any change of input changes the bytes") {
        b.setup.session.present = 40;
        CHECK(b.record() != bytes);
    }
}

TEST_CASE("record::fields") {
    TieRound t;
    json j = json::parse(t.record());
    std::vector<std::string> keys;
    for (auto& [key, value] : j.items()) keys.push_back(key);
    CHECK(keys == std::vector<std::string>{"format", "generator", "session", "rules", "inputs", "attendance", "ballots",
                                           "invalid_ballots", "threshold", "candidates", "outcome", "officers"});
    CHECK(j["session"]["round"] == 1);
    CHECK(j["session"]["kind"] == "first");
    CHECK(j["rules"]["surplus"] == "nearest-20");
    CHECK(j["rules"]["digest"] == "sm3");
    CHECK(j["inputs"]["ballots"]["sm3"] == "cc");
    CHECK(j["inputs"]["ballots"]["encoding"] == "gb18030");
    CHECK(j["inputs"]["ballots"]["rows"] == 41);
    CHECK(j["inputs"]["ballots"]["merkle_root"] == to_hex(t.counts.merkle_root));
    CHECK_FALSE(j["inputs"]["session"].contains("encoding"));
    CHECK(j["attendance"] ==
          json::parse(R"({"deputies": 45, "present": 41, "quorum_required": 30, "quorum_met": true})"));
    CHECK(j["ballots"] == json::parse(R"({"issued": 41, "returned": 41, "valid": 40, "invalid": 1})"));
    CHECK(j["invalid_ballots"] ==
          json::parse(R"([{"ballot": "41", "reason": "over-approval", "line": 42, "approvals": 4, "limit": 3}])"));
    CHECK(j["threshold"] == json::parse(R"({"base": "present", "base_count": 41, "required": 21})"));
    CHECK(j["candidates"][0] == json::parse(R"({"id": "P01", "name": "项目1", "budget": "1280.5", "approve": 30,
        "disapprove": 10, "abstain": 0, "unreadable": 0, "passed": true, "rank": 1, "status": "selected"})"));
    CHECK(j["candidates"][3]["status"] == "tied");
    CHECK(j["candidates"][4] == json::parse(R"({"id": "P05", "name": "项目5", "approve": 5, "disapprove": 35,
        "abstain": 0, "unreadable": 0, "passed": false, "status": "failed"})"));
    CHECK(j["outcome"] == json::parse(R"({"status": "tie", "selected": ["P01", "P02"], "seats_open": 3,
        "seats_unfilled": 0, "next_round": {"kind": "tie", "seats": 1, "candidates": [
            {"id": "P03", "name": "项目3", "budget": "3900", "lead": "县教育局"},
            {"id": "P04", "name": "项目4", "note": "二期"}]},
        "cumulative_selected": [{"id": "P01", "name": "项目1", "budget": "1280.5", "round": 1},
                                {"id": "P02", "name": "项目2", "round": 1}],
        "budget_selected": "1280.5"})"));
    CHECK(j["officers"] ==
          json::parse(R"({"chief_scrutineer": "王总", "scrutineers": ["李一", "张二"], "counters": ["赵三"]})"));
}

TEST_CASE("record::without_ballots") {
    RoundSetup s = make_setup(11, 10);
    auto d = decide_before_ballots(s);
    REQUIRE(d.has_value());
    json j = json::parse(write_record(s, *d, nullptr, {{"session", "session.toml", "aa", ""}}));
    CHECK(j["ballots"]["valid"].is_null());
    CHECK(j["ballots"]["invalid"].is_null());
    CHECK(j["invalid_ballots"] == json::array());
    CHECK(j["threshold"].is_null());
    CHECK(j["candidates"][0] == json::parse(R"({"id": "P01", "name": "项目1"})"));
    CHECK(j["outcome"]["status"] == "slate-rejected");
    CHECK(j["outcome"]["slate"] == json::parse(R"({"candidates": 11, "seats": 10, "minimum_candidates": 12})"));
    CHECK_FALSE(j["outcome"].contains("next_round"));
    CHECK(j["officers"] == json::object());
}

TEST_CASE("record::parse_round_trip") {
    TieRound t;
    RecordView v = parse_record(t.record(), "result.json");
    CHECK(v.session_id == "test-session");
    CHECK(v.round == 1);
    CHECK(v.outcome == Outcome::tie);
    CHECK(v.digest == DigestAlgo::sm3);
    CHECK(v.rules.seats == 3);
    CHECK(v.rules.surplus == SurplusRule::nearest_20);
    CHECK(v.rules.quorum == QuorumRule::at_least_2_3);
    CHECK(v.rules.pass_base == PassBase::present);
    CHECK(v.rules.unreadable == UnreadableRule::void_mark);
    CHECK(v.rules.shortfall == ShortfallRule::supplementary);
    REQUIRE(v.next_kind.has_value());
    CHECK(*v.next_kind == RoundKind::tie);
    CHECK(v.next_seats == 1);
    REQUIRE(v.next_candidates.size() == 2);
    CHECK(v.next_candidates[0].id == "P03");
    CHECK(v.next_candidates[0].name == "项目3");
    CHECK(v.next_candidates[0].budget->to_string() == "3900");
    CHECK(v.next_candidates[0].lead == "县教育局");
    CHECK(v.next_candidates[1].note == "二期");
    CHECK_FALSE(v.next_candidates[1].budget.has_value());
    REQUIRE(v.cumulative.size() == 2);
    CHECK(v.cumulative[0].id == "P01");
    CHECK(v.cumulative[0].budget->to_string() == "1280.5");
    CHECK(v.cumulative[1].round == 1);
    CHECK(v.json["outcome"]["status"] == "tie");

    SUBCASE("a final record has no next round") {
        RoundSetup s = make_setup(3, 2);
        Decision d = decide(s, counts_with({30, 25, 10}));
        RecordView f = parse_record(write_record(s, d, nullptr, {}), "result.json");
        CHECK(f.outcome == Outcome::final_);
        CHECK_FALSE(f.next_kind.has_value());
        CHECK(f.next_candidates.empty());
        CHECK(f.cumulative.size() == 2);
    }
}

TEST_CASE("record::parse_rejects") {
    const std::string good = TieRound().record();
    auto message = [](const Error& e) { return e.diagnostics()[0].message.en; };
    SUBCASE("not JSON, located by line and column") {
        std::string broken = good;
        broken.erase(broken.find(','), 1);  // the comma after "format": …
        Error e = parse_error(broken);
        CHECK(message(e) == "not valid JSON");
        CHECK(e.diagnostics()[0].line == 3);
        CHECK(e.diagnostics()[0].hint.en == "the record file is damaged; use the published copy");
        CHECK(message(parse_error("")) == "not valid JSON");
        CHECK(message(parse_error(good.substr(0, good.size() / 2))) == "not valid JSON");
    }
    SUBCASE("not an object, wrong format") {
        CHECK(message(parse_error("[]")) == "not a valid piaojue record: the top level is not an object");
        CHECK(message(parse_error(edited(good, [](json& j) { j["format"] = "piaojue-result/2"; }))) ==
              "not a valid piaojue record: format is not piaojue-result/1");
        CHECK(message(parse_error(R"({"format": 1})")) == "not a valid piaojue record: format has the wrong type");
    }
    SUBCASE("missing fields") {
        CHECK(message(parse_error(edited(good, [](json& j) { j.erase("outcome"); }))) ==
              "not a valid piaojue record: outcome is missing");
        CHECK(message(parse_error(edited(good, [](json& j) { j["rules"].erase("seats"); }))) ==
              "not a valid piaojue record: rules.seats is missing");
        CHECK(message(parse_error(edited(good, [](json& j) { j["outcome"]["next_round"].erase("seats"); }))) ==
              "not a valid piaojue record: outcome.next_round.seats is missing");
        CHECK(message(parse_error(edited(good, [](json& j) { j["outcome"].erase("cumulative_selected"); }))) ==
              "not a valid piaojue record: outcome.cumulative_selected is missing");
    }
    SUBCASE("wrong types") {
        CHECK(message(parse_error(edited(good, [](json& j) { j["rules"]["seats"] = "3"; }))) ==
              "not a valid piaojue record: rules.seats has the wrong type");
        CHECK(message(parse_error(edited(good, [](json& j) { j["rules"]["seats"] = 3.0; }))) ==
              "not a valid piaojue record: rules.seats has the wrong type");
        CHECK(message(parse_error(edited(good, [](json& j) { j["session"] = "x"; }))) ==
              "not a valid piaojue record: session has the wrong type");
        CHECK(message(parse_error(edited(good, [](json& j) {
                  j["outcome"]["next_round"]["candidates"] = json::object();
              }))) == "not a valid piaojue record: outcome.next_round.candidates has the wrong type");
    }
    SUBCASE("unknown values") {
        CHECK(message(parse_error(edited(good, [](json& j) { j["outcome"]["status"] = "done"; }))) ==
              "not a valid piaojue record: outcome.status has an unknown value");
        CHECK(message(parse_error(edited(good, [](json& j) { j["rules"]["quorum"] = "2/3"; }))) ==
              "not a valid piaojue record: rules.quorum has an unknown value");
        CHECK(message(parse_error(edited(good, [](json& j) { j["outcome"]["next_round"]["kind"] = "first"; }))) ==
              "not a valid piaojue record: outcome.next_round.kind has an unknown value");
        CHECK(message(parse_error(edited(good, [](json& j) {
                  j["outcome"]["next_round"]["candidates"][0]["budget"] = "1e3";
              }))) == "not a valid piaojue record: outcome.next_round.candidates[].budget is not a decimal");
        CHECK(message(parse_error(edited(good, [](json& j) {
                  j["outcome"]["next_round"]["candidates"][0]["id"] = "P 3";
              }))) == "not a valid piaojue record: outcome.next_round.candidates[].id is not a valid id");
    }
    SUBCASE("the zh message") {
        Error e = parse_error(edited(good, [](json& j) { j.erase("outcome"); }));
        CHECK(e.diagnostics()[0].message.zh == "不是有效的 piaojue 结果记录：outcome 缺失");
    }
}
