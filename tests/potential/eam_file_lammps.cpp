// Compares the EAM tables built by eam_file.hpp with LAMMPS 29Sep2021 (/usr/bin/lmp):
//  * pair_write: LAMMPS's tabulated φ(r) and −φ'(r) for every element pair (pair_write
//    leaves out the embedding term: it swaps in a zero F' array and, in 29Sep2021, adds
//    F(ρ_i)/numforce_i of atom 0 of the last run, which is zero when atom 0 has no
//    neighbours — so the run before pair_write uses two atoms farther apart than the cutoff);
//  * `run 0` on small non-periodic clusters: per-atom energies and forces against a direct
//    O(N²) evaluation from the tables below (a reference evaluation written for this test,
//    following LAMMPS pair_eam.cpp), covering density/embedding/pair tables, the FS density
//    indexing, funcfl re-gridding with two different grids, and the linear extrapolation of
//    F beyond rhomax.
// Skipped (with a message) when lmp or the potentials are not installed.
#include <pelkit/potential/eam_file.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>
#include <string>
#include <vector>

#include "../support.hpp"

namespace fs = std::filesystem;
using namespace pelkit;

namespace {

const std::string lmp_exe = "/usr/bin/lmp";

bool have_lammps_and(const std::vector<std::string>& files) {
  if (!fs::exists(lmp_exe)) return false;
  for (const auto& f : files)
    if (!fs::exists(pelkit::testing::lammps_potentials + f)) return false;
  return true;
}

fs::path lammps_scratch_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() /
                     ("pelkit_eam_lammps_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

/// Runs LAMMPS on `input` in `dir`; returns true on success.
bool run_lammps(const fs::path& dir, const std::string& input) {
  std::ofstream(dir / "in.lmp") << input;
  const std::string cmd = "cd '" + dir.string() + "' && " + lmp_exe +
                          " -in in.lmp -log log.lammps -screen none -nocite > lmp.out 2>&1";
  const int rc = std::system(cmd.c_str());
  if (rc != 0) {
    std::ifstream log(dir / "log.lammps");
    std::stringstream ss;
    ss << log.rdbuf();
    MESSAGE("LAMMPS failed in " << dir.string() << ":\n" << ss.str());
  }
  return rc == 0;
}

std::string pair_setup(const std::string& style, const std::vector<std::string>& coeffs) {
  std::string s = "pair_style " + style + "\n";
  for (const auto& c : coeffs) s += "pair_coeff " + c + "\n";
  return s;
}

// ---- reference evaluation from the tables (LAMMPS pair_eam.cpp arithmetic) --------------

struct atom {
  int type;  // 0-based element index
  std::array<double, 3> x;
};

struct reference {
  std::vector<double> energy;                  // per atom
  std::vector<std::array<double, 3>> force;    // per atom
  std::vector<double> rho;
};

reference evaluate(const eam_tables& t, const std::vector<atom>& atoms) {
  const std::size_t n = atoms.size();
  const double rdr = 1.0 / t.dr, rdrho = 1.0 / t.drho, cutsq = t.cutoff * t.cutoff;
  reference out;
  out.energy.assign(n, 0.0);
  out.force.assign(n, {0, 0, 0});
  out.rho.assign(n, 0.0);
  std::vector<double> fp(n);
  auto del = [&](std::size_t i, std::size_t j) {
    return std::array<double, 3>{atoms[i].x[0] - atoms[j].x[0], atoms[i].x[1] - atoms[j].x[1],
                                 atoms[i].x[2] - atoms[j].x[2]};
  };
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      const auto d = del(i, j);
      const double rsq = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
      if (rsq >= cutsq) continue;
      const auto at = eam_spline::locate_r(std::sqrt(rsq), rdr, t.nr);
      out.rho[i] += t.density_of(atoms[j].type, atoms[i].type).value(at);
    }
  for (std::size_t i = 0; i < n; ++i) {
    const auto at = eam_spline::locate_rho(out.rho[i], rdrho, t.nrho);
    const auto& F = t.embedding_of(atoms[i].type);
    fp[i] = F.derivative(at);
    double e = F.value(at);
    if (out.rho[i] > t.rhomax) e += fp[i] * (out.rho[i] - t.rhomax);
    out.energy[i] += e;
  }
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      const auto d = del(i, j);
      const double rsq = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
      if (rsq >= cutsq) continue;
      const double r = std::sqrt(rsq);
      const auto at = eam_spline::locate_r(r, rdr, t.nr);
      const int ti = atoms[i].type, tj = atoms[j].type;
      const double rhoip = t.density_of(ti, tj).derivative(at);  // density at j due to i
      const double rhojp = t.density_of(tj, ti).derivative(at);  // density at i due to j
      const auto& z = t.pair_of(ti, tj);
      const double z2 = z.value(at), z2p = z.derivative(at);
      const double phi = z2 / r;
      const double phip = z2p / r - phi / r;
      const double psip = fp[i] * rhojp + fp[j] * rhoip + phip;
      const double fpair = -psip / r;
      for (int k = 0; k < 3; ++k) out.force[i][k] += d[std::size_t(k)] * fpair;
      out.energy[i] += 0.5 * phi;
    }
  return out;
}

