// Tests for lammps_data_options: LAMMPS data files without a Masses section, element names.
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/io/structure.hpp>

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../support.hpp"

using pelkit::testing::temp_dir;

namespace {


// The tiny test file without its Masses section (lines 10-14).
std::string without_masses() {
  std::ifstream in(pelkit::testing::data_file("cu50zr50_tiny_16.data"));
  std::string out, l;
  for (int n = 1; std::getline(in, l); ++n)
    if (n < 10 || n > 14) out += l + "\n";
  return out;
}

}  // namespace

TEST_CASE("lammps data without Masses: refused without names, read with them") {
  temp_dir dir;
  const std::string p = dir.write("nomass.data", without_masses());
  CHECK_ERROR(pelkit::read_lammps_data(p), "nomass.data:", "no Masses section", "give the elements (--elements Cu,Zr)");
  CHECK_ERROR(pelkit::read_structure(p), "nomass.data:", "no Masses section", "--elements");
  const auto ref = pelkit::read_lammps_data(pelkit::testing::data_file("cu50zr50_tiny_16.data"));
  const auto s = pelkit::read_lammps_data(p, {{"Cu", "Zr"}});
  CHECK(s.type_names == std::vector<std::string>{"Cu", "Zr"});
  CHECK(s.type_masses == std::vector<double>{pelkit::find_element("Cu")->mass, pelkit::find_element("Zr")->mass});
  CHECK(s.positions == ref.positions);
  CHECK(s.types == ref.types);
  CHECK(s.images == ref.images);
  CHECK(s.box == ref.box);
  // Swapped names give swapped masses.
  const auto swapped = pelkit::read_lammps_data(p, {{"Zr", "Cu"}});
  CHECK(swapped.type_masses[0] == pelkit::find_element("Zr")->mass);
  // Through read_structure and the stream overload.
  pelkit::structure_options o;
  o.type_names = {"Cu", "Zr"};
  CHECK(pelkit::read_structure(p, o).type_masses == s.type_masses);
  std::istringstream stream(without_masses());
  CHECK(pelkit::read_lammps_data(stream, "s.data", {{"Cu", "Zr"}}).type_masses == s.type_masses);
  // Wrong count or unknown element.
  CHECK_ERROR(pelkit::read_lammps_data(p, {{"Cu"}}), "nomass.data:4:", "name 1 types", "declares 2 atom types");
  CHECK_ERROR(pelkit::read_lammps_data(p, {{"Cu", "Qq"}}), "nomass.data:", "'Qq' of type 2 is not a known element");
}

TEST_CASE("lammps data with Masses: names replace the file's, masses stay") {
  const auto s = pelkit::read_lammps_data(pelkit::testing::data_file("cu50zr50_tiny_16.data"), {{"Ni", "Al"}});
  CHECK(s.type_names == std::vector<std::string>{"Ni", "Al"});
  CHECK(s.type_masses == pelkit::read_lammps_data(pelkit::testing::data_file("cu50zr50_tiny_16.data")).type_masses);
}
