// piaojue check SESSION: the session file and candidate list against R1–R3, before any ballot.
#include "cli/commands.hpp"
#include "cli/json_out.hpp"

#include <piaojue/report.hpp>
#include <piaojue/round.hpp>

#include <nlohmann/json.hpp>

namespace piaojue::cli {

void setup_check(CLI::App& app, CheckOptions& o) {
    app.add_option("session", o.session, "The session file (session.toml)")->required();
}

int run_check(const CheckOptions& o, const Common& common, Environment& env) {
    LoadedRound loaded = load_round(env.fs, o.session, read_options(common, env));
    print_notices(loaded.notices, common, env);
    auto stop = decide_before_ballots(loaded.setup);
    Decision d = stop ? *stop : Decision{};
    if (!stop) {
        d.minimum_candidates = minimum_candidates(loaded.setup.rules.surplus, loaded.setup.rules.seats);
        d.quorum_required = quorum_required(loaded.setup.rules.quorum, loaded.setup.session.deputies);
        d.quorum_met = true;
    }
    int code = stop ? static_cast<int>(exit_code(stop->outcome)) : 0;
    if (common.json) {
        Json j = json_head("check", stop ? name(stop->outcome) : "ok", static_cast<ExitCode>(code));
        j.update(Json{{"session", loaded.setup.session.id},
                      {"round", loaded.setup.round},
                      {"candidates", loaded.setup.candidates.size()},
                      {"seats", loaded.setup.seats},
                      {"minimum_candidates", d.minimum_candidates},
                      {"quorum_required", d.quorum_required},
                      {"quorum_met", d.quorum_met}});
        j["notices"] = notices_json(loaded.notices, common.lang);
        print_json(env.out, j);
    } else if (!common.quiet) {
        env.out << render_check(loaded, d, stop.has_value(), common.lang);
    }
    return code;
}

}  // namespace piaojue::cli