/// Deterministic cluster: `count` atoms in a cube of side `side` (Å), no two closer than
/// `min_dist`, types cycling through 0..ntypes-1.
std::vector<atom> cluster(int count, double side, double min_dist, int ntypes, std::uint64_t seed) {
  std::uint64_t s = seed;
  auto uniform = [&] {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return double(s >> 11) * (1.0 / 9007199254740992.0);
  };
  std::vector<atom> a;
  while (int(a.size()) < count) {
    atom c{int(a.size()) % ntypes, {side * uniform(), side * uniform(), side * uniform()}};
    bool ok = true;
    for (const auto& b : a) {
      double r2 = 0;
      for (int k = 0; k < 3; ++k) r2 += (c.x[k] - b.x[k]) * (c.x[k] - b.x[k]);
      ok = ok && r2 >= min_dist * min_dist;
    }
    if (ok) a.push_back(c);
  }
  return a;
}

/// Writes a 3-element Finnis–Sinclair file (elements Cu Zr Al, but made-up smooth functions)
/// whose nine density functions are all different. `drho` sets the density grid.
void write_synthetic_fs(const std::string& path, double drho = 0.01) {
  const int nrho = 1000, nr = 1500;
  const double rc = 6.0, dr = rc / (nr - 1);
  std::ofstream o(path);
  o.precision(17);
  o << "synthetic FS test file for pelkit\nmade-up functions\nasymmetric densities\n";
  o << "3 Cu Zr Al\n" << nrho << " " << drho << " " << nr << " " << dr << " " << rc << "\n";
  const double mass[3] = {63.546, 91.224, 26.982};
  const int z[3] = {29, 40, 13};
  int count = 0;
  auto put = [&](double v) { o << v << (++count % 5 == 0 ? "\n" : " "); };
  auto end_block = [&] { if (count % 5 != 0) o << "\n"; count = 0; };
  for (int a = 0; a < 3; ++a) {
    o << z[a] << " " << mass[a] << " 3.6 fcc\n";
    for (int m = 0; m < nrho; ++m) {
      const double rho = m * drho;
      put(-(1.0 + 0.3 * a) * std::sqrt(rho + 0.2) + 0.02 * (a + 1) * rho * rho);
    }
    end_block();
    for (int b = 0; b < 3; ++b) {
      for (int m = 0; m < nr; ++m) {
        const double r = m * dr;
        const double w = 0.5 + 0.4 * a + 0.15 * b + 0.1 * a * b;
        put(w * std::exp(-(0.9 + 0.2 * b) * (r - 2.5)) * (rc - r) * (rc - r) / 9.0);
      }
      end_block();
    }
  }
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j <= i; ++j) {
      for (int m = 0; m < nr; ++m) {
        const double r = m * dr;
        const double d = 0.3 + 0.05 * (i + j), al = 1.4 + 0.1 * i * j, r0 = 2.5 + 0.1 * (i + j);
        const double e1 = std::exp(-al * (r - r0));
        put(r * d * (e1 * e1 - 2 * e1) * (rc - r) * (rc - r) / 9.0);
      }
      end_block();
    }
}

