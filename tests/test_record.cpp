// The result record: deterministic bytes, and reading back what a next round needs.
#include <piaojue/fs.hpp>
#include <piaojue/record.hpp>
#include <piaojue/round.hpp>

#include <nlohmann/json.hpp>

#include "support.hpp"
#include "support_cli.hpp"

#include <algorithm>
#include <filesystem>

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

    [[nodiscard]] std::string record() const { return record_bytes(setup, decision, &counts, inputs); }
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
    json j = json::parse(record_bytes(s, *d, nullptr, {{"session", "session.toml", "aa", ""}}));
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
    const RoundRecord v = parse_record(t.record(), "result.json");
    CHECK(v.setup.session.id == "test-session");
    CHECK(v.setup.round == 1);
    CHECK(v.decision.outcome == Outcome::tie);
    CHECK(v.setup.rules.digest == DigestAlgo::sm3);
    CHECK(v.setup.rules.seats == 3);
    CHECK(v.setup.rules.surplus == SurplusRule::nearest_20);
    CHECK(v.setup.rules.quorum == QuorumRule::at_least_2_3);
    CHECK(v.setup.rules.pass_base == PassBase::present);
    CHECK(v.setup.rules.unreadable == UnreadableRule::void_mark);
    CHECK(v.setup.rules.shortfall == ShortfallRule::supplementary);
    REQUIRE(v.decision.next_round.has_value());
    CHECK(v.decision.next_round->kind == RoundKind::tie);
    CHECK(v.decision.next_round->seats == 1);
    const std::vector<Candidate> next = v.next_candidates();
    REQUIRE(next.size() == 2);
    CHECK(next[0].id == "P03");
    CHECK(next[0].name == "项目3");
    CHECK(next[0].budget->to_string() == "3900");
    CHECK(next[0].lead == "县教育局");
    CHECK(next[1].note == "二期");
    CHECK_FALSE(next[1].budget.has_value());
    REQUIRE(v.decision.cumulative.size() == 2);
    CHECK(v.decision.cumulative[0].id == "P01");
    CHECK(v.decision.cumulative[0].budget->to_string() == "1280.5");
    CHECK(v.decision.cumulative[1].round == 1);
    CHECK(json::parse(t.record())["outcome"]["status"] == "tie");

    SUBCASE("a final record has no next round") {
        RoundSetup s = make_setup(3, 2);
        Decision d = decide(s, counts_with({30, 25, 10}));
        RoundRecord f = parse_record(record_bytes(s, d, nullptr, {}), "result.json");
        CHECK(f.decision.outcome == Outcome::final_);
        CHECK_FALSE(f.decision.next_round.has_value());
        CHECK(f.next_candidates().empty());
        CHECK(f.decision.cumulative.size() == 2);
    }
    SUBCASE("the typed record is the whole round: written again, the same bytes") {
        CHECK(write_record(v) == t.record());
        CHECK(v.counts->merkle_root == t.counts.merkle_root);
        CHECK(v.counts->invalid_ballots.size() == 1);
        CHECK(v.counts->invalid_ballots[0].reason == InvalidReason::over_approval);
        CHECK(v.decision.candidates[3].status == CandidateStatus::tied);
        CHECK(v.setup.session.officers.scrutineers == std::vector<std::string>{"李一", "张二"});
    }
}

// write_record(parse_record(b)) == b for every record the test suite and the examples hold:
// golden and bad-input cases (first rounds, ties and their re-votes, shortfalls, stops before
// the ballots, SM3) and the signed example.
TEST_CASE("record::round_trip_of_every_record_in_the_tree") {
    std::size_t checked = 0;
    for (const char* dir : {"tests/golden", "tests/bad-inputs", "examples"}) {
        for (const auto& entry :
             std::filesystem::recursive_directory_iterator(std::filesystem::path(PIAOJUE_SOURCE_DIR) / dir)) {
            if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
            std::string bytes = slurp(entry.path());
            if (bytes.find("\"format\": \"piaojue-result/1\"") == std::string::npos) continue;
            RoundRecord parsed;
            try {
                parsed = parse_record(bytes, entry.path().string());
            } catch (const Error& e) {
                // Only a bad-input case may hold a damaged record, one piaojue did not write.
                CHECK_MESSAGE(std::string(dir) == "tests/bad-inputs", e.what());
                continue;
            }
            CHECK_MESSAGE(write_record(parsed) == bytes, entry.path().string());
            ++checked;
        }
    }
    CHECK(checked >= 15);
    MESSAGE(checked << " records written again byte for byte");
}

// The same for every example session tallied now, in round order (a later round reads the
// record its earlier round just wrote), and for each first round again under SM3.
TEST_CASE("record::round_trip_of_every_example_tallied") {
    MemoryFileSystem mem;
    const std::filesystem::path root(PIAOJUE_SOURCE_DIR);
    std::vector<std::string> sessions;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / "examples")) {
        if (!entry.is_regular_file()) continue;
        std::string rel = std::filesystem::relative(entry.path(), root).string();
        if (entry.path().filename() == "result.json" || entry.path().filename() == "result.sig.json") continue;
        mem.files[rel] = slurp(entry.path());
        if (entry.path().filename() == "session.toml") sessions.push_back(rel);
    }
    std::sort(sessions.begin(), sessions.end());  // round-1 before round-2
    REQUIRE(sessions.size() >= 10);
    std::size_t checked = 0;
    for (const std::string& session : sessions) {
        for (bool sm3 : {false, true}) {
            std::string& text = mem.files[session];
            const std::string original = text;
            if (sm3) {
                auto at = text.find("digest = \"sha256\"");
                if (at == std::string::npos) continue;  // a later round inherits its rules
                text.replace(at, 17, "digest = \"sm3\"");
            }
            // The in-memory files do not resolve `..`: a later round's previous record is put
            // where the session names it.
            if (auto at = text.find("previous = \""); at != std::string::npos) {
                at += 12;
                std::string named = resolve_beside(session, text.substr(at, text.find('"', at) - at));
                mem.files[named] = mem.files[std::filesystem::path(named).lexically_normal().string()];
            }
            RoundResult r = tally_round(mem, session, ReadOptions{});
            CHECK_MESSAGE(write_record(parse_record(r.record, session)) == r.record, session << (sm3 ? " (sm3)" : ""));
            ++checked;
            text = original;
            if (!sm3) mem.files[default_record_path(session)] = r.record;
        }
    }
    MESSAGE(checked << " example records written again byte for byte");
    CHECK(checked >= 18);
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
