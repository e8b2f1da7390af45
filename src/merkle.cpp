#include <piaojue/merkle.hpp>

// The tree's SHA-256 digests go to OpenSSL's block function (SHA256_Transform, deprecated in 3.0
// but OpenSSL's own SHA-NI code) with the padding done here: a leaf (~25 bytes) is one block and
// a node (65 bytes) two, and SHA256_Init/Update/Final cost as much again as the compressions
// themselves for messages this short (docs/design.md, "Digest calls").
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <algorithm>
#include <bit>
#include <cstring>

namespace piaojue {

namespace {

constexpr std::size_t k_short_max = 2 * 64 - 9;  // longest message that pads to two blocks
constexpr unsigned char k_leaf_prefix = 0x00;
constexpr unsigned char k_node_prefix = 0x01;
constexpr std::size_t k_run = 4096;  // leaves hashed, then folded, at a time by add_leaves

// A message of one or two SHA-256 blocks, padded.
struct ShortMessage {
    alignas(64) unsigned char block[128];
    std::size_t blocks;
};

// std::byteswap is C++23.
inline std::uint32_t byteswap(std::uint32_t v) {
    return __builtin_bswap32(v);
}
inline std::uint64_t byteswap(std::uint64_t v) {
    return __builtin_bswap64(v);
}

// Stores `v` big-endian at `p`, as SHA-256 reads words and lengths.
template <typename Word>
void store_big_endian(unsigned char* p, Word v) {
    if constexpr (std::endian::native == std::endian::little) v = byteswap(v);
    std::memcpy(p, &v, sizeof v);
}

// Ends the message of `size` bytes in m.block: the 0x80 byte, zeros, the bit length.
void pad(ShortMessage& m, std::size_t size) {
    m.blocks = size + 9 <= 64 ? 1 : 2;
    m.block[size] = 0x80;
    std::memset(m.block + size + 1, 0, m.blocks * 64 - 8 - (size + 1));
    store_big_endian(m.block + m.blocks * 64 - 8, static_cast<std::uint64_t>(size) * 8);
}

const SHA256_CTX& initial_state() {
    static const SHA256_CTX k_initial = [] {
        SHA256_CTX c;
        SHA256_Init(&c);
        return c;
    }();
    return k_initial;
}

// The digest is the state words, big-endian. They are read into a register first: stores of
// bytes may alias the state, which the compiler would otherwise reload after each one.
Digest state_digest(const SHA256_CTX& c) {
    Digest out;
    for (std::size_t i = 0; i < 8; ++i) store_big_endian(out.data() + 4 * i, static_cast<std::uint32_t>(c.h[i]));
    return out;
}

Digest sha256_short(const ShortMessage& m) {
    SHA256_CTX c = initial_state();
    SHA256_Transform(&c, m.block);
    if (m.blocks == 2) SHA256_Transform(&c, m.block + 64);
    return state_digest(c);
}

// Two independent messages with their compressions interleaved. The SHA-NI rounds of one block
// depend on each other (latency-bound), so the CPU overlaps the second chain with the first:
// ~27 ns a block instead of ~45 (docs/design.md, "Digest calls").
void sha256_short_x2(const ShortMessage& a, const ShortMessage& b, Digest& out_a, Digest& out_b) {
    SHA256_CTX ca = initial_state();
    SHA256_CTX cb = initial_state();
    SHA256_Transform(&ca, a.block);
    SHA256_Transform(&cb, b.block);
    if (a.blocks == 2) SHA256_Transform(&ca, a.block + 64);
    if (b.blocks == 2) SHA256_Transform(&cb, b.block + 64);
    out_a = state_digest(ca);
    out_b = state_digest(cb);
}

// 0x01 || left || right: 65 bytes, two blocks, every size a constant.
ShortMessage short_node(const Digest& left, const Digest& right) {
    ShortMessage m;
    m.block[0] = k_node_prefix;
    std::memcpy(m.block + 1, left.data(), left.size());
    std::memcpy(m.block + 1 + left.size(), right.data(), right.size());
    pad(m, 1 + left.size() + right.size());
    return m;
}

// Whether the leaf message 0x00 || `leaf` is short enough for ShortMessage.
bool short_leaf_fits(std::string_view leaf) {
    return leaf.size() + 1 <= k_short_max;
}

// 0x00 || leaf, for a leaf that short_leaf_fits.
ShortMessage short_leaf(std::string_view leaf) {
    ShortMessage m;
    m.block[0] = k_leaf_prefix;
    std::memcpy(m.block + 1, leaf.data(), leaf.size());
    pad(m, 1 + leaf.size());
    return m;
}

}  // namespace

Digest merkle_leaf_hash(Hasher& hasher, std::string_view leaf) {
    hasher.update(&k_leaf_prefix, 1);
    hasher.update(leaf);
    return hasher.finish();
}

Digest MerkleBuilder::node(const Digest& left, const Digest& right) {
    if (hasher_.algo() == DigestAlgo::sha256) return sha256_short(short_node(left, right));
    hasher_.update(&k_node_prefix, 1);
    hasher_.update(left.data(), left.size());
    hasher_.update(right.data(), right.size());
    return hasher_.finish();
}

Digest MerkleBuilder::leaf_hash(std::string_view leaf) {
    if (hasher_.algo() == DigestAlgo::sha256 && short_leaf_fits(leaf)) return sha256_short(short_leaf(leaf));
    return merkle_leaf_hash(hasher_, leaf);
}

void MerkleBuilder::add_leaf(std::string_view leaf) {
    add_leaf_hash(leaf_hash(leaf));
}

void MerkleBuilder::add_leaf_hash(const Digest& leaf_hash) {
    // Binary increment: each pending subtree of the sizes that carry merges into a bigger one.
    Digest carry = leaf_hash;
    std::size_t h = 0;
    for (; (size_ >> h) & 1U; ++h) carry = node(pending_[h], carry);
    pending_[h] = carry;
    ++size_;
}

void MerkleBuilder::add_leaves(std::string_view rows, std::span<const std::uint32_t> ends) {
    auto row = [&](std::size_t i) {
        const std::size_t begin = i == 0 ? 0 : ends[i - 1];
        return rows.substr(begin, ends[i] - begin);
    };
    if (hasher_.algo() != DigestAlgo::sha256) {
        for (std::size_t i = 0; i < ends.size(); ++i) add_leaf(row(i));
        return;
    }
    // Runs of at most k_run rows: the scratch stays at 128 KiB of digests, touched once.
    for (std::size_t first = 0; first < ends.size(); first += k_run) {
        const std::size_t count = std::min(k_run, ends.size() - first);
        run_.resize(count);
        std::size_t i = 0;
        for (; i + 1 < count; i += 2) {
            const std::string_view a = row(first + i);
            const std::string_view b = row(first + i + 1);
            if (short_leaf_fits(a) && short_leaf_fits(b)) {
                sha256_short_x2(short_leaf(a), short_leaf(b), run_[i], run_[i + 1]);
            } else {
                run_[i] = leaf_hash(a);
                run_[i + 1] = leaf_hash(b);
            }
        }
        if (i < count) run_[i] = leaf_hash(row(first + i));
        merge_run();
    }
}

void MerkleBuilder::merge_run() {
    // Level by level, in place: run_[0, n) are consecutive nodes of level h, the first of them
    // at position `index` of that level. An odd first position has its left sibling pending; an
    // even last one waits in pending_ for its right sibling; the rest pair up among themselves.
    std::uint64_t index = size_;
    size_ += run_.size();
    Digest* level = run_.data();
    std::size_t n = run_.size();
    for (std::size_t h = 0; n > 0; ++h, index >>= 1) {
        std::size_t r = 0;
        std::size_t w = 0;
        if ((index & 1U) != 0) {
            level[w++] = node(pending_[h], level[r]);
            ++r;
        }
        for (; r + 3 < n; r += 4, w += 2)  // the messages copy their inputs before w is written
            sha256_short_x2(short_node(level[r], level[r + 1]), short_node(level[r + 2], level[r + 3]), level[w],
                            level[w + 1]);
        if (r + 1 < n) {
            level[w++] = node(level[r], level[r + 1]);
            r += 2;
        }
        if (r < n) pending_[h] = level[r];
        n = w;
    }
}

Digest MerkleBuilder::root() {
    if (size_ == 0) return hasher_.finish();  // H("") for the empty tree
    // RFC 6962 splits at the largest power of two below n: exactly the pending subtrees, folded
    // from the smallest (rightmost) up.
    auto h = static_cast<std::size_t>(std::countr_zero(size_));
    Digest acc = pending_[h];
    for (++h; h < 64; ++h)
        if ((size_ >> h) & 1U) acc = node(pending_[h], acc);
    return acc;
}

}  // namespace piaojue
