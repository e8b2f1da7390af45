#!/usr/bin/env bash
# The printed documents of `piaojue report`, checked in the tools people open them with
# (tests/cmake/report.cmake registers one test per document and mode):
#   pdf          the PDF through pdftotext -layout (every heading, project, count in order;
#                tests/scripts/report_check.py) and pdftoppm (each page A4, not blank); the PNG
#                of the same document (A4 pages at 150 dpi, not blank)
#   html         the HTML opened in headless Chromium: the DOM it builds checked like the PDF's
#                text, and a screenshot not blank
#   determinism  HTML, PDF and PNG made twice — another time zone, locale, working directory and
#                path — must be the same bytes
# A tool that is not installed makes the test report itself skipped (exit 77);
# scripts/bootstrap.sh installs them all.
#
# usage: report_render.sh MODE PIAOJUE EXAMPLES WORK EXAMPLE ROUND KIND LANG
#   EXAMPLE  folder under EXAMPLES (township, tie, county); ROUND its round folder (. for none)
#   KIND     result | notice | ballot;  LANG  zh | en
set -euo pipefail
mode=$1 piaojue=$2 examples=$3 work=$4 example=$5 round=$6 kind=$7 lang=$8
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "report/$mode: FAILED: $*" >&2; exit 1; }
skip() { echo "report/$mode: SKIPPED: $* is not installed (scripts/bootstrap.sh installs it)"; exit 77; }
case $mode in
  pdf) command -v pdftotext >/dev/null || skip pdftotext; command -v pdftoppm >/dev/null || skip pdftoppm ;;
  html) chromium=$(command -v chromium || command -v chromium-browser || true); [[ -n $chromium ]] || skip chromium ;;
  determinism) ;;
  *) fail "unknown mode $mode" ;;
esac

rm -rf "$work"
mkdir -p "$work"
cp -R "$examples/$example" "$work/example"
find "$work/example" -name 'result*.json' -delete
run() { env -i "PATH=$PATH" "LANG=C.UTF-8" "TZ=UTC" "HOME=$work" "$piaojue" "$@" </dev/null; }
# Every round up to this one, tallied in order (a later round reads the previous record).
for dir in "$work"/example/round-* "$work/example"; do
  [[ -f $dir/session.toml ]] || continue
  code=0
  run tally "$dir/session.toml" --quiet || code=$?
  [[ $code == 0 || $code == 6 ]] || fail "tally of $dir exited $code"
  [[ $dir == "$work/example/$round" ]] && break
done
dir=$work/example/$round
dir=${dir%/.}
if [[ $kind == ballot ]]; then input=$dir/session.toml; else input=$dir/result.json; fi
report() { run report "$input" --kind "$kind" --lang "$lang" "$@"; }

case $mode in
  pdf)
    report --format pdf -o "$work/out.pdf" --quiet
    pdftotext -layout "$work/out.pdf" "$work/out.txt"
    python3 "$here/report_check.py" text "$kind" "$lang" "$input" "$work/out.txt"
    pdftoppm -r 36 -gray "$work/out.pdf" "$work/page"
    pages=0
    for page in "$work"/page*.pgm; do
      python3 "$here/report_check.py" pgm "$page"
      pages=$((pages + 1))
    done
    ((pages > 0)) || fail "pdftoppm drew no page"
    if [[ $kind == ballot ]] && ((pages != 1)); then fail "the ballot takes $pages pages, not one"; fi
    report --format png -o "$work/out.png" --quiet
    python3 "$here/report_check.py" png "$work/out.png" 1240 1754
    ;;
  html)
    report --format html -o "$work/out.html" --quiet
    flags=(--headless --no-sandbox --disable-gpu --user-data-dir="$work/chromium" --no-first-run)
    env -i "PATH=$PATH" "HOME=$work" "$chromium" "${flags[@]}" --dump-dom "file://$work/out.html" \
      >"$work/dom.html" 2>"$work/chromium.log" || { cat "$work/chromium.log"; fail "chromium --dump-dom failed"; }
    grep -q '<svg' "$work/dom.html" || [[ $kind == ballot ]] || fail "the DOM has no SVG (QR code, chart)"
    python3 "$here/report_check.py" text "$kind" "$lang" "$input" "$work/dom.html"
    env -i "PATH=$PATH" "HOME=$work" "$chromium" "${flags[@]}" --window-size=794,1123 \
      --screenshot="$work/shot.png" "file://$work/out.html" >"$work/chromium.log" 2>&1 ||
      { cat "$work/chromium.log"; fail "chromium --screenshot failed"; }
    python3 "$here/report_check.py" png "$work/shot.png" 794
    ;;
  determinism)
    for format in html pdf png; do
      (cd "$dir" && env -i "PATH=$PATH" LANG=C.UTF-8 LC_ALL=C TZ=UTC "HOME=$work" "$piaojue" report \
        "$(basename "$input")" --kind "$kind" --lang "$lang" --format "$format" -o "$work/a.$format" --quiet)
      (cd / && env -i "PATH=$PATH" LANG=en_US.UTF-8 LC_ALL=zh_CN.UTF-8 TZ=Asia/Shanghai "HOME=/tmp" "$piaojue" report \
        "$input" --kind "$kind" --lang "$lang" --format "$format" -o "$work/b.$format" --quiet)
      cmp "$work/a.$format" "$work/b.$format" || fail "$format differs between two runs (time zone, locale, cwd, path)"
      echo "report/determinism: $format: $(wc -c <"$work/a.$format") bytes, identical"
    done
    ;;
esac
echo "report/$mode: $example $round $kind $lang: ok"
