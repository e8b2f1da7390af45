# Every example session under examples/ is run by ctest (one test per example directory) and must
# give the outcome its expected.txt promises; later rounds are also prepared with next-round.
find_program(PIAOJUE_BASH bash REQUIRED)
file(GLOB PIAOJUE_EXAMPLE_ENTRIES LIST_DIRECTORIES true CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/examples/*)
foreach(entry ${PIAOJUE_EXAMPLE_ENTRIES})
  if(NOT IS_DIRECTORY ${entry})
    continue()
  endif()
  get_filename_component(example ${entry} NAME)
  add_test(NAME example/${example}
    COMMAND ${PIAOJUE_BASH} ${PROJECT_SOURCE_DIR}/tests/scripts/run_example.sh
            $<TARGET_FILE:piaojue> ${entry} ${CMAKE_CURRENT_BINARY_DIR}/example-work/${example})
  set_tests_properties(example/${example} PROPERTIES LABELS "example;script" TIMEOUT 60)
endforeach()

# piaojue enter on a terminal: tmux drives the entry screen (tests/scripts/enter_tmux.sh).
find_program(PIAOJUE_TMUX tmux)
if(PIAOJUE_TMUX)
  add_test(NAME enter/tmux
    COMMAND ${PIAOJUE_BASH} ${PROJECT_SOURCE_DIR}/tests/scripts/enter_tmux.sh $<TARGET_FILE:piaojue>
            ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/enter-tmux-work)
  set_tests_properties(enter/tmux PROPERTIES LABELS "script" TIMEOUT 300 RUN_SERIAL TRUE)
endif()

# Every command's --json output against its published schema (docs/schema/, docs/json.md), with
# python3-jsonschema (scripts/bootstrap.sh installs it).
if(PYTHON3)
  add_test(NAME json/schemas
    COMMAND ${PYTHON3} ${PROJECT_SOURCE_DIR}/tests/scripts/json_schemas.py $<TARGET_FILE:piaojue>
            ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/json-schemas-work)
  set_tests_properties(json/schemas PROPERTIES LABELS "script" TIMEOUT 300)
endif()
