// The report model: what a round's report says, in both languages, from its typed record.
#include <piaojue/report.hpp>
#include <piaojue/text.hpp>

#include <algorithm>
#include <numeric>

namespace piaojue {

namespace {

std::string n(Count v) {
    return std::to_string(v);
}

Text both(const auto& in_lang) {
    return Text{in_lang(Lang::en), in_lang(Lang::zh)};
}

Text status_text(CandidateStatus s, bool passed) {
    switch (s) {
        case CandidateStatus::selected:
            return {"selected", "入选"};
        case CandidateStatus::tied:
            return {"tied: re-vote", "票数相同，需再次票决"};
        case CandidateStatus::not_selected:
            return {"passed, not selected", "通过但未入选"};
        case CandidateStatus::failed:
            return passed ? Text{"not selected", "未入选"} : Text{"failed", "未过半数"};
    }
    return {};
}

std::string project_list(const RoundSetup& setup, const std::vector<std::size_t>& idx, Lang lang) {
    std::string out;
    for (std::size_t k = 0; k < idx.size(); ++k) {
        if (k > 0) out += lang == Lang::zh ? "、" : ", ";
        out += setup.candidates[idx[k]].name;  // read aloud: the names, not the ids
    }
    return out;
}

Text title(const RoundSetup& setup) {
    const std::string& date = setup.session.date;
    if (setup.evaluation())
        return {"Satisfaction evaluation of livelihood projects, " + date, "民生实事项目满意度测评　" + date};
    const std::string round = std::to_string(setup.round);
    const char* zh = setup.kind == RoundKind::first ? "民生实事项目票决"
                     : setup.kind == RoundKind::tie ? "民生实事项目再次票决（票数相同）"
                                                    : "民生实事项目另行票决（缺额）";
    const char* en = setup.kind == RoundKind::first ? "Livelihood projects vote"
                     : setup.kind == RoundKind::tie ? "Tie re-vote"
                                                    : "Supplementary vote";
    return {std::string(en) + ", round " + round + ", " + date, std::string(zh) + "　第 " + round + " 轮　" + date};
}

Text attendance(const Session& s, const Decision& d) {
    return {"Deputies: " + n(s.deputies) + ", present: " + n(s.present) + " (quorum " + n(d.quorum_required) + ", " +
                (d.quorum_met ? "met" : "NOT met") + ")",
            "应到代表 " + n(s.deputies) + " 人，实到 " + n(s.present) + " 人（法定人数 " + n(d.quorum_required) +
                " 人，" + (d.quorum_met ? "已达到" : "未达到") + "）"};
}

Text ballots_line(const Session& s, const BallotCounts* c) {
    Text t{"Ballots issued: " + n(s.ballots_issued) + ", returned: " + n(s.ballots_returned),
           "发出选票 " + n(s.ballots_issued) + " 张，收回 " + n(s.ballots_returned) + " 张"};
    if (c != nullptr) {
        t.en += ", valid: " + n(c->valid) + ", invalid: " + n(c->invalid);
        t.zh += "，有效 " + n(c->valid) + " 张，无效 " + n(c->invalid) + " 张";
    }
    return t;
}

Text pass_mark(const RoundSetup& setup, const Threshold& t) {
    if (!t.required)
        return {"Re-vote: the most approvals win " + n(setup.seats) + (setup.seats == 1 ? " seat" : " seats"),
                "再次票决：得赞成票多者入选，应选 " + n(setup.seats) + " 个"};
    std::string base_zh = t.base == "all-deputies" ? "全体代表"
                          : t.base == "present"    ? "出席代表"
                          : t.base == "returned"   ? "收回选票"
                                                   : "有效选票";
    return {"Pass mark: more than half of " + n(t.base_count) + " (" + t.base + "), i.e. at least " + n(*t.required) +
                " approvals",
            "通过票数：" + base_zh + " " + n(t.base_count) + " 的过半数，即至少 " + n(*t.required) + " 票赞成"};
}

// R8's rule in words: the verdict, and what the rate counts.
Text evaluation_mark(const RoundSetup& setup, const Threshold& t) {
    const std::vector<std::string>& levels = setup.rules.levels;
    std::string base_zh = t.base == "all-deputies" ? "全体代表"
                          : t.base == "present"    ? "出席代表"
                          : t.base == "returned"   ? "收回选票"
                                                   : "有效选票";
    std::string better_zh, better_en;
    for (std::size_t l = 0; l + 1 < levels.size(); ++l) {
        better_zh += (l ? "、" : "") + levels[l];
        better_en += (l ? ", " : "") + levels[l];
    }
    const std::string required = t.required ? n(*t.required) : "-";
    return {"Verdict: the best level that, with the levels above it, has at least " + required +
                " marks (more than half of " + n(t.base_count) + ", " + t.base + "); the rate counts " + better_en +
                " over the valid ballots",
            "评价等次：该等次及以上等次合计达到" + base_zh + " " + n(t.base_count) + " 的过半数，即至少 " + required +
                " 票；满意率＝（" + better_zh + "）÷ 有效票"};
}

Text invalid_why(const InvalidBallot& b, Count seats) {
    Text why;
    switch (b.reason) {
        case InvalidReason::over_approval:
            why = {n(b.approvals) + " approvals, more than the " + n(seats) + " seats",
                   "赞成 " + n(b.approvals) + " 项，超过应选 " + n(seats) + " 项"};
            break;
        case InvalidReason::declared_void:
            why = {"declared void by the scrutineers", "监票人裁定作废"};
            break;
        case InvalidReason::unreadable:
            why = {"an unreadable mark", "有无法辨认的标记"};
            break;
    }
    if (!b.note.empty()) {
        why.en += " (" + b.note + ")";
        why.zh += "（" + b.note + "）";
    }
    return why;
}

std::string decision_sentence(const RoundRecord& round, Lang lang) {
    const RoundSetup& setup = round.setup;
    const Session& s = setup.session;
    const Decision& d = round.decision;
    bool zh = lang == Lang::zh;
    switch (d.outcome) {
        case Outcome::slate_rejected:
            return zh ? "候选项目 " + n(static_cast<Count>(setup.candidates.size())) + " 个、应选 " +
                            n(setup.rules.seats) + " 个，差额规则（" + std::string(name(setup.rules.surplus)) +
                            "）要求至少 " + n(d.minimum_candidates) + " 个候选项目：候选项目名单不符合规定，不能票决。"
                      : std::to_string(setup.candidates.size()) + " candidates for " + n(setup.rules.seats) +
                            " seats; the surplus rule (" + std::string(name(setup.rules.surplus)) +
                            ") needs at least " + n(d.minimum_candidates) +
                            ": the candidate list is rejected and no vote can be held.";
        case Outcome::no_quorum:
            return zh ? "实到代表 " + n(s.present) + " 人，不足法定人数 " + n(d.quorum_required) + " 人：不能进行票决。"
                      : "Only " + n(s.present) + " of " + n(s.deputies) + " deputies are present and " +
                            n(d.quorum_required) + " are needed: the vote cannot be held.";
        case Outcome::void_:
            return zh ? "收回选票 " + n(s.ballots_returned) + " 张，多于发出的 " + n(s.ballots_issued) +
                            " 张：本次票决无效，应重新票决。"
                      : n(s.ballots_returned) + " ballots were returned but only " + n(s.ballots_issued) +
                            " issued: the vote is void and must be held again.";
        default:
            break;
    }
    if (d.evaluation) {
        const std::vector<std::string>& levels = setup.rules.levels;
        std::vector<Count> by_verdict(levels.size(), 0);
        for (const ProjectEvaluation& p : d.evaluation->projects) ++by_verdict[p.verdict];
        std::string counts;
        for (std::size_t l = 0; l < levels.size(); ++l)
            counts += zh ? (l ? "、" : "") + levels[l] + " " + n(by_verdict[l]) + " 个"
                         : (l ? ", " : "") + n(by_verdict[l]) + " " + levels[l];
        const Count projects = static_cast<Count>(d.evaluation->projects.size());
        const std::string rate = d.evaluation->overall_rate ? *d.evaluation->overall_rate + "%" : "-";
        return zh ? "测评项目 " + n(projects) + " 个，评价为" + counts + "；总体满意率 " + rate + "。"
                  : n(projects) + (projects == 1 ? " project" : " projects") + " evaluated: " + counts +
                        "; overall rate " + rate + ".";
    }
    std::string out;
    std::string adopted = project_list(setup, d.selected, lang);
    if (!d.selected.empty())
        out += zh ? adopted + "，共 " + n(static_cast<Count>(d.selected.size())) + " 个项目入选。"
                  : n(static_cast<Count>(d.selected.size())) + " adopted: " + adopted + ". ";
    if (d.outcome == Outcome::tie) {
        const NextRound& nr = *d.next_round;
        Count votes = round.counts->candidates[nr.candidates.front()].approve;
        out += zh ? project_list(setup, nr.candidates, lang) + " 均得 " + n(votes) + " 票，票数相同，须就剩余 " +
                        n(nr.seats) + " 个名额再次票决。"
                  : project_list(setup, nr.candidates, lang) + " are tied with " + n(votes) +
                        " approvals for the remaining " + n(nr.seats) + (nr.seats == 1 ? " seat" : " seats") +
                        ": a re-vote among them is needed.";
    } else if (d.outcome == Outcome::shortfall) {
        const NextRound& nr = *d.next_round;
        out += zh ? "获得过半数赞成票的项目不足应选名额，缺 " + n(nr.seats) + " 个，须在 " +
                        project_list(setup, nr.candidates, lang) + " 中另行票决。"
                  : "Fewer projects passed than there are seats: a supplementary vote for " + n(nr.seats) +
                        (nr.seats == 1 ? " seat" : " seats") + " among " + project_list(setup, nr.candidates, lang) +
                        " is needed.";
    } else {
        if (d.selected.empty()) out += zh ? "没有项目获得过半数赞成票。" : "No project passed. ";
        if (d.seats_unfilled > 0)
            out += zh ? "缺额 " + n(d.seats_unfilled) + " 个，不再补选。"
                      : n(d.seats_unfilled) + (d.seats_unfilled == 1 ? " seat stays" : " seats stay") + " unfilled. ";
        if (setup.round > 1 || d.cumulative.size() != d.selected.size()) {
            std::string all;
            for (const SelectedProject& p : d.cumulative) all += (all.empty() ? "" : (zh ? "、" : ", ")) + p.name;
            out += zh ? "本次票决累计确定项目：" + all + "。" : "Adopted in all rounds: " + all + ". ";
        }
        out += zh ? "票决结束，预算合计 " + d.budget_selected.to_string() + " 万元。"
                  : "The vote is decided; adopted budget " + d.budget_selected.to_string() + " (10k CNY).";
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// The projects by approvals, ballot order among equals.
std::vector<ReportRow> rows_of(const RoundRecord& round) {
    const RoundSetup& setup = round.setup;
    const auto& cc = round.counts->candidates;
    std::vector<std::size_t> order(setup.candidates.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return cc[a].approve > cc[b].approve; });
    std::vector<ReportRow> rows;
    for (std::size_t i : order) {
        const CandidateResult& r = round.decision.candidates[i];
        rows.push_back(
            ReportRow{i, r.rank, &setup.candidates[i], cc[i], r.passed, r.status, status_text(r.status, r.passed)});
    }
    return rows;
}

std::string names(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : "  ") + x;
    return out;
}

// The mark table in force, one class a line: what `check` shows before the keying starts.
std::string render_marks(const MarkTable& marks, Lang lang) {
    bool zh = lang == Lang::zh;
    std::string out = zh ? "选票标记：\n" : "Ballot marks:\n";
    for (const MarkClass& c : marks.classes) {
        std::string symbols;
        for (const std::string& sym : c.symbols)
            symbols += (symbols.empty() ? "" : "  ") + (sym.empty() ? std::string(zh ? "（空白）" : "(blank)") : sym);
        out += "  " + marks.words(c.mark).in(lang) + (zh ? "：" : ": ") + symbols + '\n';
    }
    return out;
}

}  // namespace

RoundReport make_report(const RoundRecord& round) {
    const RoundSetup& setup = round.setup;
    const Decision& d = round.decision;
    RoundReport r;
    r.round = &round;
    r.title = title(setup);
    r.attendance = attendance(setup.session, d);
    r.ballots = ballots_line(setup.session, round.counts ? &*round.counts : nullptr);
    r.columns = {{"Rank", "名次"}, {"ID", "编号"},    {"Project", "项目名称"}, {"Yes", "赞成"},
                 {"No", "不赞成"}, {"Abst.", "弃权"}, {"Unread.", "无法辨认"}, {"Result", "结果"}};
    r.numeric = {true, false, false, true, true, true, true, false};
    if (setup.evaluation()) {
        r.columns = {{"ID", "编号"}, {"Project", "项目名称"}};
        for (const std::string& level : setup.rules.levels) r.columns.push_back({level, level});
        r.columns.insert(r.columns.end(),
                         {{"Abst.", "弃权"}, {"Unread.", "无法辨认"}, {"Rate %", "满意率"}, {"Verdict", "评价"}});
        r.numeric.assign(r.columns.size(), true);
        r.numeric[0] = r.numeric[1] = r.numeric.back() = false;
        if (d.evaluation && round.counts) {
            r.pass_mark = evaluation_mark(setup, *d.threshold);
            for (std::size_t i = 0; i < setup.candidates.size(); ++i) {
                const ProjectEvaluation& p = d.evaluation->projects[i];
                r.evaluation.push_back(EvaluationRow{i, &setup.candidates[i], &round.counts->levels[i],
                                                     setup.rules.levels[p.verdict], p.rate});
            }
            if (d.evaluation->overall_rate)
                r.overall_rate = Text{"Overall rate: " + *d.evaluation->overall_rate + "%",
                                      "总体满意率：" + *d.evaluation->overall_rate + "%"};
            for (const InvalidBallot& b : round.counts->invalid_ballots)
                r.invalid.push_back(ReportInvalidBallot{&b, invalid_why(b, setup.seats)});
        }
    } else if (d.tallied() && round.counts) {
        r.pass_mark = pass_mark(setup, *d.threshold);
        r.rows = rows_of(round);
        for (const InvalidBallot& b : round.counts->invalid_ballots)
            r.invalid.push_back(ReportInvalidBallot{&b, invalid_why(b, setup.seats)});
    }
    r.decision = both([&](Lang lang) { return decision_sentence(round, lang); });
    return r;
}

std::string render_text(const RoundReport& report, Lang lang) {
    const RoundRecord& round = *report.round;
    const Session& s = round.setup.session;
    bool zh = lang == Lang::zh;
    std::string out = s.body + " " + s.meeting + "\n" + report.title.in(lang) + "\n\n";
    out += report.attendance.in(lang) + "\n" + report.ballots.in(lang) + "\n";
    if (report.pass_mark) {
        out += report.pass_mark->in(lang) + "\n\n";
        std::vector<std::vector<std::string>> table;
        table.emplace_back();
        for (const Text& c : report.columns) table.back().push_back(c.in(lang));
        for (const ReportRow& row : report.rows)
            table.push_back({row.rank ? n(*row.rank) : "-", row.candidate->id, row.candidate->name,
                             n(row.counts.approve), n(row.counts.disapprove), n(row.counts.abstain),
                             n(row.counts.unreadable), row.status_text.in(lang)});
        for (const EvaluationRow& row : report.evaluation) {
            std::vector<std::string> cells{row.project->id, row.project->name};
            for (Count c : row.counts->levels) cells.push_back(n(c));
            cells.insert(cells.end(),
                         {n(row.counts->abstain), n(row.counts->unreadable), row.rate.value_or("-"), row.verdict});
            table.push_back(std::move(cells));
        }
        out += render_table(table, report.numeric);
        if (report.overall_rate) out += report.overall_rate->in(lang) + '\n';
        if (!report.invalid.empty()) {
            out += zh ? "\n无效票（请监票人核对）：\n" : "\nInvalid ballots (for the scrutineers to review):\n";
            for (const ReportInvalidBallot& b : report.invalid) {
                const std::string line = std::to_string(b.ballot->line);
                out += zh ? "  票号 " + b.ballot->ballot + "（第 " + line + " 行）："
                          : "  ballot " + b.ballot->ballot + " (line " + line + "): ";
                out += b.why.in(lang) + '\n';
            }
        }
    }
    out += (zh ? "\n结果：" : "\nResult: ") + report.decision.in(lang) + '\n';
    const Officers& o = s.officers;
    if (!o.chief_scrutineer.empty() || !o.scrutineers.empty() || !o.counters.empty()) {
        out += '\n';
        if (!o.chief_scrutineer.empty()) out += (zh ? "总监票人：" : "Chief scrutineer: ") + o.chief_scrutineer + '\n';
        if (!o.scrutineers.empty()) out += (zh ? "监票人：" : "Scrutineers: ") + names(o.scrutineers) + '\n';
        if (!o.counters.empty()) out += (zh ? "计票人：" : "Counters: ") + names(o.counters) + '\n';
    }
    return out;
}

std::string render_report(const RoundResult& result, Lang lang) {
    return render_text(make_report(result.round), lang);
}

std::string render_check(const LoadedRound& loaded, const Decision& d, bool stops, Lang lang) {
    RoundRecord round;
    round.setup = loaded.setup;
    round.inputs = loaded.inputs;
    round.decision = d;
    const RoundReport report = make_report(round);
    const RoundSetup& setup = round.setup;
    const Session& s = setup.session;
    bool zh = lang == Lang::zh;
    std::string out = s.body + " " + s.meeting + "\n" + report.title.in(lang) + "\n\n";
    Count count = static_cast<Count>(setup.candidates.size());
    const std::string surplus(name(setup.rules.surplus));
    if (setup.evaluation()) {
        std::string levels;
        for (const std::string& l : setup.rules.levels) levels += (levels.empty() ? "" : zh ? "、" : ", ") + l;
        out += zh ? "测评项目 " + n(count) + " 个，评价等次：" + levels
                  : n(count) + (count == 1 ? " project" : " projects") + " to evaluate; levels: " + levels;
    } else if (setup.kind == RoundKind::first) {
        bool ok = count >= d.minimum_candidates;
        out += zh ? "候选项目 " + n(count) + " 个，应选 " + n(setup.seats) + " 个，差额规则 " + surplus + " 要求至少 " +
                        n(d.minimum_candidates) + " 个：" + (ok ? "符合" : "不符合")
                  : n(count) + " candidates for " + n(setup.seats) + " seats; the surplus rule " + surplus +
                        " needs at least " + n(d.minimum_candidates) + ": " + (ok ? "ok" : "REJECTED");
    } else {
        out += zh ? "本轮候选项目 " + n(count) + " 个，应选 " + n(setup.seats) + " 个"
                  : n(count) + " candidates for " + n(setup.seats) + (setup.seats == 1 ? " seat" : " seats");
    }
    out += '\n' + report.attendance.in(lang) + '\n' + report.ballots.in(lang) + '\n';
    if (setup.evaluation() || setup.marks.custom) out += render_marks(setup.marks, lang);
    if (stops)
        out += '\n' + report.decision.in(lang) + '\n';
    else
        out += zh ? "\n检查通过，可以计票。\n" : "\nThe session is ready to be tallied.\n";
    return out;
}

}  // namespace piaojue
