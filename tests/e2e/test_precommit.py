#!/usr/bin/env python3
"""The pre-commit hook (.pre-commit-hooks.yaml) with the real pre-commit
framework, offline: a scratch hook repository holds the manifest as it is in
this checkout, a scratch project uses it through `repo:` pointing at that
local repository, and `git commit` runs it.

A commit that adds a hazard is refused with the diagnostic shown, one that
fixes it passes, an unrelated commit passes although an old hazard is still
in the project, and only the changed files' findings are reported.

usage: test_precommit.py PARREADY_BINARY SOURCE_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

PARREADY = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else shutil.which("parready")
SOURCE_DIR = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else "."

SAFE = """#include <gtest/gtest.h>
#include <cstdlib>
#include <fstream>
#include <string>
TEST({suite}, WritesIntoItsOwnDirectory) {{
  char dir[] = "/tmp/parready-precommit-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::ofstream(std::string(dir) + "/out.txt") << "x";
}}
"""
# Two tests of one file that race on a fixed directory.
HAZARD = """#include <gtest/gtest.h>
#include <filesystem>
#include <fstream>
constexpr const char *kDir = "/tmp/parready-precommit-{name}";
TEST({suite}, WritesTheSharedFile) {{ std::ofstream(std::string(kDir) + "/out.txt") << "x"; }}
TEST({suite}, RemovesTheSharedDirectory) {{ std::filesystem::remove_all(kDir); }}
"""


class PreCommitHook(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="parready-precommit-")
        self.addCleanup(shutil.rmtree, self.root)
        home = os.path.join(self.root, "home")
        os.makedirs(home)
        self.env = dict(os.environ, HOME=home, PRE_COMMIT_HOME=os.path.join(self.root, "pre-commit-cache"),
                        PATH=os.path.dirname(PARREADY) + os.pathsep + os.environ.get("PATH", ""),
                        GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
                        GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com",
                        GIT_CONFIG_NOSYSTEM="1", PRE_COMMIT_COLOR="never")
        self.env.pop("PRE_COMMIT", None)
        hooks = os.path.join(self.root, "hooks")
        os.makedirs(hooks)
        shutil.copy(os.path.join(SOURCE_DIR, ".pre-commit-hooks.yaml"), hooks)
        self.git(hooks, "init", "-q")
        self.git(hooks, "add", ".")
        self.git(hooks, "commit", "-q", "-m", "hooks")
        rev = self.git(hooks, "rev-parse", "HEAD").stdout.strip()

        self.project = os.path.join(self.root, "project")
        os.makedirs(self.project)
        self.git(self.project, "init", "-q")
        self.write(".gitignore", "build/\n")
        self.write(".pre-commit-config.yaml",
                   f"repos:\n- repo: {hooks}\n  rev: {rev}\n  hooks:\n  - id: parready\n")
        self.write("README.md", "scratch project\n")
        result = subprocess.run(["pre-commit", "install"], cwd=self.project, env=self.env,
                                capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def git(self, cwd, *args, check=True):
        result = subprocess.run(["git", *args], cwd=cwd, env=self.env, capture_output=True, text=True, timeout=300)
        if check:
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        return result

    def write(self, name, text):
        path = os.path.join(self.project, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def database(self):
        """build/compile_commands.json for every test file, as re-running CMake writes it."""
        tests = sorted(f"tests/{name}" for name in os.listdir(os.path.join(self.project, "tests")))
        entries = [{"directory": self.project, "file": f, "command": f"c++ -std=c++17 -c {f} -o {f}.o"}
                   for f in tests]
        self.write("build/compile_commands.json", json.dumps(entries))

    def commit(self, message, *files, verify=True):
        self.database()
        self.git(self.project, "add", *files)
        result = self.git(self.project, "commit", "-m", message, *([] if verify else ["--no-verify"]), check=False)
        return result.returncode, result.stdout + result.stderr

    def test_a_hazard_is_refused_its_fix_passes_and_only_changed_files_are_reported(self):
        self.write("tests/a_test.cpp", SAFE.format(suite="A"))
        self.write("tests/b_test.cpp", SAFE.format(suite="B"))
        code, output = self.commit("safe start", ".gitignore", ".pre-commit-config.yaml", "README.md", "tests")
        self.assertEqual(code, 0, output)
        self.assertRegex(output, r"parready \(can the tests run in parallel\?\)\.+Passed")

        self.write("tests/b_test.cpp", HAZARD.format(suite="B", name="b"))
        code, output = self.commit("adds a hazard", "tests/b_test.cpp")
        self.assertNotEqual(code, 0, output)
        self.assertIn("Failed", output)
        self.assertRegex(output, r"tests/b_test\.cpp:5:\d+: warning: .*/tmp/parready-precommit-b.*\[parready-")
        self.assertEqual(self.git(self.project, "rev-list", "--count", "HEAD").stdout.strip(), "1",
                         "the refused commit must not be made")

        self.write("tests/b_test.cpp", "// each test in its own directory now\n" + SAFE.format(suite="B"))
        code, output = self.commit("fixes it", "tests/b_test.cpp")
        self.assertEqual(code, 0, output)

        # A hazard an earlier commit let in stays out of unrelated commits...
        self.write("tests/c_test.cpp", HAZARD.format(suite="C", name="c"))
        code, output = self.commit("legacy hazard", "tests/c_test.cpp", verify=False)
        self.assertEqual(code, 0, output)
        self.write("tests/a_test.cpp", "// touched\n" + SAFE.format(suite="A"))
        code, output = self.commit("unrelated change", "tests/a_test.cpp")
        self.assertEqual(code, 0, output)
        self.write("README.md", "scratch project, documented\n")
        code, output = self.commit("docs only", "README.md")
        self.assertEqual(code, 0, output)
        self.assertRegex(output, r"parready \(can the tests run in parallel\?\)\.+\(no files to check\)Skipped")

        # ...and is reported, alone, when its file changes.
        self.write("tests/c_test.cpp", "// touched\n" + HAZARD.format(suite="C", name="c"))
        self.write("tests/a_test.cpp", SAFE.format(suite="A"))
        code, output = self.commit("touches the hazard", "tests/c_test.cpp", "tests/a_test.cpp")
        self.assertNotEqual(code, 0, output)
        self.assertRegex(output, r"tests/c_test\.cpp:6:\d+: warning: .*\[parready-")
        warnings = [line for line in output.splitlines() if ": warning: " in line]
        self.assertTrue(warnings and all("c_test.cpp" in line for line in warnings), output)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
