#!/usr/bin/env bash
# Compares what two piaojue binaries print and write for every example session: the records,
# standard output, standard error and exit codes of check, tally (zh, en, --json), verify and
# next-round, each example in a fresh copy. A refactoring that must change nothing is checked by
# running this with the binary of the commit before and the one after (docs/testing.md).
# Usage: scripts/compare-outputs.sh OLD_PIAOJUE NEW_PIAOJUE
set -euo pipefail
old=$(realpath "$1") new=$(realpath "$2")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() {  # run BIN OUTDIR: every example in its own copy, outputs under OUTDIR
    local bin=$1 out=$2
    mkdir -p "$out"
    cp -r "$root/examples" "$out/ex"
    find "$out/ex" -name 'result.json' ! -path '*/signed/*' -delete
    local n=0
    for session in $(cd "$out/ex" && find . -name session.toml | sort); do
        local dir=$out/ex/$(dirname "$session") tag
        tag=$(echo "$session" | tr '/.' '__')
        for cmd in "check session.toml --lang zh" "check session.toml --lang en --json" \
                   "tally session.toml -o r-zh.json --lang zh" "tally session.toml -o r-en.json --lang en" \
                   "tally session.toml -o r-json.json --json" "tally session.toml --lang zh" \
                   "verify result.json --lang zh --require-role none" "verify result.json --json --require-role none" \
                   "next-round result.json -o next --lang zh --present 40 --issued 40 --returned 40"; do
            n=$((n + 1))
            (cd "$dir" && env -i PATH=/usr/bin:/bin LANG=C.UTF-8 TZ=UTC "$bin" $cmd >"$out/$tag.$n.out" 2>"$out/$tag.$n.err"; echo $? >"$out/$tag.$n.code") || true
        done
    done
    sed -i "s|$out|@OUT@|g" "$out"/*.out "$out"/*.err
}
run "$old" "$work/old"
run "$new" "$work/new"
if diff -r "$work/old" "$work/new" >"$work/diff"; then
    echo "compare-outputs: identical: $(find "$work/new" -type f | wc -l) files (records, outputs, exit codes)"
else
    head -100 "$work/diff"
    echo "compare-outputs: the binaries differ" >&2
    exit 1
fi
