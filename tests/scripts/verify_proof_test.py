#!/usr/bin/env python3
"""docs/audit/verify_proof.py against the proofs piaojue wrote (tests/data/proof/proof-*.json,
kept byte-exact by tests/test_merkle_proof.cpp): each holds against its record, and every changed
byte of the row, hex digit of the path or root, index, size, ballot or record byte makes it fail.

usage: python3 tests/scripts/verify_proof_test.py      exit 0 when every expectation holds
"""
import copy
import json
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(ROOT, "docs", "audit"))
import verify_proof  # noqa: E402

DATA = os.path.join(ROOT, "tests", "data", "proof")
failures = []
checked = 0


def expect(ok, proof, record, what):
    global checked
    checked += 1
    problems = verify_proof.check(proof, record)
    if (not problems) != ok:
        failures.append(f"{what}: expected {'pass' if ok else 'fail'}, got {problems or 'pass'}")


def flip_hex(h, i):
    return h[:i] + ("0" if h[i] != "0" else "1") + h[i + 1:]


for algo in ("sha256", "sm3"):
    good = json.load(open(os.path.join(DATA, f"proof-{algo}.json"), encoding="utf-8"))
    record = open(os.path.join(DATA, f"record-{algo}.json"), "rb").read()
    expect(True, good, record, f"{algo}: as written")
    expect(True, good, None, f"{algo}: without the record")
    for i in range(len(good["row"])):
        p = copy.deepcopy(good)
        p["row"] = p["row"][:i] + chr(ord(p["row"][i]) ^ 1) + p["row"][i + 1:]
        expect(False, p, None, f"{algo}: row char {i}")
    for k in range(len(good["path"])):
        for i in range(64):
            p = copy.deepcopy(good)
            p["path"][k] = flip_hex(p["path"][k], i)
            expect(False, p, None, f"{algo}: path[{k}] digit {i}")
    for i in range(64):
        p = copy.deepcopy(good)
        p["root"] = flip_hex(p["root"], i)
        expect(False, p, None, f"{algo}: root digit {i}")
    for index in range(good["tree_size"] + 2):
        if index != good["leaf_index"]:
            p = copy.deepcopy(good)
            p["leaf_index"] = index
            expect(False, p, None, f"{algo}: leaf_index {index}")
    for size in range(good["tree_size"] + 9):
        if size != good["tree_size"]:
            p = copy.deepcopy(good)
            p["tree_size"] = size
            expect(False, p, record, f"{algo}: tree_size {size} against the record")
    p = copy.deepcopy(good)
    p["ballot"] = "1"
    expect(False, p, None, f"{algo}: another ballot")
    p = copy.deepcopy(good)
    p["path"].append(good["root"])
    expect(False, p, None, f"{algo}: a longer path")
    expect(False, copy.deepcopy(good), record + b" ", f"{algo}: a changed record")
    p = copy.deepcopy(good)
    p["format"] = "piaojue-proof/2"
    expect(False, p, None, f"{algo}: another format")

for f in failures:
    print("FAIL " + f)
print(f"{checked - len(failures)} of {checked} expectations hold")
sys.exit(1 if failures else 0)
