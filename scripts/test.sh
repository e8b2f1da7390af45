#!/usr/bin/env bash
# Quick start 2: install what is needed, build, and run the whole test suite. This is what CI
# (.ci/run) runs.
# Usage: scripts/test.sh [--dev-only]
#   (no flag)   four stages, each stopping the run if it fails:
#                 1. dev preset: debug build, -Werror, every unit, golden, bad-input, example,
#                    doc and fuzz-corpus replay test (build/dev); then check-format: every
#                    source as clang-format (the repo's .clang-format) writes it
#                 2. release preset: the same suite on the optimised build that users run
#                    (build/release): the compiler's optimiser is tested too
#                 3. asan preset: the same suite under AddressSanitizer + UBSan (build/asan)
#                 4. fuzz preset: the libFuzzer targets (clang-14, ASan + UBSan), each run for
#                    FUZZ_SECONDS seconds (default 60) by scripts/fuzz.sh (build/fuzz)
#   --dev-only  stage 1 alone, for a quick loop while working
set -euo pipefail
cd "$(dirname "$0")/.."
full=1
for arg in "$@"; do
  case "$arg" in
    --dev-only) full=0 ;;
    *) echo "usage: scripts/test.sh [--dev-only]" >&2; exit 2 ;;
  esac
done
if ((full)); then scripts/bootstrap.sh --fuzz; else scripts/bootstrap.sh; fi

stage() { printf '\n=== test.sh: %s (%s) ===\n' "$1" "$(date -u +%H:%M:%S)"; }

stage "1/4 dev suite, and the tree's formatting"
cmake --workflow --preset dev
cmake --build --preset dev --target check-format
((full)) || exit 0

stage "2/4 release suite"
cmake --workflow --preset release

stage "3/4 asan suite"
cmake --workflow --preset asan

stage "4/4 fuzzers, ${FUZZ_SECONDS:-60}s each"
cmake --preset fuzz
cmake --build --preset fuzz --target fuzzers
FUZZ_SECONDS="${FUZZ_SECONDS:-60}" scripts/fuzz.sh build/fuzz
stage "all stages passed"
