// pelkit/descriptor/radial_distribution.hpp — radial distribution functions g(r), total and
// partial, with running coordination numbers.
//
// Definitions (N atoms, N_a of type a, volume V, ρ = N/V, ρ_b = N_b/V, x_a = N_a/N). H_ab(k) is
// the number of ordered pairs (i ∈ a, j ∈ b, periodic image n), i ≠ j or n ≠ 0, with
// k·Δr <= |x_j + h·n − x_i| < (k+1)·Δr, and ΔV_k = 4π/3 [((k+1)Δr)³ − (kΔr)³] the shell volume:
//
//   g_ab(r_k) = H_ab(k) / (N_a ρ_b ΔV_k),        g(r_k) = Σ_ab H_ab(k) / (N ρ ΔV_k),
//
// so that Σ_ab x_a x_b g_ab = g exactly, g_ab = g_ba, and for an ideal gas (uniform random
// points) g → (N−1)/N ≈ 1. Pairs are counted over all periodic images (neighbour list), so the
// result is correct in triclinic cells and in cells narrower than 2·r_max; self-images count
// (a crystal's own lattice shows up in its g(r)).
//
// Running coordination numbers n_ab(r) = 4π ρ_b ∫0^r r'² g_ab(r') dr' are the exact cumulative
// pair counts Σ_{k' <= k} H_ab(k') / N_a, tabulated at the upper bin edges r = (k+1)Δr.
//
// Peak analysis (first peak, first minimum) is done on g smoothed by a moving average over
// ±0.05 Å (at least ±1 bin): the first peak is the maximum of g over the first interval where
// g > 1, the first minimum is the lowest point after it before g exceeds 1 again. The
// coordination within the first shell is n(r_min) (integral up to the first minimum).
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/descriptor/concepts.hpp>
#include <pelkit/neighbor/verlet_list.hpp>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>
#ifdef _OPENMP
#include <omp.h>
#endif

namespace pelkit {

/// RDF settings. Units: Å.
struct rdf_settings {
  double r_max = 10.0;     ///< largest distance, Å (may exceed half the cell)
  double bin_width = 0.01; ///< histogram bin width Δr, Å
};

/// Position and height of the first peak and position of the first minimum of one g(r).
struct rdf_shell {
  double peak_r = NAN;       ///< Å
  double peak_height = NAN;  ///< g at the (smoothed) first peak
  double minimum_r = NAN;    ///< Å, first minimum after the first peak
  double coordination = NAN; ///< running coordination number at minimum_r
  bool found() const { return std::isfinite(minimum_r); }
};

namespace detail {

/// Moving average over ±half bins (shrinking at the ends).
inline std::vector<double> moving_average(const std::vector<double>& g, int half) {
  const int n = int(g.size());
  std::vector<double> prefix(n + 1, 0.0), s(n);
  for (int k = 0; k < n; ++k) prefix[k + 1] = prefix[k] + g[k];
  for (int k = 0; k < n; ++k) {
    const int lo = std::max(0, k - half), hi = std::min(n, k + half + 1);
    s[k] = (prefix[hi] - prefix[lo]) / (hi - lo);
  }
  return s;
}

/// First peak / first minimum of g (bin centres (k+½)Δr); n_run is the running coordination at
/// the upper bin edges. Returns an empty shell if g never exceeds 1.
inline rdf_shell first_shell(const std::vector<double>& g, const std::vector<double>& n_run,
                             double dr) {
  rdf_shell shell;
  const int half = std::max(1, int(std::lround(0.05 / dr)));
  const std::vector<double> s = moving_average(g, half);
  const int n = int(s.size());
  int k = 0;
  while (k < n && !(s[k] > 1.0)) ++k;
  if (k == n) return shell;
  int peak = k;
  for (; k < n && s[k] > 1.0; ++k)
    if (s[k] > s[peak] * (1 + 1e-9)) peak = k;
  int peak_last = peak;  // flat top (a smoothed delta peak): take its middle
  while (peak_last + 1 < n && std::abs(s[peak_last + 1] - s[peak]) <= 1e-9 * s[peak]) ++peak_last;
  peak = (peak + peak_last) / 2;
  shell.peak_r = (peak + 0.5) * dr;
  shell.peak_height = s[peak];
  if (k == n) return shell;  // never came back below 1: no minimum inside r_max
  int minimum = k;
  for (; k < n && !(s[k] > 1.0); ++k)
    if (s[k] < s[minimum] - 1e-9 * (1.0 + s[minimum])) minimum = k;
  if (k == n && minimum == n - 1) return shell;  // still falling at r_max
  // In a flat zero region (crystal) take the middle of the lowest plateau.
  int last = minimum;
  while (last + 1 < n && std::abs(s[last + 1] - s[minimum]) <= 1e-9 * (1.0 + s[minimum])) ++last;
  const int mid = (minimum + last) / 2;
  shell.minimum_r = (mid + 0.5) * dr;
  // Running coordination at the bin centre: interpolate between the edges.
  const double below = mid > 0 ? n_run[mid - 1] : 0.0;
  shell.coordination = 0.5 * (below + n_run[mid]);
  return shell;
}

}  // namespace detail

/// Result of `radial_distribution::compute`.
struct rdf_result {
  double bin_width = 0;                  ///< Å
  std::vector<double> r;                 ///< bin centres (k+½)Δr, Å
  std::vector<double> r_upper;           ///< upper bin edges (k+1)Δr, Å (for running sums)
  std::vector<double> total;             ///< g(r)
  std::vector<std::string> type_names;   ///< per type (as in the system)
  std::vector<double> fractions;         ///< x_a
  double number_density = 0;             ///< ρ, atoms/Å³
  /// partial[a][b] = g_ab(r) (symmetric)
  std::vector<std::vector<std::vector<double>>> partial;
  /// running[a][b] = n_ab(r) at r_upper: mean number of b atoms within r of an a atom
  std::vector<std::vector<std::vector<double>>> running;
  std::vector<double> running_total;     ///< n(r) at r_upper: all neighbours of a mean atom
  rdf_shell total_shell;                 ///< first shell of the total g
  /// partial_shell[a][b]: first shell of g_ab (coordination = n_ab at g_ab's own minimum)
  std::vector<std::vector<rdf_shell>> partial_shell;
  /// first_shell_coordination[a][b] = n_ab at the first minimum of the total g
  Eigen::MatrixXd first_shell_coordination;
  /// per-atom number of neighbours closer than the first minimum of the total g
  Eigen::VectorXd coordination;

