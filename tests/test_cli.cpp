// The command line in process: usage errors (exit 2), --version, --json on every command that
// has it, errors as JSON, and the officers' keys: keygen's modes and --force, sign refusing a
// key others can read, encrypted keys without a terminal, and no key material in any output.
// (A failing stdout is handled in main.cpp, outside cli::run: not testable in process.)
#include "support_cli.hpp"

#include <piaojue/digest.hpp>
#include <piaojue/fs.hpp>
#include <piaojue/keys.hpp>
#include <piaojue/simd.hpp>
#include <piaojue/version.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>
#include "memory_fs.hpp"

using namespace piaojue;
using namespace piaojue::test;

namespace {

// The permission bits of `path`.
unsigned mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777u;
}

// A scratch directory holding the township example tallied (t/result.json), with a CLI on the
// real file system (sign stats the key file itself).
struct Tallied {
    TempDir dir;
    RealFileSystem fs;
    Cli cli{fs};
    std::string record = dir / "t/result.json";

    Tallied() {
        copy_example("township", dir / "t");
        REQUIRE(cli({"tally", dir / "t/session.toml", "--quiet"}).code == 0);
    }
    CliRun sign(const std::string& key, std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"sign", record, "--key", key, "--role", "计票人", "--name", "张伟"};
        args.insert(args.end(), extra.begin(), extra.end());
        return cli(args);
    }
};

}  // namespace

TEST_CASE("cli::usage_errors_exit_2") {
    MemoryFileSystem mem;
    Cli cli(mem);
    const std::vector<std::vector<std::string>> cases = {
        {},                                                             // no command
        {"frob"},                                                       // unknown command
        {"tally"},                                                      // missing SESSION
        {"tally", "session.toml", "--bogus"},                           // unknown option
        {"tally", "a.toml", "b.toml"},                                  // one SESSION only
        {"check", "session.toml", "--lang", "fr"},                      // not zh|en
        {"check", "session.toml", "--encoding", "latin1"},              // not a supported encoding
        {"keygen", "--algo", "rsa", "-o", "k"},                         // not ed25519|sm2
        {"keygen", "--algo", "ed25519"},                                // missing -o
        {"sign", "result.json", "--key", "k.key", "--role", "计票人"},  // missing --name
        {"sign", "result.json", "--key", "k.key", "--role", "计票人", "--name", "张伟", "--passphrase", "secret"},
        {"sign", "result.json", "--key", "k.key", "--role", "主任", "--name", "张伟"},  // unknown role
        {"batch", "dir", "-o", "out", "-j", "0"},                                       // -j out of range
        {"verify", "out", "--no-trust", "-j", "0"},                                     // -j out of range
        {"verify", "out", "--no-trust", "--jobs", "257"},                               // -j out of range
        {"batch", "dir", "-o", "out", "--key", "k.key"},  // --key without --role and --name
        {"next-round", "result.json"},                    // missing -o
    };
    for (const auto& args : cases) {
        std::string line;
        for (const auto& a : args) line += " " + a;
        CliRun r = cli(args);
        CHECK_MESSAGE(r.code == 2, "piaojue" << line << ": exit " << r.code << "\n" << r.err);
        CHECK_MESSAGE(!r.err.empty(), "piaojue" << line << " printed no reason");
        CHECK_MESSAGE(r.out.empty(), "piaojue" << line << " printed on stdout: " << r.out);
    }
    CHECK(mem.files.empty());  // nothing was read or written; in particular no key file
}

