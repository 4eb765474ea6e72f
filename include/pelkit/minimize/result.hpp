// pelkit/minimize/result.hpp — what every minimiser is told (stop_criteria) and reports
// (minimize_result), plus small helpers they share.
//
// Units: energies eV, forces eV/Å, lengths Å, times ps (pelkit/core/units.hpp).
#pragma once
#include <pelkit/core/system.hpp>
#include <pelkit/potential/evaluation.hpp>
#include <pelkit/potential/force_provider.hpp>

#include <Eigen/Core>
#include <cmath>
#include <concepts>
#include <functional>
#include <string>

namespace pelkit {

/// When to stop. A minimiser stops at the first criterion met; only `fmax` and
/// `energy_tolerance` count as converged.
struct stop_criteria {
  /// eV/Å: converged when the largest per-atom force norm max_i |f_i| is at most this.
  /// (LAMMPS's ftol is instead the 2-norm of the whole 3N force vector.)
  double fmax = 1e-6;
  /// Relative energy change between two iterations, LAMMPS etol style:
  /// |E_k − E_{k−1}| ≤ etol · (|E_k| + |E_{k−1}| + ε) / 2. Zero disables it.
  double energy_tolerance = 0;
  long max_iterations = 100000;
  /// Counts every potential evaluation (with or without forces).
  long max_force_evaluations = 1000000;
  /// Also converged (reason "target") when this returns true for the positions (Å) and the
  /// energy (eV) at the start of an iteration — e.g. once a relaxation is identified as
  /// reaching a known minimum (ART's proof stops its backward relaxation so). Empty: off.
  std::function<bool(const Eigen::Matrix3Xd& positions, double energy)> target = nullptr;
};

struct minimize_result {
  bool converged = false;
  /// Why it stopped: "fmax", "energy tolerance", "max iterations", "max force evaluations",
  /// "line search failed: ...", "non-finite energy or forces ...", etc.
  std::string reason;
  double energy_initial = 0;  ///< eV
  double energy_final = 0;    ///< eV, at the returned positions
  double fmax = 0;            ///< eV/Å, max per-atom force norm at the returned positions
  long iterations = 0;
  long force_evaluations = 0;   ///< evaluations with forces
  long energy_evaluations = 0;  ///< energy-only evaluations (line searches)

  // Filled only by relax() (cell_filter.hpp), from one extra evaluation of the returned system
  // (not counted above); zero after a plain minimize().
  double pressure_GPa = 0;  ///< GPa, virial pressure tr(W)/(3V) (no kinetic part)
  Eigen::Matrix3d pressure_tensor_GPa = Eigen::Matrix3d::Zero();  ///< GPa, W/V
  double volume_A3 = 0;          ///< Å³, final cell volume
  double enthalpy_initial = 0;   ///< eV, E + p0·V at the start (p0 the target pressure)
  double enthalpy_final = 0;     ///< eV, E + p0·V at the returned configuration
};

namespace detail {

/// max_i |f_i| (eV/Å) over the columns.
inline double max_norm(const Eigen::Matrix3Xd& f) {
  return f.cols() == 0 ? 0.0 : f.colwise().norm().maxCoeff();
}

inline bool finite_eval(double energy, const Eigen::Matrix3Xd* forces) {
  return std::isfinite(energy) && (forces == nullptr || forces->allFinite());
}

/// stop.target reached at (positions, energy)?
inline bool target_reached(const stop_criteria& stop, const Eigen::Matrix3Xd& positions, double energy) {
  return stop.target && stop.target(positions, energy);
}

/// LAMMPS-style relative energy criterion.
inline bool energy_converged(double e_old, double e_new, double etol) {
  return etol > 0 && std::abs(e_new - e_old) <= 0.5 * etol * (std::abs(e_new) + std::abs(e_old) + 1e-300);
}

inline constexpr const char* non_finite_start =
    "non-finite energy or forces at the starting configuration (overlapping atoms?)";

}  // namespace detail
}  // namespace pelkit
