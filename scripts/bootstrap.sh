#!/usr/bin/env bash
# Installs the Debian packages piaojue needs to build and test, when they are missing. The printed
# documents (piaojue report) need libqrcodegencpp-dev (QR codes), libcairo2-dev and
# libpango1.0-dev (piaojue-render) and a Chinese font (fonts-noto-cjk); their tests open them in
# poppler-utils (pdftotext, pdftoppm) and chromium (headless); the --json outputs are checked
# against their schemas (docs/schema/) with python3-jsonschema.
# Usage: scripts/bootstrap.sh [--fuzz]   (--fuzz adds clang-14 and its sanitizer runtimes)
set -euo pipefail

packages=(g++ cmake ninja-build pkg-config git openssl groff-base python3 jq bc clang-format
          strace tmux libcli11-dev libboost-dev libssl-dev doctest-dev nlohmann-json3-dev libtomlplusplus-dev libutf8proc-dev libicu-dev
          libqrcodegencpp-dev libcairo2-dev libpango1.0-dev fonts-noto-cjk poppler-utils chromium
          python3-jsonschema)
if [[ "${1:-}" == "--fuzz" ]]; then
  packages+=(clang-14 libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then sudo=(sudo); else
    echo "bootstrap: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi
echo "bootstrap: installing ${missing[*]}" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