TEST_CASE("cli::version_and_help") {
    MemoryFileSystem mem;
    Cli cli(mem);
    for (const char* flag : {"--version", "-V"}) {
        CliRun r = cli({flag});
        CHECK(r.code == 0);
        CHECK(r.out == std::string("piaojue ") + k_version + "\n");
        CHECK(r.err.empty());
    }
    // With PIAOJUE_SIMD set, a second line names the kernels this process runs (bench/run.sh).
    cli.vars["PIAOJUE_SIMD"] = "auto";
    CliRun kernels = cli({"--version"});
    CHECK(kernels.code == 0);
    CHECK(kernels.out == std::string("piaojue ") + k_version + "\nkernels: " + simd_kernels(simd_level()) + " (level " +
                             std::string(simd_level_name(simd_level())) + ", the CPU's " +
                             std::string(simd_level_name(cpu_simd_level())) + "; PIAOJUE_SIMD=auto)\n");
    cli.vars.erase("PIAOJUE_SIMD");
    CliRun help = cli({"--help"});
    CHECK(help.code == 0);
    for (const char* command : {"check", "tally", "next-round", "keygen", "sign", "verify", "batch"})
        CHECK_MESSAGE(help.out.find(std::string("  ") + command) != std::string::npos,
                      command << " missing from --help");
    CliRun sign_help = cli({"sign", "--help"});
    CHECK(sign_help.code == 0);
    CHECK(sign_help.out.find("--passphrase-env") != std::string::npos);
    CHECK(sign_help.out.find("--passphrase-file") != std::string::npos);
}

TEST_CASE("cli::only_the_named_subcommand_is_set_up") {
    // cli::run sets up the options of the subcommand the arguments name and leaves the others
    // bare; the name is found past top-level options and their values, and when none is named
    // (or an unknown one) everything is set up, so help and errors are as before.
    Tallied t;
    const std::string session = t.dir / "t/session.toml";
    for (const std::vector<std::string>& args :
         std::vector<std::vector<std::string>>{{"check", session, "--json"},
                                               {"--lang", "zh", "check", session, "--json"},
                                               {"--lang=en", "check", session, "--json"},
                                               {"--encoding", "utf-8", "-q", "check", session, "--json"},
                                               {"--json", "check", session}}) {
        CliRun r = t.cli(args);
        CHECK_MESSAGE(r.code == 0, args[0] << "\n" << r.err);
        CHECK(r.json()["command"] == "check");
    }
    // A subcommand's own options work wherever its name stands.
    CHECK(t.cli({"--lang", "en", "verify", t.record, "--no-trust", "--require-role", "none", "-j", "1", "--quiet"})
              .code == 0);
    // A top-level option's value that happens to be a subcommand's name is still its value.
    CliRun value = t.cli({"--lang", "tally", "check", session});
    CHECK(value.code == 2);
    CHECK(value.err.find("--lang") != std::string::npos);
    // Every subcommand is listed, and each one's help shows its own options.
    const std::vector<std::pair<std::string, std::string>> own = {
        {"check", "--encoding"},       {"tally", "--output"},        {"next-round", "--present"}, {"keygen", "--algo"},
        {"sign", "--passphrase-file"}, {"verify", "--require-role"}, {"batch", "--jobs"}};
    for (const auto& pair : own) {
        const std::string& command = pair.first;  // not a structured binding: clang 14 cannot
        const std::string& option = pair.second;  // capture one in CHECK_MESSAGE
        CliRun help = t.cli({command, "--help"});
        CHECK(help.code == 0);
        CHECK_MESSAGE(help.out.find(option) != std::string::npos, command << " --help lacks " << option);
        CHECK_MESSAGE(help.out.find("--lang") != std::string::npos, command << " --help lacks --lang");
    }
}

