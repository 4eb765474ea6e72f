// voronoi_analysis — Voronoi tessellation of a glass (voro++): the most common Voronoi
// indices <n3,n4,n5,n6>, the icosahedral fraction f_ico (index <0,0,12,0>) and the mean
// displacement |u| of an atom from the mean of its cell's vertices (a local anisotropy).
//
//   example_voronoi_analysis [structure.data]
//
// Needs the pelkit::voronoi component (voro++-dev); built only when CMake found voro++.
#include <pelkit/descriptor/voronoi.hpp>
#include <pelkit/io/structure.hpp>

#include <cmath>
#include <cstdio>
#include <string>

#ifndef PELKIT_SOURCE_DIR
#define PELKIT_SOURCE_DIR "."  // the build sets it; "." works from the repository root
#endif

int main(int argc, char** argv) {
  const std::string data = argc > 1 ? argv[1] : PELKIT_SOURCE_DIR "/examples/data/cu50zr50_4000.data";
  const pelkit::system glass = pelkit::read_structure(data);

  // Plain Voronoi. For a radical (Laguerre) tessellation set radical = true and radii by
  // element, e.g. {{"Cu", 1.28}, {"Zr", 1.60}}; min_relative_face_area drops tiny faces.
  pelkit::voronoi_settings settings;
  const pelkit::voronoi_result r = pelkit::voronoi_analysis(settings).compute(glass);

  std::printf("%s: %zu atoms\n", data.c_str(), glass.size());
  std::printf("most common Voronoi indices:\n");
  for (const auto& [index, fraction] : r.index_fractions(5)) {  // the 5 most common
    char name[64];
    std::snprintf(name, sizeof name, "<%d,%d,%d,%d>", index[0], index[1], index[2], index[3]);
    std::printf("  %-12s %5.1f %%\n", name, 100 * fraction);
  }

  const auto by_type = r.f_ico_by_type();  // per centre type, in the system's type order
  std::printf("f_ico            %.4f  (", r.f_ico());
  for (std::size_t t = 0; t < by_type.size(); ++t)
    std::printf("%s%s %.4f", t ? ", " : "", glass.type_names[t].c_str(), by_type[t]);
  std::printf(")\n");
  std::printf("mean |u_vertex|  %.4f A\nmean |u_centroid| %.4f A\n", r.mean_u_vertex(), r.mean_u_centroid());

  // The cells tile the box exactly: their volumes must add up to the box volume.
  const bool ok = std::abs(r.volume_sum() - r.box_volume) < 1e-6 * r.box_volume && r.f_ico() > 0;
  return ok ? 0 : 1;
}
