#!/usr/bin/env python3
"""Measure parready against Clang's own parse of the same test files.

    bench/run.py PARREADY_BINARY BUILD_DIR [--jobs N] [--repeat R] [--json]

BUILD_DIR holds a compile_commands.json. The test translation units are
selected the way parready selects them without FILE arguments (a file whose
text uses a test macro followed by '('; the first command of a file counts).
Then, in this one invocation, R times each, interleaved:

  baseline  clang-19 -fsyntax-only -w on every test TU, with the database's
            command line, N processes at a time; total wall time and the
            largest max RSS of any single clang process;
  parready  PARREADY -p BUILD_DIR --jobs N --format json -o TMP --fail-on=never --no-cache;
            wall time and max RSS of the process.

The medians and the ratios parready/baseline are printed. Ratios, not seconds,
are what compares across machines. Python standard library only.
"""

import argparse
import concurrent.futures
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))

# Used only when rules/api/frameworks.json (parready's own list) cannot be read.
FALLBACK_TEST_MACROS = [
    "TEST", "GTEST_TEST", "TEST_F", "TEST_P", "TYPED_TEST", "TYPED_TEST_P",
    "TEST_CASE", "TEST_CASE_METHOD", "SCENARIO", "TEST_CASE_FIXTURE",
    "DOCTEST_TEST_CASE", "DOCTEST_TEST_CASE_FIXTURE",
]

# Compiler launchers CMake may put before the compiler (CMAKE_<LANG>_COMPILER_LAUNCHER).
LAUNCHERS = {"ccache", "sccache", "distcc", "icecc", "buildcache"}

# Options dropped from the database's command, with whether they take a separate value.
# -c and -o per the brief; the -M family would write dependency files into the build
# tree (-M/-MM would even replace the parse with preprocessing).
DROP_WITH_VALUE = {"-o", "--output", "-MF", "-MT", "-MQ", "-MJ"}
DROP_ALONE = {"-c", "-M", "-MM", "-MD", "-MMD", "-MG", "-MP", "-fsyntax-only"}


def fail(message):
    print("bench: error: " + message, file=sys.stderr)
    sys.exit(2)


def warn(message):
    print("bench: warning: " + message, file=sys.stderr)


# ---------------------------------------------------------------- selection

def load_test_macros(rules_dir):
    path = os.path.join(rules_dir, "api", "frameworks.json")
    try:
        with open(path, encoding="utf-8") as f:
            names = [m["name"] for m in json.load(f)["test_macros"]]
        if names:
            return names, path
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return list(FALLBACK_TEST_MACROS), None


def is_identifier_char(c):
    return c.isascii() and (c.isalnum() or c == "_")


def mentions_test_macro(text, names):
    """parready's mentionsTestMacro (lib/input/TestSelection.cpp), character for character."""
    for name in names:
        pos = text.find(name)
        while pos != -1:
            if not (pos > 0 and is_identifier_char(text[pos - 1])):
                after = pos + len(name)
                while after < len(text) and text[after] in " \t":
                    after += 1
                if after < len(text) and text[after] == "(":
                    return True
            pos = text.find(name, pos + 1)
    return False


def command_arguments(entry):
    if "arguments" in entry:
        return list(entry["arguments"])
    return shlex.split(entry["command"])


def select_test_units(build_dir, names):
    database = os.path.join(build_dir, "compile_commands.json")
    try:
        with open(database, encoding="utf-8") as f:
            entries = json.load(f)
    except OSError as e:
        fail("%s: %s" % (database, e.strerror))
    except ValueError as e:
        fail("%s: malformed compilation database: %s" % (database, e))
    if not isinstance(entries, list):
        fail("%s: malformed compilation database: not a list" % database)

    units, seen = [], set()
    for entry in entries:
        directory = entry.get("directory", build_dir)
        file = os.path.normpath(os.path.join(directory, entry["file"]))
        if file in seen:  # a file compiled several ways: its first command, as parready does
            continue
        seen.add(file)
        try:
            with open(file, "rb") as f:
                text = f.read().decode("latin-1")  # byte for byte, like parready
        except OSError:
            text = None  # parready keeps unreadable files (and reports them)
        if text is None or mentions_test_macro(text, names):
            units.append({"file": file, "directory": directory,
                          "arguments": command_arguments(entry)})
    return units, len(seen)