struct lammps_result {
  double pe = 0;
  std::vector<double> energy;
  std::vector<std::array<double, 3>> force;
};

/// Runs `run 0` on `atoms` (types 1-based in LAMMPS = element index + 1) and reads back the
/// per-atom energies and forces.
bool lammps_run0(const std::string& name, const std::vector<atom>& atoms, int ntypes,
                 const std::string& pair_lines, lammps_result& res) {
  const fs::path dir = lammps_scratch_dir(name);
  {
    std::ofstream d(dir / "data.txt");
    d.precision(17);
    d << "pelkit eam test\n\n" << atoms.size() << " atoms\n" << ntypes << " atom types\n\n"
      << "-50 50 xlo xhi\n-50 50 ylo yhi\n-50 50 zlo zhi\n\nAtoms # atomic\n\n";
    for (std::size_t i = 0; i < atoms.size(); ++i)
      d << i + 1 << " " << atoms[i].type + 1 << " " << atoms[i].x[0] << " " << atoms[i].x[1]
        << " " << atoms[i].x[2] << "\n";
  }
  const std::string input =
      "units metal\natom_style atomic\nboundary f f f\natom_modify map array\n"
      "read_data data.txt\n" +
      pair_lines +
      "compute pe all pe/atom\n"
      "thermo_style custom pe\nthermo_modify format float %.17g\n"
      "dump d all custom 1 dump.txt id type fx fy fz c_pe\n"
      "dump_modify d format float %.17g sort id\n"
      "run 0\n"
      "print \"PE $(pe:%.17g)\" file pe.txt\n";
  if (!run_lammps(dir, input)) return false;

  std::ifstream pe(dir / "pe.txt");
  std::string tag;
  pe >> tag >> res.pe;
  std::ifstream dump(dir / "dump.txt");
  std::string line;
  while (std::getline(dump, line) && line.rfind("ITEM: ATOMS", 0) != 0) {}
  res.energy.assign(atoms.size(), 0.0);
  res.force.assign(atoms.size(), {0, 0, 0});
  for (std::size_t k = 0; k < atoms.size(); ++k) {
    std::size_t id;
    int type;
    std::array<double, 3> f;
    double e;
    dump >> id >> type >> f[0] >> f[1] >> f[2] >> e;
    if (!dump || id < 1 || id > atoms.size()) return false;
    res.energy[id - 1] = e;
    res.force[id - 1] = f;
  }
  fs::remove_all(dir);
  return true;
}

void compare_run0(const std::string& name, const eam_tables& t, const std::vector<atom>& atoms,
                  const std::string& pair_lines) {
  lammps_result lmp;
  REQUIRE(lammps_run0(name, atoms, t.element_count(), pair_lines, lmp));
  const reference ref = evaluate(t, atoms);
  double fmax = 0, etot = 0;
  for (std::size_t i = 0; i < atoms.size(); ++i) {
    etot += ref.energy[i];
    for (int k = 0; k < 3; ++k) fmax = std::max(fmax, std::abs(ref.force[i][std::size_t(k)]));
  }
  CAPTURE(name);
  CHECK(lmp.pe == doctest::Approx(etot).epsilon(1e-12));
  for (std::size_t i = 0; i < atoms.size(); ++i) {
    CAPTURE(i);
    CHECK(lmp.energy[i] == doctest::Approx(ref.energy[i]).epsilon(1e-12));
    for (int k = 0; k < 3; ++k)
      CHECK(std::abs(lmp.force[i][std::size_t(k)] - ref.force[i][std::size_t(k)]) <=
            1e-12 * fmax);
  }
}

