// pelkit/spectrum/spectrum.hpp — the activation-energy spectrum P(EA) of one sample.
//
//   pelkit::activation_spectrum p(pelkit::activation_energies(filtered.kept));   // eV
//   p.mean(); p.standard_deviation(); p.quantile(0.5);                           // eV
//   pelkit::histogram h = pelkit::histogram_of(p, 0.05);                          // eV⁻¹ per bin
//   pelkit::density_curve k = pelkit::kde_of(p);                                  // eV⁻¹ on a grid
//   double t = pelkit::boltzmann_mean(p, 300.0);                                  // eV at 300 K
//
// P(EA) is estimated two ways:
//  * a histogram: bins of width w (default 0.05 eV) with edges at whole multiples of w, so
//    spectra of different samples share their edges; density = count / (n w), integrates to 1;
//  * a Gaussian kernel density estimate, P(E) = (1/n) Σ_i φ((E − EA_i)/h) / h, bandwidth h by
//    Silverman's rule of thumb h = 0.9 min(s, IQR/1.34) n^(−1/5) (B. W. Silverman, Density
//    Estimation for Statistics and Data Analysis, 1986, eq. 3.31; s the sample standard
//    deviation; when one of s, IQR/1.34 is zero the other is used, when both are, 0.01 eV)
//    unless given. Kernels are cut at 8 h (relative error < 1.3e-14).
// The Boltzmann-weighted mean ⟨EA⟩(T) = ∫EA P e^(−EA/kT) / ∫P e^(−EA/kT) is computed from the
// events themselves (P = their empirical distribution), not from a smoothed P.
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/core/units.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <string>
#include <vector>

namespace pelkit {

/// Silverman's bandwidth when the sample has no spread (fewer than two distinct values), eV.
inline constexpr double fallback_bandwidth_eV = 0.01;
/// Kernels are evaluated out to this many bandwidths.
inline constexpr double kernel_cutoff_bandwidths = 8.0;

namespace detail {
inline double sample_quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double h = (double(sorted.size()) - 1) * std::clamp(q, 0.0, 1.0);
  const auto lo = std::size_t(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - double(lo)) * (sorted[hi] - sorted[lo]);
}
}  // namespace detail

/// Silverman's rule-of-thumb bandwidth (eV) of a sorted sample, see the top of this file.
inline double silverman_bandwidth(const std::vector<double>& sorted) {
  const double n = double(sorted.size());
  if (sorted.size() < 2) return fallback_bandwidth_eV;
  const double mean = std::accumulate(sorted.begin(), sorted.end(), 0.0) / n;
  const double ss = std::accumulate(sorted.begin(), sorted.end(), 0.0,
                                    [&](double acc, double x) { return acc + (x - mean) * (x - mean); });
  const double s = std::sqrt(ss / (n - 1));
  const double iqr = (detail::sample_quantile(sorted, 0.75) - detail::sample_quantile(sorted, 0.25)) / 1.34;
  const double spread = (s > 0 && iqr > 0) ? std::min(s, iqr) : std::max(s, iqr);
  if (!(spread > 0)) return fallback_bandwidth_eV;
  return 0.9 * spread * std::pow(n, -0.2);
}

/// The activation energies of one sample (eV), sorted, with the KDE bandwidth.
class activation_spectrum {
public:
  activation_spectrum() = default;
  /// `bandwidth_eV` ≤ 0 (default): Silverman's rule. Non-finite energies are an error.
  explicit activation_spectrum(std::vector<double> ea_eV, double bandwidth_eV = 0) : values_(std::move(ea_eV)) {
    if (!std::all_of(values_.begin(), values_.end(), [](double x) { return std::isfinite(x); }))
      throw error("activation_spectrum: non-finite activation energy");
    if (std::isnan(bandwidth_eV) || std::isinf(bandwidth_eV))
      throw error("activation_spectrum: bandwidth must be finite");
    std::sort(values_.begin(), values_.end());
    bandwidth_ = bandwidth_eV > 0 ? bandwidth_eV : silverman_bandwidth(values_);
  }

  std::size_t size() const { return values_.size(); }
  bool empty() const { return values_.empty(); }
  /// EA of every event, ascending, eV.
  const std::vector<double>& values() const { return values_; }
  /// KDE bandwidth h, eV.
  double bandwidth() const { return bandwidth_; }
  double min() const { return empty() ? nan() : values_.front(); }
  double max() const { return empty() ? nan() : values_.back(); }
  /// Arithmetic mean Ē_A, eV (the seed's mean over effective events).
  double mean() const {
    return empty() ? nan() : std::accumulate(values_.begin(), values_.end(), 0.0) / double(size());
  }
  /// Sample standard deviation (divisor n − 1), eV; 0 for one event.
  double standard_deviation() const {
    if (empty()) return nan();
    if (size() == 1) return 0;
    const double m = mean();
    const double ss = std::accumulate(values_.begin(), values_.end(), 0.0,
                                      [&](double acc, double x) { return acc + (x - m) * (x - m); });
    return std::sqrt(ss / double(size() - 1));
  }
  /// Quantile q ∈ [0, 1], eV: linear interpolation between order statistics at (n − 1) q
  /// (Hyndman & Fan 1996 type 7, NumPy's default).
  double quantile(double q) const { return detail::sample_quantile(values_, q); }
  /// Kernel density estimate P(EA) at `ea` (eV), eV⁻¹.
  double density(double ea) const {
    if (empty()) return 0;
    const double reach = kernel_cutoff_bandwidths * bandwidth_;
    const auto first = std::lower_bound(values_.begin(), values_.end(), ea - reach);
    const auto last = std::upper_bound(first, values_.end(), ea + reach);
    const double sum = std::accumulate(first, last, 0.0, [&](double acc, double x) {
      const double u = (ea - x) / bandwidth_;
      return acc + std::exp(-0.5 * u * u);
    });
    return sum / (double(size()) * bandwidth_ * std::sqrt(2 * std::numbers::pi));
  }

private:
  static double nan() { return std::numeric_limits<double>::quiet_NaN(); }
  std::vector<double> values_;
  double bandwidth_ = fallback_bandwidth_eV;
};

