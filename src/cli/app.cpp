#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "cli/json_out.hpp"

#include <piaojue/simd.hpp>
#include <piaojue/version.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string_view>

namespace piaojue::cli {

Lang lang_from_locale(const Environment& env) {
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        auto v = env.getenv(name);
        if (v && !v->empty()) return v->starts_with("zh") ? Lang::zh : Lang::en;
    }
    return Lang::en;
}

int report_error(const Error& error, const Common& common, Environment& env) {
    for (const Diagnostic& d : error.diagnostics()) env.err << format_diagnostic(d, common.lang);
    if (common.json) {
        Json j = json_head(common.command, "error", error.code());
        Json list = Json::array();
        for (const Diagnostic& d : error.diagnostics()) list.push_back(diagnostic_json(d, error.code(), common.lang));
        j["error"] = {{"exit_code", static_cast<int>(error.code())}, {"diagnostics", std::move(list)}};
        print_json(env.out, j);
    }
    return static_cast<int>(error.code());
}

namespace {

// A closed stdout (`| head -1` after head has gone) or a full disk under `> file` loses what the
// command printed. Say so instead of failing silently, and turn a success into exit 9 so that a
// script notices; a command that failed otherwise keeps its own code. Files the command wrote
// are complete either way.
int check_output(int code, const Common& common, Environment& env) {
    env.out.flush();
    if (env.out) return code;
    env.err << format_diagnostic(
        Diagnostic{
            .message = {"could not write to standard output (closed pipe or full disk); what was printed there is "
                        "incomplete",
                        "无法写入标准输出（管道已关闭或磁盘已满），输出不完整"},
            .hint = {"run the command again with its output going to a terminal or a file",
                     "请让输出写到终端或文件，重新运行该命令"}},
        common.lang);
    return code == 0 ? static_cast<int>(ExitCode::write_failed) : code;
}

// The subcommand the arguments name, if any: the first that is neither an option nor the value
// of a top-level option that takes one. Only a name; run() checks it against the subcommands.
std::optional<std::string_view> named_subcommand(const std::vector<std::string>& args) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--lang" || args[i] == "--encoding" || args[i] == "--allow-path") {
            ++i;
            continue;
        }
        if (!args[i].starts_with('-')) return args[i];
    }
    return std::nullopt;
}

// `piaojue VERSION`; with PIAOJUE_SIMD set (to anything: "auto" is the CPU's best), a second
// line names the SIMD kernels this process runs, so that bench/run.sh reports what ran rather
// than what it expected (include/piaojue/simd.hpp).
std::string version_text(const Environment& env) {
    std::string text = std::string("piaojue ") + k_version;
    if (const auto request = env.getenv("PIAOJUE_SIMD")) {
        text += "\nkernels: " + simd_kernels(simd_level()) + " (level " + std::string(simd_level_name(simd_level())) +
                ", the CPU's " + std::string(simd_level_name(cpu_simd_level())) + "; PIAOJUE_SIMD=" + *request + ")";
    }
    return text;
}

// Shared options are declared on every subcommand so they may come anywhere on the line.
void add_common(CLI::App& app, Common& c) {
    app.add_option("--lang", c.lang_name, "Language of messages: zh or en (default: from the locale)")
        ->check(CLI::IsMember({"zh", "en"}));
    app.add_option("--encoding", c.encoding_name, "Encoding of the CSV inputs: utf-8 (default) or gb18030")
        ->check(CLI::IsMember({"utf-8", "utf8", "gb18030", "gbk"}));
    app.add_flag("--json", c.json, "Machine-readable output on stdout instead of the human text");
    app.add_flag("--force", c.force, "Replace existing output files");
    app.add_flag("-q,--quiet", c.quiet, "Print nothing but errors");
    app.add_option("--allow-path", c.allow_paths,
                   "Also let session files name files in DIR (default: only their own folder)")
        ->type_name("DIR")
        ->take_last()
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

// A usage error under --json: the message CLI11's failure message printed (localised), its
// hint line, and the general code E_USAGE, in the shape of every command's error output.
void print_usage_json(const std::string& command, const std::string& text, Environment& env) {
    std::istringstream lines(text);
    std::string line, message, hint;
    std::getline(lines, message);
    while (std::getline(lines, line)) {
        const std::size_t start = line.find_first_not_of(' ');
        if (start == std::string::npos) continue;
        std::string_view rest = std::string_view(line).substr(start);
        for (std::string_view prefix : {std::string_view("hint: "), std::string_view("提示：")})
            if (hint.empty() && rest.starts_with(prefix)) hint = std::string(rest.substr(prefix.size()));
    }
    Json d = {{"code", "E_USAGE"}, {"severity", "error"}, {"message", message}};
    if (!hint.empty()) d["hint"] = hint;
    Json j = json_head(command, "error", ExitCode::usage);
    j["error"] = {{"exit_code", static_cast<int>(ExitCode::usage)}, {"diagnostics", Json::array({d})}};
    print_json(env.out, j);
}

}  // namespace

