#!/usr/bin/env bash
# Builds the fast test executables with GCC AddressSanitizer + UndefinedBehaviorSanitizer into
# build-asan/ and runs them with CTest. Any sanitizer report fails the run (ASan aborts, UBSan
# is built with -fno-sanitize-recover). Usage: scripts/sanitize.sh
# Environment: PELKIT_JOBS (build jobs, default 2), PELKIT_SANITIZE_COMPONENTS (test
# components, default "core neighbor potential io spectrum saddle"), PELKIT_SANITIZE_OPT
# (optimisation and debug flags, default "-O1 -g1": line tables are enough for the file:line of
# every frame of a sanitizer report and compile ~40% faster than -g; use "-O1 -g" to debug).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
jobs=${PELKIT_JOBS:-2}
components=${PELKIT_SANITIZE_COMPONENTS:-"core neighbor potential io spectrum saddle"}
opt=${PELKIT_SANITIZE_OPT:-"-O1 -g1"}
scripts/install-deps.sh
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
cmake -S . -B build-asan "${generator[@]}" \
  -DCMAKE_CXX_COMPILER=g++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$opt" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DPELKIT_BUILD_EXAMPLES=OFF -DPELKIT_BUILD_BENCHMARKS=OFF -DPELKIT_USE_VORO=OFF \
  -DPELKIT_NATIVE=OFF >/dev/null
targets=()
regex=""
for c in $components; do
  targets+=("test_$c")
  regex+="${regex:+|}$c"
done
cmake --build build-asan --parallel "$jobs" --target "${targets[@]}"
built=$(date +%s)
echo "sanitize: built ${targets[*]} in $((built - start)) s"
# detect_leaks: LeakSanitizer too; halt_on_error: the first report fails the test.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
log=build-asan/sanitize-ctest.log
status=0
ctest --test-dir build-asan -R "^($regex)/" --output-on-failure --parallel "$jobs" --timeout 600 \
  2>&1 | tee "$log" || status=$?
# A sanitizer report always fails its test; check the log too in case a report slipped through.
if grep -qE "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:" "$log"; then
  echo "sanitize: sanitizer report found (see $log)"
  status=1
fi
echo "sanitize: total $(( $(date +%s) - start )) s (build $((built - start)) s, tests $(( $(date +%s) - built )) s)"
exit "$status"
