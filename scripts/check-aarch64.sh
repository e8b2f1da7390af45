#!/usr/bin/env bash
# Checks that the tree compiles for aarch64 (arm64) Linux: every translation unit of the core
# (src/, src/simd/), of the command line (src/cli/), of the tests and of the fuzz targets goes
# through Debian 12's cross g++ (the same GCC 12 as the native build) with the project's warnings
# as errors. Front end only (-fsyntax-only): nothing is generated or linked, so the SIMD seam
# (src/simd/: x86 kernels behind #if, the NEON and scalar CSV classifiers, the CPU check) and
# everything else is checked for what the compiler sees on arm64, where `char` is unsigned.
#
# Installs what is missing (as root, or with sudo): the cross compiler, and through multiarch
# arm64's libssl-dev, whose <openssl/configuration.h> is per architecture. The other libraries
# are header-only or have the same headers on every architecture (/usr/include). The full static
# aarch64 cross build, its tests under qemu and the arm64 .deb are scripts/cross-aarch64.sh.
#
# Usage: scripts/check-aarch64.sh [-j JOBS]   (JOBS defaults to the number of cores)
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=$(nproc)
if [[ "${1:-}" == "-j" && -n "${2:-}" ]]; then jobs=$2; fi

# The native build's packages first: their headers (CLI11, Boost, nlohmann-json, toml++, doctest,
# utf8proc) are the same on every architecture.
scripts/bootstrap.sh

cxx=aarch64-linux-gnu-g++
packages=(g++-aarch64-linux-gnu libssl-dev:arm64)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }

missing=()
for p in "${packages[@]}"; do installed "$p" || missing+=("$p"); done
if ((${#missing[@]} > 0)); then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null; then sudo=(sudo); else
      echo "check-aarch64: need root (or sudo) to install: ${missing[*]}" >&2
      exit 1
    fi
  fi
  echo "check-aarch64: installing ${missing[*]}" >&2
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    "${sudo[@]}" dpkg --add-architecture arm64
  fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

machine=$("$cxx" -dumpmachine)
if [[ "$machine" != aarch64-linux-gnu ]]; then
  echo "check-aarch64: $cxx targets $machine, not aarch64-linux-gnu" >&2
  exit 1
fi

# What CMake generates at configure time (cmake/version.hpp.in), here from the project() line.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=$(sed -n 's/^project(piaojue VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
mkdir -p "$work/generated/piaojue"
sed "s/@PROJECT_VERSION@/$version/" cmake/version.hpp.in >"$work/generated/piaojue/version.hpp"

# The warnings of cmake/settings.cmake, as errors (the dev preset and CI), and the definitions the
# targets add (tests/CMakeLists.txt).
flags=(-std=c++20 -fsyntax-only -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
       -Wnon-virtual-dtor -Wno-missing-field-initializers -Werror -DBOOST_ALL_NO_LIB
       "-DPIAOJUE_SOURCE_DIR=\"$PWD\"" "-DPIAOJUE_BINARY_DIR=\"$work\""
       -Iinclude -I"$work/generated" -Isrc -Itests -Ifuzz)

# Every translation unit the build has on aarch64: src/cli/start_prefault.cpp is the x86-64
# release entry point only (CMakeLists.txt).
shopt -s nullglob
files=(src/*.cpp src/simd/*.cpp src/cli/*.cpp tests/*.cpp fuzz/*.cpp)
files=("${files[@]/src\/cli\/start_prefault.cpp/}")
list=()
for f in "${files[@]}"; do [[ -n "$f" ]] && list+=("$f"); done

echo "check-aarch64: $($cxx --version | head -n 1), target $machine, ${#list[@]} translation units, $jobs at a time"
export cxx work
check_one() {
  local log
  log="$work/$(echo "$1" | tr / _).log"
  if "$cxx" "${@:2}" "$1" >"$log" 2>&1; then
    echo "  ok    $1"
  else
    echo "  FAIL  $1"
    cat "$log"
    return 1
  fi
}
export -f check_one
status=0
printf '%s\n' "${list[@]}" | xargs -P "$jobs" -I{} bash -c 'check_one "$@"' _ {} "${flags[@]}" || status=1
if ((status != 0)); then
  echo "check-aarch64: some translation units do not compile for aarch64 (above)" >&2
  exit 1
fi
echo "check-aarch64: all ${#list[@]} translation units compile for aarch64"
