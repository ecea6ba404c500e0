#!/usr/bin/env python3
"""End-to-end tests of tools/new-rule.py (docs/architecture.md#adding-a-rule): in a
copy of the source tree's rules, docs and fixtures, the skeleton it writes loads in
the real parready binary, its fixtures report what they are annotated with, it
passes the checks every rule must pass, and a second run or a malformed id is
refused with nothing written.

usage: test_new_rule.py PARREADY_BINARY SOURCE_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

PARREADY = sys.argv[1] if len(sys.argv) > 1 else "parready"
PARREADY = os.path.abspath(PARREADY) if os.sep in PARREADY else PARREADY  # it runs in the fixtures' directory
SOURCE_DIR = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else ".")
SCRIPT = os.path.join(SOURCE_DIR, "tools", "new-rule.py")

RULE = "parready-widget-cache"
NAME = "widget-cache"
HAZARD = f"tests/fixtures/{RULE}/widget_cache_hazard.cpp"
SAFE = f"tests/fixtures/{RULE}/safe_widget_cache_private_dir.cpp"
CREATED = [f"rules/{RULE}.json", f"rules/snippets/{NAME}.any.cpp", f"docs/rules/{RULE}.md", HAZARD, SAFE]
CHANGED = ["rules/registry.json", "README.md"]
# The sections of every docs page (tests/unit/rules_test.cpp, EveryRuleHasItsDocsPage).
SECTIONS = ["## What it does", "## Why it breaks parallel runs", "## Example", "## Use instead", "## Fix safety",
            "## Options"]
# The fixture runner's annotations (tests/fixtures/fixture_runner.cpp).
EXPECT = re.compile(r"//\s*expect(?:\(([\w.-]+)\))?:\s*([a-z0-9 ,-]+)")
VERDICT = re.compile(r"^//\s*verdict:\s*(.*?)\s*$")


def copy_source_tree(root):
    """What new-rule.py reads and writes: rules/, docs/rules/, tests/fixtures/ and the README."""
    for part in ("rules", "docs/rules", "tests/fixtures"):
        shutil.copytree(os.path.join(SOURCE_DIR, part), os.path.join(root, part), symlinks=True)
    shutil.copy2(os.path.join(SOURCE_DIR, "README.md"), os.path.join(root, "README.md"))


def new_rule(root, *args, script=SCRIPT):
    return subprocess.run([sys.executable, script, *args], cwd=root, capture_output=True, text=True,
                          timeout=60)


def snapshot(root):
    """Every file under root with its bytes and modification time."""
    files = {}
    for directory, _, names in os.walk(root):
        for name in names:
            path = os.path.join(directory, name)
            with open(path, "rb") as f:
                files[os.path.relpath(path, root)] = (f.read(), os.stat(path).st_mtime_ns)
    return files


def annotations(path):
    """(line numbers and rules of `// expect:`, `// verdict:`) of one fixture file."""
    expected, verdict = set(), None
    stem = os.path.splitext(os.path.basename(path))[0]
    with open(path) as f:
        for number, line in enumerate(f, 1):
            match = EXPECT.search(line)
            if match and (not match.group(1) or match.group(1) == stem):
                expected |= {(number, rule.strip()) for rule in match.group(2).split(",") if rule.strip()}
            elif VERDICT.search(line):
                verdict = VERDICT.search(line).group(1)
    return expected, verdict


def analyse(root, fixture, fmt="json"):
    """parready with the root's rules on one fixture, from the fixture's directory."""
    return subprocess.run([PARREADY, "--progress=never", "--rules-dir", os.path.join(root, "rules"), "--format", fmt,
                           "--fail-on=never", os.path.basename(fixture), "--", "-std=c++17"],
                          cwd=os.path.dirname(os.path.join(root, fixture)), capture_output=True, text=True,
                          timeout=300)


class Scratch(unittest.TestCase):
    """A copy of the source tree, private to each test."""

    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="parready-new-rule-")
        self.addCleanup(shutil.rmtree, self.root)
        copy_source_tree(self.root)

    def path(self, relative):
        return os.path.join(self.root, relative)

    def read(self, relative):
        with open(self.path(relative)) as f:
            return f.read()

    def registry(self):
        return json.loads(self.read("rules/registry.json"))["rules"]

    def assertRefused(self, result, fragment):
        self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertTrue(lines[0].startswith("new-rule.py: error: "), lines[0])
        self.assertIn(fragment, lines[0])
        self.assertEqual(result.stdout, "")

    def assertFindings(self, fixture, verdict_of_findings=None):
        """parready reports exactly the fixture's `// expect:` lines and its `// verdict:`."""
        expected, verdict = annotations(self.path(fixture))
        self.assertIsNotNone(verdict, f"{fixture} has no // verdict: header")
        result = analyse(self.root, fixture)
        self.assertEqual(result.returncode, 0, result.stderr)
        report = json.loads(result.stdout)
        self.assertEqual(report["diagnostics"], [])
        files = {f["path"]: f for f in report["files"]}
        self.assertEqual(list(files), [os.path.basename(fixture)], result.stdout)
        found = files[os.path.basename(fixture)]
        self.assertFalse(found["partial"], result.stderr)
        self.assertEqual({(f["location"]["line"], f["rule"]) for f in found["findings"]}, expected)
        self.assertEqual(len(found["findings"]), len(expected), "one finding a line")
        self.assertEqual(found["verdict"], verdict)
        for finding in found["findings"]:
            self.assertEqual(finding["verdict"], verdict_of_findings or verdict)
            self.assertEqual(finding["confidence"], "high")
        return found


