#!/usr/bin/env bash
# Officers signing one record at the same moment all end up in its signature file (issue 25,
# item 3): without the record's lock, each read the file, added its signature and wrote it back,
# and all but one were lost. Eight officers sign at once, ten times over; every time the file
# must hold all eight signatures, and verify must find them good.
#
# usage: concurrent_sign.sh PIAOJUE EXAMPLE_DIR WORK_DIR
set -euo pipefail

piaojue=$1
example_src=$2
work=$3
signers=8
tries=10

fail() { echo "concurrent_sign: FAILED: $*" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work/keys"
for i in $(seq 1 $signers); do
  "$piaojue" keygen --unencrypted -o "$work/keys/k$i" --quiet
done
for try in $(seq 1 $tries); do
  dir=$work/try-$try
  cp -r "$example_src" "$dir"
  rm -f "$dir/result.json" "$dir/result.sig.json"
  "$piaojue" tally "$dir/session.toml" --quiet
  pids=()
  for i in $(seq 1 $signers); do
    "$piaojue" sign "$dir/result.json" --key "$work/keys/k$i.key" --role 计票人 --name "计票人$i" --quiet &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || fail "try $try: a signer failed"; done
  count=$(grep -c '"role": "计票人"' "$dir/result.sig.json")
  [[ $count -eq $signers ]] || fail "try $try: $count of $signers signatures in the file"
  "$piaojue" verify "$dir/result.json" --no-trust --require-role 计票人 --quiet ||
    fail "try $try: verify of the $signers signatures failed"
done
echo "concurrent_sign: $tries times $signers officers signing at once: every signature kept, each verifies"
