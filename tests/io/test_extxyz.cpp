// Tests for pelkit/io/extxyz.hpp: ASE/OVITO-style files, cell rotation, round trips, bad input.
#include <pelkit/io/extxyz.hpp>

#include <doctest/doctest.h>

#include <Eigen/Geometry>
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

const std::string good_header =
    "Lattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3:forces:R:3 energy=-1.5 pbc=\"T T T\"";

// A good 3-atom frame; line numbers: 1 count, 2 comment, 3..5 atoms.
std::string good_frame(const std::string& comment = good_header) {
  return "3\n" + comment + "\nCu 0 0 0 0.1 0.2 0.3\nZr 2.5 2.5 2.5 0 0 0\nCu 1 1 1 -0.1 -0.2 -0.3\n";
}

pelkit::system random_system(bool triclinic, int seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const auto box = triclinic ? pelkit::periodic_box({-1.1, 0.3, 2.0 / 3.0}, {9.7, 11.1, 14.2}, 1.0 / 7.0, -0.9, 2.3)
                             : pelkit::periodic_box({0, 0, 0}, {12.3, 10.0 / 3.0, 9.9});
  const int n = 30;
  Eigen::Matrix3Xd x(3, n);
  std::vector<int> types(n);
  for (int i = 0; i < n; ++i) {
    x.col(i) = box.to_cartesian(Eigen::Vector3d(u(gen), u(gen), u(gen)));
    types[i] = i % 3 == 1 ? 1 : 0;  // type 0 appears first, so numbering survives
  }
  return pelkit::make_system(box, x, types, {"Cu", "Zr"}, {63.546, 91.224});
}

}  // namespace

TEST_CASE("extxyz: ASE-style frame with a rotated cell") {
  temp_dir dir;
  const std::string text =
      "2\n"
      "Lattice=\"0 5 0 -5 0 0 0 0 6\" Properties=species:S:1:pos:R:3:forces:R:3 energy=-3.5 pbc=\"T T T\" "
      "config_type=bulk\n"
      "Cu 1 2 3 0.1 0.2 0.3\n"
      "Zr 0 0 0 0 0 0\n";
  const auto frames = pelkit::read_extxyz(dir.write("ase.xyz", text));
  REQUIRE(frames.size() == 1);
  const auto& f = frames[0];
  const auto& s = f.system;
  pelkit::validate(s);
  CHECK(s.box.h().isApprox(Eigen::Vector3d(5, 5, 6).asDiagonal().toDenseMatrix()));
  CHECK(std::abs(s.box.xy()) < 1e-15);
  CHECK((s.positions.col(0) - Eigen::Vector3d(2, -1, 3)).norm() < 1e-14);
  REQUIRE(f.forces);
  CHECK((f.forces->col(0) - Eigen::Vector3d(0.2, -0.1, 0.3)).norm() < 1e-15);
  CHECK((f.rotation * f.rotation.transpose()).isIdentity(1e-15));
  CHECK(f.rotation.determinant() == doctest::Approx(1.0));
  CHECK(f.info.at("energy") == "-3.5");
  CHECK(f.info.at("config_type") == "bulk");
  CHECK(f.info.count("Lattice") == 0);
  CHECK(s.type_names == std::vector<std::string>{"Cu", "Zr"});
  CHECK(s.type_masses == std::vector<double>{63.546, 91.224});
  CHECK(f.string_columns.at("species")[1] == "Zr");
  CHECK(f.columns.at("pos")(1, 0) == 2);  // columns are kept as in the file (unrotated)
  CHECK(s.ids == std::vector<long>{1, 2});
}

