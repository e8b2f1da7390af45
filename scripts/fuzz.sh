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
#
#        scripts/fuzz.sh --long TARGET [SECONDS] [BUILD_DIR]
# runs one target (e.g. csv) for SECONDS (default 3600) on a corpus that is kept between runs,
# build/fuzz-long/TARGET/corpus (seeded from fuzz/corpus/TARGET on the first run), so a long run
# can be resumed and its finds replayed; crashes go to build/fuzz-long/TARGET/artifacts/ and the
# log to build/fuzz-long/TARGET/log. BUILD_DIR defaults to build/fuzz. Prints the same table row.
set -euo pipefail

if [[ ${1:-} == --long ]]; then
  if [[ $# -lt 2 || $# -gt 4 ]]; then
    echo "usage: $0 --long TARGET [SECONDS] [BUILD_DIR]" >&2
    exit 2
  fi
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  target=$2
  seconds=${3:-3600}
  build=$(cd "${4:-$root/build/fuzz}" && pwd)
  if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
    echo "fuzz.sh: SECONDS must be a positive whole number, not '$seconds'" >&2
    exit 2
  fi
  fuzzer=$build/fuzz/fuzz_$target
  if [[ ! -x $fuzzer ]]; then
    echo "fuzz.sh: no $fuzzer; build it with: cmake --preset fuzz && cmake --build --preset fuzz --target fuzzers" >&2
    exit 2
  fi
  keep=$root/build/fuzz-long/$target
  mkdir -p "$keep/corpus" "$keep/artifacts"
  if [[ -d $root/fuzz/corpus/$target ]]; then
    cp -Rn "$root/fuzz/corpus/$target/." "$keep/corpus/"
  fi
  options=(-max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
           -artifact_prefix="$keep/artifacts/")
  if [[ -f $root/fuzz/dict/$target.dict ]]; then
    options+=(-dict="$root/fuzz/dict/$target.dict")
  fi
  status=0
  "$fuzzer" "${options[@]}" "$keep/corpus" >"$keep/log" 2>&1 || status=$?
  stat() { sed -n "s/^stat::$1: *//p" "$keep/log" | tail -n 1 | grep . || echo "?"; }
  result=ok
  if [[ $status -ne 0 ]] || compgen -G "$keep/artifacts/*" >/dev/null; then result="FAILED (exit $status)"; fi
  echo "| target | seconds | executions | exec/s | corpus files | peak RSS (MB) | result |"
  echo "|---|---:|---:|---:|---:|---:|---|"
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$target" "$seconds" "$(stat number_of_executed_units)" \
    "$(stat average_exec_per_sec)" "$(find "$keep/corpus" -type f | wc -l)" "$(stat peak_rss_mb)" "$result"
  [[ $result == ok ]]
  exit
fi

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
