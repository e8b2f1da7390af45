// Writing a record: docs/record-format.md lays out every field this file writes, in this order.
#include <piaojue/error.hpp>
#include <piaojue/record.hpp>

#include <stdexcept>

#include "json_reader.hpp"

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

// An evaluation's rules: no seats, surplus or shortfall (R8).
json evaluation_rules_json(const Rules& r) {
    return {{"levels", r.levels},
            {"quorum", name(r.quorum)},
            {"pass_base", name(r.pass_base)},
            {"unreadable", name(r.unreadable)},
            {"digest", digest_name(r.digest)}};
}

// The mark table in force, class by class: written for an evaluation, and for a vote whose
// session changed the standard table with [marks].
json marks_json(const MarkTable& marks) {
    json m = json::object();
    for (const MarkClass& c : marks.classes) m[c.name] = c.symbols;
    return m;
}

json inputs_json(const RoundRecord& record) {
    const std::string algo(digest_name(record.setup.rules.digest));
    json in = json::object();
    for (const InputDigest& i : record.inputs) {
        json e = {{"name", i.name}, {algo, i.hex}};
        if (!i.encoding.empty()) e["encoding"] = i.encoding;
        if (i.role == "ballots" && record.counts) {
            e["rows"] = record.counts->rows;
            e["merkle_root"] = to_hex(record.counts->merkle_root);
        }
        in[i.role] = e;
    }
    return in;
}

json threshold_json(const Decision& d) {
    if (!d.threshold) return nullptr;
    json t = {{"base", d.threshold->base}};
    t["base_count"] = d.threshold->required ? json(d.threshold->base_count) : json(nullptr);
    if (d.threshold->required) t["required"] = *d.threshold->required;
    return t;
}

