#include <piaojue/batch.hpp>
#include <piaojue/record.hpp>
#include <piaojue/round.hpp>
#include <piaojue/session.hpp>
#include <piaojue/text.hpp>
#include <piaojue/verify.hpp>
#include <piaojue/version.hpp>

#include "parallel.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <sstream>

namespace piaojue {

using json = nlohmann::ordered_json;

std::string_view check_state_name(CheckState state) {
    switch (state) {
        case CheckState::pass:
            return "PASS";
        case CheckState::fail:
            return "FAIL";
        case CheckState::skipped:
            return "SKIPPED";
    }
    return "?";
}

ExitCode VerifyResult::code() const {
    bool any = false, only_key = true;
    for (const VerifyCheck& c : checks) {
        if (c.state != CheckState::fail) continue;
        any = true;
        only_key = only_key && c.fail_code == ExitCode::key_error;
    }
    if (!any) return ExitCode::ok;
    return only_key ? ExitCode::key_error : ExitCode::verify_failed;
}

namespace {

Text t(std::string en, std::string zh) {
    return Text{std::move(en), std::move(zh)};
}

const Text k_no_source{"not checked: the batch's sessions were not named (--session DIR|MANIFEST)",
                       "未检查：未指明该批次的会议目录或清单（--session DIR|MANIFEST）"};

// The first line where two texts differ, for a FAIL detail.
Text first_difference(const std::string& expected, const std::string& actual) {
    std::istringstream a(expected), b(actual);
    std::string la, lb;
    for (std::size_t line = 1;; ++line) {
        bool ga = static_cast<bool>(std::getline(a, la)), gb = static_cast<bool>(std::getline(b, lb));
        if (!ga && !gb) return t("the texts differ in their final bytes", "两者末尾字节不同");
        if (la != lb || ga != gb)
            return t("first difference at line " + std::to_string(line) + ": record has `" + (ga ? la : "<end>") +
                         "`, recomputed `" + (gb ? lb : "<end>") + "`",
                     "第 " + std::to_string(line) + " 行起不同：记录为 `" + (ga ? la : "<结束>") + "`，重算为 `" +
                         (gb ? lb : "<结束>") + "`");
    }
}

// `fresh` (rendered by this piaojue) with the generator version `record` states. The version is
// the one line of a record that depends on which release wrote it; compared as rendered, every
// published record would fail V5 and V7 once piaojue is upgraded. Everything else must match.
std::string as_generated_by(std::string fresh, const json& record) {
    if (!record.contains("generator") || !record.at("generator").is_object() ||
        !record.at("generator").contains("version") || !record.at("generator").at("version").is_string())
        return fresh;
    const std::string mine = "\"version\": " + json(std::string(k_version)).dump();
    const std::string theirs =
        "\"version\": " + record.at("generator").at("version").dump(-1, ' ', false, json::error_handler_t::replace);
    if (auto at = fresh.find(mine); at != std::string::npos) fresh.replace(at, mine.size(), theirs);
    return fresh;
}

// Rebuilds the values a record was rendered from, so that re-rendering them can be compared
// byte for byte (V7): the record is a pure function of setup, counts, decision and inputs.
struct Rebuilt {
    RoundSetup setup;
    std::optional<BallotCounts> counts;
    std::vector<InputDigest> inputs;
};

Rebuilt rebuild(const RecordView& view) {
    const json& j = view.json;
    Rebuilt r;
    RoundSetup& s = r.setup;
    const json& session = j.at("session");
    s.session.id = session.at("id").get<std::string>();
    s.session.body = session.at("body").get<std::string>();
    s.session.meeting = session.at("meeting").get<std::string>();
    s.session.date = session.at("date").get<std::string>();
    s.session.level = session.at("level").get<std::string>();
    s.round = session.at("round").get<int>();
    auto kind = parse_round_kind(session.at("kind").get<std::string>());
    if (!kind) throw std::runtime_error("session.kind");
    s.kind = *kind;
    s.rules = view.rules;
    s.session.deputies = j.at("attendance").at("deputies").get<Count>();
    s.session.present = j.at("attendance").at("present").get<Count>();
    s.session.ballots_issued = j.at("ballots").at("issued").get<Count>();
    s.session.ballots_returned = j.at("ballots").at("returned").get<Count>();
    if (j.contains("officers")) {
        const json& o = j.at("officers");
        if (o.contains("chief_scrutineer"))
            s.session.officers.chief_scrutineer = o.at("chief_scrutineer").get<std::string>();
        if (o.contains("scrutineers"))
            s.session.officers.scrutineers = o.at("scrutineers").get<std::vector<std::string>>();
        if (o.contains("counters")) s.session.officers.counters = o.at("counters").get<std::vector<std::string>>();
    }
    s.seats = j.at("outcome").at("seats_open").get<Count>();
    for (const json& c : j.at("candidates")) {
        Candidate cand;
        cand.id = c.at("id").get<std::string>();
        cand.name = c.at("name").get<std::string>();
        if (c.contains("budget")) cand.budget = Decimal::parse(c.at("budget").get<std::string>());
        s.candidates.push_back(std::move(cand));
    }
    // lead/note of the next round's candidates are only in next_round; carry them over.
    for (const Candidate& nc : view.next_candidates)
        for (Candidate& c : s.candidates)
            if (c.id == nc.id) {
                c.lead = nc.lead;
                c.note = nc.note;
            }
    for (const SelectedProject& p : view.cumulative)
        if (p.round < s.round) s.selected_before.push_back(p);

    const json& b = j.at("ballots");
    if (!b.at("valid").is_null()) {
        BallotCounts counts;
        counts.valid = b.at("valid").get<Count>();
        counts.invalid = b.at("invalid").get<Count>();
        const json& in = j.at("inputs").at("ballots");
        counts.rows = in.at("rows").get<Count>();
        auto root = from_hex(in.at("merkle_root").get<std::string>());
        if (!root || root->size() != counts.merkle_root.size()) throw std::runtime_error("merkle_root");
        std::copy(root->begin(), root->end(), counts.merkle_root.begin());
        for (const json& c : j.at("candidates"))
            counts.candidates.push_back(CandidateCount{c.at("approve").get<Count>(), c.at("disapprove").get<Count>(),
                                                       c.at("abstain").get<Count>(), c.at("unreadable").get<Count>()});
        for (const json& ib : j.at("invalid_ballots")) {
            InvalidBallot x;
            x.ballot = ib.at("ballot").get<std::string>();
            x.reason = ib.at("reason").get<std::string>();
            x.line = ib.at("line").get<std::size_t>();
            if (ib.contains("approvals")) x.approvals = ib.at("approvals").get<Count>();
            if (ib.contains("note")) x.note = ib.at("note").get<std::string>();
            counts.invalid_ballots.push_back(std::move(x));
        }
        r.counts = std::move(counts);
    }
    const std::string algo(digest_name(view.digest));
    for (const char* role : {"session", "candidates", "previous", "ballots"}) {
        if (!j.at("inputs").contains(role)) continue;
        const json& e = j.at("inputs").at(role);
        InputDigest d{role, e.at("name").get<std::string>(), e.at(algo).get<std::string>(),
                      e.contains("encoding") ? e.at("encoding").get<std::string>() : ""};
        r.inputs.push_back(std::move(d));
    }
    // write_record emits inputs in the order they were read: session, candidates|previous, ballots.
    // V6 reads these too; they are read here only so that a record without them fails V1.
    (void)j.at("attendance").at("quorum_required").get<Count>();
    (void)j.at("outcome").at("status").get<std::string>();
    if (r.counts) {  // V6 reads no more of a round in which no ballot was counted
        if (j.at("threshold").contains("required")) (void)j.at("threshold").at("base_count").get<Count>();
        for (const json& c : j.at("candidates")) (void)c.at("passed").get<bool>();
    }
    for (const auto& item : j.at("inputs").items()) {
        (void)item.value().at("name").get<std::string>();
        (void)item.value().at(algo).get<std::string>();
    }
    return r;
}

class Verifier {
public:
    /// `bytes`: the record's, when the caller has read them already (verify_batch).
    Verifier(const FileSystem& fs, const std::string& record_path, const VerifyOptions& options,
             std::optional<std::string> bytes = std::nullopt)
        : fs_(fs),
          record_path_(record_path),
          options_(options),
          bytes_(bytes ? std::move(*bytes) : fs.read(record_path)) {}

