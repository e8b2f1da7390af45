# The man page man/piaojue.1: linted by groff (any warning fails), and every subcommand and long
# option printed by `piaojue --help` / `piaojue <sub> --help` must appear in it. Both tests report
# "skipped" (exit 77) while the page does not exist; a missing groff is a failure, not a skip.
find_program(PIAOJUE_BASH bash REQUIRED)
find_program(PIAOJUE_GROFF groff)
set(piaojue_man_page ${PROJECT_SOURCE_DIR}/man/piaojue.1)
add_test(NAME man/lint
  COMMAND ${PIAOJUE_BASH} ${PROJECT_SOURCE_DIR}/tests/scripts/man.sh lint ${piaojue_man_page} ${PIAOJUE_GROFF})
add_test(NAME man/options
  COMMAND ${PIAOJUE_BASH} ${PROJECT_SOURCE_DIR}/tests/scripts/man.sh options ${piaojue_man_page} $<TARGET_FILE:piaojue>)
set_tests_properties(man/lint man/options PROPERTIES LABELS "man;script" SKIP_RETURN_CODE 77 TIMEOUT 60)
