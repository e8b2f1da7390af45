// The CSV reader's block classifier (src/simd/csv_classify.hpp): the SIMD kernels give exactly
// the scalar kernel's masks and UTF-8 carries, and the scalar kernel is right on its own.
#include "simd/csv_classify.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using namespace piaojue;

namespace {

using Kernel = detail::CsvScanBlock (*)(const char*, std::uint64_t&);

struct NamedKernel {
    const char* name;
    Kernel kernel;
};

// The SIMD kernels this build and this CPU can run, each said in the test output when skipped.
std::vector<NamedKernel> simd_kernels() {
    std::vector<NamedKernel> out;
    if (detail::k_classify_block_kernel != "scalar")
        out.push_back({detail::k_classify_block_kernel == "sse2" ? "SSE2" : "NEON", detail::classify_block});
    else
        MESSAGE("baseline classifier skipped: neither SSE2 nor NEON here (classify_block is the scalar kernel)");
    if (detail::csv_avx2_supported())
        out.push_back({"AVX2", detail::classify_block_avx2});
    else
        MESSAGE("AVX2 classifier skipped: this CPU (or the OS) does not offer AVX2");
    if (detail::csv_avx512_supported())
        out.push_back({"AVX-512BW", detail::classify_block_avx512});
    else
        MESSAGE("AVX-512BW classifier skipped: this CPU (or the OS) does not offer AVX-512F and AVX-512BW");
    std::string names;
    for (const NamedKernel& k : out) names += std::string(names.empty() ? "" : ", ") + k.name;
    MESSAGE("scalar CSV classifier checked against: " << (names.empty() ? "none" : names));
    return out;
}

// Classifies `blocks` (64 bytes each) in order with the carry chained through, by the scalar
// kernel and by `k`; returns how many blocks differ in a mask or in the carry out.
std::size_t differences(const std::string& blocks, Kernel k, std::uint64_t owed = 0) {
    std::uint64_t owed_scalar = owed, owed_k = owed;
    std::size_t differ = 0;
    for (std::size_t at = 0; at + 64 <= blocks.size(); at += 64) {
        const detail::CsvScanBlock a = detail::classify_block_scalar(blocks.data() + at, owed_scalar);
        const detail::CsvScanBlock b = k(blocks.data() + at, owed_k);
        if (!(a == b && owed_scalar == owed_k)) ++differ;
    }
    return differ;
}

// One UTF-8 character of `length` bytes (1 to 4) whose lead byte is one the masks prove valid
// (C2–DF, E1–EC, EE–EF, F1–F3), with random continuation bytes.
std::string utf8_char(std::mt19937_64& random, unsigned length) {
    static constexpr std::array<unsigned char, 8> k_ascii{'a', 'Z', '0', ',', '\n', ' ', '\t', '-'};
    const std::uint64_t r = random();
    std::string out;
    switch (length) {
        case 1:
            return std::string(1, static_cast<char>(k_ascii[r % k_ascii.size()]));
        case 2:
            out += static_cast<char>(0xC2 + r % 30);
            break;
        case 3: {
            static constexpr std::array<unsigned char, 14> k_leads{0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7,
                                                                   0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xEE, 0xEF};
            out += static_cast<char>(k_leads[r % k_leads.size()]);
            break;
        }
        default:
            out += static_cast<char>(0xF1 + r % 3);
            break;
    }
    for (unsigned i = 1; i < length; ++i) out += static_cast<char>(0x80 + (r >> (8 * i)) % 64);
    return out;
}

}  // namespace

