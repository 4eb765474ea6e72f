// Correlations across samples: Pearson against the textbook formula, ±1 on exact lines and
// invariance under affine maps; Spearman and average ranks; the percentile bootstrap
// (contains the estimate, deterministic, narrows with n, coverage on correlated Gaussians,
// skipped resamples); errors for bad input.
#include <pelkit/study/statistics.hpp>

#include "../support.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace pelkit;

namespace {

struct pairs {
  std::vector<double> x, y;
};

/// n draws of a bivariate normal with unit variances and correlation rho.
pairs correlated_gaussian(std::size_t n, double rho, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g;
  pairs p;
  for (std::size_t k = 0; k < n; ++k) {
    const double a = g(rng), b = g(rng);
    p.x.push_back(a);
    p.y.push_back(rho * a + std::sqrt(1 - rho * rho) * b);
  }
  return p;
}

/// The one-pass computational formula r = (nΣxy − ΣxΣy) / sqrt((nΣx² − (Σx)²)(nΣy² − (Σy)²)).
double textbook_pearson(const std::vector<double>& x, const std::vector<double>& y) {
  double sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    sx += x[k];
    sy += y[k];
    sxy += x[k] * y[k];
    sxx += x[k] * x[k];
    syy += y[k] * y[k];
  }
  const double n = double(x.size());
  return (n * sxy - sx * sy) / std::sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
}

}  // namespace

TEST_CASE("pearson: ±1 on exact lines, the textbook value, affine invariance") {
  const std::vector<double> x{0.3, 1.1, 2.0, 2.2, 3.7, 4.1, 5.9};
  std::vector<double> up, down;
  for (double v : x) up.push_back(2.5 * v - 1), down.push_back(-0.4 * v + 7);
  CHECK(pearson(x, up) == doctest::Approx(1.0).epsilon(1e-14));
  CHECK(pearson(x, down) == doctest::Approx(-1.0).epsilon(1e-14));
  CHECK(pearson(x, x) == 1.0);

  // x = 1…5, y = {2, 1, 4, 3, 5}: Σxy = 53, Σx = Σy = 15, Σx² = Σy² = 55 → r = 40 / 50
  const std::vector<double> a{1, 2, 3, 4, 5}, b{2, 1, 4, 3, 5};
  CHECK(pearson(a, b) == doctest::Approx(0.8).epsilon(1e-14));
  CHECK(textbook_pearson(a, b) == doctest::Approx(0.8).epsilon(1e-14));
  const std::vector<double> c{0.91, 1.05, 0.88, 1.21, 0.97, 1.14, 1.02, 0.79};
  const std::vector<double> d{12.1, 13.4, 12.9, 14.8, 12.2, 13.1, 13.9, 11.6};
  const double r = textbook_pearson(c, d);
  CHECK(r > 0.3);
  CHECK(r < 0.99);
  CHECK(pearson(c, d) == doctest::Approx(r).epsilon(1e-12));
  CHECK(pearson(d, c) == doctest::Approx(r).epsilon(1e-12));

  // r is unchanged by x → αx + β, y → γy + δ with αγ > 0, and flips sign with αγ < 0
  std::vector<double> c2, d2, d3;
  for (double v : c) c2.push_back(1e3 * v - 40);
  for (double v : d) d2.push_back(1e-3 * v + 7), d3.push_back(-5 * v);
  CHECK(pearson(c2, d2) == doctest::Approx(r).epsilon(1e-10));
  CHECK(pearson(c2, d3) == doctest::Approx(-r).epsilon(1e-10));
  // large offsets do not hurt (two-pass formula)
  std::vector<double> c4;
  for (double v : c) c4.push_back(v + 1e8);
  CHECK(pearson(c4, d) == doctest::Approx(r).epsilon(1e-6));
}

