// SHA-256 of short messages (one or two blocks, padded by the caller) for the Merkle tree, many
// at a time: sixteen in the lanes of AVX-512 registers where the CPU has them, eight in AVX2
// registers where it has AVX2 only, otherwise two at a time through OpenSSL's block function
// (docs/design.md, "Digest calls").
#pragma once

#include <cstddef>
#include <span>

#include <piaojue/digest.hpp>

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

/// SHA-256 of each of `in` into `out` (same size): sixteen at a time where supported, two at a
/// time with OpenSSL's block function otherwise and for the rest.
void sha256_short_many(std::span<const ShortMessage> in, std::span<Digest> out);

}  // namespace piaojue::detail
