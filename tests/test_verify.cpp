// verify V1–V8 through the command line, on records tallied and signed by the command line: a
// signed township record passes; every byte of it matters; altered inputs, foreign or broken
// signature files, untrusted keys and wrong roles fail with the check that caught them; a later
// round's chain is followed back to round 1.
#include "support_cli.hpp"

#include <piaojue/fs.hpp>
#include <piaojue/verify.hpp>
#include <piaojue/version.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>
#include "memory_fs.hpp"

using namespace piaojue;
using namespace piaojue::test;

namespace {

// The township example tallied and signed by its chief scrutineer (Ed25519) and a scrutineer
// (SM2), in a scratch directory: t/session.toml, t/result.json, t/result.sig.json, and the key
// pairs chief.key/.pub and scrutineer.key/.pub.
struct SignedTownship {
    TempDir dir;
    RealFileSystem fs;
    Cli cli{fs};
    std::string session = dir / "t/session.toml";
    std::string record = dir / "t/result.json";
    std::string sigs = dir / "t/result.sig.json";
    std::string chief_sha256, chief_sm3, scrutineer_sha256, scrutineer_sm3;

    SignedTownship() {
        copy_example("township", dir / "t");
        REQUIRE(cli({"tally", session, "--quiet"}).code == 0);
        CliRun chief = cli({"keygen", "--unencrypted", "--algo", "ed25519", "-o", dir / "chief", "--json"});
        REQUIRE(chief.code == 0);
        chief_sha256 = hex_of(chief.json()["fingerprints"][0], "sha256:");
        chief_sm3 = hex_of(chief.json()["fingerprints"][1], "sm3:");
        CliRun scrutineer = cli({"keygen", "--unencrypted", "--algo", "sm2", "-o", dir / "scrutineer", "--json"});
        REQUIRE(scrutineer.code == 0);
        scrutineer_sha256 = hex_of(scrutineer.json()["fingerprints"][0], "sha256:");
        scrutineer_sm3 = hex_of(scrutineer.json()["fingerprints"][1], "sm3:");
        REQUIRE(cli({"sign", record, "--key", dir / "chief.key", "--role", "总监票人", "--name", "王建国", "--quiet"})
                    .code == 0);
        REQUIRE(
            cli({"sign", record, "--key", dir / "scrutineer.key", "--role", "监票人", "--name", "李秀英", "--quiet"})
                .code == 0);
    }

    // The hex of `fingerprint` (ALGO:HEX), which must start with `algo`.
    static std::string hex_of(const nlohmann::json& fingerprint, const std::string& algo) {
        const std::string text = fingerprint.get<std::string>();
        REQUIRE(text.starts_with(algo));
        return text.substr(algo.size());
    }

    // `verify RECORD --json` with `extra` options; --no-trust unless they name a trust list.
    CliRun verify(std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"verify", record, "--json"};
        args.insert(args.end(), extra.begin(), extra.end());
        if (std::find(extra.begin(), extra.end(), "--trust") == extra.end()) args.push_back("--no-trust");
        return cli(args);
    }

    // Writes trust list `text` to trust.toml and returns its path.
    std::string trust(const std::string& text) {
        spit(dir / "trust.toml", text);
        return dir / "trust.toml";
    }

    // A [[key]] entry of a trust list.
    static std::string key_entry(const std::string& fingerprint, const std::string& roles,
                                 const std::string& name = {}) {
        std::string out = "[[key]]\nfingerprint = \"" + fingerprint + "\"\nroles = [" + roles + "]\n";
        if (!name.empty()) out += "name = \"" + name + "\"\n";
        return out + "\n";
    }
};

// Every check of `j` (a verify --json output) but those in `except` is PASS.
void all_pass_but(const nlohmann::json& j, const std::vector<std::string>& except) {
    for (const auto& c : j.at("checks")) {
        std::string id = c.at("id");
        if (std::find(except.begin(), except.end(), id) != except.end()) continue;
        CHECK_MESSAGE(c.at("state") == "PASS", id << " is " << c.at("state") << ":\n" << details_of(j, id));
    }
}

}  // namespace

