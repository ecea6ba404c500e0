#!/usr/bin/env python3
"""End-to-end tests of the parready binary: exit codes, error lines, output
formats and the JSON contract (validated against docs/report.schema.json).

usage: test_cli.py PARREADY_BINARY SOURCE_DIR
"""
import json
import os
import re
import shutil
import subprocess
import signal
import sys
import tempfile
import time
import unittest

import jsonschema

from quiet import without_progress

PARREADY = sys.argv[1] if len(sys.argv) > 1 else "parready"
SOURCE_DIR = sys.argv[2] if len(sys.argv) > 2 else "."

HAZARD_TEST = """#include <gtest/gtest.h>
#include <filesystem>
#include <fstream>
namespace fs = std::filesystem;
constexpr const char *kDir = "/tmp/parready-e2e-shared";
TEST(Writer, WritesSharedFile) { std::ofstream(std::string(kDir) + "/out.txt") << "x"; }
TEST(Cleaner, RemovesSharedDir) { fs::remove_all(kDir); }
"""
SAFE_TEST = """#include <gtest/gtest.h>
#include <fstream>
#include <cstdlib>
TEST(Safe, UsesMkdtemp) {
  char templ[] = "/tmp/parready-e2e-XXXXXX";
  ASSERT_NE(mkdtemp(templ), nullptr);
  std::ofstream(std::string(templ) + "/out.txt") << "x";
}
"""
BROKEN_TEST = """#include <gtest/gtest.h>
#include "no_such_header.h"
TEST(Broken, Test) { std::ofstream("/tmp/x"); }
"""
NOT_A_TEST = "int helper() { return 1; }\n"
ENV_PATH_TEST = """#include <gtest/gtest.h>
#include <cstdlib>
#include <fstream>
#include <string>
TEST(Export, WritesWhereTheEnvironmentSays) {
  std::ofstream(std::string(std::getenv("PARREADY_E2E_EXPORT_DIR")) + "/report.csv") << "id";
}
"""

# The problem-matcher regex GitHub and VS Code users register (docs/reports.md).
DIAGNOSTIC_LINE = re.compile(r"^(.+?):(\d+):(\d+):\s+(warning|error):\s+(.*)\s+\[([^\]]+)\]$")


