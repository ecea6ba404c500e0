#!/usr/bin/env bash
# race.sh: show that registry-review's parallelism hazards are real, and that
# the fixed variant (tests/support/registry_test.h, -DREGISTRY_REVIEW_FIXED=ON)
# removes them.
#
#   1. unfixed, ctest -j1 once          (must pass)
#   2. unfixed, ctest -jJ N times       (fails now and then: counts per file)
#   3. fixed,   ctest -j1 once, ctest -jJ N times   (must never fail)
#   4. summary: times, speedup, failing runs, per-file failure table
#
# Exit status: 0 when the unfixed serial run passed and the fixed variant never
# failed; 1 otherwise; 2 when a required tool is missing; 64 on bad usage.
#
# Note: the unfixed test_smoke writes and deletes $HOME/.registry-review/config;
# the runs get HOME=DIR/home so that a real config is never touched (all test
# processes still share that one HOME, so the race is the same). The unfixed
# test_worker_pool runs pkill -f 'rr_review_worker --tag registry-review'.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: race.sh [--repeat N] [--jobs J] [--build-root DIR]
  --repeat N        parallel ctest runs per variant (default 10)
  --jobs J          ctest -j value of the parallel runs (default 4)
  --build-root DIR  where the unfixed/ and fixed/ builds go (default /tmp/registry-review-race)
EOF
}

