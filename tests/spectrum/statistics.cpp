// P(EA) of one sample: histogram and KDE normalisation, mean / std / quantiles, Silverman's
// bandwidth, the Boltzmann-weighted mean and its limits.
#include <pelkit/core/units.hpp>
#include <pelkit/spectrum/spectrum.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <numbers>
#include <random>

using namespace pelkit;

namespace {
std::vector<double> gamma_sample(std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::gamma_distribution<double> g(3.0, 0.3);  // a skewed, EA-like spectrum, mean 0.9 eV
  std::vector<double> v(n);
  for (auto& x : v) x = g(rng);
  return v;
}
}  // namespace

TEST_CASE("mean, standard deviation and quantiles against direct computation") {
  const activation_spectrum p({5, 1, 4, 2, 3});
  CHECK(p.size() == 5);
  CHECK(p.values() == std::vector<double>{1, 2, 3, 4, 5});
  CHECK(p.mean() == doctest::Approx(3.0));
  CHECK(p.standard_deviation() == doctest::Approx(std::sqrt(2.5)));  // Σ(x − 3)² = 10, n − 1 = 4
  CHECK(p.quantile(0.0) == 1);
  CHECK(p.quantile(0.25) == doctest::Approx(2.0));
  CHECK(p.quantile(0.5) == doctest::Approx(3.0));
  CHECK(p.quantile(0.95) == doctest::Approx(4.8));  // position 0.95 · 4 = 3.8
  CHECK(p.quantile(1.0) == 5);
  const activation_spectrum q({0.1, 0.2, 0.4, 0.8});
  CHECK(q.quantile(0.5) == doctest::Approx(0.3));
  CHECK(q.quantile(0.05) == doctest::Approx(0.1 + 0.15 * 0.1));  // position 0.15
  CHECK(q.min() == 0.1);
  CHECK(q.max() == 0.8);
  // a large sample: mean and std by the textbook formulas, quantiles bracket the right counts
  const auto v = gamma_sample(10001, 3);
  const activation_spectrum r(v);
  double sum = 0, sum2 = 0;
  for (double x : v) sum += x, sum2 += x * x;
  const double n = double(v.size());
  CHECK(r.mean() == doctest::Approx(sum / n).epsilon(1e-12));
  CHECK(r.standard_deviation() == doctest::Approx(std::sqrt((sum2 - sum * sum / n) / (n - 1))).epsilon(1e-9));
  for (double qq : {0.05, 0.25, 0.5, 0.75, 0.95}) {
    const double e = r.quantile(qq);
    const auto below = std::count_if(v.begin(), v.end(), [&](double x) { return x < e; });
    CHECK(below == long(std::ceil(qq * (n - 1))));  // n − 1 = 10000: the quantiles are order statistics
  }
}

TEST_CASE("empty and single-event spectra; bad input") {
  const activation_spectrum empty{std::vector<double>{}};
  CHECK(empty.empty());
  CHECK(std::isnan(empty.mean()));
  CHECK(std::isnan(empty.quantile(0.5)));
  CHECK(histogram_of(empty).counts.empty());
  CHECK(kde_of(empty).grid.empty());
  CHECK(std::isnan(boltzmann_mean(empty, 300)));
  const activation_spectrum one({0.7});
  CHECK(one.standard_deviation() == 0);
  CHECK(one.bandwidth() == fallback_bandwidth_eV);
  CHECK(one.quantile(0.05) == 0.7);
  CHECK_THROWS_AS(activation_spectrum({0.1, std::nan("")}), pelkit::error);
  CHECK_THROWS_AS(activation_spectrum({0.1, INFINITY}), pelkit::error);
  CHECK_THROWS_AS(histogram_of(one, 0), pelkit::error);
  CHECK_THROWS_AS(boltzmann_mean(one, 0), pelkit::error);
  CHECK_THROWS_AS(boltzmann_mean(one, -5), pelkit::error);
}

