#!/usr/bin/env python3
"""End-to-end checks of parready on the bundled example suite
(examples/registry-review), in its two build variants.

  verdicts  configure both variants (no build: parready needs only the compile
            database) and compare parready's per-file verdicts with
            expected-verdicts.txt; the `fixed` variant must be all safe.
  runs      build both variants and run them where the result is deterministic:
            the unfixed suite serially, the fixed suite with `ctest -j4`. The
            racy combination (unfixed, parallel) is for race.sh only.

  The verdicts mode also renders every report format on the unfixed variant
  and compares each with its golden file (tests/golden/registry-review/);
  PARREADY_UPDATE_GOLDEN=1 rewrites them. The runs mode also does the lock
  experiment: the unfixed suite under `ctest -j4` fails without the
  `--format ctest` properties and never with them.

usage: test_example.py PARREADY SOURCE_DIR WORK_DIR {verdicts|runs}
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import jsonschema

import golden

PARREADY, SOURCE_DIR, WORK_DIR, MODE = sys.argv[1:5]
EXAMPLE = os.path.join(SOURCE_DIR, "examples", "registry-review")
VARIANTS = {"unfixed": "OFF", "fixed": "ON"}


def request_programs(build):
    """Asks CMake's file API for the code model, as docs/usage.md advises
    before configuring: parready then reads the test programs from the build."""
    query = os.path.join(build, ".cmake", "api", "v1", "query", "client-parready")
    os.makedirs(query, exist_ok=True)
    open(os.path.join(query, "codemodel-v2"), "w").close()


def configure(variant):
    build = os.path.join(WORK_DIR, variant)
    request_programs(build)
    subprocess.run(["cmake", "-S", EXAMPLE, "-B", build, "-G", "Ninja",
                    "-DCMAKE_BUILD_TYPE=Debug", "-DREGISTRY_REVIEW_FIXED=" + VARIANTS[variant]],
                   check=True, capture_output=True, text=True)
    return build


def analyse(build):
    result = subprocess.run([PARREADY, "-p", build, "--format", "json", "--fail-on=never"],
                            cwd=EXAMPLE, capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        raise AssertionError(f"parready exited {result.returncode}: {result.stderr}")
    report = json.loads(result.stdout)
    # The example exercises every resource kind the ctest runner reports
    # (paths, private entries, processes): the contract must describe them.
    with open(os.path.join(SOURCE_DIR, "docs", "report.schema.json")) as f:
        jsonschema.validate(report, json.load(f))
    return report


class Verdicts(unittest.TestCase):
    def check_clean(self, report):
        self.assertEqual(report["diagnostics"], [])
        for file in report["files"]:
            self.assertFalse(file["partial"], file["path"])

    def test_unfixed_verdicts_match_expected(self):
        report = analyse(configure("unfixed"))
        self.check_clean(report)
        actual = {f["path"]: f["verdict"] for f in report["files"]}
        self.assertEqual(actual, golden.expected_verdicts())
        self.assertFalse(report["summary"]["parallel_safe"])
        # Every resolved hazard is a real conflict with a partner in this
        # suite, not a latent one: the races happen within one run. (A value
        # parready could not resolve has no resource, hence no partners.)
        for file in report["files"]:
            for finding in file["findings"]:
                if finding["confidence"] == "high":
                    self.assertTrue(finding["conflict"], (file["path"], finding["message"]))

    def test_fixed_variant_is_all_safe(self):
        report = analyse(configure("fixed"))
        self.check_clean(report)
        self.assertEqual(len(report["files"]), len(golden.expected_verdicts()))
        unsafe = {f["path"]: [x["message"] for x in f["findings"]] for f in report["files"] if f["verdict"] != "safe"}
        self.assertEqual(unsafe, {})
        self.assertTrue(report["summary"]["parallel_safe"])


    def test_reports_match_golden_files(self):
        # Resource keys hold the example's absolute path, and reports list
        # resources by key: a copy under /tmp/zz-... sorts after the example's
        # own /tmp/registry-review paths wherever the repository is checked out.
        out = tempfile.mkdtemp(prefix="zz-parready-golden-", dir="/tmp")
        self.addCleanup(shutil.rmtree, out)
        example = os.path.join(out, "registry-review")
        shutil.copytree(EXAMPLE, example)
        build = os.path.join(out, "build")
        request_programs(build)
        subprocess.run(["cmake", "-S", example, "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Debug"],
                       check=True, capture_output=True, text=True)
        command = [PARREADY, "-p", build, "--fail-on=never", *golden.report_options(out)]
        result = subprocess.run(command, cwd=example, capture_output=True, text=True, timeout=900)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, "")  # every report went to its file

        with open(os.path.join(out, "report.sarif")) as f:
            sarif = json.load(f)
        with open(os.path.join(SOURCE_DIR, "tests", "data", "sarif-schema-2.1.0.json")) as f:
            jsonschema.Draft4Validator(json.load(f)).validate(sarif)
        self.assertGreater(len(sarif["runs"][0]["results"]), 0)

        golden.compare_with_golden_files(self, out, build=build, example=example, source_dir=SOURCE_DIR,
                                         update=os.environ.get("PARREADY_UPDATE_GOLDEN") == "1")


def ctest(build, *args, home):
    env = dict(os.environ, HOME=home)  # the smoke tests write $HOME/.registry-review
    return subprocess.run(["ctest", "--test-dir", build, "--output-on-failure", *args],
                          env=env, capture_output=True, text=True, timeout=1200)


class Runs(unittest.TestCase):
    def setUp(self):
        self.home = tempfile.mkdtemp(prefix="registry-review-home-")
        self.addCleanup(shutil.rmtree, self.home)

    def build(self, variant):
        build = configure(variant)
        subprocess.run(["cmake", "--build", build, "-j", "2"], check=True, capture_output=True, text=True)
        return build

    def test_unfixed_suite_passes_serially(self):
        result = ctest(self.build("unfixed"), "-j1", home=self.home)
        self.assertEqual(result.returncode, 0, result.stdout[-4000:])
        self.assertIn("100% tests passed", result.stdout)

    def test_fixed_suite_passes_in_parallel(self):
        build = self.build("fixed")
        for _ in range(2):
            result = ctest(build, "-j4", home=self.home)
            self.assertEqual(result.returncode, 0, result.stdout[-4000:])
            self.assertIn("100% tests passed", result.stdout)


    def test_ctest_properties_make_the_unfixed_suite_parallel_safe(self):
        build = self.build("unfixed")
        properties = os.path.join(WORK_DIR, "parready.cmake")
        subprocess.run([PARREADY, "-p", build, "--fail-on=never", "--format", f"ctest={properties}"],
                       cwd=EXAMPLE, check=True, capture_output=True, text=True, timeout=900)
        with open(properties) as f:
            planned = {m.group(1): m.group(2) for m in
                       re.finditer(r'^set_tests_properties\("([^"]+)" PROPERTIES (.*)\)$', f.read(), re.M)}

        runs = 3  # race.sh: the unfixed suite failed 10 of 10 ctest -j4 runs
        unlocked = [ctest(build, "-j4", home=self.home).returncode for _ in range(runs)]
        print(f"\nwithout the properties: {sum(rc != 0 for rc in unlocked)}/{runs} ctest -j4 runs failed")
        self.assertTrue(any(rc != 0 for rc in unlocked), "the unfixed suite never failed in parallel: "
                        "the experiment shows nothing")

        def reconfigure(value):
            subprocess.run(["cmake", "-S", EXAMPLE, "-B", build, f"-DREGISTRY_REVIEW_CTEST_PROPERTIES={value}"],
                           check=True, capture_output=True, text=True)
        reconfigure(properties)
        self.addCleanup(reconfigure, "")
        shown = subprocess.run(["ctest", "--test-dir", build, "--show-only=json-v1"],
                               check=True, capture_output=True, text=True)
        landed = {}
        for test in json.loads(shown.stdout)["tests"]:
            props = {p["name"]: p["value"] for p in test.get("properties", [])}
            landed[test["name"]] = props
        discovered = [name for name in planned if name in landed]
        self.assertGreater(len(discovered), 10)
        for name in discovered:
            props = landed[name]
            if "RESOURCE_LOCK" in planned[name]:
                locks = re.search(r'RESOURCE_LOCK "([^"]*)"', planned[name]).group(1).split(";")
                self.assertEqual(props.get("RESOURCE_LOCK"), locks, name)
            self.assertEqual(props.get("RUN_SERIAL", False), "RUN_SERIAL TRUE" in planned[name], name)

        locked_runs = 4
        for i in range(locked_runs):
            result = ctest(build, "-j4", home=self.home)
            self.assertEqual(result.returncode, 0, f"run {i + 1} with the properties: " + result.stdout[-4000:])
        print(f"with the properties: 0/{locked_runs} ctest -j4 runs failed")


if __name__ == "__main__":
    os.makedirs(WORK_DIR, exist_ok=True)
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(Verdicts if MODE == "verdicts" else Runs)
    sys.exit(0 if unittest.TextTestRunner(verbosity=2).run(suite).wasSuccessful() else 1)
