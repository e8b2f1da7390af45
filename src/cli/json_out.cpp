#include "cli/json_out.hpp"

#include <ostream>

namespace piaojue::cli {

Json json_head(std::string_view command, std::string_view status, ExitCode code) {
    // No command when the command line named none that exists.
    return Json{{"command", command.empty() ? Json(nullptr) : Json(command)},
                {"status", status},
                {"exit_code", static_cast<int>(code)}};
}

Json diagnostic_json(const Diagnostic& diagnostic, ExitCode exit, Lang lang, Severity severity) {
    Json j;
    j["code"] = !diagnostic.code.empty()      ? diagnostic.code
                : severity == Severity::error ? std::string(general_code(exit))
                                              : std::string("N_NOTE");
    j["severity"] = severity == Severity::error ? "error" : severity == Severity::warning ? "warning" : "note";
    if (!diagnostic.file.empty()) j["file"] = diagnostic.file;
    if (diagnostic.line > 0) j["line"] = diagnostic.line;
    if (diagnostic.line > 0 && diagnostic.column > 0) j["column"] = diagnostic.column;
    j["message"] = diagnostic.message.in(lang);
    if (!diagnostic.hint.empty()) j["hint"] = diagnostic.hint.in(lang);
    return j;
}

Json notices_json(const std::vector<Diagnostic>& notices, Lang lang) {
    Json list = Json::array();
    for (const Diagnostic& d : notices) list.push_back(diagnostic_json(d, ExitCode::ok, lang, Severity::note));
    return list;
}

void print_json(std::ostream& out, const Json& j) {
    out << j.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace piaojue::cli