TEST_CASE("verify::signed_township_passes_every_check") {
    SignedTownship s;
    CliRun r = s.verify();
    REQUIRE(r.code == 0);
    nlohmann::json j = r.json();
    CHECK(j["command"] == "verify");
    CHECK(j["exit_code"] == 0);
    REQUIRE(j["checks"].size() == 8);
    std::vector<std::string> ids;
    for (const auto& c : j["checks"]) ids.push_back(c["id"]);
    CHECK(ids == std::vector<std::string>{"V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8"});
    all_pass_but(j, {});
    // Each signature is named with its algorithm; V2's details are what an auditor cites.
    CHECK(
        detail_has(j, "V2", "good signature: 总监票人 王建国 (ed25519, sha256:" + s.chief_sha256.substr(0, 16) + "…)"));
    CHECK(detail_has(j, "V2",
                     "good signature: 监票人 李秀英 (sm2-sm3, sha256:" + s.scrutineer_sha256.substr(0, 16) + "…)"));
    // The signers as fields: role, name, algorithm, the fingerprint the signature file states.
    REQUIRE(j["signers"].size() == 2);
    CHECK(j["signers"][0]["role"] == "总监票人");
    CHECK(j["signers"][0]["name"] == "王建国");
    CHECK(j["signers"][0]["algorithm"] == "ed25519");
    CHECK(j["signers"][0]["fingerprint"] == "sha256:" + s.chief_sha256);
    CHECK(j["signers"][0]["signature"] == "good");
    CHECK_FALSE(j["signers"][0].contains("trusted"));
    CHECK(j["signers"][1]["algorithm"] == "sm2-sm3");
    CHECK(j["signers"][1]["fingerprint"] == "sha256:" + s.scrutineer_sha256);
    CHECK(j["status"] == "pass");
    CHECK(detail_has(j, "V3", "integrity only (--no-trust): keys are not checked against a trust list"));
    CHECK(detail_has(j, "V4", "ballots " + s.dir / "t/ballots.csv" + ": sha256 matches"));
    CHECK(detail_has(j, "V5", "identical bytes (" + std::to_string(slurp(s.record).size()) + ")"));
    CHECK(detail_has(j, "V7", "outcome final recomputed from the counts"));
    CHECK(detail_has(j, "V8", "round 1: no previous round"));

    SUBCASE("the human text says the same") {
        CliRun text = s.cli({"verify", s.record, "--no-trust"});
        CHECK(text.code == 0);
        CHECK(text.out.find("V2  PASS    signatures over the record's exact bytes\n") != std::string::npos);
        CHECK(text.out.ends_with("Integrity verified; the signers were NOT identified (--no-trust).\n"));
        CHECK(text.err.empty());
    }
    SUBCASE("without a trust decision every check runs, but the signers are not identified: exit 8") {
        CliRun none = s.cli({"verify", s.record});
        CHECK(none.code == 8);
        CHECK(none.out.find("V3  FAIL    signers trusted, required roles present\n        signers not identified: no "
                            "trust decision was made") != std::string::npos);
        CHECK(none.out.find("V5  PASS") != std::string::npos);
        CHECK(none.out.ends_with(
            "Not verified: the signers are not identified (give --trust FILE, or --no-trust for integrity only).\n"));
        CliRun json = s.cli({"verify", s.record, "--json"});
        CHECK(json.code == 8);
        CHECK(json.json()["trust"] == "undecided");
    }
    SUBCASE("the officers' public keys are a trust decision too") {
        CliRun pubs = s.cli({"verify", s.record, "--trust", s.dir / "chief.pub", "--trust", s.dir / "scrutineer.pub"});
        CHECK(pubs.code == 0);
        CHECK(pubs.out.ends_with("Verification passed.\n"));
        // Every signature must be by a trusted key: the scrutineer's is not, with only chief.pub given.
        CliRun one = s.cli({"verify", s.record, "--trust", s.dir / "chief.pub"});
        CHECK(one.code == 7);
        CHECK(one.out.find("NOT trusted: 监票人 李秀英: the key is not in the trust list") != std::string::npos);
    }
    SUBCASE("--quiet prints nothing when verification passes") {
        CliRun quiet = s.cli({"verify", s.record, "--no-trust", "--quiet"});
        CHECK(quiet.code == 0);
        CHECK(quiet.out.empty());
    }
    SUBCASE("both keys trusted in their roles, both roles required") {
        std::string trust =
            s.trust("required_roles = [\"总监票人\", \"监票人\"]\n\n" +
                    SignedTownship::key_entry("sha256:" + s.chief_sha256, "\"总监票人\"", "王建国") +
                    SignedTownship::key_entry("sm3:" + s.scrutineer_sm3, "\"scrutineer\", \"counter\""));
        CliRun t = s.verify({"--trust", trust});
        CHECK(t.code == 0);
        all_pass_but(t.json(), {});
        CHECK(t.json()["signers"][0]["trusted"] == true);
        CHECK(t.json()["signers"][1]["trusted"] == true);
        CHECK(detail_has(t.json(), "V3", "trusted: 总监票人 王建国"));
        CHECK(detail_has(t.json(), "V3", "trusted: 监票人 李秀英"));
    }
}

