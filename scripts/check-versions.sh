#!/usr/bin/env bash
# Checks that every place naming pelkit's version agrees with the one source of truth,
# project(pelkit VERSION x.y.z) in CMakeLists.txt:
#   vcpkg.json, ports/pelkit/vcpkg.json ("version"), conanfile.py (class attribute version),
#   CHANGELOG.md (the newest released "## [x.y.z]" section), CITATION.cff ("version:"),
#   tests/package/CMakeLists.txt (find_package(pelkit X.Y) must accept x.y.z: same major.minor,
#   the installed package's SameMinorVersion compatibility).
# Static: needs only python3 (no conan, no vcpkg). Usage: check-versions.sh
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 - <<'PY'
import ast, json, re, sys

def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()

m = re.search(r"project\s*\(\s*pelkit\s+VERSION\s+([0-9]+\.[0-9]+\.[0-9]+)\b", read("CMakeLists.txt"))
if not m:
    sys.exit("check-versions: no 'project(pelkit VERSION x.y.z' in CMakeLists.txt")
version = m.group(1)
found = {}
problems = []

for path in ("vcpkg.json", "ports/pelkit/vcpkg.json"):
    try:
        manifest = json.loads(read(path))
    except (OSError, ValueError) as e:
        problems.append(f"{path}: {e}")
        continue
    keys = [k for k in ("version", "version-semver", "version-string", "version-date") if k in manifest]
    if keys != ["version"]:
        problems.append(f"{path}: expected exactly one version field \"version\", found {keys}")
        continue
    found[path] = manifest["version"]
    if manifest.get("name") != "pelkit":
        problems.append(f"{path}: name is {manifest.get('name')!r}, expected 'pelkit'")

try:
    tree = ast.parse(read("conanfile.py"))
    values = [node.value.value for cls in tree.body if isinstance(cls, ast.ClassDef)
              for node in cls.body if isinstance(node, ast.Assign)
              and any(isinstance(t, ast.Name) and t.id == "version" for t in node.targets)
              and isinstance(node.value, ast.Constant)]
    if len(values) != 1:
        problems.append(f"conanfile.py: expected one literal class attribute version, found {len(values)}")
    else:
        found["conanfile.py"] = values[0]
except (OSError, SyntaxError) as e:
    problems.append(f"conanfile.py: {e}")

releases = re.findall(r"^## \[([0-9]+\.[0-9]+\.[0-9]+)\]", read("CHANGELOG.md"), re.M)
if not releases:
    problems.append("CHANGELOG.md: no '## [x.y.z]' release section")
else:
    found["CHANGELOG.md (newest release)"] = releases[0]

m = re.search(r"^version:\s*\"?([0-9.]+)\"?\s*$", read("CITATION.cff"), re.M)
if m:
    found["CITATION.cff"] = m.group(1)
else:
    problems.append("CITATION.cff: no 'version: x.y.z' line")

m = re.search(r"find_package\s*\(\s*pelkit\s+([0-9]+)\.([0-9]+)", read("tests/package/CMakeLists.txt"))
if m and version.split(".")[:2] != [m.group(1), m.group(2)]:
    problems.append(f"tests/package/CMakeLists.txt: find_package(pelkit {m.group(1)}.{m.group(2)}) "
                    f"does not accept {version} (SameMinorVersion)")

for path, v in found.items():
    if v != version:
        problems.append(f"{path}: version {v}, CMakeLists.txt says {version}")

if problems:
    print("check-versions: FAILED\n  " + "\n  ".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"check-versions: {version} everywhere ({', '.join(['CMakeLists.txt'] + list(found))})")
PY
