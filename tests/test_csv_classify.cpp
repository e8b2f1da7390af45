// The CSV reader's block classifier (src/simd/csv_classify.hpp): the AVX-512 kernel gives the
// masks and UTF-8 carries of the SSE2 one.
#include "simd/csv_classify.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>

using namespace piaojue;

// The reader classifies its buffer with AVX-512BW where the CPU has it (src/csv.cpp): the masks,
// and the UTF-8 continuations carried to the next block, must be those of the SSE2 classifier
// that every other machine runs (and that tests/test_csv.cpp tests end to end on either).
TEST_CASE("csv::avx512_classification_equals_sse2" * doctest::skip(!detail::csv_avx512_supported())) {
    auto same = [](const std::array<char, 64>& block, std::uint64_t owed) {
        std::uint64_t owed_sse2 = owed, owed_avx512 = owed;
        const detail::CsvScanBlock a = detail::classify_block(block.data(), owed_sse2);
        const detail::CsvScanBlock b = detail::classify_block_avx512(block.data(), owed_avx512);
        return a == b && owed_sse2 == owed_avx512;
    };
    SUBCASE("every byte value at every position, with every carry") {
        std::size_t differ = 0;
        for (unsigned value = 0; value < 256; ++value)
            for (std::size_t at = 0; at < 64; ++at)
                for (std::uint64_t owed = 0; owed < 8; ++owed) {
                    std::array<char, 64> block;
                    block.fill('a');
                    block[at] = static_cast<char>(value);
                    if (!same(block, owed)) ++differ;
                }
        CHECK(differ == 0);
    }
    SUBCASE("random blocks of UTF-8 lead and continuation bytes, CSV specials and ASCII, chained") {
        const std::array<unsigned char, 16> pool{',',  '\n', '\r', '"',  '\t', 0x7F, 0x01, 'Y',
                                                 0x80, 0xBF, 0xC2, 0xDF, 0xE2, 0xED, 0xF0, 0xF4};
        std::mt19937_64 random(20261124);
        std::uint64_t owed_sse2 = 0, owed_avx512 = 0;
        std::size_t differ = 0;
        for (std::size_t n = 0; n < 100'000; ++n) {
            std::array<char, 64> block;
            for (char& c : block) {
                const std::uint64_t r = random();
                c = static_cast<char>((r & 3) == 0 ? static_cast<unsigned char>(r >> 8) : pool[(r >> 8) % pool.size()]);
            }
            const detail::CsvScanBlock a = detail::classify_block(block.data(), owed_sse2);
            const detail::CsvScanBlock b = detail::classify_block_avx512(block.data(), owed_avx512);
            if (!(a == b && owed_sse2 == owed_avx512)) ++differ;
        }
        CHECK(differ == 0);
    }
    SUBCASE("ballot rows of ○ and × at every offset") {
        std::string rows;
        while (rows.size() < 64 * 70) rows += "0000123,\xE2\x97\x8B,\xC3\x97,,\xE2\x97\x8B,\xE4\xBD\x9C\xE5\xBA\x9F,\n";
        std::size_t differ = 0;
        std::uint64_t owed_sse2 = 0, owed_avx512 = 0;
        for (std::size_t at = 0; at + 64 <= rows.size(); at += 64) {
            const detail::CsvScanBlock a = detail::classify_block(rows.data() + at, owed_sse2);
            const detail::CsvScanBlock b = detail::classify_block_avx512(rows.data() + at, owed_avx512);
            if (!(a == b && owed_sse2 == owed_avx512)) ++differ;
            CHECK((a.check | b.check) == 0);  // valid UTF-8 throughout, proven by the masks
        }
        CHECK(differ == 0);
    }
}
