// SHA-256 of short messages (one or two blocks, padded by the caller) for the Merkle tree, many
// at a time: sixteen in the lanes of AVX-512 registers where the CPU has them, eight in AVX2
// registers where it has AVX2 only, otherwise two at a time through OpenSSL's block function
// (docs/design.md, "Digest calls").
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include <piaojue/digest.hpp>
#include <piaojue/simd.hpp>

namespace piaojue::detail {

/// A message of one or two SHA-256 blocks, already padded: `blocks` × 64 bytes of `block`.
struct ShortMessage {
    alignas(64) unsigned char block[128];
    std::size_t blocks;
};

/// Lanes of sha256_short_x16 and of sha256_short_x8.
inline constexpr std::size_t k_sha256_lanes = 16;
inline constexpr std::size_t k_sha256_avx2_lanes = 8;

/// Whether sha256_short_x16 can run on this CPU (x86-64 with AVX-512F and AVX-512BW, and an
/// operating system that saves their registers). Asked once; false on other architectures.
[[nodiscard]] bool sha256_x16_supported();
/// Whether sha256_short_x8 can run on this CPU (x86-64 with AVX2, saved by the OS).
[[nodiscard]] bool sha256_x8_supported();

/// SHA-256 of the 16 messages `in`, one a lane; `out[i]` is the digest of `in[i]`. The messages
/// may differ in block count. Only where sha256_x16_supported() is true.
void sha256_short_x16(std::span<const ShortMessage, k_sha256_lanes> in, std::span<Digest, k_sha256_lanes> out);
/// The same for 8 messages in AVX2 lanes. Only where sha256_x8_supported() is true.
void sha256_short_x8(std::span<const ShortMessage, k_sha256_avx2_lanes> in, std::span<Digest, k_sha256_avx2_lanes> out);

/// SHA-256 of one message.
[[nodiscard]] Digest sha256_short(const ShortMessage& m);

/// How sha256_short_many hashes: sixteen, eight or two messages at a time.
enum class Sha256Kernel : unsigned char { x2, x8, x16 };
/// The kernel for `level`, never one this CPU cannot run: sixteen at a time with AVX-512; eight
/// with AVX2 where OpenSSL's block function has no SHA-NI (openssl_sha256_uses_sha_ni), which
/// on two chains is faster than eight AVX2 lanes; otherwise two at a time through OpenSSL.
[[nodiscard]] Sha256Kernel sha256_kernel(SimdLevel level);
/// `kernel`'s name: "avx512x16", "avx2x8", or for two at a time "shanix2" (OpenSSL on SHA-NI)
/// or "opensslx2" (OpenSSL without it).
[[nodiscard]] std::string_view sha256_kernel_name(Sha256Kernel kernel);

/// Whether the OPENSSL_ia32cap setting `value` keeps OpenSSL off SHA-NI, as OpenSSL reads it:
/// "A:~B" clears B's bits of the capability words, "A:B" replaces them, and SHA-NI is bit 29 of
/// B; no ":B", no change.
[[nodiscard]] bool openssl_ia32cap_masks_sha_ni(std::string_view value);
/// Whether OpenSSL's SHA-256 block function runs on SHA-NI in this process: the CPU has it and
/// the environment's OPENSSL_ia32cap does not mask it. Read once.
[[nodiscard]] bool openssl_sha256_uses_sha_ni();

/// SHA-256 of each of `in` into `out` (same size) with `kernel` (the rest of a batch two at a
/// time and singly).
void sha256_short_many(std::span<const ShortMessage> in, std::span<Digest> out, Sha256Kernel kernel);
/// The same with sha256_kernel(simd_level()), chosen once.
void sha256_short_many(std::span<const ShortMessage> in, std::span<Digest> out);

}  // namespace piaojue::detail
