#!/usr/bin/env python3
"""Generate the bundled example sessions of piaojue (票决).

Python 3.11+ standard library only.  Every example uses its own fixed random
seed, so re-running this script rewrites the very same bytes.  After writing
the files the script reads them back from disk and tallies them independently,
strictly per docs/rules.md §R1–§R7 with the default rules, and asserts the outcome
stated in each example's README.md / expected.txt.

    python3 examples/generate.py          # (re)write and check everything
    python3 examples/generate.py --check  # only re-read and check the files

All files are UTF-8 without BOM, LF line endings.
"""

from __future__ import annotations

import csv
import io
import random
import re
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def existing_previous_digest(session_path):
    """The previous_digest of a committed round-2 session: the digest of round 1's record, which
    only piaojue itself can produce (tally round 1, then sha256sum its result.json, or run
    `piaojue next-round`). Kept as it is so that regenerating the data does not break round 2."""
    try:
        m = re.search(r'^previous_digest = "([0-9a-f]{64})"$', session_path.read_text(encoding="utf-8"), re.M)
    except FileNotFoundError:
        return "0" * 64
    return m.group(1) if m else "0" * 64

# Mark codes used inside the generator: A approve, D disapprove, B blank/abstain, U unreadable.
STYLES = {
    # style: (approve, disapprove, abstain)
    "circle": ("○", "×", ""),
    "yn": ("Y", "N", ""),
    "check": ("√", "×", ""),
    "word": ("赞成", "不赞成", "弃权"),
}

HEADERS = {
    "zh": {"id": "编号", "name": "项目名称", "budget": "预算", "lead": "牵头单位", "note": "备注",
           "ballot": "票号", "status": "状态", "void": "作废"},
    "en": {"id": "id", "name": "name", "budget": "budget", "lead": "lead", "note": "note",
           "ballot": "ballot", "status": "status", "void": "void"},
}

EXIT = {"final": 0, "slate-rejected": 4, "no-quorum": 5, "void": 5, "tie": 6, "shortfall": 6}


# --------------------------------------------------------------------------------------------
# writing
# --------------------------------------------------------------------------------------------

WRITTEN: list[Path] = []
WRITE = True


def write(path: Path, text: str) -> None:
    assert "\r" not in text
    data = text.encode("utf-8")
    WRITTEN.append(path)
    if not WRITE:
        assert path.exists() and path.read_bytes() == data, f"{path} differs from what generate.py writes"
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)


def csv_line(cells: list[str]) -> str:
    out = []
    for c in cells:
        if any(ch in c for ch in ',"\n') or c != c.strip():
            c = '"' + c.replace('"', '""') + '"'
        out.append(c)
    return ",".join(out) + "\n"


def toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Date):
        return v.text
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return toml_str(v)


class Date:
    def __init__(self, text: str):
        self.text = text


def session_toml(comment: str, session: dict, rules: dict | None, officers: dict | None) -> str:
    lines = [f"# {c}" for c in comment.split("\n")]
    lines.append("")
    for title, table in (("session", session), ("rules", rules), ("officers", officers)):
        if table is None:
            continue
        lines.append(f"[{title}]")
        for k, v in table.items():
            lines.append(f"{k} = {toml_value(v)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


DEFAULT_RULES = {
    "surplus": "ceil-20",
    "quorum": "at-least-2/3",
    "pass_base": "all-deputies",
    "unreadable": "void-mark",
    "shortfall": "supplementary",
    "digest": "sha256",
}


# --------------------------------------------------------------------------------------------
# ballot generation
# --------------------------------------------------------------------------------------------

def build_valid_matrix(rng: random.Random, ids: list[str], approvals: dict[str, int], n: int,
                       caps: list[int], disapprove_bias: dict[str, float] | None = None) -> list[list[str]]:
    """n valid ballots with exactly approvals[c] approvals of candidate c and at most caps[i]
    approvals on ballot i (greedy: each candidate goes to the ballots with the most room left,
    which realises any feasible degree sequence)."""
    assert len(caps) == n
    m = [["" for _ in ids] for _ in range(n)]
    room = list(caps)
    order = sorted(range(len(ids)), key=lambda j: (-approvals[ids[j]], j))
    for j in order:
        a = approvals[ids[j]]
        jitter = [rng.random() for _ in range(n)]
        rows = sorted(range(n), key=lambda i: (-room[i], jitter[i]))[:a]
        assert len(rows) == a and all(room[i] > 0 for i in rows), "infeasible approvals"
        for i in rows:
            m[i][j] = "A"
            room[i] -= 1
    bias = disapprove_bias or {}
    for i in range(n):
        if caps[i] == 0:          # an all-blank (all-abstain) ballot
            m[i] = ["B"] * len(ids)
            continue
        r = rng.random()
        p_row = 0.9 if r < 0.6 else (0.55 if r < 0.85 else 0.1)
        for j, c in enumerate(ids):
            if m[i][j] == "":
                p = min(1.0, p_row * bias.get(c, 1.0))
                m[i][j] = "D" if rng.random() < p else "B"
    return m


def random_row(rng: random.Random, ids: list[str], k: int) -> list[str]:
    """A ballot with exactly k approvals, the rest mostly disapprove."""
    chosen = set(rng.sample(range(len(ids)), k))
    return ["A" if j in chosen else ("D" if rng.random() < 0.8 else "B") for j in range(len(ids))]


def caps_for(rng: random.Random, n: int, seats: int, full: float, low: int) -> list[int]:
    return [seats if rng.random() < full else rng.randint(low, seats - 1) for _ in range(n)]


def ballots_csv(lang: str, ids: list[str], rows: list[dict], with_status: bool, width: int = 3) -> str:
    h = HEADERS[lang]
    header = [h["ballot"]] + ids + ([h["status"], h["note"]] if with_status else [])
    out = [csv_line(header)]
    for k, r in enumerate(rows, start=1):
        ap, di, ab = STYLES[r.get("style", "circle")]
        cells = [str(k).zfill(width)]
        for mark in r["marks"]:
            cells.append({"A": ap, "D": di, "B": ab, "U": r.get("qmark", "?")}[mark])
        if with_status:
            if r.get("void"):
                cells += [h["void"], r["note"]]
            else:
                cells += ["", ""]
        else:
            assert not r.get("void")
        out.append(csv_line(cells))
    return "".join(out)


def candidates_csv(lang: str, cands: list[tuple], with_note: bool) -> str:
    h = HEADERS[lang]
    header = [h["id"], h["name"], h["budget"], h["lead"]] + ([h["note"]] if with_note else [])
    out = [csv_line(header)]
    for c in cands:
        cid, name, budget, lead = c[:4]
        row = [cid, name, budget, lead]
        if with_note:
            row.append(c[4] if len(c) > 4 else "")
        out.append(csv_line(row))
    return "".join(out)


def assemble(rng: random.Random, valid: list[list[str]], specials: list[dict]) -> list[dict]:
    """Interleave the special (invalid) ballots among the valid ones at random positions."""
    total = len(valid) + len(specials)
    pos = sorted(rng.sample(range(total), len(specials)))
    rows: list[dict] = []
    vi = iter(valid)
    si = iter(specials)
    for k in range(total):
        rows.append(next(si) if k in pos else {"marks": next(vi)})
    return rows


def mark_unreadable(rng: random.Random, rows: list[dict], ids: list[str], cid: str,
                    seats: int, qmark: str = "?") -> None:
    """Put one unreadable mark on a valid ballot's non-approve cell for cid."""
    j = ids.index(cid)
    cands = [r for r in rows if not r.get("special") and "U" not in r["marks"]
             and r["marks"][j] != "A" and r["marks"].count("A") < seats and r.get("style", "circle") == "circle"]
    r = rng.choice(cands)
    r["marks"][j] = "U"
    r["qmark"] = qmark


def restyle(rng: random.Random, rows: list[dict], styles: list[str]) -> None:
    plain = [r for r in rows if not r.get("special") and "U" not in r["marks"]
             and r.get("style", "circle") == "circle" and "A" in r["marks"]]
    for st, r in zip(styles, rng.sample(plain, len(styles))):
        r["style"] = st


def over(rng, ids, k):
    return {"special": "over-approval", "marks": random_row(rng, ids, k)}


def declared_void(rng, ids, k, note):
    return {"special": "declared-void", "void": True, "note": note, "marks": random_row(rng, ids, k)}


# --------------------------------------------------------------------------------------------
# independent tally (reads the files back; docs/rules.md §R1–§R7, default rules)
# --------------------------------------------------------------------------------------------

MARKS = {}
for s in ("Y", "y", "○", "〇", "O", "o", "√", "✓", "赞成", "同意"):
    MARKS[s] = "approve"
for s in ("N", "n", "×", "X", "x", "✗", "不赞成", "反对", "不同意"):
    MARKS[s] = "disapprove"
for s in ("", "A", "a", "-", "弃权"):
    MARKS[s] = "abstain"
for s in ("?", "？"):
    MARKS[s] = "unreadable"

COLS = {"ballot": ("ballot", "票号"), "status": ("status", "状态"), "note": ("note", "备注"),
        "id": ("id", "编号"), "name": ("name", "项目名称"), "budget": ("budget", "预算"),
        "lead": ("lead", "牵头单位")}


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw, path
    return list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))


