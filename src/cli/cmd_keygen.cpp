// piaojue keygen --algo ed25519|sm2 -o NAME: an officer's key pair, NAME.key (0600) and NAME.pub.
#include "cli/commands.hpp"
#include "cli/json_out.hpp"

#include <piaojue/keys.hpp>

#include <nlohmann/json.hpp>

namespace piaojue::cli {

void setup_keygen(CLI::App& app, KeygenOptions& o) {
    app.add_option("--algo", o.algo, "Key algorithm: ed25519 (default) or sm2 (国密)")
        ->check(CLI::IsMember({"ed25519", "sm2"}));
    app.add_option("-o,--output", o.output, "Write NAME.key (private, mode 0600) and NAME.pub")->required();
    setup_passphrase(app, o.passphrase, true);
}

int run_keygen(const KeygenOptions& o, const Common& common, Environment& env) {
    KeyAlgo algo = *parse_key_algo(o.algo);
    if (o.output.empty() || o.output.ends_with('/'))
        throw Error(ExitCode::usage,
                    Diagnostic{.message = {"-o needs a name for the key pair, e.g. -o 王建国 (writes 王建国.key and "
                                           "王建国.pub)",
                                           "-o 须给出密钥对的名字，例如 -o 王建国（写出 王建国.key 和 王建国.pub）"}});
    // Encrypted unless the officer says otherwise: a stolen key file alone must not sign.
    std::optional<std::string> passphrase;
    if (!o.passphrase.unencrypted) {
        const bool no_source = o.passphrase.file.empty() && o.passphrase.env.empty();
        try {
            passphrase = read_passphrase(o.passphrase, true, env, common, true);
        } catch (const Error& e) {
            if (!no_source) throw;
            Diagnostic d = e.diagnostics().front();
            d.hint = {
                "give the passphrase with --passphrase-file FILE or --passphrase-env VAR (or run keygen on a "
                "terminal), or write an unencrypted key with --unencrypted",
                "请用 --passphrase-file 文件 或 --passphrase-env 变量 给出口令（或在终端上运行 keygen），"
                "或用 --unencrypted 生成不加密的私钥"};
            throw Error(e.code(), d);
        }
    }
    KeyPair pair = generate_key_pair(algo, passphrase);
    PublicKey pub = load_public_key(pair.public_pem, o.output + ".pub", algo);
    // The public key first: the files are renamed into place in this order, so a run killed
    // between the two leaves a .pub without its .key, never a private key without its public one.
    env.fs.write_atomic(
        {OutputFile{o.output + ".pub", pair.public_pem, 0644}, OutputFile{o.output + ".key", pair.private_pem, 0600}},
        common.force);
    const std::string sha = pub.fingerprint_text(DigestAlgo::sha256);
    const std::string sm3 = pub.fingerprint_text(DigestAlgo::sm3);
    if (common.json) {
        // `fingerprint` is the one trust-add writes and the signature file states: SM3 for an
        // SM2 key, SHA-256 for Ed25519; `fingerprints` has both, to compare with either.
        Json j = json_head("keygen", "ok", ExitCode::ok);
        j["algorithm"] = key_algo_name(algo);
        j["private_key"] = o.output + ".key";
        j["public_key"] = o.output + ".pub";
        j["encrypted"] = passphrase.has_value();
        j["fingerprint"] = algo == KeyAlgo::sm2 ? sm3 : sha;
        j["fingerprints"] = Json::array({sha, sm3});
        print_json(env.out, j);
    } else if (!common.quiet) {
        bool zh = common.lang == Lang::zh;
        env.out << (zh ? "已生成 " : "Wrote ") << key_algo_name(algo) << (zh ? " 密钥：" : " key: ") << o.output
                << ".key" << (zh ? "（私钥，仅本人可读）和 " : " (private, owner-only) and ") << o.output << ".pub\n"
                << (zh ? "公钥指纹：" : "Fingerprint: ") << sha << '\n'
                << (zh ? "公钥指纹：" : "Fingerprint: ") << sm3 << '\n';
    }
    return 0;
}

}  // namespace piaojue::cli