TEST_CASE("extxyz: a general triclinic lattice is rotated into LAMMPS form") {
  temp_dir dir;
  const auto ref = random_system(true, 1);
  const Eigen::Matrix3d q = Eigen::AngleAxisd(0.7, Eigen::Vector3d(1, -2, 0.5).normalized()).toRotationMatrix();
  const Eigen::Matrix3d cell = q * ref.box.h();  // columns: rotated a, b, c
  const Eigen::Vector3d origin = q * ref.box.lo();
  std::string text = std::to_string(ref.size()) + "\nLattice=\"";
  for (int k = 0; k < 9; ++k) {
    if (k) text += ' ';
    text += pelkit::testing::number_text(cell(k % 3, k / 3));
  }
  text += "\" Origin=\"";
  for (int k = 0; k < 3; ++k) {
    if (k) text += ' ';
    text += pelkit::testing::number_text(origin[k]);
  }
  text += "\" Properties=species:S:1:pos:R:3\n";
  for (std::size_t i = 0; i < ref.size(); ++i) {
    const Eigen::Vector3d r = q * ref.positions.col(long(i));
    text += ref.type_names[ref.types[i]] + " " + pelkit::testing::number_text(r[0]) + " " + pelkit::testing::number_text(r[1]) + " " + pelkit::testing::number_text(r[2]) + "\n";
  }
  const auto f = pelkit::read_extxyz(dir.write("rot.xyz", text)).at(0);
  CHECK(f.rotation.isApprox(q.transpose(), 1e-14));
  CHECK(f.system.box.h().isApprox(ref.box.h(), 1e-14));
  CHECK((f.system.box.lo() - ref.box.lo()).norm() < 1e-13);
  CHECK((f.system.positions - ref.positions).cwiseAbs().maxCoeff() < 1e-13);
  CHECK(f.system.types == ref.types);
}

TEST_CASE("extxyz: a lattice already in LAMMPS form keeps positions bit-identical") {
  temp_dir dir;
  const std::string text =
      "2\n"
      "Lattice=\"10.1 0 0 0.30000000000000004 9.7 0 -0.1 0.2 11.3\" Properties=species:S:1:pos:R:3 pbc=\"T T T\"\n"
      "Ni 0.1 0.7000000000000001 1e-310\n"
      "P -0.0 3.3333333333333335 2.2250738585072014e-308\n";
  const auto f = pelkit::read_extxyz(dir.write("lmp.xyz", text)).at(0);
  CHECK(f.rotation == Eigen::Matrix3d::Identity());
  CHECK(f.system.positions(0, 0) == 0.1);
  CHECK(f.system.positions(1, 0) == 0.7000000000000001);
  CHECK(f.system.positions(2, 0) == 1e-310);
  CHECK(std::signbit(f.system.positions(0, 1)));
  CHECK(f.system.positions(1, 1) == 3.3333333333333335);
  CHECK(f.system.box.xy() == 0.30000000000000004);
  CHECK(f.system.box.xz() == -0.1);
  CHECK(f.system.box.yz() == 0.2);
  CHECK(f.system.box.h()(2, 2) == 11.3);
}