def col(header: list[str], key: str) -> int | None:
    hits = [i for i, h in enumerate(header) if h in COLS[key]]
    assert len(hits) <= 1
    return hits[0] if hits else None


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def tally(session_path: Path, prev: dict | None = None) -> dict:
    raw = session_path.read_bytes()
    assert b"\r" not in raw and not raw.startswith(b"\xef\xbb\xbf")
    doc = tomllib.loads(raw.decode("utf-8"))
    s = doc["session"]
    base_dir = session_path.parent
    res: dict = {"session": s}
    if prev is None:
        assert "previous" not in s and "rules" in doc
        rules = doc["rules"]
        for k, v in DEFAULT_RULES.items():
            assert rules[k] == v, (k, rules[k])
        seats = rules["seats"]
        rows = read_csv(base_dir / s["candidates"])
        hdr = rows[0]
        ci, ni = col(hdr, "id"), col(hdr, "name")
        cands = [(r[ci], r[ni]) for r in rows[1:] if any(r)]
        ids = [c[0] for c in cands]
        names = {c[0]: c[1] for c in cands}
        assert len(set(ids)) == len(ids) and len(set(names.values())) == len(ids)
        assert all(names.values())
        kind = "first"
        # R1 surplus, ceil-20
        need = seats + max(1, ceil_div(seats, 5))
        if len(ids) < need:
            res.update(status="slate-rejected", min_candidates=need, ids=ids, names=names)
            return res
    else:
        assert "candidates" not in s and "rules" not in doc
        assert s["previous"].endswith("result.json")
        nr = prev["next_round"]
        kind, seats, ids = nr["kind"], nr["seats"], list(nr["candidates"])
        names = prev["names"]
    res.update(kind=kind, seats=seats, ids=ids, names=names)
    deputies, present = s["deputies"], s["present"]
    issued, returned = s["ballots_issued"], s["ballots_returned"]
    # R3 consistency (input error otherwise)
    assert 0 <= issued <= present <= deputies
    # R2 quorum, at-least-2/3
    if not present * 3 >= deputies * 2:
        res["status"] = "no-quorum"
        assert len(read_csv(base_dir / s["ballots"])) == 1  # header only
        return res
    # R3 reconciliation
    brows = read_csv(base_dir / s["ballots"])
    data = [r for r in brows[1:] if any(c.strip() for c in r)]
    assert len(data) == returned, "ballot rows must equal ballots_returned"
    if returned > issued:
        res["status"] = "void"
        return res
    hdr = brows[0]
    bi, si, noi = col(hdr, "ballot"), col(hdr, "status"), col(hdr, "note")
    cidx = {c: hdr.index(c) for c in ids}
    assert sorted(cidx) == sorted(ids) and len(hdr) == 1 + len(ids) + (si is not None) + (noi is not None)
    serials = [r[bi] for r in data]
    assert len(set(serials)) == len(serials)
    count = {c: {"approve": 0, "disapprove": 0, "abstain": 0, "unreadable": 0} for c in ids}
    invalid = []
    for r in data:
        assert len(r) == len(hdr)
        marks = {c: MARKS[r[cidx[c]].strip(" \u3000")] for c in ids}
        declared = si is not None and r[si] in ("void", "作废")
        if si is not None and not declared:
            assert r[si] == ""
        n_app = sum(1 for v in marks.values() if v == "approve")
        # R4 (the examples never combine two reasons on one ballot)
        if declared:
            assert n_app <= seats
            invalid.append((r[bi], "declared-void"))
            continue
        if n_app > seats:
            assert "unreadable" not in marks.values()
            invalid.append((r[bi], "over-approval"))
            continue
        for c, v in marks.items():
            count[c][v] += 1
    valid = returned - len(invalid)
    res.update(counts=count, invalid=invalid, valid=valid)
    for c in ids:
        assert sum(count[c].values()) == valid
    # R5 threshold (pass_base all-deputies); none in a tie re-vote (R7)
    required = None if kind == "tie" else deputies // 2 + 1
    res["required"] = required
    passed = [c for c in ids if required is None or count[c]["approve"] >= required]
    pos = {c: k for k, c in enumerate(ids)}
    ranked = sorted(passed, key=lambda c: (-count[c]["approve"], pos[c]))
    res["passed"] = ranked
    # R6 selection
    if len(ranked) <= seats:
        selected = ranked
        rest = seats - len(selected)
        if rest and kind == "first":
            res["status"] = "shortfall"
            res["next_round"] = {"kind": "supplementary", "seats": rest,
                                 "candidates": [c for c in ids if c not in selected]}
        else:
            res["status"] = "final"   # a short supplementary round leaves the rest unfilled
    else:
        cut = count[ranked[seats - 1]]["approve"]
        above = [c for c in ranked if count[c]["approve"] > cut]
        group = [c for c in ranked if count[c]["approve"] == cut]
        if len(above) + len(group) == seats:
            selected = ranked[:seats]
            res["status"] = "final"
        else:
            selected = above
            res["status"] = "tie"
            res["next_round"] = {"kind": "tie", "seats": seats - len(above),
                                 "candidates": [c for c in ids if c in group]}
    # rank order of the selected projects must be unambiguous (distinct approvals)
    sel_votes = [count[c]["approve"] for c in selected]
    assert len(set(sel_votes)) == len(sel_votes)
    res["selected"] = selected
    return res


