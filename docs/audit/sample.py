#!/usr/bin/env python3
"""Redo a piaojue ballot sample (piaojue sample) without piaojue: Rivest's consistent sampler,
as in the `consistent_sampler` package that Arlo uses, sampling without replacement.

usage: sample.py SEED K IDS_FILE        IDS_FILE: one 票号 (ballot serial) a line, UTF-8; - for stdin
prints the K ballots with the smallest tickets, in ticket order: rank, 票号, ticket (tab-separated)

A ballot's ticket is "0." followed by the digits, reversed, of the decimal form (zero-padded to at
least 64 digits) of the integer SHA-256(hex(SHA-256(seed)) + 票号), hashes over UTF-8 bytes, hex
lowercase. Tickets are compared as strings, then by 票号, as the package's tuples are.
Only the Python standard library is used.
"""
import hashlib
import sys


def sha256_hex(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def ticket(seed, ballot, seed_hex=None):
    """The ticket of `ballot` under `seed` (consistent_sampler.first_fraction(ballot, seed))."""
    if seed_hex is None:
        seed_hex = sha256_hex(seed)
    digits = "{:064d}".format(int(sha256_hex(seed_hex + ballot), 16))
    return "0." + digits[::-1]


def sample(seed, ballots, k):
    """The k ballots with the smallest tickets, as (ticket, ballot) pairs in ticket order."""
    if not (seed.isascii() and seed.isdigit() and 1 <= len(seed) <= 256):
        raise SystemExit(f"bad seed {seed!r}: it must be 1 to 256 digits 0-9")
    if len(set(ballots)) != len(ballots):
        raise SystemExit("a ballot serial occurs twice")
    if not 1 <= k <= len(ballots):
        raise SystemExit(f"bad sample size {k}: there are {len(ballots)} ballots")
    seed_hex = sha256_hex(seed)
    return sorted((ticket(seed, b, seed_hex), b) for b in ballots)[:k]


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    seed, k, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8-sig", newline="")
    ballots = [line.rstrip("\r\n") for line in stream]
    ballots = [b for b in ballots if b]
    for rank, (t, b) in enumerate(sample(seed, ballots, k), 1):
        print(f"{rank}\t{b}\t{t}")


if __name__ == "__main__":
    main()
