#!/usr/bin/env python3
"""parready's extraction as build actions (docs/build-actions.md), through the
CMake helper parready_facts() (cmake/ParreadyFacts.cmake) on a copy of the
bundled example configured with -DREGISTRY_REVIEW_PARREADY=ON:

  - `ninja parready` runs one `parready extract` per source and one `parready
    link`, and every report it writes equals the golden reports of a one-shot
    run (tests/golden/registry-review/) byte for byte;
  - a second `ninja parready` has nothing to do;
  - after one test file changes, exactly its extraction and the link run;
    after a header changes, the extractions of the files that include it;
  - `parready extract` with `-- COMMAND` writes the record that `-p` does;
  - records written by `extract` and read by `link` reject bad input with one
    line: a missing record, a corrupt record.

usage: test_build_actions.py PARREADY SOURCE_DIR WORK_DIR
"""
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import unittest

import golden

PARREADY, SOURCE_DIR, WORK_DIR = sys.argv[1:4]
EXAMPLE = os.path.join(SOURCE_DIR, "examples", "registry-review")


def ninja(build, *targets):
    result = subprocess.run(["ninja", "-C", build, "-j2", *targets], capture_output=True, text=True, timeout=1200)
    if result.returncode != 0:
        raise AssertionError(f"ninja failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def extracted(output):
    """The sources whose facts a ninja run extracted, from its status lines."""
    return sorted(line.split("parready: facts of ")[1] for line in output.splitlines() if "parready: facts of " in line)


def linked(output):
    return sum("parready: linking the facts" in line for line in output.splitlines())


class BuildActions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Under /tmp/zz-...: resources sort after the example's own /tmp paths, as in the golden run.
        shutil.rmtree(WORK_DIR, ignore_errors=True)
        os.makedirs(WORK_DIR)
        cls.scratch = tempfile.mkdtemp(prefix="zz-parready-actions-", dir="/tmp")
        cls.example = os.path.join(cls.scratch, "registry-review")
        shutil.copytree(EXAMPLE, cls.example)
        cls.build = os.path.join(cls.scratch, "build")
        query = os.path.join(cls.build, ".cmake", "api", "v1", "query", "client-parready")
        os.makedirs(query)
        open(os.path.join(query, "codemodel-v2"), "w").close()
        cls.reports = os.path.join(cls.scratch, "reports")
        os.makedirs(cls.reports)
        options = golden.report_options(cls.reports)
        formats = [value for flag, value in zip(options, options[1:]) if flag == "--format"]
        others = [item for index, item in enumerate(options)
                  if item != "--format" and (index == 0 or options[index - 1] != "--format")]
        subprocess.run(["cmake", "-S", cls.example, "-B", cls.build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Debug",
                        "-DREGISTRY_REVIEW_PARREADY=ON", f"-DPARREADY_EXECUTABLE={PARREADY}",
                        f"-DCMAKE_MODULE_PATH={os.path.join(SOURCE_DIR, 'cmake')}",
                        "-DREGISTRY_REVIEW_PARREADY_FORMATS=" + ";".join(formats),
                        "-DREGISTRY_REVIEW_PARREADY_OPTIONS=" + ";".join(others)],
                       check=True, capture_output=True, text=True)
        cls.first = ninja(cls.build, "parready")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.scratch, ignore_errors=True)

    def test_1_one_extraction_per_source_and_one_link(self):
        with open(os.path.join(self.build, "compile_commands.json")) as f:
            sources = sorted(os.path.relpath(entry["file"], self.example) for entry in json.load(f))
        self.assertEqual(extracted(self.first), sources)
        self.assertEqual(linked(self.first), 1)

    def test_2_reports_equal_the_one_shot_golden_reports(self):
        golden.compare_with_golden_files(self, self.reports, build=self.build, example=self.example,
                                         source_dir=SOURCE_DIR)

    def test_3_nothing_changed_nothing_runs(self):
        self.assertIn("ninja: no work to do", ninja(self.build, "parready"))

    def test_4_a_changed_test_file_reruns_its_extraction_and_the_link(self):
        with open(os.path.join(self.example, "tests", "test_smoke.cpp"), "a") as f:
            f.write("// edited\n")
        output = ninja(self.build, "parready")
        self.assertEqual(extracted(output), ["tests/test_smoke.cpp"])
        self.assertEqual(linked(output), 1)

    def test_5_a_changed_header_reruns_the_files_that_include_it(self):
        header = '#include "registry/cost_tracker.h"'
        includers = []
        for directory, _, names in os.walk(self.example):
            for name in names:
                if name.endswith(".cpp"):
                    with open(os.path.join(directory, name)) as f:
                        if header in f.read():
                            includers.append(os.path.relpath(os.path.join(directory, name), self.example))
        self.assertTrue(includers)
        with open(os.path.join(self.example, "src", "registry", "cost_tracker.h"), "a") as f:
            f.write("// edited\n")
        output = ninja(self.build, "parready")
        # Those that include it directly at least; through other headers, more.
        self.assertTrue(set(includers) <= set(extracted(output)), (includers, extracted(output)))
        self.assertLess(len(extracted(output)), len(extracted(self.first)))

    def test_6_extract_from_the_command_equals_extract_from_the_database(self):
        with open(os.path.join(self.build, "compile_commands.json")) as f:
            entry = next(e for e in json.load(f) if e["file"].endswith("test_locking.cpp"))
        from_command = os.path.join(WORK_DIR, "command.json")
        from_database = os.path.join(WORK_DIR, "database.json")
        command = entry.get("arguments") or shlex.split(entry["command"])
        subprocess.run([PARREADY, "extract", "--output", from_command, "--", *command],
                       cwd=entry["directory"], check=True, capture_output=True, text=True)
        subprocess.run([PARREADY, "extract", "-p", self.build, "--output", from_database, entry["file"]],
                       check=True, capture_output=True, text=True)
        with open(from_command) as a, open(from_database) as b:
            self.assertEqual(json.load(a)["facts"], json.load(b)["facts"])

    def test_7_bad_records_are_one_line_errors(self):
        corrupt = os.path.join(WORK_DIR, "corrupt.facts.json")
        with open(corrupt, "w") as f:
            f.write('{"schema": "parready-facts-record/1", "key": ')
        records = [os.path.join(root, name) for root, _, names in os.walk(os.path.join(self.build, "parready-facts"))
                   for name in names if name.endswith(".facts.json")]
        for bad in (corrupt, os.path.join(WORK_DIR, "missing.facts.json")):
            result = subprocess.run([PARREADY, "link", "--format", "json", *records, bad],
                                    cwd=self.example, capture_output=True, text=True)
            self.assertEqual(result.returncode, 3, result.stderr)
            errors = [line for line in result.stderr.splitlines() if "error" in line]
            self.assertEqual(len(errors), 1, result.stderr)
            self.assertIn(bad, errors[0])
            json.loads(result.stdout)  # the other records are still reported
        result = subprocess.run([PARREADY, "link", "--format", "json"], capture_output=True, text=True)
        self.assertEqual(result.returncode, 2)
        self.assertEqual(len(result.stderr.splitlines()), 1, result.stderr)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