# --------------------------------------------------------------------------------------------
# README / expected.txt
# --------------------------------------------------------------------------------------------

def expected_txt(res: dict) -> str:
    st = res["status"]
    return (f"exit={EXIT[st]}\nstatus={st}\nselected={','.join(res.get('selected', []))}\n"
            f"invalid={len(res.get('invalid', []))}\n")


def table(res: dict) -> str:
    if "counts" not in res:
        return ""
    lines = ["| 编号 id | 项目名称 project | 赞成 approve | 不赞成 disapprove | 弃权 abstain | 无法辨认 unreadable | 结果 result |",
             "|---|---|---:|---:|---:|---:|---|"]
    sel = res["selected"]
    nxt = res.get("next_round", {}).get("candidates", [])
    for c in sorted(res["ids"], key=lambda c: (-res["counts"][c]["approve"], res["ids"].index(c))):
        k = res["counts"][c]
        if c in sel:
            r = f"入选 selected #{sel.index(c) + 1}"
        elif res["status"] == "tie" and c in nxt:
            r = "并列 tied → 再次票决 re-vote"
        elif res["kind"] == "tie":
            r = "未入选 not selected"
        elif c in res["passed"]:
            r = "通过未入选 passed, not selected"
        else:
            r = "未通过 failed"
        lines.append(f"| {c} | {res['names'][c]} | {k['approve']} | {k['disapprove']} | {k['abstain']} | {k['unreadable']} | {r} |")
    return "\n".join(lines) + "\n"


def invalid_lines(res: dict) -> str:
    inv = res.get("invalid", [])
    if not inv:
        return "无无效票 / no invalid ballots.\n"
    zh = {"over-approval": "赞成超过应选数 over-approval", "declared-void": "监票人当场认定作废 declared-void"}
    return "".join(f"- 票号 ballot `{b}`: {zh[r]}\n" for b, r in inv)


def readme(title_zh: str, title_en: str, scenario_zh: str, scenario_en: str, res: dict,
           run: str, extra: str = "") -> str:
    st = res["status"]
    names = res["names"]
    sel = ", ".join(f"{c} {names[c]}" for c in res.get("selected", [])) or "（无 none）"
    parts = [f"# {title_zh} / {title_en}\n",
             f"{scenario_zh}\n",
             f"{scenario_en}\n",
             "## 预期结果 / Expected outcome\n",
             f"- 退出码 exit code: **{EXIT[st]}**",
             f"- 结果 outcome: **`{st}`**",
             f"- 本轮入选 selected this round (by rank): {sel}"]
    if "required" in res and res["required"] is not None:
        parts.append(f"- 通过票数 required approvals: ⌊{res['session']['deputies']}/2⌋+1 = **{res['required']}** "
                     f"(全体代表过半数 pass_base all-deputies)")
    elif "required" in res:
        parts.append("- 并列再次票决不设通过票数 / tie re-vote: no threshold, more approvals wins")
    if "valid" in res:
        parts.append(f"- 有效票 valid: {res['valid']}; 无效票 invalid: {len(res['invalid'])}")
    if "next_round" in res:
        nr = res["next_round"]
        k = "并列再次票决 tie re-vote" if nr["kind"] == "tie" else "另行票决 supplementary vote"
        parts.append(f"- 下一轮 next round: {k}, {nr['seats']} 个名额 seat(s) among {', '.join(nr['candidates'])}")
    parts.append("")
    if "counts" in res:
        parts.append("### 计票 / Tally\n")
        parts.append(table(res))
        parts.append("### 无效票 / Invalid ballots\n")
        parts.append(invalid_lines(res))
    if extra:
        parts.append(extra)
    parts.append("## 运行 / Run\n")
    parts.append("```sh\n" + run + "\n```\n")
    parts.append("`expected.txt` 供测试脚本核对 / is read by the test harness. "
                 "本目录文件由 `examples/generate.py` 生成，请勿手改 / generated by `examples/generate.py`, do not edit by hand.\n")
    return "\n".join(parts)


# --------------------------------------------------------------------------------------------
# the examples
# --------------------------------------------------------------------------------------------


SUMMARY: list[tuple] = []


def emit(d: Path, res: dict, readme_text: str) -> None:
    write(d / "expected.txt", expected_txt(res))
    write(d / "README.md", readme_text)


def check_counts(res: dict, approvals: dict[str, int], unreadable: dict[str, int] | None = None) -> None:
    for c, a in approvals.items():
        assert res["counts"][c]["approve"] == a, (c, res["counts"][c], a)
    for c in res["ids"]:
        assert res["counts"][c]["unreadable"] == (unreadable or {}).get(c, 0), c


# 1. township ---------------------------------------------------------------------------------

