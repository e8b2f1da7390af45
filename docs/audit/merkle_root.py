#!/usr/bin/env python3
"""Recompute a piaojue record's ballot Merkle root without piaojue (docs/record-format.md).

usage: merkle_root.py RECORD BALLOTS_CSV      prints the root; exit 1 if it differs from RECORD's
Only the Python standard library is used. SM3 records need an OpenSSL-backed hashlib with sm3.
"""
import csv, hashlib, io, json, sys

APPROVE = {"Y", "y", "○", "〇", "O", "o", "√", "✓", "赞成", "同意"}
DISAPPROVE = {"N", "n", "×", "X", "x", "✗", "不赞成", "反对", "不同意"}
ABSTAIN = {"", "A", "a", "-", "弃权"}
UNREADABLE = {"?", "？"}


def letter(cell):
    c = cell.strip(" \t\u3000")
    for mark, spellings in (("Y", APPROVE), ("N", DISAPPROVE), ("A", ABSTAIN), ("?", UNREADABLE)):
        if c in spellings:
            return mark
    raise SystemExit(f"unknown mark {cell!r}")


def mth(leaves, h):
    """RFC 6962 Merkle tree hash of a list of leaf hashes."""
    if not leaves:
        return h(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return h(b"\x01" + mth(leaves[:k], h) + mth(leaves[k:], h))


def main():
    record = json.load(open(sys.argv[1], encoding="utf-8"))
    algo = record["rules"]["digest"]
    h = lambda data: hashlib.new(algo, data).digest()
    ids = [c["id"] for c in record["candidates"]]  # ballot order
    text = open(sys.argv[2], encoding="utf-8-sig", newline="").read()
    rows = list(csv.reader(io.StringIO(text)))
    header = [x.strip(" \t\u3000") for x in rows[0]]
    col = {name: i for i, name in enumerate(header) if name}
    serial = col.get("ballot", col.get("票号"))
    status = col.get("status", col.get("状态"))
    note = col.get("note", col.get("备注"))
    leaves = []
    for row in rows[1:]:
        if all(not x.strip(" \t\u3000") for x in row):
            continue  # all-empty rows are ignored
        trim = lambda i: row[i].strip(" \t\u3000") if i is not None else ""
        void = "void" if trim(status).lower() == "void" or trim(status) == "作废" else ""
        marks = "".join(letter(row[col[i]]) for i in ids)
        leaf = "\t".join([trim(serial), marks, void, trim(note)]).encode("utf-8")
        leaves.append(h(b"\x00" + leaf))
    root = mth(leaves, h).hex()
    print(root)
    expected = record["inputs"]["ballots"]["merkle_root"]
    if root != expected:
        print(f"MISMATCH: record says {expected}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