TEST_CASE("cli::json_outputs_parse") {
    Tallied t;
    Cli& cli = t.cli;

    SUBCASE("check") {
        CliRun r = cli({"check", t.dir / "t/session.toml", "--json"});
        CHECK(r.code == 0);
        nlohmann::json j = r.json();
        CHECK(j["command"] == "check");
        CHECK(j["session"] == "hongqiao-2026");
        CHECK(j["status"] == "ok");
        CHECK(j["exit_code"] == 0);
        CHECK(j["candidates"] == 12);
        CHECK(j["seats"] == 10);
        CHECK(j["minimum_candidates"] == 12);
        CHECK(j["quorum_required"] == 30);
        CHECK(j["quorum_met"] == true);
    }
    SUBCASE("tally, with the record inside") {
        std::string out = t.dir / "again.json";
        CliRun r = cli({"tally", t.dir / "t/session.toml", "-o", out, "--json"});
        CHECK(r.code == 0);
        nlohmann::json j = r.json();
        CHECK(j["command"] == "tally");
        CHECK(j["status"] == "final");
        CHECK(j["exit_code"] == 0);
        CHECK(j["record_path"] == out);
        std::string bytes = slurp(out);
        CHECK(bytes == slurp(t.record));
        CHECK(j["record_digest"] == to_hex(digest(DigestAlgo::sha256, bytes)));
        CHECK(j["record"] == nlohmann::json::parse(bytes));
        CHECK(j["record"]["format"] == "piaojue-result/1");
    }
    SUBCASE("tally of a tie: exit 6, still JSON") {
        copy_example("tie/round-1", t.dir / "tie");
        CliRun r = cli({"tally", t.dir / "tie/session.toml", "--json"});
        CHECK(r.code == 6);
        CHECK(r.json()["status"] == "tie");
        CHECK(r.json()["exit_code"] == 6);
    }
    SUBCASE("tally -o - writes the record's exact bytes to stdout") {
        CliRun r = cli({"tally", t.dir / "t/session.toml", "-o", "-"});
        CHECK(r.code == 0);
        CHECK(r.out == slurp(t.record));
        CHECK(r.err.find("P02") != std::string::npos);  // the report went to stderr
    }
    SUBCASE("keygen, sign, verify") {
        CliRun k = cli({"keygen", "--unencrypted", "--algo", "sm2", "-o", t.dir / "officer", "--json"});
        CHECK(k.code == 0);
        nlohmann::json kj = k.json();
        CHECK(kj["command"] == "keygen");
        CHECK(kj["algorithm"] == "sm2");
        CHECK(kj["private_key"] == t.dir / "officer.key");
        CHECK(kj["public_key"] == t.dir / "officer.pub");
        CHECK(kj["encrypted"] == false);
        PublicKey pub = load_public_key(slurp(t.dir / "officer.pub"), "officer.pub");
        CHECK(kj["status"] == "ok");
        CHECK(kj["exit_code"] == 0);
        // One spelling, ALGO:HEX; an SM2 key's own fingerprint is its SM3 one (what trust-add writes).
        CHECK(kj["fingerprint"] == "sm3:" + pub.fingerprint(DigestAlgo::sm3));
        CHECK(kj["fingerprints"] == nlohmann::json::array({"sha256:" + pub.fingerprint(DigestAlgo::sha256),
                                                           "sm3:" + pub.fingerprint(DigestAlgo::sm3)}));

        CliRun s = t.sign(t.dir / "officer.key", {"--json"});
        CHECK(s.code == 0);
        nlohmann::json sj = s.json();
        CHECK(sj["command"] == "sign");
        CHECK(sj["signatures"] == t.dir / "t/result.sig.json");
        CHECK(sj["signer"]["role"] == "计票人");
        CHECK(sj["signer"]["name"] == "张伟");
        CHECK(sj["signer"]["algorithm"] == "sm2-sm3");
        // The record's digest names the fingerprint the signature file states.
        CHECK(sj["signer"]["fingerprint"] == "sha256:" + pub.fingerprint(DigestAlgo::sha256));

        CliRun v = cli({"verify", t.record, "--no-trust", "--require-role", "计票人", "--json"});
        CHECK(v.code == 0);
        nlohmann::json vj = v.json();
        CHECK(vj["command"] == "verify");
        CHECK(vj["record"] == t.record);
        CHECK(vj["exit_code"] == 0);
        CHECK(vj["checks"].size() == 8);
    }
}

