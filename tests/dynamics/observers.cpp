// Observers: thermo CSV rows equal to an independent recomputation from the states of a real
// NVE run, trajectory frames read back equal to the states, append/truncate for resumed runs,
// a changing box, the kinetic part of the pressure tensor, progress, errors.
#include <pelkit/dynamics/observers.hpp>
#include <pelkit/dynamics/velocity_verlet.hpp>
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../support.hpp"

using namespace pelkit;
namespace fs = std::filesystem;

static_assert(observable_state<velocity_verlet<>::state_type>);

namespace {

using pelkit::testing::cuzr;
using nve_state = velocity_verlet<>::state_type;

/// The 256-atom Cu50Zr50 sample with velocities at 1000 K, NVE at 2 fs, EAM (Mendelev 2009).
struct cuzr_run {
  calculator<eam> calc = calculator(eam::from_file(cuzr));
  velocity_verlet<> md{0.002};
  nve_state start() {
    pelkit::system s = read_lammps_data(std::string(PELKIT_TEST_DATA) + "/cu50zr50_small_256.data");
    initialize_velocities(s, 1000.0, 11);
    return md.init(std::move(s), calc);
  }
};

/// An observer that keeps a copy of every state it sees.
struct recorder {
  std::vector<nve_state> states;
  void observe(const nve_state& st) { states.push_back(st); }
  const nve_state& at(long step) const {
    for (const auto& s : states)
      if (s.step == step) return s;
    throw std::runtime_error("no state at step " + std::to_string(step));
  }
};

struct csv_file {
  std::string header;
  int header_count = 0;  ///< lines equal to the header
  std::vector<long> steps;
  std::vector<std::vector<double>> rows;  ///< every column, as read by strtod
};

csv_file read_csv(const std::string& path) {
  csv_file c;
  std::ifstream in(path);
  std::string line;
  std::getline(in, c.header);
  c.header_count = 1;
  while (std::getline(in, line)) {
    if (line == c.header) {
      ++c.header_count;
      continue;
    }
    std::vector<double> row;
    std::stringstream fields(line);
    std::string f;
    while (std::getline(fields, f, ',')) row.push_back(std::strtod(f.c_str(), nullptr));
    c.steps.push_back(std::stol(line.substr(0, line.find(','))));
    c.rows.push_back(row);
  }
  return c;
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> v;
  std::stringstream in(s);
  std::string f;
  while (std::getline(in, f, ',')) v.push_back(f);
  return v;
}

/// P_ab = (Σ m v_a v_b + W_ab) / V in GPa, written out from the definition.
double pressure_component(const pelkit::system& s, const evaluation& e, int a, int b) {
  double mvv = 0;  // amu Å²/ps²
  for (std::size_t i = 0; i < s.size(); ++i)
    mvv += s.mass(i) * (*s.velocities)(a, Eigen::Index(i)) * (*s.velocities)(b, Eigen::Index(i));
  const double eV_per_amu_A2_ps2 = 1.0 / 9648.5332123;
  return (mvv * eV_per_amu_A2_ps2 + e.virial(a, b)) / s.box.volume() * 160.21766340;
}

/// A hand-made state (not md_state): observers must work on anything with this interface.
struct toy_state {
  pelkit::system system;
  pelkit::evaluation evaluation;
  double time = 0;  ///< ps
  long step = 0;
  double extra_eV = 0;  ///< added to the conserved energy
};
double kinetic_energy(const toy_state& st) { return pelkit::kinetic_energy(st.system); }
double conserved_energy(const toy_state& st) {
  return kinetic_energy(st) + st.evaluation.energy + st.extra_eV;
}
static_assert(observable_state<toy_state>);

/// Two atoms (Cu at rest-frame velocity v1, Zr at v2) in a 10 Å cube with a given virial.
toy_state two_atoms() {
  Eigen::Matrix3Xd x(3, 2);
  x << 1, 6, 2, 3, 2.5, 7;
  toy_state st;
  st.system = make_system(periodic_box::cubic(10), x, {0, 1}, {"Cu", "Zr"}, {63.546, 91.224});
  Eigen::Matrix3Xd v(3, 2);
  v << 1.5, -2.0, 2.0, 0.5, -0.25, 3.0;  // columns: atom 1, atom 2 (Å/ps)
  st.system.velocities = v;
  st.evaluation.energy = -7.25;
  st.evaluation.forces = Eigen::Matrix3Xd::Zero(3, 2);
  st.evaluation.virial << 0.3, 0.1, -0.2, 0.1, -0.4, 0.05, -0.2, 0.05, 0.6;
  st.extra_eV = 0.125;
  return st;
}

/// The toy state one step later with the cell and positions scaled by `f` (an NPT-like move).
void advance_scaled(toy_state& st, double f, double dt = 0.002) {
  const periodic_box& b = st.system.box;
  st.system.box = periodic_box(b.lo() * f, b.hi() * f, b.xy() * f, b.xz() * f, b.yz() * f);
  st.system.positions *= f;
  ++st.step;
  st.time += dt;
}

}  // namespace

