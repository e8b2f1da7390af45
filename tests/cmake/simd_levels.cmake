# The record is the same bytes at every SIMD level (PIAOJUE_SIMD=avx512|avx2|sse2|scalar; see
# include/piaojue/simd.hpp): generated sessions and the township example tallied at each.
find_program(PIAOJUE_BASH bash REQUIRED)
add_test(NAME determinism/simd-levels
  COMMAND ${PIAOJUE_BASH} ${PROJECT_SOURCE_DIR}/tests/scripts/simd_levels.sh
          $<TARGET_FILE:piaojue> $<TARGET_FILE:piaojue_bench_gen> ${PROJECT_SOURCE_DIR}/examples
          ${CMAKE_CURRENT_BINARY_DIR}/simd-levels-work)
set_tests_properties(determinism/simd-levels PROPERTIES LABELS "determinism;script" TIMEOUT 300)
