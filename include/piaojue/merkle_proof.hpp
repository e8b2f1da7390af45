// RFC 6962 / RFC 9162 inclusion proofs (audit paths) in the ballot Merkle tree of merkle.hpp: a
// proof that one normalised ballot row is leaf `index` of the tree of `tree_size` leaves whose root
// a record publishes, checkable without the ballots file (docs/record-format.md, "Inclusion
// proofs"; docs/audit/verify_proof.py).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <piaojue/digest.hpp>

namespace piaojue {

/// RFC 9162 §2.1.3.1 PATH(`index`, D[n]) over the `leaf_hashes` of a tree (n = their number):
/// the sibling subtree roots from the leaf up. Requires `index` < n.
[[nodiscard]] std::vector<Digest> merkle_inclusion_path(DigestAlgo algo, std::span<const Digest> leaf_hashes,
                                                        std::uint64_t index);

/// The root that `path` leads to from `leaf_hash` at `index` in a tree of `tree_size` leaves
/// (RFC 9162 §2.1.3.2), or nullopt when the path cannot belong to such a tree (index ≥ size,
/// too short or too long).
[[nodiscard]] std::optional<Digest> merkle_root_from_path(DigestAlgo algo, const Digest& leaf_hash, std::uint64_t index,
                                                          std::uint64_t tree_size, std::span<const Digest> path);

/// Whether `path` proves `leaf_hash` to be leaf `index` of the tree of `tree_size` leaves with
/// root `root`.
[[nodiscard]] bool merkle_verify_inclusion(DigestAlgo algo, const Digest& leaf_hash, std::uint64_t index,
                                           std::uint64_t tree_size, std::span<const Digest> path, const Digest& root);

/// The same for the leaf data `leaf` (a normalised ballot row), hashed as H(0x00 || leaf).
[[nodiscard]] bool merkle_verify_inclusion_of_row(DigestAlgo algo, std::string_view leaf, std::uint64_t index,
                                                  std::uint64_t tree_size, std::span<const Digest> path,
                                                  const Digest& root);

/// One ballot's inclusion proof as a file (`piaojue-proof/1`, docs/record-format.md).
struct BallotProof {
    DigestAlgo algo = DigestAlgo::sha256;  ///< the record's digest algorithm, for every hash below
    Digest record_digest{};                ///< digest of the record file's bytes
    std::string ballot;                    ///< the 票号
    std::string row;                       ///< the normalised row (the leaf data)
    std::uint64_t leaf_index = 0;          ///< 0-based position of the row in the ballots file
    std::uint64_t tree_size = 0;           ///< the record's `inputs.ballots.rows`
    std::vector<Digest> path;              ///< from the leaf up
    Digest root{};                         ///< the record's `inputs.ballots.merkle_root`
};

/// The proof file's exact bytes: JSON, two-space indent, fields in a fixed order, final newline.
[[nodiscard]] std::string write_proof(const BallotProof& proof);

/// Parses a proof file's `bytes`; throws an input error (exit 3) about `file` for anything that is
/// not a well-formed `piaojue-proof/1` (unknown or missing fields, bad hex, wrong types). Does not
/// check the proof itself: that is check_proof.
[[nodiscard]] BallotProof parse_proof(std::string_view bytes, const std::string& file);

/// Whether `proof`'s row hashes up its path to its root, and its ballot is its row's serial.
[[nodiscard]] bool check_proof(const BallotProof& proof);

}  // namespace piaojue
