// The SIMD level the kernels run at (include/piaojue/simd.hpp), and their names.
#include <piaojue/simd.hpp>

#include "cpu_features.hpp"
#include "csv_classify.hpp"
#include "sha256_short.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <utility>

namespace piaojue {

SimdLevel cpu_simd_level() {
#if defined(__x86_64__)
    if (detail::cpu_has_avx512bw()) return SimdLevel::avx512;
    if (detail::cpu_has_avx2()) return SimdLevel::avx2;
    return SimdLevel::baseline;  // SSE2 is part of x86-64
#elif defined(__aarch64__) && defined(__ARM_NEON)
    return SimdLevel::baseline;  // NEON is part of ARMv8-A
#else
    return SimdLevel::scalar;
#endif
}

// The one place the core reads the environment itself rather than through the CLI: the level
// must hold for every kernel call in the process, the unit tests' and the fuzzers' included, so
// that `PIAOJUE_SIMD=avx2 ctest` runs the whole suite on the AVX2 kernels. It changes which
// instructions run, never a result (docs/design.md, "SIMD levels").
SimdLevel simd_level() {
    static const SimdLevel k_level = [] {
        const char* request = std::getenv("PIAOJUE_SIMD");
        return simd_level_for(cpu_simd_level(), request == nullptr ? std::string_view() : std::string_view(request));
    }();
    return k_level;
}

SimdLevel simd_level_for(SimdLevel cpu, std::string_view request) {
    static constexpr std::array<std::pair<std::string_view, SimdLevel>, 5> k_names{{{"scalar", SimdLevel::scalar},
                                                                                    {"sse2", SimdLevel::baseline},
                                                                                    {"neon", SimdLevel::baseline},
                                                                                    {"avx2", SimdLevel::avx2},
                                                                                    {"avx512", SimdLevel::avx512}}};
    for (const auto& name : k_names)
        if (name.first == request) return std::min(cpu, name.second);
    return cpu;
}

std::string_view simd_level_name(SimdLevel level) {
    switch (level) {
        case SimdLevel::avx512:
            return "avx512";
        case SimdLevel::avx2:
            return "avx2";
        case SimdLevel::baseline:
#if defined(__aarch64__)
            return "neon";
#else
            return "sse2";
#endif
        case SimdLevel::scalar:
            break;
    }
    return "scalar";
}

std::string simd_kernels(SimdLevel level) {
    return "csv=" + std::string(detail::csv_classifier_name(level)) +
           " sha256=" + std::string(detail::sha256_kernel_name(detail::sha256_kernel(level)));
}

}  // namespace piaojue
