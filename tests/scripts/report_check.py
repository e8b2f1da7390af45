#!/usr/bin/env python3
"""Checks a printed document of `piaojue report` as a real tool sees it.

  report_check.py text KIND LANG INPUT TEXTFILE   the text (pdftotext -layout, or the DOM that
      headless Chromium built, tags dropped) holds every heading, project name and count that
      INPUT (a record, or for the ballot a session file) says it should, in the order it should
  report_check.py pgm FILE                        a page from pdftoppm -gray: A4, not blank
  report_check.py png FILE WIDTH [PAGE_HEIGHT]    a PNG: WIDTH pixels wide (a whole number of
      PAGE_HEIGHT pages with gaps between, when given), not blank

The expectations come from the record's JSON (or the session's candidate list), not from
piaojue's own model, so a renderer that drops or reorders a row fails here.
"""
import csv
import html
import json
import os
import re
import struct
import sys
import tomllib
import zlib


def fail(msg):
    print("report_check: FAILED: " + msg, file=sys.stderr)
    sys.exit(1)


def normalize(text):
    return re.sub(r"\s+", " ", text).strip()


def dom_text(markup):
    markup = re.sub(r"(?s)<(style|script)[^>]*>.*?</\1>", " ", markup)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def in_order(text, expected):
    pos = 0
    for item in expected:
        found = text.find(item, pos)
        if found < 0:
            before = text.find(item)
            where = "missing" if before < 0 else f"out of order (found at {before}, searched from {pos})"
            fail(f"{item!r} is {where}; text: {text[:3000]}")
        pos = found + len(item)


def ranked(record):
    # By approvals, ballot order among equals (as the report sorts them).
    cands = list(enumerate(record["candidates"]))
    cands.sort(key=lambda ic: (-ic[1]["approve"], ic[0]))
    return [c for _, c in cands]


def result_expectations(record, lang):
    zh = lang == "zh"
    session = record["session"]
    exp = ["计票结果报告单" if zh else "count report", session["date"][:4],
           "一、清点" if zh else "1. Attendance and ballots"]
    att, bal = record["attendance"], record["ballots"]
    if zh:
        exp += [f"应到代表 {att['deputies']} 人", f"实到代表 {att['present']} 人",
                f"发出选票 {bal['issued']} 张", f"收回选票 {bal['returned']} 张"]
    else:
        exp += [f"Deputies {att['deputies']}", f"Present {att['present']}",
                f"Ballots issued {bal['issued']}", f"Ballots returned {bal['returned']}"]
    if record.get("candidates"):
        exp.append("二、票决结果" if zh else "2. Results")
        for c in ranked(record):
            cells = [c["name"], c.get("budget", "—"), str(c["approve"]), str(c["disapprove"]),
                     str(c["abstain"]), str(c["unreadable"])]
            exp.append(" ".join(cells))
        exp.append("三、无效票" if zh else "3. Invalid ballots")
        for b in record.get("invalid_ballots", []):
            exp.append(f"{b['ballot']} {b['line']}")
        exp.append("四、结果" if zh else "4. Decision")
    if record["outcome"]["status"] == "final" and record["outcome"]["selected"]:
        n = len(record["outcome"]["selected"])
        exp.append(f"共 {n} 个项目入选" if zh else f"{n} adopted")
    exp.append("记录" if zh else "The record")
    exp.append(session["id"])
    exp.append("签字" if zh else "Signatures")
    officers = record.get("officers", {})
    exp += officers.get("counters", []) + officers.get("scrutineers", [])
    if officers.get("chief_scrutineer"):
        exp.append(officers["chief_scrutineer"])
    return exp


def notice_expectations(record, lang):
    zh = lang == "zh"
    body = record["session"]["body"]
    exp = [body + "公告" if zh else "Notice of " + body]
    for i, p in enumerate(record["outcome"]["cumulative_selected"], 1):
        exp.append(f"{i} {p['name']} {p.get('budget', '—')}")
    exp += ["合计" if zh else "Total", record["outcome"]["budget_selected"],
            "特此公告" if zh else "This notice is hereby given", body]
    return exp


