# Benchmark inputs and the benchmark's correctness smoke test (bench/, docs/performance.md).
# piaojue_bench_gen writes deterministic sessions (bench/gen.cpp); bench/run.sh --small generates
# a 120- and a 10,000-ballot session, tallies them with the just-built piaojue and checks the
# exit code and the counts. It is never a timed assertion: CI machines and sanitizer builds vary.
add_executable(piaojue_bench_gen ${PROJECT_SOURCE_DIR}/bench/gen.cpp)
piaojue_use_settings(piaojue_bench_gen)

find_program(PIAOJUE_BASH bash REQUIRED)
add_test(NAME bench/small
  COMMAND ${CMAKE_COMMAND} -E env PIAOJUE=$<TARGET_FILE:piaojue> PIAOJUE_BENCH_GEN=$<TARGET_FILE:piaojue_bench_gen>
          ${PIAOJUE_BASH} ${PROJECT_SOURCE_DIR}/bench/run.sh --small --runs 2 --workdir ${CMAKE_CURRENT_BINARY_DIR}/bench-small)
set_tests_properties(bench/small PROPERTIES LABELS "bench;script" TIMEOUT 300)
