#include <piaojue/error.hpp>
#include <piaojue/keys.hpp>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace piaojue {

namespace {

template <auto Free>
struct Deleter {
    template <typename T>
    void operator()(T* p) const {
        Free(p);
    }
};
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using Pkcs8Ptr = std::unique_ptr<PKCS8_PRIV_KEY_INFO, Deleter<PKCS8_PRIV_KEY_INFO_free>>;
using SigPtr = std::unique_ptr<X509_SIG, Deleter<X509_SIG_free>>;

// A key file is a few hundred bytes; anything much larger is some other file handed in by mistake.
constexpr std::size_t k_max_pem = 64u << 10;
// OpenSSL hands PEM passphrase callbacks a buffer of PEM_BUFSIZE (1024) bytes, NUL included.
constexpr std::size_t k_max_passphrase = 1023;

// Every failure path ends here so that OpenSSL's thread-local error queue does not leak stale
// entries into the next operation, and so no message ever carries key bytes: only our own texts.
[[noreturn]] void key_error(const std::string& file, Text message, Text hint) {
    ERR_clear_error();
    throw Error(ExitCode::key_error, coded("E_KEY", diagnostic_about(file, std::move(message), std::move(hint))));
}

// A failure of OpenSSL itself (out of memory, missing provider), not of the user's key: a bug-class error.
[[noreturn]] void openssl_failure(const char* what) {
    ERR_clear_error();
    throw std::runtime_error(std::string("OpenSSL: ") + what + " failed");
}

std::shared_ptr<evp_pkey_st> share(EVP_PKEY* pkey) {
    return {pkey, EVP_PKEY_free};
}

std::optional<KeyAlgo> algo_of(const EVP_PKEY* pkey) {
    // OpenSSL 3 decodes a PKCS#8/SPKI key on the SM2 curve as type "SM2", not "EC", so the
    // type check alone separates SM2 from P-256 and other EC keys.
    if (EVP_PKEY_is_a(pkey, "ED25519")) return KeyAlgo::ed25519;
    if (EVP_PKEY_is_a(pkey, "SM2")) return KeyAlgo::sm2;
    return std::nullopt;
}

// "EC (prime256v1)", "RSA", …: names the kind of a rejected key without any of its bytes.
std::string describe(const EVP_PKEY* pkey) {
    const char* type = EVP_PKEY_get0_type_name(pkey);
    std::string out = type != nullptr ? type : "unknown";
    char group[80] = {};
    std::size_t len = 0;
    if (EVP_PKEY_is_a(pkey, "EC") && EVP_PKEY_get_utf8_string_param(pkey, "group", group, sizeof group, &len) == 1)
        out += std::string(" (") + group + ")";
    ERR_clear_error();
    return out;
}

KeyAlgo check_algo(const EVP_PKEY* pkey, const std::string& file, std::optional<KeyAlgo> expected) {
    std::optional<KeyAlgo> algo = algo_of(pkey);
    if (!algo) {
        std::string kind = describe(pkey);
        key_error(file, {"the key is " + kind + ", not Ed25519 or SM2", "密钥类型为 " + kind + "，不是 Ed25519 或 SM2"},
                  {"make a key with `piaojue keygen --algo ed25519|sm2`",
                   "请用 `piaojue keygen --algo ed25519|sm2` 生成密钥"});
    }
    if (expected && *expected != *algo) {
        std::string want(key_algo_name(*expected)), got(key_algo_name(*algo));
        key_error(file,
                  {"the key is " + got + ", but " + want + " was asked for", "密钥为 " + got + "，但要求 " + want},
                  {"use a " + want + " key, or ask for " + got, "请换用 " + want + " 密钥，或改为 " + got});
    }
    return *algo;
}

BioPtr memory_bio(std::string_view bytes, const std::string& file) {
    if (bytes.size() > k_max_pem)
        key_error(file, {"not a key file: larger than 64 KiB", "不是密钥文件：超过 64 KiB"},
                  {"check the file name", "请检查文件名"});
    BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
    if (!bio) openssl_failure("BIO_new_mem_buf");
    return bio;
}

std::string drain(BIO* bio) {
    char* data = nullptr;
    long len = BIO_get_mem_data(bio, &data);
    if (len < 0) openssl_failure("BIO_get_mem_data");
    return {data, static_cast<std::size_t>(len)};
}

// What OpenSSL calls when a PEM block is encrypted. It never prompts: with no passphrase it fails,
// which is what keeps `sign` from hanging on a terminal-less batch run.
struct PassphraseState {
    const std::optional<std::string>* passphrase;
    bool asked = false;
};

int passphrase_callback(char* buf, int size, int /*rwflag*/, void* user) {
    auto* state = static_cast<PassphraseState*>(user);
    state->asked = true;
    if (state->passphrase == nullptr || !*state->passphrase) return -1;
    const std::string& pass = **state->passphrase;
    if (size < 0 || pass.size() >= static_cast<std::size_t>(size)) return -1;
    std::memcpy(buf, pass.data(), pass.size());
    return static_cast<int>(pass.size());
}

void check_passphrase(const std::string& pass, const std::string& file) {
    if (pass.empty())
        key_error(
            file, {"the passphrase is empty", "口令为空"},
            {"give a non-empty passphrase, or none for an unencrypted key", "请提供非空口令；不加密则不要提供口令"});
    if (pass.size() > k_max_passphrase)
        key_error(file, {"the passphrase is longer than 1023 bytes", "口令超过 1023 字节"},
                  {"use a shorter passphrase", "请使用较短的口令"});
}

bool looks_encrypted(std::string_view pem) {
    return pem.find("-----BEGIN ENCRYPTED PRIVATE KEY-----") != std::string_view::npos ||
           pem.find("Proc-Type: 4,ENCRYPTED") != std::string_view::npos;
}

}  // namespace

