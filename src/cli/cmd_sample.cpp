// piaojue sample RECORD --seed DIGITS -n K: which paper ballots to pull for a hand check, from a
// public seed, reproducible by anyone (docs/audit/README.md).
#include "cli/commands.hpp"
#include "cli/json_out.hpp"

#include <piaojue/audit.hpp>
#include <piaojue/batch.hpp>
#include <piaojue/text.hpp>

#include <nlohmann/json.hpp>

namespace piaojue::cli {

void setup_sample(CLI::App& app, SampleOptions& o) {
    app.add_option("record", o.record, "The record (result.json) whose ballots to sample")->required();
    app.add_option("--seed", o.seed, "The public seed: digits, e.g. 20 rolled with ten-sided dice")->required();
    app.add_option("-n,--count", o.count, "How many ballots to pull")->required()->check(CLI::Range(1, 1000000));
    app.add_option("--ballots", o.ballots, "The ballots file (default: the one the record names, beside its session)");
    app.add_option("--session", o.session, "The session file (default: the one the record names, beside it)");
    app.add_flag("--csv", o.csv, "Print the retrieval list as CSV (for a spreadsheet) instead of a table");
}

KeyedFile keyed_ballots_of(Environment& env, const Common& common, const RoundRecord& record,
                           const std::string& record_path, const std::string& ballots, const std::string& session) {
    PathPolicy policy;
    policy.allowed = common.allow_paths;
    KeyedFile out;
    out.path = ballots.empty() ? ballots_path_of(env.fs, record, record_path, session, policy) : ballots;
    out.ballots = read_keyed_ballots(env.fs, record, out.path);
    return out;
}

int run_sample(const SampleOptions& o, const Common& common, Environment& env) {
    check_seed(o.seed);
    auto [bytes, record] = read_record_file(env, o.record);
    const auto [path, ballots] = keyed_ballots_of(env, common, record, o.record, o.ballots, o.session);
    const std::vector<SampleEntry> sample = sample_keyed(ballots, o.seed, o.count);
    const bool zh = common.lang == Lang::zh;
    if (common.json) {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const SampleEntry& s : sample)
            list.push_back({{"order", s.order},
                            {"ballot", s.ballot->serial},
                            {"line", s.ballot->line},
                            {"row", s.ballot->row},
                            {"ticket", s.ticket}});
        Json j = json_head("sample", "ok", ExitCode::ok);
        j.update(Json{{"record", o.record},
                      {"ballots_file", path},
                      {"seed", o.seed},
                      {"ballots", ballots.size()},
                      {"count", sample.size()},
                      {"sample", list}});
        print_json(env.out, j);
    } else if (o.csv) {
        env.out << (zh ? "序号,票号,行号,录入内容,抽签值\r\n" : "order,ballot,line,keyed_row,ticket\r\n");
        for (const SampleEntry& s : sample)
            env.out << s.order << ',' << csv_cell(s.ballot->serial) << ',' << s.ballot->line << ','
                    << csv_cell(s.ballot->row) << ',' << s.ticket << "\r\n";
    } else if (!common.quiet) {
        env.out << (zh ? "抽样核对：种子 " + o.seed + "，从 " + std::to_string(ballots.size()) + " 张选票中抽取 " +
                             std::to_string(sample.size()) + " 张（按抽签值从小到大）\n"
                       : "Ballots to pull: seed " + o.seed + ", " + std::to_string(sample.size()) + " of " +
                             std::to_string(ballots.size()) + " ballots (smallest tickets first)\n");
        std::vector<std::vector<std::string>> rows;
        rows.push_back(zh ? std::vector<std::string>{"序号", "票号", "行号", "抽签值"}
                          : std::vector<std::string>{"#", "ballot", "line", "ticket"});
        for (const SampleEntry& s : sample)
            rows.push_back({std::to_string(s.order), printable_line(s.ballot->serial), std::to_string(s.ballot->line),
                            s.ticket.substr(0, 22) + "…"});
        env.out << render_table(rows, {true, false, true, false});
    }
    return 0;
}

}  // namespace piaojue::cli
