#!/usr/bin/env python3
"""Generate the satisfaction-evaluation examples of piaojue (满意度测评, SPEC R8).

Python 3.11+ standard library only, fixed seeds: re-running rewrites the same bytes. After writing,
the script reads the files back and evaluates them independently, from the SPEC's text of R8 (not
from piaojue's code), and writes what it finds into each expected.txt:

    python3 examples/generate_evaluation.py          # (re)write and check
    python3 examples/generate_evaluation.py --check  # only re-read and check

  evaluation-township/2026/  the township vote (a copy of examples/township), whose record names
                             the ten adopted projects
  evaluation-township/2027/  a year later, the deputies evaluate those ten (selection = …)
  evaluation-four-level/     four levels and a [marks] table
  evaluation-county/         a county's evaluation of twelve projects
"""
from __future__ import annotations

import csv
import io
import random
import sys
import tomllib
from fractions import Fraction
from math import floor
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECK = "--check" in sys.argv[1:]
DEFAULT_LEVELS = ["满意", "基本满意", "不满意"]


def write(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    if CHECK:
        assert path.exists() and path.read_bytes() == data, f"{path} differs from what the generator writes"
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# R8 from the SPEC's text
# ---------------------------------------------------------------------------------------------

def percent(numerator: int, denominator: int) -> str | None:
    if denominator == 0:
        return None
    hundredths = floor(Fraction(numerator, denominator) * 10000 + Fraction(1, 2))
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def evaluate(session_path: Path) -> dict:
    """Reads a satisfaction session and its files back and applies R2, R3, R4 and R8."""
    s = tomllib.loads(session_path.read_text(encoding="utf-8"))
    sess, rules = s["session"], s.get("rules", {})
    levels = rules.get("levels", DEFAULT_LEVELS)
    deputies, present = sess["deputies"], sess["present"]
    issued, returned = sess["ballots_issued"], sess["ballots_returned"]
    if present * 3 < deputies * 2:
        return {"status": "no-quorum", "exit": 5, "invalid": 0}
    if returned > issued:
        return {"status": "void", "exit": 5, "invalid": 0}
    # the marks: each level's name, ○ 〇 best, × X x worst, △ middle of three, blank/弃权, ?/？
    table: dict[str, object] = {name: i for i, name in enumerate(levels)}
    table.update({"○": 0, "〇": 0, "×": len(levels) - 1, "X": len(levels) - 1, "x": len(levels) - 1})
    if len(levels) == 3:
        table["△"] = 1
    table.update({"": "abstain", "弃权": "abstain", "?": "unreadable", "？": "unreadable"})
    for name, symbols in s.get("marks", {}).items():
        for k in [k for k, v in table.items() if v == (levels.index(name) if name in levels else name)]:
            del table[k]
        for sym in symbols:
            table[sym] = levels.index(name) if name in levels else name
    folder = session_path.parent
    with open(folder / sess["projects"], encoding="utf-8", newline="") as f:
        projects = [r[0] for r in list(csv.reader(f))[1:] if any(r)]
    with open(folder / sess["ballots"], encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], [r for r in rows[1:] if any(c.strip() for c in r)]
    assert len(rows) == returned
    cols = [header.index(p) for p in projects]
    status_col = next((i for i, h in enumerate(header) if h in ("状态", "status")), None)
    counts = {p: [0] * len(levels) + [0, 0] for p in projects}
    valid, invalid = 0, 0
    void_ballot = rules.get("unreadable", "void-mark") == "void-ballot"
    for r in rows:
        marks = [table[r[c].strip()] for c in cols]
        if (status_col is not None and r[status_col].strip() in ("作废", "void")) or (void_ballot and "unreadable" in marks):
            invalid += 1
            continue
        valid += 1
        for p, m in zip(projects, marks):
            counts[p][{"abstain": len(levels), "unreadable": len(levels) + 1}.get(m, m)] += 1
    base = {"all-deputies": deputies, "present": present, "returned": returned, "valid": valid}[
        rules.get("pass_base", "all-deputies")]
    required = base // 2 + 1
    verdicts, rates, pooled = {}, {}, 0
    for p in projects:
        c = counts[p][: len(levels)]
        verdicts[p] = next((levels[i] for i in range(len(levels)) if sum(c[: i + 1]) >= required), levels[-1])
        rates[p] = percent(sum(c[:-1]), valid)
        pooled += sum(c[:-1])
    return {"status": "final", "exit": 0, "invalid": invalid, "valid": valid, "required": required,
            "levels": levels, "projects": projects, "counts": counts, "verdicts": verdicts, "rates": rates,
            "overall": percent(pooled, valid * len(projects))}


def expected_txt(res: dict) -> str:
    lines = [f"exit={res['exit']}", f"status={res['status']}", f"invalid={res['invalid']}"]
    if res["status"] == "final":
        lines.append("verdicts=" + ",".join(f"{p}:{res['verdicts'][p]}" for p in res["projects"]))
        lines.append(f"overall_rate={res['overall'] or ''}")
    return "\n".join(lines) + "\n"


def table_md(res: dict, names: dict[str, str]) -> str:
    levels = res["levels"]
    head = "| 编号 | 项目名称 | " + " | ".join(levels) + " | 弃权 | 无法辨认 | 满意率 % | 评价 |"
    rows = [head, "|---|---|" + "---:|" * (len(levels) + 3) + "---|"]
    for p in res["projects"]:
        c = res["counts"][p]
        rows.append(f"| {p} | {names[p]} | " + " | ".join(str(x) for x in c) +
                    f" | {res['rates'][p] or '—'} | {res['verdicts'][p]} |")
    return "\n".join(rows)


# ---------------------------------------------------------------------------------------------
# ballots from chosen counts
# ---------------------------------------------------------------------------------------------

def ballots(rng: random.Random, projects: list[str], counts: dict[str, list[int]], styles: list[list[str]],
            void_rows: list[str], levels: list[str]) -> list[list[str]]:
    """The valid ballots' marks, each project's column shuffled from its counts (levels…, abstain,
    unreadable); `styles[l]` are the symbols keyed for level l; declared-void ballots inserted."""
    valid = sum(counts[projects[0]])
    columns = []
    for p in projects:
        c = counts[p]
        assert sum(c) == valid, p
        col = []
        for level, n in enumerate(c[: len(levels)]):
            col += [rng.choice(styles[level]) for _ in range(n)]
        col += [""] * c[len(levels)] + ["?"] * c[len(levels) + 1]
        rng.shuffle(col)
        columns.append(col)
    rows = [[columns[j][i] for j in range(len(projects))] + ["", ""] for i in range(valid)]
    for note in void_rows:
        at = rng.randrange(len(rows) + 1)
        rows.insert(at, [rng.choice(styles[0]) for _ in projects] + ["作废", note])
    return [[f"{i + 1:03d}"] + r for i, r in enumerate(rows)]


def session_toml(comment: str, fields: list[tuple[str, str]], rules: str = "", extra: str = "") -> str:
    body = "\n".join(f"{k} = {v}" for k, v in fields)
    return f"# {comment}\n\n[session]\n{body}\n{rules}{extra}"


# ---------------------------------------------------------------------------------------------
# the examples
# ---------------------------------------------------------------------------------------------

def township() -> None:
    d = HERE / "evaluation-township"
    # 2026: the vote itself, examples/township as it is
    for f in ["session.toml", "candidates.csv", "ballots.csv", "expected.txt"]:
        write(d / "2026" / f, (HERE / "township" / f).read_text(encoding="utf-8"))
    with open(HERE / "township" / "candidates.csv", encoding="utf-8", newline="") as f:
        cands = {r[0]: r for r in list(csv.reader(f))[1:]}
    adopted = ["P02", "P09", "P06", "P01", "P08", "P05", "P03", "P12", "P04", "P10"]  # 2026/expected.txt
    projects = sorted(adopted)
    write(d / "2027" / "projects.csv",
          csv_text([["编号", "项目名称", "预算", "牵头单位", "年度"]] +
                   [[p, cands[p][1], cands[p][2], cands[p][3], "2026"] for p in projects]))
    # 40 ballots returned: one declared void, 39 valid; required ⌊45/2⌋+1 = 23
    counts = {
        "P01": [20, 14, 5, 0, 0], "P02": [30, 7, 1, 1, 0], "P03": [22, 12, 4, 0, 1],
        "P04": [27, 10, 2, 0, 0], "P05": [26, 11, 2, 0, 0],
        "P06": [23, 12, 3, 1, 0],   # 满意 by exactly half + 1 (23 of 45)
        "P08": [25, 10, 4, 0, 0], "P09": [28, 9, 2, 0, 0], "P10": [24, 13, 2, 0, 0],
        "P12": [8, 14, 16, 1, 0],   # 满意 + 基本满意 = 22 < 23: 不满意
    }
    rng = random.Random(2027_0108)
    styles = [["○", "○", "○", "满意"], ["△", "△", "基本满意"], ["×", "×", "不满意"]]
    rows = ballots(rng, projects, counts, styles, ["选票上写有姓名"], DEFAULT_LEVELS)
    write(d / "2027" / "ballots.csv", csv_text([["票号"] + projects + ["状态", "备注"]] + rows))
    write(d / "2027" / "session.toml", session_toml(
        "红桥镇2026年民生实事项目满意度测评（示例，由 examples/generate_evaluation.py 生成）",
        [("id", '"hongqiao-2027-eval"'), ("kind", '"satisfaction"'), ("body", '"红桥镇人民代表大会"'),
         ("meeting", '"第十九届人民代表大会第一次会议"'), ("date", "2027-01-08"), ("level", '"township"'),
         ("deputies", "45"), ("present", "40"), ("ballots_issued", "40"), ("ballots_returned", "40"),
         ("projects", '"projects.csv"'), ("ballots", '"ballots.csv"'),
         ("selection", '"../2026/result.json"')],
        '\n[rules]\nlevels = ["满意", "基本满意", "不满意"]\nquorum = "at-least-2/3"\npass_base = "all-deputies"\n'
        'unreadable = "void-mark"\ndigest = "sha256"\n',
        '\n[officers]\nchief_scrutineer = "王建国"\nscrutineers = ["李秀英", "陈志强"]\ncounters = ["张伟", "刘芳"]\n'))
    res = evaluate(d / "2027" / "session.toml")
    assert res["verdicts"]["P12"] == "不满意" and res["verdicts"]["P06"] == "满意" and res["required"] == 23
    assert sum(counts["P06"][:1]) == res["required"]
    write(d / "2027" / "expected.txt", expected_txt(res))
    names = {p: cands[p][1] for p in projects}
    write(d / "README.md", f"""# 乡镇：满意度测评 / Township: the satisfaction evaluation

`2026/` 是红桥镇 2026 年的民生实事项目票决（与 `../township/` 相同），入选 10 个项目。
`2027/` 是一年后的满意度测评：全体代表 45 名，出席 40 名，收回选票 40 张，其中 1 张监票人裁定作废；
`selection = "../2026/result.json"` 把测评与选定项目的那次票决连起来：测评的项目必须正是那次入选的项目，
结果记录载明那份记录的摘要。先计 2026 年的票，再计 2027 年的测评：

```sh
piaojue tally examples/evaluation-township/2026/session.toml
piaojue tally examples/evaluation-township/2027/session.toml --lang zh
```

`2026/` is the township's 2026 vote (the same as `../township/`), which adopted 10 projects. `2027/`
is the evaluation a year later: 45 deputies, 40 present, 40 ballots returned, one declared void. Its
`selection = "../2026/result.json"` links the evaluation to the vote that chose the projects: they
must be exactly that vote's adopted projects, and the record carries that record's digest. Tally
2026 first, then 2027.

## 预期结果 / Expected outcome

- 退出码 exit code **0**, outcome **`final`**; valid {res['valid']}, invalid {res['invalid']}
- 评价标准 verdict mark: ⌊45/2⌋+1 = **{res['required']}** (全体代表过半数 all-deputies)
- P06 的“满意”恰好 23 票（过半数的最低票数）：评为满意。P06 has exactly 23 满意: the least that makes 满意.
- P12 满意 + 基本满意 = 22 票，不足 23：评为不满意。P12: 22 marks at 基本满意 or better, one short: 不满意.
- 总体满意率 overall rate: **{res['overall']}%**

{table_md(res, names)}
""")


def four_level() -> None:
    d = HERE / "evaluation-four-level"
    levels = ["满意", "较满意", "基本满意", "不满意"]
    projects = [("E01", "中心幼儿园扩建", "450", "镇教育办"), ("E02", "河道清淤整治", "300", "镇水利站"),
                ("E03", "老年活动中心建设", "180", "镇社会事务办"), ("E04", "农贸市场提升改造", "260", "镇市场监管所"),
                ("E05", "公厕新建与改造", "95", "镇环卫所"), ("E06", "路灯亮化工程", "120", "镇规划建设办")]
    write(d / "projects.csv", csv_text([["id", "name", "budget", "lead", "year"]] +
                                       [list(p) + ["2026"] for p in projects]))
    # present 52 → pass_base present: required 27. 52 returned, 2 invalid (void-ballot ? rule), 50 valid
    counts = {
        "E01": [26, 15, 6, 3, 0, 0],  # 满意 26 is exactly half of 52: not enough; 较满意 or better 41 → 较满意
        "E02": [27, 12, 8, 3, 0, 0],  # 满意 27 = half + 1 → 满意
        "E03": [10, 9, 7, 22, 2, 0],  # 26 at 基本满意 or better: half, one short → 不满意
        "E04": [12, 10, 5, 21, 2, 0],  # 27 at 基本满意 or better → 基本满意
        "E05": [30, 12, 5, 2, 1, 0],
        "E06": [18, 14, 10, 8, 0, 0],
    }
    rng = random.Random(2027_0315)
    styles = [["○", "满意"], ["◎", "较满意"], ["△", "基本满意"], ["×", "不满意"]]
    ids = [p[0] for p in projects]
    rows = ballots(rng, ids, counts, styles, ["有识别标记"], levels)
    # one more invalid ballot: an unreadable mark under unreadable = "void-ballot"
    at = rng.randrange(len(rows))
    rows.insert(at, [""] + ["○", "?", "◎", "△", "×", "○"] + ["", "一处无法辨认"])
    rows = [[f"{i + 1:03d}"] + r[1:] for i, r in enumerate(rows)]
    write(d / "ballots.csv", csv_text([["ballot"] + ids + ["status", "note"]] + rows))
    write(d / "session.toml", session_toml(
        "四个评价等次、自定标记的满意度测评（示例，由 examples/generate_evaluation.py 生成）",
        [("id", '"xishan-2027-eval"'), ("kind", '"satisfaction"'), ("body", '"西山镇人民代表大会"'),
         ("meeting", '"第十九届人民代表大会第二次会议"'), ("date", "2027-03-15"), ("level", '"township"'),
         ("deputies", "60"), ("present", "52"), ("ballots_issued", "52"), ("ballots_returned", "52"),
         ("projects", '"projects.csv"'), ("ballots", '"ballots.csv"')],
        '\n[rules]\nlevels = ["满意", "较满意", "基本满意", "不满意"]\npass_base = "present"\n'
        'unreadable = "void-ballot"\n',
        '\n[marks]\n"较满意" = ["较满意", "◎"]\n"基本满意" = ["基本满意", "△"]\n'))
    res = evaluate(d / "session.toml")
    assert res["required"] == 27 and res["verdicts"]["E01"] == "较满意" and res["verdicts"]["E03"] == "不满意"
    assert res["verdicts"]["E02"] == "满意" and res["verdicts"]["E04"] == "基本满意" and res["invalid"] == 2
    write(d / "expected.txt", expected_txt(res))
    names = {p[0]: p[1] for p in projects}
    write(d / "README.md", f"""# 四个等次 / Four levels

西山镇人民代表大会，全体代表 60 名，出席 52 名，收回选票 52 张。本镇测评办法用四个等次
（满意、较满意、基本满意、不满意），以出席代表过半数（`pass_base = "present"`，27 票）评定等次，
选票上“较满意”印作 ◎、“基本满意”印作 △（`[marks]`）；有无法辨认的标记的选票整张无效
（`unreadable = "void-ballot"`）。两张无效票：一张监票人裁定作废，一张有一处无法辨认。

Xishan township: 60 deputies, 52 present, 52 ballots returned. Four levels, the verdict mark is more
than half of those present (27), ◎ and △ are the ballot's symbols for 较满意 and 基本满意 (`[marks]`),
and a ballot with an unreadable mark is wholly invalid. Two invalid ballots.

- E01: 满意 26 票，恰好是 52 的一半，不够；满意 + 较满意 41 票：评为较满意。Exactly half is not more than half.
- E02: 满意 27 票 = 过半数：评为满意。E03: 基本满意及以上 26 票，差 1 票：不满意。E04: 27 票：基本满意。
- 总体满意率 overall rate: **{res['overall']}%** (满意、较满意、基本满意 ÷ 有效票)

{table_md(res, names)}
""")


def county() -> None:
    d = HERE / "evaluation-county"
    names = ["城区供水管网改造", "县人民医院急诊楼", "农村客运班线公交化", "中小学校舍维修", "城乡环卫一体化",
             "县城停车场建设", "农村危房改造", "职业技能培训", "社区嵌入式养老", "城区雨污分流",
             "乡村振兴示范村", "全民健身中心"]
    ids = [f"X{i + 1:02d}" for i in range(len(names))]
    budgets = ["5200", "8800", "1600", "2400", "3100", "2700", "1900", "650", "1200", "6400", "3000", "4500"]
    write(d / "projects.csv", csv_text([["编号", "项目名称", "预算", "牵头单位", "年度"]] +
                                       [[i, n, b, "县人民政府", "2026"] for i, n, b in zip(ids, names, budgets)]))
    rng = random.Random(2027_0226)
    # 300 deputies, 276 present, 275 returned: 3 declared void, 272 valid; required 151
    counts = {}
    for k, i in enumerate(ids):
        best = rng.randint(120, 200) if k != 6 else 60
        mid = rng.randint(40, 272 - best - 10) if k != 6 else 80
        worst_abstain = 272 - best - mid
        abstain = rng.randint(0, min(6, worst_abstain))
        unreadable = 1 if k in (3, 9) and worst_abstain - abstain > 0 else 0
        counts[i] = [best, mid, worst_abstain - abstain - unreadable, abstain, unreadable]
    counts["X05"] = [151, 80, 35, 6, 0]  # 满意 exactly ⌊300/2⌋+1
    counts["X06"] = [100, 50, 116, 6, 0]  # 150 at 基本满意 or better: exactly half, 不满意
    styles = [["○", "○", "满意"], ["△", "基本满意"], ["×", "不满意"]]
    rows = ballots(rng, ids, counts, styles, ["写有代表姓名", "夹带其他纸张", "监票人认定作废"], DEFAULT_LEVELS)
    write(d / "ballots.csv", csv_text([["票号"] + ids + ["状态", "备注"]] + rows))
    write(d / "session.toml", session_toml(
        "县级民生实事项目满意度测评（示例，由 examples/generate_evaluation.py 生成）",
        [("id", '"dongcheng-county-2027-eval"'), ("kind", '"satisfaction"'), ("body", '"东城县人民代表大会"'),
         ("meeting", '"第十九届人民代表大会第二次会议"'), ("date", "2027-02-26"), ("level", '"county"'),
         ("deputies", "300"), ("present", "276"), ("ballots_issued", "276"), ("ballots_returned", "275"),
         ("projects", '"projects.csv"'), ("ballots", '"ballots.csv"')],
        '\n[rules]\ndigest = "sm3"\n'))
    res = evaluate(d / "session.toml")
    assert res["required"] == 151 and res["verdicts"]["X05"] == "满意" and res["verdicts"]["X06"] == "不满意"
    write(d / "expected.txt", expected_txt(res))
    write(d / "README.md", f"""# 县级满意度测评 / A county's evaluation

东城县人民代表大会，全体代表 300 名，出席 276 名，发出选票 276 张、收回 275 张（少收回 1 张不影响有效性），
3 张监票人裁定作废；测评 12 个项目，默认三个等次，摘要用国密 SM3（`digest = "sm3"`）。

Dongcheng county: 300 deputies, 276 present, 275 of 276 ballots returned, 3 declared void; 12
projects, the default three levels, SM3 digests.

- X05 满意恰好 151 票（300 的过半数）：满意。X05 has exactly 151 满意 (more than half of 300).
- X06 满意 + 基本满意 150 票，恰好一半：不满意。X06: 150 at 基本满意 or better, exactly half: 不满意.
- 总体满意率 overall rate: **{res['overall']}%**

{table_md(res, dict(zip(ids, names)))}
""")


def main() -> int:
    township()
    four_level()
    county()
    print("evaluation examples: all assertions passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
