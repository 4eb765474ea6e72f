// pelkit/elastic/elastic.hpp — elastic constants at T = 0 of a minimised configuration, two ways,
// and the shear and bulk moduli derived from them (docs/elastic.md).
//
//   auto calc = pelkit::calculator(pelkit::eam::from_file("CuZr_mm.eam.fs"));
//   pelkit::elastic_result a = pelkit::elastic_strain(calc, glass);    // finite strain (LAMMPS ELASTIC)
//   pelkit::elastic_result b = pelkit::elastic_response(calc, glass);  // linear response (Lutsko)
//   b.shear.hill;                                                      // GPa
//   pelkit::hessian_pseudo_inverse Hp(pelkit::dense_hessian(calc, glass));  // factorise once for
//   pelkit::elastic_response(calc, glass, Hp);                              // both C and soft_modes(Hp, m)
//
// Voigt order k = 0..5: xx yy zz yz xz xy. Strain k is the deformation gradient F = I + ε E_k with
// E_k = e_a e_bᵀ (a ≤ b), i.e. exactly what LAMMPS's `change_box ... remap` does to an upper-
// triangular cell (normal strain scales row a of h; shear yz/xz/xy adds ε·(row b) to row a), so a
// shear ε is the engineering shear strain γ = 2η_ab.
//
// Both methods measure the stress–strain coefficients of the virial pressure tensor P = W/V,
//   B_kl = −dP_k/dε_l      (relaxed atoms, P_k = W_ab/V, stress σ = −P),
// which is what LAMMPS's examples/ELASTIC reports. At a configuration with a residual stress
// σ0 = −P0 they differ from the energy elastic constants C_kl = (1/V) ∂²E/∂η_k∂η_l (Wallace,
// "Thermodynamics of Crystals" (1972), Lagrangian strain η = (FᵀF − I)/2, relaxed) by terms linear
// in P0 (derived in docs/elastic.md):
//   B_kl = C_kl − S_kl(P0),  S_kl = P0 : sym(E_kᵀE_l) + (P0 E_lᵀ)_{a_k b_k} − P0_k tr(E_l),
// e.g. for P0 = p I: B11 = C11 − p, B12 = C12 + p, B44 = C44 − p (Wallace's B). B is not symmetric
// for an anisotropic residual stress; `C_GPa` is its symmetric part (used for the moduli),
// `raw_GPa` the unsymmetrised matrix, `wallace_GPa` = sym(B + S).
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/core/units.hpp>
#include <pelkit/hessian/hessian.hpp>
#include <pelkit/hessian/pseudo_inverse.hpp>
#include <pelkit/minimize/lbfgs.hpp>
#include <pelkit/potential/calculator.hpp>

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <cmath>
#include <sstream>
#include <string>
#include <utility>

