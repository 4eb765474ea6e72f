# vcpkg port of pelkit (header-only), laid out like the registry's header-only ports. Use it
# as an overlay port:
#   vcpkg install pelkit[openmp] --overlay-ports=<pelkit checkout>/ports
# The source is the release tarball that scripts/release.sh makes (`git archive` of the
# release commit, `gzip -n`); release.sh --write-port writes its SHA512 below. Offline, or
# before the tarball is published, put pelkit-<version>.tar.gz into vcpkg's downloads folder
# (<vcpkg root>/downloads/ or $VCPKG_DOWNLOADS): vcpkg uses a file there whose hash matches.
set(VCPKG_BUILD_TYPE release)  # header-only: nothing differs between debug and release

vcpkg_download_distfile(ARCHIVE
    URLS "https://github.com/pelkit/pelkit/releases/download/v${VERSION}/pelkit-${VERSION}.tar.gz"
    FILENAME "pelkit-${VERSION}.tar.gz"
    SHA512 7aca9476c2d8221c236db3ff5aa385c600f433aee83fa92d9136f8019b32896c557d58af87012ce5e3ce85ca37ffa9dea214ec937b68db8013dad972305f7acb
)
vcpkg_extract_source_archive(SOURCE_PATH ARCHIVE "${ARCHIVE}")

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
vcpkg_fixup_pkgconfig()  # share/pkgconfig/pelkit.pc

if("voronoi" IN_LIST FEATURES AND NOT EXISTS "${CURRENT_PACKAGES_DIR}/share/pelkit/pelkitVoronoiTargets.cmake")
    message(FATAL_ERROR "pelkit[voronoi]: voro++ was not found on this system (Debian: voro++-dev; "
                        "or set VoroPlusPlus_ROOT through VCPKG_CMAKE_CONFIGURE_OPTIONS)")
endif()

file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/debug")
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
