// The CSV block classifier's kernels: SSE2 (baseline x86-64), AVX2 and AVX-512BW where the CPU
// has them, NEON (baseline aarch64), and the scalar reference compiled everywhere
// (csv_classify.hpp).
#include "csv_classify.hpp"

#include "cpu_features.hpp"

#include <algorithm>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define PIAOJUE_CSV_AVX512 1
#define PIAOJUE_CSV_AVX512_TARGET __attribute__((target("avx512f,avx512bw")))
#define PIAOJUE_CSV_AVX2_TARGET __attribute__((target("avx2")))
#include <immintrin.h>
#endif
#if defined(__aarch64__) && defined(__ARM_NEON)
#define PIAOJUE_CSV_NEON 1
#include <arm_neon.h>
#endif

namespace piaojue::detail {

namespace {

#if defined(__SSE2__)
// Bytes of `x` (bytes with the top bit flipped: see classify) in [lo, hi] (unsigned), as a vector
// mask. SSE2 compares are signed: flipping the top bit of both sides makes them unsigned.
// `lo` must be at least 1 and `hi` at most FE.
inline __m128i in_range(__m128i x, unsigned char lo, unsigned char hi) {
    const __m128i l = _mm_set1_epi8(static_cast<char>((lo ^ 0x80) - 1));
    const __m128i h = _mm_set1_epi8(static_cast<char>((hi ^ 0x80) + 1));
    return _mm_and_si128(_mm_cmpgt_epi8(x, l), _mm_cmplt_epi8(x, h));
}
inline __m128i equal(__m128i v, char c) {
    return _mm_cmpeq_epi8(v, _mm_set1_epi8(c));
}
inline std::uint64_t bits(__m128i mask, unsigned k) {
    return std::uint64_t{static_cast<unsigned>(_mm_movemask_epi8(mask))} << (16 * k);
}
#endif

// UTF-8 is proven valid where every continuation byte (80–BF) is owed by the lead byte before
// it and every owed byte is a continuation byte, for the lead bytes whose every continuation is
// valid: C2–DF (one follows), E1–EC and EE–EF (two), F1–F3 (three). A mismatch, or any other
// byte ≥ 80 (C0 C1 E0 ED F0 F4–FF), is a bit of `check`: the record holding it is validated
// exactly. `owed` comes in as the continuations owed to this block and goes out as those it
// owes to the next.
inline std::uint64_t utf8_check(std::uint64_t& owed, std::uint64_t high, std::uint64_t cont, std::uint64_t lead2,
                                std::uint64_t lead3, std::uint64_t lead4) {
    const std::uint64_t odd = high & ~(cont | lead2 | lead3 | lead4);
    const std::uint64_t due =
        owed | (lead2 << 1) | (lead3 << 1) | (lead3 << 2) | (lead4 << 1) | (lead4 << 2) | (lead4 << 3);
    owed = (lead2 >> 63) | (lead3 >> 63) | (lead3 >> 62) | (lead4 >> 63) | (lead4 >> 62) | (lead4 >> 61);
    return (due ^ cont) | odd;
}

#if PIAOJUE_CSV_AVX512
PIAOJUE_CSV_AVX512_TARGET inline std::uint64_t equal_mask(__m512i v, char c) {
    return _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(c));
}
// Bytes of `v` in [lo, lo + n) (unsigned): v − lo below n, wrapping around.
PIAOJUE_CSV_AVX512_TARGET inline std::uint64_t range_mask(__m512i v, unsigned char lo, unsigned char n) {
    return _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8(static_cast<char>(lo))),
                                  _mm512_set1_epi8(static_cast<char>(n)));
}

// 64 bytes as two AVX2 registers, and their compares as 64-bit masks (bit i = byte i).
struct Bytes64 {
    __m256i low, high;
};
PIAOJUE_CSV_AVX2_TARGET inline std::uint64_t bits(__m256i low, __m256i high) {
    return std::uint64_t{static_cast<std::uint32_t>(_mm256_movemask_epi8(low))} |
           std::uint64_t{static_cast<std::uint32_t>(_mm256_movemask_epi8(high))} << 32;
}
PIAOJUE_CSV_AVX2_TARGET inline std::uint64_t equal_mask(Bytes64 v, char c) {
    const __m256i k = _mm256_set1_epi8(c);
    return bits(_mm256_cmpeq_epi8(v.low, k), _mm256_cmpeq_epi8(v.high, k));
}
// Bytes of `x` in [lo, lo + n) (unsigned, n ≥ 1): x − lo, wrapping around, is at most n − 1, which
// AVX2 (whose compares are signed) tests as min(x − lo, n − 1) = x − lo.
PIAOJUE_CSV_AVX2_TARGET inline __m256i in_range(__m256i x, unsigned char lo, unsigned char n) {
    const __m256i d = _mm256_sub_epi8(x, _mm256_set1_epi8(static_cast<char>(lo)));
    return _mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(static_cast<char>(n - 1))), d);
}
PIAOJUE_CSV_AVX2_TARGET inline std::uint64_t range_mask(Bytes64 v, unsigned char lo, unsigned char n) {
    return bits(in_range(v.low, lo, n), in_range(v.high, lo, n));
}
#endif