def run(*args, cwd=None, env=None):
    return subprocess.run([PARREADY, *without_progress(args)], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


class Suite(unittest.TestCase):
    """A scratch project with a compile database; private to each test."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="parready-e2e-")
        self.addCleanup(shutil.rmtree, self.dir)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def database(self, files):
        entries = [{"directory": self.dir, "file": f,
                    "command": f"c++ -std=c++17 -c {f} -o {f}.o"} for f in files]
        self.write("build/compile_commands.json", json.dumps(entries))

    def assertOneLineError(self, result, code, fragment):
        self.assertEqual(result.returncode, code, result.stderr)
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertTrue(lines[0].startswith("parready: error: "), lines[0])
        self.assertIn(fragment, lines[0])
        self.assertNotIn("Stack dump", result.stderr)
        self.assertEqual(result.stdout, "")


class UsageErrors(Suite):
    def test_version_and_help(self):
        version = run("--version")
        self.assertEqual(version.returncode, 0)
        self.assertIn("parready 0.1.0", version.stdout)
        help_text = run("--help")
        self.assertEqual(help_text.returncode, 0)
        for flag in ("-p", "--format", "--runner", "--jobs", "--root", "--fail-on", "--strict", "-o"):
            self.assertIn(flag, help_text.stdout)

    def test_nonexistent_file(self):
        self.assertOneLineError(run("missing_test.cpp", "--", "-std=c++17", cwd=self.dir), 2,
                                "missing_test.cpp: no such file")

    def test_missing_build_directory(self):
        self.assertOneLineError(run("-p", "nowhere", cwd=self.dir), 2, "nowhere: no such directory")

    def test_missing_compile_database(self):
        os.makedirs(os.path.join(self.dir, "build"))
        self.assertOneLineError(run("-p", "build", cwd=self.dir), 2, "compilation database not found")

    def test_malformed_compile_database(self):
        self.write("build/compile_commands.json", '[{"directory": "/x", "file": ')
        self.assertOneLineError(run("-p", "build", cwd=self.dir), 2, "malformed compilation database")

    def test_bad_flag_values(self):
        self.assertOneLineError(run("--format=yaml", "-p", "build", cwd=self.dir), 2, "--format=yaml")
        self.assertOneLineError(run("--runner=make", "-p", "build", cwd=self.dir), 2, "--runner=make")
        self.assertOneLineError(run("--no-such-flag", cwd=self.dir), 2, "no-such-flag")

    def test_bad_durations_file(self):
        self.write("a_test.cpp", SAFE_TEST)
        self.assertOneLineError(run("--durations", "missing.txt", "a_test.cpp", "--", "-std=c++17", cwd=self.dir),
                                2, "missing.txt: cannot read")
        self.write("costs.json", '{"tests": []}\n')
        self.assertOneLineError(run("--durations", "costs.json", "a_test.cpp", "--", "-std=c++17", cwd=self.dir),
                                2, "costs.json: not a CTestCostData.txt, GoogleTest XML or JUnit XML file")
        self.write("CTestCostData.txt", "a_test 1 0.5\nbroken\n")
        self.assertOneLineError(run("--durations", "CTestCostData.txt", "a_test.cpp", "--", "-std=c++17",
                                    cwd=self.dir), 2, "CTestCostData.txt:2: expected")

    def test_bad_rules_directory(self):
        self.write("a_test.cpp", SAFE_TEST)
        self.assertOneLineError(run("--rules-dir", self.dir, "a_test.cpp", "--", "-std=c++17", cwd=self.dir),
                                2, "registry.json")


class Analysis(Suite):
    def test_whole_database_json_follows_the_schema(self):
        self.write("tests/hazard_test.cpp", HAZARD_TEST)
        self.write("tests/safe_test.cpp", SAFE_TEST)
        self.write("src/helper.cpp", NOT_A_TEST)
        self.database(["tests/hazard_test.cpp", "tests/safe_test.cpp", "src/helper.cpp"])
        result = run("-p", "build", "--format", "json", cwd=self.dir)
        self.assertEqual(result.returncode, 1, result.stderr)  # hazards found
        report = json.loads(result.stdout)
        with open(os.path.join(SOURCE_DIR, "docs", "report.schema.json")) as f:
            jsonschema.validate(report, json.load(f))
        self.assertEqual(report["schema"], "parready-report/6")
        verdicts = {f["path"]: f["verdict"] for f in report["files"]}
        self.assertEqual(verdicts, {"tests/hazard_test.cpp": "fixable", "tests/safe_test.cpp": "safe"})
        self.assertEqual(report["summary"]["files"], 2)
        self.assertEqual(report["summary"]["tests"], 3)
        self.assertFalse(report["summary"]["parallel_safe"])
        findings = report["files"][0]["findings"]
        self.assertEqual(sorted(f["rule"] for f in findings),
                         ["parready-recursive-delete", "parready-shared-path"])
        for finding in findings:
            self.assertTrue(finding["conflict"])
            self.assertEqual(len(finding["partners"]), 1)
        keys = sorted(r["key"] for r in report["resources"])
        self.assertEqual(keys, ["path:/tmp/parready-e2e-shared", "path:/tmp/parready-e2e-shared/out.txt"])

    def test_support_code_beside_the_tests_is_followed(self):
        # spdlog's shape: every test calls prepare_logdir() from tests/utils.cpp,
        # which deletes the shared test_logs directory.
        self.write("tests/utils.cpp", '#include <cstdlib>\n'
                   'void prepare_logdir() { std::system("rm -rf test_logs"); }\n')
        self.write("tests/a_test.cpp", '#include <gtest/gtest.h>\n#include <fstream>\n'
                   'void prepare_logdir();\n'
                   'TEST(A, Logs) { prepare_logdir(); std::ofstream("test_logs/a.txt"); }\n')
        self.write("src/lib.cpp", '#include <cstdlib>\nvoid elsewhere() { std::system("rm -rf /tmp/x"); }\n')
        self.database(["tests/utils.cpp", "tests/a_test.cpp", "src/lib.cpp"])
        for args in (["-p", "build"], ["-p", "build", "tests/a_test.cpp"]):
            result = run(*args, "--format=json", cwd=self.dir)
            self.assertEqual(result.returncode, 1, result.stderr)
            self.assertEqual(result.stderr, "")  # support TUs are not "files without tests"
            report = json.loads(result.stdout)
            self.assertEqual([f["path"] for f in report["files"]], ["tests/a_test.cpp"])
            findings = report["files"][0]["findings"]
            locations = sorted((f["location"]["path"], f["location"]["line"], f["rule"]) for f in findings)
            self.assertEqual(locations, [("tests/a_test.cpp", 4, "parready-shared-path"),
                                         ("tests/utils.cpp", 2, "parready-recursive-delete")])
            chain = next(f for f in findings if f["rule"] == "parready-recursive-delete")["evidence"]
            self.assertEqual(chain[0]["location"]["path"], "tests/a_test.cpp")
            self.assertIn("calls prepare_logdir", chain[0]["message"])

    def test_code_under_test_is_followed_through_virtual_calls(self):
        # leveldb's shape: tests call a virtual Env method; the implementation
        # that writes the file lives in a library TU in another directory, and
        # DefaultEnv() there says which one runs: the dispatch is exact.
        self.write("src/env.h", '#include <string>\nstruct Env { virtual ~Env() = default;\n'
                   '  virtual void Save(const std::string &dir) = 0; };\nEnv *DefaultEnv();\n')
        self.write("src/env_posix.cpp", '#include "env.h"\n#include <fstream>\n'
                   'struct PosixEnv : Env {\n'
                   '  void Save(const std::string &dir) override { std::ofstream(dir + "/CURRENT"); }\n};\n'
                   'Env *DefaultEnv() { static PosixEnv env; return &env; }\n')
        self.write("src/unused.cpp", 'int unrelated() { return 1; }\n')
        self.write("tests/db_test.cpp", '#include <gtest/gtest.h>\n#include "../src/env.h"\n'
                   'TEST(DB, Opens) { DefaultEnv()->Save("/tmp/parready-e2e-db"); }\n'
                   'TEST(DB, Reopens) { DefaultEnv()->Save("/tmp/parready-e2e-db"); }\n')
        self.database(["src/env_posix.cpp", "src/unused.cpp", "tests/db_test.cpp"])
        for args in (["-p", "build"], ["-p", "build", "tests/db_test.cpp"]):
            report = json.loads(run(*args, "--format=json", cwd=self.dir).stdout)
            self.assertEqual([f["path"] for f in report["files"]], ["tests/db_test.cpp"])
            findings = report["files"][0]["findings"]
            self.assertEqual(sorted((f["location"]["path"], f["rule"], f["confidence"]) for f in findings),
                             [("src/env_posix.cpp", "parready-shared-path", "high")] * 2)
            self.assertTrue(all(f["conflict"] for f in findings))
            self.assertTrue(any(step["message"] == "calls Env::Save on a PosixEnv, which runs PosixEnv::Save"
                                for step in findings[0]["evidence"]))
        without = json.loads(run("-p", "build", "--follow-library=false", "--format=json", cwd=self.dir).stdout)
        self.assertEqual(without["files"][0]["findings"], [])

    def test_plain_test_programs_are_tests(self):
        # C tests registered with add_test: main() is the test. A framework's
        # runner main() and the product's own main() are not.
        self.write("tests/io_test.c", '#include <stdio.h>\n'
                   'int main(void) { FILE *f = fopen("/tmp/parready-e2e-io.txt", "w"); fclose(f); return 0; }\n')
        self.write("tests/gtest_main.cpp", '#include <gtest/gtest.h>\n'
                   'int main(int argc, char **argv) { testing::InitGoogleTest(&argc, argv); return RUN_ALL_TESTS(); }\n')
        self.write("src/main.c", '#include <stdio.h>\nint main(void) { remove("/tmp/parready-e2e-app"); return 0; }\n')
        entries = [{"directory": self.dir, "file": "tests/io_test.c", "command": "cc -std=gnu11 -c tests/io_test.c"},
                   {"directory": self.dir, "file": "src/main.c", "command": "cc -std=gnu11 -c src/main.c"},
                   {"directory": self.dir, "file": "tests/gtest_main.cpp",
                    "command": "c++ -std=c++17 -c tests/gtest_main.cpp"}]
        self.write("build/compile_commands.json", json.dumps(entries))
        report = json.loads(run("-p", "build", "--format=json", cwd=self.dir).stdout)
        self.assertEqual([f["path"] for f in report["files"]], ["tests/io_test.c"])
        self.assertEqual(report["files"][0]["tests"], [{"name": "io_test", "line": 2, "verdict": "fixable"}])
        self.assertEqual(report["files"][0]["findings"][0]["rule"], "parready-shared-path")

    @unittest.skipUnless(shutil.which("cmake") and shutil.which("ctest"), "needs cmake and ctest")
    def test_programs_come_from_the_cmake_file_api(self):
        # Two plain test programs, each with its own scratch_path() in a
        # support file of tests/ (one USR, two bodies): only the build says
        # which one each program links. Both are registered with add_test.
        self.write("CMakeLists.txt", "cmake_minimum_required(VERSION 3.13)\nproject(tiny C)\nenable_testing()\n"
                   "add_library(store STATIC src/store.c)\n"
                   "foreach(kind fixed private)\n"
                   "  add_executable(${kind}_test tests/${kind}_test.c tests/scratch_${kind}.c)\n"
                   "  target_link_libraries(${kind}_test store)\n"
                   "  add_test(NAME ${kind}_test COMMAND ${kind}_test)\n"
                   "endforeach()\n")
        self.write("src/store.c", "#include <stdio.h>\n"
                   "void store_save(const char *path) { FILE *f = fopen(path, \"w\"); if (f) fclose(f); }\n")
        for kind in ("fixed", "private"):
            self.write(f"tests/{kind}_test.c", "const char *scratch_path(void);\nvoid store_save(const char *path);\n"
                       "int main(void) { store_save(scratch_path()); return 0; }\n")
        self.write("tests/scratch_fixed.c", 'const char *scratch_path(void) { return "/tmp/parready-e2e-scratch"; }\n')
        self.write("tests/scratch_private.c", "#include <stdlib.h>\n"
                   'static char dir[] = "/tmp/parready-e2e-XXXXXX";\n'
                   "const char *scratch_path(void) { return mkdtemp(dir); }\n")
        build = os.path.join(self.dir, "build")

        def configure():
            subprocess.run(["cmake", "-S", self.dir, "-B", build, "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"],
                           check=True, capture_output=True, timeout=120)

        # No reply yet: the query is written and the user asked to re-run cmake.
        configure()
        first = run("-p", "build", "--fail-on=never", "--format=json", cwd=self.dir)
        self.assertIn("re-run `cmake " + build + "`", first.stderr)
        query = os.path.join(build, ".cmake", "api", "v1", "query", "client-parready", "codemodel-v2")
        self.assertTrue(os.path.exists(query))
        self.assertEqual([p["ctest"] for p in json.loads(first.stdout)["programs"]], ["unknown", "unknown"])

        configure()
        second = run("-p", "build", "--fail-on=never", "--format=json", cwd=self.dir)
        self.assertNotIn("cmake", second.stderr)
        report = json.loads(second.stdout)
        with open(os.path.join(SOURCE_DIR, "docs", "report.schema.json")) as f:
            jsonschema.validate(report, json.load(f))
        verdicts = {f["path"]: f["verdict"] for f in report["files"]}
        self.assertEqual(verdicts, {"tests/fixed_test.c": "fixable", "tests/private_test.c": "safe"})
        programs = sorted((p["name"], p["ctest"], p["files"]) for p in report["programs"])
        self.assertEqual(programs, [("fixed_test", "one_entry", ["tests/fixed_test.c"]),
                                    ("private_test", "one_entry", ["tests/private_test.c"])])
        finding = report["files"][0]["findings"][0]
        self.assertEqual((finding["location"]["path"], finding["resource"]),
                         ("src/store.c", "path:/tmp/parready-e2e-scratch"))

    def test_text_output_is_read_by_problem_matchers(self):
        self.write("hazard_test.cpp", HAZARD_TEST)
        result = run("hazard_test.cpp", "--", "-std=c++17", cwd=self.dir)
        self.assertEqual(result.returncode, 1, result.stderr)
        warnings = [m for m in map(DIAGNOSTIC_LINE.match, result.stdout.splitlines()) if m]
        self.assertEqual(len(warnings), 2, result.stdout)
        self.assertEqual({(m.group(1), m.group(2), m.group(6)) for m in warnings},
                         {("hazard_test.cpp", "6", "parready-shared-path"),
                          ("hazard_test.cpp", "7", "parready-recursive-delete")})
        self.assertIn("Can this suite run in parallel? No", result.stdout)
        self.assertNotIn("\033[", result.stdout)  # not a terminal: no colour

    def test_fail_on_threshold(self):
        self.write("hazard_test.cpp", HAZARD_TEST)
        self.assertEqual(run("--fail-on=serial", "hazard_test.cpp", "--", "-std=c++17", cwd=self.dir).returncode, 0)
        self.assertEqual(run("--fail-on=never", "hazard_test.cpp", "--", "-std=c++17", cwd=self.dir).returncode, 0)
        self.write("safe_test.cpp", SAFE_TEST)
        self.assertEqual(run("safe_test.cpp", "--", "-std=c++17", cwd=self.dir).returncode, 0)

    def test_low_confidence_findings_are_for_review_unless_strict(self):
        # The only finding is a path known at run time: reported for review, the
        # file safe, a pre-commit run passes. --strict counts it as a hazard.
        self.write("env_test.cpp", ENV_PATH_TEST)
        args = ["env_test.cpp", "--", "-std=c++17"]
        result = run("--format=json", *args, cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        report = json.loads(result.stdout)
        with open(os.path.join(SOURCE_DIR, "docs", "report.schema.json")) as f:
            jsonschema.validate(report, json.load(f))
        file = report["files"][0]
        self.assertEqual((file["verdict"], file["needs_review"]), ("safe", True))
        self.assertEqual([(f["rule"], f["confidence"]) for f in file["findings"]],
                         [("parready-unresolved-path", "low")])
        text = run(*args, cwd=self.dir).stdout
        self.assertEqual([m for m in map(DIAGNOSTIC_LINE.match, text.splitlines()) if m], [], text)
        self.assertIn("env_test.cpp:6:3: remark: ", text)
        strict = run("--strict", "--format=json", *args, cwd=self.dir)
        self.assertEqual(strict.returncode, 1, strict.stderr)
        file = json.loads(strict.stdout)["files"][0]
        self.assertEqual((file["verdict"], file["needs_review"]), ("fixable", False))
        self.assertEqual(run("--strict", "--fail-on=serial", *args, cwd=self.dir).returncode, 0)

    def test_broken_translation_unit_is_serial_and_others_go_on(self):
        self.write("broken_test.cpp", BROKEN_TEST)
        self.write("hazard_test.cpp", HAZARD_TEST)
        result = run("--format=json", "broken_test.cpp", "hazard_test.cpp", "--", "-std=c++17", cwd=self.dir)
        self.assertEqual(result.returncode, 3, result.stderr)  # incomplete wins over hazards
        # Every error of the file, each on its own line; what they mean for the file is said on the first.
        errors = result.stderr.strip().splitlines()
        for line in errors:
            self.assertTrue(line.startswith("parready: error: broken_test.cpp:"), line)
        self.assertIn("no_such_header.h", errors[0])
        self.assertIn("a header the build generates?", errors[0])
        self.assertIn("it is reported serial until it parses cleanly", errors[0])
        self.assertEqual(result.stderr.count("reported serial"), 1, result.stderr)
        report = json.loads(result.stdout)
        files = {f["path"]: f for f in report["files"]}
        broken = files["broken_test.cpp"]
        self.assertTrue(broken["partial"])
        # It cannot be shown to be parallel-safe: serial, with the reason, not "fixable" with nothing to fix.
        self.assertEqual(broken["verdict"], "serial")
        self.assertTrue(broken["incomplete_reason"].startswith("analysis incomplete"), broken)
        self.assertEqual(files["hazard_test.cpp"]["verdict"], "fixable")
        self.assertEqual(len(report["diagnostics"]), len(errors))
        self.assertEqual(report["summary"]["incomplete"], 1)
        # A conflict already answers "no"; the file that could not be analysed is still said.
        self.assertEqual(report["summary"]["answer"], "no")
        text = run("broken_test.cpp", "hazard_test.cpp", "--", "-std=c++17", cwd=self.dir).stdout
        self.assertIn("(and 1 more file could not be analysed completely)", text)

    def test_output_file_is_written_whole_or_not_at_all(self):
        self.write("hazard_test.cpp", HAZARD_TEST)
        out = os.path.join(self.dir, "report.json")
        result = run("--format=json", "-o", out, "hazard_test.cpp", "--", "-std=c++17", cwd=self.dir)
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertEqual(result.stdout, "")
        with open(out) as f:
            self.assertEqual(json.load(f)["summary"]["files"], 1)
        missing = os.path.join(self.dir, "no-such-dir", "report.json")
        self.assertOneLineError(run("--format=json", "-o", missing, "hazard_test.cpp", "--", "-std=c++17",
                                    cwd=self.dir), 2, "no-such-dir")
        self.assertFalse(os.path.exists(os.path.dirname(missing)))
        self.assertEqual(sorted(os.listdir(self.dir)), ["hazard_test.cpp", "report.json"])

    def test_several_formats_each_to_its_own_file(self):
        self.write("hazard_test.cpp", HAZARD_TEST)
        os.mkdir(os.path.join(self.dir, "out"))
        result = run("--format", "json=out/report.json", "--format", "text=report.txt", "--format", "text",
                     "hazard_test.cpp", "--", "-std=c++17", cwd=self.dir)
        self.assertEqual(result.returncode, 1, result.stderr)
        with open(os.path.join(self.dir, "out", "report.json")) as f:
            self.assertEqual(json.load(f)["summary"]["fixable"], 1)
        with open(os.path.join(self.dir, "report.txt")) as f:
            text = f.read()
        self.assertEqual(text, result.stdout)  # the same text report, once to a file and once to stdout
        self.assertIn("[parready-shared-path]", text)
        # One unwritable target is found before the analysis: nothing is written.
        self.assertOneLineError(run("--format", "json=no-such-dir/r.json", "--format", "text=second.txt",
                                    "hazard_test.cpp", "--", "-std=c++17", cwd=self.dir), 2, "no-such-dir/r.json")
        self.assertFalse(os.path.exists(os.path.join(self.dir, "second.txt")))
        # Two reports for standard output is a usage error, found before any analysis.
        ambiguous = run("--format", "json", "--format", "text", "hazard_test.cpp", "--", "-std=c++17", cwd=self.dir)
        self.assertEqual(ambiguous.returncode, 2)
        self.assertEqual(len(ambiguous.stderr.strip().splitlines()), 1, ambiguous.stderr)

    def test_every_format_from_one_analysis(self):
        self.write("hazard_test.cpp", HAZARD_TEST)
        self.write("CTestCostData.txt", "Writer.WritesSharedFile 1 0.5\nCleaner.RemovesSharedDir 1 0.25\n---\n")
        names = {"text": "r.txt", "json": "r.json", "sarif": "r.sarif", "markdown": "r.md", "ctest": "r.cmake",
                 "github": "r.github"}
        args = [arg for fmt, name in names.items() for arg in ("--format", f"{fmt}={name}")]
        result = run(*args, "--durations", "CTestCostData.txt", "--workers", "2", "hazard_test.cpp", "--",
                     "-std=c++17", cwd=self.dir)
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertEqual(result.stdout, "")
        contents = {}
        for fmt, name in names.items():
            with open(os.path.join(self.dir, name)) as f:
                contents[fmt] = f.read()
        self.assertIn("[parready-shared-path]", contents["text"])
        # The two tests collide: in parallel they must still take turns.
        self.assertIn("projected wall time with 2 workers (CTestCostData.txt): serial 0.75 s, as written 0.50 s "
                      "(racing), with the CTest properties 0.75 s, after the fixes 0.50 s", contents["text"])
        self.assertEqual(json.loads(contents["json"])["summary"]["fixable"], 1)
        sarif = json.loads(contents["sarif"])
        self.assertEqual(sarif["runs"][0]["results"][0]["ruleId"], "parready-shared-path")
        self.assertIn("# Test parallelization analysis", contents["markdown"])
        self.assertIn("**Projected wall time** with 2 workers", contents["markdown"])
        lock = 'RESOURCE_LOCK "path:/tmp/parready-e2e-shared"'
        self.assertIn(f'set_tests_properties("Writer.WritesSharedFile" PROPERTIES {lock})', contents["ctest"])
        self.assertIn(f'set_tests_properties("Cleaner.RemovesSharedDir" PROPERTIES {lock})', contents["ctest"])
        self.assertIn("::error file=hazard_test.cpp,line=", contents["github"])


FORMATS = ["text", "json", "sarif", "markdown", "ctest", "github"]
GUARDLESS_HEADER = "struct Config { int port; };\n"  # no include guard: a second #include redefines Config
HEADER_ERROR_TEST = """#include <gtest/gtest.h>
#include <fstream>
#include "dup.h"
#include "dup.h"
TEST(Header, WritesFixedFile) { std::ofstream("/tmp/parready-e2e-header/out.txt") << "x"; }
TEST(Header, RemovesFixedFile) { std::remove("/tmp/parready-e2e-header/out.txt"); }
"""
COMPILED_OUT_TEST = """#include <gtest/gtest.h>
#if defined(PARREADY_E2E_WITH_NETWORK)
TEST(Network, BindsAPort) { SUCCEED(); }
#endif
"""
INSTANTIATION_ERROR_TEST = """#include <gtest/gtest.h>
#include <string>
#include "same.h"
struct Port { int number; };
TEST(Same, ComparesAStringWithAPort) {
  EXPECT_TRUE(same(std::string("8080"), Port{8080}));
}
"""
CRASHING_TEST = """#include <gtest/gtest.h>
TEST(Crash, BeforeParsing) { SUCCEED(); }
#pragma clang __debug crash
"""


class ReportsThatTravel(Suite):
    """A report read elsewhere (a CI job summary, a PR comment) links nowhere local."""

    def reports(self, *options):
        # A conflict: the Markdown report shows its fix, with the rule's page.
        self.write("hazard_test.cpp", HAZARD_TEST)
        sarif = run("--fail-on=never", "--no-cache", "--format", "sarif", *options, "hazard_test.cpp", "--",
                    "-std=c++17", cwd=self.dir)
        markdown = run("--fail-on=never", "--no-cache", "--format", "markdown", *options, "hazard_test.cpp", "--",
                       "-std=c++17", cwd=self.dir)
        self.assertEqual((sarif.returncode, markdown.returncode), (0, 0), sarif.stderr + markdown.stderr)
        return json.loads(sarif.stdout)["runs"][0]["tool"]["driver"]["rules"], markdown.stdout

    def test_by_default_reports_name_the_explain_command(self):
        rules, markdown = self.reports()
        for rule in rules:
            self.assertNotIn("helpUri", rule)
            self.assertIn("parready --explain " + rule["id"], rule["help"]["markdown"])
        self.assertRegex(markdown, r"More: `parready --explain parready-[a-z-]+`")
        for text in [json.dumps(rules), markdown]:
            self.assertNotIn("file://", text)
            self.assertNotIn(SOURCE_DIR, text)

    def test_docs_url_links_the_published_pages(self):
        rules, markdown = self.reports("--docs-url", "https://docs.example.org/parready")
        shared = next(rule for rule in rules if rule["id"] == "parready-shared-path")
        self.assertEqual(shared["helpUri"], "https://docs.example.org/parready/docs/rules/parready-shared-path.md")
        self.assertRegex(markdown, r"More: \[(parready-[a-z-]+)\]\(https://docs\.example\.org/parready/docs/rules/"
                                   r"\1\.md\)")


class Progress(Suite):
    """What a run says on stderr while the user waits; stdout stays the report."""

    def analyse(self, *options):
        self.write("hazard_test.cpp", HAZARD_TEST)
        self.write("safe_test.cpp", SAFE_TEST)
        return run("--no-cache", "--fail-on=never", "--format=json", *options, "hazard_test.cpp", "safe_test.cpp",
                   "--", "-std=c++17", cwd=self.dir)

    def test_in_a_log_a_short_run_says_nothing(self):
        started = time.monotonic()
        result = self.analyse("--progress=auto")
        if time.monotonic() - started < 4.5:
            self.assertEqual(result.stderr, "")
        else:  # a loaded machine: the run was no short one, and said so in progress lines only
            self.assertTrue(all(line.startswith("parready: ") for line in result.stderr.splitlines()), result.stderr)
        json.loads(result.stdout)

    def test_always_prints_every_message_and_never_nothing(self):
        always = self.analyse("--progress=always")
        lines = always.stderr.splitlines()
        self.assertIn("parready: analysing 2 translation units with 2 jobs", lines)
        self.assertEqual(sorted(line.split(" ")[1] for line in lines if line.startswith("parready: [")),
                         ["[1/2]", "[2/2]"])
        self.assertEqual(json.loads(always.stdout)["summary"]["files"], 2)
        self.assertEqual(self.analyse("-j2", "--progress=never").stderr, "")

    def test_a_bad_mode_is_a_usage_error(self):
        self.assertOneLineError(run("--progress=sometimes", "-p", "build", cwd=self.dir), 2,
                                "--progress=sometimes: expected auto, always or never")


class BadInput(Suite):
    """Inputs a CI job meets: none ends in a stack trace, a half-written file or a silent skip."""

    def assertNoCrash(self, result):
        for marker in ("Stack dump", "terminate called", "Assertion", "PLEASE submit a bug report"):
            self.assertNotIn(marker, result.stderr)
        self.assertIn(result.returncode, (0, 1, 2, 3), result.stderr)

    def test_paths_that_are_not_utf8_give_valid_utf8_in_every_format(self):
        directory = os.path.join(os.fsencode(self.dir), b"dir with space \xff\xfe")
        os.makedirs(directory)
        with open(os.path.join(directory, b"hazard_test.cpp"), "w") as f:
            f.write(HAZARD_TEST)
        source = os.path.join(directory, b"hazard_test.cpp")
        for fmt in FORMATS:
            with self.subTest(format=fmt, to="stdout"):
                result = subprocess.run([PARREADY, "--format", fmt, source, "--", "-std=c++17"], cwd=self.dir,
                                        capture_output=True, timeout=300)
                self.assertEqual(result.returncode, 1, result.stderr)
                text = result.stdout.decode("utf-8")  # strict: raises on any invalid byte
                if fmt in ("text", "json", "markdown", "github"):
                    self.assertIn("dir with space \ufffd\ufffd", text)
                if fmt == "sarif":  # a URI keeps the bytes, percent-encoded
                    self.assertIn("dir%20with%20space%20%FF%FE/hazard_test.cpp", text)
                if fmt in ("json", "sarif"):
                    json.loads(text)
            with self.subTest(format=fmt, to="file"):
                out = os.path.join(self.dir, f"report.{fmt}")
                result = subprocess.run([PARREADY, "--format", fmt, "-o", out, source, "--", "-std=c++17"],
                                        cwd=self.dir, capture_output=True, timeout=300)
                self.assertEqual(result.returncode, 1, result.stderr)
                with open(out, encoding="utf-8") as f:
                    f.read()

    def test_unwritable_outputs_fail_before_the_analysis(self):
        self.write("hazard_test.cpp", HAZARD_TEST)
        os.mkdir(os.path.join(self.dir, "a-directory"))
        for target, fragment in ((["-o", "/proc/x/out.json"], "/proc/x/out.json"),
                                 (["--format", "sarif=/nonexistent/dir/r.sarif"], "/nonexistent/dir"),
                                 (["-o", "a-directory"], "a-directory")):
            with self.subTest(target=target):
                self.assertOneLineError(run(*target, "hazard_test.cpp", "--", "-std=c++17", cwd=self.dir), 2,
                                        fragment)

    def test_files_whose_tests_are_compiled_out_are_listed_and_counted(self):
        self.write("network_test.cpp", COMPILED_OUT_TEST)
        self.write("hazard_test.cpp", HAZARD_TEST)
        result = run("--format=json", "network_test.cpp", "hazard_test.cpp", "--", "-std=c++17", cwd=self.dir)
        self.assertEqual(result.returncode, 1, result.stderr)
        report = json.loads(result.stdout)
        self.assertEqual(report["summary"]["skipped"], 1)
        self.assertEqual([s["path"] for s in report["skipped"]], ["network_test.cpp"])
        skipped = report["skipped"][0]
        self.assertIn("#if defined(PARREADY_E2E_WITH_NETWORK)", skipped["reason"])
        self.assertEqual(skipped["skipped_blocks"][0]["test_macro_line"], 3)
        self.assertIn("network_test.cpp", result.stderr)  # said on stderr too, as a warning
        text = run("network_test.cpp", "hazard_test.cpp", "--", "-std=c++17", cwd=self.dir).stdout
        self.assertIn("network_test.cpp", text)
        self.assertIn("no test case is compiled in this configuration", text)

    def test_the_headline_is_unknown_when_no_file_could_be_analysed(self):
        self.write("broken_test.cpp", BROKEN_TEST)
        self.write("also_broken_test.cpp", BROKEN_TEST.replace("Broken", "AlsoBroken"))
        result = run("broken_test.cpp", "also_broken_test.cpp", "--", "-std=c++17", cwd=self.dir)
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertNoCrash(result)
        self.assertIn("Unknown: 2 files could not be analysed", result.stdout)
        self.assertNotIn("Probably", result.stdout)
        report = json.loads(run("--format=json", "broken_test.cpp", "also_broken_test.cpp", "--", "-std=c++17",
                                cwd=self.dir).stdout)
        self.assertEqual(report["summary"]["answer"], "unknown")
        self.assertEqual({f["verdict"] for f in report["files"]}, {"serial"})

    def test_errors_confined_to_a_header_name_it_and_the_findings_stay(self):
        self.write("dup.h", GUARDLESS_HEADER)
        self.write("header_test.cpp", HEADER_ERROR_TEST)
        result = run("--format=json", "header_test.cpp", "--", "-std=c++17", cwd=self.dir)
        self.assertEqual(result.returncode, 3, result.stderr)
        errors = result.stderr.strip().splitlines()
        self.assertEqual(len(errors), 1, result.stderr)
        self.assertIn("in header 'dup.h' (included from header_test.cpp:4)", errors[0])
        report = json.loads(result.stdout)
        (file,) = report["files"]
        self.assertEqual((file["verdict"], file["incomplete_cause"]), ("serial", "header-errors"))
        self.assertEqual(sorted({f["rule"] for f in file["findings"]}), ["parready-shared-path"])

    def test_an_error_in_a_header_template_instantiated_by_the_test_is_the_tests(self):
        self.write("same.h", "template <class A, class B> bool same(const A &a, const B &b) { return a == b; }\n")
        self.write("same_test.cpp", INSTANTIATION_ERROR_TEST)
        result = run("--format=json", "same_test.cpp", "--", "-std=c++17", cwd=self.dir)
        self.assertEqual(result.returncode, 3, result.stderr)
        first = result.stderr.splitlines()[0]
        self.assertRegex(first, r"^parready: error: same_test.cpp:6:\d+: invalid operands to binary expression "
                                r".* \(in 'same.h:1', instantiated from here\)")
        (file,) = json.loads(result.stdout)["files"]
        self.assertEqual((file["verdict"], file["incomplete_cause"]), ("serial", "compile-errors"))

    def test_a_crash_on_one_file_is_contained(self):
        self.write("crash_test.cpp", CRASHING_TEST)
        self.write("hazard_test.cpp", HAZARD_TEST)
        # A contained crash abandons what the crashed parse allocated, and the
        # thread goes on from a jump out of the crash's signal handler (a crash
        # cannot be unwound, as in clang and clangd): in `make asan` and
        # `make tsan` that is no leak and no signal-unsafe call to report.
        environment = dict(os.environ, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0",
                           TSAN_OPTIONS=os.environ.get("TSAN_OPTIONS", "") + ":report_signal_unsafe=0")
        result = run("--format=json", "crash_test.cpp", "hazard_test.cpp", "--", "-std=c++17", cwd=self.dir,
                     env=environment)
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertNoCrash(result)
        self.assertIn("crash_test.cpp", result.stderr)
        self.assertIn("crashed", result.stderr)
        report = json.loads(result.stdout)
        files = {f["path"]: f for f in report["files"]}
        self.assertEqual(files["hazard_test.cpp"]["verdict"], "fixable")
        self.assertEqual(files["crash_test.cpp"]["incomplete_cause"], "crashed")
        self.assertEqual(files["crash_test.cpp"]["verdict"], "serial")

    def test_database_entries_that_cannot_be_analysed_are_reported_and_the_rest_goes_on(self):
        self.write("hazard_test.cpp", HAZARD_TEST)
        entries = [{"directory": self.dir, "file": "hazard_test.cpp", "command": "c++ -std=c++17 -c hazard_test.cpp"},
                   {"directory": self.dir, "file": "gone_test.cpp", "command": "c++ -std=c++17 -c gone_test.cpp"},
                   {"directory": self.dir, "file": "empty_test.cpp", "arguments": []},
                   {"directory": self.dir, "file": "flag_test.cpp",
                    "command": "c++ -std=c++17 -fno-such-flag-at-all -c flag_test.cpp"}]
        self.write("flag_test.cpp", SAFE_TEST)
        self.write("empty_test.cpp", SAFE_TEST)
        self.write("build/compile_commands.json", json.dumps(entries))
        result = run("-p", "build", "--format=json", cwd=self.dir)
        self.assertNoCrash(result)
        self.assertEqual(result.returncode, 3, result.stderr)
        for name in ("gone_test.cpp", "empty_test.cpp"):
            self.assertIn(name, result.stderr)
        for line in result.stderr.strip().splitlines():
            self.assertTrue(line.startswith("parready: "), line)
        report = json.loads(result.stdout)
        files = {f["path"]: f for f in report["files"]}
        self.assertEqual(files["hazard_test.cpp"]["verdict"], "fixable")
        # An option Clang does not know (a GCC-only one) is dropped: the file is analysed.
        self.assertNotIn("flag_test.cpp", result.stderr)
        self.assertEqual(files["flag_test.cpp"]["verdict"], "safe")
        self.assertFalse(files["flag_test.cpp"]["partial"])

    def test_interrupt_leaves_no_report_and_no_temporary_file(self):
        tmp = os.path.join(self.dir, "tmp")
        out = os.path.join(self.dir, "out")
        os.mkdir(tmp)
        os.mkdir(out)
        names = []
        for i in range(12):
            names.append(self.write(f"t{i}_test.cpp", HAZARD_TEST.replace("Writer", f"Writer{i}")))
        environment = dict(os.environ, TMPDIR=tmp)
        process = subprocess.Popen([PARREADY, "-j", "1", "--format", f"json={out}/r.json", "--format",
                                    f"sarif={out}/r.sarif", *names, "--", "-std=c++17"], cwd=self.dir,
                                   env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(1.5)  # inside the analysis of twelve gtest TUs, one at a time
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=300)
        self.assertNotEqual(process.returncode, 0, "the analysis ended before the interrupt: make it longer")
        self.assertNotIn(b"Stack dump", stderr)
        self.assertEqual(os.listdir(out), [])
        self.assertEqual(os.listdir(tmp), [])


class Cache(Suite):
    """The facts cache (docs/cache.md) as users meet it: a second run parses
    only what changed, reports stay the same, and a broken or shared cache
    directory never breaks a run."""

    def setUp(self):
        super().setUp()
        self.write("tests/util.h", "#pragma once\ninline const char *Where() { return \"/tmp/parready-e2e-util\"; }\n")
        files = [self.write("tests/a_test.cpp", HAZARD_TEST), self.write("tests/b_test.cpp", SAFE_TEST),
                 self.write("tests/c_test.cpp", '#include <gtest/gtest.h>\n#include <fstream>\n#include "util.h"\n'
                                                'TEST(Util, Writes) { std::ofstream(Where()) << 1; }\n')]
        self.database(files)
        self.build = os.path.join(self.dir, "build")
        self.cache = os.path.join(self.build, ".parready-cache")

    def analyse(self, *options):
        result = run("-p", self.build, "--format", "json", "--fail-on=never", "--verbose", *options, cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result

    def unchanged(self, result):
        match = re.search(r"cache: (\d+) of (\d+) translation units unchanged", result.stderr)
        self.assertTrue(match, result.stderr)
        return int(match.group(1)), int(match.group(2))

    def records(self):
        return sorted(os.path.join(root, name) for root, _, names in os.walk(self.cache) for name in names)

    def test_second_run_parses_only_what_changed_and_reports_the_same(self):
        cold = self.analyse()
        self.assertEqual(self.unchanged(cold), (0, 3))
        self.assertEqual(len(self.records()), 3)
        warm = self.analyse()
        self.assertEqual(self.unchanged(warm), (3, 3))
        self.assertEqual(warm.stdout, cold.stdout)
        with open(os.path.join(self.dir, "tests", "util.h"), "a") as f:
            f.write("// edited\n")
        self.assertEqual(self.unchanged(self.analyse()), (2, 3), "only the file that includes util.h")

    def test_no_cache_reads_and_writes_nothing(self):
        self.analyse("--no-cache")
        self.assertFalse(os.path.exists(self.cache))
        other = os.path.join(self.dir, "elsewhere")
        self.analyse("--cache-dir", other)
        self.assertFalse(os.path.exists(self.cache))
        self.assertTrue(os.listdir(other))
        self.assertOneLineError(run("-p", self.build, "--no-cache", "--cache-dir", other, cwd=self.dir), 2,
                                "--no-cache and --cache-dir")

    def test_broken_records_are_ignored_replaced_and_said_once(self):
        cold = self.analyse()
        for damage in (lambda text: text[: len(text) // 3], lambda text: "not json at all",
                       lambda text: text.replace("parready-facts-record/1", "parready-facts-record/9")):
            path = self.records()[0]
            with open(path) as f:
                text = f.read()
            with open(path, "w") as f:
                f.write(damage(text))
            result = self.analyse()
            self.assertEqual(result.stdout, cold.stdout)
            ignored = [line for line in result.stderr.splitlines() if "ignoring" in line]
            self.assertEqual(len(ignored), 1, result.stderr)
            self.assertIn(path, ignored[0])
            self.assertEqual(self.unchanged(result), (2, 3))
            self.assertEqual(self.unchanged(self.analyse()), (3, 3), "the broken record was replaced")

    def test_two_processes_sharing_a_cache_directory(self):
        command = [PARREADY, "-p", self.build, "--format", "json", "--fail-on=never", "-j1"]
        processes = [subprocess.Popen(command, cwd=self.dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True) for _ in range(3)]
        outputs = [process.communicate(timeout=300) for process in processes]
        self.assertEqual([process.returncode for process in processes], [0, 0, 0], [err for _, err in outputs])
        self.assertEqual(len({out for out, _ in outputs}), 1)
        self.assertEqual(len(self.records()), 3, "no temporary file left, no record twice")
        warm = self.analyse()
        self.assertEqual(self.unchanged(warm), (3, 3))
        self.assertEqual(warm.stdout, outputs[0][0])


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
