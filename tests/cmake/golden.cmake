# Golden CLI tests: one ctest per folder of tests/golden/ (see tests/golden/README.md), each run by
# tests/scripts/golden.sh in a copy of an example session. `UPDATE_GOLDEN=1 ctest -R golden`
# rewrites the expectations instead of comparing.
find_program(PIAOJUE_BASH bash REQUIRED)
file(GLOB PIAOJUE_GOLDEN_ENTRIES LIST_DIRECTORIES true CONFIGURE_DEPENDS
     ${PROJECT_SOURCE_DIR}/tests/golden/*)
foreach(entry ${PIAOJUE_GOLDEN_ENTRIES})
  if(NOT IS_DIRECTORY ${entry})
    continue()
  endif()
  get_filename_component(golden_case ${entry} NAME)
  add_test(NAME golden/${golden_case}
    COMMAND ${PIAOJUE_BASH} ${PROJECT_SOURCE_DIR}/tests/scripts/golden.sh
            $<TARGET_FILE:piaojue> ${entry} ${CMAKE_CURRENT_BINARY_DIR}/golden-work/${golden_case}
            ${PROJECT_SOURCE_DIR}/examples)
  set_tests_properties(golden/${golden_case} PROPERTIES LABELS "golden;script" TIMEOUT 60)
endforeach()
