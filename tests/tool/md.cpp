// End-to-end: `pelkit md` — NPT step by step as LAMMPS fix npt from the same start, the
// documented JSON with averages, every ensemble, checkpoint / resume (a run continued in two
// pieces equals one run), bad options.
#include <pelkit/core/units.hpp>
#include <pelkit/dynamics/velocities.hpp>
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/io/structure.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../support.hpp"
#include "run.hpp"

namespace fs = std::filesystem;
using pelkit::testing::run;
using pelkit::testing::tool;
using pelkit::testing::have_subcommand;
using pelkit::testing::read_text;

namespace {

using pelkit::testing::cuzr;

bool have_lammps() {
  return std::system("command -v lmp > /dev/null 2>&1") == 0 && std::system("command -v python3 > /dev/null 2>&1") == 0;
}

/// The 500-atom test glass with velocities drawn at T_K, written to `path`.
std::string hot_start(const pelkit::testing::temp_dir& tmp, double T_K, std::uint64_t seed) {
  pelkit::system s = pelkit::read_lammps_data(std::string(PELKIT_TEST_DATA) + "/cu50zr50_glass_500.data");
  pelkit::initialize_velocities(s, T_K, seed);
  const std::string path = tmp.file("start.data");
  pelkit::write_lammps_data(path, s);
  return path;
}

/// Column `name` of a CSV file with a header line.
std::vector<double> column(const std::string& path, const std::string& name) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> head;
  std::stringstream hs(line);
  for (std::string h; std::getline(hs, h, ',');) head.push_back(h);
  const auto at = std::find(head.begin(), head.end(), name) - head.begin();
  REQUIRE(at < std::ptrdiff_t(head.size()));
  std::vector<double> out;
  while (std::getline(in, line)) {
    std::stringstream ls(line);
    std::string cell;
    for (std::ptrdiff_t k = 0; k <= at; ++k) std::getline(ls, cell, ',');
    out.push_back(std::stod(cell));
  }
  return out;
}

std::string md(const std::string& start) {
  return tool() + " md --potential " + cuzr + " --data " + start + " --progress never";
}

}  // namespace

TEST_CASE("pelkit md NPT follows LAMMPS fix npt step by step from the same start") {
  if (!have_subcommand("md") || !have_lammps()) {
    MESSAGE("SKIP: pelkit md, lmp or python3 not available");
    return;
  }
  pelkit::testing::temp_dir tmp;
  const std::string start = hot_start(tmp, 1500, 11);
  const long steps = pelkit::testing::sanitized ? 40 : 300;
  std::string err;
  for (const char* couple : {"iso", "aniso"}) {
    const double P = std::string(couple) == "iso" ? 0.0 : 2.0;
    REQUIRE_MESSAGE(run(md(start) + " --ensemble npt --T 1500 --P " + std::to_string(P) + " --couple " + couple +
                            " --tau-T 0.1 --tau-P 1.0 --dt 0.002 --steps " + std::to_string(steps) +
                            " --thermo " + tmp.file("thermo.csv") + " --thermo-every 1 --json " + tmp.file("md.json"),
                        err) == 0,
                    err);
    const double bar = P / pelkit::units::eV_per_A3_to_GPa * pelkit::units::lammps_nktv2p_metal;
    std::ostringstream cmd;
    cmd.precision(17);
    cmd << "python3 " << PELKIT_SOURCE_DIR << "/tests/reference/lammps_npt.py " << start << " --dt 0.002 --steps "
        << steps << " --temp 1500 --tdamp 0.1 --couple " << couple << " --press-bar " << bar
        << " --pdamp 1.0 --potential " << cuzr << " --elements Cu Zr -o " << tmp.file("lammps.json");
    REQUIRE(run(cmd.str(), err) == 0);
    const auto ref = pelkit::testing::read_json(tmp.file("lammps.json"));
    const auto vol = column(tmp.file("thermo.csv"), "volume_A3");
    const auto pe = column(tmp.file("thermo.csv"), "potential_eV");
    REQUIRE(vol.size() == std::size_t(steps + 1));
    REQUIRE(ref["vol_A3"].size() == vol.size());
    double dvol = 0, dpe = 0, moved = 0;
    for (std::size_t k = 0; k < vol.size(); ++k) {
      dvol = std::max(dvol, std::abs(vol[k] / ref["vol_A3"][k].get<double>() - 1));
      dpe = std::max(dpe, std::abs(pe[k] - ref["pe_eV"][k].get<double>()) / 500);
      moved = std::max(moved, std::abs(vol[k] / vol[0] - 1));
    }
    MESSAGE(std::string(couple) << ": " << steps << " steps, max |V/V_LAMMPS - 1| = " << dvol << ", max |dE_pot| = " << dpe
                   << " eV/atom; the volume changed by up to " << moved);
    CHECK(moved > 10 * dvol);  // the comparison is not of a box that stands still
    CHECK(dvol < 1e-6);
    CHECK(dpe < 1e-6);
  }
}

