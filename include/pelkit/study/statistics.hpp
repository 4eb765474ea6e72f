// pelkit/study/statistics.hpp — correlation of a per-sample quantity with another across
// samples (e.g. a structural descriptor against ⟨EA⟩), with bootstrap confidence intervals.
//
//   double r = pelkit::pearson(x, y);             // linear correlation, in [−1, 1]
//   double rho = pelkit::spearman(x, y);          // rank correlation, in [−1, 1]
//   pelkit::correlation c = pelkit::correlate(x, y);   // both, each with a 95 % interval
//   c.pearson.lo; c.pearson.hi; c.spearman.estimate;
//
//  * pearson:  r = Σ(x − x̄)(y − ȳ) / sqrt(Σ(x − x̄)² Σ(y − ȳ)²) (two-pass, clamped to [−1, 1]).
//  * spearman: ρ = Pearson's r of the ranks, tied values getting the average of their ranks
//    (C. Spearman, Am. J. Psychol. 15, 72 (1904)).
//  * bootstrap_ci: the percentile bootstrap (B. Efron and R. J. Tibshirani, An Introduction to
//    the Bootstrap, Chapman & Hall 1993, ch. 13): the n (x, y) pairs are resampled with
//    replacement `resamples` times, the statistic is computed on each resample, and the interval
//    at `level` is the [(1 − level)/2, (1 + level)/2] quantiles of those values (linear
//    interpolation between order statistics). Resamples where the statistic is undefined (it
//    throws pelkit::error, e.g. zero variance, or returns a non-finite value) are skipped and not
//    counted; when fewer than half of them succeed the interval is (NaN, NaN). The resampling is
//    deterministic for a given seed on every platform (splitmix64 generator, unbiased indices).
//
// Bad input (size mismatch, fewer than 3 points, non-finite values, zero variance) throws
// pelkit::error naming the function and the problem.
#pragma once
#include <pelkit/core/error.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <span>
#include <string>
#include <vector>

namespace pelkit {

namespace detail::statistics {
inline void require_pairs(std::span<const double> x, std::span<const double> y, const char* what) {
  if (x.size() != y.size())
    throw error(std::string(what) + ": x and y differ in size (" + std::to_string(x.size()) + " vs " +
                std::to_string(y.size()) + ")");
  if (x.size() < 3)
    throw error(std::string(what) + ": need at least 3 points, got " + std::to_string(x.size()));
}

inline void require_finite(std::span<const double> v, const char* what, const char* name) {
  for (std::size_t k = 0; k < v.size(); ++k)
    if (!std::isfinite(v[k]))
      throw error(std::string(what) + ": " + name + "[" + std::to_string(k) + "] is not finite");
}

inline void require_spread(std::span<const double> v, const char* what, const char* name) {
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  if (*lo == *hi) throw error(std::string(what) + ": zero variance in " + name + " (all values equal)");
}

/// Pearson's r of validated data (sizes equal, ≥ 3 points, finite, not constant).
inline double pearson_unchecked(std::span<const double> x, std::span<const double> y) {
  const double n = double(x.size());
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    const double dx = x[k] - mx, dy = y[k] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

/// Average 1-based ranks of finite values.
inline std::vector<double> ranks_unchecked(std::span<const double> v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), std::size_t(0));
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i + 1;
    while (j < order.size() && v[order[j]] == v[order[i]]) ++j;
    const double average = 0.5 * double(i + 1 + j);  // mean of the ranks i + 1 … j
    for (std::size_t k = i; k < j; ++k) r[order[k]] = average;
    i = j;
  }
  return r;
}

/// splitmix64 (S. Vigna; G. Steele et al., OOPSLA 2014): small, fast, the same everywhere.
struct splitmix64 {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n), n > 0, without modulo bias (rejection of the incomplete last block).
  std::size_t below(std::uint64_t n) {
    const std::uint64_t threshold = (0 - n) % n;  // 2⁶⁴ mod n
    for (;;) {
      const std::uint64_t r = next();
      if (r >= threshold) return std::size_t(r % n);
    }
  }
};

/// Quantile q of sorted values, linear interpolation at position q (m − 1).
inline double sorted_quantile(const std::vector<double>& sorted, double q) {
  const double h = (double(sorted.size()) - 1) * q;
  const auto lo = std::size_t(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - double(lo)) * (sorted[hi] - sorted[lo]);
}
}  // namespace detail::statistics

/// Pearson's linear correlation coefficient r of the pairs (x_k, y_k), dimensionless in [−1, 1].
/// Throws pelkit::error on a size mismatch, fewer than 3 points, a non-finite value, or a
/// constant x or y (r undefined).
inline double pearson(std::span<const double> x, std::span<const double> y) {
  using namespace detail::statistics;
  require_pairs(x, y, "pearson");
  require_finite(x, "pearson", "x");
  require_finite(y, "pearson", "y");
  require_spread(x, "pearson", "x");
  require_spread(y, "pearson", "y");
  return pearson_unchecked(x, y);
}

