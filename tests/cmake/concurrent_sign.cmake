# Officers signing one record at the same moment lose no signature (tests/scripts/concurrent_sign.sh).
find_program(PIAOJUE_BASH bash REQUIRED)
add_test(NAME concurrent-sign/township
  COMMAND ${PIAOJUE_BASH} ${PROJECT_SOURCE_DIR}/tests/scripts/concurrent_sign.sh
          $<TARGET_FILE:piaojue> ${PROJECT_SOURCE_DIR}/examples/township
          ${CMAKE_CURRENT_BINARY_DIR}/concurrent-sign-work)
set_tests_properties(concurrent-sign/township PROPERTIES LABELS "script" TIMEOUT 300)
