# CLI cases, each a folder run by tests/scripts/cli_case.sh in a copy of an example session:
#   golden/<case>     tests/golden/       the commands as a counter or auditor runs them
#   bad-input/<case>  tests/bad-inputs/   the catalogue of BAD-INPUTS.md and beyond
# (tests/golden/README.md, tests/bad-inputs/README.md). `UPDATE_GOLDEN=1 ctest -R golden/` (or
# `-R bad-input/`) rewrites the expectations instead of comparing.
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
  set(PIAOJUE_PYTHON3 "${python3_real}" CACHE FILEPATH "python3 for the CLI case setups (empty: python3 on PATH)")
endif()

# piaojue_cli_cases(FAMILY FOLDER LABEL): one ctest FAMILY/<case> per folder under FOLDER.
function(piaojue_cli_cases family folder label)
  file(GLOB entries LIST_DIRECTORIES true CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${folder}/*)
  foreach(entry ${entries})
    if(NOT IS_DIRECTORY ${entry})
      continue()
    endif()
    get_filename_component(case_name ${entry} NAME)
    add_test(NAME ${family}/${case_name}
      COMMAND ${PIAOJUE_BASH} ${PROJECT_SOURCE_DIR}/tests/scripts/cli_case.sh ${family}
              $<TARGET_FILE:piaojue> ${entry} ${CMAKE_CURRENT_BINARY_DIR}/${family}-work/${case_name}
              ${PROJECT_SOURCE_DIR}/examples ${PROJECT_SOURCE_DIR}/tests/data/bad-inputs)
    set_tests_properties(${family}/${case_name} PROPERTIES LABELS "${label};script" TIMEOUT 60
                         ENVIRONMENT "PYTHON3=${PIAOJUE_PYTHON3}")
  endforeach()
endfunction()

piaojue_cli_cases(golden tests/golden golden)
piaojue_cli_cases(bad-input tests/bad-inputs bad-input)
