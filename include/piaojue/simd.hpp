// Which SIMD kernels the process runs (src/simd/: the CSV block classifier, the Merkle tree's
// short SHA-256): the best the CPU offers, or a lower level the environment variable
// PIAOJUE_SIMD asks for, so that a benchmark can time each kernel on one machine and a test run
// can exercise it. Every kernel gives the same bytes; only the speed differs (docs/design.md,
// "SIMD levels").
#pragma once

#include <string>
#include <string_view>

namespace piaojue {

/// Levels of SIMD kernels, lowest first. `baseline` is the architecture's own vector set, which
/// every CPU of it has: SSE2 on x86-64, NEON on aarch64.
enum class SimdLevel : unsigned char { scalar, baseline, avx2, avx512 };

/// The highest level this CPU (and its operating system) offers; asked once.
[[nodiscard]] SimdLevel cpu_simd_level();

/// The level the kernels run at: cpu_simd_level() lowered to PIAOJUE_SIMD's, read once at the
/// first call (simd_level_for).
[[nodiscard]] SimdLevel simd_level();

/// `cpu` lowered to the level `request` names (scalar, sse2 or neon, avx2, avx512), never raised
/// above it; `cpu` itself when `request` names none (empty, "auto", anything else).
[[nodiscard]] SimdLevel simd_level_for(SimdLevel cpu, std::string_view request);

/// `level`'s name on this architecture: "scalar", "sse2" (or "neon"), "avx2", "avx512".
[[nodiscard]] std::string_view simd_level_name(SimdLevel level);

/// The kernels that run at `level`, one line for `piaojue --version` with PIAOJUE_SIMD set:
/// e.g. "csv=avx2 sha256=avx2x8".
[[nodiscard]] std::string simd_kernels(SimdLevel level);

}  // namespace piaojue
