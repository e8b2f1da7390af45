# With PIAOJUE_STATIC_PIE (the release preset) the executable must be a static PIE that runs.
if(PIAOJUE_STATIC_PIE)
  find_program(PIAOJUE_BASH bash REQUIRED)
  find_program(PIAOJUE_READELF NAMES readelf REQUIRED)
  add_test(NAME link/static-pie
    COMMAND ${PIAOJUE_BASH} ${PROJECT_SOURCE_DIR}/tests/scripts/static_pie.sh
            ${PIAOJUE_READELF} $<TARGET_FILE:piaojue> "${PIAOJUE_HAS_RELR}")
  set_tests_properties(link/static-pie PROPERTIES LABELS "script")
endif()
