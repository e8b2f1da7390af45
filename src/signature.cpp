// Officer signatures: roles, the signed message, signing and verifying it, base64. The signature
// file is in signature_file.cpp, verification against a trust list in trust.cpp.
#include <piaojue/signature.hpp>
#include <piaojue/text.hpp>

#include <openssl/err.h>
#include <openssl/evp.h>

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

namespace {

struct MdCtxFree {
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

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

}  // namespace piaojue
