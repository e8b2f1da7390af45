// The printed documents of a selection vote, built from the report model (report.hpp) and the
// record. Chinese as a township's own papers read (入选 / 未入选, counts with 票 / 人 / 张);
// English written for a reader, not translated word by word.
#include <piaojue/report.hpp>
#include <piaojue/report_document.hpp>

#include <array>

namespace piaojue {

namespace {

std::string n(long long v) {
    return std::to_string(v);
}

// Picks the text of `lang`.
struct Words {
    Lang lang;
    [[nodiscard]] std::string operator()(std::string zh, std::string en) const {
        return lang == Lang::zh ? std::move(zh) : std::move(en);
    }
};

// "2026年1月9日" / "9 January 2026" from YYYY-MM-DD (as the record holds it).
std::string long_date(const std::string& iso, Lang lang) {
    if (iso.size() != 10) return iso;
    const int month = std::stoi(iso.substr(5, 2));
    const int day = std::stoi(iso.substr(8, 2));
    if (month < 1 || month > 12) return iso;
    if (lang == Lang::zh) return iso.substr(0, 4) + "年" + std::to_string(month) + "月" + std::to_string(day) + "日";
    static constexpr std::array<const char*, 12> k_months{"January",   "February", "March",    "April",
                                                          "May",       "June",     "July",     "August",
                                                          "September", "October",  "November", "December"};
    return std::to_string(day) + " " + k_months[static_cast<std::size_t>(month - 1)] + " " + iso.substr(0, 4);
}

// The meeting named as documents name it: "红桥镇人民代表大会" + "第十八届人民代表大会第五次会议" is
// "红桥镇第十八届人民代表大会第五次会议", not the two run together.
std::string meeting_name(const Session& s) {
    constexpr std::string_view congress = "人民代表大会";
    const std::string_view body = s.body;
    if (body.ends_with(congress) && s.meeting.starts_with("第") && s.meeting.find(congress) != std::string::npos)
        return std::string(body.substr(0, body.size() - congress.size())) + s.meeting;
    return s.body + s.meeting;
}

std::string vote_name(RoundKind kind, Words w) {
    switch (kind) {
        case RoundKind::first:
            return w("民生实事项目票决", "Livelihood projects vote");
        case RoundKind::tie:
            return w("民生实事项目再次票决", "Livelihood projects tie re-vote");
        case RoundKind::supplementary:
            return w("民生实事项目另行票决", "Livelihood projects supplementary vote");
    }
    return {};
}

std::string budget_text(const std::optional<Decimal>& b) {
    return b ? b->to_string() : "—";
}

std::string digest_algo(const RoundRecord& round) {
    return std::string(digest_name(round.setup.rules.digest));
}

std::string footer(const RoundRecord& round, const std::string& digest, Words w) {
    const std::string d = short_digest(digest_algo(round), digest);
    return w(
        std::string("本文件由 piaojue 依据") + (round.setup.evaluation() ? "测评" : "票决") + "结果记录（" + d +
            "）生成，是该记录的打印件；以经签名的电子记录为准。",
        "Printed by piaojue from the result record " + d + "; the signed electronic record is the authoritative copy.");
}

Block text_block(BlockKind kind, std::string text) {
    Block b;
    b.kind = kind;
    b.text = std::move(text);
    return b;
}

Block fields_block(std::vector<Field> fields) {
    Block b;
    b.kind = BlockKind::fields;
    b.fields = std::move(fields);
    return b;
}

Block table_block(std::vector<std::string> columns, std::vector<double> widths, std::vector<bool> numeric) {
    Block b;
    b.kind = BlockKind::table;
    b.table.columns = std::move(columns);
    b.table.widths = std::move(widths);
    b.table.numeric = std::move(numeric);
    return b;
}

Block qr_block(const RoundRecord& round, const std::string& digest, std::string caption, Words w) {
    Block b;
    b.kind = BlockKind::qr;
    b.text = result_qr_payload(round, digest);
    b.lines = {std::move(caption), w("记录摘要（", "Record digest (") + digest_algo(round) + w("）：", "): "),
               digest.substr(0, digest.size() / 2), digest.substr(digest.size() / 2),
               w("二维码内容：", "QR code: ") + b.text};
    return b;
}

std::vector<Field> count_fields(const RoundReport& report, Words w) {
    const RoundRecord& round = *report.round;
    const Session& s = round.setup.session;
    const Decision& d = round.decision;
    std::vector<Field> f = {
        {w("应到代表", "Deputies"), n(s.deputies) + w(" 人", "")},
        {w("实到代表", "Present"), n(s.present) + w(" 人", "")},
        {w("法定人数", "Quorum"), n(d.quorum_required) + w(" 人（", " (") +
                                      (d.quorum_met ? w("已达到", "met") : w("未达到", "NOT met")) + w("）", ")")},
        {w("发出选票", "Ballots issued"), n(s.ballots_issued) + w(" 张", "")},
        {w("收回选票", "Ballots returned"), n(s.ballots_returned) + w(" 张", "")},
    };
    std::string match;
    if (s.ballots_returned == s.ballots_issued)
        match = w("相符", "equal");
    else if (s.ballots_returned < s.ballots_issued)
        match = w("不相符：少 ", "not equal: ") + n(s.ballots_issued - s.ballots_returned) +
                w(" 张（票决有效）", " fewer (the vote stands)");
    else
        match = w("不相符：多 ", "not equal: ") + n(s.ballots_returned - s.ballots_issued) +
                w(" 张（票决无效）", " more (the vote is void)");
    f.push_back({w("收回与发出", "Returned vs issued"), match});
    if (round.counts) {
        f.push_back({w("有效票", "Valid ballots"), n(round.counts->valid) + w(" 张", "")});
        f.push_back({w("无效票", "Invalid ballots"), n(round.counts->invalid) + w(" 张", "")});
    }
    return f;
}

Block results_table(const RoundReport& report, Lang lang, Words w) {
    Block t = table_block(
        {w("名次", "Rank"), w("编号", "ID"), w("项目名称", "Project"), w("预算（万元）", "Budget (10k CNY)"),
         w("赞成", "Yes"), w("不赞成", "No"), w("弃权", "Abstain"), w("无法辨认", "Unreadable"), w("结果", "Result")},
        {4.5, 5.5, 26, 11, 5.5, 7, 5.5, 9, 10}, {true, false, false, true, true, true, true, true, false});
    for (const ReportRow& row : report.rows)
        t.table.rows.push_back({row.rank ? n(*row.rank) : "—", row.candidate->id, row.candidate->name,
                                budget_text(row.candidate->budget), n(row.counts.approve), n(row.counts.disapprove),
                                n(row.counts.abstain), n(row.counts.unreadable), row.status_text.in(lang)});
    return t;
}

// R8: each project's marks per level, its rate and verdict, in project order.
Block evaluation_table(const RoundReport& report, Lang lang, Words w) {
    const std::vector<std::string>& levels = report.round->setup.rules.levels;
    std::vector<std::string> cols = {w("编号", "ID"), w("项目名称", "Project")};
    std::vector<double> widths = {5.5, 24};
    std::vector<bool> numeric = {false, false};
    for (const std::string& l : levels) cols.push_back(l), widths.push_back(7), numeric.push_back(true);
    cols.insert(cols.end(),
                {w("弃权", "Abstain"), w("无法辨认", "Unreadable"), w("满意率 %", "Rate %"), w("评价", "Verdict")});
    widths.insert(widths.end(), {5.5, 8, 8, 9});
    numeric.insert(numeric.end(), {true, true, true, false});
    Block t = table_block(cols, widths, numeric);
    for (const EvaluationRow& row : report.evaluation) {
        std::vector<std::string> cells = {row.project->id, row.project->name};
        for (Count c : row.counts->levels) cells.push_back(n(c));
        cells.insert(cells.end(),
                     {n(row.counts->abstain), n(row.counts->unreadable), row.rate.value_or("—"), row.verdict});
        t.table.rows.push_back(std::move(cells));
    }
    (void)lang;
    return t;
}

Block approvals_chart(const RoundReport& report, Words w) {
    const RoundRecord& round = *report.round;
    Block b;
    b.kind = BlockKind::bars;
    for (const ReportRow& row : report.rows)
        b.bars.push_back({row.candidate->name, row.counts.approve, row.status == CandidateStatus::selected});
    b.bar_scale = round.counts->valid;
    const std::optional<Threshold>& t = round.decision.threshold;
    if (t && t->required) {
        b.bar_mark = *t->required;
        b.bar_mark_label = w("通过票数 ", "pass mark ") + n(*t->required);
        b.bar_scale = std::max<long long>(b.bar_scale, *t->required);
    }
    for (const Bar& bar : b.bars) b.bar_scale = std::max(b.bar_scale, bar.value);
    return b;
}

std::string role_text(Role role, Words w) {
    switch (role) {
        case Role::counter:
            return w("计票人", "Counter");
        case Role::scrutineer:
            return w("监票人", "Scrutineer");
        case Role::chief_scrutineer:
            return w("总监票人", "Chief scrutineer");
    }
    return {};
}

void signatures_on_file(Document& doc, const RoundRecord& round, const ResultContext& c, Words w) {
    doc.blocks.push_back(text_block(BlockKind::heading, w("电子签名", "Electronic signatures on the record")));
    if (!c.signatures || c.signatures->signatures.empty()) {
        doc.blocks.push_back(
            text_block(BlockKind::paragraph, w("本记录尚无电子签名。", "The record has no electronic signature yet.")));
        return;
    }
    if (c.signatures->record.digest != c.record_digest) {
        doc.blocks.push_back(text_block(
            BlockKind::paragraph, w("签名文件不属于本记录（记录摘要不符），未列出其中的签名。",
                                    "The signature file beside the record belongs to another record (digest differs); "
                                    "its signatures are not listed.")));
        return;
    }
    Block t =
        table_block({w("角色", "Role"), w("姓名", "Name"), w("算法", "Algorithm"), w("公钥指纹", "Key fingerprint")},
                    {12, 12, 12, 40}, {false, false, false, false});
    for (const SignatureEntry& e : c.signatures->signatures)
        t.table.rows.push_back({role_text(e.role, w), e.name, std::string(signature_algo_name(e.algorithm)),
                                short_digest(digest_name(e.fingerprint_algo), e.fingerprint)});
    doc.blocks.push_back(std::move(t));
    doc.blocks.push_back(
        text_block(BlockKind::paragraph,
                   w("以上签名按签名文件列出，未在本页核验；核验请运行 piaojue verify。",
                     "Listed as the signature file states them, not checked here: piaojue verify checks them.")));
    (void)round;
}

Block sign_lines(const Officers& o, Words w) {
    Block b;
    b.kind = BlockKind::signatures;
    b.sign_label = w("签名", "Signature");
    b.date_label = w("日期", "Date");
    auto add = [&](const std::string& role, const std::vector<std::string>& names, std::size_t blanks) {
        for (const std::string& name : names) b.signers.push_back({role, name});
        for (std::size_t i = names.size(); i < blanks; ++i) b.signers.push_back({role, ""});
    };
    add(role_text(Role::counter, w), o.counters, 1);
    add(role_text(Role::scrutineer, w), o.scrutineers, 1);
    add(role_text(Role::chief_scrutineer, w),
        o.chief_scrutineer.empty() ? std::vector<std::string>{} : std::vector<std::string>{o.chief_scrutineer}, 1);
    return b;
}

std::string names_of(const std::vector<SelectedProject>& projects, Words w) {
    std::string out;
    for (const SelectedProject& p : projects) out += (out.empty() ? "" : w("、", ", ")) + p.name;
    return out.empty() ? w("无", "none") : out;
}

}  // namespace

std::string short_digest(std::string_view algo, std::string_view hex) {
    return std::string(algo) + ":" + std::string(hex.substr(0, 16));
}

std::string result_qr_payload(const RoundRecord& round, const std::string& record_digest) {
    return std::string(k_record_format) + ";" + round.setup.session.id + ";" + std::to_string(round.setup.round) + ";" +
           digest_algo(round) + ":" + record_digest;
}

Document result_document(const RoundRecord& round, const ResultContext& c, Lang lang) {
    const Words w{lang};
    const RoundSetup& setup = round.setup;
    const Session& s = setup.session;
    const RoundReport report = make_report(round);
    Document doc;
    doc.kind = "result";
    doc.lang = w("zh-CN", "en");
    doc.title = setup.evaluation() ? w("民生实事项目满意度测评结果报告单", "Satisfaction evaluation: count report")
                                   : vote_name(setup.kind, w) + w("计票结果报告单", ": count report");
    doc.date = s.date;
    doc.footer = footer(round, c.record_digest, w);
    doc.blocks.push_back(text_block(BlockKind::title, doc.title));
    doc.blocks.push_back(text_block(BlockKind::subtitle, meeting_name(s)));
    doc.blocks.push_back(text_block(
        BlockKind::subtitle,
        (setup.evaluation() ? std::string() : w("第 " + n(setup.round) + " 轮　", "Round " + n(setup.round) + " · ")) +
            long_date(s.date, lang)));

    doc.blocks.push_back(text_block(BlockKind::heading, w("一、清点", "1. Attendance and ballots")));
    doc.blocks.push_back(fields_block(count_fields(report, w)));
    if (report.pass_mark) doc.blocks.push_back(text_block(BlockKind::paragraph, report.pass_mark->in(lang)));

    const bool counted = !report.rows.empty() || !report.evaluation.empty();
    if (!report.evaluation.empty()) {
        doc.blocks.push_back(text_block(BlockKind::heading, w("二、测评结果", "2. Results of the evaluation")));
        doc.blocks.push_back(evaluation_table(report, lang, w));
        if (report.overall_rate) doc.blocks.push_back(text_block(BlockKind::paragraph, report.overall_rate->in(lang)));
    } else if (!report.rows.empty()) {
        doc.blocks.push_back(
            text_block(BlockKind::heading, w("二、票决结果（按赞成票数排列）", "2. Results, by approvals")));
        doc.blocks.push_back(results_table(report, lang, w));
        doc.blocks.push_back(approvals_chart(report, w));
    }
    if (counted) {
        doc.blocks.push_back(
            text_block(BlockKind::heading,
                       w("三、无效票（供总监票人核对）", "3. Invalid ballots, for the chief scrutineer's review")));
        if (report.invalid.empty()) {
            doc.blocks.push_back(text_block(BlockKind::paragraph, w("无。", "None.")));
        } else {
            Block t = table_block({w("票号", "Ballot"), w("录入行", "Line"), w("原因", "Reason")}, {10, 8, 60},
                                  {false, true, false});
            for (const ReportInvalidBallot& b : report.invalid)
                t.table.rows.push_back({b.ballot->ballot, n(static_cast<long long>(b.ballot->line)), b.why.in(lang)});
            doc.blocks.push_back(std::move(t));
        }
    }

    doc.blocks.push_back(
        text_block(BlockKind::heading, counted ? w("四、结果", "4. Decision") : w("二、结果", "2. Decision")));
    doc.blocks.push_back(text_block(BlockKind::paragraph, report.decision.in(lang)));

    std::vector<Field> facts = {
        {w("会议编号", "Session id"), s.id},
        {w("录入方式", "Keying"),
         round.double_keyed ? w("双人录入，两次录入一致", "double, both keyings agree") : w("单人录入", "single")}};
    if (const InputDigest* chose = round.input("selection"))
        facts.push_back({w("选定项目的票决记录", "The vote that chose the projects"),
                         short_digest(digest_algo(round), chose->hex)});
    if (const InputDigest* prev = round.input("previous"))
        facts.push_back({w("上一轮记录", "Previous round's record"), short_digest(digest_algo(round), prev->hex)});
    if (setup.round > 1 && round.decision.tallied())
        facts.push_back({w("累计入选", "Adopted so far"), names_of(round.decision.cumulative, w)});
    facts.push_back({w("本记录摘要", "This record"), short_digest(digest_algo(round), c.record_digest)});
    doc.blocks.push_back(text_block(BlockKind::heading, w("记录", "The record")));
    doc.blocks.push_back(fields_block(std::move(facts)));
    doc.blocks.push_back(
        qr_block(round, c.record_digest,
                 w("扫描二维码，可与电子结果记录核对。", "Scan to match this paper with the electronic record."), w));
    signatures_on_file(doc, round, c, w);

    doc.blocks.push_back(text_block(BlockKind::heading, w("签字", "Signatures")));
    doc.blocks.push_back(sign_lines(s.officers, w));
    return doc;
}

namespace {

// The notice of an evaluation (R8): every project's verdict and rate, and the overall rate.
Document evaluation_notice(const RoundRecord& round, const NoticeOptions& o, Lang lang) {
    const Words w{lang};
    const Session& s = round.setup.session;
    const RoundReport report = make_report(round);
    Document doc;
    doc.kind = "notice";
    doc.lang = w("zh-CN", "en");
    doc.title = w(s.body + "公告", "Notice of " + s.body);
    doc.date = s.date;
    doc.footer = footer(round, o.record_digest, w);
    doc.blocks.push_back(text_block(BlockKind::title, doc.title));
    if (o.number)
        doc.blocks.push_back(
            text_block(BlockKind::subtitle, w("（第 " + n(*o.number) + " 号）", "No. " + n(*o.number))));
    const auto count = static_cast<long long>(report.evaluation.size());
    doc.blocks.push_back(text_block(
        BlockKind::paragraph,
        w(meeting_name(s) + "于" + long_date(s.date, lang) + "以无记名投票方式对 " + n(count) +
              " 个民生实事项目的实施情况进行了满意度测评。测评结果如下：",
          "On " + long_date(s.date, lang) + ", " + meeting_name(s) + " evaluated by secret ballot how " + n(count) +
              (count == 1 ? " livelihood project was" : " livelihood projects were") + " carried out. The results:")));
    std::vector<std::string> cols = {w("序号", "No."), w("项目名称", "Project"), w("牵头单位", "Lead unit"),
                                     w("满意率 %", "Rate %"), w("评价", "Verdict")};
    std::vector<double> widths = {6, 34, 20, 10, 10};
    std::vector<bool> numeric = {true, false, false, true, false};
    if (o.counts)
        for (const std::string& l : round.setup.rules.levels)
            cols.push_back(l), widths.push_back(7), numeric.push_back(true);
    Block t = table_block(cols, widths, numeric);
    for (std::size_t i = 0; i < report.evaluation.size(); ++i) {
        const EvaluationRow& row = report.evaluation[i];
        std::vector<std::string> cells = {n(static_cast<long long>(i + 1)), row.project->name,
                                          row.project->lead.empty() ? "—" : row.project->lead, row.rate.value_or("—"),
                                          row.verdict};
        if (o.counts)
            for (Count c : row.counts->levels) cells.push_back(n(c));
        t.table.rows.push_back(std::move(cells));
    }
    doc.blocks.push_back(std::move(t));
    if (report.overall_rate) doc.blocks.push_back(text_block(BlockKind::paragraph, report.overall_rate->in(lang)));
    doc.blocks.push_back(text_block(BlockKind::paragraph, w("特此公告。", "This notice is hereby given.")));
    Block closing;
    closing.kind = BlockKind::closing;
    closing.lines = {s.body, long_date(s.date, lang)};
    doc.blocks.push_back(std::move(closing));
    doc.blocks.push_back(qr_block(round, o.record_digest,
                                  w("扫码可核对测评结果记录（码上监督）。", "Scan to check the evaluation's record."),
                                  w));
    return doc;
}

// The symbol a voter draws for `mark` on the paper: the session's [marks] table's first symbol of
// that class, else ○ or ×.
std::string drawn(const MarkTable& marks, Mark mark) {
    if (marks.custom)
        if (const MarkClass* c = marks.class_of(mark))
            for (const std::string& s : c->symbols)
                if (!s.empty()) return s;
    return mark == Mark::approve ? "\xE2\x97\x8B" : "\xC3\x97";
}

}  // namespace

Document notice_document(const RoundRecord& round, const NoticeOptions& o, Lang lang, const std::string& record_file) {
    const Words w{lang};
    const Decision& d = round.decision;
    const Session& s = round.setup.session;
    if (round.setup.evaluation() && d.outcome == Outcome::final_) return evaluation_notice(round, o, lang);
    if (d.outcome != Outcome::final_) {
        const bool another = d.outcome == Outcome::tie || d.outcome == Outcome::shortfall;
        throw_about(ExitCode::input, record_file,
                    {"round " + n(round.setup.round) + " did not decide the vote (" + std::string(name(d.outcome)) +
                         "): a notice lists the adopted projects of a decided vote",
                     "第 " + n(round.setup.round) + " 轮未产生最终结果（" + std::string(name(d.outcome)) +
                         "）：公告只能依据已确定结果的票决记录生成"},
                    another ? Text{"make the notice from the record of the round that decides the vote (see piaojue "
                                   "next-round); the result report (--kind result) prints this round",
                                   "请在下一轮票决后用该轮的结果记录生成公告（见 piaojue "
                                   "next-round）；本轮可打印计票结果报告单（--kind result）"}
                            : Text{"this round adopted nothing; print its result report with --kind result",
                                   "本轮没有项目入选；可用 --kind result 打印计票结果报告单"});
    }
    Document doc;
    doc.kind = "notice";
    doc.lang = w("zh-CN", "en");
    doc.title = w(s.body + "公告", "Notice of " + s.body);
    doc.date = s.date;
    doc.footer = footer(round, o.record_digest, w);
    doc.blocks.push_back(text_block(BlockKind::title, doc.title));
    if (o.number)
        doc.blocks.push_back(
            text_block(BlockKind::subtitle, w("（第 " + n(*o.number) + " 号）", "No. " + n(*o.number))));

    const std::size_t count = d.cumulative.size();
    const std::string rounds =
        round.setup.round > 1 ? w("经 " + n(round.setup.round) + " 轮", "in " + n(round.setup.round) + " rounds ") : "";
    doc.blocks.push_back(text_block(
        BlockKind::paragraph,
        w(meeting_name(s) + "于" + long_date(s.date, lang) + rounds +
              "以无记名投票方式对民生实事候选项目进行了票决。根据票决结果，下列 " + n(static_cast<long long>(count)) +
              " 个项目确定为民生实事项目，预算合计 " + d.budget_selected.to_string() + " 万元：",
          "On " + long_date(s.date, lang) + ", " + meeting_name(s) + " voted " + rounds +
              "by secret ballot on the candidate livelihood projects. By the result of the vote the following " +
              n(static_cast<long long>(count)) + (count == 1 ? " project is" : " projects are") +
              " adopted, with a total budget of " + d.budget_selected.to_string() + " (10k CNY):")));

    bool any_lead = false;
    for (const SelectedProject& p : d.cumulative)
        if (auto it = o.details.find(p.id); it != o.details.end() && !it->second.lead.empty()) any_lead = true;
    std::vector<std::string> cols = {w("序号", "No."), w("项目名称", "Project"), w("预算（万元）", "Budget (10k CNY)")};
    std::vector<double> widths = {6, 36, 12};
    std::vector<bool> numeric = {true, false, true};
    if (any_lead) cols.push_back(w("牵头单位", "Lead unit")), widths.push_back(20), numeric.push_back(false);
    if (o.counts) cols.push_back(w("赞成票", "Approvals")), widths.push_back(9), numeric.push_back(true);
    Block t = table_block(cols, widths, numeric);
    for (std::size_t i = 0; i < count; ++i) {
        const SelectedProject& p = d.cumulative[i];
        const auto it = o.details.find(p.id);
        std::vector<std::string> row = {n(static_cast<long long>(i + 1)), p.name, budget_text(p.budget)};
        if (any_lead) row.push_back(it != o.details.end() && !it->second.lead.empty() ? it->second.lead : "—");
        if (o.counts) row.push_back(it != o.details.end() && it->second.approve ? n(*it->second.approve) : "—");
        t.table.rows.push_back(std::move(row));
    }
    std::vector<std::string> total = {"", w("合计", "Total"), d.budget_selected.to_string()};
    if (any_lead) total.push_back("");
    if (o.counts) total.push_back("");
    t.table.rows.push_back(std::move(total));
    t.table.emphasize_last = true;
    doc.blocks.push_back(std::move(t));
    doc.blocks.push_back(text_block(BlockKind::paragraph, w("特此公告。", "This notice is hereby given.")));
    Block closing;
    closing.kind = BlockKind::closing;
    closing.lines = {s.body, long_date(s.date, lang)};
    doc.blocks.push_back(std::move(closing));
    doc.blocks.push_back(qr_block(round, o.record_digest,
                                  w("扫码可核对票决结果记录（码上监督）。", "Scan to check the vote's result record."),
                                  w));
    return doc;
}

Document ballot_document(const RoundSetup& setup, Lang lang) {
    const Words w{lang};
    const Session& s = setup.session;
    Document doc;
    doc.kind = "ballot";
    doc.lang = w("zh-CN", "en");
    doc.title = vote_name(setup.kind, w) + w("票", ": ballot");
    doc.date = s.date;
    doc.blocks.push_back(text_block(BlockKind::title, doc.title));
    doc.blocks.push_back(text_block(BlockKind::subtitle, meeting_name(s)));
    doc.blocks.push_back(text_block(BlockKind::subtitle, long_date(s.date, lang)));
    doc.blocks.push_back(text_block(BlockKind::heading, w("填写说明", "How to fill in this ballot")));
    const bool void_ballot = setup.rules.unreadable == UnreadableRule::void_ballot;
    if (setup.evaluation()) {
        doc.title = w("民生实事项目满意度测评票", "Satisfaction evaluation: ballot");
        doc.blocks.front() = text_block(BlockKind::title, doc.title);
        const std::vector<std::string>& levels = setup.rules.levels;
        std::string list;
        for (const std::string& l : levels) list += (list.empty() ? "" : w("、", ", ")) + "“" + l + "”";
        const std::vector<std::string> rules = {
            w("1. 本次测评项目 " + n(static_cast<long long>(setup.candidates.size())) + " 个，评价等次为 " + list +
                  "。",
              "1. " + n(static_cast<long long>(setup.candidates.size())) + " projects to evaluate; the levels are " +
                  list + "."),
            w("2. 对每个项目，在所选等次栏内画“○”，每个项目只能选一个等次；弃权的不画。",
              "2. For each project draw ○ in the box of one level; to abstain, draw nothing."),
            void_ballot ? w("3. 符号无法辨认的，整张选票无效。",
                            "3. A mark that cannot be read makes the whole ballot invalid.")
                        : w("3. 符号无法辨认的，该项目不计票。",
                            "3. A mark that cannot be read counts for nothing on that project."),
            w("4. 请用黑色或蓝色笔填写；除上述符号外，请勿在选票上书写其他内容。",
              "4. Use a black or blue pen, and write nothing on the ballot besides these marks."),
        };
        for (const std::string& r : rules) doc.blocks.push_back(text_block(BlockKind::paragraph, r));
        std::vector<std::string> cols = {w("序号", "No."), w("项目名称", "Project"), w("牵头单位", "Lead unit")};
        std::vector<double> widths = {5, 32, 19};
        std::vector<bool> numeric = {true, false, false};
        for (const std::string& l : levels) cols.push_back(l), widths.push_back(9), numeric.push_back(false);
        Block t = table_block(cols, widths, numeric);
        for (std::size_t i = 0; i < setup.candidates.size(); ++i) {
            const Candidate& c = setup.candidates[i];
            std::vector<std::string> row = {n(static_cast<long long>(i + 1)), c.name, c.lead.empty() ? "—" : c.lead};
            row.resize(row.size() + levels.size());
            t.table.rows.push_back(std::move(row));
        }
        t.table.tall_rows = true;
        doc.blocks.push_back(std::move(t));
        return doc;
    }
    const std::string seats = n(setup.seats);
    const std::string yes = drawn(setup.marks, Mark::approve), no = drawn(setup.marks, Mark::disapprove);
    const std::vector<std::string> rules = {
        w("1. 本次票决候选项目 " + n(static_cast<long long>(setup.candidates.size())) + " 个，应选 " + seats +
              " 个。赞成的项目不得多于 " + seats + " 个，多于 " + seats + " 个的为无效票。",
          "1. " + n(static_cast<long long>(setup.candidates.size())) + " candidate projects for " + seats +
              (setup.seats == 1 ? " seat" : " seats") + ". Approve at most " + seats +
              "; a ballot approving more is invalid."),
        w("2. 赞成的，在“赞成”栏内画“" + yes + "”；不赞成的，在“不赞成”栏内画“" + no + "”；弃权的，两栏均不画。",
          "2. To approve a project, draw " + yes + " in its “Yes” box; to disapprove, draw " + no +
              " in its “No” box; to abstain, leave both empty."),
        void_ballot
            ? w("3. 符号无法辨认的，整张选票无效。", "3. A mark that cannot be read makes the whole ballot invalid.")
            : w("3. 符号无法辨认的，该项目不计票。",
                "3. A mark that cannot be read counts for nothing on that project."),
        w("4. 请用黑色或蓝色笔填写；除上述符号外，请勿在选票上书写其他内容。",
          "4. Use a black or blue pen, and write nothing on the ballot besides these marks."),
    };
    for (const std::string& r : rules) doc.blocks.push_back(text_block(BlockKind::paragraph, r));
    Block t = table_block({w("序号", "No."), w("项目名称", "Project"), w("预算（万元）", "Budget (10k CNY)"),
                           w("牵头单位", "Lead unit"), w("赞成", "Yes"), w("不赞成", "No")},
                          {5, 32, 12, 19, 8, 8}, {true, false, true, false, false, false});
    for (std::size_t i = 0; i < setup.candidates.size(); ++i) {
        const Candidate& c = setup.candidates[i];
        t.table.rows.push_back(
            {n(static_cast<long long>(i + 1)), c.name, budget_text(c.budget), c.lead.empty() ? "—" : c.lead, "", ""});
    }
    t.table.tall_rows = true;
    doc.blocks.push_back(std::move(t));
    return doc;
}

}  // namespace piaojue