TEST_CASE("extxyz: OVITO origin, velocities, Z, masses, momenta, quoting") {
  temp_dir dir;
  SUBCASE("Origin and velo") {
    const std::string text =
        "2\n"
        "Lattice=\"10.0 0.0 0.0 0.0 10.0 0.0 0.0 0.0 10.0\" Origin=\"-5.0 -5.0 -5.0\" "
        "Properties=species:S:1:pos:R:3:velo:R:3:selected:L:1 Time=1.5\n"
        "Cu -1 -2 -3 0.5 0.25 0 T\n"
        "Cu 1 2 3 0 0 -1 F\n";
    const auto f = pelkit::read_extxyz(dir.write("ovito.xyz", text)).at(0);
    CHECK(f.system.box.lo() == Eigen::Vector3d(-5, -5, -5));
    CHECK(f.system.box.hi() == Eigen::Vector3d(5, 5, 5));
    REQUIRE(f.system.velocities);
    CHECK(f.system.velocities->col(0) == Eigen::Vector3d(0.5, 0.25, 0));
    CHECK(f.columns.at("selected")(0, 0) == 1.0);
    CHECK(f.columns.at("selected")(0, 1) == 0.0);
    CHECK(f.info.at("Time") == "1.5");
  }
  SUBCASE("Z only, masses and momenta") {
    const std::string text =
        "2\n"
        "Lattice=\"4 0 0 0 4 0 0 0 4\" Properties=Z:I:1:pos:R:3:masses:R:1:momenta:R:3\n"
        "29 0 0 0 65.0 6.5 0 0\n"
        "40 2 2 2 91.224 0 0 0\n";
    const auto f = pelkit::read_extxyz(dir.write("z.xyz", text)).at(0);
    CHECK(f.system.type_names == std::vector<std::string>{"Cu", "Zr"});
    CHECK(f.system.type_masses == std::vector<double>{65.0, 91.224});
    REQUIRE(f.system.velocities);
    const double ase_velocity = std::sqrt(1.0 / pelkit::units::amu_A2_per_ps2_to_eV);
    CHECK((*f.system.velocities)(0, 0) == doctest::Approx(0.1 * ase_velocity));
    CHECK(ase_velocity == doctest::Approx(98.2269).epsilon(1e-5));
  }
  SUBCASE("key/value syntax") {
    const std::string text =
        "1\n"
        "  flag comment=\"a \\\"quoted\\\" word\" arr={1 2 3} matrix=[[1, 2], [3, 4]] spaced = value "
        "\"quoted key\"=1 lattice=\"3 0 0 0 3 0 0 0 3\" properties=species:S:1:pos:R:3 PBC=\"True True True\"\n"
        "Fe 0 0 0\n";
    const auto f = pelkit::read_extxyz(dir.write("kv.xyz", text)).at(0);
    CHECK(f.info.at("flag") == "T");
    CHECK(f.info.at("comment") == "a \"quoted\" word");
    CHECK(f.info.at("arr") == "{1 2 3}");
    CHECK(f.info.at("matrix") == "[[1, 2], [3, 4]]");
    CHECK(f.info.at("spaced") == "value");
    CHECK(f.info.at("quoted key") == "1");
    CHECK(f.system.box.h()(0, 0) == 3);
    CHECK(f.system.type_masses[0] == pelkit::find_element("Fe")->mass);
  }
  SUBCASE("unknown species get 1 amu") {
    const std::string text = "1\nLattice=\"3 0 0 0 3 0 0 0 3\"\nA 0 0 0\n";  // default Properties
    const auto f = pelkit::read_extxyz(dir.write("unk.xyz", text)).at(0);
    CHECK(f.system.type_names == std::vector<std::string>{"A"});
    CHECK(f.system.type_masses == std::vector<double>{1.0});
  }
}

TEST_CASE("extxyz: several frames share one type numbering") {
  temp_dir dir;
  const std::string text = "1\nLattice=\"3 0 0 0 3 0 0 0 3\"\nCu 0 0 0\n\n"
                           "2\nLattice=\"3 0 0 0 3 0 0 0 3\"\nZr 0 0 0\nCu 1 1 1\n\n";
  const auto frames = pelkit::read_extxyz(dir.write("multi.xyz", text));
  REQUIRE(frames.size() == 2);
  CHECK(frames[0].system.type_names == std::vector<std::string>{"Cu"});
  CHECK(frames[1].system.type_names == std::vector<std::string>{"Cu", "Zr"});
  CHECK(frames[1].system.types == std::vector<int>{1, 0});
}

