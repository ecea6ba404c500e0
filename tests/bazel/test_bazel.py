#!/usr/bin/env python3
"""End-to-end test of the Bazel aspect (tools/bazel/) on the example suite.

A scratch workspace in a temporary directory holds a copy of
examples/registry-review, a BUILD file for it (the library as a cc_library,
every tests/test_*.cpp as a cc_test against the system GoogleTest) and a
parready_report target. Bazel (Debian's bazel-bootstrap, Bazel 4) builds the
report offline with its own output root in the temporary directory, then:

  verdicts     the report is valid JSON with the per-file verdicts of a one-shot
               `parready -p <cmake build> --format json` run over the same files
               (the same --runner); the extraction ran one action per source
  incremental  a second build with nothing changed runs no parready action, and
               after one test file changes only its extract action and the link
               action run (Bazel's execution log says which actions ran)

usage: test_bazel.py [PARREADY]   (default $PARREADY, else build/tool/parready)
Environment: BAZEL (default bazel), PARREADY_KEEP_SCRATCH=1 keeps the scratch
directory for a look afterwards.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(SOURCE_DIR, "examples", "registry-review")
RULES_DIR = os.path.join(SOURCE_DIR, "rules")
BAZEL_RULES = os.path.join(SOURCE_DIR, "tools", "bazel")
PARREADY = os.path.abspath(
    (sys.argv[1] if len(sys.argv) > 1 else None) or os.environ.get("PARREADY")
    or os.path.join(SOURCE_DIR, "build", "tool", "parready"))
BAZEL = os.environ.get("BAZEL", "bazel")
RUNNER = "bazel"
TIMEOUT = 1800  # one Bazel build, first one included (server start, analysis, 31 parses on 2 cores)

# The file whose change the incremental check makes.
CHANGED_TEST = "tests/test_state_manager.cpp"

WORKSPACE = """workspace(name = "registry_review")

local_repository(name = "parready", path = "{rules}")

load("@parready//:repositories.bzl", "parready_offline_repositories", "parready_repositories")

# Bazel 4 downloads rules_cc, rules_java and its coverage tools for any C++ build: offline,
# stand-ins (tools/bazel/README.md).
parready_offline_repositories()

parready_repositories(parready = "{parready}", rules_dir = "{rules_dir}")
"""

# Debian's /etc/bazel/bazelrc sets --sandbox_debug, which keeps every sandbox and
# prints linux-sandbox's trace for every action.
BAZELRC = """build --nosandbox_debug
build --show_progress_rate_limit=30
"""

# The CMake project in Bazel terms (CMakeLists.txt): its public include directory
# `src` as -Isrc on the library and the tests (not `includes = ["src"]`: Bazel
# passes that as -isystem, and code in system headers is not the suite's own),
# its two path definitions as in CMake (the data directory of the source tree,
# the worker beside the test programs).
BUILD = """load("@parready//:parready.bzl", "parready_report")

COPTS = ["-std=c++17", "-Isrc"]

cc_binary(
    name = "rr_review_worker",
    srcs = ["worker/rr_review_worker.cpp"],
    copts = COPTS,
)

cc_library(
    name = "registry",
    srcs = glob(["src/*.cpp"]),
    hdrs = glob(["src/registry/*.h"]),
    copts = COPTS,
    defines = [
        'REGISTRY_REVIEW_DATA_DIR=\\\\"{data_dir}\\\\"',
        'REGISTRY_REVIEW_WORKER=\\\\"{worker}\\\\"',
    ],
)

cc_library(
    name = "test_support",
    testonly = True,
    hdrs = ["tests/support/registry_test.h"],
    deps = [":registry"],
)

TESTS = [f[len("tests/"):-len(".cpp")] for f in glob(["tests/test_*.cpp"])]

[cc_test(
    name = t,
    srcs = ["tests/%s.cpp" % t],
    copts = COPTS,
    data = [":rr_review_worker"] + glob(["data/**"], exclude = ["data/.cache/**"]),
    linkopts = ["-lgtest", "-lgtest_main", "-lpthread"],
    deps = [":test_support"],
) for t in TESTS]

