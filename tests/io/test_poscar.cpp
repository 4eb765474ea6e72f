// Tests for pelkit/io/poscar.hpp: VASP 5 and 4, scale factors, Direct/Cartesian, general cells
// checked against an independent distance computation and the extended XYZ reader, round
// trips, selective dynamics, bad input.
#include <pelkit/io/extxyz.hpp>
#include <pelkit/io/poscar.hpp>

#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "../support.hpp"

using pelkit::testing::temp_dir;

namespace {

// A general (non-orthogonal, not LAMMPS-oriented) right-handed cell, rows a, b, c (Å).
Eigen::Matrix3d general_cell() {
  Eigen::Matrix3d rows;
  rows << 4.1, 0.9, -0.4,  //
      -0.8, 3.7, 0.6,      //
      0.3, -0.5, 4.4;
  return rows;
}

// Fractional coordinates of 6 atoms: 3 Cu then 3 Zr.
const std::vector<Eigen::Vector3d> fractions{{0.1, 0.2, 0.3}, {0.55, 0.05, 0.9}, {0.95, 0.5, 0.45},
                                             {0.3, 0.8, 0.1}, {0.7, 0.65, 0.6}, {0.02, 0.98, 0.75}};

std::string vec_line(const Eigen::Vector3d& v) { return pelkit::testing::number_text(v[0]) + " " + pelkit::testing::number_text(v[1]) + " " + pelkit::testing::number_text(v[2]); }

std::string poscar_text(const Eigen::Matrix3d& rows, const std::string& scale, bool direct) {
  std::string t = "Cu3 Zr3 test\n" + scale + "\n";
  for (int r = 0; r < 3; ++r) t += "  " + vec_line(rows.row(r).transpose()) + "\n";
  t += "Cu Zr\n3 3\n";
  t += direct ? "Direct\n" : "Cartesian\n";
  for (const auto& s : fractions) t += vec_line(direct ? s : Eigen::Vector3d(rows.transpose() * s)) + "\n";
  return t;
}

// Minimum-image distance between fractional points of a cell, by brute force over images
// (independent of pelkit's box).
double brute_distance(const Eigen::Matrix3d& rows, const Eigen::Vector3d& si, const Eigen::Vector3d& sj) {
  double best = std::numeric_limits<double>::infinity();
  for (int i = -2; i <= 2; ++i)
    for (int j = -2; j <= 2; ++j)
      for (int k = -2; k <= 2; ++k) {
        const Eigen::Vector3d d = rows.transpose() * (sj - si + Eigen::Vector3d(i, j, k));
        best = std::min(best, d.norm());
      }
  return best;
}

double pelkit_distance(const pelkit::system& s, Eigen::Index i, Eigen::Index j) {
  return s.box.minimum_image(s.positions.col(j) - s.positions.col(i)).norm();
}

pelkit::system random_system(bool triclinic, int seed, bool sorted) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const auto box = triclinic ? pelkit::periodic_box({0, 0, 0}, {9.7, 11.1, 14.2}, 1.0 / 7.0, -0.9, 2.3)
                             : pelkit::periodic_box({0, 0, 0}, {12.3, 10.0 / 3.0, 9.9});
  const int n = 30;
  Eigen::Matrix3Xd x(3, n);
  std::vector<int> types(n);
  for (int i = 0; i < n; ++i) {
    x.col(i) = box.to_cartesian(Eigen::Vector3d(u(gen), u(gen), u(gen)) * 1.2 - Eigen::Vector3d::Constant(0.1));
    types[i] = sorted ? (i < 12 ? 0 : 1) : (i % 3 == 1 ? 1 : 0);
  }
  return pelkit::make_system(box, x, types, {"Cu", "Zr"}, {63.546, 91.224});
}

}  // namespace

