#!/usr/bin/env python3
"""parready on its own test suite (docs/testing.md#dog-fooding): its tests run
with `ctest -j`, so parready must find no two of them in conflict, and every
test file must be analysed completely (a file that Clang cannot parse would
be serial, and its hazards unknown).

usage: test_dogfood.py PARREADY_BINARY SOURCE_DIR BUILD_DIR
"""
import json
import subprocess
import sys
import unittest

PARREADY, SOURCE_DIR, BUILD_DIR = sys.argv[1:4]


class Dogfood(unittest.TestCase):
    def test_parready_finds_its_own_tests_parallel_safe(self):
        # The library under test is not followed: parready's own code is not
        # what its tests share, and following it triples the time in CI.
        result = subprocess.run([PARREADY, "-p", BUILD_DIR, "--root", SOURCE_DIR, "--follow-library=false",
                                 "--format", "json", "--fail-on=never"],
                                cwd=SOURCE_DIR, capture_output=True, text=True, timeout=1200)
        self.assertEqual(result.returncode, 0, result.stderr)
        report = json.loads(result.stdout)
        summary = report["summary"]
        files = {f["path"]: f for f in report["files"]}
        self.assertTrue(any(path.startswith("tests/unit/") for path in files), sorted(files))
        self.assertTrue(all(path.startswith("tests/") for path in files), sorted(files))
        self.assertEqual([path for path, f in files.items() if f["partial"]], [], result.stderr)
        conflicts = [(f["test"], f["rule"], f["message"]) for file in report["files"] for f in file["findings"]
                     if f["conflict"]]
        self.assertEqual(conflicts, [])
        self.assertTrue(summary["parallel_safe"])
        self.assertEqual(summary["answer"], "yes", json.dumps(summary))
        self.assertEqual(report["skipped"], [])


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
