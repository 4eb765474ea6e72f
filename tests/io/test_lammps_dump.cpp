// Tests for pelkit/io/lammps_dump.hpp: good dumps, box conversion, round trips, bad input.
#include <pelkit/io/lammps_dump.hpp>

#include <doctest/doctest.h>

#include <cmath>
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

const std::vector<std::string> good_dump{
    "ITEM: TIMESTEP",                                                                  // 1
    "100",                                                                             // 2
    "ITEM: NUMBER OF ATOMS",                                                           // 3
    "3",                                                                               // 4
    "ITEM: BOX BOUNDS pp pp pp",                                                       // 5
    "0 10",                                                                            // 6
    "-1 9",                                                                            // 7
    "0.5 10.5",                                                                        // 8
    "ITEM: ATOMS id type element x y z ix iy iz vx vy vz fx fy fz c_pe",               // 9
    "3 2 Zr 4.1 5.2 6.3 0 0 1 0.1 0.2 0.3 1 2 3 -4.5",                                 // 10
    "1 1 Cu 1 2 3 0 0 0 0 0 0 0 0 0 nan",                                              // 11
    "2 1 Cu 7 8 9 -1 0 0 0 0 0 -1 -2 -3 -3.25",                                        // 12
    "ITEM: TIMESTEP",                                                                  // 13
    "200",                                                                             // 14
    "ITEM: NUMBER OF ATOMS",                                                           // 15
    "2",                                                                               // 16
    "ITEM: BOX BOUNDS pp pp pp",                                                       // 17
    "0 10",                                                                            // 18
    "-1 9",                                                                            // 19
    "0.5 10.5",                                                                        // 20
    "ITEM: ATOMS id type xs ys zs",                                                    // 21
    "1 1 0.5 0.5 0.5",                                                                 // 22
    "2 2 0 0.25 1",                                                                    // 23
};

std::string dump_with_line(int n, const std::string& text) { return pelkit::testing::replace_line(good_dump, n, text); }
std::string dump_first_lines(int n) { return pelkit::testing::join_lines(std::vector<std::string>(good_dump.begin(), good_dump.begin() + n)); }

// A triclinic dump exactly as LAMMPS 29Sep2021 writes it (write_dump ... format float %.17g) for
// the box 0 10 / -1 9 / 0.5 10.5 with tilts 1.5 -0.7 0.3.
const std::string lammps_triclinic =
    "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\n"
    "ITEM: BOX BOUNDS xy xz yz pp pp pp\n"
    "-6.9999999999999996e-01 1.1500000000000000e+01 1.5000000000000000e+00\n"
    "-1.0000000000000000e+00 9.3000000000000007e+00 -6.9999999999999996e-01\n"
    "5.0000000000000000e-01 1.0500000000000000e+01 2.9999999999999999e-01\n"
    "ITEM: ATOMS id type element x y z xs ys zs\n"
    "1 1 Cu 1.0000000000000002 2.0000000000000004 3 0.073625000000000024 0.29250000000000004 0.25\n"
    "3 2 Zr 4.0999999999999996 5.200000000000002 6.2999999999999998 0.36020999999999992 0.60260000000000025 "
    "0.57999999999999996\n";

pelkit::system random_system(bool triclinic) {
  std::mt19937 gen(triclinic ? 3 : 5);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const auto box = triclinic ? pelkit::periodic_box({-1.1, 0.3, 2.0 / 3.0}, {9.7, 11.1, 14.2}, 1.0 / 7.0, -0.9, 2.3)
                             : pelkit::periodic_box({0.1, -2.0 / 3.0, 0}, {12.3, 10.0 / 3.0, 9.9});
  const int n = 40;
  Eigen::Matrix3Xd x(3, n);
  std::vector<int> types(n);
  for (int i = 0; i < n; ++i) {
    x.col(i) = box.to_cartesian(Eigen::Vector3d(u(gen), u(gen), u(gen)));
    types[i] = i % 4 == 0 ? 1 : 0;
  }
  auto s = pelkit::make_system(box, x, types, {"Cu", "Zr"}, {63.546, 91.224});
  Eigen::Matrix3Xd v(3, n);
  for (int i = 0; i < n; ++i) {
    s.ids[i] = 3 * n - 2 * i;
    s.images.col(i) = Eigen::Vector3i(i % 3 - 1, 0, -(i % 2));
    v.col(i) = Eigen::Vector3d(u(gen) - 0.5, u(gen) - 0.5, u(gen) - 0.5);
  }
  s.velocities = v;
  return s;
}

}  // namespace

