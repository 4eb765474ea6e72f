// Helpers shared by pelkit subcommands: loading inputs, writing JSON, timing.
#pragma once
#include <pelkit/core/progress.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/io/structure.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "../provenance.hpp"
#ifdef _OPENMP
#include <omp.h>
#endif

#include "cli.hpp"

namespace pelkit::cli {

/// Reads the structure and, if `elements` is given ("Cu,Zr"), names types 1, 2, ... by it,
/// like LAMMPS's `pair_coeff * * file Cu Zr`; the names also give the masses of a LAMMPS data
/// file without a Masses section and the elements of a VASP 4 POSCAR.
inline system load_structure(const std::string& path, const std::optional<std::string>& elements) {
  structure_options options;
  options.format = input_format();
  if (elements) options.type_names = split_list(*elements);
  return read_structure(path, options);
}

/// Writes JSON to `path`, or to standard output when no path is given. An object gets the key
/// "provenance" (provenance::json; with the sha256 of the file its "potential" key names).
inline void emit_json(const nlohmann::json& result, const std::optional<std::string>& path) {
  nlohmann::json j = result;
  if (j.is_object() && !j.contains("provenance"))
    j["provenance"] = provenance::json(j.contains("potential") && j["potential"].is_string()
                                           ? std::filesystem::path(j["potential"].get<std::string>())
                                           : std::filesystem::path());
  if (!path) {
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::ofstream out(*path);
  if (!out) throw error(*path + ": cannot open for writing");
  out << j.dump(2) << "\n";
  if (!out) throw error(*path + ": write failed");
}

/// The --atoms-out option (same text on every command that has per-atom results).
inline option atoms_out_option(const std::string& what) {
  return {"atoms-out", "FILE",
          "per-atom results (" + what + ") with positions, in atom-id order: extended XYZ (.xyz/.extxyz) or LAMMPS "
          "dump (.dump/.lammpstrj), optionally .gz"};
}

/// The format of an --atoms-out file from its name; throws pelkit::error naming the file when
/// the name implies neither extended XYZ nor a LAMMPS dump. Commands call it before computing,
/// so a bad name fails at once.
inline structure_format atoms_out_format(const std::string& path) {
  const auto format = format_from_name(path);
  if (format != structure_format::extxyz && format != structure_format::lammps_dump)
    throw error("--atoms-out: " + path +
                ": unknown file type; the name must end in .xyz or .extxyz (extended XYZ) or .dump or .lammpstrj "
                "(LAMMPS dump), optionally followed by .gz");
  return *format;
}

/// Checks the name of --atoms-out, when given (see atoms_out_format).
inline void check_atoms_out(const arguments& args) {
  if (auto path = args.optional("atoms-out")) atoms_out_format(*path);
}

/// Per-atom results for --atoms-out: named columns, forces (eV/Å) and comment-line keys
/// (extxyz only, e.g. energy and stress), all in the order of the system's atoms.
struct atoms_table {
  std::vector<atom_column> columns;
  std::optional<Eigen::Matrix3Xd> forces;
  std::map<std::string, std::string> info;
};

/// ASE's stress from pelkit's virial pressure tensor (eV/Å³, positive in compression): the
/// 9 numbers "sxx sxy sxz syx ..." of σ = −P (ASE: positive in tension), shortest round-trip form.
inline std::string ase_stress(const Eigen::Matrix3d& pressure_eV_per_A3) {
  std::string text;
  for (int k = 0; k < 9; ++k) {
    if (k) text += ' ';
    append_number(text, -pressure_eV_per_A3(k / 3, k % 3));
  }
  return text;
}

/// A number in its shortest round-trip form (for comment-line keys).
inline std::string number_text(double v) {
  std::string text;
  append_number(text, v);
  return text;
}

/// Writes `table` with the positions of `s` to `path` (format by its name, see
/// atoms_out_format), atoms sorted by id. Extended XYZ gets an integer column "id" first.
inline void write_atoms_out(const std::string& path, const system& s, atoms_table table) {
  const auto format = atoms_out_format(path);
  const auto n = static_cast<Eigen::Index>(s.size());
  const std::vector<Eigen::Index> order = id_order(s);
  auto permuted = [&](const auto& m) {
    std::decay_t<decltype(m)> out(m.rows(), m.cols());
    for (Eigen::Index i = 0; i < n; ++i) out.col(i) = m.col(order[std::size_t(i)]);
    return out;
  };
  system sorted = s;
  permute_atoms(sorted, order);
  if (sorted.ids.empty())  // ids 1..N in file order
    for (std::size_t i = 0; i < s.size(); ++i) sorted.ids.push_back(long(i) + 1);
  for (auto& c : table.columns) c.values = permuted(c.values);
  if (table.forces) table.forces = permuted(*table.forces);
  if (format == structure_format::lammps_dump) {
    write_lammps_dump(path, sorted, 0, table.forces, table.columns);
    return;
  }
  Eigen::MatrixXd ids(1, n);
  for (Eigen::Index i = 0; i < n; ++i) ids(0, i) = double(sorted.ids[std::size_t(i)]);
  table.columns.insert(table.columns.begin(), atom_column::integers("id", ids));
  write_extxyz(path, sorted, table.forces, table.info, table.columns);
}

/// Symmetric tensor as {"xx","yy","zz","xy","xz","yz"}.
template <class M>
nlohmann::json tensor_json(const M& t, double scale = 1.0) {
  return {{"xx", scale * t(0, 0)}, {"yy", scale * t(1, 1)}, {"zz", scale * t(2, 2)},
          {"xy", scale * t(0, 1)}, {"xz", scale * t(0, 2)}, {"yz", scale * t(1, 2)}};
}

/// --progress auto|always|never.
inline progress_mode progress_option(const std::string& text) {
  if (text == "auto") return progress_mode::automatic;
  if (text == "always") return progress_mode::always;
  if (text == "never") return progress_mode::never;
  throw error("--progress: expected auto, always or never, got '" + text + "'");
}

/// The OpenMP threads a computation runs on (--threads, else OMP_NUM_THREADS, else one per
/// core; 1 without OpenMP): the JSON key "threads".
inline int openmp_threads() {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

class stopwatch {
public:
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace pelkit::cli
