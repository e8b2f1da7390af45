// Officers' detached signatures over a record, the signature file that holds them, and the trust
// list an auditor checks them against. Everything is bytes in, bytes or values out: the CLI reads
// and writes the files. The signed message is plain text followed by the record's exact bytes, so
// an auditor can rebuild it with `printf` and `cat` and verify with stock `openssl`
// (docs/verify-with-openssl.md).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <piaojue/digest.hpp>
#include <piaojue/error.hpp>
#include <piaojue/keys.hpp>

namespace piaojue {

/// `piaojue-signature/1`: the first line of every signed message (domain separation, versioned).
inline constexpr std::string_view k_signed_message_format = "piaojue-signature/1";
/// `piaojue-signatures/1`: the `format` of a signature file.
inline constexpr std::string_view k_signature_file_format = "piaojue-signatures/1";
/// The SM2 distinguishing ID (GM/T 0009 default). OpenSSL 3's own default is empty, so it is
/// always set explicitly, when signing and when verifying.
inline constexpr std::string_view k_sm2_id = "1234567812345678";
/// At most this many signatures in one file: a counting team is a handful of people.
inline constexpr std::size_t k_max_signatures = 256;
/// At most this many code points in a signer's name.
inline constexpr std::size_t k_max_signer_name = 64;

/// The role an officer signs in: 计票人 (counter), 监票人 (scrutineer), 总监票人 (chief scrutineer).
enum class Role { counter, scrutineer, chief_scrutineer };

/// The canonical (Chinese) name of `role`: `计票人`, `监票人`, `总监票人`; what files store.
[[nodiscard]] std::string_view role_name(Role role);
/// The English word for `role`: `counter`, `scrutineer`, `chief-scrutineer`.
[[nodiscard]] std::string_view role_english(Role role);
/// The role named `name` in Chinese or English (exact spelling, as listed above), or nullopt.
[[nodiscard]] std::optional<Role> parse_role(std::string_view name);

/// What kind of file is signed; part of the signed message so a signature cannot be moved
/// from one kind of artifact to another.
enum class Artifact { result_record, batch_summary };

/// `result-record` or `batch-summary`.
[[nodiscard]] std::string_view artifact_name(Artifact artifact);
/// The artifact named `name`, or nullopt.
[[nodiscard]] std::optional<Artifact> parse_artifact(std::string_view name);

/// The signature algorithm of a key algorithm `algo`: `ed25519` (pure Ed25519) or `sm2-sm3`
/// (SM2 over SM3 with ID k_sm2_id; SM2 is never used with another digest).
[[nodiscard]] std::string_view signature_algo_name(KeyAlgo algo);
/// The key algorithm of signature algorithm `name`, or nullopt (e.g. for `sm2-sha256`).
[[nodiscard]] std::optional<KeyAlgo> parse_signature_algo(std::string_view name);

/// Why `name` cannot be a signer's name, or nullopt when it can: it must be valid UTF-8, 1 to
/// k_max_signer_name code points, without control, bidi or zero-width characters, `"` or `\`,
/// and without leading or trailing spaces (so it reads back the same from the file by `sed`).
[[nodiscard]] std::optional<Text> check_signer_name(std::string_view name);

/// The exact bytes signed for record bytes `record` of kind `artifact`, signed by `name` as `role`
/// with `algo`:
/// `piaojue-signature/1\nartifact: A\nrole: R\nname: N\nalgorithm: G\n\n` followed by `record`.
[[nodiscard]] std::string signed_message(Artifact artifact, Role role, std::string_view name, KeyAlgo algo,
                                         std::string_view record);

/// The raw signature of `message` by `key`: 64 bytes for Ed25519, DER for SM2 (SM3, ID k_sm2_id).
[[nodiscard]] std::string sign_message(const PrivateKey& key, std::string_view message);
/// Whether raw `signature` is `key`'s signature of `message` under the key's algorithm.
[[nodiscard]] bool verify_message(const PublicKey& key, std::string_view message, std::string_view signature);

/// Standard base64 (with padding, no line breaks) of `bytes`.
[[nodiscard]] std::string base64_encode(std::string_view bytes);
/// The bytes of canonical base64 `text`, or nullopt (bad characters, padding, or line breaks).
[[nodiscard]] std::optional<std::string> base64_decode(std::string_view text);

/// The signature file beside record `record_path`: `result.json` → `result.sig.json`;
/// a name without `.json` gets `.sig.json` appended.
[[nodiscard]] std::string signature_file_name(std::string_view record_path);

/// One signature in a signature file.
struct SignatureEntry {
    Role role = Role::counter;
    std::string name;                      ///< the signer, as checked by check_signer_name
    KeyAlgo algorithm = KeyAlgo::ed25519;  ///< written as signature_algo_name
    std::string public_key;                ///< SubjectPublicKeyInfo PEM, as PublicKey::pem writes it
    DigestAlgo fingerprint_algo = DigestAlgo::sha256;
    std::string fingerprint;  ///< lowercase hex digest of the SubjectPublicKeyInfo DER
    std::string signature;    ///< raw signature bytes (base64 in the file)
};

/// The record a signature file belongs to.
struct RecordRef {
    std::string name;  ///< the record's file name, for people (not checked)
    DigestAlgo algo = DigestAlgo::sha256;
    std::string digest;  ///< lowercase hex digest of the record's bytes
};

/// A detached signature file (`result.sig.json`).
struct SignatureFile {
    Artifact artifact = Artifact::result_record;
    RecordRef record;
    std::vector<SignatureEntry> signatures;  ///< in signing order; never empty in a file
};

/// Parses signature file `bytes` named `file` strictly: unknown, missing, duplicate or mistyped
/// fields, bad hex or base64, an unknown role or algorithm, or two signatures by one key throw
/// Error (exit 3) naming `file` (with line and column for JSON syntax errors).
[[nodiscard]] SignatureFile parse_signature_file(std::string_view bytes, const std::string& file);

/// The bytes of `sigfile`: JSON, keys in a fixed order, UTF-8, 2-space indent, trailing newline.
[[nodiscard]] std::string serialize_signature_file(const SignatureFile& sigfile);

/// Adds `name`'s signature as `role` with `key` over `record_bytes` (the record at `record_path`,
/// of kind `artifact`, named in the file by `algo` digest) to signature file bytes `existing`
/// (empty for a new file), and returns the new file's bytes. Throws Error: exit 2 for a bad
/// `name` or a record file name that is not UTF-8; exit 3 for a malformed `existing`; exit 8
/// when `existing` belongs to another record (digest), another artifact or digest algorithm, or
/// when this key has already signed it (one signature per key and record, whatever the role).
[[nodiscard]] std::string add_signature(std::string_view existing, const std::string& record_path,
                                        std::string_view record_bytes, Artifact artifact, DigestAlgo algo,
                                        const PrivateKey& key, Role role, std::string_view name);

/// The outcome of checking one signature; a bad signature is a result, never an exception.
struct SignatureCheck {
    Role role = Role::counter;
    std::string name;
    KeyAlgo algorithm = KeyAlgo::ed25519;
    DigestAlgo fingerprint_algo = DigestAlgo::sha256;
    std::string fingerprint;      ///< as the file states it
    bool ok = false;              ///< the key is sound, matches its fingerprint, and the signature verifies
    Text reason;                  ///< why not, when !ok
    std::optional<bool> trusted;  ///< set by check_trust: the trust list allows this key, role and name
    Text trust_reason;            ///< why not, when trusted is false
};

/// The outcome of verify_signatures (and check_trust).
struct VerifyReport {
    bool record_ok = false;  ///< the file is for the expected artifact and its digest matches the record
    Text record_reason;      ///< why not, when !record_ok
    std::vector<SignatureCheck> signatures;
    bool trust_checked = false;       ///< check_trust was applied
    std::vector<Role> missing_roles;  ///< required roles with no good, trusted signature