TEST_CASE("verify::every_byte_of_a_signed_record_matters") {
    SignedTownship s;
    const std::string record = slurp(s.record), sigs = slurp(s.sigs);
    REQUIRE(record.size() > 1000);
    // The record and its signatures alone (the ballots are often not published): V4 and V5 are
    // skipped, so each run checks only what the record's own bytes decide.
    MemoryFileSystem mem;
    mem.files["t/result.sig.json"] = sigs;
    Cli cli(mem);
    auto verify = [&](const std::string& bytes) {
        mem.files["t/result.json"] = bytes;
        return cli({"verify", "t/result.json", "--no-trust", "--json"});
    };
    {
        CliRun r = verify(record);
        REQUIRE(r.code == 0);
        CHECK(state_of(r.json(), "V4") == "SKIPPED");
        CHECK(state_of(r.json(), "V5") == "SKIPPED");
        all_pass_but(r.json(), {"V4", "V5"});
    }
    std::size_t caught_by_v1 = 0, caught_by_v2 = 0;
    // Exit 7 always; V1 when the bytes are no longer JSON, else (when V1 still passes) V2. The
    // library call is what `verify` runs and returns (its code() is the exit code); thousands of
    // runs through the command line's parser would only make the test slow. Every 97th
    // mutation also goes through the command line.
    VerifyOptions options;
    options.integrity_only = true;
    std::size_t runs = 0;
    auto expect_caught = [&](const std::string& bytes, const std::string& what) {
        mem.files["t/result.json"] = bytes;
        VerifyResult r = verify_record(mem, "t/result.json", options);
        REQUIRE_MESSAGE(r.code() == ExitCode::verify_failed, what << ": exit " << static_cast<int>(r.code()));
        if (++runs % 97 == 0)
            REQUIRE_MESSAGE(cli({"verify", "t/result.json", "--no-trust", "--quiet"}).code == 7, what);
        REQUIRE(r.checks.size() == 8);
        auto state = [&](std::size_t v) { return r.checks.at(v - 1).state; };
        bool parses = nlohmann::json::accept(bytes);
        if (state(1) == CheckState::pass) REQUIRE_MESSAGE(parses, what << ": not JSON, yet V1 passed");
        if (state(1) == CheckState::fail) {
            ++caught_by_v1;
            if (!parses)
                REQUIRE_MESSAGE(r.checks[0].details.at(0).en.starts_with("not valid JSON"),
                                what << ": V1 says " << r.checks[0].details.at(0).en);
            for (std::size_t v = 2; v <= 8; ++v)
                REQUIRE_MESSAGE(state(v) == CheckState::skipped, what << ": V1 failed, yet V" << v << " was checked");
        } else {
            ++caught_by_v2;
            REQUIRE_MESSAGE(state(2) == CheckState::fail, what << ": V1 passed, yet V2 did not fail");
            REQUIRE(r.checks[1].details.at(0).en.starts_with(
                "the record's sha256 digest differs from the signature file's"));
        }
    };

    SUBCASE("one bit flipped in each byte in turn") {
        for (std::size_t i = 0; i < record.size(); ++i) {
            std::string bytes = record;
            bytes[i] = static_cast<char>(bytes[i] ^ static_cast<char>(1u << (i % 8)));
            expect_caught(bytes, "bit " + std::to_string(i % 8) + " of byte " + std::to_string(i));
        }
        // Both paths were taken: the bytes broke the JSON, or they still parsed and only the
        // signatures caught the change.
        CHECK(caught_by_v1 > 100);
        CHECK(caught_by_v2 > 100);
    }
    SUBCASE("a byte appended") {
        for (const std::string& tail : std::vector<std::string>{"\n", " ", "\t", "x", "}", std::string(1, '\0')})
            expect_caught(record + tail, "appended byte " + std::to_string(static_cast<unsigned char>(tail[0])));
        CHECK(caught_by_v2 >= 3);  // trailing white space still parses
    }
    SUBCASE("truncated at every length") {
        for (std::size_t n = 0; n < record.size(); ++n)
            expect_caught(record.substr(0, n), "truncated to " + std::to_string(n) + " bytes");
        CHECK(caught_by_v2 == 1);  // only the final newline can go without breaking the JSON
    }
}

