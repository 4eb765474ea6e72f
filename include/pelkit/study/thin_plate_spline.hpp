// pelkit/study/thin_plate_spline.hpp — a smooth surface z = f(x, y) through (or near) scattered
// samples, e.g. a spectrum difference δ_ij as a function of two descriptor values.
//
//   pelkit::thin_plate_spline f(x, y, z);            // interpolates: f(x_k, y_k) = z_k
//   pelkit::thin_plate_spline g(x, y, z, 1e-3);      // smoothing, λ = 1e-3
//   pelkit::gcv_choice c = pelkit::thin_plate_spline::gcv(x, y, z);   // λ from the data
//   pelkit::thin_plate_spline h(x, y, z, c.lambda);
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
//  * Choosing λ: thin_plate_spline::gcv minimises the generalised cross-validation score
//    (P. Craven and G. Wahba, Numer. Math. 31, 377 (1979); Wahba 1990, ch. 4)
//      V(λ) = n ‖(I − A(λ)) z‖² / tr(I − A(λ))²
//    over a log grid of λ, where A(λ) is the influence matrix (fitted values = A z) of the n
//    original points (duplicates included: the score is that of the data as given). With
//    Q₂ an orthonormal basis of the vectors orthogonal to the columns of M^½P and
//    Q₂ᵀ M^½ K M^½ Q₂ = V diag(e) Vᵀ, the eigenvalues of I − A on the nodes are t/(e_i + t),
//    t = 8πλ, so one eigendecomposition gives V(λ) for every λ. Nearly coincident nodes with
//    different values (which make the interpolating spline overshoot far outside the data)
//    raise the score of small λ, and GCV smooths them; smooth noiseless data keep λ ≈ 0.
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
#include <limits>
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

/// λ chosen by generalised cross-validation (thin_plate_spline::gcv).
struct gcv_choice {
  double lambda = 0;           ///< the λ of least V (normalised coordinates, as the constructor takes it)
  double score = 0;            ///< V(λ) at that λ, in units of z²
  double dof = 0;              ///< tr A(λ): effective number of parameters, 3 (plane) … nodes (interpolation)
  bool smallest = false;       ///< the minimum is at the smallest λ tried (GCV prefers interpolation)
  bool largest = false;        ///< the minimum is at the largest λ tried (GCV prefers the plane)
  std::vector<double> lambdas; ///< the log grid of λ tried, ascending
  std::vector<double> scores;  ///< V on that grid, units of z²
};

/// 2D thin-plate spline through scattered data; see the top of this file.
class thin_plate_spline {
public:
  /// Fits the spline to z_k at (x_k, y_k), with smoothing λ ≥ 0 (0: exact interpolation).
  thin_plate_spline(std::span<const double> x, std::span<const double> y, std::span<const double> z,
                    double smoothing = 0)
      : lambda_(smoothing) {
    if (!std::isfinite(smoothing) || smoothing < 0)
      throw error("thin_plate_spline: smoothing must be finite and >= 0, got " + std::to_string(smoothing));
    nodes_t d = prepare(x, y, z);
    x0_ = d.x0, y0_ = d.y0, sx_ = d.sx, sy_ = d.sy;
    xs_ = std::move(d.u);
    ys_ = std::move(d.v);
    const auto N = Eigen::Index(xs_.size());
    Eigen::MatrixXd a = Eigen::MatrixXd::Zero(N + 3, N + 3);
    Eigen::VectorXd rhs = Eigen::VectorXd::Zero(N + 3);
    for (Eigen::Index i = 0; i < N; ++i) {
      for (Eigen::Index j = i + 1; j < N; ++j)
        a(i, j) = a(j, i) = kernel(xs_[std::size_t(i)] - xs_[std::size_t(j)], ys_[std::size_t(i)] - ys_[std::size_t(j)]);
      a(i, i) = 8 * std::numbers::pi * lambda_ / d.m[std::size_t(i)];
      a(i, N) = a(N, i) = 1;
      a(i, N + 1) = a(N + 1, i) = xs_[std::size_t(i)];
      a(i, N + 2) = a(N + 2, i) = ys_[std::size_t(i)];
      rhs(i) = d.z[std::size_t(i)];
    }
    const Eigen::VectorXd solution = a.colPivHouseholderQr().solve(rhs);
    if (!solution.allFinite()) throw error("thin_plate_spline: the linear system could not be solved");
    c_ = solution.head(N);
    affine_ = solution.tail<3>();
  }

