#!/usr/bin/env bash
# piaojue enter, driven as a counter drives it: in tmux (send-keys, capture-pane), the township
# example's 41 paper ballots keyed from its ballots.csv, one key per mark and Enter per ballot.
# Midway the terminal is killed with a ballot half keyed on screen; `enter` started again resumes
# after the last saved ballot; the rest is keyed; the tally of the keyed file decides exactly what
# the example's own ballots file decides (the same counts, invalid ballots and Merkle root: only
# the file's digest differs, its symbols being ○ × where the example has Y, √, 赞成 …). Then the
# second keying (--second) with one slip, and compare names it.
#
# usage: enter_tmux.sh PIAOJUE SOURCE_DIR WORK_DIR
set -euo pipefail
piaojue=$1 source=$2 work=$3
fail() { echo "enter/tmux: FAILED: $*" >&2; exit 1; }
command -v tmux >/dev/null || fail "tmux is not installed (apt-get install tmux)"
rm -rf "$work"; mkdir -p "$work"
cp -R "$source/examples/township" "$work/keyed"
cp -R "$source/examples/township" "$work/example"
rm "$work/keyed/ballots.csv"
sock="$work/tmux.sock"
tm() { tmux -S "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null || true' EXIT

# The keys for each ballot of the example: 1 approve, 2 disapprove, space abstain, ? unreadable;
# a void ballot: its marks, v, the note, Enter; then Enter (twice for an over-approval).
python3 - "$work/example/ballots.csv" >"$work/keys.txt" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
head, rows = rows[0], rows[1:]
ids = [h for h in head if h.startswith("P")]
approve = {"Y", "y", "○", "〇", "O", "o", "√", "✓", "赞成", "同意"}
disapprove = {"N", "n", "×", "X", "x", "✗", "不赞成", "反对", "不同意"}
for r in rows:
    marks = [r[head.index(i)].strip() for i in ids]
    keys = "".join("1" if m in approve else "2" if m in disapprove else "?" if m in ("?", "？") else " " for m in marks)
    void = r[head.index("状态")].strip() == "作废"
    note = r[head.index("备注")].strip()
    enters = 1 if void or sum(m in approve for m in marks) <= 10 else 2
    print(f"{r[0]}|{keys}|{'v' if void else ''}|{note if void else ''}|{enters}")
PY

start() {  # start SESSION_ARGS…: a fresh tmux server running enter in the keyed folder
  tm kill-server 2>/dev/null || true
  # kill-server returns before the old server is gone; a new-session in between fails with
  # "server exited unexpectedly" (tmux 3.3a), so it is tried again for up to 2 s.
  local tries=0
  until tm new-session -d -s enter -x 120 -y 40 \
    "cd '$work/keyed' && env LANG=C.UTF-8 '$piaojue' enter session.toml --lang zh $*; sleep 60" 2>/dev/null; do
    tries=$((tries + 1))
    ((tries < 20)) || fail "tmux could not start a session"
    sleep 0.1
  done
  wait_for "已录入"
}
wait_for() {  # wait_for TEXT: until the screen shows TEXT (10 s at most)
  for _ in $(seq 100); do
    tm capture-pane -t enter -p 2>/dev/null | grep -q -- "$1" && return 0
    sleep 0.1
  done
  tm capture-pane -t enter -p >&2 || true
  fail "the screen never showed: $1"
}
key_ballots() {  # key_ballots FIRST LAST: the example's ballots FIRST..LAST (1-based)
  local n=0 serial keys v note enters
  while IFS='|' read -r serial keys v note enters; do
    n=$((n + 1))
    ((n < $1 || n > $2)) && continue
    tm send-keys -t enter -l "$keys"
    if [[ -n $v ]]; then tm send-keys -t enter -l "v$note"; tm send-keys -t enter Enter; fi
    for _ in $(seq "$enters"); do tm send-keys -t enter Enter; done
    wait_for "已存入票号 $serial"
  done <"$work/keys.txt"
}
rows() { echo $(($(wc -l <"$1") - 1)); }

start
tm capture-pane -t enter -p | grep -q "老旧小区配套设施改造" || fail "the projects are not on the screen"
key_ballots 1 20
[[ $(rows "$work/keyed/ballots.csv") == 20 ]] || fail "after 20 ballots the file has $(rows "$work/keyed/ballots.csv") rows"
# Ballot 21 half keyed, then the terminal goes away (as a power cut or a closed SSH window).
tm send-keys -t enter -l "1212"
sleep 0.3
tm kill-server
sleep 0.3
[[ $(rows "$work/keyed/ballots.csv") == 20 ]] || fail "the half-keyed ballot reached the file"
start
wait_for "已录入 20 / 41 张"
wait_for "票号 021"
key_ballots 21 41
tm send-keys -t enter q
sleep 0.5
[[ $(rows "$work/keyed/ballots.csv") == 41 ]] || fail "the file has $(rows "$work/keyed/ballots.csv") rows, not 41"

# The tally of the keyed file decides what the example decides.
(cd "$work/keyed" && "$piaojue" tally session.toml -o result.json --quiet) || fail "tally of the keyed file exited $?"
(cd "$work/example" && "$piaojue" tally session.toml -o result.json --quiet) || fail "tally of the example exited $?"
python3 - "$work/keyed/result.json" "$work/example/result.json" <<'PY' || fail "the keyed ballots decide differently"
import json, sys
a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
for r in (a, b):
    r["inputs"]["ballots"].pop("sha256")
diff = [k for k in a if a[k] != b[k]]
if diff:
    sys.exit("differs in " + ", ".join(diff))
print("enter/tmux: the 41 keyed ballots decide exactly as the example's file (counts, invalid ballots, Merkle root)")
PY
# Keystrokes: what was sent for the 41 ballots (the serials were all proposed, none typed).
python3 - "$work/keys.txt" <<'PY'
import sys
total = 0
for line in open(sys.argv[1], encoding="utf-8"):
    serial, keys, v, note, enters = line.rstrip("\n").split("|")
    total += len(keys) + int(enters) + (len(v) + len(note) + 1 if v else 0)
print(f"enter/tmux: {total} keystrokes for 41 ballots of 12 projects ({total / 41:.1f} a ballot)")
PY

# The second keying, with one slip (ballot 007, P03 keyed 2 instead of 1), and compare names it.
sed -i 's|^ballots = "ballots.csv"|ballots = "ballots.csv"\nballots_second = "ballots-b.csv"|' "$work/keyed/session.toml"
rm "$work/keyed/result.json"
awk -F'|' -v OFS='|' '$1 == "007" { $2 = substr($2, 1, 2) ($2 ~ /^..1/ ? "2" : "1") substr($2, 4) } { print }' \
  "$work/keys.txt" >"$work/keys2.txt" && mv "$work/keys2.txt" "$work/keys.txt"
start --second
tm capture-pane -t enter -p | grep -q "第二遍录入" || fail "the second keying's screen does not say so"
key_ballots 1 41
tm send-keys -t enter q
sleep 0.5
code=0
(cd "$work/keyed" && "$piaojue" compare ballots.csv ballots-b.csv session.toml --lang en) >"$work/compare.out" || code=$?
[[ $code == 10 ]] || fail "compare exited $code, not 10"
grep -q "ballot 007, P03" "$work/compare.out" || fail "compare did not name ballot 007, P03: $(cat "$work/compare.out")"
[[ $(grep -c "^  ballot" "$work/compare.out") == 1 ]] || fail "compare listed more than the one slip"
code=0
(cd "$work/keyed" && "$piaojue" tally session.toml --quiet) 2>"$work/tally.err" || code=$?
[[ $code == 10 && ! -e $work/keyed/result.json ]] || fail "tally with differing keyings exited $code"
echo "enter/tmux: second keying keyed; compare and tally name the slip (ballot 007, P03), exit 10"
