// The printed documents as models (report_document.hpp), their JSON form and HTML (document.hpp),
// and the QR code (qr.hpp): what each paper says, in which order, from which record.
#include <piaojue/digest.hpp>
#include <piaojue/document.hpp>
#include <piaojue/qr.hpp>
#include <piaojue/report_document.hpp>
#include <piaojue/round.hpp>
#include <piaojue/signature.hpp>

#include "support.hpp"
#include "support_cli.hpp"

#include <filesystem>

#include <doctest/doctest.h>

namespace piaojue {
namespace {

std::string example(const std::string& rel) {
    return test::slurp(std::string(PIAOJUE_SOURCE_DIR) + "/examples/" + rel);
}

struct Signed {
    std::string bytes = example("signed/result.json");
    RoundRecord round = parse_record(bytes, "result.json");
    std::string hex = to_hex(digest(DigestAlgo::sha256, bytes));
    SignatureFile sigs = parse_signature_file(example("signed/result.sig.json"), "result.sig.json");
};

const Block& nth(const Document& d, BlockKind kind, std::size_t k = 0) {
    for (const Block& b : d.blocks)
        if (b.kind == kind && k-- == 0) return b;
    FAIL("no such block");
    return d.blocks.front();
}

std::size_t count(const Document& d, BlockKind kind) {
    return static_cast<std::size_t>(
        std::count_if(d.blocks.begin(), d.blocks.end(), [&](const Block& b) { return b.kind == kind; }));
}

bool has_paragraph(const Document& d, std::string_view text) {
    return std::any_of(d.blocks.begin(), d.blocks.end(), [&](const Block& b) {
        return b.kind == BlockKind::paragraph && b.text.find(text) != std::string::npos;
    });
}

// Every example's sessions in a MemoryFileSystem, each round tallied in order and its record
// written beside its session file.
RoundResult tally_example(MemoryFileSystem& mem, const std::string& session) {
    RoundResult r = tally_round(mem, session, ReadOptions{});
    mem.files[default_record_path(session)] = r.record;
    return r;
}

MemoryFileSystem example_files() {
    MemoryFileSystem mem;
    const std::filesystem::path root(PIAOJUE_SOURCE_DIR);
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / "examples")) {
        if (!entry.is_regular_file() || entry.path().filename() == "result.json" ||
            entry.path().filename() == "result.sig.json")
            continue;
        mem.files[std::filesystem::relative(entry.path(), root).string()] = test::slurp(entry.path().string());
    }
    return mem;
}

}  // namespace

