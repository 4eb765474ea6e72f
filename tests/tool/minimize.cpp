// End-to-end: `pelkit minimize` — its JSON keys, the written structure, and its exit status.
// Skipped when the tool is not built or does not have the command.
#include <pelkit/io/structure.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>

#include <filesystem>

#include "../support.hpp"
#include "run.hpp"
#include "../minimize/conformance.hpp"

namespace fs = std::filesystem;
using pelkit::testing::run;
using pelkit::testing::tool;
using pelkit::testing::have_subcommand;

TEST_CASE("pelkit minimize writes the documented JSON and a relaxed structure") {
  if (!have_subcommand("minimize")) {
    MESSAGE("SKIP: ", tool(), " minimize not available");
    return;
  }
  pelkit::testing::temp_dir tmp;
  const std::string data = pelkit::testing::data_file("cu50zr50_small_256.data");
  SUBCASE("each method") for (const std::string method : {"lbfgs", "cg", "fire"}) {
    CAPTURE(method);
    std::string err;
    const std::string out = tmp.file(method + ".data"), json = tmp.file(method + ".json");
    REQUIRE_MESSAGE(run(tool() + " minimize --potential " + pelkit::testing::cuzr + " --data " + data +
                            " --out " + out + " --method " + method + " --fmax 1e-5 --json " + json, err) == 0,
                    err);
    const auto j = pelkit::testing::read_json(json);
    for (const char* key : {"energy_initial_eV", "energy_final_eV", "energy_per_atom_eV", "fmax_eV_per_A",
                            "iterations", "force_evaluations", "converged", "reason", "method", "natoms",
                            "timing_s"})
      CHECK_MESSAGE(j.contains(key), "missing key ", key);
    CHECK(j["converged"] == true);
    CHECK(j["method"] == method);
    CHECK(j["natoms"] == 256);
    CHECK(j["fmax_eV_per_A"].get<double>() <= 1e-5);
    // The written structure has the reported energy.
    auto calc = pelkit::calculator(pelkit::eam::from_file(pelkit::testing::cuzr));
    const auto& e = calc.compute(pelkit::read_structure(out));
    CHECK(e.energy == doctest::Approx(j["energy_final_eV"].get<double>()).epsilon(1e-10));
  }
  SUBCASE("a limit: exit 0, converged=false, warning") {
    std::string err;
    const std::string json = tmp.file("limit.json");
    REQUIRE(run(tool() + " minimize --potential " + pelkit::testing::cuzr + " --data " + data +
                    " --out " + tmp.file("limit.data") + " --max-iterations 2 --json " + json, err) == 0);
    const auto j = pelkit::testing::read_json(json);
    CHECK(j["converged"] == false);
    CHECK(j["reason"] == "max iterations");
    CHECK(err.find("not converged") != std::string::npos);
  }
  SUBCASE("input errors exit 1") {
    std::string err;
    CHECK(run(tool() + " minimize --potential " + pelkit::testing::cuzr + " --data " + data +
                  " --out " + tmp.file("x.data") + " --method newton", err) == 1);
    CHECK(err.find("--method") != std::string::npos);
  }
}
