// Fuzz target: the CSV reader and the table shape (piaojue/csv.hpp), the layer under every
// table piaojue reads. Bad input must end in piaojue::Error (exit 3); anything else is a bug.
//
// Besides "no crash", it checks one property: how the Source splits the bytes must not matter.
// Each input is read whole and again handed out in small uneven pieces, and both reads must give
// the same records, positions and errors, byte for byte. A third read with tiny limits exercises
// the size refusals.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include <piaojue/csv.hpp>
#include <piaojue/error.hpp>
#include <piaojue/source.hpp>

#include "fuzz_support.hpp"

const char* const piaojue::fuzz::k_target = "fuzz_csv";

namespace {

using namespace piaojue;
using fuzz::bug;

constexpr std::string_view k_file = "table.csv";

// Hands out the bytes in pieces of 1 to 512 bytes, varying from read to read, so records, quoted
// line breaks, "" escapes and CRLF pairs straddle refill boundaries. (Pieces are not all single
// bytes: every refill costs the reader a 64 KiB buffer resize, so that would only be slow.)
class TrickleSource final : public Source {
public:
    explicit TrickleSource(std::string_view bytes) : bytes_(bytes), state_(static_cast<std::uint32_t>(bytes.size())) {}

    std::size_t read(char* buffer, std::size_t size) override {
        state_ = state_ * 1103515245u + 12345u;
        std::size_t piece = (state_ >> 16) % 4 == 0 ? 1 : 1 + (state_ >> 16) % 512;
        std::size_t n = std::min({size, bytes_.size(), piece});
        if (n > 0) std::memcpy(buffer, bytes_.data(), n);
        bytes_.remove_prefix(n);
        return n;
    }

private:
    std::string_view bytes_;
    std::uint32_t state_;
};

// Reads the whole table as a ballots or candidates reader would, and logs what it saw.
std::string read_table(Source& source, CsvLimits limits) {
    std::string log;
    try {
        CsvReader csv(source, std::string(k_file), limits);
        if (!csv.next()) return "empty\n";
        TableShape shape(csv);
        log += "width " + std::to_string(shape.width()) + "\n";
        ErrorCollector errors;
        while (csv.next()) {
            log += "record " + std::to_string(csv.line()) + (csv.blank() ? " blank" : "") + "\n";
            if (csv.blank()) continue;
            if (!shape.check_row(csv, errors)) continue;
            for (std::size_t i = 0; i < csv.fields().size(); ++i) {
                const CsvField& f = csv.fields()[i];
                auto [line, column] = csv.position(i);
                log += std::to_string(line) + ":" + std::to_string(column) + (f.quoted ? " q " : " u ");
                log += f.text;
                log += '|';
                log += csv.source_line(i);
                log += '\n';
            }
        }
        errors.checkpoint();
    } catch (const Error& e) {
        log += fuzz::check_input_error(e, k_file);
    }
    return log;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);

    StringSource whole(bytes);
    std::string expected = read_table(whole, {});
    TrickleSource pieces(bytes);
    std::string got = read_table(pieces, {});
    if (got != expected) {
        std::fprintf(stderr, "--- read whole:\n%s\n--- read in pieces:\n%s\n", expected.c_str(), got.c_str());
        bug("the result depends on how the source splits the input");
    }

    StringSource small(bytes);
    (void)read_table(small, CsvLimits{.max_record_bytes = 256, .max_fields = 16});
    return 0;
}
