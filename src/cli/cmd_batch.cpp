// piaojue batch DIR|MANIFEST -o OUTDIR [-j N]: every township's session, in parallel, with a
// summary that can be signed; a progress bar on a terminal, nothing otherwise.
#include "cli/commands.hpp"
#include "cli/json_out.hpp"

#include <piaojue/batch.hpp>
#include <piaojue/signable.hpp>
#include <piaojue/text.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace piaojue::cli {

void setup_batch(CLI::App& app, BatchOptionsCli& o) {
    app.add_option("source", o.source, "A directory (every session.toml below it) or a CSV manifest (column session)")
        ->required();
    app.add_option("-o,--output", o.output_dir,
                   "Output directory: OUTDIR/<session id>/result.json, summary.json, summary.csv")
        ->required();
    app.add_option("-j,--jobs", o.jobs, "Sessions tallied in parallel (default: all cores)")
        ->check(CLI::Range(1u, 256u));
    app.add_option("--key", o.key, "Sign every record and the summary with this private key");
    app.add_option("--role", o.role, "The signer's role (with --key)");
    app.add_option("--name", o.name, "The signer's name (with --key)");
    setup_passphrase(app, o.passphrase, false);
    app.add_option("--summary-lang", o.summary_lang,
                   "summary.csv's headers, status words and errors: zh (default) or en; never the locale's")
        ->check(CLI::IsMember({"zh", "en"}));
    app.add_option("--summary-encoding", o.summary_encoding,
                   "summary.csv's encoding: utf-8 (default, with a BOM) or gb18030 (no BOM, for old Excel)")
        ->check(CLI::IsMember({"utf-8", "gb18030"}));
}

namespace {

// Batch signing is idempotent: a rerun finds this key's good signature over the same bytes and
// leaves the signature file alone (sign would refuse a second signature by one key, exit 8). A
// signature file left from other bytes of `path` is started afresh when `replace_stale` (the
// file was rewritten on purpose: a record with --force, the summary): those signatures cannot
// hold for the new bytes. Otherwise sign_file refuses it (exit 8), as `piaojue sign` does.
void sign_batch_file(Environment& env, const std::string& path, const std::string& bytes, const PrivateKey& key,
                     Role role, const std::string& name, Artifact artifact, bool replace_stale) {
    std::string sig_path = signature_file_name(path);
    const auto held = env.fs.lock(path);  // against an officer signing the same file by hand
    if (env.fs.exists(sig_path)) {
        std::optional<SignatureFile> sigfile;
        try {
            sigfile = parse_signature_file(env.fs.read(sig_path), sig_path);
        } catch (const Error&) {
        }
        if (sigfile) {
            VerifyReport report = verify_signatures(*sigfile, bytes, artifact);
            if (report.record_ok) {
                std::string pem = key.public_key().pem();
                for (std::size_t i = 0; i < sigfile->signatures.size() && i < report.signatures.size(); ++i)
                    if (sigfile->signatures[i].public_key == pem && report.signatures[i].ok) return;
            } else if (replace_stale) {
                const DigestAlgo algo = signable_of(bytes, path).digest;
                env.fs.write_atomic(
                    {OutputFile{sig_path, add_signature({}, path, bytes, artifact, algo, key, role, name)}}, true);
                return;
            }
        }
    }
    sign_file(env, path, bytes, key, role, name, true);
}

}  // namespace

