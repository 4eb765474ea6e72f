// pelkit/minimize/line_search.hpp — strong-Wolfe line search shared by conjugate_gradient and
// lbfgs (bracketing + zoom with safeguarded cubic/quadratic interpolation, Nocedal & Wright,
// "Numerical Optimization", 2nd ed., Algorithms 3.5 and 3.6).
//
// Along x(α) = x0 + α d, φ(α) = E(x(α)) and φ'(α) = −F(x(α))·d. A step is accepted when
//   φ(α) ≤ φ(0) + c1 α φ'(0)   and   |φ'(α)| ≤ c2 |φ'(0)|          (strong Wolfe),
// or, because near a minimum energy differences drown in rounding (E ~ 10³ eV, steps change it
// by < 10⁻¹² eV): when the decrease asked for, c1 α |φ'(0)|, is below the rounding level
// ε_E = 10⁻¹³ (|φ(0)| + 1) eV, the value test becomes φ(α) ≤ φ(0) + ε_E and the slope alone
// brackets and accepts (the idea of Hager & Zhang's approximate Wolfe conditions). So the
// energy never increases by more than ε_E, and away from that rounding regime never at all. Trials that follow a rejected (too long) trial first evaluate the energy only;
// forces are computed only once the energy is acceptable.
#pragma once
#include <pelkit/minimize/result.hpp>
#include <pelkit/potential/calculator.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace pelkit::detail {

/// The potential seen along the search: evaluates the force provider at x0 + α d.
template <class Calc>
struct objective {
  Calc& calc;
  system& s;
  minimize_result& r;
  long max_evaluations;

  long evaluations() const { return r.force_evaluations + r.energy_evaluations; }
  bool budget_left() const { return evaluations() < max_evaluations; }

  /// Energy only at the current positions.
  double energy() {
    ++r.energy_evaluations;
    return calc.compute(s, {false, false, false}).energy;
  }
  /// Energy and forces at the current positions; returns the evaluation.
  const evaluation& full() {
    ++r.force_evaluations;
    return calc.compute(s, {true, false, false});
  }
};

/// The first evaluation of a run: sets r.energy_initial/final, E and F. Returns false, with
/// the reason recorded, when the starting configuration has a non-finite energy or force.
template <class Calc>
bool start(objective<Calc>& obj, minimize_result& r, double& E, Eigen::Matrix3Xd& F) {
  const evaluation& e = obj.full();
  r.energy_initial = r.energy_final = E = e.energy;
  F = e.forces;
  if (finite_eval(E, &F)) return true;
  r.reason = non_finite_start;
  r.fmax = std::numeric_limits<double>::infinity();
  return false;
}

struct line_search_options {
  double c1 = 1e-4;
  double c2 = 0.9;
  int max_trials = 30;
};

/// Outcome of one search. On success the system sits at x0 + alpha d with `energy` and `forces`
/// evaluated there; on failure it is back at x0 (energy/forces are those of x0).
struct line_search_result {
  bool ok = false;
  std::string why;  // on failure
  double alpha = 0;
};

