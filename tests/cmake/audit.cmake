# The auditor's recipe in docs/record-format.md: recompute the ballot Merkle root with a short
# standard-library Python script, independently of piaojue, for every example with ballots.
find_program(PYTHON3 python3)
if(PYTHON3)
  foreach(example township county tie/round-1 shortfall/round-1)
    string(REPLACE "/" "-" name ${example})
    add_test(NAME audit/merkle-root/${name}
      COMMAND bash -c "set -euo pipefail; d=$(mktemp -d); trap 'rm -rf $d' EXIT; \
        cp -r '${PROJECT_SOURCE_DIR}/examples/${example}/.' $d/; \
        '$<TARGET_FILE:piaojue>' tally $d/session.toml -o $d/result.json -q --force || [ $? -eq 6 ]; \
        '${PYTHON3}' '${PROJECT_SOURCE_DIR}/docs/audit/merkle_root.py' $d/result.json $d/ballots.csv")
  endforeach()
endif()
