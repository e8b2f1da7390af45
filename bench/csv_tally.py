#!/usr/bin/env python3
"""The tally a user would write with Python's csv module, for bench/run.sh: approvals (○) per
candidate column of a piaojue ballots.csv, nothing else (no validity rules, no digests)."""
import csv
import sys


def main() -> None:
    path, candidates = sys.argv[1], int(sys.argv[2])
    counts = [0] * candidates
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = csv.reader(f)
        next(rows)
        for row in rows:
            for i in range(candidates):
                if row[i + 1] == "○":
                    counts[i] += 1
    print(" ".join(map(str, counts)))


if __name__ == "__main__":
    main()
