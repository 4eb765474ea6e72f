// Tests for pelkit/io/structure.hpp: format names, format by name (any case, .gz), by content,
// forced formats, the "this looks like" hint, element names through structure_options.
#include <pelkit/io/structure.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "../support.hpp"

using pelkit::structure_format;
using pelkit::testing::temp_dir;

namespace {


// Element name and mass of every atom, sorted (formats may renumber types or group atoms).
std::vector<std::pair<std::string, double>> species(const pelkit::system& s) {
  std::vector<std::pair<std::string, double>> out;
  for (std::size_t i = 0; i < s.size(); ++i) out.emplace_back(s.type_names[std::size_t(s.types[i])], s.mass(i));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("structure: format names") {
  CHECK(pelkit::parse_structure_format("lammps-data") == structure_format::lammps_data);
  CHECK(pelkit::parse_structure_format("lammps-dump") == structure_format::lammps_dump);
  CHECK(pelkit::parse_structure_format("extxyz") == structure_format::extxyz);
  CHECK(pelkit::parse_structure_format("poscar") == structure_format::poscar);
  CHECK(pelkit::parse_structure_format("POSCAR") == structure_format::poscar);
  CHECK_FALSE(pelkit::parse_structure_format("xyz"));
  CHECK_FALSE(pelkit::parse_structure_format(""));
  const std::string names = pelkit::structure_format_names();
  for (auto f : {structure_format::lammps_data, structure_format::lammps_dump, structure_format::extxyz, structure_format::poscar}) {
    CHECK(names.find(pelkit::format_name(f)) != std::string::npos);
    CHECK(pelkit::parse_structure_format(pelkit::format_name(f)) == f);
  }
  CHECK(pelkit::structure_format_names("|") == "lammps-data|lammps-dump|extxyz|poscar");
}

TEST_CASE("structure: format from the name, any case, without .gz") {
  using pelkit::format_from_name;
  CHECK(format_from_name("a.data") == structure_format::lammps_data);
  CHECK(format_from_name("a.Data") == structure_format::lammps_data);
  CHECK(format_from_name("a.LMP") == structure_format::lammps_data);
  CHECK(format_from_name("glass.data.gz") == structure_format::lammps_data);
  CHECK(format_from_name("a.XYZ") == structure_format::extxyz);
  CHECK(format_from_name("x.extxyz.gz") == structure_format::extxyz);
  CHECK(format_from_name("dump.lammpstrj.gz") == structure_format::lammps_dump);
  CHECK(format_from_name("run/A.DUMP") == structure_format::lammps_dump);
  CHECK(format_from_name("POSCAR") == structure_format::poscar);
  CHECK(format_from_name("dir.d/CONTCAR_relaxed") == structure_format::poscar);
  CHECK(format_from_name("poscar.gz") == structure_format::poscar);
  CHECK(format_from_name("cell.vasp") == structure_format::poscar);
  CHECK(format_from_name("cell.POSCAR") == structure_format::poscar);
  CHECK_FALSE(format_from_name("notes.txt"));
  CHECK_FALSE(format_from_name("x.gz"));
  CHECK_FALSE(format_from_name("POSCAR_dir/file"));
  CHECK(pelkit::format_of("notes.txt") == structure_format::lammps_data);
}

TEST_CASE("structure: every format round-trips through write_structure/read_structure, by name and forced") {
  temp_dir dir;
  const auto s = pelkit::read_lammps_data(pelkit::testing::data_file("cu50zr50_tiny_16.data"));
  for (const std::string name : {"a.data", "a.DUMP", "a.Xyz", "a.vasp", "POSCAR"}) {
    INFO("name: ", name);
    pelkit::write_structure(dir.file(name), s);
    const auto r = pelkit::read_structure(dir.file(name));
    CHECK(r.size() == s.size());
    CHECK((r.box.h() - s.box.h()).cwiseAbs().maxCoeff() < 1e-12);
    CHECK(species(r) == species(s));
  }
  // A forced format ignores the name.
  for (auto f : {structure_format::lammps_data, structure_format::lammps_dump, structure_format::extxyz, structure_format::poscar}) {
    INFO("format: ", pelkit::format_name(f));
    const std::string p = dir.file("forced.bin");
    pelkit::write_structure(p, s, f);
    CHECK(pelkit::sniff_structure_file(p) == f);
    const auto r = pelkit::read_structure(p, f);
    CHECK(r.size() == s.size());
    CHECK(species(r) == species(s));
  }
}

TEST_CASE("structure: unknown names are read by content") {
  temp_dir dir;
  const auto s = pelkit::read_lammps_data(pelkit::testing::data_file("cu50zr50_tiny_16.data"));
  const std::string d = dir.file("d.txt"), x = dir.file("x.txt"), p = dir.file("p.txt"), l = dir.file("l");
  pelkit::write_lammps_dump(d, s, 5);
  pelkit::write_extxyz(x, s);
  pelkit::write_poscar(p, s);
  std::ofstream(l) << pelkit::testing::read_text(pelkit::testing::data_file("cu50zr50_tiny_16.data"));
  CHECK(pelkit::sniff_structure_file(d) == structure_format::lammps_dump);
  CHECK(pelkit::sniff_structure_file(x) == structure_format::extxyz);
  CHECK(pelkit::sniff_structure_file(p) == structure_format::poscar);
  CHECK(pelkit::sniff_structure_file(l) == structure_format::lammps_data);
  CHECK(pelkit::read_structure(d).positions == pelkit::read_lammps_dump(d).back().system.positions);
  CHECK(pelkit::read_structure(x).positions == pelkit::read_extxyz(x).back().system.positions);
  CHECK(pelkit::read_structure(p).positions == pelkit::read_poscar(p).system.positions);
  CHECK(pelkit::read_structure(l).positions == s.positions);
  // Nothing recognisable: read as LAMMPS data, whose error is reported.
  CHECK_ERROR(pelkit::read_structure(dir.write("junk.txt", "hello\nworld\n")), "junk.txt:2:", "no 'N atoms' line");
  CHECK_FALSE(pelkit::sniff_structure_file(dir.file("junk.txt")));
  CHECK_FALSE(pelkit::sniff_structure_format({}));
  CHECK(pelkit::sniff_structure_format({"", "ITEM: TIMESTEP", "0"}) == structure_format::lammps_dump);
  CHECK(pelkit::sniff_structure_format({"2", "Properties = species:S:1:pos:R:3 Lattice=\"1 0 0 0 1 0 0 0 1\""}) ==
        structure_format::extxyz);
  CHECK_FALSE(pelkit::sniff_structure_format({"2", "comment with no keys"}));
}

TEST_CASE("structure: a file whose content contradicts its name says what it looks like") {
  temp_dir dir;
  const auto s = pelkit::read_lammps_data(pelkit::testing::data_file("cu50zr50_tiny_16.data"));
  pelkit::write_extxyz(dir.file("x.data"), s);
  CHECK_ERROR(pelkit::read_structure(dir.file("x.data")), "x.data:1: this looks like an extended XYZ file",
              "not a LAMMPS data file", "use --format extxyz", "x.data:");
  CHECK(pelkit::read_structure(dir.file("x.data"), structure_format::extxyz).size() == s.size());
  pelkit::write_poscar(dir.file("p.xyz"), s);
  CHECK_ERROR(pelkit::read_structure(dir.file("p.xyz")), "p.xyz:1: this looks like a VASP POSCAR file", "--format poscar");
  pelkit::write_lammps_data(dir.file("POSCAR"), s);
  CHECK_ERROR(pelkit::read_structure(dir.file("POSCAR")), "POSCAR:1: this looks like a LAMMPS data file", "--format lammps-data");
  pelkit::write_lammps_dump(dir.file("d.extxyz"), s, 0);
  CHECK_ERROR(pelkit::read_structure(dir.file("d.extxyz")), "this looks like a LAMMPS dump file", "--format lammps-dump");
  // A forced format gives the reader's own error.
  const std::string forced = pelkit::testing::error_message([&] { pelkit::read_structure(dir.file("x.data"), structure_format::lammps_data); });
  CHECK(forced.find("x.data:") != std::string::npos);
  CHECK(forced.find("looks like") == std::string::npos);
}

TEST_CASE("structure: element names through structure_options") {
  temp_dir dir;
  const auto s = pelkit::read_lammps_data(pelkit::testing::data_file("cu50zr50_tiny_16.data"));
  pelkit::write_extxyz(dir.file("a.xyz"), s);
  pelkit::structure_options o;
  o.type_names = {"Ni", "Al"};
  const auto r = pelkit::read_structure(dir.file("a.xyz"), o);
  CHECK(r.type_names == o.type_names);
  CHECK(r.type_masses == pelkit::read_structure(dir.file("a.xyz")).type_masses);  // names only
  o.type_names = {"Ni"};
  CHECK_ERROR(pelkit::read_structure(dir.file("a.xyz"), o), "a.xyz: ", "name 1 types", "2 atom types");
  CHECK_ERROR(pelkit::read_structure(pelkit::testing::data_file("cu50zr50_tiny_16.data"), o), "cu50zr50_tiny_16.data:4:", "name 1 types", "declares 2 atom types");
}
