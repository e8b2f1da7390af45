#!/usr/bin/env bash
# Quick start 2: install what is needed, build, and run the whole test suite.
# Usage: scripts/test.sh [--asan] [--fuzz]
#   (no flag)  the dev preset: debug build, -Werror, every unit, golden, example and doc test
#   --asan     also the whole suite under AddressSanitizer + UndefinedBehaviorSanitizer
#   --fuzz     also build the libFuzzer targets (clang-14) and run each for a bounded time
set -euo pipefail
cd "$(dirname "$0")/.."
asan=0 fuzz=0
for arg in "$@"; do
  case "$arg" in
    --asan) asan=1 ;;
    --fuzz) fuzz=1 ;;
    *) echo "usage: scripts/test.sh [--asan] [--fuzz]" >&2; exit 2 ;;
  esac
done
if ((fuzz)); then scripts/bootstrap.sh --fuzz; else scripts/bootstrap.sh; fi

cmake --workflow --preset dev
if ((asan)); then
  cmake --workflow --preset asan
fi
if ((fuzz)) && [[ -f fuzz/CMakeLists.txt ]]; then
  cmake --workflow --preset fuzz
  FUZZ_SECONDS="${FUZZ_SECONDS:-60}" scripts/fuzz.sh build/fuzz
fi