  /// "Cu-Zr" style label of a type pair (type numbers "1-2" when unnamed).
  std::string pair_name(int a, int b) const {
    auto nm = [&](int t) {
      return t < int(type_names.size()) && !type_names[t].empty() ? type_names[t]
                                                                  : std::to_string(t + 1);
    };
    return nm(a) + "-" + nm(b);
  }

  std::vector<descriptor_column> columns() const {
    return {{"coordination", "", coordination}};
  }

  std::vector<descriptor_quantity> summary() const {
    std::vector<descriptor_quantity> q{
        {"rdf_first_peak_r", "A", total_shell.peak_r},
        {"rdf_first_peak_height", "", total_shell.peak_height},
        {"rdf_first_minimum_r", "A", total_shell.minimum_r},
        {"mean_coordination", "", total_shell.coordination},
    };
    const int nt = int(partial.size());
    for (int a = 0; a < nt; ++a)
      for (int b = 0; b < nt; ++b) {
        q.push_back({"first_shell_coordination_" + pair_name(a, b), "",
                     first_shell_coordination(a, b)});
        if (a <= b) q.push_back({"rdf_first_peak_r_" + pair_name(a, b), "A",
                                 partial_shell[a][b].peak_r});
      }
    return q;
  }
};

/// Total and partial radial distribution functions (see the file comment for definitions).
class radial_distribution {
public:
  radial_distribution() = default;
  explicit radial_distribution(rdf_settings s) : settings_(s) { check(); }

  std::string name() const { return "rdf"; }
  const rdf_settings& settings() const { return settings_; }

