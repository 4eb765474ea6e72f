// The glass-preparation protocol: the generated start, the stages, a small quench end to end
// (targets reached, minimised), resumption bit for bit, the LAMMPS input it writes (run by
// LAMMPS when available), and bad parameters.
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>
#include <pelkit/protocol/quench.hpp>

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../support.hpp"

using namespace pelkit;
namespace fs = std::filesystem;

namespace {

using pelkit::testing::cuzr;

/// A fast protocol for 256 atoms: 500 + 300 + 600 + 200 + 200 = 1800 steps of 2 fs.
quench_parameters fast_protocol() {
  quench_parameters q;
  q.melt_ps = 1;
  q.equilibrate_ps = 0.6;
  q.T0_K = 1500;
  q.T1_K = 300;
  q.cooling_rate_K_per_s = 1e15;  // 1.2 ps
  q.pressure_GPa = 5;
  q.release_ps = 0.4;
  q.relax_ps = 0.4;
  q.tau_P_ps = 0.3;
  return q;
}

liquid_spec small_alloy() {
  liquid_spec l;
  l.natoms = 256;
  l.seed = 3;
  return l;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream o;
  o << in.rdbuf();
  return o.str();
}

}  // namespace

TEST_CASE("random_alloy: exact composition, density, no overlaps, seeded") {
  liquid_spec l;
  l.natoms = 1000;
  l.elements = {"Cu", "Zr", "Al"};
  l.fractions = {0.46, 0.46, 0.08};
  l.number_density_per_A3 = 0.06;
  const pelkit::system s = random_alloy(l);
  REQUIRE(s.size() == 1000);
  std::vector<int> count(3, 0);
  for (int t : s.types) ++count[t];
  CHECK(count == std::vector<int>{460, 460, 80});
  CHECK(s.box.volume() == doctest::Approx(1000 / 0.06).epsilon(1e-12));
  CHECK(s.type_masses[1] == doctest::Approx(91.224).epsilon(1e-3));
  double dmin = 1e9;
  for (std::size_t i = 0; i < s.size(); ++i)
    for (std::size_t j = i + 1; j < s.size(); ++j)
      dmin = std::min(dmin, s.box.minimum_image(s.positions.col(j) - s.positions.col(i)).norm());
  CHECK(dmin >= std::cbrt(1 / 0.06) * 0.999);
  CHECK(random_alloy(l).types == s.types);
  l.seed = 2;
  CHECK(random_alloy(l).types != s.types);
  l.elements = {"Cu", "Xx", "Al"};
  CHECK_ERROR(random_alloy(l), "unknown element 'Xx'");
  l.elements = {"Cu", "Zr", "Al"};
  l.fractions = {0.5, 0.6, 0.1};
  CHECK_ERROR(random_alloy(l), "sum to 1");
}

TEST_CASE("quench stages: durations from the cooling rate, melt only for generated starts") {
  quench_parameters q;  // 1500 → 1 K at 1e12 K/s: 1499 ps
  auto st = quench_stages(q, false);
  REQUIRE(st.size() == 4);
  CHECK(st[0].name == "equilibrate");
  CHECK(st[1].name == "quench");
  CHECK(st[1].steps == 749500);  // 1499 ps / 2 fs
  CHECK(st[1].T_start_K == 1500);
  CHECK(st[1].T_end_K == 1);
  CHECK(st[2].P_start_GPa == q.pressure_GPa);
  CHECK(st[2].P_end_GPa == q.release_pressure_GPa);
  CHECK(quench_stages(q, true).front().name == "melt");
  q.release_ps = 0;
  q.equilibrate_ps = 0;
  st = quench_stages(q, false);
  CHECK(st.size() == 2);
  q.dt_ps = -1;
  CHECK_ERROR(quench_stages(q, false), "time step must be positive");
  q = {};
  q.cooling_rate_K_per_s = 0;
  CHECK_ERROR(quench_stages(q, false), "cooling rate must be positive");
  q = {};
  q.relax_ps = -1;
  CHECK_ERROR(quench_stages(q, false), "relaxation time must be >= 0");
}

