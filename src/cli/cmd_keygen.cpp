// piaojue keygen --algo ed25519|sm2 -o NAME: an officer's key pair, NAME.key (0600) and NAME.pub.
#include "cli/commands.hpp"

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
    auto passphrase = read_passphrase(o.passphrase, false, env, common);
    KeyPair pair = generate_key_pair(algo, passphrase);
    PublicKey pub = load_public_key(pair.public_pem, o.output + ".pub", algo);
    env.fs.write_atomic(
        {OutputFile{o.output + ".key", pair.private_pem, 0600}, OutputFile{o.output + ".pub", pair.public_pem, 0644}},
        common.force);
    std::string sha = pub.fingerprint(DigestAlgo::sha256), sm3 = pub.fingerprint(DigestAlgo::sm3);
    if (common.json) {
        nlohmann::ordered_json j = {{"command", "keygen"},
                                    {"algorithm", key_algo_name(algo)},
                                    {"private_key", o.output + ".key"},
                                    {"public_key", o.output + ".pub"},
                                    {"encrypted", passphrase.has_value()},
                                    {"fingerprint", {{"sha256", sha}, {"sm3", sm3}}}};
        env.out << j.dump(2, ' ', false) << '\n';
    } else if (!common.quiet) {
        bool zh = common.lang == Lang::zh;
        env.out << (zh ? "已生成 " : "Wrote ") << key_algo_name(algo) << (zh ? " 密钥：" : " key: ") << o.output
                << ".key" << (zh ? "（私钥，仅本人可读）和 " : " (private, owner-only) and ") << o.output << ".pub\n"
                << (zh ? "公钥指纹：" : "Fingerprint: ") << "sha256:" << sha << '\n'
                << (zh ? "公钥指纹：" : "Fingerprint: ") << "sm3:" << sm3 << '\n';
    }
    return 0;
}

}  // namespace piaojue::cli