TEST_CASE("extxyz: write then read") {
  temp_dir dir;
  SUBCASE("orthogonal, lo = 0: bit-exact, with forces, velocities and info") {
    auto s = random_system(false, 2);
    Eigen::Matrix3Xd v = Eigen::Matrix3Xd::Random(3, long(s.size()));
    s.velocities = v;
    Eigen::Matrix3Xd forces = Eigen::Matrix3Xd::Random(3, long(s.size())) / 3.0;
    const std::map<std::string, std::string> info{{"energy", "-12.25"}, {"note", "two words"}, {"empty", ""}};
    const auto path = dir.file("rt.xyz");
    pelkit::write_extxyz(path, s, forces, info);
    const auto f = pelkit::read_extxyz(path).at(0);
    CHECK(f.rotation == Eigen::Matrix3d::Identity());
    CHECK(f.system.box == s.box);
    CHECK(f.system.positions == s.positions);
    CHECK(f.system.types == s.types);
    CHECK(f.system.type_names == s.type_names);
    CHECK(f.system.type_masses == s.type_masses);
    REQUIRE(f.system.velocities);
    CHECK(*f.system.velocities == *s.velocities);
    REQUIRE(f.forces);
    CHECK(*f.forces == forces);
    CHECK(f.info == info);
    CHECK(f.columns.count("masses") == 0);  // standard weights need no column
  }
  SUBCASE("triclinic, lo != 0, unnamed type with its own mass") {
    auto s = random_system(true, 3);
    s.type_names[1] = "";
    s.type_masses[0] = 63.0;
    std::stringstream out;
    pelkit::write_extxyz(out, s);
    pelkit::write_extxyz(out, s);
    const auto frames = pelkit::read_extxyz(out, "memory.xyz");
    REQUIRE(frames.size() == 2);
    const auto& r = frames[1].system;
    CHECK(frames[1].rotation == Eigen::Matrix3d::Identity());
    CHECK(r.positions == s.positions);
    CHECK(r.box.lo() == s.box.lo());
    CHECK(r.box.h().isApprox(s.box.h(), 1e-15));
    CHECK(r.box.xy() == s.box.xy());
    CHECK(r.type_names == std::vector<std::string>{"Cu", "type2"});
    CHECK(r.type_masses == s.type_masses);
  }
  SUBCASE("writer rejects reserved or malformed info keys") {
    const auto s = random_system(false, 4);
    CHECK_ERROR(pelkit::write_extxyz(dir.file("k.xyz"), s, std::nullopt, {{"Lattice", "1"}}), "k.xyz", "reserved");
    CHECK_ERROR(pelkit::write_extxyz(dir.file("k.xyz"), s, std::nullopt, {{"a b", "1"}}), "k.xyz", "info key");
    CHECK_ERROR(pelkit::write_extxyz(dir.file("k.xyz"), s, Eigen::Matrix3Xd::Zero(3, 1)), "k.xyz", "forces");
  }
}

