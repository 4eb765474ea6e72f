// End-to-end: `pelkit quench` — JSON keys, written glass and thermo log, the LAMMPS input,
// resumption after a kill (same result as an uninterrupted run), bad options.
#include <pelkit/io/structure.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "../support.hpp"
#include "run.hpp"

namespace fs = std::filesystem;
using pelkit::testing::run;
using pelkit::testing::tool;
using pelkit::testing::have_subcommand;
using pelkit::testing::read_text;

namespace {

using pelkit::testing::cuzr;

/// A generated 256-atom Cu50Zr50 quench of 1900 steps.
std::string fast_quench() {
  return tool() + " quench --potential " + cuzr +
         " --natoms 256 --melt-ps 1 --equilibrate-ps 0.4 --T0 1500 --T1 300 --rate 1e15 --pressure 2"
         " --release-ps 0.4 --relax-ps 0.8 --tau-P 0.3 --thermo-every 50 --progress never";
}

}  // namespace

TEST_CASE("pelkit quench writes the glass, the thermo log and the documented JSON") {
  if (!have_subcommand("quench")) {
    MESSAGE("SKIP: ", tool(), " quench not available");
    return;
  }
  pelkit::testing::temp_dir tmp;
  std::string err;
  REQUIRE_MESSAGE(run(fast_quench() + " --out " + tmp.file("glass.data") + " --thermo " + tmp.file("thermo.csv") +
                          " --json " + tmp.file("q.json") + " --lammps-input " + tmp.file("in.quench"),
                      err) == 0,
                  err);
  const auto j = pelkit::testing::read_json(tmp.file("q.json"));
  for (const char* key : {"complete", "natoms", "density_g_per_cm3", "number_density_per_A3", "E_IS_eV_per_atom",
                          "volume_A3", "pressure_GPa", "minimization", "stages", "total_steps", "resumed_from_step",
                          "generated_start", "parameters", "timing_s", "out"})
    CHECK_MESSAGE(j.contains(key), key);
  CHECK(j["natoms"] == 256);
  CHECK(j["total_steps"] == 1900);
  CHECK(j["stages"].size() == 5);
  CHECK(j["minimization"]["converged"] == true);
  CHECK(j["timing_s"]["steps_per_s"].get<double>() > 0);
  const pelkit::system glass = pelkit::read_structure(tmp.file("glass.data"));
  CHECK(glass.size() == 256);
  const double rho = glass.total_mass() / glass.box.volume() * pelkit::units::amu_per_A3_to_g_per_cm3;
  CHECK(rho == doctest::Approx(j["density_g_per_cm3"].get<double>()).epsilon(1e-12));
  const std::string csv = read_text(tmp.file("thermo.csv"));
  CHECK(csv.rfind("step,time_ps,temperature_K", 0) == 0);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 1900 / 50 + 1);
  const std::string in = read_text(tmp.file("in.quench"));
  CHECK(in.find("fix md all npt temp 2500 2500") != std::string::npos);
  CHECK(in.find("read_data " + fs::absolute(tmp.file("in.quench.start.data")).string()) != std::string::npos);
  CHECK(fs::exists(tmp.file("in.quench.start.data")));
}

TEST_CASE("pelkit quench killed mid-run resumes to the same glass") {
  if (!have_subcommand("quench")) {
    MESSAGE("SKIP: ", tool(), " quench not available");
    return;
  }
  pelkit::testing::temp_dir tmp;
  std::string err;
  // uninterrupted
  REQUIRE_MESSAGE(run(fast_quench() + " --out " + tmp.file("a.data") + " --thermo " + tmp.file("a.csv") +
                          " --json " + tmp.file("a.json"),
                      err) == 0,
                  err);
  // stopped at a step (as a batch time limit would), then killed at a random moment, then resumed
  const std::string b = fast_quench() + " --out " + tmp.file("b.data") + " --thermo " + tmp.file("b.csv") +
                        " --checkpoint " + tmp.file("b.ckpt") + " --checkpoint-every 40 --json " + tmp.file("b.json");
  REQUIRE_MESSAGE(run(b + " --stop-at-step 450", err) == 0, err);
  CHECK(pelkit::testing::read_json(tmp.file("b.json"))["complete"] == false);
  CHECK(!fs::exists(tmp.file("b.data")));
  run("timeout -s KILL 0.4 " + b + " > /dev/null", err);  // killed after 0.4 s (or done)
  REQUIRE_MESSAGE(run(b, err) == 0, err);
  const auto jb = pelkit::testing::read_json(tmp.file("b.json"));
  MESSAGE("resumed from step " << jb["resumed_from_step"]);
  CHECK(jb["resumed_from_step"].get<long>() >= 450);
  CHECK(read_text(tmp.file("b.data")) == read_text(tmp.file("a.data")));
  CHECK(read_text(tmp.file("b.csv")) == read_text(tmp.file("a.csv")));
  CHECK(jb["E_IS_eV_per_atom"] == pelkit::testing::read_json(tmp.file("a.json"))["E_IS_eV_per_atom"]);
}

TEST_CASE("pelkit quench rejects bad options clearly") {
  if (!have_subcommand("quench")) {
    MESSAGE("SKIP: ", tool(), " quench not available");
    return;
  }
  pelkit::testing::temp_dir tmp;
  const std::string base = tool() + " quench --potential " + cuzr + " --out " + tmp.file("g.data") + " --natoms 64";
  struct bad {
    std::string args, message;
  };
  for (const auto& b : {bad{" --dt 0", "time step must be positive"}, bad{" --dt -0.001", "time step must be positive"},
                        bad{" --T1 0", "T1 must be positive"}, bad{" --tau-T 0", "tau_T must be positive"},
                        bad{" --rate -5", "cooling rate must be positive"},
                        bad{" --couple xyz", "expected iso, aniso or tri"},
                        bad{" --composition Cu=0.5,Xx=0.5", "unknown element 'Xx'"},
                        bad{" --data " + tmp.file("missing.data"), "missing.data"},
                        bad{" --stop-at-step 10", "needs --checkpoint"}}) {
    CAPTURE(b.args);
    std::string err;
    CHECK(run(base + b.args, err) == 1);
    CHECK_MESSAGE(err.find(b.message) != std::string::npos, err);
  }
  // overlapping atoms: a clear message, no output file
  std::string err;
  std::ofstream(tmp.file("overlap.data"))
      << "overlap\n\n2 atoms\n2 atom types\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nMasses\n\n1 63.546\n2 91.224\n\n"
         "Atoms # atomic\n\n1 1 1.0 1.0 1.0\n2 2 1.0 1.0 1.001\n";
  CHECK(run(tool() + " quench --potential " + cuzr + " --elements Cu,Zr --data " + tmp.file("overlap.data") +
                " --out " + tmp.file("g.data") + " --equilibrate-ps 0.2 --rate 1e16 --release-ps 0 --relax-ps 0 --progress never",
            err) == 1);
  CHECK_MESSAGE(err.find("non-finite") != std::string::npos, err);
  CHECK(!fs::exists(tmp.file("g.data")));
}
