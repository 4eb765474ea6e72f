// pelkit/study/thin_plate_spline.hpp — a smooth surface z = f(x, y) through (or near) scattered
// samples, e.g. a spectrum difference δ_ij as a function of two descriptor values.
//
//   pelkit::thin_plate_spline f(x, y, z);            // interpolates: f(x_k, y_k) = z_k
//   pelkit::thin_plate_spline g(x, y, z, 1e-3);      // smoothing, λ = 1e-3
//   double v = f(0.3, 1.2);
//   pelkit::spline_grid s = f.grid(0, 1, 50, 0, 2, 80);   // s.z(j, i) = f(s.x[i], s.y[j])
//
// The thin-plate spline (J. Duchon, in Constructive Theory of Functions of Several Variables,
// LNM 571, Springer 1977; G. Wahba, Spline Models for Observational Data, SIAM 1990, ch. 2)
//   f(u, v) = a0 + a1 u + a2 v + Σ_k c_k U(|(u, v) − (u_k, v_k)|),   U(r) = r² log r, U(0) = 0,
// with Σ c_k = Σ c_k u_k = Σ c_k v_k = 0, minimises
//   Σ_k m_k (z_k − f(u_k, v_k))² + λ J[f],   J[f] = ∫∫ (f_uu² + 2 f_uv² + f_vv²) du dv
// (λ ≥ 0; λ = 0 interpolates, λ → ∞ tends to the least-squares plane). Since Δ²U = 8π δ, J[f] =
// 8π cᵀKc and the coefficients solve the symmetric indefinite (n + 3)² system
//   [K + 8πλ M⁻¹  P] [c]   [z]
//   [Pᵀ           0] [a] = [0],   K_kl = U(r_kl), P_k = (1, u_k, v_k), M = diag(m_k),
// by column-pivoting Householder QR (Eigen).
//
//  * Coordinates: the spline lives in normalised coordinates u = (x − x_min)/(x_max − x_min),
//    v = (y − y_min)/(y_max − y_min) over the (distinct) data, so descriptors with very
//    different units are conditioned alike and the result does not change when x or y is
//    rescaled or shifted (each by its own affine map); λ is relative to these unit ranges.
//  * Duplicates: points with exactly equal (x, y) (e.g. δ_ij sampled at the same descriptor
//    pair by different sample pairs) are merged into one node at the average of their z, with
//    weight m_k = their count. For λ > 0 this is exactly the smoothing spline of the original
//    data; for λ = 0 the spline interpolates the averages.
//
// Bad input throws pelkit::error: x, y, z of different sizes, a non-finite value, a negative or
// non-finite λ, fewer than 3 distinct points, or all points on one line (the affine part would
// be undetermined).
#pragma once
#include <pelkit/core/error.hpp>

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <numeric>
#include <span>
#include <string>
#include <vector>

namespace pelkit {

/// A thin-plate spline evaluated on a regular grid: z(j, i) = f(x[i], y[j]) (ny rows × nx columns).
struct spline_grid {
  std::vector<double> x, y;
  Eigen::MatrixXd z;
};

/// 2D thin-plate spline through scattered data; see the top of this file.
class thin_plate_spline {
public:
  /// Fits the spline to z_k at (x_k, y_k), with smoothing λ ≥ 0 (0: exact interpolation).
  thin_plate_spline(std::span<const double> x, std::span<const double> y, std::span<const double> z,
                    double smoothing = 0)
      : lambda_(smoothing) {
    if (x.size() != y.size() || x.size() != z.size())
      throw error("thin_plate_spline: x, y and z differ in size (" + std::to_string(x.size()) + ", " +
                  std::to_string(y.size()) + ", " + std::to_string(z.size()) + ")");
    if (!std::isfinite(smoothing) || smoothing < 0)
      throw error("thin_plate_spline: smoothing must be finite and >= 0, got " + std::to_string(smoothing));
    for (std::size_t k = 0; k < x.size(); ++k)
      if (!std::isfinite(x[k]) || !std::isfinite(y[k]) || !std::isfinite(z[k]))
        throw error("thin_plate_spline: point " + std::to_string(k) + " is not finite");

    // merge exact duplicates: sort by (x, y), average z over each run
    std::vector<std::size_t> order(x.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return x[a] < x[b] || (x[a] == x[b] && y[a] < y[b]); });
    std::vector<double> zs, weight;
    for (std::size_t i = 0; i < order.size();) {
      std::size_t j = i;
      double sum = 0;
      for (; j < order.size() && x[order[j]] == x[order[i]] && y[order[j]] == y[order[i]]; ++j) sum += z[order[j]];
      xs_.push_back(x[order[i]]);
      ys_.push_back(y[order[i]]);
      zs.push_back(sum / double(j - i));
      weight.push_back(double(j - i));
      i = j;
    }
    const std::size_t n = xs_.size();
    if (n < 3)
      throw error("thin_plate_spline: need at least 3 distinct points, got " + std::to_string(n));

