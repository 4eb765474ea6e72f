#!/usr/bin/env bash
# The main job, until the full study lands (issue 7): prepare a small Cu50Zr50 glass with the
# seed's protocol (1000 atoms melted, quenched from 1500 K to 1 K at 1e13 K/s under 5 GPa,
# pressure released, relaxed 20 ps at 1 K, minimised) and measure its structure, with the
# Mendelev Cu-Zr EAM potential. A few minutes on 2 cores. Results in out/:
#   glass.data (the inherent structure), quench.json (density, E_IS, timings), thermo.csv,
#   structure.json (densities, g(r), s2, f_ico, |u|), eval.json (the bundled 4000-atom glass).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
mkdir -p out
potential=/usr/share/lammps/potentials/CuZr_mm.eam.fs
build/bin/pelkit eval --potential "$potential" --data examples/data/cu50zr50_4000.data --json out/eval.json
build/bin/pelkit quench --potential "$potential" --natoms 1000 --pressure 5 --rate 1e13 \
  --melt-ps 10 --equilibrate-ps 10 --release-ps 10 --relax-ps 20 \
  --out out/glass.data --thermo out/thermo.csv --thermo-every 500 \
  --checkpoint out/quench.ckpt --checkpoint-every 20000 --json out/quench.json
rm -f out/quench.ckpt
build/bin/pelkit structure --potential "$potential" --data out/glass.data --json out/structure.json
echo "quickstart: results in out/ (quench.json, structure.json, thermo.csv, glass.data)"
