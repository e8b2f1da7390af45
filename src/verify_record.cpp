// verify of one record: the checks V1–V8 an auditor cites (docs/record-format.md, "Verification").
#include <piaojue/keys.hpp>
#include <piaojue/record.hpp>
#include <piaojue/round.hpp>
#include <piaojue/text.hpp>
#include <piaojue/verify.hpp>

#include "verify_internal.hpp"

#include <algorithm>
#include <sstream>

namespace piaojue {

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

TrustDecision trust_decision(const VerifyOptions& options) {
    if (options.trust) return TrustDecision::trust_list;
    return options.integrity_only ? TrustDecision::integrity_only : TrustDecision::undecided;
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

const Text k_undecided{
    "signers not identified: no trust decision was made (give the trust list or the officers' public keys with "
    "--trust FILE, or --no-trust to check integrity only)",
    "签名人身份未核实：未作信任决定（请用 --trust 给出可信名单或签名人的公钥文件，或用 --no-trust 只核验完整性）"};

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
    [[nodiscard]] std::optional<RoundRecord>& record() { return record_; }

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
    // `round` written as the published record's generator wrote it: the version is the one line of
    // a record that depends on which release wrote it; compared as rendered, every published
    // record would fail V5 and V7 once piaojue is upgraded. Everything else must match.
    [[nodiscard]] std::string as_published(RoundRecord round) const {
        round.generator_version = record_->generator_version;
        return write_record(round);
    }

    void signatures();
    void signature_checks();
    void inputs();
    void retally();
    void arithmetic();
    void evaluation_arithmetic(VerifyCheck& v6, std::optional<Count> required);
    void outcome();
    void chain();

    const FileSystem& fs_;
    std::string record_path_;
    const VerifyOptions& options_;
    std::string bytes_;
    VerifyResult result_;
    std::optional<RoundRecord> record_;
    std::string session_path_;
    std::string algo_;
    bool inputs_complete_ = true;
};

VerifyResult Verifier::run() {
    result_.record_path = record_path_;
    result_.trust = trust_decision(options_);
    // add() hands out references into `checks`; with room for all eight reserved up front no
    // push_back reallocates, so a reference held across a later add() (V2 while V3 is added)
    // stays valid. Without this, V2's FAIL went into freed memory and V2 read PASS.
    result_.checks.reserve(8);
    VerifyCheck& v1 = add("V1", t("format and version", "格式与版本"));
    try {
        record_ = parse_record(bytes_, record_path_);  // every field V5–V8 read, present and typed
        v1.details.push_back(t(std::string(k_record_format), std::string(k_record_format)));
    } catch (const Error& e) {
        fail(v1, e.diagnostics().front().message);
    }
    if (v1.state == CheckState::fail) {
        for (const char* id : {"V2", "V3", "V4", "V5", "V6", "V7", "V8"}) {
            VerifyCheck& c = add(id, t("not checked", "未检查"));
            skip(c, t("the record itself is not valid (V1)", "结果记录本身无效（V1）"));
        }
        return result_;
    }
    algo_ = std::string(digest_name(record_->setup.rules.digest));
    session_path_ = options_.session_path ? *options_.session_path : session_path_beside(*record_, record_path_);
    for (void (Verifier::*step)() : {&Verifier::signatures, &Verifier::inputs, &Verifier::retally,
                                     &Verifier::arithmetic, &Verifier::outcome, &Verifier::chain})
        (this->*step)();
    return result_;
}

void Verifier::signatures() {
    signature_checks();
    // Anyone can make a key: without a trust decision, no signature says who signed.
    if (result_.trust == TrustDecision::undecided) fail(result_.checks.at(2), k_undecided, ExitCode::key_error);
}

void Verifier::signature_checks() {
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
                          std::string(signature_algo_name(s.algorithm)) + ", " +
                          fingerprint_text(s.fingerprint_algo, s.fingerprint.substr(0, 16)) + "…)";
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
    } else if (options_.integrity_only) {
        v3.details.push_back(t("integrity only (--no-trust): keys are not checked against a trust list",
                               "只核验完整性（--no-trust）：未按可信名单核对签名密钥"));
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
    result_.signatures = std::move(report.signatures);
}

void Verifier::inputs() {
    VerifyCheck& v4 = add("V4", t("digests of the input files", "输入文件的摘要"));
    if (!options_.inputs_at_hand) {
        skip(v4, k_no_source);
        inputs_complete_ = false;
        return;
    }
    std::size_t checked = 0;
    for (const InputDigest& in : record_->inputs) {
        const std::string& role = in.role;
        std::string path = role == "session" ? session_path_ : resolve_beside(session_path_, in.name);
        // A record may name any path; only the session's own files are read, so a forged record
        // cannot have verify hash (and print the digest of) a file elsewhere.
        if (role != "session" &&
            !path_allowed(fs_, path,
                          folder_above(fs_, session_path_, role == "previous" || role == "selection" ? 1 : 0),
                          options_.paths)) {
            inputs_complete_ = false;
            fail(v4,
                 t(role + " \"" + in.name + "\": outside the session's folder, not read (--allow-path DIR allows it)",
                   role + " “" + in.name + "”：不在会议文件所在的目录中，未读取（--allow-path 目录 可允许）"));
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
            got = to_hex(digest_file(fs_, path, record_->setup.rules.digest));
        } catch (const Error& e) {
            fail(v4, e.diagnostics().front().message);
            inputs_complete_ = false;
            continue;
        }
        ++checked;
        if (got == in.hex)
            v4.details.push_back(
                t(role + " " + path + ": " + algo_ + " matches", role + " " + path + "：" + algo_ + " 一致"));
        else {
            fail(v4, t(role + " " + path + ": " + algo_ + " is " + got + ", the record says " + in.hex,
                       role + " " + path + "：" + algo_ + " 为 " + got + "，而结果记录为 " + in.hex));
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
    ReadOptions ro;
    ro.cores = options_.cores;
    ro.paths = options_.paths;
    for (const char* role : {"candidates", "ballots"})
        if (const InputDigest* in = record_->input(role); in && !in->encoding.empty())
            ro.encoding = parse_encoding(in->encoding).value_or(Encoding::utf8);
    try {
        RoundResult fresh = tally_round(fs_, session_path_, ro);
        std::string again = as_published(std::move(fresh.round));
        if (again == bytes_)
            v5.details.push_back(t("identical bytes (" + std::to_string(bytes_.size()) + ")",
                                   "字节完全相同（" + std::to_string(bytes_.size()) + " 字节）"));
        else
            fail(v5, first_difference(bytes_, again));
    } catch (const Error& e) {
        const Diagnostic& d = e.diagnostics().front();
        std::string where = d.file + (d.line ? ":" + std::to_string(d.line) : "");
        fail(v5, t("the inputs do not tally: " + where + ": " + d.message.en,
                   "输入无法计票：" + where + "：" + d.message.zh));
    }
}

void Verifier::arithmetic() {
    VerifyCheck& v6 = add("V6", t("the record's arithmetic", "结果记录的算术"));
    const RoundRecord& r = *record_;
    const Session& s = r.setup.session;
    if (s.present > s.deputies) fail(v6, t("present exceeds deputies", "出席人数超过全体代表人数"));
    if (s.ballots_issued > s.present) fail(v6, t("ballots issued exceed deputies present", "发出选票数超过出席人数"));
    if (r.decision.quorum_required != quorum_required(r.setup.rules.quorum, s.deputies))
        fail(v6, t("quorum_required does not follow from the quorum rule", "quorum_required 与法定人数规则不符"));
    if (!r.counts) {
        const std::string status(name(r.decision.outcome));
        v6.details.push_back(t("no ballot was counted (" + status + ")", "未计票（" + status + "）"));
        return;
    }
    const BallotCounts& c = *r.counts;
    const Count valid = c.valid, invalid = c.invalid, returned = s.ballots_returned;
    if (valid + invalid != returned)
        fail(v6, t("valid + invalid = " + std::to_string(valid + invalid) + " ≠ returned " + std::to_string(returned),
                   "有效 + 无效 = " + std::to_string(valid + invalid) + " ≠ 收回 " + std::to_string(returned)));
    const std::string listed = std::to_string(c.invalid_ballots.size());
    if (static_cast<Count>(c.invalid_ballots.size()) != invalid)
        fail(v6, t("invalid_ballots lists " + listed + " ballots, not " + std::to_string(invalid),
                   "invalid_ballots 列出 " + listed + " 张，而不是 " + std::to_string(invalid)));
    if (c.rows != returned) fail(v6, t("ballot rows ≠ ballots returned", "选票行数 ≠ 收回选票数"));
    std::optional<Count> required;
    if (r.decision.threshold && r.decision.threshold->required) {
        required = r.decision.threshold->required;
        if (*required != majority_of(r.decision.threshold->base_count))
            fail(v6, t("threshold.required is not ⌊base_count/2⌋ + 1", "threshold.required 不等于 ⌊base_count/2⌋ + 1"));
    }
    if (r.setup.evaluation()) {
        evaluation_arithmetic(v6, required);
        return;
    }
    for (std::size_t i = 0; i < r.setup.candidates.size(); ++i) {
        const std::string& id = r.setup.candidates[i].id;
        const CandidateCount& cc = c.candidates[i];
        Count sum = cc.approve + cc.disapprove + cc.abstain + cc.unreadable;
        if (sum != valid)
            fail(v6, t(id + ": approve + disapprove + abstain + unreadable = " + std::to_string(sum) + " ≠ valid " +
                           std::to_string(valid),
                       id + "：赞成 + 不赞成 + 弃权 + 无法辨认 = " + std::to_string(sum) + " ≠ 有效票 " +
                           std::to_string(valid)));
        if (required && r.decision.candidates[i].passed != (cc.approve >= *required))
            fail(v6, t(id + ": passed does not follow from its approvals", id + "：是否通过与赞成票数不符"));
    }
    if (v6.state == CheckState::pass)
        v6.details.push_back(t("every project's marks add up to the " + std::to_string(valid) +
                                   " valid ballots; valid + invalid = returned",
                               "每个项目的票数之和均等于有效票 " + std::to_string(valid) + " 张；有效 + 无效 = 收回"));
}

// R8's arithmetic: each project's marks add up to the valid ballots, and its verdict and rate,
// and the overall rate, follow from them.
void Verifier::evaluation_arithmetic(VerifyCheck& v6, std::optional<Count> required) {
    const RoundRecord& r = *record_;
    const BallotCounts& c = *r.counts;
    const std::vector<std::string>& levels = r.setup.rules.levels;
    const Evaluation& e = *r.decision.evaluation;
    Count better = 0;
    for (std::size_t i = 0; i < r.setup.candidates.size(); ++i) {
        const std::string& id = r.setup.candidates[i].id;
        const LevelCounts& lc = c.levels[i];
        Count sum = lc.abstain + lc.unreadable;
        for (Count n : lc.levels) sum += n;
        if (sum != c.valid)
            fail(v6, t(id + ": the levels + abstain + unreadable = " + std::to_string(sum) + " ≠ valid " +
                           std::to_string(c.valid),
                       id + "：各等次 + 弃权 + 无法辨认 = " + std::to_string(sum) + " ≠ 有效票 " +
                           std::to_string(c.valid)));
        const ProjectEvaluation& p = e.projects[i];
        if (required && p.verdict != evaluation_verdict(lc.levels, *required))
            fail(v6, t(id + ": the verdict " + levels[p.verdict] + " does not follow from its marks",
                       id + "：评价“" + levels[p.verdict] + "”与各等次票数不符"));
        Count not_worst = 0;
        for (std::size_t l = 0; l + 1 < lc.levels.size(); ++l) not_worst += lc.levels[l];
        better += not_worst;
        if (p.rate != percentage(not_worst, c.valid))
            fail(v6, t(id + ": the rate does not follow from its marks", id + "：满意率与各等次票数不符"));
    }
    const auto projects = static_cast<Count>(r.setup.candidates.size());
    if (e.overall_rate != percentage(better, c.valid * projects))
        fail(v6, t("the overall rate does not follow from the marks", "总体满意率与各等次票数不符"));
    if (v6.state == CheckState::pass)
        v6.details.push_back(t("every project's marks add up to the " + std::to_string(c.valid) +
                                   " valid ballots; verdicts and rates follow from them; valid + invalid = returned",
                               "每个项目的各等次票数之和均等于有效票 " + std::to_string(c.valid) +
                                   " 张，评价和满意率与票数相符；有效 + 无效 = 收回"));
}

void Verifier::outcome() {
    VerifyCheck& v7 =
        add("V7", t("the outcome follows from the counts under the recorded rules", "按所记规则由票数得出的结果一致"));
    RoundRecord again = *record_;
    if (again.counts) {
        try {
            again.decision = decide(again.setup, *again.counts);
        } catch (const Error& e) {
            // counts that cannot come from one count (an evaluation's levels that do not add up)
            fail(v7, e.diagnostics().front().message);
            return;
        }
    } else {
        auto stop = decide_before_ballots(again.setup);
        if (!stop) {
            fail(v7, t("no ballot was counted, yet the rules would have the round counted",
                       "未计票，但按规则本轮应当计票"));
            return;
        }
        again.decision = std::move(*stop);
    }
    const std::string outcome(name(again.decision.outcome));
    std::string bytes = as_published(std::move(again));
    if (bytes == bytes_)
        v7.details.push_back(t("outcome " + outcome + " recomputed from the counts", "由票数重新得出结果 " + outcome));
    else
        fail(v7, first_difference(bytes_, bytes));
}

// Whether round `next` votes on exactly what `prev` sent to it: kind, seats, candidates, and the
// projects adopted before.
bool continues(const RoundRecord& prev, const RoundRecord& next) {
    if (!prev.decision.next_round || prev.setup.round + 1 != next.setup.round) return false;
    const NextRound& sent = *prev.decision.next_round;
    if (sent.seats != next.setup.seats || sent.kind != next.setup.kind ||
        prev.setup.rules.seats != next.setup.rules.seats)
        return false;
    std::vector<Candidate> listed = prev.next_candidates();
    if (listed.size() != next.setup.candidates.size()) return false;
    for (std::size_t i = 0; i < listed.size(); ++i)
        if (listed[i].id != next.setup.candidates[i].id) return false;
    const auto& before = prev.decision.cumulative;
    const auto& after = next.decision.cumulative;
    if (before.size() > after.size()) return false;
    for (std::size_t i = 0; i < before.size(); ++i)
        if (before[i].id != after[i].id) return false;
    return true;
}

void Verifier::chain() {
    VerifyCheck& v8 = add("V8", t("the chain of previous rounds", "前序轮次的链"));
    const InputDigest* previous = record_->input("previous");
    if (previous == nullptr) {
        v8.details.push_back(t("round 1: no previous round", "第 1 轮：没有前序轮次"));
        if (record_->setup.round != 1)
            fail(v8, t("a later round that names no previous record", "后续轮次却没有指明上一轮的结果记录"));
        return;
    }
    if (!options_.inputs_at_hand) {
        skip(v8, k_no_source);
        return;
    }
    std::string path = resolve_beside(session_path_, previous->name);
    std::string want = previous->hex;
    RoundRecord here = *record_;
    const std::string root = folder_above(fs_, session_path_, 1);
    for (int guard = 0; guard < 100; ++guard) {
        const int round = here.setup.round;
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
        RoundRecord prev;
        try {
            prev = parse_record(prev_bytes, path);
        } catch (const Error& e) {
            fail(v8, e.diagnostics().front().message);
            return;
        }
        std::string got = to_hex(digest(prev.setup.rules.digest, prev_bytes));
        if (got != want) {
            fail(v8, t(path + ": digest " + got + " ≠ " + want + " named by round " + std::to_string(round),
                       path + "：摘要 " + got + " ≠ 第 " + std::to_string(round) + " 轮所记的 " + want));
            return;
        }
        if (!continues(prev, here)) {
            fail(v8, t("round " + std::to_string(round) + " does not vote on what " + path + " sent to it",
                       "第 " + std::to_string(round) + " 轮的票决内容与 " + path + " 所定的下一轮不符"));
            return;
        }
        const std::string prev_round = std::to_string(prev.setup.round);
        v8.details.push_back(t("round " + prev_round + " " + path + ": digest matches, next_round matches",
                               "第 " + prev_round + " 轮 " + path + "：摘要一致，下一轮内容一致"));
        const InputDigest* earlier = prev.input("previous");
        if (earlier == nullptr) return;
        want = earlier->hex;
        path = resolve_beside(path, earlier->name);
        here = std::move(prev);
    }
}

}  // namespace

VerifyResult verify_record(const FileSystem& fs, const std::string& record_path, const VerifyOptions& options) {
    return Verifier(fs, record_path, options).run();
}

VerifyResult detail::verify_record_bytes(const FileSystem& fs, const std::string& record_path,
                                         const VerifyOptions& options, std::string bytes,
                                         std::optional<RoundRecord>& parsed) {
    Verifier verifier(fs, record_path, options, std::move(bytes));
    VerifyResult result = verifier.run();
    parsed = std::move(verifier.record());
    return result;
}

std::string render_verify(const VerifyResult& result, Lang lang) {
    std::string out = (lang == Lang::zh ? "核验 " : "Verifying ") + result.record_path + "\n";
    for (const VerifyCheck& c : result.checks) {
        out += c.id + "  " + std::string(check_state_name(c.state)) +
               std::string(8 - check_state_name(c.state).size(), ' ') + c.title.in(lang) + "\n";
        for (const Text& d : c.details) out += "        " + d.in(lang) + "\n";
    }
    return out + detail::verdict(result.code(), result.trust, lang);
}

std::string detail::verdict(ExitCode code, TrustDecision trust, Lang lang) {
    bool zh = lang == Lang::zh;
    if (code == ExitCode::ok && trust == TrustDecision::integrity_only)
        return zh ? "完整性核验通过；签名人身份未核实（--no-trust）。\n"
                  : "Integrity verified; the signers were NOT identified (--no-trust).\n";
    if (code == ExitCode::ok) return zh ? "核验通过。\n" : "Verification passed.\n";
    if (code == ExitCode::key_error && trust == TrustDecision::undecided)
        return zh ? "未核验通过：签名人身份未核实（请给出 --trust FILE，或用 --no-trust 只核验完整性）。\n"
                  : "Not verified: the signers are not identified (give --trust FILE, or --no-trust for integrity "
                    "only).\n";
    return zh ? "核验未通过。\n" : "Verification FAILED.\n";
}

}  // namespace piaojue
