// pelkit/saddle/art_nouveau.hpp — the activation-relaxation technique "ART nouveau"
// (Barkema & Mousseau, PRL 77, 4358 (1996); Malek & Mousseau, PRE 62, 7723 (2000); with the
// Lanczos warm starts of pARTn, Jay et al., JCTC 16, 6726 (2020), and the activation converged by
// L-BFGS on the min-mode force as in Kästner & Sherwood, JCP 128, 014106 (2008)).
//
//   pelkit::art_nouveau art;                       // the seed's parameters by default
//   pelkit::saddle_result r = art.search(calc, glass, {.center = 17, .trial = 0, .seed = 42});
//
// One search:
//  1. Start: displace the centre atom and its neighbours within `neighbor_radius` by a random
//     vector of norm `perturbation_norm` (0.5 Å).
//  2. Leave the basin: step `basin_step` along (x − x_min)/|x − x_min|, relax a few FIRE steps in
//     the hyperplane perpendicular to it, and compute the lowest Hessian eigenpair (λ, v) by
//     Lanczos with finite-difference Hessian–vector products, until λ < `eigenvalue_threshold`.
//     With `basin_lanczos_radius` R > 0 this Lanczos sees only the atoms within R of the centre
//     (the others held fixed), so the exit follows the centre's own instability and not a soft
//     collective mode elsewhere in the glass; then push along the initial displacement
//     (`fixed_push`).
//  3. Activate: minimise the min-mode force F − 2(F·v)v (uphill along v, downhill across it)
//     by L-BFGS steps of at most `activation_step` per atom, updating (λ, v) by a warm-started
//     Lanczos after each; until the force 2-norm is below `saddle_force` with λ still below the
//     threshold. That point is the saddle. While λ is above the threshold, step uphill along v.
//  4. Push over: minimise from saddle + `push_step`·v (v oriented away from the start) to the
//     final minimum. Validate (optional): second-lowest eigenvalue > 0, and saddle − push·v
//     relaxes back to the start ("ok") or, with `metabasin_barrier` B > 0, to a minimum that the
//     straight path from the start reaches over less than B ("ok_metabasin").
//
// Energies eV, lengths Å, forces eV/Å, curvatures eV/Å². With `region_radius` > 0 only atoms
// within that distance of the centre move (others frozen at the minimum); with a
// region_force_provider (local_calculator) each force call then costs O(region), not O(N).
#pragma once
#include <pelkit/dynamics/velocities.hpp>
#include <pelkit/saddle/concepts.hpp>
#include <pelkit/saddle/lanczos.hpp>
#include <pelkit/minimize/lbfgs_memory.hpp>
#include <pelkit/saddle/perturbation.hpp>
#include <pelkit/saddle/region.hpp>

#include <chrono>
#include <cmath>
#include <numeric>
#include <vector>

