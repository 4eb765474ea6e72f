// End-to-end: `pelkit minimize --cell ... --pressure ...` relaxes the cell (the tool's other
// options are tested in tests/tool/minimize.cpp). Skipped when the tool is not built.
#include <pelkit/io/structure.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>

#include <filesystem>

#include "../support.hpp"
#include "../tool/run.hpp"
#include "conformance.hpp"

using pelkit::testing::run;
using pelkit::testing::tool;

TEST_CASE("minimize: pelkit minimize --cell relaxes the cell to --pressure") {
  if (!std::filesystem::exists(tool()) || !std::filesystem::exists(pelkit::testing::cuzr)) {
    MESSAGE("SKIP: ", tool(), " not built");
    return;
  }
  pelkit::testing::temp_dir tmp;
  const std::string base = tool() + " minimize --potential " + pelkit::testing::cuzr + " --data " +
                           pelkit::testing::data_file("cu50zr50_triclinic.data");
  SUBCASE("each mode reaches the target and reports it") {
    for (const std::string mode : {"iso", "aniso", "full"}) {
      CAPTURE(mode);
      std::string err;
      const std::string out = tmp.file(mode + ".data"), json = tmp.file(mode + ".json");
      REQUIRE_MESSAGE(run(base + " --out " + out + " --cell " + mode + " --pressure 2.5 --fmax 1e-6 --json " + json,
                          err) == 0, err);
      const auto j = pelkit::testing::read_json(json);
      for (const char* key : {"cell_mode", "pressure_GPa", "volume_A3", "target_pressure_GPa", "enthalpy_final_eV",
                              "energy_final_eV", "fmax_eV_per_A", "converged", "method"})
        CHECK_MESSAGE(j.contains(key), "missing key ", key);
      CHECK(j["converged"] == true);
      CHECK(j["target_pressure_GPa"].get<double>() == 2.5);
      // The written structure is at the reported pressure and volume (to the data file's precision).
      const pelkit::system s = pelkit::read_structure(out);
      auto calc = pelkit::calculator(pelkit::eam::from_file(pelkit::testing::cuzr));
      const auto& e = calc.compute(s);
      const double p = e.virial.trace() / (3 * s.box.volume()) * pelkit::units::eV_per_A3_to_GPa;
      CHECK(std::abs(p - 2.5) < 1e-3);
      CHECK(std::abs(j["pressure_GPa"].get<double>() - 2.5) < 1e-4);
      CHECK(s.box.volume() == doctest::Approx(j["volume_A3"].get<double>()).epsilon(1e-9));
    }
    std::string err;
    const std::string json = tmp.file("fixed.json");
    REQUIRE(run(base + " --out " + tmp.file("fixed.data") + " --fmax 1e-4 --json " + json, err) == 0);
    const auto j = pelkit::testing::read_json(json);
    CHECK(j["cell_mode"] == "fixed");
    CHECK(j["volume_A3"].get<double>() ==
          doctest::Approx(pelkit::read_structure(pelkit::testing::data_file("cu50zr50_triclinic.data")).box.volume()));
  }
  SUBCASE("bad --cell or --pressure exits 1 with a message") {
    std::string err;
    CHECK(run(base + " --out " + tmp.file("x.data") + " --cell triclinic", err) == 1);
    CHECK(err.find("--cell") != std::string::npos);
    CHECK(run(base + " --out " + tmp.file("x.data") + " --cell iso --pressure nan", err) == 1);
    CHECK(err.find("--pressure") != std::string::npos);
  }
}