def ex_township() -> None:
    d = HERE / "township"
    rng = random.Random(20260109)
    cands = [
        ("P01", "老旧小区配套设施改造", "1280.5", "镇规划建设办", "续建，含雨污分流"),
        ("P02", "社区养老助餐服务", "360", "镇社会事务办", ""),
        ("P03", "农田排灌设施提升", "845", "镇农业农村办", ""),
        ("P04", "镇中心小学综合楼新建", "2150", "镇教育办", "县级配套资金1200万元"),
        ("P05", "居民小区电动车充电桩建设", "126.8", "镇应急管理办", ""),
        ("P06", "农村公路提档升级", "980", "镇交通运输所", "12.6公里"),
        ("P07", "垃圾分类设施建设", "210.45", "镇综合行政执法队", ""),
        ("P08", "社区卫生服务站标准化建设", "300", "镇卫生院", ""),
        ("P09", "农村饮水安全巩固提升", "560", "镇水利站", ""),
        ("P10", "背街小巷整治", "415.6", "镇城建办", ""),
        ("P11", "便民菜市场改造", "275", "镇市场监管所", ""),
        ("P12", "村级综合文化服务中心提升", "188", "镇文化站", ""),
    ]
    ids = [c[0] for c in cands]
    seats = 10
    approvals = {"P01": 34, "P02": 37, "P03": 29, "P04": 26, "P05": 31, "P06": 35,
                 "P07": 17, "P08": 33, "P09": 36, "P10": 24, "P11": 14, "P12": 27}
    n_valid = 38
    caps = caps_for(rng, n_valid, seats, 0.72, 7)
    valid = build_valid_matrix(rng, ids, approvals, n_valid, caps, {"P07": 1.1, "P11": 1.1})
    specials = [over(rng, ids, 11), over(rng, ids, 12), declared_void(rng, ids, 10, "有识别标记")]
    rows = assemble(rng, valid, specials)
    mark_unreadable(rng, rows, ids, "P07", seats)
    mark_unreadable(rng, rows, ids, "P03", seats)
    restyle(rng, rows, ["yn", "check", "word"])
    write(d / "candidates.csv", candidates_csv("zh", cands, True))
    write(d / "ballots.csv", ballots_csv("zh", ids, rows, True))
    session = {"id": "hongqiao-2026", "body": "红桥镇人民代表大会", "meeting": "第十八届人民代表大会第五次会议",
               "date": Date("2026-01-09"), "level": "township", "deputies": 45, "present": 41,
               "ballots_issued": 41, "ballots_returned": 41,
               "candidates": "candidates.csv", "ballots": "ballots.csv"}
    rules = {"seats": seats, **DEFAULT_RULES}
    officers = {"chief_scrutineer": "王建国", "scrutineers": ["李秀英", "陈志强"], "counters": ["张伟", "刘芳"]}
    write(d / "session.toml", session_toml(
        "红桥镇2026年民生实事项目人大代表票决（示例，由 examples/generate.py 生成）", session, rules, officers))
    res = tally(d / "session.toml")
    check_counts(res, approvals, {"P07": 1, "P03": 1})
    assert res["status"] == "final" and res["required"] == 23
    assert res["selected"] == ["P02", "P09", "P06", "P01", "P08", "P05", "P03", "P12", "P04", "P10"]
    assert len(res["passed"]) == 10 and [r for _, r in res["invalid"]].count("over-approval") == 2
    assert [r for _, r in res["invalid"]].count("declared-void") == 1 and res["valid"] == 38
    emit(d, res, readme(
        "乡镇：正常票决", "Township: an ordinary vote",
        "红桥镇人民代表大会，全体代表 45 名，出席 41 名，发出选票 41 张、收回 41 张；12 个候选项目差额票决 10 个。"
        "有 2 张赞成超过 10 项的无效票（11 项、12 项）、1 张监票人认定作废的票（有识别标记），"
        "另有 2 个无法辨认的记号（`?`，只该项作废）。个别票以 `Y`/`N`、`√`、`赞成/不赞成/弃权` 录入。",
        "Red Bridge township congress: 45 deputies, 41 present, 41 ballots issued and returned; "
        "12 candidate projects for 10 seats. Two ballots approve more than 10 projects (11 and 12) and one was "
        "declared void by the scrutineers (identifying mark): 3 invalid ballots. Two `?` marks void only that mark. "
        "A few rows are keyed with `Y`/`N`, `√` and `赞成/不赞成/弃权`. Exactly 10 projects reach 23 approvals, "
        "no tie at the cut line: the round is final.",
        res, "piaojue tally examples/township/session.toml"))
    SUMMARY.append(("township", res))


# 2. tie --------------------------------------------------------------------------------------

def ex_tie() -> None:
    d = HERE / "tie" / "round-1"
    rng = random.Random(20260116)
    cands = [
        ("P01", "镇区雨污管网改造", "1460", "镇规划建设办"),
        ("P02", "社区养老服务中心建设", "520.3", "镇民政办"),
        ("P03", "高标准农田排灌设施提升", "780", "镇农业农村办"),
        ("P04", "中心幼儿园扩建", "1150", "镇教育办"),
        ("P05", "村级光伏电站建设", "430", "镇经济发展办"),
        ("P06", "农村公路提档升级", "1320.75", "镇交通运输所"),
        ("P07", "城乡公交线路延伸", "96", "镇交通运输所"),
        ("P08", "村卫生室标准化建设", "240", "镇卫生院"),
        ("P09", "敬老院适老化改造", "320.75", "镇民政办"),
        ("P10", "镇区路灯亮化", "158", "镇城建办"),
        ("P11", "农村饮水安全巩固提升", "615", "镇水利站"),
        ("P12", "全民健身广场建设", "205.5", "镇文化体育站"),
    ]
    ids = [c[0] for c in cands]
    seats = 10
    approvals = {"P01": 44, "P02": 38, "P03": 41, "P04": 30, "P05": 35, "P06": 46,
                 "P07": 33, "P08": 36, "P09": 30, "P10": 19, "P11": 39, "P12": 32}
    n_valid = 47
    caps = caps_for(rng, n_valid, seats, 0.7, 7)
    valid = build_valid_matrix(rng, ids, approvals, n_valid, caps, {"P10": 1.1})
    specials = [over(rng, ids, 11), declared_void(rng, ids, 10, "有识别标记")]
    rows = assemble(rng, valid, specials)
    mark_unreadable(rng, rows, ids, "P10", seats)
    restyle(rng, rows, ["word", "yn"])
    write(d / "candidates.csv", candidates_csv("en", cands, False))
    write(d / "ballots.csv", ballots_csv("en", ids, rows, True))
    sess = {"body": "梨树镇人民代表大会", "meeting": "第十八届人民代表大会第五次会议",
            "date": Date("2026-01-16"), "level": "township", "deputies": 52, "present": 49,
            "ballots_issued": 49, "ballots_returned": 49}
    officers = {"chief_scrutineer": "赵永刚", "scrutineers": ["孙丽华", "周海涛"], "counters": ["吴敏", "郑晓燕"]}
    write(d / "session.toml", session_toml(
        "梨树镇2026年民生实事项目票决，第一轮（示例，由 examples/generate.py 生成）",
        {"id": "lishu-2026", **sess, "candidates": "candidates.csv", "ballots": "ballots.csv"},
        {"seats": seats, **DEFAULT_RULES}, officers))
    r1 = tally(d / "session.toml")
    check_counts(r1, approvals, {"P10": 1})
    assert r1["status"] == "tie" and r1["required"] == 27 and len(r1["passed"]) == 11
    assert r1["selected"] == ["P06", "P01", "P03", "P11", "P02", "P08", "P05", "P07", "P12"]
    assert r1["next_round"] == {"kind": "tie", "seats": 1, "candidates": ["P04", "P09"]}
    assert len(r1["invalid"]) == 2
    emit(d, r1, readme(
        "并列：第一轮", "Tie: round 1",
        "梨树镇人民代表大会，全体代表 52 名，出席 49 名，发出、收回选票各 49 张；12 个项目票决 10 个，"
        "通过票数 27。共 11 个项目过半数，第 10、11 名（P04 中心幼儿园扩建、P09 敬老院适老化改造）"
        "赞成票相同，均为 30 票：前 9 名入选，P04、P09 就剩余 1 个名额再次票决（不按编号、顺序或抽签决定）。",
        "Lishu township congress: 52 deputies, 49 present, 49 ballots issued and returned; 12 projects for 10 "
        "seats, 27 approvals needed. 11 projects pass; the 10th and 11th (P04 and P09) both have 30 approvals, so "
        "the top 9 are selected and P04 and P09 go to a tie re-vote for the one remaining seat. "
        "Outcome `tie`, exit 6. Tally this round first: it writes `result.json`, which `../round-2/` names.",
        r1, "piaojue tally examples/tie/round-1/session.toml   # writes examples/tie/round-1/result.json"))
    SUMMARY.append(("tie/round-1", r1))

    # round 2: the re-vote between the tied projects, limit 1 approval per ballot
    d2 = HERE / "tie" / "round-2"
    rng = random.Random(20260117)
    ids2 = r1["next_round"]["candidates"]
    appr2 = {"P04": 18, "P09": 27}
    n_valid = 48
    valid = build_valid_matrix(rng, ids2, appr2, n_valid, [1] * n_valid)
    rows = assemble(rng, valid, [{"special": "over-approval", "marks": ["A", "A"]}])
    write(d2 / "ballots.csv", ballots_csv("en", ids2, rows, False))
    write(d2 / "session.toml", session_toml(
        "梨树镇2026年民生实事项目票决，并列项目再次票决（示例，由 examples/generate.py 生成）\n"
        "候选项目与规则取自上一轮记录 / candidates and rules come from the previous record",
        {"id": "lishu-2026-tie-2", **sess, "previous": "../round-1/result.json",
         "previous_digest": existing_previous_digest(d2 / "session.toml"), "ballots": "ballots.csv"},
        None, officers))
    r2 = tally(d2 / "session.toml", r1)
    check_counts(r2, appr2)
    assert r2["status"] == "final" and r2["selected"] == ["P09"] and r2["required"] is None
    both = next(k for k, r in enumerate(rows, start=1) if r.get("special"))
    assert r2["invalid"] == [(f"{both:03d}", "over-approval")]
    cum = r1["selected"] + r2["selected"]
    assert len(cum) == seats
    emit(d2, r2, readme(
        "并列：再次票决", "Tie: round 2 (re-vote)",
        "对第一轮赞成票相同的 P04、P09 再次票决，剩余名额 1 个，每张票最多赞成 1 项；"
        "一张票两项都赞成，为无效票。不设通过票数，得票多者入选：P09 敬老院适老化改造入选。"
        "累计入选（10 项）：" + "、".join(cum) + "。",
        "Re-vote between the tied P04 and P09 for 1 seat: each ballot may approve at most 1 project, so the one "
        "ballot approving both is invalid (over-approval). No threshold: the project with more approvals wins. "
        "P09 is selected; outcome `final`, exit 0. Cumulative selection (10): " + ", ".join(cum) + ". "
        "`session.toml` has no candidate list and no `[rules]`: they come from `../round-1/result.json`, "
        "whose digest is checked, so tally round 1 first.",
        r2, "piaojue tally examples/tie/round-1/session.toml\npiaojue tally examples/tie/round-2/session.toml"))
    SUMMARY.append(("tie/round-2", r2))


