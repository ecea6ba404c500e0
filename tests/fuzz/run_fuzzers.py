#!/usr/bin/env python3
"""Runs every libFuzzer target of a PARREADY_FUZZ build for a fixed time
(`make fuzz`, docs/testing.md#fuzzing) and prints, per target, the
executions, the corpus it grew and whether it crashed. Exit 1 on any crash.

Each target fuzzes a working corpus under the build directory, seeded from
tests/fuzz/corpus/<target>/: what it finds never lands in the source tree
unless someone copies a crash there as a regression test."""
import argparse
import pathlib
import re
import shutil
import subprocess
import sys

TARGETS = ["catalog", "rules", "facts", "durations", "pipeline"]


def run(build: pathlib.Path, seeds: pathlib.Path, target: str, seconds: int) -> dict:
    corpus = build / "fuzz-corpus" / target
    crashes = build / "fuzz-crashes" / target
    corpus.mkdir(parents=True, exist_ok=True)
    if crashes.exists():
        shutil.rmtree(crashes)
    crashes.mkdir(parents=True)
    binary = build / "tests" / "fuzz" / f"fuzz_{target}"
    command = [str(binary), f"-max_total_time={seconds}", "-print_final_stats=1", "-timeout=30",
               "-rss_limit_mb=4096", f"-artifact_prefix={crashes}/", str(corpus), str(seeds / target)]
    completed = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               errors="replace")
    log = build / "fuzz-crashes" / f"{target}.log"
    log.write_text(completed.stdout)
    executions = re.search(r"stat::number_of_executed_units:\s*(\d+)", completed.stdout)
    found = sorted(p.name for p in crashes.iterdir())
    return {"target": target, "executions": int(executions.group(1)) if executions else 0,
            "corpus": sum(1 for _ in corpus.iterdir()), "crashes": found, "exit": completed.returncode,
            "log": log}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-dir", type=pathlib.Path, required=True)
    parser.add_argument("--corpus", type=pathlib.Path, required=True, help="the seed corpora, one folder per target")
    parser.add_argument("--seconds", type=int, default=60, help="fuzzing time per target")
    parser.add_argument("targets", nargs="*", default=TARGETS)
    args = parser.parse_args()
    results = []
    for target in args.targets:
        print(f"fuzz: {target} for {args.seconds} s ...", flush=True)
        results.append(run(args.build_dir, args.corpus, target, args.seconds))
    print(f"\n{'target':<10} {'executions':>11} {'corpus':>7}  result")
    failed = False
    for r in results:
        ok = r["exit"] == 0 and not r["crashes"]
        failed |= not ok
        outcome = "no crash" if ok else f"FAILED (exit {r['exit']}): {', '.join(r['crashes']) or 'see ' + str(r['log'])}"
        print(f"{r['target']:<10} {r['executions']:>11} {r['corpus']:>7}  {outcome}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
