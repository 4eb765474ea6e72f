# Conan's test of the pelkit package (run by `conan create .`): builds test_package.cpp against
# the packaged headers through CMakeDeps and runs it. The same CMake project is built against
# a plain `cmake --install` tree and against the release tarball by scripts/check-package.sh
# and scripts/release.sh (ctest package/consumer and package/release), where Conan is absent.
import os

from conan import ConanFile
from conan.tools.build import can_run
from conan.tools.cmake import CMake, cmake_layout


class TestPackageConan(ConanFile):
    settings = "os", "arch", "compiler", "build_type"
    generators = "CMakeDeps", "CMakeToolchain"
    test_type = "explicit"

    def requirements(self):
        self.requires(self.tested_reference_str)

    def layout(self):
        cmake_layout(self)

    def build(self):
        cmake = CMake(self)
        cmake.configure()
        cmake.build()

    def test(self):
        if can_run(self):
            cmd = os.path.join(self.cpp.build.bindir, "test_package")
            self.run(cmd, env="conanrun")
