// pelkit/potential/evaluation.hpp — what one potential evaluation produces.
#pragma once
#include <Eigen/Core>

namespace pelkit {

/// What the caller needs from an evaluation; potentials skip work that is not asked for.
struct request {
  bool forces = true;
  bool virial = true;
  bool per_atom_energy = false;
};

/// Result of one evaluation.
///
/// The virial is W = Σ_pairs r_ij ⊗ f_ij (eV) with r_ij = r_i − r_j and f_ij the force on i
/// due to j (LAMMPS's convention). The virial part of the pressure tensor is W / V (positive
/// when compressed), the stress is −W / V.
struct evaluation {
  double energy = 0;                 ///< total potential energy, eV
  Eigen::Matrix3Xd forces;           ///< eV/Å, one column per atom
  Eigen::Matrix3d virial = Eigen::Matrix3d::Zero();  ///< eV, symmetric
  Eigen::VectorXd energy_per_atom;   ///< eV, filled only when requested

  /// Virial pressure tensor W/V in eV/Å³ for a cell of volume V (Å³).
  Eigen::Matrix3d pressure_tensor(double volume) const { return virial / volume; }

  void reset(Eigen::Index natoms, const request& r) {
    energy = 0;
    virial.setZero();
    if (r.forces) forces.setZero(3, natoms);
    if (r.per_atom_energy) energy_per_atom.setZero(natoms);
  }
};

}  // namespace pelkit
