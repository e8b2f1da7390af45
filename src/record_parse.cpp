// Reading a record back into the round it states: the exact inverse of write_record
// (src/record.cpp) for every record piaojue writes, strict about every field's presence and type.
#include <piaojue/candidates.hpp>
#include <piaojue/error.hpp>
#include <piaojue/fs.hpp>
#include <piaojue/record.hpp>

#include <algorithm>
#include <map>

#include "json_reader.hpp"

namespace piaojue {

namespace {

using detail::Json;
using detail::JsonReader;
using detail::JsonType;

const detail::JsonStyle k_record_style{
    .syntax = {"not valid JSON", "不是有效的 JSON"},
    .syntax_detail = false,
    .hint = {"the record file is damaged; use the published copy", "结果记录已损坏，请使用公布的原件"},
    .field_hint = {"name the result.json that piaojue tally wrote", "请指定 piaojue tally 写出的 result.json"},
    .utf8_first = false,
    .max_depth = 16,
    .prefix = {"not a valid piaojue record: ", "不是有效的 piaojue 结果记录："},
    .pointer_paths = false,
    .separator = {" ", " "},
    .missing = {"is missing", "缺失"},
    .out_of_range = {"is out of range", "超出范围"},
    .unknown_field = {"is not a field of a record", "不是结果记录的字段"},
    .wrong_type =
        [](JsonType) {
            return Text{"has the wrong type", "类型错误"};
        },
    .nested_too_deeply = {"nested too deeply", "嵌套过深"},
    .duplicate =
        [](const std::string& key) {
            return Text{"the field " + key + " appears twice in one object", "同一对象中字段 " + key + " 出现两次"};
        },
    .code = "E_RECORD_FORMAT",
};

const Text k_unknown_value{"has an unknown value", "的值无法识别"};

// Reads one record: the fields in the order write_record writes them.
class RecordParser {
public:
    explicit RecordParser(const std::string& file) : r_(file, k_record_style) {}

    RoundRecord parse(std::string_view bytes) {
        const Json root = r_.parse(bytes);
        if (!root.is_object()) r_.fail({"the top level is not an object", "顶层不是对象"});
        if (r_.str(root, "format", "") != k_record_format)
            r_.fail("format", {"is not " + std::string(k_record_format), "不是 " + std::string(k_record_format)});
        if (const Json* g = r_.find(root, "generator", JsonType::object, ""))
            out_.generator_version = r_.str(*g, "version", "generator");
        session(r_.at(root, "session", JsonType::object, ""));
        attendance(r_.at(root, "attendance", JsonType::object, ""));
        officers(root);
        const bool evaluation = out_.setup.evaluation();
        if (evaluation)
            evaluation_rules(r_.at(root, "rules", JsonType::object, ""));
        else
            rules(r_.at(root, "rules", JsonType::object, ""));
        marks(root);
        const Json& ballots = r_.at(root, "ballots", JsonType::object, "");
        out_.setup.session.ballots_issued = r_.count(ballots, "issued", "ballots");
        out_.setup.session.ballots_returned = r_.count(ballots, "returned", "ballots");
        if (evaluation) {
            candidates(r_.at(root, "evaluation", JsonType::array, ""), "evaluation[]");
            const Json& o = r_.at(root, "outcome", JsonType::object, "");
            out_.decision.outcome = enum_at<Outcome>(o, "status", "outcome", parse_outcome);
        } else {
            candidates(r_.at(root, "candidates", JsonType::array, ""), "candidates[]");
            outcome(r_.at(root, "outcome", JsonType::object, ""));
        }
        inputs(r_.at(root, "inputs", JsonType::object, ""));
        if (root.contains("keying")) {
            const std::string keying = r_.str(root, "keying", "");
            if (keying != "double" && keying != "single") r_.fail("keying", k_unknown_value);
            out_.double_keyed = keying == "double";
            if (out_.double_keyed && out_.input("ballots_second") == nullptr)
                r_.fail("inputs.ballots_second", k_record_style.missing);
        }
        if (present(ballots, "valid", "ballots")) {
            counts(root, ballots);
            if (evaluation) evaluation_counts(root);
        }
        threshold(root);
        if (evaluation && out_.counts) {
            if (out_.decision.outcome != Outcome::final_)
                r_.fail("outcome.status", {"is not final, but ballots were counted", "不是 final，但已计票"});
            if (!out_.decision.threshold || !out_.decision.threshold->required)
                r_.fail("threshold", {"has no required count, but ballots were counted", "没有通过票数，但已计票"});
            Evaluation& e = *out_.decision.evaluation;
            e.required = *out_.decision.threshold->required;
            const Json& o = r_.at(root, "outcome", JsonType::object, "");
            if (o.contains("overall_rate")) e.overall_rate = r_.str(o, "overall_rate", "outcome");
        }
        // What a later round, a report and verify take for granted of a round that needs another.
        const Decision& d = out_.decision;
        if ((d.outcome == Outcome::tie || d.outcome == Outcome::shortfall) && !d.next_round)
            r_.fail("outcome.next_round", k_record_style.missing);
        if (out_.counts && !d.threshold) r_.fail("threshold", {"is null, but ballots were counted", "为空，但已计票"});
        if (d.outcome == Outcome::tie && (!out_.counts || d.next_round->candidates.empty()))
            r_.fail("outcome.next_round", {"does not follow from a counted tie", "与计票得出的票数相同不符"});
        return std::move(out_);
    }

private:
    template <typename E>
    E enum_at(const Json& obj, const char* key, const std::string& path,
              std::optional<E> (*parse_value)(std::string_view)) {
        std::optional<E> value = parse_value(r_.str(obj, key, path));
        if (!value) r_.fail(r_.path_of(path, key), k_unknown_value);
        return *value;
    }