void print_notices(const std::vector<Diagnostic>& notices, const Common& common, Environment& env) {
    if (common.quiet) return;
    for (const Diagnostic& d : notices) env.err << format_diagnostic(d, common.lang, Severity::note);
}

ReadOptions read_options(const Common& common, const Environment& env) {
    ReadOptions options;
    options.encoding = common.encoding;
    options.cores = env.cores;
    options.paths.allowed = common.allow_paths;
    return options;
}

int run(const std::vector<std::string>& args, Environment& env) {
    CLI::App app{"piaojue — ballot tally and audit for 民生实事项目人大代表票决制", "piaojue"};
    app.set_version_flag("-V,--version", version_text(env));
    app.require_subcommand(1);
    app.fallthrough();
    Common common;
    add_common(app, common);

    // Only the subcommand named on the command line gets its options; the others are there by
    // name (for the top-level help and for parsing): setting up every option of every
    // subcommand was ~1 M of a 120-ballot tally's 4 M instructions and ~13 fresh heap pages
    // (docs/design.md, "Start-up"). Without a subcommand's name all are set up.
    struct Subcommand {
        std::string_view name, about;
    };
    static constexpr std::array<Subcommand, 16> k_subcommands{{
        {"check", "Check the session file and candidate list (R1–R3)"},
        {"template", "Write the empty ballots file to key into, header in ballot order"},
        {"tally", "Tally one round, print the result and write the record"},
        {"enter", "Key the paper ballots on a keyboard entry screen, one ballot at a time"},
        {"compare", "List every difference between two keyings of the same ballots (exit 10 if any)"},
        {"show", "Print a record's result again, as tally printed it"},
        {"report", "Print a vote's papers: result report, notice or blank ballot (HTML, PDF, PNG)"},
        {"next-round", "Write the next round's session file and ballot template"},
        {"keygen", "Generate an officer's key pair (Ed25519 or SM2)"},
        {"sign", "Add an officer's signature to a record's signature file"},
        {"verify", "Re-check a published record: inputs, re-tally, rules, signatures"},
        {"trust-add", "Add an officer's public key, role and name to a trust list"},
        {"sample", "Which paper ballots to pull for a hand check, from a public seed"},
        {"proof", "A ballot row's Merkle inclusion proof under its record, or the check of one"},
        {"audit", "Compare the sampled paper ballots with their keyed rows; margin and risk limit"},
        {"batch", "Tally every session under a directory or in a manifest, in parallel"},
    }};
    const std::optional<std::string_view> named = named_subcommand(args);
    const bool set_up_all = !named || std::none_of(k_subcommands.begin(), k_subcommands.end(),
                                                   [&](const Subcommand& s) { return s.name == *named; });
    for (const Subcommand& s : k_subcommands) app.add_subcommand(std::string(s.name), std::string(s.about));
    std::function<int()> action;
    // The subcommand to set up, or nullptr when another one was named.
    auto sub = [&](std::string_view name) -> CLI::App* {
        if (!set_up_all && *named != name) return nullptr;
        CLI::App* s = app.get_subcommand(std::string(name));
        add_common(*s, common);
        return s;
    };

    // Hidden (an empty group): the build runs it for the installed completion files. Not in
    // k_subcommands, so naming it sets up every other subcommand, whose options it walks.
    CompletionOptions completion;
    CLI::App* completion_app = app.add_subcommand("completion", "Print the bash or zsh completion script");
    completion_app->group("");
    setup_completion(*completion_app, completion);
    completion_app->callback([&] { action = [&] { return run_completion(completion, app, env); }; });

    CheckOptions check;
    if (CLI::App* check_app = sub("check")) {
        setup_check(*check_app, check);
        check_app->callback([&] { action = [&] { return run_check(check, common, env); }; });
    }

    TemplateOptions template_options;
    if (CLI::App* template_app = sub("template")) {
        setup_template(*template_app, template_options);
        template_app->callback([&, template_app] {
            template_options.output_given = template_app->get_option("-o")->count() > 0;
            action = [&] { return run_template(template_options, common, env); };
        });
    }

    TallyOptions tally;
    if (CLI::App* tally_app = sub("tally")) {
        setup_tally(*tally_app, tally);
        tally_app->callback([&] { action = [&] { return run_tally(tally, common, env); }; });
    }

    EnterOptions enter;
    if (CLI::App* enter_app = sub("enter")) {
        setup_enter(*enter_app, enter);
        enter_app->callback([&] { action = [&] { return run_enter(enter, common, env); }; });
    }
    CompareOptions compare;
    if (CLI::App* compare_app = sub("compare")) {
        setup_compare(*compare_app, compare);
        compare_app->callback([&] { action = [&] { return run_compare(compare, common, env); }; });
    }
    ShowOptions show;
    if (CLI::App* show_app = sub("show")) {
        setup_show(*show_app, show);
        show_app->callback([&] { action = [&] { return run_show(show, common, env); }; });
    }

    ReportOptions report;
    if (CLI::App* report_app = sub("report")) {
        setup_report(*report_app, report);
        report_app->callback([&] { action = [&] { return run_report(report, common, env); }; });
    }

    NextRoundOptions next;
    if (CLI::App* next_app = sub("next-round")) {
        setup_next_round(*next_app, next);
        next_app->callback([&] { action = [&] { return run_next_round(next, common, env); }; });
    }

    KeygenOptions keygen;
    if (CLI::App* keygen_app = sub("keygen")) {
        setup_keygen(*keygen_app, keygen);
        keygen_app->callback([&] { action = [&] { return run_keygen(keygen, common, env); }; });
    }

    SignOptions sign;
    if (CLI::App* sign_app = sub("sign")) {
        setup_sign(*sign_app, sign);
        sign_app->callback([&] { action = [&] { return run_sign(sign, common, env); }; });
    }

    VerifyOptionsCli verify;
    if (CLI::App* verify_app = sub("verify")) {
        setup_verify(*verify_app, verify);
        verify_app->callback([&] { action = [&] { return run_verify(verify, common, env); }; });
    }

    TrustAddOptions trust_add;
    if (CLI::App* trust_app = sub("trust-add")) {
        setup_trust_add(*trust_app, trust_add);
        trust_app->callback([&] { action = [&] { return run_trust_add(trust_add, common, env); }; });
    }

    SampleOptions sample;
    if (CLI::App* sample_app = sub("sample")) {
        setup_sample(*sample_app, sample);
        sample_app->callback([&] { action = [&] { return run_sample(sample, common, env); }; });
    }

    ProofOptions proof;
    if (CLI::App* proof_app = sub("proof")) {
        setup_proof(*proof_app, proof);
        proof_app->callback([&] { action = [&] { return run_proof(proof, common, env); }; });
    }

    AuditOptions audit;
    if (CLI::App* audit_app = sub("audit")) {
        setup_audit(*audit_app, audit);
        audit_app->callback([&] { action = [&] { return run_audit(audit, common, env); }; });
    }

    BatchOptionsCli batch;
    if (CLI::App* batch_app = sub("batch")) {
        setup_batch(*batch_app, batch);
        batch_app->callback([&] { action = [&] { return run_batch_command(batch, common, env); }; });
    }

    // Help and usage errors speak the language asked for before the arguments are parsed.
    const Lang help_lang = lang_in_args(args).value_or(lang_from_locale(env));
    localize(app, help_lang);
    const bool json_asked = std::find(args.begin(), args.end(), "--json") != args.end();
    if (named && app.get_subcommands([&](const CLI::App* s) { return s->get_name() == *named; }).empty()) {
        const std::string text = unknown_command(app, *named, help_lang);
        env.err << text;
        if (json_asked) print_usage_json("", text, env);
        return static_cast<int>(ExitCode::usage);
    }
    try {
        app.parse(std::vector<std::string>(args.rbegin(), args.rend()));
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e, env.out, env.err);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e, env.out, env.err);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e, env.out, env.err);
    } catch (const CLI::ParseError& e) {
        std::ostringstream text;
        app.exit(e, env.out, text);
        env.err << text.str();
        if (json_asked) print_usage_json(named ? std::string(*named) : std::string(), text.str(), env);
        return static_cast<int>(ExitCode::usage);
    }
    if (named) common.command = std::string(*named);

    common.lang = common.lang_name.empty() ? lang_from_locale(env) : (common.lang_name == "zh" ? Lang::zh : Lang::en);
    common.encoding = parse_encoding(common.encoding_name).value_or(Encoding::utf8);
    try {
        return check_output(action ? action() : static_cast<int>(ExitCode::usage), common, env);
    } catch (const Error& e) {
        return report_error(e, common, env);
    } catch (const std::bad_alloc&) {
        env.err << "piaojue: out of memory\n";
        return static_cast<int>(ExitCode::internal);
    } catch (const std::exception& e) {
        env.err << "piaojue: internal error: " << e.what() << "\n";
        return static_cast<int>(ExitCode::internal);
    }
}

}  // namespace piaojue::cli