TEST_CASE("report_document::result_report") {
    const Signed s;
    const Document d = result_document(s.round, ResultContext{s.hex, s.sigs}, Lang::zh);
    CHECK(d.kind == "result");
    CHECK(d.date == "2026-01-09");
    CHECK(nth(d, BlockKind::title).text == "民生实事项目票决计票结果报告单");
    CHECK(nth(d, BlockKind::subtitle).text == "红桥镇第十八届人民代表大会第五次会议");
    CHECK(nth(d, BlockKind::subtitle, 1).text == "第 1 轮　2026年1月9日");

    SUBCASE("the count (清点)") {
        const std::vector<Field>& f = nth(d, BlockKind::fields).fields;
        REQUIRE(f.size() == 8);
        CHECK(f[0].label == "应到代表");
        CHECK(f[0].value == "45 人");
        CHECK(f[2].value == "30 人（已达到）");
        CHECK(f[5].label == "收回与发出");
        CHECK(f[5].value == "相符");
        CHECK(f[6].value == "38 张");
        CHECK(f[7].value == "3 张");
        CHECK(has_paragraph(d, "通过票数：全体代表 45 的过半数，即至少 23 票赞成"));
    }
    SUBCASE("projects by approvals, every count and the status") {
        const DocTable& t = nth(d, BlockKind::table).table;
        REQUIRE(t.rows.size() == 12);
        CHECK(t.columns[4] == "赞成");
        CHECK(t.rows[0] ==
              std::vector<std::string>{"1", "P02", "社区养老助餐服务", "360", "37", "1", "0", "0", "入选"});
        CHECK(t.rows[9][2] == "背街小巷整治");
        CHECK(t.rows[10] ==
              std::vector<std::string>{"—", "P07", "垃圾分类设施建设", "210.45", "17", "15", "5", "1", "未过半数"});
        const Block& bars = nth(d, BlockKind::bars);
        REQUIRE(bars.bars.size() == 12);
        CHECK(bars.bar_mark == 23);
        CHECK(bars.bar_scale == 38);
        CHECK(bars.bars[0].passed);
        CHECK_FALSE(bars.bars[11].passed);
    }
    SUBCASE("invalid ballots with reasons, and the decision") {
        const DocTable& t = nth(d, BlockKind::table, 1).table;
        REQUIRE(t.rows.size() == 3);
        CHECK(t.rows[2] == std::vector<std::string>{"041", "42", "监票人裁定作废（有识别标记）"});
        CHECK(has_paragraph(d, "共 10 个项目入选。票决结束，预算合计 7205.9 万元。"));
    }
    SUBCASE("keying, digest and QR code") {
        const std::vector<Field>& f = nth(d, BlockKind::fields, 1).fields;
        CHECK(f[0].value == "hongqiao-2026");
        CHECK(f[1].value == "单人录入");
        CHECK(f.back().value == "sha256:" + s.hex.substr(0, 16));
        const Block& qr = nth(d, BlockKind::qr);
        CHECK(qr.text == "piaojue-result/1;hongqiao-2026;1;sha256:" + s.hex);
        CHECK(qr.lines[2] + qr.lines[3] == s.hex);
        RoundRecord twice = s.round;  // the record of a double keying says so (keying: "double")
        twice.double_keyed = true;
        CHECK(result_document(twice, ResultContext{s.hex, s.sigs}, Lang::zh).blocks.size() == d.blocks.size());
        CHECK(
            nth(result_document(twice, ResultContext{s.hex, s.sigs}, Lang::zh), BlockKind::fields, 1).fields[1].value ==
            "双人录入，两次录入一致");
    }
    SUBCASE("the signatures on the record, and lines for the officers") {
        const DocTable& t = nth(d, BlockKind::table, 2).table;
        REQUIRE(t.rows.size() == 2);
        CHECK(t.rows[0] == std::vector<std::string>{"总监票人", "王建国", "ed25519", "sha256:2e6160f17aeef42d"});
        CHECK(t.rows[1] == std::vector<std::string>{"监票人", "李秀英", "sm2-sm3", "sha256:643f689e09b8803e"});
        const Block& sign = nth(d, BlockKind::signatures);
        std::vector<std::string> lines;
        for (const SignLine& l : sign.signers) lines.push_back(l.role + l.name);
        CHECK(lines ==
              std::vector<std::string>{"计票人张伟", "计票人刘芳", "监票人李秀英", "监票人陈志强", "总监票人王建国"});
        CHECK(sign.sign_label == "签名");
        CHECK(d.footer.find("以经签名的电子记录为准") != std::string::npos);
    }
    SUBCASE("a signature file of another record is not listed as this one's") {
        SignatureFile other = s.sigs;
        other.record.digest = std::string(64, '0');
        const Document o = result_document(s.round, ResultContext{s.hex, other}, Lang::zh);
        CHECK(count(o, BlockKind::table) == 2);
        CHECK(has_paragraph(o, "签名文件不属于本记录"));
        const Document none = result_document(s.round, ResultContext{s.hex, std::nullopt}, Lang::zh);
        CHECK(has_paragraph(none, "本记录尚无电子签名。"));
    }
    SUBCASE("English") {
        const Document e = result_document(s.round, ResultContext{s.hex, s.sigs}, Lang::en);
        CHECK(e.lang == "en");
        CHECK(nth(e, BlockKind::subtitle, 1).text == "Round 1 · 9 January 2026");
        CHECK(nth(e, BlockKind::fields).fields[5].value == "equal");
        CHECK(nth(e, BlockKind::table).table.rows[0].back() == "selected");
        CHECK(nth(e, BlockKind::signatures).signers.back().role == "Chief scrutineer");
    }
}

