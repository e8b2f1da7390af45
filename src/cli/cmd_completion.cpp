// piaojue completion bash|zsh: the shell completion script, written from the option tables of
// the App that parses the command line (src/cli/completion.cpp). Hidden from --help: the build
// runs it to make the installed completion files (cmake/install.cmake).
#include "cli/commands.hpp"
#include "cli/completion.hpp"

namespace piaojue::cli {

void setup_completion(CLI::App& app, CompletionOptions& o) {
    app.add_option("shell", o.shell, "The shell: bash or zsh")->required()->check(CLI::IsMember({"bash", "zsh"}));
}

int run_completion(const CompletionOptions& o, const CLI::App& root, Environment& env) {
    env.out << (o.shell == "zsh" ? zsh_completion(root) : bash_completion(root));
    return 0;
}

}  // namespace piaojue::cli
