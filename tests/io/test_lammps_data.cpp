// Tests for pelkit/io/lammps_data.hpp: good files, bit-exact round trips, every bad input.
#include <pelkit/io/lammps_data.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "../support.hpp"

using pelkit::testing::temp_dir;

namespace {

// A good data file; the comments give the line numbers the error tests refer to.
const std::vector<std::string> good_lines{
    "# a small CuZr test file",        // 1
    "",                                // 2
    "4 atoms",                         // 3
    "2 atom types",                    // 4
    "",                                // 5
    "0.0 10.0 xlo xhi",                // 6
    "-1.0 9.0 ylo yhi",                // 7
    "0.5 10.5 zlo zhi",                // 8
    "",                                // 9
    "Masses",                          // 10
    "",                                // 11
    "1 63.546 # Cu",                   // 12
    "2 91.224",                        // 13
    "",                                // 14
    "Atoms # atomic",                  // 15
    "",                                // 16
    "3 2 4.1 5.2 6.3",                 // 17
    "1 1 1.0 2.0 3.0 0 1 -1",          // 18
    "4 1 7.5 8.5 9.5",                 // 19
    "2 2 0.25 0.5 0.75   # a comment", // 20
    "",                                // 21
    "Velocities",                      // 22
    "",                                // 23
    "1 0.1 0.2 0.3",                   // 24
    "2 -1 -2 -3",                      // 25
    "3 0 0 0",                         // 26
    "4 1e-3 2e-3 3e-3",                // 27
};

// The good file with line `n` (1-based) replaced.
std::string with_line(int n, const std::string& text) { return pelkit::testing::replace_line(good_lines, n, text); }

// The good file cut after line `n`.
std::string first_lines(int n) {
  return pelkit::testing::join_lines(std::vector<std::string>(good_lines.begin(), good_lines.begin() + n));
}

pelkit::system random_system(bool triclinic, bool velocities) {
  std::mt19937 gen(triclinic ? 7 : 11);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const auto box = triclinic ? pelkit::periodic_box({-1.1, 0.3, 2.0 / 3.0}, {9.7, 11.1, 14.2}, 1.0 / 7.0, -0.9, 2.3)
                             : pelkit::periodic_box({0.1, -2.0 / 3.0, 0}, {12.3, 10.0 / 3.0, 9.9});
  const int n = 50;
  Eigen::Matrix3Xd x(3, n);
  std::vector<int> types(n);
  for (int i = 0; i < n; ++i) {
    x.col(i) = box.to_cartesian(Eigen::Vector3d(u(gen), u(gen), u(gen)));
    types[i] = i % 3 == 0 ? 1 : 0;
  }
  auto s = pelkit::make_system(box, x, types, {"Cu", "Zr"}, {63.546, 91.224});
  for (int i = 0; i < n; ++i) {
    s.ids[i] = 1000 - 7 * i;  // not 1..n, not sorted
    s.images.col(i) = Eigen::Vector3i(i % 3 - 1, (i * 7) % 5 - 2, i % 2);
  }
  s.positions(0, 3) = -0.0;
  if (velocities) {
    Eigen::Matrix3Xd v(3, n);
    for (int i = 0; i < n; ++i) v.col(i) = Eigen::Vector3d(u(gen) - 0.5, u(gen) - 0.5, 1e-300 * u(gen));
    s.velocities = v;
  }
  return s;
}

void check_identical(const pelkit::system& a, const pelkit::system& b) {
  CHECK(a.box == b.box);
  CHECK(a.box.hi() == b.box.hi());
  CHECK(a.box.xy() == b.box.xy());
  CHECK(a.positions == b.positions);  // bit for bit
  for (Eigen::Index i = 0; i < a.positions.size(); ++i)
    CHECK(std::signbit(a.positions.data()[i]) == std::signbit(b.positions.data()[i]));
  CHECK(a.types == b.types);
  CHECK(a.type_names == b.type_names);
  CHECK(a.type_masses == b.type_masses);
  CHECK(a.ids == b.ids);
  CHECK(a.images == b.images);
  REQUIRE(a.velocities.has_value() == b.velocities.has_value());
  if (a.velocities) CHECK(*a.velocities == *b.velocities);
}

}  // namespace

