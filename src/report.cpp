#include <piaojue/report.hpp>
#include <piaojue/text.hpp>

#include <algorithm>
#include <numeric>
#include <sstream>

namespace piaojue {

namespace {

std::string n(Count v) {
    return std::to_string(v);
}

std::string status_text(CandidateStatus s, bool passed, Lang lang) {
    bool zh = lang == Lang::zh;
    switch (s) {
        case CandidateStatus::selected:
            return zh ? "当选" : "selected";
        case CandidateStatus::tied:
            return zh ? "票数相同，需再次票决" : "tied: re-vote";
        case CandidateStatus::not_selected:
            return zh ? "通过但未入选" : "passed, not selected";
        case CandidateStatus::failed:
            return passed ? (zh ? "未入选" : "not selected") : (zh ? "未过半数" : "failed");
    }
    return "";
}

std::string project_list(const RoundSetup& setup, const std::vector<std::size_t>& idx, Lang lang) {
    std::string out;
    for (std::size_t k = 0; k < idx.size(); ++k) {
        if (k > 0) out += lang == Lang::zh ? "、" : ", ";
        const Candidate& c = setup.candidates[idx[k]];
        out += c.id + " " + c.name;
    }
    return out;
}

std::string heading(const RoundSetup& setup, Lang lang) {
    const Session& s = setup.session;
    std::string out = s.body + " " + s.meeting + "\n";
    if (lang == Lang::zh) {
        const char* kind = setup.kind == RoundKind::first ? "民生实事项目票决"
                           : setup.kind == RoundKind::tie ? "民生实事项目再次票决（票数相同）"
                                                          : "民生实事项目另行票决（缺额）";
        out += std::string(kind) + "　第 " + std::to_string(setup.round) + " 轮　" + s.date + "\n";
    } else {
        const char* kind = setup.kind == RoundKind::first ? "Livelihood projects vote"
                           : setup.kind == RoundKind::tie ? "Tie re-vote"
                                                          : "Supplementary vote";
        out += std::string(kind) + ", round " + std::to_string(setup.round) + ", " + s.date + "\n";
    }
    return out;
}

std::string attendance(const RoundSetup& setup, const Decision& d, Lang lang) {
    const Session& s = setup.session;
    if (lang == Lang::zh)
        return "应到代表 " + n(s.deputies) + " 人，实到 " + n(s.present) + " 人（法定人数 " + n(d.quorum_required) +
               " 人，" + (d.quorum_met ? "已达到" : "未达到") + "）\n";
    return "Deputies: " + n(s.deputies) + ", present: " + n(s.present) + " (quorum " + n(d.quorum_required) + ", " +
           (d.quorum_met ? "met" : "NOT met") + ")\n";
}

}  // namespace

std::string render_decision(const RoundResult& result, Lang lang) {
    const RoundSetup& setup = result.loaded.setup;
    const Session& s = setup.session;
    const Decision& d = result.decision;
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
    std::string out;
    std::string adopted = project_list(setup, d.selected, lang);
    if (!d.selected.empty())
        out += zh ? adopted + "，共 " + n(static_cast<Count>(d.selected.size())) + " 个项目当选。"
                  : n(static_cast<Count>(d.selected.size())) + " adopted: " + adopted + ". ";
    if (d.outcome == Outcome::tie) {
        const NextRound& nr = *d.next_round;
        Count votes = result.counts->candidates[nr.candidates.front()].approve;
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
            for (const SelectedProject& p : d.cumulative)
                all += (all.empty() ? "" : (zh ? "、" : ", ")) + p.id + " " + p.name;
            out += zh ? "本次票决累计确定项目：" + all + "。" : "Adopted in all rounds: " + all + ". ";
        }
        out += zh ? "票决结束，预算合计 " + d.budget_selected.to_string() + " 万元。"
                  : "The vote is decided; adopted budget " + d.budget_selected.to_string() + " (10k CNY).";
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string render_report(const RoundResult& result, Lang lang) {
    const RoundSetup& setup = result.loaded.setup;
    const Session& s = setup.session;
    const Decision& d = result.decision;
    bool zh = lang == Lang::zh;
    std::ostringstream out;
    out << heading(setup, lang) << '\n' << attendance(setup, d, lang);
    if (zh)
        out << "发出选票 " << s.ballots_issued << " 张，收回 " << s.ballots_returned << " 张";
    else
        out << "Ballots issued: " << s.ballots_issued << ", returned: " << s.ballots_returned;
    if (result.counts) {
        const BallotCounts& c = *result.counts;
        out << (zh ? "，有效 " + n(c.valid) + " 张，无效 " + n(c.invalid) + " 张"
                   : ", valid: " + n(c.valid) + ", invalid: " + n(c.invalid));
    }
    out << '\n';

    if (d.tallied()) {
        const Threshold& t = *d.threshold;
        if (t.required) {
            std::string base_zh = t.base == "all-deputies" ? "全体代表"
                                  : t.base == "present"    ? "出席代表"
                                  : t.base == "returned"   ? "收回选票"
                                                           : "有效选票";
            out << (zh ? "通过票数：" + base_zh + " " + n(t.base_count) + " 的过半数，即至少 " + n(*t.required) +
                             " 票赞成\n"
                       : "Pass mark: more than half of " + n(t.base_count) + " (" + t.base + "), i.e. at least " +
                             n(*t.required) + " approvals\n");
        } else {
            out << (zh ? "再次票决：得赞成票多者当选，应选 " + n(setup.seats) + " 个\n"
                       : "Re-vote: the most approvals win " + n(setup.seats) +
                             (setup.seats == 1 ? " seat\n" : " seats\n"));
        }
        out << '\n';
        // The table, by approvals (ballot order among equals).
        std::vector<std::size_t> order(setup.candidates.size());
        std::iota(order.begin(), order.end(), 0);
        const auto& cc = result.counts->candidates;
        std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return cc[a].approve > cc[b].approve; });
        std::vector<std::vector<std::string>> rows;
        rows.push_back(
            zh ? std::vector<std::string>{"名次", "编号", "项目名称", "赞成", "不赞成", "弃权", "无法辨认", "结果"}
               : std::vector<std::string>{"Rank", "ID", "Project", "Yes", "No", "Abst.", "Unread.", "Result"});
        for (std::size_t i : order) {
            const CandidateResult& r = d.candidates[i];
            rows.push_back({r.rank ? n(*r.rank) : "-", setup.candidates[i].id, setup.candidates[i].name,
                            n(cc[i].approve), n(cc[i].disapprove), n(cc[i].abstain), n(cc[i].unreadable),
                            status_text(r.status, r.passed, lang)});
        }
        std::vector<std::size_t> width(rows.front().size(), 0);
        for (const auto& row : rows)
            for (std::size_t k = 0; k < row.size(); ++k) width[k] = std::max(width[k], display_width(row[k]));
        for (const auto& row : rows) {
            std::string line;
            for (std::size_t k = 0; k < row.size(); ++k) {
                bool numeric = k == 0 || (k >= 3 && k <= 6);
                if (k > 0) line += "  ";
                line += k + 1 == row.size() ? row[k] : pad(row[k], width[k], numeric);
            }
            out << line << '\n';
        }
        const auto& invalid = result.counts->invalid_ballots;
        if (!invalid.empty()) {
            out << '\n' << (zh ? "无效票（请监票人核对）：\n" : "Invalid ballots (for the scrutineers to review):\n");
            for (const InvalidBallot& b : invalid) {
                std::string why;
                if (b.reason == "over-approval")
                    why = zh ? "赞成 " + n(b.approvals) + " 项，超过应选 " + n(setup.seats) + " 项"
                             : n(b.approvals) + " approvals, more than the " + n(setup.seats) + " seats";
                else if (b.reason == "declared-void")
                    why = zh ? "监票人裁定作废" : "declared void by the scrutineers";
                else
                    why = zh ? "有无法辨认的标记" : "an unreadable mark";
                if (!b.note.empty()) why += (zh ? "（" : " (") + b.note + (zh ? "）" : ")");
                out << "  " << (zh ? "票号 " : "ballot ") << b.ballot
                    << (zh ? "（第 " + std::to_string(b.line) + " 行）：" : " (line " + std::to_string(b.line) + "): ")
                    << why << '\n';
            }
        }
    }
    out << '\n' << (zh ? "结果：" : "Result: ") << render_decision(result, lang) << '\n';
    const Officers& o = s.officers;
    if (!o.chief_scrutineer.empty() || !o.scrutineers.empty() || !o.counters.empty()) {
        auto names = [](const std::vector<std::string>& v) {
            std::string s2;
            for (const auto& x : v) s2 += (s2.empty() ? "" : "  ") + x;
            return s2;
        };
        out << '\n';
        if (!o.chief_scrutineer.empty())
            out << (zh ? "总监票人：" : "Chief scrutineer: ") << o.chief_scrutineer << '\n';
        if (!o.scrutineers.empty()) out << (zh ? "监票人：" : "Scrutineers: ") << names(o.scrutineers) << '\n';
        if (!o.counters.empty()) out << (zh ? "计票人：" : "Counters: ") << names(o.counters) << '\n';
    }
    return out.str();
}

