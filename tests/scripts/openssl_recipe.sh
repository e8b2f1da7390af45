#!/usr/bin/env bash
# Runs the auditor's commands of docs/verify-with-openssl.md, exactly as written there, against a
# record and signature files made by the library (both Ed25519 and SM2), and checks that stock
# openssl accepts them, and rejects a tampered record or signature file.
#
# usage: openssl_recipe.sh PIAOJUE_TESTS DOC WORKDIR
#   PIAOJUE_TESTS  the doctest binary; its case signature::openssl_recipe_sample writes the files
#   DOC            docs/verify-with-openssl.md; its ```sh blocks starting "# recipe: NAME" are run
#   WORKDIR        scratch directory (emptied first)
set -euo pipefail

tests_bin=$1
doc=$2
work=$3

command -v openssl >/dev/null || { echo "openssl_recipe: the openssl command is not installed" >&2; exit 1; }
case $(openssl version) in
  "OpenSSL 3."*) ;;
  *) echo "openssl_recipe: needs OpenSSL 3, found: $(openssl version)" >&2; exit 1 ;;
esac

rm -rf "$work"
mkdir -p "$work"
PIAOJUE_RECIPE_DIR="$work/sample" "$tests_bin" -ts=crypto -tc=signature::openssl_recipe_sample >"$work/sample.log" 2>&1 ||
  { cat "$work/sample.log" >&2; exit 1; }
for algo in ed25519 sm2; do
  [ -s "$work/sample/$algo/result.json" ] && [ -s "$work/sample/$algo/result.sig.json" ] ||
    { echo "openssl_recipe: the sample for $algo was not written" >&2; cat "$work/sample.log" >&2; exit 1; }
done

doc=$(cd "$(dirname "$doc")" && pwd)/$(basename "$doc")

# The body of the doc's code block whose first line is "# recipe: NAME", read once up front so a
# missing block stops the test instead of turning into an empty (and "failing") check.
declare -A blocks
for name in setup record-digest extract fingerprint message verify-ed25519 verify-sm2; do
  blocks[$name]=$(awk -v name="$name" '
    /^```/ { if (inside) { if (want) exit; inside = 0 } else { inside = 1; first = 1 }; next }
    inside && first { first = 0; if ($0 == "# recipe: " name) want = 1 }
    inside && want { print }
  ' "$doc")
  [ -n "${blocks[$name]}" ] || { echo "openssl_recipe: no block \"# recipe: $name\" in $doc" >&2; exit 1; }
done

# run DIR N BLOCK...: the setup block, then N, then the named blocks, in one shell in DIR that
# stops at the first failing command; prints the output and returns the status.
run() {
  local dir=$1 n=$2 script
  shift 2
  script="set -e"$'\n'"${blocks[setup]}"$'\n'"N=$n"
  for name in "$@"; do script+=$'\n'"${blocks[$name]}"; done
  (cd "$dir" && bash -c "$script")
}

failures=0
# expect pass|fail PATTERN DESCRIPTION DIR N BLOCK...: runs the blocks; a "fail" must fail with
# PATTERN in the output (so it fails for the reason meant, not for a broken step before it).
expect() {
  local want=$1 pattern=$2 what=$3 status=0 output
  shift 3
  echo "--- $what (expect $want)"
  output=$(run "$@" 2>&1) || status=$?
  printf '%s\n' "$output"
  if [ "$want" = pass ] && [ "$status" -ne 0 ]; then
    echo "FAILED: $what (exit status $status)"
    failures=$((failures + 1))
  elif [ "$want" = fail ] && { [ "$status" -eq 0 ] || ! grep -qF -- "$pattern" <<<"$output"; }; then
    echo "FAILED: $what (exit status $status; expected a failure saying \"$pattern\")"
    failures=$((failures + 1))
  fi
}

verify_failure="Signature Verification Failure"

for algo in ed25519 sm2; do
  good=$work/sample/$algo
  for n in 1 2; do
    expect pass "" "$algo signature $n verifies" "$good" "$n" record-digest extract fingerprint message "verify-$algo"
  done

  # The record changed after signing: the digest check and openssl both reject it.
  bad=$work/$algo-record-changed
  cp -r "$good" "$bad"
  sed -i 's/"P03"/"P04"/' "$bad/result.json"
  cmp -s "$good/result.json" "$bad/result.json" && { echo "openssl_recipe: tampering did nothing" >&2; exit 1; }
  expect fail "record gives" "$algo: changed record, digest" "$bad" 1 record-digest
  for n in 1 2; do
    expect fail "$verify_failure" "$algo: changed record, signature $n" "$bad" "$n" extract message "verify-$algo"
  done

  # One byte appended to the record.
  bad=$work/$algo-record-appended
  cp -r "$good" "$bad"
  printf '\n' >>"$bad/result.json"
  expect fail "$verify_failure" "$algo: appended byte, signature 1" "$bad" 1 extract message "verify-$algo"

  # The role of signature 1 changed in the signature file: the rebuilt message differs.
  bad=$work/$algo-role-changed
  cp -r "$good" "$bad"
  sed -i '0,/"role": "计票人"/s//"role": "监票人"/' "$bad/result.sig.json"
  expect fail "$verify_failure" "$algo: changed role" "$bad" 1 extract message "verify-$algo"

  # Signature 1's key swapped for signature 2's: the signature is not that key's.
  bad=$work/$algo-key-swapped
  cp -r "$good" "$bad"
  key2=$(grep '"public_key"' "$good/result.sig.json" | sed -n 2p)
  awk -v k="$key2" '/"public_key"/ && !done { print k; done = 1; next } { print }' "$good/result.sig.json" >"$bad/result.sig.json"
  expect fail "$verify_failure" "$algo: swapped key" "$bad" 1 extract message "verify-$algo"
done

# Not from the doc: SM2 without the GM/T ID fails, which is why the doc insists on distid.
echo "--- sm2 without distid (expect fail)"
(
  cd "$work/sample/sm2"
  eval "${blocks[setup]}"
  eval "${blocks[extract]}"
  eval "${blocks[message]}"
  if openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -digest sm3 -in msg.bin -sigfile sig.bin; then exit 1; fi
) || { echo "FAILED: sm2 verified without distid"; failures=$((failures + 1)); }

if [ "$failures" -ne 0 ]; then
  echo "openssl_recipe: $failures check(s) failed"
  exit 1
fi
echo "openssl_recipe: all checks passed"
