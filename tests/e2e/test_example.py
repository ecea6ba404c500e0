#!/usr/bin/env python3
"""End-to-end checks of parready on the bundled example suite
(examples/registry-review), in its two build variants.

  verdicts  configure both variants (no build: parready needs only the compile
            database) and compare parready's per-file verdicts with
            expected-verdicts.txt; the `fixed` variant must be all safe.
  runs      build both variants and run them where the result is deterministic:
            the unfixed suite serially, the fixed suite with `ctest -j4`. The
            racy combination (unfixed, parallel) is for race.sh only.

usage: test_example.py PARREADY SOURCE_DIR WORK_DIR {verdicts|runs}
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import jsonschema

PARREADY, SOURCE_DIR, WORK_DIR, MODE = sys.argv[1:5]
EXAMPLE = os.path.join(SOURCE_DIR, "examples", "registry-review")
VARIANTS = {"unfixed": "OFF", "fixed": "ON"}


def configure(variant):
    build = os.path.join(WORK_DIR, variant)
    subprocess.run(["cmake", "-S", EXAMPLE, "-B", build, "-G", "Ninja",
                    "-DCMAKE_BUILD_TYPE=Debug", "-DREGISTRY_REVIEW_FIXED=" + VARIANTS[variant]],
                   check=True, capture_output=True, text=True)
    return build


def expected_verdicts():
    verdicts = {}
    with open(os.path.join(EXAMPLE, "expected-verdicts.txt")) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                verdict, path = line.split()
                verdicts[path] = verdict
    return verdicts


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
        self.assertEqual(actual, expected_verdicts())
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
        self.assertEqual(len(report["files"]), len(expected_verdicts()))
        unsafe = {f["path"]: [x["message"] for x in f["findings"]] for f in report["files"] if f["verdict"] != "safe"}
        self.assertEqual(unsafe, {})
        self.assertTrue(report["summary"]["parallel_safe"])


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


if __name__ == "__main__":
    os.makedirs(WORK_DIR, exist_ok=True)
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(Verdicts if MODE == "verdicts" else Runs)
    sys.exit(0 if unittest.TextTestRunner(verbosity=2).run(suite).wasSuccessful() else 1)