#if PIAOJUE_CSV_NEON
// 64 bytes as four NEON registers. NEON has no movemask: each compare result (FF or 00 a byte)
// keeps the bit of its position within its eight bytes, and three pairwise additions gather
// the bits of eight bytes into one byte, of all four registers into 64 bits.
struct Bytes64 {
    uint8x16_t v[4];
};
inline std::uint64_t bits(const uint8x16_t (&m)[4]) {
    static constexpr unsigned char k_weights[16] = {1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128};
    const uint8x16_t weight = vld1q_u8(k_weights);
    const uint8x16_t a = vpaddq_u8(vandq_u8(m[0], weight), vandq_u8(m[1], weight));
    const uint8x16_t b = vpaddq_u8(vandq_u8(m[2], weight), vandq_u8(m[3], weight));
    const uint8x16_t ab = vpaddq_u8(a, b);
    return vgetq_lane_u64(vreinterpretq_u64_u8(vpaddq_u8(ab, ab)), 0);
}
inline std::uint64_t equal_mask(const Bytes64& x, unsigned char c) {
    uint8x16_t m[4];
    for (unsigned k = 0; k < 4; ++k) m[k] = vceqq_u8(x.v[k], vdupq_n_u8(c));
    return bits(m);
}
// Bytes of `x` in [lo, lo + n) (unsigned, n ≥ 1): x − lo, wrapping around, is at most n − 1.
inline std::uint64_t range_mask(const Bytes64& x, unsigned char lo, unsigned char n) {
    uint8x16_t m[4];
    for (unsigned k = 0; k < 4; ++k)
        m[k] = vcleq_u8(vsubq_u8(x.v[k], vdupq_n_u8(lo)), vdupq_n_u8(static_cast<unsigned char>(n - 1)));
    return bits(m);
}
#endif

}  // namespace

// Sixteen bytes at a time with SSE2 (baseline x86-64) or NEON (baseline aarch64), or a byte at a
// time elsewhere. A block of ASCII, the usual case, skips the UTF-8 classes.
CsvScanBlock classify_block(const char* p, std::uint64_t& owed) {
#if defined(__SSE2__)
    CsvScanBlock b;
    std::uint64_t high = 0, cont = 0, lead2 = 0, lead3 = 0, lead4 = 0;
    __m128i v[4];
    for (unsigned k = 0; k < 4; ++k) v[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const bool ascii = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(v[0], v[1]), _mm_or_si128(v[2], v[3]))) == 0;
    const __m128i flip = _mm_set1_epi8(static_cast<char>(0x80));
    const __m128i below_space = _mm_set1_epi8(static_cast<char>(0x20 ^ 0x80));
    for (unsigned k = 0; k < 4; ++k) {
        const __m128i x = _mm_xor_si128(v[k], flip);
        // A control character other than TAB (CR and LF included), DEL, or '"'.
        const __m128i special = _mm_or_si128(_mm_andnot_si128(equal(v[k], '\t'), _mm_cmplt_epi8(x, below_space)),
                                             _mm_or_si128(equal(v[k], '\x7F'), equal(v[k], '"')));
        b.comma |= bits(equal(v[k], ','), k);
        b.lf |= bits(equal(v[k], '\n'), k);
        b.special |= bits(special, k);
        if (ascii) continue;
        high |= bits(v[k], k);
        cont |= bits(in_range(x, 0x80, 0xBF), k);
        lead2 |= bits(in_range(x, 0xC2, 0xDF), k);
        lead3 |= bits(_mm_or_si128(in_range(x, 0xE1, 0xEC), in_range(x, 0xEE, 0xEF)), k);
        lead4 |= bits(in_range(x, 0xF1, 0xF3), k);
    }
    b.check = utf8_check(owed, high, cont, lead2, lead3, lead4);
    return b;
#elif PIAOJUE_CSV_NEON
    Bytes64 v;
    for (unsigned k = 0; k < 4; ++k) v.v[k] = vld1q_u8(reinterpret_cast<const unsigned char*>(p) + 16 * k);
    CsvScanBlock b;
    b.comma = equal_mask(v, ',');
    b.lf = equal_mask(v, '\n');
    b.special = (range_mask(v, 0x00, 0x20) & ~equal_mask(v, '\t')) | equal_mask(v, 0x7F) | equal_mask(v, '"');
    const uint8x16_t any = vorrq_u8(vorrq_u8(v.v[0], v.v[1]), vorrq_u8(v.v[2], v.v[3]));
    if (vmaxvq_u8(any) < 0x80 && owed == 0) return b;
    b.check = utf8_check(owed, range_mask(v, 0x80, 0x80), range_mask(v, 0x80, 0x40), range_mask(v, 0xC2, 0x1E),
                         range_mask(v, 0xE1, 0x0C) | range_mask(v, 0xEE, 0x02), range_mask(v, 0xF1, 0x03));
    return b;
