# The bad-input catalogue (BAD-INPUTS.md): one ctest per folder of tests/bad-inputs/, named
# bad-input/<folder>, run by tests/scripts/bad_inputs.sh (golden.sh's layout, plus directories in
# `files`, optional `pipe`, `ulimit` and `after`; see tests/bad-inputs/README.md).
# `UPDATE_GOLDEN=1 ctest -R bad-input` rewrites the expectations instead of comparing.
find_program(PIAOJUE_BASH bash REQUIRED)
# The setups run python3 many times; a version manager's shim (pyenv) can take seconds per start,
# so the interpreter behind it is looked up once here and handed to the script.
if(NOT DEFINED CACHE{PIAOJUE_PYTHON3})
  find_program(PIAOJUE_PYTHON3_ON_PATH python3)
  set(python3_real "")
  if(PIAOJUE_PYTHON3_ON_PATH)
    execute_process(COMMAND ${PIAOJUE_PYTHON3_ON_PATH} -c "import sys; print(sys.executable)"
                    OUTPUT_VARIABLE python3_real OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  endif()
  set(PIAOJUE_PYTHON3 "${python3_real}" CACHE FILEPATH "python3 for the bad-input setups (empty: python3 on PATH)")
endif()
file(GLOB PIAOJUE_BAD_INPUT_ENTRIES LIST_DIRECTORIES true CONFIGURE_DEPENDS
     ${PROJECT_SOURCE_DIR}/tests/bad-inputs/*)
foreach(entry ${PIAOJUE_BAD_INPUT_ENTRIES})
  if(NOT IS_DIRECTORY ${entry})
    continue()
  endif()
  get_filename_component(bad_case ${entry} NAME)
  add_test(NAME bad-input/${bad_case}
    COMMAND ${PIAOJUE_BASH} ${PROJECT_SOURCE_DIR}/tests/scripts/bad_inputs.sh
            $<TARGET_FILE:piaojue> ${entry} ${CMAKE_CURRENT_BINARY_DIR}/bad-input-work/${bad_case}
            ${PROJECT_SOURCE_DIR}/examples ${PROJECT_SOURCE_DIR}/tests/data/bad-inputs)
  set_tests_properties(bad-input/${bad_case} PROPERTIES LABELS "bad-input;script" TIMEOUT 60
                       ENVIRONMENT "PYTHON3=${PIAOJUE_PYTHON3}")
endforeach()