TEST_CASE("ranks with ties and spearman") {
  CHECK(ranks(std::vector<double>{1, 2, 2, 3}) == std::vector<double>{1, 2.5, 2.5, 4});
  CHECK(ranks(std::vector<double>{3, 1, 2}) == std::vector<double>{3, 1, 2});
  CHECK(ranks(std::vector<double>{5, 5, 5}) == std::vector<double>{2, 2, 2});
  CHECK(ranks(std::vector<double>{0.5, -1, 0.5, 7, -1, 0.5}) == std::vector<double>{4, 1.5, 4, 6, 1.5, 4});
  CHECK(ranks(std::vector<double>{}).empty());

  // any strictly monotone relation gives ±1, although Pearson's r is below 1
  std::vector<double> x, y, z;
  for (int k = 0; k < 12; ++k) {
    x.push_back(0.3 * k - 1);
    y.push_back(std::exp(3 * x.back()));
    z.push_back(-std::pow(x.back() + 2, 5));
  }
  CHECK(spearman(x, y) == doctest::Approx(1.0).epsilon(1e-14));
  CHECK(spearman(x, z) == doctest::Approx(-1.0).epsilon(1e-14));
  CHECK(pearson(x, y) < 0.95);

  // with ties: Pearson of the hand-written average ranks
  const std::vector<double> a{1, 2, 2, 3, 5, 4}, b{10, 30, 20, 20, 60, 50};
  const std::vector<double> ra{1, 2.5, 2.5, 4, 6, 5}, rb{1, 4, 2.5, 2.5, 6, 5};
  CHECK(spearman(a, b) == doctest::Approx(textbook_pearson(ra, rb)).epsilon(1e-14));
  // no ties: 1 − 6 Σd² / (n(n² − 1)); x = 1…5, y = {2, 1, 4, 3, 5} → Σd² = 4, ρ = 0.8
  CHECK(spearman(std::vector<double>{1, 2, 3, 4, 5}, std::vector<double>{2, 1, 4, 3, 5}) ==
        doctest::Approx(0.8).epsilon(1e-14));
}

TEST_CASE("bootstrap interval: contains the estimate, deterministic, narrows with more data") {
  const auto small = correlated_gaussian(25, 0.6, 11), large = correlated_gaussian(400, 0.6, 12);
  const auto ci = bootstrap_ci(small.x, small.y, pearson, 1000, 0.95, 7);
  CHECK(ci.estimate == pearson(small.x, small.y));
  CHECK(ci.lo <= ci.estimate);
  CHECK(ci.estimate <= ci.hi);
  CHECK(ci.lo >= -1);
  CHECK(ci.hi <= 1);
  CHECK(ci.resamples == 1000);
  CHECK(ci.level == 0.95);

  const auto again = bootstrap_ci(small.x, small.y, pearson, 1000, 0.95, 7);
  CHECK(again.lo == ci.lo);
  CHECK(again.hi == ci.hi);
  const auto other = bootstrap_ci(small.x, small.y, pearson, 1000, 0.95, 8);
  CHECK((other.lo != ci.lo || other.hi != ci.hi));
  CHECK(other.estimate == ci.estimate);

  const auto wide = bootstrap_ci(large.x, large.y, pearson, 1000, 0.95, 7);
  CHECK(wide.lo <= wide.estimate);
  CHECK(wide.estimate <= wide.hi);
  CHECK(wide.hi - wide.lo < 0.4 * (ci.hi - ci.lo));  // width ∝ 1/√n: about 1/4 here
  CHECK(wide.lo < 0.6);
  CHECK(wide.hi > 0.6);
  // a lower level gives a nested, narrower interval
  const auto narrow = bootstrap_ci(small.x, small.y, pearson, 1000, 0.5, 7);
  CHECK(narrow.lo >= ci.lo);
  CHECK(narrow.hi <= ci.hi);
  CHECK(narrow.hi - narrow.lo < 0.6 * (ci.hi - ci.lo));

  const auto c = correlate(small.x, small.y, 500, 0.9, 3);
  CHECK(c.n == 25);
  CHECK(c.pearson.estimate == pearson(small.x, small.y));
  CHECK(c.spearman.estimate == spearman(small.x, small.y));
  CHECK(c.pearson.level == 0.9);
  CHECK(c.spearman.resamples == 500);
  CHECK(c.spearman.lo <= c.spearman.estimate);
  CHECK(c.spearman.estimate <= c.spearman.hi);
  CHECK(c.pearson.lo == bootstrap_ci(small.x, small.y, pearson, 500, 0.9, 3).lo);
}

TEST_CASE("bootstrap interval: coverage on correlated Gaussian data") {
  // 200 data sets of 40 pairs, ρ = 0.5: the 95 % and 50 % intervals should contain ρ about
  // 95 % and 50 % of the time (the percentile interval of r undercovers slightly at small n:
  // measured 0.925 and 0.535 here, 0.922 at 95 % over 1000 data sets).
  const double rho = 0.5;
  const int trials = 200;
  int hit95 = 0, hit50 = 0;
  for (int t = 0; t < trials; ++t) {
    const auto d = correlated_gaussian(40, rho, 1000u + unsigned(t));
    const auto c95 = bootstrap_ci(d.x, d.y, pearson, 300, 0.95, std::uint64_t(t) + 1);
    const auto c50 = bootstrap_ci(d.x, d.y, pearson, 300, 0.50, std::uint64_t(t) + 1);
    hit95 += c95.lo <= rho && rho <= c95.hi;
    hit50 += c50.lo <= rho && rho <= c50.hi;
  }
  const double coverage95 = double(hit95) / trials, coverage50 = double(hit50) / trials;
  INFO("coverage at 95 %: ", coverage95, ", at 50 %: ", coverage50);
  CHECK(coverage95 >= 0.88);
  CHECK(coverage95 <= 0.99);
  CHECK(coverage50 >= 0.38);
  CHECK(coverage50 <= 0.62);
}