    // Whether `obj[key]` holds a value: false for null, an error when the key is missing.
    bool present(const Json& obj, const char* key, const std::string& path) {
        auto it = obj.find(key);
        if (it == obj.end()) r_.fail(r_.path_of(path, key), k_record_style.missing);
        return !it->is_null();
    }

    std::optional<Decimal> budget(const Json& obj, const std::string& path) {
        if (!obj.contains("budget")) return std::nullopt;
        auto b = Decimal::parse(r_.str(obj, "budget", path));
        if (!b) r_.fail(r_.path_of(path, "budget"), {"is not a decimal", "不是十进制数"});
        return b;
    }

    void session(const Json& j) {
        Session& s = out_.setup.session;
        s.id = r_.str(j, "id", "session");
        Count round = r_.count(j, "round", "session", 1000);
        if (round < 1) r_.fail("session.round", k_record_style.out_of_range);
        out_.setup.round = static_cast<int>(round);
        s.body = r_.str(j, "body", "session");
        s.meeting = r_.str(j, "meeting", "session");
        s.level = r_.str(j, "level", "session");
        s.date = r_.str(j, "date", "session");
        bool date_ok = s.date.size() == 10;
        for (std::size_t i = 0; date_ok && i < s.date.size(); ++i)
            date_ok = (i == 4 || i == 7) ? s.date[i] == '-' : (s.date[i] >= '0' && s.date[i] <= '9');
        if (!date_ok) r_.fail("session.date", {"is not YYYY-MM-DD", "不是 YYYY-MM-DD 格式"});
        if (r_.str(j, "kind", "session") == name(VoteKind::satisfaction)) {
            s.kind = VoteKind::satisfaction;
            out_.setup.kind = RoundKind::first;
            if (out_.setup.round != 1) r_.fail("session.round", k_record_style.out_of_range);
        } else {
            out_.setup.kind = enum_at<RoundKind>(j, "kind", "session", parse_round_kind);
        }
    }

    void evaluation_rules(const Json& j) {
        Rules& r = out_.setup.rules;
        const Json& levels = r_.at(j, "levels", JsonType::array, "rules");
        for (const Json& l : levels)
            r.levels.push_back(r_.expect(l, JsonType::string, "rules.levels[]").get<std::string>());
        if (r.levels.size() < k_min_levels || r.levels.size() > k_max_levels)
            r_.fail("rules.levels", k_record_style.out_of_range);
        for (std::size_t i = 0; i < r.levels.size(); ++i)
            for (std::size_t k = 0; k < i; ++k)
                if (r.levels[i] == r.levels[k] || r.levels[i] == "abstain" || r.levels[i] == "unreadable")
                    r_.fail("rules.levels", {"names a level twice", "等次重复"});
        r.quorum = enum_at<QuorumRule>(j, "quorum", "rules", parse_rule<QuorumRule>);
        r.pass_base = enum_at<PassBase>(j, "pass_base", "rules", parse_rule<PassBase>);
        r.unreadable = enum_at<UnreadableRule>(j, "unreadable", "rules", parse_rule<UnreadableRule>);
        r.digest = enum_at<DigestAlgo>(j, "digest", "rules", parse_rule<DigestAlgo>);
    }

