// Tests for pelkit/io/atom_columns.hpp: extra named per-atom columns in the extended XYZ and
// LAMMPS dump writers — headers, values read back bit for bit, integer columns, bad columns.
#include <pelkit/io/extxyz.hpp>
#include <pelkit/io/lammps_dump.hpp>

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "../support.hpp"

using pelkit::atom_column;
using pelkit::testing::temp_dir;

namespace {

pelkit::system three_atoms() {
  Eigen::Matrix3Xd x(3, 3);
  x << 0.1, 2.5, 1.0 / 3.0,  //
      0.2, 2.5, 1.1,         //
      0.3, 2.5, 4.9;
  auto s = pelkit::make_system(pelkit::periodic_box({0, 0, 0}, {5, 5, 5}), x, {0, 1, 0}, {"Cu", "Zr"},
                               {63.546, 91.224});
  s.ids = {7, 3, 5};
  return s;
}

std::vector<atom_column> columns() {
  Eigen::VectorXd v(3);
  v << 1.0 / 3.0, -2.5e-17, 7.0;
  Eigen::MatrixXd idx(4, 3);
  idx << 0, 1, 0,  //
      2, 0, 0,     //
      8, 10, 12,   //
      2, 2, 0;
  return {atom_column::real("volume_A3", v), atom_column::integers("voronoi_index", idx)};
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("atom columns: extended XYZ header, integer type and values read back bit for bit") {
  const auto s = three_atoms();
  std::ostringstream out;
  pelkit::write_extxyz(out, s, std::nullopt, {{"energy", "-1.5"}}, columns(), "test");
  const auto lines = lines_of(out.str());
  REQUIRE(lines.size() == 5);
  CHECK(lines[1].find("Properties=species:S:1:pos:R:3:volume_A3:R:1:voronoi_index:I:4 ") != std::string::npos);
  CHECK(lines[2] == "Cu 0.1 0.2 0.3 0.3333333333333333 0 2 8 2");  // integers without a decimal point
  CHECK(lines[3] == "Zr 2.5 2.5 2.5 -2.5e-17 1 0 10 2");
  temp_dir tmp;
  const std::string path = tmp.write("c.extxyz", out.str());
  const auto f = pelkit::read_extxyz(path).back();
  REQUIRE(f.columns.count("volume_A3"));
  REQUIRE(f.columns.count("voronoi_index"));
  CHECK(f.columns.at("volume_A3") == columns()[0].values);
  CHECK(f.columns.at("voronoi_index") == columns()[1].values);
  CHECK(f.info.at("energy") == "-1.5");
}

TEST_CASE("atom columns: LAMMPS dump names vector columns name[1]..name[w]") {
  const auto s = three_atoms();
  Eigen::Matrix3Xd forces = Eigen::Matrix3Xd::Constant(3, 3, 0.5);
  std::ostringstream out;
  pelkit::write_lammps_dump(out, s, 0, forces, columns(), "test");
  const auto lines = lines_of(out.str());
  REQUIRE(lines.size() == 12);
  CHECK(lines[8] ==
        "ITEM: ATOMS id type element x y z ix iy iz fx fy fz volume_A3 voronoi_index[1] voronoi_index[2] "
        "voronoi_index[3] voronoi_index[4]");
  CHECK(lines[9] == "7 1 Cu 0.1 0.2 0.3 0 0 0 0.5 0.5 0.5 0.3333333333333333 0 2 8 2");
  temp_dir tmp;
  const auto f = pelkit::read_lammps_dump(tmp.write("c.dump", out.str())).back();
  CHECK(f.columns.at("volume_A3") == columns()[0].values.row(0).transpose());
  for (int k = 0; k < 4; ++k)
    CHECK(f.columns.at("voronoi_index[" + std::to_string(k + 1) + "]") == columns()[1].values.row(k).transpose());
  CHECK(f.system.ids == std::vector<long>{7, 3, 5});  // rows as given (the caller orders them)
}

TEST_CASE("atom columns: the file overloads write the same text, also gzip-compressed") {
  const auto s = three_atoms();
  temp_dir tmp;
  pelkit::write_extxyz(tmp.file("a.xyz.gz"), s, std::nullopt, {}, columns());
  pelkit::write_lammps_dump(tmp.file("a.dump.gz"), s, 0, std::nullopt, columns());
  CHECK(pelkit::read_extxyz(tmp.file("a.xyz.gz")).back().columns.at("voronoi_index") == columns()[1].values);
  CHECK(pelkit::read_lammps_dump(tmp.file("a.dump.gz")).back().columns.at("voronoi_index[3]") ==
        columns()[1].values.row(2).transpose());
}

TEST_CASE("atom columns: bad columns are errors naming the output and the column") {
  const auto s = three_atoms();
  std::ostringstream out;
  auto with = [&](atom_column c) { return std::vector<atom_column>{std::move(c)}; };
  const Eigen::VectorXd v = Eigen::VectorXd::Ones(3);
  CHECK_ERROR(pelkit::write_extxyz(out, s, std::nullopt, {}, with(atom_column::real("a:b", v)), "out.xyz"), "out.xyz",
              "'a:b'");
  CHECK_ERROR(pelkit::write_lammps_dump(out, s, 0, std::nullopt, with(atom_column::real("a b", v)), "out.dump"),
              "out.dump", "'a b'");
  CHECK_ERROR(pelkit::write_lammps_dump(out, s, 0, std::nullopt, with(atom_column::real("q[1]", v)), "out.dump"),
              "'q[1]'");
  CHECK_ERROR(pelkit::write_extxyz(out, s, std::nullopt, {}, with(atom_column::real("", v)), "out.xyz"), "column name");
  CHECK_ERROR(pelkit::write_extxyz(out, s, std::nullopt, {}, with(atom_column::real("pos", v)), "out.xyz"), "'pos'",
              "reserved");
  CHECK_ERROR(pelkit::write_lammps_dump(out, s, 0, std::nullopt, with(atom_column::real("fx", v)), "out.dump"),
              "'fx'", "reserved");
  CHECK_ERROR(pelkit::write_lammps_dump(out, s, 0, std::nullopt, with(atom_column::real("mass", v)), "out.dump"),
              "'mass'", "reserved");
  CHECK_ERROR(pelkit::write_extxyz(out, s, std::nullopt, {},
                                   {atom_column::real("e", v), atom_column::real("e", v)}, "out.xyz"),
              "'e'", "twice");
  CHECK_ERROR(pelkit::write_extxyz(out, s, std::nullopt, {}, with(atom_column::real("e", Eigen::VectorXd(Eigen::VectorXd::Ones(2)))),
                                   "out.xyz"),
              "'e'", "one value per atom (3)");
  Eigen::VectorXd nan = v;
  nan[1] = std::nan("");
  CHECK_ERROR(pelkit::write_extxyz(out, s, std::nullopt, {}, with(atom_column::real("e", nan)), "out.xyz"), "'e'",
              "not finite");
  CHECK_ERROR(pelkit::write_extxyz(out, s, std::nullopt, {},
                                   with(atom_column::integers("n", Eigen::MatrixXd::Constant(1, 3, 1.5))), "out.xyz"),
              "'n'", "whole number");
  CHECK(out.str().empty());  // nothing written on an error
}
