// End-to-end: `pelkit structure` and `pelkit voronoi` JSON and errors.
#include <pelkit/descriptor/density.hpp>
#include <pelkit/descriptor/two_body_entropy.hpp>
#include <pelkit/io/lammps_data.hpp>

#include <doctest/doctest.h>

#include <numeric>

#include "run.hpp"

using namespace pelkit::testing;
namespace fs = std::filesystem;

namespace {
using pelkit::testing::cuzr;
const std::string glass = std::string(PELKIT_TEST_DATA) + "/cu50zr50_glass_500.data";
std::string out_file(const char* name) { return (fs::temp_directory_path() / name).string(); }
}  // namespace

TEST_CASE("pelkit structure agrees with the library and writes the documented keys") {
  if (!fs::exists(cuzr)) {
    MESSAGE("SKIP: ", cuzr, " missing (install Debian's lammps-data)");
    return;
  }
  std::string err;
  const auto out = out_file("pelkit_structure_test.json");
  REQUIRE(run(tool() + " structure --potential " + cuzr + " --data " + glass + " --json " + out, err) == 0);
  const auto j = read_json(out);
  for (const char* key : {"natoms", "number_density_per_A3", "mass_density_g_per_cm3", "composition",
                          "energy_per_atom_eV", "rdf", "s2_per_atom", "s2_mean", "s2_mean_by_element"})
    CHECK_MESSAGE(j.contains(key), "missing key ", key);
  const auto s = pelkit::read_lammps_data(glass);
  CHECK(j["natoms"].get<std::size_t>() == s.size());
  CHECK(j["number_density_per_A3"].get<double>() == doctest::Approx(s.number_density()).epsilon(1e-14));
  const auto s2 = pelkit::two_body_entropy{}.compute(s);
  CHECK(j["s2_mean"].get<double>() == doctest::Approx(s2.mean()).epsilon(1e-12));
  CHECK(j["s2_per_atom"].size() == s.size());
  CHECK(j["rdf"]["r_A"].size() == j["rdf"]["total"].size());
  CHECK(j["rdf"]["partial"].contains("Cu-Zr"));
#ifdef PELKIT_HAVE_VORONOI
  CHECK(j["f_ico"].get<double>() >= 0.0);
  CHECK(j["f_ico"].get<double>() <= 1.0);
#endif
}

#ifdef PELKIT_HAVE_VORONOI
TEST_CASE("pelkit voronoi: volumes tile the cell, radii are checked") {
  std::string err;
  const auto out = out_file("pelkit_voronoi_test.json");
  REQUIRE(run(tool() + " voronoi --data " + glass + " --radii Cu=1.28,Zr=1.60 --json " + out, err) == 0);
  const auto j = read_json(out);
  const auto& v = j["volume_A3"];
  const double sum = std::accumulate(v.begin(), v.end(), 0.0, [](double a, const auto& x) { return a + x.template get<double>(); });
  CHECK(sum == doctest::Approx(j["summary"]["box_volume_A3"].get<double>()).epsilon(1e-10));
  CHECK(j["index"].size() == v.size());
  CHECK(j["index"][0].size() == 4);
  for (const char* key : {"f_ico", "f_ico_by_element", "index_fractions", "mean_u_vertex_A", "mean_u_centroid_A"})
    CHECK_MESSAGE(j["summary"].contains(key), "missing summary key ", key);

  CHECK(run(tool() + " voronoi --data " + glass + " --radii Cu=1.28,Ni=1.2 > /dev/null", err) == 1);
  CHECK(err.find("Ni") != std::string::npos);
  CHECK(run(tool() + " voronoi --data " + glass + " --radii Cu=1.28,Zr=-1 > /dev/null", err) == 1);
  CHECK(err.find("Zr") != std::string::npos);
}
#endif