TEST_CASE("lammps dump: reads a hand-written two-frame file") {
  temp_dir dir;
  const auto frames = pelkit::read_lammps_dump(dir.write("good.dump", pelkit::testing::join_lines(good_dump)));
  REQUIRE(frames.size() == 2);
  const auto& f = frames[0];
  const auto& s = f.system;
  pelkit::validate(s);
  CHECK(f.timestep == 100);
  CHECK(s.box.lo() == Eigen::Vector3d(0, -1, 0.5));
  CHECK(s.box.hi() == Eigen::Vector3d(10, 9, 10.5));
  CHECK(s.ids == std::vector<long>{3, 1, 2});
  CHECK(s.types == std::vector<int>{1, 0, 0});
  CHECK(s.type_names == std::vector<std::string>{"Cu", "Zr"});
  CHECK(s.type_masses[0] == pelkit::find_element("Cu")->mass);
  CHECK(s.type_masses[1] == pelkit::find_element("Zr")->mass);
  CHECK(s.positions.col(0) == Eigen::Vector3d(4.1, 5.2, 6.3));
  CHECK(s.images.col(0) == Eigen::Vector3i(0, 0, 1));
  CHECK(s.images.col(2) == Eigen::Vector3i(-1, 0, 0));
  REQUIRE(s.velocities);
  CHECK(s.velocities->col(0) == Eigen::Vector3d(0.1, 0.2, 0.3));
  REQUIRE(f.forces);
  CHECK(f.forces->col(2) == Eigen::Vector3d(-1, -2, -3));
  REQUIRE(f.columns.count("c_pe"));
  CHECK(std::isnan(f.columns.at("c_pe")[1]));  // non-finite allowed in other columns
  CHECK(f.columns.at("c_pe")[2] == -3.25);
  CHECK(f.columns.at("id")[0] == 3);
  CHECK(f.columns.count("element") == 0);

  auto sorted = f;
  pelkit::sort_by_id(sorted);
  CHECK(sorted.system.ids == std::vector<long>{1, 2, 3});
  CHECK(sorted.forces->col(1) == Eigen::Vector3d(-1, -2, -3));
  CHECK(sorted.columns.at("c_pe")[1] == -3.25);
  CHECK(sorted.system.positions.col(2) == Eigen::Vector3d(4.1, 5.2, 6.3));

  const auto& g = frames[1];
  CHECK(g.timestep == 200);
  CHECK(g.system.size() == 2);
  CHECK(g.system.type_names == std::vector<std::string>{"", ""});
  CHECK(g.system.type_masses == std::vector<double>{1.0, 1.0});  // no element column: 1 amu
  CHECK(g.system.positions.col(0).isApprox(Eigen::Vector3d(5, 4, 5.5)));
  CHECK(g.system.positions.col(1).isApprox(Eigen::Vector3d(0, 1.5, 10.5)));
  CHECK_FALSE(g.system.velocities);
  CHECK_FALSE(g.forces);
}

