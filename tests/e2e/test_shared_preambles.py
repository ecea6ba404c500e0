#!/usr/bin/env python3
"""Shared preambles change nothing but the time (docs/cache.md#shared-preambles):
parready over the C++ fixture corpus (tests/fixtures, every rule's hazards
and look-alikes; every second file of it, in path order, so that every rule
and framework is there at half the suite time) in one run, with shared
preambles and without, must
write byte-identical JSON reports, and the first run must really have shared
one. The bundled example is checked the same way by e2e.example_verdicts
(with preambles) and e2e.build_actions (one TU per process, so without), both
against the same golden reports.

usage: test_shared_preambles.py PARREADY SOURCE_DIR
"""
import glob
import os
import re
import subprocess
import sys
import unittest

PARREADY, SOURCE_DIR = sys.argv[1:3]
FIXTURES = os.path.join(SOURCE_DIR, "tests", "fixtures")


def analyse(files, *options):
    result = subprocess.run([PARREADY, "--no-cache", "--verbose", "--format", "json", "--fail-on=never", *options,
                             *files, "--", "-std=c++17"],
                            cwd=FIXTURES, capture_output=True, text=True, timeout=1200)
    if result.returncode not in (0, 3):
        raise AssertionError(f"parready exited {result.returncode}: {result.stderr[-2000:]}")
    return result


class SharedPreambles(unittest.TestCase):
    def test_fixture_corpus_reports_are_byte_identical(self):
        # C fixtures and those with flags of their own need other commands.
        files = sorted(os.path.relpath(path, FIXTURES) for path in glob.glob(os.path.join(FIXTURES, "*", "*.cpp"))
                       if not re.search(r"^//\s*flags:", open(path).read(), re.M))
        self.assertGreater(len(files), 100)
        files = files[::2]
        shared = analyse(files)
        alone = analyse(files, "--no-shared-preamble")
        self.assertRegex(shared.stderr, r"\d+ shared preambles?")
        self.assertNotRegex(alone.stderr, r"shared preamble")
        self.assertEqual(shared.returncode, alone.returncode)
        self.assertEqual(shared.stdout, alone.stdout)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
