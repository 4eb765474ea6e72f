// End-to-end: --atoms-out (per-atom results as extended XYZ or LAMMPS dump, atom-id order) on
// voronoi, eval, minimize, structure and psi, and minimize --out .extxyz with energy, forces
// and stress. Each file is checked against the JSON of the same run: the header names exactly
// the expected columns, the rows are in atom-id order (the inputs' ids are shuffled, so file
// order differs), every value equals the JSON's; then ase.io.read reads it
// (tests/reference/ase_atoms_out.py, with Debian's python3-ase; skipped without it).
#include <doctest/doctest.h>
#include <pelkit/core/units.hpp>
#include <pelkit/descriptor/soft_mode.hpp>
#include <pelkit/hessian/hessian.hpp>
#include <pelkit/io/extxyz.hpp>
#include <pelkit/io/gzip.hpp>
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/io/lammps_dump.hpp>
#include <pelkit/io/structure.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "../support.hpp"
#include "run.hpp"

namespace fs = std::filesystem;
using pelkit::testing::run;
using pelkit::testing::temp_dir;
using pelkit::testing::tool;

namespace {

using pelkit::testing::cuzr;
using pelkit::testing::data_file;

/// True (after saying so) when the potential is missing and the calling test must skip.
bool cuzr_missing() {
  if (fs::exists(cuzr)) return false;
  MESSAGE("SKIP: ", cuzr, " missing (install Debian's lammps-data)");
  return true;
}


/// `name` from tests/data with its atom ids permuted (id of atom i: (7 i mod N) + 1), written
/// to `tmp`: atom-id order is then not file order.
std::string shuffled(const temp_dir& tmp, const std::string& name) {
  pelkit::system s = pelkit::read_structure(data_file(name));
  REQUIRE(std::gcd(s.size(), std::size_t(7)) == 1);
  for (std::size_t i = 0; i < s.size(); ++i) s.ids[i] = long((i * 7) % s.size()) + 1;
  REQUIRE(!std::is_sorted(s.ids.begin(), s.ids.end()));
  const std::string path = tmp.file("shuffled_" + name);
  pelkit::write_lammps_data(path, s);
  return path;
}

/// The file as text, decompressed when it is gzip.
std::string text_of(const std::string& path) {
  const std::string raw = pelkit::testing::read_text(path);
  return pelkit::is_gzip(raw) ? pelkit::gunzip(raw, path) : raw;
}

/// Line `k` (0-based) of a file.
std::string line_of(const std::string& path, int k) {
  std::istringstream in(text_of(path));
  std::string line;
  for (int i = 0; i <= k; ++i) std::getline(in, line);
  return line;
}

/// The Properties= value of an extended XYZ file's comment line.
std::string properties(const std::string& path) {
  const std::string comment = line_of(path, 1);
  const auto at = comment.find("Properties=");
  if (at == std::string::npos) return "";
  const auto end = comment.find(' ', at);
  return comment.substr(at + 11, end == std::string::npos ? std::string::npos : end - at - 11);
}

/// The column names of a dump's "ITEM: ATOMS" line.
std::string dump_header(const std::string& path) {
  std::istringstream in(text_of(path));
  for (std::string line; std::getline(in, line);)
    if (line.rfind("ITEM: ATOMS ", 0) == 0) return line.substr(12);
  return "";
}

/// A python3 that imports ase (the one on PATH, else Debian's), or "" when there is none.
std::string ase_python() {
  std::string err;
  for (const char* py : {"python3", "/usr/bin/python3"})
    if (run(std::string(py) + " -c 'import ase.io, numpy' > /dev/null", err) == 0) return py;
  return "";
}

/// Runs tests/reference/ase_atoms_out.py FILE JSON ARGS (see there) and checks that it agrees.
void ase_check(const std::string& file, const std::string& json, const std::string& args) {
  static const std::string py = ase_python();
  if (py.empty()) {
    MESSAGE("SKIP: the ASE check (no python3 with ase: apt-get install python3-ase)");
    return;
  }
  std::string err, conversion;
  pelkit::append_number(conversion, pelkit::units::eV_per_A3_to_GPa);
  const std::string script = std::string(PELKIT_SOURCE_DIR) + "/tests/reference/ase_atoms_out.py";
  const int rc = run(py + " " + script + " " + file + " " + json + " --pressure-conversion " + conversion + " " +
                         args + " > /dev/null",
                     err);
  CHECK_MESSAGE(rc == 0, "ase_atoms_out.py ", file, " ", args, ": ", err);
}

/// The per-atom values of a JSON array of numbers or of arrays, as components × atoms.
Eigen::MatrixXd json_matrix(const nlohmann::json& a) {
  const auto n = Eigen::Index(a.size());
  const Eigen::Index w = n && a[0].is_array() ? Eigen::Index(a[0].size()) : 1;
  Eigen::MatrixXd m(w, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto& v = a[std::size_t(i)];
    for (Eigen::Index k = 0; k < w; ++k) m(k, i) = v.is_array() ? v[std::size_t(k)].get<double>() : v.get<double>();
  }
  return m;
}

/// The dump columns name[1]..name[w] (or name for w = 1) as components × atoms.
Eigen::MatrixXd dump_matrix(const pelkit::dump_frame& f, const std::string& name, Eigen::Index w) {
  if (w == 1) return f.columns.at(name).transpose();
  Eigen::MatrixXd m(w, f.columns.at(name + "[1]").size());
  for (Eigen::Index k = 0; k < w; ++k) m.row(k) = f.columns.at(name + "[" + std::to_string(k + 1) + "]").transpose();
  return m;
}

struct column_check {
  std::string name;  // in the file
  Eigen::MatrixXd want;  // components × atoms, atom-id order
};

/// Checks an extended XYZ and a dump file against `ids` (atom-id order) and the columns
/// (exactly: shortest round-trip numbers), and their positions against `input`'s atoms of those ids.
void check_files(const std::string& xyz, const std::string& dump, const nlohmann::json& ids_json,
                 const std::vector<column_check>& columns, const pelkit::system& input) {
  const auto x = pelkit::read_extxyz(xyz).back();
  const auto d = pelkit::read_lammps_dump(dump).back();
  const Eigen::MatrixXd ids = json_matrix(ids_json);
  REQUIRE(ids.cols() == Eigen::Index(input.size()));
  for (Eigen::Index i = 1; i < ids.cols(); ++i) REQUIRE(ids(0, i - 1) < ids(0, i));  // ascending
  REQUIRE(x.columns.count("id"));
  CHECK(x.columns.at("id") == ids);
  CHECK(Eigen::MatrixXd(d.columns.at("id").transpose()) == ids);
  for (const auto& c : columns) {
    INFO("column ", c.name);
    REQUIRE(x.columns.count(c.name));
    CHECK(x.columns.at(c.name) == c.want);
    CHECK(dump_matrix(d, c.name, c.want.rows()) == c.want);
  }
  // each row's position is that of the atom with its id
  long wrong_x = 0, wrong_d = 0;
  for (Eigen::Index i = 0; i < ids.cols(); ++i) {
    const auto at = std::find(input.ids.begin(), input.ids.end(), long(ids(0, i))) - input.ids.begin();
    REQUIRE(at < long(input.size()));
    wrong_x += x.system.positions.col(i) != input.positions.col(at);
    wrong_d += d.system.positions.col(i) != input.positions.col(at);
  }
  CHECK(wrong_x == 0);
  CHECK(wrong_d == 0);
}

/// The --atoms-out name check: exit 1, one message naming the option, the file and the problem,
/// before anything is computed or written (no JSON).
void check_bad_name(const std::string& command_line, const temp_dir& tmp) {
  std::string err;
  const std::string bad = tmp.file("atoms.txt");
  CHECK(run(command_line + " --json " + tmp.file("bad.json") + " --atoms-out " + bad, err) == 1);
  CHECK_MESSAGE(err.find("error: --atoms-out: " + bad + ": unknown file type") != std::string::npos, err);
  CHECK_MESSAGE(err.find(".extxyz") != std::string::npos, err);
  CHECK_MESSAGE(err.find(".lammpstrj") != std::string::npos, err);
  CHECK(!fs::exists(bad));
  CHECK(!fs::exists(tmp.file("bad.json")));
}

}  // namespace

