// Lanczos (pelkit/saddle/lanczos.hpp): the lowest eigenpair of a known symmetric matrix, the
// relative tolerance, and the early quit of a warm start whose curvature has not changed.
#include <pelkit/saddle/lanczos.hpp>

#include <doctest/doctest.h>

#include <Eigen/Eigenvalues>

using namespace pelkit;

namespace {

/// A symmetric 60×60 matrix with one negative eigenvalue (−0.5), the rest in [0.2, 3].
Eigen::MatrixXd test_matrix() {
  const int n = 60;
  Eigen::VectorXd w(n);
  w[0] = -0.5;
  for (int k = 1; k < n; ++k) w[k] = 0.2 + 2.8 * k / (n - 1.0);
  Eigen::MatrixXd q = Eigen::MatrixXd::Random(n, n);  // fixed seed of Eigen's generator
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(q);
  const Eigen::MatrixXd Q = qr.householderQ();
  return Q * w.asDiagonal() * Q.transpose();
}

}  // namespace

TEST_CASE("lanczos: lowest eigenpair, relative tolerance and the early quit of a warm start") {
  const Eigen::MatrixXd H = test_matrix();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> exact(H);
  const double l1 = exact.eigenvalues()[0];
  const Eigen::VectorXd v1 = exact.eigenvectors().col(0);
  int products = 0;
  auto apply = [&](const Eigen::VectorXd& x) -> Eigen::VectorXd { ++products; return H * x; };
  const Eigen::VectorXd cold = Eigen::VectorXd::Ones(H.rows());

  lanczos_parameters p{60, 2, 1e-10};
  const auto r = lowest_eigenpair(apply, cold, p);
  CHECK(r.converged);
  CHECK(!r.quit_early);
  CHECK(r.eigenvalue == doctest::Approx(l1).epsilon(1e-8));
  CHECK(std::abs(r.vector.dot(v1)) == doctest::Approx(1).epsilon(1e-6));

  // a looser relative tolerance stops earlier, still close to the eigenvalue
  lanczos_parameters loose{60, 2, 1e-12, 1e-2};
  const auto rl = lowest_eigenpair(apply, cold, loose);
  CHECK(rl.converged);
  CHECK(rl.iterations < r.iterations);
  CHECK(rl.eigenvalue == doctest::Approx(l1).epsilon(0.05));

  // early quit: the exact eigenvector with its eigenvalue as the previous one costs one product
  lanczos_parameters warm{16, 2, 1e-3, 1e-2, true};
  products = 0;
  const auto q = lowest_eigenpair(apply, v1, warm, [](Eigen::VectorXd&) {}, l1);
  CHECK(q.quit_early);
  CHECK(q.iterations == 1);
  CHECK(products == 1);
  CHECK(q.eigenvalue == doctest::Approx(l1).epsilon(1e-10));
  // ... but not when the curvature along the start changed (here: a different previous value),
  // nor without a previous eigenvalue, nor with the early quit off
  const Eigen::VectorXd near_v1 = v1 + 0.1 * exact.eigenvectors().col(3);
  const auto changed = lowest_eigenpair(apply, near_v1, warm, [](Eigen::VectorXd&) {}, l1 + 0.2);
  CHECK(!changed.quit_early);
  CHECK(changed.iterations >= 2);
  CHECK(changed.eigenvalue == doctest::Approx(l1).epsilon(1e-2));
  CHECK(!lowest_eigenpair(apply, v1, warm).quit_early);
  warm.early_quit = false;
  CHECK(!lowest_eigenpair(apply, v1, warm, [](Eigen::VectorXd&) {}, l1).quit_early);
  // the early quit's value is the start's Rayleigh quotient: an upper bound of the eigenvalue
  Eigen::VectorXd tilted = v1 + 0.05 * exact.eigenvectors().col(7);
  warm.early_quit = true;
  const double rayleigh = tilted.dot(H * tilted) / tilted.squaredNorm();
  const auto t = lowest_eigenpair(apply, tilted, warm, [](Eigen::VectorXd&) {}, rayleigh);
  CHECK(t.quit_early);
  CHECK(t.eigenvalue == doctest::Approx(rayleigh));
  CHECK(t.eigenvalue >= l1);
}
