// Thin-plate spline: exact at the nodes (λ = 0), exact for affine functions, converges to
// Franke's function as the nodes get denser, duplicates averaged (and weighted when smoothing),
// smoothing beats interpolation on noisy data, independent of the units of x and y, the grid,
// errors; λ by generalised cross-validation (≈ 0 for smooth noiseless data, larger for noisy
// data, bounded surface for nearly coincident nodes).
#include <pelkit/study/thin_plate_spline.hpp>

#include "../support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace pelkit;

namespace {

/// R. Franke's test function (Naval Postgraduate School report NPS-53-79-003, 1979) on [0, 1]².
double franke(double x, double y) {
  return 0.75 * std::exp(-(std::pow(9 * x - 2, 2) + std::pow(9 * y - 2, 2)) / 4) +
         0.75 * std::exp(-std::pow(9 * x + 1, 2) / 49 - (9 * y + 1) / 10) +
         0.5 * std::exp(-(std::pow(9 * x - 7, 2) + std::pow(9 * y - 3, 2)) / 4) -
         0.2 * std::exp(-std::pow(9 * x - 4, 2) - std::pow(9 * y - 7, 2));
}

struct samples {
  std::vector<double> x, y, z;
};

/// n uniformly scattered points in [0, 1]² with z = f(x, y).
template <class F>
samples scattered(std::size_t n, unsigned seed, F f) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  samples s;
  for (std::size_t k = 0; k < n; ++k) {
    s.x.push_back(u(rng));
    s.y.push_back(u(rng));
    s.z.push_back(f(s.x.back(), s.y.back()));
  }
  return s;
}

/// The m × m regular grid over [0, 1]² with z = f(x, y).
template <class F>
samples regular(int m, F f) {
  samples s;
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < m; ++j) {
      s.x.push_back(double(i) / (m - 1));
      s.y.push_back(double(j) / (m - 1));
      s.z.push_back(f(s.x.back(), s.y.back()));
    }
  return s;
}

/// Largest |spline − f| over a 41 × 41 grid slightly inside [0, 1]² (off the nodes).
template <class F>
double max_error(const thin_plate_spline& s, F f, double margin = 0.0) {
  double e = 0;
  for (int i = 0; i <= 40; ++i)
    for (int j = 0; j <= 40; ++j) {
      const double x = margin + (1 - 2 * margin) * (i + 0.37) / 41, y = margin + (1 - 2 * margin) * (j + 0.61) / 41;
      e = std::max(e, std::abs(s(x, y) - f(x, y)));
    }
  return e;
}

/// Root-mean-square |spline − f| over the same points.
template <class F>
double rms_error(const thin_plate_spline& s, F f) {
  double sum = 0;
  for (int i = 0; i <= 40; ++i)
    for (int j = 0; j <= 40; ++j) {
      const double x = (i + 0.37) / 41, y = (j + 0.61) / 41, d = s(x, y) - f(x, y);
      sum += d * d;
    }
  return std::sqrt(sum / (41 * 41));
}

}  // namespace

TEST_CASE("interpolates scattered data exactly") {
  const auto d = scattered(150, 1, franke);
  const thin_plate_spline s(d.x, d.y, d.z);
  CHECK(s.nodes() == 150);
  CHECK(s.smoothing() == 0);
  double worst = 0;
  for (std::size_t k = 0; k < d.x.size(); ++k) worst = std::max(worst, std::abs(s(d.x[k], d.y[k]) - d.z[k]));
  CHECK(worst < 1e-9);
  // three points: the plane through them
  const thin_plate_spline t(std::vector<double>{0, 1, 0}, std::vector<double>{0, 0, 1}, std::vector<double>{1, 3, -2});
  CHECK(t(0.5, 0.5) == doctest::Approx(1 + 2 * 0.5 - 3 * 0.5).epsilon(1e-12));
  CHECK(t(0, 1) == doctest::Approx(-2).epsilon(1e-12));
}

