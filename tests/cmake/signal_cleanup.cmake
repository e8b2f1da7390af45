# SIGINT / SIGTERM during a write leave no temp file (tests/scripts/signal_cleanup.sh).
find_program(PIAOJUE_BASH bash REQUIRED)
add_test(NAME signal-cleanup/township
  COMMAND ${PIAOJUE_BASH} ${PROJECT_SOURCE_DIR}/tests/scripts/signal_cleanup.sh
          $<TARGET_FILE:piaojue> ${PROJECT_SOURCE_DIR}/examples/township
          ${CMAKE_CURRENT_BINARY_DIR}/signal-cleanup-work)
set_tests_properties(signal-cleanup/township PROPERTIES LABELS "script" TIMEOUT 60)