    /// Everything passed: record, every signature, and (when checked) trust and required roles.
    [[nodiscard]] bool ok() const;
};

/// Checks every signature of `sigfile` against `record_bytes`, and (when given) that the file is
/// for an `expected` artifact; never throws for a bad signature or record.
[[nodiscard]] VerifyReport verify_signatures(const SignatureFile& sigfile, std::string_view record_bytes,
                                             std::optional<Artifact> expected = std::nullopt);

/// One trusted key in a trust list.
struct TrustEntry {
    DigestAlgo algo = DigestAlgo::sha256;  ///< the fingerprint's digest
    std::string fingerprint;               ///< lowercase hex
    std::vector<Role> roles;               ///< the roles this key may sign as (at least one)
    std::optional<std::string> name;       ///< when set, the signature's name must be exactly this
    std::size_t line = 0;                  ///< where the entry starts in its file
};

/// A trust list (`--trust FILE`, TOML; docs/verify-with-openssl.md shows the format).
struct TrustList {
    std::vector<TrustEntry> keys;
    std::vector<Role> required_roles;  ///< each needs at least one good, trusted signature
};

/// Parses trust list `bytes` named `file` strictly; throws Error (exit 3) with line and column.
[[nodiscard]] TrustList parse_trust_list(std::string_view bytes, const std::string& file);

/// Marks each signature of `report` (made from `sigfile`) trusted or not under `trust`, and
/// lists the required roles left unsigned. A key listed twice is judged by its first entry.
void check_trust(const TrustList& trust, const SignatureFile& sigfile, VerifyReport& report);

}  // namespace piaojue
