#include "cli/completion.hpp"

#include <sstream>
#include <string_view>
#include <vector>

namespace piaojue::cli {

namespace {

// What completion needs of one option: its names, whether a value follows it, and the values a
// CLI::IsMember check allows (CLI11 2.1 keeps validators private; their description, "{zh,en}",
// is what `--help` prints after the type name, "TEXT:{zh,en}").
struct OptionInfo {
    std::vector<std::string> names;  // "-o", "--output"
    std::string description;
    bool takes_value = false;
    std::vector<std::string> choices;
};

std::vector<std::string> choices_of(const CLI::Option& option) {
    const std::string type = option.get_type_name();
    const std::size_t open = type.find(":{");
    const std::size_t close = type.find('}', open);
    std::vector<std::string> choices;
    if (open == std::string::npos || close == std::string::npos) return choices;
    std::string_view list(type.data() + open + 2, close - open - 2);
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        choices.emplace_back(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    }
    return choices;
}

std::vector<OptionInfo> options_of(const CLI::App& app) {
    std::vector<OptionInfo> list;
    for (const CLI::Option* option : app.get_options()) {
        if (!option->nonpositional()) continue;  // positionals: files, bash's default completion
        OptionInfo info;
        for (const std::string& s : option->get_snames()) info.names.push_back("-" + s);
        for (const std::string& l : option->get_lnames()) info.names.push_back("--" + l);
        info.description = option->get_description();
        info.takes_value = option->get_expected_max() > 0;  // a flag expects none
        if (info.takes_value) info.choices = choices_of(*option);
        list.push_back(std::move(info));
    }
    return list;
}

// The subcommands `--help` lists (a hidden one, like `completion`, has an empty group).
std::vector<const CLI::App*> visible_subcommands(const CLI::App& app) {
    return app.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); });
}

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
    return out;
}

// Bash: the option words of one command (top level or a subcommand), and those of them that take
// a value, as `case` branches of the generated function.
void bash_command_branch(std::ostream& out, std::string_view pattern, const std::vector<OptionInfo>& options) {
    std::vector<std::string> words, value_words;
    for (const OptionInfo& o : options)
        for (const std::string& n : o.names) {
            words.push_back(n);
            if (o.takes_value) value_words.push_back(n);
        }
    out << "    " << pattern << ")\n"
        << "        opts='" << join(words) << "'\n"
        << "        value_opts=' " << join(value_words) << " '\n";
    for (const OptionInfo& o : options)
        if (!o.choices.empty())
            for (const std::string& n : o.names)
                out << "        [[ $prev == " << n << " ]] && choices='" << join(o.choices) << "'\n";
    out << "        ;;\n";
}

// Zsh specs are single-quoted: a text must not close the quotes, nor, in an option's
// `[description]`, the brackets.
std::string zsh_text(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\'')
            out += "'\\''";
        else if (c == ']')
            out += "\\]";
        else
            out += c;
    }
    return out;
}

void zsh_specs(std::ostream& out, const std::vector<OptionInfo>& options, std::string_view indent) {
    for (const OptionInfo& o : options) {
        const std::string exclusive = o.names.size() > 1 ? "(" + join(o.names) + ")" : "";
        const std::string names = o.names.size() > 1 ? "{" +
                                                           [&] {
                                                               std::string s;
                                                               for (const std::string& n : o.names)
                                                                   s += (s.empty() ? "" : ",") + n;
                                                               return s;
                                                           }() +
                                                           "}"
                                                     : o.names.front();
        std::string value;
        if (o.takes_value) value = o.choices.empty() ? ":value:_files" : ":value:(" + join(o.choices) + ")";
        out << indent << "'" << exclusive << "'" << names << "'[" << zsh_text(o.description) << "]" << value << "'\n";
    }
}

}  // namespace