TEST_CASE("thermo_log: rows of an NVE run equal an independent recomputation from the states") {
  if (!fs::exists(cuzr)) {
    MESSAGE("skipped: " << cuzr << " not found");
    return;
  }
  testing::temp_dir dir;
  cuzr_run run;
  auto st = run.start();
  recorder rec;
  const std::string path = dir.file("thermo.csv");
  {
    thermo_log log(path, 5);
    run_with(run.md, st, run.calc, 20, rec, log);
    // flushed row by row: readable while the log is still open
    CHECK(read_csv(path).rows.size() == 5);
  }
  REQUIRE(rec.states.size() == 21);  // the start and every step
  CHECK(rec.states.front().step == 0);
  CHECK(rec.states.back().step == 20);

  const csv_file c = read_csv(path);
  const std::vector<std::string> columns = split(c.header);
  CHECK(columns == split(thermo_log::header));
  REQUIRE(columns.size() == 15);
  CHECK(columns[1] == "time_ps");
  CHECK(columns[2] == "temperature_K");
  CHECK(c.header_count == 1);
  CHECK(c.steps == std::vector<long>{0, 5, 10, 15, 20});
  const std::size_t N = 256;
  for (std::size_t r = 0; r < c.rows.size(); ++r) {
    const auto& row = c.rows[r];
    REQUIRE(row.size() == 15);
    const nve_state& s = rec.at(c.steps[r]);
    const auto& sys = s.system;
    INFO("step ", c.steps[r]);
    double mv2 = 0, mass = 0;  // amu Å²/ps², amu
    for (std::size_t i = 0; i < N; ++i) {
      mv2 += sys.mass(i) * sys.velocities->col(Eigen::Index(i)).squaredNorm();
      mass += sys.mass(i);
    }
    const double K = 0.5 * mv2 / 9648.5332123;                      // eV
    const double T = 2 * K / ((3.0 * N - 3) * 8.617333262e-5);      // K
    CHECK(row[1] == s.time);                                        // exact: round-trip text
    CHECK(row[2] == doctest::Approx(T).epsilon(1e-13));
    CHECK(row[3] == doctest::Approx(K).epsilon(1e-13));
    CHECK(row[4] == s.evaluation.energy);
    CHECK(row[5] == conserved_energy(s));
    CHECK(row[6] == sys.box.volume());
    CHECK(row[7] == doctest::Approx(mass / sys.box.volume() * 1.66053906660).epsilon(1e-13));
    const int ab[6][2] = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 2}, {1, 2}};
    for (int k = 0; k < 6; ++k)
      CHECK(row[9 + k] == doctest::Approx(pressure_component(sys, s.evaluation, ab[k][0], ab[k][1])).epsilon(1e-12));
    CHECK(row[8] == doctest::Approx((row[9] + row[10] + row[11]) / 3).epsilon(1e-13));
  }
  // a real run: the temperature moves, the conserved energy does not (NVE, 2 fs)
  CHECK(c.rows.front()[2] != c.rows.back()[2]);
  const double dK = std::abs(c.rows.back()[3] - c.rows.front()[3]), dH = std::abs(c.rows.back()[5] - c.rows.front()[5]);
  MESSAGE("steps 0 to 20: |dK| = " << dK << " eV, |dH| = " << dH << " eV");
  CHECK(dH < 0.01 * dK);
  CHECK(c.rows.front()[7] > 6.0);  // a Cu50Zr50 glass: ~7 g/cm³
  CHECK(c.rows.front()[7] < 8.5);
}