    // The mark table in force: the record's `marks`, class by class as the kind has them, or
    // the standard table of a selection vote that lists none.
    void marks(const Json& root) {
        const bool evaluation = out_.setup.evaluation();
        MarkTable table = evaluation ? satisfaction_marks(out_.setup.rules.levels) : selection_marks();
        const Json* j = r_.find(root, "marks", JsonType::object, "");
        if (j == nullptr) {
            if (evaluation) r_.fail("marks", k_record_style.missing);
            out_.setup.marks = std::move(table);
            return;
        }
        table.standard = false;
        table.custom = true;
        if (j->size() != table.classes.size())
            r_.fail("marks", {"does not list every class of marks", "没有列出每一类标记"});
        for (MarkClass& c : table.classes) {
            const Json& list = r_.at(*j, c.name, JsonType::array, "marks");
            c.symbols.clear();
            for (const Json& sym : list)
                c.symbols.push_back(r_.expect(sym, JsonType::string, "marks." + c.name + "[]").get<std::string>());
        }
        out_.setup.marks = std::move(table);
    }

    void attendance(const Json& j) {
        out_.setup.session.deputies = r_.count(j, "deputies", "attendance");
        out_.setup.session.present = r_.count(j, "present", "attendance");
        out_.decision.quorum_required = r_.count(j, "quorum_required", "attendance");
        out_.decision.quorum_met = r_.boolean(j, "quorum_met", "attendance");
    }

    void officers(const Json& root) {
        const Json* j = r_.find(root, "officers", JsonType::object, "");
        if (j == nullptr) return;
        Officers& o = out_.setup.session.officers;
        if (j->contains("chief_scrutineer")) o.chief_scrutineer = r_.str(*j, "chief_scrutineer", "officers");
        for (auto [key, names] : {std::pair{"scrutineers", &o.scrutineers}, std::pair{"counters", &o.counters}}) {
            const Json* list = r_.find(*j, key, JsonType::array, "officers");
            if (list == nullptr) continue;
            for (const Json& n : *list) {
                if (!n.is_string()) r_.fail("officers." + std::string(key), {"holds a non-string", "含非字符串"});
                names->push_back(n.get<std::string>());
            }
        }
    }

    void rules(const Json& j) {
        Rules& r = out_.setup.rules;
        r.seats = r_.count(j, "seats", "rules");
        r.surplus = enum_at<SurplusRule>(j, "surplus", "rules", parse_rule<SurplusRule>);
        r.quorum = enum_at<QuorumRule>(j, "quorum", "rules", parse_rule<QuorumRule>);
        r.pass_base = enum_at<PassBase>(j, "pass_base", "rules", parse_rule<PassBase>);
        r.unreadable = enum_at<UnreadableRule>(j, "unreadable", "rules", parse_rule<UnreadableRule>);
        r.shortfall = enum_at<ShortfallRule>(j, "shortfall", "rules", parse_rule<ShortfallRule>);
        r.digest = enum_at<DigestAlgo>(j, "digest", "rules", parse_rule<DigestAlgo>);
    }

    // The candidates on this round's ballot; their lead and note are written only where a next
    // round names them, and are filled in there.
    void candidates(const Json& list, const std::string& path) {
        for (const Json& c : list) {
            r_.expect(c, JsonType::object, path);
            Candidate cand;
            cand.id = r_.str(c, "id", path);
            if (!valid_candidate_id(cand.id)) r_.fail(path + ".id", {"is not a valid id", "不是有效编号"});
            cand.name = r_.str(c, "name", path);
            cand.budget = budget(c, path);
            if (out_.setup.evaluation()) {
                if (c.contains("lead")) cand.lead = r_.str(c, "lead", path);
                if (c.contains("year")) cand.year = r_.str(c, "year", path);
            }
            if (!index_.emplace(cand.id, out_.setup.candidates.size()).second)
                r_.fail(path + ".id", {"is listed twice", "重复出现"});
            out_.setup.candidates.push_back(std::move(cand));
        }
    }

    std::size_t index_of(const std::string& id, const std::string& path) {
        auto it = index_.find(id);
        if (it == index_.end()) r_.fail(path, {"names no candidate of this round", "不是本轮的候选项目"});
        return it->second;
    }