TEST_CASE("verify::ballot_mark_changed_after_signing") {
    SignedTownship s;
    std::string ballots = slurp(s.dir / "t/ballots.csv");
    spit(s.dir / "t/ballots.csv", replace_once(ballots, "\n001,○,○,○,×,", "\n001,×,○,○,×,"));
    CliRun r = s.verify();
    CHECK(r.code == 7);
    nlohmann::json j = r.json();
    CHECK(j["exit_code"] == 7);
    CHECK(state_of(j, "V4") == "FAIL");
    CHECK_MESSAGE(detail_has(j, "V4", "ballots " + s.dir / "t/ballots.csv" + ": sha256 is "), details_of(j, "V4"));
    CHECK(detail_has(j, "V4", "session " + s.session + ": sha256 matches"));
    CHECK(detail_has(j, "V4", "candidates " + s.dir / "t/candidates.csv" + ": sha256 matches"));
    CHECK(state_of(j, "V5") == "FAIL");
    CHECK_MESSAGE(detail_has(j, "V5", "first difference at line "), details_of(j, "V5"));
    // The record and its signatures are untouched.
    all_pass_but(j, {"V4", "V5"});

    SUBCASE("the text names the input") {
        CliRun text = s.cli({"verify", s.record, "--no-trust"});
        CHECK(text.code == 7);
        CHECK(text.out.find("V4  FAIL    digests of the input files\n") != std::string::npos);
        CHECK(text.out.find("ballots.csv: sha256 is ") != std::string::npos);
        CHECK(text.out.ends_with("Verification FAILED.\n"));
    }
}