  /// Throws pelkit::error for bad settings, non-finite positions or an empty system.
  rdf_result compute(const system& s) const {
    check();
    validate(s, "rdf");
    const auto n = Eigen::Index(s.size());
    if (n == 0) throw error("rdf: the system has no atoms");
    const double dr = settings_.bin_width;
    const int nbins = std::max(1, int(std::floor(settings_.r_max / dr + 1e-9)));
    const double rmax = nbins * dr;
    const int nt = s.type_count();

    verlet_list list({rmax, 0.0, list_kind::full});
    list.build(s.box, s.positions);
    const auto shift = list.cartesian_shifts(s.box);

    // Histogram per (type_i, type_j, bin), one per thread.
    const std::size_t hsize = std::size_t(nt) * nt * nbins;
    std::vector<double> hist(hsize, 0.0);
    const double inv_dr = 1.0 / dr, rmax2 = rmax * rmax;
#pragma omp parallel
    {
      std::vector<double> local(hsize, 0.0);
#pragma omp for schedule(static)
      for (Eigen::Index i = 0; i < n; ++i) {
        const Eigen::Vector3d xi = s.positions.col(i);
        const std::size_t row = std::size_t(s.types[i]) * nt;
        for (const auto& e : list[i]) {
          const double r2 = (s.positions.col(e.j) + shift[e.shift] - xi).squaredNorm();
          if (r2 >= rmax2) continue;
          const int k = std::min(nbins - 1, int(std::sqrt(r2) * inv_dr));
          local[(row + s.types[e.j]) * nbins + k] += 1.0;
        }
      }
#pragma omp critical
      for (std::size_t k = 0; k < hsize; ++k) hist[k] += local[k];
    }

    rdf_result res;
    res.bin_width = dr;
    res.type_names = s.type_names;
    std::vector<double> count(nt, 0.0);
    for (int t : s.types) count[t] += 1.0;
    const double volume = s.box.volume();
    res.number_density = double(n) / volume;
    res.fractions.resize(nt);
    for (int a = 0; a < nt; ++a) res.fractions[a] = count[a] / double(n);
    res.r.resize(nbins);
    res.r_upper.resize(nbins);
    std::vector<double> shell(nbins);
    for (int k = 0; k < nbins; ++k) {
      res.r[k] = (k + 0.5) * dr;
      res.r_upper[k] = (k + 1) * dr;
      shell[k] = 4.0 / 3.0 * std::numbers::pi * (std::pow((k + 1) * dr, 3) - std::pow(k * dr, 3));
    }
    res.total.assign(nbins, 0.0);
    res.running_total.assign(nbins, 0.0);
    res.partial.assign(nt, std::vector<std::vector<double>>(nt, std::vector<double>(nbins, 0.0)));
    res.running = res.partial;
    for (int a = 0; a < nt; ++a)
      for (int b = 0; b < nt; ++b) {
        const double* h = hist.data() + (std::size_t(a) * nt + b) * nbins;
        double cum = 0;
        for (int k = 0; k < nbins; ++k) {
          cum += h[k];
          res.total[k] += h[k];
          if (count[a] > 0 && count[b] > 0) {
            res.partial[a][b][k] = h[k] / (count[a] * count[b] / volume * shell[k]);
            res.running[a][b][k] = cum / count[a];
          }
        }
      }
    double cum = 0;
    for (int k = 0; k < nbins; ++k) {
      cum += res.total[k];
      res.running_total[k] = cum / double(n);
      res.total[k] /= double(n) * res.number_density * shell[k];
    }

    res.total_shell = detail::first_shell(res.total, res.running_total, dr);
    res.partial_shell.assign(nt, std::vector<rdf_shell>(nt));
    for (int a = 0; a < nt; ++a)
      for (int b = 0; b < nt; ++b)
        if (count[a] > 0 && count[b] > 0)
          res.partial_shell[a][b] = detail::first_shell(res.partial[a][b], res.running[a][b], dr);

    res.first_shell_coordination = Eigen::MatrixXd::Constant(nt, nt, NAN);
    res.coordination = Eigen::VectorXd::Constant(n, NAN);
    if (res.total_shell.found()) {
      const double rc = res.total_shell.minimum_r;
      const int kc = int(std::lround(rc / dr - 0.5));  // bin whose centre is rc
      for (int a = 0; a < nt; ++a)
        for (int b = 0; b < nt; ++b)
          if (count[a] > 0 && count[b] > 0)
            res.first_shell_coordination(a, b) =
                0.5 * ((kc > 0 ? res.running[a][b][kc - 1] : 0.0) + res.running[a][b][kc]);
      const double rc2 = rc * rc;
#pragma omp parallel for schedule(static)
      for (Eigen::Index i = 0; i < n; ++i) {
        const Eigen::Vector3d xi = s.positions.col(i);
        int c = 0;
        for (const auto& e : list[i])
          if ((s.positions.col(e.j) + shift[e.shift] - xi).squaredNorm() < rc2) ++c;
        res.coordination[i] = c;
      }
    }
    return res;
  }

private:
  void check() const {
    if (!(settings_.r_max > 0) || !std::isfinite(settings_.r_max))
      throw error("rdf: r_max must be positive and finite, got " + std::to_string(settings_.r_max));
    if (!(settings_.bin_width > 0) || !std::isfinite(settings_.bin_width))
      throw error("rdf: bin_width must be positive and finite, got " +
                  std::to_string(settings_.bin_width));
    if (settings_.bin_width > settings_.r_max)
      throw error("rdf: bin_width must not exceed r_max");
    if (settings_.r_max / settings_.bin_width > 1e7)
      throw error("rdf: more than 10^7 bins (r_max / bin_width)");
  }

  rdf_settings settings_;
};

static_assert(descriptor<radial_distribution>);

}  // namespace pelkit
