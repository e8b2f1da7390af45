// One options struct, one setup and one run function per subcommand (cmd_*.cpp).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "cli/app.hpp"

namespace piaojue::cli {

struct CheckOptions {
    std::string session;
};
void setup_check(CLI::App& app, CheckOptions& options);
int run_check(const CheckOptions& options, const Common& common, Environment& env);

struct TallyOptions {
    std::string session;
    std::string output;  ///< -o; default: result.json beside the session file; `-` for stdout
};
void setup_tally(CLI::App& app, TallyOptions& options);
int run_tally(const TallyOptions& options, const Common& common, Environment& env);

struct NextRoundOptions {
    std::string record;
    std::string output_dir;
    std::string id;              ///< --id: the new round's session id
    std::optional<long long> present, issued, returned;  ///< fill in attendance when known
};
void setup_next_round(CLI::App& app, NextRoundOptions& options);
int run_next_round(const NextRoundOptions& options, const Common& common, Environment& env);

}  // namespace piaojue::cli
