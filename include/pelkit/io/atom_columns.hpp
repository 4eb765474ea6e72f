// pelkit/io/atom_columns.hpp — named extra per-atom columns for the extended XYZ and LAMMPS
// dump writers (write_extxyz, write_lammps_dump).
//
// A column has a name (a word without blanks, ':', '=', quotes or brackets; put the unit in
// it, e.g. "voronoi_volume_A3"), one or more numbers per atom (values: components × atoms, in
// the order of the system's atoms) and a type: real (extxyz R, shortest round-trip form) or
// integer (extxyz I; the values must be whole numbers). In a dump a column of width 1 is
// one column `name`, a wider one the columns `name[1]` ... `name[w]` (LAMMPS's own naming of
// the components of a per-atom vector, as in `c_ID[1]`).
#pragma once
#include <pelkit/core/error.hpp>

#include <Eigen/Core>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace pelkit {

/// One named per-atom column.
struct atom_column {
  std::string name;        ///< with its unit, e.g. "psi_ps2"
  Eigen::MatrixXd values;  ///< components × atoms
  bool integer = false;    ///< written as integers (extxyz type I)

  /// A real column of one number per atom.
  static atom_column real(std::string name, const Eigen::VectorXd& v) {
    return {std::move(name), v.transpose(), false};
  }
  /// A real column of several numbers per atom (components × atoms).
  static atom_column real(std::string name, Eigen::MatrixXd v) { return {std::move(name), std::move(v), false}; }
  /// An integer column (components × atoms, whole numbers).
  static atom_column integers(std::string name, Eigen::MatrixXd v) { return {std::move(name), std::move(v), true}; }
};

namespace detail {

/// Throws pelkit::error "`where`: ..." unless every column is well named, has `natoms` atoms
/// and finite (for integer columns, whole) values; `taken` are names the writer uses itself.
inline void check_atom_columns(const std::vector<atom_column>& columns, long natoms, const std::string& where,
                               const std::vector<std::string>& taken) {
  std::vector<std::string> seen = taken;
  for (const auto& c : columns) {
    if (c.name.empty() || c.name.find_first_of(" \t\r\n:=\"[]{}\\") != std::string::npos)
      throw error(where + ": column name '" + c.name + "' must be a non-empty word without ':', '=', quotes or brackets");
    for (const auto& s : seen)
      if (s == c.name) throw error(where + ": column '" + c.name + "' given twice (or reserved)");
    seen.push_back(c.name);
    if (c.values.rows() < 1 || c.values.cols() != natoms)
      throw error(where + ": column '" + c.name + "' must have at least one component and one value per atom (" +
                  std::to_string(natoms) + ")");
    if (!c.values.allFinite()) throw error(where + ": column '" + c.name + "' has values that are not finite");
    if (c.integer)
      for (Eigen::Index k = 0; k < c.values.size(); ++k)
        if (c.values.data()[k] != std::floor(c.values.data()[k]) || std::abs(c.values.data()[k]) > 9.0e15)
          throw error(where + ": integer column '" + c.name + "' has a value that is not a whole number");
  }
}

}  // namespace detail

}  // namespace pelkit