TEST_CASE("lammps dump: triclinic bounding box is converted back to lo/hi and tilts") {
  temp_dir dir;
  const auto frames = pelkit::read_lammps_dump(dir.write("tri.dump", lammps_triclinic));
  REQUIRE(frames.size() == 1);
  const auto& s = frames[0].system;
  CHECK(s.box.triclinic());
  CHECK((s.box.lo() - Eigen::Vector3d(0, -1, 0.5)).norm() < 1e-14);
  CHECK((s.box.hi() - Eigen::Vector3d(10, 9, 10.5)).norm() < 1e-14);
  CHECK(s.box.xy() == doctest::Approx(1.5).epsilon(1e-15));
  CHECK(s.box.xz() == doctest::Approx(-0.7).epsilon(1e-15));
  CHECK(s.box.yz() == doctest::Approx(0.3).epsilon(1e-15));
  CHECK(s.type_names == std::vector<std::string>{"Cu", "Zr"});
  // x and xs columns agree through the box
  const auto& c = frames[0].columns;
  for (Eigen::Index i = 0; i < 2; ++i) {
    const Eigen::Vector3d r = s.box.to_cartesian(Eigen::Vector3d(c.at("xs")[i], c.at("ys")[i], c.at("zs")[i]));
    CHECK((r - s.positions.col(i)).norm() < 1e-12);
  }
}

TEST_CASE("lammps dump: position kinds and element-only types") {
  temp_dir dir;
  const std::string text =
      "ITEM: UNITS\nmetal\nITEM: TIME\n0.5\nITEM: TIMESTEP\n7\nITEM: NUMBER OF ATOMS\n3\n"
      "ITEM: BOX BOUNDS\n0 2\n0 2\n0 2\n"
      "ITEM: ATOMS element xu yu zu ix iy iz mass\n"
      "Zr 3 1 1 1 0 0 91\n"
      "Cu -1 1 1 -1 0 0 63.5\n"
      "Zr 0.5 0.5 0.5 0 0 0 91\n";
  const auto frames = pelkit::read_lammps_dump(dir.write("u.dump", text));
  const auto& s = frames[0].system;
  CHECK(frames[0].timestep == 7);
  CHECK(s.type_names == std::vector<std::string>{"Zr", "Cu"});  // first appearance
  CHECK(s.types == std::vector<int>{0, 1, 0});
  CHECK(s.type_masses == std::vector<double>{91, 63.5});  // from the mass column
  CHECK(s.positions.col(0) == Eigen::Vector3d(3, 1, 1));  // unwrapped kept as is
  CHECK(s.images.col(0) == Eigen::Vector3i(0, 0, 0));     // ...so images are zero
  CHECK(s.ids == std::vector<long>{1, 2, 3});
}

TEST_CASE("lammps dump: write then read") {
  temp_dir dir;
  SUBCASE("orthogonal box: bit-exact") {
    const auto s = random_system(false);
    Eigen::Matrix3Xd forces = Eigen::Matrix3Xd::Random(3, long(s.size())) * 3.0;
    const auto path = dir.file("rt.dump");
    pelkit::write_lammps_dump(path, s, 12345, forces);
    const auto frames = pelkit::read_lammps_dump(path);
    REQUIRE(frames.size() == 1);
    const auto& r = frames[0].system;
    CHECK(frames[0].timestep == 12345);
    CHECK(r.box == s.box);
    CHECK(r.box.hi() == s.box.hi());
    CHECK(r.positions == s.positions);
    CHECK(r.images == s.images);
    CHECK(r.ids == s.ids);
    CHECK(r.types == s.types);
    CHECK(r.type_names == s.type_names);
    CHECK(r.type_masses == s.type_masses);  // standard weights, recovered from the element
    REQUIRE(r.velocities);
    CHECK(*r.velocities == *s.velocities);
    REQUIRE(frames[0].forces);
    CHECK(*frames[0].forces == forces);
  }
  SUBCASE("triclinic box: positions exact, box to rounding") {
    const auto s = random_system(true);
    const auto path = dir.file("tri.dump");
    pelkit::write_lammps_dump(path, s, 0);
    const auto r = pelkit::read_lammps_dump(path).at(0).system;
    CHECK(r.positions == s.positions);
    CHECK(r.box.h().isApprox(s.box.h(), 1e-15));
    CHECK((r.box.lo() - s.box.lo()).norm() < 1e-14);
    CHECK(r.box.xy() == s.box.xy());
    CHECK(r.box.xz() == s.box.xz());
    CHECK(r.box.yz() == s.box.yz());
  }
  SUBCASE("several frames through a stream; unnamed types") {
    auto s = random_system(false);
    s.type_names = {"", ""};
    s.velocities.reset();
    std::stringstream out;
    for (long t : {0L, 10L, 20L}) pelkit::write_lammps_dump(out, s, t);
    CHECK(out.str().find("element") == std::string::npos);
    const auto frames = pelkit::read_lammps_dump(out, "memory.dump");
    REQUIRE(frames.size() == 3);
    CHECK(frames[2].timestep == 20);
    CHECK(frames[1].system.positions == s.positions);
    CHECK(frames[1].system.type_masses == std::vector<double>{1.0, 1.0});
  }
  SUBCASE("writer checks forces") {
    const auto s = random_system(false);
    CHECK_ERROR(pelkit::write_lammps_dump(dir.file("f.dump"), s, 0, Eigen::Matrix3Xd::Zero(3, 2)), "f.dump", "forces");
  }
}

