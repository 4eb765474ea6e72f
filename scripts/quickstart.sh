#!/usr/bin/env bash
# The main job: the Cu50Zr50 study on the `quick` preset (examples/study/presets/quick.json):
# six 500-atom glasses quenched at Pi in {0, 10, 20} GPa and q in {1e12, 1e13} K/s, each measured
# (rho, E_IS, f_ico, |u|, s2, Psi, G) and probed by ART, then compared (P(EA), delta_ij,
# correlations, the seed's findings), with figures and a report. About 20-30 minutes on 2
# cores. Rerun to resume an interrupted run. Results in out/study-quick/ (report.html).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
mkdir -p out
build/bin/pelkit study --preset quick --out out/study-quick "$@"
echo "quickstart: open out/study-quick/report.html (results/*.csv, figures/*.png)"