TEST_CASE("pelkit voronoi --atoms-out: Voronoi index and volume per atom, readable by ASE") {
  std::string err;
  if (run(tool() + " voronoi --help > /dev/null", err) != 0) {
    MESSAGE("SKIP: pelkit built without voro++");
    return;
  }
  temp_dir tmp;
  const std::string data = shuffled(tmp, "cu50zr50_small_256.data");
  const std::string base = tool() + " voronoi --data " + data + " --json " + tmp.file("v.json");
  REQUIRE_MESSAGE(run(base + " --atoms-out " + tmp.file("v.extxyz"), err) == 0, err);
  REQUIRE_MESSAGE(run(base + " --atoms-out " + tmp.file("v.dump.gz"), err) == 0, err);
  CHECK(pelkit::is_gzip(pelkit::testing::read_text(tmp.file("v.dump.gz"))));
  const auto j = pelkit::testing::read_json(tmp.file("v.json"));
  CHECK(properties(tmp.file("v.extxyz")) ==
        "species:S:1:pos:R:3:id:I:1:voronoi_index:I:4:voronoi_volume_A3:R:1:voronoi_faces:I:1:u_vertex_A:R:1:"
        "u_centroid_A:R:1");
  CHECK(dump_header(tmp.file("v.dump.gz")) ==
        "id type element x y z ix iy iz voronoi_index[1] voronoi_index[2] voronoi_index[3] voronoi_index[4] "
        "voronoi_volume_A3 voronoi_faces u_vertex_A u_centroid_A");
  check_files(tmp.file("v.extxyz"), tmp.file("v.dump.gz"), j["ids"],
              {{"voronoi_index", json_matrix(j["index"])},
               {"voronoi_volume_A3", json_matrix(j["volume_A3"])},
               {"voronoi_faces", json_matrix(j["faces"])},
               {"u_vertex_A", json_matrix(j["u_vertex_A"])},
               {"u_centroid_A", json_matrix(j["u_centroid_A"])}},
              pelkit::read_structure(data));
  ase_check(tmp.file("v.extxyz"), tmp.file("v.json"),
            "--columns voronoi_index=index,voronoi_volume_A3=volume_A3,voronoi_faces=faces,u_vertex_A=u_vertex_A,"
            "u_centroid_A=u_centroid_A --dump " + tmp.file("v.dump.gz"));
  check_bad_name(tool() + " voronoi --data " + data, tmp);
}

