// Officers' signing keys: generation, loading and fingerprints, through OpenSSL 3's EVP interface
// only (no hand-written crypto). Keys travel as PEM text handed in by the CLI; the core never opens
// a key file, never prompts for a passphrase and never puts key material into an error message.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <piaojue/digest.hpp>

// OpenSSL's EVP_PKEY, forward-declared so that users of this header need not include OpenSSL.
struct evp_pkey_st;

namespace piaojue {

struct KeyAccess;

/// A signature key algorithm: Ed25519 (default) or SM2 (国密, GM/T 0003).
enum class KeyAlgo { ed25519, sm2 };

/// `"ed25519"` or `"sm2"`, as given to `keygen --algo`.
[[nodiscard]] std::string_view key_algo_name(KeyAlgo algo);
/// The algorithm named `name` (`ed25519` or `sm2`), or nullopt.
[[nodiscard]] std::optional<KeyAlgo> parse_key_algo(std::string_view name);

/// PBKDF2-HMAC-SHA256 rounds for an encrypted private key: slow enough to blunt guessing on a
/// stolen key file, fast enough (well under a second) that an officer signing once does not wait.
inline constexpr int k_pbkdf2_iterations = 200000;

/// A public key (SubjectPublicKeyInfo), shared and immutable.
class PublicKey {
public:
    /// The key's algorithm.
    [[nodiscard]] KeyAlgo algo() const { return algo_; }
    /// The SubjectPublicKeyInfo as PEM (`-----BEGIN PUBLIC KEY-----`, LF line ends).
    [[nodiscard]] std::string pem() const;
    /// The SubjectPublicKeyInfo as DER, the bytes a fingerprint is taken of.
    [[nodiscard]] std::string der() const;
    /// Lowercase hex of the `algo` digest of `der()` (what `openssl pkey -pubin -outform DER | openssl dgst` gives).
    [[nodiscard]] std::string fingerprint(DigestAlgo algo) const;
    /// `fingerprint(algo)` as `ALGO:HEX` (fingerprint_text).
    [[nodiscard]] std::string fingerprint_text(DigestAlgo algo) const;
    /// The OpenSSL key, borrowed, for signature.cpp.
    [[nodiscard]] evp_pkey_st* native() const { return pkey_.get(); }

private:
    friend struct KeyAccess;  // keys.cpp builds keys; nobody else can wrap an arbitrary EVP_PKEY
    PublicKey(std::shared_ptr<evp_pkey_st> pkey, KeyAlgo algo) : pkey_(std::move(pkey)), algo_(algo) {}
    std::shared_ptr<evp_pkey_st> pkey_;
    KeyAlgo algo_;
};

/// A private key, shared and immutable; it never prints itself.
class PrivateKey {
public:
    /// The key's algorithm.
    [[nodiscard]] KeyAlgo algo() const { return algo_; }
    /// The matching public key.
    [[nodiscard]] PublicKey public_key() const;
    /// The OpenSSL key, borrowed, for signature.cpp.
    [[nodiscard]] evp_pkey_st* native() const { return pkey_.get(); }

private:
    friend struct KeyAccess;
    PrivateKey(std::shared_ptr<evp_pkey_st> pkey, KeyAlgo algo) : pkey_(std::move(pkey)), algo_(algo) {}
    std::shared_ptr<evp_pkey_st> pkey_;
    KeyAlgo algo_;
};

/// A freshly generated key pair as PEM texts.
struct KeyPair {
    std::string private_pem;  ///< PKCS#8; `-----BEGIN ENCRYPTED PRIVATE KEY-----` when a passphrase was given
    std::string public_pem;   ///< SubjectPublicKeyInfo
};

/// A new `algo` key pair; with `passphrase`, the private key is encrypted (PBES2, PBKDF2-HMAC-SHA256,
/// AES-256-CBC). Throws Error (exit 8) for an empty passphrase.
[[nodiscard]] KeyPair generate_key_pair(KeyAlgo algo, const std::optional<std::string>& passphrase = std::nullopt);

/// The private key in PEM text `pem` read from `file` (named in errors), decrypted with `passphrase`
/// when it is encrypted; when `expected` is given the key must be of that algorithm. Throws Error
/// (exit 8) at once for an encrypted key without a passphrase (it never prompts; a passphrase
/// given for an unencrypted key is ignored), a wrong
/// passphrase, an unreadable key, or a key that is not Ed25519/SM2 (e.g. a P-256 key).
[[nodiscard]] PrivateKey load_private_key(std::string_view pem, const std::string& file,
                                          const std::optional<std::string>& passphrase = std::nullopt,
                                          std::optional<KeyAlgo> expected = std::nullopt);

/// The public key in PEM text `pem` from `file`; `expected` as for load_private_key. Throws Error (exit 8).
[[nodiscard]] PublicKey load_public_key(std::string_view pem, const std::string& file,
                                        std::optional<KeyAlgo> expected = std::nullopt);

/// Wraps an OpenSSL key `pkey` (one reference is taken; the caller keeps its own) as a PrivateKey,
/// for tests that build keys from raw bytes. Throws Error (exit 8) when it is not Ed25519/SM2.
[[nodiscard]] PrivateKey private_key_from_native(evp_pkey_st* pkey);

/// Refuses a private key file `path` whose permission bits `st_mode` (from stat) let group or
/// others read, write or run it: throws Error (exit 8) with the `chmod 600` fix.
void check_private_key_mode(unsigned st_mode, const std::string& path);

/// A key fingerprint as `ALGO:HEX` (`sha256:2e61…`, `sm3:0185…`): the one spelling of trust
/// lists, of every --json output and of the messages (docs/json.md).
[[nodiscard]] std::string fingerprint_text(DigestAlgo algo, std::string_view hex);

}  // namespace piaojue
