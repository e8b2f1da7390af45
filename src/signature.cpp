#include <piaojue/signature.hpp>
#include <piaojue/text.hpp>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <nlohmann/json.hpp>
#include "toml.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <memory>
#include <set>
#include <stdexcept>
#include <utility>

namespace piaojue {

namespace {

using Json = nlohmann::ordered_json;

struct MdCtxFree {
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

[[noreturn]] void fail(ExitCode code, const std::string& file, Text message, Text hint) {
    throw_about(code, file, std::move(message), std::move(hint));
}

std::string in_quotes(std::string_view s) {
    return "\"" + printable_line(s) + "\"";
}

// ---------------------------------------------------------------------------------------------
// Roles, artifacts, algorithms, names

struct RoleNames {
    Role role;
    std::string_view zh;
    std::string_view en;
};
constexpr std::array<RoleNames, 3> k_roles{{
    {Role::counter, "计票人", "counter"},
    {Role::scrutineer, "监票人", "scrutineer"},
    {Role::chief_scrutineer, "总监票人", "chief-scrutineer"},
}};

const Text k_role_hint{"a role is 计票人|监票人|总监票人 or counter|scrutineer|chief-scrutineer",
                       "角色为 计票人|监票人|总监票人，或 counter|scrutineer|chief-scrutineer"};

// EVP_DigestSignInit_ex/EVP_DigestVerifyInit_ex plus the SM2 ID. Pure Ed25519 takes no digest
// (NULL); SM2 is bound to SM3 here and nowhere else, so SM2 with SHA-256 cannot be produced.
MdCtxPtr signing_context(evp_pkey_st* pkey, KeyAlgo algo, bool sign) {
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx) throw std::runtime_error("OpenSSL: EVP_MD_CTX_new failed");
    EVP_PKEY_CTX* pctx = nullptr;
    const char* md = algo == KeyAlgo::sm2 ? "SM3" : nullptr;
    int rc = sign ? EVP_DigestSignInit_ex(ctx.get(), &pctx, md, nullptr, nullptr, pkey, nullptr)
                  : EVP_DigestVerifyInit_ex(ctx.get(), &pctx, md, nullptr, nullptr, pkey, nullptr);
    if (rc != 1) return nullptr;
    // OpenSSL computes SM2's Z value (which hashes the ID) lazily at the first update, so setting
    // the ID on the operation's pkey context after init and before any data is in time.
    if (algo == KeyAlgo::sm2 && EVP_PKEY_CTX_set1_id(pctx, k_sm2_id.data(), static_cast<int>(k_sm2_id.size())) != 1)
        return nullptr;
    return ctx;
}

}  // namespace

std::string_view role_name(Role role) {
    return k_roles[static_cast<std::size_t>(role)].zh;
}
std::string_view role_english(Role role) {
    return k_roles[static_cast<std::size_t>(role)].en;
}

std::optional<Role> parse_role(std::string_view name) {
    for (const RoleNames& r : k_roles)
        if (name == r.zh || name == r.en) return r.role;
    return std::nullopt;
}

std::string_view artifact_name(Artifact artifact) {
    return artifact == Artifact::batch_summary ? "batch-summary" : "result-record";
}

std::optional<Artifact> parse_artifact(std::string_view name) {
    if (name == "result-record") return Artifact::result_record;
    if (name == "batch-summary") return Artifact::batch_summary;
    return std::nullopt;
}

std::string_view signature_algo_name(KeyAlgo algo) {
    return algo == KeyAlgo::sm2 ? "sm2-sm3" : "ed25519";
}

std::optional<KeyAlgo> parse_signature_algo(std::string_view name) {
    if (name == "ed25519") return KeyAlgo::ed25519;
    if (name == "sm2-sm3") return KeyAlgo::sm2;
    return std::nullopt;
}

std::optional<Text> check_signer_name(std::string_view name) {
    if (std::optional<std::size_t> bad = find_invalid_utf8(name))
        return Text{"the name is not valid UTF-8 (byte " + std::to_string(*bad + 1) + ")",
                    "姓名不是有效的 UTF-8（第 " + std::to_string(*bad + 1) + " 字节）"};
    if (name.empty()) return Text{"the name is empty", "姓名为空"};
    if (std::optional<ForbiddenChar> c = find_forbidden_char(name)) {
        std::string cp = code_point_name(c->code_point);
        return Text{"the name contains the invisible or control character " + cp, "姓名含有不可见字符或控制字符 " + cp};
    }
    if (name.find_first_of("\"\\") != std::string_view::npos)
        return Text{"the name contains \" or \\", "姓名含有 \" 或 \\"};
    if (trim(name).size() != name.size()) return Text{"the name starts or ends with a space", "姓名首尾有空格"};
    if (utf8_length(name) > k_max_signer_name)
        return Text{"the name is longer than " + std::to_string(k_max_signer_name) + " characters",
                    "姓名超过 " + std::to_string(k_max_signer_name) + " 个字符"};
    return std::nullopt;
}

std::string signed_message(Artifact artifact, Role role, std::string_view name, KeyAlgo algo, std::string_view record) {
    // One "key: value" per line, then an empty line, then the record: names hold no newline
    // (check_signer_name), so the header ends unambiguously at the first empty line, and an
    // auditor rebuilds it with `printf '%s\n' …; cat record`.
    std::string out;
    out.reserve(record.size() + 160);
    out += k_signed_message_format;
    out += "\nartifact: ";
    out += artifact_name(artifact);
    out += "\nrole: ";
    out += role_name(role);
    out += "\nname: ";
    out += name;
    out += "\nalgorithm: ";
    out += signature_algo_name(algo);
    out += "\n\n";
    out += record;
    return out;
}

std::string sign_message(const PrivateKey& key, std::string_view message) {
    MdCtxPtr ctx = signing_context(key.native(), key.algo(), true);
    const auto* data = reinterpret_cast<const unsigned char*>(message.data());
    std::size_t len = 0;
    if (!ctx || EVP_DigestSign(ctx.get(), nullptr, &len, data, message.size()) != 1) {
        ERR_clear_error();
        throw std::runtime_error("OpenSSL: EVP_DigestSign failed");
    }
    std::string sig(len, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, data, message.size()) != 1) {
        ERR_clear_error();
        throw std::runtime_error("OpenSSL: EVP_DigestSign failed");
    }
    sig.resize(len);  // an SM2 DER signature is often shorter than the maximum first reported
    return sig;
}

