# vcpkg port of pelkit (header-only). Use as an overlay port:
#   vcpkg install pelkit[openmp] --overlay-ports=<pelkit checkout>/ports
# Release procedure: tag v<version> (the version of ports/pelkit/vcpkg.json, which
# scripts/check-versions.sh keeps equal to CMakeLists.txt), then replace REPO and the SHA512
# placeholder (`vcpkg install` prints the expected hash on the first attempt).
set(VCPKG_BUILD_TYPE release)  # header-only: nothing differs between debug and release

vcpkg_from_github(
    OUT_SOURCE_PATH SOURCE_PATH
    REPO pelkit/pelkit
    REF "v${VERSION}"
    SHA512 0
    HEAD_REF main
)

vcpkg_check_features(OUT_FEATURE_OPTIONS FEATURE_OPTIONS
    FEATURES
        openmp  PELKIT_USE_OPENMP
        voronoi PELKIT_USE_VORO
)

vcpkg_cmake_configure(
    SOURCE_PATH "${SOURCE_PATH}"
    OPTIONS
        ${FEATURE_OPTIONS}
        -DPELKIT_BUILD_TESTS=OFF
        -DPELKIT_BUILD_EXAMPLES=OFF
        -DPELKIT_BUILD_BENCHMARKS=OFF
        -DPELKIT_NATIVE=OFF
)
vcpkg_cmake_install()

# The package config is installed to share/cmake/pelkit; vcpkg wants share/pelkit.
vcpkg_cmake_config_fixup(PACKAGE_NAME pelkit CONFIG_PATH share/cmake/pelkit)

if("voronoi" IN_LIST FEATURES AND NOT EXISTS "${CURRENT_PACKAGES_DIR}/share/pelkit/pelkitVoronoiTargets.cmake")
    message(FATAL_ERROR "pelkit[voronoi]: voro++ was not found on this system (Debian: voro++-dev; "
                        "or set VoroPlusPlus_ROOT through VCPKG_CMAKE_CONFIGURE_OPTIONS)")
endif()

file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/debug")
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