def syntax_only_command(arguments, clang):
    args = list(arguments)
    while args and os.path.basename(args[0]) in LAUNCHERS:
        args.pop(0)
    result = [clang]
    i = 1
    while i < len(args):
        arg = args[i]
        if arg in DROP_WITH_VALUE:
            i += 2
            continue
        if arg in DROP_ALONE or arg.startswith("--output="):
            i += 1
            continue
        result.append(arg)
        i += 1
    result += ["-fsyntax-only", "-w"]
    return result


# ---------------------------------------------------------------- measuring

def run_measured(argv, cwd, stderr_path):
    """Run argv; return (exit code, wall s, max RSS bytes, cpu s) of that one child."""
    with open(stderr_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err)
        # wait4 on this pid: the rusage of exactly this child (and whatever it reaped),
        # unaffected by other children running concurrently in other threads.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, wall, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime


def first_lines(path, count=3):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = [line.rstrip() for line in f if line.strip()]
    except OSError:
        return ""
    return "\n".join("    " + line for line in lines[:count])


def run_pool(commands, jobs, scratch, name):
    """Run (file, argv, cwd) commands, `jobs` at a time, one process each: total wall time,
    the largest max RSS of any single process, the CPU time of all, and the failures."""
    def one(indexed):
        index, (file, argv, cwd) = indexed
        stderr_path = os.path.join(scratch, "%s-%d.err" % (name, index))
        code, _, rss, cpu = run_measured(argv, cwd, stderr_path)
        return file, code, rss, cpu, stderr_path

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(one, enumerate(commands)))
    wall = time.perf_counter() - start
    failures = [(file, code, first_lines(path)) for file, code, _, _, path in results if code != 0]
    return {
        "wall_s": wall,
        "max_rss_bytes": max((r[2] for r in results), default=0),
        "cpu_s": sum(r[3] for r in results),
        "failures": failures,
    }


def run_baseline(units, clang, jobs, scratch):
    return run_pool([(unit["file"], syntax_only_command(unit["arguments"], clang), unit["directory"])
                     for unit in units], jobs, scratch, "clang")


def run_parready(binary, build_dir, jobs, rules_dir, scratch):
    # The report goes to a scratch file, not /dev/null: parready writes -o FILE
    # atomically (temporary file, then rename), so as root `-o /dev/null` would
    # replace the /dev/null device node with a regular file.
    report = os.path.join(scratch, "report.json")
    # --follow-library=false: parready parses exactly the TUs the baseline
    # parses (following calls into the code under test is extra work, not
    # overhead on the same work).
    # --no-cache: every measured run parses (the warm-up round would fill the
    # build directory's facts cache, and the runs after it would be warm).
    argv = [binary, "-p", build_dir, "--jobs", str(jobs), "--format", "json",
            "-o", report, "--fail-on=never", "--follow-library=false", "--no-cache"]
    if rules_dir:
        argv += ["--rules-dir", rules_dir]
    stderr_path = os.path.join(scratch, "parready.err")
    code, wall, rss, cpu = run_measured(argv, os.getcwd(), stderr_path)
    files = None
    try:
        with open(report, encoding="utf-8") as f:
            files = [entry["path"] for entry in json.load(f).get("files", [])]
        os.remove(report)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return {"wall_s": wall, "max_rss_bytes": rss, "cpu_s": cpu, "exit_code": code,
            "files": files, "stderr": first_lines(stderr_path, 5)}


def version_line(argv):
    try:
        out = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, timeout=30).stdout
        return out.decode("utf-8", "replace").splitlines()[0].strip()
    except (OSError, subprocess.SubprocessError, IndexError):
        return None


