#!/usr/bin/env bash
# The bash completion, in a real bash (COMP_WORDS / COMP_CWORD driving the completion function as
# bash does on TAB), against what `piaojue --help` prints, which CLI11's formatter writes from the
# same tables by another path:
#   - `piaojue <TAB>` offers exactly the subcommands of `piaojue --help`, and a two-letter prefix
#     of each completes to it;
#   - `piaojue --<TAB>` and `piaojue SUB --<TAB>` offer exactly the long options of that help,
#     also after top-level options with values (`piaojue --lang zh SUB --<TAB>`);
#   - after an option whose values are a fixed list (`--lang`), those values and nothing else;
#     after one that takes a file or a name, nothing (bash's default: file names);
#   - the installed file (written at build time) is what `piaojue completion bash` prints.
#
# usage: completion.sh PIAOJUE COMPLETION_FILE
set -euo pipefail
piaojue=$1 file=$2
fail() { echo "completion/bash: FAILED: $*" >&2; exit 1; }

[[ -f $file ]] || fail "no completion file $file (written at build time)"
cmp -s "$file" <(LC_ALL=C.UTF-8 "$piaojue" completion bash) || fail "$file differs from \`piaojue completion bash\`"

help() { env -i "PATH=$PATH" "LANG=C.UTF-8" "$piaojue" "$@" --help </dev/null; }
subcommands_of() { awk '/^Subcommands:/ { on = 1; next } on && /^[^ ]/ { on = 0 } on && /^  [^ ]/ { print $1 }'; }
long_options_of() { grep -oE -- '(^|[ ,])--[A-Za-z0-9][A-Za-z0-9-]*' | sed 's/^[ ,]//' | sort -u; }

# complete WORD…: what the completion function offers for the command line WORD… (the last
# word is the one being completed; "" for a new word), one per line, sorted. A fresh bash with
# no start-up files, as an interactive shell would have after sourcing the file.
complete_line() {
  bash --norc --noprofile -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
    COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    spec=$(complete -p piaojue) || exit 3
    func=${spec#*-F }; func=${func%% *}
    "$func" piaojue "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" || exit 4
    printf "%s\n" "${COMPREPLY[@]}"' _ "$file" piaojue "$@" | grep -v '^$' | sort -u
}

same() {  # same LABEL EXPECTED GOT
  [[ $2 == "$3" ]] && return 0
  echo "  expected:" >&2; sed 's/^/    /' <<<"$2" >&2
  echo "  got:" >&2; sed 's/^/    /' <<<"$3" >&2
  fail "$1"
}

checked=0
top_help=$(help)
subs=$(subcommands_of <<<"$top_help" | sort -u)
[[ -n $subs ]] || fail "piaojue --help lists no subcommands"
same "piaojue <TAB>: not the subcommands of piaojue --help" "$subs" "$(complete_line "")"
while read -r sub; do
  got=$(complete_line "${sub:0:2}")
  grep -qx -- "$sub" <<<"$got" || fail "piaojue ${sub:0:2}<TAB> does not offer $sub (offers: $(echo $got))"
  checked=$((checked + 1))
done <<<"$subs"
same "piaojue --<TAB>: not the long options of piaojue --help" \
  "$(long_options_of <<<"$top_help")" "$(complete_line "--" | grep -- '^--')"

while read -r sub; do
  want=$(help "$sub" | long_options_of)
  [[ -n $want ]] || fail "piaojue $sub --help shows no long option"
  same "piaojue $sub --<TAB>: not the long options of piaojue $sub --help" "$want" \
    "$(complete_line "$sub" "--" | grep -- '^--')"
  same "piaojue --lang zh $sub --<TAB>: not the long options of piaojue $sub --help" "$want" \
    "$(complete_line --lang zh "$sub" "--" | grep -- '^--')"
  checked=$((checked + $(wc -l <<<"$want")))
done <<<"$subs"

# Values: a fixed list after --lang (top level and in a subcommand); a prefix narrows it.
same "piaojue --lang <TAB>" $'en\nzh' "$(complete_line --lang "")"
same "piaojue tally --lang z<TAB>" "zh" "$(complete_line tally --lang z)"
# After -o (a file name) the function offers nothing, leaving bash's file names.
same "piaojue tally -o <TAB>" "" "$(complete_line tally -o "")"
# No subcommand words after the subcommand.
same "piaojue tally <TAB>" "" "$(complete_line tally "")"
echo "completion/bash: $checked subcommands and options complete, exactly as --help lists them"
