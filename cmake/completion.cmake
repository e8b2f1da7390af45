# cmake -DPIAOJUE=path [-DEMULATOR=qemu-aarch64] -DSHELL_NAME=bash|zsh -DOUTPUT=file -P completion.cmake
# Writes `piaojue completion SHELL_NAME` to OUTPUT (custom commands have no portable redirection).
# A cross build runs the binary under CMAKE_CROSSCOMPILING_EMULATOR.
# In English whatever the builder's locale: the files' bytes depend on the source alone.
set(ENV{LC_ALL} C.UTF-8)
set(ENV{LANG} C.UTF-8)
execute_process(COMMAND ${EMULATOR} ${PIAOJUE} completion ${SHELL_NAME} OUTPUT_FILE ${OUTPUT}.tmp
                RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  file(REMOVE ${OUTPUT}.tmp)
  message(FATAL_ERROR "${PIAOJUE} completion ${SHELL_NAME} failed: ${code}")
endif()
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