def busy_cpu_seconds():
    """CPU seconds the whole machine spent busy since boot (Linux /proc/stat), or None."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()
        # cpu user nice system idle iowait irq softirq steal ...
        ticks = [int(x) for x in fields[1:9]]
        return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


# ---------------------------------------------------------------- reporting

def ratio(a, b):
    return a / b if b else None


def fmt(value, digits):
    return "n/a" if value is None else "%.*f" % (digits, value)


def main():
    parser = argparse.ArgumentParser(
        description="Time and memory of parready relative to clang-19 -fsyntax-only "
                    "on the same test translation units.")
    parser.add_argument("parready", metavar="PARREADY_BINARY")
    parser.add_argument("build_dir", metavar="BUILD_DIR",
                        help="directory containing compile_commands.json")
    parser.add_argument("--jobs", "-j", type=int, default=1,
                        help="TUs parsed concurrently, by both sides (default 1)")
    parser.add_argument("--repeat", "-r", type=int, default=3,
                        help="measured runs of each side; the median is reported (default 3)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="unmeasured runs of each side first, to warm the page cache (default 1)")
    parser.add_argument("--clang", default="clang-19", help="baseline compiler (default clang-19)")
    parser.add_argument("--rules-dir",
                        help="parready rules directory: its api/frameworks.json gives the test "
                             "macros, and it is passed to parready (default: the rules/ beside "
                             "bench/, not passed)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    if args.jobs < 1 or args.repeat < 1 or args.warmup < 0:
        fail("--jobs and --repeat must be at least 1, --warmup at least 0")
    binary = os.path.abspath(args.parready) if os.sep in args.parready else shutil.which(args.parready)
    if not binary or not os.access(binary, os.X_OK):
        fail("%s: not an executable" % args.parready)
    clang = shutil.which(args.clang)
    if not clang:
        fail("%s: not found (apt-get install clang-19)" % args.clang)
    build_dir = os.path.abspath(args.build_dir)
    rules_dir = os.path.abspath(args.rules_dir) if args.rules_dir else None

    names, macro_source = load_test_macros(rules_dir or os.path.join(SCRIPT_DIR, "..", "rules"))
    if macro_source is None:
        warn("rules/api/frameworks.json not readable; using the built-in test macro list")
    units, database_files = select_test_units(build_dir, names)
    if not units:
        fail("no test translation units in %s/compile_commands.json" % build_dir)

    busy_before, start = busy_cpu_seconds(), time.perf_counter()
    baseline_runs, parready_runs, our_cpu = [], [], 0.0
    with tempfile.TemporaryDirectory(prefix="parready-bench-") as scratch:
        for round_ in range(args.warmup + args.repeat):
            measured = round_ >= args.warmup
            if not args.json:
                print("bench: %s %d/%d" % ("run" if measured else "warm-up",
                                           round_ - args.warmup + 1 if measured else round_ + 1,
                                           args.repeat if measured else args.warmup),
                      file=sys.stderr, flush=True)
            # Interleaved, so drift of the machine (thermal, other load) hits both sides.
            b = run_baseline(units, clang, args.jobs, scratch)
            p = run_parready(binary, build_dir, args.jobs, rules_dir, scratch)
            our_cpu += b["cpu_s"] + p["cpu_s"]
            if measured:
                baseline_runs.append(b)
                parready_runs.append(p)

    # CPU time the rest of the machine used meanwhile, in CPUs: a busy machine makes
    # the seconds noisy (the ratios less so, the runs being interleaved).
    busy_after, elapsed = busy_cpu_seconds(), time.perf_counter() - start
    cpus = os.cpu_count() or 1
    other_load = None
    if busy_before is not None and busy_after is not None and elapsed > 0:
        other_load = max(0.0, (busy_after - busy_before - our_cpu) / elapsed)
        if other_load > 0.2:
            warn("other processes kept %.1f of the %d CPUs busy during the runs: the seconds "
                 "are noisy; compare the ratios, or repeat on a quiet machine" % (other_load, cpus))

    # Sanity checks: both sides must have done the same, complete work.
    b, p = baseline_runs[-1], parready_runs[-1]
    for file, code, lines in b["failures"]:
        warn("clang failed on %s (exit %d); baseline time is off\n%s" % (file, code, lines))
    if p["exit_code"] == 2 or p["files"] is None:
        print("bench: error: parready did not analyse (exit %d)\n%s" % (p["exit_code"], p["stderr"]),
              file=sys.stderr)
        return 1
    if p["exit_code"] != 0:
        warn("parready exited with %d (3: a file did not parse cleanly)\n%s" % (p["exit_code"], p["stderr"]))
    selected = {u["file"] for u in units}
    analysed = {os.path.normpath(f if os.path.isabs(f) else os.path.join(os.getcwd(), f))
                for f in p["files"]}
    # The report lists the files in which parready found test cases (or that did not
    # parse): a subset of what it analysed, which should be what the baseline parsed.
    if analysed - selected:
        warn("parready reports files the baseline did not parse; the selections differ:\n" +
             "\n".join("    " + f for f in sorted(analysed - selected)))
    if selected - analysed:
        warn("%d of the %d selected files are not in parready's report (no test case of a "
             "known framework found in them; they were parsed all the same):\n%s" % (
                 len(selected - analysed), len(selected),
                 "\n".join("    " + f for f in sorted(selected - analysed))))

    mb = 1024.0 * 1024.0

    def median(runs, key):
        return statistics.median(r[key] for r in runs)

    figures = {
        "tus": len(units),
        "database_files": database_files,
        "jobs": args.jobs,
        "repeat": args.repeat,
        "cpus": cpus,
        "other_load_cpus": other_load,
        "baseline": {
            "command": "%s -fsyntax-only -w" % os.path.basename(clang),
            "version": version_line([clang, "--version"]),
            "wall_s": median(baseline_runs, "wall_s"),
            "cpu_s": median(baseline_runs, "cpu_s"),
            "max_rss_mb": median(baseline_runs, "max_rss_bytes") / mb,
            "runs_wall_s": [r["wall_s"] for r in baseline_runs],
            "failed_tus": len(b["failures"]),
        },
        "parready": {
            "binary": binary,
            "version": version_line([binary, "--version"]),
            "wall_s": median(parready_runs, "wall_s"),
            "cpu_s": median(parready_runs, "cpu_s"),
            "max_rss_mb": median(parready_runs, "max_rss_bytes") / mb,
            "runs_wall_s": [r["wall_s"] for r in parready_runs],
            "exit_code": p["exit_code"],
            "reported_files": len(analysed),
        },
    }
    figures["ratio"] = {
        "wall": ratio(figures["parready"]["wall_s"], figures["baseline"]["wall_s"]),
        "cpu": ratio(figures["parready"]["cpu_s"], figures["baseline"]["cpu_s"]),
        "max_rss": ratio(figures["parready"]["max_rss_mb"], figures["baseline"]["max_rss_mb"]),
    }

    if args.json:
        json.dump(figures, sys.stdout, indent=2)
        print()
        return 0

    base, tool, r = figures["baseline"], figures["parready"], figures["ratio"]
    header = ["jobs", "TUs", "baseline s", "parready s", "time ratio",
              "baseline MB", "parready MB", "memory ratio"]
    row = [str(args.jobs), str(len(units)), fmt(base["wall_s"], 2), fmt(tool["wall_s"], 2),
           fmt(r["wall"], 2), fmt(base["max_rss_mb"], 1), fmt(tool["max_rss_mb"], 1),
           fmt(r["max_rss"], 2)]
    widths = [max(len(h), len(c)) for h, c in zip(header, row)]
    print("  ".join(h.rjust(w) for h, w in zip(header, widths)))
    print("  ".join(c.rjust(w) for c, w in zip(row, widths)))
    print("median of %d runs; baseline: %s per TU, %d at a time (MB: largest single process); "
          "cpu ratio %s" % (args.repeat, base["command"], args.jobs, fmt(r["cpu"], 2)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
