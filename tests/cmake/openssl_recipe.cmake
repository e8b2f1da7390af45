# The auditor's stock-openssl recipe (docs/verify-with-openssl.md), run as written against records
# signed by the library. Needs the `openssl` command (3.0+) at test time; the script fails loudly
# when it is missing rather than skipping.
find_program(PIAOJUE_BASH bash REQUIRED)
add_test(NAME openssl_recipe
  COMMAND ${PIAOJUE_BASH} ${PROJECT_SOURCE_DIR}/tests/scripts/openssl_recipe.sh
          $<TARGET_FILE:piaojue_tests> ${PROJECT_SOURCE_DIR}/docs/verify-with-openssl.md
          ${CMAKE_CURRENT_BINARY_DIR}/openssl-recipe)
set_tests_properties(openssl_recipe PROPERTIES LABELS "crypto;script" TIMEOUT 120)
