#!/usr/bin/env bash
# Builds the whole test suite (target pelkit_test_programs: every test component, the example
# programs the tool tests run; the installed-package check) with AddressSanitizer +
# UndefinedBehaviorSanitizer into build-asan/ (a unity build unless PELKIT_UNITY=OFF, see
# scripts/build.sh) and runs it with CTest. Any sanitizer report fails the run (ASan aborts, UBSan is
# built with -fno-sanitize-recover, LeakSanitizer is on). Usage: scripts/sanitize.sh
# Environment:
#   PELKIT_JOBS                  build and test jobs (default 2)
#   PELKIT_SANITIZE_CXX          compiler (default clang++ when present, else g++); clang builds
#                                with -Werror, so this is also CI's clang warnings check
#   PELKIT_SANITIZE_COMPONENTS   test components to build and run (default: all)
#   PELKIT_SANITIZE_OPT          optimisation and debug flags (default "-O1 -g1": line tables are
#                                enough for the file:line of every frame of a report and compile
#                                ~40% faster than -g; use "-O1 -g" to debug)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ccache-env.sh
source scripts/stage-time.sh
start=$(date +%s)
jobs=${PELKIT_JOBS:-2}
cxx=${PELKIT_SANITIZE_CXX:-$(command -v clang++ >/dev/null && echo clang++ || echo g++)}
components=${PELKIT_SANITIZE_COMPONENTS:-all}
opt=${PELKIT_SANITIZE_OPT:-"-O1 -g1"}
scripts/install-deps.sh
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
werror=OFF
[[ $cxx == clang* ]] && werror=ON
cmake -S . -B build-asan "${generator[@]}" "${launcher[@]}" \
  -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$opt" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DPELKIT_WERROR="$werror" -DPELKIT_BUILD_BENCHMARKS=OFF -DPELKIT_NATIVE=OFF \
  -DPELKIT_UNITY_BUILD="${PELKIT_UNITY:-ON}" >/dev/null
regex="."
if [ "$components" = all ]; then
  cmake --build build-asan --parallel "$jobs" --target pelkit_test_programs
else
  targets=()
  regex=""
  for c in $components; do
    targets+=("test_$c")
    regex+="${regex:+|}$c"
    # the tool tests run bin/pelkit and bin/cuzr_study_mpi (without them they skip)
    if [ "$c" = tool ]; then
      targets+=(pelkit_tool)
      help=$(cmake --build build-asan --target help 2>/dev/null || true)
      if grep -q "^cuzr_study_mpi:" <<<"$help"; then targets+=(cuzr_study_mpi); fi
    fi
  done
  regex="^($regex)/"
  cmake --build build-asan --parallel "$jobs" --target "${targets[@]}"
fi
built=$(date +%s)
echo "sanitize: built with $cxx ($components) in $((built - start)) s"
# detect_leaks: LeakSanitizer too; halt_on_error: the first report fails the test.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
log=build-asan/sanitize-ctest.log
status=0
ctest --test-dir build-asan -R "$regex" --output-on-failure --parallel "$jobs" --timeout 1800 \
  2>&1 | tee "$log" || status=$?
# A sanitizer report always fails its test; check the log too in case a report slipped through.
if grep -qE "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:" "$log"; then
  echo "sanitize: sanitizer report found (see $log)"
  status=1
fi
stage_time "  sanitize: build (clang ASan+UBSan)" $((built - start))
stage_time "  sanitize: ctest" $(( $(date +%s) - built )) "$([ $status -eq 0 ] && echo ok || echo FAILED)"
echo "sanitize: total $(( $(date +%s) - start )) s (build $((built - start)) s, tests $(( $(date +%s) - built )) s)"
exit "$status"