TEST_CASE("lammps data: reads a hand-written file") {
  temp_dir dir;
  const auto s = pelkit::read_lammps_data(dir.write("good.data", pelkit::testing::join_lines(good_lines)));
  REQUIRE(s.size() == 4);
  pelkit::validate(s);
  CHECK(s.box.lo() == Eigen::Vector3d(0, -1, 0.5));
  CHECK(s.box.hi() == Eigen::Vector3d(10, 9, 10.5));
  CHECK_FALSE(s.box.triclinic());
  CHECK(s.type_names == std::vector<std::string>{"Cu", "Zr"});  // comment, then inferred from mass
  CHECK(s.type_masses == std::vector<double>{63.546, 91.224});
  CHECK(s.ids == std::vector<long>{3, 1, 4, 2});  // file order kept
  CHECK(s.types == std::vector<int>{1, 0, 0, 1});
  CHECK(s.positions.col(0) == Eigen::Vector3d(4.1, 5.2, 6.3));
  CHECK(s.images.col(1) == Eigen::Vector3i(0, 1, -1));
  CHECK(s.images.col(0) == Eigen::Vector3i(0, 0, 0));
  REQUIRE(s.velocities);
  CHECK(s.velocities->col(0) == Eigen::Vector3d(0, 0, 0));        // id 3
  CHECK(s.velocities->col(1) == Eigen::Vector3d(0.1, 0.2, 0.3));  // id 1
  CHECK(s.velocities->col(3) == Eigen::Vector3d(-1, -2, -3));     // id 2

  auto sorted = s;
  pelkit::sort_by_id(sorted);
  CHECK(sorted.ids == std::vector<long>{1, 2, 3, 4});
  CHECK(sorted.types == std::vector<int>{0, 1, 1, 0});
  CHECK(sorted.positions.col(0) == Eigen::Vector3d(1, 2, 3));
  CHECK(sorted.images.col(0) == Eigen::Vector3i(0, 1, -1));
  CHECK(sorted.velocities->col(1) == Eigen::Vector3d(-1, -2, -3));
}

TEST_CASE("lammps data: triclinic header, zero counts, labels and skipped sections") {
  temp_dir dir;
  const std::string text =
      "LAMMPS data file via write_data, version 29 Sep 2021, timestep = 0\n"
      "\n"
      "2 atoms\n"
      "3 atom types\n"
      "0 bonds\n"
      "0 extra bond per atom\n"
      "\n"
      "0 10 xlo xhi\n"
      "-1 9 ylo yhi\n"
      "0.5 10.5 zlo zhi\n"
      "1.5 -0.7 0.3 xy xz yz\n"
      "\n"
      "Atom Type Labels\n"
      "\n"
      "1 Ni\n"
      "2 P\n"
      "3 Xx\n"
      "\n"
      "Masses\n"
      "\n"
      "1 58.693 # this comment has several words\n"
      "2 30.974\n"
      "3 2.5\n"
      "\n"
      "Pair Coeffs # lj/cut\n"
      "\n"
      "1 0.1 1.0\n"
      "2 0.2 1.1\n"
      "3 0.3 1.2\n"
      "\n"
      "Atoms\n"
      "\n"
      "1 P 1 2 3\n"
      "2 1 4 5 6\n";
  const auto s = pelkit::read_lammps_data(dir.write("tri.data", text));
  CHECK(s.box.triclinic());
  CHECK(s.box.xy() == 1.5);
  CHECK(s.box.xz() == -0.7);
  CHECK(s.box.yz() == 0.3);
  CHECK(s.type_names == std::vector<std::string>{"Ni", "P", "Xx"});
  CHECK(s.types == std::vector<int>{1, 0});
  CHECK_FALSE(s.velocities);

  // Without labels: a multi-word Masses comment is ignored, mass 2.5 matches no element.
  const std::string plain =
      "x\n2 atoms\n2 atom types\n0 1 xlo xhi\n0 1 ylo yhi\n0 1 zlo zhi\nMasses\n"
      "1 58.693 # nickel, the element\n2 2.5\nAtoms\n1 1 0 0 0\n2 2 0.5 0.5 0.5\n";
  const auto p = pelkit::read_lammps_data(dir.write("plain.data", plain));
  CHECK(p.type_names == std::vector<std::string>{"Ni", ""});
}

