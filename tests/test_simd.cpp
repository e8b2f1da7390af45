// The SIMD level (include/piaojue/simd.hpp): PIAOJUE_SIMD lowers the CPU's level and never raises
// it, and each level names the kernels that run at it.
#include <piaojue/simd.hpp>

#include "simd/cpu_features.hpp"
#include "simd/csv_classify.hpp"
#include "simd/sha256_short.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace piaojue;

TEST_CASE("simd::level_for_a_request") {
    SUBCASE("a level at or below the CPU's is taken") {
        CHECK(simd_level_for(SimdLevel::avx512, "avx512") == SimdLevel::avx512);
        CHECK(simd_level_for(SimdLevel::avx512, "avx2") == SimdLevel::avx2);
        CHECK(simd_level_for(SimdLevel::avx512, "sse2") == SimdLevel::baseline);
        CHECK(simd_level_for(SimdLevel::baseline, "neon") == SimdLevel::baseline);
        CHECK(simd_level_for(SimdLevel::avx2, "scalar") == SimdLevel::scalar);
    }
    SUBCASE("a level above the CPU's is not: the kernel could not run") {
        CHECK(simd_level_for(SimdLevel::avx2, "avx512") == SimdLevel::avx2);
        CHECK(simd_level_for(SimdLevel::baseline, "avx2") == SimdLevel::baseline);
        CHECK(simd_level_for(SimdLevel::scalar, "sse2") == SimdLevel::scalar);
    }
    SUBCASE("no request, auto, or a name of no level: the CPU's") {
        for (const char* request : {"", "auto", "AVX2", "avx", "avx2 ", "sse4"}) {
            CAPTURE(request);
            CHECK(simd_level_for(SimdLevel::avx2, request) == SimdLevel::avx2);
        }
    }
}

TEST_CASE("simd::process_level_and_kernel_names") {
    MESSAGE("SIMD level of this process: " << simd_level_name(simd_level()) << " (the CPU's "
                                           << simd_level_name(cpu_simd_level()) << "): " << simd_kernels(simd_level()));
    CHECK(simd_level() <= cpu_simd_level());
    // Two at a time is OpenSSL's block function, on SHA-NI or not.
    const std::string x2(detail::sha256_kernel_name(detail::Sha256Kernel::x2));
    CHECK(x2 == (detail::openssl_sha256_uses_sha_ni() ? "shanix2" : "opensslx2"));
    CHECK(simd_kernels(SimdLevel::scalar) == "csv=scalar sha256=" + x2);
    CHECK(simd_kernels(SimdLevel::baseline) == "csv=" + std::string(detail::k_classify_block_kernel) + " sha256=" + x2);
    // AVX2's eight lanes only where OpenSSL has no SHA-NI: on SHA-NI its two chains are faster.
    const std::string avx2 = detail::openssl_sha256_uses_sha_ni() ? "csv=avx2 sha256=" + x2 : "csv=avx2 sha256=avx2x8";
    if (cpu_simd_level() == SimdLevel::avx512) {
        CHECK(simd_kernels(SimdLevel::avx512) == "csv=avx512bw sha256=avx512x16");
        CHECK(simd_kernels(SimdLevel::avx2) == avx2);
    }
    if (cpu_simd_level() == SimdLevel::avx2) CHECK(simd_kernels(SimdLevel::avx512) == avx2);
    // The names of the levels, as PIAOJUE_SIMD spells them.
    for (SimdLevel level : {SimdLevel::scalar, SimdLevel::baseline, SimdLevel::avx2, SimdLevel::avx512}) {
        CAPTURE(simd_level_name(level));
        CHECK(simd_level_for(SimdLevel::avx512, simd_level_name(level)) == level);
    }
}

// OPENSSL_ia32cap as OpenSSL reads it: SHA-NI is bit 29 of the word after the colon.
TEST_CASE("simd::openssl_ia32cap_and_sha_ni") {
    CHECK(detail::openssl_ia32cap_masks_sha_ni(":~0x20000000"));
    CHECK(detail::openssl_ia32cap_masks_sha_ni("~0x200000200000000:~0x20000000"));
    CHECK(detail::openssl_ia32cap_masks_sha_ni(":0"));             // the words replaced, bit 29 clear
    CHECK(detail::openssl_ia32cap_masks_sha_ni(":~536870912"));    // decimal
    CHECK(detail::openssl_ia32cap_masks_sha_ni(":~04000000000"));  // octal
    CHECK_FALSE(detail::openssl_ia32cap_masks_sha_ni(""));
    CHECK_FALSE(detail::openssl_ia32cap_masks_sha_ni("~0x200000200000000"));  // the first words only
    CHECK_FALSE(detail::openssl_ia32cap_masks_sha_ni(":~0x10000000"));        // another bit
    CHECK_FALSE(detail::openssl_ia32cap_masks_sha_ni(":0x20000000"));         // replaced, bit 29 set
    if (!detail::cpu_has_sha_ni()) CHECK_FALSE(detail::openssl_sha256_uses_sha_ni());
    const std::string cpu = detail::cpu_has_sha_ni() ? "has it" : "has not";
    const std::string openssl = detail::openssl_sha256_uses_sha_ni() ? "uses it" : "does not use it";
    MESSAGE("SHA-NI: the CPU " << cpu << "; OpenSSL's block function " << openssl);
}
