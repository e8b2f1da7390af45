// The result record (docs/record-format.md): a round as typed values (RoundRecord), written to
// deterministic JSON bytes and read back into the same values — write_record(parse_record(b)) is
// b for every record piaojue writes. Later rounds, verify, show and the printed reports all read
// a record through parse_record.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <piaojue/tally.hpp>
#include <piaojue/version.hpp>

namespace piaojue {

inline constexpr std::string_view k_record_format = "piaojue-result/1";

/// The digest of one input file, as named in the record.
struct InputDigest {
    std::string role;      ///< session | candidates | ballots | previous
    std::string name;      ///< the path as written in the session file (base name for the session)
    std::string hex;       ///< digest of the raw bytes under the record's digest algorithm
    std::string encoding;  ///< how text inputs were decoded (utf-8, gb18030); empty for records
};

/// One round as its record states it: what the round was (setup), what was read (inputs), what
/// was counted (counts, absent when no ballot was read) and what was decided.
struct RoundRecord {
    std::string generator_version{k_version};  ///< the piaojue version that wrote the record
    RoundSetup setup;
    std::vector<InputDigest> inputs;  ///< in the order read: session, candidates | previous, ballots
    std::optional<BallotCounts> counts;
    Decision decision;
    bool double_keyed = false;  ///< the ballots were keyed twice and the keyings agreed (`keying`)

    /// The candidates the next round votes on (outcome.next_round), in ballot order; none when
    /// the round is decided.
    [[nodiscard]] std::vector<Candidate> next_candidates() const;
    /// The input of `role` (session, candidates, previous, ballots) the record names, or nullptr.
    [[nodiscard]] const InputDigest* input(std::string_view role) const;
};

/// Where the session file of the record at `record_path` is when the auditor names none: the
/// record's `inputs.session` name beside the record (`session.toml` when it names none).
[[nodiscard]] std::string session_path_beside(const RoundRecord& record, const std::string& record_path);

/// Serialises `record` to the record's exact bytes (UTF-8 JSON, 2-space indent, fixed key order,
/// trailing newline, no time stamps).
[[nodiscard]] std::string write_record(const RoundRecord& record);

/// Parses record `bytes` named `file` into the round it states. Throws Error (exit 3), naming the
/// field's path, if it is not a piaojue-result/1 record: not JSON, a field missing or of the
/// wrong type, an unknown rule or status, an id that names no candidate. Consistency of the
/// numbers (do the marks add up, does the outcome follow) is `verify`'s to check, not this.
[[nodiscard]] RoundRecord parse_record(std::string_view bytes, const std::string& file);

/// The digest algorithm of a record (`rules.digest`), or nullopt when `bytes` are not a
/// piaojue-result/1 record: what the signing layer needs to name a record it signs.
[[nodiscard]] std::optional<DigestAlgo> record_digest_algo(std::string_view bytes);

}  // namespace piaojue
