#!/usr/bin/env bash
# One golden CLI case: copies an example session to a scratch directory, runs piaojue there with
# the case's arguments in a clean environment, and compares the exit code, stdout, stderr, the
# files left in the directory and the bytes of the files the command wrote against the case's
# expectations. On a mismatch it prints a unified diff. With UPDATE_GOLDEN=1 in the environment it
# rewrites the expectations instead (see tests/golden/README.md for the case layout).
#
# usage: golden.sh PIAOJUE CASE_DIR WORK_DIR EXAMPLES_DIR
#   PIAOJUE       the piaojue binary
#   CASE_DIR      tests/golden/<case>
#   WORK_DIR      scratch directory (emptied first)
#   EXAMPLES_DIR  the examples/ folder of the source tree
set -euo pipefail

piaojue=$1
case_dir=$2
work=$3
examples=$4
name=$(basename "$case_dir")
update=${UPDATE_GOLDEN:-0}
[[ $update == 0 ]] && update=""

die() { echo "golden/$name: $*" >&2; exit 1; }

[[ -x $piaojue ]] || die "piaojue binary not found: $piaojue"
[[ -f $case_dir/cmd ]] || die "missing $case_dir/cmd"
[[ -f $case_dir/example ]] || die "missing $case_dir/example (the examples/ folder to run in)"

example=$(sed -n '1p' "$case_dir/example")
[[ -d $examples/$example ]] || die "no such example: examples/$example"

rm -rf "$work"
mkdir -p "$work/out"
run_dir=$work/run
cp -R "$examples/$example" "$run_dir"
# Records left behind by someone tallying in the source tree are not part of the example.
find "$run_dir" -name 'result.json' -delete
run_dir=$(cd "$run_dir" && pwd -P)

# A clean, fixed environment: nothing from the caller's locale, time zone or home leaks in.
clean_env=(env -i "PATH=$PATH" "LANG=C.UTF-8" "TZ=UTC" "HOME=$work")

# Optional preparation (bash, run in the copy; $PIAOJUE is the binary), e.g. tally round 1 first
# or damage a cell of ballots.csv.
if [[ -f $case_dir/setup ]]; then
  (cd "$run_dir" && "${clean_env[@]}" "PIAOJUE=$piaojue" bash -euo pipefail "$case_dir/setup") \
    >"$work/setup.log" 2>&1 || { cat "$work/setup.log" >&2; die "setup failed"; }
fi

# "PATH SHA256" per file in the copy, sorted by path.
snapshot() {
  (cd "$run_dir" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum |
     awk '{ print substr($0, 67), $1 }') >"$1"
}
snapshot "$work/before"

# The arguments: one line of shell words (quotes allowed).
cmd_line=$(sed -n '1p' "$case_dir/cmd")
args=()
eval "args=($cmd_line)"

set +e
(cd "$run_dir" && "${clean_env[@]}" "$piaojue" "${args[@]}") >"$work/out/stdout" 2>"$work/out/stderr" </dev/null
code=$?
set -e
echo "$code" >"$work/out/exit"

# Paths of the scratch directory must not make the expectations machine-specific.
sed_escape() { printf '%s' "$1" | sed -e 's/[][\\/.*^$|]/\\&/g'; }
for f in stdout stderr; do
  sed -i -e "s/$(sed_escape "$run_dir")/@WORKDIR@/g" -e "s/$(sed_escape "$piaojue")/@PIAOJUE@/g" "$work/out/$f"
done
# What the command did to the directory: records written or not, an old one left alone, and no
# temporary file left behind. One line per file added, removed or changed; empty if none.
snapshot "$work/after"
LC_ALL=C join -a1 -a2 -e - -o 0,1.2,2.2 "$work/before" "$work/after" |
  while read -r path before after; do
    if [[ $before == - ]]; then echo "added $path"
    elif [[ $after == - ]]; then echo "removed $path"
    elif [[ $before != "$after" ]]; then echo "changed $path"
    fi
  done >"$work/out/files"

# Files whose exact bytes are expected: `outputs` lists "PATH_IN_RUN_DIR GOLDEN_NAME" lines.
declare -A outputs=()
if [[ -f $case_dir/outputs ]]; then
  while read -r path golden; do
    [[ -z $path || $path == \#* ]] && continue
    [[ -n $golden ]] || die "outputs: no golden file name for $path"
    outputs[$golden]=$path
    if [[ -f $run_dir/$path ]]; then
      cp "$run_dir/$path" "$work/out/$golden"
    else
      echo "(not written: $path)" >"$work/out/$golden"
    fi
  done <"$case_dir/outputs"
fi

compared=(exit stdout stderr files "${!outputs[@]}")

if [[ -n $update ]]; then
  for f in "${compared[@]}"; do
    if [[ $f == stderr && ! -s $work/out/stderr ]]; then
      rm -f "$case_dir/stderr"
    else
      cp "$work/out/$f" "$case_dir/$f"
    fi
  done
  echo "golden/$name: expectations rewritten (exit $code)"
  exit 0
fi

failed=0
for f in "${compared[@]}"; do
  expected=$case_dir/$f
  if [[ $f == stderr && ! -f $expected ]]; then
    expected=$work/empty  # no stderr file: nothing may be printed there
    : >"$expected"
  fi
  if [[ ! -f $expected ]]; then
    echo "golden/$name: missing expectation $case_dir/$f (run UPDATE_GOLDEN=1 ctest -R golden)" >&2
    failed=1
    continue
  fi
  if ! cmp -s "$expected" "$work/out/$f"; then
    echo "golden/$name: $f differs:" >&2
    diff -u --label "expected/$f" --label "actual/$f" "$expected" "$work/out/$f" >&2 || true
    failed=1
  fi
done

if ((failed)); then
  echo "golden/$name: FAILED (piaojue ${args[*]} in examples/$example; exit $code; output kept in $work/out;" \
       "UPDATE_GOLDEN=1 ctest -R golden rewrites the expectations)" >&2
  exit 1
fi
echo "golden/$name: ok (piaojue ${args[*]} -> exit $code)"