TEST_CASE("bootstrap interval: undefined resamples are skipped; NaN when most fail") {
  // 3 points with x = {0, 0, 1}: a resample has constant x with probability 9/27
  const std::vector<double> x{0, 0, 1}, y{0, 1, 2};
  const auto ci = bootstrap_ci(x, y, pearson, 3000, 0.95, 5);
  CHECK(ci.resamples < 3000);
  CHECK(double(ci.resamples) / 3000 == doctest::Approx(18.0 / 27).epsilon(0.05));
  CHECK(std::isfinite(ci.lo));
  CHECK(std::isfinite(ci.hi));
  CHECK(ci.lo <= ci.hi);

  // defined only when the first drawn pair is (0, ·): a quarter of the resamples
  const std::vector<double> a{0, 1, 2, 3}, b{1, 2, 3, 4};
  auto first_zero = [](std::span<const double> u, std::span<const double> v) {
    if (u[0] != 0) throw error("undefined");
    return v[0] + v[1];
  };
  const auto none = bootstrap_ci(a, b, first_zero, 1000, 0.95, 9);
  CHECK(none.estimate == 3);
  CHECK(none.resamples > 150);
  CHECK(none.resamples < 350);
  CHECK(std::isnan(none.lo));
  CHECK(std::isnan(none.hi));
  // non-finite values count as undefined too
  auto nan_unless_first_zero = [](std::span<const double> u, std::span<const double>) {
    return u[0] == 0 ? 1.0 : std::numeric_limits<double>::quiet_NaN();
  };
  CHECK(bootstrap_ci(a, b, nan_unless_first_zero, 1000, 0.95, 9).resamples == none.resamples);
}

TEST_CASE("correlation errors") {
  const std::vector<double> three{1, 2, 3}, four{1, 2, 3, 4}, two{1, 2}, flat{2, 2, 2};
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  CHECK_ERROR(pearson(three, four), "pearson", "differ in size", "3 vs 4");
  CHECK_ERROR(pearson(two, two), "pearson", "at least 3 points", "got 2");
  CHECK_ERROR(pearson(three, std::vector<double>{1, nan, 3}), "pearson", "y[1]", "not finite");
  CHECK_ERROR(pearson(std::vector<double>{1, 2, inf}, three), "pearson", "x[2]", "not finite");
  CHECK_ERROR(pearson(flat, three), "pearson", "zero variance in x");
  CHECK_ERROR(pearson(three, flat), "pearson", "zero variance in y");
  CHECK_ERROR(spearman(three, flat), "spearman", "zero variance in y");
  CHECK_ERROR(spearman(four, three), "spearman", "differ in size");
  CHECK_ERROR(spearman(std::vector<double>{nan, 1, 2}, three), "spearman", "x[0]", "not finite");
  CHECK_ERROR(ranks(std::vector<double>{1, nan}), "ranks", "value[1]", "not finite");
  CHECK_ERROR(bootstrap_ci(three, four, pearson), "bootstrap_ci", "differ in size");
  CHECK_ERROR(bootstrap_ci(std::vector<double>{}, std::vector<double>{}, pearson), "bootstrap_ci", "no data");
  CHECK_ERROR(bootstrap_ci(four, four, pearson, 0), "bootstrap_ci", "at least 1 resample");
  CHECK_ERROR(bootstrap_ci(four, four, pearson, 100, 1.0), "bootstrap_ci", "level");
  CHECK_ERROR(bootstrap_ci(four, four, pearson, 100, 0.0), "bootstrap_ci", "level");
  CHECK_ERROR(bootstrap_ci(four, four, pearson, 100, nan), "bootstrap_ci", "level");
  CHECK_ERROR(bootstrap_ci(flat, three, pearson), "pearson", "zero variance");  // the estimate itself
  CHECK_ERROR(correlate(flat, three), "zero variance in x");
  CHECK_ERROR(correlate(two, two), "at least 3 points");
}