TEST_CASE("report_document::later_round_shows_the_chain") {
    MemoryFileSystem mem = example_files();
    const RoundResult r1 = tally_example(mem, "examples/tie/round-1/session.toml");
    const RoundResult r2 = tally_example(mem, "examples/tie/round-2/session.toml");
    const std::string hex1 = to_hex(digest(DigestAlgo::sha256, r1.record));
    const std::string hex2 = to_hex(digest(DigestAlgo::sha256, r2.record));
    const Document d = result_document(r2.round, ResultContext{hex2, std::nullopt}, Lang::zh);
    CHECK(nth(d, BlockKind::title).text == "民生实事项目再次票决计票结果报告单");
    const std::vector<Field>& f = nth(d, BlockKind::fields, 1).fields;
    REQUIRE(f.size() == 5);
    CHECK(f[2].label == "上一轮记录");
    CHECK(f[2].value == "sha256:" + hex1.substr(0, 16));
    CHECK(f[3].label == "累计入选");
    CHECK(f[3].value.find("敬老院适老化改造") != std::string::npos);

    SUBCASE("a tie round has no notice; the deciding round has") {
        const Error e = test::expect_error([&] {
            (void)notice_document(r1.round, NoticeOptions{std::nullopt, false, {}, hex1}, Lang::en,
                                  "round-1/result.json");
        });
        CHECK(e.code() == ExitCode::input);
        CHECK(test::rendered(e).find("round-1/result.json: error: round 1 did not decide the vote (tie)") !=
              std::string::npos);
        const Document n = notice_document(r2.round, NoticeOptions{std::nullopt, false, {}, hex2}, Lang::zh, "r2");
        CHECK(nth(n, BlockKind::table).table.rows.size() == r2.round.decision.cumulative.size() + 1);
        CHECK(nth(n, BlockKind::paragraph).text.find("经 2 轮") != std::string::npos);
    }
}

TEST_CASE("report_document::notice") {
    const Signed s;
    std::map<std::string, ProjectDetail> details{{"P02", {"镇社会事务办", 37}}, {"P10", {"镇城建办", 24}}};
    const Document d = notice_document(s.round, NoticeOptions{3, false, details, s.hex}, Lang::zh, "result.json");
    CHECK(nth(d, BlockKind::title).text == "红桥镇人民代表大会公告");
    CHECK(nth(d, BlockKind::subtitle).text == "（第 3 号）");
    CHECK(nth(d, BlockKind::paragraph).text ==
          "红桥镇第十八届人民代表大会第五次会议于2026年1月9日以无记名投票方式对民生实事候选项目进行了票决。"
          "根据票决结果，下列 10 个项目确定为民生实事项目，预算合计 7205.9 万元：");
    const DocTable& t = nth(d, BlockKind::table).table;
    CHECK(t.columns == std::vector<std::string>{"序号", "项目名称", "预算（万元）", "牵头单位"});
    REQUIRE(t.rows.size() == 11);
    CHECK(t.rows[0] == std::vector<std::string>{"1", "社区养老助餐服务", "360", "镇社会事务办"});
    CHECK(t.rows[1][3] == "—");
    CHECK(t.rows[10] == std::vector<std::string>{"", "合计", "7205.9", ""});
    CHECK(t.emphasize_last);
    CHECK(nth(d, BlockKind::closing).lines == std::vector<std::string>{"红桥镇人民代表大会", "2026年1月9日"});
    CHECK(nth(d, BlockKind::qr).text == "piaojue-result/1;hongqiao-2026;1;sha256:" + s.hex);

    SUBCASE("counts only on request, lead units only when known, no number unless given") {
        const Document c = notice_document(s.round, NoticeOptions{std::nullopt, true, {}, s.hex}, Lang::en, "r");
        CHECK(count(c, BlockKind::subtitle) == 0);
        const DocTable& ct = nth(c, BlockKind::table).table;
        CHECK(ct.columns == std::vector<std::string>{"No.", "Project", "Budget (10k CNY)", "Approvals"});
        CHECK(ct.rows[0].back() == "—");
        const Document with =
            notice_document(s.round, NoticeOptions{std::nullopt, true, details, s.hex}, Lang::en, "r");
        CHECK(nth(with, BlockKind::table).table.rows[0].back() == "37");
    }
}

