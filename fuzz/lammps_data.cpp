// libFuzzer harness: pelkit::read_lammps_data (stream overload).
#include "common.hpp"

#include <pelkit/io/lammps_data.hpp>

#include <set>
#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pelkit_fuzz;
  const std::string name = "fuzz.data";
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  pelkit::system s;
  try {
    s = pelkit::read_lammps_data(in, name);
  } catch (const pelkit::error& e) {
    check_message(e, name);
    return 0;
  }
  check_system(s);
  require(!s.type_masses.empty(), "at least one atom type");
  std::set<long> ids;
  for (long id : s.ids) {
    require(id >= 1, "positive atom ids");
    require(ids.insert(id).second, "unique atom ids");
  }
  return 0;
}
