// Shell completion written from the command line's own option tables (the CLI11 App that parses
// the arguments), so that it cannot drift from `--help`: a subcommand or option added to a
// setup_…() function completes without anyone editing a completion file.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace piaojue::cli {

/// The bash completion script for `app` (the root App with every subcommand set up): defines
/// `_piaojue` and registers it with `complete` for the command `app` names.
std::string bash_completion(const CLI::App& app);

/// The zsh completion function file (`#compdef`) for `app`, for a folder on zsh's `fpath`.
std::string zsh_completion(const CLI::App& app);

}  // namespace piaojue::cli
