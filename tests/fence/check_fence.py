#!/usr/bin/env python3
"""Proves the stage fence of lib/CMakeLists.txt with the compiler itself.

Each probe is compiled with the compile command of one of the stage's own
sources (from the build's compile_commands.json), so it sees exactly what that
stage's code sees: its include roots, its system headers, its flags.

  visibility                  every stage sees the headers of the stages it links,
                              directly or not, and of no other stage; Clang only
                              in the --clang-stages, LLVM only where the stage
                              links it; no include in lib/ climbs out of its
                              folder ("../"), which would pass the fence by
  must-not-compile STAGE HDR  a source of STAGE that includes HDR fails to compile,
                              because HDR is not found; a source including one of
                              the stage's own headers compiles (so the failure
                              is the fence, not a broken command)
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

CLANG_PROBE = "clang/AST/Decl.h"
LLVM_PROBE = "llvm/Support/Path.h"


def stage_headers(lib_dir, stage):
    """The stage's headers as its users include them: "report/Report.h"."""
    headers = []
    for folder, _, files in os.walk(os.path.join(lib_dir, stage)):
        for name in files:
            if name.endswith(".h"):
                headers.append(os.path.relpath(os.path.join(folder, name), lib_dir))
    return sorted(headers)


def probe_command(build_dir, lib_dir, stage):
    """The compile command of the stage's first source, without its input and
    output: (directory, argv)."""
    with open(os.path.join(build_dir, "compile_commands.json")) as f:
        entries = json.load(f)
    folder = os.path.join(os.path.realpath(lib_dir), stage) + os.sep
    own = sorted((e for e in entries if os.path.realpath(e["file"]).startswith(folder)), key=lambda e: e["file"])
    if not own:
        sys.exit(f"no compile command for a source of lib/{stage} in {build_dir}/compile_commands.json")
    entry = own[0]
    argv = entry["arguments"] if "arguments" in entry else shlex.split(entry["command"])
    kept, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
        elif arg in ("-c", "-MD", "-MMD") or os.path.realpath(os.path.join(entry["directory"], arg)) == os.path.realpath(entry["file"]):
            pass
        else:
            kept.append(arg)
    return entry["directory"], kept


def compile_probe(build_dir, lib_dir, stage, text, mode):
    """Runs the stage's command over `text` with `mode` (-E or -fsyntax-only):
    (returncode, stdout, stderr)."""
    directory, argv = probe_command(build_dir, lib_dir, stage)
    with tempfile.TemporaryDirectory(prefix="parready-fence-") as scratch:
        probe = os.path.join(scratch, "probe.cpp")
        with open(probe, "w") as f:
            f.write(text)
        run = subprocess.run(argv + [mode, probe], cwd=directory, capture_output=True, text=True)
    return run.returncode, run.stdout, run.stderr


def visible_headers(build_dir, lib_dir, stage, headers):
    """Which of `headers` a source of `stage` can include."""
    lines = []
    for index, header in enumerate(headers):
        lines += [f'#if __has_include("{header}")', f"parready_sees_{index}", "#endif"]
    code, out, err = compile_probe(build_dir, lib_dir, stage, "\n".join(lines) + "\n", "-E")
    if code != 0:
        sys.exit(f"preprocessing a probe with the command of lib/{stage} failed:\n{err}")
    seen = {int(m) for m in re.findall(r"parready_sees_(\d+)", out)}
    return {header for index, header in enumerate(headers) if index in seen}


def closure(graph, stage):
    """The stage and every stage it links, directly or not."""
    reached, todo = set(), [stage]
    while todo:
        current = todo.pop()
        if current not in reached:
            reached.add(current)
            todo += graph[current]["links"]
    return reached


def relative_includes(lib_dir):
    """Includes in lib/ that climb out of their folder: they would pass the fence by."""
    found = []
    for folder, _, files in os.walk(lib_dir):
        for name in files:
            path = os.path.join(folder, name)
            if name.endswith((".h", ".cpp")):
                with open(path) as f:
                    for number, line in enumerate(f, 1):
                        if re.match(r'\s*#\s*include\s*["<]\.\./', line):
                            found.append(f"{os.path.relpath(path, lib_dir)}:{number}: {line.strip()}")
    return found


