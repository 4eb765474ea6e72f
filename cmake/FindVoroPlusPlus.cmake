# FindVoroPlusPlus.cmake — find the voro++ library (https://math.lbl.gov/voro++/), which ships
# no CMake package. Looks for the header voro++.hh (in <prefix>/include/voro++) and the library
# voro++ (libvoro++.so / libvoro++.a).
#
# Hints: VoroPlusPlus_ROOT (CMake >= 3.12 honours <Package>_ROOT), or the cache variables
# VoroPlusPlus_INCLUDE_DIR / VoroPlusPlus_LIBRARY.
#
# Defines
#   VoroPlusPlus_FOUND, VoroPlusPlus_INCLUDE_DIRS, VoroPlusPlus_LIBRARIES, VoroPlusPlus_VERSION
#     (when the header's version can be read; voro++ 0.4.x does not record it, so usually unset)
#   imported target VoroPlusPlus::voro — include directory holding voro++.hh (used as
#     `#include <voro++.hh>`) and the library.
include(FindPackageHandleStandardArgs)

find_path(VoroPlusPlus_INCLUDE_DIR NAMES voro++.hh PATH_SUFFIXES voro++ include/voro++
          DOC "directory containing voro++.hh")
find_library(VoroPlusPlus_LIBRARY NAMES voro++ DOC "the voro++ library")

find_package_handle_standard_args(VoroPlusPlus
  REQUIRED_VARS VoroPlusPlus_LIBRARY VoroPlusPlus_INCLUDE_DIR)

if(VoroPlusPlus_FOUND)
  set(VoroPlusPlus_INCLUDE_DIRS ${VoroPlusPlus_INCLUDE_DIR})
  set(VoroPlusPlus_LIBRARIES ${VoroPlusPlus_LIBRARY})
  if(NOT TARGET VoroPlusPlus::voro)
    add_library(VoroPlusPlus::voro UNKNOWN IMPORTED)
    set_target_properties(VoroPlusPlus::voro PROPERTIES
      IMPORTED_LOCATION "${VoroPlusPlus_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${VoroPlusPlus_INCLUDE_DIR}")
  endif()
endif()
mark_as_advanced(VoroPlusPlus_INCLUDE_DIR VoroPlusPlus_LIBRARY)