TEST_CASE("report_document::ballot") {
    MemoryFileSystem mem = example_files();
    const LoadedRound loaded = load_round(mem, "examples/township/session.toml", ReadOptions{});
    const Document d = ballot_document(loaded.setup, Lang::zh);
    CHECK(nth(d, BlockKind::title).text == "民生实事项目票决票");
    const DocTable& t = nth(d, BlockKind::table).table;
    REQUIRE(t.rows.size() == 12);
    CHECK(t.tall_rows);
    CHECK(t.columns == std::vector<std::string>{"序号", "项目名称", "预算（万元）", "牵头单位", "赞成", "不赞成"});
    CHECK(t.rows[0] == std::vector<std::string>{"1", "老旧小区配套设施改造", "1280.5", "镇规划建设办", "", ""});
    for (const auto& row : t.rows) CHECK((row[4].empty() && row[5].empty()));
    CHECK(has_paragraph(d, "应选 10 个。赞成的项目不得多于 10 个"));
    CHECK(has_paragraph(d, "符号无法辨认的，该项目不计票。"));
    // Nothing that tells one ballot from another, or ties it to a record.
    CHECK(count(d, BlockKind::qr) == 0);
    CHECK(d.footer.empty());
    CHECK(render_html(d).find("piaojue-result") == std::string::npos);

    RoundSetup strict = loaded.setup;
    strict.rules.unreadable = UnreadableRule::void_ballot;
    CHECK(has_paragraph(ballot_document(strict, Lang::en), "makes the whole ballot invalid"));
}

TEST_CASE("document::json_round_trip") {
    const Signed s;
    for (Lang lang : {Lang::zh, Lang::en}) {
        const Document d = result_document(s.round, ResultContext{s.hex, s.sigs}, lang);
        const std::string json = document_json(d);
        const Document back = parse_document_json(json);
        CHECK(document_json(back) == json);
        CHECK(render_html(back) == render_html(d));
    }
    CHECK(test::expect_error([] { (void)parse_document_json("{\"format\": \"other\"}"); }).code() == ExitCode::input);
    CHECK(test::expect_error([] { (void)parse_document_json("not json"); }).code() == ExitCode::input);
}

TEST_CASE("document::html") {
    Document d;
    d.kind = "result";
    d.lang = "zh-CN";
    d.title = "标题 <script>";
    Block p;
    p.kind = BlockKind::paragraph;
    p.text = "A & B <b>\"x\"</b>";
    Block q;
    q.kind = BlockKind::qr;
    q.text = "piaojue-result/1;x;1;sha256:00";
    q.lines = {"caption"};
    d.blocks = {p, q};
    const std::string html = render_html(d);
    CHECK(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    CHECK(html.find("@page { size: A4;") != std::string::npos);
    CHECK(html.find("\"Noto Sans CJK SC\"") != std::string::npos);
    CHECK(html.find("<title>标题 &lt;script&gt;</title>") != std::string::npos);
    CHECK(html.find("<p>A &amp; B &lt;b&gt;&quot;x&quot;&lt;/b&gt;</p>") != std::string::npos);
    CHECK(html.find("<svg") != std::string::npos);
    CHECK(html.find(qr_svg_path(encode_qr(q.text), 4)) != std::string::npos);
    CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));  // nothing fetched from outside
    CHECK(render_html(d) == html);
}

TEST_CASE("qr::encode") {
    const QrMatrix m = encode_qr("piaojue-result/1;hongqiao-2026;1;sha256:" + std::string(64, 'a'));
    // 105 bytes at level M: version 6, 41 × 41 modules.
    CHECK(m.size == 41);
    REQUIRE(m.dark.size() == 41u * 41u);
    // The finder patterns: a dark 7 × 7 ring in three corners, a light separator beside it.
    for (auto [x0, y0] : {std::pair{0, 0}, std::pair{34, 0}, std::pair{0, 34}}) {
        CHECK(m.at(x0, y0));
        CHECK(m.at(x0 + 6, y0 + 6));
        CHECK(m.at(x0 + 3, y0 + 3));
        CHECK_FALSE(m.at(x0 + 1, y0 + 1));
    }
    CHECK_FALSE(m.at(7, 7));
    CHECK(encode_qr("x").size == 21);
    CHECK(qr_svg_path(encode_qr("x"), 4).starts_with("M4 4h7v1h-7zM"));
}

}  // namespace piaojue
