// Model energy surfaces for testing saddle searches: force providers (pelkit::force_provider,
// with evaluations()) for one or more independent atoms moving on a 2D surface V(x, y) in the
// xy plane, harmonic in z:
//
//   E = Σ_atoms [ V(x_i, y_i) + kz z_i² / 2 ]     (eV; x, y, z in Å; kz in eV/Å²)
//
//   testing::muller_brown calc;                                    // scale 0.01 by default
//   pelkit::system s = testing::one_atom_system({-0.558, 1.442, 0});
//   const auto& e = calc.compute(s, {});
//   auto saddle = testing::muller_brown_saddle_1();               // Newton-refined
//
// Surfaces:
//  - muller_brown_surface: Müller & Brown, Theor. Chim. Acta 53, 75 (1979),
//      V = scale · Σ_k A_k exp[a_k (x−x0_k)² + b_k (x−x0_k)(y−y0_k) + c_k (y−y0_k)²]
//    with the paper's A = (−200, −100, −170, 15), a = (−1, −1, −6.5, 0.7), b = (0, 0, 11, 0.6),
//    c = (−10, −10, −6.5, 0.7), x0 = (1, 0, −0.5, −1), y0 = (0, 0.5, 1.5, 1). The paper's
//    energies are in kcal/mol-like units of O(100); `scale` (default 0.01) maps them to eV so
//    barriers are O(1) eV (MA → S1: 1.06 eV). Lengths are used as Å unchanged.
//    Stationary points (paper, 3 decimals; refine them with refine_stationary_point):
//      minima  MA (−0.558, 1.442) −146.70, MB (0.623, 0.028) −108.17, MC (−0.050, 0.467) −80.77
//      saddles S1 (−0.822, 0.624) −40.66 (MA–MC), S2 (0.212, 0.293) −72.25 (MC–MB)
//  - double_well_surface: V = h (x² − 1)² + k/2 (y − c x²)², minima (±1, c) at 0 eV, one
//    saddle at (0, 0) at h eV with Hessian eigenvalues −4h (along x) and k (along y); the
//    minimum energy path y = c x² is curved for c ≠ 0.
#pragma once
#include <pelkit/core/system.hpp>
#include <pelkit/minimize/lbfgs.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/evaluation.hpp>
#include <pelkit/potential/lennard_jones.hpp>
#include <pelkit/potential/force_provider.hpp>
#include <pelkit/saddle/neb.hpp>

#include <Eigen/Core>
#include <Eigen/LU>
#include <array>
#include <cmath>
#include <stdexcept>

namespace pelkit::testing {

/// One atom of type "X" (mass 1 amu) at r (Å) in a 100 Å cubic box centred on the origin (so
/// model-surface coordinates near the origin never see a periodic image).
inline pelkit::system one_atom_system(const Eigen::Vector3d& r) {
  Eigen::Matrix3Xd x(3, 1);
  x.col(0) = r;
  return make_system(periodic_box({-50, -50, -50}, {50, 50, 50}), x, {0}, {"X"}, {1.0});
}

/// Müller–Brown surface (eV after `scale`), its gradient (eV/Å) and Hessian (eV/Å²).
struct muller_brown_surface {
  double scale = 0.01;  ///< eV per Müller–Brown energy unit

  static constexpr std::array<double, 4> A{-200, -100, -170, 15}, a{-1, -1, -6.5, 0.7},
      b{0, 0, 11, 0.6}, c{-10, -10, -6.5, 0.7}, x0{1, 0, -0.5, -1}, y0{0, 0.5, 1.5, 1};

  double energy(const Eigen::Vector2d& p) const {
    double v = 0;
    for (int k = 0; k < 4; ++k) v += A[k] * std::exp(exponent(k, p));
    return scale * v;
  }
  Eigen::Vector2d gradient(const Eigen::Vector2d& p) const {
    Eigen::Vector2d g = Eigen::Vector2d::Zero();
    for (int k = 0; k < 4; ++k) g += A[k] * std::exp(exponent(k, p)) * exponent_gradient(k, p);
    return scale * g;
  }
  Eigen::Matrix2d hessian(const Eigen::Vector2d& p) const {
    Eigen::Matrix2d h = Eigen::Matrix2d::Zero();
    for (int k = 0; k < 4; ++k) {
      const Eigen::Vector2d q = exponent_gradient(k, p);
      Eigen::Matrix2d second;
      second << 2 * a[k], b[k], b[k], 2 * c[k];
      h += A[k] * std::exp(exponent(k, p)) * (q * q.transpose() + second);
    }
    return scale * h;
  }

private:
  static double exponent(int k, const Eigen::Vector2d& p) {
    const double dx = p.x() - x0[k], dy = p.y() - y0[k];
    return a[k] * dx * dx + b[k] * dx * dy + c[k] * dy * dy;
  }
  static Eigen::Vector2d exponent_gradient(int k, const Eigen::Vector2d& p) {
    const double dx = p.x() - x0[k], dy = p.y() - y0[k];
    return {2 * a[k] * dx + b[k] * dy, b[k] * dx + 2 * c[k] * dy};
  }
};

/// V = h (x² − 1)² + k/2 (y − c x²)²: minima (±1, c) at 0, saddle (0, 0) at h (eV).
struct double_well_surface {
  double h = 0.5;  ///< eV, barrier height
  double k = 2.0;  ///< eV/Å², stiffness across the path
  double c = 0.5;  ///< 1/Å, curvature of the path y = c x²

