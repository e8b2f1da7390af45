#include <piaojue/merkle.hpp>

// The tree's SHA-256 digests go to OpenSSL's block function (SHA256_Transform, deprecated in 3.0
// but OpenSSL's own SHA-NI code) with the padding done here: a leaf (~25 bytes) is one block and
// a node (65 bytes) two, and SHA256_Init/Update/Final cost as much again as the compressions
// themselves for messages this short (docs/design.md, "Digest calls").
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <cstring>

namespace piaojue {

namespace {

constexpr std::size_t k_short_max = 2 * 64 - 9;  // longest message that pads to two blocks

// SHA-256 of `prefix` || `a` || `b`, of at most k_short_max bytes in all.
Digest sha256_short(unsigned char prefix, const void* a, std::size_t a_size, const void* b, std::size_t b_size) {
    static const SHA256_CTX k_initial = [] {
        SHA256_CTX c;
        SHA256_Init(&c);
        return c;
    }();
    unsigned char block[128];
    const std::size_t size = 1 + a_size + b_size;
    const std::size_t blocks = size + 9 <= 64 ? 1 : 2;
    std::memset(block, 0, sizeof block);
    block[0] = prefix;
    std::memcpy(block + 1, a, a_size);
    if (b_size > 0) std::memcpy(block + 1 + a_size, b, b_size);
    block[size] = 0x80;
    const std::uint64_t bits = static_cast<std::uint64_t>(size) * 8;
    for (std::size_t i = 0; i < 8; ++i) block[blocks * 64 - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
    SHA256_CTX c = k_initial;
    SHA256_Transform(&c, block);
    if (blocks == 2) SHA256_Transform(&c, block + 64);
    Digest out;
    for (std::size_t i = 0; i < 8; ++i) {
        out[4 * i] = static_cast<std::uint8_t>(c.h[i] >> 24);
        out[4 * i + 1] = static_cast<std::uint8_t>(c.h[i] >> 16);
        out[4 * i + 2] = static_cast<std::uint8_t>(c.h[i] >> 8);
        out[4 * i + 3] = static_cast<std::uint8_t>(c.h[i]);
    }
    return out;
}

}  // namespace

Digest merkle_leaf_hash(Hasher& hasher, std::string_view leaf) {
    static constexpr char k_leaf_prefix = 0x00;
    hasher.update(&k_leaf_prefix, 1);
    hasher.update(leaf);
    return hasher.finish();
}

Digest MerkleBuilder::node(const Digest& left, const Digest& right) {
    if (hasher_.algo() == DigestAlgo::sha256) return sha256_short(0x01, left.data(), left.size(), right.data(), right.size());
    static constexpr char k_node_prefix = 0x01;
    hasher_.update(&k_node_prefix, 1);
    hasher_.update(left.data(), left.size());
    hasher_.update(right.data(), right.size());
    return hasher_.finish();
}

void MerkleBuilder::add_leaf(std::string_view leaf) {
    if (hasher_.algo() == DigestAlgo::sha256 && leaf.size() + 1 <= k_short_max)
        add_leaf_hash(sha256_short(0x00, leaf.data(), leaf.size(), nullptr, 0));
    else
        add_leaf_hash(merkle_leaf_hash(hasher_, leaf));
}

void MerkleBuilder::add_leaf_hash(const Digest& leaf_hash) {
    stack_.emplace_back(leaf_hash, 1);
    ++size_;
    // Merge equal-sized perfect subtrees: the stack then mirrors the binary digits of size_.
    while (stack_.size() >= 2 && stack_[stack_.size() - 1].second == stack_[stack_.size() - 2].second) {
        auto right = stack_.back();
        stack_.pop_back();
        auto& left = stack_.back();
        left.first = node(left.first, right.first);
        left.second *= 2;
    }
}

Digest MerkleBuilder::root() {
    if (stack_.empty()) return hasher_.finish();  // H("") for the empty tree
    // RFC 6962 splits at the largest power of two below n: exactly the stack's subtrees, folded
    // from the right.
    Digest acc = stack_.back().first;
    for (std::size_t i = stack_.size() - 1; i-- > 0;) acc = node(stack_[i].first, acc);
    return acc;
}

}  // namespace piaojue
