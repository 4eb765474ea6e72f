// pelkit/descriptor/soft_mode.hpp — the soft-mode parameter Ψ of every atom, exactly, from one
// Cholesky factorisation (no eigendecomposition), and full vibrational analysis for small systems.
//
//   Eigen::MatrixXd H = pelkit::dense_hessian(calc, glass);          // eV/Å², at a minimum
//   pelkit::soft_mode_result r = pelkit::soft_modes(H, glass);
//   r.psi_dynamical[i];   // ps²:    Σ_l |e_l,i|² / ω_l²  over the 3N−3 modes of D = M^-½ H M^-½
//   r.psi_hessian[i];     // Å²/eV:  Σ_l |e_l,i|² / λ_l   over the 3N−3 modes of H
//
// soft_modes(hessian_pseudo_inverse, masses) takes an already factorised Hessian, to share the
// factorisation with elastic_response (pelkit/hessian/pseudo_inverse.hpp).
//
// Ψ_i (Tong & Xu, Phys. Rev. E 90, 010401 (2014)) is the trace of atom i's 3×3 diagonal block
// of the pseudo-inverse of the dynamical matrix (mass-weighted form, the default, ω in rad/ps)
// or of the Hessian (unweighted form). In a periodic cell H has exactly three zero modes, the
// rigid translations (orthonormal columns T, t_a = e_a on every atom / √N). With P = T Tᵀ and
// c > 0, A = H + cP is positive definite when the configuration is a stable minimum, and
//   H⁺ = A⁻¹ − P / c                         (H and P commute, HP = 0).
// Cholesky A = L Lᵀ (hessian_pseudo_inverse); the diagonal blocks of A⁻¹ = L⁻ᵀL⁻¹ come from the columns of L⁻¹, which
// are computed block-column by block-column exploiting their zero upper part (n³/3 flops, the
// same as the factorisation; threads take whole block-columns). For the dynamical matrix,
// X = M^½ H⁺ M^½ satisfies D X D = D and X y solves D x = y for y ⟂ null(D), so
//   D⁺ = Q X Q,  Q = I − Z Zᵀ,  z_a = √m_i e_a / √M  (the mass-weighted translations),
// whose diagonal blocks need only X's diagonal blocks and X Z (three solves with L).
//
// Units: H in eV/Å²; masses amu; psi_hessian Å²/eV; psi_dynamical ps² (1/ω², ω in rad/ps;
// the conversion uses units::amu_A2_per_ps2_to_eV). Memory: one dense 3N×3N matrix (1.15 GB
// for 4000 atoms) plus one block-column per thread.
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/core/parallel.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/core/units.hpp>
#include <pelkit/hessian/pseudo_inverse.hpp>

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace pelkit {

struct soft_mode_result {
  Eigen::VectorXd psi_dynamical;  ///< ps², per atom (mass-weighted, the default)
  Eigen::VectorXd psi_hessian;    ///< Å²/eV, per atom (unweighted)
  double shift = 0;               ///< eV/Å², the c of A = H + c T Tᵀ used
};

/// Ψ of every atom from the factorised Hessian `Hp` (a stable minimum of a periodic system,
/// pelkit/hessian/pseudo_inverse.hpp) and the atoms' masses (amu). Reuse `Hp` for
/// elastic_response to factorise once.
inline soft_mode_result soft_modes(const hessian_pseudo_inverse& Hp, const Eigen::VectorXd& masses) {
  const Eigen::Index n = Hp.size(), N = n / 3;
  if (masses.size() != N)
    throw error("soft_modes: need N masses for a 3N x 3N Hessian, got " + std::to_string(masses.size()) +
                " masses for " + std::to_string(n) + " rows");
  if ((masses.array() <= 0).any()) throw error("soft_modes: masses must be positive (amu)");
  soft_mode_result r;
  r.shift = Hp.shift();
  const std::vector<Eigen::Matrix3d> hp = Hp.diagonal_blocks();  // H⁺_ii
  r.psi_hessian.resize(N);
  for (Eigen::Index i = 0; i < N; ++i) r.psi_hessian[i] = hp[std::size_t(i)].trace();

  // X Z with X = M^½ H⁺ M^½, Z = mass-weighted translations (n × 3)
  const double M = masses.sum();
  Eigen::MatrixXd Y = Eigen::MatrixXd::Zero(n, 3);  // M^½ Z: m_i e_a / √M
  for (Eigen::Index i = 0; i < N; ++i)
    for (int a = 0; a < 3; ++a) Y(3 * i + a, a) = masses[i] / std::sqrt(M);
  const Eigen::MatrixXd HY = Hp.solve(Y);  // H⁺ Y
  Eigen::MatrixXd XZ(n, 3);
  for (Eigen::Index i = 0; i < N; ++i) XZ.middleRows(3 * i, 3) = std::sqrt(masses[i]) * HY.middleRows(3 * i, 3);
  Eigen::Matrix3d ZXZ = Eigen::Matrix3d::Zero();
  for (Eigen::Index i = 0; i < N; ++i) ZXZ += std::sqrt(masses[i] / M) * XZ.middleRows(3 * i, 3);
  // (D⁺)_ii = m_i H⁺_ii − s_i (XZ_i + XZ_iᵀ) + s_i² ZᵀXZ,  s_i = √(m_i / M)
  r.psi_dynamical.resize(N);
  for (Eigen::Index i = 0; i < N; ++i) {
    const double s = std::sqrt(masses[i] / M);
    const Eigen::Matrix3d XZi = XZ.middleRows(3 * i, 3);
    const Eigen::Matrix3d D = masses[i] * hp[std::size_t(i)] - s * (XZi + XZi.transpose()) + s * s * ZXZ;
    r.psi_dynamical[i] = D.trace() * units::amu_A2_per_ps2_to_eV;  // Å² amu/eV → ps²
  }
  return r;
}

/// Ψ of every atom from the Hessian `H` (3N×3N, eV/Å², symmetric, at a stable minimum of a
/// periodic system) and the atoms' masses (amu). Throws pelkit::error when H is not positive
/// definite apart from the translations (negative or extra zero eigenvalues: a saddle, an
/// unstable configuration, or not a minimum). Pass std::move(H) to factorise without a copy.
inline soft_mode_result soft_modes(Eigen::MatrixXd H, const Eigen::VectorXd& masses) {
  if (H.rows() != 3 * masses.size())
    throw error("soft_modes: need a 3N x 3N Hessian and N >= 2 masses, got " + std::to_string(H.rows()) + " x " +
                std::to_string(H.cols()) + " and " + std::to_string(masses.size()) + " masses");
  if ((masses.array() <= 0).any()) throw error("soft_modes: masses must be positive (amu)");  // before the O(N³) work
  return soft_modes(hessian_pseudo_inverse(std::move(H), "soft_modes"), masses);
}

/// Per-atom masses (amu) of a system.
inline Eigen::VectorXd atom_masses(const system& s) {
  Eigen::VectorXd m(Eigen::Index(s.size()));
  for (std::size_t i = 0; i < s.size(); ++i) m[Eigen::Index(i)] = s.mass(i);
  return m;
}

inline soft_mode_result soft_modes(const Eigen::MatrixXd& H, const system& s) {
  return soft_modes(H, atom_masses(s));
}

/// All vibrational modes of a small system by full diagonalisation of D = M^-½ H M^-½:
/// ω² (eigenvalues, 1/ps², ascending; the three translations ≈ 0), the mass-weighted
/// eigenvectors (columns, unit norm) and each mode's participation ratio
/// PR = (Σ_i |e_i|²)² / (N Σ_i |e_i|⁴) (1: extended, ~1/N: localised).
struct vibrational_modes {
  Eigen::VectorXd omega2_per_ps2;
  Eigen::MatrixXd modes;
  Eigen::VectorXd participation;

  /// Frequencies ν = ω / 2π in THz (imaginary modes as negative numbers).
  Eigen::VectorXd frequencies_THz() const {
    return omega2_per_ps2.unaryExpr([](double w2) { return std::copysign(std::sqrt(std::abs(w2)), w2) / (2 * M_PI); });
  }
};

inline vibrational_modes vibrational_analysis(const Eigen::MatrixXd& H, const Eigen::VectorXd& masses) {
  const Eigen::Index n = H.rows(), N = n / 3;
  if (H.cols() != n || n % 3 != 0 || masses.size() != N)
    throw error("vibrational_analysis: need a 3N x 3N Hessian and N masses");
  Eigen::VectorXd w(n);
  for (Eigen::Index i = 0; i < n; ++i) w[i] = 1.0 / std::sqrt(masses[i / 3]);
  const Eigen::MatrixXd D = w.asDiagonal() * H * w.asDiagonal();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(D);
  if (es.info() != Eigen::Success) throw error("vibrational_analysis: eigensolver failed");
  vibrational_modes v;
  v.omega2_per_ps2 = es.eigenvalues() / units::amu_A2_per_ps2_to_eV;
  v.modes = es.eigenvectors();
  v.participation.resize(n);
  for (Eigen::Index l = 0; l < n; ++l) {
    double s2 = 0, s4 = 0;
    for (Eigen::Index i = 0; i < N; ++i) {
      const double a = v.modes.col(l).segment(3 * i, 3).squaredNorm();
      s2 += a, s4 += a * a;
    }
    v.participation[l] = s2 * s2 / (double(N) * s4);
  }
  return v;
}

/// Vibrational density of states: a histogram of the frequencies ν (THz) of the 3N − 3
/// non-translational modes, bins of width `bin_THz` from 0 to the highest frequency,
/// normalised so that Σ g·Δν = 1 (g in 1/THz). Imaginary modes (ν < 0) are counted in
/// `imaginary` and left out of g.
struct vibrational_dos {
  Eigen::VectorXd nu_THz;     ///< bin centres, THz
  Eigen::VectorXd g_per_THz;  ///< g(ν), 1/THz
  long modes = 0;             ///< modes in the histogram
  long imaginary = 0;         ///< modes with ω² < 0 (unstable configuration)
};

inline vibrational_dos density_of_states(const vibrational_modes& v, double bin_THz = 0.1) {
  if (!(bin_THz > 0)) throw error("density_of_states: bin width must be > 0 THz");
  const Eigen::VectorXd nu = v.frequencies_THz();  // ascending; the first three are the translations
  vibrational_dos d;
  if (nu.size() <= 3) return d;
  const Eigen::VectorXd modes = nu.tail(nu.size() - 3);
  const auto bins = Eigen::Index(std::ceil(std::max(modes.maxCoeff(), bin_THz) / bin_THz));
  d.nu_THz = Eigen::VectorXd::LinSpaced(bins, 0.5 * bin_THz, (double(bins) - 0.5) * bin_THz);
  d.g_per_THz = Eigen::VectorXd::Zero(bins);
  for (double f : modes) {
    if (f < 0) {
      ++d.imaginary;
      continue;
    }
    d.g_per_THz[std::min(bins - 1, Eigen::Index(f / bin_THz))] += 1;
    ++d.modes;
  }
  if (d.modes) d.g_per_THz /= double(d.modes) * bin_THz;
  return d;
}

/// The k softest vibrational modes of a stable minimum without a full diagonalisation: Lanczos
/// (full reorthogonalisation, Golub & Van Loan §10.1) on (D + c Z Zᵀ)⁻¹, D = M^-½ H M^-½, Z the
/// mass-weighted translations, c above every ω² so that the translations sink to the bottom of
/// the shift-inverted spectrum; the largest Ritz values μ give ω² = 1/μ. One dense Cholesky
/// factorisation, then two triangular solves per Lanczos step. Returns ω² (1/ps², ascending),
/// the modes (mass-weighted, unit columns) and their participation ratios, as
/// vibrational_analysis does for the k lowest non-translational modes.
inline vibrational_modes softest_modes(const Eigen::MatrixXd& H, const Eigen::VectorXd& masses, int k,
                                       std::uint64_t seed = 1) {
  const Eigen::Index n = H.rows(), N = n / 3;
  if (H.cols() != n || n % 3 != 0 || masses.size() != N || N < 2)
    throw error("softest_modes: need a 3N x 3N Hessian and N >= 2 masses");
  if (k < 1 || k > n - 3) throw error("softest_modes: k must be in 1..3N-3, got " + std::to_string(k));
  Eigen::VectorXd w(n);
  for (Eigen::Index i = 0; i < n; ++i) w[i] = 1.0 / std::sqrt(masses[i / 3]);
  Eigen::MatrixXd A = w.asDiagonal() * H * w.asDiagonal();
  const double c = 10 * A.diagonal().cwiseAbs().maxCoeff() + 1e-12;
  const double M = masses.sum();
  for (Eigen::Index i = 0; i < n; ++i)  // + c Z Zᵀ, z_a = √m e_a / √M
    for (Eigen::Index j = 0; j < n; ++j)
      if (i % 3 == j % 3) A(i, j) += c * std::sqrt(masses[i / 3] * masses[j / 3]) / M;
  Eigen::LLT<Eigen::Ref<Eigen::MatrixXd>, Eigen::Lower> llt(A);
  if (llt.info() != Eigen::Success)
    throw error("softest_modes: the Hessian is not positive definite apart from the translations "
                "(not a stable minimum)");
  const Eigen::Index m = std::min<Eigen::Index>(n, 2 * k + 60);
  Eigen::MatrixXd V(n, m);
  Eigen::VectorXd alpha(m), beta(m);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-1, 1);
  Eigen::VectorXd v = Eigen::VectorXd::NullaryExpr(n, [&] { return u(rng); });
  V.col(0) = v.normalized();
  Eigen::Index steps = m;
  for (Eigen::Index j = 0; j < m; ++j) {
    Eigen::VectorXd x = llt.solve(V.col(j));
    alpha[j] = V.col(j).dot(x);
    for (int pass = 0; pass < 2; ++pass)  // full reorthogonalisation, twice
      x -= V.leftCols(j + 1) * (V.leftCols(j + 1).transpose() * x);
    beta[j] = x.norm();
    if (j + 1 == m) break;
    if (beta[j] < 1e-12 * std::abs(alpha[j])) {  // invariant subspace found
      steps = j + 1;
      break;
    }
    V.col(j + 1) = x / beta[j];
  }
  Eigen::MatrixXd T = Eigen::MatrixXd::Zero(steps, steps);
  for (Eigen::Index j = 0; j < steps; ++j) {
    T(j, j) = alpha[j];
    if (j + 1 < steps) T(j, j + 1) = T(j + 1, j) = beta[j];
  }
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(T);
  const Eigen::Index kk = std::min<Eigen::Index>(k, steps);
  vibrational_modes out;
  out.omega2_per_ps2.resize(kk);
  out.modes.resize(n, kk);
  out.participation.resize(kk);
  for (Eigen::Index l = 0; l < kk; ++l) {
    const Eigen::Index col = steps - 1 - l;  // largest μ first = smallest ω²
    out.omega2_per_ps2[l] = 1.0 / es.eigenvalues()[col] / units::amu_A2_per_ps2_to_eV;
    out.modes.col(l) = (V.leftCols(steps) * es.eigenvectors().col(col)).normalized();
    double s2 = 0, s4 = 0;
    for (Eigen::Index i = 0; i < N; ++i) {
      const double a = out.modes.col(l).segment(3 * i, 3).squaredNorm();
      s2 += a, s4 += a * a;
    }
    out.participation[l] = s2 * s2 / (double(N) * s4);
  }
  return out;
}

}  // namespace pelkit