    void outcome(const Json& j) {
        Decision& d = out_.decision;
        d.outcome = enum_at<Outcome>(j, "status", "outcome", parse_outcome);
        for (const Json& id : r_.at(j, "selected", JsonType::array, "outcome"))
            d.selected.push_back(index_of(r_.expect(id, JsonType::string, "outcome.selected[]").get<std::string>(),
                                          "outcome.selected[]"));
        out_.setup.seats = r_.count(j, "seats_open", "outcome");
        d.seats_unfilled = r_.count(j, "seats_unfilled", "outcome");
        if (d.outcome == Outcome::slate_rejected)
            d.minimum_candidates =
                r_.count(r_.at(j, "slate", JsonType::object, "outcome"), "minimum_candidates", "outcome.slate");
        if (const Json* next = r_.find(j, "next_round", JsonType::object, "outcome")) next_round(*next);
        const std::string path = "outcome.cumulative_selected[]";
        for (const Json& c : r_.at(j, "cumulative_selected", JsonType::array, "outcome")) {
            r_.expect(c, JsonType::object, path);
            SelectedProject p;
            p.id = r_.str(c, "id", path);
            p.name = r_.str(c, "name", path);
            p.budget = budget(c, path);
            Count selected_in = r_.count(c, "round", path, 1000);
            if (selected_in < 1 || selected_in > out_.setup.round)
                r_.fail(path + ".round", k_record_style.out_of_range);
            p.round = static_cast<int>(selected_in);
            if (p.round < out_.setup.round) out_.setup.selected_before.push_back(p);
            d.cumulative.push_back(std::move(p));
        }
        auto total = Decimal::parse(r_.str(j, "budget_selected", "outcome"));
        if (!total) r_.fail("outcome.budget_selected", {"is not a decimal", "不是十进制数"});
        d.budget_selected = *total;
    }

    void next_round(const Json& j) {
        NextRound next;
        next.kind = enum_at<RoundKind>(j, "kind", "outcome.next_round", parse_round_kind);
        if (next.kind == RoundKind::first) r_.fail("outcome.next_round.kind", k_unknown_value);
        next.seats = r_.count(j, "seats", "outcome.next_round");
        const std::string path = "outcome.next_round.candidates[]";
        for (const Json& c : r_.at(j, "candidates", JsonType::array, "outcome.next_round")) {
            r_.expect(c, JsonType::object, path);
            std::string id = r_.str(c, "id", path);
            if (!valid_candidate_id(id)) r_.fail(path + ".id", {"is not a valid id", "不是有效编号"});
            (void)r_.str(c, "name", path);
            (void)budget(c, path);
            std::size_t i = index_of(id, path + ".id");
            Candidate& cand = out_.setup.candidates[i];
            if (c.contains("lead")) cand.lead = r_.str(c, "lead", path);
            if (c.contains("note")) cand.note = r_.str(c, "note", path);
            next.candidates.push_back(i);
        }
        out_.decision.next_round = std::move(next);
    }

    void inputs(const Json& j) {
        const std::string algo(digest_name(out_.setup.rules.digest));
        for (const auto& [role, entry] : j.items()) {
            const std::string path = "inputs." + role;
            if (role != "session" && role != "candidates" && role != "previous" && role != "ballots" &&
                role != "projects" && role != "selection" && role != "ballots_second")
                r_.fail(path, {"is not an input of a round", "不是本轮的输入文件"});
            r_.expect(entry, JsonType::object, path);
            InputDigest in{role, r_.str(entry, "name", path), r_.str(entry, algo, path), ""};
            if (entry.contains("encoding")) in.encoding = r_.str(entry, "encoding", path);
            out_.inputs.push_back(std::move(in));
        }
    }

    // What was counted: the ballots' totals, each candidate's marks and result, the invalid ballots.
    void counts(const Json& root, const Json& ballots) {
        BallotCounts c;
        c.valid = r_.count(ballots, "valid", "ballots");
        c.invalid = r_.count(ballots, "invalid", "ballots");
        const Json& in = r_.at(r_.at(root, "inputs", JsonType::object, ""), "ballots", JsonType::object, "inputs");
        c.rows = r_.count(in, "rows", "inputs.ballots");
        auto merkle = from_hex(r_.str(in, "merkle_root", "inputs.ballots"));
        if (!merkle || merkle->size() != c.merkle_root.size())
            r_.fail("inputs.ballots.merkle_root", {"is not a 32-byte hex digest", "不是 32 字节的十六进制摘要"});
        std::copy(merkle->begin(), merkle->end(), c.merkle_root.begin());
        Decision& d = out_.decision;
        const std::string path = "candidates[]";
        const Json* listed = out_.setup.evaluation() ? nullptr : &r_.at(root, "candidates", JsonType::array, "");
        for (const Json& cand : listed ? *listed : Json::array()) {
            c.candidates.push_back(CandidateCount{r_.count(cand, "approve", path), r_.count(cand, "disapprove", path),
                                                  r_.count(cand, "abstain", path), r_.count(cand, "unreadable", path)});
            CandidateResult res;
            res.passed = r_.boolean(cand, "passed", path);
            if (cand.contains("rank")) res.rank = r_.count(cand, "rank", path);
            res.status = enum_at<CandidateStatus>(cand, "status", path, parse_candidate_status);
            d.candidates.push_back(res);
        }
        const std::string ipath = "invalid_ballots[]";
        for (const Json& b : r_.at(root, "invalid_ballots", JsonType::array, "")) {
            r_.expect(b, JsonType::object, ipath);
            InvalidBallot x;
            x.ballot = r_.str(b, "ballot", ipath);
            x.reason = enum_at<InvalidReason>(b, "reason", ipath, parse_invalid_reason);
            x.line = static_cast<std::size_t>(r_.count(b, "line", ipath));
            if (x.reason == InvalidReason::over_approval) {
                x.approvals = r_.count(b, "approvals", ipath);
                (void)r_.count(b, "limit", ipath);
            }
            if (b.contains("note")) x.note = r_.str(b, "note", ipath);
            c.invalid_ballots.push_back(std::move(x));
        }
        out_.counts = std::move(c);
    }

