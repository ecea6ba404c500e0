#!/usr/bin/env python3
"""End-to-end tests of what a project says about its own suite: .parready.json
(every key, inherit, --config, its errors), inline suppressions and test marks
(parready-unused-suppression among them), baselines, and the reference output
(--list-rules, --explain, --dump-config). Each test writes a small scratch suite
into a temporary directory and runs the real binary on it; every JSON report is
validated against docs/report.schema.json.

Plain test programs (main() is the test) where one test per file is enough,
since they parse in a fraction of the time of a GoogleTest file; GoogleTest
files where test names or several tests of one program matter.

usage: test_configuration.py PARREADY_BINARY SOURCE_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

import jsonschema

from quiet import without_progress

PARREADY = sys.argv[1] if len(sys.argv) > 1 else "parready"
PARREADY = os.path.abspath(PARREADY) if os.sep in PARREADY else PARREADY  # runs in scratch directories
SOURCE_DIR = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else ".")
FLAGS = ["--", "-std=c++17"]

with open(os.path.join(SOURCE_DIR, "docs", "report.schema.json")) as f:
    SCHEMA = json.load(f)
with open(os.path.join(SOURCE_DIR, "rules", "registry.json")) as f:
    RULE_IDS = json.load(f)["rules"]

# "PATH:LINE:COL: error: MESSAGE", as a compiler says it.
ERROR_LINE = re.compile(r"^(.+?):(\d+):(\d+): error: (.*)$")
# The problem-matcher regex of test_cli.py.
DIAGNOSTIC_LINE = re.compile(r"^(.+?):(\d+):(\d+):\s+(warning|error):\s+(.*)\s+\[([^\]]+)\]$")


def setUpModule():
    # .parready.json is found upward from each file: one above the scratch
    # directories would apply to every test here.
    directory = os.path.realpath(tempfile.gettempdir())
    while True:
        stray = os.path.join(directory, ".parready.json")
        if os.path.exists(stray):
            raise RuntimeError(f"{stray} applies to every scratch suite of this test; move it away")
        if os.path.dirname(directory) == directory:
            break
        directory = os.path.dirname(directory)


def run(*args, cwd=None):
    return subprocess.run([PARREADY, *without_progress(args)], cwd=cwd, capture_output=True, text=True, timeout=300)


def analyse(*args, cwd):
    """An analysis: two jobs, no cache, so that each run measures what it says."""
    return run("--no-cache", "-j2", *args, cwd=cwd)


def validated(text):
    report = json.loads(text)
    jsonschema.validate(report, SCHEMA)
    return report


def position(text, needle, occurrence=1):
    """(line, column) from 1 of the `occurrence`-th `needle` in `text`, columns in bytes."""
    at = -1
    for _ in range(occurrence):
        at = text.index(needle, at + 1)
    before = text[:at]
    return before.count("\n") + 1, len(before.encode()) - (len(before[: before.rfind("\n") + 1].encode())) + 1


def line_of(text, needle):
    return position(text, needle)[0]


def position_in_line(text, line_needle, needle):
    """(line, column) of `needle` on the first line that holds `line_needle`."""
    line = line_of(text, line_needle)
    return line, text.splitlines()[line - 1].index(needle) + 1


def files_of(report):
    return {f["path"]: f for f in report["files"]}


def rules_and_verdicts(file):
    return {f["rule"]: f["verdict"] for f in file["findings"]}


class Scratch:
    """A scratch directory (its real path: parready reports paths as getcwd says them)."""

    def __init__(self):
        self.dir = os.path.realpath(tempfile.mkdtemp(prefix="parready-e2e-config-"))

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, text):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return text

    def read(self, name):
        with open(self.path(name)) as f:
            return f.read()

    def database(self, files, directory=None):
        directory = directory or self.dir
        entries = [{"directory": directory, "file": f, "command": f"c++ -std=c++17 -c {f} -o {f}.o"} for f in files]
        self.write("build/compile_commands.json", json.dumps(entries))

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class ScratchTest(unittest.TestCase):
    """A scratch suite private to each test."""

    def setUp(self):
        self.scratch = Scratch()
        self.addCleanup(self.scratch.remove)
        self.dir = self.scratch.dir
        self.write = self.scratch.write

    def json_run(self, *args, cwd=None, code=None):
        result = analyse("--format", "json", *args, cwd=cwd or self.dir)
        if code is not None:
            self.assertEqual(result.returncode, code, result.stderr)
        return result, validated(result.stdout)


class CatalogArity(ScratchTest):
    def test_an_entry_naming_an_operand_the_call_lacks_is_a_warning_at_the_call(self):
        # The index is checked where a call shows how many operands there are:
        # parready never sees the declaration's arity before it parses.
        self.write(".parready.json", '{"catalog": {"apis": [{"name": "blob::save", "accesses": '
                                     '[{"argument": 2, "resource": "path", "mode": "write"}]}]}}')
        self.write("save_test.cpp", 'namespace blob { void save(const char *path); }\n'
                                    'int main() { blob::save("/tmp/parready-e2e-arity"); }\n')
        result, report = self.json_run("--no-cache", "save_test.cpp", "--", "-std=c++17", code=0)
        self.assertEqual([d["severity"] for d in report["diagnostics"]], ["warning"])
        message = report["diagnostics"][0]["message"]
        self.assertIn("the .parready.json entry for 'blob::save' (" + self.dir, message)
        self.assertIn("reads operand 2, but this call has 1 (for a method, operand 0 is the object)", message)
        self.assertEqual(report["diagnostics"][0]["location"]["line"], 2)
        self.assertEqual(files_of(report)["save_test.cpp"]["findings"], [])


class FixtureSuppressions(ScratchTest):
    def test_a_nolint_on_a_call_inside_a_fixture_method_covers_its_tests_and_keeps_its_reason(self):
        self.write("fixture_test.cpp", textwrap.dedent("""\
            #include <gtest/gtest.h>
            #include <cstdio>
            void wipe(const char *path) { std::remove(path); }
            class Store : public ::testing::Test {
             protected:
              void TearDown() override {
                wipe("/tmp/parready-e2e-fixture.db"); // NOLINT(parready-shared-path): each CI job has its own /tmp
              }
            };
            TEST_F(Store, A) {}
            TEST_F(Store, B) {}
            """))
        result, report = self.json_run("--no-cache", "fixture_test.cpp", "--", "-std=c++17", code=0)
        file = files_of(report)["fixture_test.cpp"]
        self.assertEqual((file["verdict"], file["findings"]), ("safe", []))
        self.assertEqual(sorted(f["test"] for f in file["suppressed"]), ["Store.A", "Store.B"])
        self.assertEqual({f["suppression"]["reason"] for f in file["suppressed"]}, {"each CI job has its own /tmp"})
        self.assertEqual({f["suppression"]["location"]["line"] for f in file["suppressed"]}, {7})

    def test_a_regraded_finding_says_where_its_verdict_comes_from(self):
        self.write(".parready.json", '{\n  "rules": {"parready-shared-path": "serial"}\n}\n')
        self.write("regraded_test.cpp", '#include <cstdio>\n'
                                        'int main() { std::fopen("/tmp/parready-e2e-regraded", "w"); }\n')
        result, report = self.json_run("--no-cache", "--fail-on=never", "regraded_test.cpp", "--", "-std=c++17")
        finding = files_of(report)["regraded_test.cpp"]["findings"][0]
        self.assertEqual(finding["verdict"], "serial")
        self.assertEqual(finding["regraded_at"], {"path": ".parready.json", "line": 2, "column": 13})
        text = analyse("--no-cache", "--fail-on=never", "regraded_test.cpp", "--", "-std=c++17", cwd=self.dir)
        self.assertIn("note: serial (graded so at .parready.json:2:13) hazard in test", text.stdout)


class UnusedSuppressionInEveryFormat(ScratchTest):
    def test_a_note_on_the_code_names_no_test_and_is_no_lone_hazard(self):
        self.write("stale_test.cpp", "int compute() { return 1; } // NOLINT(parready-fixed-port)\n"
                                     "int main() { return compute() - 1; }\n")
        args = ("--no-cache", "stale_test.cpp", "--", "-std=c++17")
        github = analyse("--format", "github", *args, cwd=self.dir).stdout
        self.assertIn("title=parready-unused-suppression::NOLINT(parready-fixed-port) suppresses nothing", github)
        self.assertNotIn("hazard in test", github)
        sarif = json.loads(analyse("--format", "sarif", *args, cwd=self.dir).stdout)
        result, = sarif["runs"][0]["results"]
        self.assertEqual(result["properties"]["tests"], [])
        self.assertNotIn("(test", result["message"]["text"])
        markdown = analyse("--format", "markdown", *args, cwd=self.dir).stdout
        self.assertNotIn("parready-unused-suppression", markdown.split("## Test categories")[0],
                         "no hazard of the summary sections")


class SharedScratch(unittest.TestCase):
    """A scratch suite analysed once, in setUpClass, for every test of the class."""

    @classmethod
    def setUpClass(cls):
        cls.scratch = Scratch()
        cls.dir = cls.scratch.dir
        try:
            cls.build()
        except BaseException:
            cls.scratch.remove()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.scratch.remove()

    @classmethod
    def json_run(cls, *args):
        result = analyse("--format", "json", *args, cwd=cls.dir)
        return result, validated(result.stdout)


# A plain test program with three hazards: a fixed file written (shared-path),
# a fixed directory deleted (recursive-delete), a system file written (system-path).
THREE_HAZARDS = """#include <cstdio>
#include <cstdlib>
int main() {
  std::FILE *out = std::fopen("/tmp/parready-e2e-NAME/out.txt", "w");
  std::system("rm -rf /tmp/parready-e2e-NAME/old");
  std::FILE *conf = std::fopen("/etc/parready-e2e-NAME.conf", "w");
  return out && conf ? 0 : 1;
}
"""
SP, RD, SYS = "parready-shared-path", "parready-recursive-delete", "parready-system-path"
UNUSED = "parready-unused-suppression"

# --------------------------------------------------------------------------
# catalog


SINGLETON_TEST = """#include <gtest/gtest.h>
struct Config {
  static Config &instance();
  int level = 0;
};
TEST(Cfg, Sets) { Config::instance().level = 3; }
TEST(Cfg, Reads) { EXPECT_EQ(Config::instance().level, 0); }
"""
UNIQUE_TEST = """#include <cstdio>
#include <string>
namespace testutil { std::string make_unique_dir(); }
int main() {
  std::FILE *f = std::fopen((testutil::make_unique_dir() + "/out.txt").c_str(), "w");
  return f ? 0 : 1;
}
"""
SINK_TEST = """struct Blob {
  void save(const char *path);
};
int main() {
  Blob blob;
  blob.save("/tmp/parready-e2e-blob");
  return 0;
}
"""
ROOT_TEST = """#include <cstdio>
#include <string>
struct TestEnv {
  static std::string scratch_root();
};
int main() {
  std::FILE *f = std::fopen((TestEnv::scratch_root() + "/root.txt").c_str(), "w");
  return f ? 0 : 1;
}
"""
CATALOG = """{
  "catalog": {
    "apis": [
      {"name": "testutil::make_unique_dir", "value": "unique"},
      {"name": "Config::instance", "singleton": true},
      {"name": "Blob::save", "accesses": [{"argument": 1, "resource": "path", "mode": "write"}]},
      {"name": "TestEnv::scratch_root", "value": "constant", "constant": "<tmp>"}
    ]
  }
}
"""
CATALOG_FILES = {"singleton_test.cpp": SINGLETON_TEST, "unique_test.cpp": UNIQUE_TEST, "sink_test.cpp": SINK_TEST,
                 "root_test.cpp": ROOT_TEST}


class CatalogEntries(SharedScratch):
    """The same files in with/ (whose .parready.json declares the project's
    functions) and without/ (no configuration): what differs is the catalog's."""

    @classmethod
    def build(cls):
        cls.scratch.write("with/.parready.json", CATALOG)
        for side in ("with", "without"):
            for name, text in CATALOG_FILES.items():
                cls.scratch.write(f"{side}/{name}", text)
        everything = [f"{side}/{name}" for side in ("with", "without") for name in CATALOG_FILES]
        singletons = ["with/singleton_test.cpp", "without/singleton_test.cpp"]
        cls.default = cls.json_run(*everything, *FLAGS)
        cls.threads = cls.json_run("--runner", "threads", *singletons, *FLAGS)
        cls.bazel = cls.json_run("--runner", "bazel", "with/root_test.cpp", *FLAGS)

    def file(self, run, path):
        result, report = run
        self.assertIn(result.returncode, (0, 1), result.stderr)
        return files_of(report)[path]

    def test_a_user_uniquifier_makes_the_path_private(self):
        without = self.file(self.default, "without/unique_test.cpp")
        self.assertEqual([(f["rule"], f["confidence"]) for f in without["findings"]],
                         [("parready-unresolved-path", "low")])
        self.assertEqual((without["verdict"], without["needs_review"]), ("safe", True))
        declared = self.file(self.default, "with/unique_test.cpp")
        self.assertEqual(declared["findings"], [])
        self.assertEqual(declared["suppressed"], [])
        self.assertEqual((declared["verdict"], declared["needs_review"]), ("safe", False))

    def test_a_declared_singleton_is_the_programs_shared_state(self):
        self.assertEqual(self.file(self.default, "without/singleton_test.cpp")["findings"], [])
        self.assertEqual(self.file(self.threads, "without/singleton_test.cpp")["findings"], [])
        # A process per test (the default runner): a test reads what another leaves changed.
        ordered = self.file(self.default, "with/singleton_test.cpp")
        self.assertEqual([(f["rule"], f["test"], f["resource"], f["location"]["line"]) for f in ordered["findings"]],
                         [("parready-order-dependence", "Cfg.Reads", "global:Config::instance().level",
                           line_of(SINGLETON_TEST, "TEST(Cfg, Reads)"))])
        self.assertEqual(self.default[1]["summary"]["answer"], "order-dependent")
        # One process for all: the write itself is shared memory.
        threaded = self.file(self.threads, "with/singleton_test.cpp")
        self.assertEqual([(f["rule"], f["test"], f["resource"], f["location"]["line"]) for f in threaded["findings"]],
                         [("parready-shared-global", "Cfg.Sets", "global:Config::instance().level",
                           line_of(SINGLETON_TEST, "TEST(Cfg, Sets)"))])
        self.assertEqual(threaded["verdict"], "fixable")
        self.assertEqual(self.threads[0].returncode, 1, self.threads[0].stderr)

    def test_a_path_sink_only_declared_writes_its_argument(self):
        self.assertEqual(self.file(self.default, "without/sink_test.cpp")["findings"], [])
        sink = self.file(self.default, "with/sink_test.cpp")
        self.assertEqual([(f["rule"], f["confidence"], f["resource"], f["access"], f["location"]["line"])
                          for f in sink["findings"]],
                         [(SP, "high", "path:/tmp/parready-e2e-blob", "write", line_of(SINK_TEST, "blob.save"))])
        self.assertEqual(sink["verdict"], "fixable")

    def test_a_constant_temp_root(self):
        without = self.file(self.default, "without/root_test.cpp")
        self.assertEqual([(f["rule"], f["confidence"]) for f in without["findings"]],
                         [("parready-unresolved-path", "low")])
        root = self.file(self.default, "with/root_test.cpp")
        self.assertEqual([(f["rule"], f["confidence"], f["resource"]) for f in root["findings"]],
                         [(SP, "high", "path:<tmp>/root.txt")])
        # Under Bazel every test has its own TEST_TMPDIR: the temp root is private.
        private = self.file(self.bazel, "with/root_test.cpp")
        self.assertEqual((private["verdict"], private["findings"]), ("safe", []))
        self.assertEqual(self.bazel[0].returncode, 0, self.bazel[0].stderr)

    def test_the_run_fails_on_the_hazards_the_catalog_reveals(self):
        self.assertEqual(self.default[0].returncode, 1, self.default[0].stderr)
        without = ["without/" + name for name in CATALOG_FILES]
        self.assertTrue(all(files_of(self.default[1])[path]["verdict"] == "safe" for path in without))