TEST_CASE("verify::signature_file_of_another_record") {
    SignedTownship s;
    copy_example("county", s.dir / "c");
    REQUIRE(s.cli({"tally", s.dir / "c/session.toml", "--quiet"}).code == 0);
    REQUIRE(s.cli({"sign", s.dir / "c/result.json", "--key", s.dir / "chief.key", "--role", "总监票人", "--name",
                   "王建国", "--quiet"})
                .code == 0);

    SUBCASE("copied over the record's own") {
        std::filesystem::copy_file(s.dir / "c/result.sig.json", s.sigs,
                                   std::filesystem::copy_options::overwrite_existing);
        CliRun r = s.verify();
        CHECK(r.code == 7);
        nlohmann::json j = r.json();
        CHECK(state_of(j, "V2") == "FAIL");
        CHECK(detail_has(j, "V2",
                         "the record's sha256 digest differs from the signature file's: the record was changed, or "
                         "the signature file belongs to another record"));
        CHECK(detail_has(j, "V2", "BAD signature: 总监票人 王建国 (ed25519, "));
        CHECK(state_of(j, "V3") == "FAIL");
        CHECK(detail_has(j, "V3", "no good signature by a chief-scrutineer (总监票人)"));
        all_pass_but(j, {"V2", "V3"});
    }
    SUBCASE("named with --signatures") {
        CliRun r = s.verify({"--signatures", s.dir / "c/result.sig.json"});
        CHECK(r.code == 7);
        CHECK(state_of(r.json(), "V2") == "FAIL");
    }
}

TEST_CASE("verify::signature_file_edited") {
    SignedTownship s;
    std::string sigs = slurp(s.sigs);
    SUBCASE("the scrutineer's role raised to chief scrutineer") {
        spit(s.sigs, replace_once(sigs, "\"role\": \"监票人\"", "\"role\": \"总监票人\""));
        CliRun r = s.verify();
        CHECK(r.code == 7);
        CHECK(state_of(r.json(), "V2") == "FAIL");
        CHECK(detail_has(r.json(), "V2", "BAD signature: 总监票人 李秀英 (sm2-sm3, "));
        CHECK(detail_has(r.json(), "V2", "good signature: 总监票人 王建国 (ed25519, "));
    }
    SUBCASE("the chief scrutineer's name changed") {
        spit(s.sigs, replace_once(sigs, "\"name\": \"王建国\"", "\"name\": \"王建民\""));
        CliRun r = s.verify();
        CHECK(r.code == 7);
        CHECK(detail_has(r.json(), "V2", "BAD signature: 总监票人 王建民 (ed25519, "));
        CHECK(state_of(r.json(), "V3") == "FAIL");  // no good chief-scrutineer signature is left
    }
}

TEST_CASE("verify::trust_list") {
    SignedTownship s;
    const std::string chief = "sha256:" + s.chief_sha256, scrutineer = "sha256:" + s.scrutineer_sha256;
    auto verify_with = [&](const std::string& trust) { return s.verify({"--trust", s.trust(trust)}); };

    SUBCASE("a key not in the list") {
        CliRun r = verify_with(SignedTownship::key_entry(chief, "\"总监票人\""));
        CHECK(r.code == 7);
        nlohmann::json j = r.json();
        CHECK(state_of(j, "V3") == "FAIL");
        CHECK(detail_has(j, "V3", "trusted: 总监票人 王建国"));
        CHECK(detail_has(j, "V3", "NOT trusted: 监票人 李秀英: the key is not in the trust list"));
        all_pass_but(j, {"V3"});  // the signatures themselves are good
    }
    SUBCASE("a signature in a role its key may not sign as") {
        CliRun r = verify_with(SignedTownship::key_entry(chief, "\"总监票人\"") +
                               SignedTownship::key_entry(scrutineer, "\"计票人\""));
        CHECK(r.code == 7);
        nlohmann::json j = r.json();
        CHECK(state_of(j, "V3") == "FAIL");
        CHECK_MESSAGE(
            detail_has(
                j, "V3",
                "NOT trusted: 监票人 李秀英: the key may sign only as 计票人 (trust list line 5), not as 监票人"),
            details_of(j, "V3"));
        all_pass_but(j, {"V3"});
    }
    SUBCASE("the two keys' roles swapped") {
        CliRun r = verify_with(SignedTownship::key_entry(chief, "\"监票人\"") +
                               SignedTownship::key_entry(scrutineer, "\"总监票人\""));
        CHECK(r.code == 7);
        nlohmann::json j = r.json();
        CHECK(detail_has(j, "V3", "NOT trusted: 总监票人 王建国: the key may sign only as 监票人"));
        CHECK(detail_has(j, "V3", "NOT trusted: 监票人 李秀英: the key may sign only as 总监票人"));
        CHECK(detail_has(j, "V3", "no good signature by a chief-scrutineer (总监票人)"));
    }
    SUBCASE("a key listed under another holder's name") {
        CliRun r = verify_with(SignedTownship::key_entry(chief, "\"总监票人\"", "王建民") +
                               SignedTownship::key_entry(scrutineer, "\"监票人\""));
        CHECK(r.code == 7);
        CHECK(detail_has(
            r.json(), "V3",
            "NOT trusted: 总监票人 王建国: the trust list (line 1) names this key's holder 王建民, not 王建国"));
    }
    SUBCASE("a role the list requires has not signed") {
        CliRun r = verify_with("required_roles = [\"计票人\"]\n\n" + SignedTownship::key_entry(chief, "\"总监票人\"") +
                               SignedTownship::key_entry(scrutineer, "\"监票人\""));
        CHECK(r.code == 7);
        nlohmann::json j = r.json();
        CHECK(state_of(j, "V3") == "FAIL");
        CHECK(detail_has(j, "V3", "trusted: 监票人 李秀英"));
        CHECK(detail_has(j, "V3", "no good signature by a counter (计票人)"));
        all_pass_but(j, {"V3"});
    }
    SUBCASE("a malformed trust list is an input error") {
        // Exit 3 since issue 21 (was 8): a file the user names that does not parse is an input
        // error (SPEC §6); docs/limits.md, "Exit codes decided here".
        spit(s.dir / "trust.toml", "[[key]]\nfingerprint = \"sha256:00\"\nroles = [\"总监票人\"]\n");
        CliRun r = s.cli({"verify", s.record, "--trust", s.dir / "trust.toml"});
        CHECK(r.code == 3);
        CHECK(r.out.empty());
        CHECK(r.err.find(s.dir / "trust.toml") != std::string::npos);
    }
}

