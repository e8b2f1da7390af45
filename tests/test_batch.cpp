// batch over copies of examples/: entries sorted by id, the most serious exit code, a broken
// township that does not stop the others, duplicate ids refused before anything is written,
// -j N byte-identical to -j 1, reruns that keep finished records, a manifest source, a signed
// roll-up that verifies, a later round's chain checked only with the sessions named, and
// spreadsheet-safe summary.csv cells.
#include "support_cli.hpp"

#include <piaojue/batch.hpp>
#include <piaojue/encoding.hpp>
#include <piaojue/fs.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

using namespace piaojue;
using namespace piaojue::test;

namespace {

// Example directory → folder name under the batch source; the folder names sort differently
// from the session ids inside, so that "sorted by id" is not the walk's order.
const std::vector<std::pair<std::string, std::string>> k_examples = {
    {"township", "01-township"},     // hongqiao-2026, final, 0
    {"void", "02-void"},             // baisha-2026, void, 5
    {"tie/round-1", "03-tie"},       // lishu-2026, tie, 6
    {"county", "04-county"},         // qingshui-county-2026, final, 0
    {"no-quorum", "05-no-quorum"},   // shimen-2026, no-quorum, 5
    {"rejected-slate", "06-slate"},  // liuhe-2026, slate-rejected, 4
};

// Copies `examples` into `src`; returns nothing, the folder names are k_examples'.
void make_source(const std::string& src,
                 const std::vector<std::pair<std::string, std::string>>& examples = k_examples) {
    for (const auto& [example, folder] : examples) copy_example(example, src + "/" + folder);
}

// Adds a copy of the township example under `src/folder` with session id `id` and body
// `body`, and the first ballot's first mark replaced by `mark` (unchanged when empty).
void add_township(const std::string& src, const std::string& folder, const std::string& id,
                  const std::string& body = {}, const std::string& mark = {}) {
    copy_example("township", src + "/" + folder);
    std::string session = slurp(src + "/" + folder + "/session.toml");
    session = replace_once(session, "id = \"hongqiao-2026\"", "id = \"" + id + "\"");
    if (!body.empty()) session = replace_once(session, "body = \"红桥镇人民代表大会\"", "body = \"" + body + "\"");
    spit(src + "/" + folder + "/session.toml", session);
    if (!mark.empty()) {
        std::string ballots = slurp(src + "/" + folder + "/ballots.csv");
        spit(src + "/" + folder + "/ballots.csv", replace_once(ballots, "\n001,○,", "\n001," + mark + ","));
    }
}

// Every regular file below `dir`, relative path → bytes.
std::map<std::string, std::string> tree(const std::string& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
        if (e.is_regular_file()) out[std::filesystem::relative(e.path(), dir).string()] = slurp(e.path().string());
    return out;
}

struct Stamp {
    ino_t inode;
    long long seconds, nanoseconds;
    bool operator==(const Stamp&) const = default;
};

Stamp stamp(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return {st.st_ino, static_cast<long long>(st.st_mtim.tv_sec), static_cast<long long>(st.st_mtim.tv_nsec)};
}

std::vector<std::string> ids_of(const nlohmann::json& summary) {
    std::vector<std::string> out;
    for (const auto& e : summary.at("entries")) out.push_back(e.at("id"));
    return out;
}

// The entry of `summary` with session id `id`.
nlohmann::json entry(const nlohmann::json& summary, const std::string& id) {
    for (const auto& e : summary.at("entries"))
        if (e.at("id") == id) return e;
    FAIL("no entry " << id);
    return nullptr;
}

// A batch output of two townships, one decided (hongqiao-2026) and one void (baisha-2026).
struct TwoTownships {
    TempDir dir;
    RealFileSystem fs;
    Cli cli{fs};
    std::string out = dir / "out";
    TwoTownships() {
        const std::string src = dir / "src";
        make_source(src, {{"township", "a"}, {"void", "b"}});
        REQUIRE(cli({"batch", src, "-o", out, "--quiet"}).code == 5);
    }
};

// An edit of a batch's summary.json, and the B1 detail that verify must give for it.
struct SummaryEdit {
    const char* what;
    std::function<void(nlohmann::ordered_json&)> apply;  // on the whole summary
    std::string detail;
};

// Writes each edit of `summary` over OUTDIR `out`'s summary.json: verify must fail B1 (exit 7)
// with the edit's detail (--json, English), and its text report in `lang` must fail too without
// letting an escape character through to the terminal.
void check_summary_edits(Cli& cli, const std::string& out, const nlohmann::ordered_json& summary,
                         const std::vector<SummaryEdit>& edits, const char* lang) {
    for (const SummaryEdit& edit : edits) {
        CAPTURE(std::string(edit.what));
        nlohmann::ordered_json edited = summary;
        edit.apply(edited);
        spit(out + "/summary.json", edited.dump(2) + "\n");
        CliRun r = cli({"verify", out, "--no-trust", "--require-role", "none", "--json", "--lang", "en"});
        CHECK(r.code == 7);
        const nlohmann::json j = r.json();
        CHECK(j["summary"]["state"] == "FAIL");
        bool found = false;
        for (const auto& d : j["summary"]["details"]) found = found || d == edit.detail;
        CHECK_MESSAGE(found, j["summary"]["details"].dump());
        CliRun text = cli({"verify", out, "--no-trust", "--require-role", "none", "--lang", lang});
        CHECK(text.code == 7);
        CHECK(text.out.find('\x1b') == std::string::npos);
    }
}

}  // namespace

TEST_CASE("batch::more_serious") {
    // 1 > 9 > 8 > 10 > 3 > 7 > 4 > 5 > 6 > 0
    const std::vector<int> order = {1, 9, 8, 10, 3, 7, 4, 5, 6, 0};
    for (std::size_t i = 0; i < order.size(); ++i)
        for (std::size_t j = 0; j < order.size(); ++j) {
            CAPTURE(order[i]);
            CAPTURE(order[j]);
            CHECK(more_serious(order[i], order[j]) == order[std::min(i, j)]);
        }
    CHECK(more_serious(2, 0) == 2);
}