class NewRule(Scratch):
    def setUp(self):
        super().setUp()
        self.before = snapshot(self.root)
        self.rules_before = self.registry()
        self.result = new_rule(self.root, RULE, "--root", self.root)
        self.assertEqual(self.result.returncode, 0, self.result.stderr)

    def test_writes_every_file_and_lists_them_with_the_next_steps(self):
        after = snapshot(self.root)
        self.assertEqual(sorted(set(after) - set(self.before)), sorted(CREATED))
        self.assertEqual(sorted(p for p in self.before if after[p] != self.before[p]), sorted(CHANGED))
        for relative in CREATED + CHANGED:
            self.assertIn(f"  {relative}", self.result.stdout)
        self.assertIn("Next steps", self.result.stdout)
        self.assertIn('"match"', self.result.stdout)  # edit the predicate
        self.assertIn("ctest", self.result.stdout)  # run the fixtures
        self.assertEqual(self.result.stderr, "")
        self.assertEqual([p for p in after if p.endswith(".tmp")], [], "no temporary file is left")

    def test_registry_lists_the_rule_first_and_keeps_its_layout(self):
        self.assertEqual(self.registry(), [RULE] + self.rules_before)
        text = self.read("rules/registry.json")
        self.assertEqual(text, json.dumps(json.loads(text), indent=2) + "\n", "2-space indent, trailing newline")
        with open(os.path.join(SOURCE_DIR, "rules", "registry.json")) as f:
            original = f.read()
        self.assertEqual(text.replace(f'    "{RULE}",\n', "", 1), original)

    def test_rule_has_a_working_predicate_and_todo_markers(self):
        rule = json.loads(self.read(f"rules/{RULE}.json"))
        self.assertEqual(rule["schema"], "parready-rule/1")
        self.assertEqual(rule["id"], RULE)
        self.assertEqual(rule["verdict"], "fixable")
        self.assertEqual(rule["match"]["path_prefixes"], [f"/var/tmp/{NAME}"])
        self.assertEqual(rule["snippet"], NAME)
        self.assertEqual(rule["docs"], f"docs/rules/{RULE}.md")
        for key in ("title", "summary", "message"):
            self.assertIn("TODO", rule[key], key)
        self.assertEqual(self.read(f"rules/{RULE}.json"), json.dumps(rule, indent=2) + "\n")

    def test_hazard_fixture_reports_its_expect_line(self):
        expected, verdict = annotations(self.path(HAZARD))
        self.assertEqual(len(expected), 1)
        self.assertEqual(verdict, "fixable")
        self.assertEqual({rule for _, rule in expected}, {RULE})
        with open(self.path(HAZARD)) as f:
            line = f.read().splitlines()[next(iter(expected))[0] - 1]
        self.assertIn("std::ofstream", line)
        self.assertIn(f'"/var/tmp/{NAME}/', line)
        self.assertIn("TEST(", self.read(HAZARD))
        self.assertFindings(HAZARD)

    def test_look_alike_is_safe(self):
        expected, verdict = annotations(self.path(SAFE))
        self.assertEqual((expected, verdict), (set(), "safe"))
        self.assertIn("mkdtemp", self.read(SAFE))
        self.assertIn("std::ofstream", self.read(SAFE))
        self.assertEqual(self.assertFindings(SAFE)["findings"], [])

    def test_docs_example_shows_what_parready_prints(self):
        result = analyse(self.root, HAZARD, fmt="text")
        warnings = [line for line in (result.stdout + result.stderr).splitlines() if ": warning: " in line]
        self.assertEqual(len(warnings), 1, result.stdout + result.stderr)
        self.assertIn(warnings[0], self.read(f"docs/rules/{RULE}.md").splitlines())

    def test_the_general_rules_behind_it_still_report_what_they_did(self):
        # Tried first, the new rule takes only its own prefix: /var/tmp elsewhere stays shared-path.
        fixture = "tests/fixtures/parready-system-path/var_tmp_not_system.cpp"
        self.assertTrue(os.path.exists(self.path(fixture)))
        self.assertFindings(fixture)

    def test_every_rule_passes_the_every_rule_checks(self):
        """What tests/unit/rules_test.cpp and the fixture runner's FixtureCoverage check
        of the source tree's rules, here of the copy holding the new one."""
        readme = self.read("README.md")
        for rule_id in self.registry():
            rule = json.loads(self.read(f"rules/{rule_id}.json"))
            self.assertEqual(rule["id"], rule_id)
            self.assertEqual(rule["docs"], f"docs/rules/{rule_id}.md")
            self.assertIn("{fix}", rule["message"], rule_id)
            lines = self.read(rule["docs"]).splitlines()
            self.assertEqual(lines[0], f"# {rule_id}")
            self.assertEqual(lines[2], rule["summary"], f"{rule['docs']} and rules/{rule_id}.json disagree")
            for section in SECTIONS:
                self.assertIn(section, lines, f"{rule['docs']} lacks {section}")
            snippets = {}
            for name in os.listdir(self.path("rules/snippets")):
                stem, extension = name.rsplit(".", 1)
                if "." in stem and stem.rsplit(".", 1)[0] == rule["snippet"]:
                    snippets[stem.rsplit(".", 1)[1]] = (extension, self.read(f"rules/snippets/{name}"))
            self.assertTrue("any" in snippets or {"gtest", "catch2", "doctest"} <= set(snippets), rule_id)
            for extension, code in snippets.values():
                self.assertIn(extension, ("cpp", "cmake"))
                self.assertTrue(code.strip(), rule_id)
            hazard = safe = False
            for directory, _, names in os.walk(self.path(f"tests/fixtures/{rule_id}")):
                if os.path.basename(directory) == "support":
                    continue
                for name in names:
                    if name.endswith((".cpp", ".c")):
                        expected, verdict = annotations(os.path.join(directory, name))
                        hazard |= any(expected_rule == rule_id for _, expected_rule in expected)
                        safe |= verdict == "safe" and not expected
            self.assertTrue(hazard, f"tests/fixtures/{rule_id}/ has no fixture expecting {rule_id}")
            self.assertTrue(safe, f"tests/fixtures/{rule_id}/ has no safe look-alike")
            self.assertIn(f"[{rule_id}](docs/rules/{rule_id}.md)", readme, "the README's index of rule pages")

    def test_second_run_with_the_same_id_refuses_and_changes_nothing(self):
        before = snapshot(self.root)
        self.assertRefused(new_rule(self.root, RULE, "--root", self.root), "already exists")
        self.assertEqual(snapshot(self.root), before)


