#!/usr/bin/env bash
# One CLI case, golden (tests/golden/<case>/) or bad input (tests/bad-inputs/<case>/): copies an
# example session to a scratch directory, runs piaojue there with the case's arguments in a clean
# environment, and compares the exit code, stdout, stderr, what the command did to the directory
# and the bytes of the files it wrote against the case's expectations; on a mismatch it prints a
# unified diff. UPDATE_GOLDEN=1 in the environment rewrites the expectations instead.
# A case folder holds (tests/golden/README.md, tests/bad-inputs/README.md):
#   - `example` (the examples/ folder to copy), `cmd` (one line of shell words), optional `setup`
#     (bash run in the copy first, with $PIAOJUE the binary and $DATA the binary fixtures of
#     tests/data/bad-inputs);
#   - `exit`, `stdout`, `stderr` (absent: nothing may be printed there), `files` (one line per
#     file, directory, FIFO or link the command added, removed or changed, a changed mode
#     included, so "nothing written" covers an output directory created before a refusal),
#     optional `outputs` ("PATH_IN_COPY GOLDEN_NAME" lines: files whose exact bytes are expected);
#   - an optional `pipe` file holds a shell command that reads piaojue's stdout (e.g. `head -1`);
#     `stdout` is then what that command printed, `exit` is still piaojue's own exit code. The
#     word `closed` instead runs piaojue with its stdout a pipe whose reader has already gone,
#     so every write fails (EPIPE) deterministically, as with `| head -1` once head has exited;
#   - an optional `ulimit` file holds arguments for bash's ulimit, applied to piaojue alone
#     (e.g. `-f 4`: a file-size limit of 4 KiB stands in for a full disk);
#   - an optional `after` script (bash, run in the copy after the command and the snapshot)
#     prints facts about the result, compared with the case's `after.out` (e.g. that a CRLF
#     file gives the same tally as the LF one).
# Few processes per case: the catalogue has hundreds of cases, and forks dominate its run time.
#
# usage: cli_case.sh FAMILY PIAOJUE CASE_DIR WORK_DIR EXAMPLES_DIR DATA_DIR
#   FAMILY is the ctest name prefix (golden, bad-input), used in messages
# environment: PYTHON3, optional: the python3 interpreter for setups (see below)
set -euo pipefail