TEST_CASE("trajectory_writer: LAMMPS dump and extended XYZ frames read back equal the states") {
  if (!fs::exists(cuzr)) {
    MESSAGE("skipped: " << cuzr << " not found");
    return;
  }
  testing::temp_dir dir;
  cuzr_run run;
  auto st = run.start();
  recorder rec;
  const std::string dump = dir.file("run.lammpstrj"), xyz = dir.file("run.extxyz");
  {
    trajectory_writer d(dump, 4), x(xyz, 3, file_mode::overwrite, /*with_forces*/ true);
    run_with(run.md, st, run.calc, 9, rec, d, x);
    CHECK(read_lammps_dump(dump).size() == 3);  // flushed while open
  }
  const auto frames = read_lammps_dump(dump);
  REQUIRE(frames.size() == 3);
  for (std::size_t k = 0; k < frames.size(); ++k) {
    const long step = 4 * long(k);
    const nve_state& s = rec.at(step);
    CHECK(frames[k].timestep == step);
    CHECK((frames[k].system.positions - s.system.positions).cwiseAbs().maxCoeff() == 0.0);
    REQUIRE(frames[k].system.velocities);
    CHECK((*frames[k].system.velocities - *s.system.velocities).cwiseAbs().maxCoeff() == 0.0);
    CHECK(frames[k].system.box.lo() == s.system.box.lo());
    CHECK(frames[k].system.box.hi() == s.system.box.hi());
    CHECK(frames[k].system.types == s.system.types);
    CHECK_FALSE(frames[k].forces);
  }
  CHECK((frames[2].system.positions - frames[0].system.positions).cwiseAbs().maxCoeff() > 1e-3);  // atoms moved

  const auto xframes = read_extxyz(xyz);
  REQUIRE(xframes.size() == 4);  // steps 0 3 6 9
  for (std::size_t k = 0; k < xframes.size(); ++k) {
    const long step = 3 * long(k);
    const nve_state& s = rec.at(step);
    CHECK(xframes[k].info.at("step") == std::to_string(step));
    CHECK(std::strtod(xframes[k].info.at("time_ps").c_str(), nullptr) == s.time);
    CHECK((xframes[k].system.positions - s.system.positions).cwiseAbs().maxCoeff() == 0.0);
    CHECK((*xframes[k].system.velocities - *s.system.velocities).cwiseAbs().maxCoeff() == 0.0);
    CHECK(xframes[k].system.box.h() == s.system.box.h());
    REQUIRE(xframes[k].forces);
    CHECK((*xframes[k].forces - s.evaluation.forces).cwiseAbs().maxCoeff() == 0.0);
  }
}

TEST_CASE("thermo_log: append and truncate_after for a resumed run, no duplicate rows") {
  if (!fs::exists(cuzr)) {
    MESSAGE("skipped: " << cuzr << " not found");
    return;
  }
  testing::temp_dir dir;
  cuzr_run run;
  const std::string path = dir.file("thermo.csv");
  recorder rec;
  auto st = run.start();
  {
    thermo_log log(path, 2);
    run_with(run.md, st, run.calc, 14, rec, log);  // rows 0..14; "killed" after step 14
  }
  const csv_file first = read_csv(path);
  REQUIRE(first.steps.size() == 8);
  // a killed run may leave half a row
  std::ofstream(path, std::ios::app) << "16,0.032,99";

  // resume from the checkpoint taken at step 6
  auto resumed = rec.at(6);
  {
    thermo_log log(path, 2, file_mode::append);
    log.truncate_after(6);
    CHECK(read_csv(path).steps == std::vector<long>{0, 2, 4, 6});
    run_with(run.md, resumed, run.calc, 4, log);  // steps 6 (already there) .. 10
  }
  const csv_file c = read_csv(path);
  CHECK(c.header_count == 1);
  CHECK(c.steps == std::vector<long>{0, 2, 4, 6, 8, 10});
  for (std::size_t r = 0; r < c.rows.size(); ++r)  // the same trajectory again
    for (std::size_t k = 1; k < 15; ++k)
      CHECK(c.rows[r][k] == doctest::Approx(first.rows[r][k]).epsilon(1e-9));

  // plain append: no second header, the half row dropped, new rows after the old
  std::ofstream(path, std::ios::app) << "12,0.02";
  {
    thermo_log log(path, 2, file_mode::append);
    log.observe(resumed);  // step 10 is already in the file
    log.write(thermo(rec.at(12)));
  }
  const csv_file d = read_csv(path);
  CHECK(d.header_count == 1);
  CHECK(d.steps == std::vector<long>{0, 2, 4, 6, 8, 10, 12});
  // append to a new file writes the header
  {
    thermo_log log(dir.file("fresh.csv"), 1, file_mode::append);
    log.observe(resumed);
  }
  CHECK(read_csv(dir.file("fresh.csv")).header == thermo_log::header);
  CHECK(read_csv(dir.file("fresh.csv")).steps == std::vector<long>{10});
}

