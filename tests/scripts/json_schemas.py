#!/usr/bin/env python3
"""Every command's --json output, checked against its published schema (docs/schema/).

Runs each command as a script would, on copies of the bundled examples: the successful outputs
against docs/schema/COMMAND.schema.json, the failures (a bad input, a usage error, an unknown
command) against docs/schema/error.schema.json. Also: every command of `piaojue --help` that
prints JSON has a schema, every schema is itself valid Draft 2020-12, every diagnostic's code is
listed in docs/json.md, and no output anywhere has a fingerprint that is not ALGO:HEX.

usage: json_schemas.py PIAOJUE SOURCE_DIR WORK_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys

import jsonschema

piaojue, source, work = sys.argv[1:4]
schemas_dir = os.path.join(source, "docs", "schema")
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
for example in ("township", "signed", "tie", "audit", "evaluation-township", "rejected-slate", "no-quorum", "void",
                "shortfall"):
    shutil.copytree(os.path.join(source, "examples", example), os.path.join(work, example))
env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8", TZ="UTC")
failures = []
checked = {}
codes_seen = set()


def fail(message):
    failures.append(message)
    print("json_schemas: FAIL:", message, file=sys.stderr)


def load_schema(name):
    with open(os.path.join(schemas_dir, name + ".schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def fingerprints_in(value, path=""):
    """Every value under a key named fingerprint(s), with its path."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ("fingerprint", "fingerprints"):
                for item in v if isinstance(v, list) else [v]:
                    yield f"{path}/{k}", item
            else:
                yield from fingerprints_in(v, f"{path}/{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from fingerprints_in(v, f"{path}/{i}")


def run(args, expect_code, schema_name=None, cwd=None):
    """Runs piaojue ARGS --json; checks the exit code and validates stdout against its schema."""
    label = " ".join(args)
    p = subprocess.run([piaojue, *args, "--json"], cwd=cwd or work, env=env, capture_output=True)
    if p.returncode != expect_code:
        fail(f"{label}: exit {p.returncode}, expected {expect_code}: {p.stderr.decode(errors='replace')[:400]}")
        return None
    try:
        out = json.loads(p.stdout)
    except json.JSONDecodeError as e:
        fail(f"{label}: stdout is not one JSON value ({e}): {p.stdout[:200]!r}")
        return None
    name = "error" if out.get("status") == "error" else (schema_name or args[0])
    try:
        jsonschema.validate(out, load_schema(name), cls=jsonschema.Draft202012Validator)
    except jsonschema.ValidationError as e:
        fail(f"{label}: does not match {name}.schema.json: {e.message} at /{'/'.join(map(str, e.absolute_path))}")
        return out
    if out.get("exit_code") != p.returncode:
        fail(f"{label}: exit_code {out.get('exit_code')} but the process exited {p.returncode}")
    for where, fp in fingerprints_in(out):
        if not isinstance(fp, str) or not re.fullmatch(r"(sha256|sm3):[0-9a-f]{64}", fp):
            fail(f"{label}: fingerprint at {where} is not ALGO:HEX: {fp!r}")
    if name == "error":
        for d in out["error"]["diagnostics"]:
            codes_seen.add(d["code"])
    for d in out.get("notices", []):
        codes_seen.add(d["code"])
    checked.setdefault(name, 0)
    checked[name] += 1
    return out


# Successful outputs, one or more per command.
run(["check", "township/session.toml"], 0)
run(["template", "tie/round-1/session.toml", "-o", "tie/round-1/template.csv"], 0)
run(["tally", "township/session.toml"], 0)
run(["tally", "tie/round-1/session.toml"], 6)
run(["tally", "evaluation-township/2026/session.toml"], 0)
run(["check", "evaluation-township/2027/session.toml"], 0)  # the vote it evaluates is tallied now
run(["tally", "evaluation-township/2027/session.toml"], 0)
run(["tally", "audit/session.toml"], 0)
run(["check", "rejected-slate/session.toml"], 4)
run(["check", "no-quorum/session.toml"], 5)
run(["tally", "rejected-slate/session.toml"], 4)
run(["tally", "no-quorum/session.toml"], 5)
run(["tally", "void/session.toml"], 5)
run(["tally", "shortfall/round-1/session.toml"], 6)
run(["show", "township/result.json"], 0)
run(["show", "evaluation-township/2027/result.json"], 0)
run(["next-round", "tie/round-1/result.json", "-o", "tie/next"], 0)
run(["report", "township/result.json", "--kind", "notice", "--format", "html", "-o", "notice.html"], 0)
run(["keygen", "--unencrypted", "-o", "officer"], 0)
run(["keygen", "--unencrypted", "--algo", "sm2", "-o", "officer-sm2"], 0)
run(["sign", "township/result.json", "--key", "officer.key", "--role", "计票人", "--name", "张伟"], 0)
run(["sign", "township/result.json", "--key", "officer-sm2.key", "--role", "监票人", "--name", "李娜"], 0)
run(["trust-add", "officer.pub", "--role", "计票人", "--name", "张伟", "-o", "trust.toml"], 0)
run(["trust-add", "officer-sm2.pub", "--role", "监票人", "--name", "李娜", "-o", "trust.toml"], 0)
run(["verify", "signed/result.json", "--trust", "signed/trust.toml"], 0)
run(["verify", "township/result.json", "--trust", "trust.toml", "--require-role", "计票人"], 0)
run(["verify", "township/result.json"], 7)  # no trust decision, and no chief scrutineer's signature
run(["verify", "signed/result.json"], 8)  # no trust decision: the signers are not identified
seed = "01382438112797316654"
run(["sample", "audit/result.json", "--seed", seed, "-n", "5"], 0)
run(["audit", "audit/result.json", "audit/paper.csv", "--seed", seed], 0)
subprocess.run([piaojue, "proof", "audit/result.json", "--ballot", "001", "-o", "proof.json"], cwd=work, env=env,
               check=True, capture_output=True)
run(["proof", "audit/result.json", "--check", "proof.json"], 0)
with open(os.path.join(work, "township/ballots.csv"), encoding="utf-8") as f:
    rows = f.read().split("\n")
rows[2] = rows[2].replace("○", "×", 1)
with open(os.path.join(work, "second.csv"), "w", encoding="utf-8") as f:
    f.write("\n".join(rows))
run(["compare", "township/ballots.csv", "township/ballots.csv", "township/session.toml"], 0)
run(["compare", "township/ballots.csv", "second.csv", "township/session.toml"], 10)
os.makedirs(os.path.join(work, "county"))
for name in ("township", "tie"):
    shutil.copytree(os.path.join(source, "examples", name), os.path.join(work, "county", name))
shutil.copytree(os.path.join(source, "examples", "township"), os.path.join(work, "county", "broken"))
with open(os.path.join(work, "county/broken/session.toml"), encoding="utf-8") as f:
    text = f.read().replace('id = "hongqiao-2026"', 'id = "broken-2026"')
with open(os.path.join(work, "county/broken/session.toml"), "w", encoding="utf-8") as f:
    f.write(text)
with open(os.path.join(work, "county/broken/ballots.csv"), "a", encoding="utf-8") as f:
    f.write("999,?,?\n")
batch = run(["batch", "county", "-o", "county-out"], 3)
if batch and not any(e.get("error_code") == "E_ROW_FIELDS" for e in batch["summary"]["entries"]):
    fail("batch: the broken township's entry does not carry error_code E_ROW_FIELDS")
run(["verify", "county-out", "--no-trust"], 7)

# Failures: every command's error output has one shape.
run(["check", "nowhere.toml"], 3)
run(["tally", "county/broken/session.toml"], 3)
run(["verify", "nowhere.json", "--no-trust"], 3)
run(["sign", "township/result.json", "--key", "nowhere.key", "--role", "计票人", "--name", "张伟"], 8)
run(["tally"], 2)
run(["tally", "township/session.toml", "--no-such-option"], 2)
run(["tallly"], 2)
run(["keygen", "-o", "x", "--algo", "rsa"], 2)

# Every command of the top-level help that prints JSON has a schema; enter is a screen.
help_text = subprocess.run([piaojue, "--help"], env=env, capture_output=True, text=True).stdout
commands = re.findall(r"^  ([a-z][a-z-]+)\s", help_text, re.M)
for command in commands:
    if command == "enter":
        continue
    if not os.path.exists(os.path.join(schemas_dir, command + ".schema.json")):
        fail(f"command {command} has no schema in docs/schema/")
    elif command not in checked:
        fail(f"command {command}'s schema was not exercised by this test")
if len(commands) < 15:
    fail(f"found only {len(commands)} commands in piaojue --help: {commands}")

# Every code an output gave is documented.
with open(os.path.join(source, "docs", "json.md"), encoding="utf-8") as f:
    documented = set(re.findall(r"`([EN]_[A-Z0-9_]+)`", f.read()))
for code in sorted(codes_seen - documented):
    fail(f"code {code} is not listed in docs/json.md")

if failures:
    sys.exit(1)
total = sum(checked.values())
print(f"json_schemas: {total} outputs of {len(checked)} schemas valid "
      f"({', '.join(f'{k} {v}' for k, v in sorted(checked.items()))}); codes seen: {', '.join(sorted(codes_seen))}")
