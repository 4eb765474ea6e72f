// pelkit/spectrum/metrics.hpp — distances between activation-energy spectra (models of
// `spectrum_metric`, pelkit/spectrum/concepts.hpp) and the matrix of all pairwise distances.
//
//   delta_metric               the seed's δ_ij = ∫ [P_i(EA) − P_j(EA)]² dEA, eV⁻¹, on the two
//                              kernel density estimates (each with its own bandwidth)
//   wasserstein1_metric        W1 = ∫ |F_i(E) − F_j(E)| dE of the empirical CDFs, eV: how far (in
//                              energy) one spectrum must move to become the other; exact
//   kolmogorov_smirnov_metric  sup_E |F_i(E) − F_j(E)|, dimensionless; exact
//
// Every metric refuses an empty spectrum (pelkit::error).
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/spectrum/concepts.hpp>
#include <pelkit/spectrum/spectrum.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace pelkit {

namespace detail {
inline void require_events(const activation_spectrum& a, const activation_spectrum& b, const char* metric) {
  if (a.empty() || b.empty()) throw error(std::string(metric) + ": a spectrum has no events");
}

/// Visits the merged sorted samples: f(x, F_a(x), F_b(x)) after all values equal to x, where F
/// are the empirical CDFs (right-continuous).
template <class F>
void merge_cdfs(const std::vector<double>& a, const std::vector<double>& b, F&& f) {
  std::size_t i = 0, j = 0;
  const double na = double(a.size()), nb = double(b.size());
  while (i < a.size() || j < b.size()) {
    const double x = j == b.size() || (i < a.size() && a[i] <= b[j]) ? a[i] : b[j];
    while (i < a.size() && a[i] == x) ++i;
    while (j < b.size() && b[j] == x) ++j;
    f(x, double(i) / na, double(j) / nb);
  }
}
}  // namespace detail

/// The seed's spectrum difference δ_ij = ∫ [P_i(EA) − P_j(EA)]² dEA (eV⁻¹), P the Gaussian
/// kernel density estimates (spectrum.hpp). Integrated by the trapezoid rule on a common
/// uniform grid from the smaller min − 8h to the larger max + 8h with spacing ≤
/// `step_bandwidths` × the smaller bandwidth (exponentially accurate for these smooth,
/// decaying integrands). Identical spectra give exactly 0.
struct delta_metric {
  double step_bandwidths = 0.2;  ///< grid spacing in units of the smaller bandwidth

  std::string name() const { return "delta"; }
  std::string unit() const { return "1/eV"; }
  double distance(const activation_spectrum& a, const activation_spectrum& b) const {
    detail::require_events(a, b, "delta_metric");
    const double pad = kernel_cutoff_bandwidths;
    const double lo = std::min(a.min() - pad * a.bandwidth(), b.min() - pad * b.bandwidth());
    const double hi = std::max(a.max() + pad * a.bandwidth(), b.max() + pad * b.bandwidth());
    const double step = step_bandwidths * std::min(a.bandwidth(), b.bandwidth());
    const auto grid = uniform_grid(lo, hi, std::size_t(std::max(101.0, std::ceil((hi - lo) / step) + 1)));
    std::vector<double> squared(grid.size());
    std::transform(grid.begin(), grid.end(), squared.begin(), [&](double x) {
      const double d = a.density(x) - b.density(x);
      return d * d;
    });
    return trapezoid(grid, squared);
  }
};

/// Wasserstein-1 (earth mover's) distance W1 = ∫ |F_a − F_b| dEA between the empirical
/// distributions of the events, eV. Exact: the CDFs are step functions.
struct wasserstein1_metric {
  std::string name() const { return "wasserstein1"; }
  std::string unit() const { return "eV"; }
  double distance(const activation_spectrum& a, const activation_spectrum& b) const {
    detail::require_events(a, b, "wasserstein1_metric");
    double sum = 0, previous_x = 0, previous_gap = 0;
    detail::merge_cdfs(a.values(), b.values(), [&](double x, double fa, double fb) {
      sum += previous_gap * (x - previous_x);
      previous_x = x;
      previous_gap = std::abs(fa - fb);
    });
    return sum;
  }
};

/// Two-sample Kolmogorov–Smirnov statistic sup |F_a − F_b| (dimensionless, in [0, 1]).
struct kolmogorov_smirnov_metric {
  std::string name() const { return "kolmogorov_smirnov"; }
  std::string unit() const { return ""; }
  double distance(const activation_spectrum& a, const activation_spectrum& b) const {
    detail::require_events(a, b, "kolmogorov_smirnov_metric");
    double sup = 0;
    detail::merge_cdfs(a.values(), b.values(),
                       [&](double, double fa, double fb) { sup = std::max(sup, std::abs(fa - fb)); });
    return sup;
  }
};

static_assert(spectrum_metric<delta_metric>);
static_assert(spectrum_metric<wasserstein1_metric>);
static_assert(spectrum_metric<kolmogorov_smirnov_metric>);

/// The symmetric matrix D(i, j) = m.distance(spectra[i], spectra[j]), zero diagonal; each pair
/// computed once.
template <spectrum_metric M>
Eigen::MatrixXd distance_matrix(const M& m, const std::vector<activation_spectrum>& spectra) {
  const auto n = Eigen::Index(spectra.size());
  Eigen::MatrixXd d = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = i + 1; j < n; ++j)
      d(i, j) = d(j, i) = m.distance(spectra[std::size_t(i)], spectra[std::size_t(j)]);
  return d;
}

}  // namespace pelkit