TEST_CASE("reproduces affine functions everywhere, with or without smoothing") {
  auto plane = [](double x, double y) { return 2.5 - 3 * x + 0.75 * y; };
  const auto d = scattered(40, 2, plane);
  for (double lambda : {0.0, 1e-3, 10.0}) {
    const thin_plate_spline s(d.x, d.y, d.z, lambda);
    for (double x : {-1.0, 0.0, 0.3, 0.77, 2.0})
      for (double y : {-0.5, 0.1, 0.5, 1.4})
        CHECK(s(x, y) == doctest::Approx(plane(x, y)).epsilon(1e-9).scale(1));
  }
}

TEST_CASE("converges to Franke's function as the nodes get denser") {
  // regular grids: 10 × 10 then 20 × 20 (measured: 0.010 and 0.0023; Franke's range is 1.2)
  const auto r10 = regular(10, franke), r20 = regular(20, franke);
  const double e10 = max_error(thin_plate_spline(r10.x, r10.y, r10.z), franke);
  const double e20 = max_error(thin_plate_spline(r20.x, r20.y, r20.z), franke);
  INFO("max error 10x10: ", e10, ", 20x20: ", e20);
  CHECK(e10 < 0.02);
  CHECK(e20 < 0.005);
  CHECK(e20 < 0.3 * e10);
  // scattered: 100 then 400 points, error away from the edges (measured: 0.040 and 0.0074)
  const auto s100 = scattered(100, 3, franke), s400 = scattered(400, 4, franke);
  const double f100 = max_error(thin_plate_spline(s100.x, s100.y, s100.z), franke, 0.1);
  const double f400 = max_error(thin_plate_spline(s400.x, s400.y, s400.z), franke, 0.1);
  INFO("max error 100 scattered: ", f100, ", 400 scattered: ", f400);
  CHECK(f100 < 0.06);
  CHECK(f400 < 0.015);
  CHECK(f400 < 0.3 * f100);
}

TEST_CASE("exact duplicates are merged at the average of their values") {
  auto d = scattered(30, 5, franke);
  const thin_plate_spline base(d.x, d.y, d.z);
  // repeat node 3 with z + 1 and z − 1, node 7 with the same z: the averages are unchanged
  d.x.insert(d.x.end(), {d.x[3], d.x[3], d.x[7]});
  d.y.insert(d.y.end(), {d.y[3], d.y[3], d.y[7]});
  d.z.insert(d.z.end(), {d.z[3] + 1, d.z[3] - 1, d.z[7]});
  const thin_plate_spline merged(d.x, d.y, d.z);
  CHECK(merged.nodes() == 30);
  for (double x : {0.1, 0.45, 0.9})
    for (double y : {0.2, 0.6})
      CHECK(merged(x, y) == doctest::Approx(base(x, y)).epsilon(1e-9));
  // values 1 and 3 at one point: the spline passes through 2
  const thin_plate_spline two(std::vector<double>{0, 1, 0, 1, 0.5}, std::vector<double>{0, 0, 1, 1, 0.5},
                              std::vector<double>{0, 0, 0, 0, 0});
  const thin_plate_spline dup(std::vector<double>{0, 1, 0, 1, 0.5, 0.5}, std::vector<double>{0, 0, 1, 1, 0.5, 0.5},
                              std::vector<double>{0, 0, 0, 0, 1, 3});
  CHECK(dup.nodes() == 5);
  CHECK(dup(0.5, 0.5) == doctest::Approx(2).epsilon(1e-12));
  CHECK(two(0.5, 0.5) == doctest::Approx(0).scale(1).epsilon(1e-12));
  // smoothing: every point twice with λ fits like every point once with λ/2 (weights)
  const auto e = scattered(25, 6, franke);
  samples twice = e;
  twice.x.insert(twice.x.end(), e.x.begin(), e.x.end());
  twice.y.insert(twice.y.end(), e.y.begin(), e.y.end());
  twice.z.insert(twice.z.end(), e.z.begin(), e.z.end());
  const thin_plate_spline once_half(e.x, e.y, e.z, 0.5e-3), twice_full(twice.x, twice.y, twice.z, 1e-3),
      once_full(e.x, e.y, e.z, 1e-3);
  CHECK(twice_full.nodes() == 25);
  CHECK(twice_full(0.3, 0.4) == doctest::Approx(once_half(0.3, 0.4)).epsilon(1e-9));
  CHECK(twice_full(0.8, 0.1) == doctest::Approx(once_half(0.8, 0.1)).epsilon(1e-9));
  CHECK(std::abs(once_full(0.3, 0.4) - once_half(0.3, 0.4)) > 1e-6);
}

