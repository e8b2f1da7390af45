// Running the piaojue-render program (src/render/) for PDF and PNG: the static executable has no
// cairo or pango; this finds the renderer and pipes a document through it.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace piaojue::cli {

/// Where piaojue-render is: `$PIAOJUE_RENDER` when set, else beside the running executable (the
/// build tree), else `../lib/piaojue/piaojue-render` from it (the installed layout, /usr/lib/piaojue).
/// `getenv` reads the environment; `self` is the running executable's path.
[[nodiscard]] std::string find_renderer(const std::function<std::optional<std::string>(const std::string&)>& getenv,
                                        const std::string& self);

/// Runs `program --format FORMAT` with `document` on its stdin and returns its stdout. Throws
/// Error (exit 9) when it is missing, cannot start, or fails, with its own message (no CJK font,
/// a library missing).
[[nodiscard]] std::string run_renderer(const std::string& program, const std::string& format,
                                       const std::string& document);

}  // namespace piaojue::cli
