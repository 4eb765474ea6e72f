#!/usr/bin/env bash
# Hardening checks CI runs after scripts/test.sh (issue 8), in order, each with its time:
#   docs      scripts/docs.sh: Doxygen API reference, fails on any warning     -> build-docs/
#   fuzz      scripts/fuzz.sh: every libFuzzer harness for a short bound      -> build-fuzz/
#   sanitize  scripts/sanitize.sh: the whole test suite under clang ASan+UBSan, built with
#             -Wall -Wextra -Wpedantic -Werror (so also clang's warnings check) -> build-asan/
#   clang     clang++ -Wall -Wextra -Wpedantic -Werror: a TU including every public header
#             (tests/headers/), and the benchmark programs                    -> build-clang/
# Every stage runs even when an earlier one failed; the script exits non-zero if any failed.
# A stage whose tool (doxygen, clang) is missing and cannot be installed (apt-get, as root or
# through sudo) is skipped with a message and does not fail the run.
# Environment:
#   PELKIT_JOBS                   build/fuzz jobs (default 2)
#   PELKIT_FUZZ_SECONDS           seconds per harness (default 15)
#   PELKIT_HARDENING_COMPONENTS   test components for sanitize (default: all)
#   PELKIT_HARDENING_STAGES       stages to run (default "docs fuzz sanitize clang")
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/ccache-env.sh
source scripts/stage-time.sh
export PELKIT_JOBS=${PELKIT_JOBS:-2}
fuzz_seconds=${PELKIT_FUZZ_SECONDS:-15}
components=${PELKIT_HARDENING_COMPONENTS:-all}
stages=${PELKIT_HARDENING_STAGES:-"docs fuzz sanitize clang"}
start=$(date +%s)
summary=()
failed=0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
apt_updated=0
# ensure_tool COMMAND PACKAGE...: installs the packages when COMMAND is missing; false if
# COMMAND is still missing afterwards (no root, no sudo, no network, ...).
ensure_tool() {
  local cmd=$1
  shift
  command -v "$cmd" >/dev/null && return 0
  if [ -n "$sudo" ] && ! command -v sudo >/dev/null; then
    echo "hardening: $cmd is missing and neither root nor sudo is available"
    return 1
  fi
  echo "hardening: installing $*"
  export DEBIAN_FRONTEND=noninteractive
  if [ "$apt_updated" -eq 0 ]; then
    $sudo apt-get update -qq && apt_updated=1
  fi
  $sudo apt-get install -y -qq --no-install-recommends "$@" || true
  command -v "$cmd" >/dev/null
}

# run_stage NAME COMMAND...: runs one stage, records its time and result.
run_stage() {
  local name=$1
  shift
  local t0 rc=0
  t0=$(date +%s)
  echo "=== hardening: $name ($(date -u +%H:%M:%S))"
  "$@" || rc=$?
  local dt=$(( $(date +%s) - t0 ))
  stage_time "hardening: $name" "$dt" "$(case $rc in 0) echo ok ;; 77) echo SKIPPED ;; *) echo "FAILED (exit $rc)" ;; esac)"
  if [ "$rc" -eq 0 ]; then
    summary+=("$(printf '%-9s ok      %4d s' "$name" "$dt")")
  elif [ "$rc" -eq 77 ]; then
    summary+=("$(printf '%-9s SKIPPED %4d s (tool not available)' "$name" "$dt")")
  else
    summary+=("$(printf '%-9s FAILED  %4d s (exit %d)' "$name" "$dt" "$rc")")
    failed=1
  fi
  echo "=== hardening: $name done in $dt s (exit $rc)"
}

stage_docs() {
  ensure_tool doxygen doxygen || { echo "docs: SKIPPED: doxygen could not be installed"; return 77; }
  scripts/docs.sh build-docs
}

stage_fuzz() {
  # libFuzzer comes with Debian's clang (clang-14: -fsanitize=fuzzer); libomp-dev is for the
  # clang stage (OpenMP code paths), installed in the same apt-get call.
  ensure_tool clang++ clang libomp-dev || { echo "fuzz: SKIPPED: clang could not be installed"; return 77; }
  scripts/fuzz.sh "$fuzz_seconds"
}

stage_sanitize() {
  ensure_tool clang++ clang libomp-dev || echo "sanitize: clang could not be installed: GCC instead"
  PELKIT_SANITIZE_COMPONENTS="$components" scripts/sanitize.sh
}

stage_clang() {
  ensure_tool clang++ clang libomp-dev || { echo "clang: SKIPPED: clang could not be installed"; return 77; }
  dpkg-query -W -f='${Status}' libomp-dev 2>/dev/null | grep -q "install ok installed" \
    || echo "clang: libomp-dev missing: OpenMP code is compiled without -fopenmp"
  scripts/install-deps.sh >/dev/null || return 1
  local generator=() t0 rc=0
  command -v ninja >/dev/null && generator=(-G Ninja)
  # Debug with -O0 and no -g: warnings do not depend on the optimiser for clang, and this is
  # the cheapest build. -Wall -Wextra -Wpedantic come from the project (and tests/headers).
  local common=(-DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0
                -DCMAKE_CXX_FLAGS=-Werror)
  command -v ccache >/dev/null && common+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  t0=$(date +%s)
  cmake -S tests/headers -B build-clang/headers "${generator[@]}" "${common[@]}" >/dev/null || return 1
  cmake --build build-clang/headers --parallel "$PELKIT_JOBS" || rc=1
  echo "clang: every public header in one TU and each alone, umbrella headers complete: $([ $rc -eq 0 ] && echo ok || echo FAILED) ($(( $(date +%s) - t0 )) s)"
  # The benchmark programs (not in the test build, scripts/test.sh): compiled and linked with
  # clang -Werror at -O0, so they keep building; their speed runs are benchmarks/README.md's.
  t0=$(date +%s)
  cmake -S . -B build-clang/benchmarks "${generator[@]}" "${common[@]}" -DPELKIT_BUILD_TESTS=OFF \
    -DPELKIT_BUILD_EXAMPLES=OFF -DPELKIT_BUILD_BENCHMARKS=ON -DPELKIT_NATIVE=OFF >/dev/null || return 1
  cmake --build build-clang/benchmarks --parallel "$PELKIT_JOBS" || rc=1
  echo "clang: the benchmark programs build with -Werror: $([ $rc -eq 0 ] && echo ok || echo FAILED) ($(( $(date +%s) - t0 )) s)"
  [ "$rc" -eq 0 ]
}

for s in $stages; do
  case $s in
    docs|fuzz|sanitize|clang) run_stage "$s" "stage_$s" ;;
    *) echo "hardening: unknown stage '$s'" >&2; exit 2 ;;
  esac
done

echo "=== hardening summary ($(( $(date +%s) - start )) s in all)"
printf '  %s\n' "${summary[@]}"
exit "$failed"
