// pelkit/core/system.hpp — the atomic configuration as a plain value.
#pragma once
#include <pelkit/core/box.hpp>
#include <pelkit/core/error.hpp>

#include <Eigen/Core>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace pelkit {

/// One configuration: what a LAMMPS data file or an extended-XYZ frame holds.
///
/// Atoms are stored in file order; `ids` keeps the file's atom ids (1-based, LAMMPS style).
/// Species are small integers (0-based "types") with a name (element symbol) and a mass per
/// type, as in LAMMPS. Positions need not be wrapped into the box; `images` records the
/// periodic image each atom is in (LAMMPS image flags).
struct system {
  periodic_box box;
  Eigen::Matrix3Xd positions;               ///< Å, one column per atom
  std::vector<int> types;                   ///< 0-based type of each atom
  std::vector<std::string> type_names;      ///< element symbol of each type ("Cu"), may be ""
  std::vector<double> type_masses;          ///< amu per type
  std::optional<Eigen::Matrix3Xd> velocities;  ///< Å/ps, one column per atom
  Eigen::Matrix3Xi images;                  ///< periodic image flags, one column per atom
  std::vector<long> ids;                    ///< atom ids, 1-based

  std::size_t size() const { return types.size(); }
  int type_count() const { return static_cast<int>(type_masses.size()); }
  double mass(std::size_t atom) const { return type_masses[types[atom]]; }

  /// Number density N/V (atoms/Å³).
  double number_density() const { return double(size()) / box.volume(); }
  /// Total mass in amu.
  double total_mass() const {
    double m = 0;
    for (int t : types) m += type_masses[t];
    return m;
  }
};

/// A system of n atoms of the given types in a box, ids 1..n, zero image flags.
inline system make_system(periodic_box box, Eigen::Matrix3Xd positions, std::vector<int> types,
                          std::vector<std::string> type_names, std::vector<double> type_masses) {
  system s;
  s.box = box;
  s.positions = std::move(positions);
  s.types = std::move(types);
  s.type_names = std::move(type_names);
  s.type_masses = std::move(type_masses);
  s.images = Eigen::Matrix3Xi::Zero(3, s.positions.cols());
  s.ids.resize(s.size());
  for (std::size_t i = 0; i < s.ids.size(); ++i) s.ids[i] = long(i) + 1;
  return s;
}

/// Maps every position into the cell and updates the image flags, so that
/// position + h · image is unchanged.
inline void wrap_positions(system& s) {
  if (s.images.cols() != s.positions.cols()) s.images.setZero(3, s.positions.cols());
  for (Eigen::Index i = 0; i < s.positions.cols(); ++i) {
    Eigen::Vector3i shift;
    s.positions.col(i) = s.box.wrap(s.positions.col(i), &shift);
    s.images.col(i) += shift;
  }
}

/// Throws pelkit::error naming the first inconsistency: array sizes that disagree, a type out
/// of range, a non-positive mass, a non-finite position or velocity. `what` prefixes the message
/// (e.g. a file name).
inline void validate(const system& s, const std::string& what = "system") {
  const auto n = static_cast<Eigen::Index>(s.size());
  if (s.positions.cols() != n)
    throw error(what + ": " + std::to_string(s.positions.cols()) + " positions for " +
                std::to_string(n) + " atoms");
  if (s.type_names.size() != s.type_masses.size())
    throw error(what + ": " + std::to_string(s.type_names.size()) + " type names for " +
                std::to_string(s.type_masses.size()) + " types");
  for (std::size_t t = 0; t < s.type_masses.size(); ++t)
    if (!(s.type_masses[t] > 0) || !std::isfinite(s.type_masses[t]))
      throw error(what + ": mass of type " + std::to_string(t + 1) + " must be positive, got " +
                  std::to_string(s.type_masses[t]));
  for (Eigen::Index i = 0; i < n; ++i) {
    const int t = s.types[i];
    if (t < 0 || t >= s.type_count())
      throw error(what + ": atom " + std::to_string(s.ids.empty() ? i + 1 : s.ids[i]) +
                  " has type " + std::to_string(t + 1) + " but there are " +
                  std::to_string(s.type_count()) + " types");
    if (!s.positions.col(i).allFinite())
      throw error(what + ": atom " + std::to_string(s.ids.empty() ? i + 1 : s.ids[i]) +
                  " has a non-finite position");
  }
  if (s.velocities) {
    if (s.velocities->cols() != n) throw error(what + ": velocity count differs from atom count");
    if (!s.velocities->allFinite()) throw error(what + ": non-finite velocity");
  }
  if (s.images.cols() != n) throw error(what + ": image flag count differs from atom count");
  if (!s.ids.empty() && s.ids.size() != s.size())
    throw error(what + ": id count differs from atom count");
}

}  // namespace pelkit