TEST_CASE("lammps data: stream overload") {
  std::istringstream in(pelkit::testing::join_lines(good_lines));
  const auto s = pelkit::read_lammps_data(in, "memory.data");
  CHECK(s.size() == 4);
}

TEST_CASE("lammps data: write then read is bit-exact") {
  temp_dir dir;
  for (bool triclinic : {false, true})
    for (bool velocities : {false, true}) {
      CAPTURE(triclinic);
      CAPTURE(velocities);
      const auto s = random_system(triclinic, velocities);
      const auto path = dir.file("rt.data");
      pelkit::write_lammps_data(path, s);
      const auto r = pelkit::read_lammps_data(path);
      check_identical(s, r);
      // and a second generation writes the same text
      const auto path2 = dir.file("rt2.data");
      pelkit::write_lammps_data(path2, r);
      std::ifstream f1(path), f2(path2);
      std::stringstream t1, t2;
      t1 << f1.rdbuf();
      t2 << f2.rdbuf();
      CHECK(t1.str() == t2.str());
      if (!triclinic) CHECK(t1.str().find("xy xz yz") == std::string::npos);
    }
}

TEST_CASE("lammps data: writer rejects inconsistent systems") {
  temp_dir dir;
  auto s = random_system(false, false);
  s.type_masses[1] = 0;
  CHECK_ERROR(pelkit::write_lammps_data(dir.file("bad.data"), s), "bad.data", "mass");
  s = random_system(false, false);
  s.type_names[0] = "C u";
  CHECK_ERROR(pelkit::write_lammps_data(dir.file("bad.data"), s), "bad.data", "type name");
  CHECK_ERROR(pelkit::write_lammps_data((dir.path / "no_such_dir" / "x.data").string(), random_system(false, false)),
              "x.data: cannot open file for writing");
}

