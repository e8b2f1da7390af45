#!/usr/bin/env python3
"""The tally a user would write with Python's csv module, for bench/run.sh: approvals (the mark
given, ○ or Y) per candidate column of a piaojue ballots.csv, nothing else (no validity rules, no
digests). Usage: csv_tally.py BALLOTS CANDIDATES APPROVE_MARK"""
import csv
import sys


def main() -> None:
    path, candidates, approve = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    counts = [0] * candidates
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = csv.reader(f)
        next(rows)
        for row in rows:
            for i in range(candidates):
                if row[i + 1] == approve:
                    counts[i] += 1
    print(" ".join(map(str, counts)))


if __name__ == "__main__":
    main()