bool verify_message(const PublicKey& key, std::string_view message, std::string_view signature) {
    MdCtxPtr ctx = signing_context(key.native(), key.algo(), false);
    bool ok =
        ctx && EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                                reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
    ERR_clear_error();
    return ok;
}

std::string base64_encode(std::string_view bytes) {
    if (bytes.size() > (1u << 24)) throw std::length_error("base64_encode: input too large");
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0 || text.size() > (1u << 24)) return std::nullopt;
    static constexpr std::string_view k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::size_t pad = 0;
    while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
    for (std::size_t i = 0; i + pad < text.size(); ++i)
        if (k_alphabet.find(text[i]) == std::string_view::npos) return std::nullopt;
    std::string out(text.size() / 4 * 3, '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (n < 0 || static_cast<std::size_t>(n) != out.size()) return std::nullopt;
    out.resize(out.size() - pad);  // EVP_DecodeBlock counts the padding as zero bytes
    // Only the one canonical spelling is accepted (no stray bits in the last character).
    if (base64_encode(out) != text) return std::nullopt;
    return out;
}

std::string signature_file_name(std::string_view record_path) {
    std::size_t slash = record_path.rfind('/');
    std::size_t base = slash == std::string_view::npos ? 0 : slash + 1;
    std::string_view name = record_path.substr(base);
    constexpr std::string_view ext = ".json";
    if (name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext) record_path.remove_suffix(ext.size());
    return std::string(record_path) + ".sig.json";
}

// ---------------------------------------------------------------------------------------------
// The signature file

