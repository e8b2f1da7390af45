// piaojue report RECORD|SESSION --kind result|notice|ballot --format html|pdf|png: the papers of a
// vote. The document is built in the core (report_document.hpp); HTML is written here, PDF and
// PNG are drawn by the piaojue-render program (src/render/), so that the cairo and pango stack
// stays out of the static executable and off the tally's start-up (docs/design.md).
#include "cli/commands.hpp"
#include "cli/json_out.hpp"

#include <piaojue/path.hpp>
#include <piaojue/report_document.hpp>
#include <piaojue/round.hpp>

#include <nlohmann/json.hpp>

namespace piaojue::cli {

void setup_report(CLI::App& app, ReportOptions& o) {
    app.add_option("input", o.input, "The record (result.json), or for --kind ballot the session file")->required();
    app.add_option("--kind", o.kind, "result (计票结果报告单), notice (公告) or ballot (票样, from a session)")
        ->check(CLI::IsMember({"result", "notice", "ballot"}))
        ->required();
    app.add_option("--format", o.format, "html, pdf or png (default: pdf)")
        ->check(CLI::IsMember({"html", "pdf", "png"}));
    app.add_option("-o,--output", o.output,
                   "Where to write it (default: beside the input, e.g. result-report.pdf; - for stdout)")
        ->check(non_empty_path);
    app.add_option("--number", o.number, "The notice's number (公告第 N 号); without it, no number line")
        ->check(CLI::Range(1, 9999));
    app.add_flag("--counts", o.counts, "Show each adopted project's approvals in the notice");
}

namespace {

// The default output: beside the input, named after it and the document.
std::string default_output(const ReportOptions& o) {
    std::string stem(base_name(o.input));
    if (const auto dot = stem.rfind('.'); dot != std::string::npos && dot > 0) stem.resize(dot);
    const std::string what = o.kind == "result" ? "report" : o.kind;
    return join_path(parent_dir(o.input), stem + "-" + what + "." + o.format);
}

// The signature file beside the record, when there is one.
std::optional<SignatureFile> signatures_beside(Environment& env, const std::string& record_path) {
    const std::string path = signature_file_name(record_path);
    if (!env.fs.exists(path)) return std::nullopt;
    return parse_signature_file(env.fs.read(path), path);
}

// Lead units and approvals of the adopted projects, from the rounds of the vote: each round's
// session file beside its record (its candidate list, or the previous record's next round) and
// the previous record it names, each used only while its digest is the one the record states.
// What cannot be found is left empty (the notice prints —) and said on stderr.
std::map<std::string, ProjectDetail> project_details(Environment& env, const Common& common, RoundRecord round,
                                                     std::string path) {
    std::map<std::string, ProjectDetail> details;
    for (int depth = 0; depth < 64; ++depth) {
        if (round.counts)
            for (std::size_t i : round.decision.selected)
                details[round.setup.candidates[i].id].approve = round.counts->candidates[i].approve;
        const std::string session_path = session_path_beside(round, path);
        std::optional<LoadedRound> loaded;
        try {
            if (env.fs.exists(session_path)) loaded = load_round(env.fs, session_path, read_options(common, env));
        } catch (const Error&) {
            loaded.reset();
        }
        auto same = [&](const char* role) {
            const InputDigest* a = round.input(role);
            if (a == nullptr) return true;
            for (const InputDigest& b : loaded->inputs)
                if (b.role == role) return b.hex == a->hex;
            return false;
        };
        if (!loaded || !same("session") || !same("candidates") || !same("previous")) {
            env.err << (common.lang == Lang::zh
                            ? "注意：找不到与记录一致的 " + session_path + "，公告中的牵头单位从略\n"
                            : "note: " + session_path +
                                  " (matching the record) not found; the notice leaves lead units out\n");
            return details;
        }
        for (const Candidate& c : loaded->setup.candidates)
            if (!c.lead.empty()) details[c.id].lead = c.lead;
        if (!loaded->setup.session.previous) return details;
        path = resolve_beside(session_path, *loaded->setup.session.previous);
        round = read_record_file(env, path).second;
    }
    return details;
}

}  // namespace

int run_report(const ReportOptions& o, const Common& common, Environment& env) {
    if (o.kind != "notice" && (o.number || o.counts))
        throw Error(ExitCode::usage, Diagnostic{.message = {"--number and --counts belong to --kind notice",
                                                            "--number 和 --counts 只用于 --kind notice（公告）"}});
    Document doc;
    if (o.kind == "ballot") {
        const LoadedRound loaded = load_round(env.fs, o.input, read_options(common, env));
        doc = ballot_document(loaded.setup, common.lang);
    } else {
        const auto [bytes, round] = read_record_file(env, o.input);
        const std::string hex = to_hex(digest(round.setup.rules.digest, bytes));
        if (o.kind == "result") {
            ResultContext context{hex, signatures_beside(env, o.input)};
            doc = result_document(round, context, common.lang);
        } else {
            NoticeOptions notice{o.number, o.counts, {}, hex};
            if (round.decision.outcome == Outcome::final_)
                notice.details = project_details(env, common, round, o.input);
            doc = notice_document(round, notice, common.lang, o.input);
        }
    }
    const std::string bytes = o.format == "html" ? render_html(doc) : env.render(o.format, document_json(doc));
    const std::string path = o.output.empty() ? default_output(o) : o.output;
    if (path == "-") {
        env.out << bytes;
        return 0;
    }
    env.fs.write_atomic({OutputFile{path, bytes}}, common.force);
    if (common.json) {
        Json j = json_head("report", "ok", ExitCode::ok);
        j.update(Json{{"kind", o.kind}, {"format", o.format}, {"output", path}, {"bytes", bytes.size()}});
        print_json(env.out, j);
    } else if (!common.quiet) {
        env.out << (common.lang == Lang::zh ? "已写出 " + path + "\n" : "Wrote " + path + "\n");
    }
    return 0;
}

}  // namespace piaojue::cli
