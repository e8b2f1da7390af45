# The auditor's stand-alone scripts for sampling and inclusion proofs, and the R8 oracle, each
# against the data files the unit tests read (tests/test_sample.cpp, test_merkle_proof.cpp,
# test_evaluation.cpp): the files must be what the scripts write, and the scripts must accept
# the proofs piaojue wrote and reject every changed one.
find_program(PIAOJUE_BASH bash REQUIRED)
find_program(PYTHON3 python3)
if(PYTHON3)
  add_test(NAME audit/sample-cases
    COMMAND ${PIAOJUE_BASH} -c "set -euo pipefail; '${PYTHON3}' '${PROJECT_SOURCE_DIR}/tests/scripts/make_sample_cases.py' \
      | diff -u '${PROJECT_SOURCE_DIR}/tests/data/sample/cases.tsv' -")
  add_test(NAME audit/evaluation-oracle
    COMMAND ${PIAOJUE_BASH} -c "set -euo pipefail; '${PYTHON3}' '${PROJECT_SOURCE_DIR}/tests/scripts/evaluation_oracle.py' \
      | diff -u '${PROJECT_SOURCE_DIR}/tests/data/evaluation/cases.tsv' -")
  add_test(NAME audit/verify-proof
    COMMAND ${PYTHON3} ${PROJECT_SOURCE_DIR}/tests/scripts/verify_proof_test.py)
  find_program(PIAOJUE_BC bc)
  find_program(PIAOJUE_OPENSSL openssl)
  if(PIAOJUE_BC AND PIAOJUE_OPENSSL)
    add_test(NAME audit/sample-openssl-recipe
      COMMAND ${PIAOJUE_BASH} ${PROJECT_SOURCE_DIR}/tests/scripts/sample_openssl_recipe.sh ${PROJECT_SOURCE_DIR})
  endif()
endif()
# piaojue sample and proof, against those scripts (tests/scripts/audit_commands.sh).
if(PYTHON3)
  add_test(NAME audit/commands
    COMMAND ${PIAOJUE_BASH} ${PROJECT_SOURCE_DIR}/tests/scripts/audit_commands.sh $<TARGET_FILE:piaojue> ${PYTHON3}
            ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/audit-commands-work)
  set_tests_properties(audit/commands PROPERTIES LABELS "script" TIMEOUT 120)
endif()
# R8 end to end: random evaluation sessions tallied by piaojue and re-computed from the SPEC's
# text (tests/scripts/evaluation_sessions.py); and the evaluation examples are exactly what their
# generator writes, whose own re-computation gives each expected.txt.
if(PYTHON3)
  add_test(NAME audit/evaluation-sessions
    COMMAND ${PYTHON3} ${PROJECT_SOURCE_DIR}/tests/scripts/evaluation_sessions.py $<TARGET_FILE:piaojue>
            ${CMAKE_CURRENT_BINARY_DIR}/evaluation-sessions-work 150)
  set_tests_properties(audit/evaluation-sessions PROPERTIES LABELS "script" TIMEOUT 300)
  add_test(NAME audit/evaluation-examples-generated
    COMMAND ${PYTHON3} ${PROJECT_SOURCE_DIR}/examples/generate_evaluation.py --check)
endif()