std::string bash_completion(const CLI::App& app) {
    const std::string name = app.get_name();
    const std::string function = "_" + name;
    std::vector<std::string> subcommand_names;
    std::vector<std::string> top_value_words;
    const std::vector<OptionInfo> top = options_of(app);
    for (const OptionInfo& o : top)
        if (o.takes_value)
            for (const std::string& n : o.names) top_value_words.push_back(n);
    for (const CLI::App* sub : visible_subcommands(app)) subcommand_names.push_back(sub->get_name());

    std::ostringstream out;
    out << "# bash completion for " << name << ", written by `" << name << " completion bash` from its option tables.\n"
        << function << "() {\n"
        << "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}\n"
        << "    local sub= i\n"
        << "    # The subcommand: the first word that is neither an option nor an option's value.\n"
        << "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
        << "        case ${COMP_WORDS[i]} in\n";
    if (!top_value_words.empty()) {
        out << "        ";
        for (std::size_t i = 0; i < top_value_words.size(); ++i) out << (i ? "|" : "") << top_value_words[i];
        out << ") ((i++)) ;;\n";
    }
    out << "        -*) ;;\n"
        << "        *) sub=${COMP_WORDS[i]}; break ;;\n"
        << "        esac\n"
        << "    done\n"
        << "    local opts= value_opts= choices=\n"
        << "    case $sub in\n";
    bash_command_branch(out, "''", top);
    for (const CLI::App* sub : visible_subcommands(app)) bash_command_branch(out, sub->get_name(), options_of(*sub));
    out << "    *) return 0 ;;\n"
        << "    esac\n"
        << "    # After an option that takes a value: its allowed values, or files (complete -o default).\n"
        << "    if [[ $value_opts == *\" $prev \"* ]]; then\n"
        << "        [[ -n $choices ]] && COMPREPLY=($(compgen -W \"$choices\" -- \"$cur\"))\n"
        << "        return 0\n"
        << "    fi\n"
        << "    if [[ $cur == -* ]]; then\n"
        << "        COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
        << "    elif [[ -z $sub ]]; then\n"
        << "        COMPREPLY=($(compgen -W '" << join(subcommand_names) << "' -- \"$cur\"))\n"
        << "    fi\n"
        << "    return 0\n"
        << "}\n"
        << "complete -o default -F " << function << ' ' << name << '\n';
    return out.str();
}

std::string zsh_completion(const CLI::App& app) {
    const std::string name = app.get_name();
    std::ostringstream out;
    out << "#compdef " << name << "\n"
        << "# zsh completion for " << name << ", written by `" << name << " completion zsh` from its option tables.\n"
        << "local curcontext=$curcontext state line\n"
        << "typeset -A opt_args\n"
        << "local -a subcommands=(\n";
    for (const CLI::App* sub : visible_subcommands(app))
        out << "    '" << zsh_text(sub->get_name()) << ":" << zsh_text(sub->get_description()) << "'\n";
    out << ")\n"
        << "_arguments -C \\\n";
    {
        std::ostringstream specs;
        zsh_specs(specs, options_of(app), "    ");
        std::string line;
        std::istringstream lines(specs.str());
        while (std::getline(lines, line)) out << line << " \\\n";
    }
    out << "    '1:command:->command' '*::argument:->argument' && return 0\n"
        << "case $state in\n"
        << "command) _describe -t commands command subcommands ;;\n"
        << "argument)\n"
        << "    case $words[1] in\n";
    for (const CLI::App* sub : visible_subcommands(app)) {
        out << "    " << sub->get_name() << ")\n"
            << "        _arguments \\\n";
        std::ostringstream specs;
        zsh_specs(specs, options_of(*sub), "            ");
        std::string line;
        std::istringstream lines(specs.str());
        while (std::getline(lines, line)) out << line << " \\\n";
        out << "            '*:file:_files' ;;\n";
    }
    out << "    esac ;;\n"
        << "esac\n";
    return out.str();
}

}  // namespace piaojue::cli
