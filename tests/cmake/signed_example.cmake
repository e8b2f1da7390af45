# examples/signed: a committed record signed by two demo officers (Ed25519 and SM2) must verify
# against its trust list, on a copy of the folder without the private keys:
#   piaojue verify result.json --trust trust.toml   → exit 0, V1–V8 all PASS
# When it fails, the record format (or the signature / trust-list format) has changed and the
# committed example must be re-made: examples/signed/README.md, "Re-making it", has the commands.
#
# This file is both the ctest module (included by tests/CMakeLists.txt) and, run with
# `cmake -P`, the test itself.
if(NOT CMAKE_SCRIPT_MODE_FILE)
  add_test(NAME example/signed/verify
    COMMAND ${CMAKE_COMMAND} -DPIAOJUE=$<TARGET_FILE:piaojue> -DSOURCE=${PROJECT_SOURCE_DIR}/examples/signed
            -DWORK=${CMAKE_CURRENT_BINARY_DIR}/signed-example-work -P ${CMAKE_CURRENT_LIST_FILE})
  set_tests_properties(example/signed/verify PROPERTIES LABELS "example;crypto;script" TIMEOUT 60)
  return()
endif()

foreach(var PIAOJUE SOURCE WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "signed_example.cmake: -D${var}=… is required")
  endif()
endforeach()
foreach(file result.json result.sig.json trust.toml session.toml candidates.csv ballots.csv)
  if(NOT EXISTS "${SOURCE}/${file}")
    message(FATAL_ERROR "example/signed: ${SOURCE}/${file} is missing (is it ignored by .gitignore?); "
                        "re-make it with the commands in examples/signed/README.md")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
file(COPY "${SOURCE}" DESTINATION "${WORK}")
set(copy "${WORK}/signed")
# An auditor has no private key: prove verification does not need one.
file(GLOB private_keys "${copy}/keys/*.key")
if(private_keys)
  file(REMOVE ${private_keys})
endif()

# A fixed environment: English messages whatever the caller's locale.
set(ENV{LC_ALL} "C.UTF-8")
set(ENV{LANG} "C.UTF-8")
execute_process(COMMAND "${PIAOJUE}" verify result.json --trust trust.toml
  WORKING_DIRECTORY "${copy}" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(CONCAT remake "the committed examples/signed no longer verifies with this piaojue: if the record format "
       "changed on purpose, re-make result.json and result.sig.json with the commands under \"Re-making it\" in "
       "examples/signed/README.md")
if(NOT code STREQUAL "0")
  message(FATAL_ERROR "example/signed: piaojue verify result.json --trust trust.toml exited ${code}, expected 0\n"
                      "${out}${err}\n${remake}")
endif()
# Every check ran and passed: none was skipped for a missing input.
foreach(check V1 V2 V3 V4 V5 V6 V7 V8)
  string(FIND "${out}" "${check}  PASS" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "example/signed: ${check} did not PASS\n${out}${err}\n${remake}")
  endif()
endforeach()
foreach(line "good signature: 总监票人 王建国 (ed25519, " "good signature: 监票人 李秀英 (sm2-sm3, "
             "trusted: 总监票人 王建国" "trusted: 监票人 李秀英")
  string(FIND "${out}" "${line}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "example/signed: the output lacks \"${line}\"\n${out}${err}")
  endif()
endforeach()
message(STATUS "example/signed: verified, V1–V8 PASS, signed by 总监票人 (ed25519) and 监票人 (sm2-sm3)")
