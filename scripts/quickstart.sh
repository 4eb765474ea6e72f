#!/usr/bin/env bash
# The main job: the Cu50Zr50 study on the `quick` preset (examples/study/presets/quick.json):
# six 500-atom glasses quenched at Pi in {0, 10, 20} GPa and q in {1e12, 1e13} K/s, each measured
# (rho, E_IS, f_ico, |u|, s2, Psi, G) and probed by ART, then compared (P(EA), delta_ij,
# correlations, the seed's findings), with figures and a report. Builds only the `pelkit`
# program (target pelkit_tool: the study is linked into it; no tests, benchmarks or other
# examples), then runs the study, printing each step and its time. Rerun to resume an
# interrupted run. Results in out/study-quick/ (report.html).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
times=()
step() {  # step N TITLE COMMAND...: runs one step, prints and records its wall time
  local n=$1 title=$2 t0
  shift 2
  echo "quickstart: [$n/3] $title ($(date -u +%H:%M:%S) UTC)"
  t0=$(date +%s)
  "$@"
  times+=("$(printf '%-44s %6d s' "$title" $(( $(date +%s) - t0 )))")
  echo "quickstart: [$n/3] $title: done in $(( $(date +%s) - t0 )) s"
}
step 1 "installing dependencies (apt, when missing)" scripts/install-deps.sh
step 2 "building bin/pelkit only (GCC Release)" scripts/build.sh pelkit_tool
mkdir -p out
step 3 "pelkit study --preset quick" build/bin/pelkit study --preset quick --out out/study-quick "$@"
echo "quickstart: times"
printf '  %s\n' "${times[@]}"
printf '  %-44s %6d s\n' "total" $(( $(date +%s) - start ))
echo "quickstart: open out/study-quick/report.html (results/*.csv, figures/*.png)"
