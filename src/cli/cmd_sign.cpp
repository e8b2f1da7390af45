// piaojue sign RECORD --key KEY --role ROLE --name NAME: an officer adds a signature to the
// record's detached signature file (RECORD → RECORD.sig.json), written atomically.
#include "cli/commands.hpp"
#include "cli/json_out.hpp"

#include <piaojue/signable.hpp>
#include <piaojue/signature.hpp>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>

namespace piaojue::cli {

void setup_sign(CLI::App& app, SignOptions& o) {
    app.add_option("record", o.record, "The record to sign (result.json or a batch summary.json)")->required();
    app.add_option("--key", o.key, "The officer's private key (NAME.key from piaojue keygen)")->required();
    app.add_option("--role", o.role, "计票人|监票人|总监票人 or counter|scrutineer|chief-scrutineer")->required();
    app.add_option("--name", o.name, "The officer's name as it appears on the report")->required();
    setup_passphrase(app, o.passphrase, false);
}

PrivateKey load_officer_key(const std::string& path, const PassphraseOptions& passphrase, const Common& common,
                            Environment& env) {
    // The key file must be the officer's alone: refuse it before reading a byte of it.
    std::optional<unsigned> mode = env.fs.permissions(path);
    if (!mode)
        throw Error(ExitCode::key_error,
                    Diagnostic{.file = path,
                               .message = {std::string("cannot read the key file: ") + std::strerror(ENOENT),
                                           "无法读取密钥文件：文件不存在"},
                               .hint = {"name the NAME.key written by piaojue keygen",
                                        "请指定 piaojue keygen 生成的 NAME.key"}});
    check_private_key_mode(*mode, path);
    std::string pem;
    try {
        pem = env.fs.read(path, 64 * 1024);
    } catch (const Error& e) {
        throw Error(ExitCode::key_error, e.diagnostics());
    }
    bool encrypted = pem.find("ENCRYPTED") != std::string::npos;
    auto pass = read_passphrase(passphrase, encrypted, env, common);
    return load_private_key(pem, path, pass);
}

Role parse_role_option(const std::string& text) {
    auto role = parse_role(text);
    if (!role)
        throw Error(ExitCode::usage,
                    Diagnostic{.message = {"unknown role \"" + text + "\"", "未知的角色“" + text + "”"},
                               .hint = {"use 计票人, 监票人 or 总监票人 (counter, scrutineer, chief-scrutineer)",
                                        "可用：计票人、监票人、总监票人（counter、scrutineer、chief-scrutineer）"}});
    return *role;
}

std::string sign_file(Environment& env, const std::string& path, const std::string& bytes, const PrivateKey& key,
                      Role role, const std::string& name, bool holds_lock) {
    auto [artifact, algo] = signable_of(bytes, path);
    std::string sig_path = signature_file_name(path);
    // Two officers signing at the same moment: each reads, extends and writes the signature file
    // under the record's lock, so neither signature is lost.
    std::unique_ptr<FileSystem::Lock> held;
    if (!holds_lock) held = env.fs.lock(path);
    std::string existing = env.fs.exists(sig_path) ? env.fs.read(sig_path) : std::string();
    std::string updated = add_signature(existing, path, bytes, artifact, algo, key, role, name);
    env.fs.write_atomic({OutputFile{sig_path, updated}}, true);  // adding to the file is the point of sign
    return sig_path;
}

int run_sign(const SignOptions& o, const Common& common, Environment& env) {
    Role role = parse_role_option(o.role);
    if (auto bad = check_signer_name(o.name)) throw Error(ExitCode::usage, Diagnostic{.message = *bad});
    std::string record = env.fs.read(o.record);
    const DigestAlgo algo = signable_of(record, o.record).digest;  // a wrong file is refused before the key is touched
    PrivateKey key = load_officer_key(o.key, o.passphrase, common, env);
    std::string sig_path = sign_file(env, o.record, record, key, role, o.name);
    const std::string fp = key.public_key().fingerprint_text(algo);
    if (common.json) {
        Json j = json_head("sign", "ok", ExitCode::ok);
        j["record"] = o.record;
        j["signatures"] = sig_path;
        j["signer"] = {{"role", role_name(role)},
                       {"name", o.name},
                       {"algorithm", signature_algo_name(key.algo())},
                       {"fingerprint", fp}};
        print_json(env.out, j);
    } else if (!common.quiet) {
        bool zh = common.lang == Lang::zh;
        env.out << (zh ? "已签名：" : "Signed: ") << role_name(role) << ' ' << o.name << " ("
                << signature_algo_name(key.algo()) << ", " << fp << ")\n"
                << (zh ? "签名文件：" : "Signature file: ") << sig_path << '\n';
    }
    return 0;
}

}  // namespace piaojue::cli