TEST_CASE("smoothing: does not interpolate noisy data but is closer to the underlying function") {
  auto d = scattered(200, 7, franke);
  std::mt19937_64 rng(8);
  std::normal_distribution<double> noise(0, 0.1);
  std::vector<double> noisy(d.z);
  for (auto& v : noisy) v += noise(rng);
  const thin_plate_spline exact(d.x, d.y, noisy), smooth(d.x, d.y, noisy, 1e-3);
  double residual = 0;
  for (std::size_t k = 0; k < d.x.size(); ++k) residual += std::pow(smooth(d.x[k], d.y[k]) - noisy[k], 2);
  residual = std::sqrt(residual / double(d.x.size()));
  const double e_exact = rms_error(exact, franke), e_smooth = rms_error(smooth, franke);
  INFO("rms residual at the nodes: ", residual, "; rms error, interpolating: ", e_exact, ", smoothing: ", e_smooth);
  // measured: residual 0.078 (noise 0.1), error 0.105 interpolating, 0.041 smoothing
  CHECK(residual > 0.05);  // no longer through the data
  CHECK(e_smooth < 0.5 * e_exact);
  CHECK(e_smooth < 0.06);
}

TEST_CASE("independent of the units of x and y") {
  const auto d = scattered(60, 9, franke);
  std::vector<double> xs, ys, xf;
  for (double v : d.x) xs.push_back(1e-3 * v), xf.push_back(-2e2 * v + 3);  // also flipped
  for (double v : d.y) ys.push_back(1e3 * v + 40);
  for (double lambda : {0.0, 1e-4}) {
    const thin_plate_spline unit(d.x, d.y, d.z, lambda), scaled(xs, ys, d.z, lambda), flipped(xf, d.y, d.z, lambda);
    for (double x : {0.05, 0.33, 0.5, 0.81})
      for (double y : {0.12, 0.47, 0.93}) {
        CHECK(scaled(1e-3 * x, 1e3 * y + 40) == doctest::Approx(unit(x, y)).epsilon(1e-8));
        CHECK(flipped(-2e2 * x + 3, y) == doctest::Approx(unit(x, y)).epsilon(1e-8));
      }
  }
}

TEST_CASE("evaluation on a grid") {
  const auto d = scattered(50, 10, franke);
  const thin_plate_spline s(d.x, d.y, d.z);
  const spline_grid g = s.grid(0, 1, 5, -0.5, 1.5, 7);
  REQUIRE(g.x.size() == 5);
  REQUIRE(g.y.size() == 7);
  REQUIRE(g.z.rows() == 7);
  REQUIRE(g.z.cols() == 5);
  CHECK(g.x.front() == 0);
  CHECK(g.x.back() == 1);
  CHECK(g.y[2] == doctest::Approx(0.1666666666666667));
  CHECK(g.y.back() == 1.5);
  for (int j = 0; j < 7; ++j)
    for (int i = 0; i < 5; ++i) CHECK(g.z(j, i) == s(g.x[std::size_t(i)], g.y[std::size_t(j)]));
  CHECK_ERROR(s.grid(0, 1, 1, 0, 1, 5), "grid", "at least 2 points");
  CHECK_ERROR(s.grid(1, 0, 3, 0, 1, 5), "grid", "xmin <= xmax");
}

