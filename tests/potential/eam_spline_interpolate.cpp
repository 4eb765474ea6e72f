// eam_spline: LAMMPS pair_eam's 7-coefficient cubic spline on a uniform grid.
#include <pelkit/potential/eam_tables.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

using pelkit::eam_spline;
using pelkit::eam_spline_point;

namespace {

/// f[1..n] (f[0] unused) sampled from `fn` at x = (m−1)·delta.
template <class Fn>
std::vector<double> knots(int n, double delta, Fn fn) {
  std::vector<double> f(std::size_t(n) + 1, 0.0);
  for (int m = 1; m <= n; ++m) f[std::size_t(m)] = fn((m - 1) * delta);
  return f;
}

double value_at(const eam_spline& s, double x, double delta) {
  return s.value(eam_spline::locate_r(x, 1.0 / delta, s.size()));
}
double derivative_at(const eam_spline& s, double x, double delta) {
  return s.derivative(eam_spline::locate_r(x, 1.0 / delta, s.size()));
}

}  // namespace

TEST_CASE("eam_spline reproduces the knot values") {
  const double delta = 0.013;
  const int n = 200;
  const auto f = knots(n, delta, [](double x) { return std::sin(3 * x) * std::exp(-x) + 0.1 * x; });
  const auto s = eam_spline::interpolate(f, delta);
  REQUIRE(s.size() == n);
  REQUIRE(s.coeff.size() == std::size_t(n) + 1);
  for (int m = 1; m < n; ++m) {
    CAPTURE(m);
    // start of segment m: exactly the knot value
    CHECK(s.value({m, 0.0}) == f[std::size_t(m)]);
    // end of segment m: the next knot (to round-off: c3 + c4 + c5 + c6)
    CHECK(s.value({m, 1.0}) == doctest::Approx(f[std::size_t(m) + 1]).epsilon(1e-13));
    // looked up at the knot position
    CHECK(value_at(s, (m - 1) * delta, delta) == doctest::Approx(f[std::size_t(m)]).epsilon(1e-12));
  }
  CHECK(s.coeff[std::size_t(n)][6] == f[std::size_t(n)]);
  // row n carries no cubic part and row 0 is unused
  CHECK(s.coeff[std::size_t(n)][3] == 0.0);
  CHECK(s.coeff[std::size_t(n)][4] == 0.0);
  for (double c : s.coeff[0]) CHECK(c == 0.0);
}

TEST_CASE("eam_spline derivative agrees with finite differences of the value") {
  const double delta = 0.02;
  const int n = 150;
  const auto f = knots(n, delta, [](double x) { return std::exp(-1.3 * x) * (2 + std::cos(5 * x)); });
  const auto s = eam_spline::interpolate(f, delta);
  const double h = 1e-6 * delta;
  for (int m = 1; m < n; ++m)
    for (double p : {0.1, 0.37, 0.5, 0.83}) {
      const double x = (m - 1 + p) * delta;
      const double fd = (value_at(s, x + h, delta) - value_at(s, x - h, delta)) / (2 * h);
      CAPTURE(m);
      CAPTURE(p);
      CHECK(derivative_at(s, x, delta) == doctest::Approx(fd).epsilon(1e-6).scale(1.0));
    }
}

TEST_CASE("eam_spline is C1: segment ends share value and slope") {
  const double delta = 0.05;
  const int n = 60;
  const auto f = knots(n, delta, [](double x) { return 1.0 / (1.0 + x * x); });
  const auto s = eam_spline::interpolate(f, delta);
  for (int m = 1; m + 1 < n; ++m) {
    CHECK(s.value({m, 1.0}) == doctest::Approx(s.value({m + 1, 0.0})).epsilon(1e-13));
    CHECK(s.derivative({m, 1.0}) == doctest::Approx(s.derivative({m + 1, 0.0})).epsilon(1e-12));
    // knot slope: c[5] per grid step, c[2] per unit x
    CHECK(s.coeff[std::size_t(m)][2] == doctest::Approx(s.coeff[std::size_t(m)][5] / delta));
  }
}

TEST_CASE("eam_spline is exact for cubics away from the two end segments") {
  // the 5-point knot slopes are exact for polynomials up to degree 4, and a Hermite cubic
  // with exact end values and slopes reproduces a cubic
  const double delta = 0.1;
  const int n = 40;
  auto cubic = [](double x) { return 0.5 - 1.2 * x + 0.7 * x * x - 0.09 * x * x * x; };
  auto dcubic = [](double x) { return -1.2 + 1.4 * x - 0.27 * x * x; };
  const auto s = eam_spline::interpolate(knots(n, delta, cubic), delta);
  for (int m = 3; m <= n - 3; ++m)
    for (double p : {0.0, 0.25, 0.5, 0.9}) {
      const double x = (m - 1 + p) * delta;
      CHECK(s.value({m, p}) == doctest::Approx(cubic(x)).epsilon(1e-12));
      CHECK(s.derivative({m, p}) == doctest::Approx(dcubic(x)).epsilon(1e-11));
    }
  // end slopes are one-sided differences (LAMMPS): c[1][5] = f2 − f1
  CHECK(s.coeff[1][5] == doctest::Approx(cubic(delta) - cubic(0)).epsilon(1e-14));
}

TEST_CASE("eam_spline lookups clamp as LAMMPS does") {
  const double delta = 0.5;
  const int n = 10;
  const auto s = eam_spline::interpolate(knots(n, delta, [](double x) { return 2 * x + 1; }), delta);
  // beyond the last knot: last segment, p = 1
  auto a = eam_spline::locate_r(100.0, 1 / delta, n);
  CHECK(a.m == n - 1);
  CHECK(a.p == 1.0);
  CHECK(s.value(a) == doctest::Approx(2 * (n - 1) * delta + 1));
  auto b = eam_spline::locate_rho(100.0, 1 / delta, n);
  CHECK(b.m == n - 1);
  CHECK(b.p == 1.0);
  // negative density: first segment, extrapolated with p < 0
  auto c = eam_spline::locate_rho(-0.75, 1 / delta, n);
  CHECK(c.m == 1);
  CHECK(c.p == doctest::Approx(-1.5));
  // in between
  auto d = eam_spline::locate_r(1.2, 1 / delta, n);
  CHECK(d.m == 3);
  CHECK(d.p == doctest::Approx(0.4));
  CHECK(s.value(d) == doctest::Approx(3.4));
  CHECK(s.derivative(d) == doctest::Approx(2.0));
}

TEST_CASE("eam_spline::interpolate rejects too few knots and bad spacing") {
  const std::vector<double> two{0.0, 1.0, 2.0};
  CHECK_THROWS_AS(eam_spline::interpolate(two, 0.1), pelkit::error);
  const std::vector<double> three{0.0, 1.0, 2.0, 4.0};
  CHECK_NOTHROW(eam_spline::interpolate(three, 0.1));
  CHECK_THROWS_AS(eam_spline::interpolate(three, 0.0), pelkit::error);
  CHECK_THROWS_AS(eam_spline::interpolate(three, -1.0), pelkit::error);
  // smallest grid: knots 1..3 still give a valid segment pair
  const auto s = eam_spline::interpolate(three, 1.0);
  CHECK(s.value({1, 0.0}) == 1.0);
  CHECK(s.value({2, 1.0}) == doctest::Approx(4.0));
}
