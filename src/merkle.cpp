#include <piaojue/merkle.hpp>

// The tree's SHA-256 digests are padded here and hashed many at a time (src/simd/sha256_short.hpp;
// docs/design.md, "Digest calls"): a leaf (~25 bytes) is one block and a node (65 bytes) two.
#include "simd/sha256_short.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

namespace piaojue {

namespace {

constexpr std::size_t k_short_max = 2 * 64 - 9;  // longest message that pads to two blocks
constexpr unsigned char k_leaf_prefix = 0x00;
constexpr unsigned char k_node_prefix = 0x01;
constexpr std::size_t k_run = 4096;  // leaves hashed, then folded, at a time by add_leaves

using detail::ShortMessage;

// std::byteswap is C++23.
inline std::uint64_t byteswap(std::uint64_t v) {
    return __builtin_bswap64(v);
}

// Stores `v` big-endian at `p`, as SHA-256 reads lengths.
void store_big_endian(unsigned char* p, std::uint64_t v) {
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

// 0x01 || left || right into `m`: 65 bytes, two blocks, every size a constant.
void short_node(ShortMessage& m, const Digest& left, const Digest& right) {
    m.block[0] = k_node_prefix;
    std::memcpy(m.block + 1, left.data(), left.size());
    std::memcpy(m.block + 1 + left.size(), right.data(), right.size());
    pad(m, 1 + left.size() + right.size());
}

// Whether the leaf message 0x00 || `leaf` is short enough for ShortMessage.
bool short_leaf_fits(std::string_view leaf) {
    return leaf.size() + 1 <= k_short_max;
}

// 0x00 || leaf into `m`, for a leaf that short_leaf_fits.
void short_leaf(ShortMessage& m, std::string_view leaf) {
    m.block[0] = k_leaf_prefix;
    std::memcpy(m.block + 1, leaf.data(), leaf.size());
    pad(m, 1 + leaf.size());
}

// Messages queued to be hashed together (detail::sha256_short_many), their digests going to
// consecutive slots: the queue is hashed when full and when flushed.
class ShortQueue {
public:
    // Queues a message whose digest goes to `out`, right after the previous queued one's (or
    // anywhere, when the queue is empty); returns it to be written.
    ShortMessage& push(Digest* out) {
        if (size_ == 0) out_ = out;
        return messages_[size_++];
    }
    // Hashes what is queued when the queue is full.
    void hash_if_full() {
        if (size_ == messages_.size()) flush();
    }
    void flush() {
        detail::sha256_short_many({messages_.data(), size_}, {out_, size_});
        size_ = 0;
    }

private:
    std::array<ShortMessage, detail::k_sha256_lanes> messages_;
    std::size_t size_ = 0;
    Digest* out_ = nullptr;
};

}  // namespace

Digest merkle_leaf_hash(Hasher& hasher, std::string_view leaf) {
    hasher.update(&k_leaf_prefix, 1);
    hasher.update(leaf);
    return hasher.finish();
}

Digest MerkleBuilder::node(const Digest& left, const Digest& right) {
    if (hasher_.algo() == DigestAlgo::sha256) {
        ShortMessage m;
        short_node(m, left, right);
        return detail::sha256_short(m);
    }
    hasher_.update(&k_node_prefix, 1);
    hasher_.update(left.data(), left.size());
    hasher_.update(right.data(), right.size());
    return hasher_.finish();
}

Digest MerkleBuilder::leaf_hash(std::string_view leaf) {
    if (hasher_.algo() == DigestAlgo::sha256 && short_leaf_fits(leaf)) {
        ShortMessage m;
        short_leaf(m, leaf);
        return detail::sha256_short(m);
    }
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

namespace {

// merkle_leaf_hashes for leaves whose first starts at `begin` of `rows`: the rest start at the
// previous one's end.
void leaf_hashes_from(Hasher& hasher, std::string_view rows, std::size_t begin, std::span<const std::uint32_t> ends,
                      std::span<Digest> out) {
    auto row = [&](std::size_t i) {
        const std::size_t start = i == 0 ? begin : ends[i - 1];
        return rows.substr(start, ends[i] - start);
    };
    if (hasher.algo() != DigestAlgo::sha256) {
        for (std::size_t i = 0; i < ends.size(); ++i) out[i] = merkle_leaf_hash(hasher, row(i));
        return;
    }
    ShortQueue queue;
    for (std::size_t i = 0; i < ends.size(); ++i) {
        const std::string_view leaf = row(i);
        if (!short_leaf_fits(leaf)) {
            queue.flush();
            out[i] = merkle_leaf_hash(hasher, leaf);
            continue;
        }
        short_leaf(queue.push(&out[i]), leaf);
        queue.hash_if_full();
    }
    queue.flush();
}

}  // namespace

void merkle_leaf_hashes(Hasher& hasher, std::string_view rows, std::span<const std::uint32_t> ends,
                        std::span<Digest> out) {
    leaf_hashes_from(hasher, rows, 0, ends, out);
}

void MerkleBuilder::add_leaves(std::string_view rows, std::span<const std::uint32_t> ends) {
    // Runs of at most k_run rows: the scratch stays at 128 KiB of digests, touched once.
    for (std::size_t first = 0; first < ends.size(); first += k_run) {
        const std::size_t count = std::min(k_run, ends.size() - first);
        run_.resize(count);
        leaf_hashes_from(hasher_, rows, first == 0 ? 0 : ends[first - 1], ends.subspan(first, count), run_);
        merge_run();
    }
}

void MerkleBuilder::add_leaf_hashes(std::span<const Digest> leaf_hashes) {
    for (std::size_t first = 0; first < leaf_hashes.size(); first += k_run) {
        const std::size_t count = std::min(k_run, leaf_hashes.size() - first);
        run_.assign(leaf_hashes.begin() + static_cast<std::ptrdiff_t>(first),
                    leaf_hashes.begin() + static_cast<std::ptrdiff_t>(first + count));
        merge_run();
    }
}

void MerkleBuilder::merge_run() {
    if (hasher_.algo() != DigestAlgo::sha256) {  // node() one at a time
        for (const Digest& leaf : run_) add_leaf_hash(leaf);
        return;
    }
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
        // Every message copies its inputs when queued, before any digest of the level is
        // written: slot w + k is never ahead of the pair it is read from.
        ShortQueue queue;
        for (; r + 1 < n; r += 2, ++w) {
            short_node(queue.push(&level[w]), level[r], level[r + 1]);
            queue.hash_if_full();
        }
        queue.flush();
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
