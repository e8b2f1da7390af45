// piaojue show RECORD: the read-aloud result again, from any record — for the counter whose
// terminal scrolled away, and for the auditor with a published record.
#include "cli/commands.hpp"
#include "cli/json_out.hpp"

#include <piaojue/record.hpp>
#include <piaojue/report.hpp>

#include <nlohmann/json.hpp>

namespace piaojue::cli {

void setup_show(CLI::App& app, ShowOptions& o) {
    app.add_option("record", o.record, "The record (result.json) to show")->required();
}

std::pair<std::string, RoundRecord> read_record_file(Environment& env, const std::string& path) {
    std::string bytes = env.fs.read(path);
    RoundRecord record = parse_record(bytes, path);
    return {std::move(bytes), std::move(record)};
}

int run_show(const ShowOptions& o, const Common& common, Environment& env) {
    const auto [bytes, round] = read_record_file(env, o.record);
    const int code = static_cast<int>(exit_code(round.decision.outcome));
    if (common.json) {
        Json j = json_head("show", name(round.decision.outcome), static_cast<ExitCode>(code));
        j.update(Json{{"record_path", o.record},
                      {"record_digest", to_hex(digest(round.setup.rules.digest, bytes))},
                      {"record", Json::parse(bytes)}});
        print_json(env.out, j);
    } else if (!common.quiet) {
        env.out << render_text(make_report(round), common.lang);
    }
    return code;
}

}  // namespace piaojue::cli