    // An evaluation's counts per project and level, verdicts and rates (R8).
    void evaluation_counts(const Json& root) {
        const std::vector<std::string>& levels = out_.setup.rules.levels;
        BallotCounts& c = *out_.counts;
        Evaluation e;
        const std::string path = "evaluation[]";
        for (const Json& p : r_.at(root, "evaluation", JsonType::array, "")) {
            const Json& counts = r_.at(p, "counts", JsonType::object, path);
            if (counts.size() != levels.size() + 2)
                r_.fail(path + ".counts", {"does not list each level, abstain and unreadable once",
                                           "没有逐一列出各等次、弃权和无法辨认"});
            LevelCounts lc;
            for (const std::string& level : levels) lc.levels.push_back(r_.count(counts, level, path + ".counts"));
            lc.abstain = r_.count(counts, "abstain", path + ".counts");
            lc.unreadable = r_.count(counts, "unreadable", path + ".counts");
            c.candidates.push_back(CandidateCount{0, 0, lc.abstain, lc.unreadable});
            c.levels.push_back(std::move(lc));
            ProjectEvaluation pe;
            const std::string verdict = r_.str(p, "verdict", path);
            auto it = std::find(levels.begin(), levels.end(), verdict);
            if (it == levels.end()) r_.fail(path + ".verdict", {"is not one of the levels", "不是所列的等次之一"});
            pe.verdict = static_cast<std::size_t>(it - levels.begin());
            if (p.contains("rate")) pe.rate = r_.str(p, "rate", path);
            e.projects.push_back(std::move(pe));
        }
        out_.decision.evaluation = std::move(e);
    }

    void threshold(const Json& root) {
        if (!present(root, "threshold", "")) return;
        const Json& j = r_.at(root, "threshold", JsonType::object, "");
        Threshold t;
        t.base = r_.str(j, "base", "threshold");
        if (j.contains("required")) {
            t.required = r_.count(j, "required", "threshold");
            t.base_count = r_.count(j, "base_count", "threshold");
        }
        out_.decision.threshold = std::move(t);
    }

    JsonReader r_;
    RoundRecord out_;
    std::map<std::string, std::size_t, std::less<>> index_;  // candidate id → index, ballot order
};

}  // namespace

std::vector<Candidate> RoundRecord::next_candidates() const {
    std::vector<Candidate> out;
    if (decision.next_round)
        for (std::size_t i : decision.next_round->candidates) out.push_back(setup.candidates[i]);
    return out;
}

const InputDigest* RoundRecord::input(std::string_view role) const {
    for (const InputDigest& in : inputs)
        if (in.role == role) return &in;
    return nullptr;
}

std::string session_path_beside(const RoundRecord& record, const std::string& record_path) {
    const InputDigest* session = record.input("session");
    return join_path(parent_dir(record_path), session ? session->name : std::string("session.toml"));
}

RoundRecord parse_record(std::string_view bytes, const std::string& file) {
    return RecordParser(file).parse(bytes);
}

std::optional<DigestAlgo> record_digest_algo(std::string_view bytes) {
    std::optional<detail::Json> j = detail::parse_json_or_nothing(bytes);
    if (!j || !j->is_object()) return std::nullopt;
    auto format = j->find("format");
    if (format == j->end() || !format->is_string() || format->get<std::string>() != k_record_format)
        return std::nullopt;
    auto rules = j->find("rules");
    if (rules == j->end() || !rules->is_object()) return DigestAlgo::sha256;
    auto digest = rules->find("digest");
    if (digest == rules->end() || !digest->is_string()) return DigestAlgo::sha256;
    return parse_digest_name(digest->get<std::string>()).value_or(DigestAlgo::sha256);
}

}  // namespace piaojue
