#!/usr/bin/env bash
# Runs one example session of examples/ as its README says, and checks the outcome its
# expected.txt promises (exit=, status=, selected=, invalid=).
#
# The example is copied to a scratch directory; `piaojue tally` runs on each round in order
# (round-1, then round-2, which names ../round-1/result.json). For every later round the same
# round is also prepared the way counters do it: `piaojue next-round` on the previous record with
# the committed round's attendance and ballot numbers, the committed ballots.csv copied into the
# template's place, and tallied; that record must decide exactly what the committed session's
# record decides (everything but the session id and the session file's digest).
#
# usage: run_example.sh PIAOJUE EXAMPLE_DIR WORK_DIR
#   PIAOJUE      the piaojue binary
#   EXAMPLE_DIR  examples/<name>: a session (session.toml) or rounds (round-1/, round-2/, …)
#   WORK_DIR     scratch directory (emptied first)
set -euo pipefail

piaojue=$1
example_src=$2
work=$3
name=$(basename "$example_src")

fail() { echo "example/$name: FAILED: $*" >&2; exit 1; }

[[ -x $piaojue ]] || fail "piaojue binary not found: $piaojue"
[[ -d $example_src ]] || fail "no such example directory: $example_src"
command -v python3 >/dev/null ||
  fail "python3 is not installed; this test needs it to read the JSON records (apt-get install python3)"

rm -rf "$work"
mkdir -p "$work"
cp -R "$example_src" "$work/example"
ex=$work/example
# Records left behind by someone tallying in the source tree are not part of the example.
find "$ex" -name 'result.json' -delete

rounds=()
if [[ -f $ex/session.toml ]]; then
  rounds=(.)
