#!/usr/bin/env bash
# Builds the .deb of the static release build: build/release/package/piaojue_VERSION-1_ARCH.deb
# (CPack, cmake/package.cmake). The package's bytes depend only on the tree: file times are
# SOURCE_DATE_EPOCH (default: the time of the last commit), owners root, modes fixed.
#
# Usage: scripts/package.sh
# Installs what the build needs (scripts/bootstrap.sh), configures and builds the release preset
# (reusing build/release when it is there), then packs. scripts/check-deb.sh installs the result
# and runs the bundled example from it.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 022

scripts/bootstrap.sh

if [[ -z ${SOURCE_DATE_EPOCH:-} ]]; then
  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || echo 0)
fi
export SOURCE_DATE_EPOCH

# Files under docs/ and examples/ that git does not know go into the package too: say so.
if git rev-parse --git-dir >/dev/null 2>&1; then
  stray=$(git status --porcelain --untracked-files=all -- docs examples man README.md ARCHITECTURE.md LICENSE)
  if [[ -n $stray ]]; then
    echo "package: warning: uncommitted changes will be packaged:" >&2
    printf '%s\n' "$stray" >&2
  fi
fi

build=build/release
cmake --preset release
cmake --build --preset release
rm -rf "$build/package"
cpack --config "$build/CPackConfig.cmake" -B "$build/package"
debs=("$build"/package/piaojue_*.deb)
[[ -f ${debs[0]} ]] || { echo "package: cpack wrote no .deb" >&2; exit 1; }
echo "package: ${debs[0]} (SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH)"
sha256sum "${debs[0]}"