namespace {

// Line and column (code points) of byte offset `offset` in `bytes`, both 1-based.
std::pair<std::size_t, std::size_t> line_column(std::string_view bytes, std::size_t offset) {
    offset = std::min(offset, bytes.size());
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        if (bytes[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(bytes[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return {line, column};
}

// Strict reading of the parsed JSON. nlohmann keeps no positions for values, so errors after
// parsing name the field by its JSON Pointer (`/signatures/0/role`) instead of a line.
class SigfileReader {
public:
    explicit SigfileReader(const std::string& file) : file_(file) {}

    [[noreturn]] void error(const std::string& path, Text message) const {
        if (!path.empty()) message = {path + ": " + message.en, path + "：" + message.zh};
        fail(ExitCode::input, file_, std::move(message),
             {"the signature file is written by `piaojue sign`; do not edit it by hand",
              "签名文件由 `piaojue sign` 生成，请勿手工修改"});
    }

    const Json& object(const Json& j, const std::string& path, std::initializer_list<std::string_view> keys) const {
        if (!j.is_object()) error(path, {"expected an object", "应为对象"});
        for (const auto& [key, value] : j.items()) {
            if (std::find(keys.begin(), keys.end(), key) == keys.end())
                error(path + "/" + key, {"unknown field", "未知字段"});
        }
        for (std::string_view key : keys)
            if (!j.contains(key)) error(path + "/" + std::string(key), {"missing field", "缺少字段"});
        return j;
    }

    std::string string(const Json& j, const std::string& path) const {
        if (!j.is_string()) error(path, {"expected a string", "应为字符串"});
        return j.get<std::string>();
    }

    std::string hex32(const Json& j, const std::string& path) const {
        std::string s = string(j, path);
        bool ok = s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
                      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                  });
        if (!ok) error(path, {"expected 64 lowercase hex digits", "应为 64 位小写十六进制数字"});
        return s;
    }

    DigestAlgo digest_algo(const Json& j, const std::string& path) const {
        std::optional<DigestAlgo> algo = parse_digest_name(string(j, path));
        if (!algo) error(path, {"unknown digest (sha256 or sm3)", "未知摘要算法（应为 sha256 或 sm3）"});
        return *algo;
    }

private:
    const std::string& file_;
};

SignatureEntry read_entry(const SigfileReader& r, const Json& j, const std::string& path) {
    r.object(j, path, {"role", "name", "algorithm", "public_key", "fingerprint", "signature"});
    SignatureEntry e;
    const std::string role_text = r.string(j["role"], path + "/role");
    std::optional<Role> role = parse_role(role_text);
    if (!role) r.error(path + "/role", {"unknown role; " + k_role_hint.en, "未知角色；" + k_role_hint.zh});
    // Only the canonical Chinese spelling: the signed message holds it, and an auditor rebuilding
    // the message from the file must get the same bytes.
    if (role_text != role_name(*role))
        r.error(path + "/role",
                {"write the role as " + std::string(role_name(*role)), "角色应写作 " + std::string(role_name(*role))});
    e.role = *role;
    e.name = r.string(j["name"], path + "/name");
    if (std::optional<Text> problem = check_signer_name(e.name)) r.error(path + "/name", *problem);
    std::optional<KeyAlgo> algo = parse_signature_algo(r.string(j["algorithm"], path + "/algorithm"));
    if (!algo)
        r.error(path + "/algorithm", {"unknown algorithm (ed25519 or sm2-sm3)", "未知算法（应为 ed25519 或 sm2-sm3）"});
    e.algorithm = *algo;
    e.public_key = r.string(j["public_key"], path + "/public_key");
    const Json& fp = r.object(j["fingerprint"], path + "/fingerprint", {"algo", "hex"});
    e.fingerprint_algo = r.digest_algo(fp["algo"], path + "/fingerprint/algo");
    e.fingerprint = r.hex32(fp["hex"], path + "/fingerprint/hex");
    std::optional<std::string> sig = base64_decode(r.string(j["signature"], path + "/signature"));
    if (!sig || sig->empty()) r.error(path + "/signature", {"not canonical base64", "不是规范的 base64"});
    e.signature = std::move(*sig);
    return e;
}

}  // namespace

SignatureFile parse_signature_file(std::string_view bytes, const std::string& file) {
    if (std::optional<std::size_t> bad = find_invalid_utf8(bytes)) {
        auto [line, column] = line_column(bytes, *bad);
        throw Error(ExitCode::input,
                    diagnostic_at(file, line, column, {"not valid UTF-8", "不是有效的 UTF-8"},
                                  {"the signature file is written by `piaojue sign`; do not edit it by hand",
                                   "签名文件由 `piaojue sign` 生成，请勿手工修改"}));
    }
    // Duplicate keys are legal JSON that nlohmann would silently resolve to the last one; a
    // signature file with two `record` digests must be refused, not guessed at. The depth cap
    // keeps hostile nesting cheap.
    std::vector<std::set<std::string>> keys;
    std::optional<std::string> duplicate;
    bool too_deep = false;
    auto callback = [&](int depth, Json::parse_event_t event, Json& parsed) {
        if (depth > 8) too_deep = true;
        if (event == Json::parse_event_t::object_start) keys.emplace_back();
        if (event == Json::parse_event_t::object_end && !keys.empty()) keys.pop_back();
        if (event == Json::parse_event_t::key && !keys.empty() &&
            !keys.back().insert(parsed.get<std::string>()).second && !duplicate)
            duplicate = parsed.get<std::string>();
        return !too_deep;
    };
    Json doc;
    try {
        doc = Json::parse(bytes.begin(), bytes.end(), callback);
    } catch (const Json::parse_error& e) {
        auto [line, column] = line_column(bytes, e.byte > 0 ? e.byte - 1 : 0);
        std::string detail = e.what();
        if (std::size_t colon = detail.find(": ", detail.find("column")); colon != std::string::npos)
            detail = detail.substr(colon + 2);
        throw Error(ExitCode::input,
                    diagnostic_at(file, line, column, {"not valid JSON: " + detail, "JSON 语法错误：" + detail},
                                  {"the signature file is written by `piaojue sign`; do not edit it by hand",
                                   "签名文件由 `piaojue sign` 生成，请勿手工修改"}));
    } catch (const Json::out_of_range&) {
        // A number too large for a double (`1e400`): nlohmann reports no position for it.
        throw Error(
            ExitCode::input,
            diagnostic_at(file, 0, 0, {"not valid JSON: a number is out of range", "JSON 语法错误：数值超出范围"},
                          {"the signature file is written by `piaojue sign`; do not edit it by hand",
                           "签名文件由 `piaojue sign` 生成，请勿手工修改"}));
    }
    SigfileReader r(file);
    if (too_deep) r.error("", {"nested too deeply", "嵌套过深"});
    if (duplicate)
        r.error("", {"the field " + in_quotes(*duplicate) + " appears twice in one object",
                     "同一对象中字段 " + in_quotes(*duplicate) + " 出现两次"});

    r.object(doc, "", {"format", "artifact", "record", "signatures"});
    if (r.string(doc["format"], "/format") != k_signature_file_format)
        r.error("/format", {"unknown format (expected piaojue-signatures/1)", "未知格式（应为 piaojue-signatures/1）"});
    SignatureFile out;
    std::optional<Artifact> artifact = parse_artifact(r.string(doc["artifact"], "/artifact"));
    if (!artifact)
        r.error("/artifact", {"unknown artifact (result-record or batch-summary)",
                              "未知文件类型（应为 result-record 或 batch-summary）"});
    out.artifact = *artifact;

    // `record` holds `name` and exactly one digest, keyed by its algorithm: {name, sha256|sm3}.
    const Json& record = doc["record"];
    if (!record.is_object()) r.error("/record", {"expected an object", "应为对象"});
    if (record.size() != 2 || !record.contains("name") || !(record.contains("sha256") || record.contains("sm3"))) {
        for (const auto& [key, value] : record.items())
            if (key != "name" && key != "sha256" && key != "sm3")
                r.error("/record/" + key, {"unknown field", "未知字段"});
        r.error("/record",
                {"expected exactly the fields name and sha256 or sm3", "应恰好含 name 及 sha256 或 sm3 字段"});
    }
    out.record.name = r.string(record["name"], "/record/name");
    out.record.algo = record.contains("sm3") ? DigestAlgo::sm3 : DigestAlgo::sha256;
    std::string algo_key(digest_name(out.record.algo));
    out.record.digest = r.hex32(record[algo_key], "/record/" + algo_key);

    const Json& sigs = doc["signatures"];
    if (!sigs.is_array()) r.error("/signatures", {"expected an array", "应为数组"});
    if (sigs.empty()) r.error("/signatures", {"no signatures", "没有签名"});
    if (sigs.size() > k_max_signatures)
        r.error("/signatures", {"more than " + std::to_string(k_max_signatures) + " signatures",
                                "签名超过 " + std::to_string(k_max_signatures) + " 个"});
    std::set<std::string> seen_keys;
    for (std::size_t i = 0; i < sigs.size(); ++i) {
        std::string path = "/signatures/" + std::to_string(i);
        out.signatures.push_back(read_entry(r, sigs[i], path));
        if (!seen_keys.insert(out.signatures.back().public_key).second)
            r.error(path + "/public_key", {"this key has already signed the record", "该密钥已对此记录签过名"});
    }
    return out;
}

std::string serialize_signature_file(const SignatureFile& sigfile) {
    Json doc;
    doc["format"] = k_signature_file_format;
    doc["artifact"] = artifact_name(sigfile.artifact);
    doc["record"]["name"] = sigfile.record.name;
    doc["record"][std::string(digest_name(sigfile.record.algo))] = sigfile.record.digest;
    doc["signatures"] = Json::array();
    for (const SignatureEntry& e : sigfile.signatures) {
        Json j;
        j["role"] = role_name(e.role);
        j["name"] = e.name;
        j["algorithm"] = signature_algo_name(e.algorithm);
        j["public_key"] = e.public_key;
        j["fingerprint"]["algo"] = digest_name(e.fingerprint_algo);
        j["fingerprint"]["hex"] = e.fingerprint;
        j["signature"] = base64_encode(e.signature);
        doc["signatures"].push_back(std::move(j));
    }
    // Raw UTF-8 (no \u escapes) keeps names readable and lets the auditor's `sed` read them as is.
    return doc.dump(2, ' ', false, Json::error_handler_t::strict) + "\n";
}

std::string add_signature(std::string_view existing, const std::string& record_path, std::string_view record_bytes,
                          Artifact artifact, DigestAlgo algo, const PrivateKey& key, Role role, std::string_view name) {
    const std::string sigfile_name = signature_file_name(record_path);
    if (std::optional<Text> problem = check_signer_name(name))
        fail(ExitCode::usage, {}, {"bad signer name: " + problem->en, "签名人姓名有误：" + problem->zh},
             {"give the officer's name as printed on the report, e.g. --name 张三",
              "请按报告上的姓名填写，例如 --name 张三"});
    const std::string digest_hex = to_hex(digest(algo, record_bytes));
    const PublicKey public_key = key.public_key();
    const std::string public_pem = public_key.pem();

    SignatureFile sigfile;
    if (existing.empty()) {
        std::size_t slash = record_path.rfind('/');
        std::string record_name = slash == std::string::npos ? record_path : record_path.substr(slash + 1);
        // The name goes into JSON, which must be UTF-8; a file name in another encoding is refused
        // here rather than failing later inside the JSON writer.
        if (find_invalid_utf8(record_name) || find_forbidden_char(record_name))
            fail(ExitCode::usage, record_path,
                 {"the record's file name is not plain UTF-8 text", "记录文件名不是规范的 UTF-8 文本"},
                 {"rename the record file, e.g. to result.json", "请重命名记录文件，例如改为 result.json"});
        sigfile.artifact = artifact;
        sigfile.record = {std::move(record_name), algo, digest_hex};
    } else {
        // A damaged signature file is a signature error (exit 8), as `verify` reports it.
        try {
            sigfile = parse_signature_file(existing, sigfile_name);
        } catch (const Error& e) {
            throw Error(ExitCode::key_error, e.diagnostics());
        }
        const Text stale_hint{"the record changed after these signatures were made: move " + sigfile_name +
                                  " away and have every officer sign the new record",
                              "这些签名之后记录已改变：请移走 " + sigfile_name + "，由各位签名人对新记录重新签名"};
        if (sigfile.artifact != artifact)
            fail(ExitCode::key_error, sigfile_name,
                 {"the signature file is for a " + std::string(artifact_name(sigfile.artifact)) + ", not a " +
                      std::string(artifact_name(artifact)),
                  "签名文件属于 " + std::string(artifact_name(sigfile.artifact)) + "，不是 " +
                      std::string(artifact_name(artifact))},
                 stale_hint);
        if (sigfile.record.algo != algo)
            fail(ExitCode::key_error, sigfile_name,
                 {"the signature file names its record by " + std::string(digest_name(sigfile.record.algo)) + ", not " +
                      std::string(digest_name(algo)),
                  "签名文件以 " + std::string(digest_name(sigfile.record.algo)) + " 标识记录，而不是 " +
                      std::string(digest_name(algo))},
                 stale_hint);
        if (sigfile.record.digest != digest_hex)
            fail(
                ExitCode::key_error, sigfile_name,
                {"the signature file belongs to another record (digest differs)", "签名文件属于另一份记录（摘要不同）"},
                stale_hint);
        // One signature per key and record: one person holds one role at a count, and a key
        // signing twice (or in two roles) would make one officer look like two.
        for (const SignatureEntry& e : sigfile.signatures)
            if (e.public_key == public_pem)
                fail(ExitCode::key_error, sigfile_name,
                     {"this key has already signed this record (as " + std::string(role_name(e.role)) + " " + e.name +
                          ")",
                      "该密钥已对此记录签过名（" + std::string(role_name(e.role)) + " " + e.name + "）"},
                     {"each officer signs once, with their own key", "每位签名人用自己的密钥只签一次"});
        if (sigfile.signatures.size() >= k_max_signatures)
            fail(ExitCode::key_error, sigfile_name,
                 {"the signature file already holds " + std::to_string(k_max_signatures) + " signatures",
                  "签名文件已有 " + std::to_string(k_max_signatures) + " 个签名"},
                 {});
    }

    SignatureEntry entry;
    entry.role = role;
    entry.name = std::string(name);
    entry.algorithm = key.algo();
    entry.public_key = public_pem;
    entry.fingerprint_algo = algo;
    entry.fingerprint = public_key.fingerprint(algo);
    const std::string message = signed_message(artifact, role, name, key.algo(), record_bytes);
    entry.signature = sign_message(key, message);
    // Check our own work: a signature that does not verify must never be written.
    if (!verify_message(public_key, message, entry.signature))
        throw std::runtime_error("a fresh signature does not verify");
    sigfile.signatures.push_back(std::move(entry));
    return serialize_signature_file(sigfile);
}

// ---------------------------------------------------------------------------------------------
// Verification and trust

bool VerifyReport::ok() const {
    if (!record_ok || signatures.empty() || !missing_roles.empty()) return false;
    return std::all_of(signatures.begin(), signatures.end(),
                       [](const SignatureCheck& c) { return c.ok && c.trusted.value_or(true); });
}

namespace {

SignatureCheck check_one(const SignatureFile& sigfile, const SignatureEntry& e, std::string_view record_bytes) {
    SignatureCheck c;
    c.role = e.role;
    c.name = e.name;
    c.algorithm = e.algorithm;
    c.fingerprint_algo = e.fingerprint_algo;
    c.fingerprint = e.fingerprint;
    std::optional<PublicKey> key;
    try {
        key = load_public_key(e.public_key, {}, e.algorithm);
    } catch (const Error& err) {
        // e.g. a P-256 key labelled sm2-sm3: refused, never verified as ECDSA.
        const Text& m = err.diagnostics().front().message;
        c.reason = {"public key: " + m.en, "公钥：" + m.zh};
        return c;
    }
    if (key->pem() != e.public_key) {
        // Only the canonical PEM is accepted, so the key an auditor cuts out of the file with
        // `sed` is byte for byte the key checked here.
        c.reason = {"the public key is not in canonical PEM form", "公钥不是规范的 PEM 格式"};
        return c;
    }
    if (key->fingerprint(e.fingerprint_algo) != e.fingerprint) {
        c.reason = {"the fingerprint does not match the public key", "指纹与公钥不符"};
        return c;
    }
    std::string message = signed_message(sigfile.artifact, e.role, e.name, e.algorithm, record_bytes);
    if (!verify_message(*key, message, e.signature)) {
        c.reason = {"the signature does not verify (record, role, name or signature changed)",
                    "签名验证失败（记录、角色、姓名或签名已被改动）"};
        return c;
    }
    c.ok = true;
    return c;
}

}  // namespace

VerifyReport verify_signatures(const SignatureFile& sigfile, std::string_view record_bytes,
                               std::optional<Artifact> expected) {
    VerifyReport report;
    if (expected && *expected != sigfile.artifact) {
        // Each signature is still checked below (it covers the artifact line), but a good
        // signature over a batch summary says nothing about a round's record.
        report.record_reason = {"the signature file is for a " + std::string(artifact_name(sigfile.artifact)) +
                                    ", not a " + std::string(artifact_name(*expected)),
                                "签名文件属于 " + std::string(artifact_name(sigfile.artifact)) + "，不是 " +
                                    std::string(artifact_name(*expected))};
    } else if (to_hex(digest(sigfile.record.algo, record_bytes)) == sigfile.record.digest) {
        report.record_ok = true;
    } else {
        report.record_reason = {"the record's " + std::string(digest_name(sigfile.record.algo)) +
                                    " digest differs from the signature file's: the record was changed, or the "
                                    "signature file belongs to another record",
                                "记录的 " + std::string(digest_name(sigfile.record.algo)) +
                                    " 摘要与签名文件不符：记录已被改动，或签名文件属于另一份记录"};
    }
    for (const SignatureEntry& e : sigfile.signatures) report.signatures.push_back(check_one(sigfile, e, record_bytes));
    return report;
}

namespace {

class TrustReader {
public:
    TrustReader(std::string_view bytes, const std::string& file) : bytes_(bytes), file_(file) {}

    [[noreturn]] void error(const toml::source_region& where, Text message, Text hint = {}) const {
        std::size_t line = where.begin.line, column = where.begin.column;
        if (hint.empty())
            hint = {"see the trust list format in docs/verify-with-openssl.md",
                    "可信名单格式见 docs/verify-with-openssl.md"};
        throw Error(ExitCode::input, diagnostic_at(file_, line, column, std::move(message), std::move(hint)));
    }

    void check_keys(const toml::table& t, std::initializer_list<std::string_view> known) const {
        for (const auto& [key, node] : t)
            if (std::find(known.begin(), known.end(), key.str()) == known.end())
                error(key.source(), {"unknown key " + in_quotes(key.str()), "未知键 " + in_quotes(key.str())});
    }

    std::vector<Role> roles(const toml::node& n, const char* key) const {
        const toml::array* a = n.as_array();
        if (a == nullptr || a->empty())
            error(n.source(),
                  {std::string(key) + " must be a non-empty array of roles", std::string(key) + " 应为非空的角色数组"},
                  k_role_hint);
        std::vector<Role> out;
        for (const toml::node& item : *a) {
            std::optional<Role> role;
            if (const auto* s = item.as_string()) role = parse_role(s->get());
            if (!role) error(item.source(), {"unknown role", "未知角色"}, k_role_hint);
            if (std::find(out.begin(), out.end(), *role) != out.end())
                error(item.source(), {"role listed twice", "角色重复"});
            out.push_back(*role);
        }
        return out;
    }

    TrustList read() const {
        toml::table root;
        try {
            root = parse_toml(bytes_, file_);
        } catch (const toml::parse_error& e) {
            error(e.source(), {"not valid TOML: " + std::string(e.description()),
                               "TOML 语法错误：" + std::string(e.description())});
        }
        check_keys(root, {"required_roles", "key"});
        TrustList out;
        if (const toml::node* n = root.get("required_roles")) out.required_roles = roles(*n, "required_roles");
        const toml::node* keys = root.get("key");
        const toml::array* entries = keys != nullptr ? keys->as_array() : nullptr;
        if (keys != nullptr && (entries == nullptr || !entries->is_array_of_tables()))
            error(keys->source(), {"key must be written as [[key]] tables", "key 应写成 [[key]] 表"});
        if (entries == nullptr || entries->empty())
            error(root.source(), {"the trust list names no keys", "可信名单中没有密钥"},
                  {"add a [[key]] table with fingerprint and roles", "请添加含 fingerprint 和 roles 的 [[key]] 表"});
        std::set<std::pair<DigestAlgo, std::string>> seen;
        for (const toml::node& node : *entries) {
            const toml::table& t = *node.as_table();
            check_keys(t, {"fingerprint", "roles", "name"});
            TrustEntry e;
            e.line = t.source().begin.line;
            const toml::node* fp = t.get("fingerprint");
            if (fp == nullptr) error(t.source(), {"[[key]] without fingerprint", "[[key]] 缺少 fingerprint"});
            e = read_fingerprint(*fp, std::move(e));
            if (!seen.insert({e.algo, e.fingerprint}).second)
                error(fp->source(), {"this key is listed twice", "该密钥重复列出"});
            const toml::node* roles_node = t.get("roles");
            if (roles_node == nullptr) error(t.source(), {"[[key]] without roles", "[[key]] 缺少 roles"}, k_role_hint);
            e.roles = roles(*roles_node, "roles");
            if (const toml::node* name = t.get("name")) {
                const auto* s = name->as_string();
                if (s == nullptr) error(name->source(), {"name must be a string", "name 应为字符串"});
                if (std::optional<Text> problem = check_signer_name(s->get())) error(name->source(), *problem);
                e.name = s->get();
            }
            out.keys.push_back(std::move(e));
        }
        return out;
    }

private:
    // `fingerprint = "sha256:<64 hex>"` (or `sm3:`), as `piaojue keygen` prints it.
    TrustEntry read_fingerprint(const toml::node& n, TrustEntry e) const {
        const auto* s = n.as_string();
        std::string_view text = s != nullptr ? std::string_view(s->get()) : std::string_view{};
        std::size_t colon = text.find(':');
        std::optional<DigestAlgo> algo =
            colon == std::string_view::npos ? std::nullopt : parse_digest_name(text.substr(0, colon));
        std::string hex(colon == std::string_view::npos ? std::string_view{} : text.substr(colon + 1));
        bool hex_ok = hex.size() == 64 && std::all_of(hex.begin(), hex.end(), [](char c) {
                          return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                      });
        if (!algo || !hex_ok)
            error(n.source(),
                  {"fingerprint must read sha256:<64 lowercase hex digits> or sm3:<…>",
                   "fingerprint 应写成 sha256:<64 位小写十六进制> 或 sm3:<…>"},
                  {"copy it from `piaojue keygen` output or the signature file",
                   "请从 `piaojue keygen` 的输出或签名文件中复制"});
        e.algo = *algo;
        e.fingerprint = std::move(hex);
        return e;
    }

    std::string_view bytes_;
    const std::string& file_;
};

}  // namespace

TrustList parse_trust_list(std::string_view bytes, const std::string& file) {
    return TrustReader(bytes, file).read();
}

void check_trust(const TrustList& trust, const SignatureFile& sigfile, VerifyReport& report) {
    report.trust_checked = true;
    for (std::size_t i = 0; i < report.signatures.size() && i < sigfile.signatures.size(); ++i) {
        SignatureCheck& c = report.signatures[i];
        const SignatureEntry& e = sigfile.signatures[i];
        c.trusted = false;
        std::string der;
        try {
            der = load_public_key(e.public_key, {}).der();
        } catch (const Error&) {
            c.trust_reason = {"the public key does not load", "公钥无法读取"};
            continue;
        }
        // Fingerprints are recomputed from the key itself: the file's own fingerprint field is
        // what an attacker would edit.
        // A key listed twice (once by sha256, once by sm3) is judged by its first entry.
        const TrustEntry* match = nullptr;
        for (const TrustEntry& t : trust.keys)
            if (match == nullptr && to_hex(digest(t.algo, der)) == t.fingerprint) match = &t;
        if (match == nullptr) {
            c.trust_reason = {"the key is not in the trust list", "该密钥不在可信名单中"};
            continue;
        }
        const std::string line = std::to_string(match->line);
        if (std::find(match->roles.begin(), match->roles.end(), e.role) == match->roles.end()) {
            std::string allowed;
            for (Role r : match->roles) allowed += (allowed.empty() ? "" : "、") + std::string(role_name(r));
            c.trust_reason = {"the key may sign only as " + allowed + " (trust list line " + line + "), not as " +
                                  std::string(role_name(e.role)),
                              "该密钥只能以 " + allowed + " 身份签名（可信名单第 " + line + " 行），不能以 " +
                                  std::string(role_name(e.role)) + " 身份签名"};
            continue;
        }
        if (match->name && *match->name != e.name) {
            c.trust_reason = {
                "the trust list (line " + line + ") names this key's holder " + *match->name + ", not " + e.name,
                "可信名单（第 " + line + " 行）中该密钥持有人为 " + *match->name + "，不是 " + e.name};
            continue;
        }
        c.trusted = true;
    }
    report.missing_roles.clear();
    for (Role role : trust.required_roles) {
        bool signed_ok = std::any_of(report.signatures.begin(), report.signatures.end(), [&](const SignatureCheck& c) {
            return c.role == role && c.ok && c.trusted.value_or(false);
        });
        if (!signed_ok) report.missing_roles.push_back(role);
    }
}

}  // namespace piaojue
