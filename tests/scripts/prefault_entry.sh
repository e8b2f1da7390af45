#!/usr/bin/env bash
# The release build's entry point (src/cli/start_prefault.cpp) is what docs/design.md
# ("Start-up") says: the ELF entry is piaojue_start, and its first system call, before glibc's
# own start-up (arch_prctl, brk), is one madvise(MADV_POPULATE_WRITE) over exactly the writable
# segment, page-aligned. Exit 77 (skipped) without strace or where it cannot trace (ptrace
# refused); the entry point is checked either way.
#
# usage: prefault_entry.sh READELF STRACE|"" PIAOJUE
set -euo pipefail
readelf=$1 strace=$2 piaojue=$3
fail() { echo "prefault_entry: FAILED: $*" >&2; exit 1; }

entry=$("$readelf" -hW "$piaojue" | awk '/Entry point address:/ { print $4 }')
symbol=$("$readelf" -sW "$piaojue" | awk '$8 == "piaojue_start" { print $2 }')
[[ -n "$symbol" ]] || fail "$piaojue has no piaojue_start symbol"
((entry == 0x$symbol)) || fail "entry point $entry is not piaojue_start (0x$symbol)"

# The writable PT_LOAD: its start rounded down and its end (vaddr + memsz) rounded up to pages.
read -r vaddr memsz < <("$readelf" -lW "$piaojue" | awk '$1 == "LOAD" && $7 ~ /W/ { print $3, $6; exit }')
[[ -n "${vaddr:-}" ]] || fail "$piaojue has no writable LOAD segment"
expected=$(((vaddr + memsz + 4095) / 4096 * 4096 - vaddr / 4096 * 4096))

if [[ -z "$strace" ]] || ! "$strace" -o /dev/null true 2>/dev/null; then
  echo "prefault_entry: no strace, or it cannot trace here; entry point checked only" >&2
  exit 77
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$strace" -o "$log" -e trace=madvise,arch_prctl,brk "$piaojue" --version >/dev/null
first=$(head -n 1 "$log")
[[ "$first" =~ ^madvise\(0x([0-9a-f]+),\ ([0-9]+),\ MADV_POPULATE_WRITE\)\ =\ (0|-1\ EINVAL) ]] ||
  fail "the first traced system call is not the prefault: $first"
((0x${BASH_REMATCH[1]} % 4096 == 0)) || fail "the prefault does not start on a page: $first"
((BASH_REMATCH[2] == expected)) || fail "the prefault covers ${BASH_REMATCH[2]} bytes, the writable segment $expected: $first"
echo "prefault_entry: $first (writable segment: $expected bytes)"