TEST_CASE("thin-plate spline errors") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  using v = std::vector<double>;
  CHECK_ERROR(thin_plate_spline(v{0, 1, 2}, v{0, 1, 2}, v{1, 2}), "thin_plate_spline", "differ in size");
  CHECK_ERROR(thin_plate_spline(v{0, 1}, v{0, 1}, v{1, 2}), "at least 3 distinct points", "got 2");
  CHECK_ERROR(thin_plate_spline(v{0, 1, 1, 0, 0}, v{0, 1, 1, 0, 0}, v{1, 2, 3, 4, 5}), "at least 3 distinct points", "got 2");
  CHECK_ERROR(thin_plate_spline(v{0, 1, 2, 3}, v{1, 3, 5, 7}, v{1, 2, 3, 4}), "collinear");
  CHECK_ERROR(thin_plate_spline(v{0.1, 0.2, 0.3, 0.4}, v{0.3, 0.2, 0.1, 0.0}, v{1, 2, 3, 4}), "collinear");
  CHECK_ERROR(thin_plate_spline(v{2, 2, 2}, v{0, 1, 2}, v{1, 2, 3}), "collinear");
  CHECK_ERROR(thin_plate_spline(v{0, 1, 2}, v{5, 5, 5}, v{1, 2, 3}), "collinear");
  CHECK_ERROR(thin_plate_spline(v{0, nan, 0}, v{0, 0, 1}, v{1, 2, 3}), "point 1", "not finite");
  CHECK_ERROR(thin_plate_spline(v{0, 1, 0}, v{0, 0, 1}, v{1, 2, nan}), "point 2", "not finite");
  CHECK_ERROR(thin_plate_spline(v{0, 1, 0}, v{0, 0, 1}, v{1, 2, 3}, -1), "smoothing", ">= 0");
  CHECK_ERROR(thin_plate_spline(v{0, 1, 0}, v{0, 0, 1}, v{1, 2, 3}, nan), "smoothing");
}

// --- smoothing chosen by generalised cross-validation ---------------------------------------------

namespace {

/// The Ψ-like case of the δ maps: six samples with one descriptor value each (two of them
/// nearly equal, as 0.0087363 and 0.0087365 ps² in the quick preset) and δ_ij = (g_i − g_j)²
/// placed at (x_i, x_j), for a property g that rises with the descriptor overall but differs
/// between the two nearly coincident samples.
samples psi_like() {
  const std::vector<double> psi{0.0071, 0.0079, 0.0087363, 0.0087365, 0.0093, 0.0102};  // ps²
  const std::vector<double> g{0.00, 0.12, 0.16, 0.34, 0.30, 0.45};
  samples s;
  for (std::size_t i = 0; i < psi.size(); ++i)
    for (std::size_t j = 0; j < psi.size(); ++j) {
      s.x.push_back(psi[i]);
      s.y.push_back(psi[j]);
      s.z.push_back((g[i] - g[j]) * (g[i] - g[j]));
    }
  return s;
}

/// Smallest and largest of the spline on a 60 × 60 grid over the data's bounding box.
std::pair<double, double> surface_range(const thin_plate_spline& s, const samples& d) {
  const auto [xlo, xhi] = std::minmax_element(d.x.begin(), d.x.end());
  const auto [ylo, yhi] = std::minmax_element(d.y.begin(), d.y.end());
  const spline_grid g = s.grid(*xlo, *xhi, 60, *ylo, *yhi, 60);
  return {g.z.minCoeff(), g.z.maxCoeff()};
}

}  // namespace

TEST_CASE("GCV: smooth noiseless data sampled densely are interpolated (lambda ~ 0)") {
  const auto d = regular(15, franke);
  const gcv_choice c = thin_plate_spline::gcv(d.x, d.y, d.z);
  const thin_plate_spline fit(d.x, d.y, d.z, c.lambda), exact(d.x, d.y, d.z);
  const double e_fit = max_error(fit, franke), e_exact = max_error(exact, franke);
  INFO("lambda: ", c.lambda, ", dof: ", c.dof, " of 225, max error: ", e_fit, " (interpolation ", e_exact, ")");
  // measured: λ = 6e-9, dof 224.99 of 225, max error 0.00568 (interpolation 0.00568)
  CHECK(c.lambda < 1e-7);
  CHECK(c.dof > 0.9 * 225);
  CHECK(e_fit < 1.2 * e_exact + 1e-4);
  REQUIRE(c.lambdas.size() == c.scores.size());
  CHECK(std::is_sorted(c.lambdas.begin(), c.lambdas.end()));
  CHECK(c.score == *std::min_element(c.scores.begin(), c.scores.end()));
}

