// One options struct, one setup and one run function per subcommand (cmd_*.cpp).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "cli/app.hpp"

#include <piaojue/audit.hpp>
#include <piaojue/keys.hpp>
#include <piaojue/record.hpp>
#include <piaojue/signature.hpp>

namespace piaojue::cli {

struct CheckOptions {
    std::string session;
};
void setup_check(CLI::App& app, CheckOptions& options);
int run_check(const CheckOptions& options, const Common& common, Environment& env);

struct TallyOptions {
    std::string session;
    std::string output;  ///< -o; default: result.json beside the session file; `-` for stdout
};
void setup_tally(CLI::App& app, TallyOptions& options);
int run_tally(const TallyOptions& options, const Common& common, Environment& env);

/// The record at `path`: its bytes and the round it states (parse_record). Throws Error (exit 3).
std::pair<std::string, RoundRecord> read_record_file(Environment& env, const std::string& path);

/// The keyed ballots of `record` (read from `record_path`) for sample, proof and audit: the file
/// `ballots` names, or else the one the record names beside its session file (`session`, or the
/// one beside the record), which must lie in the session's folder or an --allow-path folder.
/// Checked against the record's digest and Merkle root (read_keyed_ballots).
struct KeyedFile {
    std::string path;
    std::vector<KeyedBallot> ballots;
};
KeyedFile keyed_ballots_of(Environment& env, const Common& common, const RoundRecord& record,
                           const std::string& record_path, const std::string& ballots, const std::string& session);

struct SampleOptions {
    std::string record;
    std::string seed;
    std::size_t count = 0;
    std::string ballots, session;
    bool csv = false;
};
void setup_sample(CLI::App& app, SampleOptions& options);
int run_sample(const SampleOptions& options, const Common& common, Environment& env);

struct AuditOptions {
    std::string record;
    std::string paper;  ///< the auditors' readings of the sampled ballots
    std::string seed;
    std::string risk_limit = "10";  ///< percent
    std::string gamma = "1.03905";
    std::string ballots, session;
};
void setup_audit(CLI::App& app, AuditOptions& options);
int run_audit(const AuditOptions& options, const Common& common, Environment& env);

struct ProofOptions {
    std::string record;
    std::string ballot;  ///< --ballot: make a proof
    std::string check;   ///< --check: check a proof file
    std::string ballots, session, output;
};
void setup_proof(CLI::App& app, ProofOptions& options);
int run_proof(const ProofOptions& options, const Common& common, Environment& env);

struct TemplateOptions {
    std::string session;
    std::string output;         ///< -o; default: the session's ballots file; `-` for stdout
    bool output_given = false;  ///< -o was given (an empty one is a usage error)
    bool excel = false;         ///< --excel: a UTF-8 byte-order mark first
};
void setup_template(CLI::App& app, TemplateOptions& options);
int run_template(const TemplateOptions& options, const Common& common, Environment& env);

struct EnterOptions {
    std::string session;
    bool second = false;            ///< --second: key into ballots_second
    std::vector<std::string> keys;  ///< --keys CLASS=KEYS: the keys of a class of marks
};
void setup_enter(CLI::App& app, EnterOptions& options);
int run_enter(const EnterOptions& options, const Common& common, Environment& env);

struct CompareOptions {
    std::string first, second;  ///< the two keyings
    std::string session;        ///< optional: the projects, their order and the marks in force
};
void setup_compare(CLI::App& app, CompareOptions& options);
int run_compare(const CompareOptions& options, const Common& common, Environment& env);

struct ShowOptions {
    std::string record;
};
void setup_show(CLI::App& app, ShowOptions& options);
int run_show(const ShowOptions& options, const Common& common, Environment& env);

struct ReportOptions {
    std::string input;                ///< a record, or a session file for --kind ballot
    std::string kind;                 ///< result | notice | ballot
    std::string format = "pdf";       ///< html | pdf | png
    std::string output;               ///< -o; default beside the input (cmd_report.cpp); `-` for stdout
    std::optional<long long> number;  ///< --number: the notice's number
    bool counts = false;              ///< --counts: approvals in the notice
};
void setup_report(CLI::App& app, ReportOptions& options);
int run_report(const ReportOptions& options, const Common& common, Environment& env);

struct NextRoundOptions {
    std::string record;
    std::string output_dir;
    std::string id;                                      ///< --id: the new round's session id
    std::optional<long long> present, issued, returned;  ///< fill in attendance when known
};
void setup_next_round(CLI::App& app, NextRoundOptions& options);
int run_next_round(const NextRoundOptions& options, const Common& common, Environment& env);

/// Where a passphrase comes from: never the command line itself.
struct PassphraseOptions {
    std::string file;          ///< --passphrase-file: first line of this file
    std::string env;           ///< --passphrase-env: this environment variable
    bool prompt = false;       ///< --passphrase-prompt / keygen --encrypt: ask on the terminal
    bool unencrypted = false;  ///< keygen --unencrypted: write the private key without a passphrase
};
void setup_passphrase(CLI::App& app, PassphraseOptions& options, bool for_keygen);
/// The passphrase, or nullopt when none was asked for; `needed` makes a missing source an error
/// (exit 8) unless stdin is a terminal, where it prompts (twice, when `confirm`). A passphrase
/// file readable by group or others is refused like a private key (exit 8).
std::optional<std::string> read_passphrase(const PassphraseOptions& options, bool needed, Environment& env,
                                           const Common& common, bool confirm = false);

struct KeygenOptions {
    std::string algo = "ed25519";
    std::string output;
    PassphraseOptions passphrase;
};
void setup_keygen(CLI::App& app, KeygenOptions& options);
int run_keygen(const KeygenOptions& options, const Common& common, Environment& env);

struct SignOptions {
    std::string record;
    std::string key;
    std::string role;
    std::string name;
    PassphraseOptions passphrase;
};
void setup_sign(CLI::App& app, SignOptions& options);
/// The officer's private key at `path`: refused when group/others can read it; decrypted with a
/// passphrase from `passphrase` (or the terminal) when it is encrypted. Throws Error (exit 8).
PrivateKey load_officer_key(const std::string& path, const PassphraseOptions& passphrase, const Common& common,
                            Environment& env);
/// The role named `text` (Chinese or English); throws Error (exit 2).
Role parse_role_option(const std::string& text);
/// Adds `name`'s signature as `role` over `bytes` (the file at `path`) to its signature file,
/// written atomically under `path`'s lock (taken here unless the caller `holds_lock`); returns
/// the signature file's path.
std::string sign_file(Environment& env, const std::string& path, const std::string& bytes, const PrivateKey& key,
                      Role role, const std::string& name, bool holds_lock = false);
int run_sign(const SignOptions& options, const Common& common, Environment& env);

struct VerifyOptionsCli {
    std::string target;                      ///< a record, or a batch output directory
    std::vector<std::string> trust;          ///< --trust FILE, repeatable: trust lists or officers' .pub files
    bool no_trust = false;                   ///< --no-trust: integrity only
    std::vector<std::string> require_roles;  ///< --require-role (default 总监票人; `none` for none)
    std::string session;                     ///< --session: where the inputs are
    std::string signatures;                  ///< --signatures: the signature file
    unsigned jobs = 0;                       ///< -j: records checked in parallel (0: all cores)
};
void setup_verify(CLI::App& app, VerifyOptionsCli& options);
/// The trust list of `files` (trust lists in TOML, or officers' public keys in PEM, each trusted
/// in any role), merged in order. Throws Error (exit 8) for an unreadable or malformed file.
TrustList load_trust(const std::vector<std::string>& files, Environment& env);

struct TrustAddOptions {
    std::string key;     ///< the officer's NAME.pub
    std::string role;    ///< the role the key may sign as
    std::string name;    ///< the officer's name
    std::string output;  ///< -o: the trust list to add to (created when missing)
};
void setup_trust_add(CLI::App& app, TrustAddOptions& options);
int run_trust_add(const TrustAddOptions& options, const Common& common, Environment& env);
int run_verify(const VerifyOptionsCli& options, const Common& common, Environment& env);

struct CompletionOptions {
    std::string shell;  ///< bash or zsh
};
void setup_completion(CLI::App& app, CompletionOptions& options);
/// Prints the completion script for `root`, the App with every subcommand set up.
int run_completion(const CompletionOptions& options, const CLI::App& root, Environment& env);

struct BatchOptionsCli {
    std::string source;  ///< DIR or MANIFEST.csv
    std::string output_dir;
    unsigned jobs = 0;            ///< -j; 0 = all cores
    std::string key, role, name;  ///< sign every record and the summary
    PassphraseOptions passphrase;
    std::string summary_lang = "zh";         ///< summary.csv's headers and words
    std::string summary_encoding = "utf-8";  ///< summary.csv's encoding
};
void setup_batch(CLI::App& app, BatchOptionsCli& options);
int run_batch_command(const BatchOptionsCli& options, const Common& common, Environment& env);

}  // namespace piaojue::cli