parready_report(
    name = "parready",
    formats = ["json", "text"],
    runner = "{runner}",
    tests = [":" + t for t in TESTS],
)
"""


def log(message):
    print(f"test_bazel: {message}", file=sys.stderr, flush=True)


def run(command, cwd, timeout=TIMEOUT, check=True):
    started = time.monotonic()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    log(f"{' '.join(command[:6])}{' ...' if len(command) > 6 else ''}: exit {result.returncode}, "
        f"{time.monotonic() - started:.1f} s")
    if check and result.returncode != 0:
        raise AssertionError(f"{command} exited {result.returncode}\n--- stdout\n{result.stdout}\n"
                             f"--- stderr\n{result.stderr}")
    return result


def read_execution_log(path):
    """The spawns of Bazel's --execution_log_json_file: JSON objects one after another."""
    with open(path) as f:
        text = f.read()
    decoder = json.JSONDecoder()
    spawns, at = [], 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at == len(text):
            return spawns
        spawn, at = decoder.raw_decode(text, at)
        spawns.append(spawn)


def verdicts_of(report):
    return {f["path"]: f["verdict"] for f in report["files"]}


def findings_of(report):
    return {f["path"]: sorted((x["rule"], x["verdict"], x["confidence"], x["message"]) for x in f["findings"])
            for f in report["files"]}


class Scratch:
    """The temporary directory: workspace, CMake build, Bazel output root."""

    def __init__(self):
        self.dir = os.path.realpath(tempfile.mkdtemp(prefix="parready-bazel-"))
        self.workspace = os.path.join(self.dir, "registry-review")
        self.cmake_build = os.path.join(self.dir, "cmake-build")
        self.output_root = os.path.join(self.dir, "bazel-root")
        self.builds = 0
        # The example's files only: no data/.cache of a run of its tests.
        shutil.copytree(EXAMPLE, self.workspace, ignore=shutil.ignore_patterns(".cache", "build*"))
        values = {"rules": BAZEL_RULES, "parready": PARREADY, "rules_dir": RULES_DIR, "runner": RUNNER,
                  "data_dir": os.path.join(self.workspace, "data"),
                  "worker": os.path.join(self.cmake_build, "rr_review_worker")}
        for name, template in (("WORKSPACE", WORKSPACE), ("BUILD", BUILD), (".bazelrc", BAZELRC)):
            with open(os.path.join(self.workspace, name), "w") as f:
                f.write(template.format(**values))

    def bazel(self, *arguments, check=True):
        # --nohome_rc: the developer's ~/.bazelrc is not this test's; the system
        # bazelrc stays (Debian's names the install base).
        return run([BAZEL, f"--output_user_root={self.output_root}", "--nohome_rc", *arguments],
                   cwd=self.workspace, check=check)

    def build_report(self):
        """Builds //:parready; returns (report, spawns of the build, Bazel's stderr)."""
        self.builds += 1
        execution_log = os.path.join(self.dir, f"execution-{self.builds}.json")
        result = self.bazel("build", f"--execution_log_json_file={execution_log}", "//:parready")
        bin_dir = self.bazel("info", "bazel-bin").stdout.strip()
        with open(os.path.join(bin_dir, "parready.json")) as f:
            report = json.load(f)
        return report, read_execution_log(execution_log), result.stderr

    def one_shot(self):
        """The report of a one-shot parready run on a CMake build of the same copy."""
        # The CMake file API query tells parready which sources make which program.
        query = os.path.join(self.cmake_build, ".cmake", "api", "v1", "query", "client-parready")
        os.makedirs(query)
        open(os.path.join(query, "codemodel-v2"), "w").close()
        run(["cmake", "-S", self.workspace, "-B", self.cmake_build, "-G", "Ninja",
             "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"], cwd=self.dir)
        result = run([PARREADY, "-p", self.cmake_build, "--format", "json", "--fail-on=never", "--runner", RUNNER],
                     cwd=self.workspace, timeout=900)
        return json.loads(result.stdout)

    def close(self):
        self.bazel("shutdown", check=False)
        if os.environ.get("PARREADY_KEEP_SCRATCH") == "1":
            log(f"scratch directory kept: {self.dir}")
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


def parready_spawns(spawns):
    return [s for s in spawns if s.get("mnemonic", "").startswith("Parready")]


def output_of(spawn):
    return [o["path"] for o in spawn.get("actualOutputs", [])]


