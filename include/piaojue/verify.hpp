// piaojue verify: re-checks a published record from its bytes, its signature file, and — when
// they are at hand — the inputs it names, with numbered checks an auditor can cite.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <piaojue/confine.hpp>
#include <piaojue/error.hpp>
#include <piaojue/fs.hpp>
#include <piaojue/signature.hpp>

namespace piaojue {

/// The state of one check.
enum class CheckState { pass, fail, skipped };

/// `PASS`, `FAIL`, `SKIPPED`.
[[nodiscard]] std::string_view check_state_name(CheckState state);

/// One numbered check (V1–V8) and what it found.
struct VerifyCheck {
    std::string id;  ///< V1 … V8
    Text title;
    CheckState state = CheckState::skipped;
    std::vector<Text> details;                     ///< one line each: what passed, failed or could not be checked
    ExitCode fail_code = ExitCode::verify_failed;  ///< 8 for an unusable signature file or trust list
};

/// Whom verify takes the signers to be (docs/verify-with-openssl.md, "The trust decision"): a
/// signature proves only that someone with that key signed; who that is, a trust list says, or
/// the auditor chooses to check integrity only. Verify never passes without one or the other.
enum class TrustDecision {
    undecided,       ///< neither given: the signers are not identified and verify does not pass (exit 8)
    trust_list,      ///< `--trust`: each signature's key, role and name checked against a list
    integrity_only,  ///< `--no-trust`: everything else checked; the verdict says the signers were not identified
};

/// What to verify against.
struct VerifyOptions {
    std::optional<std::string> session_path;  ///< where the inputs are; default: beside the record
    /// False for a batch verified without its source (`verify OUTDIR` without `--session`):
    /// V4, V5 and V8 then say so and are skipped, rather than looking for inputs that are not there.
    bool inputs_at_hand = true;
    std::optional<std::string> signature_path;                 ///< default: signature_file_name(record)
    std::optional<TrustList> trust;                            ///< `--trust`
    bool integrity_only = false;                               ///< `--no-trust`
    std::vector<Role> required_roles{Role::chief_scrutineer};  ///< `--require-role`
    /// The machine's hardware threads, for re-tallying a large ballots file (ReadOptions::cores).
    std::function<unsigned()> cores = [] { return 1u; };
    /// Folders besides the session's whose files a record may name (`--allow-path`): the inputs
    /// a record names are read only inside the session's folder (its `previous`, the folder above).
    PathPolicy paths;
};

/// The decision `options` make: a trust list, integrity only, or neither.
[[nodiscard]] TrustDecision trust_decision(const VerifyOptions& options);

/// All checks of one record.
struct VerifyResult {
    std::string record_path;
    std::vector<VerifyCheck> checks;
    TrustDecision trust = TrustDecision::undecided;
    /// Each signature of the signature file, as V2 and V3 found it (empty without a usable file).
    std::vector<SignatureCheck> signatures;
    /// 0 when nothing failed; 8 when only signature-file or key problems failed; else 7.
    [[nodiscard]] ExitCode code() const;
};

/// Verifies the record at `record_path`. Throws Error (exit 3) only when the record cannot be
/// read at all; everything else is a check result.
[[nodiscard]] VerifyResult verify_record(const FileSystem& fs, const std::string& record_path,
                                         const VerifyOptions& options);

/// The checks as text, one line per check and indented details, in `lang`.
[[nodiscard]] std::string render_verify(const VerifyResult& result, Lang lang);

/// The verification of a batch output directory: the summary and every record it lists.
struct BatchVerifyResult {
    TrustDecision trust = TrustDecision::undecided;
    VerifyCheck summary;                ///< summary format, entries' record digests
    VerifyCheck summary_signatures;     ///< the summary's signature file, when there is one
    std::vector<VerifyResult> records;  ///< one per listed record, in summary order
    [[nodiscard]] ExitCode code() const;
};

/// Verifies `<dir>/summary.json`, its signatures, and each record it lists; with
/// `inputs_root` (the batch's source directory or manifest folder) each record's inputs too.
/// The records are checked on up to `jobs` threads; the result is the same for any `jobs`.
[[nodiscard]] BatchVerifyResult verify_batch(const FileSystem& fs, const std::string& dir,
                                             const std::optional<std::string>& inputs_root,
                                             const VerifyOptions& options, unsigned jobs = 1);

/// The batch checks as text, in `lang`: one line per record, details for failures.
[[nodiscard]] std::string render_batch_verify(const BatchVerifyResult& result, Lang lang);

}  // namespace piaojue