namespace pelkit {

class art_nouveau {
public:
  struct parameters {
    double perturbation_norm = 0.5;   ///< Å, total norm of the initial cluster displacement (seed)
    double neighbor_radius = 3.6;     ///< Å, the centre's first neighbours (first minimum of g(r) for Cu–Zr)
    double region_radius = 0;         ///< Å, only atoms this close to the centre move; 0 = all atoms
    double region_growth = 1000;      ///< Å, the region grows by this while the saddle's full force is too large (0: never; the default takes in every atom at once, which costs the fewest calls)
    double eigenvalue_threshold = -0.01;  ///< eV/Å², basin exit when λ falls below (seed)
    double saddle_force = 0.05;       ///< eV/Å, saddle when the 2-norm of the force is below (seed)
    double refine_force = 0.01;       ///< eV/Å, then converged further to this (= saddle_force: off)
    int max_refine_steps = 100;       ///< activation steps allowed for the refinement
    double basin_step = 0.1;          ///< Å, push length per basin step
    bool fixed_push = false;          ///< push along the initial displacement (true) or along x − x_min
    double basin_lanczos_radius = 0;  ///< Å, in the basin the Lanczos sees only atoms this close to the centre (0: all; use with fixed_push)
    int basin_lanczos_start = 2;      ///< basin steps before the first Lanczos
    int basin_perp_steps = 8;         ///< FIRE steps perpendicular to the push per basin step
    int max_basin_steps = 60;
    double activation_step = 0.1;     ///< Å, largest atom move in one activation step
    int activation_memory = 5;        ///< L-BFGS correction pairs kept in the activation
    double activation_inverse_curvature = 0.05;  ///< Å²/eV, L-BFGS's first inverse-Hessian guess
    int max_activation_steps = 300;
    int max_lost_eigenvalue = 10;     ///< consecutive activation steps with λ ≥ threshold tolerated
    int recovery_perp_steps = 2;      ///< FIRE steps perpendicular to v after an uphill step with λ ≥ threshold
    double fd_step = 5e-4;           ///< Å, finite-difference step of the Hessian–vector product
    lanczos_parameters lanczos{16, 2, 1e-3};  ///< products, min products, tolerance eV/Å²
    int lanczos_cold_iterations = 40;  ///< products at most for the first (cold) Lanczos
    double fire_dt = 0.2;             ///< FIRE time step, Å per (eV/Å) per unit time² (unit masses)
    double fire_dt_max = 0.35;
    double fire_max_move = 0.1;       ///< Å, largest atom move in one perpendicular step
    double push_step = 0.2;           ///< Å, step off the saddle along ±v before minimising
    double minimize_max_step = 0.2;   ///< Å, largest atom move per L-BFGS line search there
    double minimize_fmax = 1e-4;      ///< eV/Å, final (and validation) minimisation tolerance
    double minimum_fmax = 0.01;       ///< eV/Å, the start must have no atomic force above this
    bool validate = true;             ///< compute λ2 and check the return to the start
    double return_distance = 0.1;     ///< Å, |r − r_ini| to count as back at the start
    double return_energy = 1e-3;      ///< eV, |E − E_ini| to count as back at the start
    double metabasin_barrier = 0;     ///< eV, accept another backward minimum joined to the start below this (0: off)
    int metabasin_path_points = 20;   ///< segments of the straight start → backward-minimum path sampled
    int max_attempts = 3;             ///< new random starts after a failed climb (same search seed stream)
    long max_force_calls = 5000;      ///< per search, validation included
  };
  parameters param{};

  /// The local-event mode (docs/saddle.md, "Local events"): the basin exit follows the lowest
  /// mode of the atoms within 5 Å of the centre while pushing along the initial displacement,
  /// a backward minimum joined to the start below 0.1 eV proves the event ("ok_metabasin"), and
  /// the Lanczos stops at 1e-2 eV/Å² or 10 products. The default of `pelkit art` and the study;
  /// `parameters{}` is GUIDE.md §1's algorithm to the letter.
  static parameters local_events() {
    parameters p;
    p.basin_lanczos_radius = 5;
    p.fixed_push = true;
    p.metabasin_barrier = 0.1;
    p.lanczos.max_iterations = 10;
    p.lanczos.tolerance = 1e-2;
    return p;
  }