TEST_CASE("lammps data: every bad input names file, line and problem") {
  temp_dir dir;
  auto bad = [&](const std::string& text) { return dir.write("bad.data", text); };
  using pelkit::read_lammps_data;

  SUBCASE("missing file") { CHECK_ERROR(read_lammps_data(dir.file("nope.data")), "nope.data: cannot open file"); }
  SUBCASE("empty file") { CHECK_ERROR(read_lammps_data(bad("")), "bad.data", "unexpected end of file", "header"); }
  SUBCASE("header only") {
    CHECK_ERROR(read_lammps_data(bad(first_lines(9))), "bad.data:9:", "unexpected end of file", "header");
  }
  SUBCASE("truncated Atoms section") {
    CHECK_ERROR(read_lammps_data(bad(first_lines(19))), "bad.data:19:", "unexpected end of file", "Atoms",
                "got 3 of 4");
  }
  SUBCASE("truncated Velocities section") {
    CHECK_ERROR(read_lammps_data(bad(first_lines(25))), "bad.data:25:", "unexpected end of file", "Velocities");
  }
  SUBCASE("too few fields") {
    CHECK_ERROR(read_lammps_data(bad(with_line(17, "3 2 4.1 5.2"))), "bad.data:17:",
                "expected 5 or 8 fields (id type x y z [ix iy iz]), got 4");
  }
  SUBCASE("too many fields") {
    CHECK_ERROR(read_lammps_data(bad(with_line(17, "3 2 4.1 5.2 6.3 0 0"))), "bad.data:17:", "got 7");
  }
  SUBCASE("non-numeric coordinate") {
    CHECK_ERROR(read_lammps_data(bad(with_line(17, "3 2 abc 5.2 6.3"))),
                "bad.data:17: atom line: field 3 (x) is not a number: 'abc'");
  }
  SUBCASE("number with trailing garbage") {
    CHECK_ERROR(read_lammps_data(bad(with_line(19, "4 1 7.5 8.5x 9.5"))), "bad.data:19:", "field 4 (y)",
                "not a number: '8.5x'");
  }
  SUBCASE("non-integer id") {
    CHECK_ERROR(read_lammps_data(bad(with_line(17, "3.0 2 4.1 5.2 6.3"))), "bad.data:17:", "field 1 (id)",
                "not an integer");
  }
  SUBCASE("non-integer image flag") {
    CHECK_ERROR(read_lammps_data(bad(with_line(18, "1 1 1.0 2.0 3.0 0 1.5 -1"))), "bad.data:18:", "field 7 (iy)",
                "not an integer");
  }
  SUBCASE("NaN coordinate") {
    CHECK_ERROR(read_lammps_data(bad(with_line(18, "1 1 nan 2.0 3.0"))), "bad.data:18:", "field 3 (x)",
                "not finite: 'nan'");
  }
  SUBCASE("infinite coordinate") {
    CHECK_ERROR(read_lammps_data(bad(with_line(18, "1 1 1.0 2.0 -inf"))), "bad.data:18:", "field 5 (z)", "not finite");
  }
  SUBCASE("duplicate atom id") {
    CHECK_ERROR(read_lammps_data(bad(with_line(19, "1 1 7.5 8.5 9.5"))), "bad.data:19:",
                "duplicate atom id 1 (first at line 18)");
  }
  SUBCASE("non-positive atom id") {
    CHECK_ERROR(read_lammps_data(bad(with_line(19, "0 1 7.5 8.5 9.5"))), "bad.data:19:", "atom id must be positive");
  }
  SUBCASE("atom type 0") {
    CHECK_ERROR(read_lammps_data(bad(with_line(17, "3 0 4.1 5.2 6.3"))), "bad.data:17:", "atom type 0 is out of range",
                "2 atom types");
  }
  SUBCASE("atom type above ntypes") {
    CHECK_ERROR(read_lammps_data(bad(with_line(17, "3 3 4.1 5.2 6.3"))), "bad.data:17:", "atom type 3 is out of range");
  }
  SUBCASE("missing Masses section") {
    auto lines = good_lines;
    lines.erase(lines.begin() + 9, lines.begin() + 14);  // lines 10..14
    CHECK_ERROR(read_lammps_data(bad(pelkit::testing::join_lines(lines))), "bad.data:22:", "no Masses section", "masses are required");
  }
  SUBCASE("zero mass") {
    CHECK_ERROR(read_lammps_data(bad(with_line(13, "2 0"))), "bad.data:13:", "mass of type 2 must be positive");
  }
  SUBCASE("negative mass") {
    CHECK_ERROR(read_lammps_data(bad(with_line(12, "1 -63.5 # Cu"))), "bad.data:12:", "mass of type 1 must be positive");
  }
  SUBCASE("duplicate mass entry") {
    CHECK_ERROR(read_lammps_data(bad(with_line(13, "1 91.224"))), "bad.data:13:", "duplicate mass for type 1");
  }
  SUBCASE("mass for an undeclared type") {
    CHECK_ERROR(read_lammps_data(bad(with_line(13, "3 91.224"))), "bad.data:13:", "atom type 3 is out of range");
  }
  SUBCASE("negative box") {
    CHECK_ERROR(read_lammps_data(bad(with_line(7, "9.0 -1.0 ylo yhi"))), "bad.data:7:",
                "hi (-1.0) must be greater than lo (9.0)");
  }
  SUBCASE("empty box") {
    CHECK_ERROR(read_lammps_data(bad(with_line(8, "3 3 zlo zhi"))), "bad.data:8:", "must be greater than lo");
  }
  SUBCASE("non-numeric box bound") {
    CHECK_ERROR(read_lammps_data(bad(with_line(6, "0.0 1x xlo xhi"))), "bad.data:6:", "field 2 (xhi)", "not a number");
  }
  SUBCASE("missing box line") {
    CHECK_ERROR(read_lammps_data(bad(with_line(8, ""))), "bad.data:10:", "no 'zlo zhi' line");
  }
  SUBCASE("missing atoms header") {
    CHECK_ERROR(read_lammps_data(bad(with_line(3, ""))), "bad.data:10:", "no 'N atoms' line");
  }
  SUBCASE("missing atom types header") {
    CHECK_ERROR(read_lammps_data(bad(with_line(4, ""))), "bad.data:10:", "no 'N atom types' line");
  }
  SUBCASE("duplicate header line") {
    CHECK_ERROR(read_lammps_data(bad(with_line(5, "5 atoms"))), "bad.data:5:", "duplicate header line 'atoms'");
  }
  SUBCASE("unknown header line") {
    CHECK_ERROR(read_lammps_data(bad(with_line(5, "5 widgets"))), "bad.data:5:", "unknown header line '5 widgets'");
  }
  SUBCASE("header count not an integer") {
    CHECK_ERROR(read_lammps_data(bad(with_line(3, "4.5 atoms"))), "bad.data:3:", "not an integer: '4.5'");
  }
  SUBCASE("nonzero bonds") {
    CHECK_ERROR(read_lammps_data(bad(with_line(5, "3 bonds"))), "bad.data:5:", "3 bonds", "atomic");
  }
  SUBCASE("nonzero angle types") {
    CHECK_ERROR(read_lammps_data(bad(with_line(5, "1 angle types"))), "bad.data:5:", "angle types", "must be 0");
  }
  SUBCASE("zero bonds are fine") { CHECK(read_lammps_data(bad(with_line(5, "0 bonds"))).size() == 4); }
  SUBCASE("general triclinic") {
    CHECK_ERROR(read_lammps_data(bad(with_line(9, "1 0 0 avec"))), "bad.data:9:", "general triclinic");
  }
  SUBCASE("unknown section") {
    CHECK_ERROR(read_lammps_data(bad(with_line(22, "Velocity"))), "bad.data:22:", "unknown section 'Velocity'");
  }
  SUBCASE("unsupported section") {
    CHECK_ERROR(read_lammps_data(bad(with_line(22, "Bonds"))), "bad.data:22:", "section 'Bonds' is not supported");
  }
  SUBCASE("duplicate section") {
    auto lines = good_lines;
    lines.insert(lines.end(), {"", "Masses", "", "1 1", "2 2"});
    CHECK_ERROR(read_lammps_data(bad(pelkit::testing::join_lines(lines))), "bad.data:29:", "duplicate Masses section (first at line 10)");
  }
  SUBCASE("other atom style") {
    CHECK_ERROR(read_lammps_data(bad(with_line(15, "Atoms # charge"))), "bad.data:15:", "atom style 'charge'",
                "not supported");
  }
  SUBCASE("more atom lines than declared") {
    CHECK_ERROR(read_lammps_data(bad(with_line(3, "3 atoms"))), "bad.data:20:", "more entries than declared");
  }
  SUBCASE("velocity for an unknown atom") {
    CHECK_ERROR(read_lammps_data(bad(with_line(27, "5 1e-3 2e-3 3e-3"))), "bad.data:27:", "atom id 5",
                "not in the Atoms section");
  }
  SUBCASE("duplicate velocity") {
    CHECK_ERROR(read_lammps_data(bad(with_line(27, "1 1e-3 2e-3 3e-3"))), "bad.data:27:", "duplicate velocity",
                "first at line 24");
  }
  SUBCASE("velocity line with wrong field count") {
    CHECK_ERROR(read_lammps_data(bad(with_line(25, "2 -1 -2"))), "bad.data:25:", "expected 4 fields (id vx vy vz), got 3");
  }
  SUBCASE("NaN velocity") {
    CHECK_ERROR(read_lammps_data(bad(with_line(25, "2 -1 nan -3"))), "bad.data:25:", "field 3 (vy)", "not finite");
  }
  SUBCASE("missing Atoms section") {
    CHECK_ERROR(read_lammps_data(bad(first_lines(14))), "bad.data:14:", "no Atoms section");
  }
}

TEST_CASE("lammps data: finite bounds whose box overflows are errors at the box lines (found by fuzzing)") {
  // The box used to throw "box: extent ..." without the file name, or build a cell whose
  // inverse is not finite.
  temp_dir dir;
  auto bad = [&](const std::string& text) { return dir.write("bad.data", text); };
  using pelkit::read_lammps_data;
  CHECK_ERROR(read_lammps_data(bad(with_line(6, "-1e308 1e308 xlo xhi"))), "bad.data:8:",
              "extent along x must be positive and finite");
  auto tilted = good_lines;
  tilted.insert(tilted.begin() + 8, "1e308 1e308 1e308 xy xz yz");  // line 9
  CHECK_ERROR(read_lammps_data(bad(pelkit::testing::join_lines(tilted))), "bad.data:9:",
              "box: the cell is too large or too skewed");
  auto huge = good_lines;
  huge[5] = "0 1e154 xlo xhi";  // every 2x2 minor finite, so the inverse is
  huge[6] = "0 1e154 ylo yhi";
  CHECK_ERROR(read_lammps_data(bad(pelkit::testing::join_lines(huge))), "bad.data:8:",
              "its volume is not a finite positive number");
}