# --------------------------------------------------------------------------
# rules, inherit, run-wide keys in a file that is not the working directory's

RULE_TREE = {
    "plain": None,
    "off": '{"rules": {"parready-recursive-delete": "off", "parready-system-path": "off"}}\n',
    "fixable": '{"rules": {"parready-system-path": "fixable"}}\n',
    "serial": '{"rules": {"parready-shared-path": "serial", "parready-system-path": "off"}}\n',
    # A glob turns everything off; a longer glob and an exact id say more.
    "parent": '{\n  "rules": {\n    "parready-*": "off",\n    "parready-recursive-*": "on",\n'
              '    "parready-system-path": "fixable"\n  }\n}\n',
    # Inherits the parent, and turns one of its rules back on; its runner is no run's.
    "parent/child": '{\n  "inherit": true,\n  "runner": "threads",\n  "rules": {"parready-shared-path": "on"}\n}\n',
    # Does not inherit: the parent says nothing here.
    "parent/alone": '{\n  "inherit": false,\n  "rules": {"parready-recursive-delete": "off"}\n}\n',
}


class RuleSettings(SharedScratch):
    @classmethod
    def build(cls):
        for directory, config in RULE_TREE.items():
            cls.scratch.write(f"{directory}/a_test.cpp", THREE_HAZARDS.replace("NAME", directory.replace("/", "-")))
            if config:
                cls.scratch.write(f"{directory}/.parready.json", config)
        cls.result, cls.report = cls.json_run(*[f"{d}/a_test.cpp" for d in RULE_TREE], *FLAGS)

    def assertFile(self, directory, verdict, rules):
        file = files_of(self.report)[f"{directory}/a_test.cpp"]
        self.assertEqual(rules_and_verdicts(file), rules, directory)
        self.assertEqual(file["verdict"], verdict, directory)
        self.assertEqual(file["suppressed"], [], "a rule that is off is dropped, not suppressed")

    def test_without_configuration_every_rule_reports(self):
        self.assertFile("plain", "serial", {SP: "fixable", RD: "fixable", SYS: "serial"})
        self.assertEqual(self.result.returncode, 1, self.result.stderr)

    def test_off_drops_the_rules_findings(self):
        self.assertFile("off", "fixable", {SP: "fixable"})

    def test_fixable_and_serial_regrade(self):
        self.assertFile("fixable", "fixable", {SP: "fixable", RD: "fixable", SYS: "fixable"})
        self.assertFile("serial", "serial", {SP: "serial", RD: "fixable"})

    def test_globs_longer_globs_and_exact_ids(self):
        self.assertFile("parent", "fixable", {RD: "fixable", SYS: "fixable"})

    def test_a_child_that_inherits_turns_a_parents_rule_back_on(self):
        self.assertFile("parent/child", "fixable", {SP: "fixable", RD: "fixable", SYS: "fixable"})

    def test_a_child_that_does_not_inherit_ignores_its_parent(self):
        self.assertFile("parent/alone", "serial", {SP: "fixable", SYS: "serial"})

    def test_a_run_wide_key_in_another_file_is_warned_about_and_ignored(self):
        self.assertEqual(self.report["runner"], "ctest")
        config = os.path.join(self.dir, "parent", "child", ".parready.json")
        line, column = position(RULE_TREE["parent/child"], '"runner"')
        warnings = [l for l in self.result.stderr.splitlines() if ": warning: " in l]
        self.assertEqual(len(warnings), 1, self.result.stderr)
        self.assertTrue(warnings[0].startswith(f"{config}:{line}:{column}: warning: 'runner' applies to a whole run"),
                        warnings[0])

    def test_a_regraded_rule_changes_the_exit_code(self):
        # With --fail-on=serial only a serial file fails: system-path made fixable passes.
        self.assertEqual(analyse("--fail-on=serial", "plain/a_test.cpp", *FLAGS, cwd=self.dir).returncode, 1)
        self.assertEqual(analyse("--fail-on=serial", "fixable/a_test.cpp", *FLAGS, cwd=self.dir).returncode, 0)


