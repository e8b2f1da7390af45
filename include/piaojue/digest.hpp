// Digests of raw input bytes and records: SHA-256 (default) or SM3 (国密), both through OpenSSL's
// EVP interface. Both give 32 bytes, so one Digest type serves both.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace piaojue {

/// The digest algorithm a session chose in `[rules] digest`.
enum class DigestAlgo { sha256, sm3 };

/// 32 raw digest bytes.
using Digest = std::array<std::uint8_t, 32>;

/// `"sha256"` or `"sm3"`, as written in session files and records.
[[nodiscard]] std::string_view digest_name(DigestAlgo algo);
/// The algorithm named `name`, or nullopt.
[[nodiscard]] std::optional<DigestAlgo> parse_digest_name(std::string_view name);

/// An incremental digest; reusable after `finish` (it resets itself).
class Hasher {
public:
    explicit Hasher(DigestAlgo algo);
    ~Hasher();
    Hasher(Hasher&&) noexcept;
    Hasher& operator=(Hasher&&) noexcept;
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;

    /// Feeds `bytes`.
    void update(std::string_view bytes);
    void update(const void* data, std::size_t size);
    /// The digest of everything fed since construction or the last `finish`; then resets.
    [[nodiscard]] Digest finish();
    [[nodiscard]] DigestAlgo algo() const { return algo_; }

private:
    DigestAlgo algo_;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// The digest of `bytes` under `algo`.
[[nodiscard]] Digest digest(DigestAlgo algo, std::string_view bytes);

/// Lowercase hex of `bytes`.
[[nodiscard]] std::string to_hex(std::span<const std::uint8_t> bytes);
/// The bytes of lowercase or uppercase hex `hex`, or nullopt if it is not hex of even length.
[[nodiscard]] std::optional<std::string> from_hex(std::string_view hex);

}  // namespace piaojue