# 3. shortfall --------------------------------------------------------------------------------

def ex_shortfall() -> None:
    d = HERE / "shortfall" / "round-1"
    rng = random.Random(20260113)
    cands = [
        ("P01", "农村生活污水治理", "685", "双庙乡农业农村办", ""),
        ("P02", "乡卫生院门诊楼改造", "410.5", "双庙乡卫生院", ""),
        ("P03", "农村公路安全生命防护工程", "352", "双庙乡交通运输所", ""),
        ("P04", "农田排灌设施提升", "528", "双庙乡水利站", ""),
        ("P05", "乡集镇便民菜市场改造", "236.8", "双庙乡市场监管所", ""),
        ("P06", "村级综合文化服务中心提升", "145", "双庙乡文化站", "涉及7个行政村"),
    ]
    ids = [c[0] for c in cands]
    seats = 5
    approvals = {"P01": 44, "P02": 27, "P03": 38, "P04": 33, "P05": 22, "P06": 29}
    n_valid = 55
    caps = caps_for(rng, n_valid, seats, 0.45, 3)
    valid = build_valid_matrix(rng, ids, approvals, n_valid, caps)
    rows = assemble(rng, valid, [over(rng, ids, 6)])
    mark_unreadable(rng, rows, ids, "P05", seats)
    restyle(rng, rows, ["yn", "check"])
    write(d / "candidates.csv", candidates_csv("zh", cands, True))
    write(d / "ballots.csv", ballots_csv("zh", ids, rows, False))
    base = {"body": "双庙乡人民代表大会", "meeting": "第十九届人民代表大会第四次会议",
            "date": Date("2026-01-13"), "level": "township", "deputies": 60}
    officers = {"chief_scrutineer": "马俊峰", "scrutineers": ["何桂芝", "高文斌"], "counters": ["林静", "罗建平"]}
    write(d / "session.toml", session_toml(
        "双庙乡2026年民生实事项目票决，第一轮（示例，由 examples/generate.py 生成）",
        {"id": "shuangmiao-2026", **base, "present": 56, "ballots_issued": 56, "ballots_returned": 56,
         "candidates": "candidates.csv", "ballots": "ballots.csv"},
        {"seats": seats, **DEFAULT_RULES}, officers))
    r1 = tally(d / "session.toml")
    check_counts(r1, approvals, {"P05": 1})
    assert r1["status"] == "shortfall" and r1["required"] == 31
    assert r1["selected"] == ["P01", "P03", "P04"]
    assert r1["next_round"] == {"kind": "supplementary", "seats": 2, "candidates": ["P02", "P05", "P06"]}
    assert len(r1["invalid"]) == 1
    emit(d, r1, readme(
        "缺额：第一轮", "Shortfall: round 1",
        "双庙乡人民代表大会，全体代表 60 名，出席 56 名，发出、收回选票各 56 张；6 个项目票决 5 个，"
        "通过票数 31。只有 3 个项目过半数，入选；尚缺 2 个名额，按 shortfall = \"supplementary\" "
        "在未入选的 3 个项目（P02、P05、P06）中另行票决。1 张票赞成 6 项（超过 5 项）无效。",
        "Shuangmiao township congress: 60 deputies, 56 present, 56 ballots issued and returned; 6 projects for 5 "
        "seats, 31 approvals needed. Only 3 pass and are selected; 2 seats remain open, filled by a supplementary "
        "vote among the 3 projects not selected (P02, P05, P06). One ballot approving all 6 is invalid. "
        "Outcome `shortfall`, exit 6. Tally this round first: `../round-2/` names its `result.json`.",
        r1, "piaojue tally examples/shortfall/round-1/session.toml   # writes examples/shortfall/round-1/result.json"))
    SUMMARY.append(("shortfall/round-1", r1))

    d2 = HERE / "shortfall" / "round-2"
    rng = random.Random(20260114)
    ids2 = r1["next_round"]["candidates"]
    appr2 = {"P02": 36, "P05": 20, "P06": 32}
    n_valid = 54
    caps = caps_for(rng, n_valid, 2, 0.75, 1)
    valid = build_valid_matrix(rng, ids2, appr2, n_valid, caps)
    rows = assemble(rng, valid, [{"special": "over-approval", "marks": ["A", "A", "A"]}])
    write(d2 / "ballots.csv", ballots_csv("zh", ids2, rows, False))
    write(d2 / "session.toml", session_toml(
        "双庙乡2026年民生实事项目票决，另行票决（示例，由 examples/generate.py 生成）\n"
        "候选项目与规则取自上一轮记录 / candidates and rules come from the previous record",
        {"id": "shuangmiao-2026-supp-2", **base, "present": 55, "ballots_issued": 55, "ballots_returned": 55,
         "previous": "../round-1/result.json",
         "previous_digest": existing_previous_digest(d2 / "session.toml"), "ballots": "ballots.csv"},
        None, officers))
    r2 = tally(d2 / "session.toml", r1)
    check_counts(r2, appr2)
    assert r2["status"] == "final" and r2["selected"] == ["P02", "P06"] and r2["required"] == 31
    assert len(r2["invalid"]) == 1
    cum = r1["selected"] + r2["selected"]
    emit(d2, r2, readme(
        "缺额：另行票决", "Shortfall: round 2 (supplementary vote)",
        "在 P02、P05、P06 中另行票决 2 个名额，每张票最多赞成 2 项（一张票三项都赞成，无效）；"
        "仍须全体代表过半数（31 票）。出席 55 名（一名代表请假离会）。P02、P06 通过且票数不同，入选。"
        "累计入选（5 项）：" + "、".join(cum) + "。",
        "Supplementary vote for 2 seats among P02, P05, P06: at most 2 approvals per ballot (one ballot approving "
        "all three is invalid); the R5 threshold still applies (31 of 60 deputies). 55 present this round. "
        "P02 and P06 pass with distinct approvals and are selected; outcome `final`, exit 0. "
        "Cumulative selection (5): " + ", ".join(cum) + ". Tally round 1 first.",
        r2, "piaojue tally examples/shortfall/round-1/session.toml\npiaojue tally examples/shortfall/round-2/session.toml"))
    SUMMARY.append(("shortfall/round-2", r2))


