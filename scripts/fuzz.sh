#!/usr/bin/env bash
# Builds the libFuzzer harnesses in fuzz/ (clang, -fsanitize=fuzzer,address,undefined) into
# build-fuzz/ and runs each for SECONDS_PER_HARNESS seconds (default 30), two at a time
# (PELKIT_JOBS). A crash, sanitizer report, leak, timeout (> 5 s for one input) or out-of-memory
# (> 2048 MB) is a finding: the input is saved in build-fuzz/findings/<harness>/ and the script
# exits non-zero. New corpus entries go to build-fuzz/corpus/<harness>/ (fuzz/corpus/ holds
# the committed seeds and is only read).
#   scripts/fuzz.sh [SECONDS_PER_HARNESS]
#   build-fuzz/fuzz_<harness> build-fuzz/findings/<harness>/crash-...   # reproduce a finding
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ccache-env.sh
source scripts/stage-time.sh
seconds=${1:-30}
jobs=${PELKIT_JOBS:-2}
harnesses=(lammps_data lammps_dump extxyz poscar structure eam_file events study_preset)
start=$(date +%s)

if ! command -v clang++ >/dev/null; then
  echo "fuzz: installing clang"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends clang
fi
scripts/install-deps.sh >/dev/null  # Eigen, range-v3, cmake, ninja

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
command -v ccache >/dev/null && generator+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S fuzz -B build-fuzz "${generator[@]}" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE= >/dev/null
cmake --build build-fuzz --parallel "$jobs"
built=$(date +%s)

run_one() {
  local h=$1
  mkdir -p "build-fuzz/corpus/$h" "build-fuzz/findings/$h"
  # -max_total_time bounds the run; -timeout: one input taking > 5 s is a hang;
  # -rss_limit_mb (and the malloc limit it implies) bounds memory.
  "build-fuzz/fuzz_$h" "build-fuzz/corpus/$h" "fuzz/corpus/$h" \
    -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="build-fuzz/findings/$h/" >"build-fuzz/$h.log" 2>&1
}

pids=()
for h in "${harnesses[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 1; done
  echo "fuzz: running $h for $seconds s"
  run_one "$h" &
  pids+=("$!")
done
status=0
for i in "${!harnesses[@]}"; do
  h=${harnesses[$i]}
  rc=0
  wait "${pids[$i]}" || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "build-fuzz/$h.log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "build-fuzz/$h.log" | tail -1 || true)
  if [ "$rc" -ne 0 ]; then
    status=1
    echo "fuzz: $h FAILED (exit $rc, ${execs:-?} executions); log build-fuzz/$h.log, input in build-fuzz/findings/$h/"
    grep -E "ERROR: |runtime error|invariant violated|pelkit::error without|ALARM|out-of-memory" "build-fuzz/$h.log" | head -5 || true
  else
    echo "fuzz: $h ok: ${execs:-?} executions in $seconds s (${cov:-cov ?})"
  fi
done
stage_time "  fuzz: build" $((built - start))
stage_time "  fuzz: fuzzing" $(( $(date +%s) - built )) "$([ $status -eq 0 ] && echo ok || echo FAILED)"
echo "fuzz: total $(( $(date +%s) - start )) s (build $((built - start)) s)"
exit "$status"