TEST_CASE("trajectory_writer: truncate_after drops later and partial frames in both formats") {
  for (const std::string name : {"t.dump", "t.xyz"}) {
    INFO(name);
    testing::temp_dir dir;
    const std::string path = dir.file(name);
    toy_state st = two_atoms();
    {
      trajectory_writer w(path, 2);
      for (int k = 0; k <= 10; ++k) {
        w.observe(st);
        advance_scaled(st, 1.0);
      }
    }
    // a killed run: the first lines of another frame
    {
      std::ofstream out(path, std::ios::app);
      out << (name == "t.dump" ? "ITEM: TIMESTEP\n12\nITEM: NUMBER OF ATOMS\n2\n" : "2\nLattice=\"10 0 0 0 10 0 0 0 10\" step=12\nCu 1 2");
    }
    struct frames {
      std::vector<long> steps;
      std::vector<Eigen::Matrix3Xd> pos;
      std::vector<double> volume;
    };
    auto read_back = [&] {
      frames f;
      auto add = [&](long step, const pelkit::system& s) {
        f.steps.push_back(step), f.pos.push_back(s.positions), f.volume.push_back(s.box.volume());
      };
      if (name == "t.dump")
        for (const auto& x : read_lammps_dump(path)) add(x.timestep, x.system);
      else
        for (const auto& x : read_extxyz(path)) add(std::stol(x.info.at("step")), x.system);
      return f;
    };
    {
      trajectory_writer w(path, 2, file_mode::append);
      w.truncate_after(100);  // drops only the partial frame: the file is readable again
    }
    CHECK(read_back().steps == std::vector<long>{0, 2, 4, 6, 8, 10});

    toy_state back = two_atoms();  // checkpoint at step 4, then a different path (the cell grows)
    back.step = 4;
    back.time = 0.008;
    std::vector<Eigen::Matrix3Xd> written;
    {
      trajectory_writer w(path, 2, file_mode::append);
      w.truncate_after(4);
      for (int k = 4; k <= 8; ++k) {
        w.observe(back);  // step 4 is in the file already
        if (back.step % 2 == 0 && back.step > 4) written.push_back(back.system.positions);
        advance_scaled(back, 1.01);
      }
    }
    const auto [steps, pos, volume] = read_back();
    CHECK(steps == std::vector<long>{0, 2, 4, 6, 8});
    REQUIRE(pos.size() == 5);
    CHECK(pos[3] == written[0]);
    CHECK(pos[4] == written[1]);
    CHECK(volume[3] == doctest::Approx(1000 * std::pow(1.01, 6)));  // the box is read every frame
    CHECK(volume[4] == doctest::Approx(1000 * std::pow(1.01, 12)));
  }
}

TEST_CASE("thermo: kinetic part of the pressure tensor on two atoms, changing box") {
  toy_state st = two_atoms();
  const thermo_state t = thermo(st);
  const auto& v = *st.system.velocities;
  const double m1 = 63.546, m2 = 91.224, V = 1000.0, c = 1.0 / 9648.5332123;  // amu, Å³, eV/(amu Å²/ps²)
  const double P = 160.21766340;  // GPa per eV/Å³
  // xx: (m1 vx1² + m2 vx2²) c / V plus the virial; xy: m1 vx1 vy1 + m2 vx2 vy2
  CHECK(t.pressure_tensor_GPa[0] == doctest::Approx(((m1 * 1.5 * 1.5 + m2 * 2.0 * 2.0) * c + 0.3) / V * P).epsilon(1e-14));
  CHECK(t.pressure_tensor_GPa[3] == doctest::Approx(((m1 * 1.5 * 2.0 + m2 * -2.0 * 0.5) * c + 0.1) / V * P).epsilon(1e-14));
  for (int k = 0; k < 6; ++k) {
    const int ab[6][2] = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 2}, {1, 2}};
    CHECK(t.pressure_tensor_GPa[k] == doctest::Approx(pressure_component(st.system, st.evaluation, ab[k][0], ab[k][1])).epsilon(1e-14));
  }
  // the kinetic part alone has trace 2K: zero virial gives P = 2K / (3V)
  double K = 0;
  for (int i = 0; i < 2; ++i) K += 0.5 * (i ? m2 : m1) * v.col(i).squaredNorm() * c;
  toy_state free = st;
  free.evaluation.virial.setZero();
  CHECK(thermo(free).pressure_GPa == doctest::Approx(2 * K / (3 * V) * P).epsilon(1e-14));
  CHECK(t.kinetic_eV == doctest::Approx(K).epsilon(1e-14));
  CHECK(t.temperature_K == doctest::Approx(2 * K / (3 * 8.617333262e-5)).epsilon(1e-14));  // 3N − 3 = 3
  CHECK(t.conserved_eV == doctest::Approx(K - 7.25 + 0.125).epsilon(1e-14));
  CHECK(t.potential_eV == -7.25);
  CHECK(t.density_g_per_cm3 == doctest::Approx((m1 + m2) / V * 1.66053906660).epsilon(1e-14));
  // an NPT-like move: volume and density follow the box
  advance_scaled(st, 1.1);
  const thermo_state u = thermo(st);
  CHECK(u.volume_A3 == doctest::Approx(1331.0).epsilon(1e-14));
  CHECK(u.density_g_per_cm3 == doctest::Approx((m1 + m2) / 1331.0 * 1.66053906660).epsilon(1e-14));
  CHECK(u.pressure_tensor_GPa[0] == doctest::Approx(t.pressure_tensor_GPa[0] / 1.331).epsilon(1e-14));
  CHECK(u.step == 1);
  CHECK(u.time_ps == 0.002);
}

