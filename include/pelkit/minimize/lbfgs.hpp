// pelkit/minimize/lbfgs.hpp — limited-memory BFGS (Nocedal, Math. Comp. 35, 773 (1980);
// two-loop recursion as in Nocedal & Wright, "Numerical Optimization", 2nd ed., Alg. 7.4)
// with the strong-Wolfe line search of line_search.hpp (c2 = 0.9, first trial α = 1) and
// H0 = γ I, γ = s·y / y·y from the newest pair. No atom moves more than `max_step` Å in one
// line search. Pairs with s·y ≤ 0 are dropped; the memory is cleared and steepest descent tried
// when a search fails.
//
// Positions change in place, the box is fixed. Units: Å, eV, eV/Å.
#pragma once
#include <pelkit/minimize/lbfgs_memory.hpp>
#include <pelkit/minimize/line_search.hpp>
#include <pelkit/minimize/result.hpp>
#include <pelkit/potential/calculator.hpp>

namespace pelkit {

class lbfgs {
public:
  struct parameters {
    int memory = 10;             ///< number of (s, y) pairs kept
    double max_step = 0.2;       ///< Å: no atom moves further than this in one line search
    double initial_step = 0.05;  ///< Å: largest atom displacement of the first (steepest) step
    double c1 = 1e-4;            ///< sufficient-decrease constant
    double c2 = 0.9;             ///< curvature constant (strong Wolfe)
  };
  parameters param{};

  /// Relaxes s.positions with the forces of `calc` (any force_provider: a calculator, or a
  /// cell_filter for box relaxation).
  template <force_provider Calc>
  minimize_result minimize(Calc& calc, system& s, const stop_criteria& stop = {}) const;
};

template <force_provider Calc>
minimize_result lbfgs::minimize(Calc& calc, system& s, const stop_criteria& stop) const {
  minimize_result r;
  detail::objective<Calc> obj{calc, s, r, stop.max_force_evaluations};
  Eigen::Matrix3Xd F;
  double E = 0;
  if (!detail::start(obj, r, E, F)) return r;
  detail::lbfgs_memory mem(param.memory, 1e-300, false);
  const detail::line_search_options ls{param.c1, param.c2};
  Eigen::Matrix3Xd d, x0;
  for (;;) {
    r.fmax = detail::max_norm(F);
    if (r.fmax <= stop.fmax) { r.converged = true; r.reason = "fmax"; break; }
    if (detail::target_reached(stop, s.positions, E)) { r.converged = true; r.reason = "target"; break; }
    if (r.iterations >= stop.max_iterations) { r.reason = "max iterations"; break; }
    if (!obj.budget_left()) { r.reason = "max force evaluations"; break; }
    // d = −H⁻¹g with g = −F; steepest descent scaled to initial_step when the memory is empty
    // or its step is not a descent direction
    d = mem.direction(-F.reshaped(), param.initial_step / r.fmax).reshaped(3, F.cols());
    const double dphi0 = -(F.cwiseProduct(d)).sum();
    const double alpha_max = param.max_step / detail::max_norm(d);
    x0 = s.positions;
    const Eigen::Matrix3Xd F_old = F;
    const double E_old = E;
    const auto res = detail::strong_wolfe(obj, x0, d, E, F, dphi0, 1.0, alpha_max, ls);
    if (!res.ok) {
      if (!obj.budget_left()) { r.reason = "max force evaluations"; break; }
      if (!mem.empty()) { mem.clear(); continue; }
      r.reason = "line search failed: " + res.why;
      break;
    }
    ++r.iterations;
    if (detail::energy_converged(E_old, E, stop.energy_tolerance)) {
      r.fmax = detail::max_norm(F);
      r.converged = true;
      r.reason = "energy tolerance";
      break;
    }
    mem.update((res.alpha * d).reshaped(), (F_old - F).reshaped());  // y = g_new − g_old
  }
  r.energy_final = E;
  return r;
}

}  // namespace pelkit

#include <pelkit/minimize/concepts.hpp>
static_assert(pelkit::minimizer<pelkit::lbfgs>);