TEST_CASE("pelkit eval --atoms-out: energy, forces and stress as ASE reads them") {
  if (cuzr_missing()) return;
  temp_dir tmp;
  std::string err;
  const std::string data = shuffled(tmp, "cu50zr50_triclinic.data");
  const std::string base = tool() + " eval --potential " + cuzr + " --data " + data;
  REQUIRE_MESSAGE(run(base + " --per-atom --json " + tmp.file("e.json") + " --atoms-out " + tmp.file("e.xyz"), err) == 0,
                  err);
  // without --per-atom the file has the per-atom energies all the same
  REQUIRE_MESSAGE(run(base + " --json " + tmp.file("e2.json") + " --atoms-out " + tmp.file("e.lammpstrj"), err) == 0,
                  err);
  const auto j = pelkit::testing::read_json(tmp.file("e.json"));
  CHECK(!pelkit::testing::read_json(tmp.file("e2.json")).contains("atom_energies_eV"));
  CHECK(properties(tmp.file("e.xyz")) == "species:S:1:pos:R:3:forces:R:3:id:I:1:energy_eV:R:1");
  CHECK(dump_header(tmp.file("e.lammpstrj")) == "id type element x y z ix iy iz fx fy fz energy_eV");
  const Eigen::MatrixXd forces = json_matrix(j["forces_eV_per_A"]);
  check_files(tmp.file("e.xyz"), tmp.file("e.lammpstrj"), j["ids"], {{"energy_eV", json_matrix(j["atom_energies_eV"])}},
              pelkit::read_structure(data));
  const auto x = pelkit::read_extxyz(tmp.file("e.xyz")).back();
  REQUIRE(x.forces);
  CHECK(*x.forces == forces);
  CHECK(std::stod(x.info.at("energy")) == j["energy_eV"].get<double>());
  const auto d = pelkit::read_lammps_dump(tmp.file("e.lammpstrj")).back();
  REQUIRE(d.forces);
  CHECK(*d.forces == forces);
  // stress = -pressure in eV/Å³, all 9 components (row by row)
  std::istringstream stress(x.info.at("stress"));
  Eigen::Matrix3d sigma;
  for (int k = 0; k < 9; ++k) stress >> sigma(k / 3, k % 3);
  REQUIRE(stress);
  const auto& p = j["pressure_tensor_GPa"];
  const char* names[3][3] = {{"xx", "xy", "xz"}, {"xy", "yy", "yz"}, {"xz", "yz", "zz"}};
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) {
      INFO(std::string(names[a][b]));
      CHECK(sigma(a, b) * pelkit::units::eV_per_A3_to_GPa == doctest::Approx(-p[names[a][b]].get<double>()).epsilon(1e-13));
    }
  ase_check(tmp.file("e.xyz"), tmp.file("e.json"), "--eval --dump " + tmp.file("e.lammpstrj"));
  check_bad_name(base, tmp);
}