def ballot_expectations(session_path, lang):
    zh = lang == "zh"
    with open(session_path, "rb") as f:
        session = tomllib.load(f)["session"]
    here = os.path.dirname(session_path)
    if "previous" in session:
        with open(os.path.join(here, session["previous"]), encoding="utf-8") as f:
            prev = json.load(f)
        names = [c["name"] for c in prev["outcome"]["next_round"]["candidates"]]
    else:
        with open(os.path.join(here, session["candidates"]), encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
        col = rows[0].index("项目名称") if "项目名称" in rows[0] else rows[0].index("name")
        names = [r[col] for r in rows[1:] if r]
    exp = ["填写说明" if zh else "How to fill in this ballot"]
    exp += [f"{i} {name}" for i, name in enumerate(names, 1)]
    return exp


def check_text(kind, lang, source, text_file):
    with open(text_file, encoding="utf-8") as f:
        raw = f.read()
    text = normalize(dom_text(raw) if raw.lstrip().startswith("<") else raw)
    if kind == "ballot":
        exp = ballot_expectations(source, lang)
        # A ballot must not tell one paper from another: no record digest, no QR payload.
        if "piaojue-result/" in text or "sha256:" in text:
            fail("the ballot carries a record reference")
    else:
        with open(source, encoding="utf-8") as f:
            record = json.load(f)
        exp = result_expectations(record, lang) if kind == "result" else notice_expectations(record, lang)
    in_order(text, exp)
    print(f"report_check: {len(exp)} expected items in order")


def check_pgm(path):
    with open(path, "rb") as f:
        data = f.read()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    if not m:
        fail(f"{path} is not a binary PGM")
    w, h = int(m.group(1)), int(m.group(2))
    pixels = data[m.end():]
    check_page(path, w, h, pixels, 1)


def check_page(path, w, h, pixels, channels):
    dpi = round(w / (210 / 25.4))
    if abs(h - 297 / 25.4 * dpi) > 2 or abs(w - 210 / 25.4 * dpi) > 2:
        fail(f"{path} is {w}x{h}, not A4 at {dpi} dpi")
    dark = sum(1 for i in range(0, len(pixels), channels) if pixels[i] < 160)
    share = dark / (w * h)
    if share < 0.01:
        fail(f"{path} is (nearly) blank: {share:.4f} of its pixels are dark")
    print(f"report_check: {path}: {w}x{h}, {share:.3f} dark")


def read_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path} is not a PNG")
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    w, h, depth, color, _, _, interlace = ihdr
    if depth != 8 or color not in (0, 2, 6) or interlace:
        fail(f"{path}: unsupported PNG layout (depth {depth}, colour {color}, interlace {interlace})")
    bpp = {0: 1, 2: 3, 6: 4}[color]
    raw = zlib.decompress(idat)
    stride = w * bpp
    out = bytearray(h * stride)
    prev = bytearray(stride)
    for y in range(h):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 255
            elif ftype == 2:
                line[x] = (line[x] + b) & 255
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out[y * stride:(y + 1) * stride] = line
        prev = line
    return w, h, bpp, bytes(out)


def check_png(path, width, page_height=None):
    w, h, bpp, pixels = read_png(path)
    if w != width:
        fail(f"{path} is {w} pixels wide, expected {width}")
    if page_height:
        pages = round(h / page_height)
        if pages < 1 or h < page_height * pages or h > page_height * pages + 20 * (pages - 1):
            fail(f"{path} is {h} pixels high: not a whole number of {page_height}-pixel pages")
        check_page(path, w, page_height, pixels[:w * page_height * bpp], bpp)
        print(f"report_check: {path}: {pages} page(s)")
    else:
        dark = sum(1 for i in range(0, len(pixels), bpp) if pixels[i] < 160)
        if dark / (w * h) < 0.01:
            fail(f"{path} is (nearly) blank")
        print(f"report_check: {path}: {w}x{h}, {dark / (w * h):.3f} dark")


def main(argv):
    if len(argv) >= 6 and argv[1] == "text":
        check_text(argv[2], argv[3], argv[4], argv[5])
    elif len(argv) == 3 and argv[1] == "pgm":
        check_pgm(argv[2])
    elif len(argv) in (4, 5) and argv[1] == "png":
        check_png(argv[2], int(argv[3]), int(argv[4]) if len(argv) == 5 else None)
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv)
