// The shape every command's --json output shares (docs/json.md): `command`, `status` and
// `exit_code` first; diagnostics with their machine code; one spelling of a key fingerprint.
#pragma once

#include <piaojue/error.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace piaojue::cli {

using Json = nlohmann::ordered_json;

/// `{"command", "status", "exit_code"}`, the start of every --json output.
[[nodiscard]] Json json_head(std::string_view command, std::string_view status, ExitCode code);

/// One diagnostic: `code`, `severity`, then `file`, `line`, `column` where known (never 0 or
/// empty), `message` in `lang`, `hint` when there is one. `code` falls back to the general code
/// of `exit` when the diagnostic has none of its own.
[[nodiscard]] Json diagnostic_json(const Diagnostic& diagnostic, ExitCode exit, Lang lang,
                                   Severity severity = Severity::error);

/// The notices of a command (notes that did not stop it) as an array of diagnostic_json.
[[nodiscard]] Json notices_json(const std::vector<Diagnostic>& notices, Lang lang);

/// Writes `j` to `out`, two-space indented, invalid UTF-8 replaced, and a newline.
void print_json(std::ostream& out, const Json& j);

}  // namespace piaojue::cli