# 4. void -------------------------------------------------------------------------------------

def ex_void() -> None:
    d = HERE / "void"
    rng = random.Random(20260120)
    cands = [
        ("P01", "老旧小区屋面防水及管网改造", "960.4", "镇规划建设办"),
        ("P02", "社区养老助餐服务", "286", "镇社会事务办"),
        ("P03", "镇区背街小巷整治", "372.5", "镇城建办"),
        ("P04", "小学食堂提升改造", "118", "镇教育办"),
        ("P05", "电动自行车集中充电设施建设", "84.6", "镇应急管理办"),
        ("P06", "垃圾分类投放点建设", "156", "镇综合行政执法队"),
        ("P07", "河道清淤及生态护岸", "690", "镇水利站"),
        ("P08", "社区卫生服务站改造", "245", "镇卫生院"),
        ("P09", "农村公路提档升级", "1105", "镇交通运输所"),
        ("P10", "便民菜市场改造", "312", "镇市场监管所"),
        ("P11", "村级光伏电站建设", "398", "镇经济发展办"),
        ("P12", "镇文化活动中心提升", "176.25", "镇文化站"),
    ]
    ids = [c[0] for c in cands]
    seats = 10
    approvals = {"P01": 41, "P02": 39, "P03": 33, "P04": 36, "P05": 30, "P06": 26,
                 "P07": 35, "P08": 38, "P09": 42, "P10": 28, "P11": 18, "P12": 31}
    n = 47
    valid = build_valid_matrix(rng, ids, approvals, n, caps_for(rng, n, seats, 0.75, 7))
    rows = [{"marks": m} for m in valid]
    write(d / "candidates.csv", candidates_csv("en", cands, False))
    write(d / "ballots.csv", ballots_csv("en", ids, rows, False))
    write(d / "session.toml", session_toml(
        "白沙镇2026年民生实事项目票决：收回选票多于发出选票，本次票决无效（示例，由 examples/generate.py 生成）",
        {"id": "baisha-2026", "body": "白沙镇人民代表大会", "meeting": "第十八届人民代表大会第五次会议",
         "date": Date("2026-01-20"), "level": "township", "deputies": 50, "present": 46,
         "ballots_issued": 46, "ballots_returned": 47, "candidates": "candidates.csv", "ballots": "ballots.csv"},
        {"seats": seats, **DEFAULT_RULES},
        {"chief_scrutineer": "郭振华", "scrutineers": ["梁淑珍", "宋立新"], "counters": ["谢红梅", "韩磊"]}))
    res = tally(d / "session.toml")
    assert res["status"] == "void"
    emit(d, res, readme(
        "收回票数多于发出票数：票决无效", "More ballots returned than issued: the vote is void",
        "白沙镇人民代表大会，全体代表 50 名，出席 46 名，发出选票 46 张，收回 47 张。收回选票多于发出选票，"
        "本次票决无效，应当重新投票（选举法规定）。ballots.csv 仍录入了全部 47 张票，但不计票。",
        "Baisha township congress: 50 deputies, 46 present, 46 ballots issued but 47 returned. More returned than "
        "issued makes the whole vote void; it must be repeated. The ballots file holds all 47 rows (as R3 requires "
        "exactly `ballots_returned` rows) but nothing is tallied: outcome `void`, exit 5, nothing selected "
        "(`invalid=0` in expected.txt means no ballot was judged).",
        res, "piaojue tally examples/void/session.toml"))
    SUMMARY.append(("void", res))


# 5. no quorum --------------------------------------------------------------------------------

def ex_no_quorum() -> None:
    d = HERE / "no-quorum"
    cands = [
        ("P01", "农村公路提档升级", "760", "石门乡交通运输所", ""),
        ("P02", "农村饮水安全巩固提升", "430.5", "石门乡水利站", ""),
        ("P03", "乡敬老院改造", "265", "石门乡民政办", ""),
        ("P04", "村卫生室标准化建设", "180", "石门乡卫生院", ""),
        ("P05", "中心小学运动场改造", "215", "石门乡教育办", ""),
        ("P06", "城乡公交线路延伸", "72", "石门乡交通运输所", ""),
        ("P07", "村级光伏电站建设", "360", "石门乡经济发展办", ""),
        ("P08", "农田排灌设施提升", "540", "石门乡农业农村办", ""),
        ("P09", "集镇垃圾中转设施建设", "198.6", "石门乡综合行政执法队", ""),
        ("P10", "集镇路灯亮化", "96.4", "石门乡规划建设办", ""),
        ("P11", "便民菜市场改造", "150", "石门乡市场监管所", ""),
        ("P12", "村级综合文化服务中心提升", "126", "石门乡文化站", ""),
    ]
    ids = [c[0] for c in cands]
    write(d / "candidates.csv", candidates_csv("zh", cands, True))
    write(d / "ballots.csv", ballots_csv("zh", ids, [], False))
    write(d / "session.toml", session_toml(
        "石门乡2026年民生实事项目票决：出席代表不足三分之二，不能票决（示例，由 examples/generate.py 生成）",
        {"id": "shimen-2026", "body": "石门乡人民代表大会", "meeting": "第十八届人民代表大会第五次会议",
         "date": Date("2026-02-03"), "level": "township", "deputies": 45, "present": 29,
         "ballots_issued": 0, "ballots_returned": 0, "candidates": "candidates.csv", "ballots": "ballots.csv"},
        {"seats": 10, **DEFAULT_RULES},
        {"chief_scrutineer": "田学军", "scrutineers": ["冯玉梅", "董明"], "counters": ["曹丽", "彭志勇"]}))
    res = tally(d / "session.toml")
    assert res["status"] == "no-quorum"
    emit(d, res, readme(
        "出席不足法定人数", "No quorum",
        "石门乡人民代表大会，全体代表 45 名，只出席 29 名：29×3 = 87 < 45×2 = 90，不足三分之二，不能进行票决。"
        "未发出选票，ballots.csv 只有表头。",
        "Shimen township congress: 45 deputies, only 29 present; 29×3 = 87 < 45×2 = 90, below the two-thirds "
        "quorum (at-least-2/3), so the vote cannot be held. No ballots were issued (0 issued, 0 returned); "
        "`ballots.csv` holds only its header row. Outcome `no-quorum`, exit 5.",
        res, "piaojue tally examples/no-quorum/session.toml"))
    SUMMARY.append(("no-quorum", res))