TEST_CASE("cli::errors_as_json") {
    Tallied t;
    std::string ballots = slurp(t.dir / "t/ballots.csv");
    spit(t.dir / "t/ballots.csv", replace_once(ballots, "\n001,○,", "\n001,0,"));
    std::filesystem::remove(t.record);

    CliRun r = t.cli({"tally", t.dir / "t/session.toml", "--json"});
    CHECK(r.code == 3);
    nlohmann::json j = r.json();
    // The head of every output, then the error: its exit code and diagnostics with machine codes.
    CHECK(j["command"] == "tally");
    CHECK(j["status"] == "error");
    CHECK(j["exit_code"] == 3);
    REQUIRE(j.size() == 4);
    REQUIRE(j["error"]["exit_code"] == 3);
    REQUIRE(j["error"]["diagnostics"].size() == 1);
    const nlohmann::json& d = j["error"]["diagnostics"][0];
    CHECK(d["code"] == "E_MARK_UNKNOWN");
    CHECK(d["severity"] == "error");
    CHECK(d["file"] == t.dir / "t/ballots.csv");
    CHECK(d["line"] == 2);
    CHECK(d["column"] == 5);
    CHECK(d["message"] == "unknown mark \"0\" for P01");
    CHECK(d["hint"] == "marks are ○ / Y (approve), × / N (disapprove), blank / A (abstain), ? (unreadable)");
    // The human diagnostic still goes to stderr, with the caret under the cell.
    CHECK(r.err == t.dir / "t/ballots.csv" +
                       ":2:5: error: unknown mark \"0\" for P01\n"
                       "  001,0,○,○,×,○,○,×,○,○,○,×,○,,\n"
                       "      ^\n"
                       "  hint: marks are ○ / Y (approve), × / N (disapprove), blank / A (abstain), ? (unreadable)\n");
    CHECK(!file_exists(t.record));  // nothing written

    SUBCASE("in Chinese") {
        CliRun zh = t.cli({"tally", t.dir / "t/session.toml", "--json", "--lang", "zh"});
        CHECK(zh.code == 3);
        CHECK(zh.json()["error"]["diagnostics"][0]["message"] == "项目 P01 的标记“0”无法识别");
        CHECK(zh.json()["error"]["diagnostics"][0]["code"] == "E_MARK_UNKNOWN");  // the same in every language
    }
    SUBCASE("Chinese from the locale") {
        t.cli.vars["LANG"] = "zh_CN.UTF-8";
        CliRun zh = t.cli({"tally", t.dir / "t/session.toml", "--json"});
        CHECK(zh.code == 3);
        CHECK(zh.json()["error"]["diagnostics"][0]["message"] == "项目 P01 的标记“0”无法识别");
    }
    SUBCASE("a missing session file") {
        CliRun m = t.cli({"check", t.dir / "nowhere.toml", "--json"});
        CHECK(m.code == 3);
        CHECK(m.json()["error"]["exit_code"] == 3);
        CHECK(m.json()["error"]["diagnostics"][0]["file"] == t.dir / "nowhere.toml");
        CHECK(m.json()["error"]["diagnostics"][0]["code"] == "E_FILE_NOT_FOUND");
        // A whole-file problem has no line or column: they are left out, never 0.
        CHECK_FALSE(m.json()["error"]["diagnostics"][0].contains("line"));
        CHECK_FALSE(m.json()["error"]["diagnostics"][0].contains("column"));
    }
    SUBCASE("a line without a column") {
        spit(t.dir / "t/ballots.csv", ballots + "999,○\n");
        CliRun m = t.cli({"tally", t.dir / "t/session.toml", "--json"});
        CHECK(m.code == 3);
        bool found = false;
        const nlohmann::json out = m.json();
        for (const auto& e : out["error"]["diagnostics"]) {
            if (e["code"] != "E_BALLOT_COUNT") continue;
            found = true;
            CHECK(e["line"] == 43);
            CHECK_FALSE(e.contains("column"));
        }
        CHECK_MESSAGE(found, m.out);
    }
    SUBCASE("usage errors too, on stdout, with the text on stderr as without --json") {
        CliRun u = t.cli({"tally", "--json", "--lang", "en"});
        CHECK(u.code == 2);
        CHECK(u.json()["command"] == "tally");
        CHECK(u.json()["status"] == "error");
        CHECK(u.json()["exit_code"] == 2);
        CHECK(u.json()["error"]["diagnostics"][0]["code"] == "E_USAGE");
        CHECK(u.json()["error"]["diagnostics"][0]["message"] == "session is required");
        CHECK(u.err.starts_with("session is required\n"));
        CliRun unknown = t.cli({"tallly", "--json", "--lang", "en"});
        CHECK(unknown.code == 2);
        CHECK(unknown.json()["command"].is_null());
        CHECK(unknown.json()["error"]["diagnostics"][0]["hint"] == "did you mean tally?");
        CliRun zh = t.cli({"tally", "--bogus", "x", "--json", "--lang", "zh"});
        CHECK(zh.code == 2);
        CHECK(zh.json()["error"]["diagnostics"][0]["code"] == "E_USAGE");
        CHECK(zh.out.find("\"message\"") != std::string::npos);
    }
}

