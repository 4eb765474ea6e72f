#!/usr/bin/env bash
# Installs dependencies, builds what the test suite runs (target pelkit_test_programs: the
# tests, the tool, the study and the focused examples; not the benchmarks, which CI compiles in
# its clang stage) and runs the whole suite with CTest (including the installed-package
# consumer check). This is the command CI runs. Prints the time of each
# part at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/stage-time.sh
t0=$(date +%s)
scripts/install-deps.sh
t1=$(date +%s)
scripts/build.sh pelkit_test_programs
t2=$(date +%s)
rc=0
ctest --test-dir build --output-on-failure --parallel "$(nproc)" --timeout 900 || rc=$?
t3=$(date +%s)
stage_time "test.sh: install-deps" $((t1 - t0))
stage_time "test.sh: build (GCC Release)" $((t2 - t1))
stage_time "test.sh: ctest" $((t3 - t2)) "$([ $rc -eq 0 ] && echo ok || echo FAILED)"
echo "test.sh: install-deps $((t1 - t0)) s, build $((t2 - t1)) s, ctest $((t3 - t2)) s (exit $rc)"
exit "$rc"
