// pelkit/saddle/dimer.hpp — the dimer method: a minimum-mode saddle search that needs forces
// only (Henkelman & Jónsson, JCP 111, 7010 (1999)), with the rotation of Kästner & Sherwood,
// JCP 128, 014106 (2008) (one trial rotation per step and a Fourier fit of the curvature).
//
//   pelkit::dimer_search dimer;                    // or pelkit::art_nouveau, same start
//   pelkit::saddle_result r = dimer.search(calc, glass, {.center = 17, .trial = 0, .seed = 42});
//
// One search (all atoms move; rigid translations of a multi-atom system are projected out of
// the dimer direction, the Hessian–vector products and every step):
//  1. Start as ART nouveau does: displace the centre atom and its neighbours within
//     `neighbor_radius` by a random vector of norm `perturbation_norm` (perturbation.hpp,
//     normal_rng(start.seed)); the dimer direction N starts along that displacement.
//  2. Rotate: with the centre R, its force F_R and image 1 at R + ΔR N, the Hessian–vector
//     product is HN ≈ (F_R − F(R + ΔR N)) / ΔR and the curvature C = N·HN (eV/Å²). The
//     rotation plane is spanned by N and Θ = −(HN − C N)/|HN − C N|; along N(φ) = N cos φ + Θ sin φ
//     the curvature is C(φ) = a0/2 + a1 cos 2φ + b1 sin 2φ with b1 = Θ·HN. A trial rotation by
//     φ1 = ½ atan(|HN − C N| / |C|) (one force call) fixes a1, a0; N rotates to the minimum of the
//     fit and HN there is interpolated, HN(φ) = [sin(φ1 − φ) HN(0) + sin φ HN(φ1)] / sin φ1.
//     Repeated up to `max_rotations` times while the angles exceed `rotation_angle_tolerance`.
//  3. Translate with the effective force F† (Henkelman & Jónsson 1999): F† = F_R − 2(F_R·N)N when
//     C < 0, driven by L-BFGS (memory `lbfgs_memory`, no atom moves more than `max_step`); when
//     C ≥ 0 only the inverted parallel force −(F_R·N)N, as a fixed step `convex_step` along N.
//  4. Saddle when the 3N force 2-norm |F_R| < `saddle_force` with C < 0. Then push over: relax
//     (L-BFGS, `minimize_fmax`) from saddle + `push_step`·N (N oriented away from the start) to
//     the final minimum, and, when `validate`, from saddle − `push_step`·N, which must return to
//     the initial minimum (within `return_distance` and `return_energy`). Each push is measured
//     from the Newton estimate of the saddle along N, s = (F_R·N)/C (|s| ≤ `max_saddle_offset`),
//     when that lies beyond the converged point on the push's side.
//
// With a region_force_provider (local_calculator) the search first sets the minimum as its
// reference and makes every atom mobile.
// The event records lambda1 = C at the saddle (eV/Å²); lambda2 is not computed (NaN), so
// "validated" means C < 0 and the return to the initial minimum. force_calls counts every
// evaluation: centre, dimer images, trial rotations, minimisations.
// Units: energies eV, lengths Å, forces eV/Å, curvatures eV/Å².
#pragma once
#include <pelkit/dynamics/velocities.hpp>
#include <pelkit/saddle/concepts.hpp>
#include <pelkit/minimize/lbfgs_memory.hpp>
#include <pelkit/saddle/perturbation.hpp>
#include <pelkit/saddle/region.hpp>

#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <numbers>
#include <numeric>
#include <span>
#include <string>
#include <vector>