TEST_CASE("poscar: a general cell gives the distances of an independent computation and of extxyz") {
  temp_dir dir;
  const Eigen::Matrix3d rows = general_cell();
  const auto f = pelkit::read_poscar(dir.write("POSCAR", poscar_text(rows, "1.0", true)));
  const auto& s = f.system;
  REQUIRE(s.size() == 6);
  CHECK(f.comment == "Cu3 Zr3 test");
  CHECK(s.type_names == std::vector<std::string>{"Cu", "Zr"});
  CHECK(s.type_masses == std::vector<double>{pelkit::find_element("Cu")->mass, pelkit::find_element("Zr")->mass});
  CHECK(s.types == std::vector<int>{0, 0, 0, 1, 1, 1});
  CHECK(s.ids == std::vector<long>{1, 2, 3, 4, 5, 6});
  CHECK(s.box.volume() == doctest::Approx(std::abs(rows.determinant())).epsilon(1e-13));
  CHECK(s.box.h()(1, 0) == 0);  // LAMMPS orientation
  CHECK((f.rotation * f.rotation.transpose() - Eigen::Matrix3d::Identity()).cwiseAbs().maxCoeff() < 1e-14);
  for (Eigen::Index i = 0; i < 6; ++i)
    for (Eigen::Index j = i + 1; j < 6; ++j)
      CHECK(pelkit_distance(s, i, j) == doctest::Approx(brute_distance(rows, fractions[i], fractions[j])).epsilon(1e-12));
  // The same structure as an extended XYZ file written here by hand (Cartesian positions).
  std::string xyz = "6\nLattice=\"";
  for (int r = 0; r < 3; ++r) xyz += (r ? " " : "") + vec_line(rows.row(r).transpose());
  xyz += "\" Properties=species:S:1:pos:R:3\n";
  for (std::size_t k = 0; k < 6; ++k) xyz += std::string(k < 3 ? "Cu " : "Zr ") + vec_line(rows.transpose() * fractions[k]) + "\n";
  const auto x = pelkit::read_extxyz(dir.write("same.xyz", xyz)).at(0).system;
  CHECK((x.box.h() - s.box.h()).cwiseAbs().maxCoeff() < 1e-12);
  CHECK((x.positions - s.positions).cwiseAbs().maxCoeff() < 1e-12);
  for (Eigen::Index i = 0; i < 6; ++i)
    for (Eigen::Index j = i + 1; j < 6; ++j) CHECK(pelkit_distance(s, i, j) == doctest::Approx(pelkit_distance(x, i, j)).epsilon(1e-12));
}