TEST_CASE("verify::required_roles") {
    SignedTownship s;
    SUBCASE("a role that has not signed") {
        CliRun r = s.verify({"--require-role", "计票人"});
        CHECK(r.code == 7);
        CHECK(state_of(r.json(), "V3") == "FAIL");
        CHECK(detail_has(r.json(), "V3", "no good signature by a counter (计票人)"));
        all_pass_but(r.json(), {"V3"});
    }
    SUBCASE("both roles that signed, in English") {
        CliRun r = s.verify({"--require-role", "scrutineer", "--require-role", "chief-scrutineer"});
        CHECK(r.code == 0);
    }
    SUBCASE("an unknown role is a usage error") {
        CliRun r = s.verify({"--require-role", "主任"});
        CHECK(r.code == 2);
        CHECK(r.json()["error"]["exit_code"] == 2);
    }
}

TEST_CASE("verify::malformed_signature_file") {
    SignedTownship s;
    std::string sigs = slurp(s.sigs);
    auto expect_key_error = [&](const std::string& bytes) {
        spit(s.sigs, bytes);
        CliRun r = s.verify();
        CHECK(r.code == 8);
        nlohmann::json j = r.json();
        CHECK(j["exit_code"] == 8);
        CHECK(state_of(j, "V2") == "FAIL");
        CHECK(state_of(j, "V3") == "SKIPPED");
        CHECK(detail_has(j, "V3", "the signature file is not usable (V2)"));
        all_pass_but(j, {"V2", "V3"});
    };
    SUBCASE("not JSON") {
        expect_key_error(sigs.substr(0, sigs.size() / 2));
    }
    SUBCASE("empty") {
        expect_key_error("");
    }
    SUBCASE("an unknown field") {
        expect_key_error(replace_once(sigs, "\"format\"", "\"extra\": 1,\n  \"format\""));
    }
    SUBCASE("a signature that is not base64") {
        auto at = sigs.find("\"signature\": \"") + 14;
        std::string bad = sigs;
        bad[at] = '*';
        expect_key_error(bad);
    }
    SUBCASE("an unknown algorithm") {
        expect_key_error(replace_once(sigs, "\"sm2-sm3\"", "\"sm2-sha256\""));
    }
}

