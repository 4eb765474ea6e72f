// pelkit/hessian/pseudo_inverse.hpp — the pseudo-inverse H⁺ of a periodic system's Hessian at a
// stable minimum, from one dense Cholesky factorisation. Ψ (descriptor/soft_mode.hpp) and the
// linear-response elastic constants (elastic/elastic.hpp) both need H⁺; factorise once, use twice:
//
//   pelkit::hessian_pseudo_inverse Hp(pelkit::dense_hessian(calc, glass));  // O((3N)³/3), once
//   pelkit::soft_mode_result psi = pelkit::soft_modes(Hp, pelkit::atom_masses(glass));
//   pelkit::elastic_result c = pelkit::elastic_response(calc, glass, Hp);
//
// In a periodic cell H has exactly three zero modes, the rigid translations (orthonormal columns
// T: t_a = e_a on every atom / √N). With P = T Tᵀ and c > 0, A = H + cP is positive definite
// when the configuration is a stable minimum, and since HP = 0
//   H⁺ = A⁻¹ − P / c.
// A = L Lᵀ is factorised in place (the input matrix becomes L; no copy when it is moved in).
// Units: H in eV/Å², H⁺ in Å²/eV. Memory: the 3N×3N matrix (72·N² bytes, 1.15 GB at 4000 atoms).
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/core/parallel.hpp>

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace pelkit {

class hessian_pseudo_inverse {
 public:
  /// Factorises H + c T Tᵀ (H: 3N×3N, eV/Å², symmetric; only its lower triangle is read). Throws
  /// pelkit::error, its message starting with `context`, when H is malformed, not finite, or not
  /// positive definite apart from the translations (a saddle, an unstable structure, not a minimum).
  explicit hessian_pseudo_inverse(Eigen::MatrixXd H, const std::string& context = "hessian_pseudo_inverse")
      : L_(std::move(H)) {
    const Eigen::Index n = L_.rows();
    if (L_.cols() != n || n % 3 != 0 || n < 6)
      throw error(context + ": need a 3N x 3N Hessian with N >= 2, got " + std::to_string(L_.rows()) + " x " +
                  std::to_string(L_.cols()));
    if (!L_.allFinite()) throw error(context + ": the Hessian has non-finite entries");
    const Eigen::Index N = n / 3;
    shift_ = std::max(L_.diagonal().cwiseAbs().mean(), 1e-12);
    const double cN = shift_ / double(N);
    for (Eigen::Index i = 0; i < N; ++i)  // A = H + c P: c/N on every xx, yy, zz pair of atoms
      for (Eigen::Index j = 0; j < N; ++j)
        for (int a = 0; a < 3; ++a) L_(3 * i + a, 3 * j + a) += cN;
    Eigen::LLT<Eigen::Ref<Eigen::MatrixXd>, Eigen::Lower> llt(L_);  // L overwrites the lower half
    const Eigen::VectorXd pivots = L_.diagonal().cwiseAbs2();
    if (llt.info() != Eigen::Success || !(pivots.minCoeff() > 1e-10 * pivots.maxCoeff()))
      throw error(context + ": the Hessian is not positive definite apart from the three translations "
                            "(negative or extra zero eigenvalues): the configuration is not a stable minimum "
                            "(minimise it first; a saddle or an unstable structure has no soft-mode parameter "
                            "or elastic constants)");
  }

  Eigen::Index size() const { return L_.rows(); }  ///< 3N
  double shift() const { return shift_; }          ///< eV/Å², the c of A = H + c T Tᵀ

  /// H⁺ B (B: 3N×k, any units u; result u·Å²/eV) = A⁻¹B − P B / c.
  Eigen::MatrixXd solve(const Eigen::MatrixXd& B) const {
    if (B.rows() != size()) throw error("hessian_pseudo_inverse: right-hand side has the wrong number of rows");
    Eigen::MatrixXd X = B;
    L_.triangularView<Eigen::Lower>().solveInPlace(X);
    L_.triangularView<Eigen::Lower>().transpose().solveInPlace(X);
    const Eigen::Index N = size() / 3;
    for (Eigen::Index k = 0; k < B.cols(); ++k)
      for (int a = 0; a < 3; ++a) {
        double sum = 0;  // (Tᵀ b)_a √N
        for (Eigen::Index i = 0; i < N; ++i) sum += B(3 * i + a, k);
        for (Eigen::Index i = 0; i < N; ++i) X(3 * i + a, k) -= sum / (double(N) * shift_);
      }
    return X;
  }

  /// The N diagonal 3×3 blocks of H⁺ (Å²/eV). The blocks of A⁻¹ = L⁻ᵀL⁻¹ come from the columns
  /// of L⁻¹, computed block-column by block-column using their zero upper part (n³/3 flops; the
  /// threads take whole block-columns, one n×`block` work matrix each).
  std::vector<Eigen::Matrix3d> diagonal_blocks(Eigen::Index block = 240) const {
    const Eigen::Index n = size(), N = n / 3;
    std::vector<Eigen::Matrix3d> out(std::size_t(N), Eigen::Matrix3d::Zero());
    const Eigen::Index nblocks = (n + block - 1) / block;
#pragma omp parallel for schedule(dynamic, 1) num_threads(thread_count(long(nblocks), 1))
    for (Eigen::Index b = 0; b < nblocks; ++b) {
      const Eigen::Index j0 = b * block, bs = std::min(block, n - j0), m = n - j0;
      Eigen::MatrixXd X = Eigen::MatrixXd::Zero(m, bs);  // rows j0.. of L⁻¹'s columns j0..j0+bs
      X.topRows(bs).setIdentity();
      L_.bottomRightCorner(m, m).triangularView<Eigen::Lower>().solveInPlace(X);
      for (Eigen::Index k = 0; k < bs; k += 3) {
        const auto cols = X.middleCols(k, 3);
        out[std::size_t((j0 + k) / 3)].noalias() = cols.transpose() * cols;
      }
    }
    for (auto& b : out) b -= Eigen::Matrix3d::Identity() / (shift_ * double(N));  // − P/c
    return out;
  }

 private:
  Eigen::MatrixXd L_;  ///< Cholesky factor of A in the lower triangle
  double shift_ = 0;
};

}  // namespace pelkit
