// The keyed ballots of a published round, for the auditor's hand check against the paper: which
// paper ballots to pull (the consistent sampler, sample.hpp) and the proof that a keyed row is one
// the record counted (merkle_proof.hpp). Everything is checked against the record first: a
// ballots file that is not the one the record names is refused.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <piaojue/confine.hpp>
#include <piaojue/encoding.hpp>
#include <piaojue/fs.hpp>
#include <piaojue/merkle_proof.hpp>
#include <piaojue/record.hpp>
#include <piaojue/sample.hpp>

namespace piaojue {

/// One ballot as keyed: its 票号, the line of the ballots file, and its normalised row (the
/// Merkle leaf, docs/record-format.md §4).
struct KeyedBallot {
    std::string serial;
    std::size_t line = 0;
    std::string row;
};

/// The ballots file at `path` that `record` names, read back in file order. Throws Error: exit 3
/// when it cannot be read or is malformed, exit 7 when its digest or its Merkle root differs
/// from the record's (it is not the file the round was tallied from), or the record counted no
/// ballot.
[[nodiscard]] std::vector<KeyedBallot> read_keyed_ballots(const FileSystem& fs, const RoundRecord& record,
                                                          const std::string& path);

/// Where the ballots file of the record at `record_path` is: beside its session file, which is
/// beside the record unless `session_path` says otherwise (as verify finds inputs). A record may
/// name any path: one outside the session's folder and not allowed by `policy` is refused
/// (Error, exit 3) before anything of it is read, as verify refuses it.
[[nodiscard]] std::string ballots_path_of(const FileSystem& fs, const RoundRecord& record,
                                          const std::string& record_path, const std::string& session_path,
                                          const PathPolicy& policy);

/// One ballot to pull: its place in the sample (1-based), its ticket, and the keyed ballot.
struct SampleEntry {
    std::size_t order = 0;
    std::string ticket;
    const KeyedBallot* ballot = nullptr;
};

/// The `k` ballots to pull under `seed` (Rivest's consistent sampler over the 票号), in ticket
/// order. Throws as sample_ballots does.
[[nodiscard]] std::vector<SampleEntry> sample_keyed(const std::vector<KeyedBallot>& ballots, std::string_view seed,
                                                    std::size_t k);

/// The inclusion proof of ballot `serial` under the record whose bytes are `record_bytes`.
/// Throws Error (exit 3) when no keyed ballot has that 票号.
[[nodiscard]] BallotProof prove_ballot(const RoundRecord& record, std::string_view record_bytes,
                                       const std::vector<KeyedBallot>& ballots, const std::string& serial);

/// Why `proof` does not prove a ballot of the record whose bytes are `record_bytes` (its digest,
/// its algorithm, its tree size and root, and the path itself), or an empty list when it does.
[[nodiscard]] std::vector<Text> check_proof_against(const BallotProof& proof, const RoundRecord& record,
                                                    std::string_view record_bytes);

}  // namespace piaojue