int run_batch_command(const BatchOptionsCli& o, const Common& common, Environment& env) {
    bool zh = common.lang == Lang::zh;
    std::optional<PrivateKey> key;
    Role role = Role::counter;
    if (!o.key.empty() || !o.role.empty() || !o.name.empty()) {
        if (o.key.empty() || o.role.empty() || o.name.empty())
            throw Error(ExitCode::usage, Diagnostic{.message = {"--key, --role and --name go together",
                                                                "--key、--role 和 --name 须一起使用"}});
        role = parse_role_option(o.role);
        if (auto bad = check_signer_name(o.name)) throw Error(ExitCode::usage, Diagnostic{.message = *bad});
        key = load_officer_key(o.key, o.passphrase, common, env);
    }
    std::vector<BatchItem> items = find_sessions(env.fs, o.source);

    BatchOptions options;
    options.output_dir = o.output_dir;
    options.jobs = o.jobs == 0 ? env.cores() : o.jobs;
    options.force = common.force;
    options.read = read_options(common, env);
    options.summary.lang = o.summary_lang == "en" ? Lang::en : Lang::zh;
    options.summary.encoding = parse_encoding(o.summary_encoding).value_or(Encoding::utf8);
    auto start = std::chrono::steady_clock::now();
    bool bar = env.stderr_is_terminal && !common.quiet && !common.json;
    if (bar) {
        options.progress = [&](std::size_t done, std::size_t total) {
            double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
            double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0;
            std::size_t filled = total ? done * 30 / total : 30;
            char line[160];
            std::snprintf(line, sizeof line, "\r[%-30s] %zu/%zu  %.0f/s  ETA %.0fs ", std::string(filled, '#').c_str(),
                          done, total, rate, eta);
            env.err << line << std::flush;
        };
    }
    if (key) {
        options.on_record = [&](const std::string& path, const std::string& bytes) {
            sign_batch_file(env, path, bytes, *key, role, o.name, Artifact::result_record, common.force);
        };
    }
    BatchResult result = run_batch(env.fs, items, options);
    if (bar) env.err << '\n';
    // Only now: sessions with one id are refused inside run_batch, and then OUTDIR must not
    // even be created (nothing is written before the refusal).
    env.fs.make_directories(o.output_dir);

    std::string summary_path = join_path(o.output_dir, "summary.json");
    std::string csv_path = join_path(o.output_dir, "summary.csv");
    // Written again when either file differs; signed again only when summary.json's bytes
    // changed, so that other officers' signatures of an unchanged summary stay.
    bool same = env.fs.exists(summary_path) && env.fs.read(summary_path) == result.summary_json;
    bool csv_same = env.fs.exists(csv_path) && env.fs.read(csv_path) == result.summary_csv;
    if (!same || !csv_same)
        env.fs.write_atomic({OutputFile{summary_path, result.summary_json}, OutputFile{csv_path, result.summary_csv}},
                            true);
    if (key)
        sign_batch_file(env, summary_path, result.summary_json, *key, role, o.name, Artifact::batch_summary,
                        !same || common.force);

    // Each broken session's errors in full (hint, source line and caret), as a command that
    // stops at them prints them: standard error, with --quiet and --json too.
    for (const BatchEntry& e : result.entries)
        for (const Diagnostic& d : e.diagnostics) env.err << format_diagnostic(d, common.lang);
    // A record this run does not list would fail `verify OUTDIR`: say so, never delete it.
    for (const std::string& rel : result.unlisted_records) {
        std::string dir = printable_line(o.output_dir), path = printable_line(join_path(o.output_dir, rel));
        env.err << (zh ? path +
                             "：注意：不是本次批量计票的结果记录（可能是以前运行留下的）；移走之前，piaojue verify " +
                             dir + " 不会通过\n"
                       : path + ": note: not a record of this batch (left from an earlier run?); piaojue verify " +
                             dir + " fails until it is moved away\n");
    }
    if (common.json) {
        // The summary as written, under the shared head: scripts read one shape from every command.
        // ok: every session decided; session-errors: some could not be tallied; not-final: the rest.
        const bool errors = std::any_of(result.entries.begin(), result.entries.end(),
                                        [](const BatchEntry& e) { return e.status == BatchStatus::error; });
        Json j = json_head("batch",
                           result.exit_code == ExitCode::ok ? "ok"
                           : errors                         ? "session-errors"
                                                            : "not-final",
                           result.exit_code);
        j["output_dir"] = o.output_dir;
        j["summary_path"] = summary_path;
        j["summary"] = Json::parse(result.summary_json);
        print_json(env.out, j);
    } else if (!common.quiet) {
        std::vector<std::vector<std::string>> rows;
        rows.push_back(
            zh ? std::vector<std::string>{"编号", "人大", "轮次", "结果", "退出码", "确定项目", "预算（万元）"}
               : std::vector<std::string>{"id", "body", "round", "status", "exit", "adopted", "budget"});
        // A satisfaction evaluation adopts nothing: its overall rate stands in the last column.
        const bool evaluations =
            std::any_of(result.entries.begin(), result.entries.end(), [](const BatchEntry& e) { return e.evaluation; });
        if (evaluations) rows.back().push_back(zh ? "总体满意率" : "overall rate");
        for (const BatchEntry& e : result.entries) {
            const bool counted = e.status != BatchStatus::error && !e.evaluation;
            rows.push_back({e.id, e.body, std::to_string(e.round), std::string(name(e.status)),
                            std::to_string(static_cast<int>(e.exit_code)),
                            counted ? std::to_string(e.seats_filled) : "-", counted ? e.budget_adopted : "-"});
            if (evaluations)
                rows.back().push_back(e.evaluation && !e.overall_rate.empty() ? e.overall_rate + "%" : "-");
        }
        env.out << render_table(rows);
        for (const BatchEntry& e : result.entries)
            if (e.status == BatchStatus::error)
                env.out << e.id << ": " << diagnostic_line(e.diagnostics.front(), common.lang) << '\n';
        env.out << (zh ? "共 " : "") << result.entries.size()
                << (zh ? " 个会议；汇总已写入 " : " sessions; summary written to ") << summary_path << '\n';
    }
    return static_cast<int>(result.exit_code);
}

}  // namespace piaojue::cli
