#!/usr/bin/env python3
"""Adds a rule skeleton to parready in one step (docs/architecture.md#adding-a-rule).

usage: new-rule.py ID [--root DIR] [--title TEXT] [--verdict fixable|serial]

ID is `parready-<kebab-name>`. The script writes, from the templates in
tools/templates/new-rule/:

  rules/<ID>.json                     the rule: a working predicate (a fixed-path write or
                                      delete under /var/tmp/<name>), TODO markers to replace
  rules/registry.json                 ID added first, so it is tried before the general rules
  rules/snippets/<name>.any.cpp       the fix as code, the rule's "snippet"
  docs/rules/<ID>.md                  the docs page, in the sections every page has
  tests/fixtures/<ID>/<name>_hazard.cpp              a hazard, `// expect: <ID>` on its line
  tests/fixtures/<ID>/safe_<name>_private_dir.cpp    its safe look-alike
  README.md                           the rule in the README's index of rule pages (if any)

(<name> is ID without `parready-`; in fixture file names its dashes are underscores, as in
every other fixture.) Every file is written atomically (a temporary file, then a rename). It
refuses, with exit status 2, one line on stderr and nothing written, a malformed ID and an ID
whose rule, docs page, fixture directory or snippet already exists.
"""
import argparse
import json
import os
import re
import sys
import tempfile

PROG = "new-rule.py"
TEMPLATES = os.path.join(os.path.dirname(os.path.realpath(__file__)), "templates", "new-rule")
DEFAULT_ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
ID_PATTERN = re.compile(r"parready-[a-z0-9]+(?:-[a-z0-9]+)*")
PLACEHOLDER = re.compile(r"@([A-Z_]+)@")
# The phrase the report puts for {partners} when no other test of the suite uses the path.
LONE_PARTNERS = " (no other test in this suite uses it, but two runs of the suite on one machine collide)"
# The README's index of rule pages, in registry order: new rules go to its top.
README_INDEX = "- Rules, one page each:\n"

PER_VERDICT = {
    "fixable": {
        "FIX": "give each test its own directory (mkdtemp) instead of a fixed one under @PREFIX@",
        "FIX_SAFETY": "Mechanical for files the test itself writes and reads back; code under test that builds "
                      "the same fixed path on its own must be passed the new directory.",
        "FAIL_ON": "fails the run with the default `--fail-on=fixable`; not with `serial` or `never`.",
    },
    "serial": {
        "FIX": "run this test serially (RUN_SERIAL), or make @PREFIX@ a setting the test can point at a "
               "directory of its own (mkdtemp)",
        "FIX_SAFETY": "Not mechanical: the code under test must accept the directory instead of hard-coding "
                      "it. Until then run the test alone: `set_tests_properties(<test> PROPERTIES RUN_SERIAL TRUE)`.",
        "FAIL_ON": "a serial finding makes parready exit 1 with the default `fixable` and with `serial`; "
                   "`--fail-on=never` reports without failing.",
    },
}


class Refusal(Exception):
    """The request is refused before anything is written (exit status 2)."""


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise Refusal(message)


def fill(template, values):
    """Every @KEY@ of the template replaced by values[KEY], in one pass."""
    def value(match):
        if match.group(1) not in values:
            raise Refusal(f"template placeholder @{match.group(1)}@ has no value (tools/templates/new-rule/)")
        return values[match.group(1)]
    return PLACEHOLDER.sub(value, template)


def read_template(name):
    try:
        with open(os.path.join(TEMPLATES, name), encoding="utf-8") as f:
            return f.read()
    except OSError as e:
        raise Refusal(f"cannot read template {os.path.join(TEMPLATES, name)}: {e.strerror}")


def camel(name):
    text = "".join(part[:1].upper() + part[1:] for part in name.split("-"))
    return ("Rule" + text if text[:1].isdigit() else text) + "Test"


