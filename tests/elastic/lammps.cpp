// Elastic constants of the minimised Cu50Zr50 glass against LAMMPS run the examples/ELASTIC way
// (tests/reference/lammps_elastic.py: ±δ with change_box ... remap, minimize, pxx..pxy).
// Skipped (with a message) when lmp or python3 is not installed.
#include <pelkit/io/lammps_data.hpp>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>

#include "../support.hpp"
#include "support.hpp"

using namespace pelkit;
using namespace pelkit::testing;
namespace fs = std::filesystem;

namespace {

bool have_lammps() {
  return std::system("command -v lmp > /dev/null 2>&1 && command -v python3 > /dev/null 2>&1") == 0;
}

matrix6 matrix_from_json(const nlohmann::json& j) {
  matrix6 m;
  for (int l = 0; l < 6; ++l)
    for (int k = 0; k < 6; ++k) m(l, k) = j.at(l).at(k).get<double>();
  return m;
}

}  // namespace

TEST_CASE("elastic: the Cu50Zr50 glass agrees with LAMMPS's finite-strain (ELASTIC) method") {
  if (!fs::exists(cuzr)) {
    MESSAGE("skipped: " << cuzr << " not found");
    return;
  }
  if (!have_lammps()) {
    MESSAGE("lmp or python3 not found: LAMMPS comparison skipped");
    return;
  }
  const pelkit::system& g = minimised_glass();
  temp_dir dir;
  write_lammps_data(dir.file("glass.data"), g);
  const std::string cmd = std::string("python3 ") + PELKIT_SOURCE_DIR + "/tests/reference/lammps_elastic.py " +
                          dir.file("glass.data") + " --potential " + cuzr +
                          " --elements Cu Zr --delta 1e-5 --ftol 1e-12 -o " + dir.file("ref.json") + " > " +
                          dir.file("log.txt") + " 2>&1";
  REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, "command failed: ", cmd);
  std::ifstream in(dir.file("ref.json"));
  const nlohmann::json ref = nlohmann::json::parse(in);
  const matrix6 lammps = matrix_from_json(ref.at("raw_GPa"));

  auto calc = calculator(eam::from_file(cuzr));
  const elastic_result a = elastic_strain(calc, g), b = elastic_response(calc, g);
  const double da = relative_difference(a.raw_GPa, lammps), db = relative_difference(b.raw_GPa, lammps);
  MESSAGE("LAMMPS " << ref.at("lammps_version").get<std::string>() << " raw B (GPa):" << show(lammps)
                    << "max |ΔB| / max |B|: pelkit strain " << da << ", pelkit response " << db
                    << "; LAMMPS wall time " << ref.at("wall_time_s").get<double>() << " s");
  CHECK(da < 2e-3);
  CHECK(db < 2e-3);
  // the residual stress of the reference is the same as LAMMPS's pressure (GPa)
  const auto p0 = ref.at("pressure_reference_GPa");
  for (int k = 0; k < 6; ++k) {
    const auto [x, y] = elastic_detail::voigt_pair(k);
    CHECK(-a.residual_stress_GPa(x, y) == doctest::Approx(p0.at(k).get<double>()).epsilon(1e-6).scale(1));
  }
}
