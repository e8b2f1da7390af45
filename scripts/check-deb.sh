#!/usr/bin/env bash
# Installs a piaojue .deb on this machine with dpkg, runs what it installed from outside the source
# tree, as the issue's "done when" says, and removes it again:
#   dpkg -i piaojue_*.deb
#   piaojue tally /usr/share/doc/piaojue/examples/township/session.toml -o /tmp/…/r.json
#     → exit 0, the township result printed, the record selecting what expected.txt says
#   piaojue verify …/examples/signed/result.json --trust …/trust.toml  → exit 0
#   piaojue report r.json --kind notice --format html, and --format pdf through the installed
#     /usr/lib/piaojue/piaojue-render when its recommended libraries and a Chinese font are there
#   the man page, the bash completion (when the package has it), `piaojue --version`
#   dpkg -r piaojue → nothing of the package left
# Needs root (or sudo); refuses to run when a piaojue package is installed already, since removing
# it at the end would change the machine.
#
# Usage: scripts/check-deb.sh DEB
set -euo pipefail
deb=${1:?usage: scripts/check-deb.sh DEB}
[[ -f $deb ]] || { echo "check-deb: no such file: $deb" >&2; exit 2; }
deb=$(realpath "$deb")
fail() { echo "check-deb: FAILED: $*" >&2; exit 1; }

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "check-deb: need root (or sudo) for dpkg -i" >&2; exit 1; }
  sudo=(sudo)
fi
if dpkg-query -W -f='${Status}' piaojue 2>/dev/null | grep -q "ok installed"; then
  echo "check-deb: a piaojue package is installed already; remove it first (dpkg -r piaojue)" >&2
  exit 1
fi

work=$(mktemp -d /tmp/check-deb.XXXXXX)
installed=0
cleanup() {
  if ((installed)); then "${sudo[@]}" dpkg -r piaojue >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "check-deb: dpkg -i $(basename "$deb")"
dpkg-deb --field "$deb" Package Version Architecture Installed-Size Depends
"${sudo[@]}" dpkg -i "$deb"
installed=1
version=$(dpkg-deb --field "$deb" Version)

# From a scratch folder, with a bare environment: nothing of the source tree or the build is used.
run() { (cd "$work" && env -i "PATH=/usr/bin:/bin" "HOME=$work" "LANG=C.UTF-8" "$@" </dev/null); }
[[ $(run sh -c 'command -v piaojue') == /usr/bin/piaojue ]] || fail "piaojue is not /usr/bin/piaojue on PATH"
got_version=$(run piaojue --version)
[[ $got_version == "piaojue ${version%-*}" ]] || fail "piaojue --version says \"$got_version\", the package is $version"

doc=/usr/share/doc/piaojue
code=0
run piaojue tally "$doc/examples/township/session.toml" -o "$work/r.json" >"$work/tally.out" 2>&1 || code=$?
cat "$work/tally.out"
[[ $code == 0 ]] || fail "piaojue tally of the installed township example exited $code"
grep -q "^Result: 10 adopted: " "$work/tally.out" || fail "the tally printed no township result"
selected=$(sed -n 's/^selected=//p' "$doc/examples/township/expected.txt" | tr -d '\r')
got=$(python3 -c 'import json,sys; print(",".join(json.load(open(sys.argv[1]))["outcome"]["selected"]))' "$work/r.json")
[[ $got == "$selected" ]] || fail "the record selects $got, expected.txt says $selected"
echo "check-deb: installed example tallied: exit 0, selected $got"

code=0
run piaojue verify "$doc/examples/signed/result.json" --trust "$doc/examples/signed/trust.toml" \
  >"$work/verify.out" 2>&1 || code=$?
[[ $code == 0 ]] || { cat "$work/verify.out"; fail "piaojue verify of the installed signed example exited $code"; }
echo "check-deb: installed signed example verified: exit 0"

# The printed documents from the installed files. HTML needs nothing else; the PDF needs the
# package's recommendations (cairo, pango, a Chinese font), which a machine that ran
# scripts/bootstrap.sh has.
run piaojue report "$work/r.json" --kind notice --format html --number 1 -o "$work/notice.html" --quiet ||
  fail "piaojue report --format html of the installed example's record exited $?"
grep -q '<svg' "$work/notice.html" && grep -q '社区养老助餐服务' "$work/notice.html" ||
  fail "the notice has no QR code or not the adopted projects"
echo "check-deb: installed piaojue wrote the notice as HTML"
if dpkg-query -W -f='${Status}' libpangocairo-1.0-0 2>/dev/null | grep -q "ok installed" &&
  fc-list :lang=zh 2>/dev/null | grep -q .; then
  [[ -x /usr/lib/piaojue/piaojue-render ]] || fail "the package has no /usr/lib/piaojue/piaojue-render"
  run piaojue report "$work/r.json" --kind result --format pdf -o "$work/result.pdf" --quiet ||
    fail "piaojue report --format pdf of the installed example's record exited $?"
  [[ $(head -c 5 "$work/result.pdf") == %PDF- ]] || fail "piaojue report --format pdf wrote no PDF"
  echo "check-deb: installed piaojue drew the result report as PDF with /usr/lib/piaojue/piaojue-render"
else
  echo "check-deb: PDF not tried: the package's recommendations (libpangocairo-1.0-0, a Chinese font) are not installed"
fi

[[ -f /usr/share/man/man1/piaojue.1.gz ]] || fail "no man page /usr/share/man/man1/piaojue.1.gz"
gzip -t /usr/share/man/man1/piaojue.1.gz || fail "the man page is not a valid gzip file"
# The installed bash completion, in a bash: `piaojue ta<TAB>` offers tally.
completion=/usr/share/bash-completion/completions/piaojue
listed=$(dpkg -L piaojue)
grep -qx "$completion" <<<"$listed" || fail "the package has no $completion"
offered=$(run bash --norc --noprofile -c "source $completion && COMP_WORDS=(piaojue ta) COMP_CWORD=1 &&
  _piaojue piaojue ta piaojue && printf '%s\n' \"\${COMPREPLY[@]}\"") || fail "bash cannot load $completion"
grep -qx tally <<<"$offered" || fail "piaojue ta<TAB> does not offer tally (offers: $offered)"
echo "check-deb: bash completion loads; piaojue ta<TAB> offers: $(echo $offered)"
files=$(wc -l <<<"$listed")

"${sudo[@]}" dpkg -r piaojue
installed=0
! dpkg-query -W -f='${Status}' piaojue 2>/dev/null | grep -q "ok installed" || fail "piaojue is still installed"
[[ ! -e /usr/bin/piaojue && ! -e $doc && ! -e /usr/lib/piaojue ]] ||
  fail "dpkg -r left /usr/bin/piaojue, /usr/lib/piaojue or $doc behind"
echo "check-deb: removed; $files paths installed and removed, nothing left"