class BazelAspect(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.access(PARREADY, os.X_OK):
            raise unittest.SkipTest(f"{PARREADY} is not an executable: build parready first")
        if shutil.which(BAZEL) is None:
            raise unittest.SkipTest(f"no {BAZEL}: apt-get install bazel-bootstrap (make bazel-test does)")
        started = time.monotonic()
        cls.scratch = Scratch()
        try:
            log(f"scratch directory {cls.scratch.dir}, parready {PARREADY}")
            cls.expected = cls.scratch.one_shot()
            cls.first, cls.first_spawns, _ = cls.scratch.build_report()
            cls.second, cls.second_spawns, cls.second_stderr = cls.scratch.build_report()
            with open(os.path.join(cls.scratch.workspace, CHANGED_TEST), "a") as f:
                f.write("// changed by tests/bazel/test_bazel.py: only this file's facts are extracted again\n")
            cls.third, cls.third_spawns, _ = cls.scratch.build_report()
        except BaseException:
            cls.scratch.close()
            raise
        log(f"setup done in {time.monotonic() - started:.1f} s")

    @classmethod
    def tearDownClass(cls):
        cls.scratch.close()

    def test_report_has_the_one_shot_verdicts(self):
        self.assertEqual(self.first["schema"], self.expected["schema"])
        self.assertEqual(len(self.expected["files"]), 24)
        self.assertEqual(verdicts_of(self.first), verdicts_of(self.expected))
        self.assertEqual(self.first["runner"], RUNNER)
        # Not parallel_safe_as_registered: Bazel has no CTest registration to read (null).
        counts = ("answer", "files", "tests", "safe", "fixable", "serial", "findings", "incomplete", "skipped",
                  "parallel_safe")
        self.assertEqual({k: self.first["summary"][k] for k in counts},
                         {k: self.expected["summary"][k] for k in counts})
        self.assertEqual(findings_of(self.first), findings_of(self.expected))
        # The library's files are no test files that define no test (skipped[]).
        self.assertEqual(self.first["skipped"], self.expected["skipped"])
        self.assertEqual(self.first["diagnostics"], self.expected["diagnostics"])
        for file in self.first["files"]:
            self.assertFalse(file["partial"], (file["path"], file.get("incomplete_reason")))

    def test_text_report_is_written(self):
        bin_dir = self.scratch.bazel("info", "bazel-bin").stdout.strip()
        with open(os.path.join(bin_dir, "parready.txt")) as f:
            text = f.read()
        self.assertIn("parready summary (runner: bazel)", text)

    def test_one_extract_action_per_source_and_one_link(self):
        spawns = parready_spawns(self.first_spawns)
        extracts = [s for s in spawns if s["mnemonic"] == "ParreadyExtract"]
        links = [s for s in spawns if s["mnemonic"] == "ParreadyLink"]
        sources = sorted(os.path.relpath(os.path.join(d, f), self.scratch.workspace)
                         for sub in ("src", "tests")
                         for d, _, files in os.walk(os.path.join(self.scratch.workspace, sub))
                         for f in files if f.endswith(".cpp"))
        self.assertEqual(len(sources), 31)  # 7 library files, 24 test files
        extracted = sorted(s["commandArgs"][-1] for s in extracts)  # the compile command's source
        self.assertEqual(extracted, sources)
        self.assertEqual(len(links), 1)

    def test_second_build_runs_no_parready_action(self):
        self.assertEqual([s["mnemonic"] for s in parready_spawns(self.second_spawns)], [])
        # Bazel's own summary agrees: no process but its internal ones (workspace status).
        summary = re.search(r"^INFO: (\d+) process(?:es)?(?:: (.*))?\.$", self.second_stderr, re.M)
        self.assertIsNotNone(summary, self.second_stderr)
        kinds = dict(reversed(part.split(" ", 1)) for part in (summary.group(2) or "").split(", ") if part)
        self.assertEqual({kind: n for kind, n in kinds.items() if kind != "internal"}, {}, summary.group(0))
        self.assertEqual(verdicts_of(self.second), verdicts_of(self.first))

    def test_changed_file_reruns_its_extract_and_the_link(self):
        spawns = parready_spawns(self.third_spawns)
        ran = sorted((s["mnemonic"], s["commandArgs"][-1] if s["mnemonic"] == "ParreadyExtract" else "")
                     for s in spawns)
        self.assertEqual(ran, [("ParreadyExtract", CHANGED_TEST), ("ParreadyLink", "")])
        self.assertEqual(verdicts_of(self.third), verdicts_of(self.first))


if __name__ == "__main__":
    started = time.monotonic()
    program = unittest.main(argv=[sys.argv[0], "-v"], exit=False)
    log(f"wall time {time.monotonic() - started:.1f} s")
    sys.exit(0 if program.result.wasSuccessful() else 1)