namespace pelkit {

struct dimer_search {
  struct parameters {
    double perturbation_norm = 0.5;   ///< Å, norm of the initial cluster displacement (seed, as ART)
    double neighbor_radius = 3.6;     ///< Å, the centre's first neighbours (as ART)
    double dimer_separation = 0.01;   ///< Å, ΔR: distance from the centre to image 1
    int max_rotations = 8;            ///< rotations per translation step (one force call each)
    double rotation_angle_tolerance = 0.02;  ///< rad, stop rotating below this angle
    double max_step = 0.2;            ///< Å, largest atom move in one translation (C < 0)
    double initial_step = 0.05;       ///< Å, largest atom move of a translation without L-BFGS memory
    double convex_step = 0.1;         ///< Å, step along N while the curvature is positive
    int lbfgs_memory = 10;            ///< (s, y) pairs kept by the translation
    double saddle_force = 0.05;       ///< eV/Å, saddle when the 3N force 2-norm is below (seed)
    int max_translations = 1000;      ///< translation steps before activation_not_converged
    double push_step = 0.15;          ///< Å, step off the saddle along ±N before minimising
    double max_saddle_offset = 0.5;   ///< Å, largest Newton offset F·N/C the pushes start from
    double minimize_fmax = 1e-3;      ///< eV/Å, final (and validation) minimisation tolerance
    double minimum_fmax = 0.01;       ///< eV/Å, the start must have no atomic force above this
    bool validate = true;             ///< relax from saddle − push·N and check the return
    double return_distance = 0.1;     ///< Å, Δ to the initial minimum to count as returned
    double return_energy = 1e-3;      ///< eV, |E − E_ini| to count as returned
    long max_force_calls = 5000;      ///< per search, validation included
  };
  parameters param{};