#else
    return classify_block_scalar(p, owed);
#endif
}

CsvScanBlock classify_block_scalar(const char* p, std::uint64_t& owed) {
    CsvScanBlock b;
    std::uint64_t high = 0, cont = 0, lead2 = 0, lead3 = 0, lead4 = 0;
    for (unsigned i = 0; i < 64; ++i) {
        auto c = static_cast<unsigned char>(p[i]);
        std::uint64_t bit = std::uint64_t{1} << i;
        if (c == ',') b.comma |= bit;
        if (c == '\n') b.lf |= bit;
        if (c == '"' || (c < 0x20 && c != '\t') || c == 0x7F) b.special |= bit;
        if (c >= 0x80) high |= bit;
        if (c >= 0x80 && c <= 0xBF)
            cont |= bit;
        else if (c >= 0xC2 && c <= 0xDF)
            lead2 |= bit;
        else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
            lead3 |= bit;
        else if (c >= 0xF1 && c <= 0xF3)
            lead4 |= bit;
    }
    b.check = utf8_check(owed, high, cont, lead2, lead3, lead4);
    return b;
}

#if PIAOJUE_CSV_AVX512
// The same masks from one 64-byte register: AVX-512BW compares give the bit masks directly, and
// compare unsigned, so each class is one or two instructions.
PIAOJUE_CSV_AVX512_TARGET CsvScanBlock classify_block_avx512(const char* p, std::uint64_t& owed) {
    const __m512i v = _mm512_loadu_si512(p);
    CsvScanBlock b;
    b.comma = equal_mask(v, ',');
    b.lf = equal_mask(v, '\n');
    b.special = (range_mask(v, 0x00, 0x20) & ~equal_mask(v, '\t')) | equal_mask(v, '\x7F') | equal_mask(v, '"');
    const std::uint64_t high = _mm512_movepi8_mask(v);
    if (high == 0 && owed == 0) return b;
    b.check = utf8_check(owed, high, range_mask(v, 0x80, 0x40), range_mask(v, 0xC2, 0x1E),
                         range_mask(v, 0xE1, 0x0C) | range_mask(v, 0xEE, 0x02), range_mask(v, 0xF1, 0x03));
    return b;
}

// The same from two 32-byte registers: each compare's 32 byte results become 32 bits with one
// movemask; unsigned ranges are a subtraction and an unsigned minimum.
PIAOJUE_CSV_AVX2_TARGET CsvScanBlock classify_block_avx2(const char* p, std::uint64_t& owed) {
    const Bytes64 v{_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)),
                    _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32))};
    CsvScanBlock b;
    b.comma = equal_mask(v, ',');
    b.lf = equal_mask(v, '\n');
    b.special = (range_mask(v, 0x00, 0x20) & ~equal_mask(v, '\t')) | equal_mask(v, '\x7F') | equal_mask(v, '"');
    const std::uint64_t high = bits(v.low, v.high);
    if (high == 0 && owed == 0) return b;
    b.check = utf8_check(owed, high, range_mask(v, 0x80, 0x40), range_mask(v, 0xC2, 0x1E),
                         range_mask(v, 0xE1, 0x0C) | range_mask(v, 0xEE, 0x02), range_mask(v, 0xF1, 0x03));
    return b;
}

bool csv_avx2_supported() {
    return cpu_has_avx2();
}

bool csv_avx512_supported() {
    return cpu_has_avx512bw();
}
#else
CsvScanBlock classify_block_avx2(const char* p, std::uint64_t& owed) {
    return classify_block(p, owed);
}

CsvScanBlock classify_block_avx512(const char* p, std::uint64_t& owed) {
    return classify_block(p, owed);
}

bool csv_avx2_supported() {
    return false;
}

bool csv_avx512_supported() {
    return false;
}
#endif

CsvClassifier csv_classifier(SimdLevel level) {
    switch (std::min(level, cpu_simd_level())) {
        case SimdLevel::avx512:
            return classify_block_avx512;
        case SimdLevel::avx2:
            return classify_block_avx2;
        case SimdLevel::baseline:
            return classify_block;
        case SimdLevel::scalar:
            break;
    }
    return classify_block_scalar;
}

std::string_view csv_classifier_name(SimdLevel level) {
    switch (std::min(level, cpu_simd_level())) {
        case SimdLevel::avx512:
            return "avx512bw";
        case SimdLevel::avx2:
            return "avx2";
        case SimdLevel::baseline:
            return k_classify_block_kernel;
        case SimdLevel::scalar:
            break;
    }
    return "scalar";
}

}  // namespace piaojue::detail