TEST_CASE("pelkit md writes the documented JSON; every ensemble holds its temperature") {
  if (!have_subcommand("md")) {
    MESSAGE("SKIP: ", tool(), " md not available");
    return;
  }
  pelkit::testing::temp_dir tmp;
  const std::string start = hot_start(tmp, 600, 5);
  const long steps = pelkit::testing::sanitized ? 60 : 1500;
  struct mode {
    const char* ensemble;
    const char* thermostat;
  };
  for (const mode m : {mode{"nve", "nh"}, mode{"nvt", "nh"}, mode{"nvt", "bussi"}, mode{"nvt", "langevin"},
                       mode{"npt", "nh"}}) {
    CAPTURE(m.ensemble);
    CAPTURE(m.thermostat);
    std::string err;
    REQUIRE_MESSAGE(run(md(start) + " --ensemble " + m.ensemble + " --thermostat " + m.thermostat +
                            " --T 600 --steps " + std::to_string(steps) + " --average-after-ps 0.6 --out " +
                            tmp.file("final.extxyz") + " --json " + tmp.file("md.json"),
                        err) == 0,
                    err);
    const auto j = pelkit::testing::read_json(tmp.file("md.json"));
    for (const char* key : {"natoms", "elements", "ensemble", "steps", "steps_run", "resumed_from_step", "time_ps",
                            "final", "averages", "conserved_drift_eV_per_ps_per_atom", "parameters", "timing_s", "out"})
      CHECK_MESSAGE(j.contains(key), key);
    CHECK(j["steps_run"] == steps);
    CHECK(j["time_ps"].get<double>() == doctest::Approx(0.002 * double(steps)));
    const auto& T = j["averages"]["temperature_K"];
    const double drift = j["conserved_drift_eV_per_ps_per_atom"];
    MESSAGE((std::string(m.ensemble) + "/" + m.thermostat) << ": <T> = " << T["mean"].get<double>() << " +- "
                       << T["stderr"].get<double>() << " K, conserved drift " << drift << " eV/ps/atom");
    if (std::string(m.thermostat) != "langevin") CHECK(std::abs(drift) < 1e-4);  // Langevin: no conserved quantity
    const pelkit::system out = pelkit::read_structure(tmp.file("final.extxyz"));
    CHECK(out.size() == 500);
    if (pelkit::testing::sanitized) continue;
    if (std::string(m.ensemble) == "nve") {
      CHECK(T["mean"].get<double>() < 600);  // a glass started at 600 K gives energy to the potential
    } else {
      CHECK(std::abs(T["mean"].get<double>() - 600) < 4 * T["stderr"].get<double>() + 15);
    }
  }
}

TEST_CASE("pelkit md resumes from its checkpoint: two pieces give the run of one") {
  if (!have_subcommand("md")) {
    MESSAGE("SKIP: ", tool(), " md not available");
    return;
  }
  pelkit::testing::temp_dir tmp;
  const std::string start = hot_start(tmp, 1200, 9);
  const std::string opts = " --ensemble npt --T 0:1200,1:800 --P 0:0,1:3 --tau-P 0.5 --thermo-every 20";
  std::string err;
  REQUIRE_MESSAGE(run(md(start) + opts + " --steps 400 --thermo " + tmp.file("one.csv") + " --out " +
                          tmp.file("one.data") + " --json " + tmp.file("one.json"),
                      err) == 0,
                  err);
  // the same run in two pieces: to step 150, then continued (a larger --steps) to 400
  const std::string piece = md(start) + opts + " --checkpoint " + tmp.file("run.ckpt") + " --checkpoint-every 50" +
                            " --thermo " + tmp.file("two.csv") + " --out " + tmp.file("two.data") + " --json " +
                            tmp.file("two.json");
  REQUIRE_MESSAGE(run(piece + " --steps 150", err) == 0, err);
  REQUIRE_MESSAGE(run(piece + " --steps 400", err) == 0, err);
  CHECK(read_text(tmp.file("one.csv")) == read_text(tmp.file("two.csv")));
  CHECK(read_text(tmp.file("one.data")) == read_text(tmp.file("two.data")));
  const auto one = pelkit::testing::read_json(tmp.file("one.json"));
  const auto two = pelkit::testing::read_json(tmp.file("two.json"));
  CHECK(two["resumed_from_step"] == 150);
  CHECK(one["averages"] == two["averages"]);
  CHECK(one["final"] == two["final"]);
  // a checkpoint of other options is refused
  CHECK(run(md(start) + " --ensemble npt --T 900 --steps 450 --checkpoint " + tmp.file("run.ckpt"), err) == 1);
  CHECK(err.find("run.ckpt") != std::string::npos);
  CHECK(err.find("other options") != std::string::npos);
}

TEST_CASE("pelkit md rejects bad options with a clear message") {
  if (!have_subcommand("md")) {
    MESSAGE("SKIP: ", tool(), " md not available");
    return;
  }
  pelkit::testing::temp_dir tmp;
  const std::string start = hot_start(tmp, 300, 1);
  struct bad {
    std::string args, message;
  };
  for (const bad& b : {bad{" --steps 10 --T 0:300,0:400", "must increase"},
                       bad{" --steps 10 --T 300K", "--T"},
                       bad{" --steps 10 --ensemble nph", "nve, nvt or npt"},
                       bad{" --steps 10 --ensemble npt --thermostat bussi", "Nose-Hoover"},
                       bad{" --steps 10 --time-ps 1", "exactly one"},
                       bad{"", "exactly one"},
                       bad{" --steps 10 --couple xyz", "iso, aniso or tri"},
                       bad{" --steps 10 --sample-every 0", "--sample-every"}}) {
    CAPTURE(b.args);
    std::string err;
    CHECK(run(md(start) + b.args, err) == 1);
    CHECK_MESSAGE(err.find(b.message) != std::string::npos, err);
  }
}
