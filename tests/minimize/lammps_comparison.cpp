// The minimised energy of an unrelaxed 500-atom Cu50Zr50 glass (triclinic cell) against LAMMPS
// `min_style cg` + `minimize 0 1e-10 100000 1000000`, run here through
// tests/reference/lammps_minimize.py. Skipped (with a message) when lmp is not installed.
#include <pelkit/minimize/conjugate_gradient.hpp>
#include <pelkit/minimize/fire.hpp>
#include <pelkit/minimize/lbfgs.hpp>

#include <chrono>
#include <cstdlib>

#include "../support.hpp"
#include "../tool/run.hpp"
#include "conformance.hpp"

using namespace pelkit;

namespace {

bool have_lammps() { return std::system("command -v lmp > /dev/null 2>&1 && command -v python3 > /dev/null 2>&1") == 0; }

template <class M>
minimize_result relax(const M& m, const char* name, double& seconds, double& per_atom) {
  pelkit::system s = read_structure(testing::data_file("cu50zr50_triclinic.data"));
  auto calc = calculator(eam::from_file(testing::cuzr));
  const auto t0 = std::chrono::steady_clock::now();
  const minimize_result r = m.minimize(calc, s, {.fmax = 1e-6});
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  per_atom = r.energy_final / double(s.size());
  MESSAGE(std::string(name), ": E ", r.energy_initial, " -> ", r.energy_final, " eV, fmax ", r.fmax, " eV/A, ",
          r.iterations, " iterations, ", r.force_evaluations, " force + ", r.energy_evaluations,
          " energy evaluations, ", seconds, " s (", r.reason, ")");
  return r;
}

}  // namespace

TEST_CASE("minimize: Cu50Zr50 triclinic glass matches LAMMPS min_style cg") {
  if (!have_lammps()) {
    MESSAGE("lmp or python3 not found: LAMMPS comparison skipped");
    return;
  }
  testing::temp_dir tmp;
  const std::string json = tmp.file("lammps.json");
  const std::string cmd = std::string("python3 ") + PELKIT_SOURCE_DIR + "/tests/reference/lammps_minimize.py " +
                          testing::data_file("cu50zr50_triclinic.data") + " --potential " +
                          testing::cuzr +
                          " --elements Cu Zr --min-style cg --etol 0 --ftol 1e-10 --maxiter 100000"
                          " --maxeval 1000000 -o " + json;
  std::string err;
  REQUIRE_MESSAGE(testing::run(cmd, err) == 0, err);
  const auto ref = testing::read_json(json);
  const double ref_per_atom = ref["energy_per_atom_eV"].get<double>();
  MESSAGE("LAMMPS cg: E ", ref["energy_initial_eV"].get<double>(), " -> ", ref["energy_final_eV"].get<double>(),
          " eV, fmax ", ref["fmax_eV_per_A"].get<double>(), " eV/A, ", ref["iterations"].get<long>(),
          " iterations, ", ref["force_evaluations"].get<long>(), " force evaluations, ",
          ref["wall_time_s"].get<double>(), " s wall incl. start-up (", ref["stopping_criterion"].get<std::string>(), ")");

  double seconds, per_atom;
  const auto r_cg = relax(conjugate_gradient{}, "pelkit cg", seconds, per_atom);
  CHECK(r_cg.converged);
  CHECK(r_cg.energy_initial == doctest::Approx(ref["energy_initial_eV"].get<double>()).epsilon(1e-12));
  CHECK(std::abs(per_atom - ref_per_atom) < 1e-6);
  const auto r_lbfgs = relax(lbfgs{}, "pelkit lbfgs", seconds, per_atom);
  CHECK(r_lbfgs.converged);
  CHECK(std::abs(per_atom - ref_per_atom) < 1e-6);
  const auto r_fire = relax(fire2{}, "pelkit fire2", seconds, per_atom);
  CHECK(r_fire.converged);
  CHECK(std::abs(per_atom - ref_per_atom) < 1e-6);
}
