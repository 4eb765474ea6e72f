// pelkit/minimize/cell_filter.hpp — relax the cell together with the atoms (the idea of ASE's
// UnitCellFilter; Larsen et al., J. Phys.: Condens. Matter 29, 273002 (2017)), at a target
// hydrostatic pressure p0.
//
//   pelkit::minimize_result r = pelkit::relax(pelkit::lbfgs{}, calc, glass,
//                                             {.mode = pelkit::cell_mode::full, .pressure_GPa = 5});
//
// Coordinates. F is the deformation gradient of the cell (upper triangular, F = I at the start,
// h = F h0 in LAMMPS form). The extended system the minimiser moves has N + 3 position columns:
// columns 0..N−1 are the atoms in the start frame, X_i = F⁻¹ x_i (Å); columns N..N+2 are the
// columns of c·F, with c the cell factor (Å, default V0^(1/3)). The minimiser sees
//   H(X, F) = E(F X, F h0) + p0 V,      V = det(F) V0                          (eV)
// and the generalised forces −∂H/∂X_i = Fᵀ f_i (eV/Å) and
//   −∂H/∂(cF) = G = (W − p0 V I) F⁻ᵀ / c                                       (eV/Å),
// using ∂E/∂F = −W F⁻ᵀ for the virial W = Σ r_ij ⊗ f_ij (evaluation.hpp). G is projected onto
// the components the mode lets move; the others keep zero force and never move:
//   fixed: none; isotropic: each diagonal entry gets tr(G)/3 (F stays λ I); anisotropic: the
//   diagonal (the three box lengths); full: the upper triangle (lx, ly, lz, xy, xz, yz).
//
// Why c = V0^(1/3): a cell coordinate then moves like a box edge, in Å, so step limits in Å and
// the fmax criterion (eV/Å) apply to it as to an atom. At F ≈ I a cell column is
// V (P − p0 I) / c, so fmax bounds each column of the pressure residual:
//   |P − p0 I|_column ≤ fmax · c / V = fmax / V0^(2/3)    (eV/Å³; × 160.2 for GPa),
// e.g. fmax 1e-6 eV/Å in a 40 Å box: ≤ 6e-10 eV/Å³ = 1e-7 GPa.
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/core/units.hpp>
#include <pelkit/minimize/result.hpp>

#include <Eigen/LU>
#include <cmath>
#include <limits>
#include <string>

namespace pelkit {

/// Which cell components relax.
enum class cell_mode { fixed, isotropic, anisotropic, full };

inline const char* to_string(cell_mode m) {
  switch (m) {
    case cell_mode::fixed: return "fixed";
    case cell_mode::isotropic: return "isotropic";
    case cell_mode::anisotropic: return "anisotropic";
    case cell_mode::full: return "full";
  }
  return "?";
}

struct cell_relaxation {
  cell_mode mode = cell_mode::isotropic;
  double pressure_GPa = 0;   ///< GPa, target hydrostatic pressure p0 (positive = compression)
  double cell_factor_A = 0;  ///< Å, scale c of the cell coordinates; 0 → V0^(1/3) of the start cell
};

/// Throws pelkit::error for a non-finite pressure or a negative / non-finite cell factor.
inline void check(const cell_relaxation& c) {
  if (!std::isfinite(c.pressure_GPa))
    throw error("cell relaxation: target pressure must be finite (GPa), got " + std::to_string(c.pressure_GPa));
  if (!(c.cell_factor_A >= 0) || !std::isfinite(c.cell_factor_A))
    throw error("cell relaxation: cell_factor_A must be >= 0 and finite (Å; 0 = V^(1/3)), got " +
                std::to_string(c.cell_factor_A));
}

/// A force_provider over the extended system (N + 3 columns) wrapping `calc` for the atoms.
template <force_provider Calc>
class cell_filter {
public:
  /// `s` is the start configuration (defines X, h0, V0); it is not modified.
  cell_filter(Calc& calc, const system& s, const cell_relaxation& opt);

  /// The extended start system: the atoms, then three "cell" columns (c·I) of their own type
  /// with the mean atomic mass (what FIRE uses as their mass).
  const system& extended() const { return ext0_; }
  double cell_factor() const { return c_; }          ///< Å
  double target_pressure() const { return p0_; }     ///< eV/Å³

  /// H (eV) and the generalised forces (eV/Å) of the extended system; the virial field holds
  /// the physical virial W (eV) of the deformed cell. A degenerate cell gives energy +inf.
  const evaluation& compute(const system& ext, const request& req = {});

  /// F, the deformation gradient encoded in the last three columns of `ext`.
  Eigen::Matrix3d deformation(const system& ext) const;
  /// Writes the physical positions x = F X and the cell (F lo0, F h0) of `ext` into `s`.
  void apply(const system& ext, system& s) const;

private:
  Eigen::Matrix3d project(const Eigen::Matrix3d& g) const;