struct KeyAccess {
    static PublicKey make_public(std::shared_ptr<evp_pkey_st> pkey, KeyAlgo algo) { return {std::move(pkey), algo}; }
    static PrivateKey make_private(std::shared_ptr<evp_pkey_st> pkey, KeyAlgo algo) { return {std::move(pkey), algo}; }
};

std::string_view key_algo_name(KeyAlgo algo) {
    return algo == KeyAlgo::sm2 ? "sm2" : "ed25519";
}

std::optional<KeyAlgo> parse_key_algo(std::string_view name) {
    if (name == "ed25519") return KeyAlgo::ed25519;
    if (name == "sm2") return KeyAlgo::sm2;
    return std::nullopt;
}

std::string PublicKey::der() const {
    unsigned char* buf = nullptr;
    int len = i2d_PUBKEY(pkey_.get(), &buf);
    if (len <= 0) openssl_failure("i2d_PUBKEY");
    std::string out(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(len));
    OPENSSL_free(buf);
    return out;
}

std::string PublicKey::pem() const {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), pkey_.get()) != 1) openssl_failure("PEM_write_bio_PUBKEY");
    return drain(bio.get());
}

std::string PublicKey::fingerprint(DigestAlgo algo) const {
    return to_hex(digest(algo, der()));
}

std::string PublicKey::fingerprint_text(DigestAlgo algo) const {
    return piaojue::fingerprint_text(algo, fingerprint(algo));
}

std::string fingerprint_text(DigestAlgo algo, std::string_view hex) {
    return std::string(digest_name(algo)) + ":" + std::string(hex);
}

PublicKey PrivateKey::public_key() const {
    // Round-trip through the SubjectPublicKeyInfo so the PublicKey holds no private part at all.
    unsigned char* buf = nullptr;
    int len = i2d_PUBKEY(pkey_.get(), &buf);
    if (len <= 0) openssl_failure("i2d_PUBKEY");
    const unsigned char* p = buf;
    EVP_PKEY* pub = d2i_PUBKEY_ex(nullptr, &p, len, nullptr, nullptr);
    OPENSSL_free(buf);
    if (pub == nullptr) openssl_failure("d2i_PUBKEY_ex");
    return KeyAccess::make_public(share(pub), algo_);
}

KeyPair generate_key_pair(KeyAlgo algo, const std::optional<std::string>& passphrase) {
    if (passphrase) check_passphrase(*passphrase, {});
    // SM2 key generation defaults to the SM2 curve; neither type needs parameters.
    EVP_PKEY* raw = EVP_PKEY_Q_keygen(nullptr, nullptr, algo == KeyAlgo::sm2 ? "SM2" : "ED25519");
    if (raw == nullptr) openssl_failure("EVP_PKEY_Q_keygen");
    PrivateKey key = KeyAccess::make_private(share(raw), algo);

    Pkcs8Ptr p8inf(EVP_PKEY2PKCS8(key.native()));
    if (!p8inf) openssl_failure("EVP_PKEY2PKCS8");
    // A secure-memory BIO: the private PEM is wiped when the BIO is freed.
    BioPtr bio(BIO_new(BIO_s_secmem()));
    if (!bio) openssl_failure("BIO_new");
    if (passphrase) {
        // pbe_nid -1 selects PBES2; OpenSSL 3.0's PBKDF2 PRF default is HMAC-SHA256; the salt is random.
        SigPtr encrypted(PKCS8_encrypt_ex(-1, EVP_aes_256_cbc(), passphrase->data(),
                                          static_cast<int>(passphrase->size()), nullptr, 0, k_pbkdf2_iterations,
                                          p8inf.get(), nullptr, nullptr));
        if (!encrypted || PEM_write_bio_PKCS8(bio.get(), encrypted.get()) != 1) openssl_failure("PKCS8_encrypt_ex");
    } else if (PEM_write_bio_PKCS8_PRIV_KEY_INFO(bio.get(), p8inf.get()) != 1) {
        openssl_failure("PEM_write_bio_PKCS8_PRIV_KEY_INFO");
    }
    return KeyPair{drain(bio.get()), key.public_key().pem()};
}

