#include "sha256_short.hpp"

#include "cpu_features.hpp"

// OpenSSL's block function (SHA256_Transform, deprecated in 3.0 but OpenSSL's own SHA-NI code)
// for the two-at-a-time path; SHA256_Init/Update/Final cost as much again as the compressions
// themselves for messages this short (docs/design.md, "Digest calls").
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define PIAOJUE_SHA256_LANES 1
#include <immintrin.h>
#endif

namespace piaojue::detail {

namespace {

// The digest is the state words, big-endian. They are read into a register first: stores of
// bytes may alias the state, which the compiler would otherwise reload after each one.
Digest state_digest(const SHA256_CTX& c) {
    Digest out;
    for (std::size_t i = 0; i < 8; ++i) {
        std::uint32_t word = static_cast<std::uint32_t>(c.h[i]);
        if constexpr (std::endian::native == std::endian::little) word = __builtin_bswap32(word);
        std::memcpy(out.data() + 4 * i, &word, sizeof word);
    }
    return out;
}

const SHA256_CTX& initial_state() {
    static const SHA256_CTX k_initial = [] {
        SHA256_CTX c;
        SHA256_Init(&c);
        return c;
    }();
    return k_initial;
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

#if PIAOJUE_SHA256_LANES
#define PIAOJUE_AVX512 __attribute__((target("avx512f,avx512bw")))
#define PIAOJUE_AVX2 __attribute__((target("avx2")))

constexpr std::array<std::uint32_t, 64> k_round{
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::array<std::uint32_t, 8> k_initial_state{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

// Three-input bitwise functions as vpternlogd truth tables (A = first operand).
constexpr int k_xor3 = 0x96;
constexpr int k_choose = 0xCA;    // A ? B : C
constexpr int k_majority = 0xE8;  // at least two of A, B, C

template <int N>
PIAOJUE_AVX512 inline __m512i ror(__m512i x) {
    return _mm512_ror_epi32(x, N);
}

PIAOJUE_AVX512 inline __m512i add(__m512i a, __m512i b) {
    return _mm512_add_epi32(a, b);
}

// Byte order within each 32-bit word reversed: SHA-256 reads and writes words big-endian.
PIAOJUE_AVX512 inline __m512i byteswap_words(__m512i v) {
    const __m512i order = _mm512_set4_epi32(0x0c0d0e0f, 0x08090a0b, 0x04050607, 0x00010203);
    return _mm512_shuffle_epi8(v, order);
}

// Eight state words and sixteen message words of 16 lanes (structs: std::array would drop
// __m512i's alignment attribute).
struct State16 {
    __m512i v[8];
};
struct Block16 {
    __m512i v[16];
};

// FIPS 180-4 §6.2.2 on 16 lanes: `state` += compression of the block whose word j is `w[j]`.
PIAOJUE_AVX512 void compress16(State16& state, Block16 block) {
    __m512i* w = block.v;
    __m512i a = state.v[0], b = state.v[1], c = state.v[2], d = state.v[3];
    __m512i e = state.v[4], f = state.v[5], g = state.v[6], h = state.v[7];
#pragma GCC unroll 64
    for (int i = 0; i < 64; ++i) {
        if (i >= 16) {
            const __m512i x = w[(i + 1) & 15];
            const __m512i y = w[(i + 14) & 15];
            const __m512i s0 = _mm512_ternarylogic_epi32(ror<7>(x), ror<18>(x), _mm512_srli_epi32(x, 3), k_xor3);
            const __m512i s1 = _mm512_ternarylogic_epi32(ror<17>(y), ror<19>(y), _mm512_srli_epi32(y, 10), k_xor3);
            w[i & 15] = add(add(w[i & 15], s0), add(w[(i + 9) & 15], s1));
        }
        const __m512i big_s1 = _mm512_ternarylogic_epi32(ror<6>(e), ror<11>(e), ror<25>(e), k_xor3);
        const __m512i ch = _mm512_ternarylogic_epi32(e, f, g, k_choose);
        const __m512i kw = add(w[i & 15], _mm512_set1_epi32(static_cast<int>(k_round[static_cast<std::size_t>(i)])));
        const __m512i t1 = add(add(h, big_s1), add(ch, kw));
        const __m512i big_s0 = _mm512_ternarylogic_epi32(ror<2>(a), ror<13>(a), ror<22>(a), k_xor3);
        const __m512i t2 = add(big_s0, _mm512_ternarylogic_epi32(a, b, c, k_majority));
        h = g;
        g = f;
        f = e;
        e = add(d, t1);
        d = c;
        c = b;
        b = a;
        a = add(t1, t2);
    }
    state.v[0] = add(state.v[0], a);
    state.v[1] = add(state.v[1], b);
    state.v[2] = add(state.v[2], c);
    state.v[3] = add(state.v[3], d);
    state.v[4] = add(state.v[4], e);
    state.v[5] = add(state.v[5], f);
    state.v[6] = add(state.v[6], g);
    state.v[7] = add(state.v[7], h);
}

// The first three steps of a 16 × 16 transpose of 32-bit words, on `n` (8 or 16) rows: 32-bit
// pairs, then 64-bit pairs, then 128-bit lanes within groups of eight rows. (The fourth step,
// across the two groups, is in load_block.)
template <std::size_t N>
PIAOJUE_AVX512 void transpose_steps(__m512i (&r)[N]) {
    __m512i t[N];
    for (std::size_t k = 0; k < N / 2; ++k) {
        t[2 * k] = _mm512_unpacklo_epi32(r[2 * k], r[2 * k + 1]);
        t[2 * k + 1] = _mm512_unpackhi_epi32(r[2 * k], r[2 * k + 1]);
    }
    for (std::size_t k = 0; k < N / 4; ++k) {
        r[4 * k] = _mm512_unpacklo_epi64(t[4 * k], t[4 * k + 2]);
        r[4 * k + 1] = _mm512_unpackhi_epi64(t[4 * k], t[4 * k + 2]);
        r[4 * k + 2] = _mm512_unpacklo_epi64(t[4 * k + 1], t[4 * k + 3]);
        r[4 * k + 3] = _mm512_unpackhi_epi64(t[4 * k + 1], t[4 * k + 3]);
    }
    for (std::size_t k = 0; k < N / 8; ++k) {
        for (std::size_t i = 0; i < 4; ++i) {
            t[8 * k + i] = _mm512_shuffle_i32x4(r[8 * k + i], r[8 * k + 4 + i], 0x88);
            t[8 * k + 4 + i] = _mm512_shuffle_i32x4(r[8 * k + i], r[8 * k + 4 + i], 0xdd);
        }
    }
    for (std::size_t i = 0; i < N; ++i) r[i] = t[i];
}

// Block `k` of the messages in[i] whose bit i is set in `lanes` (zeros in the other lanes: a
// message of one block has no second one to read), transposed: word j of lane i is word j of
// in[i]'s block, big-endian read.
PIAOJUE_AVX512 Block16 load_block(const ShortMessage* in, std::size_t k, __mmask16 lanes) {
    __m512i r[16];
    for (std::size_t i = 0; i < 16; ++i) {
        const auto all_or_none = static_cast<__mmask16>(((lanes >> i) & 1U) != 0 ? 0xFFFF : 0);
        r[i] = byteswap_words(_mm512_maskz_load_epi32(all_or_none, in[i].block + 64 * k));
    }
    transpose_steps(r);
    Block16 w;
    for (std::size_t i = 0; i < 8; ++i) {
        w.v[i] = _mm512_shuffle_i32x4(r[i], r[8 + i], 0x88);
        w.v[8 + i] = _mm512_shuffle_i32x4(r[i], r[8 + i], 0xdd);
    }
    return w;
}

PIAOJUE_AVX512 void sha256_x16(std::span<const ShortMessage, k_sha256_lanes> in,
                               std::span<Digest, k_sha256_lanes> out) {
    State16 state;
    for (std::size_t i = 0; i < 8; ++i) state.v[i] = _mm512_set1_epi32(static_cast<int>(k_initial_state[i]));
    compress16(state, load_block(in.data(), 0, 0xFFFF));
    // Lanes of two blocks take the second compression; the others keep the first's state.
    __mmask16 two = 0;
    for (std::size_t i = 0; i < k_sha256_lanes; ++i)
        if (in[i].blocks == 2) two = static_cast<__mmask16>(two | (1U << i));
    if (two != 0) {
        State16 second = state;
        compress16(second, load_block(in.data(), 1, two));
        for (std::size_t i = 0; i < 8; ++i) state.v[i] = _mm512_mask_mov_epi32(state.v[i], two, second.v[i]);
    }
    // Transposed back, big-endian: after the three steps on the eight state rows, lane l's
    // digest is the 128-bit lanes 0 and 2 of row l (l < 8), or 1 and 3 of row l − 8.
    __m512i r[8];
    for (std::size_t i = 0; i < 8; ++i) r[i] = byteswap_words(state.v[i]);
    transpose_steps(r);
    for (std::size_t l = 0; l < 8; ++l) {
        auto* low = reinterpret_cast<__m128i*>(out[l].data());
        auto* high = reinterpret_cast<__m128i*>(out[l + 8].data());
        _mm_storeu_si128(low, _mm512_extracti32x4_epi32(r[l], 0));
        _mm_storeu_si128(low + 1, _mm512_extracti32x4_epi32(r[l], 2));
        _mm_storeu_si128(high, _mm512_extracti32x4_epi32(r[l], 1));
        _mm_storeu_si128(high + 1, _mm512_extracti32x4_epi32(r[l], 3));
    }
}

// The same eight lanes at a time in AVX2 registers, which have neither rotations nor
// three-input logic: a rotation is two shifts and an OR, Σ and σ two XORs more, Ch and Maj
// three instructions each.
template <int N>
PIAOJUE_AVX2 inline __m256i ror(__m256i x) {
    return _mm256_or_si256(_mm256_srli_epi32(x, N), _mm256_slli_epi32(x, 32 - N));
}

PIAOJUE_AVX2 inline __m256i add(__m256i a, __m256i b) {
    return _mm256_add_epi32(a, b);
}

PIAOJUE_AVX2 inline __m256i xor3(__m256i a, __m256i b, __m256i c) {
    return _mm256_xor_si256(_mm256_xor_si256(a, b), c);
}

PIAOJUE_AVX2 inline __m256i byteswap_words(__m256i v) {
    const __m256i order = _mm256_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9,
                                          10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
    return _mm256_shuffle_epi8(v, order);
}

struct State8 {
    __m256i v[8];
};
struct Block8 {
    __m256i v[16];
};

// FIPS 180-4 §6.2.2 on 8 lanes, as compress16.
PIAOJUE_AVX2 void compress8(State8& state, Block8 block) {
    __m256i* w = block.v;
    __m256i a = state.v[0], b = state.v[1], c = state.v[2], d = state.v[3];
    __m256i e = state.v[4], f = state.v[5], g = state.v[6], h = state.v[7];
#pragma GCC unroll 64
    for (int i = 0; i < 64; ++i) {
        if (i >= 16) {
            const __m256i x = w[(i + 1) & 15];
            const __m256i y = w[(i + 14) & 15];
            const __m256i s0 = xor3(ror<7>(x), ror<18>(x), _mm256_srli_epi32(x, 3));
            const __m256i s1 = xor3(ror<17>(y), ror<19>(y), _mm256_srli_epi32(y, 10));
            w[i & 15] = add(add(w[i & 15], s0), add(w[(i + 9) & 15], s1));
        }
        const __m256i big_s1 = xor3(ror<6>(e), ror<11>(e), ror<25>(e));
        const __m256i ch = _mm256_xor_si256(_mm256_and_si256(_mm256_xor_si256(f, g), e), g);
        const __m256i kw = add(w[i & 15], _mm256_set1_epi32(static_cast<int>(k_round[static_cast<std::size_t>(i)])));
        const __m256i t1 = add(add(h, big_s1), add(ch, kw));
        const __m256i big_s0 = xor3(ror<2>(a), ror<13>(a), ror<22>(a));
        // Maj(a, b, c) = b where a = b, else c: b ^ ((a ^ b) & (b ^ c)).
        const __m256i maj = _mm256_xor_si256(b, _mm256_and_si256(_mm256_xor_si256(a, b), _mm256_xor_si256(b, c)));
        const __m256i t2 = add(big_s0, maj);
        h = g;
        g = f;
        f = e;
        e = add(d, t1);
        d = c;
        c = b;
        b = a;
        a = add(t1, t2);
    }
    state.v[0] = add(state.v[0], a);
    state.v[1] = add(state.v[1], b);
    state.v[2] = add(state.v[2], c);
    state.v[3] = add(state.v[3], d);
    state.v[4] = add(state.v[4], e);
    state.v[5] = add(state.v[5], f);
    state.v[6] = add(state.v[6], g);
    state.v[7] = add(state.v[7], h);
}

// An 8 × 8 transpose of 32-bit words: 32-bit pairs, 64-bit pairs, then the 128-bit halves.
PIAOJUE_AVX2 void transpose8(__m256i (&r)[8]) {
    __m256i t[8];
    for (std::size_t k = 0; k < 4; ++k) {
        t[2 * k] = _mm256_unpacklo_epi32(r[2 * k], r[2 * k + 1]);
        t[2 * k + 1] = _mm256_unpackhi_epi32(r[2 * k], r[2 * k + 1]);
    }
    for (std::size_t k = 0; k < 2; ++k) {
        r[4 * k] = _mm256_unpacklo_epi64(t[4 * k], t[4 * k + 2]);
        r[4 * k + 1] = _mm256_unpackhi_epi64(t[4 * k], t[4 * k + 2]);
        r[4 * k + 2] = _mm256_unpacklo_epi64(t[4 * k + 1], t[4 * k + 3]);
        r[4 * k + 3] = _mm256_unpackhi_epi64(t[4 * k + 1], t[4 * k + 3]);
    }
    for (std::size_t i = 0; i < 4; ++i) {
        t[i] = _mm256_permute2x128_si256(r[i], r[4 + i], 0x20);
        t[4 + i] = _mm256_permute2x128_si256(r[i], r[4 + i], 0x31);
    }
    for (std::size_t i = 0; i < 8; ++i) r[i] = t[i];
}

// Block `k` of the eight messages at `in`, transposed as load_block does; zeros in the lanes
// whose message has no block `k`.
PIAOJUE_AVX2 Block8 load_block8(const ShortMessage* in, std::size_t k) {
    Block8 w;
    for (std::size_t half = 0; half < 2; ++half) {
        __m256i r[8];
        for (std::size_t i = 0; i < 8; ++i)
            r[i] = k < in[i].blocks ? byteswap_words(_mm256_load_si256(
                                          reinterpret_cast<const __m256i*>(in[i].block + 64 * k + 32 * half)))
                                    : _mm256_setzero_si256();
        transpose8(r);
        for (std::size_t j = 0; j < 8; ++j) w.v[8 * half + j] = r[j];
    }
    return w;
}

PIAOJUE_AVX2 void sha256_x8(std::span<const ShortMessage, k_sha256_avx2_lanes> in,
                            std::span<Digest, k_sha256_avx2_lanes> out) {
    State8 state;
    for (std::size_t i = 0; i < 8; ++i) state.v[i] = _mm256_set1_epi32(static_cast<int>(k_initial_state[i]));
    compress8(state, load_block8(in.data(), 0));
    // Lanes of two blocks take the second compression (a blend by an all-ones lane mask).
    alignas(32) std::array<std::int32_t, 8> two{};
    bool any = false;
    for (std::size_t i = 0; i < k_sha256_avx2_lanes; ++i) {
        two[i] = in[i].blocks == 2 ? -1 : 0;
        any = any || in[i].blocks == 2;
    }
    if (any) {
        const __m256i mask = _mm256_load_si256(reinterpret_cast<const __m256i*>(two.data()));
        State8 second = state;
        compress8(second, load_block8(in.data(), 1));
        for (std::size_t i = 0; i < 8; ++i) state.v[i] = _mm256_blendv_epi8(state.v[i], second.v[i], mask);
    }
    // Transposed back: row l is lane l's eight state words, written big-endian.
    for (std::size_t i = 0; i < 8; ++i) state.v[i] = byteswap_words(state.v[i]);
    transpose8(state.v);
    for (std::size_t l = 0; l < 8; ++l) _mm256_storeu_si256(reinterpret_cast<__m256i*>(out[l].data()), state.v[l]);
}
#endif

}  // namespace

bool sha256_x16_supported() {
#if PIAOJUE_SHA256_LANES
    return cpu_has_avx512bw();
#else
    return false;
#endif
}

bool sha256_x8_supported() {
#if PIAOJUE_SHA256_LANES
    return cpu_has_avx2();
#else
    return false;
#endif
}

void sha256_short_x16(std::span<const ShortMessage, k_sha256_lanes> in, std::span<Digest, k_sha256_lanes> out) {
#if PIAOJUE_SHA256_LANES
    sha256_x16(in, out);
#else
    (void)in;
    (void)out;
    __builtin_trap();  // callers ask sha256_x16_supported() first
#endif
}

void sha256_short_x8(std::span<const ShortMessage, k_sha256_avx2_lanes> in,
                     std::span<Digest, k_sha256_avx2_lanes> out) {
#if PIAOJUE_SHA256_LANES
    sha256_x8(in, out);
#else
    (void)in;
    (void)out;
    __builtin_trap();  // callers ask sha256_x8_supported() first
#endif
}

Digest sha256_short(const ShortMessage& m) {
    SHA256_CTX c = initial_state();
    SHA256_Transform(&c, m.block);
    if (m.blocks == 2) SHA256_Transform(&c, m.block + 64);
    return state_digest(c);
}

bool openssl_ia32cap_masks_sha_ni(std::string_view value) {
    const std::size_t colon = value.find(':');
    if (colon == std::string_view::npos) return false;
    std::string_view second = value.substr(colon + 1);
    const bool clear = second.starts_with('~');
    if (clear) second.remove_prefix(1);
    const std::uint64_t bits = std::strtoull(std::string(second).c_str(), nullptr, 0);
    const bool sha_bit = ((bits >> 29) & 1U) != 0;
    return clear ? sha_bit : !sha_bit;
}

// OpenSSL reads OPENSSL_ia32cap once, at its start; so do we, to know which of its SHA-256 paths
// the two-at-a-time kernel runs.
bool openssl_sha256_uses_sha_ni() {
    static const bool k_uses = [] {
        const char* value = std::getenv("OPENSSL_ia32cap");
        return cpu_has_sha_ni() && (value == nullptr || !openssl_ia32cap_masks_sha_ni(value));
    }();
    return k_uses;
}

// Measured with a small program (1 M one-block and 1 M two-block messages in groups of sixteen,
// docs/performance.md): eight AVX2 lanes ~45 ns a block, OpenSSL's function on two chains ~27
// ns with SHA-NI and ~140 ns without it. So eight lanes only where OpenSSL has no SHA-NI.
Sha256Kernel sha256_kernel(SimdLevel level) {
    switch (std::min(level, cpu_simd_level())) {
        case SimdLevel::avx512:
            return Sha256Kernel::x16;
        case SimdLevel::avx2:
            return openssl_sha256_uses_sha_ni() ? Sha256Kernel::x2 : Sha256Kernel::x8;
        case SimdLevel::baseline:
        case SimdLevel::scalar:
            break;
    }
    return Sha256Kernel::x2;
}

std::string_view sha256_kernel_name(Sha256Kernel kernel) {
    switch (kernel) {
        case Sha256Kernel::x16:
            return "avx512x16";
        case Sha256Kernel::x8:
            return "avx2x8";
        case Sha256Kernel::x2:
            break;
    }
    return openssl_sha256_uses_sha_ni() ? "shanix2" : "opensslx2";
}

void sha256_short_many(std::span<const ShortMessage> in, std::span<Digest> out, Sha256Kernel kernel) {
    std::size_t i = 0;
    if (kernel == Sha256Kernel::x16)
        for (; i + k_sha256_lanes <= in.size(); i += k_sha256_lanes)
            sha256_short_x16(in.subspan(i).first<k_sha256_lanes>(), out.subspan(i).first<k_sha256_lanes>());
    if (kernel == Sha256Kernel::x8)
        for (; i + k_sha256_avx2_lanes <= in.size(); i += k_sha256_avx2_lanes)
            sha256_short_x8(in.subspan(i).first<k_sha256_avx2_lanes>(), out.subspan(i).first<k_sha256_avx2_lanes>());
    for (; i + 1 < in.size(); i += 2) sha256_short_x2(in[i], in[i + 1], out[i], out[i + 1]);
    if (i < in.size()) out[i] = sha256_short(in[i]);
}

void sha256_short_many(std::span<const ShortMessage> in, std::span<Digest> out) {
    static const Sha256Kernel k_kernel = sha256_kernel(simd_level());
    sha256_short_many(in, out, k_kernel);
}

}  // namespace piaojue::detail