TEST_CASE("cli::keygen_writes_an_owner_only_private_key") {
    TempDir dir;
    RealFileSystem fs;
    Cli cli(fs);
    for (const char* algo : {"ed25519", "sm2"}) {
        CAPTURE(algo);
        std::string name = dir / algo;
        CliRun r = cli({"keygen", "--unencrypted", "--algo", algo, "-o", name});
        REQUIRE(r.code == 0);
        CHECK(mode_of(name + ".key") == 0600u);
        CHECK((mode_of(name + ".pub") & 0200u) != 0u);
        CHECK(slurp(name + ".key").starts_with("-----BEGIN PRIVATE KEY-----\n"));
        std::string pub_pem = slurp(name + ".pub");
        CHECK(pub_pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
        PublicKey pub = load_public_key(pub_pem, name + ".pub");
        CHECK(key_algo_name(pub.algo()) == algo);
        CHECK(r.out == "Wrote " + std::string(algo) + " key: " + name + ".key (private, owner-only) and " + name +
                           ".pub\n" + "Fingerprint: sha256:" + pub.fingerprint(DigestAlgo::sha256) + "\n" +
                           "Fingerprint: sm3:" + pub.fingerprint(DigestAlgo::sm3) + "\n");
        CHECK(r.err.empty());
        check_no_secret_in(cli.transcript, key_secrets(slurp(name + ".key")));
    }
}

TEST_CASE("cli::keygen_force") {
    TempDir dir;
    RealFileSystem fs;
    Cli cli(fs);
    const std::string name = dir / "officer";
    REQUIRE(cli({"keygen", "--unencrypted", "-o", name, "--quiet"}).code == 0);
    const std::string key = slurp(name + ".key"), pub = slurp(name + ".pub");

    SUBCASE("an existing pair is refused without --force") {
        CliRun r = cli({"keygen", "--unencrypted", "-o", name});
        CHECK(r.code == 9);
        // The public key is written first (and so checked first): a pair is never half written.
        CHECK(r.err.find(name + ".pub: error: exists; use --force to replace") != std::string::npos);
        CHECK(r.out.empty());
        CHECK(slurp(name + ".key") == key);
        CHECK(slurp(name + ".pub") == pub);
    }
    SUBCASE("only the public key there: still refused, and no private key written") {
        std::filesystem::remove(name + ".key");
        CliRun r = cli({"keygen", "--unencrypted", "-o", name});
        CHECK(r.code == 9);
        CHECK(!file_exists(name + ".key"));
        CHECK(slurp(name + ".pub") == pub);
        CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()) ==
              1);
    }
    SUBCASE("--force replaces both, owner-only again") {
        std::filesystem::permissions(name + ".key", std::filesystem::perms(0644));
        CliRun r = cli({"keygen", "--unencrypted", "--algo", "sm2", "-o", name, "--force", "--quiet"});
        CHECK(r.code == 0);
        CHECK(r.out.empty());
        CHECK(slurp(name + ".key") != key);
        CHECK(slurp(name + ".pub") != pub);
        CHECK(mode_of(name + ".key") == 0600u);
        CHECK(load_public_key(slurp(name + ".pub"), "officer.pub").algo() == KeyAlgo::sm2);
    }
}

