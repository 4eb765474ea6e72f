// pelkit/dynamics/schedule.hpp — target values that change with time (temperature ramps).
//
//   schedule T = 300.0;                                   // constant 300 K
//   schedule q = cooling_schedule(1500, 1, 1e12);         // 1500 K → 1 K at 1e12 K/s (1499 ps)
//   schedule p = schedule::piecewise({{0, 300}, {10, 1500}, {20, 1500}, {30, 300}});
//   double T_now = q(t_ps);
//
// A schedule is a piecewise-linear function of time through points (t_k ps, v_k) with
// t_0 < t_1 < ...; before the first point it is v_0, after the last it is v_last. At every
// point t_k it returns v_k exactly (no interpolation rounding at the end points). Values are in
// the units of the parameter being scheduled (K for temperatures).
#pragma once
#include <pelkit/core/error.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace pelkit {

class schedule {
public:
  /// Constant value (implicit, so a plain number can be given where a schedule is expected).
  schedule(double value = 0) : points_{{0.0, value}} { check(); }

  static schedule constant(double value) { return schedule(value); }

  /// Linear ramp from (t0 ps, v0) to (t1 ps, v1), t1 > t0; constant outside.
  static schedule linear(double t0_ps, double v0, double t1_ps, double v1) {
    return piecewise({{t0_ps, v0}, {t1_ps, v1}});
  }

  /// Piecewise linear through (t ps, value) points with strictly increasing times.
  static schedule piecewise(std::vector<std::pair<double, double>> points) {
    schedule s;
    s.points_ = std::move(points);
    s.check();
    return s;
  }

  /// Value at time t (ps).
  double operator()(double t_ps) const { return value(t_ps); }
  double value(double t_ps) const {
    if (t_ps <= points_.front().first) return points_.front().second;
    if (t_ps >= points_.back().first) return points_.back().second;
    // first point with time > t; t lies in [a, b)
    const auto b = std::upper_bound(points_.begin(), points_.end(), t_ps,
                                    [](double t, const auto& p) { return t < p.first; });
    const auto a = b - 1;
    if (t_ps == a->first) return a->second;
    const double f = (t_ps - a->first) / (b->first - a->first);
    return a->second + f * (b->second - a->second);
  }

  double start_time() const { return points_.front().first; }  ///< ps
  double end_time() const { return points_.back().first; }     ///< ps
  double min_value() const {
    double m = points_.front().second;
    for (const auto& p : points_) m = std::min(m, p.second);
    return m;
  }
  const std::vector<std::pair<double, double>>& points() const { return points_; }

private:
  void check() const {
    if (points_.empty()) throw error("schedule: needs at least one point");
    for (std::size_t k = 0; k < points_.size(); ++k) {
      if (!std::isfinite(points_[k].first) || !std::isfinite(points_[k].second))
        throw error("schedule: point " + std::to_string(k) + " is not finite");
      if (k > 0 && !(points_[k].first > points_[k - 1].first))
        throw error("schedule: times must increase strictly, point " + std::to_string(k) +
                    " at t = " + std::to_string(points_[k].first) + " ps follows t = " +
                    std::to_string(points_[k - 1].first) + " ps");
    }
  }
  std::vector<std::pair<double, double>> points_;
};

/// Duration in ps of a ramp over |ΔT| (K) at `rate_K_per_s` (K/s, > 0): |ΔT| / rate · 1e12.
inline double ramp_duration_ps(double delta_T_K, double rate_K_per_s) {
  if (!(rate_K_per_s > 0) || !std::isfinite(rate_K_per_s))
    throw error("ramp rate must be positive and finite (K/s), got " + std::to_string(rate_K_per_s));
  if (!std::isfinite(delta_T_K)) throw error("ramp: temperature change must be finite");
  return std::abs(delta_T_K) / rate_K_per_s * 1e12;
}

/// Linear temperature ramp from T_start_K to T_end_K (K) at `rate_K_per_s` (K/s, > 0; the
/// sign of the change comes from the end points), starting at `t0_ps` (ps). Example: 1500 K →
/// 1 K at 1e12 K/s lasts 1499 ps. Equal end points give a constant schedule.
inline schedule cooling_schedule(double T_start_K, double T_end_K, double rate_K_per_s,
                                 double t0_ps = 0) {
  const double d = ramp_duration_ps(T_end_K - T_start_K, rate_K_per_s);
  if (d == 0) return schedule(T_start_K);
  return schedule::linear(t0_ps, T_start_K, t0_ps + d, T_end_K);
}
inline schedule heating_schedule(double T_start_K, double T_end_K, double rate_K_per_s,
                                 double t0_ps = 0) {
  return cooling_schedule(T_start_K, T_end_K, rate_K_per_s, t0_ps);
}

}  // namespace pelkit