TEST_CASE("batch::csv_cell") {
    CHECK(csv_cell("红桥镇人民代表大会") == "红桥镇人民代表大会");
    CHECK(csv_cell("") == "");
    CHECK(csv_cell("=1+2") == "'=1+2");
    CHECK(csv_cell("+86 10") == "'+86 10");
    CHECK(csv_cell("-5") == "'-5");
    CHECK(csv_cell("@SUM(A1)") == "'@SUM(A1)");
    CHECK(csv_cell("\tx") == "'\tx");
    CHECK(csv_cell("a,b") == "\"a,b\"");
    CHECK(csv_cell("=HYPERLINK(\"http://x\",\"y\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    CHECK(csv_cell("line\nbreak") == "\"line\nbreak\"");
    CHECK(csv_cell("a=b") == "a=b");
}

TEST_CASE("batch::sorted_by_id_with_the_most_serious_exit_code") {
    TempDir dir;
    RealFileSystem fs;
    Cli cli(fs);
    const std::string src = dir / "src";
    make_source(src);
    CliRun r = cli({"batch", src, "-o", dir / "out", "--json", "--summary-lang", "en"});
    CHECK(r.code == 4);  // slate rejected (4) is more serious than void / no-quorum (5) and tie (6)
    // --json prints the summary as written, under the head every command's output starts with.
    CHECK(r.json()["command"] == "batch");
    CHECK(r.json()["status"] == "not-final");
    CHECK(r.json()["exit_code"] == 4);
    CHECK(r.json()["summary_path"] == dir / "out/summary.json");
    nlohmann::json j = r.json()["summary"];
    CHECK(j == nlohmann::json::parse(slurp(dir / "out/summary.json")));
    CHECK(j["format"] == "piaojue-batch-summary/1");
    CHECK(j["sessions"] == 6);
    CHECK(j["exit_code"] == 4);
    CHECK(ids_of(j) == std::vector<std::string>{"baisha-2026", "hongqiao-2026", "lishu-2026", "liuhe-2026",
                                                "qingshui-county-2026", "shimen-2026"});
    CHECK(j["by_status"] ==
          nlohmann::json{{"final", 2}, {"no-quorum", 1}, {"slate-rejected", 1}, {"tie", 1}, {"void", 1}});
    nlohmann::json h = entry(j, "hongqiao-2026");
    CHECK(h["session"] == "01-township/session.toml");
    CHECK(h["status"] == "final");
    CHECK(h["exit_code"] == 0);
    CHECK(h["seats_filled"] == 10);
    CHECK(h["budget_adopted"] == "7205.9");
    CHECK(h["record"] == "hongqiao-2026/result.json");
    std::string record = slurp(dir / "out/hongqiao-2026/result.json");
    CHECK(h["record_digest"] == "sha256:" + to_hex(digest(DigestAlgo::sha256, record)));
    // The batch's record is the one tally writes.
    REQUIRE(cli({"tally", src + "/01-township/session.toml", "-o", dir / "single.json", "--quiet"}).code == 0);
    CHECK(record == slurp(dir / "single.json"));
    CHECK(entry(j, "lishu-2026")["exit_code"] == 6);
    CHECK(entry(j, "baisha-2026")["exit_code"] == 5);
    CHECK(entry(j, "liuhe-2026")["status"] == "slate-rejected");

    std::string csv = slurp(dir / "out/summary.csv");
    CHECK(csv.starts_with(
        "\xEF\xBB\xBFid,body,round,status,exit_code,seats_filled,budget_adopted,record,record_digest,session,error\r\n"
        "baisha-2026,白沙镇人民代表大会,1,void,5,0,0,baisha-2026/result.json,sha256:"));
    CHECK(csv.find("\r\nhongqiao-2026,红桥镇人民代表大会,1,final,0,10,7205.9,hongqiao-2026/result.json," +
                   h["record_digest"].get<std::string>() + ",01-township/session.toml,\r\n") != std::string::npos);

    SUBCASE("the exit code follows the sessions present") {
        // Named members, not a structured binding: clang 14 cannot capture one in CHECK_MESSAGE.
        for (const auto& the_case :
             std::vector<std::pair<std::vector<std::string>, int>>{{{"01-township", "04-county"}, 0},
                                                                   {{"01-township", "03-tie"}, 6},
                                                                   {{"01-township", "03-tie", "05-no-quorum"}, 5},
                                                                   {{"03-tie", "02-void", "06-slate"}, 4}}) {
            const std::vector<std::string>& folders = the_case.first;
            const int want = the_case.second;
            TempDir sub;
            std::filesystem::create_directory(sub / "src");
            for (const std::string& f : folders)
                std::filesystem::copy(src + "/" + f, sub / ("src/" + f), std::filesystem::copy_options::recursive);
            CliRun b = cli({"batch", sub / "src", "-o", sub / "out", "--quiet"});
            CHECK_MESSAGE(b.code == want, folders.size() << " sessions from " << folders.front());
        }
    }
}

TEST_CASE("batch::one_broken_session_does_not_stop_the_others") {
    TempDir dir;
    RealFileSystem fs;
    Cli cli(fs);
    const std::string src = dir / "src";
    make_source(src);
    add_township(src, "00-broken", "anning-2026", "安宁镇人民代表大会", "0");
    CliRun r = cli({"batch", src, "-o", dir / "out", "-j", "2", "--summary-lang", "en"});
    CHECK(r.code == 3);
    nlohmann::json j = nlohmann::json::parse(slurp(dir / "out/summary.json"));
    CHECK(j["exit_code"] == 3);
    CHECK(j["sessions"] == 7);
    CHECK(j["by_status"]["error"] == 1);
    CHECK(ids_of(j).front() == "anning-2026");
    nlohmann::json bad = entry(j, "anning-2026");
    CHECK(bad["status"] == "error");
    CHECK(bad["exit_code"] == 3);
    CHECK(bad["body"] == "安宁镇人民代表大会");
    CHECK(bad["session"] == "00-broken/session.toml");
    CHECK_MESSAGE(bad["error"].get<std::string>().find("unknown mark \"0\" for P01") != std::string::npos,
                  bad["error"]);
    CHECK(!bad.contains("record"));
    CHECK(!file_exists(dir / "out/anning-2026"));
    // Every other township has its record.
    for (const char* id :
         {"baisha-2026", "hongqiao-2026", "lishu-2026", "liuhe-2026", "qingshui-county-2026", "shimen-2026"}) {
        CHECK(entry(j, id)["status"] != "error");
        CHECK(file_exists(dir / ("out/" + std::string(id) + "/result.json")));
    }
    std::string csv = slurp(dir / "out/summary.csv");
    CHECK(csv.find("\r\nanning-2026,安宁镇人民代表大会,0,error,3,0,,,,00-broken/session.toml,") != std::string::npos);
    // The text report names the broken township and why; standard error has its errors in full.
    CHECK(r.out.find("anning-2026: " + src + "/00-broken/ballots.csv:") != std::string::npos);
    CHECK(r.out.find("unknown mark \"0\" for P01") != std::string::npos);
    CHECK(r.err.find(src + "/00-broken/ballots.csv:") != std::string::npos);
    CHECK(r.err.find("\n  hint: ") != std::string::npos);

    SUBCASE("--quiet prints nothing but the errors; --lang zh prints them in Chinese") {
        CliRun q = cli({"batch", src, "-o", dir / "out", "--quiet", "--lang", "zh"});
        CHECK(q.code == 3);
        CHECK(q.out.empty());
        CHECK(q.err.find(src + "/00-broken/ballots.csv:") == 0);
        CHECK(q.err.find("错误：") != std::string::npos);
        CHECK(q.err.find("提示：") != std::string::npos);
    }
}

TEST_CASE("batch::duplicate_session_ids_are_refused_before_anything_is_written") {
    TempDir dir;
    RealFileSystem fs;
    Cli cli(fs);
    const std::string src = dir / "src";
    make_source(src, {{"void", "a"}, {"township", "b"}, {"township", "c"}});

    SUBCASE("OUTDIR is not even created") {
        CliRun r = cli({"batch", src, "-o", dir / "out"});
        CHECK(r.code == 3);
        CHECK(r.err.find(src + "/c/session.toml:4:6: error: session id \"hongqiao-2026\" is also used by " + src +
                         "/b/session.toml\n  id = \"hongqiao-2026\"\n       ^\n") != std::string::npos);
        CHECK(r.out.empty());
        CHECK(!file_exists(dir / "out"));
    }
    SUBCASE("an existing OUTDIR stays as it was") {
        std::filesystem::create_directory(dir / "out");
        spit(dir / "out/keep.txt", "x");
        CliRun r = cli({"batch", src, "-o", dir / "out", "--json"});
        CHECK(r.code == 3);
        CHECK(r.json()["error"]["exit_code"] == 3);
        CHECK(tree(dir / "out") == std::map<std::string, std::string>{{"keep.txt", "x"}});
    }
}

TEST_CASE("batch::output_paths_that_would_collide_are_refused_before_anything_is_written") {
    TempDir dir;
    RealFileSystem fs;
    Cli cli(fs);
    const std::string src = dir / "src", out = dir / "out";
    make_source(src, {{"void", "a"}});

    SUBCASE("ids equal but for letter case: one directory on FAT, exFAT, NTFS and macOS") {
        add_township(src, "b", "Baisha-2026");
        CliRun r = cli({"batch", src, "-o", out, "--lang", "en"});
        CHECK(r.code == 3);
        CHECK(r.err.find(src +
                         "/b/session.toml:4:6: error: session id \"Baisha-2026\" differs only in letter case from "
                         "\"baisha-2026\" in " +
                         src + "/a/session.toml") != std::string::npos);
        CHECK(r.out.empty());
        CHECK(!file_exists(out));
    }
    for (const char* name : {"summary.json", "Summary.CSV", "summary.sig.json"}) {
        CAPTURE(name);
        add_township(src, std::string("b-") + name, name);
        CliRun r = cli({"batch", src, "-o", out, "--lang", "en"});
        CHECK(r.code == 3);
        CHECK(r.err.find("session.toml:4:6: error: session id \"" + std::string(name) +
                         "\" is a name of the batch's roll-up in OUTDIR") != std::string::npos);
        CHECK(!file_exists(out));
        std::filesystem::remove_all(src + "/b-" + name);
    }
    SUBCASE("a roll-up path that is a directory") {
        std::filesystem::create_directories(out + "/summary.csv");
        CliRun r = cli({"batch", src, "-o", out, "--lang", "en"});
        CHECK(r.code == 9);
        CHECK(r.err ==
              out + "/summary.csv: error: is a directory\n  hint: remove it, or choose another output directory\n");
        CHECK(tree(out).empty());  // no record written before the refusal
        CHECK(!file_exists(out + "/baisha-2026"));
    }
}

TEST_CASE("batch::parallel_runs_are_byte_identical_to_a_serial_run") {
    TempDir dir;
    RealFileSystem fs;
    Cli cli(fs);
    const std::string src = dir / "src";
    make_source(src);
    add_township(src, "00-broken", "anning-2026", {}, "#REF!");
    REQUIRE(cli({"batch", src, "-o", dir / "serial", "-j", "1", "--quiet"}).code == 3);
    auto serial = tree(dir / "serial");
    CHECK(serial.size() == 6 + 2);  // six records, summary.json, summary.csv
    for (const char* jobs : {"2", "4", "7"}) {
        std::string out = dir / (std::string("parallel-") + jobs);
        REQUIRE(cli({"batch", src, "-o", out, "-j", jobs, "--quiet"}).code == 3);
        CHECK_MESSAGE(tree(out) == serial, "-j " << jobs);
    }
}

TEST_CASE("batch::verify_reports_the_same_for_any_jobs") {
    // verify OUTDIR checks the records on several threads; its report, text or JSON, with or
    // without the inputs, is the serial one, failures in summary order included.
    TempDir dir;
    RealFileSystem fs;
    Cli cli(fs);
    const std::string src = dir / "src", out = dir / "out";
    make_source(src);
    add_township(src, "00-broken", "anning-2026", {}, "#REF!");  // no record: listed without one
    REQUIRE(cli({"batch", src, "-o", out, "-j", "2", "--quiet"}).code == 3);
    std::filesystem::remove(out + "/liuhe-2026/result.json");                               // missing
    spit(out + "/baisha-2026/result.json", slurp(out + "/baisha-2026/result.json") + " ");  // altered
    spit(out + "/shimen-2026/result.json", slurp(out + "/shimen-2026/result.json") + "\n");

    for (const std::vector<std::string>& extra :
         std::vector<std::vector<std::string>>{{}, {"--json"}, {"--session", src}, {"--session", src, "--json"}}) {
        std::vector<std::string> args{"verify", out, "--no-trust", "--require-role", "none"};
        args.insert(args.end(), extra.begin(), extra.end());
        std::vector<std::string> serial_args = args;
        serial_args.insert(serial_args.end(), {"-j", "1"});
        CliRun serial = cli(serial_args);
        CHECK(serial.code == 7);
        for (const char* jobs : {"2", "3", "8"}) {
            std::vector<std::string> parallel_args = args;
            parallel_args.insert(parallel_args.end(), {"-j", jobs});
            CliRun parallel = cli(parallel_args);
            CHECK_MESSAGE(parallel.code == serial.code, "-j " << jobs);
            CHECK_MESSAGE(parallel.out == serial.out, "-j " << jobs << " " << extra.size());
        }
        if (extra == std::vector<std::string>{"--json"}) {
            const nlohmann::json j = serial.json();
            CHECK(j["records"].size() == 5);  // seven townships: one without a record, one missing
            const auto& details = j["summary"]["details"];
            REQUIRE(details.size() == 4);
            // The township that failed has no record: B1 names it first (it is read with the
            // entries), then the records' findings in summary order.
            CHECK(details[0].get<std::string>().find("ended in an error (exit 3) and has no record") !=
                  std::string::npos);
            CHECK(details[0].get<std::string>().find("#REF!") != std::string::npos);
            CHECK(details[1].get<std::string>().starts_with("baisha-2026/result.json: digest differs"));
            CHECK(details[2].get<std::string>() == "liuhe-2026/result.json: listed in the summary but missing");
            CHECK(details[3].get<std::string>().starts_with("shimen-2026/result.json: digest differs"));
        }
    }
}

TEST_CASE("batch::verify_reads_the_summary_as_batch_writes_it") {
    // An edited summary fails B1 (exit 7): it cannot stop the check with a field of another
    // type, point it at a file outside <id>/result.json, or list one record twice.
    TwoTownships batch;
    Cli& cli = batch.cli;
    const std::string& out = batch.out;
    const nlohmann::ordered_json summary = nlohmann::ordered_json::parse(slurp(out + "/summary.json"));
    REQUIRE(summary["entries"].size() == 2);
    REQUIRE(summary["entries"][0]["id"] == "baisha-2026");
    REQUIRE(cli({"verify", out, "--no-trust", "--require-role", "none"}).code == 0);

    const std::string as_written =
        " is not as batch writes it: \"id\" a session id, \"record\" <id>/result.json, "
        "\"round\", \"exit_code\" and \"seats_filled\" numbers, the other fields strings";
    const std::vector<SummaryEdit> edits = {
        {"record a number", [](auto& s) { s["entries"][0]["record"] = 5; }, "entries[0]" + as_written},
        {"record outside", [](auto& s) { s["entries"][0]["record"] = "../src/a/result.json"; },
         "entries[0]" + as_written},
        {"record of another id", [](auto& s) { s["entries"][0]["record"] = "hongqiao-2026/result.json"; },
         "entries[0]" + as_written},
        {"id not a session id", [](auto& s) { s["entries"][1]["id"] = "../hongqiao-2026"; }, "entries[1]" + as_written},
        {"digest a list", [](auto& s) { s["entries"][1]["record_digest"] = nlohmann::ordered_json::array(); },
         "entries[1]" + as_written},
        {"session a number", [](auto& s) { s["entries"][1]["session"] = 1; }, "entries[1]" + as_written},
        {"entry not an object", [](auto& s) { s["entries"][1] = "hongqiao-2026"; }, "entries[1] is not an object"},
        {"one record twice", [](auto& s) { s["entries"][0] = s["entries"][1]; },
         "entries[1]: \"hongqiao-2026\" is listed twice"},
        {"digest with a control character", [](auto& s) { s["entries"][1]["record_digest"] = "sha256:\x1b]0;ok\x07"; },
         "hongqiao-2026/result.json: digest differs from the summary's sha256:\\x1B]0;ok\\x07"},
    };
    check_summary_edits(cli, out, summary, edits, "en");
    // A summary that is not JSON fails B1, and its signatures are not checked (not "PASS").
    spit(out + "/summary.json", "{\"format\": ");
    CliRun r = cli({"verify", out, "--no-trust", "--require-role", "none", "--lang", "en"});
    CHECK(r.code == 7);
    CHECK(r.out.find("B1  FAIL  batch summary and record digests\n        " + out +
                     "/summary.json: not JSON\nB2  SKIPPED  summary signatures\n"
                     "        not checked: B1 could not read the summary\n") != std::string::npos);
    // A directory that batch did not write is an input error, not a failed verification.
    std::filesystem::remove(out + "/summary.json");
    CliRun none = cli({"verify", out, "--no-trust", "--lang", "en"});
    CHECK(none.code == 3);
    CHECK(none.err.starts_with(out + ": error: has no summary.json: not a directory written by piaojue batch\n"));
}

TEST_CASE("batch::verify_checks_the_summary_against_its_records") {
    // The roll-up is what a county publishes: each entry must say what its record says, the
    // totals what the entries say, summary.csv what summary.json says, and every record in the
    // directory must be listed. An edit to any of them alone fails B1.
    TwoTownships batch;
    Cli& cli = batch.cli;
    const std::string& out = batch.out;
    const std::string json_bytes = slurp(out + "/summary.json"), csv_bytes = slurp(out + "/summary.csv");
    const nlohmann::ordered_json summary = nlohmann::ordered_json::parse(json_bytes);
    REQUIRE(summary["entries"][1]["id"] == "hongqiao-2026");
    REQUIRE(summary["entries"][1]["status"] == "final");
    const std::string budget = summary["entries"][1]["budget_adopted"];
    const int seats = summary["entries"][1]["seats_filled"];
    REQUIRE(cli({"verify", out, "--no-trust", "--require-role", "none"}).code == 0);

    const std::string record = "hongqiao-2026/result.json: the summary's ";
    const std::vector<SummaryEdit> edits = {
        {"status", [](auto& s) { s["entries"][1]["status"] = "tie"; },
         record + "status \"tie\" differs from the record's \"final\""},
        {"exit code", [](auto& s) { s["entries"][1]["exit_code"] = 6; },
         record + "exit_code \"6\" differs from the record's \"0\""},
        {"seats filled", [](auto& s) { s["entries"][1]["seats_filled"] = 99; },
         record + "seats_filled \"99\" differs from the record's \"" + std::to_string(seats) + "\""},
        {"budget", [](auto& s) { s["entries"][1]["budget_adopted"] = "1\x1b[2J"; },
         record + "budget_adopted \"1\\x1B[2J\" differs from the record's \"" + budget + "\""},
        {"body", [](auto& s) { s["entries"][1]["body"] = "Elsewhere"; },
         record + "body \"Elsewhere\" differs from the record's \"" + summary["entries"][1]["body"].get<std::string>() +
             "\""},
        {"round", [](auto& s) { s["entries"][1]["round"] = 2; },
         record + "round \"2\" differs from the record's \"1\""},
        {"sessions", [](auto& s) { s["sessions"] = 3; }, "summary.json: \"sessions\" is 3, but its entries give 2"},
        {"total exit code", [](auto& s) { s["exit_code"] = 0; },
         "summary.json: \"exit_code\" is 0, but its entries give 5"},
        {"by status", [](auto& s) { s["by_status"]["final"] = 2; },
         "summary.json: \"by_status\" is {\"final\":2,\"void\":1}, but its entries give {\"final\":1,\"void\":1}"},
        {"sessions missing", [](auto& s) { s.erase("sessions"); },
         "summary.json: \"sessions\" is missing, but its entries give 2"},
        {"by status long",
         [](auto& s) {
             s["by_status"] = nlohmann::ordered_json::object();
             for (int i = 0; i < 20; ++i) s["by_status"]["status-" + std::to_string(i)] = i;
         },
         "summary.json: \"by_status\" is {\"status-0\":0,\"status-1\":1,\"status-2\":2,\"status-3\":3,"
         "\"status-4\":4,\"status-5\":5,\"…, but its entries give {\"final\":1,\"void\":1}"},
        {"a field added", [](auto& s) { s["entries"][0]["note"] = "recount"; },
         "summary.json: not as piaojue batch writes it for its entries (a field added, removed, moved or "
         "reformatted)"},
        {"entries reordered", [](auto& s) { std::swap(s["entries"][0], s["entries"][1]); },
         "summary.json: the entries are not in the order of their ids, as batch writes them"},
        {"an entry left out",
         [](auto& s) {
             s["entries"].erase(1);
             s["sessions"] = 1;
             s["by_status"].erase("final");
         },
         "hongqiao-2026/result.json: a record in the directory that the summary does not list"},
    };
    check_summary_edits(cli, out, summary, edits, "zh");
    spit(out + "/summary.json", json_bytes);
    REQUIRE(cli({"verify", out, "--no-trust", "--require-role", "none"}).code == 0);

    // summary.csv, the spreadsheet's copy, must say what summary.json says.
    std::string csv = csv_bytes;
    const auto at = csv.rfind("," + budget + ",");
    REQUIRE(at != std::string::npos);
    csv.replace(at + 1, budget.size(), budget + "0");
    spit(out + "/summary.csv", csv);
    CliRun edited_csv = cli({"verify", out, "--no-trust", "--require-role", "none", "--lang", "en"});
    CHECK(edited_csv.code == 7);
    CHECK(edited_csv.out.find("summary.csv: line 3 differs from summary.json\n") != std::string::npos);
    std::filesystem::remove(out + "/summary.csv");
    CliRun no_csv = cli({"verify", out, "--no-trust", "--require-role", "none", "--lang", "en"});
    CHECK(no_csv.code == 7);
    CHECK(no_csv.out.find("summary.csv: missing\n") != std::string::npos);
}

TEST_CASE("batch::a_crash_while_writing_the_records_leaves_nothing_torn") {
    // The records are made durable together (FileSystem::write_each_atomic); a crash before the
    // renames leaves no record and no temp file, and the rerun writes what an uninterrupted run
    // writes.
    class CrashBeforeRenames final : public RealFileSystem {
    protected:
        void before_rename() override { throw std::runtime_error("simulated crash"); }
    };
    TempDir dir;
    const std::string src = dir / "src", out = dir / "out", whole = dir / "whole";
    make_source(src);
    RealFileSystem fs;
    Cli cli(fs);
    REQUIRE(cli({"batch", src, "-o", whole, "--quiet"}).code == 4);

    CrashBeforeRenames crashing;
    Cli crashed(crashing);
    CHECK(crashed({"batch", src, "-o", out, "--quiet"}).code == 1);  // the "crash" is an internal error here
    for (const auto& [path, bytes] : tree(out)) {
        const std::string& p = path;
        CHECK_MESSAGE(p.find("result.json") == std::string::npos, p);  // no record, complete or torn
        CHECK_MESSAGE(p.find("/.") == std::string::npos, p);           // no temp file
    }
    REQUIRE(cli({"batch", src, "-o", out, "--quiet"}).code == 4);
    CHECK(tree(out) == tree(whole));
}

TEST_CASE("batch::rounds_of_one_vote_run_in_order") {
    // examples/tie and examples/shortfall, both rounds of each, in one source: round 2 names
    // ../round-1/result.json, which the batch does not write beside the session (records go to
    // OUTDIR), so it must wait for round 1 and read the record this run made of it.
    TempDir dir;
    RealFileSystem fs;
    Cli cli(fs);
    const std::string src = dir / "src";
    make_source(src, {{"tie/round-1", "lishu/round-1"},
                      {"tie/round-2", "lishu/round-2"},
                      {"shortfall/round-1", "shuangmiao/round-1"},
                      {"shortfall/round-2", "shuangmiao/round-2"},
                      {"township", "hongqiao"}});
    for (const char* jobs : {"1", "2"}) {
        const std::string out = dir / (std::string("out-") + jobs);
        CliRun r = cli({"batch", src, "-o", out, "-j", jobs, "--quiet"});
        CHECK(r.code == 6);  // round 1 of each: tie and shortfall
        CHECK(r.err.empty());
        nlohmann::json j = nlohmann::json::parse(slurp(out + "/summary.json"));
        CHECK(ids_of(j) == std::vector<std::string>{"hongqiao-2026", "lishu-2026", "lishu-2026-tie-2",
                                                    "shuangmiao-2026", "shuangmiao-2026-supp-2"});
        CHECK(entry(j, "lishu-2026")["status"] == "tie");
        CHECK(entry(j, "lishu-2026-tie-2")["status"] == "final");
        CHECK(entry(j, "lishu-2026-tie-2")["round"] == 2);
        CHECK(entry(j, "shuangmiao-2026-supp-2")["status"] == "final");
        // Round 2's record is the one tally writes after tallying round 1 in place.
        const std::string place = dir / (std::string("in-place-") + jobs);
        std::filesystem::copy(src + "/lishu", place, std::filesystem::copy_options::recursive);
        REQUIRE(cli({"tally", place + "/round-1/session.toml", "--quiet"}).code == 6);
        REQUIRE(cli({"tally", place + "/round-2/session.toml", "--quiet"}).code == 0);
        CHECK(slurp(out + "/lishu-2026-tie-2/result.json") == slurp(place + "/round-2/result.json"));
        CHECK(slurp(out + "/lishu-2026/result.json") == slurp(place + "/round-1/result.json"));
    }
    CHECK(tree(dir / "out-1") == tree(dir / "out-2"));
    CHECK_FALSE(file_exists(src + "/lishu/round-1/result.json"));  // nothing is written into the source

    SUBCASE("a round 1 that fails leaves round 2 an error that names the missing record") {
        std::string ballots = slurp(src + "/lishu/round-1/ballots.csv");
        spit(src + "/lishu/round-1/ballots.csv", replace_once(ballots, ",Y,", ",0,"));
        CliRun r = cli({"batch", src, "-o", dir / "broken", "--quiet", "--lang", "en"});
        CHECK(r.code == 3);
        nlohmann::json j = nlohmann::json::parse(slurp(dir / "broken/summary.json"));
        CHECK(entry(j, "lishu-2026")["status"] == "error");
        CHECK(entry(j, "lishu-2026-tie-2")["status"] == "error");
        CHECK(entry(j, "lishu-2026-tie-2")["error"].get<std::string>().find(
                  "the previous round's record does not exist") != std::string::npos);
    }
}

TEST_CASE("batch::rerun_keeps_finished_records") {
    TempDir dir;
    RealFileSystem fs;
    Cli cli(fs);
    const std::string src = dir / "src", out = dir / "out";
    make_source(src);
    REQUIRE(cli({"batch", src, "-o", out, "--quiet"}).code == 4);
    const auto first = tree(out);
    std::map<std::string, Stamp> stamps;
    for (const auto& [path, bytes] : first) stamps[path] = stamp(out + "/" + path);

    SUBCASE("identical records are kept, not rewritten") {
        CHECK(cli({"batch", src, "-o", out, "--quiet"}).code == 4);
        CHECK(tree(out) == first);
        for (const auto& [path, s] : stamps) {
            const std::string& p = path;  // clang 14 cannot capture a structured binding in CHECK_MESSAGE
            CHECK_MESSAGE(stamp(out + "/" + p) == s, p << " was rewritten");
        }
    }
    SUBCASE("a roll-up file removed is written again") {
        std::filesystem::remove(out + "/summary.csv");
        CHECK(cli({"batch", src, "-o", out, "--quiet"}).code == 4);
        CHECK(tree(out) == first);
    }
    SUBCASE("a record this run does not list is named, kept, and fails verify until moved away") {
        std::filesystem::remove_all(src + "/03-tie");  // lishu-2026
        for (const char* lang : {"en", "zh"}) {
            CliRun r = cli({"batch", src, "-o", out, "--quiet", "--lang", lang});
            CHECK(r.code == 4);
            CHECK(r.err ==
                  (std::string(lang) == "en"
                       ? out +
                             "/lishu-2026/result.json: note: not a record of this batch (left from an "
                             "earlier run?); piaojue verify " +
                             out + " fails until it is moved away\n"
                       : out +
                             "/lishu-2026/result.json：注意：不是本次批量计票的结果记录（可能是以前运行留下的）；"
                             "移走之前，piaojue verify " +
                             out + " 不会通过\n"));
        }
        CHECK(slurp(out + "/lishu-2026/result.json") == first.at("lishu-2026/result.json"));
        CHECK(nlohmann::json::parse(slurp(out + "/summary.json"))["sessions"] == 5);
        CliRun v = cli({"verify", out, "--no-trust", "--require-role", "none", "--lang", "en"});
        CHECK(v.code == 7);
        CHECK(
            v.out.find("        lishu-2026/result.json: a record in the directory that the summary does not list\n") !=
            std::string::npos);
        std::filesystem::remove_all(out + "/lishu-2026");
        CHECK(cli({"verify", out, "--no-trust", "--require-role", "none"}).code == 0);
        CHECK(cli({"batch", src, "-o", out, "--quiet"}).err.empty());
    }
    SUBCASE("an interrupted run: the missing record is redone, the others kept") {
        std::filesystem::remove(out + "/lishu-2026/result.json");
        CHECK(cli({"batch", src, "-o", out, "--quiet"}).code == 4);
        CHECK(tree(out) == first);
        CHECK(stamp(out + "/hongqiao-2026/result.json") == stamps["hongqiao-2026/result.json"]);
    }
    SUBCASE("an altered record is not replaced without --force") {
        const std::string record = out + "/hongqiao-2026/result.json";
        std::string altered = replace_once(first.at("hongqiao-2026/result.json"), "\"seats\": 10", "\"seats\": 9");
        spit(record, altered);
        CliRun r = cli({"batch", src, "-o", out});
        CHECK(r.code == 9);
        CHECK(slurp(record) == altered);
        nlohmann::json j = nlohmann::json::parse(slurp(out + "/summary.json"));
        CHECK(j["exit_code"] == 9);
        nlohmann::json h = entry(j, "hongqiao-2026");
        CHECK(h["status"] == "error");
        CHECK(h["exit_code"] == 9);
        CHECK(h["error"] == record + ": exists and differs from this run's tally of " + src +
                                "/01-township/session.toml; --force replaces it");
        CHECK(r.out.find("hongqiao-2026: " + record + ": exists and differs") != std::string::npos);
        CHECK(r.err.find("hint: the inputs changed since it was written, or it is another piaojue version's or another "
                         "session's record: check it with piaojue verify " +
                         record + " before replacing it\n") != std::string::npos);
        CHECK(entry(j, "lishu-2026")["status"] == "tie");  // the others are unaffected
        CHECK(stamp(out + "/lishu-2026/result.json") == stamps["lishu-2026/result.json"]);

        CliRun forced = cli({"batch", src, "-o", out, "--force", "--quiet"});
        CHECK(forced.code == 4);
        CHECK(tree(out) == first);
        CHECK(stamp(out + "/lishu-2026/result.json") ==
              stamps["lishu-2026/result.json"]);  // --force rewrites only what differs
    }
}

TEST_CASE("batch::manifest_source") {
    TempDir dir;
    RealFileSystem fs;
    Cli cli(fs);
    const std::string src = dir / "src";
    make_source(src);
    SUBCASE("listed sessions only, paths relative to the manifest") {
        spit(src + "/manifest.csv",
             "session,note\r\n03-tie/session.toml,梨树\r\n01-township/session.toml,红桥\r\n,\r\n");
        CliRun r = cli({"batch", src + "/manifest.csv", "-o", dir / "out", "--json"});
        CHECK(r.code == 6);
        nlohmann::json j = r.json()["summary"];
        CHECK(ids_of(j) == std::vector<std::string>{"hongqiao-2026", "lishu-2026"});
        CHECK(entry(j, "hongqiao-2026")["session"] == "01-township/session.toml");
        CHECK(entry(j, "lishu-2026")["session"] == "03-tie/session.toml");
        CHECK(tree(dir / "out").size() == 4);
    }
    SUBCASE("a Chinese header") {
        spit(dir / "清单.csv", "会议文件\nsrc/04-county/session.toml\n");
        CliRun r = cli({"batch", dir / "清单.csv", "-o", dir / "out", "--json"});
        CHECK(r.code == 0);
        CHECK(ids_of(r.json()["summary"]) == std::vector<std::string>{"qingshui-county-2026"});
        CHECK(entry(r.json()["summary"], "qingshui-county-2026")["session"] == "src/04-county/session.toml");
    }
    SUBCASE("a manifest without the session column") {
        spit(dir / "m.csv", "path\nsrc/04-county/session.toml\n");
        CliRun r = cli({"batch", dir / "m.csv", "-o", dir / "out"});
        CHECK(r.code == 3);
        CHECK(r.err.find("the manifest has no column \"session\"") != std::string::npos);
        CHECK(!file_exists(dir / "out"));
    }
    SUBCASE("a listed session that does not exist is that session's error") {
        spit(dir / "m.csv", "session\nsrc/04-county/session.toml\nsrc/99-gone/session.toml\n");
        CliRun r = cli({"batch", dir / "m.csv", "-o", dir / "out", "--json"});
        CHECK(r.code == 3);
        CHECK(r.json()["status"] == "session-errors");
        nlohmann::json gone = entry(r.json()["summary"], "src/99-gone/session.toml");
        CHECK(gone["status"] == "error");
        CHECK(gone["exit_code"] == 3);
        CHECK(entry(r.json()["summary"], "qingshui-county-2026")["status"] == "final");
    }
}

TEST_CASE("batch::signed_roll_up_verifies") {
    TempDir dir;
    RealFileSystem fs;
    Cli cli(fs);
    const std::string src = dir / "src", out = dir / "out", key = dir / "chief.key";
    make_source(src, {{"township", "01-township"}, {"void", "02-void"}, {"tie/round-1", "03-tie"}});
    REQUIRE(cli({"keygen", "--unencrypted", "-o", dir / "chief", "--quiet"}).code == 0);
    const std::vector<std::string> batch{"batch",  src,        "-o",     out,      "--key",  key,
                                         "--role", "总监票人", "--name", "王建国", "--quiet"};
    REQUIRE(cli(batch).code == 5);
    for (const char* f : {"summary.sig.json", "hongqiao-2026/result.sig.json", "baisha-2026/result.sig.json",
                          "lishu-2026/result.sig.json"})
        CHECK_MESSAGE(file_exists(out + "/" + f), f);

    CliRun v = cli({"verify", out, "--no-trust", "--json"});
    CHECK(v.code == 0);
    nlohmann::json j = v.json();
    CHECK(j["summary"]["state"] == "PASS");
    CHECK(j["summary_signatures"]["state"] == "PASS");
    CHECK(j["records"].size() == 3);
    for (const auto& rec : j["records"]) {
        CHECK(rec["exit_code"] == 0);
        CHECK(state_of(rec, "V2") == "PASS");
        // The inputs were not named: the checks that need them say so instead of looking for them.
        for (const char* id : {"V4", "V5"}) {
            CHECK(state_of(rec, id) == "SKIPPED");
            CHECK(detail_has(rec, id, "not checked: the batch's sessions were not named (--session DIR|MANIFEST)"));
        }
        CHECK(state_of(rec, "V8") == "PASS");  // round 1: no previous record to look for
    }
    SUBCASE("with the inputs: every record re-tallies") {
        CliRun w = cli({"verify", out, "--no-trust", "--session", src, "--json"});
        CHECK(w.code == 0);
        const nlohmann::json records = w.json()["records"];
        CHECK(records.size() == 3);
        for (const auto& rec : records) CHECK(state_of(rec, "V5") == "PASS");
    }
    SUBCASE("a rerun keeps the records and their signatures") {
        const auto before = tree(out);
        CliRun again = cli(batch);
        CHECK_MESSAGE(again.code == 5, again.err);
        CHECK(tree(out) == before);
        CHECK(cli({"verify", out, "--no-trust", "--quiet"}).code == 0);
    }
    SUBCASE("a record altered afterwards") {
        std::string record = slurp(out + "/lishu-2026/result.json");
        spit(out + "/lishu-2026/result.json", record + " ");
        CliRun w = cli({"verify", out, "--no-trust", "--json"});
        CHECK(w.code == 7);
        nlohmann::json k = w.json();
        CHECK(k["summary"]["state"] == "FAIL");
        CHECK(k["summary"]["details"][0].get<std::string>().starts_with(
            "lishu-2026/result.json: digest differs from the summary's"));
        for (const auto& rec : k["records"])
            CHECK(state_of(rec, "V2") ==
                  (rec["record"].get<std::string>().ends_with("lishu-2026/result.json") ? "FAIL" : "PASS"));
        CHECK(cli({"verify", out, "--no-trust"}).out.ends_with("Verification FAILED.\n"));
    }
    SUBCASE("the summary altered afterwards") {
        std::string summary = slurp(out + "/summary.json");
        spit(out + "/summary.json", replace_once(summary, "\"exit_code\": 5", "\"exit_code\": 0"));
        CliRun w = cli({"verify", out, "--no-trust", "--json"});
        CHECK(w.code == 7);
        CHECK(w.json()["summary_signatures"]["state"] == "FAIL");
    }
    SUBCASE("a record replaced with --force is signed afresh") {
        std::string record = slurp(out + "/lishu-2026/result.json");
        spit(out + "/lishu-2026/result.json", record + " ");
        CHECK(cli(batch).code == 9);
        std::vector<std::string> forced = batch;
        forced.push_back("--force");
        CHECK(cli(forced).code == 5);
        CHECK(slurp(out + "/lishu-2026/result.json") == record);
        CHECK(cli({"verify", out, "--no-trust", "--session", src, "--quiet"}).code == 0);
    }
    check_no_secret_in(cli.transcript, key_secrets(slurp(key)));
}

TEST_CASE("batch::later_round_chain_needs_the_sessions") {
    // A tie re-vote in the batch: its record names the previous round's record, which is found
    // beside its session. Without --session, V8 says the sessions were not named; with it, the
    // chain is followed and passes.
    TempDir dir;
    RealFileSystem fs;
    Cli cli(fs);
    const std::string src = dir / "src", out = dir / "out";
    copy_example("tie", src + "/03-tie");
    REQUIRE(cli({"tally", src + "/03-tie/round-1/session.toml", "--quiet"}).code == 6);
    REQUIRE(cli({"batch", src, "-o", out, "--quiet"}).code == 6);
    REQUIRE(file_exists(out + "/lishu-2026-tie-2/result.json"));

    auto later = [](const nlohmann::json& records) {
        for (const auto& rec : records)
            if (rec["record"].get<std::string>().ends_with("lishu-2026-tie-2/result.json")) return rec;
        FAIL("no record of the re-vote");
        return nlohmann::json();
    };
    CliRun v = cli({"verify", out, "--no-trust", "--require-role", "none", "--json"});  // unsigned on purpose
    CHECK(v.code == 0);
    const nlohmann::json without = later(v.json()["records"]);
    CHECK(state_of(without, "V8") == "SKIPPED");
    CHECK(detail_has(without, "V8", "not checked: the batch's sessions were not named (--session DIR|MANIFEST)"));

    CliRun w = cli({"verify", out, "--no-trust", "--session", src, "--require-role", "none", "--json"});
    CHECK(w.code == 0);
    const nlohmann::json with = later(w.json()["records"]);
    CHECK(state_of(with, "V8") == "PASS");
    CHECK(state_of(with, "V5") == "PASS");
}

TEST_CASE("batch::summary_csv_neutralises_formulas") {
    TempDir dir;
    RealFileSystem fs;
    Cli cli(fs);
    const std::string src = dir / "src";
    add_township(src, "a", "formula-2026", "=1+2镇人民代表大会");
    add_township(src, "b", "formula-2027", "@SUM(1,2)镇人民代表大会");
    CliRun r = cli({"batch", src, "-o", dir / "out", "--quiet"});
    REQUIRE(r.code == 0);
    std::string csv = slurp(dir / "out/summary.csv");
    CHECK(csv.find("\r\nformula-2026,'=1+2镇人民代表大会,1,已定,") != std::string::npos);
    CHECK(csv.find("\r\nformula-2027,\"'@SUM(1,2)镇人民代表大会\",1,已定,") != std::string::npos);
    CHECK(csv.find(",=") == std::string::npos);
    CHECK(csv.find(",@") == std::string::npos);
    // The JSON and the record keep the name as it is.
    nlohmann::json j = nlohmann::json::parse(slurp(dir / "out/summary.json"));
    CHECK(entry(j, "formula-2026")["body"] == "=1+2镇人民代表大会");
    CHECK(nlohmann::json::parse(slurp(dir / "out/formula-2027/result.json"))["session"]["body"] ==
          "@SUM(1,2)镇人民代表大会");
}

TEST_CASE("batch::roll_up_does_not_depend_on_how_the_source_is_named") {
    // The roll-up is signed and compared: `batch src` and `batch src/../src` (or an absolute
    // path) must give the same bytes, a broken township's error included.
    TempDir dir;
    RealFileSystem fs;
    Cli cli(fs);
    const std::string src = dir / "src";
    make_source(src, {{"township", "01-township"}});
    add_township(src, "00-broken", "anning-2026", "安宁镇人民代表大会", "0");
    REQUIRE(cli({"batch", src, "-o", dir / "out1", "--quiet"}).code == 3);
    REQUIRE(cli({"batch", src + "/../src/.", "-o", dir / "out2", "--quiet"}).code == 3);
    const std::string one = slurp(dir / "out1/summary.json");
    CHECK(one == slurp(dir / "out2/summary.json"));
    CHECK(slurp(dir / "out1/summary.csv") == slurp(dir / "out2/summary.csv"));
    CHECK(one.find("\"error\": \"00-broken/ballots.csv:") != std::string::npos);
    CHECK(one.find(dir.path()) == std::string::npos);  // no path as typed
}

TEST_CASE("batch::summary_csv_opens_right_in_a_spreadsheet") {
    // Excel decides a double-clicked CSV's encoding by its first bytes: a UTF-8 BOM means UTF-8,
    // anything else the system's ANSI code page (936, GBK, on Chinese Windows). So summary.csv is
    // UTF-8 with a BOM by default, or GB18030 without one on request; its words are Chinese
    // unless --summary-lang en, and never follow the locale. verify OUTDIR re-renders each form
    // from the style summary.json records.
    TempDir dir;
    RealFileSystem fs;
    Cli cli(fs);
    // `broken` has a township whose error the roll-up words; `src` verifies (verify OUTDIR fails
    // on a batch with an errored session).
    const std::string src = dir / "src", broken = dir / "broken";
    make_source(src, {{"township", "01-township"}});
    make_source(broken, {{"township", "01-township"}});
    add_township(broken, "00-broken", "anning-2026", "安宁镇人民代表大会", "0");
    auto verified = [&](const std::string& out) {
        return cli({"verify", out, "--no-trust", "--require-role", "none"}).code;
    };
    REQUIRE(cli({"batch", broken, "-o", dir / "broken-out", "--quiet"}).code == 3);
    const std::string words = slurp(dir / "broken-out/summary.csv");
    CHECK(
        words.find("\r\nanning-2026,安宁镇人民代表大会,0,出错,3,0,,,,00-broken/session.toml,00-broken/ballots.csv:") !=
        std::string::npos);
    CHECK(words.find("项目 P01 的标记“0”无法识别") != std::string::npos);  // the error in Chinese
    CHECK(entry(nlohmann::json::parse(slurp(dir / "broken-out/summary.json")), "anning-2026")["error_zh"]
              .get<std::string>()
              .find("无法识别") != std::string::npos);

    REQUIRE(cli({"batch", src, "-o", dir / "zh", "--quiet"}).code == 0);
    const std::string zh = slurp(dir / "zh/summary.csv");
    CHECK(
        zh.starts_with("\xEF\xBB\xBF会议编号,人大名称,轮次,结果,退出码,累计入选项目数,入选项目预算（万元）,结果记录,"
                       "结果记录摘要,会议文件,错误\r\n"));
    CHECK(zh.find("\r\nhongqiao-2026,红桥镇人民代表大会,1,已定,0,10,7205.9,hongqiao-2026/result.json,sha256:") !=
          std::string::npos);
    nlohmann::json j = nlohmann::json::parse(slurp(dir / "zh/summary.json"));
    CHECK(j["csv"] == nlohmann::json{{"lang", "zh"}, {"encoding", "utf-8"}});
    CHECK(verified(dir / "zh") == 0);

    // The same with a Chinese or an English locale and message language: the file is the same.
    REQUIRE(cli({"batch", src, "-o", dir / "zh-en-messages", "--quiet", "--lang", "en"}).code == 0);
    CHECK(slurp(dir / "zh-en-messages/summary.csv") == zh);

    REQUIRE(cli({"batch", src, "-o", dir / "en", "--quiet", "--summary-lang", "en"}).code == 0);
    const std::string en = slurp(dir / "en/summary.csv");
    CHECK(en.starts_with("\xEF\xBB\xBFid,body,round,status,exit_code,"));
    CHECK(en.find(",final,0,10,") != std::string::npos);
    CHECK(verified(dir / "en") == 0);

    REQUIRE(cli({"batch", src, "-o", dir / "gb", "--quiet", "--summary-encoding", "gb18030"}).code == 0);
    const std::string gb = slurp(dir / "gb/summary.csv");
    CHECK_FALSE(gb.starts_with("\xEF\xBB\xBF"));
    CHECK(gb.starts_with("\xBB\xE1\xD2\xE9"));  // 会议 in GB18030 (and in GBK, code page 936)
    CHECK(gb == encode_gb18030(zh.substr(3)));
    CHECK(verified(dir / "gb") == 0);

    SUBCASE("a summary of piaojue 0.1.0 (no csv style: English, no BOM) still verifies") {
        nlohmann::ordered_json old = nlohmann::ordered_json::parse(slurp(dir / "zh/summary.json"));
        old.erase("csv");
        spit(dir / "zh/summary.json", old.dump(2) + "\n");
        std::string legacy = en.substr(3);
        spit(dir / "zh/summary.csv", legacy);
        CHECK(verified(dir / "zh") == 0);
        spit(dir / "zh/summary.csv", en);  // with a BOM it is not what 0.1.0 wrote
        CHECK(verified(dir / "zh") == 7);
    }
    SUBCASE("an edited style fails verify") {
        nlohmann::ordered_json edited = nlohmann::ordered_json::parse(slurp(dir / "zh/summary.json"));
        edited["csv"]["lang"] = "en";
        spit(dir / "zh/summary.json", edited.dump(2) + "\n");
        CHECK(verified(dir / "zh") == 7);
    }
}