# 6. rejected slate ---------------------------------------------------------------------------

def ex_rejected() -> None:
    d = HERE / "rejected-slate"
    rng = random.Random(20260122)
    cands = [
        ("P01", "老旧小区配套设施改造", "880", "柳河镇规划建设办"),
        ("P02", "社区养老助餐服务", "240", "柳河镇社会事务办"),
        ("P03", "农田排灌设施提升", "615.5", "柳河镇农业农村办"),
        ("P04", "镇中心小学教学楼新建", "1980", "柳河镇教育办"),
        ("P05", "电动车充电桩建设", "92", "柳河镇应急管理办"),
        ("P06", "农村公路提档升级", "1240", "柳河镇交通运输所"),
        ("P07", "垃圾分类设施建设", "168.3", "柳河镇综合行政执法队"),
        ("P08", "社区卫生服务站建设", "275", "柳河镇卫生院"),
        ("P09", "农村饮水安全巩固提升", "505", "柳河镇水利站"),
        ("P10", "背街小巷整治", "330", "柳河镇城建办"),
        ("P11", "公共文化设施提升", "142", "柳河镇文化站"),
    ]
    ids = [c[0] for c in cands]
    seats = 10
    approvals = {"P01": 36, "P02": 35, "P03": 31, "P04": 27, "P05": 25, "P06": 37,
                 "P07": 22, "P08": 33, "P09": 38, "P10": 29, "P11": 24}
    n = 40
    valid = build_valid_matrix(rng, ids, approvals, n, caps_for(rng, n, seats, 0.7, 6))
    rows = [{"marks": m} for m in valid]
    write(d / "candidates.csv", candidates_csv("en", cands, False))
    write(d / "ballots.csv", ballots_csv("en", ids, rows, False))
    write(d / "session.toml", session_toml(
        "柳河镇2026年民生实事项目票决：候选项目差额不足，名单被拒绝（示例，由 examples/generate.py 生成）",
        {"id": "liuhe-2026", "body": "柳河镇人民代表大会", "meeting": "第十八届人民代表大会第五次会议",
         "date": Date("2026-01-22"), "level": "township", "deputies": 45, "present": 40,
         "ballots_issued": 40, "ballots_returned": 40, "candidates": "candidates.csv", "ballots": "ballots.csv"},
        {"seats": seats, **DEFAULT_RULES},
        {"chief_scrutineer": "蒋国庆", "scrutineers": ["沈秀兰", "袁斌"], "counters": ["邓丽娟", "许海波"]}))
    res = tally(d / "session.toml")
    assert res["status"] == "slate-rejected" and res["min_candidates"] == 12
    emit(d, res, readme(
        "候选项目差额不足：名单被拒绝", "Too few candidates: the list is rejected",
        "柳河镇：11 个候选项目票决 10 个。按 surplus = \"ceil-20\"，差额至少 max(1, ⌈0.2×10⌉) = 2，"
        "候选项目至少 12 个；名单被拒绝，不计票（ballots.csv 录有 40 张普通票，但不会被统计）。"
        "`piaojue check` 同样以退出码 4 拒绝。",
        "Liuhe township: 11 candidates for 10 seats. Under surplus = \"ceil-20\" the margin must be at least "
        "max(1, ⌈0.2×10⌉) = 2, so at least 12 candidates are needed. The list is rejected with that minimum and "
        "nothing is tallied (the 40 ordinary ballots in `ballots.csv` are never counted). Exit 4, outcome "
        "`slate-rejected`, nothing selected; `piaojue check` rejects it with exit 4 too.",
        res, "piaojue check examples/rejected-slate/session.toml\npiaojue tally examples/rejected-slate/session.toml"))
    SUMMARY.append(("rejected-slate", res))


# 7. county -----------------------------------------------------------------------------------

def ex_county() -> None:
    d = HERE / "county"
    rng = random.Random(20260127)
    cands = [
        ("P01", "城区老旧小区改造（二期）", "6850", "县住房和城乡建设局", "涉及32个小区"),
        ("P02", "县城第三小学新建", "12800", "县教育体育局", ""),
        ("P03", "农村公路提档升级", "5400.5", "县交通运输局", "86公里"),
        ("P04", "城乡公交一体化延伸", "1260", "县交通运输局", ""),
        ("P05", "乡镇卫生院服务能力提升", "3180", "县卫生健康局", ""),
        ("P06", "农村饮水安全巩固提升", "4725", "县水利局", ""),
        ("P07", "城区背街小巷整治", "2360.8", "县城市管理局", ""),
        ("P08", "公办养老机构改造提升", "1980", "县民政局", ""),
        ("P09", "村级光伏电站建设", "2600", "县发展和改革局", ""),
        ("P10", "农贸市场标准化改造", "1450", "县市场监督管理局", ""),
        ("P11", "乡镇综合文化站提升", "860.25", "县文化和旅游局", ""),
        ("P12", "公共充电设施建设", "1120", "县工业和信息化局", ""),
    ]
    ids = [c[0] for c in cands]
    seats = 10
    approvals = {"P01": 198, "P02": 211, "P03": 187, "P04": 143, "P05": 176, "P06": 205,
                 "P07": 131, "P08": 164, "P09": 112, "P10": 118, "P11": 152, "P12": 139}
    n_valid = 231
    caps = caps_for(rng, n_valid, seats, 0.6, 5)
    caps[rng.randrange(n_valid)] = 0   # one all-blank (all-abstain) ballot: valid
    valid = build_valid_matrix(rng, ids, approvals, n_valid, caps, {"P09": 1.1, "P10": 1.1})
    specials = [over(rng, ids, 11), over(rng, ids, 12), over(rng, ids, 11),
                declared_void(rng, ids, 10, "有识别标记"), declared_void(rng, ids, 9, "票面书写姓名")]
    rows = assemble(rng, valid, specials)
    mark_unreadable(rng, rows, ids, "P04", seats)
    mark_unreadable(rng, rows, ids, "P09", seats)
    mark_unreadable(rng, rows, ids, "P12", seats, "？")
    restyle(rng, rows, ["yn", "yn", "check", "word"])
    write(d / "candidates.csv", candidates_csv("zh", cands, True))
    write(d / "ballots.csv", ballots_csv("zh", ids, rows, True))
    write(d / "session.toml", session_toml(
        "清水县2026年民生实事项目人大代表票决（示例，由 examples/generate.py 生成）",
        {"id": "qingshui-county-2026", "body": "清水县人民代表大会", "meeting": "第十八届人民代表大会第五次会议",
         "date": Date("2026-01-27"), "level": "county", "deputies": 248, "present": 236,
         "ballots_issued": 236, "ballots_returned": 236, "candidates": "candidates.csv", "ballots": "ballots.csv"},
        {"seats": seats, **DEFAULT_RULES},
        {"chief_scrutineer": "刘长河", "scrutineers": ["杜雅琴", "范卫东", "石红"],
         "counters": ["苏晓东", "潘玉洁", "魏宏伟", "汤静"]}))
    res = tally(d / "session.toml")
    check_counts(res, approvals, {"P04": 1, "P09": 1, "P12": 1})
    assert res["status"] == "final" and res["required"] == 125 and len(res["invalid"]) == 5
    assert res["selected"] == ["P02", "P06", "P01", "P03", "P05", "P08", "P11", "P04", "P12", "P07"]
    assert any(all(res_row == "B" for res_row in r["marks"]) for r in rows if not r.get("special"))
    emit(d, res, readme(
        "县级：正常票决", "County: an ordinary vote",
        "清水县人民代表大会，全体代表 248 名，出席 236 名，发出、收回选票各 236 张；12 个项目票决 10 个，"
        "通过票数 125。3 张票赞成超过 10 项、2 张票由监票人认定作废，共 5 张无效票；1 张空白票为有效的全部弃权票；"
        "3 个无法辨认记号（含一个全角 `？`）只作废该项。10 个项目过半数且票数各不相同。",
        "Qingshui county congress: 248 deputies, 236 present, 236 ballots issued and returned; 12 projects for 10 "
        "seats, 125 approvals needed. 3 over-approval ballots and 2 declared void: 5 invalid. One all-blank "
        "ballot is a valid all-abstain ballot. Three unreadable marks (one full-width `？`) void only that mark. "
        "Exactly 10 projects pass, all with distinct approvals: outcome `final`, exit 0.",
        res, "piaojue tally examples/county/session.toml"))
    SUMMARY.append(("county", res))


