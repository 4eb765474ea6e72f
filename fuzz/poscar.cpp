// libFuzzer harness: pelkit::read_poscar (stream overload); a file that reads is written with
// write_poscar and must read back with the same atoms, species and cell.
#include "common.hpp"

#include <pelkit/io/poscar.hpp>

#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pelkit_fuzz;
  const std::string name = "fuzz.vasp";
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  pelkit::poscar_frame f;
  try {
    f = pelkit::read_poscar(in, name);
  } catch (const pelkit::error& e) {
    check_message(e, name);
    return 0;
  }
  const auto& s = f.system;
  check_system(s);
  require(s.size() > 0, "at least one atom");
  if (f.selective) require(f.selective->size() == s.size(), "one selective-dynamics flag triple per atom");
  require((f.rotation * f.rotation.transpose() - Eigen::Matrix3d::Identity()).cwiseAbs().maxCoeff() < 1e-9,
          "orthonormal rotation");
  std::ostringstream out;
  pelkit::write_poscar(out, s, name);
  std::istringstream back(out.str());
  pelkit::poscar_frame r;
  try {
    r = pelkit::read_poscar(back, "back.vasp");
  } catch (const pelkit::error& e) {
    std::fprintf(stderr, "re-read: %s\n", e.what());
    finding("write_poscar output does not read back");
  }
  require(r.system.size() == s.size(), "same atom count after a round trip");
  require(r.system.box == s.box, "same cell after a round trip");
  require(r.system.type_names == s.type_names, "same species after a round trip");
  return 0;
}