TEST_CASE("csv_classify::simd_kernels_equal_scalar") {
    const std::vector<NamedKernel> kernels = simd_kernels();
    SUBCASE("every byte value at every position, on ASCII and on continuation bytes, every carry") {
        for (const NamedKernel& k : kernels) {
            CAPTURE(k.name);
            std::size_t differ = 0;
            for (char background : {'a', '\x80', '\xE4'})
                for (unsigned value = 0; value < 256; ++value)
                    for (std::size_t at = 0; at < 64; ++at) {
                        std::string block(64, background);
                        block[at] = static_cast<char>(value);
                        for (std::uint64_t owed = 0; owed < 8; ++owed) differ += differences(block, k.kernel, owed);
                    }
            CHECK(differ == 0);
        }
    }
    SUBCASE("random blocks of CSV specials, controls and every kind of UTF-8 byte, chained") {
        // Quotes, commas, CR/LF, TAB, NUL and other controls, DEL, continuation bytes, the lead
        // bytes the masks prove and those they leave to the exact check (C0 C1 E0 ED F0 F4–FF),
        // and any byte at all one time in four.
        const std::array<unsigned char, 32> pool{',',  '\n', '\r', '"',  '\t', 0x00, 0x01, 0x1F, 0x20, 0x7F, 0x7E,
                                                 'Y',  0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED,
                                                 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFE, 0xFF, 0xA0};
        std::mt19937_64 random(20261207);
        std::string blocks(64 * 50'000, '\0');
        for (char& c : blocks) {
            const std::uint64_t r = random();
            c = static_cast<char>((r & 3) == 0 ? static_cast<unsigned char>(r >> 8) : pool[(r >> 8) % pool.size()]);
        }
        for (const NamedKernel& k : kernels) {
            CAPTURE(k.name);
            CHECK(differences(blocks, k.kernel) == 0);
        }
    }
    SUBCASE("valid UTF-8 text whose characters straddle the block boundaries") {
        std::mt19937_64 random(20261208);
        std::string text;
        while (text.size() < 64 * 20'000) text += utf8_char(random, static_cast<unsigned>(1 + random() % 4));
        text.resize(text.size() / 64 * 64);
        for (const NamedKernel& k : kernels) {
            CAPTURE(k.name);
            // Block starts shifted by zero to three bytes: every sequence split somewhere.
            for (std::size_t shift = 0; shift < 4; ++shift)
                CHECK(differences(text.substr(shift, text.size() - 64), k.kernel) == 0);
        }
    }
    SUBCASE("ballot rows of ○ and × at every offset, and every cut of a character owed to the next block") {
        std::string rows;
        while (rows.size() < 64 * 70) rows += "0000123,\xE2\x97\x8B,\xC3\x97,,\xE2\x97\x8B,\xE4\xBD\x9C\xE5\xBA\x9F,\n";
        // A block ending in the first bytes of a four-byte sequence (lead F2), a three-byte and a
        // two-byte one, cut after each byte, followed by a block that pays the debt, or not.
        std::string cuts;
        for (const std::string_view sequence : {"\xF2\x80\x80\x80", "\xE4\xBD\x9C", "\xC3\x97"})
            for (std::size_t cut = 1; cut < sequence.size(); ++cut)
                for (const bool paid : {true, false}) {
                    std::string pair = std::string(64 - cut, 'a') + std::string(sequence.substr(0, cut));
                    pair += paid ? std::string(sequence.substr(cut)) : std::string(sequence.size() - cut, 'b');
                    pair.resize(128, ',');
                    cuts += pair;
                }
        for (const NamedKernel& k : kernels) {
            CAPTURE(k.name);
            CHECK(differences(rows, k.kernel) == 0);
            CHECK(differences(cuts, k.kernel) == 0);
        }
        // The reference itself: valid rows are proven valid, and an unpaid debt is a check bit.
        std::uint64_t owed = 0, check = 0;
        for (std::size_t at = 0; at + 64 <= rows.size(); at += 64)
            check |= detail::classify_block_scalar(rows.data() + at, owed).check;
        CHECK(check == 0);
    }
}

// The scalar kernel is the reference: its masks must also be right, not only equal.
TEST_CASE("csv_classify::scalar_masks") {
    SUBCASE("commas, line feeds and specials, one bit per byte") {
        std::string block(64, 'a');
        block[0] = ',';
        block[5] = '\n';
        block[6] = '\r';
        block[7] = '"';
        block[8] = '\t';  // not special
        block[9] = '\0';
        block[10] = '\x7F';
        block[63] = ',';
        std::uint64_t owed = 0;
        const detail::CsvScanBlock b = detail::classify_block_scalar(block.data(), owed);
        CHECK(b.comma == ((std::uint64_t{1} << 63) | 1));
        CHECK(b.lf == std::uint64_t{1} << 5);
        CHECK(b.special == ((std::uint64_t{1} << 5) | (std::uint64_t{1} << 6) | (std::uint64_t{1} << 7) |
                            (std::uint64_t{1} << 9) | (std::uint64_t{1} << 10)));
        CHECK(b.check == 0);
        CHECK(owed == 0);
    }
    SUBCASE("valid UTF-8 across blocks is proven; a sequence cut short is not") {
        std::mt19937_64 random(20261209);
        std::string text;
        while (text.size() < 64 * 5'000) text += utf8_char(random, static_cast<unsigned>(1 + random() % 4));
        text.resize(text.size() / 64 * 64);
        std::uint64_t owed = 0;
        std::uint64_t check = 0;
        for (std::size_t at = 0; at < text.size(); at += 64)
            check |= detail::classify_block_scalar(text.data() + at, owed).check;
        CHECK(check == 0);
        // ○ (E2 97 8B) with its last byte at the start of the next block, and then without it.
        std::string pair = std::string(62, 'a') + "\xE2\x97" + "\x8B" + std::string(63, 'a');
        owed = 0;
        CHECK(detail::classify_block_scalar(pair.data(), owed).check == 0);
        CHECK(owed == 1);
        CHECK(detail::classify_block_scalar(pair.data() + 64, owed).check == 0);
        CHECK(owed == 0);
        pair[64] = 'a';
        owed = 0;
        (void)detail::classify_block_scalar(pair.data(), owed);
        CHECK(detail::classify_block_scalar(pair.data() + 64, owed).check == 1);
    }
}

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

// The reader runs the kernel of the process's SIMD level, and a level this CPU lacks falls to
// the best it has.
TEST_CASE("csv_classify::classifier_of_each_level") {
    // Function pointers compared in parentheses: doctest cannot print them.
    CHECK((detail::csv_classifier(SimdLevel::scalar) == detail::classify_block_scalar));
    CHECK(detail::csv_classifier_name(SimdLevel::scalar) == "scalar");
    CHECK((detail::csv_classifier(SimdLevel::baseline) == detail::classify_block));
    CHECK(detail::csv_classifier_name(SimdLevel::baseline) == detail::k_classify_block_kernel);
    const detail::CsvClassifier avx2 =
        detail::csv_avx2_supported() ? detail::classify_block_avx2 : detail::classify_block;
    CHECK((detail::csv_classifier(SimdLevel::avx2) == avx2));
    CHECK((detail::csv_classifier(SimdLevel::avx512) ==
           (detail::csv_avx512_supported() ? detail::classify_block_avx512 : avx2)));
    CHECK((detail::csv_classifier() == detail::csv_classifier(simd_level())));
}
