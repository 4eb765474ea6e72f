// libFuzzer harness: pelkit::read_lammps_dump (stream overload), every frame.
#include "common.hpp"

#include <pelkit/io/lammps_dump.hpp>

#include <set>
#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pelkit_fuzz;
  const std::string name = "fuzz.dump";
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::vector<pelkit::dump_frame> frames;
  try {
    frames = pelkit::read_lammps_dump(in, name);
  } catch (const pelkit::error& e) {
    check_message(e, name);
    return 0;
  }
  require(!frames.empty(), "at least one frame");
  for (auto& f : frames) {
    check_system(f.system);
    const auto n = static_cast<Eigen::Index>(f.system.size());
    for (const auto& [col, v] : f.columns) require(v.size() == n, "one value per atom in every column");
    if (f.forces) require(f.forces->cols() == n && f.forces->allFinite(), "finite forces, one per atom");
    std::set<long> ids(f.system.ids.begin(), f.system.ids.end());
    require(ids.size() == f.system.ids.size(), "unique atom ids");
    pelkit::sort_by_id(f);
    for (Eigen::Index i = 1; i < n; ++i) require(f.system.ids[i - 1] < f.system.ids[i], "sort_by_id sorts");
  }
  return 0;
}
