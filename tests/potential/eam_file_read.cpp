// Reading the LAMMPS-distributed EAM files (funcfl, setfl, fs) into eam_tables.
// Skipped with a message when /usr/share/lammps/potentials is not installed.
#include <pelkit/potential/eam_file.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "../support.hpp"

namespace fs = std::filesystem;
using namespace pelkit;

namespace {

bool have_potentials(const std::vector<std::string>& files) {
  for (const auto& f : files)
    if (!fs::exists(pelkit::testing::lammps_potentials + f)) {
      MESSAGE("skipped: " << pelkit::testing::lammps_potentials + f << " not installed");
      return false;
    }
  return true;
}

fs::path read_scratch_dir(const std::string& name) {
  const fs::path d =
      fs::temp_directory_path() / ("pelkit_eam_read_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> l;
  for (std::string s; std::getline(in, s);) l.push_back(s);
  return l;
}

/// All numbers after the first `skip` lines, read independently of pelkit (strtod).
std::vector<double> numbers_after(const std::string& path, std::size_t skip) {
  const auto l = lines_of(path);
  std::vector<double> v;
  for (std::size_t i = skip; i < l.size(); ++i) {
    std::istringstream ls(l[i]);
    for (std::string w; ls >> w;) v.push_back(std::strtod(w.c_str(), nullptr));
  }
  return v;
}

std::vector<double> knot_values(const eam_spline& s) {
  std::vector<double> v;
  for (std::size_t m = 1; m < s.coeff.size(); ++m) v.push_back(s.coeff[m][6]);
  return v;
}

bool same_splines(const std::vector<eam_spline>& a, const std::vector<eam_spline>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].coeff != b[i].coeff) return false;
  return true;
}

bool same_tables(const eam_tables& a, const eam_tables& b) {
  return a.elements == b.elements && a.masses == b.masses &&
         a.atomic_numbers == b.atomic_numbers && a.nrho == b.nrho && a.nr == b.nr &&
         a.drho == b.drho && a.dr == b.dr && a.rhomax == b.rhomax && a.cutoff == b.cutoff &&
         same_splines(a.embedding, b.embedding) && same_splines(a.density, b.density) &&
         same_splines(a.pair, b.pair);
}

}  // namespace

TEST_CASE("eam_file read funcfl Cu_u3.eam: LAMMPS grid (one knot fewer than the file)") {
  if (!have_potentials({"Cu_u3.eam"})) return;
  const std::string path = pelkit::testing::lammps_potentials + "Cu_u3.eam";
  const auto t = read_eam_funcfl({path});
  CHECK(t.source == path);
  CHECK(t.elements == std::vector<std::string>{"Cu"});
  CHECK(t.atomic_numbers == std::vector<int>{29});
  CHECK(t.masses == std::vector<double>{63.550});
  // file: 500 5.0100200400801306e-04 500 1.0000000000000009e-02 4.9499999999999886e+00
  CHECK(t.nrho == 499);
  CHECK(t.nr == 499);
  CHECK(t.drho == 5.0100200400801306e-04);
  CHECK(t.dr == 1.0000000000000009e-02);
  CHECK(t.cutoff == 4.9499999999999886e+00);
  CHECK(t.rhomax == 499 * 5.0100200400801306e-04);  // (nrho_file − 1)·drho
  REQUIRE(t.embedding.size() == 1);
  REQUIRE(t.density.size() == 1);
  REQUIRE(t.pair.size() == 1);
  CHECK(t.embedding[0].size() == 499);
  CHECK(t.density[0].size() == 499);
  CHECK(t.pair[0].size() == 499);

  // the resampled knots are the file values (the Lagrange rule at a file knot, to round-off)
  const auto v = numbers_after(path, 3);
  REQUIRE(v.size() == 1500);
  const auto F = knot_values(t.embedding[0]), rho = knot_values(t.density[0]),
             z2 = knot_values(t.pair[0]);
  for (std::size_t m = 0; m < 499; ++m) {
    CAPTURE(m);
    const double Z = v[500 + m];
    CHECK(F[m] == doctest::Approx(v[m]).epsilon(1e-12).scale(1e-12));
    CHECK(rho[m] == doctest::Approx(v[1000 + m]).epsilon(1e-12).scale(1e-12));
    // pair table = 27.2·0.529·Z(r)² (Hartree·Bohr → eV·Å)
    CHECK(z2[m] == doctest::Approx(27.2 * 0.529 * Z * Z).epsilon(1e-12).scale(1e-12));
  }
  // read_eam picks funcfl for .eam and gives the same tables
  CHECK(same_tables(read_eam(path), t));
}

