#!/usr/bin/env python3
"""find_package(parready) as a project uses it: parready is installed into a
scratch prefix, and a copy of tests/e2e/package-consumer (the example of
docs/install.md) is configured against it, built, and run with ctest. Its
parready_check() must give the two tests that write the same file one
RESOURCE_LOCK, leave the third test free, and so let `ctest -j4` pass.

usage: test_package.py CMAKE CTEST BUILD_DIR SOURCE_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

CMAKE, CTEST, BUILD_DIR, SOURCE_DIR = sys.argv[1:5]
CONSUMER = os.path.join(SOURCE_DIR, "tests", "e2e", "package-consumer")
CONFLICTING = ["SharedFile.WritesHello", "SharedFile.WritesWorld"]
SAFE = "Arithmetic.Adds"
SHARED_PATH = "/tmp/parready-consumer-shared.txt"


def run(argv, cwd=None):
    result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} exited {result.returncode}:\n{result.stdout}{result.stderr}")
    return result


def locks(build):
    """Each test's RESOURCE_LOCK and RUN_SERIAL, as CTest will apply them."""
    shown = json.loads(run([CTEST, "--test-dir", build, "--show-only=json-v1"]).stdout)
    found = {}
    for test in shown["tests"]:
        properties = {p["name"]: p["value"] for p in test.get("properties", [])}
        found[test["name"]] = (properties.get("RESOURCE_LOCK"), properties.get("RUN_SERIAL"))
    return found


def configure(source, build, prefix):
    # docs/usage.md: the file-API query before configuring tells parready
    # which sources make up which program.
    query = os.path.join(build, ".cmake", "api", "v1", "query", "client-parready")
    os.makedirs(query)
    open(os.path.join(query, "codemodel-v2"), "w").close()
    run([CMAKE, "-S", source, "-B", build, "-G", "Ninja", "-DCMAKE_PREFIX_PATH=" + prefix])


def file_listing(root):
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _, files in os.walk(root) for f in files)


class Consumer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.mkdtemp(prefix="parready-package-")
        cls.prefix = os.path.join(cls.scratch, "prefix")
        run([CMAKE, "--install", BUILD_DIR, "--prefix", cls.prefix])
        cls.source = os.path.join(cls.scratch, "consumer")
        shutil.copytree(CONSUMER, cls.source)
        cls.build = os.path.join(cls.scratch, "build")
        configure(cls.source, cls.build, cls.prefix)
        cls.before_build = subprocess.run([CTEST, "--test-dir", cls.build, "-N"], capture_output=True, text=True)
        cls.built = run([CMAKE, "--build", cls.build])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.scratch, ignore_errors=True)
        if os.path.exists(SHARED_PATH):
            os.remove(SHARED_PATH)

    def test_the_docs_show_this_project(self):
        with open(os.path.join(CONSUMER, "CMakeLists.txt")) as f:
            listfile = f.read()
        with open(os.path.join(SOURCE_DIR, "docs", "install.md")) as f:
            self.assertIn("```cmake\n" + listfile + "```\n", f.read())

    def test_ctest_reads_the_build_before_its_first_build(self):
        self.assertEqual(self.before_build.returncode, 0, self.before_build.stdout + self.before_build.stderr)

    def test_the_conflicting_tests_share_one_lock_and_the_safe_test_has_none(self):
        found = locks(self.build)
        self.assertEqual(sorted(found), sorted(CONFLICTING + [SAFE]))
        lock, serial = found[CONFLICTING[0]]
        self.assertEqual(lock, ["path:" + SHARED_PATH])
        self.assertEqual(found[CONFLICTING[1]], (lock, None))
        self.assertEqual(serial, None)
        self.assertEqual(found[SAFE], (None, None))

    def test_ctest_j4_passes(self):
        # Every discovered test ran: a ctest that finds none exits 0 too.
        result = run([CTEST, "--test-dir", self.build, "-j4", "--output-on-failure"])
        self.assertIn(f"100% tests passed, 0 tests failed out of {len(locks(self.build))}", result.stdout)

    def test_the_build_is_quiet_and_writes_only_into_the_build_tree(self):
        self.assertNotIn("warning", self.built.stdout + self.built.stderr)
        with open(os.path.join(self.build, "shared_file_test.json")) as f:
            report = json.load(f)
        self.assertEqual([(f["path"], f["verdict"]) for f in report["files"]], [("shared_file_test.cpp", "fixable")])
        self.assertEqual(file_listing(self.source), file_listing(CONSUMER))

    def test_a_rebuild_with_nothing_changed_runs_nothing(self):
        self.assertIn("no work to do", run([CMAKE, "--build", self.build]).stdout)

    def test_parready_check_after_the_discovery_call_works_the_same(self):
        source = os.path.join(self.scratch, "consumer-after")
        shutil.copytree(CONSUMER, source)
        listfile = os.path.join(source, "CMakeLists.txt")
        with open(listfile) as f:
            lines = f.read().splitlines(keepends=True)
        check = next(i for i, line in enumerate(lines) if line.startswith("parready_check("))
        discover = next(i for i, line in enumerate(lines) if line.startswith("gtest_discover_tests("))
        self.assertLess(check, discover, "the checked-in consumer calls parready_check first")
        lines[check], lines[discover] = lines[discover], lines[check]
        with open(listfile, "w") as f:
            f.writelines(lines)
        build = os.path.join(self.scratch, "build-after")
        configure(source, build, self.prefix)
        run([CMAKE, "--build", build])
        self.assertEqual(locks(build), locks(self.build))

    def test_a_build_without_compile_commands_is_refused_at_configure_time(self):
        source = os.path.join(self.scratch, "consumer-no-database")
        shutil.copytree(CONSUMER, source)
        listfile = os.path.join(source, "CMakeLists.txt")
        with open(listfile) as f:
            text = f.read()
        with open(listfile, "w") as f:
            f.write(text.replace("set(CMAKE_EXPORT_COMPILE_COMMANDS ON)", "set(CMAKE_EXPORT_COMPILE_COMMANDS OFF)"))
        result = subprocess.run([CMAKE, "-S", source, "-B", os.path.join(self.scratch, "build-no-database"), "-G",
                                 "Ninja", "-DCMAKE_PREFIX_PATH=" + self.prefix], capture_output=True, text=True)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("parready_check: parready reads the compile commands of shared_file_test", result.stderr)
        self.assertIn("CMAKE_EXPORT_COMPILE_COMMANDS", result.stderr)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