def render_rule(values):
    """The rule document: the template's strings filled in, dumped the way every
    rule file is (2-space indent, one array item a line, trailing newline)."""
    def walk(node):
        if isinstance(node, dict):
            return {key: walk(item) for key, item in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return fill(node, values) if isinstance(node, str) else node
    try:
        document = json.loads(read_template("rule.json"))
    except json.JSONDecodeError as e:
        raise Refusal(f"template rule.json is not JSON: {e}")
    document = walk(document)
    return document, json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def example_diagnostic(rule, hazard_file, hazard_text, prefix):
    """The warning parready prints for the hazard fixture, as the docs page shows it."""
    for number, line in enumerate(hazard_text.splitlines(), 1):
        if "// expect:" in line:
            at = line.find("out(")  # the variable's name, where Clang reports the construction
            column = (at if at >= 0 else len(line) - len(line.lstrip())) + 1
            break
    else:
        raise Refusal("template hazard.cpp has no `// expect:` line")
    message = (rule["message"].replace("{path}", prefix + "/out.txt").replace("{verb}", "written")
               .replace("{partners}", LONE_PARTNERS).replace("{fix}", rule["fix"]))
    return f"{hazard_file}:{number}:{column}: warning: {message} [{rule['id']}]"


def registry_with(text, rule_id):
    """registry.json with rule_id first, everything else as it was."""
    try:
        registry = json.loads(text)
    except json.JSONDecodeError as e:
        raise Refusal(f"rules/registry.json is not JSON: {e}")
    if not isinstance(registry, dict) or registry.get("schema") != "parready-rule-registry/1" or \
            not isinstance(registry.get("rules"), list):
        raise Refusal('rules/registry.json: expected "schema": "parready-rule-registry/1" and a "rules" list')
    if rule_id in registry["rules"]:
        raise Refusal(f"{rule_id} is already in rules/registry.json")
    # Insert a line, so the file keeps its own layout; re-dump only if that layout is not
    # one rule a line.
    expected = dict(registry, rules=[rule_id] + registry["rules"])
    match = re.search(r'"rules"\s*:\s*\[\n([ \t]*)(?=")', text)
    if match:
        updated = text[:match.end()] + json.dumps(rule_id) + ",\n" + match.group(1) + text[match.end():]
        try:
            if json.loads(updated) == expected:
                return updated if updated.endswith("\n") else updated + "\n"
        except json.JSONDecodeError:
            pass
    return json.dumps(expected, indent=2, ensure_ascii=False) + "\n"


def readme_with(text, rule_id, verdict):
    """README.md with the rule at the top of its index of rule pages; None when it has no
    such index or already lists the rule."""
    at = text.find(README_INDEX)
    if at < 0 or f"(docs/rules/{rule_id}.md)" in text:
        return None
    at += len(README_INDEX)
    entry = f"  [{rule_id}](docs/rules/{rule_id}.md){' (serial)' if verdict == 'serial' else ''},\n"
    return text[:at] + entry + text[at:]


def plan(root, rule_id, title, verdict):
    """Every file to write, as (path relative to root, text, created), and what is only
    changed in place; raises Refusal before anything is written."""
    if not ID_PATTERN.fullmatch(rule_id):
        raise Refusal(f"'{rule_id}' is not a rule id: expected parready-<kebab-name> "
                      "(lower case letters, digits, single dashes), e.g. parready-shared-cache")
    if title is not None and (not title.strip() or "\n" in title or "\r" in title):
        raise Refusal("--title must be one non-empty line")
    if not os.path.isfile(os.path.join(root, "rules", "registry.json")):
        raise Refusal(f"{root} is no parready source tree (no rules/registry.json)")
    name = rule_id[len("parready-"):]
    stem = name.replace("-", "_")
    prefix = f"/var/tmp/{name}"
    hazard_file = f"{stem}_hazard.cpp"
    safe_file = f"safe_{stem}_private_dir.cpp"
    paths = {
        "rule": f"rules/{rule_id}.json",
        "snippet": f"rules/snippets/{name}.any.cpp",
        "docs": f"docs/rules/{rule_id}.md",
        "fixtures": f"tests/fixtures/{rule_id}",
    }
    for what in ("rule", "docs", "fixtures"):
        if os.path.lexists(os.path.join(root, paths[what])):
            raise Refusal(f"{paths[what]} already exists: {rule_id} is not a new rule")
    snippets = os.path.join(root, "rules", "snippets")
    taken = sorted(f for f in (os.listdir(snippets) if os.path.isdir(snippets) else [])
                   if f.startswith(name + ".") and f.count(".") >= 2)
    if taken:
        raise Refusal(f"rules/snippets/{taken[0]} already exists: the snippet '{name}' is taken")

    values = {"ID": rule_id, "NAME": name, "SUITE": camel(name), "PREFIX": prefix, "VERDICT": verdict,
              "TITLE": title if title is not None else f"TODO (name the hazard): fixed path under {prefix}",
              "HAZARD_FILE": hazard_file}
    for key, text in PER_VERDICT[verdict].items():
        values[key] = fill(text, values)
    rule, rule_text = render_rule(values)
    hazard = fill(read_template("hazard.cpp"), values)
    values["SUMMARY"] = rule["summary"]
    values["DIAGNOSTIC"] = example_diagnostic(rule, hazard_file, hazard, prefix)

    files = [
        (paths["rule"], rule_text, True),
        (paths["snippet"], fill(read_template("snippet.any.cpp"), values), True),
        (paths["docs"], fill(read_template("docs.md"), values), True),
        (f"{paths['fixtures']}/{hazard_file}", hazard, True),
        (f"{paths['fixtures']}/{safe_file}", fill(read_template("safe_private_dir.cpp"), values), True),
    ]
    readme = os.path.join(root, "README.md")
    if os.path.isfile(readme):
        with open(readme, encoding="utf-8") as f:
            updated = readme_with(f.read(), rule_id, verdict)
        if updated is not None:
            files.append(("README.md", updated, False))
    with open(os.path.join(root, "rules", "registry.json"), encoding="utf-8") as f:
        # Last: the registry names the rule only once its file is there.
        files.append(("rules/registry.json", registry_with(f.read(), rule_id), False))
    return files, paths, prefix


def default_mode():
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(path, text, create):
    """Writes text to a temporary file beside path, then renames it into place; a new
    file never replaces one that appeared meanwhile."""
    mode = default_mode() if create else os.stat(path).st_mode & 0o7777
    fd, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp",
                                     dir=os.path.dirname(path))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temporary, mode)
        if create:
            try:
                os.link(temporary, path)  # fails if path exists
                os.unlink(temporary)
            except FileExistsError:
                raise
            except OSError:  # no hard links on this file system
                if os.path.lexists(path):
                    raise FileExistsError(path)
                os.replace(temporary, path)
        else:
            os.replace(temporary, path)
    except BaseException:
        if os.path.lexists(temporary):
            os.unlink(temporary)
        raise


