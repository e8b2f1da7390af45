#!/usr/bin/env bash
# Quick start 1: install what is needed, build, and tally the bundled township session.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
cmake --preset release >/dev/null
cmake --build --preset release
mkdir -p build/release/demo
build/release/piaojue check examples/township/session.toml
echo
build/release/piaojue tally examples/township/session.toml -o build/release/demo/result.json --force