def check_visibility(args, graph):
    if not graph:
        sys.exit("check_fence: the stage graph is empty: nothing would be checked")
    problems = [f"lib/{line} (include through the stage's root instead)" for line in relative_includes(args.lib_dir)]
    for stage, entry in graph.items():
        if entry["clang"] and stage not in args.clang_stages:
            problems.append(f"parready_{stage} links Clang, which only {', '.join(args.clang_stages)} may use")
    headers = {stage: stage_headers(args.lib_dir, stage) for stage in graph}
    every_header = [h for stage in graph for h in headers[stage]] + [CLANG_PROBE, LLVM_PROBE]
    for stage, entry in graph.items():
        seen = visible_headers(args.build_dir, args.lib_dir, stage, every_header)
        allowed = closure(graph, stage)
        for other in graph:
            visible = seen & set(headers[other])
            if other in allowed and visible != set(headers[other]):
                problems.append(f"lib/{stage} links {other} but cannot include {sorted(set(headers[other]) - visible)}")
            if other not in allowed and visible:
                problems.append(f"lib/{stage} does not link {other} but can include {sorted(visible)}")
        if (CLANG_PROBE in seen) != (stage in args.clang_stages):
            problems.append(f"lib/{stage} {'can' if CLANG_PROBE in seen else 'cannot'} include {CLANG_PROBE}")
        uses_llvm = entry["llvm_support"] or entry["clang"]
        if (LLVM_PROBE in seen) != uses_llvm:
            problems.append(f"lib/{stage} {'can' if LLVM_PROBE in seen else 'cannot'} include {LLVM_PROBE}, "
                            f"but {'does not link' if not uses_llvm else 'links'} LLVM")
        print(f"{stage}: sees {', '.join(sorted(allowed))}" + (", Clang" if CLANG_PROBE in seen else "")
              + (", LLVM Support" if LLVM_PROBE in seen else ""))
    return problems


def check_must_not_compile(args, graph):
    stage, header = args.stage, args.header
    if stage not in graph:
        sys.exit(f"{stage} is not a stage: {', '.join(graph)}")
    own = stage_headers(args.lib_dir, stage)[0]
    code, _, err = compile_probe(args.build_dir, args.lib_dir, stage, f'#include "{own}"\n', "-fsyntax-only")
    if code != 0:
        return [f"the control, a lib/{stage} source including its own {own}, does not compile:\n{err}"]
    code, _, err = compile_probe(args.build_dir, args.lib_dir, stage, f'#include "{header}"\n', "-fsyntax-only")
    if code == 0:
        return [f"a lib/{stage} source that includes {header} compiles: the fence is open"]
    if not re.search(re.escape(header) + r"'?:? *(No such file or directory|file not found)", err):
        return [f"a lib/{stage} source that includes {header} fails, but not because {header} is out of sight:\n{err}"]
    print(f"lib/{stage} cannot include {header}:\n{err.strip()}")
    return []


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", required=True, help="the build tree (compile_commands.json, lib/stage-graph.json)")
    parser.add_argument("--lib-dir", required=True, help="the source tree's lib/")
    parser.add_argument("--clang-stages", required=True, type=lambda text: text.split(","),
                        help="the stages that may use Clang, separated by commas")
    checks = parser.add_subparsers(dest="check", required=True)
    checks.add_parser("visibility")
    must_not = checks.add_parser("must-not-compile")
    must_not.add_argument("stage")
    must_not.add_argument("header")
    args = parser.parse_args()
    with open(os.path.join(args.build_dir, "lib", "stage-graph.json")) as f:
        graph = json.load(f)
    problems = check_visibility(args, graph) if args.check == "visibility" else check_must_not_compile(args, graph)
    for problem in problems:
        print("FENCE: " + problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
