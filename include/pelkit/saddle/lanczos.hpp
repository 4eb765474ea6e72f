// pelkit/saddle/lanczos.hpp — the lowest eigenpair of a symmetric operator given only its
// products with vectors (Lanczos, J. Res. Nat. Bur. Stand. 45, 255 (1950); used by ART nouveau
// as in Malek & Mousseau, PRE 62, 7723 (2000) and Machado-Charry et al., JCP 135, 034102 (2011)).
//
//   auto r = pelkit::lowest_eigenpair([&](const Eigen::VectorXd& w) { return H * w; }, start, {});
//
// A warm start (the previous eigenvector) converges in a few products. Krylov vectors are
// fully re-orthogonalised (the subspace is small), and an optional projection (e.g. removing
// rigid translations, or a known eigenvector to get the next one) is applied to every vector.
#pragma once
#include <pelkit/core/error.hpp>

#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>

namespace pelkit {

struct lanczos_parameters {
  int max_iterations = 20;  ///< operator products at most
  int min_iterations = 2;   ///< products at least (≥ 2 so convergence can be judged)
  /// Converged when the lowest Ritz value changed by at most this between two iterations
  /// (units of the operator, eV/Å² for a Hessian) ...
  double tolerance = 1e-3;
  /// ... or by at most this fraction of its magnitude (0: off; pARTn and eOn use ~1e-2).
  double relative_tolerance = 0;
  /// Warm starts: stop after the first product when the start's curvature (its Rayleigh
  /// quotient) equals the `previous` eigenvalue passed in to the tolerance above — the mode has
  /// not changed (eOn's Lanczos, TheochemUI/eOn client/Lanczos.cpp, quits early the same way).
  bool early_quit = false;
};

struct lanczos_result {
  double eigenvalue = std::numeric_limits<double>::quiet_NaN();
  Eigen::VectorXd vector;  ///< unit norm, sign chosen to have a non-negative overlap with the start
  int iterations = 0;      ///< operator products used
  bool converged = false;
  bool quit_early = false;  ///< stopped after one product: the warm start's curvature was unchanged
};

/// The tolerance test shared by the convergence and early-quit checks.
inline bool lanczos_close(double a, double b, const lanczos_parameters& p) {
  return std::abs(a - b) <= std::max(p.tolerance, p.relative_tolerance * std::abs(a));
}

/// Lowest eigenpair of the symmetric operator `apply` (VectorXd → VectorXd) from `start`
/// (need not be normalised, must be non-zero after `project`). `project(v)` modifies v in place.
/// `previous`: the eigenvalue `start` had before (a warm start), for `early_quit`; NaN: none.
template <class Apply, class Project>
lanczos_result lowest_eigenpair(Apply&& apply, const Eigen::VectorXd& start, const lanczos_parameters& p,
                                Project&& project,
                                double previous_eigenvalue = std::numeric_limits<double>::quiet_NaN()) {
  const Eigen::Index n = start.size();
  const int kmax = int(std::min<Eigen::Index>(p.max_iterations, n));
  Eigen::MatrixXd Q(n, kmax);
  Eigen::VectorXd alpha(kmax), beta(kmax);
  Eigen::VectorXd q = start;
  project(q);
  if (!(q.norm() > 0) || !q.allFinite()) throw error("lanczos: the start vector is zero or not finite");
  Q.col(0) = q / q.norm();
  lanczos_result r;
  double previous = std::numeric_limits<double>::infinity();
  Eigen::VectorXd ritz;
  for (int k = 0; k < kmax; ++k) {
    Eigen::VectorXd w = apply(Eigen::VectorXd(Q.col(k)));
    ++r.iterations;
    project(w);
    alpha[k] = Q.col(k).dot(w);
    for (int pass = 0; pass < 2; ++pass)  // full re-orthogonalisation, twice is enough
      w -= Q.leftCols(k + 1) * (Q.leftCols(k + 1).transpose() * w);
    beta[k] = w.norm();
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> T;
    Eigen::MatrixXd t = Eigen::MatrixXd::Zero(k + 1, k + 1);
    for (int i = 0; i <= k; ++i) {
      t(i, i) = alpha[i];
      if (i < k) t(i, i + 1) = t(i + 1, i) = beta[i];
    }
    T.compute(t);
    const double theta = T.eigenvalues()[0];
    ritz = T.eigenvectors().col(0);
    r.eigenvalue = theta;
    const bool invariant = beta[k] <= 1e-12 * std::max(1.0, std::abs(theta));
    if (!std::isfinite(theta)) break;
    if (k == 0 && p.early_quit && std::isfinite(previous_eigenvalue) && lanczos_close(theta, previous_eigenvalue, p)) {
      r.converged = r.quit_early = true;
      break;
    }
    if ((k + 1 >= p.min_iterations && lanczos_close(theta, previous, p)) || invariant) {
      r.converged = true;
      break;
    }
    previous = theta;
    if (k + 1 < kmax) Q.col(k + 1) = w / beta[k];
  }
  r.vector = Q.leftCols(ritz.size()) * ritz;
  r.vector.normalize();
  if (r.vector.dot(start) < 0) r.vector = -r.vector;
  return r;
}

template <class Apply>
lanczos_result lowest_eigenpair(Apply&& apply, const Eigen::VectorXd& start, const lanczos_parameters& p = {}) {
  return lowest_eigenpair(std::forward<Apply>(apply), start, p, [](Eigen::VectorXd&) {});
}

}  // namespace pelkit
