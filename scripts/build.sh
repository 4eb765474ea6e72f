#!/usr/bin/env bash
# Configures and builds pelkit (Release, warnings as errors) into build/; executables land in
# build/bin/. Usage: scripts/build.sh [TARGET...] (default: every target; e.g. pelkit_tool is
# the `pelkit` program alone, which is all `pelkit study` needs; pelkit_test_programs is what
# the test suite runs). A new build/ is configured as a unity build (PELKIT_UNITY_BUILD: each
# test component, the tool and the study compile as a few combined translation units, about
# half the CPU time of a cold build); PELKIT_UNITY=OFF configures one translation unit per file.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ccache-env.sh
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [ ! -f build/CMakeCache.txt ]; then
  cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DPELKIT_WERROR=ON \
    -DPELKIT_UNITY_BUILD="${PELKIT_UNITY:-ON}"
fi
targets=()
[ $# -gt 0 ] && targets=(--target "$@")
cmake --build build --parallel "${PELKIT_JOBS:-$(nproc)}" "${targets[@]}"