TEST_CASE("verify::unsigned_record") {
    SignedTownship s;
    std::filesystem::remove(s.sigs);
    SUBCASE("no role required") {
        CliRun r = s.verify({"--require-role", "none"});
        CHECK(r.code == 0);
        nlohmann::json j = r.json();
        CHECK(state_of(j, "V2") == "SKIPPED");
        CHECK(detail_has(j, "V2", "no signature file " + s.sigs));
        CHECK(state_of(j, "V3") == "SKIPPED");
        CHECK(detail_has(j, "V3", "no signatures and no role required"));
        all_pass_but(j, {"V2", "V3"});
    }
    SUBCASE("the chief scrutineer required by default") {
        CliRun r = s.verify();
        CHECK(r.code == 7);
        nlohmann::json j = r.json();
        CHECK(state_of(j, "V2") == "SKIPPED");
        CHECK(state_of(j, "V3") == "FAIL");
        CHECK(detail_has(j, "V3", "no signature by a chief-scrutineer (总监票人)"));
        all_pass_but(j, {"V2", "V3"});
    }
}

TEST_CASE("verify::without_the_ballots") {
    SignedTownship s;
    std::filesystem::remove(s.dir / "t/ballots.csv");
    CliRun r = s.verify();
    CHECK(r.code == 0);
    nlohmann::json j = r.json();
    // V4 checks what is there and says what is not; V5 cannot re-tally.
    CHECK(state_of(j, "V4") == "PASS");
    CHECK(detail_has(j, "V4", "session " + s.session + ": sha256 matches"));
    CHECK(detail_has(j, "V4", "candidates " + s.dir / "t/candidates.csv" + ": sha256 matches"));
    CHECK(detail_has(j, "V4", "ballots " + s.dir / "t/ballots.csv" + ": not present, not checked"));
    CHECK(state_of(j, "V5") == "SKIPPED");
    CHECK(detail_has(j, "V5", "not every input is at hand (ballots are often not published)"));
    all_pass_but(j, {"V5"});
}

TEST_CASE("verify::chain_of_rounds") {
    TempDir dir;
    RealFileSystem fs;
    Cli cli(fs);
    copy_example("tie", dir / "tie");
    const std::string round1 = dir / "tie/round-1/result.json", round2 = dir / "tie/round-2/result.json";
    REQUIRE(cli({"tally", dir / "tie/round-1/session.toml", "--quiet"}).code == 6);
    REQUIRE(cli({"tally", dir / "tie/round-2/session.toml", "--quiet"}).code == 0);
    auto verify = [&](const std::string& record) {
        return cli({"verify", record, "--no-trust", "--require-role", "none", "--json"});
    };

    SUBCASE("both rounds verify; round 2 follows the chain to round 1") {
        CliRun r1 = verify(round1);
        CHECK(r1.code == 0);  // a tie is a decided round to verify, whatever its outcome
        CHECK(detail_has(r1.json(), "V7", "outcome tie recomputed from the counts"));
        CliRun r2 = verify(round2);
        CHECK(r2.code == 0);
        nlohmann::json j = r2.json();
        CHECK(state_of(j, "V8") == "PASS");
        CHECK_MESSAGE(detail_has(j, "V8",
                                 "round 1 " + dir / "tie/round-2/../round-1/result.json" +
                                     ": digest matches, next_round matches"),
                      details_of(j, "V8"));
        CHECK(detail_has(j, "V4", "previous " + dir / "tie/round-2/../round-1/result.json" + ": sha256 matches"));
        all_pass_but(j, {"V2", "V3"});
    }
    SUBCASE("round 1 altered after round 2 was tallied") {
        std::string bytes = slurp(round1);
        spit(round1, bytes + "\n");  // still valid JSON, still a valid record, other bytes
        CliRun r = verify(round2);
        CHECK(r.code == 7);
        nlohmann::json j = r.json();
        CHECK(state_of(j, "V8") == "FAIL");
        CHECK_MESSAGE(detail_has(j, "V8", " named by round 2"), details_of(j, "V8"));
        CHECK(detail_has(j, "V8", "round-1/result.json: digest "));
        CHECK(state_of(j, "V4") == "FAIL");
        CHECK(state_of(j, "V5") == "FAIL");  // round 2 no longer tallies against its previous record
        CHECK(state_of(j, "V7") == "PASS");  // round 2's own record is consistent
    }
    SUBCASE("round 1 not at hand") {
        std::filesystem::rename(round1, dir / "elsewhere.json");
        CliRun r = verify(round2);
        CHECK(r.code == 0);
        nlohmann::json j = r.json();
        CHECK(state_of(j, "V8") == "SKIPPED");
        CHECK(detail_has(j, "V8", "is not at hand"));
        CHECK(state_of(j, "V5") == "SKIPPED");
    }
}

