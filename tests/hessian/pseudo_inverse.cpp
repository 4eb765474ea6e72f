// hessian_pseudo_inverse: H⁺ from one Cholesky factorisation against the pseudo-inverse by full
// eigendecomposition, on matrices with exactly the three translations as null space; errors.
#include <pelkit/hessian/pseudo_inverse.hpp>

#include <Eigen/Eigenvalues>
#include <random>

#include "../support.hpp"

using namespace pelkit;

namespace {

/// Orthonormal translation columns T (n × 3) for N = n/3 atoms.
Eigen::MatrixXd translations(Eigen::Index n) {
  Eigen::MatrixXd T = Eigen::MatrixXd::Zero(n, 3);
  for (Eigen::Index i = 0; i < n; ++i) T(i, i % 3) = 1 / std::sqrt(double(n / 3));
  return T;
}

/// A random symmetric matrix whose null space is exactly the translations: Q (G Gᵀ + g I) Q with
/// Q = I − T Tᵀ, eigenvalues spread over several decades like a glass Hessian's (eV/Å²).
Eigen::MatrixXd random_hessian(Eigen::Index N, unsigned seed) {
  const Eigen::Index n = 3 * N;
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> gauss;
  Eigen::MatrixXd G(n, n);
  for (auto& x : G.reshaped()) x = gauss(rng);
  const Eigen::MatrixXd T = translations(n);
  const Eigen::MatrixXd Q = Eigen::MatrixXd::Identity(n, n) - T * T.transpose();
  const Eigen::MatrixXd H = Q * (G * G.transpose() / double(n) + 0.01 * Eigen::MatrixXd::Identity(n, n)) * Q;
  return 0.5 * (H + H.transpose());
}

Eigen::MatrixXd pseudo_inverse_by_modes(const Eigen::MatrixXd& H) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(H);
  const Eigen::VectorXd& w = es.eigenvalues();
  Eigen::VectorXd inv = Eigen::VectorXd::Zero(w.size());
  for (Eigen::Index l = 3; l < w.size(); ++l) inv[l] = 1 / w[l];  // the three zeros come first
  REQUIRE(std::abs(w[2]) < 1e-10 * w[w.size() - 1]);
  REQUIRE(w[3] > 1e-4);
  return es.eigenvectors() * inv.asDiagonal() * es.eigenvectors().transpose();
}

}  // namespace

TEST_CASE("hessian_pseudo_inverse equals the eigendecomposition's pseudo-inverse") {
  for (const Eigen::Index N : {2, 17, 90}) {
    CAPTURE(N);
    const Eigen::MatrixXd H = random_hessian(N, unsigned(N));
    const Eigen::MatrixXd ref = pseudo_inverse_by_modes(H);
    const hessian_pseudo_inverse Hp(H);
    CHECK(Hp.size() == 3 * N);
    CHECK(Hp.shift() > 0);
    const double scale = ref.cwiseAbs().maxCoeff();

    // solve: H⁺ B for random B, including B with a translational part (projected away)
    std::mt19937_64 rng(7);
    std::normal_distribution<double> gauss;
    Eigen::MatrixXd B(3 * N, 4);
    for (auto& x : B.reshaped()) x = gauss(rng);
    const Eigen::MatrixXd X = Hp.solve(B);
    CHECK((X - ref * B).cwiseAbs().maxCoeff() < 1e-10 * scale * B.cwiseAbs().maxCoeff());
    CHECK((translations(3 * N).transpose() * X).cwiseAbs().maxCoeff() < 1e-10 * X.cwiseAbs().maxCoeff());

    // diagonal 3×3 blocks, with a block size that does not divide 3N
    for (const Eigen::Index block : {Eigen::Index(6), Eigen::Index(240)}) {
      const auto blocks = Hp.diagonal_blocks(block);
      REQUIRE(blocks.size() == std::size_t(N));
      double err = 0;
      for (Eigen::Index i = 0; i < N; ++i)
        err = std::max(err, (blocks[std::size_t(i)] - ref.block(3 * i, 3 * i, 3, 3)).cwiseAbs().maxCoeff());
      CHECK(err < 1e-10 * scale);
    }
  }
}

TEST_CASE("hessian_pseudo_inverse refuses what has no pseudo-inverse of this kind") {
  const Eigen::MatrixXd H = random_hessian(10, 3);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(H);
  const Eigen::VectorXd v = es.eigenvectors().col(3);  // softest non-zero mode
  CHECK_ERROR(hessian_pseudo_inverse(H - 2 * es.eigenvalues()[3] * v * v.transpose(), "psi"), "psi:",
              "not positive definite", "not a stable minimum");
  CHECK_ERROR(hessian_pseudo_inverse(H - es.eigenvalues()[3] * v * v.transpose()), "not positive definite");
  CHECK_ERROR(hessian_pseudo_inverse(H.topLeftCorner(10, 10)), "3N x 3N");
  CHECK_ERROR(hessian_pseudo_inverse(Eigen::MatrixXd::Zero(3, 3)), "N >= 2");
  Eigen::MatrixXd bad = H;
  bad(4, 5) = std::nan("");
  CHECK_ERROR(hessian_pseudo_inverse(bad), "non-finite");
  const hessian_pseudo_inverse Hp(H);
  CHECK_ERROR(Hp.solve(Eigen::MatrixXd::Ones(5, 1)), "wrong number of rows");
}