  Calc& calc_;
  cell_mode mode_;
  double p0_, c_;
  Eigen::Vector3d lo0_;
  Eigen::Matrix3d h0_;
  Eigen::Index n_;
  system phys_, ext0_;
  evaluation out_;
};

template <force_provider Calc>
cell_filter<Calc>::cell_filter(Calc& calc, const system& s, const cell_relaxation& opt)
    : calc_(calc), mode_(opt.mode), p0_(opt.pressure_GPa / units::eV_per_A3_to_GPa),
      lo0_(s.box.lo()), h0_(s.box.h()), n_(Eigen::Index(s.size())), phys_(s) {
  check(opt);
  if (s.positions.cols() != n_ || n_ == 0)
    throw error("cell filter: need one position per atom and at least one atom (got " +
                std::to_string(s.positions.cols()) + " positions, " + std::to_string(n_) + " atoms)");
  c_ = opt.cell_factor_A > 0 ? opt.cell_factor_A : std::cbrt(s.box.volume());
  ext0_ = s;
  ext0_.velocities.reset();
  ext0_.positions.conservativeResize(3, n_ + 3);
  ext0_.positions.rightCols(3) = c_ * Eigen::Matrix3d::Identity();
  const int cell_type = s.type_count();
  ext0_.type_names.push_back("cell");
  ext0_.type_masses.push_back(s.total_mass() / double(n_));
  ext0_.types.insert(ext0_.types.end(), 3, cell_type);
  ext0_.images.conservativeResize(3, n_ + 3);
  ext0_.images.rightCols(3).setZero();
  ext0_.ids.clear();
}

template <force_provider Calc>
Eigen::Matrix3d cell_filter<Calc>::deformation(const system& ext) const {
  if (ext.positions.cols() != n_ + 3)
    throw error("cell filter: the extended system must have " + std::to_string(n_ + 3) +
                " position columns (atoms + 3 cell), got " + std::to_string(ext.positions.cols()));
  return Eigen::Matrix3d(ext.positions.rightCols(3).template triangularView<Eigen::Upper>()) / c_;
}

template <force_provider Calc>
void cell_filter<Calc>::apply(const system& ext, system& s) const {
  const Eigen::Matrix3d F = deformation(ext);
  const Eigen::Matrix3d h = (F * h0_).template triangularView<Eigen::Upper>();
  s.box = periodic_box::from_matrix(F * lo0_, h);
  s.positions.noalias() = F * ext.positions.leftCols(n_);
}

template <force_provider Calc>
Eigen::Matrix3d cell_filter<Calc>::project(const Eigen::Matrix3d& g) const {
  switch (mode_) {
    case cell_mode::fixed: return Eigen::Matrix3d::Zero();
    case cell_mode::isotropic: return Eigen::Matrix3d::Identity() * (g.trace() / 3);
    case cell_mode::anisotropic: return Eigen::Matrix3d(g.diagonal().asDiagonal());
    case cell_mode::full: return g.triangularView<Eigen::Upper>();
  }
  return Eigen::Matrix3d::Zero();
}

template <force_provider Calc>
const evaluation& cell_filter<Calc>::compute(const system& ext, const request& req) {
  const Eigen::Matrix3d F = deformation(ext);
  const Eigen::Vector3d extent = (F * h0_).diagonal();
  if (!F.allFinite() || !(extent.minCoeff() > 0) || !ext.positions.allFinite()) {
    out_.energy = std::numeric_limits<double>::infinity();  // degenerate cell: reject the step
    if (req.forces) out_.forces.setConstant(3, n_ + 3, std::numeric_limits<double>::quiet_NaN());
    return out_;
  }
  apply(ext, phys_);
  const evaluation& e = calc_.compute(phys_, {req.forces, req.forces, false});
  const double V = phys_.box.volume();
  out_.energy = e.energy + p0_ * V;
  if (req.forces) {
    out_.virial = e.virial;
    out_.forces.resize(3, n_ + 3);
    out_.forces.leftCols(n_).noalias() = F.transpose() * e.forces;
    const Eigen::Matrix3d g =
        (e.virial - p0_ * V * Eigen::Matrix3d::Identity()) * F.inverse().transpose() / c_;
    out_.forces.rightCols(3) = project(g);
  }
  return out_;
}

namespace detail {

/// Fills the pressure, volume, energy and enthalpy fields of r from one evaluation of s.
template <force_provider Calc>
void report_cell(Calc& calc, const system& s, double p0, minimize_result& r) {
  const evaluation& e = calc.compute(s, {true, true, false});
  const double V = s.box.volume();
  r.volume_A3 = V;
  r.enthalpy_final = e.energy + p0 * V;
  if (!std::isfinite(e.energy) || !e.virial.allFinite()) return;
  r.energy_final = e.energy;
  r.pressure_tensor_GPa = e.pressure_tensor(V) * units::eV_per_A3_to_GPa;
  r.pressure_GPa = r.pressure_tensor_GPa.trace() / 3;
}

}  // namespace detail

/// Relaxes the atoms and, as `cell` says, the cell of `s` at the target pressure with minimiser
/// `m`; writes the final positions and box into `s`. Mode fixed is m.minimize(calc, s, stop).
/// Otherwise fmax applies to the N + 3 generalised forces (r.fmax is their max column norm) and
/// the energy tolerance to H. energy_* are potential energies E (eV), enthalpy_* are E + p0 V.
/// One extra evaluation after the run gives pressure_GPa, pressure_tensor_GPa and volume_A3.
template <class Minimizer, force_provider Calc>
minimize_result relax(const Minimizer& m, Calc& calc, system& s, const cell_relaxation& cell,
                      const stop_criteria& stop = {}) {
  check(cell);
  const double p0 = cell.pressure_GPa / units::eV_per_A3_to_GPa;
  const double V0 = s.box.volume();
  minimize_result r;
  if (cell.mode == cell_mode::fixed) {
    r = m.minimize(calc, s, stop);
  } else {
    cell_filter<Calc> filter(calc, s, cell);
    system ext = filter.extended();
    r = m.minimize(filter, ext, stop);
    filter.apply(ext, s);
    r.energy_initial -= p0 * V0;  // the minimiser reported H
  }
  r.enthalpy_initial = r.energy_initial + p0 * V0;
  detail::report_cell(calc, s, p0, r);
  return r;
}

}  // namespace pelkit
