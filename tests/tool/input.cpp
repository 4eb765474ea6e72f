// End-to-end: the input files every command reads (docs/cli.md, "Input files"): a gzipped
// LAMMPS data file, a POSCAR, --format, and a data file without Masses named by --elements,
// each giving the energy and pressure of the original file.
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/io/poscar.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../support.hpp"
#include "run.hpp"

namespace fs = std::filesystem;
using pelkit::testing::run;
using pelkit::testing::tool;

namespace {

using pelkit::testing::cuzr;

struct result {
  int status;
  double energy, pressure;
  std::string err;
};

result eval(const std::string& data, const std::string& extra = "") {
  pelkit::testing::temp_dir tmp;
  result r{};
  r.status = run(tool() + " eval --potential " + cuzr + " --data " + data + extra + " --json " + tmp.file("e.json"), r.err);
  if (r.status == 0) {
    const auto j = pelkit::testing::read_json(tmp.file("e.json"));
    r.energy = j["energy_eV"];
    r.pressure = j["pressure_GPa"];
  }
  return r;
}

}  // namespace

TEST_CASE("pelkit eval reads gzip, POSCAR, forced formats and data files without Masses") {
  if (!fs::exists(tool()) || !fs::exists(cuzr)) {
    MESSAGE("SKIP: ", tool(), " or ", cuzr, " missing");
    return;
  }
  pelkit::testing::temp_dir tmp;
  const std::string original = std::string(PELKIT_TEST_DATA) + "/cu50zr50_triclinic.data";
  const result ref = eval(original);
  REQUIRE_MESSAGE(ref.status == 0, ref.err);
  std::string err;
  // gzip by the gzip tool, under a .gz name and under a name that says nothing
  REQUIRE(run("gzip -c " + original + " > " + tmp.file("glass.data.gz"), err) == 0);
  REQUIRE(run("cp " + tmp.file("glass.data.gz") + " " + tmp.file("glass.bin"), err) == 0);
  // a POSCAR of the same configuration (a general triclinic cell, rotated on reading)
  pelkit::write_poscar(tmp.file("POSCAR"), pelkit::read_lammps_data(original));
  REQUIRE(run("cp " + tmp.file("POSCAR") + " " + tmp.file("cell.txt"), err) == 0);
  REQUIRE(run("gzip -c " + tmp.file("POSCAR") + " > " + tmp.file("CONTCAR.gz"), err) == 0);
  // a data file without its Masses section
  {
    std::ifstream in(original);
    std::ostringstream out;
    std::string line;
    bool skipping = false;
    int blank = 0;
    while (std::getline(in, line)) {
      if (line.rfind("Masses", 0) == 0) {
        skipping = true, blank = 0;
        continue;
      }
      if (skipping) {
        if (line.find_first_not_of(" \t\r") == std::string::npos && ++blank == 2) skipping = false;
        continue;
      }
      out << line << "\n";
    }
    std::ofstream(tmp.file("nomasses.data")) << out.str();
  }
  struct input {
    std::string file, extra;
  };
  for (const input& in : {input{tmp.file("glass.data.gz"), ""}, input{tmp.file("glass.bin"), ""},
                          input{tmp.file("POSCAR"), ""}, input{tmp.file("CONTCAR.gz"), ""},
                          input{tmp.file("cell.txt"), " --format poscar"},
                          input{tmp.file("nomasses.data"), " --elements Cu,Zr"}}) {
    CAPTURE(in.file);
    const result r = eval(in.file, in.extra);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(r.energy == doctest::Approx(ref.energy).epsilon(1e-12));
    CHECK(std::abs(r.pressure - ref.pressure) < 1e-9);
  }
  // the wrong forced format, an unknown one, and a data file without Masses nor names
  result r = eval(original, " --format extxyz");
  CHECK(r.status == 1);
  CHECK_MESSAGE(r.err.find("cu50zr50_triclinic.data") != std::string::npos, r.err);
  r = eval(original, " --format cif");
  CHECK(r.status == 1);
  CHECK_MESSAGE(r.err.find("--format: expected lammps-data") != std::string::npos, r.err);
  r = eval(tmp.file("nomasses.data"));
  CHECK(r.status == 1);
  CHECK_MESSAGE(r.err.find("--elements") != std::string::npos, r.err);
}
