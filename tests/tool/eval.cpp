// End-to-end: the `pelkit eval` command's JSON interface and errors.
#include <doctest/doctest.h>

#include "run.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;

using pelkit::testing::run;
using pelkit::testing::tool;

namespace {

using pelkit::testing::cuzr;

}  // namespace

TEST_CASE("pelkit eval writes the documented JSON keys with LAMMPS's numbers") {
  if (!fs::exists(cuzr)) {
    MESSAGE("SKIP: ", cuzr, " missing (install Debian's lammps-data)");
    return;
  }
  const std::string data = std::string(PELKIT_TEST_DATA) + "/cu50zr50_triclinic.data";
  const fs::path out = fs::temp_directory_path() / "pelkit_eval_test.json";
  std::string err;
  REQUIRE(run(tool() + " eval --potential " + cuzr + " --data " + data + " --json " + out.string(), err) == 0);
  std::ifstream in(out);
  const auto j = nlohmann::json::parse(in);
  std::ifstream rin(std::string(PELKIT_TEST_DATA) + "/cu50zr50_triclinic.eam_fs.ref.json");
  const auto ref = nlohmann::json::parse(rin);

  for (const char* key : {"natoms", "energy_eV", "energy_per_atom_eV", "volume_A3", "pressure_tensor_GPa",
                          "pressure_GPa", "fmax_eV_per_A", "ids", "forces_eV_per_A", "elements"})
    CHECK_MESSAGE(j.contains(key), "missing key ", key);
  CHECK(j["natoms"] == ref["natoms"]);
  CHECK(j["energy_eV"].get<double>() == doctest::Approx(ref["energy_eV"].get<double>()).epsilon(1e-12));
  CHECK(j["forces_eV_per_A"].size() == ref["forces_eV_per_A"].size());
  for (std::size_t i = 0; i < j["forces_eV_per_A"].size(); ++i)
    for (int d = 0; d < 3; ++d)
      CHECK(std::abs(j["forces_eV_per_A"][i][d].get<double>() - ref["forces_eV_per_A"][i][d].get<double>()) < 1e-10);
  // Pressure: LAMMPS bar -> eV/Å³ with its nktv2p, pelkit GPa -> eV/Å³ with CODATA.
  for (const char* c : {"xx", "yy", "zz", "xy", "xz", "yz"}) {
    const double lammps = ref["pressure_virial_eV_per_A3"][c].get<double>();
    const double ours = j["pressure_tensor_GPa"][c].get<double>() / 160.21766340;
    CHECK(ours == doctest::Approx(lammps).epsilon(1e-10).scale(1e-4));
  }
}

TEST_CASE("pelkit eval reports bad input with the file and exits 1") {
  std::string err;
  const std::string good = std::string(PELKIT_TEST_DATA) + "/cu50zr50_tiny_16.data";
  CHECK(run(tool() + " eval --potential /nonexistent.eam.fs --data " + good + " > /dev/null", err) == 1);
  CHECK(err.find("nonexistent.eam.fs") != std::string::npos);

  const fs::path bad = fs::temp_directory_path() / "pelkit_bad.data";
  std::ofstream(bad) << "bad file\n\n2 atoms\n1 atom types\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\n"
                        "Masses\n\n1 63.546\n\nAtoms # atomic\n\n1 1 0 0 0\n2 1 1 x 0\n";
  CHECK(run(tool() + " eval --potential " + cuzr + " --data " + bad.string() + " > /dev/null", err) == 1);
  CHECK(err.find("pelkit_bad.data:16") != std::string::npos);  // "2 1 1 x 0"
  CHECK(err.find("not a number") != std::string::npos);

  CHECK(run(tool() + " eval --potential " + cuzr + " > /dev/null", err) == 1);
  CHECK(err.find("--data is required") != std::string::npos);
  CHECK(run(tool() + " eval --bogus 1 > /dev/null", err) == 1);
  CHECK(err.find("unknown option --bogus") != std::string::npos);
  CHECK(run(tool() + " frobnicate > /dev/null", err) == 2);
  CHECK(run(tool() + " eval --help > /dev/null", err) == 0);
}
