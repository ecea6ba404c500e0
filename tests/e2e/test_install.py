#!/usr/bin/env python3
"""`cmake --install` as a user runs it: the installed binary, with its rules
and docs under share/parready, works without the source tree's.

usage: test_install.py CMAKE BUILD_DIR SOURCE_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

CMAKE, BUILD_DIR, SOURCE_DIR = sys.argv[1:4]

FIXED_PATH_PROGRAM = """#include <cstdio>
int main() { std::FILE *f = std::fopen("/tmp/parready-e2e-install.txt", "w"); return f ? 0 : 1; }
"""


def run(argv, cwd=None):
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=300)


class Installed(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.prefix = tempfile.mkdtemp(prefix="parready-install-")
        installed = run([CMAKE, "--install", BUILD_DIR, "--prefix", cls.prefix])
        if installed.returncode != 0:
            raise RuntimeError("cmake --install failed:\n" + installed.stdout + installed.stderr)
        cls.binary = os.path.join(cls.prefix, "bin", "parready")
        cls.share = os.path.join(cls.prefix, "share", "parready")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.prefix, ignore_errors=True)

    def test_the_layout(self):
        self.assertTrue(os.access(self.binary, os.X_OK))
        for part in ("rules/registry.json", "rules/api/filesystem.json", "rules/snippets",
                     "docs/configuration.md", "docs/report.schema.json", "docs/rules/parready-shared-path.md"):
            self.assertTrue(os.path.exists(os.path.join(self.share, part)), part)

    def test_the_rule_reference_comes_from_the_installed_data(self):
        listed = run([self.binary, "--list-rules"])
        self.assertEqual(listed.returncode, 0, listed.stderr)
        with open(os.path.join(SOURCE_DIR, "rules", "registry.json")) as f:
            ids = json.load(f)["rules"]
        self.assertEqual([line.split()[0] for line in listed.stdout.splitlines()], ids)
        explained = run([self.binary, "--explain", "parready-fixed-port"])
        with open(os.path.join(self.share, "docs", "rules", "parready-fixed-port.md")) as f:
            self.assertEqual(explained.stdout, f.read())

    def test_it_analyses_a_suite(self):
        scratch = tempfile.mkdtemp(prefix="parready-install-suite-")
        self.addCleanup(shutil.rmtree, scratch, True)
        with open(os.path.join(scratch, "fixed_test.cpp"), "w") as f:
            f.write(FIXED_PATH_PROGRAM)
        result = run([self.binary, "--format", "json", "--no-cache", "fixed_test.cpp", "--", "-std=c++17"], cwd=scratch)
        self.assertEqual(result.returncode, 1, result.stderr)
        report = json.loads(result.stdout)
        self.assertEqual([(f["path"], f["verdict"]) for f in report["files"]], [("fixed_test.cpp", "fixable")])
        self.assertEqual(report["files"][0]["findings"][0]["rule"], "parready-shared-path")

    def test_it_reads_the_installed_rules_not_the_source_trees(self):
        # A broken installed registry is what the binary reports: it looked there.
        registry = os.path.join(self.share, "rules", "registry.json")
        with open(registry) as f:
            original = f.read()
        self.addCleanup(lambda: open(registry, "w").write(original))
        with open(registry, "w") as f:
            f.write("{")
        result = run([self.binary, "--list-rules"])
        self.assertEqual(result.returncode, 2)
        self.assertIn(registry, result.stderr)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