  double energy(const Eigen::Vector2d& p) const {
    const double u = p.x() * p.x() - 1, w = p.y() - c * p.x() * p.x();
    return h * u * u + 0.5 * k * w * w;
  }
  Eigen::Vector2d gradient(const Eigen::Vector2d& p) const {
    const double x = p.x(), u = x * x - 1, w = p.y() - c * x * x;
    return {4 * h * x * u - 2 * k * c * x * w, k * w};
  }
  Eigen::Matrix2d hessian(const Eigen::Vector2d& p) const {
    const double x = p.x(), w = p.y() - c * x * x;
    Eigen::Matrix2d m;
    m << h * (12 * x * x - 4) + 4 * k * c * c * x * x - 2 * k * c * w, -2 * k * c * x,
        -2 * k * c * x, k;
    return m;
  }
  Eigen::Vector2d saddle() const { return {0, 0}; }
  double saddle_energy() const { return h; }
  Eigen::Vector2d minimum_left() const { return {-1, c}; }
  Eigen::Vector2d minimum_right() const { return {1, c}; }
};

/// Force provider for every atom on `Surface` in xy, harmonic (kz, eV/Å²) in z. The box is
/// ignored (positions are used as they are). Satisfies pelkit::force_provider.
template <class Surface>
class surface_provider {
public:
  Surface surface{};
  double kz = 1.0;  ///< eV/Å²

  surface_provider() = default;
  explicit surface_provider(Surface s, double kz_ = 1.0) : surface(s), kz(kz_) {}