class Refusals(Scratch):
    def assertRefusedUnchanged(self, args, fragment):
        before = snapshot(self.root)
        self.assertRefused(new_rule(self.root, "--root", self.root, *args), fragment)
        self.assertEqual(snapshot(self.root), before)

    def test_malformed_ids(self):
        for bad in ("widget-cache", "Parready-widget", "parready-Widget", "parready-", "parready-widget_cache",
                    "parready--widget", "parready-widget-", "parready-widget cache", "parready-wid/get",
                    "parready-../x", "--root"):
            with self.subTest(bad):
                self.assertRefusedUnchanged(["--", bad], f"'{bad}' is not a rule id")

    def test_an_existing_docs_page_or_fixture_directory(self):
        with open(self.path("docs/rules/parready-docs-only.md"), "w") as f:
            f.write("# parready-docs-only\n")
        self.assertRefusedUnchanged(["parready-docs-only"], "docs/rules/parready-docs-only.md already exists")
        os.makedirs(self.path("tests/fixtures/parready-fixtures-only"))
        self.assertRefusedUnchanged(["parready-fixtures-only"], "tests/fixtures/parready-fixtures-only already")
        self.assertRefusedUnchanged(["parready-shared-path"], "rules/parready-shared-path.json already exists")

    def test_a_root_that_is_no_source_tree(self):
        empty = tempfile.mkdtemp(prefix="parready-new-rule-empty-")
        self.addCleanup(shutil.rmtree, empty)
        self.assertRefused(new_rule(empty, RULE, "--root", empty), "no rules/registry.json")
        self.assertEqual(os.listdir(empty), [])

    def test_bad_options(self):
        self.assertRefusedUnchanged([RULE, "--verdict", "safe"], "--verdict")
        self.assertRefusedUnchanged([RULE, "--title", "two\nlines"], "--title")
        self.assertRefusedUnchanged([], "ID")


