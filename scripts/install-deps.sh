#!/usr/bin/env bash
# Installs pelkit's build, test and reference dependencies from Debian 12 packages.
# Needs root (or sudo). Skips the install when everything is already present.
set -euo pipefail
packages=(cmake ninja-build g++ ccache libeigen3-dev librange-v3-dev doctest-dev libbenchmark-dev
          nlohmann-json3-dev lammps lammps-data voro++ voro++-dev python3 python3-numpy
          python3-ase gnuplot-nox libopenmpi-dev openmpi-bin pkgconf libcli11-dev zlib1g-dev libssl-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
