// pelkit/minimize/conjugate_gradient.hpp — nonlinear conjugate gradients, Polak–Ribière+
// (β = max(0, g_k·(g_k − g_{k−1}) / |g_{k−1}|²); Nocedal & Wright, "Numerical Optimization",
// 2nd ed., §5.2) with restarts to steepest descent when β = 0, when successive gradients are
// far from orthogonal (Powell: |g_k·g_{k−1}| ≥ 0.2 |g_k|²), every `restart_every` iterations,
// and when the direction is not downhill. Steps come from the strong-Wolfe line search of
// line_search.hpp (c2 = 0.1 as usual for CG).
//
// Positions change in place, the box is fixed. Units: Å, eV, eV/Å.
#pragma once
#include <pelkit/minimize/line_search.hpp>
#include <pelkit/minimize/result.hpp>
#include <pelkit/potential/calculator.hpp>

namespace pelkit {

class conjugate_gradient {
public:
  struct parameters {
    double max_step = 0.2;      ///< Å: no atom moves further than this in one line search
    double initial_step = 0.05; ///< Å: largest atom displacement of the first trial step
    double c1 = 1e-4;           ///< sufficient-decrease constant
    double c2 = 0.1;            ///< curvature constant (strong Wolfe)
    long restart_every = 0;     ///< restart period in iterations; 0 means 3N
  };
  parameters param{};

  /// Relaxes s.positions with the forces of `calc` (any force_provider: a calculator, or a
  /// cell_filter for box relaxation).
  template <force_provider Calc>
  minimize_result minimize(Calc& calc, system& s, const stop_criteria& stop = {}) const;
};

template <force_provider Calc>
minimize_result conjugate_gradient::minimize(Calc& calc, system& s,
                                             const stop_criteria& stop) const {
  minimize_result r;
  detail::objective<Calc> obj{calc, s, r, stop.max_force_evaluations};
  Eigen::Matrix3Xd F;
  double E = 0;
  if (!detail::start(obj, r, E, F)) return r;
  const long restart = param.restart_every > 0 ? param.restart_every : 3 * long(s.size());
  const detail::line_search_options ls{param.c1, param.c2};
  Eigen::Matrix3Xd d = F, x0;
  bool steepest = true;
  long since_restart = 0;
  double alpha_prev = 0, dphi_prev = 0;
  for (;;) {
    r.fmax = detail::max_norm(F);
    if (r.fmax <= stop.fmax) { r.converged = true; r.reason = "fmax"; break; }
    if (detail::target_reached(stop, s.positions, E)) { r.converged = true; r.reason = "target"; break; }
    if (r.iterations >= stop.max_iterations) { r.reason = "max iterations"; break; }
    if (!obj.budget_left()) { r.reason = "max force evaluations"; break; }
    double dphi0 = -(F.cwiseProduct(d)).sum();
    if (!(dphi0 < 0)) { d = F; steepest = true; dphi0 = -F.squaredNorm(); }
    const double dmax = detail::max_norm(d);
    const double alpha_max = param.max_step / dmax;
    double alpha0 = steepest || alpha_prev == 0 ? param.initial_step / dmax
                                                : alpha_prev * dphi_prev / dphi0;  // N&W (3.60)
    alpha0 = std::min(alpha0, alpha_max);
    x0 = s.positions;
    const Eigen::Matrix3Xd F_old = F;
    const double E_old = E;
    const auto res = detail::strong_wolfe(obj, x0, d, E, F, dphi0, alpha0, alpha_max, ls);
    if (!res.ok) {
      if (!obj.budget_left()) { r.reason = "max force evaluations"; break; }
      if (!steepest) { d = F; steepest = true; since_restart = 0; alpha_prev = 0; continue; }
      r.reason = "line search failed: " + res.why;
      break;
    }
    ++r.iterations;
    alpha_prev = res.alpha;
    dphi_prev = dphi0;
    if (detail::energy_converged(E_old, E, stop.energy_tolerance)) {
      r.fmax = detail::max_norm(F);
      r.converged = true;
      r.reason = "energy tolerance";
      break;
    }
    // Polak–Ribière+ with gradient g = −F.
    const double gg_old = F_old.squaredNorm();
    double beta = (F.squaredNorm() - F.cwiseProduct(F_old).sum()) / gg_old;
    if (!(beta > 0) || std::abs(F.cwiseProduct(F_old).sum()) >= 0.2 * F.squaredNorm() ||
        ++since_restart >= restart) {
      beta = 0;
      since_restart = 0;
    }
    d = F + beta * d;
    steepest = beta == 0;
  }
  r.energy_final = E;
  return r;
}

}  // namespace pelkit

#include <pelkit/minimize/concepts.hpp>
static_assert(pelkit::minimizer<pelkit::conjugate_gradient>);