    VerifyResult run();
    /// The record as parsed by run() (V1), when it could be.
    [[nodiscard]] const std::optional<RecordView>& view() const { return view_; }

private:
    VerifyCheck& add(const char* id, Text title) {
        result_.checks.push_back(VerifyCheck{id, std::move(title), CheckState::pass, {}});
        return result_.checks.back();
    }
    static void fail(VerifyCheck& c, Text why, ExitCode code = ExitCode::verify_failed) {
        if (c.state != CheckState::fail)
            c.fail_code = code;
        else if (code == ExitCode::verify_failed)
            c.fail_code = code;
        c.state = CheckState::fail;
        c.details.push_back(std::move(why));
    }
    static void skip(VerifyCheck& c, Text why) {
        c.state = CheckState::skipped;
        c.details.push_back(std::move(why));
    }

    void signatures();
    void inputs();
    void retally();
    void arithmetic();
    void outcome();
    void chain();

    const FileSystem& fs_;
    std::string record_path_;
    const VerifyOptions& options_;
    std::string bytes_;
    VerifyResult result_;
    std::optional<RecordView> view_;
    std::string session_path_;
    std::string algo_;
    bool inputs_complete_ = true;
};

VerifyResult Verifier::run() {
    result_.record_path = record_path_;
    // add() hands out references into `checks`; with room for all eight reserved up front no
    // push_back reallocates, so a reference held across a later add() (V2 while V3 is added)
    // stays valid. Without this, V2's FAIL went into freed memory and V2 read PASS.
    result_.checks.reserve(8);
    VerifyCheck& v1 = add("V1", t("format and version", "格式与版本"));
    try {
        view_ = parse_record(bytes_, record_path_);
        (void)rebuild(*view_);  // every field V5–V8 read must be there and of the right type
        v1.details.push_back(t(std::string(k_record_format), std::string(k_record_format)));
    } catch (const Error& e) {
        fail(v1, e.diagnostics().front().message);
    } catch (const std::exception& e) {
        fail(v1, t(std::string("a field is missing or of the wrong type: ") + e.what(),
                   std::string("字段缺失或类型错误：") + e.what()));
    }
    if (v1.state == CheckState::fail) {
        for (const char* id : {"V2", "V3", "V4", "V5", "V6", "V7", "V8"}) {
            VerifyCheck& c = add(id, t("not checked", "未检查"));
            skip(c, t("the record itself is not valid (V1)", "结果记录本身无效（V1）"));
        }
        return result_;
    }
    algo_ = std::string(digest_name(view_->digest));
    const json& in = view_->json.at("inputs");
    session_path_ =
        options_.session_path
            ? *options_.session_path
            : join_path(parent_dir(record_path_),
                        in.contains("session") ? in.at("session").at("name").get<std::string>() : "session.toml");
    // V1 reads every field the later checks read; should one still be missing or mistyped, the
    // check that met it fails (exit 7) rather than the whole command (exit 1).
    for (void (Verifier::*step)() : {&Verifier::signatures, &Verifier::inputs, &Verifier::retally,
                                     &Verifier::arithmetic, &Verifier::outcome, &Verifier::chain}) {
        std::size_t before = result_.checks.size();
        try {
            (this->*step)();
        } catch (const std::exception& e) {
            if (result_.checks.size() == before) throw;
            fail(result_.checks.back(), t(std::string("a field is missing or of the wrong type: ") + e.what(),
                                          std::string("字段缺失或类型错误：") + e.what()));
        }
    }
    return result_;
}

void Verifier::signatures() {
    VerifyCheck& v2 = add("V2", t("signatures over the record's exact bytes", "签名覆盖结果记录的原始字节"));
    VerifyCheck& v3 = add("V3", t("signers trusted, required roles present", "签名人可信，必需的角色齐全"));
    std::string path = options_.signature_path ? *options_.signature_path : signature_file_name(record_path_);
    std::vector<std::string> roles_en;
    if (!fs_.exists(path)) {
        skip(v2, t("no signature file " + path, "没有签名文件 " + path));
        if (options_.required_roles.empty()) {
            skip(v3, t("no signatures and no role required", "没有签名，也不要求任何角色"));
        } else {
            for (Role r : options_.required_roles)
                fail(v3, t("no signature by a " + std::string(role_english(r)) + " (" + std::string(role_name(r)) + ")",
                           "没有" + std::string(role_name(r)) + "的签名"));
        }
        return;
    }
    SignatureFile sigfile;
    try {
        sigfile = parse_signature_file(fs_.read(path), path);
    } catch (const Error& e) {
        fail(v2, e.diagnostics().front().message, ExitCode::key_error);
        skip(v3, t("the signature file is not usable (V2)", "签名文件无法使用（V2）"));
        return;
    }
    VerifyReport report = verify_signatures(sigfile, bytes_, Artifact::result_record);
    if (!report.record_ok) fail(v2, report.record_reason);
    for (const SignatureCheck& s : report.signatures) {
        std::string who = std::string(role_name(s.role)) + " " + s.name + " (" +
                          std::string(signature_algo_name(s.algorithm)) + ", " + s.fingerprint.substr(0, 16) + "…)";
        if (s.ok)
            v2.details.push_back(t("good signature: " + who, "签名有效：" + who));
        else
            fail(v2, t("BAD signature: " + who + ": " + s.reason.en, "签名无效：" + who + "：" + s.reason.zh));
    }
    std::vector<Role> required = options_.required_roles;
    if (options_.trust) {
        check_trust(*options_.trust, sigfile, report);
        for (Role r : options_.trust->required_roles)
            if (std::find(required.begin(), required.end(), r) == required.end()) required.push_back(r);
        for (const SignatureCheck& s : report.signatures) {
            std::string who = std::string(role_name(s.role)) + " " + s.name;
            if (s.trusted && *s.trusted)
                v3.details.push_back(t("trusted: " + who, "可信：" + who));
            else
                fail(v3,
                     t("NOT trusted: " + who + ": " + s.trust_reason.en, "不可信：" + who + "：" + s.trust_reason.zh));
        }
    } else {
        v3.details.push_back(
            t("no --trust list given: keys are not checked against one", "未给出 --trust 可信名单：未核对签名密钥"));
    }
    for (Role r : required) {
        bool found = false;
        for (const SignatureCheck& s : report.signatures)
            found = found || (s.role == r && s.ok && (!options_.trust || (s.trusted && *s.trusted)));
        if (!found)
            fail(v3,
                 t("no good signature by a " + std::string(role_english(r)) + " (" + std::string(role_name(r)) + ")",
                   "没有" + std::string(role_name(r)) + "的有效签名"));
    }
}

void Verifier::inputs() {
    VerifyCheck& v4 = add("V4", t("digests of the input files", "输入文件的摘要"));
    const json& in = view_->json.at("inputs");
    if (!options_.inputs_at_hand) {
        skip(v4, k_no_source);
        inputs_complete_ = false;
        return;
    }
    std::size_t checked = 0;
    for (const auto& [role, entry] : in.items()) {
        std::string name = entry.at("name").get<std::string>();
        std::string path = role == "session" ? session_path_ : resolve_beside(session_path_, name);
        std::string want = entry.at(algo_).get<std::string>();
        // A record may name any path; only the session's own files are read, so a forged record
        // cannot have verify hash (and print the digest of) a file elsewhere.
        if (role != "session" &&
            !path_allowed(fs_, path, folder_above(fs_, session_path_, role == "previous" ? 1 : 0), options_.paths)) {
            inputs_complete_ = false;
            fail(v4, t(role + " \"" + name + "\": outside the session's folder, not read (--allow-path DIR allows it)",
                       role + " “" + name + "”：不在会议文件所在的目录中，未读取（--allow-path 目录 可允许）"));
            continue;
        }
        if (!fs_.exists(path)) {
            inputs_complete_ = false;
            v4.details.push_back(
                t(role + " " + path + ": not present, not checked", role + " " + path + "：文件不在，未检查"));
            continue;
        }
        std::string got;
        try {
            auto src = fs_.open(path);
            Hasher h(view_->digest);
            char buf[1 << 16];
            while (std::size_t n = src->read(buf, sizeof buf)) h.update(buf, n);
            got = to_hex(h.finish());
        } catch (const Error& e) {
            fail(v4, e.diagnostics().front().message);
            inputs_complete_ = false;
            continue;
        }
        ++checked;
        if (got == want)
            v4.details.push_back(
                t(role + " " + path + ": " + algo_ + " matches", role + " " + path + "：" + algo_ + " 一致"));
        else {
            fail(v4, t(role + " " + path + ": " + algo_ + " is " + got + ", the record says " + want,
                       role + " " + path + "：" + algo_ + " 为 " + got + "，而结果记录为 " + want));
        }
    }
    if (checked == 0) {
        v4.state = v4.state == CheckState::fail ? CheckState::fail : CheckState::skipped;
        inputs_complete_ = false;
    }
}

void Verifier::retally() {
    VerifyCheck& v5 = add("V5", t("a fresh tally gives the identical record", "重新计票得到完全相同的结果记录"));
    if (!inputs_complete_) {
        if (!options_.inputs_at_hand) return skip(v5, k_no_source);
        skip(v5, t("not every input is at hand (ballots are often not published)", "输入文件不全（选票通常不公开）"));
        return;
    }
    const json& in = view_->json.at("inputs");
    ReadOptions ro;
    ro.paths = options_.paths;
    for (const char* role : {"candidates", "ballots"})
        if (in.contains(role) && in.at(role).contains("encoding"))
            ro.encoding = parse_encoding(in.at(role).at("encoding").get<std::string>()).value_or(Encoding::utf8);
    try {
        RoundResult fresh = tally_round(fs_, session_path_, ro);
        fresh.record = as_generated_by(std::move(fresh.record), view_->json);
        if (fresh.record == bytes_)
            v5.details.push_back(t("identical bytes (" + std::to_string(bytes_.size()) + ")",
                                   "字节完全相同（" + std::to_string(bytes_.size()) + " 字节）"));
        else
            fail(v5, first_difference(bytes_, fresh.record));
    } catch (const Error& e) {
        const Diagnostic& d = e.diagnostics().front();
        std::string where = d.file + (d.line ? ":" + std::to_string(d.line) : "");
        fail(v5, t("the inputs do not tally: " + where + ": " + d.message.en,
                   "输入无法计票：" + where + "：" + d.message.zh));
    }
}

void Verifier::arithmetic() {
    VerifyCheck& v6 = add("V6", t("the record's arithmetic", "结果记录的算术"));
    const json& j = view_->json;
    const json& b = j.at("ballots");
    auto count = [](const json& v) { return v.get<Count>(); };
    Count deputies = count(j.at("attendance").at("deputies")), present = count(j.at("attendance").at("present"));
    Count issued = count(b.at("issued")), returned = count(b.at("returned"));
    if (present > deputies) fail(v6, t("present exceeds deputies", "出席人数超过全体代表人数"));
    if (issued > present) fail(v6, t("ballots issued exceed deputies present", "发出选票数超过出席人数"));
    if (count(j.at("attendance").at("quorum_required")) != quorum_required(view_->rules.quorum, deputies))
        fail(v6, t("quorum_required does not follow from the quorum rule", "quorum_required 与法定人数规则不符"));
    if (b.at("valid").is_null()) {
        v6.details.push_back(t("no ballot was counted (" + j.at("outcome").at("status").get<std::string>() + ")",
                               "未计票（" + j.at("outcome").at("status").get<std::string>() + "）"));
        return;
    }
    Count valid = count(b.at("valid")), invalid = count(b.at("invalid"));
    if (valid + invalid != returned)
        fail(v6, t("valid + invalid = " + std::to_string(valid + invalid) + " ≠ returned " + std::to_string(returned),
                   "有效 + 无效 = " + std::to_string(valid + invalid) + " ≠ 收回 " + std::to_string(returned)));
    if (static_cast<Count>(j.at("invalid_ballots").size()) != invalid)
        fail(v6, t("invalid_ballots lists " + std::to_string(j.at("invalid_ballots").size()) + " ballots, not " +
                       std::to_string(invalid),
                   "invalid_ballots 列出 " + std::to_string(j.at("invalid_ballots").size()) + " 张，而不是 " +
                       std::to_string(invalid)));
    if (count(j.at("inputs").at("ballots").at("rows")) != returned)
        fail(v6, t("ballot rows ≠ ballots returned", "选票行数 ≠ 收回选票数"));
    const json& th = j.at("threshold");
    std::optional<Count> required;
    if (th.contains("required")) {
        required = count(th.at("required"));
        if (*required != majority_of(count(th.at("base_count"))))
            fail(v6, t("threshold.required is not ⌊base_count/2⌋ + 1", "threshold.required 不等于 ⌊base_count/2⌋ + 1"));
    }
    for (const json& c : j.at("candidates")) {
        std::string id = c.at("id").get<std::string>();
        Count sum =
            count(c.at("approve")) + count(c.at("disapprove")) + count(c.at("abstain")) + count(c.at("unreadable"));
        if (sum != valid)
            fail(v6, t(id + ": approve + disapprove + abstain + unreadable = " + std::to_string(sum) + " ≠ valid " +
                           std::to_string(valid),
                       id + "：赞成 + 不赞成 + 弃权 + 无法辨认 = " + std::to_string(sum) + " ≠ 有效票 " +
                           std::to_string(valid)));
        bool passed = c.at("passed").get<bool>();
        if (required && passed != (count(c.at("approve")) >= *required))
            fail(v6, t(id + ": passed does not follow from its approvals", id + "：是否通过与赞成票数不符"));
    }
    if (v6.state == CheckState::pass)
        v6.details.push_back(t("every project's marks add up to the " + std::to_string(valid) +
                                   " valid ballots; valid + invalid = returned",
                               "每个项目的票数之和均等于有效票 " + std::to_string(valid) + " 张；有效 + 无效 = 收回"));
}

void Verifier::outcome() {
    VerifyCheck& v7 =
        add("V7", t("the outcome follows from the counts under the recorded rules", "按所记规则由票数得出的结果一致"));
    try {
        Rebuilt r = rebuild(*view_);
        Decision d;
        if (r.counts) {
            d = decide(r.setup, *r.counts);
        } else {
            auto stop = decide_before_ballots(r.setup);
            if (!stop) {
                fail(v7, t("no ballot was counted, yet the rules would have the round counted",
                           "未计票，但按规则本轮应当计票"));
                return;
            }
            d = *stop;
        }
        std::string again =
            as_generated_by(write_record(r.setup, d, r.counts ? &*r.counts : nullptr, r.inputs), view_->json);
        if (again == bytes_)
            v7.details.push_back(t("outcome " + std::string(name(d.outcome)) + " recomputed from the counts",
                                   "由票数重新得出结果 " + std::string(name(d.outcome))));
        else
            fail(v7, first_difference(bytes_, again));
    } catch (const std::exception& e) {
        fail(v7, t(std::string("cannot recompute: ") + e.what(), std::string("无法重算：") + e.what()));
    }
}

void Verifier::chain() {
    VerifyCheck& v8 = add("V8", t("the chain of previous rounds", "前序轮次的链"));
    const json& in = view_->json.at("inputs");
    if (!in.contains("previous")) {
        v8.details.push_back(t("round 1: no previous round", "第 1 轮：没有前序轮次"));
        v8.state = view_->round == 1 ? CheckState::pass : CheckState::fail;
        if (view_->round != 1)
            fail(v8, t("a later round that names no previous record", "后续轮次却没有指明上一轮的结果记录"));
        return;
    }
    if (!options_.inputs_at_hand) {
        skip(v8, k_no_source);
        return;
    }
    std::string path = resolve_beside(session_path_, in.at("previous").at("name").get<std::string>());
    std::string want = in.at("previous").at(algo_).get<std::string>();
    int round = view_->round;
    const json* cur = &view_->json;
    RecordView here = *view_;
    const std::string root = folder_above(fs_, session_path_, 1);
    for (int guard = 0; guard < 100; ++guard) {
        if (!path_allowed(fs_, path, root, options_.paths)) {
            fail(v8, t("previous record \"" + path + "\" is outside the folders of the rounds, not read",
                       "上一轮结果记录“" + path + "”不在各轮次所在的目录中，未读取"));
            return;
        }
        if (!fs_.exists(path)) {
            skip(v8, t("previous record " + path + " is not at hand", "上一轮结果记录 " + path + " 不在"));
            return;
        }
        std::string prev_bytes = fs_.read(path);
        RecordView prev;
        try {
            prev = parse_record(prev_bytes, path);
        } catch (const Error& e) {
            fail(v8, e.diagnostics().front().message);
            return;
        }
        std::string got = to_hex(digest(prev.digest, prev_bytes));
        if (got != want) {
            fail(v8, t(path + ": digest " + got + " ≠ " + want + " named by round " + std::to_string(round),
                       path + "：摘要 " + got + " ≠ 第 " + std::to_string(round) + " 轮所记的 " + want));
            return;
        }
        // The round must vote on exactly what the previous round sent to it.
        bool same = prev.next_kind && prev.round + 1 == round &&
                    prev.next_seats == cur->at("outcome").at("seats_open").get<Count>() &&
                    prev.next_kind == parse_round_kind(cur->at("session").at("kind").get<std::string>()) &&
                    prev.rules.seats == here.rules.seats && prev.next_candidates.size() == cur->at("candidates").size();
        if (same)
            for (std::size_t i = 0; i < prev.next_candidates.size(); ++i)
                same = same && prev.next_candidates[i].id == cur->at("candidates")[i].at("id").get<std::string>();
        if (same && prev.cumulative.size() <= here.cumulative.size())
            for (std::size_t i = 0; i < prev.cumulative.size(); ++i)
                same = same && prev.cumulative[i].id == here.cumulative[i].id;
        else
            same = false;
        if (!same) {
            fail(v8, t("round " + std::to_string(round) + " does not vote on what " + path + " sent to it",
                       "第 " + std::to_string(round) + " 轮的票决内容与 " + path + " 所定的下一轮不符"));
            return;
        }
        v8.details.push_back(
            t("round " + std::to_string(prev.round) + " " + path + ": digest matches, next_round matches",
              "第 " + std::to_string(prev.round) + " 轮 " + path + "：摘要一致，下一轮内容一致"));
        const json& pin = prev.json.at("inputs");
        if (!pin.contains("previous")) return;
        want = pin.at("previous").at(std::string(digest_name(prev.digest))).get<std::string>();
        path = resolve_beside(path, pin.at("previous").at("name").get<std::string>());
        round = prev.round;
        here = std::move(prev);
        cur = &here.json;
    }
}

// One entry of summary.json read as batch writes it (render_summary): nullopt for anything else.
std::optional<BatchEntry> read_summary_entry(const json& e) {
    auto text = [&](const char* key) -> const std::string* {
        auto it = e.find(key);
        return it != e.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
    };
    auto number = [&](const char* key, std::int64_t most) -> std::optional<std::int64_t> {
        auto it = e.find(key);
        if (it == e.end()) return std::nullopt;
        if (it->is_number_unsigned()) {
            auto v = it->get<std::uint64_t>();
            if (v <= static_cast<std::uint64_t>(most)) return static_cast<std::int64_t>(v);
        } else if (it->is_number_integer() && it->get<std::int64_t>() >= 0 && it->get<std::int64_t>() <= most) {
            return it->get<std::int64_t>();
        }
        return std::nullopt;
    };
    const std::string *id = text("id"), *body = text("body"), *session = text("session"), *status = text("status");
    auto round = number("round", 1000), code = number("exit_code", 9);
    if (id == nullptr || body == nullptr || session == nullptr || status == nullptr || !round || !code)
        return std::nullopt;
    BatchEntry b;
    b.id = *id;
    b.body = *body;
    b.item.source_name = *session;
    b.round = static_cast<int>(*round);
    b.status = *status;
    b.exit_code = static_cast<int>(*code);
    if (b.status == "error") {
        const std::string* error = text("error");
        if (error == nullptr || e.contains("record")) return std::nullopt;
        b.error = *error;
        return b;
    }
    const std::string *budget = text("budget_adopted"), *record = text("record"), *want = text("record_digest");
    auto seats = number("seats_filled", std::numeric_limits<std::int64_t>::max());
    if (!valid_session_id(b.id) || budget == nullptr || record == nullptr || *record != b.id + "/result.json" ||
        want == nullptr || !seats)
        return std::nullopt;
    b.seats_filled = *seats;
    b.budget_adopted = *budget;
    b.record_path = *record;
    b.record_digest = *want;
    return b;
}

// Where the summary's entry `e` says something else than the record it lists, `v` — what
// batch would have written for that record.
std::vector<Text> summary_differences(const BatchEntry& e, const RecordView& v) {
    auto string_at = [](const json& j, const char* object, const char* key) {
        auto o = j.find(object);
        if (o == j.end() || !o->is_object()) return std::string();
        auto it = o->find(key);
        return it != o->end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    std::vector<Text> out;
    auto compare = [&](const char* key, const std::string& summary, const std::string& record) {
        if (summary == record) return;
        std::string said = printable_line(summary), is = printable_line(record);
        out.push_back(
            {e.record_path + ": the summary's " + key + " \"" + said + "\" differs from the record's \"" + is + "\"",
             e.record_path + "：汇总所记 " + key + " 为“" + said + "”，结果记录中为“" + is + "”"});
    };
    compare("body", e.body, string_at(v.json, "session", "body"));
    compare("round", std::to_string(e.round), std::to_string(v.round));
    compare("status", e.status, std::string(name(v.outcome)));
    compare("exit_code", std::to_string(e.exit_code), std::to_string(static_cast<int>(exit_code(v.outcome))));
    compare("seats_filled", std::to_string(e.seats_filled), std::to_string(v.cumulative.size()));
    compare("budget_adopted", e.budget_adopted, string_at(v.json, "outcome", "budget_selected"));
    return out;
}

// The length of the longest common prefix of `a` and `b`.
std::size_t common_prefix(std::string_view a, std::string_view b) {
    std::size_t n = std::min(a.size(), b.size());
    return static_cast<std::size_t>(
        std::mismatch(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(n), b.begin()).first - a.begin());
}

}  // namespace

VerifyResult verify_record(const FileSystem& fs, const std::string& record_path, const VerifyOptions& options) {
    return Verifier(fs, record_path, options).run();
}

std::string render_verify(const VerifyResult& result, Lang lang) {
    std::string out = (lang == Lang::zh ? "核验 " : "Verifying ") + result.record_path + "\n";
    for (const VerifyCheck& c : result.checks) {
        out += c.id + "  " + std::string(check_state_name(c.state)) +
               std::string(8 - check_state_name(c.state).size(), ' ') + c.title.in(lang) + "\n";
        for (const Text& d : c.details) out += "        " + d.in(lang) + "\n";
    }
    ExitCode code = result.code();
    out += code == ExitCode::ok ? (lang == Lang::zh ? "核验通过。\n" : "Verification passed.\n")
                                : (lang == Lang::zh ? "核验未通过。\n" : "Verification FAILED.\n");
    return out;
}

}  // namespace piaojue

namespace piaojue {

ExitCode BatchVerifyResult::code() const {
    VerifyResult all;
    all.checks = {summary, summary_signatures};
    for (const VerifyResult& r : records) all.checks.insert(all.checks.end(), r.checks.begin(), r.checks.end());
    return all.code();
}

BatchVerifyResult verify_batch(const FileSystem& fs, const std::string& dir,
                               const std::optional<std::string>& inputs_root, const VerifyOptions& options,
                               unsigned jobs) {
    BatchVerifyResult out;
    out.summary =
        VerifyCheck{"B1", {"batch summary and record digests", "批量汇总与各结果记录的摘要"}, CheckState::pass, {}};
    out.summary_signatures = VerifyCheck{"B2", {"summary signatures", "汇总的签名"}, CheckState::pass, {}};
    std::string path = join_path(dir, "summary.json");
    if (!fs.exists(path))
        throw_about(ExitCode::input, dir,
                    {"has no summary.json: not a directory written by piaojue batch",
                     "没有 summary.json：不是 piaojue batch 写出的目录"},
                    {"name a record (result.json), or the output directory of piaojue batch (its -o OUTDIR)",
                     "请指定一份结果记录（result.json），或 piaojue batch 的输出目录（其 -o OUTDIR）"});
    std::string bytes = fs.read(path);
    json j = json::parse(bytes, nullptr, false);
    auto field = [&](const char* key) { return j.is_object() && j.contains(key) ? &j[key] : nullptr; };
    const json* format = field("format");
    const json* entry_list = field("entries");
    if (j.is_discarded() || format == nullptr || !format->is_string() ||
        format->get<std::string>() != k_summary_format || entry_list == nullptr || !entry_list->is_array()) {
        out.summary.state = CheckState::fail;
        out.summary.details.push_back(j.is_discarded()
                                          ? Text{path + ": not JSON", path + "：不是 JSON"}
                                          : Text{path + ": not a " + std::string(k_summary_format) + " file",
                                                 path + "：不是 " + std::string(k_summary_format) + " 文件"});
        out.summary_signatures.state = CheckState::skipped;
        out.summary_signatures.details.push_back(
            {"not checked: B1 could not read the summary", "未核验：B1 无法读取汇总"});
        return out;
    }
    // Summary signatures: the same machinery as records, artifact batch-summary.
    std::string sig_path = signature_file_name(path);
    if (!fs.exists(sig_path)) {
        out.summary_signatures.state = CheckState::skipped;
        out.summary_signatures.details.push_back({"no signature file " + sig_path, "没有签名文件 " + sig_path});
    } else {
        try {
            SignatureFile sf = parse_signature_file(fs.read(sig_path), sig_path);
            VerifyReport rep = verify_signatures(sf, bytes, Artifact::batch_summary);
            if (options.trust) check_trust(*options.trust, sf, rep);
            if (!rep.record_ok) {
                out.summary_signatures.state = CheckState::fail;
                out.summary_signatures.details.push_back(rep.record_reason);
            }
            for (const SignatureCheck& s : rep.signatures) {
                std::string who = std::string(role_name(s.role)) + " " + s.name;
                bool good = s.ok && (!options.trust || (s.trusted && *s.trusted));
                if (!good) out.summary_signatures.state = CheckState::fail;
                out.summary_signatures.details.push_back(
                    good ? Text{"good signature: " + who, "签名有效：" + who}
                         : Text{"BAD or untrusted signature: " + who, "签名无效或不可信：" + who});
            }
        } catch (const Error& e) {
            out.summary_signatures.state = CheckState::fail;
            out.summary_signatures.fail_code = ExitCode::key_error;
            out.summary_signatures.details.push_back(e.diagnostics().front().message);
        }
    }
    auto fail = [&](Text detail) {
        out.summary.state = CheckState::fail;
        out.summary.details.push_back(std::move(detail));
    };
    // The entries, read only as batch writes them: a record lies at `<id>/result.json` inside
    // the directory, so that an edited summary can neither point the check at another file nor
    // put its own text into the report; a field of another type fails B1 instead of stopping.
    std::vector<BatchEntry> entries;
    std::vector<std::string> entry_at;  // "entries[N]" of each, for the report
    bool all_read = true;
    std::size_t number = 0;
    for (const json& e : *entry_list) {
        std::string at = "entries[" + std::to_string(number++) + "]";
        if (!e.is_object()) {
            all_read = false;
            fail({at + " is not an object", at + " 不是对象"});
            continue;
        }
        std::optional<BatchEntry> entry = read_summary_entry(e);
        if (!entry) {
            all_read = false;
            fail({at + " is not as batch writes it: \"id\" a session id, \"record\" <id>/result.json, "
                       "\"round\", \"exit_code\" and \"seats_filled\" numbers, the other fields strings",
                  at + " 与批量命令写出的格式不符：“id”应为会议编号，“record”应为 <编号>/result.json，"
                       "“round”“exit_code”“seats_filled”应为数字，其余字段应为字符串"});
            continue;
        }
        entries.push_back(std::move(*entry));
        entry_at.push_back(std::move(at));
    }
    // The records listed, in summary order; each is checked on its own (in parallel), and the
    // results are gathered in that order, so the report does not depend on `jobs`.
    struct Listed {
        const BatchEntry* entry;
        std::string path;
        VerifyOptions options;
    };
    std::vector<Listed> listed;
    // The entries' session paths are relative to the batch's source directory, or to the
    // manifest's folder: resolved beside a file in that directory, or beside the manifest.
    std::optional<std::string> beside;
    if (inputs_root)
        beside =
            inputs_root->ends_with('/') || fs.is_directory(*inputs_root) ? join_path(*inputs_root, "x") : *inputs_root;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const BatchEntry& e = entries[i];
        if (e.record_path.empty()) continue;  // a township that failed has no record
        if (!seen.insert(e.id).second) {
            fail({entry_at[i] + ": \"" + e.id + "\" is listed twice", entry_at[i] + "：“" + e.id + "”被列了两次"});
            continue;
        }
        Listed l{&e, join_path(dir, e.record_path), options};
        if (beside) {
            l.options.session_path = resolve_beside(*beside, e.item.source_name);
        } else {
            l.options.inputs_at_hand = false;
        }
        listed.push_back(std::move(l));
    }
    struct Checked {
        bool missing = false;
        bool digest_differs = false;
        std::vector<Text> differences;  // the summary's fields against the record's
        VerifyResult result;
    };
    std::vector<Checked> checked(listed.size());
    detail::parallel_for(listed.size(), jobs, [&](std::size_t i) {
        const Listed& l = listed[i];
        if (!fs.exists(l.path)) {
            checked[i].missing = true;
            return;
        }
        std::string rbytes = fs.read(l.path);
        const std::string& want = l.entry->record_digest;
        auto colon = want.find(':');
        auto algo = parse_digest_name(want.substr(0, colon == std::string::npos ? 0 : colon));
        checked[i].digest_differs = !algo || to_hex(digest(*algo, rbytes)) != want.substr(colon + 1);
        Verifier verifier(fs, l.path, l.options, std::move(rbytes));
        checked[i].result = verifier.run();
        // A record that is not one has nothing to compare: V1 says why.
        if (verifier.view()) checked[i].differences = summary_differences(*l.entry, *verifier.view());
    });
    for (std::size_t i = 0; i < listed.size(); ++i) {
        const std::string& rel = listed[i].entry->record_path;
        if (checked[i].missing) {
            fail({rel + ": listed in the summary but missing", rel + "：汇总中列出但文件不存在"});
            continue;
        }
        if (checked[i].digest_differs) {
            std::string want = printable_line(listed[i].entry->record_digest);  // the summary's text, shown as text
            fail({rel + ": digest differs from the summary's " + want, rel + "：摘要与汇总所记 " + want + " 不符"});
        }
        for (Text& d : checked[i].differences) fail(std::move(d));
        out.records.push_back(std::move(checked[i].result));
    }
    // A record in the directory that the summary does not list: the roll-up leaves it out.
    for (const std::string& rel : unlisted_records(fs, dir, seen)) {
        std::string shown = printable_line(rel);
        fail({shown + ": a record in the directory that the summary does not list",
              shown + "：目录中有这份结果记录，但汇总未列出"});
    }
    // The totals, and the bytes: summary.json and summary.csv must be what batch writes for
    // these entries, so that neither a total nor the spreadsheet's copy can be edited alone.
    if (all_read) {
        std::string version;
        if (const json* g = field("generator");
            g != nullptr && g->is_object() && g->contains("version") && (*g)["version"].is_string())
            version = (*g)["version"].get<std::string>();
        RenderedSummary expected = render_summary(entries, version);
        auto total_differs = [&](const char* key, const json& want) {
            const json* have = field(key);
            if (have != nullptr && *have == want) return false;
            // The file's value, as JSON text (control characters escaped), cut short if long.
            std::string was = have == nullptr ? "" : have->dump(-1, ' ', false, json::error_handler_t::replace);
            if (utf8_length(was) > 80) was = std::string(utf8_prefix(was, 80)) + "…";
            fail({std::string("summary.json: \"") + key + "\" is " + (have == nullptr ? "missing" : was) +
                      ", but its entries give " + want.dump(),
                  std::string("summary.json：“") + key + "”" + (have == nullptr ? "缺失" : "为 " + was) +
                      "，但按其条目应为 " + want.dump()});
            return true;
        };
        bool totals_differ = total_differs("sessions", entries.size());
        totals_differ = total_differs("exit_code", expected.exit_code) || totals_differ;
        totals_differ = total_differs("by_status", expected.by_status) || totals_differ;
        if (!std::is_sorted(entries.begin(), entries.end(), summary_order))
            fail({"summary.json: the entries are not in the order of their ids, as batch writes them",
                  "summary.json：条目未按编号排序，与批量命令写出的不符"});
        else if (!totals_differ && bytes != expected.json)
            fail(
                {"summary.json: not as piaojue batch writes it for its entries (a field added, removed, moved or "
                 "reformatted)",
                 "summary.json：与 piaojue batch 为这些条目写出的内容不同（字段被增删、移动或格式被改动）"});
        std::string csv_path = join_path(dir, "summary.csv");
        if (!fs.exists(csv_path)) {
            fail({"summary.csv: missing", "summary.csv：文件不存在"});
        } else if (std::string csv = fs.read(csv_path); csv != expected.csv) {
            std::size_t line =
                1 +
                static_cast<std::size_t>(std::count(
                    csv.begin(), csv.begin() + static_cast<std::ptrdiff_t>(common_prefix(csv, expected.csv)), '\n'));
            fail({"summary.csv: line " + std::to_string(line) + " differs from summary.json",
                  "summary.csv：第 " + std::to_string(line) + " 行与 summary.json 不符"});
        }
    }
    if (out.summary.state == CheckState::pass)
        out.summary.details.push_back({std::to_string(out.records.size()) + " records match the summary",
                                       std::to_string(out.records.size()) + " 份结果记录与汇总一致"});
    return out;
}

std::string render_batch_verify(const BatchVerifyResult& r, Lang lang) {
    std::string out;
    for (const VerifyCheck* c : {&r.summary, &r.summary_signatures}) {
        out += c->id + "  " + std::string(check_state_name(c->state)) + "  " + c->title.in(lang) + "\n";
        for (const Text& d : c->details) out += "        " + d.in(lang) + "\n";
    }
    std::size_t bad = 0;
    for (const VerifyResult& v : r.records) {
        ExitCode code = v.code();
        if (code == ExitCode::ok) continue;
        ++bad;
        out += render_verify(v, lang);
    }
    out += (lang == Lang::zh ? "结果记录 " : "Records: ") + std::to_string(r.records.size()) +
           (lang == Lang::zh ? " 份，未通过 " : ", failed: ") + std::to_string(bad) + "\n";
    out += r.code() == ExitCode::ok ? (lang == Lang::zh ? "核验通过。\n" : "Verification passed.\n")
                                    : (lang == Lang::zh ? "核验未通过。\n" : "Verification FAILED.\n");
    return out;
}

}  // namespace piaojue
