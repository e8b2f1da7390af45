// piaojue tally SESSION [-o RECORD]: count one round, print the result, write the record.
#include "cli/commands.hpp"
#include "cli/json_out.hpp"

#include <piaojue/report.hpp>
#include <piaojue/round.hpp>
#include <piaojue/signature.hpp>

#include <nlohmann/json.hpp>

namespace piaojue::cli {

void setup_tally(CLI::App& app, TallyOptions& o) {
    app.add_option("session", o.session, "The session file (session.toml)")->required();
    app.add_option("-o,--output", o.output,
                   "Where to write the record (default: result.json beside the session file; - for stdout)")
        ->check(non_empty_path, "", "NONEMPTY");
}

int run_tally(const TallyOptions& o, const Common& common, Environment& env) {
    RoundResult result = tally_round(env.fs, o.session, read_options(common, env));
    print_notices(result.notices, common, env);
    std::string path = o.output.empty() ? default_record_path(o.session) : o.output;
    int code = static_cast<int>(exit_code(result.round.decision.outcome));
    bool to_stdout = path == "-";
    // Replacing a record that officers signed: their signatures were of the old bytes.
    std::string stale_signatures;
    if (!to_stdout && common.force && env.fs.exists(path) && env.fs.exists(signature_file_name(path))) {
        const std::string old_digest = to_hex(digest(result.round.setup.rules.digest, env.fs.read(path)));
        if (old_digest != to_hex(digest(result.round.setup.rules.digest, result.record)))
            stale_signatures = signature_file_name(path);
    }
    if (!to_stdout) {
        // Moved in and back: a record listing many invalid ballots is megabytes, and an
        // initializer list would copy it twice.
        std::vector<OutputFile> files;
        files.push_back(OutputFile{path, std::move(result.record)});
        env.fs.write_atomic(files, common.force);
        result.record = std::move(files.front().bytes);
    }

    if (!stale_signatures.empty())
        env.err << format_diagnostic(
            diagnostic_about(stale_signatures,
                             {"the record was replaced (--force): the signatures in this file were made over the old "
                              "record and no longer apply",
                              "结果记录已被替换（--force）：此文件中的签名是对旧记录所签，已不再适用"},
                             {"move it away and have every officer sign the new record (piaojue sign)",
                              "请移走该文件，由各位签名人对新记录重新签名（piaojue sign）"}),
            common.lang, Severity::warning);
    if (common.json) {
        Json j = json_head("tally", name(result.round.decision.outcome), static_cast<ExitCode>(code));
        j.update(Json{{"record_path", to_stdout ? Json(nullptr) : Json(path)},
                      {"record_digest", to_hex(digest(result.round.setup.rules.digest, result.record))},
                      {"record", Json::parse(result.record)}});
        j["notices"] = notices_json(result.notices, common.lang);
        print_json(env.out, j);
        return code;
    }
    if (to_stdout) env.out << result.record;
    if (!common.quiet) {
        std::ostream& text = to_stdout ? env.err : env.out;
        text << render_report(result, common.lang);
        if (!to_stdout)
            text << '\n' << (common.lang == Lang::zh ? "结果记录已写入 " : "Record written to ") << path << '\n';
    }
    return code;
}

}  // namespace piaojue::cli
