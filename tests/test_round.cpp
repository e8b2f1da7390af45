// Rounds end to end in a MemoryFileSystem: first round, tie re-votes and supplementary votes
// chained through make_next_round, and the checks on the previous record.
#include <piaojue/next_round.hpp>
#include <piaojue/round.hpp>

#include <nlohmann/json.hpp>

#include "support.hpp"

#include <doctest/doctest.h>
#include "memory_fs.hpp"

using namespace piaojue;
using namespace piaojue::test;
using json = nlohmann::ordered_json;

namespace {

// Rows for a ballots.csv whose header is `header` (as next-round writes it, with status and
// note columns at the end): serial i+1, the marks of rows[i], empty status and note.
std::string fill_template(const std::string& header, const std::vector<std::string>& rows) {
    std::string out = header;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        out += std::to_string(r + 1);
        for (char c : rows[r]) {
            out += ',';
            if (c != 'A') out += c;
        }
        out += ",,\r\n";
    }
    return out;
}

// A first round under /r1: 5 projects (budgets 100…500) for 3 seats, 45 deputies, 41 present;
// `approvals` dealt over 41 ballots.
MemoryFileSystem first_round(const std::vector<Count>& approvals, std::string_view extra_rules = {}) {
    MemoryFileSystem fs;
    fs.files["/r1/session.toml"] = first_session_toml(45, 41, 41, 41, 3, extra_rules);
    fs.files["/r1/candidates.csv"] = candidates_csv(5);
    fs.files["/r1/ballots.csv"] = ballots_csv(ids_of(make_candidates(5)), deal_ballots(approvals, 41));
    return fs;
}

// Sets up the round after `record_path` (already in `fs`) in directory `dir` with `returned`
// ballots of `rows`; returns the new session path.
std::string next_round(MemoryFileSystem& fs, const std::string& record_path, const std::string& dir, Count returned,
                       const std::vector<std::string>& rows) {
    NextRoundInput in;
    in.record_path = record_path;
    in.record_bytes = fs.files.at(record_path);
    in.present = in.issued = in.returned = returned;
    NextRoundFiles files = make_next_round(in, record_path, Lang::en);
    fs.files[dir + "/session.toml"] = files.session_toml;
    fs.files[dir + "/ballots.csv"] = fill_template(files.ballots_csv, rows);
    return dir + "/session.toml";
}