# --------------------------------------------------------------------------
# tests declared serial or safe, in the configuration and with marks

DECLARED_CONFIG = """{
  "tests": [
    {"name": "Printer.*", "verdict": "serial", "reason": "uses the lab printer"},
    {"name": "Sandbox.Writes", "verdict": "safe", "reason": "CI runs it in a sandbox"}
  ]
}
"""
DECLARED_TEST = """#include <gtest/gtest.h>
#include <fstream>
void write_shared() { std::ofstream("/tmp/parready-e2e-declared/helper.txt") << "x"; }
TEST(Printer, Prints) { SUCCEED(); }
TEST(Sandbox, Writes) { std::ofstream("/tmp/parready-e2e-declared/sandbox.txt") << "x"; }
// The lab has one scanner.
// parready: serial talks to the scanner
TEST(Scanner, Scans) { SUCCEED(); }
TEST(Scanner, Calibrates) { SUCCEED(); }  // parready: serial moves the scanner's head
TEST(Helper, Suppressed) {
  write_shared();  // NOLINT(parready-shared-path)
}
TEST(Helper, Plain) { write_shared(); }
"""


class DeclaredTests(SharedScratch):
    @classmethod
    def build(cls):
        cls.scratch.write("tests/.parready.json", DECLARED_CONFIG)
        cls.scratch.write("tests/declared_test.cpp", DECLARED_TEST)
        cls.result = analyse("--format", "json=r.json", "--format", "ctest=r.cmake", "--format", "text=r.txt",
                             "tests/declared_test.cpp", *FLAGS, cwd=cls.dir)
        cls.report = validated(cls.scratch.read("r.json"))
        cls.ctest = cls.scratch.read("r.cmake")
        cls.text = cls.scratch.read("r.txt")
        cls.file = cls.report["files"][0]
        cls.tests = {t["name"]: t for t in cls.file["tests"]}

    def declared(self, name):
        return self.tests[name].get("declared")

    def test_a_test_declared_serial_in_the_configuration(self):
        line, column = position(DECLARED_CONFIG, '{"name": "Printer.*"')
        self.assertEqual(self.tests["Printer.Prints"]["verdict"], "serial")
        self.assertEqual(self.declared("Printer.Prints"),
                         {"verdict": "serial", "reason": "uses the lab printer",
                          "location": {"path": "tests/.parready.json", "line": line, "column": column}})
        self.assertIn('set_tests_properties("Printer.Prints" PROPERTIES RUN_SERIAL TRUE)', self.ctest)
        self.assertIn("uses the lab printer", self.text)
        self.assertEqual(self.file["verdict"], "serial")
        self.assertEqual(self.result.returncode, 1, self.result.stderr)

    def test_a_test_declared_safe_has_its_findings_suppressed(self):
        self.assertEqual(self.tests["Sandbox.Writes"]["verdict"], "safe")
        self.assertEqual(self.declared("Sandbox.Writes")["verdict"], "safe")
        self.assertNotIn("Sandbox.Writes", [f["test"] for f in self.file["findings"]])
        (suppressed,) = [f for f in self.file["suppressed"] if f["test"] == "Sandbox.Writes"]
        self.assertEqual(suppressed["rule"], SP)
        line, column = position(DECLARED_CONFIG, '{"name": "Sandbox.Writes"')
        self.assertEqual(suppressed["suppression"],
                         {"kind": "configuration", "text": "Sandbox.Writes", "reason": "CI runs it in a sandbox",
                          "location": {"path": "tests/.parready.json", "line": line, "column": column}})
        self.assertNotIn('"Sandbox.Writes" PROPERTIES', self.ctest)

    def test_serial_marks_above_and_on_the_test_line(self):
        for name, reason, needle in (("Scanner.Scans", "talks to the scanner", "parready: serial talks"),
                                     ("Scanner.Calibrates", "moves the scanner's head", "parready: serial moves")):
            line, column = position(DECLARED_TEST, needle)
            self.assertEqual(self.tests[name]["verdict"], "serial", name)
            self.assertEqual(self.declared(name),
                             {"verdict": "serial", "reason": reason,
                              "location": {"path": "tests/declared_test.cpp", "line": line, "column": column}})
            self.assertIn(f'set_tests_properties("{name}" PROPERTIES RUN_SERIAL TRUE)', self.ctest)

    def test_nolint_at_a_tests_call_of_a_helper_covers_that_test_only(self):
        helper_line = line_of(DECLARED_TEST, "void write_shared()")
        call_line = line_of(DECLARED_TEST, "write_shared();  // NOLINT")
        (suppressed,) = [f for f in self.file["suppressed"] if f["test"] == "Helper.Suppressed"]
        self.assertEqual((suppressed["rule"], suppressed["location"]["line"]), (SP, helper_line))
        self.assertEqual((suppressed["suppression"]["kind"], suppressed["suppression"]["location"]["line"],
                          suppressed["suppression"]["text"]), ("comment", call_line, "NOLINT(parready-shared-path)"))
        self.assertEqual(self.tests["Helper.Suppressed"]["verdict"], "safe")
        # The other caller of the same helper keeps its finding.
        self.assertEqual([(f["rule"], f["test"], f["location"]["line"]) for f in self.file["findings"]],
                         [(SP, "Helper.Plain", helper_line)])
        self.assertEqual(self.tests["Helper.Plain"]["verdict"], "fixable")

    def test_summary_counts_the_suppressed(self):
        self.assertEqual(len(self.file["suppressed"]), 2)
        self.assertEqual(self.report["summary"]["suppressed"], 2)
        self.assertEqual(self.report["summary"]["findings"], 1)


