// What the CPU offers beyond baseline x86-64, for the few kernels written for it (the tree's
// SHA-256 in src/simd/sha256_short.cpp, the CSV block classes in src/simd/csv_classify.cpp).
#pragma once

// glibc's header declares its functions with C's `_Bool`, which GCC accepts in C++ and clang
// does not: clang builds (the fuzzers) ask the builtin instead.
#if defined(__x86_64__) && !defined(__clang__) && __has_include(<sys/platform/x86.h>)
#include <sys/platform/x86.h>
#endif
#if defined(__x86_64__) && !defined(CPU_FEATURE_ACTIVE) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#endif

namespace piaojue::detail {

/// Whether AVX-512F and AVX-512BW are usable: the CPU has them and the operating system saves
/// their registers. From what glibc found at start-up (<sys/platform/x86.h>, glibc 2.33 and
/// later): no CPUID here, each of which is a VM exit of ~6.5 µs on the development machine, and
/// no libgcc `__cpu_indicator_init` constructor (~12 of them on every start) linked in. Asked once;
/// every kernel's check returns this one answer.
inline bool cpu_has_avx512bw() {
    static const bool k_supported = [] {
#if defined(__x86_64__) && defined(CPU_FEATURE_ACTIVE)
        return CPU_FEATURE_ACTIVE(AVX512F) && CPU_FEATURE_ACTIVE(AVX512BW);
#elif defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
#else
        return false;
#endif
    }();
    return k_supported;
}

/// Whether AVX2 is usable (the CPU has it and the operating system saves the YMM registers),
/// likewise from glibc's data.
inline bool cpu_has_avx2() {
    static const bool k_supported = [] {
#if defined(__x86_64__) && defined(CPU_FEATURE_ACTIVE)
        return CPU_FEATURE_ACTIVE(AVX2);
#elif defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2");
#else
        return false;
#endif
    }();
    return k_supported;
}

/// Whether the CPU has the SHA extensions (SHA-NI), which OpenSSL's SHA-256 block function uses
/// where present: glibc's data, or in clang builds CPUID leaf 7 (clang 14's builtin does not know
/// "sha"). They use XMM registers only, which every x86-64 operating system saves.
inline bool cpu_has_sha_ni() {
    static const bool k_supported = [] {
#if defined(__x86_64__) && defined(CPU_FEATURE_ACTIVE)
        return CPU_FEATURE_ACTIVE(SHA);
#elif defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
        unsigned a = 0, b = 0, c = 0, d = 0;
        return __get_cpuid_count(7, 0, &a, &b, &c, &d) != 0 && ((b >> 29) & 1U) != 0;
#else
        return false;
#endif
    }();
    return k_supported;
}

}  // namespace piaojue::detail