std::string render_check(const LoadedRound& loaded, const Decision& d, bool stops, Lang lang) {
    const RoundSetup& setup = loaded.setup;
    const Session& s = setup.session;
    bool zh = lang == Lang::zh;
    std::ostringstream out;
    out << heading(setup, lang) << '\n';
    Count count = static_cast<Count>(setup.candidates.size());
    if (setup.kind == RoundKind::first) {
        out << (zh ? "候选项目 " + n(count) + " 个，应选 " + n(setup.seats) + " 个，差额规则 " +
                         std::string(name(setup.rules.surplus)) + " 要求至少 " + n(d.minimum_candidates) + " 个：" +
                         (count >= d.minimum_candidates ? "符合" : "不符合")
                   : n(count) + " candidates for " + n(setup.seats) + " seats; the surplus rule " +
                         std::string(name(setup.rules.surplus)) + " needs at least " + n(d.minimum_candidates) + ": " +
                         (count >= d.minimum_candidates ? "ok" : "REJECTED"))
            << '\n';
    } else {
        out << (zh ? "本轮候选项目 " + n(count) + " 个，应选 " + n(setup.seats) + " 个"
                   : n(count) + " candidates for " + n(setup.seats) + (setup.seats == 1 ? " seat" : " seats"))
            << '\n';
    }
    out << attendance(setup, d, lang);
    out << (zh ? "发出选票 " + n(s.ballots_issued) + " 张，收回 " + n(s.ballots_returned) + " 张"
               : "Ballots issued: " + n(s.ballots_issued) + ", returned: " + n(s.ballots_returned))
        << '\n';
    if (stops) {
        RoundResult r;
        r.loaded = loaded;
        r.decision = d;
        out << '\n' << render_decision(r, lang) << '\n';
    } else {
        out << '\n' << (zh ? "检查通过，可以计票。" : "The session is ready to be tallied.") << '\n';
    }
    return out.str();
}

}  // namespace piaojue
