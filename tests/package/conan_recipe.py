#!/usr/bin/env python3
"""Runs pelkit's Conan recipe (conanfile.py, test_package/conanfile.py) against stand-ins for
the parts of the `conan` module it uses, since Conan does not install on this machine.

Checks: validate() accepts C++20 with the minimum compilers and refuses C++17 and older
compilers; requirements() asks for Eigen, range-v3 and zlib (and llvm-openmp for apple-clang
with OpenMP only); package() copies every public header, the license and the Voronoi module;
package_info() gives the CMake names, the transitive components and the -ffp-contract=off and
OpenMP flags. Usage: conan_recipe.py SOURCE_DIR (ctest package/conan_recipe).
"""
import importlib.util
import os
import shutil
import sys
import tempfile
import types

source = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")


class ConanInvalidConfiguration(Exception):
    pass


class Version:
    def __init__(self, text):
        self.parts = tuple(int(p) for p in str(text).split("."))

    def _other(self, other):
        return other.parts if isinstance(other, Version) else Version(other).parts

    def __lt__(self, other):
        n = max(len(self.parts), len(self._other(other)))
        pad = lambda t: t + (0,) * (n - len(t))
        return pad(self.parts) < pad(self._other(other))


def check_min_cppstd(conanfile, minimum):
    std = str(conanfile.settings.compiler.cppstd).replace("gnu", "")
    if int(std) < int(minimum):
        raise ConanInvalidConfiguration(f"needs C++{minimum}, got {std}")


def copy(conanfile, pattern, src, dst):
    import fnmatch
    copied = []
    for root, _, files in os.walk(src):
        for f in files:
            rel = os.path.relpath(os.path.join(root, f), src)
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(f, pattern):
                os.makedirs(os.path.join(dst, os.path.dirname(rel)), exist_ok=True)
                shutil.copy2(os.path.join(root, f), os.path.join(dst, rel))
                copied.append(rel)
    return copied


def save(conanfile, path, content):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(content)


class ConanFile:
    pass


def install_stubs():
    mods = {name: types.ModuleType(name) for name in (
        "conan", "conan.errors", "conan.tools", "conan.tools.build", "conan.tools.files",
        "conan.tools.layout", "conan.tools.scm", "conan.tools.cmake")}
    mods["conan"].ConanFile = ConanFile
    mods["conan.errors"].ConanInvalidConfiguration = ConanInvalidConfiguration
    mods["conan.tools.build"].check_min_cppstd = check_min_cppstd
    mods["conan.tools.build"].can_run = lambda conanfile: True
    mods["conan.tools.files"].copy = copy
    mods["conan.tools.files"].save = save
    mods["conan.tools.layout"].basic_layout = lambda conanfile, **kw: None
    mods["conan.tools.scm"].Version = Version
    mods["conan.tools.cmake"].CMake = object
    mods["conan.tools.cmake"].cmake_layout = lambda conanfile, **kw: None
    sys.modules.update(mods)


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Compiler(str):
    def __new__(cls, name, version, cppstd):
        obj = super().__new__(cls, name)
        obj.version = version
        obj.cppstd = cppstd
        return obj

    def get_safe(self, key):
        return getattr(self, key, None)


class Settings:
    def __init__(self, compiler, version, cppstd):
        self.compiler = Compiler(compiler, version, cppstd)
        self.os = "Linux"

    def get_safe(self, key, default=None):
        return str(getattr(self, key, default))


class CppInfo:
    def __init__(self):
        self.properties = {}
        self.cxxflags = []
        self.requires = []

    def set_property(self, key, value):
        self.properties[key] = value


class Output:
    def warning(self, text):
        print("conan warning:", text)


def recipe(cls, compiler="gcc", version="12", cppstd="20", openmp=True, voronoi=False):
    r = cls()
    r.settings = Settings(compiler, version, cppstd)
    r.options = types.SimpleNamespace(with_openmp=openmp, with_voronoi=voronoi)
    r.cpp_info = CppInfo()
    r.output = Output()
    r.ref = f"pelkit/{cls.version}"
    r.required = []
    r.requires = lambda ref, **kw: r.required.append(ref.split("/")[0])
    return r


failures = []


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what)
    if not cond:
        failures.append(what)


install_stubs()
module = load(os.path.join(source, "conanfile.py"), "pelkit_conanfile")
cls = next(v for v in vars(module).values() if isinstance(v, type) and issubclass(v, ConanFile)
           and v is not ConanFile)


def valid(**kw):
    try:
        recipe(cls, **kw).validate()
        return True
    except ConanInvalidConfiguration:
        return False


check(valid(compiler="gcc", version="12", cppstd="20"), "gcc 12, C++20 is valid")
check(valid(compiler="gcc", version="11", cppstd="gnu20"), "gcc 11, gnu20 is valid (minimum)")
check(not valid(compiler="gcc", version="12", cppstd="17"), "C++17 is refused")
check(not valid(compiler="gcc", version="10", cppstd="20"), "gcc 10 is refused")
check(valid(compiler="clang", version="14", cppstd="20"), "clang 14 is valid")
check(not valid(compiler="clang", version="13", cppstd="20"), "clang 13 is refused")

r = recipe(cls)
r.requirements()
check(sorted(r.required) == ["eigen", "range-v3", "zlib"], f"requirements {sorted(r.required)}")
r = recipe(cls, compiler="apple-clang", version="15")
r.requirements()
check("llvm-openmp" in r.required, "apple-clang with OpenMP requires llvm-openmp")

with tempfile.TemporaryDirectory() as tmp:
    r = recipe(cls)
    r.source_folder, r.package_folder = source, tmp
    r.package()
    headers = sorted(os.path.relpath(os.path.join(d, f), os.path.join(source, "include"))
                     for d, _, fs in os.walk(os.path.join(source, "include")) for f in fs
                     if f.endswith(".hpp"))
    packaged = [h for h in headers if os.path.exists(os.path.join(tmp, "include", h))]
    check(len(headers) > 50 and packaged == headers, f"package() copies all {len(headers)} headers")
    check(os.path.exists(os.path.join(tmp, "licenses", "LICENSE")), "package() copies the license")
    check(os.path.exists(os.path.join(tmp, "lib", "cmake", "pelkit", "pelkit-voronoi.cmake")),
          "package() writes the Voronoi module")

r = recipe(cls, compiler="gcc")
r.package_info()
check(r.cpp_info.properties.get("cmake_target_name") == "pelkit::pelkit", "CMake target pelkit::pelkit")
check(set(r.cpp_info.requires) >= {"eigen::eigen", "range-v3::range-v3", "zlib::zlib"},
      f"components {r.cpp_info.requires}")
check("-ffp-contract=off" in r.cpp_info.cxxflags and "-fopenmp" in r.cpp_info.cxxflags,
      f"gcc flags {r.cpp_info.cxxflags}")
r = recipe(cls, compiler="gcc", openmp=False)
r.package_info()
check(r.cpp_info.cxxflags == ["-ffp-contract=off"], f"no OpenMP: flags {r.cpp_info.cxxflags}")

test_package = load(os.path.join(source, "test_package", "conanfile.py"), "pelkit_test_package")
check(any(isinstance(v, type) and issubclass(v, ConanFile) and v is not ConanFile
          for v in vars(test_package).values()), "test_package/conanfile.py defines a recipe")

if failures:
    sys.exit(f"conan_recipe: {len(failures)} check(s) failed")
print("conan_recipe: all checks passed")