TEST_CASE("GCV: noisy data get a larger lambda, and a fit closer to the underlying function") {
  auto d = scattered(200, 7, franke);
  const gcv_choice clean = thin_plate_spline::gcv(d.x, d.y, d.z);
  std::mt19937_64 rng(8);
  std::normal_distribution<double> noise(0, 0.1);
  std::vector<double> noisy(d.z);
  for (auto& v : noisy) v += noise(rng);
  const gcv_choice c = thin_plate_spline::gcv(d.x, d.y, noisy);
  const thin_plate_spline fit(d.x, d.y, noisy, c.lambda), exact(d.x, d.y, noisy);
  const double e_fit = rms_error(fit, franke), e_exact = rms_error(exact, franke);
  INFO("lambda clean: ", clean.lambda, ", noisy: ", c.lambda, " (dof ", c.dof, " of 200); rms error ", e_fit,
       " (interpolation ", e_exact, ")");
  // measured: λ clean 3.5e-10, noisy 2.1e-3 (dof 40 of 200); rms error 0.040 (interpolation 0.105)
  CHECK(c.lambda > 1e3 * clean.lambda);
  CHECK(c.lambda > 1e-6);
  CHECK_FALSE(c.largest);
  CHECK(c.dof < 100);
  CHECK(e_fit < 0.5 * e_exact);
  CHECK(e_fit < 0.06);
}

TEST_CASE("GCV: nearly coincident nodes with different values do not blow up the surface") {
  const auto d = psi_like();
  const double lo = *std::min_element(d.z.begin(), d.z.end()), hi = *std::max_element(d.z.begin(), d.z.end());
  // (no structured bindings: INFO captures them in a lambda, which clang 14 refuses)
  const auto interpolated = surface_range(thin_plate_spline(d.x, d.y, d.z), d);
  const double ilo = interpolated.first, ihi = interpolated.second;
  const gcv_choice c = thin_plate_spline::gcv(d.x, d.y, d.z);
  const auto smoothed = surface_range(thin_plate_spline(d.x, d.y, d.z, c.lambda), d);
  const double slo = smoothed.first, shi = smoothed.second;
  INFO("data [", lo, ", ", hi, "]; interpolation [", ilo, ", ", ihi, "]; GCV lambda ", c.lambda, " (dof ", c.dof,
       ") [", slo, ", ", shi, "]");
  // measured: data [0, 0.20]; interpolation [-12.3, 9.8]; GCV λ = 0.013, dof 9.7, [0.009, 0.157]
  CHECK(ihi > hi + 2 * (hi - lo));  // the failure GCV repairs: interpolation overshoots far
  CHECK(shi <= hi + 0.25 * (hi - lo));
  CHECK(slo >= lo - 0.25 * (hi - lo));
  CHECK_FALSE(c.smallest);
  CHECK_FALSE(c.largest);  // not merely the plane: the surface still follows the data
  CHECK(c.dof > 4);
}

TEST_CASE("GCV: duplicates count as data, and the choice does not depend on units") {
  const auto d = scattered(40, 11, franke);
  std::vector<double> xs;
  for (double v : d.x) xs.push_back(1e-3 * v + 5);
  const gcv_choice a = thin_plate_spline::gcv(d.x, d.y, d.z), b = thin_plate_spline::gcv(xs, d.y, d.z);
  CHECK(b.lambda == doctest::Approx(a.lambda).epsilon(1e-9));
  CHECK(b.score == doctest::Approx(a.score).epsilon(1e-6));
  // three nodes: nothing to smooth
  using v = std::vector<double>;
  const gcv_choice three = thin_plate_spline::gcv(v{0, 1, 0, 0}, v{0, 0, 1, 1}, v{1, 2, 3, 5});
  CHECK(three.lambda == 0);
  CHECK(three.dof == 3);
  CHECK_ERROR(thin_plate_spline::gcv(v{0, 1}, v{0, 1}, v{1, 2}), "at least 3 distinct points");
  CHECK_ERROR(thin_plate_spline::gcv(v{0, 1, 0}, v{0, 0, 1}, v{1, 2, 3}, 0), "per decade");
}
