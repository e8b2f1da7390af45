// The result record (SPEC §4, docs/record-format.md): deterministic JSON bytes written from a
// round's setup, counts and decision, and read back for later rounds and verification.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <piaojue/tally.hpp>

namespace piaojue {

inline constexpr std::string_view k_record_format = "piaojue-result/1";

/// The digest of one input file, as named in the record.
struct InputDigest {
    std::string role;      ///< session | candidates | ballots | previous
    std::string name;      ///< the path as written in the session file (base name for the session)
    std::string hex;       ///< digest of the raw bytes under the record's digest algorithm
    std::string encoding;  ///< how text inputs were decoded (utf-8, gb18030); empty for records
};

/// What a record says about the ballots file besides its digest.
struct BallotsInput {
    Count rows = 0;
    std::string merkle_root;  ///< hex
};

/// Serialises a round to the record's exact bytes (UTF-8 JSON, 2-space indent, fixed key order,
/// trailing newline, no time stamps). `counts` is null when no ballot was read.
[[nodiscard]] std::string write_record(const RoundSetup& setup, const Decision& decision, const BallotCounts* counts,
                                       const std::vector<InputDigest>& inputs);

/// A record read back: the JSON and the fields later rounds need.
struct RecordView {
    nlohmann::ordered_json json;
    DigestAlgo digest = DigestAlgo::sha256;
    Rules rules;
    int round = 1;
    std::string session_id;
    Outcome outcome = Outcome::final_;
    std::optional<RoundKind> next_kind;
    Count next_seats = 0;
    std::vector<Candidate> next_candidates;
    std::vector<SelectedProject> cumulative;
};

/// Parses record `bytes` named `file`; throws Error (exit 3) if it is not a piaojue-result/1
/// record or a field the next round needs is missing or of the wrong type.
[[nodiscard]] RecordView parse_record(std::string_view bytes, const std::string& file);

}  // namespace piaojue