    // affine normalisation to unit ranges
    const auto [xlo, xhi] = std::minmax_element(xs_.begin(), xs_.end());
    const auto [ylo, yhi] = std::minmax_element(ys_.begin(), ys_.end());
    if (*xlo == *xhi || *ylo == *yhi)
      throw error("thin_plate_spline: the points are collinear (all x or all y equal)");
    x0_ = *xlo;
    y0_ = *ylo;
    sx_ = 1 / (*xhi - *xlo);
    sy_ = 1 / (*yhi - *ylo);
    for (std::size_t k = 0; k < n; ++k) {
      xs_[k] = (xs_[k] - x0_) * sx_;
      ys_[k] = (ys_[k] - y0_) * sy_;
    }

    // collinear: the centred coordinates have rank < 2
    const auto N = Eigen::Index(n);
    Eigen::MatrixXd centred(N, 2);
    for (Eigen::Index k = 0; k < N; ++k) centred(k, 0) = xs_[std::size_t(k)], centred(k, 1) = ys_[std::size_t(k)];
    centred.rowwise() -= centred.colwise().mean();
    const Eigen::Vector2d sigma = Eigen::JacobiSVD<Eigen::MatrixXd>(centred).singularValues();
    if (!(sigma(1) > 1e-10 * sigma(0)))
      throw error("thin_plate_spline: the points are collinear (the affine part is undetermined)");

    Eigen::MatrixXd a = Eigen::MatrixXd::Zero(N + 3, N + 3);
    Eigen::VectorXd rhs = Eigen::VectorXd::Zero(N + 3);
    for (Eigen::Index i = 0; i < N; ++i) {
      for (Eigen::Index j = i + 1; j < N; ++j)
        a(i, j) = a(j, i) = kernel(xs_[std::size_t(i)] - xs_[std::size_t(j)], ys_[std::size_t(i)] - ys_[std::size_t(j)]);
      a(i, i) = 8 * std::numbers::pi * lambda_ / weight[std::size_t(i)];
      a(i, N) = a(N, i) = 1;
      a(i, N + 1) = a(N + 1, i) = xs_[std::size_t(i)];
      a(i, N + 2) = a(N + 2, i) = ys_[std::size_t(i)];
      rhs(i) = zs[std::size_t(i)];
    }
    const Eigen::VectorXd solution = a.colPivHouseholderQr().solve(rhs);
    if (!solution.allFinite()) throw error("thin_plate_spline: the linear system could not be solved");
    c_ = solution.head(N);
    affine_ = solution.tail<3>();
  }

  /// The spline at (x, y), in the units of z. Outside the data it continues smoothly (the
  /// affine part dominates far away).
  double operator()(double x, double y) const {
    const double u = (x - x0_) * sx_, v = (y - y0_) * sy_;
    double f = affine_(0) + affine_(1) * u + affine_(2) * v;
    for (std::size_t k = 0; k < xs_.size(); ++k) f += c_(Eigen::Index(k)) * kernel(u - xs_[k], v - ys_[k]);
    return f;
  }

  /// The spline on nx × ny evenly spaced points over [xmin, xmax] × [ymin, ymax] (ends included;
  /// nx, ny ≥ 2): z(j, i) = f(x[i], y[j]).
  spline_grid grid(double xmin, double xmax, int nx, double ymin, double ymax, int ny) const {
    if (nx < 2 || ny < 2)
      throw error("thin_plate_spline::grid: need at least 2 points per axis, got " + std::to_string(nx) + " x " +
                  std::to_string(ny));
    if (!std::isfinite(xmin) || !std::isfinite(xmax) || !std::isfinite(ymin) || !std::isfinite(ymax) ||
        !(xmax >= xmin) || !(ymax >= ymin))
      throw error("thin_plate_spline::grid: need finite ranges with xmin <= xmax and ymin <= ymax");
    auto axis = [](double lo, double hi, int m) {
      std::vector<double> t(static_cast<std::size_t>(m));
      for (int k = 0; k < m; ++k) t[std::size_t(k)] = lo + (hi - lo) * double(k) / double(m - 1);
      t.back() = hi;
      return t;
    };
    spline_grid g{axis(xmin, xmax, nx), axis(ymin, ymax, ny), Eigen::MatrixXd(ny, nx)};
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) g.z(j, i) = (*this)(g.x[std::size_t(i)], g.y[std::size_t(j)]);
    return g;
  }

  /// Number of distinct nodes (after merging duplicates).
  std::size_t nodes() const { return xs_.size(); }
  /// The smoothing parameter λ.
  double smoothing() const { return lambda_; }

private:
  /// U(r) = r² log r = ½ r² log r², 0 at r = 0.
  static double kernel(double du, double dv) {
    const double r2 = du * du + dv * dv;
    return r2 > 0 ? 0.5 * r2 * std::log(r2) : 0.0;
  }

  double lambda_;
  double x0_ = 0, y0_ = 0, sx_ = 1, sy_ = 1;  // u = (x − x0) sx, v = (y − y0) sy
  std::vector<double> xs_, ys_;              // nodes, normalised
  Eigen::VectorXd c_;
  Eigen::Vector3d affine_;
};

}  // namespace pelkit