namespace pelkit {

using matrix6 = Eigen::Matrix<double, 6, 6>;
using vector6 = Eigen::Matrix<double, 6, 1>;

struct elastic_options {
  double strain = 1e-5;      ///< strain amplitude δ (dimensionless; engineering shear), ±δ per Voigt strain;
                             ///< for the response method the finite-difference step of Born term and Ξ
  double relax_fmax = 1e-8;  ///< eV/Å: strained configurations are relaxed to this (method strain)
  double max_force = 1e-4;   ///< eV/Å: the input must be a minimum to within this largest force norm
  long max_force_evaluations = 200000;  ///< per relaxation (method strain)
};

/// Shear modulus estimates (GPa) from a 6×6 C.
struct shear_moduli {
  double voigt = 0, reuss = 0, hill = 0;
  double c44_mean = 0;      ///< (C44 + C55 + C66)/3
  double c11_c12_half = 0;  ///< (C_ii − C_ij)/2 averaged over the pairs (11,22;12) (11,33;13) (22,33;23)
};

/// Bulk modulus estimates (GPa).
struct bulk_moduli {
  double voigt = 0, reuss = 0, hill = 0;
};

struct elastic_result {
  std::string method;            ///< "strain" or "response"
  matrix6 C_GPa;                 ///< GPa, symmetrised stress–strain coefficients sym(B) (see top)
  matrix6 raw_GPa;               ///< GPa, B_kl = −dP_k/dε_l before symmetrisation
  matrix6 wallace_GPa;           ///< GPa, sym(B + S(P0)): energy elastic constants C (Wallace)
  matrix6 born_GPa;              ///< GPa, affine part of B (response method only; zero otherwise)
  double asymmetry_GPa = 0;      ///< GPa, max_kl |B_kl − B_lk|
  Eigen::Matrix3d residual_stress_GPa = Eigen::Matrix3d::Zero();  ///< GPa, σ0 = −W/V (negative = compressed)
  double fmax = 0;               ///< eV/Å, largest force norm of the input
  long force_evaluations = 0;    ///< potential evaluations used
  shear_moduli shear;            ///< from C_GPa
  bulk_moduli bulk;              ///< from C_GPa
};

namespace elastic_detail {

/// Cartesian indices (a, b), a ≤ b, of Voigt index k (xx yy zz yz xz xy).
inline std::pair<int, int> voigt_pair(int k) {
  static constexpr int a[6] = {0, 1, 2, 1, 0, 0}, b[6] = {0, 1, 2, 2, 2, 1};
  return {a[k], b[k]};
}

/// E_k = e_a e_bᵀ: the deformation-gradient direction of Voigt strain k.
inline Eigen::Matrix3d strain_direction(int k) {
  const auto [a, b] = voigt_pair(k);
  Eigen::Matrix3d E = Eigen::Matrix3d::Zero();
  E(a, b) = 1;
  return E;
}

/// Voigt vector (a ≤ b components) of a 3×3 tensor.
inline vector6 to_voigt(const Eigen::Matrix3d& t) {
  vector6 v;
  for (int k = 0; k < 6; ++k) v[k] = t(voigt_pair(k).first, voigt_pair(k).second);
  return v;
}

/// The system affinely deformed by F (upper triangular): cell h → F h, origin lo → F lo,
/// positions x → F x (fractional coordinates unchanged).
inline system deform(const system& s, const Eigen::Matrix3d& F) {
  system d = s;
  const Eigen::Matrix3d h = (F * s.box.h()).triangularView<Eigen::Upper>();
  d.box = periodic_box::from_matrix(F * s.box.lo(), h);
  d.positions = F * s.positions;
  return d;
}

/// Largest per-atom force norm, eV/Å.
inline double largest_force(const Eigen::Matrix3Xd& f) {
  return f.cols() ? f.colwise().norm().maxCoeff() : 0.0;
}

/// S(P0) of B = C − S (eV/Å³ in, same units out); P0 the pressure tensor W/V.
inline matrix6 residual_stress_terms(const Eigen::Matrix3d& P0) {
  matrix6 S;
  for (int k = 0; k < 6; ++k)
    for (int l = 0; l < 6; ++l) {
      const Eigen::Matrix3d Ek = strain_direction(k), El = strain_direction(l);
      const Eigen::Matrix3d EkEl = Ek.transpose() * El;
      const auto [a, b] = voigt_pair(k);
      S(k, l) = (P0.cwiseProduct(0.5 * (EkEl + EkEl.transpose()))).sum() + (P0 * El.transpose())(a, b) -
                P0(a, b) * El.trace();
    }
  return S;
}

/// Fills C_GPa, wallace_GPa, asymmetry and the moduli from raw_GPa and residual_stress_GPa.
inline void finish(elastic_result& r);

/// Throws pelkit::error unless `opt` is usable.
inline void check_options(const elastic_options& opt) {
  if (!(opt.strain > 0) || !(opt.strain <= 0.01))
    throw error("elastic: strain amplitude must be in (0, 0.01], got " + std::to_string(opt.strain) +
                " (typical 1e-5)");
  if (!(opt.relax_fmax > 0) || !std::isfinite(opt.relax_fmax))
    throw error("elastic: relax_fmax must be > 0 (eV/Å), got " + std::to_string(opt.relax_fmax));
  if (!(opt.max_force > 0) || !std::isfinite(opt.max_force))
    throw error("elastic: max_force must be > 0 (eV/Å), got " + std::to_string(opt.max_force));
}

/// Evaluates `s`, checks it is a minimum (largest force ≤ opt.max_force) and records the residual
/// stress and fmax in `r`. Throws pelkit::error otherwise.
template <force_provider Calc>
void check_minimum(Calc& calc, const system& s, const elastic_options& opt, elastic_result& r) {
  validate(s, "elastic");
  if (s.size() < 2) throw error("elastic: need at least two atoms");
  const evaluation& e = calc.compute(s, {true, true, false});
  ++r.force_evaluations;
  if (!std::isfinite(e.energy) || !e.forces.allFinite() || !e.virial.allFinite())
    throw error("elastic: the energy, forces or virial of the input are not finite (overlapping atoms?)");
  r.fmax = largest_force(e.forces);
  if (r.fmax > opt.max_force) {
    std::ostringstream msg;
    msg << "elastic: the configuration is not a minimum: largest force " << r.fmax
        << " eV/Å > tolerance " << opt.max_force
        << " eV/Å; minimise it first (e.g. pelkit minimize --fmax 1e-8)";
    throw error(msg.str());
  }
  r.residual_stress_GPa = -e.pressure_tensor(s.box.volume()) * units::eV_per_A3_to_GPa;
}

/// Virial pressure W/V (eV/Å³, Voigt) of `s` after relaxing its atoms at fixed cell.
template <force_provider Calc>
vector6 relaxed_pressure(Calc& calc, system s, const elastic_options& opt, long& evaluations) {
  stop_criteria stop;
  stop.fmax = opt.relax_fmax;
  stop.max_force_evaluations = opt.max_force_evaluations;
  const minimize_result m = lbfgs{}.minimize(calc, s, stop);
  evaluations += m.force_evaluations + m.energy_evaluations + 1;
  if (!m.converged) {
    std::ostringstream msg;
    msg << "elastic: relaxing a strained configuration did not reach fmax " << opt.relax_fmax
        << " eV/Å (" << m.reason << ", fmax " << m.fmax << " eV/Å); raise relax_fmax (--relax-fmax)";
    throw error(msg.str());
  }
  const evaluation& e = calc.compute(s, {false, true, false});
  return to_voigt(e.pressure_tensor(s.box.volume()));
}

/// B_aff = −∂P/∂ε at fixed fractional coordinates (eV/Å³) and Ξ = −∂f/∂ε (3N×6, eV/Å), both by
/// central differences with step h under the affine deformation F = I ± h E_l.
template <force_provider Calc>
std::pair<matrix6, Eigen::MatrixXd> affine_derivatives(Calc& calc, const system& s, double h, long& evaluations) {
  matrix6 Baff;
  Eigen::MatrixXd Xi(3 * Eigen::Index(s.size()), 6);
  for (int l = 0; l < 6; ++l) {
    vector6 P[2];
    Eigen::Matrix3Xd f[2];
    for (int side = 0; side < 2; ++side) {
      const system d = deform(s, Eigen::Matrix3d::Identity() + (side ? -h : h) * strain_direction(l));
      const evaluation& e = calc.compute(d, {true, true, false});
      P[side] = to_voigt(e.pressure_tensor(d.box.volume()));
      f[side] = e.forces;
    }
    evaluations += 2;
    Baff.col(l) = -(P[0] - P[1]) / (2 * h);
    Xi.col(l) = -(f[0] - f[1]).reshaped() / (2 * h);
  }
  return {Baff, Xi};
}

/// Ξᵀ H⁺ Ξ (units of Ξ²/H), symmetrised.
inline matrix6 relaxation_term(const hessian_pseudo_inverse& Hp, const Eigen::MatrixXd& Xi) {
  if (Xi.rows() != Hp.size()) throw error("elastic: Hessian and Ξ sizes disagree");
  const matrix6 R = Xi.transpose() * Hp.solve(Xi);
  return 0.5 * (R + R.transpose());
}

}  // namespace elastic_detail

/// Shear moduli (GPa) of a 6×6 C (GPa): Voigt, Reuss (from S = C⁻¹), Hill = mean, and the two
/// isotropic-glass estimates. Throws pelkit::error when C is not positive definite.
inline shear_moduli shear_modulus(const matrix6& C) {
  Eigen::LLT<matrix6> llt(C);
  if (llt.info() != Eigen::Success || !C.allFinite())
    throw error("elastic: C is not positive definite: the configuration is mechanically unstable "
                "(no finite compliance, Reuss/Hill moduli undefined)");
  const matrix6 S = llt.solve(matrix6::Identity());
  shear_moduli g;
  g.voigt = (C(0, 0) + C(1, 1) + C(2, 2) - C(0, 1) - C(0, 2) - C(1, 2) + 3 * (C(3, 3) + C(4, 4) + C(5, 5))) / 15;
  g.reuss = 15 / (4 * (S(0, 0) + S(1, 1) + S(2, 2)) - 4 * (S(0, 1) + S(0, 2) + S(1, 2)) +
                  3 * (S(3, 3) + S(4, 4) + S(5, 5)));
  g.hill = (g.voigt + g.reuss) / 2;
  g.c44_mean = (C(3, 3) + C(4, 4) + C(5, 5)) / 3;
  g.c11_c12_half = (C(0, 0) + C(1, 1) + C(2, 2) - C(0, 1) - C(0, 2) - C(1, 2)) / 6;
  return g;
}

/// Bulk moduli (GPa): Voigt (C11+C22+C33 + 2(C12+C13+C23))/9, Reuss 1/(S11+S22+S33 + 2(S12+S13+S23)).
inline bulk_moduli bulk_modulus(const matrix6& C) {
  Eigen::LLT<matrix6> llt(C);
  if (llt.info() != Eigen::Success || !C.allFinite())
    throw error("elastic: C is not positive definite: the configuration is mechanically unstable");
  const matrix6 S = llt.solve(matrix6::Identity());
  bulk_moduli b;
  b.voigt = (C(0, 0) + C(1, 1) + C(2, 2) + 2 * (C(0, 1) + C(0, 2) + C(1, 2))) / 9;
  b.reuss = 1 / (S(0, 0) + S(1, 1) + S(2, 2) + 2 * (S(0, 1) + S(0, 2) + S(1, 2)));
  b.hill = (b.voigt + b.reuss) / 2;
  return b;
}

inline void elastic_detail::finish(elastic_result& r) {
  if (!r.raw_GPa.allFinite()) throw error("elastic: non-finite elastic constants");
  r.C_GPa = 0.5 * (r.raw_GPa + r.raw_GPa.transpose());
  r.asymmetry_GPa = (r.raw_GPa - r.raw_GPa.transpose()).cwiseAbs().maxCoeff();
  const matrix6 W = r.raw_GPa + residual_stress_terms(-r.residual_stress_GPa);
  r.wallace_GPa = 0.5 * (W + W.transpose());
  r.shear = shear_modulus(r.C_GPa);
  r.bulk = bulk_modulus(r.C_GPa);
}

/// Finite-strain elastic constants, as LAMMPS examples/ELASTIC: for each Voigt strain k the
/// affinely deformed cell F = I ± δ E_k, atoms relaxed at fixed cell with L-BFGS to
/// opt.relax_fmax, B_lk = −(P_l(+δ) − P_l(−δ)) / 2δ. `s` must be a minimum (largest force ≤
/// opt.max_force, eV/Å). Results in GPa. Cost: 12 relaxations.
template <force_provider Calc>
elastic_result elastic_strain(Calc& calc, const system& s, const elastic_options& opt = {}) {
  elastic_detail::check_options(opt);
  elastic_result r;
  r.method = "strain";
  elastic_detail::check_minimum(calc, s, opt, r);
  r.born_GPa.setZero();
  for (int k = 0; k < 6; ++k) {
    vector6 P[2];
    for (int side = 0; side < 2; ++side) {
      const Eigen::Matrix3d F = Eigen::Matrix3d::Identity() + (side ? -opt.strain : opt.strain) *
                                                                  elastic_detail::strain_direction(k);
      P[side] = elastic_detail::relaxed_pressure(calc, elastic_detail::deform(s, F), opt, r.force_evaluations);
    }
    r.raw_GPa.col(k) = -(P[0] - P[1]) / (2 * opt.strain) * units::eV_per_A3_to_GPa;
  }
  elastic_detail::finish(r);
  return r;
}

/// Linear-response elastic constants (Lutsko, J. Appl. Phys. 65, 2991 (1989); Lemaître &
/// Maloney, J. Stat. Phys. 123, 415 (2006)): B = B_aff − Ξᵀ H⁺ Ξ / V with the affine term B_aff
/// and Ξ = ∂²E/∂x∂ε = −∂f/∂ε from central differences (step opt.strain) of the virial pressure
/// and the forces under the affine deformation, and H⁺ from `Hp`, the factorised analytic
/// Hessian of `s` (shared with soft_modes). Same quantity as elastic_strain (GPa).
template <force_provider Calc>
elastic_result elastic_response(Calc& calc, const system& s, const hessian_pseudo_inverse& Hp,
                                const elastic_options& opt = {}) {
  elastic_detail::check_options(opt);
  if (Hp.size() != 3 * Eigen::Index(s.size()))
    throw error("elastic: the factorised Hessian has " + std::to_string(Hp.size()) + " rows, the system " +
                std::to_string(s.size()) + " atoms");
  elastic_result r;
  r.method = "response";
  elastic_detail::check_minimum(calc, s, opt, r);
  const auto [Baff, Xi] = elastic_detail::affine_derivatives(calc, s, opt.strain, r.force_evaluations);
  const matrix6 R = elastic_detail::relaxation_term(Hp, Xi) / s.box.volume();
  r.born_GPa = Baff * units::eV_per_A3_to_GPa;
  r.raw_GPa = (Baff - R) * units::eV_per_A3_to_GPa;
  elastic_detail::finish(r);
  return r;
}

/// elastic_response with the analytic dense Hessian of `s` factorised here. Memory 72·N² bytes,
/// time O(N³) (one Cholesky factorisation).
template <hessian_potential P>
elastic_result elastic_response(calculator<P>& calc, const system& s, const elastic_options& opt = {}) {
  elastic_detail::check_options(opt);
  elastic_result r;
  elastic_detail::check_minimum(calc, s, opt, r);  // refuse a non-minimum before the O(N³) work
  elastic_result out = elastic_response(calc, s, hessian_pseudo_inverse(dense_hessian(calc, s), "elastic"), opt);
  out.force_evaluations += r.force_evaluations;
  return out;
}

}  // namespace pelkit
