# The record's bytes do not depend on the time zone, the locale or the working directory
# (docs/record-format.md §1): the township example tallied under several TZ / LC_ALL settings must give one record.
find_program(PIAOJUE_BASH bash REQUIRED)
add_test(NAME determinism/township
  COMMAND ${PIAOJUE_BASH} ${PROJECT_SOURCE_DIR}/tests/scripts/determinism.sh
          $<TARGET_FILE:piaojue> ${PROJECT_SOURCE_DIR}/examples/township
          ${CMAKE_CURRENT_BINARY_DIR}/determinism-work/township)
set_tests_properties(determinism/township PROPERTIES LABELS "determinism;script" TIMEOUT 120)
