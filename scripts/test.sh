#!/usr/bin/env bash
# Installs dependencies, builds pelkit and runs the whole test suite with CTest (including
# the installed-package consumer check). This is the command CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure --parallel "$(nproc)" --timeout 900
