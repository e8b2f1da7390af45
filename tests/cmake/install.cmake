# `cmake --install` into a DESTDIR staging folder: every installed file where it belongs, and the
# staged binary tallying the staged example from outside the source tree (docs/packaging.md).
find_program(PIAOJUE_BASH bash REQUIRED)
add_test(NAME install/destdir
  COMMAND ${PIAOJUE_BASH} ${PROJECT_SOURCE_DIR}/tests/scripts/install_tree.sh ${CMAKE_COMMAND}
          ${PROJECT_BINARY_DIR} ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/install-work)
set_tests_properties(install/destdir PROPERTIES LABELS "install;script" TIMEOUT 120)

# The Chinese operator's guide names only commands and options that exist.
add_test(NAME docs/zh-guide
  COMMAND ${PIAOJUE_BASH} ${PROJECT_SOURCE_DIR}/tests/scripts/guide_commands.sh $<TARGET_FILE:piaojue>
          ${PROJECT_SOURCE_DIR}/docs/zh/guide.md)
set_tests_properties(docs/zh-guide PROPERTIES LABELS "docs;script" TIMEOUT 60)