/// pair_write for every element pair; compares energy and force columns with φ, −φ'.
void compare_pair_write(const std::string& name, const eam_tables& t,
                        const std::string& pair_lines) {
  const fs::path dir = lammps_scratch_dir(name);
  const int ne = t.element_count();
  std::string input =
      "units metal\natom_style atomic\nboundary f f f\n"
      "region box block -40 40 -40 40 -40 40\ncreate_box " +
      std::to_string(ne) + " box\ncreate_atoms 1 single 0 0 0\ncreate_atoms 1 single 30 0 0\n" +
      pair_lines + "run 0\n";
  const double inner = 0.5, outer = t.cutoff + 0.2;
  for (int a = 1; a <= ne; ++a)
    for (int b = a; b <= ne; ++b)
      input += "pair_write " + std::to_string(a) + " " + std::to_string(b) + " 2000 r " +
               std::to_string(inner) + " " + std::to_string(outer) + " table.txt P" +
               std::to_string(a) + "_" + std::to_string(b) + "\n";
  REQUIRE(run_lammps(dir, input));

  std::ifstream in(dir / "table.txt");
  std::string line;
  int a = 0, b = 0, rows = 0;
  const double rdr = 1.0 / t.dr;
  while (std::getline(in, line)) {
    if (line.rfind("P", 0) == 0) {
      a = std::stoi(line.substr(1)) - 1;
      b = std::stoi(line.substr(line.find('_') + 1)) - 1;
      continue;
    }
    std::istringstream ls(line);
    int idx;
    double r, e, f;
    if (!(ls >> idx >> r >> e >> f)) continue;
    ++rows;
    double phi = 0, minus_dphi = 0;
    if (r * r < t.cutoff * t.cutoff) {
      const auto at = eam_spline::locate_r(r, rdr, t.nr);
      const auto& z = t.pair_of(a, b);
      phi = z.value(at) / r;
      minus_dphi = -(z.derivative(at) / r - phi / r);
    }
    CAPTURE(name);
    CAPTURE(a);
    CAPTURE(b);
    CAPTURE(r);
    // pair_write prints %.15g
    CHECK(std::abs(e - phi) <= 1e-13 * std::abs(phi) + 1e-13);
    CHECK(std::abs(f - minus_dphi) <= 1e-13 * std::abs(minus_dphi) + 1e-13);
  }
  CHECK(rows == 2000 * ne * (ne + 1) / 2);
  fs::remove_all(dir);
}

}  // namespace

TEST_CASE("eam_file vs LAMMPS pair_write: pair tables of funcfl and setfl and fs") {
  if (!have_lammps_and({"Cu_u3.eam", "Ni_smf7.eam", "CuNi.eam.alloy", "CuZr_mm.eam.fs"})) {
    MESSAGE("skipped: /usr/bin/lmp or LAMMPS potentials not installed");
    return;
  }
  SUBCASE("funcfl, one file") {
    compare_pair_write("pw_cu", read_eam(pelkit::testing::lammps_potentials + "Cu_u3.eam"),
                       pair_setup("eam", {"1 1 " + pelkit::testing::lammps_potentials + "Cu_u3.eam"}));
  }
  SUBCASE("funcfl, two files on different grids (re-gridded cross term)") {
    compare_pair_write("pw_cuni",
                       read_eam_funcfl({pelkit::testing::lammps_potentials + "Cu_u3.eam", pelkit::testing::lammps_potentials + "Ni_smf7.eam"}),
                       pair_setup("eam", {"1 1 " + pelkit::testing::lammps_potentials + "Cu_u3.eam",
                                          "2 2 " + pelkit::testing::lammps_potentials + "Ni_smf7.eam"}));
  }
  SUBCASE("setfl") {
    compare_pair_write("pw_setfl", read_eam(pelkit::testing::lammps_potentials + "CuNi.eam.alloy"),
                       pair_setup("eam/alloy", {"* * " + pelkit::testing::lammps_potentials + "CuNi.eam.alloy Ni Cu"}));
  }
  SUBCASE("fs") {
    compare_pair_write("pw_fs", read_eam(pelkit::testing::lammps_potentials + "CuZr_mm.eam.fs"),
                       pair_setup("eam/fs", {"* * " + pelkit::testing::lammps_potentials + "CuZr_mm.eam.fs Cu Zr"}));
  }
}