TEST_CASE("verify::every_example_record_verifies") {
    // Whatever the outcome (void, no quorum, slate rejected, tie, shortfall, later rounds), a
    // record tallied from its inputs verifies: verify's exit code is about the record, not the vote.
    TempDir dir;
    RealFileSystem fs;
    Cli cli(fs);
    const std::vector<std::pair<std::string, int>> sessions = {
        {"township", 0},         {"county", 0},      {"void", 5},        {"no-quorum", 5},
        {"rejected-slate", 4},   {"tie/round-1", 6}, {"tie/round-2", 0}, {"shortfall/round-1", 6},
        {"shortfall/round-2", 0}};
    copy_example("tie", dir / "tie");
    copy_example("shortfall", dir / "shortfall");
    for (const auto& session : sessions) {
        const std::string& name = session.first;  // not a structured binding: clang 14 cannot
        const int tally_exit = session.second;    // capture one in CAPTURE
        CAPTURE(name);
        if (!name.starts_with("tie") && !name.starts_with("shortfall")) copy_example(name, dir / name);
        REQUIRE(cli({"tally", dir / (name + "/session.toml"), "--quiet"}).code == tally_exit);
        CliRun r = cli({"verify", dir / (name + "/result.json"), "--no-trust", "--require-role", "none", "--json"});
        CHECK_MESSAGE(r.code == 0, r.out);
        for (const char* id : {"V1", "V4", "V5", "V6", "V7", "V8"})
            CHECK_MESSAGE(state_of(r.json(), id) == "PASS", id << "\n" << details_of(r.json(), id));
    }
}

TEST_CASE("verify::a_record_written_by_another_release") {
    // Auditors verify published records with whatever piaojue they have: the generator version a
    // record names is not held against it; every other byte still is.
    TempDir dir;
    RealFileSystem fs;
    Cli cli(fs);
    copy_example("township", dir / "t");
    REQUIRE(cli({"tally", dir / "t/session.toml", "--quiet"}).code == 0);
    const std::string path = dir / "t/result.json";
    const std::string older =
        replace_once(slurp(path), "\"version\": \"" + std::string(k_version) + "\"", "\"version\": \"0.0.1-older\"");
    spit(path, older);
    CliRun r = cli({"verify", path, "--no-trust", "--require-role", "none", "--json"});
    CHECK(r.code == 0);
    CHECK(state_of(r.json(), "V5") == "PASS");
    CHECK(state_of(r.json(), "V7") == "PASS");

    spit(path, replace_once(older, "\"name\": \"piaojue\"", "\"name\": \"piaojue-fork\""));
    CliRun renamed = cli({"verify", path, "--no-trust", "--require-role", "none", "--json"});
    CHECK(renamed.code == 7);
    CHECK(state_of(renamed.json(), "V5") == "FAIL");
    CHECK(state_of(renamed.json(), "V7") == "FAIL");
    CHECK(detail_has(renamed.json(), "V7", "first difference at line 4: record has `    \"name\": \"piaojue-fork\",`"));
}