# --------------------------------------------------------------------------------------------

def index() -> None:
    rows = ["| 目录 directory | 场景 scenario | 退出码 exit | 结果 outcome | 本轮入选 selected | 无效票 invalid |",
            "|---|---|---:|---|---|---:|"]
    desc = {
        "township": "乡镇 45 名代表，12 选 10，有无效票 / township, 12 for 10, some invalid ballots",
        "tie/round-1": "第 10、11 名并列 / 10th and 11th tied",
        "tie/round-2": "并列项目再次票决 / tie re-vote, 1 seat",
        "shortfall/round-1": "6 选 5，只 3 项通过 / 6 for 5, only 3 pass",
        "shortfall/round-2": "另行票决 2 个名额 / supplementary vote, 2 seats",
        "void": "收回 47 > 发出 46 / 47 returned > 46 issued",
        "no-quorum": "45 名代表出席 29 名 / 29 of 45 present",
        "rejected-slate": "11 选 10，差额不足 / 11 candidates for 10 seats",
        "county": "县级 248 名代表 / county, 248 deputies",
    }
    for name, res in SUMMARY:
        st = res["status"]
        rows.append(f"| [`{name}/`]({name}/) | {desc[name]} | {EXIT[st]} | `{st}` | "
                    f"{','.join(res.get('selected', [])) or '—'} | {len(res.get('invalid', []))} |")
    text = f"""# 示例 / Examples

每个目录是一次（一轮）民生实事项目人大代表票决：`session.toml`、`candidates.csv`、`ballots.csv`，
`README.md` 说明场景与预期结果，`expected.txt` 供测试脚本核对（`exit=`、`status=`、`selected=`、`invalid=`）。
全部文件由 `generate.py`（仅用 Python 标准库，固定随机种子）生成；它会读回文件、按 docs/rules.md §R1–§R7 独立计票并断言预期结果。

Each directory is one round of a livelihood-project vote: `session.toml`, `candidates.csv`, `ballots.csv`,
a `README.md` with the scenario and the expected outcome, and `expected.txt` (`exit=`, `status=`,
`selected=` in rank order, `invalid=`) for the test harness. All files are written by `generate.py`
(Python standard library only, fixed seeds: re-running it reproduces the same bytes); it reads the files
back, tallies them independently per docs/rules.md §R1–§R7 with the default rules, and asserts every outcome.

{chr(10).join(rows)}

`selected=` lists this round's selection only. Where nothing is tallied (`void`, `no-quorum`,
`slate-rejected`) `selected=` is empty and `invalid=0`.

Round 2 directories (`tie/round-2`, `shortfall/round-2`) name `../round-1/result.json`, the record that
`piaojue tally` writes beside round 1's session file; tally round 1 first:

```sh
piaojue tally examples/tie/round-1/session.toml        # exit 6 (tie), writes round-1/result.json
piaojue tally examples/tie/round-2/session.toml        # exit 0 (final)
```

Header names are Chinese in `township`, `shortfall`, `no-quorum`, `county` and English in `tie`, `void`,
`rejected-slate`. Regenerate with `python3 examples/generate.py`; `--check` only re-reads and checks.

[`signed/`](signed/) is `township/` tallied and then signed by two officers (Ed25519 and SM2-SM3) with
committed demo keys, and a trust list: `piaojue verify result.json --trust trust.toml` in it exits 0.
It is made by piaojue itself (`keygen`, `tally`, `sign`), not by `generate.py`; its README says how and
warns that its keys are for the demo only. 已签名示例 `signed/`：`township/` 计票后由两名监票人签名（演示密钥，仅供演示）。

The satisfaction evaluations (满意度测评, R8) are written by `generate_evaluation.py`, which checks
them the same way against R8: [`evaluation-township/`](evaluation-township/) (the 2026 vote, a copy of
`township/`, and its 2027 evaluation linked by `selection`), [`evaluation-four-level/`](evaluation-four-level/)
(four levels, a `[marks]` table), [`evaluation-county/`](evaluation-county/) (a county, SM3). Their
`expected.txt` has `verdicts=` and `overall_rate=` instead of `selected=`.
满意度测评示例由 `generate_evaluation.py` 生成。

[`audit/`](audit/) is `township/` again with `paper.csv`, the auditors' second reading of the paper ballots
drawn with a public seed: `piaojue audit result.json paper.csv --seed 01382438112797316654` compares them
with the keyed rows (exit 0: a full hand count that selects the same). It is not made by `generate.py`
either; its README says how. 抽样核对示例 `audit/`：`township/` 加上审计人员重新识读的 `paper.csv`。
"""
    write(HERE / "README.md", text)


def main() -> int:
    global WRITE
    if "--check" in sys.argv[1:]:
        WRITE = False
    ex_township()
    ex_tie()
    ex_shortfall()
    ex_void()
    ex_no_quorum()
    ex_rejected()
    ex_county()
    index()
    for name, res in SUMMARY:
        sel = ",".join(res.get("selected", []))
        print(f"{name:18} exit={EXIT[res['status']]} status={res['status']:15} invalid={len(res.get('invalid', []))} selected={sel}")
        if "counts" in res:
            print("    " + " ".join(f"{c}:{res['counts'][c]['approve']}" for c in res["ids"]))
    print("all assertions passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