# --------------------------------------------------------------------------
# every suppression form, and what parready-unused-suppression says

SUPPRESSIONS_TEST = """#include <gtest/gtest.h>
#include <fstream>
void write_shared() { std::ofstream("/tmp/parready-e2e-sup/helper.txt") << "x"; }
TEST(Sup, SameLine) { std::ofstream("/tmp/parready-e2e-sup/a.txt") << "x"; }  // NOLINT(parready-shared-path)
TEST(Sup, NextLine) {
  // NOLINTNEXTLINE(parready-shared-path)
  std::ofstream("/tmp/parready-e2e-sup/b.txt") << "x";
}
// NOLINTBEGIN(parready-shared-path)
TEST(Sup, Block) { std::ofstream("/tmp/parready-e2e-sup/c.txt") << "x"; }
// NOLINTEND(parready-shared-path)
TEST(Sup, Glob) { std::ofstream("/tmp/parready-e2e-sup/d.txt") << "x"; }  // NOLINT(parready-*): a reason
TEST(Sup, Bare) { std::ofstream("/tmp/parready-e2e-sup/e.txt") << "x"; }  // NOLINT
TEST(Sup, Helper) {
  write_shared();  // NOLINT(parready-shared-path): the helper's file is rewritten whole
}
// parready: safe the CI job gives this test its own /tmp
TEST(Sup, Marked) { std::ofstream("/tmp/parready-e2e-sup/f.txt") << "x"; }
TEST(Unused, Clean) { SUCCEED(); }  // NOLINT(parready-shared-path)
TEST(Unused, Misspelt) { SUCCEED(); }  // NOLINT(parready-shared-pth)
// NOLINTBEGIN(parready-recursive-delete)
// parready: safe nothing here to hide
TEST(Unused, SafeMark) { SUCCEED(); }
// parready: skip it is flaky
TEST(Unused, Malformed) { SUCCEED(); }
TEST(Unused, Bare) { SUCCEED(); }  // NOLINT
TEST(Unused, OtherTool) { SUCCEED(); }  // NOLINT(bugprone-foo)
"""
# (the test, its line and the comment that suppresses its finding, its kind)
SUPPRESSED = [("Sup.SameLine", "TEST(Sup, SameLine)", "NOLINT(", "comment"),
              ("Sup.NextLine", "NOLINTNEXTLINE", "NOLINTNEXTLINE", "comment"),
              ("Sup.Block", "NOLINTBEGIN(parready-shared-path)", "NOLINTBEGIN", "comment"),
              ("Sup.Glob", "TEST(Sup, Glob)", "NOLINT(", "comment"),
              ("Sup.Bare", "TEST(Sup, Bare)", "NOLINT", "comment"),
              ("Sup.Helper", "write_shared();  // NOLINT", "NOLINT(", "comment"),
              ("Sup.Marked", "parready: safe the CI", "parready:", "test-mark")]
