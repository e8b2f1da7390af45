// The CSV reader's byte classes, 64 bytes at a time (docs/design.md, "The CSV scan"): the
// kernels behind CsvReader's fast path. Internal to the core and its tests. The scalar kernel is
// compiled on every architecture and is the reference the SIMD kernels (SSE2, AVX2, AVX-512BW,
// NEON) are tested against (tests/test_csv_classify.cpp).
#pragma once

#include <cstdint>
#include <string_view>

#include <piaojue/simd.hpp>

namespace piaojue::detail {

/// Byte classes of 64 bytes of a CsvReader's buffer, one bit per byte (bit i = byte i).
struct CsvScanBlock {
    std::uint64_t comma = 0;
    std::uint64_t lf = 0;
    std::uint64_t special = 0;  ///< '"', a control character other than TAB (CR, LF included), DEL
    std::uint64_t check = 0;    ///< UTF-8 the masks do not prove valid: validate the record exactly

    friend bool operator==(const CsvScanBlock&, const CsvScanBlock&) = default;
};

/// Classifies the 64 bytes at `p` (all readable) into a CsvScanBlock. `owed` carries the UTF-8
/// continuation bytes a lead byte near the end of the previous block owes to this one, and is
/// set to those this block owes to the next. Every kernel gives the same masks and carry; the
/// reader runs the one csv_classifier() picks.
using CsvClassifier = CsvScanBlock (*)(const char* p, std::uint64_t& owed);

/// The architecture's baseline kernel: SSE2 on x86-64, NEON on aarch64, classify_block_scalar
/// elsewhere (k_classify_block_kernel says which).
[[nodiscard]] CsvScanBlock classify_block(const char* p, std::uint64_t& owed);
/// The same a byte at a time, on every architecture: the reference the others are tested against.
[[nodiscard]] CsvScanBlock classify_block_scalar(const char* p, std::uint64_t& owed);
/// The same with AVX2; only where csv_avx2_supported() (elsewhere it is classify_block).
[[nodiscard]] CsvScanBlock classify_block_avx2(const char* p, std::uint64_t& owed);
/// The same with AVX-512BW; only where csv_avx512_supported() (elsewhere it is classify_block).
[[nodiscard]] CsvScanBlock classify_block_avx512(const char* p, std::uint64_t& owed);
/// Whether classify_block_avx2 can run on this CPU (AVX2, saved by the OS).
[[nodiscard]] bool csv_avx2_supported();
/// Whether classify_block_avx512 can run on this CPU (AVX-512F and AVX-512BW, saved by the OS).
[[nodiscard]] bool csv_avx512_supported();

/// The kernel for `level` (simd_level() by default): AVX-512BW, AVX2, the baseline or the scalar
/// one, never one this CPU cannot run.
[[nodiscard]] CsvClassifier csv_classifier(SimdLevel level = simd_level());
/// The name of csv_classifier(`level`): "avx512bw", "avx2", "sse2", "neon" or "scalar".
[[nodiscard]] std::string_view csv_classifier_name(SimdLevel level);

/// What classify_block is on this architecture.
#if defined(__SSE2__)
inline constexpr std::string_view k_classify_block_kernel = "sse2";
#elif defined(__aarch64__) && defined(__ARM_NEON)
inline constexpr std::string_view k_classify_block_kernel = "neon";
#else
inline constexpr std::string_view k_classify_block_kernel = "scalar";
#endif

}  // namespace piaojue::detail
