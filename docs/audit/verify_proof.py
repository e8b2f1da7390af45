#!/usr/bin/env python3
"""Check a piaojue ballot inclusion proof (piaojue-proof/1) without piaojue: that the ballot row it
carries is leaf `leaf_index` of the RFC 6962 Merkle tree of `tree_size` leaves whose root is
`root` (RFC 9162 §2.1.3.2), and, with RECORD, that the proof belongs to that record.

usage: verify_proof.py PROOF [RECORD]    exit 0: the proof holds; exit 1: it does not
RECORD (the result.json the proof names) is checked byte for byte against `record_digest`, and
its inputs.ballots.merkle_root, inputs.ballots.rows and rules.digest against the proof's root,
tree_size and algorithm: only the record binds the tree size.
Only the Python standard library is used. SM3 proofs need an OpenSSL-backed hashlib with sm3.
"""
import hashlib
import json
import sys

FIELDS = ["format", "algorithm", "record_digest", "ballot", "row", "leaf_index", "tree_size", "path", "root"]


def root_from_path(h, leaf_hash, index, size, path):
    """RFC 9162 §2.1.3.2: the root `path` leads to, or None if it cannot fit a tree of `size`."""
    if index >= size:
        return None
    fn, sn, r = index, size - 1, leaf_hash
    for p in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = h(b"\x01" + p + r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = h(b"\x01" + r + p)
        fn, sn = fn >> 1, sn >> 1
    return r if sn == 0 else None


def check(proof, record_bytes=None):
    """A list of the problems found (empty: the proof holds)."""
    if sorted(proof) != sorted(FIELDS) or proof["format"] != "piaojue-proof/1":
        return ["not a piaojue-proof/1 file"]
    algo = proof["algorithm"]
    h = lambda data: hashlib.new(algo, data).digest()
    problems = []
    row = proof["row"]
    if not row.startswith(proof["ballot"] + "\t"):
        problems.append("the row is not that of ballot %r" % proof["ballot"])
    path = [bytes.fromhex(p) for p in proof["path"]]
    leaf_hash = h(b"\x00" + row.encode("utf-8"))
    root = root_from_path(h, leaf_hash, proof["leaf_index"], proof["tree_size"], path)
    if root is None or root.hex() != proof["root"].lower():
        problems.append("the path does not lead from the row to the root")
    if record_bytes is not None:
        if h(record_bytes).hex() != proof["record_digest"].lower():
            problems.append("the record's digest is not the proof's record_digest")
        record = json.loads(record_bytes.decode("utf-8"))
        ballots = record["inputs"]["ballots"]
        if record["rules"]["digest"] != algo:
            problems.append("the record's digest algorithm is not the proof's")
        if ballots["merkle_root"] != proof["root"].lower():
            problems.append("the record's merkle_root is not the proof's root")
        if ballots["rows"] != proof["tree_size"]:
            problems.append("the record's ballot rows are not the proof's tree_size")
    return problems


def main():
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    proof = json.load(open(sys.argv[1], encoding="utf-8"))
    record_bytes = open(sys.argv[2], "rb").read() if len(sys.argv) == 3 else None
    problems = check(proof, record_bytes)
    for p in problems:
        print("FAIL: " + p, file=sys.stderr)
    if problems:
        sys.exit(1)
    print("OK: ballot %s is leaf %d of %d under root %s" % (proof["ballot"], proof["leaf_index"],
                                                            proof["tree_size"], proof["root"]))


if __name__ == "__main__":
    main()