# (the comment's line and the comment, what the warning says)
UNUSED_COMMENTS = [("TEST(Unused, Clean)", "NOLINT(", "NOLINT(parready-shared-path) suppresses nothing"),
                   ("TEST(Unused, Misspelt)", "NOLINT(",
                    "'parready-shared-pth' is no parready rule (did you mean 'parready-shared-path'?)"),
                   ("NOLINTBEGIN(parready-recursive-delete)", "NOLINTBEGIN", "it has no matching NOLINTEND"),
                   ("parready: safe nothing", "parready:",
                    "parready: safe suppresses nothing: the test it marks has no finding"),
                   ("parready: skip", "parready:", "a 'parready:' mark says 'serial' or 'safe <reason>'")]


class Suppressions(SharedScratch):
    @classmethod
    def build(cls):
        cls.scratch.write("sup_test.cpp", SUPPRESSIONS_TEST)
        cls.result = analyse("--format", "json=r.json", "--format", "sarif=r.sarif", "--format", "text",
                             "sup_test.cpp", *FLAGS, cwd=cls.dir)
        cls.report = validated(cls.scratch.read("r.json"))
        cls.sarif = json.loads(cls.scratch.read("r.sarif"))
        cls.file = cls.report["files"][0]

    def test_every_form_suppresses_its_finding(self):
        by_test = {f["test"]: f for f in self.file["suppressed"]}
        self.assertEqual(sorted(by_test), sorted(test for test, _, _, _ in SUPPRESSED))
        for test, line_needle, comment, kind in SUPPRESSED:
            with self.subTest(test=test):
                suppressed = by_test[test]
                self.assertEqual(suppressed["rule"], SP)
                line, column = position_in_line(SUPPRESSIONS_TEST, line_needle, comment)
                self.assertEqual(suppressed["suppression"]["kind"], kind)
                self.assertEqual(suppressed["suppression"]["location"],
                                 {"path": "sup_test.cpp", "line": line, "column": column})
        marked = by_test["Sup.Marked"]["suppression"]
        self.assertEqual((marked["text"], marked["reason"]),
                         ("parready: safe", "the CI job gives this test its own /tmp"))
        self.assertEqual(by_test["Sup.Glob"]["suppression"]["text"], "NOLINT(parready-*)")
        self.assertEqual(by_test["Sup.Bare"]["suppression"]["text"], "NOLINT")
        self.assertEqual(self.report["summary"]["suppressed"], len(SUPPRESSED))
        self.assertEqual({t["name"]: t["verdict"] for t in self.file["tests"]}["Sup.Marked"], "safe")

    def test_suppressed_findings_raise_nothing(self):
        self.assertEqual(self.file["verdict"], "safe")
        self.assertEqual([f["rule"] for f in self.file["findings"] if f["rule"] != UNUSED], [])
        self.assertEqual(self.report["resources"], [])
        # SARIF omits them: what is left are the warnings about idle suppressions.
        self.assertEqual({r["ruleId"] for r in self.sarif["runs"][0]["results"]}, {UNUSED})

    def test_unused_suppressions_are_reported_where_they_are(self):
        unused = [f for f in self.file["findings"] if f["rule"] == UNUSED]
        self.assertEqual(len(unused), len(UNUSED_COMMENTS), json.dumps(unused, indent=1))
        for finding, (line_needle, comment, message) in zip(unused, UNUSED_COMMENTS):
            with self.subTest(comment=line_needle):
                line, column = position_in_line(SUPPRESSIONS_TEST, line_needle, comment)
                self.assertEqual((finding["location"]["line"], finding["location"]["column"]), (line, column))
                self.assertIn(message, finding["message"])
                self.assertEqual(finding["verdict"], "safe")
        self.assertIn("did you mean", unused[1]["message"])

    def test_bare_nolint_and_other_tools_nolint_are_never_reported(self):
        lines = {f["location"]["line"] for f in self.file["findings"]}
        for needle in ("TEST(Unused, Bare)", "TEST(Unused, OtherTool)", "TEST(Sup, Bare)"):
            self.assertNotIn(line_of(SUPPRESSIONS_TEST, needle), lines, needle)

    def test_unused_suppressions_are_warnings_that_do_not_fail_the_run(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        warnings = [m for m in map(DIAGNOSTIC_LINE.match, self.result.stdout.splitlines()) if m]
        self.assertEqual([(m.group(1), int(m.group(2)), m.group(4), m.group(6)) for m in warnings],
                         [("sup_test.cpp", line_of(SUPPRESSIONS_TEST, line_needle), "warning", UNUSED)
                          for line_needle, _, _ in UNUSED_COMMENTS])
        self.assertIn(f"{len(SUPPRESSED)} suppressed", self.result.stdout)

    def test_only_unused_suppressions_left_the_answer_is_yes(self):
        # Every hazard is suppressed; an idle NOLINT (verdict safe) is no
        # "fixable hazard that collides when two runs share a machine".
        self.assertEqual(self.report["summary"]["answer"], "yes")
        self.assertTrue(self.report["summary"]["parallel_safe"])


# --------------------------------------------------------------------------
# runner, fail_on, follow_library from the working directory's file

STORE_LIBRARY = """#include <cstdio>
void store_save(const char *path) { std::FILE *f = std::fopen(path, "w"); if (f) std::fclose(f); }
"""
STORE_TEST = """void store_save(const char *path);
int main() { store_save("/tmp/parready-e2e-store/db"); return 0; }
"""
TMPDIR_TEST = """#include <cstdio>
#include <cstdlib>
#include <string>
int main() {
  std::string path = std::string(std::getenv("TMPDIR")) + "/scratch.txt";
  std::FILE *f = std::fopen(path.c_str(), "w");
  return f ? 0 : 1;
}
"""


class RunSettings(ScratchTest):
    def setUp(self):
        super().setUp()
        self.write("src/store.cpp", STORE_LIBRARY)
        self.write("tests/store_test.cpp", STORE_TEST)
        self.write("tests/tmpdir_test.cpp", TMPDIR_TEST)
        self.scratch.database(["src/store.cpp", "tests/store_test.cpp", "tests/tmpdir_test.cpp"])

    def configure(self, text):
        self.write(".parready.json", text)

    def analysis(self, *options, cwd=None):
        result, report = self.json_run("-p", os.path.join(self.dir, "build"), *options, cwd=cwd)
        self.assertIn(result.returncode, (0, 1), result.stderr)
        return result, report

    def test_runner(self):
        _, report = self.analysis()
        self.assertEqual((report["runner"], files_of(report)["tests/tmpdir_test.cpp"]["verdict"]), ("ctest", "fixable"))
        self.configure('{"runner": "bazel"}\n')
        _, report = self.analysis()
        self.assertEqual((report["runner"], files_of(report)["tests/tmpdir_test.cpp"]["verdict"]), ("bazel", "safe"))
        _, report = self.analysis("--runner", "ctest")  # the command line wins
        self.assertEqual((report["runner"], files_of(report)["tests/tmpdir_test.cpp"]["verdict"]), ("ctest", "fixable"))

    def test_fail_on(self):
        self.assertEqual(self.analysis()[0].returncode, 1)
        for level in ("never", "serial"):
            self.configure(f'{{"fail_on": "{level}"}}\n')
            result, report = self.analysis()
            self.assertEqual(result.returncode, 0, level)
            self.assertEqual(report["summary"]["fixable"], 2)
            self.assertEqual(self.analysis("--fail-on=fixable")[0].returncode, 1, level)
        # The working directory's configuration is the nearest above it.
        result, _ = self.analysis(cwd=os.path.join(self.dir, "tests"))
        self.assertEqual(result.returncode, 0)

    def test_follow_library(self):
        def library_findings(report):
            return [(f["rule"], f["location"]["path"]) for f in files_of(report)["tests/store_test.cpp"]["findings"]]

        self.assertEqual(library_findings(self.analysis()[1]), [(SP, "src/store.cpp")])
        self.configure('{"follow_library": false}\n')
        self.assertEqual(library_findings(self.analysis()[1]), [])
        self.assertEqual(library_findings(self.analysis("--follow-library")[1]), [(SP, "src/store.cpp")])
        self.assertEqual(library_findings(self.analysis("--follow-library=true")[1]), [(SP, "src/store.cpp")])


# --------------------------------------------------------------------------
# --config FILE

CONFIG_PROGRAM = """#include <cstdio>
#include <cstdlib>
int main() {
  std::FILE *f = std::fopen("/tmp/parready-e2e-config/out.txt", "w");
  std::system("rm -rf /tmp/parready-e2e-config/old");
  return f ? 0 : 1;
}
"""


class ConfigOption(ScratchTest):
    def setUp(self):
        super().setUp()
        self.write("tests/io_test.cpp", CONFIG_PROGRAM)
        self.write(".parready.json", '{"rules": {"parready-recursive-delete": "off"}}\n')
        self.write("tests/.parready.json", '{"rules": {"parready-shared-path": "off"}}\n')
        self.write("ci/strict.json", '{"inherit": true, "rules": {"parready-shared-path": "serial"}}\n')
        self.write("ci/lenient.json", '{"fail_on": "never"}\n')

    def findings(self, *options, code):
        _, report = self.json_run(*options, "tests/io_test.cpp", *FLAGS, code=code)
        return rules_and_verdicts(report["files"][0])

    def test_the_file_found_upward_applies_without_the_option(self):
        self.assertEqual(self.findings(code=1), {RD: "fixable"})

    def test_the_given_file_applies_instead_and_its_inherit_reaches_above_it(self):
        # tests/.parready.json is not read; ci/strict.json inherits the top one.
        self.assertEqual(self.findings("--config", "ci/strict.json", code=1), {SP: "serial"})
        dump = run("--config", "ci/strict.json", "--dump-config", "tests/io_test.cpp", cwd=self.dir)
        self.assertEqual(dump.returncode, 0, dump.stderr)
        self.assertEqual(json.loads(dump.stdout)["configuration_files"],
                         [os.path.join(self.dir, "ci", "strict.json"), os.path.join(self.dir, ".parready.json")])

    def test_the_given_file_sets_run_wide_keys(self):
        self.assertEqual(self.findings("--config", "ci/lenient.json", code=0), {SP: "fixable", RD: "fixable"})


# --------------------------------------------------------------------------
# baselines

BASELINE_TEST = """#include <cstdio>
int main() {
  std::FILE *log = std::fopen("/tmp/parready-e2e-baseline/log.txt", "w");
  std::FILE *data = std::fopen(DATA_DIR "/expected.txt", "w");
  std::remove("/tmp/parready-e2e-baseline/old.txt");
  return log && data ? 0 : 1;
}
"""
NEW_HAZARD = '  std::FILE *extra = std::fopen("/tmp/parready-e2e-baseline/new.txt", "w");\n  (void)extra;\n'


class Baselines(ScratchTest):
    """The suite's build passes its source directory to the test (-DDATA_DIR=...),
    as CMake projects do: one finding names a path inside the checkout."""

    def database_for(self, root):
        entries = [{"directory": root, "file": "tests/store_test.cpp",
                    "command": f'c++ -std=c++17 -DDATA_DIR=\\"{root}/data\\" -c tests/store_test.cpp'}]
        with open(os.path.join(root, "build", "compile_commands.json"), "w") as f:
            json.dump(entries, f)

    def setUp(self):
        super().setUp()
        self.write("tests/store_test.cpp", BASELINE_TEST)
        os.makedirs(os.path.join(self.dir, "build"))
        self.database_for(self.dir)

    def analysis(self, *options, root=None):
        root = root or self.dir
        result = analyse("-p", "build", "--format", "json=r.json", "--format", "text", *options, cwd=root)
        with open(os.path.join(root, "r.json")) as f:
            return result, validated(f.read())

    def states(self, report):
        return sorted((f["baseline"], f["resource"]) for f in report["files"][0]["findings"])

    def test_round_trip(self):
        first, report = self.analysis("--write-baseline", "baseline.json", "--format", "sarif=r.sarif")
        self.assertEqual(first.returncode, 1, first.stderr)
        resources = sorted(f["resource"] for f in report["files"][0]["findings"])
        self.assertEqual(resources, ["path:/tmp/parready-e2e-baseline/log.txt",
                                     "path:/tmp/parready-e2e-baseline/old.txt",
                                     f"path:{self.dir}/data/expected.txt"])
        baseline = json.loads(self.scratch.read("baseline.json"))
        self.assertEqual(baseline["schema"], "parready-baseline/1")
        self.assertEqual(sorted(f["fingerprint"] for f in baseline["findings"]),
                         sorted(f["fingerprint"] for f in report["files"][0]["findings"]))
        self.assertEqual({f["path"] for f in baseline["findings"]}, {"tests/store_test.cpp"})

        def all_known(result, report, expected=resources):
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(self.states(report), [("unchanged", r) for r in expected])
            self.assertEqual(report["summary"]["baselined"], 3)
            self.assertIn("3 of them in the baseline and not shown", result.stdout)
            self.assertEqual([m for m in map(DIAGNOSTIC_LINE.match, result.stdout.splitlines()) if m], [],
                             result.stdout)

        all_known(*self.analysis("--baseline", "baseline.json"))

        # Lines move: the fingerprints have no line numbers.
        self.write("tests/store_test.cpp", "// moved\n\n/* down */\n\n// five lines\n" + BASELINE_TEST)
        result, report = self.analysis("--baseline", "baseline.json")
        all_known(result, report)
        self.assertEqual(min(f["location"]["line"] for f in report["files"][0]["findings"]), 8)

        # A SARIF log parready wrote is a baseline too.
        all_known(*self.analysis("--baseline", "r.sarif"))

        # The checkout moves: another directory, its build configured there, --root at it.
        copy = os.path.realpath(tempfile.mkdtemp(prefix="parready-e2e-config-copy-"))
        self.addCleanup(shutil.rmtree, copy)
        shutil.copytree(self.dir, copy, dirs_exist_ok=True)
        self.database_for(copy)
        result, report = self.analysis("--baseline", "baseline.json", "--root", copy, root=copy)
        all_known(result, report, sorted(r.replace(self.dir, copy) for r in resources))

        # A new hazard: it alone is new, shown, and fails the run.
        text = self.scratch.read("tests/store_test.cpp").replace("  return log", NEW_HAZARD + "  return log")
        self.write("tests/store_test.cpp", text)
        result, report = self.analysis("--baseline", "baseline.json", "--format", "sarif=new.sarif")
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertEqual(self.states(report), sorted([("unchanged", r) for r in resources] +
                                                     [("new", "path:/tmp/parready-e2e-baseline/new.txt")]))
        self.assertEqual(report["summary"]["baselined"], 3)
        warnings = [m for m in map(DIAGNOSTIC_LINE.match, result.stdout.splitlines()) if m]
        self.assertEqual([(m.group(1), int(m.group(2)), m.group(6)) for m in warnings],
                         [("tests/store_test.cpp", line_of(text, "extra ="), SP)])
        self.assertIn("/tmp/parready-e2e-baseline/new.txt", warnings[0].group(5))
        self.assertIn("3 of them in the baseline and not shown", result.stdout)
        sarif = json.loads(self.scratch.read("new.sarif"))
        self.assertEqual(sorted(r["baselineState"] for r in sarif["runs"][0]["results"]),
                         ["new", "unchanged", "unchanged", "unchanged"])

    def test_a_malformed_baseline_is_a_usage_error(self):
        for name, text, fragment in (("truncated.json", '{"schema": "parready-baseline/1", "findings": [\n',
                                      "truncated.json:2:1: error: syntax error"),
                                     ("other.json", '{"schema": "something-else/1"}\n', "other.json: not a baseline"),
                                     ("shape.json", '{"schema": "parready-baseline/1", "findings": [{"rule": 1}]}\n',
                                      "shape.json: malformed baseline")):
            with self.subTest(baseline=name):
                self.write(name, text)
                result = analyse("-p", "build", "--baseline", name, "--format", "json=r.json", cwd=self.dir)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertEqual(result.stdout, "")
                lines = result.stderr.strip().splitlines()
                self.assertEqual(len(lines), 1, result.stderr)
                self.assertIn(fragment, lines[0])
                self.assertNotIn("Stack dump", result.stderr)
                self.assertFalse(os.path.exists(os.path.join(self.dir, "r.json")))


# --------------------------------------------------------------------------
# validation errors

# (name, the configuration, [(the text the error points at, occurrence, message)])
INVALID = [
    ("syntax", '{\n  "rules": {"parready-shared-path": "off"},\n  "runner": }\n',
     [("}\n", 1, "syntax error while parsing value")]),
    ("trailing comma", '{\n  "rules": {"parready-shared-path": "off",}\n}\n',
     [("}\n", 1, "syntax error while parsing object key")]),
    ("unknown key", '{\n  "rule": {"parready-shared-path": "off"}\n}\n',
     [('"rule"', 1, "unknown key 'rule' (did you mean 'rules'?)")]),
    # Errors in the order of the file, whatever the order of the keys.
    ("types and enums",
     '{\n  "runner": "make",\n  "inherit": "yes",\n  "fail_on": 3,\n  "follow_library": "no",\n'
     '  "description": 5,\n  "rules": {"parready-shared-path": "disabled"},\n'
     '  "tests": [{"name": "B.*", "verdict": "maybe", "reason": "x"}]\n}\n',
     [('"make"', 1, "'make': expected ctest, threads or bazel"),
      ('"yes"', 1, "expected true or false"),
      ("3,", 1, "expected fixable, serial or never"),
      ('"no"', 1, "expected true or false"),
      ("5,", 1, "'description' must be a string"),
      ('"disabled"', 1, "'disabled': expected on, off, fixable or serial"),
      ('"maybe"', 1, "'maybe': expected serial or safe")]),
    ("unknown rules",
     '{"rules": {\n  "parready-shared-pth": "off",\n  "parready-nothing-*": "off"\n}}\n',
     [('"parready-shared-pth"', 1, "unknown rule 'parready-shared-pth' (did you mean 'parready-shared-path'?)"),
      ('"parready-nothing-*"', 1, "'parready-nothing-*' matches no rule")]),
    ("test declarations",
     '{"tests": [\n  {"name": "A.*", "verdict": "serial"},\n  {"name": "C.*", "verdict": "safe", "reason": ""},\n'
     '  {"name": "D.*", "verdict": "safe", "reason": "r", "why": 1}\n]}\n',
     [('{"name": "A.*"', 1, 'a test declaration needs "reason"'),
      ('""', 1, "say why in 'reason'"),
      ('"why"', 1, "unknown key 'why'")]),
    ("operand index",
     '{"catalog": {"apis": [\n  {"name": "Blob::save",\n   "accesses": [{"argument": 40, "resource": "path", '
     '"mode": "write"}]}\n]}}\n',
     [("40", 1, "'argument' must be an operand index from 0 to 31")]),
    ("mode_argument",
     '{"catalog": {"apis": [\n  {"name": "Blob::open", "accesses": [\n    {"argument": 1, "resource": "path", '
     '"mode_from": "fopen_mode", "mode_argument": 1}]}\n]}}\n',
     [("1}", 1, "'mode_argument' names the accessed operand itself")]),
    ("constant without constant",
     '{"catalog": {"apis": [\n  {"name": "Env::root",\n   "value": "constant"}\n]}}\n',
     [('"constant"}', 1, '"value": "constant" needs the "constant" it stands for')]),
    ("duplicate api",
     '{"catalog": {"apis": [\n  {"name": "Env::root", "value": "unique"},\n'
     '  {"name": "Env::root", "value": "unique"}\n]}}\n',
     [('"Env::root"', 2, "'Env::root' is declared already at")]),
    ("unknown api key",
     '{"catalog": {"apis": [\n  {"name": "Env::root", "valeu": "unique"}\n]}}\n',
     [('"valeu"', 1, "unknown key 'valeu' (did you mean 'value'?)")]),
    ("unknown access key",
     '{"catalog": {"apis": [\n  {"name": "Env::save",\n   "accesses": [{"argument": 1, "resource": "path", '
     '"mod": "write"}]}\n]}}\n',
     [('"mod"', 1, "unknown key 'mod' (did you mean 'mode'?)")]),
]
TRIVIAL_PROGRAM = "int main() { return 0; }\n"


class ValidationErrors(ScratchTest):
    """A wrong configuration stops the run before any parse: exit 2, every
    error on stderr as PATH:LINE:COL: error: ..., nothing on stdout, no
    report, no cache record."""

    def setUp(self):
        super().setUp()
        self.write("tests/a_test.cpp", TRIVIAL_PROGRAM)
        self.scratch.database(["tests/a_test.cpp"])

    def assertRejected(self, result, expected, files_in_any_order=False):
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertEqual(result.stdout, "")
        self.assertNotIn("Stack dump", result.stderr)
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), len(expected), result.stderr)
        if files_in_any_order:
            lines.sort(key=lambda line: line.split(":")[0])
            expected = sorted(expected, key=lambda error: error[0])
        for line, (path, where, message) in zip(lines, expected):
            match = ERROR_LINE.match(line)
            self.assertTrue(match, line)
            self.assertEqual(match.group(1), path, line)
            self.assertEqual((int(match.group(2)), int(match.group(3))), where, line)
            self.assertIn(message, match.group(4))
        self.assertFalse(os.path.exists(os.path.join(self.dir, "r.json")), "no report is written")
        self.assertFalse(os.path.exists(os.path.join(self.dir, "build", ".parready-cache")), "nothing is analysed")

    def test_every_error(self):
        config = os.path.join(self.dir, "tests", ".parready.json")
        for name, text, errors in INVALID:
            with self.subTest(name):
                self.write("tests/.parready.json", text)
                expected = [(config, position(text, needle, occurrence), message)
                            for needle, occurrence, message in errors]
                self.assertRejected(run("-p", "build", "--format", "json=r.json", cwd=self.dir), expected)
                dump = run("--dump-config", "tests/a_test.cpp", cwd=self.dir)
                self.assertRejected(dump, expected)
        # The same run with a valid configuration analyses the file and stores its record.
        self.write("tests/.parready.json", "{}\n")
        result = run("-p", "build", "--format", "json=r.json", cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(os.listdir(os.path.join(self.dir, "build", ".parready-cache")))

    def test_errors_of_every_file_that_applies(self):
        parent = '{"rules": {"parready-shared-path": "of"}}\n'
        child = '{"inherit": true, "runer": "ctest"}\n'
        self.write(".parready.json", parent)
        self.write("tests/.parready.json", child)
        expected = [(os.path.join(self.dir, "tests", ".parready.json"), position(child, '"runer"'),
                     "unknown key 'runer' (did you mean 'runner'?)"),
                    (os.path.join(self.dir, ".parready.json"), position(parent, '"of"'),
                     "'of': expected on, off, fixable or serial (did you mean 'off'?)")]
        result = run("-p", "build", "--format", "json=r.json", cwd=self.dir)
        self.assertRejected(result, expected, files_in_any_order=True)

    def test_an_unreadable_config_file(self):
        os.mkdir(os.path.join(self.dir, "adir"))
        for given, fragment in (("missing.json", "no such file"), ("adir", "not a file")):
            with self.subTest(given):
                result = run("-p", "build", "--format", "json=r.json", "--config", given, cwd=self.dir)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertEqual(result.stdout, "")
                lines = result.stderr.strip().splitlines()
                self.assertEqual(len(lines), 1, "one mistake, one error line:\n" + result.stderr)
                self.assertTrue(lines[0].startswith(os.path.join(self.dir, given) +
                                                    ": error: cannot read the configuration"), lines[0])
                self.assertIn(fragment, lines[0])
                self.assertFalse(os.path.exists(os.path.join(self.dir, "r.json")))


# --------------------------------------------------------------------------
# --dump-config, --list-rules, --explain

DUMP_PARENT = """{
  "fail_on": "serial",
  "rules": {
    "parready-*": "off",
    "parready-system-path": "serial"
  },
  "tests": [
    {"name": "Printer.*", "verdict": "serial", "reason": "uses the lab printer"}
  ],
  "catalog": {"apis": [
    {"name": "Config::instance", "singleton": true}
  ]}
}
"""
DUMP_CHILD = """{
  "inherit": true,
  "rules": {"parready-shared-path": "fixable"},
  "catalog": {"apis": [{"name": "testutil::make_unique_dir", "value": "unique"}]}
}
"""


class Reference(ScratchTest):
    def test_dump_config_of_a_parent_and_child(self):
        self.write(".parready.json", DUMP_PARENT)
        self.write("tests/.parready.json", DUMP_CHILD)
        self.write("tests/a_test.cpp", TRIVIAL_PROGRAM)
        parent, child = os.path.join(self.dir, ".parready.json"), os.path.join(self.dir, "tests", ".parready.json")

        def at(path, text, needle):
            line, column = position(text, needle)
            return f"{path}:{line}:{column}"

        result = run("--dump-config", "tests/a_test.cpp", cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, "")
        dump = json.loads(result.stdout)
        self.assertEqual(set(dump), {"file", "configuration_files", "rules", "tests", "catalog", "runner", "fail_on",
                                     "follow_library"})
        self.assertEqual(dump["file"], os.path.join(self.dir, "tests", "a_test.cpp"))
        self.assertEqual(dump["configuration_files"], [child, parent])
        self.assertEqual(sorted(dump["rules"]), sorted(RULE_IDS))
        self.assertEqual(dump["rules"][SP], {"setting": "fixable", "verdict": "fixable",
                                             "declared_at": at(child, DUMP_CHILD, '"parready-shared-path"')})
        self.assertEqual(dump["rules"][SYS], {"setting": "serial", "verdict": "serial",
                                              "declared_at": at(parent, DUMP_PARENT, '"parready-system-path"')})
        for rule in set(RULE_IDS) - {SP, SYS}:
            self.assertEqual(dump["rules"][rule], {"setting": "off", "verdict": "none",
                                                   "declared_at": at(parent, DUMP_PARENT, '"parready-*"')}, rule)
        self.assertEqual(dump["tests"], [{"name": "Printer.*", "verdict": "serial", "reason": "uses the lab printer",
                                          "declared_at": at(parent, DUMP_PARENT, '{"name": "Printer.*"')}])
        self.assertEqual(sorted((a["name"], a["declared_at"]) for a in dump["catalog"]["apis"]),
                         [("Config::instance", at(parent, DUMP_PARENT, '{"name": "Config::instance"')),
                          ("testutil::make_unique_dir", at(child, DUMP_CHILD, '{"name": "testutil::'))])
        self.assertEqual((dump["runner"], dump["fail_on"], dump["follow_library"]), ("ctest", "serial", True))

    def test_dump_config_without_any_file(self):
        self.write("a_test.cpp", TRIVIAL_PROGRAM)
        result = run("--dump-config", "a_test.cpp", cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        dump = json.loads(result.stdout)
        self.assertEqual(dump["configuration_files"], [])
        for rule in RULE_IDS:
            with open(os.path.join(SOURCE_DIR, "rules", f"{rule}.json")) as f:
                verdict = json.load(f)["verdict"]
            self.assertEqual(dump["rules"][rule], {"setting": "on", "verdict": verdict}, rule)
        self.assertEqual((dump["tests"], dump["catalog"]["apis"]), ([], []))
        self.assertEqual((dump["runner"], dump["fail_on"], dump["follow_library"]), ("ctest", "fixable", True))

    def test_list_rules_lists_every_rule_of_the_registry_with_its_verdict(self):
        result = run("--list-rules")
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = [line.split(None, 2) for line in result.stdout.splitlines() if line.strip()]
        self.assertEqual([row[0] for row in rows], RULE_IDS)
        for rule_id, verdict, summary in rows:
            with open(os.path.join(SOURCE_DIR, "rules", f"{rule_id}.json")) as f:
                rule = json.load(f)
            self.assertEqual(verdict, rule["verdict"], rule_id)
            self.assertEqual(summary, rule["summary"], rule_id)

    def test_every_rule_has_its_explanation(self):
        for rule in RULE_IDS:
            with self.subTest(rule):
                with open(os.path.join(SOURCE_DIR, "docs", "rules", f"{rule}.md")) as f:
                    page = f.read()
                result = run("--explain", rule)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stdout, page)

    def test_explain_an_unknown_rule(self):
        result = run("--explain", "parready-shared-pth")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stdout, "")
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertTrue(lines[0].startswith("parready: error: "), lines[0])
        self.assertIn("unknown rule 'parready-shared-pth' (did you mean 'parready-shared-path'?)", lines[0])


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
