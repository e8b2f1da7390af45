#!/usr/bin/env bash
# The record is deterministic (docs/record-format.md §1): the same inputs give the same bytes under any time zone
# or locale, from any working directory. Tallies one example under several TZ / LC_ALL settings,
# twice each (once from the session's directory with the default output path, once from / with
# absolute paths into a second copy and -o), and asserts every record is byte-identical.
#
# usage: determinism.sh PIAOJUE EXAMPLE_DIR WORK_DIR
set -euo pipefail

piaojue=$1
example_src=$2
work=$3

fail() { echo "determinism: FAILED: $*" >&2; exit 1; }
[[ -x $piaojue ]] || fail "piaojue binary not found: $piaojue"
[[ -f $example_src/session.toml ]] || fail "no session.toml in $example_src"

rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd -P)

settings=("TZ=UTC" "TZ=Asia/Shanghai" "TZ=America/Los_Angeles" "LC_ALL=C" "LC_ALL=zh_CN.UTF-8")
if locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8'; then
  echo "determinism: locale zh_CN.UTF-8 is installed"
else
  # Still run it (setlocale falls back to C, and the CLI still picks Chinese messages from it),
  # and add a UTF-8 locale that is there.
  echo "determinism: note: locale zh_CN.UTF-8 is not installed here; running LC_ALL=zh_CN.UTF-8 anyway and also LC_ALL=C.UTF-8"
  settings+=("LC_ALL=C.UTF-8")
fi

# run N SETTING MODE: tally a fresh copy of the example; the record ends up as $work/record-N.json.
run() {
  local n=$1 setting=$2 mode=$3 dir=$work/copy-$1 code=0
  cp -R "$example_src" "$dir"
  rm -f "$dir/result.json"
  if [[ $mode == relative ]]; then
    (cd "$dir" && env -i "PATH=$PATH" "LANG=C.UTF-8" "$setting" "$piaojue" tally session.toml) \
      >"$work/out-$n.txt" 2>&1 </dev/null || code=$?
    [[ -f $dir/result.json ]] && mv "$dir/result.json" "$work/record-$n.json"
  else
    (cd / && env -i "PATH=$PATH" "LANG=C.UTF-8" "$setting" "$piaojue" tally "$dir/session.toml" -o "$work/record-$n.json") \
      >"$work/out-$n.txt" 2>&1 </dev/null || code=$?
  fi
  if [[ $code != 0 || ! -f $work/record-$n.json ]]; then
    cat "$work/out-$n.txt" >&2
    fail "$setting ($mode paths): piaojue tally exited $code, record-$n.json written: $([[ -f $work/record-$n.json ]] && echo yes || echo no)"
  fi
}

n=0
labels=()
for setting in "${settings[@]}"; do
  for mode in relative absolute; do
    n=$((n + 1))
    run "$n" "$setting" "$mode"
    labels[n]="$setting ($mode paths)"
  done
done

failed=0
for ((i = 2; i <= n; i++)); do
  if ! cmp -s "$work/record-1.json" "$work/record-$i.json"; then
    echo "determinism: the record under ${labels[i]} differs from the one under ${labels[1]}:" >&2
    diff -u --label "${labels[1]}" --label "${labels[i]}" "$work/record-1.json" "$work/record-$i.json" >&2 || true
    failed=1
  fi
done
((failed)) && fail "records differ (kept in $work)"
echo "determinism: $n records byte-identical ($(sha256sum "$work/record-1.json" | cut -c1-16)…) under:"
printf '  %s\n' "${labels[@]}"
