# Fuzz corpus replay (docs/testing.md, "Fuzzing"): every fuzz target is also built with a plain
# main() (fuzz/replay_main.cpp) and run over its seeds and saved reproducers in fuzz/corpus/TARGET,
# in every build — g++ included, where libFuzzer does not exist (bloaty's fuzz_driver.cc). A
# reproducer added to the corpus thus guards its fix in CI. Sanitizers apply when the build has
# them (asan and fuzz presets), through piaojue_settings.
set(PIAOJUE_FUZZ_REPLAY_TARGETS csv candidates ballots session record encoding signature trust summary compare)
foreach(name ${PIAOJUE_FUZZ_REPLAY_TARGETS})
  add_executable(fuzz_replay_${name} ${PROJECT_SOURCE_DIR}/fuzz/fuzz_${name}.cpp ${PROJECT_SOURCE_DIR}/fuzz/replay_main.cpp)
  target_link_libraries(fuzz_replay_${name} PRIVATE piaojue_core)
  piaojue_use_settings(fuzz_replay_${name})
  target_include_directories(fuzz_replay_${name} PRIVATE ${PROJECT_SOURCE_DIR}/src)
  add_test(NAME fuzz/replay/${name} COMMAND fuzz_replay_${name} ${PROJECT_SOURCE_DIR}/fuzz/corpus/${name})
  set_tests_properties(fuzz/replay/${name} PROPERTIES LABELS "fuzz" TIMEOUT 300)
endforeach()