json candidates_json(const RoundRecord& record) {
    const RoundSetup& setup = record.setup;
    const Decision& d = record.decision;
    json cands = json::array();
    for (std::size_t i = 0; i < setup.candidates.size(); ++i) {
        const Candidate& c = setup.candidates[i];
        json e = {{"id", c.id}, {"name", c.name}};
        if (c.budget) e["budget"] = c.budget->to_string();
        if (record.counts && d.tallied()) {
            const CandidateCount& cc = record.counts->candidates[i];
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
    return cands;
}

// R8: each evaluated project, its marks per level and its verdict and rate when counted.
json evaluation_json(const RoundRecord& record) {
    const RoundSetup& setup = record.setup;
    const Decision& d = record.decision;
    json list = json::array();
    for (std::size_t i = 0; i < setup.candidates.size(); ++i) {
        const Candidate& c = setup.candidates[i];
        json e = {{"id", c.id}, {"name", c.name}};
        if (c.budget) e["budget"] = c.budget->to_string();
        if (!c.lead.empty()) e["lead"] = c.lead;
        if (!c.year.empty()) e["year"] = c.year;
        if (record.counts && d.evaluation) {
            const LevelCounts& lc = record.counts->levels[i];
            json counts = json::object();
            for (std::size_t l = 0; l < setup.rules.levels.size(); ++l) counts[setup.rules.levels[l]] = lc.levels[l];
            counts["abstain"] = lc.abstain;
            counts["unreadable"] = lc.unreadable;
            e["counts"] = std::move(counts);
            const ProjectEvaluation& pe = d.evaluation->projects[i];
            e["verdict"] = setup.rules.levels[pe.verdict];
            if (pe.rate) e["rate"] = *pe.rate;
        }
        list.push_back(std::move(e));
    }
    return list;
}

json outcome_json(const RoundRecord& record) {
    const RoundSetup& setup = record.setup;
    const Decision& d = record.decision;
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
    return o;
}

json officers_json(const Officers& officers) {
    json o = json::object();
    if (!officers.chief_scrutineer.empty()) o["chief_scrutineer"] = officers.chief_scrutineer;
    if (!officers.scrutineers.empty()) o["scrutineers"] = officers.scrutineers;
    if (!officers.counters.empty()) o["counters"] = officers.counters;
    return o;
}

// `dumped` with the invalid ballots written into its empty `invalid_ballots` array, exactly as
// dump(2) would lay them out. Written straight into the output: one JSON object per invalid
// ballot is ~1 KiB in a DOM, and a 10-million-ballot round has tens of thousands of them.
std::string with_invalid_ballots(const std::string& dumped, const std::vector<InvalidBallot>& invalid, Count seats) {
    // A string value cannot hold a raw line feed, so the key at the top level's indentation
    // after one is found only where it is the key.
    static constexpr std::string_view k_key = "\n  \"invalid_ballots\": [";
    const std::size_t at = dumped.find(k_key);
    if (at == std::string::npos || dumped.compare(at + k_key.size(), 1, "]") != 0)
        throw std::logic_error("write_record: invalid_ballots not found in the dump");
    const std::size_t split = at + k_key.size();
    auto quoted = [](std::string_view text) { return json(text).dump(-1, ' ', false, json::error_handler_t::strict); };
    std::string record;
    // Reserved generously, once: pages never written are never resident, while growing by
    // doubling would hold the old and the new copy at once.
    std::size_t size = dumped.size();
    for (const InvalidBallot& b : invalid) size += 160 + 6 * (b.ballot.size() + name(b.reason).size() + b.note.size());
    record.reserve(size);
    record.append(dumped, 0, split);
    const std::string limit = std::to_string(seats);
    bool first = true;
    for (const InvalidBallot& b : invalid) {
        record += first ? "\n    {\n      \"ballot\": " : ",\n    {\n      \"ballot\": ";
        first = false;
        record += quoted(b.ballot);
        record += ",\n      \"reason\": ";
        record += quoted(name(b.reason));
        record += ",\n      \"line\": ";
        record += std::to_string(b.line);
        if (b.reason == InvalidReason::over_approval) {
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
    record.append(dumped, split, std::string::npos);
    return record;
}

}  // namespace

std::string write_record(const RoundRecord& record) {
    const RoundSetup& setup = record.setup;
    const Session& s = setup.session;
    const Decision& d = record.decision;
    const BallotCounts* counts = record.counts ? &*record.counts : nullptr;
    json r;
    r["format"] = k_record_format;
    r["generator"] = {{"name", k_name}, {"version", record.generator_version}};
    const bool evaluation = setup.evaluation();
    r["session"] = {{"id", s.id},
                    {"body", s.body},
                    {"meeting", s.meeting},
                    {"date", s.date},
                    {"level", s.level},
                    {"round", setup.round},
                    {"kind", evaluation ? name(VoteKind::satisfaction) : name(setup.kind)}};
    r["rules"] = evaluation ? evaluation_rules_json(setup.rules) : rules_json(setup.rules);
    if (evaluation || setup.marks.custom) r["marks"] = marks_json(setup.marks);
    r["inputs"] = inputs_json(record);
    if (record.double_keyed) r["keying"] = "double";  // absent: keyed once
    r["attendance"] = {{"deputies", s.deputies},
                       {"present", s.present},
                       {"quorum_required", d.quorum_required},
                       {"quorum_met", d.quorum_met}};
    r["ballots"] = {{"issued", s.ballots_issued},
                    {"returned", s.ballots_returned},
                    {"valid", counts ? json(counts->valid) : json(nullptr)},
                    {"invalid", counts ? json(counts->invalid) : json(nullptr)}};
    r["invalid_ballots"] = json::array();  // filled in below, after the dump
    r["threshold"] = threshold_json(d);
    if (evaluation) {
        r["evaluation"] = evaluation_json(record);
        json o = {{"status", name(d.outcome)}};
        if (d.evaluation && d.evaluation->overall_rate) o["overall_rate"] = *d.evaluation->overall_rate;
        r["outcome"] = std::move(o);
    } else {
        r["candidates"] = candidates_json(record);
        r["outcome"] = outcome_json(record);
    }
    r["officers"] = officers_json(s.officers);

    std::string out = r.dump(2, ' ', false, json::error_handler_t::strict);
    out += '\n';
    if (counts == nullptr || counts->invalid_ballots.empty()) return out;
    return with_invalid_ballots(out, counts->invalid_ballots, setup.seats);
}

}  // namespace piaojue
