# The bash completion written at build time from the option tables: in a real bash, every
# subcommand and option of --help completes, and nothing else (tests/scripts/completion.sh).
find_program(PIAOJUE_BASH bash REQUIRED)
add_test(NAME completion/bash
  COMMAND ${PIAOJUE_BASH} ${PROJECT_SOURCE_DIR}/tests/scripts/completion.sh $<TARGET_FILE:piaojue>
          ${PROJECT_BINARY_DIR}/completion/piaojue)
set_tests_properties(completion/bash PROPERTIES LABELS "completion;script" TIMEOUT 120)
