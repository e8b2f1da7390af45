#!/usr/bin/env bash
# Ctrl-C (SIGINT) or SIGTERM while a record is written leaves no temp file (issue 21, item 3).
# Deterministic, no race between a kill and the write: PIAOJUE_TEST_SIGNAL_BEFORE_RENAME makes
# piaojue raise the signal itself once the temp file is complete, just before the rename (the
# moment a kill at random hit 11 times in 15). The process must die of that signal, and leave
# neither the record nor its temp file `.result.json.XXXXXX`.
#
# usage: signal_cleanup.sh PIAOJUE EXAMPLE_DIR WORK_DIR
set -euo pipefail

piaojue=$1
example_src=$2
work=$3

fail() { echo "signal_cleanup: FAILED: $*" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work"

for sig in INT TERM; do
  dir=$work/$sig
  cp -r "$example_src" "$dir"
  status=0
  PIAOJUE_TEST_SIGNAL_BEFORE_RENAME=$sig "$piaojue" tally "$dir/session.toml" --quiet || status=$?
  want=$((128 + $(kill -l "$sig")))
  [[ $status -eq $want ]] || fail "SIG$sig: exit status $status, expected $want (killed by the signal)"
  [[ ! -e $dir/result.json ]] || fail "SIG$sig: result.json was written"
  left=$(find "$dir" -name '.result.json.*' | wc -l)
  [[ $left -eq 0 ]] || fail "SIG$sig: $left temp file(s) left: $(find "$dir" -name '.result.json.*')"
  echo "signal_cleanup: SIG$sig before the rename: exit $status, no record, no temp file"
done

# The same run without the hook writes the record: the hook, not something else, stopped it.
dir=$work/plain
cp -r "$example_src" "$dir"
"$piaojue" tally "$dir/session.toml" --quiet || true
[[ -f $dir/result.json ]] || fail "without the hook no record was written"
echo "signal_cleanup: PASSED"