TEST_CASE("eam_file read funcfl: two files on different grids combine as in LAMMPS") {
  if (!have_potentials({"Cu_u3.eam", "Ni_smf7.eam"})) return;
  const auto t = read_eam_funcfl({pelkit::testing::lammps_potentials + "Cu_u3.eam", pelkit::testing::lammps_potentials + "Ni_smf7.eam"});
  CHECK(t.elements == std::vector<std::string>{"Cu", "Ni"});
  CHECK(t.atomic_numbers == std::vector<int>{29, 28});
  CHECK(t.masses == std::vector<double>{63.55, 58.71});
  // Cu: 500 5.01002e-4 500 0.01 4.95; Ni: 500 4.00802e-4 500 9.61924e-3 4.8
  CHECK(t.drho == 5.0100200400801306e-04);
  CHECK(t.dr == 1.0000000000000009e-02);
  CHECK(t.nr == 499);
  CHECK(t.nrho == 499);
  CHECK(t.cutoff == 4.9499999999999886);
  CHECK(t.rhomax == doctest::Approx(0.25).epsilon(1e-12));
  REQUIRE(t.embedding.size() == 2);
  REQUIRE(t.density.size() == 4);
  REQUIRE(t.pair.size() == 4);
  // density depends only on the neighbour's element; pair is symmetric
  CHECK(t.density[0].coeff == t.density[1].coeff);
  CHECK(t.density[2].coeff == t.density[3].coeff);
  CHECK(t.density[0].coeff != t.density[2].coeff);
  CHECK(t.pair[1].coeff == t.pair[2].coeff);
  // Cu's functions are on Cu's own grid, so they are unchanged by adding Ni
  const auto cu = read_eam_funcfl({pelkit::testing::lammps_potentials + "Cu_u3.eam"});
  CHECK(t.embedding[0].coeff == cu.embedding[0].coeff);
  CHECK(t.pair[0].coeff == cu.pair[0].coeff);
  // cross term at the knots: 27.2·0.529·Z_Cu·Z_Ni = sqrt(z2_CuCu · z2_NiNi) where both > 0
  const auto cc = knot_values(t.pair[0]), nn = knot_values(t.pair[3]), cn = knot_values(t.pair[1]);
  for (std::size_t m = 50; m < 450; m += 7)
    if (cc[m] > 0 && nn[m] > 0) CHECK(std::abs(cn[m]) == doctest::Approx(std::sqrt(cc[m] * nn[m])));
  // the same file twice gives two identical elements
  const auto twice = read_eam_funcfl({pelkit::testing::lammps_potentials + "Cu_u3.eam", pelkit::testing::lammps_potentials + "Cu_u3.eam"});
  CHECK(twice.elements == std::vector<std::string>{"Cu", "Cu"});
  CHECK(twice.pair[1].coeff == cu.pair[0].coeff);
}

