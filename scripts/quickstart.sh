#!/usr/bin/env bash
# The main job. Today: evaluate the bundled 4000-atom Cu50Zr50 glass with the Mendelev Cu-Zr
# EAM potential (energy, forces, virial pressure). Results: out/eval.json.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
mkdir -p out
build/bin/pelkit eval \
  --potential /usr/share/lammps/potentials/CuZr_mm.eam.fs \
  --data examples/data/cu50zr50_4000.data \
  --json out/eval.json