TEST_CASE("lammps dump: every bad input names file, line and problem") {
  temp_dir dir;
  auto bad = [&](const std::string& text) { return dir.write("bad.dump", text); };
  using pelkit::read_lammps_dump;

  SUBCASE("missing file") { CHECK_ERROR(read_lammps_dump(dir.file("nope.dump")), "nope.dump: cannot open file"); }
  SUBCASE("empty file") { CHECK_ERROR(read_lammps_dump(bad("\n\n")), "bad.dump", "no frames"); }
  SUBCASE("truncated frame") {
    CHECK_ERROR(read_lammps_dump(bad(dump_first_lines(11))), "bad.dump:11:", "unexpected end of file", "timestep 100",
                "got 2 of 3 atom lines");
  }
  SUBCASE("truncated box") {
    CHECK_ERROR(read_lammps_dump(bad(dump_first_lines(7))), "bad.dump:7:", "unexpected end of file", "BOX BOUNDS");
  }
  SUBCASE("frame header without atoms") {
    CHECK_ERROR(read_lammps_dump(bad(dump_first_lines(16))), "bad.dump:16:", "unexpected end of file", "timestep 200");
  }
  SUBCASE("wrong column count") {
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(10, "3 2 Zr 4.1 5.2 6.3 0 0 1"))), "bad.dump:10:",
                "atom line: expected 16 fields (id type element x y z", "got 9");
  }
  SUBCASE("non-numeric field") {
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(11, "1 1 Cu abc 2 3 0 0 0 0 0 0 0 0 0 1"))),
                "bad.dump:11: atom line: field 4 (x) is not a number: 'abc'");
  }
  SUBCASE("non-integer type") {
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(11, "1 1.5 Cu 1 2 3 0 0 0 0 0 0 0 0 0 1"))), "bad.dump:11:",
                "field 2 (type) is not an integer");
  }
  SUBCASE("NaN position") {
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(12, "2 1 Cu 7 nan 9 -1 0 0 0 0 0 -1 -2 -3 1"))), "bad.dump:12:",
                "field 5 (y) is not finite: 'nan'");
  }
  SUBCASE("infinite force") {
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(12, "2 1 Cu 7 8 9 -1 0 0 0 0 0 -1 inf -3 1"))), "bad.dump:12:",
                "field 14 (fy) is not finite");
  }
  SUBCASE("missing z column") {
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(21, "ITEM: ATOMS id type xs ys"))), "bad.dump:21:",
                "column 'xs' without its partners");
  }
  SUBCASE("no position columns") {
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(21, "ITEM: ATOMS id type c_1 c_2 c_3"))), "bad.dump:21:",
                "no position columns");
  }
  SUBCASE("no type or element column") {
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(21, "ITEM: ATOMS id mass xs ys zs"))), "bad.dump:21:",
                "need a 'type' or an 'element' column");
  }
  SUBCASE("duplicate column") {
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(21, "ITEM: ATOMS id id xs ys zs"))), "bad.dump:21:",
                "duplicate column 'id'");
  }
  SUBCASE("duplicate atom id") {
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(12, "1 1 Cu 7 8 9 -1 0 0 0 0 0 -1 -2 -3 1"))), "bad.dump:12:",
                "duplicate atom id 1 (first at line 11)");
  }
  SUBCASE("type with two elements") {
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(12, "2 1 Zr 7 8 9 -1 0 0 0 0 0 -1 -2 -3 1"))), "bad.dump:12:",
                "atom type 1 is element 'Zr' here but 'Cu' at line 11");
  }
  SUBCASE("type 0") {
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(23, "2 0 0 0.25 1"))), "bad.dump:23:", "atom type must be between 1");
  }
  SUBCASE("non-periodic boundary") {
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(5, "ITEM: BOX BOUNDS pp pp fs"))), "bad.dump:5:",
                "boundary 'fs' along z is not periodic");
  }
  SUBCASE("negative box") {
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(7, "9 -1"))), "bad.dump:7:", "hi must be greater than lo");
  }
  SUBCASE("box line with a tilt in an orthogonal box") {
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(6, "0 10 0.5"))), "bad.dump:6:", "expected 2 fields (lo hi), got 3");
  }
  SUBCASE("non-numeric box bound") {
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(8, "0.5 ten"))), "bad.dump:8:", "field 2 (hi) is not a number: 'ten'");
  }
  SUBCASE("non-integer timestep") {
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(2, "1e5"))), "bad.dump:2:", "timestep is not an integer");
  }
  SUBCASE("negative atom count") {
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(4, "-3"))), "bad.dump:4:", "must not be negative");
  }
  SUBCASE("unknown item") {
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(13, "ITEM: TIMESTEPS"))), "bad.dump:13:", "unknown item 'ITEM: TIMESTEPS'");
  }
  SUBCASE("not an item line") {
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(1, "TIMESTEP"))), "bad.dump:1:", "expected an 'ITEM:' line");
  }
  SUBCASE("more atom lines than declared") {
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(4, "2"))), "bad.dump:12:", "expected an 'ITEM:' line");
  }
  SUBCASE("atoms before the box") {
    auto lines = good_dump;
    lines.erase(lines.begin() + 4, lines.begin() + 8);
    CHECK_ERROR(read_lammps_dump(bad(pelkit::testing::join_lines(lines))), "bad.dump:5:", "without a preceding ITEM: BOX BOUNDS");
  }
}

