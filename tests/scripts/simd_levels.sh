#!/usr/bin/env bash
# The record does not depend on the SIMD kernels (include/piaojue/simd.hpp, docs/design.md "SIMD
# levels"): each session tallied at every level PIAOJUE_SIMD names gives one record, byte for
# byte, and `piaojue --version` names the kernels that ran. The sessions: 30,000 generated
# ballots with ○/× marks (UTF-8 in every block, so the classifiers' UTF-8 masks and carries; over
# 256 KiB, so the chunked parser; thousands of tree leaves, so the lane kernels in full groups
# and in remainders), the same ballots with Y/N marks (ASCII blocks), and the township example.
# A level above the CPU's runs at the CPU's (the kernels lines below say what ran).
#
# usage: simd_levels.sh PIAOJUE BENCH_GEN EXAMPLES_DIR WORK_DIR
set -euo pipefail

piaojue=$1
gen=$2
examples=$3
work=$4

fail() { echo "simd_levels: FAILED: $*" >&2; exit 1; }
[[ -x $piaojue ]] || fail "piaojue binary not found: $piaojue"
[[ -x $gen ]] || fail "piaojue_bench_gen not found: $gen"

rm -rf "$work"
mkdir -p "$work"
"$gen" session "$work/symbols" --ballots 30000 --candidates 12 --seats 10 --marks symbols >/dev/null
"$gen" session "$work/letters" --ballots 30000 --candidates 12 --seats 10 --marks letters >/dev/null
cp -R "$examples/township" "$work/township"
rm -f "$work/township/result.json"

# Each setting names its environment. OPENSSL_ia32cap=:~0x20000000 keeps OpenSSL off SHA-NI, as
# on the AVX2 machines without it, where the tree's SHA-256 takes the eight AVX2 lanes.
no_sha_ni="OPENSSL_ia32cap=:~0x20000000"
settings=(auto avx512 avx2 "avx2 $no_sha_ni" sse2 "sse2 $no_sha_ni" scalar)
# env arguments of SETTING: PIAOJUE_SIMD=LEVEL and any assignment after the level.
env_of() {
  local words
  read -ra words <<<"$1"
  printf '%s\n' "PIAOJUE_SIMD=${words[0]}" "${words[@]:1}"
}
cpu=$(PIAOJUE_SIMD=auto "$piaojue" --version | sed -n 's/.*the CPU.s \([a-z0-9]*\);.*/\1/p')
[[ -n $cpu ]] || fail "piaojue --version with PIAOJUE_SIMD set does not name the CPU's level"
echo "simd_levels: the CPU's level is $cpu"
for setting in "${settings[@]}"; do
  mapfile -t assignments < <(env_of "$setting")
  line=$(env "${assignments[@]}" "$piaojue" --version | sed -n 2p)
  [[ $line == "kernels: csv="*" sha256="*"${assignments[0]})" ]] || fail "$setting: --version says '$line'"
  echo "  $setting: $line"
  # Where the CPU has AVX2, the setting of an AVX2 machine without SHA-NI runs the eight lanes.
  if [[ $setting == "avx2 $no_sha_ni" && ($cpu == avx2 || $cpu == avx512) && $line != *"sha256=avx2x8"* ]]; then
    fail "$setting: the tree's SHA-256 is not the eight AVX2 lanes: '$line'"
  fi
done

failed=0
for session in symbols letters township; do
  differ=0
  for i in "${!settings[@]}"; do
    mapfile -t assignments < <(env_of "${settings[i]}")
    code=0
    env "${assignments[@]}" "$piaojue" tally "$work/$session/session.toml" -o "$work/$session-$i.json" -q \
      >"$work/$session-$i.out" 2>&1 || code=$?
    # The generated sessions are decided in one round (exit 0); the township example's outcome is
    # whatever its expectation says: only the same code at every level matters here.
    [[ -f $work/$session-$i.json ]] || { cat "$work/$session-$i.out" >&2; fail "$session at ${settings[i]}: no record (exit $code)"; }
    echo "$code" >"$work/$session-$i.code"
    if ((i > 0)) && { ! cmp -s "$work/$session-0.json" "$work/$session-$i.json" ||
                      ! cmp -s "$work/$session-0.code" "$work/$session-$i.code"; }; then
      echo "simd_levels: $session: the record (or exit code) at ${settings[i]} differs from the CPU's own level's:" >&2
      diff -u --label auto --label "${settings[i]}" "$work/$session-0.json" "$work/$session-$i.json" >&2 | head -40 || true
      differ=1
    fi
  done
  if ((differ)); then
    failed=1
  else
    echo "simd_levels: $session: ${#settings[@]} records byte-identical ($(sha256sum "$work/$session-0.json" | cut -c1-16)…), exit $(cat "$work/$session-0.code")"
  fi
done
((failed == 0)) || fail "records differ between SIMD levels (kept in $work)"
