// Fuzz target: the input decoder (piaojue/encoding.hpp) — UTF-8 with its BOM, and GB18030
// through iconv, chunk by chunk with sequences carried across chunks. Each input is decoded as
// both encodings. Bad bytes must end in piaojue::Error (exit 3); anything else is a bug.
//
// Properties checked besides "no crash":
// - how the raw source splits the bytes, and how much the reader asks for, does not change the
//   decoded text or the error (every read whole vs. handed out in pieces of 1 to 9 bytes; text
//   handed out before an error may differ, as the reader stops at the error anyway);
// - UTF-8 passes through unchanged except a leading BOM;
// - GB18030 output is valid UTF-8.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include <piaojue/encoding.hpp>
#include <piaojue/error.hpp>
#include <piaojue/source.hpp>
#include <piaojue/text.hpp>

#include "fuzz_support.hpp"

const char* const piaojue::fuzz::k_target = "fuzz_encoding";

namespace {

using namespace piaojue;
using fuzz::bug;

const std::string k_file = "ballots.csv";

// Hands out 1 to 9 bytes per read, varying from read to read.
class TrickleSource final : public Source {
public:
    explicit TrickleSource(std::string_view bytes) : bytes_(bytes) {}

    std::size_t read(char* buffer, std::size_t size) override {
        std::size_t n = std::min({size, bytes_.size(), std::size_t{1} + step_++ % 9});
        if (n > 0) std::memcpy(buffer, bytes_.data(), n);
        bytes_.remove_prefix(n);
        return n;
    }

private:
    std::string_view bytes_;
    std::size_t step_ = 0;
};

struct Decoded {
    std::string text;
    std::string error;  // empty when decoding succeeded
    std::size_t bom = 0;
};

// Reads `raw` decoded as `encoding` to the end, asking for `ask` bytes at a time.
Decoded decode(Source& raw, Encoding encoding, std::size_t ask) {
    Decoded out;
    try {
        DecodingSource text(raw, encoding, k_file);
        std::string buffer(ask, '\0');
        while (std::size_t n = text.read(buffer.data(), buffer.size())) {
            if (n > ask) bug("read() returned more than was asked for");
            out.text.append(buffer.data(), n);
            if (out.text.size() > (1u << 22)) bug("unbounded output");
        }
        out.bom = text.bom_size();
    } catch (const Error& e) {
        // How much text came out before the error depends on the chunking; the error must not.
        out.text.clear();
        out.error = fuzz::check_input_error(e, k_file);
    }
    return out;
}

void check(std::string_view bytes, Encoding encoding) {
    StringSource whole(bytes);
    Decoded a = decode(whole, encoding, 1 << 16);
    TrickleSource pieces(bytes);
    Decoded b = decode(pieces, encoding, 7);
    if (a.text != b.text || a.error != b.error || a.bom != b.bom) {
        std::fprintf(stderr, "whole: %s\npieces: %s\n", a.error.c_str(), b.error.c_str());
        bug("the result depends on how the input is split");
    }
    if (!a.error.empty()) return;
    if (encoding == Encoding::utf8 && a.text != bytes.substr(a.bom)) bug("UTF-8 did not pass through unchanged");
    if (encoding == Encoding::gb18030 && find_invalid_utf8(a.text)) bug("GB18030 decoded to invalid UTF-8");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    check(bytes, Encoding::utf8);
    check(bytes, Encoding::gb18030);
    // The helpers that word the error for a file that is not UTF-8 (bounded samples, as the
    // reader passes them).
    std::string_view sample = bytes.substr(0, 4096);
    (void)looks_like_gb18030(sample);
    (void)detect_utf16_bom(sample);
    Diagnostic d = invalid_utf8_diagnostic(k_file, sample, 0);
    if (d.message.en.empty()) bug("invalid_utf8_diagnostic without a message");
    (void)parse_encoding(sample.substr(0, 16));
    return 0;
}
