#!/usr/bin/env bash
# Builds the Doxygen API reference of the public headers (include/pelkit) into
# OUT_DIR/html (default build-docs/) and fails if Doxygen reported any warning.
# Installs doxygen from Debian packages when it is missing (as root or through sudo).
# Usage: docs.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build-docs}
if ! command -v doxygen > /dev/null; then
  echo "docs: installing doxygen"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends doxygen
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
log="$out/doxygen-warnings.log"
rm -f "$log"
version=$(sed -n 's/^project(pelkit VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
start=$(date +%s)
{ cat docs/Doxyfile
  echo "OUTPUT_DIRECTORY = \"$out\""
  echo "WARN_LOGFILE = \"$log\""
  echo "PROJECT_NUMBER = $version"
} | doxygen -
seconds=$(( $(date +%s) - start ))
if [ -s "$log" ]; then
  echo "docs: doxygen reported $(grep -c ': warning: ' "$log" || true) warning(s) (${seconds} s):" >&2
  cat "$log" >&2
  exit 1
fi
echo "docs: API reference in $out/html/index.html (doxygen $(doxygen --version), ${seconds} s, no warnings)"