TEST_CASE("eam_file read setfl: Cu_mishin1.eam.alloy and CuNi.eam.alloy") {
  if (!have_potentials({"Cu_mishin1.eam.alloy", "CuNi.eam.alloy"})) return;
  {
    const std::string path = pelkit::testing::lammps_potentials + "Cu_mishin1.eam.alloy";
    const auto t = read_eam_setfl(path);
    CHECK(t.elements == std::vector<std::string>{"Cu"});
    CHECK(t.masses == std::vector<double>{63.54999999999999715783});
    CHECK(t.atomic_numbers == std::vector<int>{1});  // as written in the file
    CHECK(t.nrho == 10001);
    CHECK(t.nr == 10001);
    CHECK(t.drho == 0.00016401626143851118);
    CHECK(t.dr == 0.00089991000899910004);
    CHECK(t.cutoff == 5.50678999999999962967);
    CHECK(t.rhomax == 10000 * 0.00016401626143851118);
    // direct copy: the knots are the file values, bit for bit
    const auto v = numbers_after(path, 6);
    REQUIRE(v.size() == 3 * 10001);
    CHECK(knot_values(t.embedding[0]) == std::vector<double>(v.begin(), v.begin() + 10001));
    CHECK(knot_values(t.density[0]) == std::vector<double>(v.begin() + 10001, v.begin() + 20002));
    CHECK(knot_values(t.pair[0]) == std::vector<double>(v.begin() + 20002, v.end()));
    CHECK(same_tables(read_eam(path), t));
  }
  {
    const std::string path = pelkit::testing::lammps_potentials + "CuNi.eam.alloy";
    const auto t = read_eam(path);
    CHECK(t.elements == std::vector<std::string>{"Ni", "Cu"});
    CHECK(t.atomic_numbers == std::vector<int>{28, 29});
    CHECK(t.masses[0] == 58.689);
    CHECK(t.nrho == 500);
    CHECK(t.nr == 500);
    CHECK(t.drho == 0.5957203073046090E-02);
    CHECK(t.dr == 0.1281429334268537E-01);
    CHECK(t.cutoff == 0.6394332378000000E+01);
    CHECK(t.rhomax == 499 * 0.5957203073046090E-02);
    REQUIRE(t.density.size() == 4);
    CHECK(t.density[0].coeff == t.density[1].coeff);  // ρ_Ni at any host
    CHECK(t.density[2].coeff == t.density[3].coeff);  // ρ_Cu at any host
    CHECK(t.pair[1].coeff == t.pair[2].coeff);
    CHECK(t.pair[0].coeff != t.pair[3].coeff);
    // the other setfl extensions
    const auto dir = read_scratch_dir("ext");
    for (const char* name : {"x.alloy", "x.setfl", "X.EAM.ALLOY"}) {
      fs::copy_file(path, dir / name);
      CHECK(same_tables(read_eam((dir / name).string()), t));
    }
    fs::remove_all(dir);
  }
}

TEST_CASE("eam_file read fs: CuZr_mm.eam.fs") {
  if (!have_potentials({"CuZr_mm.eam.fs"})) return;
  const std::string path = pelkit::testing::lammps_potentials + "CuZr_mm.eam.fs";
  const auto t0 = std::chrono::steady_clock::now();
  const auto t = read_eam_fs(path);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  MESSAGE("reading CuZr_mm.eam.fs (" << 2 * 10000 + 7 * 10000 << " numbers) took " << ms << " ms");
  CHECK(t.elements == std::vector<std::string>{"Cu", "Zr"});
  CHECK(t.atomic_numbers == std::vector<int>{29, 40});
  CHECK(t.masses == std::vector<double>{63.546, 91.224});
  CHECK(t.nrho == 10000);
  CHECK(t.nr == 10000);
  CHECK(t.drho == 3.0e-2);
  CHECK(t.dr == 7.6e-4);
  CHECK(t.cutoff == 7.6);
  CHECK(t.rhomax == 9999 * 3.0e-2);
  REQUIRE(t.embedding.size() == 2);
  REQUIRE(t.density.size() == 4);
  REQUIRE(t.pair.size() == 4);
  CHECK(t.pair[1].coeff == t.pair[2].coeff);
  // file order after the Cu line: F_Cu, ρ[Cu][Cu], ρ[Cu][Zr]; after Zr: F_Zr, ρ[Zr][Cu],
  // ρ[Zr][Zr]; then r·φ CuCu, ZrCu, ZrZr
  const auto v = numbers_after(path, 6);  // includes the Zr species line's 4 words
  const std::size_t n = 10000;
  CHECK(knot_values(t.embedding[0]) == std::vector<double>(v.begin(), v.begin() + n));
  CHECK(knot_values(t.density[0 * 2 + 1]) == std::vector<double>(v.begin() + 2 * n, v.begin() + 3 * n));
  const std::size_t zr = 3 * n + 4;
  CHECK(knot_values(t.embedding[1]) == std::vector<double>(v.begin() + zr, v.begin() + zr + n));
  CHECK(knot_values(t.density[1 * 2 + 0]) == std::vector<double>(v.begin() + zr + n, v.begin() + zr + 2 * n));
  CHECK(knot_values(t.pair[3]) == std::vector<double>(v.end() - n, v.end()));
  CHECK(same_tables(read_eam(path), t));
  const auto dir = read_scratch_dir("fsext");
  fs::copy_file(path, dir / "y.fs");
  CHECK(same_tables(read_eam((dir / "y.fs").string()), t));
  fs::remove_all(dir);
}