TEST_CASE("extxyz: every bad input names file, line and problem") {
  temp_dir dir;
  auto bad = [&](const std::string& text) { return dir.write("bad.xyz", text); };
  auto frame_with = [&](const std::string& comment) { return bad(good_frame(comment)); };
  using pelkit::read_extxyz;

  SUBCASE("good frame reads") { CHECK(read_extxyz(bad(good_frame())).at(0).system.size() == 3); }
  SUBCASE("missing file") { CHECK_ERROR(read_extxyz(dir.file("nope.xyz")), "nope.xyz: cannot open file"); }
  SUBCASE("empty file") { CHECK_ERROR(read_extxyz(bad("")), "bad.xyz", "no frames"); }
  SUBCASE("missing Lattice") {
    CHECK_ERROR(read_extxyz(frame_with("Properties=species:S:1:pos:R:3:forces:R:3")), "bad.xyz:2:", "no Lattice");
  }
  SUBCASE("plain xyz comment") { CHECK_ERROR(read_extxyz(frame_with("just a title")), "bad.xyz:2:", "no Lattice"); }
  SUBCASE("non-periodic") {
    CHECK_ERROR(read_extxyz(frame_with(good_header + " pbc=\"T T F\"")), "bad.xyz:2:", "duplicate key 'pbc'");
    CHECK_ERROR(read_extxyz(frame_with("Lattice=\"5 0 0 0 5 0 0 0 5\" pbc=\"T T F\" "
                                       "Properties=species:S:1:pos:R:3:forces:R:3")),
                "bad.xyz:2:", "not periodic along z");
  }
  SUBCASE("bad pbc value") {
    CHECK_ERROR(read_extxyz(frame_with("Lattice=\"5 0 0 0 5 0 0 0 5\" pbc=\"T X T\"")), "bad.xyz:2:", "not T or F");
  }
  SUBCASE("left-handed cell") {
    CHECK_ERROR(read_extxyz(frame_with("Lattice=\"5 0 0 0 5 0 0 0 -5\" Properties=species:S:1:pos:R:3:forces:R:3")),
                "bad.xyz:2:", "left-handed");
    CHECK_ERROR(read_extxyz(frame_with("Lattice=\"0 5 0 5 0 0 0 0 5\" Properties=species:S:1:pos:R:3:forces:R:3")),
                "bad.xyz:2:", "left-handed");
  }
  SUBCASE("degenerate cell") {
    CHECK_ERROR(read_extxyz(frame_with("Lattice=\"5 0 0 10 0 0 0 0 5\" Properties=species:S:1:pos:R:3:forces:R:3")),
                "bad.xyz:2:", "degenerate");
  }
  SUBCASE("short Lattice") {
    CHECK_ERROR(read_extxyz(frame_with("Lattice=\"5 0 0 0 5 0 0 0\"")), "bad.xyz:2:", "expected 9 numbers", "got 8");
  }
  SUBCASE("non-numeric Lattice") {
    CHECK_ERROR(read_extxyz(frame_with("Lattice=\"5 0 0 0 five 0 0 0 5\"")), "bad.xyz:2:",
                "Lattice: field 5 (by) is not a number: 'five'");
  }
  SUBCASE("NaN in Lattice") {
    CHECK_ERROR(read_extxyz(frame_with("Lattice=\"5 0 0 0 nan 0 0 0 5\"")), "bad.xyz:2:", "not finite");
  }
  SUBCASE("bad Origin") {
    CHECK_ERROR(read_extxyz(frame_with(good_header + " Origin=\"1 2\"")), "bad.xyz:2:", "Origin: expected 3 numbers");
  }
  SUBCASE("unterminated quote") {
    CHECK_ERROR(read_extxyz(frame_with("Lattice=\"5 0 0 0 5 0 0 0 5 Properties=species:S:1:pos:R:3")), "bad.xyz:2:",
                "unterminated quote", "Lattice");
  }
  SUBCASE("malformed Properties") {
    CHECK_ERROR(read_extxyz(frame_with("Lattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R")), "bad.xyz:2:",
                "name:type:count triples");
    CHECK_ERROR(read_extxyz(frame_with("Lattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:X:3")), "bad.xyz:2:",
                "must be S, R, I or L");
    CHECK_ERROR(read_extxyz(frame_with("Lattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:0")), "bad.xyz:2:",
                "positive integer");
  }
  SUBCASE("positions of the wrong shape") {
    CHECK_ERROR(read_extxyz(frame_with("Lattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:2:q:R:4")),
                "bad.xyz:2:", "'pos' (positions) must be R:3, got R:2");
  }
  SUBCASE("no positions") {
    CHECK_ERROR(read_extxyz(frame_with("Lattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:p:R:3:forces:R:3")),
                "bad.xyz:2:", "no pos:R:3");
  }
  SUBCASE("no species") {
    CHECK_ERROR(read_extxyz(frame_with("Lattice=\"5 0 0 0 5 0 0 0 5\" Properties=name:S:1:pos:R:3:forces:R:3")),
                "bad.xyz:2:", "neither species:S:1 nor Z:I:1");
  }
  SUBCASE("count line") {
    CHECK_ERROR(read_extxyz(bad("three\n" + good_header + "\n")), "bad.xyz:1:", "atom count is not an integer: 'three'");
    CHECK_ERROR(read_extxyz(bad("3 atoms\n" + good_header + "\n")), "bad.xyz:1:", "atom count alone");
  }
  SUBCASE("no comment line") {
    CHECK_ERROR(read_extxyz(bad("3\n")), "bad.xyz:1:", "unexpected end of file", "comment line of frame 1");
  }
  SUBCASE("truncated frame") {
    CHECK_ERROR(read_extxyz(bad("3\n" + good_header + "\nCu 0 0 0 0 0 0\nZr 1 1 1 0 0 0\n")), "bad.xyz:4:",
                "unexpected end of file", "frame 1", "got 2 of 3");
  }
  SUBCASE("wrong field count") {
    CHECK_ERROR(read_extxyz(bad("3\n" + good_header + "\nCu 0 0 0 0 0 0\nZr 1 1 1 0 0\nCu 0 0 0 0 0 0\n")),
                "bad.xyz:4:", "expected 7 fields (species:1 pos:3 forces:3), got 6");
  }
  SUBCASE("non-numeric position") {
    CHECK_ERROR(read_extxyz(bad("3\n" + good_header + "\nCu x 0 0 0 0 0\nZr 1 1 1 0 0 0\nCu 0 0 0 0 0 0\n")),
                "bad.xyz:3: atom line: field 2 (pos[1]) is not a number: 'x'");
  }
  SUBCASE("NaN position") {
    CHECK_ERROR(read_extxyz(bad("3\n" + good_header + "\nCu 0 0 0 0 0 0\nZr 1 1 nan 0 0 0\nCu 0 0 0 0 0 0\n")),
                "bad.xyz:4:", "field 4 (pos[3]) is not finite");
  }
  SUBCASE("infinite force") {
    CHECK_ERROR(read_extxyz(bad("3\n" + good_header + "\nCu 0 0 0 0 0 0\nZr 1 1 1 0 inf 0\nCu 0 0 0 0 0 0\n")),
                "bad.xyz:4:", "field 6 (forces[2]) is not finite");
  }
  SUBCASE("bad logical") {
    CHECK_ERROR(read_extxyz(bad("1\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3:sel:L:1\n"
                                "Cu 0 0 0 maybe\n")),
                "bad.xyz:3:", "field 5 (sel) is not a logical");
  }
  SUBCASE("unknown atomic number") {
    CHECK_ERROR(read_extxyz(bad("1\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=Z:I:1:pos:R:3\n200 0 0 0\n")),
                "bad.xyz:3:", "unknown atomic number 200");
  }
  SUBCASE("one species, two masses") {
    CHECK_ERROR(read_extxyz(bad("2\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3:masses:R:1\n"
                                "Cu 0 0 0 63.5\nCu 1 1 1 65\n")),
                "bad.xyz:4:", "different masses", "first at line 3");
  }
  SUBCASE("non-positive mass") {
    CHECK_ERROR(read_extxyz(bad("1\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3:masses:R:1\n"
                                "Cu 0 0 0 0\n")),
                "bad.xyz:3:", "mass must be positive");
  }
  SUBCASE("error in a later frame") {
    CHECK_ERROR(read_extxyz(bad(good_frame() + good_frame("Lattice=\"5 0 0 0 5 0 0 0 5\" pbc=\"F F F\""))),
                "bad.xyz:7:", "not periodic along x");
  }
}

