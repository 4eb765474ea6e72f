// Spectrum distances: the seed's δ against the exact value for Gaussian mixtures, symmetry and
// zero for identical spectra; Wasserstein-1 of a shifted spectrum is the shift; KS; the matrix.
#include <pelkit/spectrum/concepts.hpp>
#include <pelkit/spectrum/metrics.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <numbers>
#include <random>

using namespace pelkit;

namespace {

std::vector<double> normal_sample(std::size_t n, double mean, double sd, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(mean, sd);
  std::vector<double> v(n);
  for (auto& x : v) x = g(rng);
  return v;
}

/// ∫ N(x; a, s²) N(x; b, t²) dx = N(a − b; 0, s² + t²).
double gaussian_overlap(double a, double s, double b, double t) {
  const double v = s * s + t * t;
  return std::exp(-0.5 * (a - b) * (a - b) / v) / std::sqrt(2 * std::numbers::pi * v);
}

/// δ of two Gaussian kernel mixtures, exactly: ∫ (P − Q)² = PP + QQ − 2 PQ.
double exact_delta(const activation_spectrum& p, const activation_spectrum& q) {
  auto cross = [](const activation_spectrum& a, const activation_spectrum& b) {
    double sum = 0;
    for (double x : a.values())
      for (double y : b.values()) sum += gaussian_overlap(x, a.bandwidth(), y, b.bandwidth());
    return sum / double(a.size() * b.size());
  };
  return cross(p, p) + cross(q, q) - 2 * cross(p, q);
}

}  // namespace

TEST_CASE("delta of two Gaussians equals the analytic value") {
  for (auto [mu1, s1, mu2, s2] : {std::array{1.0, 0.2, 1.5, 0.3}, std::array{0.8, 0.1, 0.8, 0.25},
                                  std::array{0.5, 0.05, 2.5, 0.05}}) {
    const activation_spectrum p({mu1}, s1), q({mu2}, s2);  // one event: the KDE is N(mu, s²)
    const double expected = 1 / (2 * std::sqrt(std::numbers::pi) * s1) + 1 / (2 * std::sqrt(std::numbers::pi) * s2) -
                            2 * gaussian_overlap(mu1, s1, mu2, s2);
    CHECK(delta_metric{}.distance(p, q) == doctest::Approx(expected).epsilon(1e-9));
  }
}

TEST_CASE("delta of two sampled spectra equals the exact mixture integral; symmetric; zero for identical") {
  const activation_spectrum p(normal_sample(60, 1.0, 0.3, 1)), q(normal_sample(80, 1.2, 0.4, 2));
  const delta_metric delta;
  const double d = delta.distance(p, q);
  CHECK(d > 0);
  CHECK(d == doctest::Approx(exact_delta(p, q)).epsilon(1e-8));
  CHECK(delta.distance(q, p) == doctest::Approx(d).epsilon(1e-12));
  CHECK(delta.distance(p, p) == 0);
  CHECK(delta.distance(p, activation_spectrum(p.values(), p.bandwidth())) == 0);
  CHECK(delta.name() == "delta");
  CHECK(delta.unit() == "1/eV");
}

TEST_CASE("Wasserstein-1: a shifted spectrum is the shift away; exact on small cases") {
  const auto v = normal_sample(5000, 1.0, 0.4, 3);
  std::vector<double> shifted(v);
  for (auto& x : shifted) x += 0.3;
  const wasserstein1_metric w1;
  CHECK(w1.distance(activation_spectrum(v), activation_spectrum(shifted)) == doctest::Approx(0.3).epsilon(1e-9));
  CHECK(w1.distance(activation_spectrum(shifted), activation_spectrum(v)) == doctest::Approx(0.3).epsilon(1e-9));
  CHECK(w1.distance(activation_spectrum(v), activation_spectrum(v)) == 0);
  // {0} vs {0, 1}: half of the mass moves by 1 eV
  CHECK(w1.distance(activation_spectrum({0.0}), activation_spectrum({0.0, 1.0})) == doctest::Approx(0.5));
  // {0, 1, 2} vs {1, 1, 1}: |0−1| + 0 + |2−1| over 3
  CHECK(w1.distance(activation_spectrum({0, 1, 2}), activation_spectrum({1, 1, 1})) == doctest::Approx(2.0 / 3));
  // equal sizes: the mean absolute difference of the sorted samples
  const auto a = normal_sample(300, 1.0, 0.3, 4), b = normal_sample(300, 1.1, 0.5, 5);
  const activation_spectrum pa(a), pb(b);
  double sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += std::abs(pa.values()[i] - pb.values()[i]);
  CHECK(w1.distance(pa, pb) == doctest::Approx(sum / 300).epsilon(1e-10));
  CHECK(w1.unit() == "eV");
}

TEST_CASE("Kolmogorov-Smirnov statistic") {
  const kolmogorov_smirnov_metric ks;
  CHECK(ks.distance(activation_spectrum({0.0}), activation_spectrum({0.0, 1.0})) == doctest::Approx(0.5));
  CHECK(ks.distance(activation_spectrum({0, 1}), activation_spectrum({5, 6})) == 1);
  CHECK(ks.distance(activation_spectrum({1, 2, 3}), activation_spectrum({1, 2, 3})) == 0);
  CHECK(ks.distance(activation_spectrum({1, 2, 3, 4}), activation_spectrum({2.5})) == doctest::Approx(0.5));
}

TEST_CASE("distance matrix: symmetric, zero diagonal, each entry the pair's distance; empty refused") {
  std::vector<activation_spectrum> spectra;
  for (unsigned k = 0; k < 4; ++k) spectra.emplace_back(normal_sample(200, 1.0 + 0.1 * k, 0.3, 10 + k));
  const Eigen::MatrixXd d = distance_matrix(delta_metric{}, spectra);
  REQUIRE(d.rows() == 4);
  CHECK(d.isApprox(d.transpose()));
  CHECK(d.diagonal().isZero());
  CHECK(d(1, 3) == doctest::Approx(delta_metric{}.distance(spectra[1], spectra[3])));
  CHECK(d(0, 3) > d(0, 1));  // further apart in mean, larger δ
  const Eigen::MatrixXd w = distance_matrix(wasserstein1_metric{}, spectra);
  CHECK(w(0, 2) > w(0, 1));
  const activation_spectrum none{std::vector<double>{}};
  CHECK_THROWS_AS(delta_metric{}.distance(none, spectra[0]), pelkit::error);
  CHECK_THROWS_AS(wasserstein1_metric{}.distance(spectra[0], none), pelkit::error);
  CHECK_THROWS_AS(kolmogorov_smirnov_metric{}.distance(none, none), pelkit::error);
}