TEST_CASE("a small quench reaches its targets and ends in a minimum; resumption is exact") {
  if (!fs::exists(cuzr)) {
    MESSAGE("skipped: " << cuzr << " not found");
    return;
  }
  testing::temp_dir dir;
  const quench_parameters q = fast_protocol();
  quench_output out;
  out.thermo_csv = dir.file("a.csv");
  out.thermo_every = 50;
  auto calc = calculator(eam::from_file(cuzr));
  const auto a = quench(random_alloy(small_alloy()), calc, q, out, true);
  REQUIRE(a.complete);
  REQUIRE(a.stages.size() == 5);
  for (const auto& s : a.stages)
    MESSAGE(s.name << ": " << s.steps << " steps, T_end " << s.T_end_K << " K, P_end " << s.P_end_GPa << " GPa, rho "
                   << s.density_end_g_per_cm3 << " g/cm3");
  MESSAGE("glass: E_IS " << a.E_IS_eV_per_atom << " eV/atom, rho " << a.density_g_per_cm3 << " g/cm3, P "
                         << a.pressure_GPa << " GPa, " << a.minimization.force_evaluations << " force evaluations");
  CHECK(a.total_steps == 1800);
  CHECK(a.minimization.converged);
  CHECK(a.minimization.fmax <= q.fmax_eV_per_A);
  CHECK(a.stages[4].T_end_K == doctest::Approx(300).epsilon(0.25));   // 256 atoms: ±~10 %
  CHECK(a.stages[2].P_end_GPa == doctest::Approx(5).epsilon(0.5));     // 256 atoms fluctuate ~1 GPa
  CHECK(a.stages[0].density_end_g_per_cm3 < a.stages[2].density_end_g_per_cm3);  // cooled, compressed
  CHECK(a.E_IS_eV_per_atom < -4.5);
  CHECK(a.E_IS_eV_per_atom > -5.2);
  CHECK(a.density_g_per_cm3 > 6.8);
  CHECK(a.density_g_per_cm3 < 7.8);
  // the thermo log: one row per 50 global steps, step 0 included
  const std::string log = slurp(out.thermo_csv);
  CHECK(std::count(log.begin(), log.end(), '\n') == 1 + 1800 / 50 + 1);

  // The same protocol, stopped twice and resumed from its checkpoint in fresh calculators.
  quench_output cut = out;
  cut.thermo_csv = dir.file("b.csv");
  cut.checkpoint = dir.file("b.ckpt");
  cut.checkpoint_every = 70;
  {
    auto c1 = calculator(eam::from_file(cuzr));
    cut.stop_at_step = 333;  // inside the melt stage, between checkpoints
    const auto part = quench(random_alloy(small_alloy()), c1, q, cut, true);
    CHECK(!part.complete);
    auto c2 = calculator(eam::from_file(cuzr));
    cut.stop_at_step = 1500;  // inside the quench stage
    const auto part2 = quench(random_alloy(small_alloy()), c2, q, cut, true);
    CHECK(!part2.complete);
    CHECK(part2.resumed_from_step == 333);
  }
  auto c3 = calculator(eam::from_file(cuzr));
  cut.stop_at_step = -1;
  const auto b = quench(random_alloy(small_alloy()), c3, q, cut, true);
  REQUIRE(b.complete);
  CHECK(b.resumed_from_step == 1500);
  CHECK((b.glass.positions.array() == a.glass.positions.array()).all());
  CHECK(b.glass.box.h() == a.glass.box.h());
  CHECK(b.E_IS_eV_per_atom == a.E_IS_eV_per_atom);
  CHECK(slurp(cut.thermo_csv) == log);

  // a checkpoint of another protocol is refused
  quench_parameters other = q;
  other.pressure_GPa = 6;
  auto c4 = calculator(eam::from_file(cuzr));
  CHECK_ERROR(quench(random_alloy(small_alloy()), c4, other, cut, true), "b.ckpt", "different quench protocol");
}

TEST_CASE("exploding forces stop the quench with a clear message") {
  if (!fs::exists(cuzr)) {
    MESSAGE("skipped: " << cuzr << " not found");
    return;
  }
  pelkit::system s = random_alloy(small_alloy());
  s.positions.col(1) = s.positions.col(0) + Eigen::Vector3d(1e-3, 0, 0);  // two atoms on top of each other
  auto calc = calculator(eam::from_file(cuzr));
  quench_parameters q = fast_protocol();
  q.dt_ps = 0.005;
  CHECK_ERROR(quench(s, calc, q, {}, true), "non-finite");
}

TEST_CASE("the LAMMPS input runs the same protocol") {
  quench_parameters q = fast_protocol();
  lammps_quench_files f;
  f.data_file = "start.data";
  f.potential_file = cuzr;
  f.elements = {"Cu", "Zr"};
  const std::string in = lammps_quench_input(q, f, true);
  // every stage with its steps and a Pdamp giving the barostat masses of T0
  const auto stages = quench_stages(q, true);
  for (const auto& s : stages) CHECK(in.find("run " + std::to_string(s.steps) + "\n") != std::string::npos);
  CHECK(in.find("fix md all npt temp 1500 300 0.1 iso") != std::string::npos);
  char pdamp[32];
  *std::to_chars(pdamp, pdamp + 31, q.tau_P_ps * std::sqrt(q.T0_K / q.T1_K)).ptr = '\0';
  CHECK(in.find(" " + std::string(pdamp) + "\nrun 200\n") != std::string::npos);
  CHECK(in.find("minimize 0 1e-06") != std::string::npos);
  CHECK(in.find("write_data glass.data") != std::string::npos);

  if (!fs::exists(cuzr) || std::system("command -v lmp > /dev/null 2>&1") != 0) {
    MESSAGE("skipped running it: lmp or " << cuzr << " not found");
    return;
  }
  testing::temp_dir dir;
  pelkit::system start = random_alloy(small_alloy());
  initialize_velocities(start, q.T_hot_K, q.velocity_seed);
  write_lammps_data(dir.file("start.data"), start);
  f.data_file = dir.file("start.data");
  f.output_data = dir.file("glass.data");
  {
    std::ofstream(dir.file("in.quench")) << lammps_quench_input(q, f, true);
  }
  const std::string cmd = "cd " + dir.path.string() + " && OMP_NUM_THREADS=1 lmp -in in.quench -log log.lammps -screen none";
  REQUIRE(std::system(cmd.c_str()) == 0);
  pelkit::system glass = read_lammps_data(f.output_data);
  glass.type_names = {"Cu", "Zr"};
  auto calc = calculator(eam::from_file(cuzr));
  const auto& e = calc.compute(glass);
  const double rho = glass.total_mass() / glass.box.volume() * units::amu_per_A3_to_g_per_cm3;
  MESSAGE("LAMMPS ran the protocol: E_IS " << e.energy / glass.size() << " eV/atom, rho " << rho << " g/cm3");
  CHECK(e.energy / glass.size() < -4.5);
  CHECK(rho > 6.8);
  CHECK(rho < 7.8);
}
