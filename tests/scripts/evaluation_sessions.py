#!/usr/bin/env python3
"""Random satisfaction-evaluation sessions (SPEC R8) tallied by piaojue and re-computed
independently from the SPEC's text (examples/generate_evaluation.py's evaluate(), which reads the
files back and applies R2, R3, R4 and R8 without piaojue's code). Every session's outcome, exit
code, invalid ballots, verdicts, rates and overall rate must agree. The sessions lean on the edges:
marks at exactly half and half + 1 of the base, 0 valid ballots, 2 and 5 levels, no quorum, more
ballots returned than issued, [marks] tables, every pass_base and unreadable rule.

usage: evaluation_sessions.py PIAOJUE WORKDIR [COUNT]
"""
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples"))
from generate_evaluation import evaluate  # noqa: E402  (the SPEC's R8, not piaojue's)

LEVEL_NAMES = ["满意", "较满意", "基本满意", "一般", "不满意"]


def pick_levels(rng):
    n = rng.randint(2, 5)
    names = [LEVEL_NAMES[0]] + sorted(rng.sample(LEVEL_NAMES[1:4], n - 2), key=LEVEL_NAMES.index) + ["不满意"]
    return names


def split(rng, total, parts):
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0] + cuts, cuts + [total])]


def make_session(rng, folder: Path, i: int):
    levels = pick_levels(rng)
    deputies = rng.randint(3, 80)
    present = deputies if rng.random() < 0.3 else rng.randint(max(1, deputies // 2), deputies)
    issued = present if rng.random() < 0.7 else rng.randint(0, present)
    returned = issued if rng.random() < 0.6 else rng.randint(0, issued)
    if rng.random() < 0.08:
        returned = issued + 1  # R3: the vote is void
    pass_base = rng.choice(["all-deputies", "present", "returned", "valid"])
    unreadable = rng.choice(["void-mark", "void-ballot"])
    projects = [f"Q{k + 1:02d}" for k in range(rng.randint(1, 8))]
    custom = rng.random() < 0.3
    # symbols per level: the level's name, plus the defaults (or a [marks] table's)
    symbols = [[name] for name in levels]
    marks_toml = ""
    if custom:
        extra = ["◎", "☆", "◇", "□", "▽"]
        for l in range(len(levels)):
            symbols[l].append(extra[l])
        marks_toml = "\n[marks]\n" + "".join(f'"{n}" = ["{n}", "{extra[l]}"]\n' for l, n in enumerate(levels))
    else:
        symbols[0] += ["○", "〇"]
        symbols[-1] += ["×", "X", "x"]
        if len(levels) == 3:
            symbols[1].append("△")
    # the ballots: some declared void; all of them now and then (0 valid ballots)
    n_void = returned if returned and rng.random() < 0.07 else rng.randint(0, min(3, returned))
    n_unreadable_ballots = rng.randint(0, min(2, returned - n_void)) if unreadable == "void-ballot" else 0
    valid = returned - n_void - n_unreadable_ballots
    base = {"all-deputies": deputies, "present": present, "returned": returned, "valid": valid}[pass_base]
    required = base // 2 + 1
    rows = []
    columns = []
    for _ in projects:
        counts = split(rng, valid, len(levels) + 2)
        if valid and rng.random() < 0.5:
            # the best levels' marks at exactly half or half + 1 of the base, where they fit
            target = min(valid, max(0, required - rng.choice([0, 1])))
            take = rng.randint(0, len(levels) - 1)
            counts = split(rng, target, take + 1) + split(rng, valid - target, len(levels) - take + 1)
        if unreadable == "void-ballot":
            counts[len(levels)] += counts[len(levels) + 1]  # an unreadable mark voids its ballot
            counts[len(levels) + 1] = 0
        col = []
        for l, c in enumerate(counts[: len(levels)]):
            col += [rng.choice(symbols[l]) for _ in range(c)]
        col += [rng.choice(["", "弃权"]) for _ in range(counts[len(levels)])] + ["?"] * counts[len(levels) + 1]
        rng.shuffle(col)
        columns.append(col)
    for k in range(valid):
        rows.append([c[k] for c in columns] + ["", ""])
    for _ in range(n_void):
        rows.append([rng.choice(symbols[0]) for _ in projects] + ["作废", "有识别标记"])
    for _ in range(n_unreadable_ballots):
        marks = [rng.choice(symbols[0]) for _ in projects]
        marks[rng.randrange(len(marks))] = "？"
        rows.append(marks + ["", ""])
    rng.shuffle(rows)
    folder.mkdir(parents=True)
    (folder / "projects.csv").write_text(
        "编号,项目名称\n" + "".join(f"{p},项目{p}\n" for p in projects), encoding="utf-8")
    (folder / "ballots.csv").write_text(
        ",".join(["票号"] + projects + ["状态", "备注"]) + "\n" +
        "".join(",".join([f"{k + 1:03d}"] + r) + "\n" for k, r in enumerate(rows)), encoding="utf-8")
    levels_toml = ", ".join(f'"{n}"' for n in levels)
    (folder / "session.toml").write_text(f'''[session]
id = "random-{i}"
kind = "satisfaction"
body = "某镇人民代表大会"
meeting = "第一次会议"
date = 2027-01-01
level = "township"
deputies = {deputies}
present = {present}
ballots_issued = {issued}
ballots_returned = {returned}
projects = "projects.csv"
ballots = "ballots.csv"

[rules]
levels = [{levels_toml}]
pass_base = "{pass_base}"
unreadable = "{unreadable}"
{marks_toml}''', encoding="utf-8")


def main():
    piaojue, work = sys.argv[1], Path(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 120
    shutil.rmtree(work, ignore_errors=True)
    rng = random.Random(8_2027)
    seen = {"zero-valid": 0, "half": 0, "half+1": 0, "no-quorum": 0, "void": 0, "2 levels": 0, "5 levels": 0}
    failures = 0
    for i in range(count):
        folder = work / f"s{i:03d}"
        make_session(rng, folder, i)
        want = evaluate(folder / "session.toml")
        proc = subprocess.run([piaojue, "tally", "session.toml", "--quiet", "--lang", "en"], cwd=folder,
                              capture_output=True, text=True)
        problems = []
        if proc.returncode != want["exit"]:
            problems.append(f"exit {proc.returncode}, expected {want['exit']}: {proc.stderr.strip()}")
        else:
            r = json.loads((folder / "result.json").read_text(encoding="utf-8"))
            if r["outcome"]["status"] != want["status"]:
                problems.append(f"status {r['outcome']['status']}, expected {want['status']}")
            if want["status"] == "final":
                levels = want["levels"]
                seen["2 levels"] += len(levels) == 2
                seen["5 levels"] += len(levels) == 5
                seen["zero-valid"] += want["valid"] == 0
                if r["ballots"]["invalid"] != want["invalid"]:
                    problems.append(f"invalid {r['ballots']['invalid']}, expected {want['invalid']}")
                for p in r["evaluation"]:
                    c = want["counts"][p["id"]]
                    got = [p["counts"][n] for n in levels] + [p["counts"]["abstain"], p["counts"]["unreadable"]]
                    if got != c:
                        problems.append(f"{p['id']} counts {got}, expected {c}")
                    if p["verdict"] != want["verdicts"][p["id"]]:
                        problems.append(f"{p['id']} verdict {p['verdict']}, expected {want['verdicts'][p['id']]}")
                    if p.get("rate") != want["rates"][p["id"]]:
                        problems.append(f"{p['id']} rate {p.get('rate')}, expected {want['rates'][p['id']]}")
                    for l in range(len(levels)):
                        best = sum(c[: l + 1])
                        seen["half"] += best == want["required"] - 1
                        seen["half+1"] += best == want["required"]
                if r["outcome"].get("overall_rate") != want["overall"]:
                    problems.append(f"overall {r['outcome'].get('overall_rate')}, expected {want['overall']}")
            else:
                seen[want["status"]] += 1
        if problems:
            failures += 1
            print(f"{folder}:", *problems, sep="\n  ", file=sys.stderr)
    print(f"{count} random evaluation sessions; cases seen: " + ", ".join(f"{k} {v}" for k, v in seen.items()))
    missing = [k for k, v in seen.items() if v == 0]
    if missing:
        print("the random sessions never reached: " + ", ".join(missing), file=sys.stderr)
        return 1
    if failures:
        print(f"{failures} of {count} sessions disagree with the SPEC's R8", file=sys.stderr)
        return 1
    print("all agree with the SPEC's R8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