TEST_CASE("pelkit minimize --out .extxyz carries energy, forces and stress, and --atoms-out the per-atom energies") {
  if (cuzr_missing()) return;
  temp_dir tmp;
  std::string err;
  const std::string input = shuffled(tmp, "cu50zr50_tiny_16.data");
  const std::string base = tool() + " minimize --potential " + cuzr + " --data " + input;
  REQUIRE_MESSAGE(run(base + " --out " + tmp.file("m.extxyz") + " --atoms-out " + tmp.file("a.dump") + " --json " +
                          tmp.file("m.json"), err) == 0, err);
  const auto m = pelkit::testing::read_json(tmp.file("m.json"));
  CHECK(properties(tmp.file("m.extxyz")) == "species:S:1:pos:R:3:forces:R:3");
  CHECK(dump_header(tmp.file("a.dump")) == "id type element x y z ix iy iz fx fy fz energy_eV");
  // eval of the written minimum: the energy, forces and stress the file carries. (--out keeps
  // the input's atom order; extended XYZ has no ids, so eval numbers the atoms 1..N in it.)
  REQUIRE_MESSAGE(run(tool() + " eval --potential " + cuzr + " --data " + tmp.file("m.extxyz") + " --per-atom --json " +
                          tmp.file("e.json"), err) == 0, err);
  const auto e = pelkit::testing::read_json(tmp.file("e.json"));
  const auto x = pelkit::read_extxyz(tmp.file("m.extxyz")).back();
  REQUIRE(x.forces);
  CHECK(std::stod(x.info.at("energy")) == doctest::Approx(m["energy_final_eV"].get<double>()).epsilon(1e-12));
  CHECK(std::stod(x.info.at("energy")) == doctest::Approx(e["energy_eV"].get<double>()).epsilon(1e-12));
  CHECK((*x.forces - json_matrix(e["forces_eV_per_A"])).cwiseAbs().maxCoeff() < 1e-12);
  REQUIRE(x.info.count("stress"));
  std::istringstream stress(x.info.at("stress"));
  Eigen::Matrix3d sigma;
  for (int k = 0; k < 9; ++k) stress >> sigma(k / 3, k % 3);
  REQUIRE(stress);
  CHECK(-sigma.trace() / 3 * pelkit::units::eV_per_A3_to_GPa ==
        doctest::Approx(m["pressure_GPa"].get<double>()).epsilon(1e-9).scale(1e-6));
  CHECK(-sigma(0, 1) * pelkit::units::eV_per_A3_to_GPa ==
        doctest::Approx(e["pressure_tensor_GPa"]["xy"].get<double>()).epsilon(1e-9).scale(1e-6));
  // --atoms-out: rows in atom-id order (the input's ids), each the atom of --out with that id
  const auto ids_in_file = pelkit::read_structure(input).ids;
  const auto d = pelkit::read_lammps_dump(tmp.file("a.dump")).back();
  REQUIRE(d.forces);
  REQUIRE(d.system.size() == ids_in_file.size());
  long wrong = 0;
  for (std::size_t r = 0; r < d.system.size(); ++r) {
    wrong += d.system.ids[r] != long(r) + 1;
    const auto i = std::find(ids_in_file.begin(), ids_in_file.end(), d.system.ids[r]) - ids_in_file.begin();
    REQUIRE(i < long(ids_in_file.size()));
    wrong += d.system.positions.col(long(r)) != x.system.positions.col(i);
    wrong += d.forces->col(long(r)) != x.forces->col(i);
    wrong += std::abs(d.columns.at("energy_eV")[long(r)] - e["atom_energies_eV"][std::size_t(i)].get<double>()) > 1e-12;
  }
  CHECK(wrong == 0);
  CHECK(d.columns.at("energy_eV").sum() == doctest::Approx(m["energy_final_eV"].get<double>()).epsilon(1e-12));
  ase_check(tmp.file("m.extxyz"), tmp.file("m.json"), "--minimize");
  check_bad_name(base + " --out " + tmp.file("bad.data"), tmp);
  CHECK(!fs::exists(tmp.file("bad.data")));
}

