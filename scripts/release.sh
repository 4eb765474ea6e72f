#!/usr/bin/env bash
# Makes pelkit's release tarball, writes its SHA512 into the vcpkg port, and checks that the
# tarball builds, installs and serves a consumer.
#
#   scripts/release.sh [--out DIR] [--write-port] [--check] [--verify-port]
#
#   (no option)     dist/pelkit-X.Y.Z.tar.gz and its .sha512 (X.Y.Z = project(pelkit VERSION))
#   --out DIR       write them to DIR instead of dist/
#   --write-port    also write the hash into ports/pelkit/portfile.cmake (the release step)
#   --check         unpack the tarball, configure and install it as the vcpkg port does
#                   (library only), and build and run test_package/ against the installed tree
#   --verify-port   when the tag vX.Y.Z exists, the port's SHA512 at the tag must be the hash
#                   of the tarball rebuilt from the tag (ctest package/release: --verify-port --check)
#
# The tarball is `git archive` of the last commit that changed anything outside ports/ (the
# port, export-ignore'd in .gitattributes, holds the hash and so cannot be inside), compressed
# with `gzip -n`: the same commit gives the same bytes, so anyone can rebuild it from the tag and
# compare. Release procedure (docs/install.md): bump the version, date CHANGELOG.md, commit;
# scripts/release.sh --write-port --check; commit the port; tag vX.Y.Z; publish the tarball
# as the release's asset.
set -euo pipefail
cd "$(dirname "$0")/.."
out=dist write_port=0 check=0 verify=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --write-port) write_port=1; shift ;;
    --check) check=1; shift ;;
    --verify-port) verify=1; shift ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "release: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if ! git rev-parse --git-dir > /dev/null 2>&1; then
  echo "release: not a git checkout (a release tarball has no history): nothing to do"
  exit 77  # ctest's skip code
fi
version=$(sed -n 's/^project(pelkit VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$version" ] || { echo "release: no project(pelkit VERSION x.y.z) in CMakeLists.txt" >&2; exit 1; }
port=ports/pelkit/portfile.cmake
tmpdirs=()
trap 'rm -rf "${tmpdirs[@]}"' EXIT
scratch() { local d; d=$(mktemp -d); tmpdirs+=("$d"); echo "$d"; }

# tarball REF FILE: the release tarball of the tree at REF (ports/ left out).
tarball() {
  local commit
  commit=$(git log -1 --format=%H "$1" -- . ':(exclude)ports')
  git archive --format=tar --prefix="pelkit-$version/" "$commit" | gzip -n -9 > "$2"
}

if [ $verify -eq 1 ] && ! git rev-parse -q --verify "refs/tags/v$version" > /dev/null; then
  echo "release: no tag v$version in this checkout (an unreleased version, or a clone without tags): the port's hash is not checked"
elif [ $verify -eq 1 ]; then
  tmp=$(scratch)
  tarball "v$version" "$tmp/pelkit.tar.gz"
  want=$(sha512sum "$tmp/pelkit.tar.gz" | cut -d' ' -f1)
  have=$(git show "v$version:$port" | sed -n 's/^ *SHA512 \([0-9a-f]*\).*/\1/p')
  if [ "$have" != "$want" ]; then
    echo "release: $port at v$version has SHA512 '${have:-none}', the tarball of v$version has $want" >&2
    exit 1
  fi
  echo "release: the port's SHA512 at v$version is the hash of the v$version tarball"
fi
[ $verify -eq 1 ] && [ $check -eq 0 ] && exit 0

mkdir -p "$out"
file="$out/pelkit-$version.tar.gz"
tarball HEAD "$file"
sha=$(sha512sum "$file" | cut -d' ' -f1)
echo "$sha  pelkit-$version.tar.gz" > "$file.sha512"
echo "release: $file ($(du -k "$file" | cut -f1) KiB), SHA512 $sha"
if [ -n "$(git status --porcelain --untracked-files=no -- . ':(exclude)ports')" ]; then
  echo "release: warning: uncommitted changes are not in the tarball (it is made from commits)"
fi

if [ $write_port -eq 1 ]; then
  grep -q '^ *SHA512 ' "$port" || { echo "release: no SHA512 line in $port" >&2; exit 1; }
  sed -i "s/^\( *SHA512 \)[0-9a-f]*/\1$sha/" "$port"
  echo "release: wrote the SHA512 into $port (commit it, then tag v$version)"
fi

if [ $check -eq 1 ]; then
  tmp=$(scratch)
  tar -xzf "$file" -C "$tmp"
  src="$tmp/pelkit-$version"
  generator=()
  command -v ninja > /dev/null && generator=(-G Ninja)
  # The port's configuration (ports/pelkit/portfile.cmake): the library alone.
  cmake -S "$src" -B "$tmp/build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DPELKIT_BUILD_TESTS=OFF \
    -DPELKIT_BUILD_EXAMPLES=OFF -DPELKIT_BUILD_BENCHMARKS=OFF -DPELKIT_NATIVE=OFF > "$tmp/configure.log" \
    || { cat "$tmp/configure.log" >&2; exit 1; }
  cmake --install "$tmp/build" --prefix "$tmp/install" > /dev/null
  # The consumer at -O0 (no build type): this checks that it builds and runs, not its speed.
  cmake -S "$src/test_package" -B "$tmp/consumer" "${generator[@]}" -DCMAKE_BUILD_TYPE= \
    -DCMAKE_PREFIX_PATH="$tmp/install" > "$tmp/consumer.log" || { cat "$tmp/consumer.log" >&2; exit 1; }
  cmake --build "$tmp/consumer" > "$tmp/consumer-build.log" || { cat "$tmp/consumer-build.log" >&2; exit 1; }
  "$tmp/consumer/test_package"
  echo "release: the tarball configures and installs, and test_package (pelkit/pelkit.hpp) builds and runs against it"
fi
