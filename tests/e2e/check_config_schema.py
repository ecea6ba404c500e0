#!/usr/bin/env python3
"""Checks docs/parready-config.schema.json.

usage: check_config_schema.py SOURCE_DIR [PARREADY_BINARY]

- the schema is a valid draft-07 schema;
- every ```json block of docs/configuration.md validates, except a block right after
  `<!-- schema: invalid -->`, which must not;
- every entry of rules/api/*.json `apis` validates as a catalog entry (the vocabulary is the same);
- the rule ids the schema lists are those of rules/registry.json;
- a list of wrong configurations is rejected;
- with PARREADY_BINARY: parready --config FILE --dump-config accepts exactly the same documents
  (exit 0) and rejects the wrong ones (exit 2), except the documented gaps the schema cannot see.
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import jsonschema

SOURCE = sys.argv[1] if len(sys.argv) > 1 else "."
PARREADY = sys.argv[2] if len(sys.argv) > 2 else None

with open(os.path.join(SOURCE, "docs", "parready-config.schema.json")) as f:
    SCHEMA = json.load(f)
jsonschema.Draft7Validator.check_schema(SCHEMA)
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)

failures = []


def schema_ok(doc):
    return not list(VALIDATOR.iter_errors(doc))


def parready_ok(doc):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "config.json")
        with open(path, "w") as f:
            json.dump(doc, f, indent=2)
        r = subprocess.run([PARREADY, "--config", path, "--dump-config", os.path.join(d, "x_test.cpp")],
                           capture_output=True, text=True, timeout=60)
        if r.returncode not in (0, 2):
            failures.append(f"parready exited {r.returncode}: {r.stderr}")
        return r.returncode == 0, r.stderr.strip()


def expect(name, doc, valid, binary_valid=None):
    binary_valid = valid if binary_valid is None else binary_valid
    errors = list(VALIDATOR.iter_errors(doc))
    if bool(not errors) != valid:
        failures.append(f"{name}: schema {'rejects' if errors else 'accepts'} it: "
                        f"{[e.message for e in errors][:3]}\n  {json.dumps(doc)}")
    if PARREADY:
        ok, stderr = parready_ok(doc)
        if ok != binary_valid:
            failures.append(f"{name}: parready {'accepts' if ok else 'rejects'} it ({stderr})\n  {json.dumps(doc)}")


# 1. The examples of docs/configuration.md.
with open(os.path.join(SOURCE, "docs", "configuration.md")) as f:
    lines = f.read().split("\n")
examples = 0
i = 0
while i < len(lines):
    if lines[i].strip() == "```json":
        invalid = i > 0 and lines[i - 1].strip() == "<!-- schema: invalid -->"
        j = i + 1
        while lines[j].strip() != "```":
            j += 1
        text = "\n".join(lines[i + 1:j])
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as e:
            failures.append(f"configuration.md:{i + 1}: not JSON: {e}")
        else:
            expect(f"configuration.md:{i + 1}", doc, not invalid)
            examples += 1
        i = j
    i += 1
if examples < 5:
    failures.append(f"only {examples} json examples found in configuration.md")

# 2. The bundled catalogs speak the same vocabulary.
entries = 0
for path in sorted(glob.glob(os.path.join(SOURCE, "rules", "api", "*.json"))):
    with open(path) as f:
        catalog = json.load(f)
    for n, entry in enumerate(catalog.get("apis", [])):
        if not schema_ok({"catalog": {"apis": [entry]}}):
            failures.append(f"{path} apis[{n}] ({entry.get('name')}): {[e.message for e in VALIDATOR.iter_errors({'catalog': {'apis': [entry]}})][:3]}")
        entries += 1
    if "environment_roots" in catalog and not schema_ok({"catalog": {"environment_roots": catalog["environment_roots"]}}):
        failures.append(f"{path}: environment_roots rejected")

# 3. The rule ids the schema offers are the registry's.
with open(os.path.join(SOURCE, "rules", "registry.json")) as f:
    registry = json.load(f)["rules"]
listed = list(SCHEMA["definitions"]["rules"]["properties"])
if sorted(listed) != sorted(registry):
    failures.append(f"schema rule ids {sorted(set(listed) ^ set(registry))} differ from rules/registry.json")

# 4. More that must pass, and what must not.
GOOD = {
    "empty": {},
    "globs": {"rules": {"*": "off", "parready-shared-*": "serial", "parready-system-path": "on", "?arready-fixed-port": "fixable"}},
    "fopen mode": {"catalog": {"apis": [{"name": "my_fopen", "accesses": [{"argument": 0, "resource": "path", "mode_from": "fopen_mode", "mode_argument": 1}]}]}},
    "option array": {"catalog": {"apis": [{"name": "start", "accesses": [{"argument": 2, "resource": "port", "mode": "write", "value_from": "option_array", "option_key": "listening_ports", "list_separator": ",", "trailing_flags": "ors"}]}]}},
    "sleep of unknown length": {"catalog": {"apis": [{"name": "my_nap", "sleeps": {}}]}},
    "sleep in ms": {"catalog": {"apis": [{"name": "my_nap", "sleeps": {"argument": 0, "unit": "ms"}}]}},
    "every bool": {"catalog": {"apis": [{"name": "f", "recursive": True, "lists_directory": False, "assigns": True, "constructs_object": False, "reads_clock": True, "locks_file": False, "starts_worker": True, "waits_for_worker": False, "constructs_element": True, "singleton": False}]}},
    "buffer and format": {"catalog": {"apis": [{"name": "my_snprintf", "buffer_argument": 0, "format_argument": 2}]}},
    "mode_from fixed": {"catalog": {"apis": [{"name": "f", "accesses": [{"argument": 0, "resource": "path", "mode_from": "fixed", "mode": "read"}]}]}},
}
for name, doc in GOOD.items():
    expect(name, doc, True)

BAD = {
    "unknown top-level key": {"rule": {}},
    "$schema not a string": {"$schema": 1},
    "inherit not a bool": {"inherit": "yes"},
    "rules value": {"rules": {"parready-shared-path": "of"}},
    "rules key of another tool": {"rules": {"bugprone-*": "off"}},
    "rules not an object": {"rules": ["parready-shared-path"]},
    "tests not an array": {"tests": {"name": "A.*"}},
    "test without reason": {"tests": [{"name": "A.*", "verdict": "serial"}]},
    "test with empty reason": {"tests": [{"name": "A.*", "verdict": "serial", "reason": ""}]},
    "test verdict fixable": {"tests": [{"name": "A.*", "verdict": "fixable", "reason": "x"}]},
    "test unknown key": {"tests": [{"name": "A.*", "verdict": "safe", "reason": "x", "why": "y"}]},
    "test empty name": {"tests": [{"name": "", "verdict": "safe", "reason": "x"}]},
    "runner": {"runner": "thread"},
    "fail_on safe": {"fail_on": "safe"},
    "follow_library string": {"follow_library": "false"},
    "catalog unknown key": {"catalog": {"entries": []}},
    "catalog not an object": {"catalog": []},
    "apis not an array": {"catalog": {"apis": {"name": "f"}}},
    "entry without name": {"catalog": {"apis": [{"value": "unique"}]}},
    "entry empty name": {"catalog": {"apis": [{"name": ""}]}},
    "entry unknown key": {"catalog": {"apis": [{"name": "f", "acceses": []}]}},
    "value rule": {"catalog": {"apis": [{"name": "f", "value": "uniq"}]}},
    "constant without constant": {"catalog": {"apis": [{"name": "f", "value": "constant"}]}},
    "constant empty": {"catalog": {"apis": [{"name": "f", "value": "constant", "constant": ""}]}},
    "bool as string": {"catalog": {"apis": [{"name": "f", "recursive": "yes"}]}},
    "singleton as number": {"catalog": {"apis": [{"name": "f", "singleton": 1}]}},
    "operand 40": {"catalog": {"apis": [{"name": "f", "accesses": [{"argument": 40, "resource": "path", "mode": "write"}]}]}},
    "operand -1": {"catalog": {"apis": [{"name": "f", "makes_argument_unique": -1}]}},
    "operand 1.5": {"catalog": {"apis": [{"name": "f", "accesses": [{"argument": 1.5, "resource": "path", "mode": "read"}]}]}},
    "access without argument": {"catalog": {"apis": [{"name": "f", "accesses": [{"resource": "path", "mode": "read"}]}]}},
    "access without resource": {"catalog": {"apis": [{"name": "f", "accesses": [{"argument": 0, "mode": "read"}]}]}},
    "access without mode": {"catalog": {"apis": [{"name": "f", "accesses": [{"argument": 0, "resource": "path"}]}]}},
    "resource file": {"catalog": {"apis": [{"name": "f", "accesses": [{"argument": 0, "resource": "file", "mode": "write"}]}]}},
    "mode append": {"catalog": {"apis": [{"name": "f", "accesses": [{"argument": 0, "resource": "path", "mode": "append"}]}]}},
    "mode_from unknown": {"catalog": {"apis": [{"name": "f", "accesses": [{"argument": 0, "resource": "path", "mode_from": "flags", "mode_argument": 1}]}]}},
    "open_flags without mode_argument": {"catalog": {"apis": [{"name": "f", "accesses": [{"argument": 0, "resource": "path", "mode_from": "open_flags"}]}]}},
    "value_from unknown": {"catalog": {"apis": [{"name": "f", "accesses": [{"argument": 0, "resource": "port", "mode": "write", "value_from": "address"}]}]}},
    "option_array without option_key": {"catalog": {"apis": [{"name": "f", "accesses": [{"argument": 0, "resource": "port", "mode": "write", "value_from": "option_array"}]}]}},
    "list_separator of two": {"catalog": {"apis": [{"name": "f", "accesses": [{"argument": 0, "resource": "port", "mode": "write", "value_from": "option_array", "option_key": "k", "list_separator": ",,"}]}]}},
    "access unknown key": {"catalog": {"apis": [{"name": "f", "accesses": [{"argument": 0, "resource": "path", "mode": "write", "recursive": True}]}]}},
    "sleep without unit": {"catalog": {"apis": [{"name": "f", "sleeps": {"argument": 0}}]}},
    "sleep unit min": {"catalog": {"apis": [{"name": "f", "sleeps": {"argument": 0, "unit": "min"}}]}},
    "sleep unknown key": {"catalog": {"apis": [{"name": "f", "sleeps": {"seconds": 1}}]}},
    "environment root not a string": {"catalog": {"environment_roots": {"HOME": 1}}},
    "same name twice": None,  # the schema cannot see it; below
}
for name, doc in BAD.items():
    if doc is not None:
        expect(name, doc, False)

# What only parready can check: the schema accepts these, parready refuses them.
GAPS = {
    "unknown rule id": {"rules": {"parready-shared-paht": "off"}},
    "glob matching no rule": {"rules": {"parready-net-*": "off"}},
    "bad test glob": {"tests": [{"name": "A.[", "verdict": "serial", "reason": "x"}]},
    "mode_argument is argument": {"catalog": {"apis": [{"name": "f", "accesses": [{"argument": 0, "resource": "path", "mode_from": "open_flags", "mode_argument": 0}]}]}},
    "same name twice": {"catalog": {"apis": [{"name": "f", "value": "unique"}, {"name": "f", "reads_clock": True}]}},
    "operand 1.0": {"catalog": {"apis": [{"name": "f", "accesses": [{"argument": 1.0, "resource": "path", "mode": "read"}]}]}},
}
for name, doc in GAPS.items():
    expect(f"gap: {name}", doc, True, binary_valid=False)

print(f"{examples} examples of configuration.md, {entries} bundled catalog entries, "
      f"{len(GOOD)} more good and {len([d for d in BAD.values() if d])} bad documents, {len(GAPS)} known gaps"
      + (f", each also through {PARREADY}" if PARREADY else ""))
if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ok")
