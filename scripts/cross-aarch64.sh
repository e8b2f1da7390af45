#!/usr/bin/env bash
# The aarch64 (arm64) build: a cross build of the static release executable with Debian 12's
# cross toolchain (the `aarch64` preset, cmake/toolchain-aarch64.cmake), checked under qemu-user:
#   1. the executable is an aarch64 static PIE;
#   2. the unit tests (tests/piaojue_tests, every doctest case) pass under qemu-aarch64-static;
#   3. every example under examples/ gives its expected outcome (tests/scripts/run_example.sh,
#      with the aarch64 piaojue run under qemu), and the signed example verifies;
#   4. with --package, the arm64 .deb: build/aarch64/package/piaojue_VERSION-1_arm64.deb.
# On aarch64 the CSV classifier is the NEON kernel (checked against the scalar one) and the tree's
# SHA-256 is OpenSSL's (src/simd/), so these are the tests of those paths.
#
# Installs what is missing (as root, or with sudo): the cross compiler, qemu-user-static, and
# through multiarch the arm64 libraries the static link takes (libssl-dev, libutf8proc-dev,
# libicu-dev, libqrcodegencpp-dev) and the arm64 CMake configs of Boost and toml++. The arm64
# build has no piaojue-render (PIAOJUE_RENDER=OFF in the preset): its package makes HTML reports;
# PDF and PNG are drawn where cairo and pango are (docs/packaging.md).
#
# Usage: scripts/cross-aarch64.sh [--package]
set -euo pipefail
cd "$(dirname "$0")/.."
umask 022
package=0
for arg in "$@"; do
  case $arg in
    --package) package=1 ;;
    *) echo "usage: scripts/cross-aarch64.sh [--package]" >&2; exit 2 ;;
  esac
done
stage() { printf '\n=== cross-aarch64: %s (%s) ===\n' "$1" "$(date -u +%H:%M:%S)"; }

scripts/bootstrap.sh
packages=(g++-aarch64-linux-gnu qemu-user-static libssl-dev:arm64 libutf8proc-dev:arm64 libicu-dev:arm64
          libboost-dev:arm64 libtomlplusplus-dev:arm64 libqrcodegencpp-dev:arm64)
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
missing=()
for p in "${packages[@]}"; do installed "$p" || missing+=("$p"); done
if ((${#missing[@]} > 0)); then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "cross-aarch64: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  echo "cross-aarch64: installing ${missing[*]}" >&2
  dpkg --print-foreign-architectures | grep -qx arm64 || "${sudo[@]}" dpkg --add-architecture arm64
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
qemu=$(command -v qemu-aarch64-static)
build=build/aarch64

stage "build (aarch64 preset)"
cmake --preset aarch64
cmake --build --preset aarch64 --target piaojue piaojue_tests piaojue_completion piaojue_man

stage "1/4 the executable"
header=$(readelf -hlW "$build/piaojue")
grep -Eq 'Machine:[[:space:]]+AArch64' <<<"$header" || { echo "cross-aarch64: $build/piaojue is not AArch64" >&2; exit 1; }
grep -Eq 'Type:[[:space:]]+DYN' <<<"$header" || { echo "cross-aarch64: $build/piaojue is not a PIE" >&2; exit 1; }
! grep -q INTERP <<<"$header" || { echo "cross-aarch64: $build/piaojue is not static" >&2; exit 1; }
"$qemu" "$build/piaojue" --version
echo "cross-aarch64: $build/piaojue is an aarch64 static PIE and runs under $(basename "$qemu")"

stage "2/4 unit tests under qemu"
(cd "$build/tests" && "$qemu" ./piaojue_tests)

stage "3/4 examples under qemu"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '#!/bin/sh\nexec %s %s "$@"\n' "$qemu" "$PWD/$build/piaojue" >"$work/piaojue"
chmod +x "$work/piaojue"
count=0
for example in examples/*/; do
  example=${example%/}
  bash tests/scripts/run_example.sh "$work/piaojue" "$example" "$work/example-$(basename "$example")"
  count=$((count + 1))
done
cp -R examples/signed "$work/signed"
rm -f "$work"/signed/keys/*.key
(cd "$work/signed" && env -i "PATH=$PATH" LANG=C.UTF-8 "$work/piaojue" verify result.json --trust trust.toml --quiet)
echo "cross-aarch64: $count examples give their expected outcome; the signed example verifies"

if ((package)); then
  stage "4/4 the arm64 .deb"
  if [[ -z ${SOURCE_DATE_EPOCH:-} ]]; then SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || echo 0); fi
  export SOURCE_DATE_EPOCH
  rm -rf "$build/package"
  cpack --config "$build/CPackConfig.cmake" -B "$build/package"
  deb=$(ls "$build"/package/piaojue_*_arm64.deb)
  [[ $(dpkg-deb --field "$deb" Architecture) == arm64 ]] || { echo "cross-aarch64: $deb is not arm64" >&2; exit 1; }
  dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/bin/piaojue >"$work/deb-piaojue"
  readelf -h "$work/deb-piaojue" | grep -Eq 'Machine:[[:space:]]+AArch64' ||
    { echo "cross-aarch64: the package's /usr/bin/piaojue is not an aarch64 executable" >&2; exit 1; }
  chmod +x "$work/deb-piaojue"
  "$qemu" "$work/deb-piaojue" --version >/dev/null ||
    { echo "cross-aarch64: the package's /usr/bin/piaojue (stripped) does not run" >&2; exit 1; }
  echo "cross-aarch64: $deb (SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH)"
  sha256sum "$deb"
fi
stage "done"