/// A normalised histogram: bins [edges[k], edges[k+1]) (an event exactly on an edge goes to the
/// bin above it); the last bin holds the largest EA.
struct histogram {
  double bin_width = 0;              ///< eV
  std::vector<double> edges;         ///< eV, bins + 1 of them
  std::vector<long> counts;          ///< events per bin
  std::vector<double> density;       ///< count / (n · bin_width), eV⁻¹
};

/// Histogram of the spectrum with edges at whole multiples of `bin_width` (eV).
inline histogram histogram_of(const activation_spectrum& p, double bin_width = 0.05) {
  if (!(bin_width > 0) || !std::isfinite(bin_width)) throw error("histogram: bin width must be > 0 eV");
  histogram h{bin_width, {}, {}, {}};
  if (p.empty()) return h;
  const double first = std::floor(p.min() / bin_width);
  const auto bins = std::size_t(std::max(1.0, std::floor(p.max() / bin_width) - first + 1));
  h.counts.assign(bins, 0);
  for (double x : p.values()) {
    const double k = std::floor(x / bin_width) - first;
    ++h.counts[std::size_t(std::clamp(k, 0.0, double(bins - 1)))];
  }
  h.edges.resize(bins + 1);
  for (std::size_t k = 0; k <= bins; ++k) h.edges[k] = (first + double(k)) * bin_width;
  h.density.resize(bins);
  std::transform(h.counts.begin(), h.counts.end(), h.density.begin(),
                 [&](long c) { return double(c) / (double(p.size()) * bin_width); });
  return h;
}

/// A density sampled on a uniform grid.
struct density_curve {
  std::vector<double> grid;     ///< eV
  std::vector<double> density;  ///< eV⁻¹
  double bandwidth = 0;         ///< eV
};

/// `points` (≥ 2) equally spaced values from lo to hi inclusive.
inline std::vector<double> uniform_grid(double lo, double hi, std::size_t points) {
  if (points < 2 || !(hi > lo)) throw error("uniform_grid: need hi > lo and at least 2 points");
  std::vector<double> g(points);
  const double step = (hi - lo) / double(points - 1);
  for (std::size_t k = 0; k < points; ++k) g[k] = lo + step * double(k);
  g.back() = hi;
  return g;
}

/// A grid covering [lo, hi] with spacing at most `step` (at least 101, at most 20001 points).
inline std::vector<double> grid_with_step(double lo, double hi, double step) {
  const double n = std::ceil((hi - lo) / step) + 1;
  return uniform_grid(lo, hi, std::size_t(std::clamp(n, 101.0, 20001.0)));
}

/// The default KDE grid of a spectrum: min − 5h to max + 5h, spacing ≤ h/5 (mass outside the
/// range < 6e-7), eV.
inline std::vector<double> kde_grid(const activation_spectrum& p) {
  if (p.empty()) return {};
  const double h = p.bandwidth();
  return grid_with_step(p.min() - 5 * h, p.max() + 5 * h, h / 5);
}

/// The KDE of the spectrum on `grid` (eV).
inline density_curve kde_of(const activation_spectrum& p, std::vector<double> grid) {
  density_curve c{std::move(grid), {}, p.bandwidth()};
  c.density.resize(c.grid.size());
  std::transform(c.grid.begin(), c.grid.end(), c.density.begin(), [&](double x) { return p.density(x); });
  return c;
}
/// The KDE of the spectrum on its default grid (kde_grid).
inline density_curve kde_of(const activation_spectrum& p) { return kde_of(p, kde_grid(p)); }

/// Trapezoid rule ∫ f dx over a grid (any spacing).
inline double trapezoid(const std::vector<double>& x, const std::vector<double>& f) {
  if (x.size() != f.size()) throw error("trapezoid: grid and values differ in length");
  double sum = 0;
  for (std::size_t k = 1; k < x.size(); ++k) sum += 0.5 * (f[k] + f[k - 1]) * (x[k] - x[k - 1]);
  return sum;
}

/// Boltzmann-weighted mean activation energy ⟨EA⟩(T) = Σ EA_i e^(−EA_i/kT) / Σ e^(−EA_i/kT) over
/// the events (eV; T in K, k = units::kB_eV_per_K). → Ē_A as T → ∞, → min EA as T → 0.
inline double boltzmann_mean(const activation_spectrum& p, double temperature_K) {
  if (!(temperature_K > 0) || !std::isfinite(temperature_K))
    throw error("boltzmann_mean: temperature must be > 0 K, got " + std::to_string(temperature_K));
  if (p.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double kT = units::kB_eV_per_K * temperature_K;
  const double e0 = p.min();  // shift: the weights stay in (0, 1], no underflow of all of them
  double weights = 0, weighted = 0;
  for (double x : p.values()) {
    const double w = std::exp(-(x - e0) / kT);
    weights += w;
    weighted += w * (x - e0);
  }
  return e0 + weighted / weights;
}

}  // namespace pelkit