TEST_CASE("eam_file vs LAMMPS run 0: per-atom energies and forces of small clusters") {
  if (!have_lammps_and({"Cu_u3.eam", "Ni_smf7.eam", "CuNi.eam.alloy", "CuZr_mm.eam.fs", "AlCu.eam.alloy"})) {
    MESSAGE("skipped: /usr/bin/lmp or LAMMPS potentials not installed");
    return;
  }
  SUBCASE("funcfl Cu_u3") {
    const auto t = read_eam(pelkit::testing::lammps_potentials + "Cu_u3.eam");
    compare_run0("c_cu", t, cluster(20, 7.0, 2.0, 1, 1),
                 pair_setup("eam", {"1 1 " + pelkit::testing::lammps_potentials + "Cu_u3.eam"}));
  }
  SUBCASE("funcfl Cu_u3 + Ni_smf7 (common grid, cross pair from Z_Cu·Z_Ni)") {
    const auto t = read_eam_funcfl({pelkit::testing::lammps_potentials + "Cu_u3.eam", pelkit::testing::lammps_potentials + "Ni_smf7.eam"});
    compare_run0("c_cuni", t, cluster(24, 7.0, 2.0, 2, 2),
                 pair_setup("eam", {"1 1 " + pelkit::testing::lammps_potentials + "Cu_u3.eam",
                                    "2 2 " + pelkit::testing::lammps_potentials + "Ni_smf7.eam"}));
  }
  SUBCASE("setfl CuNi (element order Ni Cu)") {
    const auto t = read_eam(pelkit::testing::lammps_potentials + "CuNi.eam.alloy");
    compare_run0("c_setfl", t, cluster(24, 7.0, 2.0, 2, 3),
                 pair_setup("eam/alloy", {"* * " + pelkit::testing::lammps_potentials + "CuNi.eam.alloy Ni Cu"}));
  }
  SUBCASE("setfl AlCu (nr != nrho)") {
    const auto t = read_eam(pelkit::testing::lammps_potentials + "AlCu.eam.alloy");
    compare_run0("c_alcu", t, cluster(24, 7.5, 2.2, 2, 4),
                 pair_setup("eam/alloy", {"* * " + pelkit::testing::lammps_potentials + "AlCu.eam.alloy Al Cu"}));
  }
  SUBCASE("fs CuZr: density of element b due to a is file block a, function b") {
    const auto t = read_eam(pelkit::testing::lammps_potentials + "CuZr_mm.eam.fs");
    const auto atoms = cluster(24, 7.5, 2.2, 2, 5);
    compare_run0("c_fs", t, atoms,
                 pair_setup("eam/fs", {"* * " + pelkit::testing::lammps_potentials + "CuZr_mm.eam.fs Cu Zr"}));
  }
  SUBCASE("fs, synthetic 3 elements with 9 distinct density functions (indexing)") {
    // the installed FS files all have rho_ab == rho_ba, so they cannot tell the two
    // possible indexings apart; this file can
    const fs::path dir = lammps_scratch_dir("synthetic");
    const std::string file = (dir / "ABC.eam.fs").string();
    write_synthetic_fs(file);
    const auto t = read_eam(file);
    const auto atoms = cluster(30, 7.5, 2.0, 3, 6);
    compare_run0("c_fs3", t, atoms, pair_setup("eam/fs", {"* * " + file + " Cu Zr Al"}));
    // LAMMPS types in another order than the file (types 1,2,3 = Zr Al Cu)
    {
      std::vector<atom> as_types = atoms;  // element index e -> 0-based LAMMPS type (e+2)%3
      for (auto& a : as_types) a.type = (a.type + 2) % 3;
      lammps_result lmp;
      REQUIRE(lammps_run0("c_fs3_perm", as_types, 3,
                          pair_setup("eam/fs", {"* * " + file + " Zr Al Cu"}), lmp));
      const reference ref = evaluate(t, atoms);
      for (std::size_t i = 0; i < atoms.size(); ++i)
        CHECK(lmp.energy[i] == doctest::Approx(ref.energy[i]).epsilon(1e-12));
    }
    // the transposed indexing gives clearly different densities
    eam_tables transposed = t;
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b)
        transposed.density[std::size_t(a * 3 + b)] = t.density[std::size_t(b * 3 + a)];
    const auto x = evaluate(t, atoms), y = evaluate(transposed, atoms);
    double diff = 0;
    for (std::size_t i = 0; i < atoms.size(); ++i) diff = std::max(diff, std::abs(x.rho[i] - y.rho[i]));
    CHECK(diff > 1e-2);
    fs::remove_all(dir);
  }
  SUBCASE("fs, synthetic, densities above rhomax") {
    const fs::path dir = lammps_scratch_dir("synthetic_dense");
    const std::string file = (dir / "ABC.eam.fs").string();
    write_synthetic_fs(file, 0.004);  // rhomax ≈ 2
    const auto t = read_eam(file);
    const auto atoms = cluster(30, 5.0, 1.5, 3, 7);
    const reference ref = evaluate(t, atoms);
    int above = 0;
    for (double r : ref.rho) above += r > t.rhomax;
    CHECK(above > 5);
    compare_run0("c_fs3_dense", t, atoms, pair_setup("eam/fs", {"* * " + file + " Cu Zr Al"}));
    fs::remove_all(dir);
  }
}