TEST_CASE("extxyz: overflowing numbers are errors, not infinities (found by fuzzing)") {
  temp_dir dir;
  auto bad = [&](const std::string& text) { return dir.write("bad.xyz", text); };
  using pelkit::read_extxyz;
  // Z beyond int: was a double -> int conversion overflow
  CHECK_ERROR(read_extxyz(bad("1\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=Z:I:1:pos:R:3\n100000000000 0 0 0\n")),
              "bad.xyz:3:", "unknown atomic number 100000000000");
  // Origin + extent overflows: the box threw without file and line
  CHECK_ERROR(read_extxyz(bad("1\nLattice=\"1e308 0 0 0 5 0 0 0 5\" Origin=\"1e308 0 0\"\nCu 0 0 0\n")), "bad.xyz:2:",
              "extent along x");
  // finite extents whose product, the volume, overflows
  CHECK_ERROR(read_extxyz(bad("1\nLattice=\"1e307 0 0 0 5 0 0 0 5\" Origin=\"1e308 0 0\"\nCu 0 0 0\n")), "bad.xyz:2:",
              "its volume is not a finite positive number");
  // a finite position that overflows when rotated into LAMMPS orientation
  CHECK_ERROR(read_extxyz(bad("1\nLattice=\"5 1 0 0 5 0 0 0 5\"\nCu 1.7e308 1.7e308 0\n")), "bad.xyz:3:",
              "position is not finite after rotation");
  // velocities from momenta and a tiny mass
  CHECK_ERROR(read_extxyz(bad("1\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3:masses:R:1:momenta:R:3\n"
                              "Cu 0 0 0 1e-300 1e300 0 0\n")),
              "bad.xyz:3:", "velocity is not finite");
}