std::vector<std::string> ids_in(const json& array) {
    std::vector<std::string> out;
    for (const json& e : array) out.push_back(e.is_string() ? e.get<std::string>() : e["id"].get<std::string>());
    return out;
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("round::first_round") {
    MemoryFileSystem fs = first_round({30, 28, 25, 24, 5});
    RoundResult r = tally_round(fs, "/r1/session.toml", {});
    CHECK(r.round.decision.outcome == Outcome::final_);
    REQUIRE(r.round.counts.has_value());
    CHECK(r.round.counts->rows == 41);
    CHECK(r.round.counts->valid == 41);
    CHECK(r.round.counts->candidates[0].approve == 30);
    CHECK(r.round.counts->candidates[3].approve == 24);
    CHECK(r.round.decision.budget_selected.to_string() == "600");

    json j = json::parse(r.record);
    CHECK(ids_in(j["outcome"]["selected"]) == Ids{"P01", "P02", "P03"});
    // Digests are of the raw input bytes; the Merkle root is over the normalised rows.
    CHECK(j["inputs"]["session"]["name"] == "session.toml");
    CHECK(j["inputs"]["session"]["sha256"] == to_hex(digest(DigestAlgo::sha256, fs.files["/r1/session.toml"])));
    CHECK(j["inputs"]["candidates"]["name"] == "candidates.csv");
    CHECK(j["inputs"]["candidates"]["sha256"] == to_hex(digest(DigestAlgo::sha256, fs.files["/r1/candidates.csv"])));
    CHECK(j["inputs"]["candidates"]["encoding"] == "utf-8");
    CHECK(j["inputs"]["ballots"]["sha256"] == to_hex(digest(DigestAlgo::sha256, fs.files["/r1/ballots.csv"])));
    CHECK(j["inputs"]["ballots"]["rows"] == 41);
    CHECK(j["inputs"]["ballots"]["merkle_root"] == to_hex(r.round.counts->merkle_root));
    CHECK(default_record_path("/r1/session.toml") == "/r1/result.json");

    SUBCASE("the same files give the same record bytes; LF endings give the same tally") {
        CHECK(tally_round(fs, "/r1/session.toml", {}).record == r.record);
        std::string lf;
        for (char c : fs.files["/r1/ballots.csv"])
            if (c != '\r') lf += c;
        fs.files["/r1/ballots.csv"] = lf;
        RoundResult again = tally_round(fs, "/r1/session.toml", {});
        CHECK(again.round.counts->merkle_root == r.round.counts->merkle_root);  // same rows, other bytes
        json k = json::parse(again.record);
        CHECK(k["candidates"] == j["candidates"]);
        CHECK(k["inputs"]["ballots"]["sha256"] != j["inputs"]["ballots"]["sha256"]);
    }
    SUBCASE("SM3 digests when the session says so") {
        MemoryFileSystem sm = first_round({30, 28, 25, 24, 5}, "digest = \"sm3\"\n");
        json k = json::parse(tally_round(sm, "/r1/session.toml", {}).record);
        CHECK(k["inputs"]["ballots"]["sm3"] == to_hex(digest(DigestAlgo::sm3, sm.files["/r1/ballots.csv"])));
        CHECK_FALSE(k["inputs"]["ballots"].contains("sha256"));
    }
}

TEST_CASE("round::stops_before_ballots") {
    SUBCASE("void: returned > issued; the ballots file is not read (may even be missing)") {
        MemoryFileSystem fs = first_round({30, 28, 25, 24, 5});
        fs.files["/r1/session.toml"] = first_session_toml(45, 41, 41, 42, 3);
        fs.files.erase("/r1/ballots.csv");
        RoundResult r = tally_round(fs, "/r1/session.toml", {});
        CHECK(r.round.decision.outcome == Outcome::void_);
        CHECK(exit_code(r.round.decision.outcome) == ExitCode::vote_void);
        CHECK_FALSE(r.round.counts.has_value());
        json j = json::parse(r.record);
        CHECK(j["outcome"]["status"] == "void");
        CHECK_FALSE(j["inputs"].contains("ballots"));
    }
    SUBCASE("no-quorum") {
        MemoryFileSystem fs = first_round({30, 28, 25, 24, 5});
        fs.files["/r1/session.toml"] = first_session_toml(45, 29, 29, 29, 3);
        RoundResult r = tally_round(fs, "/r1/session.toml", {});
        CHECK(r.round.decision.outcome == Outcome::no_quorum);
        CHECK(json::parse(r.record)["attendance"]["quorum_required"] == 30);
    }
    SUBCASE("slate-rejected: 5 seats under more-than-20 need 7 candidates, not 5") {
        MemoryFileSystem fs = first_round({30, 28, 25, 24, 5});
        fs.files["/r1/session.toml"] = first_session_toml(45, 41, 41, 41, 5, "surplus = \"more-than-20\"\n");
        RoundResult r = tally_round(fs, "/r1/session.toml", {});
        CHECK(r.round.decision.outcome == Outcome::slate_rejected);
        CHECK(r.round.decision.minimum_candidates == 7);
        CHECK(exit_code(r.round.decision.outcome) == ExitCode::slate_rejected);
    }
}

TEST_CASE("round::input_errors") {
    SUBCASE("a missing candidate list") {
        MemoryFileSystem fs = first_round({30, 28, 25, 24, 5});
        fs.files.erase("/r1/candidates.csv");
        Error e = expect_error([&] { (void)tally_round(fs, "/r1/session.toml", {}); });
        CHECK(e.code() == ExitCode::input);
        CHECK(e.diagnostics()[0].file == "/r1/candidates.csv");
    }
    SUBCASE("a ballots file with one row too few names both numbers") {
        MemoryFileSystem fs = first_round({30, 28, 25, 24, 5});
        fs.files["/r1/session.toml"] = first_session_toml(45, 42, 42, 42, 3);
        Error e = expect_error([&] { (void)tally_round(fs, "/r1/session.toml", {}); });
        CHECK(e.code() == ExitCode::input);
        CHECK(e.diagnostics()[0].message.en == "the file has 41 ballot rows but ballots_returned is 42");
    }
}

TEST_CASE("round::tie_chain") {
    // Round 1: P01 and P02 selected, P03 and P04 tie at 25 for the third seat.
    MemoryFileSystem fs = first_round({30, 28, 25, 25, 5});
    RoundResult r1 = tally_round(fs, "/r1/session.toml", {});
    REQUIRE(r1.round.decision.outcome == Outcome::tie);
    CHECK(exit_code(r1.round.decision.outcome) == ExitCode::another_round);
    fs.files["/r1/result.json"] = r1.record;

    SUBCASE("make_next_round writes the session and the ballot template") {
        NextRoundInput in;
        in.record_path = "/r1/result.json";
        in.record_bytes = r1.record;
        NextRoundFiles files = make_next_round(in, "/r1/result.json", Lang::en);
        CHECK(files.ballots_csv == "ballot,P03,P04,status,note\r\n");
        CHECK(files.session_toml.find("id = \"test-2026-r2\"\n") != std::string::npos);
        CHECK(files.session_toml.find("previous = \"/r1/result.json\"\n") != std::string::npos);
        CHECK(files.session_toml.find("previous_digest = \"" + to_hex(digest(DigestAlgo::sha256, r1.record)) +
                                      "\"\n") != std::string::npos);
        CHECK(files.session_toml.find("# present = ") != std::string::npos);
        CHECK(files.session_toml.find("\n[rules]") == std::string::npos);
        // Unfilled attendance numbers make tally refuse the file: a guess must never decide.
        fs.files["/r2/session.toml"] = files.session_toml;
        fs.files["/r2/ballots.csv"] = files.ballots_csv;
        Error e = expect_error([&] { (void)tally_round(fs, "/r2/session.toml", {}); });
        CHECK(e.code() == ExitCode::input);
        CHECK(e.diagnostics()[0].message.en == "[session] lacks the required key \"present\"");
        NextRoundFiles zh = make_next_round(in, "/r1/result.json", Lang::zh);
        CHECK(zh.ballots_csv == "票号,P03,P04,状态,备注\r\n");
    }

    // Round 2: a tie re-vote for 1 seat that ties again, 20 to 20 (one ballot over-approves).
    std::vector<std::string> r2_rows;
    for (const char* marks : {"YN", "NY", "YA", "AY"})
        for (int i = 0; i < 10; ++i) r2_rows.push_back(marks);
    r2_rows.push_back("YY");  // over-approval (limit 1)
    std::string s2 = next_round(fs, "/r1/result.json", "/r2", 41, r2_rows);
    RoundResult r2 = tally_round(fs, s2, {});
    CHECK(r2.round.setup.round == 2);
    CHECK(r2.round.setup.kind == RoundKind::tie);
    CHECK(r2.round.setup.seats == 1);
    CHECK(r2.round.setup.rules.seats == 3);
    CHECK(r2.round.counts->invalid == 1);
    CHECK(r2.round.counts->invalid_ballots[0].reason == InvalidReason::over_approval);
    CHECK(r2.round.counts->candidates[0].approve == 20);
    CHECK(r2.round.counts->candidates[1].approve == 20);
    CHECK(r2.round.decision.outcome == Outcome::tie);
    json j2 = json::parse(r2.record);
    CHECK(j2["session"]["round"] == 2);
    CHECK(j2["session"]["kind"] == "tie");
    CHECK(j2["threshold"] == json::parse(R"({"base": "none", "base_count": null})"));
    CHECK(j2["inputs"]["previous"]["name"] == "/r1/result.json");
    CHECK(j2["inputs"]["previous"]["sha256"] == to_hex(digest(DigestAlgo::sha256, r1.record)));
    CHECK(j2["outcome"]["next_round"]["seats"] == 1);
    CHECK(ids_in(j2["outcome"]["next_round"]["candidates"]) == Ids{"P03", "P04"});
    CHECK(ids_in(j2["outcome"]["cumulative_selected"]) == Ids{"P01", "P02"});
    fs.files["/r2/result.json"] = r2.record;

    // Round 3: P04 wins 3 to 2 — no threshold in a tie re-vote, however few approvals.
    std::vector<std::string> r3_rows(39, "AA");
    r3_rows[0] = r3_rows[1] = r3_rows[2] = "NY";
    r3_rows[3] = r3_rows[4] = "YN";
    std::string s3 = next_round(fs, "/r2/result.json", "/r3", 39, r3_rows);
    RoundResult r3 = tally_round(fs, s3, {});
    CHECK(r3.round.setup.round == 3);
    CHECK(r3.round.decision.outcome == Outcome::final_);
    CHECK(exit_code(r3.round.decision.outcome) == ExitCode::ok);
    json j3 = json::parse(r3.record);
    CHECK(ids_in(j3["outcome"]["selected"]) == Ids{"P04"});
    CHECK(j3["candidates"][0]["status"] == "not-selected");
    CHECK(j3["candidates"][1]["status"] == "selected");
    CHECK(j3["outcome"]["cumulative_selected"] == json::parse(R"([
        {"id": "P01", "name": "项目1", "budget": "100", "round": 1},
        {"id": "P02", "name": "项目2", "budget": "200", "round": 1},
        {"id": "P04", "name": "项目4", "budget": "400", "round": 3}])"));
    CHECK(j3["outcome"]["budget_selected"] == "700");
    CHECK_FALSE(j3["outcome"].contains("next_round"));
    fs.files["/r3/result.json"] = r3.record;

    SUBCASE("the previous record changed after next-round: exit 3") {
        std::string s = next_round(fs, "/r2/result.json", "/r3b", 39, r3_rows);
        std::string& prev = fs.files["/r2/result.json"];
        prev.replace(prev.find("\"present\": 41"), 13, "\"present\": 40");
        Error e = expect_error([&] { (void)tally_round(fs, s, {}); });
        CHECK(e.code() == ExitCode::input);
        const Diagnostic& d = e.diagnostics()[0];
        CHECK(d.file == "/r2/result.json");
        CHECK(d.message.en == "the previous record's sha256 digest is " + to_hex(digest(DigestAlgo::sha256, prev)) +
                                  ", but the session file expects " + to_hex(digest(DigestAlgo::sha256, r2.record)));
        CHECK(d.hint.en == "the record was changed after next-round wrote this session; use the published record");
    }
    SUBCASE("the previous record is already final: exit 3") {
        Error n = expect_error([&] {
            NextRoundInput in;
            in.record_path = "/r3/result.json";
            in.record_bytes = r3.record;
            (void)make_next_round(in, "/r3/result.json", Lang::en);
        });
        CHECK(n.code() == ExitCode::input);
        CHECK(n.diagnostics()[0].message.en == "this round is already decided (final); there is no next round");
        // A hand-written session naming the final record with its right digest.
        std::string session = fs.files["/r3/session.toml"];
        session.replace(session.find("/r2/result.json"), 15, "/r3/result.json");
        std::string old_digest = to_hex(digest(DigestAlgo::sha256, r2.record));
        session.replace(session.find(old_digest), old_digest.size(), to_hex(digest(DigestAlgo::sha256, r3.record)));
        fs.files["/r4/session.toml"] = session;
        fs.files["/r4/ballots.csv"] = fs.files["/r3/ballots.csv"];
        Error e = expect_error([&] { (void)tally_round(fs, "/r4/session.toml", {}); });
        CHECK(e.code() == ExitCode::input);
        CHECK(e.diagnostics()[0].message.en == "the previous round is already decided (final); there is no next round");
        CHECK(e.diagnostics()[0].file == "/r3/result.json");
    }
    SUBCASE("a missing previous record: exit 3") {
        fs.files.erase("/r2/result.json");
        Error e = expect_error([&] { (void)tally_round(fs, s3, {}); });
        CHECK(e.code() == ExitCode::input);
        CHECK(e.diagnostics()[0].file == "/r2/result.json");
    }
}

TEST_CASE("round::shortfall_chain") {
    // Round 1: only P01 passes (23 of 45 needed); 2 seats go to a supplementary vote among all
    // four projects not selected.
    MemoryFileSystem fs = first_round({30, 22, 22, 10, 5});
    RoundResult r1 = tally_round(fs, "/r1/session.toml", {});
    REQUIRE(r1.round.decision.outcome == Outcome::shortfall);
    json j1 = json::parse(r1.record);
    CHECK(ids_in(j1["outcome"]["selected"]) == Ids{"P01"});
    CHECK(j1["outcome"]["next_round"]["kind"] == "supplementary");
    CHECK(j1["outcome"]["next_round"]["seats"] == 2);
    CHECK(ids_in(j1["outcome"]["next_round"]["candidates"]) == Ids{"P02", "P03", "P04", "P05"});
    fs.files["/r1/result.json"] = r1.record;

    // Round 2 (supplementary, R5 threshold again): only P03 passes; short again → final, 1 unfilled.
    std::vector<std::string> rows = deal_ballots({10, 25, 5, 0}, 41);
    std::string s2 = next_round(fs, "/r1/result.json", "/r2", 41, rows);
    RoundResult r2 = tally_round(fs, s2, {});
    CHECK(r2.round.setup.kind == RoundKind::supplementary);
    CHECK(r2.round.decision.outcome == Outcome::final_);
    CHECK(r2.round.decision.seats_unfilled == 1);
    json j2 = json::parse(r2.record);
    CHECK(j2["threshold"] == json::parse(R"({"base": "all-deputies", "base_count": 45, "required": 23})"));
    CHECK(ids_in(j2["outcome"]["selected"]) == Ids{"P03"});
    CHECK(j2["outcome"]["seats_unfilled"] == 1);
    CHECK(ids_in(j2["outcome"]["cumulative_selected"]) == Ids{"P01", "P03"});
    CHECK(j2["outcome"]["budget_selected"] == "400");
}

TEST_CASE("round::leave_unfilled") {
    MemoryFileSystem fs = first_round({30, 22, 22, 10, 5}, "shortfall = \"leave-unfilled\"\n");
    RoundResult r = tally_round(fs, "/r1/session.toml", {});
    CHECK(r.round.decision.outcome == Outcome::final_);
    CHECK(r.round.decision.seats_unfilled == 2);
    CHECK_FALSE(r.round.decision.next_round.has_value());
}

TEST_CASE("round::toml_quote") {
    // next-round copies names from the record into TOML; nothing in them may break out of the string.
    CHECK(toml_quote("测试镇") == "\"测试镇\"");
    CHECK(toml_quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
    CHECK(toml_quote("x\ny\t\x7F") == "\"x\\u000Ay\\u0009\\u007F\"");
    auto session_with_body = [](const std::string& body) {
        return "[session]\nid = \"x\"\nbody = " + toml_quote(body) +
               "\nmeeting = \"m\"\ndate = 2026-01-15\nlevel = \"county\"\ndeputies = 3\npresent = 3\n"
               "ballots_issued = 3\nballots_returned = 3\nprevious = \"p.json\"\nprevious_digest = \"00\"\n";
    };
    CHECK(parse_session(session_with_body("甲\"] [rules] seats = 1 \\"), "s.toml").body ==
          "甲\"] [rules] seats = 1 \\");
    // A line break stays inside the string: the error is about the body, no [rules] table appears.
    Error e = expect_error([&] { (void)parse_session(session_with_body("甲\"]\n[rules]\nseats = 1"), "s.toml"); });
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].message.en == "\"body\" contains the invisible or control character U+000A");
}
