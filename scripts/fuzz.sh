#!/usr/bin/env bash
# Runs every libFuzzer target built in BUILD_DIR/fuzz for FUZZ_SECONDS seconds each (default 60),
# one after another, each on a temporary copy of its seed corpus (fuzz/corpus/TARGET) with its
# dictionary (fuzz/dict/TARGET.dict). New corpus files never land in the repository. Prints, per
# target, libFuzzer's final stats (total executions, executions per second, ...) as a Markdown
# table (docs/testing.md), and fails if any target crashes, leaks, times out or runs out of memory;
# the reproducer is kept in BUILD_DIR/fuzz-artifacts/TARGET/.
#
# Usage: scripts/fuzz.sh BUILD_DIR          e.g. cmake --preset fuzz && cmake --build --preset fuzz
#                                                 FUZZ_SECONDS=60 scripts/fuzz.sh build/fuzz
set -euo pipefail

if [[ $# -ne 1 || $1 == -h || $1 == --help ]]; then
  echo "usage: FUZZ_SECONDS=60 $0 BUILD_DIR   (fuzzers built with: cmake --preset fuzz && cmake --build --preset fuzz)" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
seconds=${FUZZ_SECONDS:-60}
if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
  echo "fuzz.sh: FUZZ_SECONDS must be a positive whole number of seconds, not '$seconds'" >&2
  exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

mapfile -t fuzzers < <(find "$build/fuzz" -maxdepth 1 -type f -name 'fuzz_*' -perm -u+x 2>/dev/null | sort)
if [[ ${#fuzzers[@]} -eq 0 ]]; then
  echo "fuzz.sh: no fuzz_* executables in $build/fuzz; configure with PIAOJUE_FUZZ=ON (cmake --preset fuzz) and build" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/piaojue-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The value of libFuzzer's final `stat::NAME: VALUE` line in log $1, or "?".
final_stat() { sed -n "s/^stat::$2: *//p" "$1" | tail -n 1 | grep . || echo "?"; }

echo "fuzzing ${#fuzzers[@]} targets for ${seconds}s each on $(nproc) cores"
echo
echo "| target | executions | exec/s | new corpus units | peak RSS (MB) | slowest input (s) | result |"
echo "|---|---:|---:|---:|---:|---:|---|"
failed=()
for fuzzer in "${fuzzers[@]}"; do
  target=${fuzzer##*/fuzz_}
  corpus=$work/$target/corpus
  artifacts=$work/$target/artifacts
  mkdir -p "$corpus" "$artifacts"
  if [[ -d $root/fuzz/corpus/$target ]]; then
    cp -R "$root/fuzz/corpus/$target/." "$corpus/"
  fi
  options=(-max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
           -artifact_prefix="$artifacts/")
  if [[ -f $root/fuzz/dict/$target.dict ]]; then
    options+=(-dict="$root/fuzz/dict/$target.dict")
  fi
  log=$work/$target/log
  rm -rf "$build/fuzz-artifacts/$target"
  status=0
  "$fuzzer" "${options[@]}" "$corpus" >"$log" 2>&1 || status=$?
  result=ok
  if [[ $status -ne 0 ]] || compgen -G "$artifacts/*" >/dev/null; then
    result="FAILED (exit $status)"
    failed+=("$target")
    mkdir -p "$build/fuzz-artifacts/$target"
    cp -R "$artifacts/." "$build/fuzz-artifacts/$target/" 2>/dev/null || true
    cp "$log" "$build/fuzz-artifacts/$target/fuzz.log"
  fi
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$target" "$(final_stat "$log" number_of_executed_units)" \
    "$(final_stat "$log" average_exec_per_sec)" "$(final_stat "$log" new_units_added)" "$(final_stat "$log" peak_rss_mb)" \
    "$(final_stat "$log" slowest_unit_time_sec)" "$result"
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo
  for target in "${failed[@]}"; do
    echo "=== fuzz_$target failed; log and reproducer in $build/fuzz-artifacts/$target/ ==="
    grep -E 'ERROR:|runtime error:|^fuzz_[a-z]+:|Test unit written|SUMMARY' "$build/fuzz-artifacts/$target/fuzz.log" | head -n 20 || true
  done
  exit 1
fi