TEST_CASE("cli::sign_refuses_a_key_others_can_read") {
    Tallied t;
    const std::string key = t.dir / "officer.key";
    REQUIRE(t.cli({"keygen", "--unencrypted", "-o", t.dir / "officer", "--quiet"}).code == 0);
    const std::string sigs = t.dir / "t/result.sig.json";
    for (unsigned mode : {0644u, 0640u, 0604u, 0660u, 0601u}) {
        CAPTURE(mode);
        std::filesystem::permissions(key, std::filesystem::perms(mode));
        CliRun r = t.sign(key);
        CHECK(r.code == 8);
        char octal[8];
        std::snprintf(octal, sizeof octal, "%04o", mode);
        CHECK(r.err == key + ": error: the private key file is open to group or others (mode " + octal +
                           ")\n  hint: run `chmod 600 " + key + "`\n");
        CHECK(r.out.empty());
        CHECK(!file_exists(sigs));
    }
    std::filesystem::permissions(key, std::filesystem::perms(0400));
    CHECK(t.sign(key, {"--quiet"}).code == 0);  // read-only for its owner is fine
    CHECK(file_exists(sigs));
    check_no_secret_in(t.cli.transcript, key_secrets(slurp(key)));
}

TEST_CASE("cli::encrypted_keys") {
    Tallied t;
    const std::string name = t.dir / "officer", key = name + ".key", sigs = t.dir / "t/result.sig.json";
    t.cli.vars["PJ_PASS"] = "正确的口令 correct horse";
    t.cli.vars["PJ_WRONG"] = "wrong horse";
    CliRun k = t.cli({"keygen", "--algo", "sm2", "-o", name, "--passphrase-env", "PJ_PASS", "--json"});
    REQUIRE(k.code == 0);
    CHECK(k.json()["encrypted"] == true);
    CHECK(slurp(key).starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
    CHECK(mode_of(key) == 0600u);

    SUBCASE("no passphrase source and no terminal: exit 8 at once") {
        CliRun r = t.sign(key);
        CHECK(r.code == 8);
        CHECK(r.err ==
              "error: a passphrase is needed but there is no terminal to ask on\n"
              "  hint: use --passphrase-file FILE or --passphrase-env VAR\n");
        CHECK(!file_exists(sigs));
        // The same with --passphrase-prompt: no terminal, no prompt.
        CHECK(t.sign(key, {"--passphrase-prompt"}).code == 8);
        CHECK(!file_exists(sigs));
    }
    SUBCASE("the right passphrase from the environment") {
        CliRun r = t.sign(key, {"--passphrase-env", "PJ_PASS"});
        CHECK(r.code == 0);
        CHECK(file_exists(sigs));
        CHECK(t.cli({"verify", t.record, "--no-trust", "--require-role", "计票人", "--quiet"}).code == 0);
    }
    SUBCASE("the right passphrase from a file") {
        spit(t.dir / "pass.txt", "正确的口令 correct horse\n");
        // Readable by others, the passphrase file is refused like a key; the owner's alone, it is read.
        CHECK(t.sign(key, {"--passphrase-file", t.dir / "pass.txt", "--quiet"}).code == 8);
        std::filesystem::permissions(t.dir / "pass.txt", std::filesystem::perms::owner_read);
        CHECK(t.sign(key, {"--passphrase-file", t.dir / "pass.txt", "--quiet"}).code == 0);
        CHECK(file_exists(sigs));
    }
    SUBCASE("a wrong passphrase") {
        CliRun r = t.sign(key, {"--passphrase-env", "PJ_WRONG"});
        CHECK(r.code == 8);
        CHECK(r.err == key +
                           ": error: cannot decrypt the private key: wrong passphrase\n"
                           "  hint: check the passphrase (it is case-sensitive)\n");
        CHECK(!file_exists(sigs));
    }
    SUBCASE("the variable is not set") {
        CliRun r = t.sign(key, {"--passphrase-env", "PJ_UNSET"});
        CHECK(r.code == 8);
        CHECK(r.err.find("the environment variable PJ_UNSET is not set") != std::string::npos);
        CHECK(!file_exists(sigs));
    }
    SUBCASE("keygen with an unset variable writes nothing") {
        CliRun r = t.cli({"keygen", "-o", t.dir / "other", "--passphrase-env", "PJ_UNSET"});
        CHECK(r.code == 8);
        CHECK(!file_exists(t.dir / "other.key"));
        CHECK(!file_exists(t.dir / "other.pub"));
    }
    check_no_secret_in(t.cli.transcript, key_secrets(slurp(key), std::string("正确的口令 correct horse")));
    for (const std::string& o : t.cli.transcript) {
        CHECK(o.find("correct horse") == std::string::npos);
        CHECK(o.find("wrong horse") == std::string::npos);
    }
}

TEST_CASE("cli::no_key_material_in_any_output") {
    Tallied t;
    Cli& cli = t.cli;
    cli.vars["PJ_PASS"] = "pass phrase";
    std::vector<std::string> secrets;
    struct Officer {
        const char* file;
        const char* algo;
        const char* role;
        const char* name;
        bool encrypted;
    };
    const Officer officers[] = {{"chief", "ed25519", "总监票人", "王建国", false},
                                {"scrutineer", "sm2", "监票人", "李秀英", false},
                                {"counter", "ed25519", "计票人", "张伟", true}};
    for (const Officer& o : officers) {
        std::vector<std::string> args{"keygen", "--algo", o.algo, "-o", t.dir / o.file};
        if (o.encrypted)
            args.insert(args.end(), {"--passphrase-env", "PJ_PASS"});
        else
            args.push_back("--unencrypted");
        auto collect = [&] {
            auto more = key_secrets(slurp(t.dir / o.file + ".key"),
                                    o.encrypted ? std::optional<std::string>("pass phrase") : std::nullopt);
            secrets.insert(secrets.end(), more.begin(), more.end());
        };
        REQUIRE(cli(args).code == 0);
        collect();
        args.push_back("--json");
        args.push_back("--force");
        REQUIRE(cli(args).code == 0);  // a second pair replaces the first
        collect();
    }
    // Every way to fail with each key, then sign with each (text, JSON, Chinese).
    for (const Officer& o : officers) {
        std::string key = t.dir / o.file + ".key";
        std::vector<std::string> sign{"sign", t.record, "--key", key, "--role", o.role, "--name", o.name};
        if (o.encrypted) {
            CHECK(cli(sign).code == 8);
            cli.vars["PJ_BAD"] = "bad";
            auto bad = sign;
            bad.insert(bad.end(), {"--passphrase-env", "PJ_BAD", "--json"});
            CHECK(cli(bad).code == 8);
            sign.insert(sign.end(), {"--passphrase-env", "PJ_PASS"});
        }
        std::filesystem::permissions(key, std::filesystem::perms(0644));
        CHECK(cli(sign).code == 8);
        std::filesystem::permissions(key, std::filesystem::perms(0600));
        auto zh = sign;
        zh.insert(zh.end(), {"--lang", "zh"});
        CHECK(cli(zh).code == 0);
        auto again = sign;
        again.push_back("--json");
        CHECK(cli(again).code == 8);  // this key has already signed
    }
    // A key file given where a record is expected, and a record where a key is.
    CHECK(cli({"sign", t.dir / "chief.key", "--key", t.dir / "chief.key", "--role", "计票人", "--name", "张伟"}).code ==
          3);
    CHECK(cli({"verify", t.dir / "chief.key", "--no-trust"}).code != 0);
    CHECK(cli({"verify", t.record, "--no-trust"}).code == 0);
    CHECK(cli({"verify", t.record, "--no-trust", "--json", "--lang", "zh"}).code == 0);
    CHECK(cli.transcript.size() > 20);
    check_no_secret_in(cli.transcript, secrets);
}
