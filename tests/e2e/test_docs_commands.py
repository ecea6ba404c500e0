#!/usr/bin/env python3
"""Every shell command of docs/getting-started.md and docs/integrations.md,
run as written, in page order, on a scratch CMake project with GoogleTest
tests at $HOME/src/myproject: the `sh` blocks, and the `run:` / `script:`
lines of the CI examples. A block marked `<!-- docs-test: make-test-builds-it -->`
is `make build`, which `make test` has just run; it must say nothing else.

usage: test_docs_commands.py PARREADY_BINARY SOURCE_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

PARREADY = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else shutil.which("parready")
SOURCE_DIR = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else "."
PAGES = ["docs/getting-started.md", "docs/integrations.md"]
BUILT_BY_MAKE_TEST = "<!-- docs-test: make-test-builds-it -->"

PROJECT_CMAKE = """cmake_minimum_required(VERSION 3.25)
project(myproject CXX)
enable_testing()
find_package(GTest REQUIRED)
include(GoogleTest)
add_executable(store_test tests/store_test.cpp)
target_link_libraries(store_test GTest::gtest_main)
gtest_discover_tests(store_test)
set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${CMAKE_BINARY_DIR}/parready.cmake)
"""
# Two tests that share a fixed file, one that writes into its own directory.
PROJECT_TEST = """#include <gtest/gtest.h>
#include <cstdlib>
#include <fstream>
#include <string>
constexpr const char *kStore = "/tmp/parready-docs-store.txt";
TEST(Store, SavesTheCounter) {
  std::ofstream(kStore) << 1;
  int value = 0;
  std::ifstream(kStore) >> value;
  EXPECT_EQ(value, 1);
}
TEST(Store, ResetsTheCounter) {
  std::ofstream(kStore) << 0;
  int value = 1;
  std::ifstream(kStore) >> value;
  EXPECT_EQ(value, 0);
}
TEST(Store, WritesIntoItsOwnDirectory) {
  char dir[] = "/tmp/parready-docs-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::ofstream(std::string(dir) + "/out.txt") << "x";
}
"""


def shell_commands(page):
    """The page's commands, in order: `sh` blocks whole, CI YAML by its lines."""
    text = open(os.path.join(SOURCE_DIR, page)).read()
    commands, skipped = [], []
    for match in re.finditer(r"(?:^(<!--[^\n]*-->)\n)?^```(\w*)\n(.*?)^```", text, re.M | re.S):
        marker, language, body = match.groups()
        if language == "sh":
            (skipped if marker == BUILT_BY_MAKE_TEST else commands).append(body)
        elif language == "yaml":
            commands += re.findall(r"^\s*- run: (.*)$", body, re.M)
            script = re.search(r"^(\s*)script:\n((?:\1\s+- .*\n)+)", body, re.M)
            if script:
                commands += re.findall(r"^\s+- (.*)$", script.group(2), re.M)
    return commands, skipped


class DocsCommands(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="parready-docs-")
        self.addCleanup(shutil.rmtree, self.root)
        self.home = os.path.join(self.root, "home")
        project = os.path.join(self.home, "src", "myproject")
        os.makedirs(os.path.join(project, "tests"))
        with open(os.path.join(project, "CMakeLists.txt"), "w") as f:
            f.write(PROJECT_CMAKE)
        with open(os.path.join(project, "tests", "store_test.cpp"), "w") as f:
            f.write(PROJECT_TEST)
        with open(os.path.join(project, ".gitignore"), "w") as f:
            f.write("build/\n")
        # $PARREADY_CHECKOUT/build/tool of the page is the binary under test.
        checkout = os.path.join(self.root, "checkout")
        os.makedirs(os.path.join(checkout, "build"))
        os.symlink(os.path.dirname(PARREADY), os.path.join(checkout, "build", "tool"))
        self.summary = os.path.join(self.root, "step-summary.md")
        self.env = dict(os.environ, HOME=self.home, PARREADY_CHECKOUT=checkout,
                        PRE_COMMIT_HOME=os.path.join(self.root, "pre-commit-cache"), PRE_COMMIT_COLOR="never",
                        GITHUB_STEP_SUMMARY=self.summary, GIT_CONFIG_NOSYSTEM="1",
                        GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
                        GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
        for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "start"]):
            subprocess.run(["git", *args], cwd=project, env=self.env, check=True, capture_output=True)
        self.project = project

    def run_page(self, page, env=None):
        commands, skipped = shell_commands(page)
        self.assertTrue(commands, f"{page} has no shell command")
        for block in skipped:
            self.assertEqual(block.strip(), "make build", f"{page}: only `make build` may be left to make test")
        script = "set -euo pipefail\ncd \"$HOME\"\n" + "\n".join(commands) + "\n"
        result = subprocess.run(["bash", "-c", script], env=env or self.env, capture_output=True, text=True,
                                timeout=600, cwd=self.home)
        self.assertEqual(result.returncode, 0,
                         f"{page}: a command failed\n--- script\n{script}\n--- stdout\n{result.stdout}"
                         f"\n--- stderr\n{result.stderr}")
        return result

    def test_getting_started_then_integrations(self):
        started = self.run_page("docs/getting-started.md")
        self.assertRegex(started.stdout, r"parready \d+\.\d+")
        self.assertRegex(started.stdout, r"tests/store_test\.cpp:\d+:\d+: warning: .*\[parready-shared-path\]")
        # The locks landed: both Store tests that share the file hold one.
        self.assertRegex(started.stdout, r"(?m)^2$")
        with open(os.path.join(self.project, "parready.sarif")) as f:
            self.assertEqual(json.load(f)["version"], "2.1.0")
        with open(os.path.join(self.project, "parready.json")) as f:
            self.assertEqual(json.load(f)["summary"]["fixable"], 1)

        # The page starts from an installed parready, on PATH.
        installed = dict(self.env, PATH=os.path.dirname(PARREADY) + os.pathsep + self.env["PATH"])
        self.run_page("docs/integrations.md", installed)
        self.assertTrue(os.path.exists(os.path.join(self.project, ".git", "hooks", "pre-commit")))
        with open(self.summary) as f:
            self.assertIn("# Test parallelization analysis", f.read())
        with open(os.path.join(self.project, "gl-code-quality.json")) as f:
            issues = json.load(f)
        self.assertTrue(issues)
        for issue in issues:
            self.assertEqual(set(issue), {"description", "check_name", "fingerprint", "severity", "location"})
            self.assertEqual(issue["location"]["path"], "tests/store_test.cpp")


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
