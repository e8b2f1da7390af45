#include "cli/app.hpp"
#include "cli/commands.hpp"

#include <piaojue/version.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

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
        nlohmann::ordered_json j;
        j["error"]["exit_code"] = static_cast<int>(error.code());
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const Diagnostic& d : error.diagnostics()) {
            nlohmann::ordered_json e = {{"file", d.file}, {"line", d.line}, {"column", d.column},
                                        {"message", d.message.in(common.lang)}};
            if (!d.hint.empty()) e["hint"] = d.hint.in(common.lang);
            list.push_back(std::move(e));
        }
        j["error"]["diagnostics"] = list;
        env.out << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
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
        Diagnostic{.message = {"could not write to standard output (closed pipe or full disk); what was printed there is "
                               "incomplete",
                               "无法写入标准输出（管道已关闭或磁盘已满），输出不完整"},
                   .hint = {"run the command again with its output going to a terminal or a file",
                            "请让输出写到终端或文件，重新运行该命令"}},
        common.lang);
    return code == 0 ? static_cast<int>(ExitCode::write_failed) : code;
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
}

}  // namespace

int run(const std::vector<std::string>& args, Environment& env) {
    CLI::App app{"piaojue — ballot tally and audit for 民生实事项目人大代表票决制", "piaojue"};
    app.set_version_flag("-V,--version", std::string("piaojue ") + k_version);
    app.require_subcommand(1);
    app.fallthrough();
    Common common;
    add_common(app, common);

    std::function<int()> action;
    auto sub = [&](const char* name, const char* about) {
        CLI::App* s = app.add_subcommand(name, about);
        add_common(*s, common);
        return s;
    };

    CheckOptions check;
    auto* check_app = sub("check", "Check the session file and candidate list (R1–R3)");
    setup_check(*check_app, check);
    check_app->callback([&] { action = [&] { return run_check(check, common, env); }; });

    TallyOptions tally;
    auto* tally_app = sub("tally", "Tally one round, print the result and write the record");
    setup_tally(*tally_app, tally);
    tally_app->callback([&] { action = [&] { return run_tally(tally, common, env); }; });

    NextRoundOptions next;
    auto* next_app = sub("next-round", "Write the next round's session file and ballot template");
    setup_next_round(*next_app, next);
    next_app->callback([&] { action = [&] { return run_next_round(next, common, env); }; });

    KeygenOptions keygen;
    auto* keygen_app = sub("keygen", "Generate an officer's key pair (Ed25519 or SM2)");
    setup_keygen(*keygen_app, keygen);
    keygen_app->callback([&] { action = [&] { return run_keygen(keygen, common, env); }; });

    SignOptions sign;
    auto* sign_app = sub("sign", "Add an officer's signature to a record's signature file");
    setup_sign(*sign_app, sign);
    sign_app->callback([&] { action = [&] { return run_sign(sign, common, env); }; });

    VerifyOptionsCli verify;
    auto* verify_app = sub("verify", "Re-check a published record: inputs, re-tally, rules, signatures");
    setup_verify(*verify_app, verify);
    verify_app->callback([&] { action = [&] { return run_verify(verify, common, env); }; });

    BatchOptionsCli batch;
    auto* batch_app = sub("batch", "Tally every session under a directory or in a manifest, in parallel");
    setup_batch(*batch_app, batch);
    batch_app->callback([&] { action = [&] { return run_batch_command(batch, common, env); }; });

    try {
        app.parse(std::vector<std::string>(args.rbegin(), args.rend()));
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e, env.out, env.err);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e, env.out, env.err);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e, env.out, env.err);
    } catch (const CLI::ParseError& e) {
        app.exit(e, env.out, env.err);
        return static_cast<int>(ExitCode::usage);
    }

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
