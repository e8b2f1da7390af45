#include <piaojue/batch.hpp>
#include <piaojue/next_round.hpp>
#include <piaojue/session.hpp>

#include <cstdio>

namespace piaojue {

std::string toml_quote(const std::string& text) {
    std::string out = "\"";
    for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        if (ch == '"' || ch == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20 || c == 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04X", c);
            out += buf;
        } else {
            out += ch;
        }
    }
    return out + "\"";
}

NextRoundFiles make_next_round(const NextRoundInput& input, const std::string& record_file, Lang lang) {
    NextRoundFiles out;
    out.previous = parse_record(input.record_bytes, record_file);
    const RoundRecord& prev = out.previous;
    if (!prev.decision.next_round)
        throw_input_error(
            record_file, 0, 0,
            {"this round is already decided (" + std::string(name(prev.decision.outcome)) + "); there is no next round",
             "该轮已有结果（" + std::string(name(prev.decision.outcome)) + "），不需要下一轮"},
            {"only a round that ended in a tie or shortfall has a next round",
             "只有出现票数相同或缺额的轮次才有下一轮"});
    const Session& session = prev.setup.session;
    const RoundKind next_kind = prev.decision.next_round->kind;
    int round = prev.setup.round + 1;
    std::string id = input.id.empty() ? session.id + "-r" + std::to_string(round) : input.id;
    // An id taken from the record is the record's fault (exit 3); one given with --id, the
    // command line's (exit 2).
    if (input.id.empty() && !valid_session_id(id))
        throw_input_error(record_file, 0, 0,
                          {"the record's session id \"" + session.id + "\" is not a valid session id",
                           "结果记录中的会议编号“" + session.id + "”无效"},
                          {"give the new round's id with --id, e.g. --id township-2026-r2",
                           "请用 --id 指定新一轮的会议编号，例如 --id township-2026-r2"});
    if (!valid_session_id(id))
        throw Error(ExitCode::usage,
                    Diagnostic{.message = {"bad session id \"" + id + "\"", "会议编号“" + id + "”无效"},
                               .hint = {"use letters, digits, '.', '_' and '-'", "只能使用字母、数字、“.”、“_”、“-”"}});
    // R3 (issued ≤ present ≤ deputies) at once, rather than in a session file tally then refuses.
    const Count deputies = session.deputies;
    auto refuse = [](const std::string& en, const std::string& zh) {
        throw Error(ExitCode::usage, Diagnostic{.message = {en, zh},
                                                .hint = {"check this round's attendance and ballot numbers",
                                                         "请核对本轮的出席人数和选票数"}});
    };
    if (input.present && *input.present > deputies)
        refuse("--present " + std::to_string(*input.present) + " exceeds the deputies (" + std::to_string(deputies) +
                   ") of the previous record",
               "--present " + std::to_string(*input.present) + " 超过上一轮结果记录中的全体代表人数（" +
                   std::to_string(deputies) + "）");
    if (input.present && input.issued && *input.issued > *input.present)
        refuse("--issued " + std::to_string(*input.issued) + " exceeds --present " + std::to_string(*input.present),
               "--issued " + std::to_string(*input.issued) + " 超过 --present " + std::to_string(*input.present));
    bool zh = lang == Lang::zh;
    const char* kind_zh = next_kind == RoundKind::tie ? "再次票决（票数相同）" : "另行票决（缺额）";
    std::string s;
    s += zh ? std::string("# 第 ") + std::to_string(round) + " 轮：" + kind_zh +
                  "，由 piaojue next-round 根据上一轮结果记录生成。\n"
                  "# 候选项目、应选名额和规则均来自上一轮结果记录；请填写本轮的出席和选票数后再计票。\n"
            : "# Round " + std::to_string(round) + ": " + std::string(name(next_kind)) +
                  " vote, written by piaojue next-round from the previous round's record.\n"
                  "# Candidates, seats and rules come from that record; fill in this round's attendance and ballot "
                  "numbers before tallying.\n";
    s += "[session]\n";
    s += "id = " + toml_quote(id) + "\n";
    s += "body = " + toml_quote(session.body) + "\n";
    s += "meeting = " + toml_quote(session.meeting) + "\n";
    s += "date = " + session.date + "\n";
    s += "level = " + toml_quote(session.level) + "\n";
    s += "deputies = " + std::to_string(session.deputies) + "\n";
    auto number = [&](const char* key, const std::optional<Count>& v) {
        if (v)
            s += std::string(key) + " = " + std::to_string(*v) + "\n";
        else
            s += std::string("# ") + key + " = " +
                 (zh ? "    # ← 请填写本轮的数字并去掉行首的 #\n"
                     : "    # ← fill in this round's number and remove the leading #\n");
    };
    number("present", input.present);
    number("ballots_issued", input.issued);
    number("ballots_returned", input.returned);
    s += "previous = " + toml_quote(input.record_path) + "\n";
    s += "previous_digest = " + toml_quote(to_hex(digest(prev.setup.rules.digest, input.record_bytes))) + "\n";
    s += "ballots = \"ballots.csv\"\n";
    const Officers& o = session.officers;
    if (!o.chief_scrutineer.empty() || !o.scrutineers.empty() || !o.counters.empty()) {
        s += "\n[officers]\n";
        if (!o.chief_scrutineer.empty()) s += "chief_scrutineer = " + toml_quote(o.chief_scrutineer) + "\n";
        for (auto [key, names] : {std::pair{"scrutineers", &o.scrutineers}, std::pair{"counters", &o.counters}}) {
            if (names->empty()) continue;
            s += std::string(key) + " = [";
            bool first = true;
            for (const std::string& name_ : *names) {
                s += (first ? "" : ", ") + toml_quote(name_);
                first = false;
            }
            s += "]\n";
        }
    }
    out.session_toml = std::move(s);

    out.ballots_csv = ballot_template(prev.next_candidates(), lang, false);
    return out;
}

std::string ballot_template(const std::vector<Candidate>& candidates, Lang lang, bool excel) {
    // Excel on Chinese Windows takes a CSV without a byte-order mark for the system code page
    // (GBK) and shows UTF-8 as mojibake; with the BOM it reads UTF-8, which tally accepts too.
    std::string csv = excel ? "\xEF\xBB\xBF" : "";
    csv += lang == Lang::zh ? "票号" : "ballot";
    // A neutralised cell (`'-A1` for the id -A1) reads back as the id (ballots.cpp).
    for (const Candidate& c : candidates) csv += "," + csv_cell(c.id);
    csv += lang == Lang::zh ? ",状态,备注\r\n" : ",status,note\r\n";
    return csv;
}

}  // namespace piaojue