  template <force_provider C>
  saddle_result search(C& calc, const system& minimum, const search_start& start) const;

private:
  struct dimer {
    Eigen::VectorXd x;      ///< Å, centre
    double energy = 0;      ///< eV at the centre
    Eigen::VectorXd force;  ///< eV/Å at the centre (rigid translation projected out)
    Eigen::VectorXd n;      ///< unit direction
    Eigen::VectorXd hn;     ///< eV/Å², H·n
    double curvature = 0;   ///< eV/Å², n·H·n
  };
  template <force_provider C>
  Eigen::VectorXd hessian_times(region_landscape<C>& L, const dimer& d, const Eigen::VectorXd& v) const;
  template <force_provider C>
  void rotate(region_landscape<C>& L, dimer& d) const;
  template <force_provider C>
  void climb(region_landscape<C>& L, dimer& d) const;
  template <force_provider C>
  void run(region_landscape<C>& L, const system& minimum, const search_start& start, saddle_result& out) const;
};

template <force_provider C>
saddle_result dimer_search::search(C& calc, const system& minimum, const search_start& start) const {
  const auto t0 = std::chrono::steady_clock::now();
  if (minimum.positions.cols() != Eigen::Index(minimum.size()) || minimum.size() == 0)
    throw error("dimer_search: the system has " + std::to_string(minimum.positions.cols()) +
                " positions for " + std::to_string(minimum.size()) + " atoms");
  for (int t : minimum.types)
    if (t < 0 || t >= minimum.type_count()) throw error("dimer_search: atom type out of range");
  atoms_near(minimum, start.center, 0);  // checks the centre
  saddle_result out;
  out.event.center = start.center;
  out.event.trial = start.trial;
  out.event.seed = start.seed;
  long calls_before = 0;
  if constexpr (requires { { calc.evaluations() } -> std::convertible_to<long>; }) calls_before = calc.evaluations();
  if (minimum.positions.allFinite()) {
    if constexpr (region_force_provider<C>) {
      calc.set_reference(minimum);  // the dimer moves every atom
      calc.set_mobile(std::span<const int>());
    } else if constexpr (requires { calc.rebuild_neighbors(minimum.box, minimum.positions); }) {
      calc.rebuild_neighbors(minimum.box, minimum.positions);  // same neighbour order whatever ran before
    }
  }
  std::vector<int> all(minimum.size());
  std::iota(all.begin(), all.end(), 0);
  region_landscape<C> L(calc, minimum, std::move(all), param.max_force_calls);
  try {
    run(L, minimum, start, out);
    out.event.status = "ok";
  } catch (const detail::search_stop& stop) {
    out.event.status = stop.status;
  }
  out.event.force_calls = L.calls();
  if constexpr (requires { { calc.evaluations() } -> std::convertible_to<long>; })
    out.event.force_calls = calc.evaluations() - calls_before;
  out.event.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

/// H·v ≈ (F(x) − F(x + ΔR v)) / ΔR (one force call), rigid translation projected out.
template <force_provider C>
Eigen::VectorXd dimer_search::hessian_times(region_landscape<C>& L, const dimer& d, const Eigen::VectorXd& v) const {
  const double h = param.dimer_separation;
  Eigen::VectorXd hv = (d.force - L.at(d.x + h * v).force) / h;
  L.project(hv);
  return hv;
}

/// Kästner & Sherwood (2008) rotations of d.n towards the lowest-curvature mode.
template <force_provider C>
void dimer_search::rotate(region_landscape<C>& L, dimer& d) const {
  using std::cos, std::sin;
  for (int k = 0; k < param.max_rotations; ++k) {
    Eigen::VectorXd g = d.hn - d.curvature * d.n;  // half the gradient of C on the unit sphere
    g -= g.dot(d.n) * d.n;
    const double gnorm = g.norm();
    if (!(gnorm > 0)) return;
    const Eigen::VectorXd theta = -g / gnorm;
    const double b1 = theta.dot(d.hn);  // ½ dC/dφ at φ = 0 (= −|g|)
    const double phi1 = 0.5 * std::atan(gnorm / std::max(std::abs(d.curvature), 1e-12));
    if (phi1 < param.rotation_angle_tolerance) return;
    Eigen::VectorXd n1 = cos(phi1) * d.n + sin(phi1) * theta;
    n1.normalize();
    const Eigen::VectorXd hn1 = hessian_times(L, d, n1);
    const double c1 = n1.dot(hn1);
    const double a1 = (d.curvature - c1 + b1 * sin(2 * phi1)) / (1 - cos(2 * phi1));
    const double a0 = 2 * (d.curvature - a1);
    auto fit = [&](double p) { return 0.5 * a0 + a1 * cos(2 * p) + b1 * sin(2 * p); };
    double phi = 0.5 * std::atan2(b1, a1);  // a stationary point of the fit
    if (fit(phi + 0.5 * std::numbers::pi) < fit(phi)) phi += 0.5 * std::numbers::pi;
    if (phi > 0.5 * std::numbers::pi) phi -= std::numbers::pi;
    Eigen::VectorXd hn = (sin(phi1 - phi) * d.hn + sin(phi) * hn1) / sin(phi1);
    d.n = cos(phi) * d.n + sin(phi) * theta;
    d.n.normalize();
    L.project(hn);
    d.hn = hn;
    d.curvature = d.n.dot(d.hn);
    if (std::abs(phi) < param.rotation_angle_tolerance) return;
  }
}

/// Alternates rotations and translations until |F| < saddle_force with negative curvature.
template <force_provider C>
void dimer_search::climb(region_landscape<C>& L, dimer& d) const {
  using detail::search_stop;
  detail::lbfgs_memory mem(param.lbfgs_memory, 1e-300, false);
  Eigen::VectorXd last_step, last_effective;  // empty unless the last step was an L-BFGS one
  for (int step = 0;; ++step) {
    d.hn = hessian_times(L, d, d.n);
    d.curvature = d.n.dot(d.hn);
    rotate(L, d);
    if (d.curvature < 0 && d.force.norm() < param.saddle_force) return;
    if (step >= param.max_translations) throw search_stop{"activation_not_converged"};
    const double fpar = d.force.dot(d.n);
    Eigen::VectorXd dx;
    if (d.curvature >= 0) {
      // Convex region: climb along N only, a fixed step (Henkelman & Jónsson 1999).
      mem.clear();
      last_step.resize(0);
      dx = (fpar > 0 ? -param.convex_step : param.convex_step) * d.n;
    } else {
      const Eigen::VectorXd f = d.force - 2 * fpar * d.n;  // effective force F†
      if (last_step.size()) mem.update(last_step, last_effective - f);
      const double gamma0 = param.initial_step / std::max(L.max_atom_norm(f), 1e-300);
      dx = mem.direction(-f, gamma0);  // L-BFGS on the gradient −F†
      L.project(dx);
      const double largest = L.max_atom_norm(dx);
      if (largest > param.max_step) dx *= param.max_step / largest;
      last_step = dx;
      last_effective = f;
    }
    d.x += dx;
    const auto pt = L.at(d.x);
    d.energy = pt.energy;
    d.force = pt.force;
  }
}

template <force_provider C>
void dimer_search::run(region_landscape<C>& L, const system& minimum, const search_start& start,
                       saddle_result& out) const {
  using detail::search_stop;
  saddle_event& ev = out.event;
  const Eigen::VectorXd& x0 = L.start();
  const double E0 = L.start_energy(param.minimum_fmax);

  // 1. ART's start: a random displacement of the centre and its neighbours.
  normal_rng rng(start.seed);
  const auto cluster = atoms_near(minimum, start.center, param.neighbor_radius);
  const Eigen::VectorXd disp = initial_displacement(L, cluster, param.perturbation_norm, rng);
  if (!disp.size()) throw search_stop{"non_finite"};
  dimer d;
  d.x = x0 + disp;
  d.n = disp.normalized();
  const auto p = L.at(d.x);
  d.energy = p.energy;
  d.force = p.force;

  // 2.–3. rotate and translate to the saddle
  climb(L, d);
  if (d.n.dot(d.x - x0) < 0) d.n = -d.n;  // from the start towards the final state
  ev.e_sad_ini = d.energy - E0;
  ev.force_saddle = d.force.norm();
  ev.lambda1 = d.curvature;
  out.saddle = L.positions(d.x);
  out.mode = L.full_vector(d.n);

  // 4. push over the saddle and relax to the final minimum. With |F| < saddle_force and a small
  //    |C| the converged point can lie a few tenths of an Å off the saddle along N; the pushes
  //    start from the Newton estimate of the saddle along N when that is further out.
  const double shift = std::clamp(d.force.dot(d.n) / d.curvature, -param.max_saddle_offset, param.max_saddle_offset);
  const double plus = std::max(param.push_step, shift + param.push_step);
  const double minus = std::min(-param.push_step, shift - param.push_step);
  Eigen::VectorXd x_fin = d.x + plus * d.n;
  const auto rf = L.minimize(x_fin, param.minimize_fmax);
  if (!rf.converged) throw search_stop{"final_minimization_failed"};
  out.final_state = L.positions(x_fin);
  ev.e_fin_ini = rf.energy_final - E0;
  ev.e_fin_sad = rf.energy_final - d.energy;
  ev.delta = configuration_distance(minimum.box, out.final_state, minimum.positions);

  if (!param.validate) return;
  // The event's proof: negative curvature, and the other side leads back to the start.
  Eigen::VectorXd x_back = d.x + minus * d.n;
  const auto rb = L.minimize(x_back, param.minimize_fmax);
  if (!(ev.lambda1 < 0))
    ev.validation = "not_first_order";
  else if (!rb.converged ||
           configuration_distance(minimum.box, L.positions(x_back), minimum.positions) > param.return_distance ||
           std::abs(rb.energy_final - E0) > param.return_energy)
    ev.validation = "does_not_return_to_initial";
  else
    ev.validation = "ok";
  ev.validated = ev.validation == "ok";
}

}  // namespace pelkit

#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/lennard_jones.hpp>
static_assert(pelkit::saddle_search_for<pelkit::dimer_search, pelkit::calculator<pelkit::lennard_jones>>);
