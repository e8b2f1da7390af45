#include <piaojue/digest.hpp>

// SHA-256 goes through OpenSSL's SHA256_* functions, deprecated in 3.0 in favour of EVP but
// still OpenSSL's own (SHA-NI accelerated) code: for the two million small digests of a
// million-ballot Merkle tree, EVP's per-call dispatch costs more than the hashing itself
// (docs/design.md, "Digest calls"). SM3 has no such API and stays on EVP.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <stdexcept>

namespace piaojue {

namespace {

// Only SM3 goes through EVP. Its first fetch initialises OpenSSL's providers and reads
// openssl.cnf, a few milliseconds of a meeting-size run, so a SHA-256 session never fetches.
const EVP_MD* fetch_sm3() {
    // Fetched once per process; EVP_MD objects from EVP_MD_fetch are thread-safe to share.
    static const EVP_MD* sm3 = EVP_MD_fetch(nullptr, "SM3", nullptr);
    if (sm3 == nullptr)
        throw std::runtime_error("OpenSSL lacks the digest " + std::string(digest_name(DigestAlgo::sm3)));
    return sm3;
}

}  // namespace

struct Hasher::Impl {
    EVP_MD_CTX* ctx = nullptr;  // SM3
    SHA256_CTX sha{};           // SHA-256
    ~Impl() { EVP_MD_CTX_free(ctx); }
};

std::string_view digest_name(DigestAlgo algo) {
    return algo == DigestAlgo::sm3 ? "sm3" : "sha256";
}

std::optional<DigestAlgo> parse_digest_name(std::string_view name) {
    if (name == "sha256") return DigestAlgo::sha256;
    if (name == "sm3") return DigestAlgo::sm3;
    return std::nullopt;
}

Hasher::Hasher(DigestAlgo algo) : algo_(algo), impl_(std::make_unique<Impl>()) {
    if (algo == DigestAlgo::sha256) {
        SHA256_Init(&impl_->sha);  // OpenSSL's built-in code: no provider to fetch
        return;
    }
    impl_->ctx = EVP_MD_CTX_new();
    if (impl_->ctx == nullptr || EVP_DigestInit_ex2(impl_->ctx, fetch_sm3(), nullptr) != 1)
        throw std::runtime_error("EVP_DigestInit_ex2 failed");
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

void Hasher::update(std::string_view bytes) {
    update(bytes.data(), bytes.size());
}

void Hasher::update(const void* data, std::size_t size) {
    if (algo_ == DigestAlgo::sha256) {
        SHA256_Update(&impl_->sha, data, size);
        return;
    }
    if (size > 0 && EVP_DigestUpdate(impl_->ctx, data, size) != 1) throw std::runtime_error("EVP_DigestUpdate failed");
}

Digest Hasher::finish() {
    Digest out{};
    if (algo_ == DigestAlgo::sha256) {
        SHA256_Final(out.data(), &impl_->sha);
        SHA256_Init(&impl_->sha);
        return out;
    }
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(impl_->ctx, out.data(), &len) != 1 || len != out.size())
        throw std::runtime_error("EVP_DigestFinal_ex failed");
    // Re-init with the same EVP_MD: cheaper than a new context (no allocation).
    if (EVP_DigestInit_ex2(impl_->ctx, nullptr, nullptr) != 1) throw std::runtime_error("EVP_DigestInit_ex2 failed");
    return out;
}

Digest digest(DigestAlgo algo, std::string_view bytes) {
    Hasher h(algo);
    h.update(bytes);
    return h.finish();
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (std::uint8_t b : bytes) {
        out += k_digits[b >> 4];
        out += k_digits[b & 0xF];
    }
    return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
    if (hex.size() % 2 != 0) return std::nullopt;
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
    }
    return out;
}

}  // namespace piaojue
