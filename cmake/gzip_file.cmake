# cmake -DGZIP=gzip -DINPUT=FILE -DOUTPUT=FILE.gz -P gzip_file.cmake
# `gzip -9n` of INPUT into OUTPUT (custom commands have no portable shell redirection).
execute_process(COMMAND ${GZIP} -9n -c ${INPUT} OUTPUT_FILE ${OUTPUT} RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  file(REMOVE ${OUTPUT})
  message(FATAL_ERROR "${GZIP} -9n -c ${INPUT} failed: ${code}")
endif()
