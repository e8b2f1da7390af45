#!/usr/bin/env bash
# piaojue sample and piaojue proof against the auditor's stand-alone scripts (docs/audit/): the
# draw from a public seed is the one docs/audit/sample.py makes from the 票号 alone; every
# ballot's proof verifies with docs/audit/verify_proof.py and with `proof --check`; a proof with
# one changed byte, or a ballots file changed after the count, is refused.
#
# usage: audit_commands.sh PIAOJUE PYTHON3 SOURCE_DIR WORK_DIR
set -euo pipefail
piaojue=$1 python=$2 root=$3 work=$4
fail() { echo "audit_commands: FAILED: $*" >&2; exit 1; }
rm -rf "$work"; mkdir -p "$work"
cp -r "$root/examples/township" "$work/t"; cd "$work/t"
rm -f result.json; "$piaojue" tally session.toml --quiet
seed=01382438112797316654
awk -F, 'NR > 1 { print $1 }' ballots.csv >ids.txt
"$python" "$root/docs/audit/sample.py" "$seed" 10 ids.txt | cut -f2,3 >want.txt
"$piaojue" sample result.json --seed "$seed" -n 10 --json |
  "$python" -c 'import json, sys; [print(s["ballot"] + "\t" + s["ticket"]) for s in json.load(sys.stdin)["sample"]]' >got.txt
diff -u want.txt got.txt || fail "piaojue sample differs from docs/audit/sample.py"
n=0
while read -r id; do
  "$piaojue" proof result.json --ballot "$id" -o "p-$id.json" --quiet
  "$python" "$root/docs/audit/verify_proof.py" "p-$id.json" result.json >/dev/null || fail "verify_proof.py refuses $id"
  "$piaojue" proof result.json --check "p-$id.json" --quiet || fail "proof --check refuses $id"
  n=$((n + 1))
done <ids.txt
sed 's/"row": "017/"row": "018/' p-017.json >bad.json
if "$piaojue" proof result.json --check bad.json --quiet; then fail "a changed row was accepted"; fi
if "$python" "$root/docs/audit/verify_proof.py" bad.json result.json >/dev/null 2>&1; then
  fail "verify_proof.py accepted a changed row"
fi
sed -i '3s/^002,○/002,×/' ballots.csv
code=0; "$piaojue" sample result.json --seed "$seed" -n 3 --quiet 2>/dev/null || code=$?
[[ $code -eq 7 ]] || fail "a ballots file changed after the count: exit $code, expected 7"
echo "audit_commands: sample = sample.py; $n proofs verify with verify_proof.py and proof --check; changes refused"