family=$1
piaojue=$2
case_dir=$3
work=$4
examples=$5
data=$6
name=$family/${case_dir##*/}
update=${UPDATE_GOLDEN:-0}
[[ $update == 0 ]] && update=""

die() { echo "$name: $*" >&2; exit 1; }
# first_line VAR FILE: the first line of FILE (empty if there is none) into VAR, without a fork.
first_line() { local -n into=$1; into=""; [[ -f $2 ]] && { IFS= read -r into <"$2" || true; }; return 0; }

[[ -x $piaojue ]] || die "piaojue binary not found: $piaojue"
[[ -f $case_dir/cmd ]] || die "missing $case_dir/cmd"
[[ -f $case_dir/example ]] || die "missing $case_dir/example (the examples/ folder to run in)"

first_line example "$case_dir/example"
[[ -d $examples/$example ]] || die "no such example: examples/$example"

# A case that made a directory unreadable is cleaned up too.
rm -rf "$work" 2>/dev/null || { chmod -R u+rwX "$work"; rm -rf "$work"; }
mkdir -p "$work/out"
run_dir=$work/run
cp -R "$examples/$example" "$run_dir"
cd -P "$run_dir"
run_dir=$PWD
# Records left behind by someone tallying in the source tree are not part of the example.
shopt -s globstar nullglob
stray=(**/result.json)
shopt -u globstar nullglob
((${#stray[@]} == 0)) || rm -f "${stray[@]}"

# Setups and `after` scripts call python3; PYTHON3 (from cmake) is the real interpreter behind a
# version manager's shim, which can take seconds to start: its directory goes first on their PATH.
tool_path=$PATH
[[ -n ${PYTHON3:-} && -x ${PYTHON3:-} ]] && tool_path=${PYTHON3%/*}:$PATH
clean_env=(env -i "PATH=$tool_path" "LANG=C.UTF-8" "TZ=UTC" "HOME=$work")

# Optional preparation (bash, run in the copy; $PIAOJUE is the binary, $DATA the fixtures).
if [[ -f $case_dir/setup ]]; then
  "${clean_env[@]}" "PIAOJUE=$piaojue" "DATA=$data" bash -euo pipefail "$case_dir/setup" \
    >"$work/setup.log" 2>&1 </dev/null || { cat "$work/setup.log" >&2; die "setup failed"; }
fi

# "PATH<TAB>STATE" per entry in the copy: a file's SHA-256 and mode, "dir" for a directory (its
# path ends in "/"), the target of a symlink, the type of anything else. One find and one
# sha256sum for everything (paths are assumed free of tabs and line breaks).
snapshot() {
  find . -mindepth 1 -printf 'M\t%p\t%y\t%m\t%l\n' -type f -exec sha256sum {} + |
    awk -F'\t' '
      /^M\t/ { path[++n] = $2; type[n] = $3; mode[n] = $4; link[n] = $5; next }
      { hash[substr($0, 67)] = substr($0, 1, 64) }
      END {
        for (i = 1; i <= n; i++) {
          p = path[i]
          if (type[i] == "f") print p "\t" hash[p] ":" mode[i]
          else if (type[i] == "d") print p "/\tdir"
          else if (type[i] == "l") print p "\tlink:" link[i]
          else print p "\ttype-" type[i]
        }
      }' >"$1"
}
snapshot "$work/before"

# The arguments: one line of shell words (quotes allowed).
first_line cmd_line "$case_dir/cmd"
args=()
eval "args=($cmd_line)"
first_line pipe "$case_dir/pipe"
limits=()
[[ -f $case_dir/ulimit ]] && read -r -a limits <"$case_dir/ulimit"
# Applied in the subshell that runs piaojue, so setup, snapshots and comparisons are not limited.
apply_limits() { if ((${#limits[@]})); then ulimit "${limits[@]}"; fi; }

set +e
if [[ -z $pipe ]]; then
  (apply_limits && exec "${clean_env[@]}" "$piaojue" "${args[@]}") >"$work/out/stdout" 2>"$work/out/stderr" </dev/null
  code=$?
elif [[ $pipe == closed ]]; then
  # A pipe whose read end is closed before piaojue starts: every write to stdout fails with
  # EPIPE, never by chance of scheduling.
  (apply_limits && exec "${clean_env[@]}" python3 -S -c '
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
sys.exit(subprocess.call(sys.argv[1:], stdout=w, stdin=subprocess.DEVNULL))' "$piaojue" "${args[@]}") \
    >"$work/out/stdout" 2>"$work/out/stderr"
  code=$?
else
  (apply_limits && "${clean_env[@]}" "$piaojue" "${args[@]}" </dev/null 2>"$work/out/stderr" |
     bash -c "$pipe" >"$work/out/stdout"; exit "${PIPESTATUS[0]}")
  code=$?
fi
set -e
echo "$code" >"$work/out/exit"

# slurp VAR FILE: all of FILE, trailing line ends included, into VAR.
slurp() { local -n into=$1; into=""; IFS= read -r -d '' into <"$2" || true; }
# Paths of the scratch directory must not make the expectations machine-specific.
scrub() {
  local text
  slurp text "$1"
  [[ $text == *"$run_dir"* || $text == *"$piaojue"* ]] || return 0
  text=${text//"$run_dir"/@WORKDIR@}
  text=${text//"$piaojue"/@PIAOJUE@}
  printf '%s' "$text" >"$1"
}
scrub "$work/out/stdout"
scrub "$work/out/stderr"

# What the command did to the directory: one line per entry added, removed or changed, sorted.
snapshot "$work/after"
changes=$(awk -F'\t' 'FNR == NR { before[$1] = $2; next }
                      { after[$1] = $2 }
                      END {
                        for (p in before) if (!(p in after)) print "removed " p; else if (before[p] != after[p]) print "changed " p
                        for (p in after) if (!(p in before)) print "added " p
                      }' "$work/before" "$work/after")
if [[ -n $changes ]]; then printf '%s\n' "$changes" | LC_ALL=C sort >"$work/out/files"; else : >"$work/out/files"; fi

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
if [[ -f $case_dir/after ]]; then
  "${clean_env[@]}" "PIAOJUE=$piaojue" bash -uo pipefail "$case_dir/after" >"$work/out/after.out" 2>&1 </dev/null || true
  scrub "$work/out/after.out"
  compared+=(after.out)
fi

if [[ -n $update ]]; then
  for f in "${compared[@]}"; do
    if [[ $f == stderr && ! -s $work/out/stderr ]]; then
      rm -f "$case_dir/stderr"
    else
      cp "$work/out/$f" "$case_dir/$f"
    fi
  done
  echo "$name: expectations rewritten (exit $code)"
  exit 0
fi

: >"$work/empty"
failed=0
for f in "${compared[@]}"; do
  expected=$case_dir/$f
  # No stderr file: nothing may be printed there.
  [[ $f == stderr && ! -f $expected ]] && expected=$work/empty
  if [[ ! -f $expected ]]; then
    echo "$name: missing expectation $case_dir/$f (run UPDATE_GOLDEN=1 ctest -R $family/)" >&2
    failed=1
    continue
  fi
  # Compared in the shell (no process per file); `diff` runs only on a mismatch.
  slurp want "$expected"
  slurp got "$work/out/$f"
  if [[ $want != "$got" ]]; then
    echo "$name: $f differs:" >&2
    diff -u --label "expected/$f" --label "actual/$f" "$expected" "$work/out/$f" >&2 || true
    failed=1
  fi
done

if ((failed)); then
  echo "$name: FAILED (piaojue ${args[*]} in examples/$example; exit $code; output kept in $work/out;" \
       "UPDATE_GOLDEN=1 ctest -R $family/ rewrites the expectations)" >&2
  exit 1
fi
# The big-* cases generate inputs of up to 100 MB: their copy is freed at once.
if [[ $name == bad-input/big-* ]]; then cd / && rm -rf "$work/run"; fi
echo "$name: ok (piaojue ${args[*]} -> exit $code)"
