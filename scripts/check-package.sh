#!/usr/bin/env bash
# Installs pelkit into a scratch prefix and builds tests/package (a tiny downstream project
# that uses find_package(pelkit)) against it, then runs it.
# Usage: check-package.sh [BUILD_DIR]   (default build/)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix/install" > /dev/null
# The reproducible-rounding flag reaches consumers through the exported target (docs/install.md).
if ! grep -rq -- "-ffp-contract=off" "$prefix/install"; then
  echo "check-package: the installed pelkit::pelkit does not carry -ffp-contract=off" >&2
  exit 1
fi
cmake -S tests/package -B "$prefix/build" -DCMAKE_PREFIX_PATH="$prefix/install" > /dev/null
cmake --build "$prefix/build" > /dev/null
"$prefix/build/consumer"
if [ -x "$prefix/build/consumer_voronoi" ]; then "$prefix/build/consumer_voronoi"; fi
# The same consumer through pkg-config (pelkit.pc), with the compiler CMake found.
cxx=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$prefix/build/CMakeCache.txt")
PKG_CONFIG_PATH="$prefix/install/share/pkgconfig" pkg-config --exists pelkit
flags=$(PKG_CONFIG_PATH="$prefix/install/share/pkgconfig" pkg-config --cflags --libs pelkit)
case "$flags" in *-ffp-contract=off*) ;; *) echo "check-package: pelkit.pc lacks -ffp-contract=off" >&2; exit 1 ;; esac
# shellcheck disable=SC2086  # the flags are words
"${cxx:-c++}" tests/package/consumer.cpp $flags -o "$prefix/consumer_pc"
"$prefix/consumer_pc" > /dev/null
# The installed programs (when the build has them): run from an empty folder, the tool finds
# the installed presets (bin/../share/pelkit/presets), not the source tree's.
if [ -x "$prefix/install/bin/pelkit" ]; then
  mkdir "$prefix/empty"
  (
    cd "$prefix/empty"
    "$prefix/install/bin/pelkit" --version > /dev/null
    "$prefix/install/bin/pelkit" study --preset tiny --print-preset > preset.json
    grep -q '"name": "tiny"' preset.json
    if "$prefix/install/bin/pelkit" study --preset no-such-preset --out out 2> error.txt; then
      echo "check-package: the installed pelkit accepted a preset that does not exist" >&2
      exit 1
    fi
    grep -qF "$prefix/install/share/pelkit/presets" error.txt || {
      echo "check-package: the installed pelkit does not look for presets in $prefix/install/share/pelkit/presets:" >&2
      cat error.txt >&2
      exit 1
    }
  )
  echo "check-package: the installed pelkit runs from an empty folder and finds the installed presets"
fi
echo "check-package: find_package(pelkit) and pkg-config consumers built and ran against the installed tree"
