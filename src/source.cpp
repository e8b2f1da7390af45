#include <piaojue/source.hpp>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace piaojue {

std::size_t StringSource::read(char* buffer, std::size_t size) {
    std::size_t n = std::min(size, bytes_.size());
    if (n > 0) std::memcpy(buffer, bytes_.data(), n);
    bytes_.remove_prefix(n);
    return n;
}

std::size_t IstreamSource::read(char* buffer, std::size_t size) {
    in_.read(buffer, static_cast<std::streamsize>(size));
    return static_cast<std::size_t>(in_.gcount());
}

std::size_t PrefixSource::read(char* buffer, std::size_t size) {
    if (prefix_.empty()) return rest_.read(buffer, size);
    const std::size_t n = std::min(size, prefix_.size());
    std::memcpy(buffer, prefix_.data(), n);
    prefix_.remove_prefix(n);
    return n;
}

std::size_t read_append(Source& source, std::string& out, std::size_t size) {
    const std::size_t before = out.size();
    out.resize(before + size);
    const std::size_t n = source.read(out.data() + before, size);
    out.resize(before + n);
    return n;
}

std::string read_all(Source& source, std::size_t limit) {
    std::string out;
    char buffer[1 << 16];
    while (std::size_t n = source.read(buffer, sizeof buffer)) {
        if (out.size() + n > limit) throw std::length_error("input larger than the limit");
        out.append(buffer, n);
    }
    return out;
}

}  // namespace piaojue
