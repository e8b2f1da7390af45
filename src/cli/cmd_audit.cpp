// piaojue audit RECORD PAPER --seed DIGITS: the comparison audit. The auditors' readings of the
// sampled paper ballots against the keyed rows, the outcome's margin, and whether the sample
// meets the risk limit (include/piaojue/comparison_audit.hpp, docs/audit/README.md).
#include "cli/commands.hpp"
#include "cli/json_out.hpp"

#include <piaojue/comparison_audit.hpp>
#include <piaojue/text.hpp>

#include <nlohmann/json.hpp>

namespace piaojue::cli {

namespace {

std::string_view mark_word(Mark m, bool zh) {
    switch (m) {
        case Mark::approve:
            return zh ? "赞成" : "approve";
        case Mark::disapprove:
            return zh ? "不赞成" : "disapprove";
        case Mark::abstain:
            return zh ? "弃权" : "abstain";
        case Mark::unreadable:
            return zh ? "无法辨认" : "unreadable";
    }
    return "";
}

std::string_view misstatement_words(Misstatement m, bool zh) {
    switch (m) {
        case Misstatement::two_vote_over:
            return zh ? "高估 2 票" : "2-vote overstatement";
        case Misstatement::one_vote_over:
            return zh ? "高估 1 票" : "1-vote overstatement";
        case Misstatement::none:
            return zh ? "不影响余量" : "no effect on the margin";
        case Misstatement::one_vote_under:
            return zh ? "低估 1 票" : "1-vote understatement";
        case Misstatement::two_vote_under:
            return zh ? "低估 2 票" : "2-vote understatement";
    }
    return "";
}

std::string_view kind_name(Assertion::Kind k) {
    switch (k) {
        case Assertion::Kind::beats:
            return "beats";
        case Assertion::Kind::passes:
            return "passes";
        case Assertion::Kind::stays_failed:
            return "stays-failed";
    }
    return "";
}

// "P02 (name)" as the report names a project.
std::string project(const RoundRecord& record, std::size_t i) {
    const Candidate& c = record.setup.candidates[i];
    return c.id + " " + printable_line(c.name);
}

// What the tightest assertion is, in words.
std::string assertion_words(const RoundRecord& record, const Assertion& a, bool zh) {
    const auto approve = [&](std::size_t i) { return std::to_string(record.counts->candidates[i].approve); };
    const std::string required = record.decision.threshold && record.decision.threshold->required
                                     ? std::to_string(*record.decision.threshold->required)
                                     : "";
    switch (a.kind) {
        case Assertion::Kind::beats:
            return zh ? "入选的 " + project(record, *a.winner) + "（" + approve(*a.winner) + " 票）与未入选的 " +
                            project(record, *a.loser) + "（" + approve(*a.loser) + " 票）相差 " +
                            std::to_string(a.votes) + " 票"
                      : "selected " + project(record, *a.winner) + " (" + approve(*a.winner) + " votes) and " +
                            project(record, *a.loser) + ", not selected (" + approve(*a.loser) + " votes), are " +
                            std::to_string(a.votes) + " votes apart";
        case Assertion::Kind::passes:
            return zh ? "入选的 " + project(record, *a.winner) + " 获赞成 " + approve(*a.winner) + " 票，过半数需 " +
                            required + " 票"
                      : "selected " + project(record, *a.winner) + " has " + approve(*a.winner) +
                            " approvals, the pass mark is " + required;
        case Assertion::Kind::stays_failed:
            return zh ? "未过半数的 " + project(record, *a.loser) + " 获赞成 " + approve(*a.loser) + " 票，过半数需 " +
                            required + " 票（尚有缺额）"
                      : project(record, *a.loser) + ", failed, has " + approve(*a.loser) +
                            " approvals, the pass mark is " + required + " (seats stay open)";
    }
    return "";
}

nlohmann::ordered_json assertion_json(const RoundRecord& record, const Assertion& a) {
    nlohmann::ordered_json j = {{"kind", kind_name(a.kind)}};
    if (a.winner) j["winner"] = record.setup.candidates[*a.winner].id;
    if (a.loser) j["loser"] = record.setup.candidates[*a.loser].id;
    j["votes"] = a.votes;
    j["ballots"] = a.ballots ? nlohmann::ordered_json(*a.ballots) : nlohmann::ordered_json(nullptr);
    return j;
}

template <typename T>
nlohmann::ordered_json or_null(const std::optional<T>& v) {
    return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

void print_audit_json(const AuditOptions& o, const RoundRecord& record, const std::string& ballots_path,
                      const ComparisonAudit& a, Environment& env) {
    nlohmann::ordered_json ballots = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < a.ballots.size(); ++i) {
        const BallotComparison& b = a.ballots[i];
        nlohmann::ordered_json differences = nlohmann::ordered_json::array();
        for (const MarkDifference& d : b.differences) {
            if (d.candidate)
                differences.push_back({{"project", record.setup.candidates[*d.candidate].id},
                                       {"keyed", std::string(1, mark_letter(d.keyed))},
                                       {"paper", std::string(1, mark_letter(d.paper))}});
            else
                differences.push_back(
                    {{"status", {{"keyed", d.keyed_void ? "void" : ""}, {"paper", d.paper_void ? "void" : ""}}}});
        }
        ballots.push_back({{"order", i + 1},
                           {"ballot", b.serial},
                           {"keyed_line", b.keyed_line},
                           {"paper_line", b.paper_line},
                           {"misstatement", name(b.misstatement)},
                           {"differences", differences}});
    }
    nlohmann::ordered_json assertions = nlohmann::ordered_json::array();
    for (const Assertion& x : a.margin.assertions) assertions.push_back(assertion_json(record, x));
    nlohmann::ordered_json margin = {
        {"tie", a.margin.tie},
        {"votes", or_null(a.margin.votes)},
        {"ballots", or_null(a.margin.ballots)},
        {"tightest", a.margin.tightest ? assertion_json(record, a.margin.assertions[*a.margin.tightest])
                                       : nlohmann::ordered_json(nullptr)},
        {"assertions", assertions}};
    Json j = json_head("audit", a.confirmed ? "confirmed" : "not-confirmed",
                       a.confirmed ? ExitCode::ok : ExitCode::verify_failed);
    j.update(
        Json{{"record", o.record},
             {"ballots_file", ballots_path},
             {"paper_file", o.paper},
             {"seed", o.seed},
             {"method", "Lindeman & Stark 2012, ballot-level comparison (AGI)"},
             {"risk_limit_percent", o.risk_limit},
             {"gamma", o.gamma},
             {"population", a.population},
             {"sampled", a.sampled},
             {"ballots", ballots},
             {"margin", margin},
             {"misstatements", {{"o1", a.counts.o1}, {"o2", a.counts.o2}, {"u1", a.counts.u1}, {"u2", a.counts.u2}}},
             {"needed_without_discrepancies", or_null(a.needed_clean)},
             {"needed", or_null(a.needed)},
             {"risk", a.risk},
             {"full_count", a.full_count},
             {"confirmed", a.confirmed}});
    print_json(env.out, j);
}

void print_text(const AuditOptions& o, const RoundRecord& record, const ComparisonAudit& a, bool zh, Environment& env) {
    std::ostream& out = env.out;
    const std::string n = std::to_string(a.sampled), total = std::to_string(a.population);
    out << (zh ? "比对式抽样核对：第 " + std::to_string(record.setup.round) + " 轮，种子 " + o.seed + "\n共 " + total +
                     " 张选票，按种子抽取并核对 " + n + " 张；风险限度 " + o.risk_limit + "%，γ = " + o.gamma + "\n"
               : "Comparison audit: round " + std::to_string(record.setup.round) + ", seed " + o.seed + "\n" + n +
                     " of " + total + " ballots drawn with the seed and read again; risk limit " + o.risk_limit +
                     "%, gamma = " + o.gamma + "\n");

    std::size_t differing = 0;
    std::vector<std::vector<std::string>> rows;
    rows.push_back(zh ? std::vector<std::string>{"序号", "票号", "行号", "项目", "录入", "纸质", "影响"}
                      : std::vector<std::string>{"#", "ballot", "line", "project", "keyed", "paper", "effect"});
    for (std::size_t i = 0; i < a.ballots.size(); ++i) {
        const BallotComparison& b = a.ballots[i];
        if (b.differences.empty()) continue;
        ++differing;
        bool first = true;
        for (const MarkDifference& d : b.differences) {
            std::vector<std::string> row{first ? std::to_string(i + 1) : "", first ? printable_line(b.serial) : "",
                                         first ? std::to_string(b.keyed_line) : ""};
            if (d.candidate) {
                row.push_back(project(record, *d.candidate));
                row.emplace_back(mark_word(d.keyed, zh));
                row.emplace_back(mark_word(d.paper, zh));
            } else {
                row.push_back(zh ? "（状态）" : "(status)");
                row.push_back(d.keyed_void ? (zh ? "作废" : "void") : (zh ? "有效" : "not void"));
                row.push_back(d.paper_void ? (zh ? "作废" : "void") : (zh ? "有效" : "not void"));
            }
            row.emplace_back(first ? misstatement_words(b.misstatement, zh) : "");
            rows.push_back(std::move(row));
            first = false;
        }
    }
    if (differing == 0)
        out << (zh ? "\n核对结果：" + n + " 张纸质选票与录入全部一致\n"
                   : "\nFindings: all " + n + " paper ballots read as keyed\n");
    else
        out << (zh ? "\n核对结果：" + n + " 张中 " + std::to_string(differing) + " 张纸质选票与录入不一致\n"
                   : "\nFindings: " + std::to_string(differing) + " of " + n +
                         " paper ballots differ from their keyed rows\n")
            << render_table(rows, {true, false, true, false, false, false, false});

    const OutcomeMargin& m = a.margin;
    out << '\n';
    if (m.tie)
        out << (zh ? "结果的余量：本轮票数相同，改动 1 张选票即可改变结果；抽样无法确认，请逐张人工清点全部选票。\n"
                   : "Margin: the round ended in a tie; one changed ballot alters it. No sample can confirm it: "
                     "count every ballot by hand.\n");
    else if (!m.votes)
        out << (zh ? "结果的余量：任何选票改动都不会改变入选结果。\n"
                   : "Margin: no change of ballots can alter the selection.\n");
    else {
        if (m.ballots && m.tightest)
            out << (zh ? "结果的余量：至少改动 " + std::to_string(*m.ballots) + " 张选票才会改变入选结果（" +
                             assertion_words(record, m.assertions[*m.tightest], true) + "）\n"
                       : "Margin: at least " + std::to_string(*m.ballots) +
                             " ballots would have to read differently to alter the selection (" +
                             assertion_words(record, m.assertions[*m.tightest], false) + ")\n");
        out << (zh ? "最小票差 " + std::to_string(*m.votes) + " 票，稀释余量 " + std::to_string(*m.votes) + "/" +
                         total + "\n"
                   : "Smallest margin " + std::to_string(*m.votes) + " votes, diluted margin " +
                         std::to_string(*m.votes) + "/" + total + "\n");
    }
    if (a.full_count) {
        out << (a.confirmed
                    ? (zh ? "全部 " + total +
                                " 张选票均已重新核对（全数人工清点）：按纸质选票重新计票，入选结果与公布的相同。\n"
                          : "All " + total +
                                " ballots were read again (a full hand count): tallied from the paper, "
                                "the selection is the one announced.\n")
                    : (zh ? "全部 " + total +
                                " 张选票均已重新核对（全数人工清点）：按纸质选票重新计票，入选结果与公布的不同！"
                                "请以纸质选票的计票结果为准，依法处理。\n"
                          : "All " + total +
                                " ballots were read again (a full hand count): tallied from the paper, "
                                "the selection differs from the one announced. The paper count prevails.\n"));
        return;
    }
    if (a.needed_clean && a.needed) {
        const MisstatementCounts& c = a.counts;
        const std::string found =
            zh ? "高估 1 票 " + std::to_string(c.o1) + " 张、高估 2 票 " + std::to_string(c.o2) + " 张、低估 1 票 " +
                     std::to_string(c.u1) + " 张、低估 2 票 " + std::to_string(c.u2) + " 张"
               : std::to_string(c.o1) + " one-vote and " + std::to_string(c.o2) + " two-vote overstatements, " +
                     std::to_string(c.u1) + " one-vote and " + std::to_string(c.u2) + " two-vote understatements";
        out << (zh ? "按 Lindeman 与 Stark（2012）的逐票比对式风险限定审计：无差异时需核对 " +
                         std::to_string(*a.needed_clean) + " 张；按本次发现（" + found + "）需 " +
                         std::to_string(*a.needed) + " 张\n"
                   : "Ballot-level comparison risk-limiting audit (Lindeman & Stark 2012): " +
                         std::to_string(*a.needed_clean) + " ballots with no discrepancy; with those found (" + found +
                         "), " + std::to_string(*a.needed) + "\n");
    }
    if (a.confirmed)
        out << (zh ? "已核对 " + n + " 张，测得风险 " + a.risk + "，不超过风险限度 " + o.risk_limit +
                         "%：抽样支持公布的入选结果。\n"
                   : n + " ballots read, measured risk " + a.risk + ", within the " + o.risk_limit +
                         "% risk limit: the sample supports the announced selection.\n");
    else if (a.needed && *a.needed < a.population)
        out << (zh ? "已核对 " + n + " 张，测得风险 " + a.risk + "，尚未达到风险限度 " + o.risk_limit +
                         "%：请用同一种子抽取前 " + std::to_string(*a.needed) + " 张（再抽 " +
                         std::to_string(*a.needed - a.sampled) + " 张）继续核对；若再有差异，需核对的张数还会增加。\n"
                   : n + " ballots read, measured risk " + a.risk + ", above the " + o.risk_limit +
                         "% risk limit: draw the first " + std::to_string(*a.needed) + " ballots with the same seed (" +
                         std::to_string(*a.needed - a.sampled) +
                         " more) and go on; more discrepancies raise the number.\n");
    else
        out << (zh ? "抽样无法在风险限度内确认结果：请逐张人工清点全部 " + total + " 张选票。\n"
                   : "No sample can confirm the result within the risk limit: count all " + total +
                         " ballots by hand.\n");
}

}  // namespace

void setup_audit(CLI::App& app, AuditOptions& o) {
    app.add_option("record", o.record, "The record (result.json) of the audited round")->required();
    app.add_option("paper", o.paper,
                   "The auditors' file: the sampled paper ballots keyed again, in the ballots file's columns")
        ->required();
    app.add_option("--seed", o.seed, "The public seed the sample was drawn with (piaojue sample)")->required();
    app.add_option("--risk-limit", o.risk_limit, "The risk limit in percent (default 10)");
    app.add_option("--gamma", o.gamma, "AGI's error-inflation factor gamma (default 1.03905)");
    app.add_option("--ballots", o.ballots, "The ballots file (default: the one the record names, beside its session)");
    app.add_option("--session", o.session, "The session file (default: the one the record names, beside it)");
}

int run_audit(const AuditOptions& o, const Common& common, Environment& env) {
    check_seed(o.seed);
    RiskParameters params;
    params.risk_limit_percent = o.risk_limit;
    params.gamma = o.gamma;
    check_risk_parameters(params);
    auto [bytes, record] = read_record_file(env, o.record);
    check_auditable(record);
    const auto [path, keyed] = keyed_ballots_of(env, common, record, o.record, o.ballots, o.session);
    const std::vector<Reading> paper = read_paper_ballots(env.fs, record, o.paper, common.encoding);
    const ComparisonAudit audit = comparison_audit(record, keyed, paper, o.paper, o.seed, params);
    if (common.json)
        print_audit_json(o, record, path, audit, env);
    else if (!common.quiet)
        print_text(o, record, audit, common.lang == Lang::zh, env);
    return static_cast<int>(audit.confirmed ? ExitCode::ok : ExitCode::verify_failed);
}

}  // namespace piaojue::cli