/// `x0` the start positions, `d` the direction (Å), `e0`/`f0` energy and forces at x0, `dphi0`
/// = −f0·d < 0, `alpha0` first trial, `alpha_max` the largest allowed step. On return `energy`
/// and `forces` hold the values at the returned position.
template <class Calc>
line_search_result strong_wolfe(objective<Calc>& obj, const Eigen::Matrix3Xd& x0, const Eigen::Matrix3Xd& d,
                                double& energy, Eigen::Matrix3Xd& forces, double dphi0, double alpha0,
                                double alpha_max, const line_search_options& opt) {
  const double phi0 = energy;
  line_search_result res;
  struct point {
    double a, phi, dphi;
    bool has_d;
    Eigen::Matrix3Xd f;  // forces, when has_d
  };
  point lo{0, phi0, dphi0, true, forces};
  point hi{0, 0, 0, false, {}};
  bool bracketed = false;
  bool last_rejected = false;

  auto restore = [&](const std::string& why) {
    obj.s.positions = x0 + lo.a * d;
    if (lo.a > 0) {  // lo satisfies sufficient decrease: better than nothing, keep it
      energy = lo.phi;
      forces = lo.f;
      res.ok = true;
      res.alpha = lo.a;
      return res;
    }
    energy = phi0;
    forces = lo.f;
    res.ok = false;
    res.why = why;
    return res;
  };

  double a = std::min(alpha0, alpha_max);
  for (int trial = 0; trial < opt.max_trials; ++trial) {
    if (!obj.budget_left()) return restore("force-evaluation limit reached in the line search");
    if (!(a > lo.a) && !bracketed) return restore("no admissible step");
    obj.s.positions = x0 + a * d;
    double phi;
    const evaluation* ev = nullptr;
    if (last_rejected) {
      phi = obj.energy();
    } else {
      ev = &obj.full();
      phi = ev->energy;
    }
    const bool finite = std::isfinite(phi) && (ev == nullptr || ev->forces.allFinite());
    const double armijo = phi0 + opt.c1 * a * dphi0;
    // Rounding regime: the decrease asked for is below the energy's rounding; then only
    // phi <= phi0 is required of the value and the slope decides.
    const double noise = 1e-13 * (std::abs(phi0) + 1.0);
    const bool noisy = armijo > phi0 - noise;
    const bool too_high = !finite || (noisy ? phi > phi0 + noise : (phi > armijo || (lo.a > 0 && phi >= lo.phi)));
    if (too_high) {
      hi = {a, finite ? phi : std::numeric_limits<double>::infinity(), 0, false, {}};
      bracketed = true;
      last_rejected = true;
    } else {
      if (ev == nullptr) ev = &obj.full();
      if (!ev->forces.allFinite() || !std::isfinite(ev->energy)) {
        hi = {a, std::numeric_limits<double>::infinity(), 0, false, {}};
        bracketed = true;
        last_rejected = true;
      } else {
        const double dphi = -(ev->forces.cwiseProduct(d)).sum();
        if (std::abs(dphi) <= -opt.c2 * dphi0) {
          energy = phi;
          forces = ev->forces;
          res.ok = true;
          res.alpha = a;
          return res;
        }
        if (bracketed ? dphi * (hi.a - a) >= 0 : dphi >= 0) {
          hi = lo;
          lo = {a, phi, dphi, true, ev->forces};
          bracketed = true;
          last_rejected = false;
        } else {
          lo = {a, phi, dphi, true, ev->forces};
          last_rejected = false;
          if (!bracketed) {
            if (a >= alpha_max) return restore("");  // capped step with sufficient decrease
            a = std::min(alpha_max, 4 * a);
            continue;
          }
        }
      }
    }
    // Zoom: next trial inside (lo, hi) by interpolation, safeguarded.
    const double lo_a = lo.a, hi_a = hi.a, w = hi_a - lo_a;
    if (std::abs(w) <= 1e-12 * std::max(1.0, std::abs(hi_a)))
      return restore("line search interval collapsed (energy changes below rounding?)");
    double t;
    if (hi.has_d && std::isfinite(hi.phi)) {  // cubic through (lo, phi, dphi), (hi, phi, dphi)
      const double d1 = lo.dphi + hi.dphi - 3 * (lo.phi - hi.phi) / (lo_a - hi_a);
      const double disc = d1 * d1 - lo.dphi * hi.dphi;
      if (disc >= 0) {
        const double d2 = std::copysign(std::sqrt(disc), hi_a - lo_a);
        t = hi_a - (hi_a - lo_a) * (hi.dphi + d2 - d1) / (hi.dphi - lo.dphi + 2 * d2);
      } else {
        t = lo_a + 0.5 * w;
      }
    } else if (std::isfinite(hi.phi)) {  // quadratic through phi(lo), dphi(lo), phi(hi)
      const double denom = 2 * (hi.phi - lo.phi - lo.dphi * w);
      t = denom > 0 ? lo_a - lo.dphi * w * w / denom : lo_a + 0.5 * w;
    } else {
      t = lo_a + 0.1 * w;  // non-finite at hi: shrink hard
    }
    const double lo_b = std::min(lo_a, hi_a), hi_b = std::max(lo_a, hi_a), span = hi_b - lo_b;
    if (!std::isfinite(t)) t = lo_a + 0.5 * w;
    a = std::clamp(t, lo_b + 0.1 * span, hi_b - 0.1 * span);
  }
  return restore("line search did not find a strong-Wolfe step in " + std::to_string(opt.max_trials) +
                 " trials");
}

}  // namespace pelkit::detail