TEST_CASE("lammps dump: a frame of 0 atoms, and out-of-range numbers (found by fuzzing)") {
  temp_dir dir;
  auto bad = [&](const std::string& text) { return dir.write("bad.dump", text); };
  using pelkit::read_lammps_dump;
  SUBCASE("0 atoms") {  // stack3 used to index rows of an empty matrix (undefined behaviour)
    auto lines = std::vector<std::string>(good_dump.begin(), good_dump.begin() + 21);
    lines[15] = "0";
    const auto frames = read_lammps_dump(bad(pelkit::testing::join_lines(lines)));
    REQUIRE(frames.size() == 2);
    CHECK(frames[1].system.size() == 0);
    CHECK(frames[1].system.positions.cols() == 0);
  }
  SUBCASE("image flag beyond int") {  // was a double -> int conversion overflow
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(10, "3 2 Zr 4.1 5.2 6.3 0 0 3000000000 0.1 0.2 0.3 1 2 3 -4.5"))),
                "bad.dump:10:", "field 9 (iz) is out of range: '3000000000'");
  }
  SUBCASE("id beyond 2^53") {  // was a double -> long overflow, and ids > 2^53 were rounded
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(22, "9223372036854775807 1 0.5 0.5 0.5"))), "bad.dump:22:",
                "field 1 (id) is out of range");
  }
  SUBCASE("box extent overflows") {  // the box threw without file and line
    CHECK_ERROR(read_lammps_dump(bad(dump_with_line(18, "-1e308 1e308"))), "bad.dump:20:", "extent along x");
  }
  SUBCASE("scaled position overflows") {
    auto lines = good_dump;
    lines[17] = "0 1e300";
    lines[21] = "1 1 1e10 0.5 0.5";
    CHECK_ERROR(read_lammps_dump(bad(pelkit::testing::join_lines(lines))), "bad.dump:22:",
                "scaled position gives a non-finite position");
  }
}
