// RFC 6962 Merkle tree hash over the normalised ballot rows, built as the rows stream by:
// memory is O(log n). Leaf = H(0x00 || row), node = H(0x01 || left || right), empty = H("").
#pragma once

#include <string_view>
#include <utility>
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
    /// The tree hash of the leaves so far (RFC 6962 MTH; H("") for none).
    [[nodiscard]] Digest root();
    [[nodiscard]] std::uint64_t size() const { return size_; }

private:
    Digest node(const Digest& left, const Digest& right);

    Hasher hasher_;
    std::vector<std::pair<Digest, std::uint64_t>> stack_;  // perfect subtrees, sizes decreasing
    std::uint64_t size_ = 0;
};

/// RFC 6962 leaf hash H(0x00 || `leaf`), using `hasher`.
[[nodiscard]] Digest merkle_leaf_hash(Hasher& hasher, std::string_view leaf);

}  // namespace piaojue
