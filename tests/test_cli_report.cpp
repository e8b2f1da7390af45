// `piaojue report` in process (the renderer replaced where a PDF is asked for), and the running
// of the real piaojue-render program (render_process.hpp).
#include <piaojue/document.hpp>
#include <piaojue/fs.hpp>

#include "cli/app.hpp"
#include "cli/render_process.hpp"
#include "support.hpp"
#include "support_cli.hpp"

#include <sys/stat.h>

#include <doctest/doctest.h>

namespace piaojue {

using test::Cli;
using test::TempDir;

TEST_CASE("cli_report::pdf_goes_through_the_renderer") {
    TempDir dir;
    test::copy_example("signed", dir.path(), true);
    RealFileSystem fs;
    Cli cli(fs);
    std::vector<std::pair<std::string, std::string>> calls;
    cli.render = [&](const std::string& format, const std::string& document) {
        calls.emplace_back(format, document);
        return std::string("%PDF-drawn");
    };
    const auto r = cli({"report", dir / "result.json", "--kind", "result", "--lang", "zh", "--json"});
    REQUIRE(r.code == 0);
    REQUIRE(calls.size() == 1);
    CHECK(calls[0].first == "pdf");  // the default format
    const Document doc = parse_document_json(calls[0].second);
    CHECK(doc.kind == "result");
    CHECK(calls[0].second.find("王建国") != std::string::npos);
    CHECK(calls[0].second.find("sha256:2e6160f17aeef42d") != std::string::npos);  // the signature file beside it
    CHECK(test::slurp(dir / "result-report.pdf") == "%PDF-drawn");
    CHECK(r.json()["output"] == dir / "result-report.pdf");

    SUBCASE("a renderer that fails leaves nothing behind") {
        cli.render = [](const std::string&, const std::string&) -> std::string {
            throw Error(ExitCode::write_failed, Diagnostic{.message = {"no font", "无字体"}});
        };
        const auto f = cli({"report", dir / "result.json", "--kind", "notice", "--format", "png"});
        CHECK(f.code == 9);
        CHECK(f.err == "error: no font\n");
        CHECK_FALSE(test::file_exists(dir / "result-notice.png"));
    }
}

TEST_CASE("cli_report::notice_finds_lead_units_through_the_rounds") {
    TempDir dir;
    test::copy_example("tie", dir.path());
    RealFileSystem fs;
    Cli cli(fs);
    REQUIRE(cli({"tally", dir / "round-1/session.toml", "--quiet"}).code == 6);
    REQUIRE(cli({"tally", dir / "round-2/session.toml", "--quiet"}).code == 0);
    auto r =
        cli({"report", dir / "round-2/result.json", "--kind", "notice", "--format", "html", "-o", "-", "--counts"});
    REQUIRE(r.code == 0);
    CHECK(r.err.empty());
    // Adopted in round 1 (lead from round-1's candidates.csv) and in round 2 (from the chain).
    CHECK(r.out.find("<td>农村公路提档升级</td><td class=\"num\">") != std::string::npos);
    CHECK(r.out.find("<td>镇交通运输所</td>") != std::string::npos);
    CHECK(r.out.find("<td>敬老院适老化改造</td>") != std::string::npos);
    CHECK(r.out.find("<td>镇民政办</td>") != std::string::npos);

    SUBCASE("a candidate list changed since the vote is not used") {
        const std::string csv = test::slurp(dir / "round-1/candidates.csv");
        test::spit(dir / "round-1/candidates.csv", test::replace_once(csv, "镇交通运输所", "镇交通局"));
        r = cli({"report", dir / "round-2/result.json", "--kind", "notice", "--format", "html", "-o", "-"});
        REQUIRE(r.code == 0);
        CHECK(r.err.find("round-1/session.toml (matching the record) not found; the notice leaves lead units out") !=
              std::string::npos);
        CHECK(r.out.find("镇交通局") == std::string::npos);
        CHECK(r.out.find("镇交通运输所") == std::string::npos);
    }
}

TEST_CASE("cli_report::ballot_needs_a_session_and_a_record_kind_a_record") {
    TempDir dir;
    test::copy_example("township", dir.path());
    RealFileSystem fs;
    Cli cli(fs);
    auto r = cli({"report", dir / "session.toml", "--kind", "result", "--format", "html"});
    CHECK(r.code == 3);
    CHECK(r.err.find(dir / "session.toml") != std::string::npos);
    r = cli({"report", dir / "session.toml", "--kind", "ballot", "--format", "html", "--lang", "en"});
    CHECK(r.code == 0);
    CHECK(r.out == "Wrote " + dir / "session-ballot.html" + "\n");
    CHECK(cli({"report", dir / "session.toml", "--kind", "ballot", "--format", "doc"}).code == 2);
    CHECK(cli({"report", dir / "session.toml", "--kind", "ballot", "-o", ""}).code == 2);
    r = cli({"report", dir / "session.toml", "--kind", "ballot", "--number", "2"});
    CHECK(r.code == 2);
    CHECK(r.err == "error: --number and --counts belong to --kind notice\n");
}

TEST_CASE("render_process::errors") {
    SUBCASE("no renderer installed") {
        const Error e = test::expect_error([] { (void)cli::run_renderer("/nonexistent/piaojue-render", "pdf", "{}"); });
        CHECK(e.code() == ExitCode::write_failed);
        CHECK(
            test::rendered(e).starts_with("/nonexistent/piaojue-render: error: the PDF/PNG renderer is not installed"));
        CHECK(test::rendered(e).find("fonts-noto-cjk") != std::string::npos);
    }
    SUBCASE("the renderer's own reason") {
        TempDir dir;
        test::spit(dir / "render",
                   "#!/bin/sh\ncat >/dev/null\necho 'no installed font has Chinese characters' >&2\nexit 4\n");
        ::chmod((dir / "render").c_str(), 0755);
        const Error e =
            test::expect_error([&] { (void)cli::run_renderer(dir / "render", "pdf", std::string(200000, 'x')); });
        CHECK(e.code() == ExitCode::write_failed);
        CHECK(test::rendered(e).find("the PDF/PNG renderer failed: no installed font has Chinese characters") !=
              std::string::npos);
    }
    SUBCASE("found by $PIAOJUE_RENDER, else beside the executable") {
        auto none = [](const std::string&) { return std::optional<std::string>{}; };
        auto set = [](const std::string& n) {
            return n == "PIAOJUE_RENDER" ? std::optional<std::string>("/x/r") : std::nullopt;
        };
        CHECK(cli::find_renderer(set, "/usr/bin/piaojue") == "/x/r");
        CHECK(cli::find_renderer(none, "/nonexistent/bin/piaojue") == "/nonexistent/bin/../lib/piaojue/piaojue-render");
    }
}

// The real renderer of this build, when it has one (PIAOJUE_RENDER): a document in, PDF and PNG out.
TEST_CASE("render_process::real_renderer") {
    const std::string program = std::string(PIAOJUE_BINARY_DIR) + "/piaojue-render";
    if (!test::file_exists(program)) {
        MESSAGE("no piaojue-render in this build (PIAOJUE_RENDER=OFF)");
        return;
    }
    Document d;
    d.kind = "result";
    d.lang = "zh-CN";
    d.title = "测试";
    d.date = "2026-01-09";
    Block b;
    b.kind = BlockKind::paragraph;
    b.text = "票决";
    d.blocks = {b};
    const std::string pdf = cli::run_renderer(program, "pdf", document_json(d));
    CHECK(pdf.starts_with("%PDF-1.5"));
    CHECK(pdf.find("/CreationDate (20260109000000") != std::string::npos);
    CHECK(cli::run_renderer(program, "pdf", document_json(d)) == pdf);
    CHECK(cli::run_renderer(program, "png", document_json(d)).starts_with("\x89PNG"));
    const Error e = test::expect_error([&] { (void)cli::run_renderer(program, "pdf", "not a document"); });
    CHECK(test::rendered(e).find("not a piaojue document") != std::string::npos);
}

}  // namespace piaojue