TEST_CASE("pelkit structure and psi --atoms-out: s2, Voronoi cells and Psi per atom in atom-id order") {
  std::string err;
  if (!fs::exists(cuzr) || run(tool() + " psi --help > /dev/null", err) != 0) {
    MESSAGE("SKIP: ", cuzr, " missing or psi not available");
    return;
  }
  temp_dir tmp;
  REQUIRE_MESSAGE(run(tool() + " minimize --potential " + cuzr + " --data " + shuffled(tmp, "cu50zr50_small_256.data") +
                          " --out " + tmp.file("min.data") + " --fmax 1e-8 --json " + tmp.file("min.json"), err) == 0,
                  err);
  const pelkit::system input = pelkit::read_structure(tmp.file("min.data"));
  REQUIRE(!std::is_sorted(input.ids.begin(), input.ids.end()));

  // psi: the JSON is in atom-id order now, and the file agrees with it
  const std::string pbase = tool() + " psi --potential " + cuzr + " --data " + tmp.file("min.data");
  REQUIRE_MESSAGE(run(pbase + " --json " + tmp.file("p.json") + " --atoms-out " + tmp.file("p.xyz.gz"), err) == 0, err);
  REQUIRE_MESSAGE(run(pbase + " --json " + tmp.file("p.json") + " --atoms-out " + tmp.file("p.dump"), err) == 0, err);
  const auto p = pelkit::testing::read_json(tmp.file("p.json"));
  CHECK(properties(tmp.file("p.xyz.gz")) == "species:S:1:pos:R:3:id:I:1:psi_ps2:R:1:psi_A2_per_eV:R:1");
  CHECK(dump_header(tmp.file("p.dump")) == "id type element x y z ix iy iz psi_ps2 psi_A2_per_eV");
  check_files(tmp.file("p.xyz.gz"), tmp.file("p.dump"), p["ids"],
              {{"psi_ps2", json_matrix(p["psi_dynamical_ps2"])}, {"psi_A2_per_eV", json_matrix(p["psi_hessian_A2_per_eV"])}},
              input);
  {  // the JSON's value of id k is the library's value of the atom with id k
    auto calc = pelkit::calculator(pelkit::eam::from_file(cuzr));
    const auto r = pelkit::soft_modes(Eigen::MatrixXd(pelkit::hessian(calc, input)), input);
    long wrong = 0;
    for (std::size_t i = 0; i < input.size(); ++i) {
      const auto at = std::size_t(std::find(input.ids.begin(), input.ids.end(), p["ids"][i].get<long>()) - input.ids.begin());
      wrong += std::abs(p["psi_dynamical_ps2"][i].get<double>() - r.psi_dynamical[Eigen::Index(at)]) >
               1e-9 * std::abs(r.psi_dynamical[Eigen::Index(at)]);
    }
    CHECK(wrong == 0);
  }
  ase_check(tmp.file("p.xyz.gz"), tmp.file("p.json"),
            "--columns psi_ps2=psi_dynamical_ps2,psi_A2_per_eV=psi_hessian_A2_per_eV --dump " + tmp.file("p.dump"));
  check_bad_name(pbase, tmp);

  // structure: s2 from its JSON; with voro++ the Voronoi columns equal `pelkit voronoi`'s
  const std::string sbase = tool() + " structure --potential " + cuzr + " --data " + tmp.file("min.data");
  REQUIRE_MESSAGE(run(sbase + " --json " + tmp.file("s.json") + " --atoms-out " + tmp.file("s.extxyz"), err) == 0, err);
  REQUIRE_MESSAGE(run(sbase + " --json " + tmp.file("s.json") + " --atoms-out " + tmp.file("s.dump"), err) == 0, err);
  const auto st = pelkit::testing::read_json(tmp.file("s.json"));
  std::vector<column_check> columns = {{"s2_kB", json_matrix(st["s2_per_atom"])}};
  const std::string ase_columns = "s2_kB=s2_per_atom";
  if (st["voronoi_available"].get<bool>()) {
    CHECK(properties(tmp.file("s.extxyz")) ==
          "species:S:1:pos:R:3:id:I:1:s2_kB:R:1:voronoi_index:I:4:voronoi_volume_A3:R:1:u_vertex_A:R:1:u_centroid_A:R:1");
    CHECK(dump_header(tmp.file("s.dump")) ==
          "id type element x y z ix iy iz s2_kB voronoi_index[1] voronoi_index[2] voronoi_index[3] voronoi_index[4] "
          "voronoi_volume_A3 u_vertex_A u_centroid_A");
    REQUIRE_MESSAGE(run(tool() + " voronoi --data " + tmp.file("min.data") + " --json " + tmp.file("v.json"), err) == 0,
                    err);
    const auto v = pelkit::testing::read_json(tmp.file("v.json"));
    CHECK(v["ids"] == st["ids"]);
    columns.push_back({"voronoi_index", json_matrix(v["index"])});
    columns.push_back({"voronoi_volume_A3", json_matrix(v["volume_A3"])});
    columns.push_back({"u_vertex_A", json_matrix(v["u_vertex_A"])});
    columns.push_back({"u_centroid_A", json_matrix(v["u_centroid_A"])});
    CHECK(json_matrix(v["u_vertex_A"]).mean() == doctest::Approx(st["mean_u_vertex_A"].get<double>()).epsilon(1e-12));
  } else {
    CHECK(properties(tmp.file("s.extxyz")) == "species:S:1:pos:R:3:id:I:1:s2_kB:R:1");
  }
  check_files(tmp.file("s.extxyz"), tmp.file("s.dump"), st["ids"], columns, input);
  ase_check(tmp.file("s.extxyz"), tmp.file("s.json"), "--columns " + ase_columns + " --dump " + tmp.file("s.dump"));
  check_bad_name(sbase, tmp);
}