TEST_CASE("histogram: edges on multiples of the bin width, counts right, integrates to 1") {
  const activation_spectrum small({0.01, 0.02, 0.07, 0.12, 0.149});
  const histogram h = histogram_of(small, 0.05);
  REQUIRE(h.edges.size() == 4);
  CHECK(h.edges.front() == doctest::Approx(0.0));
  CHECK(h.edges.back() == doctest::Approx(0.15));
  CHECK(h.counts == std::vector<long>{2, 1, 2});
  CHECK(h.density[0] == doctest::Approx(2 / (5 * 0.05)));
  for (double w : {0.01, 0.05, 0.13}) {
    const activation_spectrum p(gamma_sample(5000, 11));
    const histogram g = histogram_of(p, w);
    double integral = 0;
    long total = 0;
    for (std::size_t k = 0; k < g.counts.size(); ++k) {
      integral += g.density[k] * (g.edges[k + 1] - g.edges[k]);
      total += g.counts[k];
      const auto in_bin = std::count_if(p.values().begin(), p.values().end(),
                                        [&](double x) { return x >= g.edges[k] && x < g.edges[k + 1]; });
      CHECK(in_bin == g.counts[k]);
    }
    CHECK(integral == doctest::Approx(1.0).epsilon(1e-9));
    CHECK(total == 5000);
    CHECK(std::remainder(g.edges.front(), w) == doctest::Approx(0.0).epsilon(1e-9));
  }
}

TEST_CASE("KDE: Silverman's bandwidth, a single event is a Gaussian, integrates to 1") {
  // 0..9: s = sqrt(82.5/9), IQR = 6.75 − 2.25 = 4.5, 4.5/1.34 > s, so h = 0.9 s 10^(−1/5)
  const activation_spectrum ten({0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  CHECK(ten.bandwidth() == doctest::Approx(0.9 * std::sqrt(82.5 / 9) * std::pow(10.0, -0.2)));
  // skewed with a long tail: IQR/1.34 < s takes over
  const activation_spectrum tail({0, 0, 0, 0, 1, 1, 1, 1, 100});
  const double iqr = 1.0;  // q75 = 1, q25 = 0
  CHECK(tail.bandwidth() == doctest::Approx(0.9 * iqr / 1.34 * std::pow(9.0, -0.2)));
  CHECK(activation_spectrum({1, 2, 3}, 0.25).bandwidth() == 0.25);

  const double sigma = 0.2, mu = 1.3;
  const activation_spectrum one({mu}, sigma);
  for (double x : {1.3, 1.1, 1.75})
    CHECK(one.density(x) == doctest::Approx(std::exp(-0.5 * (x - mu) * (x - mu) / (sigma * sigma)) /
                                            (sigma * std::sqrt(2 * std::numbers::pi))));
  CHECK(one.density(mu + 10 * sigma) == 0);  // beyond the kernel cut-off

  for (double h : {0.0, 0.02, 0.3}) {
    const activation_spectrum p(gamma_sample(3000, 5), h);
    const density_curve k = kde_of(p);
    CHECK(k.bandwidth == p.bandwidth());
    CHECK(k.grid.front() < p.min());
    CHECK(k.grid.back() > p.max());
    CHECK(trapezoid(k.grid, k.density) == doctest::Approx(1.0).epsilon(1e-6));
    // the KDE's mean is the sample mean (the kernel is symmetric)
    std::vector<double> first_moment(k.grid.size());
    for (std::size_t i = 0; i < k.grid.size(); ++i) first_moment[i] = k.grid[i] * k.density[i];
    CHECK(trapezoid(k.grid, first_moment) == doctest::Approx(p.mean()).epsilon(1e-6));
  }
}

TEST_CASE("Boltzmann-weighted mean: two levels exactly, -> mean at high T, -> min at low T") {
  const double kT = units::kB_eV_per_K * 300;
  const activation_spectrum two({0.0, 0.1});
  const double w = std::exp(-0.1 / kT);
  CHECK(boltzmann_mean(two, 300) == doctest::Approx(0.1 * w / (1 + w)).epsilon(1e-12));
  const activation_spectrum p(gamma_sample(2000, 9));
  CHECK(boltzmann_mean(p, 1e9) == doctest::Approx(p.mean()).epsilon(1e-4));
  CHECK(boltzmann_mean(p, 1e-3) == doctest::Approx(p.min()).epsilon(1e-12));
  CHECK(boltzmann_mean(p, 1.0) < boltzmann_mean(p, 300));
  CHECK(boltzmann_mean(p, 300) < boltzmann_mean(p, 3000));
  CHECK(boltzmann_mean(p, 3000) < p.mean());
  // far from zero: no overflow / underflow of the weights
  const activation_spectrum high({100.0, 100.5});
  CHECK(boltzmann_mean(high, 1.0) == doctest::Approx(100.0));
}