TEST_CASE("progress_observer: steps and ns/day from the state's time step") {
  std::ostringstream out;
  double clock = 0;
  progress_observer p(10, progress_mode::always);
  p.line().set_stream(out);
  p.line().set_clock([&] { return clock; });
  toy_state st = two_atoms();
  st.step = 100;  // counted from the first observed step
  st.time = 0.2;
  for (int k = 0; k <= 10; ++k) {
    clock = 0.5 * k;  // 2 steps/s
    p.observe(st);
    advance_scaled(st, 1.0);
  }
  const std::string s = out.str();
  REQUIRE(!s.empty());
  CHECK(s.back() == '\n');
  const std::string last = s.substr(s.rfind('\r') + 1);
  // 2 steps/s · 0.002 ps · 86400 s/day = 345.6 ps/day = 0.346 ns/day
  CHECK(last.substr(0, last.find_last_not_of(" \n") + 1) == format_progress("MD", 10, 10, 5.0, "steps", 0.002));
  CHECK(last.find("10/10 (100.0%) 2.00 steps/s 0.346 ns/day in 5s") != std::string::npos);
}

TEST_CASE("observers: bad paths, intervals, formats and headers are clear errors") {
  testing::temp_dir dir;
  const std::string nowhere = dir.file("no/such/dir/run.csv");
  CHECK_ERROR(thermo_log(nowhere, 10), nowhere.c_str(), "cannot open");
  CHECK_ERROR(trajectory_writer(dir.file("no/such/dir/run.dump"), 10), "no/such/dir/run.dump", "cannot open");
  CHECK_ERROR(thermo_log(dir.file("a.csv"), 0), "a.csv", "interval", "positive", "got 0");
  CHECK_ERROR(thermo_log(dir.file("a.csv"), -5), "a.csv", "interval", "-5");
  CHECK_ERROR(trajectory_writer(dir.file("a.dump"), 0), "a.dump", "interval");
  CHECK_ERROR(trajectory_writer(dir.file("a.pdb"), 10), "a.pdb", "unknown trajectory format", ".extxyz");
  const std::string foreign = dir.write("foreign.csv", "step,temp\n0,300\n");
  CHECK_ERROR(thermo_log(foreign, 10, file_mode::append), "foreign.csv", "header");
  CHECK(read_csv(foreign).steps == std::vector<long>{0});  // left alone
  const std::string bad = dir.write("bad.dump", "not a dump\n");
  CHECK_ERROR(trajectory_writer(bad, 1, file_mode::append).truncate_after(5), "bad.dump:1", "ITEM: TIMESTEP");
  const std::string nostep = dir.write("nostep.xyz", "1\nLattice=\"5 0 0 0 5 0 0 0 5\"\nCu 0 0 0\n");
  CHECK_ERROR(trajectory_writer(nostep, 1, file_mode::append).truncate_after(5), "nostep.xyz:2", "step=");
  toy_state st = two_atoms();
  struct no_md {
    void step(toy_state&, int) const {}
  };
  int calc = 0;
  CHECK_ERROR(run_with(no_md{}, st, calc, -1), "run_with", "steps");
}
