// The streaming RFC 6962 tree against an independent recursive implementation and known values.
#include <piaojue/merkle.hpp>

#include "simd/sha256_short.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

using namespace piaojue;

namespace {

// RFC 6962 §2.1, written straight from the definition:
//   MTH({})      = H()
//   MTH({d0})    = H(0x00 || d0)
//   MTH(D[n])    = H(0x01 || MTH(D[0:k]) || MTH(D[k:n])), k the largest power of two < n.
Digest reference_root(DigestAlgo algo, const std::vector<std::string>& leaves, std::size_t begin, std::size_t end) {
    std::size_t n = end - begin;
    if (n == 0) return digest(algo, "");
    if (n == 1) return digest(algo, std::string(1, '\0') + leaves[begin]);
    std::size_t k = 1;
    while (k * 2 < n) k *= 2;
    Digest left = reference_root(algo, leaves, begin, begin + k);
    Digest right = reference_root(algo, leaves, begin + k, end);
    std::string node(1, '\x01');
    node.append(reinterpret_cast<const char*>(left.data()), left.size());
    node.append(reinterpret_cast<const char*>(right.data()), right.size());
    return digest(algo, node);
}

std::string streamed_root_hex(DigestAlgo algo, const std::vector<std::string>& leaves, std::size_t n) {
    MerkleBuilder b(algo);
    for (std::size_t i = 0; i < n; ++i) b.add_leaf(leaves[i]);
    CHECK(b.size() == n);
    return to_hex(b.root());
}

std::vector<std::string> ballot_rows(std::size_t n) {
    std::vector<std::string> rows;
    for (std::size_t i = 0; i < n; ++i) rows.push_back(std::to_string(i + 1) + "\tYNA?\t\t");
    return rows;
}

// The eight leaves of the certificate-transparency reference tests.
const std::vector<std::string> k_ct_leaves{std::string(),
                                           std::string(1, '\x00'),
                                           "\x10",
                                           "\x20\x21",
                                           "\x30\x31",
                                           "\x40\x41\x42\x43",
                                           "\x50\x51\x52\x53\x54\x55\x56\x57",
                                           "\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f"};

}  // namespace

TEST_CASE("merkle::matches_rfc6962_definition") {
    for (DigestAlgo algo : {DigestAlgo::sha256, DigestAlgo::sm3}) {
        CAPTURE(digest_name(algo));
        std::vector<std::string> rows = ballot_rows(70);
        for (std::size_t n : {0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 64, 70}) {
            CAPTURE(n);
            CHECK(streamed_root_hex(algo, rows, n) == to_hex(reference_root(algo, rows, 0, n)));
        }
    }
}