/// The 1-based ranks of the values, ties getting the average of the ranks they span (e.g.
/// {1, 2, 2, 3} → {1, 2.5, 2.5, 4}). Throws pelkit::error on a non-finite value.
inline std::vector<double> ranks(std::span<const double> v) {
  detail::statistics::require_finite(v, "ranks", "value");
  return detail::statistics::ranks_unchecked(v);
}

/// Spearman's rank correlation ρ = Pearson's r of the average ranks, dimensionless in [−1, 1]:
/// 1 for any strictly increasing relation. Same errors as pearson.
inline double spearman(std::span<const double> x, std::span<const double> y) {
  using namespace detail::statistics;
  require_pairs(x, y, "spearman");
  require_finite(x, "spearman", "x");
  require_finite(y, "spearman", "y");
  require_spread(x, "spearman", "x");
  require_spread(y, "spearman", "y");
  const auto rx = ranks_unchecked(x), ry = ranks_unchecked(y);
  return pearson_unchecked(rx, ry);
}

/// A statistic with its percentile-bootstrap confidence interval [lo, hi] at `level`.
struct correlation_interval {
  double estimate;  ///< the statistic on the data themselves
  double lo, hi;    ///< interval bounds; NaN when fewer than half of the resamples succeeded
  int resamples;    ///< resamples on which the statistic was defined (the ones used)
  double level;     ///< confidence level, e.g. 0.95
};

/// Percentile bootstrap (Efron & Tibshirani 1993; see the top of this file) of
/// `statistic(std::span<const double> x, std::span<const double> y) -> double` over the pairs
/// (x_k, y_k). The estimate is the statistic on the data (its errors propagate). Throws
/// pelkit::error on a size mismatch, no data, resamples < 1 or a level outside (0, 1).
template <class F>
correlation_interval bootstrap_ci(std::span<const double> x, std::span<const double> y, F statistic,
                                  int resamples = 2000, double level = 0.95, std::uint64_t seed = 1) {
  if (x.size() != y.size())
    throw error("bootstrap_ci: x and y differ in size (" + std::to_string(x.size()) + " vs " +
                std::to_string(y.size()) + ")");
  if (x.empty()) throw error("bootstrap_ci: no data");
  if (resamples < 1) throw error("bootstrap_ci: need at least 1 resample, got " + std::to_string(resamples));
  if (!(level > 0 && level < 1)) throw error("bootstrap_ci: level must be in (0, 1), got " + std::to_string(level));
  correlation_interval ci{double(statistic(x, y)), std::numeric_limits<double>::quiet_NaN(),
                          std::numeric_limits<double>::quiet_NaN(), 0, level};
  detail::statistics::splitmix64 rng{seed};
  const std::size_t n = x.size();
  std::vector<double> xs(n), ys(n), values;
  values.reserve(std::size_t(resamples));
  for (int b = 0; b < resamples; ++b) {
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t i = rng.below(n);
      xs[k] = x[i];
      ys[k] = y[i];
    }
    try {
      const double s = statistic(std::span<const double>(xs), std::span<const double>(ys));
      if (std::isfinite(s)) values.push_back(s);
    } catch (const error&) {
      // undefined on this resample (e.g. all drawn x equal): skipped, not counted
    }
  }
  ci.resamples = int(values.size());
  if (2 * values.size() < std::size_t(resamples)) return ci;
  std::sort(values.begin(), values.end());
  ci.lo = detail::statistics::sorted_quantile(values, 0.5 * (1 - level));
  ci.hi = detail::statistics::sorted_quantile(values, 0.5 * (1 + level));
  return ci;
}

/// Pearson's r and Spearman's ρ of n pairs, each with its percentile-bootstrap interval.
struct correlation {
  int n;  ///< number of pairs
  correlation_interval pearson, spearman;
};

/// Both correlations of (x, y) with bootstrap intervals; the two use the same resampled pairs
/// (same seed). Errors as pearson / spearman / bootstrap_ci.
inline correlation correlate(std::span<const double> x, std::span<const double> y, int resamples = 2000,
                             double level = 0.95, std::uint64_t seed = 1) {
  correlation c{int(x.size()), {}, {}};
  c.pearson = bootstrap_ci(
      x, y, [](std::span<const double> a, std::span<const double> b) { return pelkit::pearson(a, b); }, resamples,
      level, seed);
  c.spearman = bootstrap_ci(
      x, y, [](std::span<const double> a, std::span<const double> b) { return pelkit::spearman(a, b); }, resamples,
      level, seed);
  return c;
}

}  // namespace pelkit
