// RFC 6962 Merkle tree hash over the normalised ballot rows, built as the rows stream by:
// memory is O(log n). Leaf = H(0x00 || row), node = H(0x01 || left || right), empty = H("").
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include <piaojue/digest.hpp>

namespace piaojue {

/// Streaming RFC 6962 Merkle tree hash.
class MerkleBuilder {
public:
    explicit MerkleBuilder(DigestAlgo algo) : hasher_(algo) {}

    /// Appends the leaf whose data is `leaf` (one normalised ballot row).
    void add_leaf(std::string_view leaf);
    /// Appends a leaf whose leaf hash H(0x00 || data) was computed elsewhere (e.g. in parallel).
    void add_leaf_hash(const Digest& leaf_hash);
    /// Appends the leaves `rows`[0, ends[0]), [ends[0], ends[1]), … in order: the same tree as
    /// add_leaf on each, but the independent digests of the run — its leaves, then each level of
    /// nodes above them — are computed many at a time (docs/design.md, "Digest calls").
    void add_leaves(std::string_view rows, std::span<const std::uint32_t> ends);
    /// Appends leaves whose leaf hashes were computed elsewhere (merkle_leaf_hashes, e.g. on
    /// other threads), in order: the same tree as add_leaf_hash on each.
    void add_leaf_hashes(std::span<const Digest> leaf_hashes);
    /// The tree hash of the leaves so far (RFC 6962 MTH; H("") for none).
    [[nodiscard]] Digest root();
    [[nodiscard]] std::uint64_t size() const { return size_; }
    /// The builder's digest context, idle between calls: lent to merkle_leaf_hashes on the same
    /// thread by a caller that keeps no second context for leaves hashed elsewhere.
    [[nodiscard]] Hasher& hasher() { return hasher_; }

private:
    Digest node(const Digest& left, const Digest& right);
    Digest leaf_hash(std::string_view leaf);  // H(0x00 || leaf)
    void merge_run();                         // adds the leaf hashes in run_ to the tree

    Hasher hasher_;
    // pending_[h] is the root of the perfect subtree of 2^h leaves still waiting for its right
    // sibling; it is live exactly when bit h of size_ is set (the tree's "binary counter").
    std::array<Digest, 64> pending_{};
    std::uint64_t size_ = 0;
    std::vector<Digest> run_;  // add_leaves' scratch, kept between calls
};

/// RFC 6962 leaf hash H(0x00 || `leaf`), using `hasher`.
[[nodiscard]] Digest merkle_leaf_hash(Hasher& hasher, std::string_view leaf);

/// The leaf hashes of the leaves `rows`[0, ends[0]), [ends[0], ends[1]), … into `out` (one per
/// leaf), using `hasher`; SHA-256 leaves many at a time, as add_leaves does.
void merkle_leaf_hashes(Hasher& hasher, std::string_view rows, std::span<const std::uint32_t> ends,
                        std::span<Digest> out);

}  // namespace piaojue
