#!/usr/bin/env python3
"""The .deb that CPack makes of the build (cmake/Packaging.cmake), unpacked
into a scratch root: its control fields, and the packaged binary running
with the packaged rules, on the bundled example suite.

usage: test_deb.py CPACK CMAKE BUILD_DIR SOURCE_DIR
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import golden

CPACK, CMAKE, BUILD_DIR, SOURCE_DIR = sys.argv[1:5]
EXAMPLE = os.path.join(SOURCE_DIR, "examples", "registry-review")


def run(argv, cwd=None, timeout=300):
    result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} exited {result.returncode}:\n{result.stdout}{result.stderr}")
    return result


def project_version():
    with open(os.path.join(SOURCE_DIR, "CMakeLists.txt")) as f:
        return re.search(r"project\(parready VERSION (\S+)", f.read()).group(1)


class Deb(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.mkdtemp(prefix="parready-deb-")
        # -B: the package and CPack's staging tree land here, not in the build tree.
        out = os.path.join(cls.scratch, "out")
        run([CPACK, "-G", "DEB", "--config", os.path.join(BUILD_DIR, "CPackConfig.cmake"), "-B", out])
        (cls.deb,) = glob.glob(os.path.join(out, "*.deb"))
        cls.root = os.path.join(cls.scratch, "root")
        run(["dpkg", "-x", cls.deb, cls.root])
        cls.binary = os.path.join(cls.root, "usr", "bin", "parready")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.scratch, ignore_errors=True)

    def field(self, name):
        return run(["dpkg-deb", "-f", self.deb, name]).stdout.strip()

    def test_the_control_fields(self):
        self.assertIn("Package: parready", run(["dpkg-deb", "-I", self.deb]).stdout)
        self.assertEqual(self.field("Package"), "parready")
        self.assertEqual(self.field("Version"), project_version())
        self.assertEqual(os.path.basename(self.deb), f"parready_{project_version()}_{self.field('Architecture')}.deb")
        self.assertEqual(self.field("Section"), "devel")
        depends = [d.split()[0] for d in self.field("Depends").split(", ")]
        for package in ("libclang-cpp19", "libllvm19", "libclang-common-19-dev"):
            self.assertIn(package, depends)

    def test_the_layout_under_usr(self):
        share = os.path.join(self.root, "usr", "share", "parready")
        for part in ("rules/registry.json", "docs/rules/parready-shared-path.md", "cmake/parreadyConfig.cmake",
                     "cmake/parreadyConfigVersion.cmake", "cmake/parreadyTargets.cmake", "cmake/ParreadyCheck.cmake"):
            self.assertTrue(os.path.exists(os.path.join(share, part)), part)

    def test_the_binary_finds_its_libraries_on_the_system_path(self):
        dynamic = run(["readelf", "-d", self.binary]).stdout
        self.assertNotIn("RUNPATH", dynamic)
        self.assertNotIn("RPATH", dynamic)

    def test_the_version(self):
        self.assertIn(project_version(), run([self.binary, "--version"]).stdout)

    def test_the_rules_are_the_packaged_ones(self):
        with open(os.path.join(SOURCE_DIR, "rules", "registry.json")) as f:
            ids = json.load(f)["rules"]
        listed = run([self.binary, "--list-rules"]).stdout
        self.assertEqual([line.split()[0] for line in listed.splitlines()], ids)
        # A broken packaged registry is what the binary reports: it looked there.
        registry = os.path.join(self.root, "usr", "share", "parready", "rules", "registry.json")
        with open(registry) as f:
            original = f.read()
        def restore():
            with open(registry, "w") as f:
                f.write(original)
        self.addCleanup(restore)
        with open(registry, "w") as f:
            f.write("{")
        broken = subprocess.run([self.binary, "--list-rules"], capture_output=True, text=True, timeout=60)
        self.assertEqual(broken.returncode, 2)
        self.assertIn(registry, broken.stderr)

    def test_it_analyses_the_example_suite(self):
        # As tests/e2e/test_example.py: configuring the example writes its
        # compile database (and the file-API reply naming its programs).
        build = os.path.join(self.scratch, "example")
        query = os.path.join(build, ".cmake", "api", "v1", "query", "client-parready")
        os.makedirs(query)
        open(os.path.join(query, "codemodel-v2"), "w").close()
        run([CMAKE, "-S", EXAMPLE, "-B", build, "-G", "Ninja"])
        result = run([self.binary, "-p", build, "--format", "json", "--fail-on=never", "--progress=never"],
                     cwd=EXAMPLE, timeout=900)
        report = json.loads(result.stdout)
        self.assertEqual(report["diagnostics"], [])
        self.assertEqual({f["path"]: f["verdict"] for f in report["files"]}, golden.expected_verdicts())


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
