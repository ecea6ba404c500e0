#!/usr/bin/env python3
"""Compare parready's wall-time projection with measured ctest runs of the
bundled example suite (examples/registry-review).

    bench/projection.py PARREADY_BINARY [--work DIR] [--jobs J] [--repeat R]

In this one invocation:

  1. build the example as written (unfixed) and with its fix (fixed);
  2. measure `ctest -j1` on the unfixed build: the serial wall time, and the
     CTestCostData.txt the projection reads;
  3. run parready --durations <that file> --workers J: its projection of the
     serial, unlocked, locked and after-the-fixes wall times (the text line);
  4. measure `ctest -jJ`, R times each:
       unlocked    the unfixed build as it is (fast, and failing);
       locked      the unfixed build with parready's --format ctest file;
       after fixes the fixed build with only the RUN_SERIAL lines of that file
                   (what is left once the fixable hazards are fixed);
  5. print projected against measured (median), and the ratio.

Ratios of wall times compare across machines; the seconds do not.
Python standard library only; needs cmake, ninja, ctest, pkill.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(SOURCE_DIR, "examples", "registry-review")
PROJECTION = re.compile(r"projected wall time with (\d+) workers \(.*\): serial ([\d.]+) s, as written ([\d.]+) s"
                        r"(?: \(racing\))?, with the CTest properties ([\d.]+) s, after the fixes ([\d.]+) s")


def build(work, variant, fixed, properties=""):
    directory = os.path.join(work, variant)
    subprocess.run(["cmake", "-S", EXAMPLE, "-B", directory, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Debug",
                    f"-DREGISTRY_REVIEW_FIXED={'ON' if fixed else 'OFF'}",
                    f"-DREGISTRY_REVIEW_CTEST_PROPERTIES={properties}"],
                   check=True, capture_output=True, text=True)
    subprocess.run(["cmake", "--build", directory], check=True, capture_output=True, text=True)
    return directory


def ctest(directory, jobs, home):
    start = time.monotonic()
    result = subprocess.run(["ctest", "--test-dir", directory, f"-j{jobs}"], capture_output=True, text=True,
                            env=dict(os.environ, HOME=home))
    return time.monotonic() - start, result.returncode == 0


def measure(directory, jobs, repeat, home):
    runs = [ctest(directory, jobs, home) for _ in range(repeat)]
    return statistics.median(seconds for seconds, _ in runs), sum(not passed for _, passed in runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("parready")
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "parready-projection"))
    parser.add_argument("--jobs", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    home = os.path.join(args.work, "home")  # the smoke tests write $HOME/.registry-review
    os.makedirs(home, exist_ok=True)

    unfixed = build(args.work, "unfixed", False)
    serial_seconds, serial_passed = ctest(unfixed, 1, home)
    if not serial_passed:
        sys.exit("the unfixed suite fails even serially: nothing to compare")
    costs = os.path.join(unfixed, "Testing", "Temporary", "CTestCostData.txt")

    properties = os.path.join(args.work, "parready.cmake")
    analysis = subprocess.run([os.path.abspath(args.parready), "-p", unfixed, "--fail-on=never",
                               "--durations", costs, "--workers", str(args.jobs),
                               "--format", "text", "--format", f"ctest={properties}"],
                              cwd=EXAMPLE, capture_output=True, text=True, check=True)
    match = PROJECTION.search(analysis.stdout)
    if not match:
        sys.exit("parready printed no projection:\n" + analysis.stdout[-2000:])
    projected = dict(zip(["serial", "unlocked", "locked", "after fixes"], map(float, match.groups()[1:])))

    serial_only = os.path.join(args.work, "parready-serial-only.cmake")
    with open(properties) as source, open(serial_only, "w") as target:
        target.writelines(line for line in source if "RUN_SERIAL TRUE" in line)
    locked = build(args.work, "locked", False, properties)
    fixed = build(args.work, "fixed", True, serial_only)

    measured = {"serial": (serial_seconds, 0)}
    measured["unlocked"] = measure(unfixed, args.jobs, args.repeat, home)
    measured["locked"] = measure(locked, args.jobs, args.repeat, home)
    measured["after fixes"] = measure(fixed, args.jobs, args.repeat, home)

    print(f"registry-review, ctest -j{args.jobs}, median of {args.repeat} runs (serial: one run)")
    print(f"{'':14}{'projected':>11}{'measured':>11}{'ratio':>8}  failing runs")
    for name, prediction in projected.items():
        seconds, failing = measured[name]
        runs = 1 if name == "serial" else args.repeat
        print(f"{name:14}{prediction:>10.2f}s{seconds:>10.2f}s{prediction / seconds:>8.2f}  {failing}/{runs}")


if __name__ == "__main__":
    main()
