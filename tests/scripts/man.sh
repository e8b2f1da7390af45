#!/usr/bin/env bash
# Checks of the hand-written man page man/piaojue.1.
#
# usage: man.sh lint MANPAGE GROFF
#          groff must read the page without a single warning (-ww: all of them).
#        man.sh options MANPAGE PIAOJUE
#          every subcommand listed by `piaojue --help`, and every long option (--xxx) printed by
#          `piaojue --help` and `piaojue <subcommand> --help` (recursively), appears in the page.
# Exit 77 (ctest: skipped) when the man page does not exist yet.
set -euo pipefail

mode=$1
page=$2
tool=$3

fail() { echo "man/$mode: FAILED: $*" >&2; exit 1; }
if [[ ! -f $page ]]; then
  echo "man/$mode: SKIPPED: $page does not exist yet"
  exit 77
fi

case $mode in
lint)
  [[ -x $tool ]] || fail "groff not found ($tool); install groff-base"
  # -k runs preconv (the page is UTF-8, with Chinese terms) and -Tutf8 is the terminal device,
  # exactly as man(1) renders the page; without them groff warns about every non-ASCII byte.
  code=0
  warnings=$(LC_ALL=C.UTF-8 "$tool" -k -Tutf8 -man -ww -z "$page" 2>&1) || code=$?
  if [[ -n $warnings || $code != 0 ]]; then
    printf '%s\n' "$warnings" >&2
    fail "groff -k -Tutf8 -man -ww -z $page: exit $code, $(printf '%s\n' "$warnings" | grep -c .) line(s) of warnings"
  fi
  echo "man/lint: groff -k -Tutf8 -man -ww -z $(basename "$page"): no warnings"
  ;;

options)
  [[ -x $tool ]] || fail "piaojue binary not found: $tool"
  # The page's text with roff escapes normalised: \- is a hyphen; drop font changes (\fB, \f(BI,
  # \f[B]) and zero-width escapes (\&, \%, \:) that may sit inside an option name.
  text=$(sed -E -e 's/\\f(\[[^]]*\]|\(..|.)//g' -e 's/\\[&%:]//g' -e 's/\\-/-/g' "$page")

  run_help() {
    env -i "PATH=$PATH" "LANG=C.UTF-8" "$tool" "$@" --help </dev/null ||
      fail "piaojue $* --help exited $?"
  }
  # Subcommand names: the indented first words of the "Subcommands:" section of a help text.
  subcommands_of() {
    awk '/^Subcommands:/ { on = 1; next } on && /^[^ ]/ { on = 0 } on && /^  [^ ]/ { print $1 }'
  }

  missing=()
  checked=0
  queue=("")  # "" is the top level; then "tally", "next-round", … (space-separated paths)
  while ((${#queue[@]})); do
    cmd=${queue[0]}
    queue=("${queue[@]:1}")
    read -r -a words <<<"$cmd"
    help=$(run_help "${words[@]}")
    label="piaojue${cmd:+ $cmd} --help"
    while read -r opt; do
      [[ -z $opt ]] && continue
      checked=$((checked + 1))
      grep -qE -- "(^|[^A-Za-z0-9-])${opt}([^A-Za-z0-9-]|\$)" <<<"$text" ||
        missing+=("$opt (from $label)")
    done < <(grep -oE -- '--[A-Za-z0-9][A-Za-z0-9-]*' <<<"$help" | sort -u)
    while read -r sub; do
      [[ -z $sub ]] && continue
      checked=$((checked + 1))
      grep -qE -- "(^|[^A-Za-z0-9-])${sub}([^A-Za-z0-9-]|\$)" <<<"$text" ||
        missing+=("subcommand $sub (from $label)")
      queue+=("${cmd:+$cmd }$sub")
    done < <(subcommands_of <<<"$help")
  done
  ((checked > 0)) || fail "found no options in piaojue --help"
  if ((${#missing[@]})); then
    printf '  not in the man page: %s\n' "${missing[@]}" >&2
    fail "${#missing[@]} option(s) or subcommand(s) of --help are not documented in the man page"
  fi
  echo "man/options: all $checked subcommands and long options (per help text) appear in $(basename "$page")"
  ;;

*)
  echo "usage: man.sh lint|options MANPAGE GROFF|PIAOJUE" >&2
  exit 2
  ;;
esac
