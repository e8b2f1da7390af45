#!/usr/bin/env bash
# `cmake --install` with DESTDIR staging (what `make install DESTDIR=…` and the .deb do): the
# staged tree under /usr holds the binary, the man page, the completions, the docs and the
# examples, nothing lands outside the prefix, and the staged binary, run from a scratch folder
# outside the source tree, tallies the staged township example to the record the source tree's
# example gives (a record's bytes do not depend on the path used to name the session).
#
# usage: install_tree.sh CMAKE BUILD_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
cmake=$1 build=$2 src=$3 work=$4
fail() { echo "install/destdir: FAILED: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work/stage" "$work/run"
stage=$work/stage
DESTDIR=$stage "$cmake" --install "$build" --prefix /usr >"$work/install.log" 2>&1 ||
  { cat "$work/install.log" >&2; fail "cmake --install exited $?"; }

outside=$(cd "$stage" && find . -mindepth 1 -maxdepth 1 ! -name usr)
[[ -z $outside ]] || fail "installed outside the prefix /usr: $outside"

doc=$stage/usr/share/doc/piaojue
expect_file() { [[ -f $stage/$1 ]] || fail "not installed: /$1"; }
expect_file usr/bin/piaojue
[[ -x $stage/usr/bin/piaojue ]] || fail "/usr/bin/piaojue is not executable"
expect_file usr/share/man/man1/piaojue.1.gz
# The renderer of `piaojue report --format pdf|png`, where `piaojue` looks for it, when the build has it.
renderer=0
if [[ -f $build/piaojue-render ]]; then
  renderer=1
  expect_file usr/lib/piaojue/piaojue-render
  [[ -x $stage/usr/lib/piaojue/piaojue-render ]] || fail "/usr/lib/piaojue/piaojue-render is not executable"
fi
gzip -dc "$stage/usr/share/man/man1/piaojue.1.gz" | cmp -s - "$src/man/piaojue.1" ||
  fail "/usr/share/man/man1/piaojue.1.gz is not man/piaojue.1"
expect_file usr/share/bash-completion/completions/piaojue
cmp -s "$stage/usr/share/bash-completion/completions/piaojue" <(LC_ALL=C.UTF-8 "$stage/usr/bin/piaojue" completion bash) ||
  fail "the installed bash completion is not what \`piaojue completion bash\` prints"
expect_file usr/share/zsh/vendor-completions/_piaojue
cmp -s "$stage/usr/share/zsh/vendor-completions/_piaojue" <(LC_ALL=C.UTF-8 "$stage/usr/bin/piaojue" completion zsh) ||
  fail "the installed zsh completion is not what \`piaojue completion zsh\` prints"
cmp -s "$doc/copyright" "$src/LICENSE" || fail "/usr/share/doc/piaojue/copyright is not LICENSE"
for f in README.md ARCHITECTURE.md; do cmp -s "$doc/$f" "$src/$f" || fail "/usr/share/doc/piaojue/$f is not $f"; done

# Every file of docs/ and examples/ is there, but records written by tallying an example in the
# source tree (only the signed example ships its record).
count=0
while IFS= read -r -d '' f; do
  rel=${f#"$src/"}
  case $rel in
    examples/signed/result.json | examples/signed/result.sig.json) ;;
    */result.json | */result.sig.json | */.gitignore | */__pycache__/*) continue ;;
  esac
  cmp -s "$f" "$doc/$rel" || fail "not installed (or different): /usr/share/doc/piaojue/$rel"
  count=$((count + 1))
done < <(find "$src/docs" "$src/examples" -type f -print0)
((count > 20)) || fail "only $count files under docs/ and examples/"

# The staged example, run from outside both trees.
run_piaojue() { (cd "$work/run" && env -i "PATH=/usr/bin:/bin" "LANG=C.UTF-8" "TZ=UTC" "$@" </dev/null); }
code=0
run_piaojue "$stage/usr/bin/piaojue" tally "$doc/examples/township/session.toml" -o "$work/run/staged.json" \
  >"$work/staged.out" 2>&1 || code=$?
[[ $code == 0 ]] || { cat "$work/staged.out" >&2; fail "the staged piaojue tally on the staged township exited $code"; }
mkdir -p "$work/source"
cp "$src"/examples/township/{session.toml,candidates.csv,ballots.csv} "$work/source/"
run_piaojue "$stage/usr/bin/piaojue" tally "$work/source/session.toml" -o "$work/run/source.json" --quiet ||
  fail "tally of a copy of examples/township exited $?"
cmp -s "$work/run/staged.json" "$work/run/source.json" ||
  fail "the staged example's record differs from the source example's"
selected=$(sed -n 's/^selected=//p' "$src/examples/township/expected.txt" | tr -d '\r')
python3 - "$work/run/staged.json" "$selected" <<'PY' || fail "the staged example's record does not select what expected.txt says"
import json, sys
got = ",".join(json.load(open(sys.argv[1], encoding="utf-8"))["outcome"]["selected"])
sys.exit(0 if got == sys.argv[2] else f"selected {got}, expected {sys.argv[2]}")
PY
grep -q "Record written to $work/run/staged.json" "$work/staged.out" ||
  { cat "$work/staged.out" >&2; fail "the staged tally did not print the result"; }
# The staged piaojue finds the staged renderer (../lib/piaojue from its own folder): a PDF of the record.
if ((renderer)); then
  run_piaojue "$stage/usr/bin/piaojue" report "$work/run/staged.json" --kind result --format pdf \
    -o "$work/run/staged.pdf" --quiet || fail "the staged piaojue report --format pdf exited $?"
  [[ $(head -c 5 "$work/run/staged.pdf") == %PDF- ]] || fail "the staged report is not a PDF"
fi
echo "install/destdir: $(cd "$stage" && find . -type f | wc -l) files under /usr, $count of docs/ and examples/;" \
  "the staged township example selects $selected"