repeat=10
jobs=4
root=/tmp/registry-review-race
while (($#)); do
    case $1 in
        --repeat) repeat=${2:?--repeat needs a value}; shift 2 ;;
        --repeat=*) repeat=${1#*=}; shift ;;
        --jobs) jobs=${2:?--jobs needs a value}; shift 2 ;;
        --jobs=*) jobs=${1#*=}; shift ;;
        --build-root) root=${2:?--build-root needs a value}; shift 2 ;;
        --build-root=*) root=${1#*=}; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "race.sh: unknown argument: $1" >&2; usage >&2; exit 64 ;;
    esac
done
for value in "$repeat" "$jobs"; do
    if ! [[ $value =~ ^[1-9][0-9]*$ ]]; then
        echo "race.sh: --repeat and --jobs take a positive integer, not '$value'" >&2
        exit 64
    fi
done

mkdir -p "$root/home"
export HOME="$root/home"

if ! command -v pkill >/dev/null 2>&1; then
    echo "race.sh: pkill is missing (test_worker_pool needs it): install procps, e.g. apt-get install procps" >&2
    exit 2
fi
for tool in cmake ninja ctest; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "race.sh: $tool is missing" >&2
        exit 2
    fi
done
if command -v jq >/dev/null 2>&1; then
    json_tool=jq
elif command -v python3 >/dev/null 2>&1; then
    json_tool=python3
else
    echo "race.sh: needs jq or python3 to read ctest --show-only=json-v1" >&2
    exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
logs=$root/logs
mkdir -p "$logs"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
secs() { awk -v ms="$1" 'BEGIN { printf "%.2f s", ms / 1000 }'; }

# ---- build ---------------------------------------------------------------

build_variant() {  # name ON|OFF
    local name=$1 fixed=$2 dir=$root/$1
    printf '%-8s configure + build (REGISTRY_REVIEW_FIXED=%s) ... ' "$name" "$fixed"
    if ! cmake -S "$here" -B "$dir" -G Ninja -DREGISTRY_REVIEW_FIXED="$fixed" >"$logs/$name-configure.log" 2>&1; then
        echo "FAILED, see $logs/$name-configure.log"
        exit 1
    fi
    if ! cmake --build "$dir" >"$logs/$name-build.log" 2>&1; then
        echo "FAILED, see $logs/$name-build.log"
        exit 1
    fi
    echo "ok ($dir)"
}

# ctest test name -> test file (tests/<executable>.cpp), from ctest's own JSON.
declare -A file_of
map_tests() {  # build dir
    local name exe
    while IFS=$'\t' read -r name exe; do
        file_of[$name]=tests/$exe.cpp
    done < <(
        cd "$1"
        if [[ $json_tool == jq ]]; then
            ctest --show-only=json-v1 | jq -r '.tests[] | [.name, (.command[0] | split("/") | last)] | @tsv'
        else
            ctest --show-only=json-v1 | python3 -c '
import json, os, sys
for test in json.load(sys.stdin)["tests"]:
    print(test["name"] + "\t" + os.path.basename(test["command"][0]))'
        fi
    )
}

declare -A verdict_of
while read -r verdict file; do
    [[ -n ${verdict:-} ]] && verdict_of[$file]=$verdict
done <"$here/expected-verdicts.txt"

# ---- runs ----------------------------------------------------------------

# run_ctest <variant> <jobs> <label>: sets run_rc, run_ms, run_failed (test names).
run_rc=0
run_ms=0
run_failed=()
run_ctest() {
    local dir=$root/$1 j=$2 label=$3 start
    local log=$logs/$1-$label.log
    rm -f "$dir/Testing/Temporary/LastTestsFailed.log"
    start=$(now_ms)
    if (cd "$dir" && ctest -j"$j" --output-on-failure >"$log" 2>&1); then run_rc=0; else run_rc=$?; fi
    run_ms=$(($(now_ms) - start))
    run_failed=()
    if [[ -f $dir/Testing/Temporary/LastTestsFailed.log ]]; then
        mapfile -t run_failed < <(cut -d: -f2- "$dir/Testing/Temporary/LastTestsFailed.log")
    elif ((run_rc != 0)); then
        run_failed=("<ctest error, see $log>")
    fi
}

# Failure bookkeeping per variant: runs with failures, and per file the runs
# in which it had a failing test case and the failing test cases in total.
declare -A file_runs file_cases
declare -A variant_failing_runs variant_total_ms variant_min_ms variant_max_ms

parallel_runs() {  # variant
    local variant=$1 i name file files key
    variant_failing_runs[$variant]=0
    variant_total_ms[$variant]=0
    variant_min_ms[$variant]=
    variant_max_ms[$variant]=0
    for ((i = 1; i <= repeat; i++)); do
        run_ctest "$variant" "$jobs" "j$jobs-run$i"
        variant_total_ms[$variant]=$((variant_total_ms[$variant] + run_ms))
        if [[ -z ${variant_min_ms[$variant]} ]] || ((run_ms < variant_min_ms[$variant])); then
            variant_min_ms[$variant]=$run_ms
        fi
        if ((run_ms > variant_max_ms[$variant])); then variant_max_ms[$variant]=$run_ms; fi
        if ((run_rc == 0)); then
            printf '  run %2d/%d  %9s  pass\n' "$i" "$repeat" "$(secs "$run_ms")"
            continue
        fi
        variant_failing_runs[$variant]=$((variant_failing_runs[$variant] + 1))
        local -A seen=()
        for name in "${run_failed[@]}"; do
            file=${file_of[$name]:-"?? $name"}
            key="$variant|$file"
            file_cases[$key]=$((${file_cases[$key]:-0} + 1))
            seen[$file]=1
        done
        for file in "${!seen[@]}"; do
            key="$variant|$file"
            file_runs[$key]=$((${file_runs[$key]:-0} + 1))
        done
        files=$(printf '%s\n' "${!seen[@]}" | sed 's|^tests/||; s|\.cpp$||' | sort | paste -sd' ')
        printf '  run %2d/%d  %9s  FAIL  %2d test(s) in %d file(s): %s\n' "$i" "$repeat" "$(secs "$run_ms")" \
            "${#run_failed[@]}" "${#seen[@]}" "$files"
    done
}

serial_run() {  # variant; leaves run_rc and run_ms set
    run_ctest "$1" 1 j1
    if ((run_rc == 0)); then
        printf '  ctest -j1  %9s  pass\n' "$(secs "$run_ms")"
    else
        printf '  ctest -j1  %9s  FAIL  %d test(s): %s\n' "$(secs "$run_ms")" "${#run_failed[@]}" "${run_failed[*]}"
    fi
}

echo "== registry-review race check: --repeat $repeat --jobs $jobs, builds in $root"
build_variant unfixed OFF
build_variant fixed ON
map_tests "$root/unfixed"
echo "   $(ctest --test-dir "$root/unfixed" -N | tail -1 | sed 's/^ *//') in ${#verdict_of[@]} files"

echo
echo "== 1. unfixed, serial"
serial_run unfixed
unfixed_serial_rc=$run_rc
unfixed_serial_ms=$run_ms

echo
echo "== 2. unfixed, ctest -j$jobs x $repeat"
parallel_runs unfixed

echo
echo "== 3. fixed, serial and ctest -j$jobs x $repeat"
serial_run fixed
fixed_serial_rc=$run_rc
fixed_serial_ms=$run_ms
parallel_runs fixed

# ---- summary -------------------------------------------------------------

avg() { echo $((variant_total_ms[$1] / repeat)); }
unfixed_par_ms=$(avg unfixed)
fixed_par_ms=$(avg fixed)
speedup=$(awk -v s="$unfixed_serial_ms" -v p="$fixed_par_ms" 'BEGIN { printf "%.1fx", (p > 0 ? s / p : 0) }')

echo
echo "== 4. summary"
pass_fail() { if (($1 == 0)); then echo pass; else echo FAILED; fi; }
printf '  %-36s %s  %s\n' "serial time (unfixed, ctest -j1):" "$(secs "$unfixed_serial_ms")" "$(pass_fail "$unfixed_serial_rc")"
printf '  %-36s %s  %s\n' "serial time (fixed, ctest -j1):" "$(secs "$fixed_serial_ms")" "$(pass_fail "$fixed_serial_rc")"
printf '  %-36s %s avg  (min %s, max %s)\n' "parallel time unfixed (-j$jobs):" "$(secs "$unfixed_par_ms")" \
    "$(secs "${variant_min_ms[unfixed]}")" "$(secs "${variant_max_ms[unfixed]}")"
printf '  %-36s %s avg  (min %s, max %s)\n' "parallel time fixed (-j$jobs):" "$(secs "$fixed_par_ms")" \
    "$(secs "${variant_min_ms[fixed]}")" "$(secs "${variant_max_ms[fixed]}")"
printf '  %-36s %s\n' "speedup (serial / fixed parallel):" "$speedup"
printf '  %-36s %d/%d before the fix, %d/%d after\n' "parallel runs with failures:" \
    "${variant_failing_runs[unfixed]}" "$repeat" "${variant_failing_runs[fixed]}" "$repeat"

echo
echo "  per-file failures under ctest -j$jobs (runs with a failing test case / failing test cases in all runs)"
printf '  %-44s %-8s %-18s %s\n' "file" "verdict" "unfixed" "fixed"
surprises=()
mapfile -t all_files < <(printf '%s\n' "${!verdict_of[@]}" | sort)
for key in "${!file_cases[@]}"; do  # files that failed but are not in expected-verdicts.txt
    file=${key#*|}
    [[ -n ${verdict_of[$file]:-} ]] || all_files+=("$file")
done
for file in "${all_files[@]}"; do
    verdict=${verdict_of[$file]:-"?"}
    u_runs=${file_runs[unfixed|$file]:-0}
    u_cases=${file_cases[unfixed|$file]:-0}
    f_runs=${file_runs[fixed|$file]:-0}
    f_cases=${file_cases[fixed|$file]:-0}
    note=
    if [[ $verdict == safe ]] && ((u_runs > 0)); then
        note="  <- UNEXPECTED: a safe file failed"
        surprises+=("$file")
    elif [[ $verdict != safe ]] && ((u_runs == 0)); then
        note="  <- did not fail in these runs"
    fi
    if ((f_runs > 0)); then
        note="  <- FAILED IN THE FIXED VARIANT"
        surprises+=("$file")
    fi
    printf '  %-44s %-8s %-18s %s%s\n' "$file" "$verdict" "$u_runs/$repeat runs, $u_cases" "$f_runs/$repeat runs, $f_cases" "$note"
done

echo
echo "  logs: $logs"
status=0
if ((unfixed_serial_rc != 0)); then
    echo "RESULT: FAIL (the unfixed suite fails even serially)"
    status=1
elif ((fixed_serial_rc != 0 || variant_failing_runs[fixed] > 0)); then
    echo "RESULT: FAIL (the fixed variant failed)"
    status=1
else
    echo "RESULT: OK (unfixed serial passes; unfixed parallel failed in ${variant_failing_runs[unfixed]}/$repeat runs; fixed parallel never failed)"
fi
if ((${#surprises[@]} > 0)); then
    echo "note: unexpected failures in: ${surprises[*]}"
fi
exit "$status"