else
  while IFS= read -r r; do rounds+=("${r#./}"); done < <(cd "$ex" && find . -mindepth 1 -maxdepth 1 -type d -name 'round-*' | sort -V)
  # Or the sessions of consecutive years (a vote, then the evaluation that names its record).
  if ((${#rounds[@]} == 0)); then
    while IFS= read -r r; do rounds+=("${r#./}"); done < <(cd "$ex" && find . -mindepth 1 -maxdepth 1 -type d -name '[0-9][0-9][0-9][0-9]' | sort)
  fi
fi
((${#rounds[@]})) || fail "no session.toml, no round-*/ and no YYYY/ in $example_src"

# A fixed environment: the outcome must not depend on the caller's locale or time zone.
run_piaojue() { env -i "PATH=$PATH" "LANG=C.UTF-8" "TZ=UTC" "HOME=$work" "$piaojue" "$@" </dev/null; }

# expected VALUE_NAME ROUND: the value of `NAME=` in ROUND/expected.txt.
expected() {
  local line
  line=$(grep -m1 "^$1=" "$ex/$2/expected.txt") || fail "$2/expected.txt has no $1= line"
  printf '%s' "${line#*=}" | tr -d '\r'
}

# session_number KEY ROUND: an integer `KEY = n` of ROUND/session.toml.
session_number() {
  local v
  v=$(sed -n -E "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*([0-9]+).*/\1/p" "$ex/$2/session.toml" | head -n1)
  [[ -n $v ]] || fail "$2/session.toml has no integer $1"
  printf '%s' "$v"
}

# check_record RECORD STATUS SELECTED INVALID [VERDICTS OVERALL_RATE]: the record's outcome is what
# expected.txt says (a satisfaction evaluation's: its verdicts and overall rate, no selection).
check_record() {
  python3 - "$@" <<'PY' || fail "record $1 does not match expected.txt (see above)"
import json, sys
path, status, selected, invalid = sys.argv[1:5]
verdicts = sys.argv[5] if len(sys.argv) > 5 else None
overall = sys.argv[6] if len(sys.argv) > 6 else None
try:
    with open(path, encoding="utf-8") as f:
        r = json.load(f)
except (OSError, ValueError) as e:
    sys.exit(f"cannot read the record {path}: {e}")
problems = []
got_status = r["outcome"]["status"]
got_selected = ",".join(r["outcome"].get("selected", []))
if verdicts is not None:
    got = ",".join(f"{p['id']}:{p.get('verdict', '')}" for p in r.get("evaluation", []))
    if got != verdicts:
        problems.append(f"verdicts: expected {verdicts!r}, got {got!r}")
    if r["outcome"].get("overall_rate", "") != overall:
        problems.append(f"overall_rate: expected {overall!r}, got {r['outcome'].get('overall_rate')!r}")
# ballots.invalid is null when no ballot was read (void, no-quorum, slate-rejected; see
# docs/record-format.md); expected.txt says invalid=0 there.
listed = len(r.get("invalid_ballots", []))
got_invalid = r["ballots"]["invalid"]
if got_invalid is None:
    got_invalid = listed
if got_status != status:
    problems.append(f"status: expected {status!r}, got {got_status!r}")
if got_selected != selected:
    problems.append(f"selected: expected {selected!r}, got {got_selected!r}")
if str(got_invalid) != invalid:
    problems.append(f"invalid: expected {invalid}, got {got_invalid}")
if listed != got_invalid:
    problems.append(f"invalid_ballots lists {listed} ballots, ballots.invalid is {got_invalid}")
for p in problems:
    print(f"  {path}: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
PY
}

# same_decision RECORD_A RECORD_B: equal but for session.id and inputs.session (the session files
# differ: one was written by next-round, the other by examples/generate.py).
same_decision() {
  python3 - "$@" <<'PY' || fail "the round prepared with next-round decided differently from the committed one"
import json, sys
def load(p):
    with open(p, encoding="utf-8") as f:
        r = json.load(f)
    r.get("session", {}).pop("id", None)
    r.get("inputs", {}).pop("session", None)
    return r
a, b = (load(p) for p in sys.argv[1:3])
diff = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
for k in diff:
    print(f"  {k}:\n    next-round: {json.dumps(a.get(k), ensure_ascii=False)}\n"
          f"    committed:  {json.dumps(b.get(k), ensure_ascii=False)}", file=sys.stderr)
sys.exit(1 if diff else 0)
PY
}

# tally ROUND_DIR LABEL EXPECTED_EXIT: tallies ROUND_DIR/session.toml, writing result.json beside it.
tally() {
  local code=0
  (cd "$ex/$1" && run_piaojue tally session.toml --quiet) >"$work/tally.out" 2>&1 || code=$?
  if [[ $code != "$3" ]]; then
    cat "$work/tally.out" >&2
    fail "$2: piaojue tally exited $code, expected $3"
  fi
  [[ -f $ex/$1/result.json ]] || fail "$2: piaojue tally wrote no record $1/result.json"
}

prev=
for r in "${rounds[@]}"; do
  if [[ $r == . ]]; then label=$name; else label=$name/$r; fi
  want_exit=$(expected exit "$r")
  want_status=$(expected status "$r")
  want_invalid=$(expected invalid "$r")

  if grep -q '^verdicts=' "$ex/$r/expected.txt"; then
    want_verdicts=$(expected verdicts "$r")
    want_rate=$(expected overall_rate "$r")
    tally "$r" "$label" "$want_exit"
    check_record "$ex/$r/result.json" "$want_status" "" "$want_invalid" "$want_verdicts" "$want_rate"
    echo "example/$label: exit $want_exit, $want_status, verdicts [$want_verdicts], overall rate $want_rate%, $want_invalid invalid: ok"
    prev=$r
    continue
  fi
  want_selected=$(expected selected "$r")
  tally "$r" "$label" "$want_exit"
  check_record "$ex/$r/result.json" "$want_status" "$want_selected" "$want_invalid"
  echo "example/$label: exit $want_exit, $want_status, selected [$want_selected], $want_invalid invalid: ok"

  if [[ -n $prev && $r == round-* ]]; then
    next=$r-next
    code=0
    run_piaojue next-round "$ex/$prev/result.json" -o "$ex/$next" \
      --present "$(session_number present "$r")" \
      --issued "$(session_number ballots_issued "$r")" \
      --returned "$(session_number ballots_returned "$r")" --quiet >"$work/next.out" 2>&1 || code=$?
    if [[ $code != 0 ]]; then
      cat "$work/next.out" >&2
      fail "$label: piaojue next-round on $prev/result.json exited $code"
    fi
    [[ -f $ex/$next/session.toml && -f $ex/$next/ballots.csv ]] ||
      fail "$label: next-round did not write session.toml and ballots.csv"
    cp "$ex/$r/ballots.csv" "$ex/$next/ballots.csv"
    tally "$next" "$label (from next-round)" "$want_exit"
    check_record "$ex/$next/result.json" "$want_status" "$want_selected" "$want_invalid"
    same_decision "$ex/$next/result.json" "$ex/$r/result.json"
    echo "example/$label: the same round prepared with next-round decides the same: ok"
  fi
  prev=$r
done
