#include <piaojue/error.hpp>
#include <piaojue/record.hpp>
#include <piaojue/version.hpp>

#include <stdexcept>

namespace piaojue {

using json = nlohmann::ordered_json;

namespace {

json candidate_ref(const Candidate& c) {
    json j = {{"id", c.id}, {"name", c.name}};
    if (c.budget) j["budget"] = c.budget->to_string();
    if (!c.lead.empty()) j["lead"] = c.lead;
    if (!c.note.empty()) j["note"] = c.note;
    return j;
}

json rules_json(const Rules& r) {
    return {{"seats", r.seats},
            {"surplus", name(r.surplus)},
            {"quorum", name(r.quorum)},
            {"pass_base", name(r.pass_base)},
            {"unreadable", name(r.unreadable)},
            {"shortfall", name(r.shortfall)},
            {"digest", digest_name(r.digest)}};
}

}  // namespace

std::string write_record(const RoundSetup& setup, const Decision& d, const BallotCounts* counts,
                         const std::vector<InputDigest>& inputs) {
    const Session& s = setup.session;
    const std::string algo(digest_name(setup.rules.digest));
    json r;
    r["format"] = k_record_format;
    r["generator"] = {{"name", k_name}, {"version", k_version}};
    r["session"] = {{"id", s.id},       {"body", s.body},       {"meeting", s.meeting},    {"date", s.date},
                    {"level", s.level}, {"round", setup.round}, {"kind", name(setup.kind)}};
    r["rules"] = rules_json(setup.rules);

    json in = json::object();
    for (const InputDigest& i : inputs) {
        json e = {{"name", i.name}, {algo, i.hex}};
        if (!i.encoding.empty()) e["encoding"] = i.encoding;
        if (i.role == "ballots" && counts != nullptr) {
            e["rows"] = counts->rows;
            e["merkle_root"] = to_hex(counts->merkle_root);
        }
        in[i.role] = e;
    }
    r["inputs"] = in;

    r["attendance"] = {{"deputies", s.deputies},
                       {"present", s.present},
                       {"quorum_required", d.quorum_required},
                       {"quorum_met", d.quorum_met}};
    r["ballots"] = {{"issued", s.ballots_issued},
                    {"returned", s.ballots_returned},
                    {"valid", counts ? json(counts->valid) : json(nullptr)},
                    {"invalid", counts ? json(counts->invalid) : json(nullptr)}};
    // Written below, straight into the output: one JSON object per invalid ballot is ~1 KiB
    // in a DOM, and a 10-million-ballot round has tens of thousands of them.
    r["invalid_ballots"] = json::array();

    if (d.threshold) {
        json t = {{"base", d.threshold->base}};
        t["base_count"] = d.threshold->required ? json(d.threshold->base_count) : json(nullptr);
        if (d.threshold->required) t["required"] = *d.threshold->required;
        r["threshold"] = t;
    } else {
        r["threshold"] = nullptr;
    }

    json cands = json::array();
    for (std::size_t i = 0; i < setup.candidates.size(); ++i) {
        const Candidate& c = setup.candidates[i];
        json e = {{"id", c.id}, {"name", c.name}};
        if (c.budget) e["budget"] = c.budget->to_string();
        if (counts != nullptr && d.tallied()) {
            const CandidateCount& cc = counts->candidates[i];
            const CandidateResult& res = d.candidates[i];
            e["approve"] = cc.approve;
            e["disapprove"] = cc.disapprove;
            e["abstain"] = cc.abstain;
            e["unreadable"] = cc.unreadable;
            e["passed"] = res.passed;
            if (res.rank) e["rank"] = *res.rank;
            e["status"] = name(res.status);
        }
        cands.push_back(std::move(e));
    }
    r["candidates"] = cands;

    json o;
    o["status"] = name(d.outcome);
    json selected = json::array();
    for (std::size_t i : d.selected) selected.push_back(setup.candidates[i].id);
    o["selected"] = selected;
    o["seats_open"] = setup.seats;
    o["seats_unfilled"] = d.seats_unfilled;
    if (d.outcome == Outcome::slate_rejected) {
        o["slate"] = {{"candidates", setup.candidates.size()},
                      {"seats", setup.rules.seats},
                      {"minimum_candidates", d.minimum_candidates}};
    }
    if (d.next_round) {
        json nc = json::array();
        for (std::size_t i : d.next_round->candidates) nc.push_back(candidate_ref(setup.candidates[i]));
        o["next_round"] = {{"kind", name(d.next_round->kind)}, {"seats", d.next_round->seats}, {"candidates", nc}};
    }
    json cumulative = json::array();
    for (const SelectedProject& p : d.cumulative) {
        json e = {{"id", p.id}, {"name", p.name}};
        if (p.budget) e["budget"] = p.budget->to_string();
        e["round"] = p.round;
        cumulative.push_back(std::move(e));
    }
    o["cumulative_selected"] = cumulative;
    o["budget_selected"] = d.budget_selected.to_string();
    r["outcome"] = o;

    json officers = json::object();
    if (!s.officers.chief_scrutineer.empty()) officers["chief_scrutineer"] = s.officers.chief_scrutineer;
    if (!s.officers.scrutineers.empty()) officers["scrutineers"] = s.officers.scrutineers;
    if (!s.officers.counters.empty()) officers["counters"] = s.officers.counters;
    r["officers"] = officers;

    std::string out = r.dump(2, ' ', false, json::error_handler_t::strict);
    out += '\n';
    if (counts == nullptr || counts->invalid_ballots.empty()) return out;
    // The array exactly as dump(2) lays it out. A string value cannot hold a raw line feed, so
    // the key at the top level's indentation after one is found only where it is the key.
    static constexpr std::string_view k_key = "\n  \"invalid_ballots\": [";
    const std::size_t at = out.find(k_key);
    if (at == std::string::npos || out.compare(at + k_key.size(), 1, "]") != 0)
        throw std::logic_error("write_record: invalid_ballots not found in the dump");
    const std::size_t split = at + k_key.size();
    auto quoted = [](const std::string& text) {
        return json(text).dump(-1, ' ', false, json::error_handler_t::strict);
    };
    std::string record;
    // Reserved generously, once: pages never written are never resident, while growing by
    // doubling would hold the old and the new copy at once.
    std::size_t size = out.size();
    for (const InvalidBallot& b : counts->invalid_ballots)
        size += 160 + 6 * (b.ballot.size() + b.reason.size() + b.note.size());
    record.reserve(size);
    record.append(out, 0, split);
    const std::string limit = std::to_string(setup.seats);
    bool first = true;
    for (const InvalidBallot& b : counts->invalid_ballots) {
        record += first ? "\n    {\n      \"ballot\": " : ",\n    {\n      \"ballot\": ";
        first = false;
        record += quoted(b.ballot);
        record += ",\n      \"reason\": ";
        record += quoted(b.reason);
        record += ",\n      \"line\": ";
        record += std::to_string(b.line);
        if (b.reason == "over-approval") {
            record += ",\n      \"approvals\": ";
            record += std::to_string(b.approvals);
            record += ",\n      \"limit\": ";
            record += limit;
        }
        if (!b.note.empty()) {
            record += ",\n      \"note\": ";
            record += quoted(b.note);
        }
        record += "\n    }";
    }
    record += "\n  ";
    record.append(out, split, std::string::npos);
    return record;
}

namespace {

// Reads fields from a record, turning any missing or mistyped field into one clear error.
class RecordReader {
public:
    explicit RecordReader(const std::string& file) : file_(file) {}