TEST_CASE("merkle::known_values") {
    // Empty tree: SHA-256 of nothing.
    CHECK(streamed_root_hex(DigestAlgo::sha256, {}, 0) ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    // Roots of the first n certificate-transparency test leaves (RFC 6962 reference values).
    const char* expected[] = {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                              "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                              "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                              "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                              "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
                              "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
                              "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
                              "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
    for (std::size_t n = 1; n <= 8; ++n) {
        CAPTURE(n);
        CHECK(streamed_root_hex(DigestAlgo::sha256, k_ct_leaves, n) == expected[n - 1]);
        CHECK(to_hex(reference_root(DigestAlgo::sha256, k_ct_leaves, 0, n)) == expected[n - 1]);
    }
}

TEST_CASE("merkle::leaf_hashes_and_incremental_roots") {
    SUBCASE("add_leaf_hash equals add_leaf") {
        std::vector<std::string> rows = ballot_rows(7);
        MerkleBuilder a(DigestAlgo::sha256), b(DigestAlgo::sha256);
        Hasher h(DigestAlgo::sha256);
        for (const std::string& row : rows) {
            a.add_leaf(row);
            b.add_leaf_hash(merkle_leaf_hash(h, row));
        }
        CHECK(a.root() == b.root());
    }
    SUBCASE("root() can be asked between leaves and does not disturb the tree") {
        std::vector<std::string> rows = ballot_rows(9);
        MerkleBuilder b(DigestAlgo::sha256);
        for (std::size_t n = 1; n <= rows.size(); ++n) {
            b.add_leaf(rows[n - 1]);
            CHECK(b.root() == reference_root(DigestAlgo::sha256, rows, 0, n));
        }
    }
    SUBCASE("order and content matter; leaf and node hashes are domain-separated") {
        std::vector<std::string> rows = ballot_rows(3);
        std::vector<std::string> swapped{rows[1], rows[0], rows[2]};
        CHECK(streamed_root_hex(DigestAlgo::sha256, rows, 3) != streamed_root_hex(DigestAlgo::sha256, swapped, 3));
        CHECK(streamed_root_hex(DigestAlgo::sha256, rows, 2) != streamed_root_hex(DigestAlgo::sha256, rows, 3));
        CHECK(streamed_root_hex(DigestAlgo::sha256, rows, 3) != streamed_root_hex(DigestAlgo::sm3, rows, 3));
    }
}

TEST_CASE("merkle::add_leaves_equals_add_leaf") {
    // Rows of every length class: one SHA-256 block (short), two blocks, and past two blocks
    // (the generic digest path), so that the pairs hashed together differ in block count.
    std::vector<std::string> rows;
    for (std::size_t i = 0; i < 300; ++i) {
        std::string row = std::to_string(i + 1) + "\tYNA?\t\t";
        row.append(i % 7 == 3 ? 60 : i % 11 == 5 ? 140 : 0, 'x');
        rows.push_back(row);
    }
    auto runs_of = [&](std::size_t begin, std::size_t end) {
        std::string bytes;
        std::vector<std::uint32_t> ends;
        for (std::size_t i = begin; i < end; ++i) {
            bytes += rows[i];
            ends.push_back(static_cast<std::uint32_t>(bytes.size()));
        }
        return std::make_pair(bytes, ends);
    };
    for (DigestAlgo algo : {DigestAlgo::sha256, DigestAlgo::sm3}) {
        CAPTURE(digest_name(algo));
        // Runs of every size 0..70 after every tree size 0..37, so that each level starts on an
        // odd and an even position and ends with and without a node left waiting.
        for (std::size_t before = 0; before <= 37; ++before) {
            for (std::size_t run = 0; run <= 70; run += before % 2 == 0 ? 1 : 3) {
                CAPTURE(before);
                CAPTURE(run);
                MerkleBuilder one_by_one(algo), in_runs(algo);
                for (std::size_t i = 0; i < before + run; ++i) one_by_one.add_leaf(rows[i]);
                auto [head, head_ends] = runs_of(0, before);
                auto [tail, tail_ends] = runs_of(before, before + run);
                in_runs.add_leaves(head, head_ends);
                in_runs.add_leaves(tail, tail_ends);
                REQUIRE(in_runs.size() == before + run);
                // Leaf hashes computed apart (as the chunked tally's workers do), then added.
                MerkleBuilder from_hashes(algo);
                Hasher hasher(algo);
                std::vector<Digest> head_hashes(head_ends.size()), tail_hashes(tail_ends.size());
                merkle_leaf_hashes(hasher, head, head_ends, head_hashes);
                merkle_leaf_hashes(hasher, tail, tail_ends, tail_hashes);
                from_hashes.add_leaf_hashes(head_hashes);
                from_hashes.add_leaf_hashes(tail_hashes);
                REQUIRE(from_hashes.size() == before + run);
                const Digest root = one_by_one.root();
                CHECK(in_runs.root() == root);
                CHECK(from_hashes.root() == root);
            }
        }
        // And three consecutive runs against the recursive definition.
        MerkleBuilder b(algo);
        for (auto [begin, end] : {std::pair<std::size_t, std::size_t>{0, 5}, {5, 133}, {133, 300}}) {
            auto [bytes, ends] = runs_of(begin, end);
            b.add_leaves(bytes, ends);
        }
        CHECK(to_hex(b.root()) == to_hex(reference_root(algo, rows, 0, rows.size())));
    }
}

TEST_CASE("merkle::add_leaves_long_runs") {
    // A batch longer than add_leaves' internal run (4,096 rows) is split inside; the tree must
    // not notice, whatever the tree's size before.
    std::vector<std::string> rows = ballot_rows(10001);
    std::string bytes;
    std::vector<std::uint32_t> ends;
    for (const std::string& row : rows) {
        bytes += row;
        ends.push_back(static_cast<std::uint32_t>(bytes.size()));
    }
    for (std::size_t before : {0, 1, 3}) {
        CAPTURE(before);
        MerkleBuilder one_by_one(DigestAlgo::sha256), batched(DigestAlgo::sha256);
        for (std::size_t i = 0; i < before; ++i) {
            one_by_one.add_leaf("first");
            batched.add_leaf("first");
        }
        for (const std::string& row : rows) one_by_one.add_leaf(row);
        batched.add_leaves(bytes, ends);
        CHECK(batched.size() == one_by_one.size());
        const Digest root = one_by_one.root();
        CHECK(batched.root() == root);
        // Leaf hashes of more rows than a run, added at once.
        MerkleBuilder from_hashes(DigestAlgo::sha256);
        for (std::size_t i = 0; i < before; ++i) from_hashes.add_leaf("first");
        Hasher hasher(DigestAlgo::sha256);
        std::vector<Digest> hashes(ends.size());
        merkle_leaf_hashes(hasher, bytes, ends, hashes);
        from_hashes.add_leaf_hashes(hashes);
        CHECK(from_hashes.root() == root);
    }
}

// The many-at-a-time SHA-256 of the tree's short messages (src/sha256_short.hpp) against
// OpenSSL's one-shot digest, for every message length a ShortMessage holds.
namespace {

std::string message_text(std::size_t index, std::size_t size) {
    std::string text(size, '\0');
    for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>((index * 131 + i * 7 + 3) & 0xFF);
    return text;
}

detail::ShortMessage padded(std::string_view text) {
    detail::ShortMessage m{};
    std::memcpy(m.block, text.data(), text.size());
    m.blocks = text.size() + 9 <= 64 ? 1 : 2;
    m.block[text.size()] = 0x80;
    const std::uint64_t bits = text.size() * 8;
    for (std::size_t i = 0; i < 8; ++i) m.block[m.blocks * 64 - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
    return m;
}

// The kernels this CPU can run (two at a time always), each said in the test output when skipped.
struct NamedKernel {
    const char* name;
    detail::Sha256Kernel kernel;
};

std::vector<NamedKernel> sha256_kernels() {
    std::vector<NamedKernel> out{{"two at a time (OpenSSL)", detail::Sha256Kernel::x2}};
    if (detail::sha256_x8_supported())
        out.push_back({"8 lanes (AVX2)", detail::Sha256Kernel::x8});
    else
        MESSAGE("eight-lane SHA-256 skipped: this CPU (or the OS) does not offer AVX2");
    if (detail::sha256_x16_supported())
        out.push_back({"16 lanes (AVX-512)", detail::Sha256Kernel::x16});
    else
        MESSAGE("sixteen-lane SHA-256 skipped: this CPU (or the OS) does not offer AVX-512F and AVX-512BW");
    return out;
}

// `n` random leaves of 0 to 99 bytes (leaf messages of one block and of two).
std::vector<std::string> random_leaves(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 random(seed);
    std::vector<std::string> leaves;
    for (std::size_t i = 0; i < n; ++i) {
        std::string leaf(random() % 100, '\0');
        for (char& c : leaf) c = static_cast<char>(random());
        leaves.push_back(std::move(leaf));
    }
    return leaves;
}

// The RFC 6962 root of `leaves` level by level, every digest by sha256_short_many with `kernel`:
// a level's nodes paired left to right, an odd last node carried up as it is.
Digest root_by_kernel(const std::vector<std::string>& leaves, detail::Sha256Kernel kernel) {
    std::vector<detail::ShortMessage> messages;
    for (const std::string& leaf : leaves) messages.push_back(padded(std::string(1, '\0') + leaf));
    std::vector<Digest> level(messages.size());
    detail::sha256_short_many(messages, level, kernel);
    while (level.size() > 1) {
        messages.clear();
        for (std::size_t i = 0; i + 1 < level.size(); i += 2) {
            std::string node(1, '\x01');
            node.append(reinterpret_cast<const char*>(level[i].data()), level[i].size());
            node.append(reinterpret_cast<const char*>(level[i + 1].data()), level[i + 1].size());
            messages.push_back(padded(node));
        }
        std::vector<Digest> next(messages.size());
        detail::sha256_short_many(messages, next, kernel);
        if (level.size() % 2 == 1) next.push_back(level.back());
        level = std::move(next);
    }
    return level.at(0);
}

}  // namespace

TEST_CASE("merkle::short_digests_many_at_a_time") {
    // Lengths 0..119 (one block up to 55 bytes, two after), each lane a different message, in
    // batches of every size 0..40: whole groups of sixteen and eight lanes, mixed block counts
    // within a group, and the rest two at a time and singly; by every kernel this CPU has, and
    // by the one sha256_short_many chose for the process.
    const std::string chosen(detail::sha256_kernel_name(detail::sha256_kernel(simd_level())));
    MESSAGE("short SHA-256 digests in this process: " << chosen);
    std::vector<std::string> texts;
    for (std::size_t i = 0; i < 240; ++i) texts.push_back(message_text(i, (i * 37) % 120));
    std::vector<detail::ShortMessage> messages;
    for (const std::string& text : texts) messages.push_back(padded(text));
    for (const NamedKernel& k : sha256_kernels()) {
        CAPTURE(k.name);
        for (std::size_t count : {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 32, 33, 40}) {
            for (std::size_t first : {0, 5, 200}) {
                CAPTURE(count);
                CAPTURE(first);
                std::vector<Digest> out(count);
                detail::sha256_short_many(std::span(messages).subspan(first, count), out, k.kernel);
                for (std::size_t i = 0; i < count; ++i) {
                    CAPTURE(i);
                    CHECK(to_hex(out[i]) == to_hex(digest(DigestAlgo::sha256, texts[first + i])));
                }
            }
        }
    }
    std::vector<Digest> out(40);
    detail::sha256_short_many(std::span(messages).first(40), out);
    for (std::size_t i = 0; i < out.size(); ++i) CHECK(to_hex(out[i]) == to_hex(digest(DigestAlgo::sha256, texts[i])));
}

// Random bytes of random lengths (one block and two), against OpenSSL's one-shot digest and the
// one-at-a-time path: every kernel (sixteen lanes, eight, two at a time, one) gives the same bytes.
TEST_CASE("merkle::short_digests_of_random_messages") {
    std::mt19937_64 random(20261207);
    std::vector<std::string> texts;
    for (std::size_t i = 0; i < 800; ++i) {
        std::string text(random() % 120, '\0');
        for (char& c : text) c = static_cast<char>(random());
        texts.push_back(std::move(text));
    }
    std::vector<detail::ShortMessage> messages;
    for (const std::string& text : texts) messages.push_back(padded(text));
    std::vector<std::string> expected;
    for (const std::string& text : texts) expected.push_back(to_hex(digest(DigestAlgo::sha256, text)));

    std::size_t wrong_one = 0, wrong_x16 = 0, wrong_x8 = 0;
    for (std::size_t i = 0; i < messages.size(); ++i)
        if (to_hex(detail::sha256_short(messages[i])) != expected[i]) ++wrong_one;
    for (const NamedKernel& k : sha256_kernels()) {
        CAPTURE(k.name);
        std::vector<Digest> many(messages.size());
        detail::sha256_short_many(messages, many, k.kernel);
        std::size_t wrong_many = 0;
        for (std::size_t i = 0; i < messages.size(); ++i)
            if (to_hex(many[i]) != expected[i]) ++wrong_many;
        CHECK(wrong_many == 0);
    }
    if (detail::sha256_x16_supported()) {
        for (std::size_t first = 0; first + detail::k_sha256_lanes <= messages.size();
             first += detail::k_sha256_lanes) {
            std::array<Digest, detail::k_sha256_lanes> out{};
            detail::sha256_short_x16(
                std::span<const detail::ShortMessage, detail::k_sha256_lanes>(messages.data() + first, 16), out);
            for (std::size_t l = 0; l < detail::k_sha256_lanes; ++l)
                if (to_hex(out[l]) != expected[first + l]) ++wrong_x16;
        }
    }
    if (detail::sha256_x8_supported()) {
        for (std::size_t first = 0; first + detail::k_sha256_avx2_lanes <= messages.size();
             first += detail::k_sha256_avx2_lanes) {
            std::array<Digest, detail::k_sha256_avx2_lanes> out{};
            detail::sha256_short_x8(
                std::span<const detail::ShortMessage, detail::k_sha256_avx2_lanes>(messages.data() + first, 8), out);
            for (std::size_t l = 0; l < detail::k_sha256_avx2_lanes; ++l)
                if (to_hex(out[l]) != expected[first + l]) ++wrong_x8;
        }
    }
    CHECK(wrong_one == 0);
    CHECK(wrong_x16 == 0);
    CHECK(wrong_x8 == 0);
}

// Where the CPU has no AVX-512 (or under valgrind, which hides it), sha256_short_many takes the
// two-at-a-time path, which the case above covers there.
TEST_CASE("merkle::sixteen_lanes_of_mixed_block_counts" * doctest::skip(!detail::sha256_x16_supported())) {
    // One block in some lanes, two in the others, of one group: the second compression's
    // result is kept only in the lanes of two blocks.
    {
        for (unsigned pattern : {0x0000U, 0xFFFFU, 0x0001U, 0x8000U, 0xA5A5U, 0x7FFEU}) {
            CAPTURE(pattern);
            std::vector<std::string> group;
            std::vector<detail::ShortMessage> lanes;
            for (std::size_t l = 0; l < detail::k_sha256_lanes; ++l) {
                group.push_back(message_text(l + pattern, ((pattern >> l) & 1U) != 0 ? 65 : 40));
                lanes.push_back(padded(group.back()));
            }
            std::array<Digest, detail::k_sha256_lanes> out{};
            detail::sha256_short_x16(std::span<const detail::ShortMessage, detail::k_sha256_lanes>(lanes.data(), 16),
                                     out);
            for (std::size_t l = 0; l < detail::k_sha256_lanes; ++l) {
                CAPTURE(l);
                CHECK(to_hex(out[l]) == to_hex(digest(DigestAlgo::sha256, group[l])));
            }
        }
    }
}

// The same for the eight AVX2 lanes, whose blend keeps the second block's state by a lane mask.
TEST_CASE("merkle::eight_lanes_of_mixed_block_counts" * doctest::skip(!detail::sha256_x8_supported())) {
    for (unsigned pattern : {0x00U, 0xFFU, 0x01U, 0x80U, 0xA5U, 0x7EU}) {
        CAPTURE(pattern);
        std::vector<std::string> group;
        std::vector<detail::ShortMessage> lanes;
        for (std::size_t l = 0; l < detail::k_sha256_avx2_lanes; ++l) {
            group.push_back(message_text(l + pattern, ((pattern >> l) & 1U) != 0 ? 65 : 40));
            lanes.push_back(padded(group.back()));
        }
        std::array<Digest, detail::k_sha256_avx2_lanes> out{};
        detail::sha256_short_x8(std::span<const detail::ShortMessage, detail::k_sha256_avx2_lanes>(lanes.data(), 8),
                                out);
        for (std::size_t l = 0; l < detail::k_sha256_avx2_lanes; ++l) {
            CAPTURE(l);
            CHECK(to_hex(out[l]) == to_hex(digest(DigestAlgo::sha256, group[l])));
        }
    }
}

// A whole tree through each kernel: leaves of one and two blocks, nodes of two, levels of odd and
// even sizes, against the streaming MerkleBuilder (the process's kernel) and the recursive
// definition. The tree of a record is the same bytes whichever kernel hashed it.
TEST_CASE("merkle::tree_of_each_kernel") {
    const std::vector<NamedKernel> kernels = sha256_kernels();
    for (std::size_t n : {1, 2, 7, 8, 9, 17, 100, 1337, 4096 + 5}) {
        CAPTURE(n);
        const std::vector<std::string> leaves = random_leaves(n, 20261210 + n);
        MerkleBuilder builder(DigestAlgo::sha256);
        for (const std::string& leaf : leaves) builder.add_leaf(leaf);
        const std::string root = to_hex(builder.root());
        if (n <= 100) CHECK(root == to_hex(reference_root(DigestAlgo::sha256, leaves, 0, n)));
        for (const NamedKernel& k : kernels) {
            CAPTURE(k.name);
            CHECK(to_hex(root_by_kernel(leaves, k.kernel)) == root);
        }
    }
}