def write_all(root, files, fixtures_dir):
    """Writes every file; on a failure removes what it created and restores what it changed."""
    created, originals, made_dir = [], {}, None
    try:
        directory = os.path.join(root, fixtures_dir)
        os.makedirs(os.path.dirname(directory), exist_ok=True)
        os.mkdir(directory)
        made_dir = directory
        for relative, text, create in files:
            path = os.path.join(root, relative)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if not create:
                with open(path, encoding="utf-8") as f:
                    originals[path] = f.read()
            write_atomically(path, text, create)
            if create:
                created.append(path)
    except BaseException:
        for path, text in originals.items():
            try:
                write_atomically(path, text, False)
            except OSError:
                pass
        for path in created:
            try:
                os.unlink(path)
            except OSError:
                pass
        if made_dir:
            try:
                os.rmdir(made_dir)
            except OSError:
                pass
        raise


def main(argv):
    parser = Parser(prog=PROG, description="Adds a rule skeleton to parready: rule, registry entry, "
                                           "docs page, snippet and fixtures.")
    parser.add_argument("id", metavar="ID", help="parready-<kebab-name>")
    parser.add_argument("--root", metavar="DIR", default=DEFAULT_ROOT,
                        help="the parready source tree (default: the one holding this script)")
    parser.add_argument("--title", metavar="TEXT", help="the rule's title (default: a TODO)")
    parser.add_argument("--verdict", choices=["fixable", "serial"], default="fixable",
                        help="the rule's verdict and the hazard fixture's (default: fixable)")
    def refuse(message, code):
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return code

    try:
        args = parser.parse_args(argv)
        root = os.path.abspath(args.root)
        files, paths, prefix = plan(root, args.id, args.title, args.verdict)
    except Refusal as e:
        return refuse(e, 2)
    except OSError as e:
        return refuse(f"{e.filename or ''}: {e.strerror}", 2)
    try:
        write_all(root, files, paths["fixtures"])
    except FileExistsError as e:
        return refuse(f"{e.filename or e}: appeared while writing; nothing written", 2)
    except OSError as e:
        return refuse(f"{e.filename or ''}: {e.strerror}; nothing written", 1)

    rule_id, hazard = args.id, next(f for f, _, _ in files if f.endswith("_hazard.cpp"))
    print(f"{PROG}: added {rule_id} (verdict {args.verdict}) to {root}; files written:")
    for relative, _, create in files:
        note = {"rules/registry.json": f" ({rule_id} first)", "README.md": " (index of rule pages)"}
        print(f"  {relative}{'' if create else note.get(relative, '')}")
    print(f"""
Next steps:
  1. Edit the predicate, "match" in {paths['rule']}: as generated it reports a fixed-path write or
     delete under {prefix} (docs/architecture.md#adding-a-rule lists the keys).
  2. Replace every TODO: "title", "summary" and "message" in {paths['rule']}, the page
     {paths['docs']} (its first paragraph stays equal to "summary", its example warning to what
     parready prints), the snippet {paths['snippet']} and the fixtures' scenario lines.
  3. Make the fixtures in {paths['fixtures']}/ show the real hazard (`// expect: {rule_id}` on each
     line that must be reported) and its look-alike (`// verdict: safe`, nothing reported); add more.
  4. Try it:  build/tool/parready --rules-dir rules --fail-on=never {hazard} -- -std=c++17
  5. Run the fixtures and the every-rule checks:
       (cd build && ctest --output-on-failure -R '{rule_id.replace('-', '_')}|FixtureCoverage|ShippedRules|e2e.new_rule')
  6. The SARIF golden report lists every rule: PARREADY_UPDATE_GOLDEN=1 ctest -R e2e.example_verdicts
     in build/, then review the diff of tests/golden/.""")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