    const json& at(const json& obj, const char* key, json::value_t type, const std::string& path) const {
        const std::string name = path.empty() ? std::string(key) : path + "." + key;  // "outcome", not ".outcome"
        if (!obj.is_object() || !obj.contains(key)) fail(name + " is missing", name + " 缺失");
        const json& v = obj.at(key);
        bool ok = v.type() == type || (type == json::value_t::number_integer && v.is_number_unsigned());
        if (!ok) fail(name + " has the wrong type", name + " 类型错误");
        return v;
    }
    std::string str(const json& obj, const char* key, const std::string& path) const {
        return at(obj, key, json::value_t::string, path).get<std::string>();
    }
    Count num(const json& obj, const char* key, const std::string& path) const {
        const json& v = at(obj, key, json::value_t::number_integer, path);
        if (v.is_number_unsigned() && v.get<std::uint64_t>() > 1'000'000'000'000ull)
            fail(path + "." + key + " is out of range", path + "." + key + " 超出范围");
        return v.get<Count>();
    }
    [[noreturn]] void fail(const std::string& en, const std::string& zh) const {
        throw_input_error(file_, 0, 0, {"not a valid piaojue record: " + en, "不是有效的 piaojue 结果记录：" + zh},
                          {"name the result.json that piaojue tally wrote", "请指定 piaojue tally 写出的 result.json"});
    }

private:
    const std::string& file_;
};

std::optional<Decimal> budget_of(const RecordReader& rr, const json& obj, const std::string& path) {
    if (!obj.contains("budget")) return std::nullopt;
    auto b = Decimal::parse(rr.str(obj, "budget", path));
    if (!b) rr.fail(path + ".budget is not a decimal", path + ".budget 不是十进制数");
    return b;
}

}  // namespace

RecordView parse_record(std::string_view bytes, const std::string& file) {
    RecordView v;
    try {
        v.json = json::parse(bytes.begin(), bytes.end());
    } catch (const json::parse_error& e) {
        // nlohmann reports a byte offset; turn it into line and column.
        std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
        std::size_t line = 1, col = 1;
        for (std::size_t i = 0; i < offset && i < bytes.size(); ++i) {
            if (bytes[i] == '\n') {
                ++line;
                col = 1;
            } else if ((static_cast<unsigned char>(bytes[i]) & 0xC0) != 0x80) {
                ++col;
            }
        }
        throw_input_error(file, line, col, {"not valid JSON", "不是有效的 JSON"},
                          {"the record file is damaged; use the published copy", "结果记录已损坏，请使用公布的原件"});
    } catch (const json::out_of_range&) {
        // A number too large for a double (`1e400`): nlohmann reports no position for it.
        throw_input_error(file, 0, 0, {"not valid JSON: a number is out of range", "不是有效的 JSON：数值超出范围"},
                          {"the record file is damaged; use the published copy", "结果记录已损坏，请使用公布的原件"});
    }
    RecordReader rr(file);
    const json& root = v.json;
    if (!root.is_object()) rr.fail("the top level is not an object", "顶层不是对象");
    if (rr.str(root, "format", "") != k_record_format)
        rr.fail("format is not " + std::string(k_record_format), "format 不是 " + std::string(k_record_format));
    const json& session = rr.at(root, "session", json::value_t::object, "");
    v.session_id = rr.str(session, "id", "session");
    Count round = rr.num(session, "round", "session");
    if (round < 1 || round > 1000) rr.fail("session.round is out of range", "session.round 超出范围");
    v.round = static_cast<int>(round);
    // make_next_round copies these into the next session file, the date unquoted.
    for (const char* key : {"body", "meeting", "level"}) (void)rr.str(session, key, "session");
    std::string date = rr.str(session, "date", "session");
    bool date_ok = date.size() == 10;
    for (std::size_t i = 0; date_ok && i < date.size(); ++i)
        date_ok = (i == 4 || i == 7) ? date[i] == '-' : (date[i] >= '0' && date[i] <= '9');
    if (!date_ok) rr.fail("session.date is not YYYY-MM-DD", "session.date 不是 YYYY-MM-DD 格式");
    (void)rr.num(rr.at(root, "attendance", json::value_t::object, ""), "deputies", "attendance");
    if (root.contains("officers")) {
        const json& officers = rr.at(root, "officers", json::value_t::object, "");
        if (officers.contains("chief_scrutineer")) (void)rr.str(officers, "chief_scrutineer", "officers");
        for (const char* key : {"scrutineers", "counters"}) {
            if (!officers.contains(key)) continue;
            for (const json& n : rr.at(officers, key, json::value_t::array, "officers"))
                if (!n.is_string())
                    rr.fail("officers." + std::string(key) + " holds a non-string",
                            "officers." + std::string(key) + " 含非字符串");
        }
    }
    const json& rules = rr.at(root, "rules", json::value_t::object, "");
    v.rules.seats = rr.num(rules, "seats", "rules");
    auto bad_rule = [&](const char* key) {
        rr.fail(std::string("rules.") + key + " has an unknown value", std::string("rules.") + key + " 的值无法识别");
    };
    if (auto x = parse_surplus(rr.str(rules, "surplus", "rules")))
        v.rules.surplus = *x;
    else
        bad_rule("surplus");
    if (auto x = parse_quorum(rr.str(rules, "quorum", "rules")))
        v.rules.quorum = *x;
    else
        bad_rule("quorum");
    if (auto x = parse_pass_base(rr.str(rules, "pass_base", "rules")))
        v.rules.pass_base = *x;
    else
        bad_rule("pass_base");
    if (auto x = parse_unreadable(rr.str(rules, "unreadable", "rules")))
        v.rules.unreadable = *x;
    else
        bad_rule("unreadable");
    if (auto x = parse_shortfall(rr.str(rules, "shortfall", "rules")))
        v.rules.shortfall = *x;
    else
        bad_rule("shortfall");
    if (auto x = parse_digest_name(rr.str(rules, "digest", "rules")))
        v.rules.digest = *x;
    else
        bad_rule("digest");
    v.digest = v.rules.digest;

    const json& outcome = rr.at(root, "outcome", json::value_t::object, "");
    auto status = parse_outcome(rr.str(outcome, "status", "outcome"));
    if (!status) rr.fail("outcome.status has an unknown value", "outcome.status 的值无法识别");
    v.outcome = *status;
    if (outcome.contains("next_round")) {
        const json& next = rr.at(outcome, "next_round", json::value_t::object, "outcome");
        auto kind = parse_round_kind(rr.str(next, "kind", "outcome.next_round"));
        if (!kind || *kind == RoundKind::first)
            rr.fail("outcome.next_round.kind has an unknown value", "outcome.next_round.kind 的值无法识别");
        v.next_kind = kind;
        v.next_seats = rr.num(next, "seats", "outcome.next_round");
        const json& cands = rr.at(next, "candidates", json::value_t::array, "outcome.next_round");
        for (const json& c : cands) {
            std::string path = "outcome.next_round.candidates[]";
            Candidate cand;
            cand.id = rr.str(c, "id", path);
            cand.name = rr.str(c, "name", path);
            cand.budget = budget_of(rr, c, path);
            if (c.contains("lead")) cand.lead = rr.str(c, "lead", path);
            if (c.contains("note")) cand.note = rr.str(c, "note", path);
            if (!valid_candidate_id(cand.id)) rr.fail(path + ".id is not a valid id", path + ".id 不是有效编号");
            v.next_candidates.push_back(std::move(cand));
        }
    }
    const json& cumulative = rr.at(outcome, "cumulative_selected", json::value_t::array, "outcome");
    for (const json& c : cumulative) {
        std::string path = "outcome.cumulative_selected[]";
        SelectedProject p;
        p.id = rr.str(c, "id", path);
        p.name = rr.str(c, "name", path);
        p.budget = budget_of(rr, c, path);
        Count selected_in = rr.num(c, "round", path);
        if (selected_in < 1 || selected_in > round) rr.fail(path + ".round is out of range", path + ".round 超出范围");
        p.round = static_cast<int>(selected_in);
        v.cumulative.push_back(std::move(p));
    }
    return v;
}

}  // namespace piaojue
