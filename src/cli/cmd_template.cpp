// piaojue template SESSION: the empty ballots file a counter keys into — the header in ballot
// order, Chinese or English — so that nobody types the candidate ids by hand.
#include "cli/commands.hpp"
#include "cli/json_out.hpp"

#include <piaojue/next_round.hpp>
#include <piaojue/round.hpp>

#include <nlohmann/json.hpp>

namespace piaojue::cli {

void setup_template(CLI::App& app, TemplateOptions& o) {
    app.add_option("session", o.session, "The session file (session.toml)")->required();
    app.add_option("-o,--output", o.output,
                   "Where to write it (default: the ballots file the session names, beside it; - for stdout)");
    app.add_flag("--excel", o.excel, "Start with a UTF-8 byte-order mark, so that Excel on Chinese Windows opens it");
}

int run_template(const TemplateOptions& o, const Common& common, Environment& env) {
    if (o.output_given && o.output.empty())
        throw Error(ExitCode::usage, Diagnostic{.message = {"-o needs a file name, e.g. -o ballots.csv (- for stdout)",
                                                            "-o 须给出文件名，例如 -o ballots.csv（- 为标准输出）"}});
    LoadedRound loaded = load_round(env.fs, o.session, read_options(common, env));
    const std::string csv = ballot_template(loaded.setup.candidates, common.lang, o.excel);
    std::string path = o.output;
    if (path.empty()) path = resolve_beside(o.session, loaded.setup.session.ballots.value_or("ballots.csv"));
    if (path == "-") {
        env.out << csv;
        return 0;
    }
    env.fs.write_atomic({OutputFile{path, csv}}, common.force);
    if (common.json) {
        Json j = json_head("template", "ok", ExitCode::ok);
        j["ballots"] = path;
        j["candidates"] = loaded.setup.candidates.size();
        j["excel"] = o.excel;
        print_json(env.out, j);
    } else if (!common.quiet) {
        const std::string n = std::to_string(loaded.setup.candidates.size());
        env.out << (common.lang == Lang::zh ? "已写出选票录入表 " + path + "（" + n + " 个项目，每张选票填一行）\n"
                                            : "Wrote " + path + ", the ballots file to key into (" + n +
                                                  " projects, one row per paper ballot)\n");
    }
    return 0;
}

}  // namespace piaojue::cli
