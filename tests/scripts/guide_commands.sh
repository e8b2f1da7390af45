#!/usr/bin/env bash
# The commands the Chinese operator's guide tells a counter to type exist: every `piaojue …` in
# its code blocks and inline code names a subcommand of `piaojue --help`, and each long option
# it gives is one that `piaojue SUB --help` lists. A renamed option fails here, not at the meeting.
#
# usage: guide_commands.sh PIAOJUE GUIDE
set -euo pipefail
piaojue=$1 guide=$2
fail() { echo "docs/zh-guide: FAILED: $*" >&2; exit 1; }
[[ -f $guide ]] || fail "no guide $guide"

help() { env -i "PATH=$PATH" "LANG=C.UTF-8" "$piaojue" "$@" --help </dev/null; }
subs=$(help | awk '/^Subcommands:/ { on = 1; next } on && /^[^ ]/ { on = 0 } on && /^  [^ ]/ { print $1 }')

# Code-block lines and inline code spans that start with "piaojue ".
commands=$(python3 - "$guide" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
found = []
for block in re.findall(r"```sh\n(.*?)```", text, re.S):
    found += [l.strip() for l in block.splitlines() if l.strip().startswith("piaojue ")]
found += [m for m in re.findall(r"`(piaojue [^`]+)`", text)]
print("\n".join(found))
PY
)
checked=0
while IFS= read -r line; do
  [[ -z $line ]] && continue
  read -r -a words <<<"$line"
  sub=${words[1]}
  [[ $sub =~ ^[-a-z]+$ ]] || continue  # a placeholder: `piaojue 命令 --help`
  if [[ $sub == -* ]]; then  # piaojue --help, piaojue --version
    help | grep -qE -- "(^|[ ,])${sub}([ ,]|$)" || fail "\"$line\": piaojue has no option $sub"
    checked=$((checked + 1)); continue
  fi
  grep -qx -- "$sub" <<<"$subs" || fail "\"$line\": $sub is not a piaojue command"
  sub_help=$(help "$sub")
  for w in "${words[@]:2}"; do
    [[ $w == --* ]] || continue
    grep -qE -- "(^|[ ,])${w%%=*}([ ,]|$)" <<<"$sub_help" || fail "\"$line\": piaojue $sub has no option $w"
  done
  checked=$((checked + 1))
done <<<"$commands"
((checked >= 10)) || fail "only $checked commands found in $guide"
echo "docs/zh-guide: all $checked piaojue commands of the guide name existing commands and options"
