// The signature file (NAME.sig.json): parsing, writing, adding an officer's signature.
#include <piaojue/confusable.hpp>
#include <piaojue/signature.hpp>
#include <piaojue/text.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <memory>
#include <set>
#include <stdexcept>
#include <utility>

#include "json_reader.hpp"
#include "signature_internal.hpp"

namespace piaojue {

using namespace signature_detail;

namespace {

using Json = nlohmann::ordered_json;

}  // namespace

// ---------------------------------------------------------------------------------------------
// The signature file

namespace {

const Text k_sigfile_hint{"the signature file is written by `piaojue sign`; do not edit it by hand",
                          "签名文件由 `piaojue sign` 生成，请勿手工修改"};

// The signature file's words for the shared JSON reader's errors: paths are JSON Pointers
// (`/signatures/0/role`), as nlohmann keeps no positions for values.
const detail::JsonStyle k_sigfile_style{
    .syntax = {"not valid JSON", "JSON 语法错误"},
    .syntax_detail = true,
    .hint = k_sigfile_hint,
    .field_hint = k_sigfile_hint,
    .utf8_first = true,
    .max_depth = 8,
    .prefix = {},
    .pointer_paths = true,
    .separator = {": ", "："},
    .missing = {"missing field", "缺少字段"},
    .out_of_range = {"out of range", "超出范围"},
    .unknown_field = {"unknown field", "未知字段"},
    .wrong_type =
        [](detail::JsonType type) {
            switch (type) {
                case detail::JsonType::object:
                    return Text{"expected an object", "应为对象"};
                case detail::JsonType::array:
                    return Text{"expected an array", "应为数组"};
                case detail::JsonType::string:
                    return Text{"expected a string", "应为字符串"};
                case detail::JsonType::integer:
                    return Text{"expected an integer", "应为整数"};
                case detail::JsonType::boolean:
                    return Text{"expected true or false", "应为 true 或 false"};
            }
            return Text{};
        },
    .nested_too_deeply = {"nested too deeply", "嵌套过深"},
    .duplicate =
        [](const std::string& key) {
            return Text{"the field " + key + " appears twice in one object", "同一对象中字段 " + key + " 出现两次"};
        },
    .code = "E_SIGNATURE_FILE_FORMAT",
};

// Strict reading of the parsed JSON, in the signature file's terms, over the shared reader.
class SigfileReader {
public:
    explicit SigfileReader(const std::string& file) : r_(file, k_sigfile_style) {}

    [[nodiscard]] Json parse(std::string_view bytes) const { return r_.parse(bytes); }

    [[noreturn]] void error(const std::string& path, const Text& message) const { r_.fail(path, message); }

    const Json& object(const Json& j, const std::string& path, std::initializer_list<std::string_view> keys) const {
        r_.exactly(j, path, keys);
        return j;
    }

    std::string string(const Json& j, const std::string& path) const {
        return r_.expect(j, detail::JsonType::string, path).get<std::string>();
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
    detail::JsonReader r_;
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
    SigfileReader r(file);
    // UTF-8 first, then JSON; duplicate keys (a file with two `record` digests must be refused,
    // not guessed at) and deep nesting refused: the shared reader's checks.
    Json doc = r.parse(bytes);
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
        // Two officers whose names differ only in look-alike characters (张三 in Latin and
        // Cyrillic letters, say) could not be told apart on the printed report.
        LookAlikeNames names;
        for (std::size_t i = 0; i < sigfile.signatures.size(); ++i) (void)names.add(sigfile.signatures[i].name, i + 1);
        if (auto earlier = names.add(name, sigfile.signatures.size() + 1); earlier && earlier->name != name)
            fail(ExitCode::usage, {},
                 {"bad signer name: \"" + std::string(name) + "\" looks the same as \"" + earlier->name +
                      "\", who has signed already",
                  "签名人姓名有误：“" + std::string(name) + "”与已签名的“" + earlier->name + "”看起来相同"},
                 {"the names differ only in look-alike characters (" +
                      first_difference_text(name, earlier->name, false) + "); give the name in ordinary characters",
                  "两个姓名只在形近字符上不同（" + first_difference_text(name, earlier->name, true) +
                      "）；请用常规字符填写姓名"});
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

}  // namespace piaojue