TEST_CASE("eam_file vs LAMMPS: embedding energy beyond rhomax is extrapolated linearly") {
  if (!have_lammps_and({"Cu_u3.eam"})) {
    MESSAGE("skipped: /usr/bin/lmp or LAMMPS potentials not installed");
    return;
  }
  const auto t = read_eam(pelkit::testing::lammps_potentials + "Cu_u3.eam");
  // equilateral triangle of side 1 Å: ρ ≈ 2·0.245 > rhomax = 0.25
  const std::vector<atom> atoms{{0, {0, 0, 0}}, {0, {1, 0, 0}}, {0, {0.5, std::sqrt(0.75), 0}}};
  const reference ref = evaluate(t, atoms);
  REQUIRE(ref.rho[0] > t.rhomax);
  compare_run0("c_rhomax", t, atoms, pair_setup("eam", {"1 1 " + pelkit::testing::lammps_potentials + "Cu_u3.eam"}));

  // and the extrapolation term matters: without it the energy differs clearly
  lammps_result lmp;
  REQUIRE(lammps_run0("c_rhomax2", atoms, 1, pair_setup("eam", {"1 1 " + pelkit::testing::lammps_potentials + "Cu_u3.eam"}), lmp));
  const auto at = eam_spline::locate_rho(ref.rho[0], 1.0 / t.drho, t.nrho);
  const double extra = t.embedding_of(0).derivative(at) * (ref.rho[0] - t.rhomax);
  CHECK(std::abs(extra) > 1e-3);
  CHECK(lmp.energy[0] == doctest::Approx(ref.energy[0]).epsilon(1e-12));
  CHECK(std::abs(lmp.energy[0] - (ref.energy[0] - extra)) > 1e-4);
}

TEST_CASE("eam_file vs LAMMPS: funcfl density between the last knot and rhomax") {
  // funcfl: LAMMPS's table ends at (nrho−1)·drho = (nrho_file−2)·drho_file while rhomax =
  // (nrho_file−1)·drho_file; in between F is held at the last knot (p clamped to 1) with no
  // linear term. A dimer whose density sits in that gap checks the off-by-one.
  if (!have_lammps_and({"Cu_u3.eam"})) {
    MESSAGE("skipped: /usr/bin/lmp or LAMMPS potentials not installed");
    return;
  }
  const auto t = read_eam(pelkit::testing::lammps_potentials + "Cu_u3.eam");
  const double last_knot = (t.nrho - 1) * t.drho;
  REQUIRE(last_knot < t.rhomax);
  const double target = 0.5 * (last_knot + t.rhomax);
  // ρ(r) decreases on [0.5, 1.5] Å for Cu_u3: bisect for ρ(r) = target
  double lo = 0.5, hi = 1.5;
  for (int k = 0; k < 200; ++k) {
    const double mid = 0.5 * (lo + hi);
    const double rho = t.density_of(0, 0).value(eam_spline::locate_r(mid, 1.0 / t.dr, t.nr));
    (rho > target ? lo : hi) = mid;
  }
  const std::vector<atom> atoms{{0, {0, 0, 0}}, {0, {lo, 0, 0}}};
  const reference ref = evaluate(t, atoms);
  REQUIRE(ref.rho[0] > last_knot);
  REQUIRE(ref.rho[0] < t.rhomax);
  compare_run0("c_gap", t, atoms, pair_setup("eam", {"1 1 " + pelkit::testing::lammps_potentials + "Cu_u3.eam"}));
}
