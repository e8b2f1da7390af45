// piaojue trust-add KEY.pub --role ROLE --name NAME -o trust.toml: an officer's public key into
// the auditor's trust list, fingerprint computed from the key itself — nobody copies hex by hand.
#include "cli/commands.hpp"
#include "cli/json_out.hpp"

#include <piaojue/keys.hpp>
#include <piaojue/next_round.hpp>
#include <piaojue/signature.hpp>

#include <nlohmann/json.hpp>

namespace piaojue::cli {

void setup_trust_add(CLI::App& app, TrustAddOptions& o) {
    app.add_option("key", o.key, "The officer's public key (NAME.pub from piaojue keygen)")->required();
    app.add_option("--role", o.role, "The role the key may sign as: 计票人|监票人|总监票人")->required();
    app.add_option("--name", o.name, "The officer's name, as signatures must give it")->required();
    app.add_option("-o,--output", o.output, "The trust list to add the key to (created when missing)")->required();
}

int run_trust_add(const TrustAddOptions& o, const Common& common, Environment& env) {
    Role role = parse_role_option(o.role);
    if (auto bad = check_signer_name(o.name)) throw Error(ExitCode::usage, Diagnostic{.message = *bad});
    if (o.output.empty() || o.output.ends_with('/'))
        throw Error(ExitCode::usage, Diagnostic{.message = {"-o needs a file name, e.g. -o trust.toml",
                                                            "-o 须给出文件名，例如 -o trust.toml"}});
    PublicKey key = [&] {
        try {
            return load_public_key(env.fs.read(o.key, 1 << 20), o.key);
        } catch (const Error& e) {
            throw Error(ExitCode::key_error, e.diagnostics());
        }
    }();
    const DigestAlgo algo = key.algo() == KeyAlgo::sm2 ? DigestAlgo::sm3 : DigestAlgo::sha256;
    const std::string fingerprint = key.fingerprint_text(algo);
    std::string list;
    if (env.fs.exists(o.output)) {
        list = env.fs.read(o.output);
        // The list as it stands must read, and must not name this key already.
        TrustList existing;
        try {
            existing = parse_trust_list(list, o.output);
        } catch (const Error& e) {
            throw Error(ExitCode::key_error, e.diagnostics());
        }
        for (const TrustEntry& t : existing.keys)
            if (to_hex(digest(t.algo, key.der())) == t.fingerprint)
                throw_about(ExitCode::key_error, o.output,
                            {"this key is already in the trust list (line " + std::to_string(t.line) + ")",
                             "该密钥已在可信名单中（第 " + std::to_string(t.line) + " 行）"},
                            {"each officer's key is listed once; edit that entry to change its roles",
                             "每位签名人的密钥只列一次；如需改角色，请修改该条目"});
        if (!list.empty() && list.back() != '\n') list += '\n';
        list += '\n';
    } else {
        list = common.lang == Lang::zh
                   ? "# 可信名单：piaojue verify RECORD --trust 本文件。由 piaojue trust-add 生成。\n"
                   : "# Trust list: piaojue verify RECORD --trust this-file. Written by piaojue "
                     "trust-add.\n";
    }
    list += "[[key]]\n# " + o.key + " (" + std::string(key_algo_name(key.algo())) + ")\n";
    list += "fingerprint = " + toml_quote(fingerprint) + "\n";
    list += "roles = [" + toml_quote(std::string(role_name(role))) + "]\n";
    list += "name = " + toml_quote(o.name) + "\n";
    (void)parse_trust_list(list, o.output);                   // what is written must read back
    env.fs.write_atomic({OutputFile{o.output, list}}, true);  // adding to the list is the point
    if (common.json) {
        Json j = json_head("trust-add", "ok", ExitCode::ok);
        j["trust_list"] = o.output;
        j["signer"] = {{"role", role_name(role)},
                       {"name", o.name},
                       {"algorithm", key_algo_name(key.algo())},
                       {"fingerprint", fingerprint}};
        print_json(env.out, j);
    } else if (!common.quiet) {
        bool zh = common.lang == Lang::zh;
        env.out << (zh ? "已加入可信名单 " : "Added to the trust list ") << o.output << (zh ? "：" : ": ")
                << role_name(role) << ' ' << o.name << " (" << fingerprint << ")\n";
    }
    return 0;
}

}  // namespace piaojue::cli