TEST_CASE("eam_file read: all installed funcfl/setfl/fs files parse") {
  if (!fs::exists(pelkit::testing::lammps_potentials)) {
    MESSAGE("skipped: " << pelkit::testing::lammps_potentials << " not installed");
    return;
  }
  int count = 0;
  for (const auto& e : fs::directory_iterator(pelkit::testing::lammps_potentials)) {
    const std::string name = e.path().filename().string();
    const bool eam = name.ends_with(".eam") || name.ends_with(".eam.alloy") || name.ends_with(".eam.fs");
    if (!eam) continue;
    CAPTURE(name);
    eam_tables t;
    CHECK_NOTHROW(t = read_eam(e.path().string()));
    const auto ne = std::size_t(t.element_count());
    CHECK(ne >= 1);
    CHECK(t.masses.size() == ne);
    CHECK(t.embedding.size() == ne);
    CHECK(t.density.size() == ne * ne);
    CHECK(t.pair.size() == ne * ne);
    CHECK(t.cutoff > 0);
    ++count;
  }
  MESSAGE(count << " EAM files read");
  CHECK(count > 0);
}

TEST_CASE("eam_file read: layout freedom LAMMPS allows - values per line and blank lines and comments and D exponents") {
  if (!have_potentials({"Cu_u3.eam", "CuZr_mm.eam.fs"})) return;
  const auto dir = read_scratch_dir("layout");
  {
    // funcfl with 3 values per line, blank lines and comments between, D exponents
    const auto l = lines_of(pelkit::testing::lammps_potentials + "Cu_u3.eam");
    const auto v = numbers_after(pelkit::testing::lammps_potentials + "Cu_u3.eam", 3);
    std::ofstream o(dir / "Cu.eam");
    o << l[0] << "\n" << l[1] << "\n\n# grid follows\n500 5.0100200400801306e-04\n"
      << "500 1.0000000000000009D-02  4.9499999999999886e+00 # cutoff\n";
    o.precision(17);
    for (int block = 0; block < 3; ++block) {
      for (int i = 0; i < 500; ++i) {
        std::ostringstream w;
        w.precision(17);
        w << v[std::size_t(block * 500 + i)];
        std::string s = w.str();
        if (i % 7 == 3)
          if (auto e = s.find('e'); e != std::string::npos) s[e] = 'D';
        o << s << ((i % 3 == 2 || i == 499) ? "\n" : "  ");
        if (i == 100) o << "\n   \n# comment inside a table\n";
      }
    }
  }
  CHECK(same_tables(read_eam((dir / "Cu.eam").string()), read_eam(pelkit::testing::lammps_potentials + "Cu_u3.eam")) );
  fs::remove_all(dir);
}