TEST_CASE("poscar: Direct and Cartesian, scale factors, negative scale = volume") {
  temp_dir dir;
  const Eigen::Matrix3d rows = general_cell();
  const auto direct = pelkit::read_poscar(dir.write("d.vasp", poscar_text(rows, "1", true))).system;
  const auto cart = pelkit::read_poscar(dir.write("c.vasp", poscar_text(rows, "1", false))).system;
  CHECK((direct.positions - cart.positions).cwiseAbs().maxCoeff() < 1e-12);
  CHECK(direct.box == cart.box);
  // scale 1.5 on a lattice given /1.5 is the same cell; Cartesian positions are scaled too.
  const auto scaled = pelkit::read_poscar(dir.write("s.vasp", poscar_text(rows / 1.5, "1.5", false))).system;
  CHECK((scaled.positions - direct.positions).cwiseAbs().maxCoeff() < 1e-12);
  CHECK((scaled.box.h() - direct.box.h()).cwiseAbs().maxCoeff() < 1e-12);
  // A negative scale is the volume: the lattice is scaled to it.
  const double v0 = rows.determinant();
  const auto vol = pelkit::read_poscar(dir.write("v.vasp", poscar_text(rows / 2.0, pelkit::testing::number_text(-v0), true))).system;
  CHECK(vol.box.volume() == doctest::Approx(v0).epsilon(1e-12));
  CHECK((vol.positions - direct.positions).cwiseAbs().maxCoeff() < 1e-12);
  const auto v8 = pelkit::read_poscar(dir.write("v8.vasp", poscar_text(rows, pelkit::testing::number_text(-8 * v0), true))).system;
  CHECK(v8.box.volume() == doctest::Approx(8 * v0).epsilon(1e-12));
  CHECK((v8.positions - 2 * direct.positions).cwiseAbs().maxCoeff() < 1e-11);
  // Three scales (VASP 6) scale the x, y, z components.
  Eigen::Matrix3d squeezed = rows;
  squeezed.col(0) /= 2.0;
  squeezed.col(2) /= 4.0;
  const auto three = pelkit::read_poscar(dir.write("t.vasp", poscar_text(squeezed, "2 1 4", true))).system;
  CHECK((three.positions - direct.positions).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("poscar: VASP 4 names from the options or the comment line, else an error") {
  temp_dir dir;
  const std::string v4 = "comment without elements\n1.0\n5 0 0\n0 5 0\n0 0 5\n1 2\nDirect\n0 0 0\n0.5 0.5 0.5\n0.25 0.25 0.25\n";
  CHECK_ERROR(pelkit::read_poscar(dir.write("POSCAR", v4)), "POSCAR:6:", "no element symbols", "--elements Cu,Zr");
  const auto named = pelkit::read_poscar(dir.file("POSCAR"), {{"Zr", "Cu"}}).system;
  CHECK(named.type_names == std::vector<std::string>{"Zr", "Cu"});
  CHECK(named.types == std::vector<int>{0, 1, 1});
  CHECK(named.type_masses[0] == pelkit::find_element("Zr")->mass);
  const auto from_comment = pelkit::read_poscar(dir.write("CONTCAR", "Cu Zr relaxed\n" + v4.substr(v4.find('\n') + 1))).system;
  CHECK(from_comment.type_names == std::vector<std::string>{"Cu", "Zr"});
  CHECK_ERROR(pelkit::read_poscar(dir.file("POSCAR"), {{"Cu"}}), "POSCAR:", "name 1 types", "2 counts");
  CHECK_ERROR(pelkit::read_poscar(dir.file("POSCAR"), {{"Cu", "Qq"}}), "POSCAR:", "'Qq' is not a known element");
}

TEST_CASE("poscar: symbols with POTCAR suffixes, repeated symbols, selective dynamics, trailing words, velocities") {
  temp_dir dir;
  const std::string text =
      "c\n1.0\n6 0 0\n0 6 0\n0 0 6\nCu_pv Zr_sv/abc Cu\n1 1 1\nSelective dynamics\nCartesian\n"
      "0 0 0 T T F Cu\n1 1 1 F F F Zr\n2 2 2 .TRUE. T T ! comment\n\n0.1 0.2 0.3\n0 0 0\n0 0 0\n";
  const auto f = pelkit::read_poscar(dir.write("POSCAR", text));
  CHECK(f.system.type_names == std::vector<std::string>{"Cu", "Zr"});
  CHECK(f.system.types == std::vector<int>{0, 1, 0});
  REQUIRE(f.selective);
  CHECK((*f.selective)[0] == std::array<bool, 3>{true, true, false});
  CHECK((*f.selective)[1] == std::array<bool, 3>{false, false, false});
  CHECK((*f.selective)[2] == std::array<bool, 3>{true, true, true});
  CHECK(f.system.positions.col(2) == Eigen::Vector3d(2, 2, 2));
  CHECK_FALSE(f.system.velocities);
}

TEST_CASE("poscar: round trips") {
  temp_dir dir;
  for (bool triclinic : {false, true}) {
    INFO("triclinic: ", triclinic);
    const auto s = random_system(triclinic, 7, true);
    pelkit::write_poscar(dir.file("POSCAR"), s);
    const auto r = pelkit::read_poscar(dir.file("POSCAR")).system;
    CHECK(r.box == s.box);
    CHECK(r.positions == s.positions);  // bit for bit (Cartesian, lo = 0)
    CHECK(r.types == s.types);
    CHECK(r.type_names == s.type_names);
    CHECK(r.type_masses == s.type_masses);
    // gzip
    pelkit::write_poscar(dir.file("POSCAR.gz"), s);
    CHECK(pelkit::read_poscar(dir.file("POSCAR.gz")).system.positions == s.positions);
    // Unsorted types come back grouped by type, in order within a type.
    const auto u = random_system(triclinic, 8, false);
    pelkit::write_poscar(dir.file("u.vasp"), u);
    const auto ru = pelkit::read_poscar(dir.file("u.vasp")).system;
    Eigen::Index k = 0;
    for (int t = 0; t < 2; ++t)
      for (std::size_t i = 0; i < u.size(); ++i)
        if (u.types[i] == t) {
          CHECK(ru.types[std::size_t(k)] == t);
          CHECK(ru.positions.col(k) == u.positions.col(Eigen::Index(i)));
          ++k;
        }
  }
  // A box corner lo != 0 is written shifted to 0.
  auto s = random_system(true, 9, true);
  s.box = pelkit::periodic_box({1, -2, 3}, {1 + 9.7, -2 + 11.1, 3 + 14.2}, 1.0 / 7.0, -0.9, 2.3);
  pelkit::write_poscar(dir.file("shift.vasp"), s);
  const auto r = pelkit::read_poscar(dir.file("shift.vasp")).system;
  CHECK(r.box.lo() == Eigen::Vector3d::Zero());
  CHECK((r.box.h() - s.box.h()).cwiseAbs().maxCoeff() < 1e-12);
  for (Eigen::Index i = 0; i < r.positions.cols(); ++i)
    CHECK((r.positions.col(i) - (s.positions.col(i) - s.box.lo())).cwiseAbs().maxCoeff() < 1e-12);
  // A rotated general cell read, written and read again keeps its distances.
  const auto g = pelkit::read_poscar(dir.write("g.vasp", poscar_text(general_cell(), "1", true))).system;
  pelkit::write_poscar(dir.file("g2.vasp"), g);
  const auto g2 = pelkit::read_poscar(dir.file("g2.vasp")).system;
  CHECK(g2.box == g.box);
  CHECK(g2.positions == g.positions);
}

TEST_CASE("poscar: writing needs element names") {
  temp_dir dir;
  auto s = random_system(false, 1, true);
  s.type_names[1] = "";
  CHECK_ERROR(pelkit::write_poscar(dir.file("POSCAR"), s), "POSCAR", "type 2", "element symbols");
  s.type_names[1] = "type2";
  CHECK_ERROR(pelkit::write_poscar(dir.file("POSCAR"), s), "POSCAR", "type 2", "'type2'");
}

TEST_CASE("poscar: bad input names the file, the line and the problem") {
  temp_dir dir;
  const std::vector<std::string> good{"comment", "1.0", "5 0 0", "0 5 0", "0 0 5", "Cu Zr", "1 1", "Direct", "0 0 0",
                                      "0.5 0.5 0.5"};
  REQUIRE(pelkit::read_poscar(dir.write("ok", pelkit::testing::join_lines(good))).system.size() == 2);
  auto bad = [&](int line, const std::string& text) {
    return dir.write("bad", pelkit::testing::replace_line(good, line, text));
  };
  using pelkit::read_poscar;
  CHECK_ERROR(read_poscar(bad(2, "1 2")), "bad:2:", "scale line", "expected 1 number");
  CHECK_ERROR(read_poscar(bad(2, "x")), "bad:2:", "scale", "is not a number: 'x'");
  CHECK_ERROR(read_poscar(bad(2, "0")), "bad:2:", "must not be 0");
  CHECK_ERROR(read_poscar(bad(2, "1 -1 1")), "bad:2:", "must be positive");
  CHECK_ERROR(read_poscar(bad(3, "5 0")), "bad:3:", "lattice vector a", "expected 3 fields", "got 2");
  CHECK_ERROR(read_poscar(bad(4, "0 five 0")), "bad:4:", "lattice vector b", "field 2 (by) is not a number: 'five'");
  CHECK_ERROR(read_poscar(bad(5, "0 0 nan")), "bad:5:", "is not finite");
  CHECK_ERROR(read_poscar(bad(5, "5 0 0")), "bad:5:", "degenerate");
  CHECK_ERROR(read_poscar(bad(5, "0 0 -5")), "bad:5:", "left-handed");
  REQUIRE(read_poscar(bad(2, "-100")).system.box.volume() == doctest::Approx(100));
  CHECK_ERROR(read_poscar(dir.write("bad", pelkit::testing::join_lines({"c", "-100", "5 0 0", "0 5 0", "5 0 0", "Cu", "1",
                                                                          "Direct", "0 0 0"}))),
              "bad:5:", "degenerate", "volume -100");
  CHECK_ERROR(read_poscar(bad(6, "Cu Xx")), "bad:6:", "'Xx' is not a known element symbol");
  CHECK_ERROR(read_poscar(bad(7, "1")), "bad:7:", "expected 2 counts", "got 1");
  CHECK_ERROR(read_poscar(bad(7, "1 x")), "bad:7:", "field 2 (count) is not an integer: 'x'");
  CHECK_ERROR(read_poscar(bad(7, "1 -1")), "bad:7:", "must not be negative");
  CHECK_ERROR(read_poscar(bad(7, "0 0")), "bad:7:", "sum to 0");
  CHECK_ERROR(read_poscar(bad(7, "2 1")), "bad:10:", "unexpected end of file", "got 2 of 3", "line 7");
  CHECK_ERROR(read_poscar(bad(8, "Fractional")), "bad:8:", "'Direct' or 'Cartesian'", "'Fractional'");
  CHECK_ERROR(read_poscar(bad(9, "0 0")), "bad:9:", "position line", "expected 3 fields", "got 2");
  CHECK_ERROR(read_poscar(bad(10, "0.5 y 0.5")), "bad:10:", "field 2 (y) is not a number: 'y'");
  CHECK_ERROR(read_poscar(dir.write("bad", pelkit::testing::join_lines({"c", "1", "5 0 0", "0 5 0", "0 0 5", "Cu", "1",
                                                                          "Selective dynamics", "Direct", "0 0 0 T X T"}))),
              "bad:10:", "field 5 (flag y) is not T or F: 'X'");
  CHECK_ERROR(read_poscar(dir.write("bad", "c\n1\n5 0 0\n")), "bad:3:", "unexpected end of file", "lattice vector b");
  CHECK_ERROR(read_poscar(dir.write("bad", "")), "bad", "unexpected end of file");
  CHECK_ERROR(read_poscar(dir.file("missing")), "missing: cannot open file");
  std::istringstream stream(pelkit::testing::replace_line(good, 6, "Cu 3"));
  CHECK_ERROR(read_poscar(stream, "stream"), "stream:6:", "field 2 is a number: '3'");
}
