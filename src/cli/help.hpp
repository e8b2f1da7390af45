// What `--help` and CLI usage errors say, in Chinese or English: CLI11's formatter labels and its
// parse errors replaced, the options' descriptions translated, and "did you mean" for a mistyped
// command or option. The language is decided before parsing (--lang, else the locale).
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <piaojue/error.hpp>

namespace piaojue::cli {

/// The language of `args`' `--lang zh|en` (or `--lang=…`) if given, else nullopt.
std::optional<Lang> lang_in_args(const std::vector<std::string>& args);

/// The Chinese of an English description in the CLI's option tables, or nullopt.
std::optional<std::string_view> chinese_description(std::string_view english);

/// Makes `root` (with every subcommand set up so far) print its help and usage errors in `lang`:
/// Chinese labels and descriptions for zh (a description without a translation stays English);
/// for either language a usage error names the nearest command or option ("did you mean").
void localize(CLI::App& root, Lang lang);

/// The words of `names` nearest to `word` (a typo: edit distance ≤ 2, or `word` a prefix of one),
/// nearest first.
std::vector<std::string> nearest(std::string_view word, const std::vector<std::string>& names);

/// The usage error for a first word `word` that is no command of `root`, with the commands
/// nearest to it (or all of them); ends with a newline.
std::string unknown_command(const CLI::App& root, std::string_view word, Lang lang);

}  // namespace piaojue::cli