class Options(Scratch):
    def test_serial_verdict_and_title(self):
        rule_id, title = "parready-lock-file", 'Lock "file" under /var/tmp'
        result = new_rule(self.root, rule_id, "--root", self.root, "--verdict", "serial", "--title", title)
        self.assertEqual(result.returncode, 0, result.stderr)
        rule = json.loads(self.read(f"rules/{rule_id}.json"))
        self.assertEqual((rule["verdict"], rule["title"]), ("serial", title))
        self.assertEqual(self.registry()[0], rule_id)
        self.assertIn(f"[{rule_id}](docs/rules/{rule_id}.md) (serial),", self.read("README.md"))
        hazard = f"tests/fixtures/{rule_id}/lock_file_hazard.cpp"
        self.assertEqual(annotations(self.path(hazard))[1], "serial")
        self.assertEqual(len(self.assertFindings(hazard)["findings"]), 1)
        self.assertEqual(self.assertFindings(f"tests/fixtures/{rule_id}/safe_lock_file_private_dir.cpp")["findings"],
                         [])

    def test_root_defaults_to_the_tree_holding_the_script(self):
        shutil.copytree(os.path.join(SOURCE_DIR, "tools", "templates", "new-rule"),
                        self.path("tools/templates/new-rule"))
        shutil.copy2(SCRIPT, self.path("tools/new-rule.py"))
        elsewhere = tempfile.mkdtemp(prefix="parready-new-rule-cwd-")
        self.addCleanup(shutil.rmtree, elsewhere)
        result = new_rule(elsewhere, RULE, script=self.path("tools/new-rule.py"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(os.path.exists(self.path(HAZARD)))
        self.assertEqual(self.registry()[0], RULE)
        self.assertEqual(os.listdir(elsewhere), [])


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
