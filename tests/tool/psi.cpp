// End-to-end: `pelkit psi` — JSON keys, agreement with the library, refusal of a non-minimum.
#include <pelkit/descriptor/soft_mode.hpp>
#include <pelkit/hessian/hessian.hpp>
#include <pelkit/io/structure.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>

#include <filesystem>

#include "../support.hpp"
#include "run.hpp"

namespace fs = std::filesystem;
using pelkit::testing::run;
using pelkit::testing::tool;

TEST_CASE("pelkit psi writes both forms per atom and refuses a configuration that is not a minimum") {
  const std::string& cuzr = pelkit::testing::cuzr;
  std::string err;
  if (!fs::exists(tool()) || !fs::exists(cuzr) || run(tool() + " psi --help > /dev/null", err) != 0) {
    MESSAGE("SKIP: ", tool(), " psi not available");
    return;
  }
  pelkit::testing::temp_dir tmp;
  const std::string data = std::string(PELKIT_TEST_DATA) + "/cu50zr50_small_256.data";
  REQUIRE_MESSAGE(run(tool() + " minimize --potential " + cuzr + " --data " + data + " --out " + tmp.file("min.data") +
                          " --fmax 1e-8 --json " + tmp.file("min.json"), err) == 0, err);
  REQUIRE_MESSAGE(run(tool() + " psi --potential " + cuzr + " --data " + tmp.file("min.data") + " --json " +
                          tmp.file("psi.json") + " --modes 4 --vdos 0.2", err) == 0, err);
  const auto j = pelkit::testing::read_json(tmp.file("psi.json"));
  for (const char* key : {"natoms", "fmax_eV_per_A", "ids", "psi_dynamical_ps2", "psi_hessian_A2_per_eV", "dynamical",
                          "hessian", "default_form", "timing_s"})
    CHECK_MESSAGE(j.contains(key), key);
  REQUIRE(j["psi_dynamical_ps2"].size() == 256);
  pelkit::system s = pelkit::read_structure(tmp.file("min.data"));
  auto calc = pelkit::calculator(pelkit::eam::from_file(cuzr));
  const auto r = pelkit::soft_modes(Eigen::MatrixXd(pelkit::hessian(calc, s)), s);
  for (int i : {0, 100, 255}) {
    CHECK(j["psi_dynamical_ps2"][i].get<double>() == doctest::Approx(r.psi_dynamical[i]).epsilon(1e-9));
    CHECK(j["psi_hessian_A2_per_eV"][i].get<double>() == doctest::Approx(r.psi_hessian[i]).epsilon(1e-9));
  }
  REQUIRE(j["softest_modes"].size() == 4);
  CHECK(j["softest_modes"][0]["nu_THz"].get<double>() > 0);
  CHECK(j["softest_modes"][0]["nu_THz"].get<double>() <= j["softest_modes"][3]["nu_THz"].get<double>());
  CHECK(j["dynamical"]["mean"].get<double>() == doctest::Approx(r.psi_dynamical.mean()).epsilon(1e-9));
  // the vibrational density of states: all 3N - 3 modes, normalised, starting at the softest mode's bin
  CHECK(j["vdos"]["modes"] == 3 * 256 - 3);
  double integral = 0;
  for (const auto& g : j["vdos"]["g_per_THz"]) integral += g.get<double>() * 0.2;
  CHECK(integral == doctest::Approx(1.0).epsilon(1e-12));
  const double softest = j["softest_modes"][0]["nu_THz"].get<double>();
  CHECK(j["vdos"]["g_per_THz"][int(softest / 0.2)].get<double>() > 0);
  // the unminimised file is refused with its largest force
  CHECK(run(tool() + " psi --potential " + cuzr + " --data " + data, err) == 1);
  CHECK_MESSAGE(err.find("not an energy minimum") != std::string::npos, err);
}
