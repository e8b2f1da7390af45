// Byte sources: the seam through which the core reads input without touching files itself.
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <string_view>

namespace piaojue {

/// A stream of bytes read in chunks.
class Source {
public:
    virtual ~Source() = default;
    /// Reads up to `size` bytes into `buffer`; returns how many, 0 only at the end.
    virtual std::size_t read(char* buffer, std::size_t size) = 0;
    /// The total number of bytes, when known before reading (a regular file's size); else none.
    [[nodiscard]] virtual std::optional<std::size_t> known_size() const { return std::nullopt; }
};

/// A source over bytes held in memory (which must outlive it).
class StringSource final : public Source {
public:
    explicit StringSource(std::string_view bytes) : bytes_(bytes) {}
    std::size_t read(char* buffer, std::size_t size) override;

private:
    std::string_view bytes_;
};

/// A source over a `std::istream` (which must outlive it).
class IstreamSource final : public Source {
public:
    explicit IstreamSource(std::istream& in) : in_(in) {}
    std::size_t read(char* buffer, std::size_t size) override;

private:
    std::istream& in_;
};

/// Bytes held in memory (which must outlive it), then the rest of another source: what was
/// read ahead of a reader, handed to it.
class PrefixSource final : public Source {
public:
    PrefixSource(std::string_view prefix, Source& rest) : prefix_(prefix), rest_(rest) {}
    std::size_t read(char* buffer, std::size_t size) override;

private:
    std::string_view prefix_;
    Source& rest_;
};

/// Reads up to `size` more bytes of `source` onto the end of `out`; returns how many, 0 only
/// at the end.
std::size_t read_append(Source& source, std::string& out, std::size_t size);

/// Reads all of `source`, failing with `std::length_error` past `limit` bytes.
[[nodiscard]] std::string read_all(Source& source, std::size_t limit);

}  // namespace piaojue