PrivateKey load_private_key(std::string_view pem, const std::string& file, const std::optional<std::string>& passphrase,
                            std::optional<KeyAlgo> expected) {
    if (passphrase) check_passphrase(*passphrase, file);
    bool encrypted = looks_encrypted(pem);
    // Decided before OpenSSL sees the key: with no passphrase there is nothing to try, and failing
    // here (exit 8) is what the CLI needs when stdin is not a terminal.
    if (encrypted && !passphrase)
        key_error(file, {"the private key is encrypted and no passphrase was given", "私钥已加密，但未提供口令"},
                  {"give its passphrase in one of the ways `piaojue sign --help` lists (never on the command line)",
                   "请按 `piaojue sign --help` 所列方式之一提供口令（切勿写在命令行上）"});
    BioPtr bio = memory_bio(pem, file);
    PassphraseState state{&passphrase};
    EVP_PKEY* raw = PEM_read_bio_PrivateKey_ex(bio.get(), nullptr, passphrase_callback, &state, nullptr, nullptr);
    if (raw == nullptr) {
        if (encrypted || state.asked)
            key_error(file, {"cannot decrypt the private key: wrong passphrase", "无法解密私钥：口令错误"},
                      {"check the passphrase (it is case-sensitive)", "请检查口令（区分大小写）"});
        if (pem.find("-----BEGIN PUBLIC KEY-----") != std::string_view::npos)
            key_error(file, {"this is a public key, not a private key", "这是公钥，不是私钥"},
                      {"sign with the private key file (NAME.key), not NAME.pub",
                       "请用私钥文件（NAME.key）签名，而不是 NAME.pub"});
        key_error(
            file, {"not a PEM private key", "不是 PEM 格式的私钥"},
            {"give the NAME.key file written by `piaojue keygen`", "请提供 `piaojue keygen` 生成的 NAME.key 文件"});
    }
    std::shared_ptr<evp_pkey_st> pkey = share(raw);
    return KeyAccess::make_private(pkey, check_algo(pkey.get(), file, expected));
}

PublicKey load_public_key(std::string_view pem, const std::string& file, std::optional<KeyAlgo> expected) {
    BioPtr bio = memory_bio(pem, file);
    EVP_PKEY* raw = PEM_read_bio_PUBKEY_ex(bio.get(), nullptr, nullptr, nullptr, nullptr, nullptr);
    if (raw == nullptr) {
        if (pem.find("PRIVATE KEY-----") != std::string_view::npos)
            key_error(file, {"this is a private key, where a public key was expected", "这是私钥，此处应为公钥"},
                      {"give the NAME.pub file; never hand out NAME.key", "请提供 NAME.pub 文件；切勿外传 NAME.key"});
        key_error(
            file, {"not a PEM public key", "不是 PEM 格式的公钥"},
            {"give the NAME.pub file written by `piaojue keygen`", "请提供 `piaojue keygen` 生成的 NAME.pub 文件"});
    }
    std::shared_ptr<evp_pkey_st> pkey = share(raw);
    return KeyAccess::make_public(pkey, check_algo(pkey.get(), file, expected));
}

PrivateKey private_key_from_native(evp_pkey_st* pkey) {
    if (pkey == nullptr || EVP_PKEY_up_ref(pkey) != 1) openssl_failure("EVP_PKEY_up_ref");
    std::shared_ptr<evp_pkey_st> owned = share(pkey);
    return KeyAccess::make_private(owned, check_algo(owned.get(), {}, std::nullopt));
}

void check_private_key_mode(unsigned st_mode, const std::string& path) {
    unsigned loose = st_mode & 077u;
    if (loose == 0) return;
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", st_mode & 07777u);
    // NAME.pub is meant to be readable; "chmod 600" would be the wrong advice for a mixed-up file.
    if (path.ends_with(".pub"))
        key_error(path,
                  {std::string("this looks like a public key file (mode ") + mode + "), not the private key",
                   std::string("这看起来是公钥文件（权限 ") + mode + "），不是私钥"},
                  {"sign with the private key file NAME.key written by piaojue keygen, not NAME.pub",
                   "请用 piaojue keygen 生成的私钥文件 NAME.key 签名，而不是 NAME.pub"});
    key_error(path,
              {std::string("the private key file is open to group or others (mode ") + mode + ")",
               std::string("私钥文件对同组或其他用户开放（权限 ") + mode + "）"},
              {"run `chmod 600 " + path + "`", "请执行 `chmod 600 " + path + "`"});
}

}  // namespace piaojue