  const evaluation& compute(const pelkit::system& s, const request& req = {}) {
    ++count_;
    const Eigen::Index n = s.positions.cols();
    result_.reset(n, req);
    if (!req.forces) result_.forces.resize(3, 0);
    for (Eigen::Index i = 0; i < n; ++i) {
      const Eigen::Vector3d r = s.positions.col(i);
      const Eigen::Vector2d p = r.head<2>();
      const double e = surface.energy(p) + 0.5 * kz * r.z() * r.z();
      result_.energy += e;
      if (req.per_atom_energy) result_.energy_per_atom[i] = e;
      if (req.forces) {
        const Eigen::Vector2d g = surface.gradient(p);
        result_.forces.col(i) = Eigen::Vector3d(-g.x(), -g.y(), -kz * r.z());
        // Virial of an external field: W = Σ r ⊗ f (not a pair virial; only for completeness).
        if (req.virial) result_.virial += r * result_.forces.col(i).transpose();
      }
    }
    return result_;
  }
  /// Number of compute() calls so far.
  long evaluations() const { return count_; }

private:
  evaluation result_;
  long count_ = 0;
};

using muller_brown = surface_provider<muller_brown_surface>;
using double_well = surface_provider<double_well_surface>;
static_assert(force_provider<muller_brown>);
static_assert(force_provider<double_well>);

/// A stationary point of a 2D surface: position (Å), energy (eV), Hessian eigenvalues
/// (eV/Å², ascending) and the eigenvector of the lowest one.
struct stationary_point {
  Eigen::Vector2d position;
  double energy;
  Eigen::Vector2d eigenvalues;
  Eigen::Vector2d lowest_mode;
};

/// Newton iteration x ← x − H⁻¹ ∇V from `guess` until |∇V| < 1e-12 eV/Å (throws
/// std::runtime_error after 100 iterations without convergence).
template <class Surface>
stationary_point refine_stationary_point(const Surface& surf, Eigen::Vector2d guess) {
  for (int it = 0; it < 100; ++it) {
    const Eigen::Vector2d g = surf.gradient(guess);
    if (g.norm() < 1e-12) {
      const Eigen::Matrix2d H = surf.hessian(guess);
      // Symmetric 2×2 eigenproblem in closed form.
      const double m = 0.5 * (H(0, 0) + H(1, 1)), d = 0.5 * (H(0, 0) - H(1, 1));
      const double r = std::sqrt(d * d + H(0, 1) * H(0, 1));
      Eigen::Vector2d v = std::abs(H(0, 1)) > 1e-300 ? Eigen::Vector2d(H(0, 1), (m - r) - H(0, 0))
                                                     : (H(0, 0) <= H(1, 1) ? Eigen::Vector2d(1, 0)
                                                                           : Eigen::Vector2d(0, 1));
      return {guess, surf.energy(guess), {m - r, m + r}, v.normalized()};
    }
    guess -= surf.hessian(guess).lu().solve(g);
  }
  throw std::runtime_error("refine_stationary_point: Newton iteration did not converge");
}

/// Müller–Brown stationary points (paper's 3-decimal positions refined by Newton), for the
/// default scale unless another surface is given.
inline stationary_point muller_brown_minimum_a(const muller_brown_surface& s = {}) {
  return refine_stationary_point(s, {-0.558, 1.442});
}
inline stationary_point muller_brown_minimum_b(const muller_brown_surface& s = {}) {
  return refine_stationary_point(s, {0.623, 0.028});
}
inline stationary_point muller_brown_minimum_c(const muller_brown_surface& s = {}) {
  return refine_stationary_point(s, {-0.050, 0.467});
}
/// Saddle between MA and MC.
inline stationary_point muller_brown_saddle_1(const muller_brown_surface& s = {}) {
  return refine_stationary_point(s, {-0.822, 0.624});
}
/// Saddle between MC and MB.
inline stationary_point muller_brown_saddle_2(const muller_brown_surface& s = {}) {
  return refine_stationary_point(s, {0.212, 0.293});
}

/// 3D position (z = 0) of a 2D point.
inline Eigen::Vector3d on_plane(const Eigen::Vector2d& p) { return {p.x(), p.y(), 0.0}; }

/// Copper-like Lennard-Jones (ε = 0.4093 eV, σ = 2.338 Å, cutoff 5.5 Å, shifted), as in the
/// minimiser tests.
inline lennard_jones vacancy_lj() { return make_lennard_jones("Cu", 0.4093, 2.338, 5.5); }

/// A vacancy hop in an fcc LJ crystal: 3×3×3 cells (a = 3.62 Å, 107 atoms, the atom at the
/// origin removed), `initial` minimised, and the final state with atom `hopping_atom` (the
/// first neighbour at (a/2, a/2, 0)) moved into the vacancy and minimised. Both minima to
/// 1e-6 eV/Å; by symmetry they have the same energy.
struct vacancy_hop {
  pelkit::system initial;
  Eigen::Matrix3Xd final_positions;
  int hopping_atom = 0;
  double e_initial = 0, e_final = 0;  ///< eV
};

inline vacancy_hop lj_vacancy_hop() {
  const double a = 3.62;
  const int n = 3;
  const double basis[4][3] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  Eigen::Matrix3Xd x(3, 4 * n * n * n - 1);
  int k = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      for (int l = 0; l < n; ++l)
        for (const auto& b : basis) {
          if (i == 0 && j == 0 && l == 0 && b[0] == 0 && b[1] == 0 && b[2] == 0) continue;  // vacancy
          x.col(k++) = a * Eigen::Vector3d(i + b[0], j + b[1], l + b[2]);
        }
  vacancy_hop h;
  h.initial = make_system(periodic_box::cubic(n * a), x, std::vector<int>(std::size_t(x.cols()), 0), {"Cu"}, {63.546});
  h.hopping_atom = 0;  // the site (a/2, a/2, 0)
  auto calc = calculator(vacancy_lj());
  const stop_criteria stop{.fmax = 1e-6};
  const auto ri = lbfgs{}.minimize(calc, h.initial, stop);
  pelkit::system fin = h.initial;
  fin.positions.col(h.hopping_atom) = Eigen::Vector3d::Zero();
  const auto rf = lbfgs{}.minimize(calc, fin, stop);
  if (!ri.converged || !rf.converged) throw std::runtime_error("lj_vacancy_hop: minimisation failed");
  h.final_positions = fin.positions;
  h.e_initial = ri.energy_final;
  h.e_final = rf.energy_final;
  return h;
}

/// The climbing-image band (7 images, to 1e-3 eV/Å) from the hop's initial state to `final`:
/// the reference a saddle search's barrier is checked against.
template <class Calc>
neb_result vacancy_hop_band(Calc& calc, const vacancy_hop& hop, const Eigen::Matrix3Xd& final) {
  neb_parameters np;
  np.images = 7;
  np.fmax = 1e-3;
  return neb(calc, hop.initial, final, np);
}

}  // namespace pelkit::testing
