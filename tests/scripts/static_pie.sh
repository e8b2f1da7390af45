#!/usr/bin/env bash
# The release preset's executable is what docs/design.md ("Start-up") says it is: a static PIE
# (ELF type DYN, so the kernel loads it at a random address; no program interpreter and no shared
# libraries), with packed relative relocations when the linker has them, and it runs.
#
# usage: static_pie.sh READELF PIAOJUE HAS_RELR
set -euo pipefail
readelf=$1 piaojue=$2 has_relr=$3
fail() { echo "static_pie: FAILED: $*" >&2; exit 1; }

out=$("$readelf" -hldW "$piaojue")
grep -Eq 'Type:[[:space:]]+DYN' <<<"$out" || fail "$piaojue is not position independent (ELF type is not DYN)"
! grep -q 'INTERP' <<<"$out" || fail "$piaojue has a program interpreter: it is not static"
! grep -q '(NEEDED)' <<<"$out" || fail "$piaojue needs shared libraries: $(grep '(NEEDED)' <<<"$out" | tr -s ' ')"
case "$has_relr" in
1 | ON | TRUE) grep -q '(RELR)' <<<"$out" || fail "$piaojue has no packed relative relocations (DT_RELR)" ;;
esac
"$piaojue" --version >/dev/null || fail "$piaojue --version exited $?"
echo "static_pie: $piaojue is a static PIE$(grep -q '(RELR)' <<<"$out" && echo ' with DT_RELR')"
