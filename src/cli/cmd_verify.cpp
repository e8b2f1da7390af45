// piaojue verify RECORD [--trust KEYS]: the auditor's re-check, numbered V1–V8.
#include "cli/commands.hpp"
#include "cli/json_out.hpp"

#include <piaojue/verify.hpp>

#include <nlohmann/json.hpp>

namespace piaojue::cli {

void setup_verify(CLI::App& app, VerifyOptionsCli& o) {
    app.add_option("record", o.target, "The record (result.json) to verify, or a batch output directory")->required();
    auto* trust = app.add_option("--trust", o.trust,
                                 "Whom to trust: a trust list (trust.toml: fingerprints, roles, names) or an officer's "
                                 "public key (NAME.pub, any role); repeatable")
                      ->allow_extra_args(false);
    app.add_flag("--no-trust", o.no_trust,
                 "Check integrity only: the verdict then says that the signers were not identified")
        ->excludes(trust);
    app.add_option("--require-role", o.require_roles,
                   "A role that must have signed (default 总监票人; 'none' for none); repeatable");
    app.add_option("--session", o.session,
                   "The session file whose inputs the record names (default: beside the record); for a batch "
                   "directory, the batch's source directory or manifest");
    app.add_option("--signatures", o.signatures, "The signature file (default: RECORD with .sig.json)");
    app.add_option("-j,--jobs", o.jobs, "For a batch directory: records checked in parallel (default: all cores)")
        ->check(CLI::Range(1u, 256u));
}

TrustList load_trust(const std::vector<std::string>& files, Environment& env) {
    TrustList all;
    for (const std::string& file : files) {
        std::string bytes = env.fs.read(file, 1 << 20);
        if (bytes.starts_with("-----BEGIN PUBLIC KEY-----")) {
            // An officer's public key handed over in person: trusted in any role, under any name.
            PublicKey key = load_public_key(bytes, file);  // exit 8 when it does not load
            all.keys.push_back(TrustEntry{DigestAlgo::sha256,
                                          key.fingerprint(DigestAlgo::sha256),
                                          {Role::counter, Role::scrutineer, Role::chief_scrutineer},
                                          std::nullopt,
                                          0});
            continue;
        }
        // A malformed trust list is an input error (exit 3, docs/rules.md §3), like any file the
        // user names; a public key that does not load is a key error (exit 8).
        TrustList list = parse_trust_list(bytes, file);
        all.keys.insert(all.keys.end(), list.keys.begin(), list.keys.end());
        for (Role r : list.required_roles)
            if (std::find(all.required_roles.begin(), all.required_roles.end(), r) == all.required_roles.end())
                all.required_roles.push_back(r);
    }
    return all;
}

VerifyOptions verify_options(const VerifyOptionsCli& o, Environment& env) {
    VerifyOptions v;
    v.cores = env.cores;
    if (!o.trust.empty()) v.trust = load_trust(o.trust, env);
    v.integrity_only = o.no_trust;
    if (!o.require_roles.empty()) {
        v.required_roles.clear();
        for (const std::string& r : o.require_roles) {
            if (r == "none") continue;
            auto role = parse_role(r);
            if (!role)
                throw Error(ExitCode::usage,
                            Diagnostic{.message = {"unknown role \"" + r + "\"", "未知的角色“" + r + "”"},
                                       .hint = {"use 计票人, 监票人, 总监票人 or none",
                                                "可用：计票人、监票人、总监票人、none"}});
            v.required_roles.push_back(*role);
        }
    }
    if (!o.session.empty()) v.session_path = o.session;
    if (!o.signatures.empty()) v.signature_path = o.signatures;
    return v;
}

std::string_view trust_name(TrustDecision t) {
    switch (t) {
        case TrustDecision::trust_list:
            return "trust-list";
        case TrustDecision::integrity_only:
            return "integrity-only";
        case TrustDecision::undecided:
            return "undecided";
    }
    return "?";
}

std::string_view verdict(ExitCode code) {
    return code == ExitCode::ok ? "pass" : "fail";
}

// One signature as V2 and V3 found it; `trusted` only when a trust list was given.
Json signer_json(const SignatureCheck& s, Lang lang) {
    Json j = {{"role", role_name(s.role)},
              {"name", s.name},
              {"algorithm", signature_algo_name(s.algorithm)},
              {"fingerprint", fingerprint_text(s.fingerprint_algo, s.fingerprint)},
              {"signature", s.ok ? "good" : "bad"}};
    if (!s.ok) j["reason"] = s.reason.in(lang);
    if (s.trusted) {
        j["trusted"] = *s.trusted;
        if (!*s.trusted) j["trust_reason"] = s.trust_reason.in(lang);
    }
    return j;
}

// One record's verification: its status, signers and numbered checks.
Json verify_json(const VerifyResult& r, Lang lang) {
    Json checks = Json::array();
    for (const VerifyCheck& c : r.checks) {
        Json details = Json::array();
        for (const Text& d : c.details) details.push_back(d.in(lang));
        checks.push_back(
            {{"id", c.id}, {"title", c.title.in(lang)}, {"state", check_state_name(c.state)}, {"details", details}});
    }
    Json signers = Json::array();
    for (const SignatureCheck& s : r.signatures) signers.push_back(signer_json(s, lang));
    return {{"record", r.record_path},      {"status", verdict(r.code())}, {"exit_code", static_cast<int>(r.code())},
            {"trust", trust_name(r.trust)}, {"signers", signers},          {"checks", checks}};
}

int run_verify(const VerifyOptionsCli& o, const Common& common, Environment& env) {
    VerifyOptions options = verify_options(o, env);
    options.paths.allowed = common.allow_paths;
    if (env.fs.is_directory(o.target)) {
        std::optional<std::string> root;
        if (!o.session.empty()) root = o.session;
        options.session_path.reset();
        BatchVerifyResult result = verify_batch(env.fs, o.target, root, options, o.jobs == 0 ? env.cores() : o.jobs);
        if (common.json) {
            Json records = Json::array();
            for (const VerifyResult& r : result.records) records.push_back(verify_json(r, common.lang));
            auto check = [&](const VerifyCheck& c) {
                Json d = Json::array();
                for (const Text& t : c.details) d.push_back(t.in(common.lang));
                return Json{{"id", c.id}, {"state", check_state_name(c.state)}, {"details", d}};
            };
            Json j = json_head("verify", verdict(result.code()), result.code());
            j["directory"] = o.target;
            j["trust"] = trust_name(result.trust);
            j["summary"] = check(result.summary);
            j["summary_signatures"] = check(result.summary_signatures);
            j["records"] = std::move(records);
            print_json(env.out, j);
        } else if (!common.quiet || result.code() != ExitCode::ok) {
            env.out << render_batch_verify(result, common.lang);
        }
        return static_cast<int>(result.code());
    }
    VerifyResult result = verify_record(env.fs, o.target, options);
    if (common.json) {
        Json j = json_head("verify", verdict(result.code()), result.code());
        j.update(verify_json(result, common.lang));
        print_json(env.out, j);
    } else if (!common.quiet || result.code() != ExitCode::ok) {
        env.out << render_verify(result, common.lang);
    }
    return static_cast<int>(result.code());
}

}  // namespace piaojue::cli
