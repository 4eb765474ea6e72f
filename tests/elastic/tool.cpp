// `pelkit elastic` end to end: JSON fields and values against the library, and the error for a
// configuration that is not a minimum. Skipped when the tool is not built.
#include <pelkit/io/lammps_data.hpp>

#include "../support.hpp"
#include "../tool/run.hpp"
#include "support.hpp"

using namespace pelkit;
using namespace pelkit::testing;
namespace fs = std::filesystem;

TEST_CASE("elastic: pelkit elastic writes the documented JSON and refuses a non-minimum") {
  if (!fs::exists(cuzr) || !fs::exists(tool())) {
    MESSAGE("skipped: " << cuzr << " or " << tool() << " not found");
    return;
  }
  const pelkit::system& g = minimised_glass();
  temp_dir dir;
  write_lammps_data(dir.file("glass.data"), g);
  auto calc = calculator(eam::from_file(cuzr));
  const elastic_result ref = elastic_response(calc, g);
  for (const std::string method : {"response", "strain"}) {
    std::string err;
    const std::string cmd = tool() + " elastic --data " + dir.file("glass.data") + " --potential " +
                            cuzr + " --elements Cu,Zr --method " + method + " --json " + dir.file("out.json");
    REQUIRE_MESSAGE(run(cmd, err) == 0, err);
    const nlohmann::json j = read_json(dir.file("out.json"));
    CHECK(j.at("method") == method);
    CHECK(j.at("natoms") == 256);
    CHECK(j.at("fmax_eV_per_A").get<double>() < 1e-8);
    REQUIRE(j.at("C_GPa").size() == 6);
    for (int k = 0; k < 6; ++k) {
      REQUIRE(j.at("C_GPa").at(k).size() == 6);
      for (int l = 0; l < 6; ++l)
        CHECK(j.at("C_GPa").at(k).at(l).get<double>() == doctest::Approx(ref.C_GPa(k, l)).epsilon(0.01).scale(1));
    }
    for (const char* key : {"voigt", "reuss", "hill", "c44_mean", "c11_c12_half"})
      CHECK(j.at("G_GPa").at(key).get<double>() > 0);
    CHECK(j.at("G_GPa").at("hill").get<double>() == doctest::Approx(ref.shear.hill).epsilon(0.005));
    CHECK(j.at("B_GPa").at("hill").get<double>() == doctest::Approx(ref.bulk.hill).epsilon(0.005));
    CHECK(j.at("residual_stress_GPa").at("xy").get<double>() == doctest::Approx(ref.residual_stress_GPa(0, 1)));
    CHECK(j.at("timing_s").contains("elastic"));
  }
  std::string err;
  const std::string raw = std::string(PELKIT_TEST_DATA) + "/cu50zr50_small_256.data";
  CHECK(run(tool() + " elastic --data " + raw + " --potential " + cuzr + " > /dev/null", err) == 1);
  CHECK(err.find("not a minimum") != std::string::npos);
  CHECK(err.find("largest force") != std::string::npos);
  CHECK(run(tool() + " elastic --data " + dir.file("glass.data") + " --potential " + cuzr +
                " --method fourier > /dev/null",
            err) == 1);
  CHECK(err.find("--method") != std::string::npos);
}
