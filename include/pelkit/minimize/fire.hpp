// pelkit/minimize/fire.hpp — FIRE 2.0 (Guénolé, Nöhring, Vaid, Houllé, Xie, Prakash &
// Bitzek, Comput. Mater. Sci. 175, 109584 (2020), Algorithm 2 with the semi-implicit Euler
// integrator):
//
//   P = F·v
//   P > 0:  N+ += 1, N− = 0; after N_delay such steps: Δt ← min(f_inc Δt, Δt_max), α ← f_α α
//   P ≤ 0:  N− += 1, N+ = 0; stop after N−_max consecutive ones; unless in the initial delay
//           (the first N_delay steps): Δt ← f_dec Δt if that stays ≥ Δt_min, α ← α_start;
//           x ← x − Δt v / 2 (back half a step), v ← 0
//   v ← v + Δt F/m;  v ← (1 − α) v + α |v| F/|F|;  x ← x + Δt v
//
// |v|, |F|, P are over the whole 3N vector. Real masses (amu, from the system's types) are
// used, so Δt is a physical time in ps (metal units: acceleration = F/m · 9648.53 Å/ps²).
// As a safeguard (as LAMMPS's dmax) no atom moves more than `max_step` Å per step.
// FIRE is not monotone in energy; it ignores the line-search-specific parts of stop_criteria.
//
// Positions change in place, the box is fixed; velocities of the system are not touched.
#pragma once
#include <pelkit/core/units.hpp>
#include <pelkit/minimize/result.hpp>
#include <pelkit/potential/calculator.hpp>

#include <cmath>
#include <limits>

namespace pelkit {

class fire2 {
public:
  /// Defaults from Guénolé et al. (2020), Table 1; Δt for metal units.
  struct parameters {
    double dt = 0.001;        ///< ps, initial timestep Δt_start (LAMMPS metal default)
    double dt_max = 0.01;     ///< ps, Δt_max = 10 Δt
    double dt_min = 0.00002;  ///< ps, Δt_min = 0.02 Δt
    int n_delay = 20;         ///< N_delay: P > 0 steps before Δt may grow
    long n_negative_max = 2000;  ///< N−_max: consecutive P ≤ 0 steps before giving up
    double f_inc = 1.1;
    double f_dec = 0.5;
    double alpha_start = 0.25;
    double f_alpha = 0.99;
    bool initial_delay = true;  ///< no Δt/α reduction during the first N_delay steps
    double max_step = 0.1;      ///< Å, largest displacement of an atom in one step
  };
  parameters param{};

  /// Relaxes s.positions with the forces of `calc` (any force_provider: a calculator, or a
  /// cell_filter for box relaxation).
  template <force_provider Calc>
  minimize_result minimize(Calc& calc, system& s, const stop_criteria& stop = {}) const;
};

template <force_provider Calc>
minimize_result fire2::minimize(Calc& calc, system& s, const stop_criteria& stop) const {
  minimize_result r;
  const auto n = Eigen::Index(s.size());
  Eigen::RowVectorXd inv_m(n);  // 1/m in Å²/(eV ps²): a = F · inv_m is in Å/ps²
  for (Eigen::Index i = 0; i < n; ++i) inv_m[i] = 1.0 / (s.mass(i) * units::amu_A2_per_ps2_to_eV);

  Eigen::Matrix3Xd F, v = Eigen::Matrix3Xd::Zero(3, n), x_good;
  double E;
  auto evaluate = [&] {
    ++r.force_evaluations;
    const evaluation& e = calc.compute(s, {true, false, false});
    E = e.energy;
    F = e.forces;
    return detail::finite_eval(E, &F);
  };
  if (!evaluate()) {
    r.energy_initial = r.energy_final = E;
    r.reason = detail::non_finite_start;
    r.fmax = std::numeric_limits<double>::infinity();
    return r;
  }
  r.energy_initial = E;
  x_good = s.positions;
  double E_good = E, E_prev = E;
  Eigen::Matrix3Xd F_good = F;
  double dt = param.dt, alpha = param.alpha_start;
  long n_pos = 0, n_neg = 0;
  for (;;) {
    r.fmax = detail::max_norm(F);
    if (r.fmax <= stop.fmax) { r.converged = true; r.reason = "fmax"; break; }
    if (detail::target_reached(stop, s.positions, E)) { r.converged = true; r.reason = "target"; break; }
    if (r.iterations >= stop.max_iterations) { r.reason = "max iterations"; break; }
    if (r.force_evaluations >= stop.max_force_evaluations) { r.reason = "max force evaluations"; break; }
    const double power = F.cwiseProduct(v).sum();
    if (power > 0) {
      ++n_pos;
      n_neg = 0;
      if (n_pos > param.n_delay) {
        dt = std::min(dt * param.f_inc, param.dt_max);
        alpha *= param.f_alpha;
      }
    } else {
      n_pos = 0;
      if (++n_neg > param.n_negative_max) {
        r.reason = "FIRE: " + std::to_string(param.n_negative_max) + " consecutive uphill steps";
        break;
      }
      if (!(param.initial_delay && r.iterations < param.n_delay)) {
        if (dt * param.f_dec >= param.dt_min) dt *= param.f_dec;
        alpha = param.alpha_start;
      }
      s.positions -= 0.5 * dt * v;
      v.setZero();
    }
    // Semi-implicit Euler with FIRE mixing.
    v += dt * (F.array().rowwise() * inv_m.array()).matrix();
    const double fnorm = F.norm();
    if (fnorm > 0) v = (1 - alpha) * v + (alpha * v.norm() / fnorm) * F;
    Eigen::Matrix3Xd dx = dt * v;
    const double dmax = detail::max_norm(dx);
    if (dmax > param.max_step) dx *= param.max_step / dmax;
    s.positions += dx;
    ++r.iterations;
    if (!evaluate()) {
      s.positions = x_good;
      E = E_good;
      F = F_good;
      r.fmax = detail::max_norm(F);
      r.reason = "non-finite energy or forces during FIRE (atoms overlapping?); returned the last finite configuration";
      break;
    }
    x_good = s.positions;
    E_good = E;
    F_good = F;
    if (detail::energy_converged(E_prev, E, stop.energy_tolerance)) {
      r.fmax = detail::max_norm(F);
      r.converged = true;
      r.reason = "energy tolerance";
      break;
    }
    E_prev = E;
  }
  r.energy_final = E;
  return r;
}

}  // namespace pelkit

#include <pelkit/minimize/concepts.hpp>
static_assert(pelkit::minimizer<pelkit::fire2>);
