// Verifying a signature file's signatures, and the trust list (who may sign) they are checked against.
#include <piaojue/signature.hpp>
#include <piaojue/text.hpp>

#include "toml.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <memory>
#include <set>
#include <stdexcept>
#include <utility>

#include "signature_internal.hpp"

namespace piaojue {

using namespace signature_detail;

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
        throw Error(ExitCode::input,
                    coded("E_TRUST_LIST", diagnostic_at(file_, line, column, std::move(message), std::move(hint))));
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
