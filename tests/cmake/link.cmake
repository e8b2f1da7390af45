# With PIAOJUE_STATIC_PIE (the release preset) the executable must be a static PIE that runs.
if(PIAOJUE_STATIC_PIE)
  find_program(PIAOJUE_BASH bash REQUIRED)
  find_program(PIAOJUE_READELF NAMES readelf REQUIRED)
  add_test(NAME link/static-pie
    COMMAND ${PIAOJUE_BASH} ${PROJECT_SOURCE_DIR}/tests/scripts/static_pie.sh
            ${PIAOJUE_READELF} $<TARGET_FILE:piaojue> "${PIAOJUE_HAS_RELR}")
  set_tests_properties(link/static-pie PROPERTIES LABELS "script")
endif()

# ... and on x86-64 Linux its entry point prefaults the writable segment before glibc starts.
if(PIAOJUE_PREFAULT_ENTRY)
  # strace comes with scripts/bootstrap.sh; without it the test reports itself skipped.
  find_program(PIAOJUE_STRACE strace)
  add_test(NAME link/prefault-entry
    COMMAND ${PIAOJUE_BASH} ${PROJECT_SOURCE_DIR}/tests/scripts/prefault_entry.sh
            ${PIAOJUE_READELF} "$<$<BOOL:${PIAOJUE_STRACE}>:${PIAOJUE_STRACE}>" $<TARGET_FILE:piaojue>)
  set_tests_properties(link/prefault-entry PROPERTIES LABELS "script" SKIP_RETURN_CODE 77)
endif()
