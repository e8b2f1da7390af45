// The CSV reader's byte classes, 64 bytes at a time (docs/design.md, "The CSV scan"): the
// kernels behind CsvReader's fast path. Internal to the core and its tests. The scalar kernel is
// compiled on every architecture and is the reference the SIMD kernels are tested against
// (tests/test_csv_classify.cpp).
#pragma once

#include <cstdint>

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
/// set to those this block owes to the next. The reader uses classify_block_avx512 where
/// csv_avx512_supported(), classify_block otherwise; all kernels give the same masks.
[[nodiscard]] CsvScanBlock classify_block(const char* p, std::uint64_t& owed);
/// The same a byte at a time, on every architecture: what classify_block runs without SSE2.
[[nodiscard]] CsvScanBlock classify_block_scalar(const char* p, std::uint64_t& owed);
/// The same with AVX-512BW; only where csv_avx512_supported() (elsewhere classify_block).
[[nodiscard]] CsvScanBlock classify_block_avx512(const char* p, std::uint64_t& owed);
/// Whether classify_block_avx512 can run on this CPU (AVX-512F and AVX-512BW, saved by the OS).
[[nodiscard]] bool csv_avx512_supported();

/// Whether classify_block is the SSE2 kernel (baseline x86-64) rather than classify_block_scalar.
#if defined(__SSE2__)
inline constexpr bool k_classify_block_sse2 = true;
#else
inline constexpr bool k_classify_block_sse2 = false;
#endif

}  // namespace piaojue::detail