  template <force_provider C>
  saddle_result search(C& calc, const system& minimum, const search_start& start) const;

private:
  template <force_provider C>
  void climb(region_landscape<C>& L, const std::vector<int>& cluster, const Eigen::VectorXd& basin_mask,
             normal_rng& rng, Eigen::VectorXd& x,
             typename region_landscape<C>::point& pt, double& lambda, Eigen::VectorXd& v) const;
  /// The minimiser that finds the minima on either side of a saddle: L-BFGS with short steps,
  /// so that it stays in the basin it starts in.
  lbfgs descent() const {
    lbfgs m;
    m.param.max_step = param.minimize_max_step;
    m.param.initial_step = std::min(m.param.initial_step, param.minimize_max_step);
    return m;
  }
  template <force_provider C>
  void activate(region_landscape<C>& L, Eigen::VectorXd& x, typename region_landscape<C>::point& pt,
                double& lambda, Eigen::VectorXd& v, double target, int max_steps) const;
  template <force_provider C>
  void run(region_landscape<C>& L, const system& minimum, const search_start& start, saddle_result& out) const;
  struct fire_state {
    Eigen::VectorXd velocity;
    double dt = 0, alpha = 0.1;
    int positive = 0;
  };
  template <force_provider C>
  Eigen::VectorXd fire_step(const region_landscape<C>& L, fire_state& s, const Eigen::VectorXd& f,
                            const Eigen::VectorXd& dir) const;
  template <force_provider C>
  void relax_perpendicular(region_landscape<C>& L, Eigen::VectorXd& x, typename region_landscape<C>::point& pt,
                           const Eigen::VectorXd& dir, int max_steps, double ftol) const;
  template <force_provider C>
  lanczos_result lowest_mode(region_landscape<C>& L, const Eigen::VectorXd& x, const Eigen::VectorXd& fx,
                             const Eigen::VectorXd& guess, const Eigen::VectorXd* deflate = nullptr,
                             const lanczos_parameters* lp = nullptr, const Eigen::VectorXd* mask = nullptr) const;
  template <force_provider C>
  double path_barrier(region_landscape<C>& L, const Eigen::VectorXd& a, double Ea, const Eigen::VectorXd& b,
                      double Eb) const;
  template <force_provider C>
  void prove(region_landscape<C>& L, normal_rng& rng, const Eigen::VectorXd& x_sad, const Eigen::VectorXd& v,
             const Eigen::VectorXd& x_fin, double E0, saddle_event& ev) const;
};

template <force_provider C>
saddle_result art_nouveau::search(C& calc, const system& minimum, const search_start& start) const {
  const auto t0 = std::chrono::steady_clock::now();
  validate(minimum, "art_nouveau");
  saddle_result out;
  out.event.center = start.center;
  out.event.trial = start.trial;
  out.event.seed = start.seed;
  std::vector<int> mobile(minimum.size());
  std::iota(mobile.begin(), mobile.end(), 0);
  if (param.region_radius > 0)
    mobile = atoms_near(minimum, start.center, std::max(param.region_radius, param.neighbor_radius));
  else
    atoms_near(minimum, start.center, 0);  // checks the centre
  if constexpr (region_force_provider<C>) {
    calc.set_reference(minimum);
    calc.set_mobile(std::span<const int>(mobile));
  } else if constexpr (requires { calc.rebuild_neighbors(minimum.box, minimum.positions); }) {
    calc.rebuild_neighbors(minimum.box, minimum.positions);  // the search does not depend on earlier ones
  }
  region_landscape<C> L(calc, minimum, std::move(mobile), param.max_force_calls);
  try {
    run(L, minimum, start, out);
    out.event.status = "ok";
  } catch (const detail::search_stop& stop) {
    out.event.status = stop.status;
  }
  out.event.force_calls = L.calls();
  out.event.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

template <force_provider C>
lanczos_result art_nouveau::lowest_mode(region_landscape<C>& L, const Eigen::VectorXd& x, const Eigen::VectorXd& fx,
                                        const Eigen::VectorXd& guess, const Eigen::VectorXd* deflate,
                                        const lanczos_parameters* lp, const Eigen::VectorXd* mask) const {
  // With a mask (1 on the coordinates kept, 0 elsewhere) this is the lowest mode of the Hessian
  // block of the masked atoms, the others held fixed.
  const double h = param.fd_step;
  auto product = [&](const Eigen::VectorXd& w) -> Eigen::VectorXd { return (fx - L.at(x + h * w).force) / h; };
  auto project = [&](Eigen::VectorXd& v) {
    if (mask) v = v.cwiseProduct(*mask);
    else L.project(v);
    if (deflate) v -= deflate->dot(v) * *deflate;
  };
  return lowest_eigenpair(product, guess, lp ? *lp : param.lanczos, project);
}

template <force_provider C>
Eigen::VectorXd art_nouveau::fire_step(const region_landscape<C>& L, fire_state& s, const Eigen::VectorXd& f,
                                       const Eigen::VectorXd& dir) const {
  // FIRE (Bitzek et al., PRL 97, 170201 (2006)) with unit masses; the move is kept
  // perpendicular to `dir` and no atom moves more than fire_max_move.
  if (f.dot(s.velocity) > 0) {
    s.velocity = (1 - s.alpha) * s.velocity + s.alpha * s.velocity.norm() * f.normalized();
    if (++s.positive > 3) s.dt = std::min(s.dt * 1.1, param.fire_dt_max), s.alpha *= 0.99;
  } else {
    s.velocity.setZero();
    s.dt *= 0.5;
    s.alpha = 0.1;
    s.positive = 0;
  }
  s.velocity += s.dt * f;
  Eigen::VectorXd dx = s.dt * s.velocity;
  dx -= dx.dot(dir) * dir;
  const double largest = L.max_atom_norm(dx);
  if (largest > param.fire_max_move) dx *= param.fire_max_move / largest;
  return dx;
}

template <force_provider C>
void art_nouveau::relax_perpendicular(region_landscape<C>& L, Eigen::VectorXd& x,
                                      typename region_landscape<C>::point& pt, const Eigen::VectorXd& dir,
                                      int max_steps, double ftol) const {
  fire_state s{Eigen::VectorXd::Zero(x.size()), param.fire_dt};
  for (int k = 0; k < max_steps; ++k) {
    const Eigen::VectorXd f = pt.force - pt.force.dot(dir) * dir;
    if (f.norm() < ftol) return;
    x += fire_step(L, s, f, dir);
    pt = L.at(x);
  }
}

template <force_provider C>
void art_nouveau::climb(region_landscape<C>& L, const std::vector<int>& cluster, const Eigen::VectorXd& basin_mask,
                        normal_rng& rng, Eigen::VectorXd& x,
                        typename region_landscape<C>::point& pt, double& lambda, Eigen::VectorXd& v) const {
  using detail::search_stop;
  const Eigen::VectorXd& x0 = L.start();
  // 1. initial perturbation of the centre and its first neighbours
  const Eigen::VectorXd d = initial_displacement(L, cluster, param.perturbation_norm, rng);
  if (!d.size()) throw search_stop{"non_finite"};
  x = x0 + d;
  pt = L.at(x);

  // 2. leave the harmonic basin (optionally judged by the centre's neighbourhood alone, so that
  //    a soft collective mode elsewhere in the glass does not capture the search)
  const Eigen::VectorXd* local = basin_mask.size() ? &basin_mask : nullptr;
  v.resize(0);
  lambda = std::numeric_limits<double>::infinity();
  for (int step = 0;; ++step) {
    if (step >= param.basin_lanczos_start) {
      lanczos_parameters cold = param.lanczos;
      cold.max_iterations = std::max(cold.max_iterations, param.lanczos_cold_iterations);
      const auto lz = v.size() ? lowest_mode(L, x, pt.force, v, nullptr, nullptr, local)
                               : lowest_mode(L, x, pt.force, Eigen::VectorXd(x - x0), nullptr, &cold, local);
      lambda = lz.eigenvalue;
      v = lz.vector;
      if (lambda < param.eigenvalue_threshold) break;
    }
    if (step >= param.max_basin_steps) throw search_stop{"basin_exit_failed"};
    const Eigen::VectorXd push = param.fixed_push ? Eigen::VectorXd(d.normalized()) : Eigen::VectorXd((x - x0).normalized());
    x += param.basin_step * push;
    pt = L.at(x);
    relax_perpendicular(L, x, pt, push, param.basin_perp_steps, 0.0);
  }

  activate(L, x, pt, lambda, v, param.saddle_force, param.max_activation_steps);
}

template <force_provider C>
void art_nouveau::activate(region_landscape<C>& L, Eigen::VectorXd& x, typename region_landscape<C>::point& pt,
                           double& lambda, Eigen::VectorXd& v, double target, int max_steps) const {
  // 3. converge to the saddle: a saddle with lowest mode v is a minimum of the min-mode force
  //    F − 2(F·v)v, which L-BFGS finds in far fewer steps than a Newton step along v plus FIRE
  //    across it. When the negative curvature is lost, step uphill along v and relax across it
  //    (the L-BFGS memory restarts).
  using detail::search_stop;
  int lost = 0;
  detail::lbfgs_memory memory(param.activation_memory, 1e-12, true);
  auto min_mode_gradient = [](const Eigen::VectorXd& f, const Eigen::VectorXd& mode) -> Eigen::VectorXd {
    return 2 * f.dot(mode) * mode - f;
  };
  for (int step = 0;; ++step) {
    if (lambda < param.eigenvalue_threshold && pt.force.norm() < target) break;
    if (step >= max_steps) throw search_stop{"activation_not_converged"};
    Eigen::VectorXd g, dx;
    if (lambda < param.eigenvalue_threshold) {
      g = min_mode_gradient(pt.force, v);
      dx = memory.direction(g, param.activation_inverse_curvature);
      const double largest = L.max_atom_norm(dx);
      if (largest > param.activation_step) dx *= param.activation_step / largest;
      x += dx;
      pt = L.at(x);
    } else {
      memory.clear();
      const double fv = pt.force.dot(v);  // uphill along v is against the force's component
      x += (fv < 0 ? 1.0 : -1.0) * param.basin_step * v;
      pt = L.at(x);
      relax_perpendicular(L, x, pt, v, param.recovery_perp_steps, 0.0);
    }
    const auto lz = lowest_mode(L, x, pt.force, v);
    lambda = lz.eigenvalue;
    v = lz.vector;
    if (g.size()) memory.update(dx, min_mode_gradient(pt.force, v) - g);
    if (lambda >= param.eigenvalue_threshold) {
      if (++lost > param.max_lost_eigenvalue) throw search_stop{"eigenvalue_lost"};
    } else {
      lost = 0;
    }
  }
}

template <force_provider C>
void art_nouveau::run(region_landscape<C>& L, const system& minimum, const search_start& start,
                      saddle_result& out) const {
  using detail::search_stop;
  saddle_event& ev = out.event;
  const Eigen::VectorXd& x0 = L.start();
  const double E0 = L.start_energy(param.minimum_fmax);

  normal_rng rng(start.seed);
  const auto cluster = atoms_near(minimum, start.center, param.neighbor_radius);
  Eigen::VectorXd basin_mask;  // 1 on the coordinates the basin Lanczos sees
  if (param.basin_lanczos_radius > 0) {
    Eigen::Matrix3Xd m = Eigen::Matrix3Xd::Zero(3, Eigen::Index(minimum.size()));
    for (int i : atoms_near(minimum, start.center, param.basin_lanczos_radius)) m.col(i).setOnes();
    basin_mask = L.pack(m);
  }
  Eigen::VectorXd x, v;
  typename region_landscape<C>::point pt;
  double lambda = 0;
  for (int attempt = 1;; ++attempt) {  // a new random start when the climb fails
    try {
      climb(L, cluster, basin_mask, rng, x, pt, lambda, v);
      break;
    } catch (const search_stop& stop) {
      if (attempt >= param.max_attempts || stop.status == "max_force_calls" || stop.status == "non_finite") throw;
    }
  }
  // A region's frozen boundary may still pull: grow the region and converge again until the
  // force on every atom is below the threshold.
  for (double radius = param.region_radius; param.region_growth > 0 && L.mobile().size() < minimum.size();) {
    if (L.full_force_norm(x) < param.saddle_force) break;
    radius += param.region_growth;
    L.grow(atoms_near(minimum, start.center, radius), x, v);
    pt = L.at(x);
    const auto lz = lowest_mode(L, x, pt.force, v);
    lambda = lz.eigenvalue;
    v = lz.vector;
    activate(L, x, pt, lambda, v, param.saddle_force, param.max_activation_steps);
  }
  // Converge further than the acceptance threshold, so that the proof below (and the energy)
  // refer to the saddle itself; a refinement that stalls keeps the accepted point.
  if (param.refine_force < param.saddle_force) {
    Eigen::VectorXd xr = x, vr = v;
    auto pr = pt;
    double lr = lambda;
    try {
      activate(L, xr, pr, lr, vr, param.refine_force, param.max_refine_steps);
      x = xr, v = vr, pt = pr, lambda = lr;
    } catch (const search_stop& stop) {
      if (stop.status == "max_force_calls" || stop.status == "non_finite") throw;
    }
  }
  const Eigen::VectorXd x_sad = x;
  const double E_sad = pt.energy;
  if (v.dot(x_sad - x0) < 0) v = -v;  // from the start towards the final state
  ev.e_sad_ini = E_sad - E0;
  ev.lambda1 = lambda;
  ev.force_saddle = L.full_force_norm(x_sad);
  out.saddle = L.positions(x_sad);
  out.mode = L.full_vector(v);

  // 4. push over the saddle and relax to the final minimum
  Eigen::VectorXd x_fin = x_sad + param.push_step * v;
  const auto rf = L.minimize(x_fin, param.minimize_fmax, descent());
  if (!rf.converged) throw search_stop{"final_minimization_failed"};
  ev.e_fin_ini = rf.energy_final - E0;
  ev.e_fin_sad = rf.energy_final - E_sad;
  ev.delta = (x_fin - x0).norm();
  out.final_state = L.positions(x_fin);

  if (param.validate) prove(L, rng, x_sad, v, x_fin, E0, ev);
}

template <force_provider C>
void art_nouveau::prove(region_landscape<C>& L, normal_rng& rng, const Eigen::VectorXd& x_sad,
                        const Eigen::VectorXd& v, const Eigen::VectorXd& x_fin, double E0,
                        saddle_event& ev) const {
  // The event's proof: exactly one negative curvature, and the other side leads back home
  // (or, with metabasin_barrier, to a minimum other than the final one that the start reaches
  // over a barrier below it).
  const Eigen::VectorXd& x0 = L.start();
  ev.validation = "ok";
  const auto p_sad = L.at(x_sad);
  Eigen::VectorXd guess(x_sad.size());
  for (Eigen::Index k = 0; k < guess.size(); ++k) guess[k] = rng();
  lanczos_parameters deep = param.lanczos;
  deep.max_iterations = std::max(deep.max_iterations, 40);
  deep.min_iterations = std::max(deep.min_iterations, 8);
  ev.lambda2 = lowest_mode(L, x_sad, p_sad.force, guess, &v, &deep).eigenvalue;
  Eigen::VectorXd x_back = x_sad - param.push_step * v;
  const auto rb = L.minimize(x_back, param.minimize_fmax, descent());
  const bool home = rb.converged && (x_back - x0).norm() <= param.return_distance &&
                    std::abs(rb.energy_final - E0) <= param.return_energy;
  if (!(ev.lambda1 < 0 && ev.lambda2 > 0))
    ev.validation = "not_first_order";
  else if (!home && rb.converged && param.metabasin_barrier > 0 &&
           (x_back - x_fin).norm() > param.return_distance &&
           path_barrier(L, x0, E0, x_back, rb.energy_final) <= param.metabasin_barrier)
    ev.validation = "ok_metabasin";
  else if (!home)
    ev.validation = "does_not_return_to_initial";
  ev.validated = ev.validation == "ok" || ev.validation == "ok_metabasin";
}

template <force_provider C>
double art_nouveau::path_barrier(region_landscape<C>& L, const Eigen::VectorXd& a, double Ea,
                                 const Eigen::VectorXd& b, double Eb) const {
  // The highest energy on the straight path a → b (sampled at metabasin_path_points segments)
  // above the higher end: an upper bound on the barrier of the minimum energy path.
  const int n = std::max(2, param.metabasin_path_points);
  double top = std::max(Ea, Eb);
  for (int k = 1; k < n; ++k) {
    const auto p = L.at(a + (double(k) / n) * (b - a));
    if (!std::isfinite(p.energy)) return std::numeric_limits<double>::infinity();
    top = std::max(top, p.energy);
  }
  return top - std::max(Ea, Eb);
}

}  // namespace pelkit

#include <pelkit/potential/lennard_jones.hpp>
static_assert(pelkit::saddle_search_for<pelkit::art_nouveau, pelkit::calculator<pelkit::lennard_jones>>);