  /// Chooses λ for these data by generalised cross-validation (see the top of this file): V(λ)
  /// on `per_decade` log-spaced values of t = 8πλ per decade, from 10⁻⁴ × the smallest to
  /// 10⁴ × the largest eigenvalue e_i (below and above those V no longer changes). The same
  /// input checks as the constructor. Exactly 3 distinct nodes leave nothing to smooth: λ = 0.
  static gcv_choice gcv(std::span<const double> x, std::span<const double> y, std::span<const double> z,
                        int per_decade = 20) {
    if (per_decade < 1) throw error("thin_plate_spline::gcv: need at least 1 grid point per decade");
    const nodes_t d = prepare(x, y, z);
    const std::size_t n = d.u.size();
    const auto N = Eigen::Index(n);
    const double total = double(x.size());  // original points, duplicates included
    gcv_choice out;
    if (n == 3) {
      out.dof = 3;
      out.smallest = true;
      out.score = total > 3 ? total * d.within / std::pow(total - 3, 2) : 0.0;
      return out;
    }
    // weighted problem as an unweighted one: K̃ = M^½ K M^½, P̃ = M^½ P, z̃ = M^½ z
    Eigen::VectorXd root(N), zt(N);
    Eigen::MatrixXd p(N, 3), k(N, N);
    for (Eigen::Index i = 0; i < N; ++i) {
      root(i) = std::sqrt(d.m[std::size_t(i)]);
      zt(i) = root(i) * d.z[std::size_t(i)];
      p.row(i) << root(i), root(i) * d.u[std::size_t(i)], root(i) * d.v[std::size_t(i)];
    }
    for (Eigen::Index i = 0; i < N; ++i) {
      k(i, i) = 0;
      for (Eigen::Index j = i + 1; j < N; ++j)
        k(i, j) = k(j, i) =
            root(i) * root(j) * kernel(d.u[std::size_t(i)] - d.u[std::size_t(j)], d.v[std::size_t(i)] - d.v[std::size_t(j)]);
    }
    const Eigen::HouseholderQR<Eigen::MatrixXd> qr(p);
    const Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(N, N);
    const Eigen::MatrixXd q2 = q.rightCols(N - 3);
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(q2.transpose() * k * q2);
    if (eig.info() != Eigen::Success) throw error("thin_plate_spline::gcv: the eigendecomposition failed");
    const Eigen::VectorXd w = eig.eigenvectors().transpose() * (q2.transpose() * zt);
    Eigen::VectorXd e = eig.eigenvalues();
    const double e_max = std::max(e.maxCoeff(), std::numeric_limits<double>::min());
    for (Eigen::Index i = 0; i < e.size(); ++i) e(i) = std::max(e(i), 1e-14 * e_max);  // ≥ 0 up to rounding
    const double t_lo = 1e-4 * e.minCoeff(), t_hi = 1e4 * e_max;
    const int steps = std::max(2, int(std::ceil(std::log10(t_hi / t_lo) * per_decade)) + 1);
    double best = std::numeric_limits<double>::infinity();
    int best_step = 0;
    for (int s = 0; s < steps; ++s) {
      const double t = t_lo * std::pow(t_hi / t_lo, double(s) / double(steps - 1));
      double rss = d.within, trace = total - double(n);  // tr(I − A): duplicates contribute m − 1 each
      for (Eigen::Index i = 0; i < e.size(); ++i) {
        const double r = t / (e(i) + t);
        rss += r * r * w(i) * w(i);
        trace += r;
      }
      const double score = trace > 0 ? total * rss / (trace * trace) : std::numeric_limits<double>::infinity();
      out.lambdas.push_back(t / (8 * std::numbers::pi));
      out.scores.push_back(score);
      if (score < best) best = score, best_step = s, out.dof = total - trace;
    }
    out.lambda = out.lambdas[std::size_t(best_step)];
    out.score = best;
    out.smallest = best_step == 0;
    out.largest = best_step == steps - 1;
    return out;
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
  /// Distinct nodes in normalised coordinates, with the average z and count m of each.
  struct nodes_t {
    std::vector<double> u, v, z, m;
    double x0 = 0, y0 = 0, sx = 1, sy = 1;
    double within = 0;  ///< Σ (z − node average)² over duplicates, units of z²
  };

  /// Checks the input, merges exact duplicates and normalises to unit ranges.
  static nodes_t prepare(std::span<const double> x, std::span<const double> y, std::span<const double> z) {
    if (x.size() != y.size() || x.size() != z.size())
      throw error("thin_plate_spline: x, y and z differ in size (" + std::to_string(x.size()) + ", " +
                  std::to_string(y.size()) + ", " + std::to_string(z.size()) + ")");
    for (std::size_t k = 0; k < x.size(); ++k)
      if (!std::isfinite(x[k]) || !std::isfinite(y[k]) || !std::isfinite(z[k]))
        throw error("thin_plate_spline: point " + std::to_string(k) + " is not finite");

    // merge exact duplicates: sort by (x, y), average z over each run
    nodes_t d;
    std::vector<std::size_t> order(x.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return x[a] < x[b] || (x[a] == x[b] && y[a] < y[b]); });
    for (std::size_t i = 0; i < order.size();) {
      std::size_t j = i;
      double sum = 0;
      for (; j < order.size() && x[order[j]] == x[order[i]] && y[order[j]] == y[order[i]]; ++j) sum += z[order[j]];
      const double mean = sum / double(j - i);
      for (std::size_t k = i; k < j; ++k) d.within += (z[order[k]] - mean) * (z[order[k]] - mean);
      d.u.push_back(x[order[i]]);
      d.v.push_back(y[order[i]]);
      d.z.push_back(mean);
      d.m.push_back(double(j - i));
      i = j;
    }
    const std::size_t n = d.u.size();
    if (n < 3)
      throw error("thin_plate_spline: need at least 3 distinct points, got " + std::to_string(n));

    // affine normalisation to unit ranges
    const auto [xlo, xhi] = std::minmax_element(d.u.begin(), d.u.end());
    const auto [ylo, yhi] = std::minmax_element(d.v.begin(), d.v.end());
    if (*xlo == *xhi || *ylo == *yhi)
      throw error("thin_plate_spline: the points are collinear (all x or all y equal)");
    d.x0 = *xlo;
    d.y0 = *ylo;
    d.sx = 1 / (*xhi - *xlo);
    d.sy = 1 / (*yhi - *ylo);
    for (std::size_t k = 0; k < n; ++k) {
      d.u[k] = (d.u[k] - d.x0) * d.sx;
      d.v[k] = (d.v[k] - d.y0) * d.sy;
    }

    // collinear: the centred coordinates have rank < 2
    const auto N = Eigen::Index(n);
    Eigen::MatrixXd centred(N, 2);
    for (Eigen::Index k = 0; k < N; ++k) centred(k, 0) = d.u[std::size_t(k)], centred(k, 1) = d.v[std::size_t(k)];
    centred.rowwise() -= centred.colwise().mean();
    const Eigen::Vector2d sigma = Eigen::JacobiSVD<Eigen::MatrixXd>(centred).singularValues();
    if (!(sigma(1) > 1e-10 * sigma(0)))
      throw error("thin_plate_spline: the points are collinear (the affine part is undetermined)");
    return d;
  }

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
