// pelkit/saddle/art_nouveau.hpp — the activation-relaxation technique "ART nouveau"
// (Barkema & Mousseau, PRL 77, 4358 (1996); Malek & Mousseau, PRE 62, 7723 (2000); with the
// Lanczos warm starts of pARTn, Jay et al., JCTC 16, 6726 (2020), and the activation converged by
// L-BFGS on the min-mode force as in Kästner & Sherwood, JCP 128, 014106 (2008)).
//
//   pelkit::art_nouveau art;                       // the seed's parameters by default
//   pelkit::saddle_result r = art.search(calc, glass, {.center = 17, .trial = 0, .seed = 42});
//
// Three parameter sets: `parameters{}` (= seed_algorithm(), the seed study's algorithm to the
// letter), local_events() (the default of `pelkit art` and the study) and reference_scheme()
// (the scheme of pARTn, BigDFT's ART nouveau, LAMMPS-ARTn and eOn; docs/saddle.md, "The
// reference scheme", with what it gives on Cu–Zr glasses). Each constant below is a parameter.
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
//     Lanczos after each; until the force (2-norm, or the largest atomic force with
//     `force_criterion`) is below `saddle_force` with λ still below the
//     threshold. That point is the saddle. While λ is above the threshold, step uphill along v.
//     With `newton_above` the steps are the reference codes' instead while the force is above
//     it: a capped Newton step along v, a few FIRE steps across it, one Lanczos.
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
#include <functional>
#include <numeric>
#include <vector>

namespace pelkit {

/// How a saddle search measures "the force is below F" (saddle_force, refine_force,
/// proof_refine_force, the region's full-force test): the 2-norm of the force over every
/// mobile coordinate (the seed's; pARTn's converge_property "NORM") or the largest atomic
/// force (LAMMPS's fmax; pARTn's "MAXVAL"). The event's force_sad_eV_per_A stays the 2-norm.
enum class force_norm { two_norm, largest_atom };

inline const char* to_string(force_norm n) { return n == force_norm::largest_atom ? "largest-atom" : "two-norm"; }

class art_nouveau {
public:
  struct parameters {
    double perturbation_norm = 0.5;   ///< Å, total norm of the initial cluster displacement (seed)
    double neighbor_radius = 3.6;     ///< Å, the centre's first neighbours (first minimum of g(r) for Cu–Zr)
    double region_radius = 0;         ///< Å, only atoms this close to the centre move; 0 = all atoms
    double region_growth = 1000;      ///< Å, the region grows by this while the saddle's full force is too large (0: never; the default takes in every atom at once, which costs the fewest calls)
    double eigenvalue_threshold = -0.01;  ///< eV/Å², basin exit when λ falls below (seed)
    /// eV/Å², the basin is left only once λ is below this too (0: eigenvalue_threshold alone).
    /// eigenvalue_threshold stays the saddle's criterion (λ1 below it); a deeper exit, as pARTn's
    /// −0.01 Ry/bohr² ≈ −0.49 eV/Å², is one the first activation steps do not relax away.
    double exit_eigenvalue = 0;
    double saddle_force = 0.05;       ///< eV/Å, saddle when the force (force_criterion) is below (seed)
    force_norm force_criterion = force_norm::two_norm;  ///< how the force is measured for the criteria (seed: 2-norm)
    double refine_force = 0.01;       ///< eV/Å, then converged further to this (= saddle_force: off)
    int max_refine_steps = 100;       ///< activation steps allowed for the refinement
    /// eV/Å: when the second eigenvalue at the saddle is not positive, converge the saddle to
    /// this force and look again before relaxing to the minima (refine only as far as the proof
    /// needs; 0: off, λ2 computed once after the minimisation as in the earlier schemes)
    double proof_refine_force = 0;
    double basin_step = 0.1;          ///< Å, push length per basin step
    bool fixed_push = false;          ///< push along the initial displacement (true; pARTn, BigDFT) or along x − x_min
    double basin_lanczos_radius = 0;  ///< Å, in the basin the Lanczos sees only atoms this close to the centre (0: all; use with fixed_push)
    int basin_lanczos_start = 2;      ///< basin steps before the first Lanczos (pARTn: 3 pushes)
    int basin_perp_steps = 8;         ///< FIRE steps perpendicular to the push per basin step, at most (pARTn: 1–4)
    bool basin_perp_early_stop = false;  ///< end each of them once |F⊥| < |F∥| (pARTn applies this in the activation only: off in every preset)
    /// Locality of the exit mode: the basin is left only when the lowest mode of every mobile
    /// atom carries at least `locality_weight` of its squared norm on atoms within
    /// `locality_radius` (Å) of the centre; otherwise the push goes on, and a search that runs
    /// out of basin steps so ends "non_local". locality_weight 0: off.
    double locality_radius = 6;
    double locality_weight = 0;
    int max_basin_steps = 60;
    double activation_step = 0.1;     ///< Å, largest atom move in one activation step
    int activation_memory = 5;        ///< L-BFGS correction pairs kept in the activation
    double activation_inverse_curvature = 0.05;  ///< Å²/eV, L-BFGS's first inverse-Hessian guess
    int max_activation_steps = 300;
    /// eV/Å: while the force 2-norm is above this, an activation step is the reference codes'
    /// (pARTn, BigDFT's ART nouveau): a step along v of min(newton_step, |F∥| / max(|λ|,
    /// curvature_floor)) uphill, then at most newton_perp_steps × (k + 1) FIRE steps across v
    /// (capped at newton_perp_max; pARTn's 4, 8, 12, 16), ended once |F⊥| < |F∥|, and one warm
    /// Lanczos. Below it, and always with the default ∞, the L-BFGS min-mode steps.
    double newton_above = std::numeric_limits<double>::infinity();
    double newton_step = 0.2;         ///< Å, the largest step along v (2-norm)
    double curvature_floor = 0.5;     ///< eV/Å², |λ| is taken at least this in the step along v
    int newton_perp_steps = 4;
    int newton_perp_max = 16;
    int max_lost_eigenvalue = 10;     ///< consecutive activation steps with the eigenvalue lost tolerated
    /// The eigenvalue counts as lost when it turns positive (true; pARTn) or as soon as it is
    /// above eigenvalue_threshold (false, the earlier schemes).
    bool lost_when_positive = false;
    /// When the eigenvalue is lost the search goes back to pushing along the initial
    /// displacement from where it is, with a fresh Lanczos start, at most this many times per
    /// start (pARTn's "new chances"); after that (and always with 0, the earlier schemes) it
    /// steps uphill along the last mode, at most max_lost_eigenvalue times in a row.
    int new_chances = 0;
    int recovery_perp_steps = 2;      ///< FIRE steps perpendicular to v after an uphill step with λ lost
    double fd_step = 5e-4;           ///< Å, finite-difference step of the Hessian–vector product
    /// Products at most, at least, tolerance eV/Å², relative tolerance, early quit of warm starts
    /// (pARTn: 16 products, eOn: 1e-2 relative and the early quit).
    lanczos_parameters lanczos{16, 2, 1e-3, 0, false};
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
    /// Å: a relaxation that comes within this 2-norm distance of the start, with its energy within
    /// return_energy of it, is identified as back at the start and stops there (the backward
    /// relaxation of the proof, and a forward one that falls back). 0: always converge fully.
    double known_minimum_distance = 0;
    double metabasin_barrier = 0;     ///< eV, accept another backward minimum joined to the start below this (0: off)
    int metabasin_path_points = 20;   ///< segments of the straight start → backward-minimum path sampled
    int max_attempts = 3;             ///< new random starts after a failed climb (same search seed stream)
    long max_force_calls = 5000;      ///< per search, validation included
  };
  parameters param{};

  /// The earlier local-event mode (docs/saddle.md, "Local events"), kept for comparison: the basin
  /// exit follows the lowest mode of the atoms within 5 Å of the centre while pushing along the
  /// initial displacement with 8 FIRE steps per push, every Lanczos runs to 1e-2 eV/Å² or 10
  /// products, the eigenvalue is lost as soon as it is above the threshold, the saddle is refined
  /// to 0.01 eV/Å and the proof's relaxations converge fully. Searches are bit-identical to the
  /// default of `pelkit art` before the reference scheme.
  static parameters local_events() {
    parameters p;
    p.basin_lanczos_radius = 5;
    p.fixed_push = true;
    p.metabasin_barrier = 0.1;
    p.lanczos.max_iterations = 10;
    p.lanczos.tolerance = 1e-2;
    return p;
  }

  /// The seed study's algorithm to the letter (docs/saddle.md): `parameters{}`. Push along
  /// x − x_min, the lowest mode of all mobile atoms, 8 FIRE steps per push, Lanczos to
  /// 1e-3 eV/Å², refinement to 0.01 eV/Å, no metabasin proof.
  static parameters seed_algorithm() { return {}; }

  /// The scheme of the mature ART codes (docs/saddle.md, "The reference scheme"): pushes along
  /// the fixed initial displacement with 4 perpendicular FIRE steps each; the basin left only on
  /// a negative mode local to the centre and below pARTn's −0.49 eV/Å²; activation by the
  /// reference codes' steps (a capped Newton step along v, at most 4, 8, 12, 16 FIRE steps across
  /// it ended once |F⊥| < |F∥|, one warm Lanczos of 16 products, 1% relative tolerance, early
  /// quit); the eigenvalue lost only when positive, with 3 new chances of pushing; no refinement
  /// past the saddle criterion unless λ2 ≤ 0 asks for it; relaxations stopped once back at the
  /// start.
  static parameters reference_scheme() {
    parameters p = local_events();
    p.refine_force = p.saddle_force;
    p.proof_refine_force = 0.01;
    p.basin_perp_steps = 4;
    p.exit_eigenvalue = -0.49;
    p.newton_above = 0;
    p.locality_weight = 0.5;
    p.lost_when_positive = true;
    p.new_chances = 3;
    p.lanczos = lanczos_parameters{16, 2, 1e-3, 1e-2, true};
    p.known_minimum_distance = 0.05;
    return p;
  }

  template <force_provider C>
  saddle_result search(C& calc, const system& minimum, const search_start& start) const;

private:
  template <force_provider C>
  void climb(region_landscape<C>& L, const std::vector<int>& cluster, const Eigen::VectorXd& basin_mask,
             const Eigen::VectorXd& near, normal_rng& rng, Eigen::VectorXd& x,
             typename region_landscape<C>::point& pt, double& lambda, Eigen::VectorXd& v, search_costs& cost) const;
  template <force_provider C>
  void leave_basin(region_landscape<C>& L, const Eigen::VectorXd& d, const Eigen::VectorXd& basin_mask,
                   const Eigen::VectorXd& near, int& step, Eigen::VectorXd& x,
                   typename region_landscape<C>::point& pt, double& lambda, Eigen::VectorXd& v) const;
  /// The minimiser that finds the minima on either side of a saddle: L-BFGS with short steps,
  /// so that it stays in the basin it starts in.
  lbfgs descent() const {
    lbfgs m;
    m.param.max_step = param.minimize_max_step;
    m.param.initial_step = std::min(m.param.initial_step, param.minimize_max_step);
    return m;
  }
  /// Converges to a saddle; false when the eigenvalue was lost and `may_lose` (the caller then
  /// pushes again), else a lost eigenvalue is recovered by uphill steps or stops the search.
  template <force_provider C>
  bool activate(region_landscape<C>& L, Eigen::VectorXd& x, typename region_landscape<C>::point& pt,
                double& lambda, Eigen::VectorXd& v, double target, int max_steps, bool may_lose = false) const;
  /// "Back at the start": within known_minimum_distance of x0 and return_energy of E0.
  template <force_provider C>
  std::function<bool(const Eigen::VectorXd&, double)> at_start(const region_landscape<C>& L, double E0) const {
    if (!(param.known_minimum_distance > 0)) return {};
    return [this, &L, E0](const Eigen::VectorXd& x, double E) {
      return std::abs(E - E0) <= param.return_energy && (x - L.start()).norm() <= param.known_minimum_distance;
    };
  }
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
                           const Eigen::VectorXd& dir, int max_steps, double ftol, bool below_parallel = false) const;
  template <force_provider C>
  lanczos_result lowest_mode(region_landscape<C>& L, const Eigen::VectorXd& x, const Eigen::VectorXd& fx,
                             const Eigen::VectorXd& guess, const Eigen::VectorXd* deflate = nullptr,
                             const lanczos_parameters* lp = nullptr, const Eigen::VectorXd* mask = nullptr,
                             double previous = std::numeric_limits<double>::quiet_NaN()) const;
  /// Is the mode v (mobile coordinates) local: at least locality_weight of |v|² within
  /// locality_radius of the centre? Always true when the check is off.
  bool local_mode(const Eigen::VectorXd& v, const Eigen::VectorXd& near) const {
    return param.locality_weight <= 0 || v.cwiseProduct(near).squaredNorm() >= param.locality_weight * v.squaredNorm();
  }
  /// The force (eV/Å) as the criteria measure it: 2-norm or largest atomic force (force_criterion).
  double force_measure(const Eigen::VectorXd& f) const {
    if (param.force_criterion == force_norm::two_norm || !f.size()) return f.norm();
    return f.reshaped(3, f.size() / 3).colwise().norm().maxCoeff();
  }
  /// The eigenvalue counts as negative (not lost) for the activation.
  bool negative(double lambda) const {
    return param.lost_when_positive ? lambda < 0 : lambda < param.eigenvalue_threshold;
  }
  template <force_provider C>
  double path_barrier(region_landscape<C>& L, const Eigen::VectorXd& a, double Ea, const Eigen::VectorXd& b,
                      double Eb) const;
  /// λ2: the lowest eigenvalue orthogonal to v at x (deflated Lanczos from a random start).
  template <force_provider C>
  double second_eigenvalue(region_landscape<C>& L, normal_rng& rng, const Eigen::VectorXd& x,
                           const Eigen::VectorXd& fx, const Eigen::VectorXd& v) const;
  template <force_provider C>
  void prove(region_landscape<C>& L, normal_rng& rng, const Eigen::VectorXd& x_sad, const Eigen::VectorXd& v,
             const Eigen::VectorXd& x_fin, double E0, saddle_event& ev) const;
  /// Fills the event's locality columns from the start → saddle displacement.
  template <force_provider C>
  static void measure_locality(const region_landscape<C>& L, const system& minimum, long center,
                               const Eigen::VectorXd& x_sad, saddle_event& ev);
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
  out.event.force_calls_local = L.local_calls();
  out.event.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

template <force_provider C>
lanczos_result art_nouveau::lowest_mode(region_landscape<C>& L, const Eigen::VectorXd& x, const Eigen::VectorXd& fx,
                                        const Eigen::VectorXd& guess, const Eigen::VectorXd* deflate,
                                        const lanczos_parameters* lp, const Eigen::VectorXd* mask,
                                        double previous) const {
  // With a mask (1 on the coordinates kept, 0 elsewhere) this is the lowest mode of the Hessian
  // block of the masked atoms, the others held fixed.
  const double h = param.fd_step;
  auto product = [&](const Eigen::VectorXd& w) -> Eigen::VectorXd { return (fx - L.at(x + h * w).force) / h; };
  auto project = [&](Eigen::VectorXd& v) {
    if (mask) v = v.cwiseProduct(*mask);
    else L.project(v);
    if (deflate) v -= deflate->dot(v) * *deflate;
  };
  return lowest_eigenpair(product, guess, lp ? *lp : param.lanczos, project, previous);
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
                                      int max_steps, double ftol, bool below_parallel) const {
  fire_state s{Eigen::VectorXd::Zero(x.size()), param.fire_dt};
  for (int k = 0; k < max_steps; ++k) {
    const double parallel = pt.force.dot(dir);
    const Eigen::VectorXd f = pt.force - parallel * dir;
    if (f.norm() < ftol || (below_parallel && f.norm() < std::abs(parallel))) return;
    x += fire_step(L, s, f, dir);
    pt = L.at(x);
  }
}

template <force_provider C>
void art_nouveau::climb(region_landscape<C>& L, const std::vector<int>& cluster, const Eigen::VectorXd& basin_mask,
                        const Eigen::VectorXd& near, normal_rng& rng, Eigen::VectorXd& x,
                        typename region_landscape<C>::point& pt, double& lambda, Eigen::VectorXd& v,
                        search_costs& cost) const {
  // 1. initial perturbation of the centre and its first neighbours
  const Eigen::VectorXd d = initial_displacement(L, cluster, param.perturbation_norm, rng);
  if (!d.size()) throw detail::search_stop{"non_finite"};
  long mark = L.calls();
  auto charge = [&](long& phase) { phase += L.calls() - mark, mark = L.calls(); };
  x = L.start() + d;
  pt = L.at(x);
  v.resize(0);
  lambda = std::numeric_limits<double>::quiet_NaN();
  int step = 0;
  for (int chance = 0;; ++chance) {
    try {
      leave_basin(L, d, basin_mask, near, step, x, pt, lambda, v);
      charge(cost.basin);
      const bool saddle = activate(L, x, pt, lambda, v, param.saddle_force, param.max_activation_steps,
                                   chance < param.new_chances);
      charge(cost.activation);
      if (saddle) return;
    } catch (...) {
      charge(cost.basin);
      throw;
    }
    v.resize(0);  // lost: push on along d from here, the next Lanczos started afresh
  }
}

template <force_provider C>
void art_nouveau::leave_basin(region_landscape<C>& L, const Eigen::VectorXd& d, const Eigen::VectorXd& basin_mask,
                              const Eigen::VectorXd& near, int& step, Eigen::VectorXd& x,
                              typename region_landscape<C>::point& pt, double& lambda, Eigen::VectorXd& v) const {
  // 2. leave the harmonic basin (optionally judged by the centre's neighbourhood alone, so that
  //    a soft collective mode elsewhere in the glass does not capture the search); with the
  //    locality check, only on a negative mode of every mobile atom that is local to the centre
  using detail::search_stop;
  const Eigen::VectorXd& x0 = L.start();
  const Eigen::VectorXd* local = basin_mask.size() ? &basin_mask : nullptr;
  Eigen::VectorXd v_all;  // the lowest mode of every mobile atom, when the basin's is masked
  double lambda_all = std::numeric_limits<double>::quiet_NaN();
  bool non_local = false;
  const double exit = std::min(param.eigenvalue_threshold, param.exit_eigenvalue);
  for (;; ++step) {
    if (step >= param.basin_lanczos_start) {
      lanczos_parameters cold = param.lanczos;
      cold.max_iterations = std::max(cold.max_iterations, param.lanczos_cold_iterations);
      const auto lz = v.size() ? lowest_mode(L, x, pt.force, v, nullptr, nullptr, local, lambda)
                               : lowest_mode(L, x, pt.force, Eigen::VectorXd(x - x0), nullptr, &cold, local);
      lambda = lz.eigenvalue;
      v = lz.vector;
      if (lambda < exit) {
        if (param.locality_weight <= 0) return;
        if (local) {
          const auto all = lowest_mode(L, x, pt.force, v_all.size() ? v_all : v, nullptr, nullptr, nullptr, lambda_all);
          v_all = all.vector;
          lambda_all = all.eigenvalue;
        } else {
          v_all = v, lambda_all = lambda;
        }
        if (lambda_all < exit && local_mode(v_all, near)) {
          v = v_all, lambda = lambda_all;
          return;
        }
        non_local = true;
      }
    }
    if (step >= param.max_basin_steps) throw search_stop{non_local ? "non_local" : "basin_exit_failed"};
    const Eigen::VectorXd push = param.fixed_push ? Eigen::VectorXd(d.normalized()) : Eigen::VectorXd((x - x0).normalized());
    x += param.basin_step * push;
    pt = L.at(x);
    relax_perpendicular(L, x, pt, push, param.basin_perp_steps, 0.0, param.basin_perp_early_stop);
  }
}

template <force_provider C>
bool art_nouveau::activate(region_landscape<C>& L, Eigen::VectorXd& x, typename region_landscape<C>::point& pt,
                           double& lambda, Eigen::VectorXd& v, double target, int max_steps, bool may_lose) const {
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
  // uphill along v (against the force's component) by `length` Å, then FIRE steps across v
  auto step_along_mode = [&](double length, int perp_steps, bool below_parallel) {
    memory.clear();
    x += (pt.force.dot(v) < 0 ? length : -length) * v;
    pt = L.at(x);
    relax_perpendicular(L, x, pt, v, perp_steps, 0.0, below_parallel);
  };
  bool exact = true;  // (λ, v) from a Lanczos run to convergence, not an early quit
  int newton = 0;     // reference-scheme steps so far
  for (int step = 0;; ++step) {
    if (lambda < param.eigenvalue_threshold && force_measure(pt.force) < target) {
      if (exact) return true;
      // the saddle's (λ, v) from a converged Lanczos: the early quit's Rayleigh quotient bounds λ
      // from above, so λ stays below the threshold; the mode may still sharpen
      lanczos_parameters full = param.lanczos;
      full.early_quit = false;
      const auto lz = lowest_mode(L, x, pt.force, v, nullptr, &full);
      lambda = lz.eigenvalue;
      v = lz.vector;
      exact = true;
      if (lambda < param.eigenvalue_threshold) return true;
    }
    if (step >= max_steps) throw search_stop{"activation_not_converged"};
    Eigen::VectorXd g, dx;
    if (negative(lambda) && pt.force.norm() > param.newton_above) {
      // the reference codes' step: Newton along v, capped, with |λ| floored
      const double s = std::min(param.newton_step, std::abs(pt.force.dot(v)) / std::max(-lambda, param.curvature_floor));
      step_along_mode(s, std::min(param.newton_perp_max, param.newton_perp_steps * ++newton), true);
    } else if (negative(lambda)) {
      g = min_mode_gradient(pt.force, v);
      dx = memory.direction(g, param.activation_inverse_curvature);
      const double largest = L.max_atom_norm(dx);
      if (largest > param.activation_step) dx *= param.activation_step / largest;
      x += dx;
      pt = L.at(x);
    } else {
      step_along_mode(param.basin_step, param.recovery_perp_steps, false);
    }
    const auto lz = lowest_mode(L, x, pt.force, v, nullptr, nullptr, nullptr, lambda);
    lambda = lz.eigenvalue;
    v = lz.vector;
    exact = !lz.quit_early;
    if (g.size()) memory.update(dx, min_mode_gradient(pt.force, v) - g);
    if (!negative(lambda)) {
      if (may_lose) return false;
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
  search_costs& cost = out.costs;
  long mark = L.calls();
  auto charge = [&](long& phase) { phase += L.calls() - mark, mark = L.calls(); };
  const Eigen::VectorXd& x0 = L.start();
  const double E0 = L.start_energy(param.minimum_fmax);

  normal_rng rng(start.seed);
  const auto cluster = atoms_near(minimum, start.center, param.neighbor_radius);
  auto sphere = [&](double radius) {  // 1 on the mobile coordinates of the atoms within radius
    Eigen::Matrix3Xd m = Eigen::Matrix3Xd::Zero(3, Eigen::Index(minimum.size()));
    for (int i : atoms_near(minimum, start.center, radius)) m.col(i).setOnes();
    return L.pack(m);
  };
  const Eigen::VectorXd basin_mask = param.basin_lanczos_radius > 0 ? sphere(param.basin_lanczos_radius) : Eigen::VectorXd();
  const Eigen::VectorXd near = param.locality_weight > 0 ? sphere(param.locality_radius) : Eigen::VectorXd();
  Eigen::VectorXd x, v;
  typename region_landscape<C>::point pt;
  double lambda = 0;
  for (int attempt = 1;; ++attempt) {  // a new random start when the climb fails
    try {
      climb(L, cluster, basin_mask, near, rng, x, pt, lambda, v, cost);
      mark = L.calls();
      break;
    } catch (const search_stop& stop) {
      mark = L.calls();
      if (attempt >= param.max_attempts || stop.status == "max_force_calls" || stop.status == "non_finite") throw;
    }
  }
  // A region's frozen boundary may still pull: grow the region and converge again until the
  // force on every atom is below the threshold.
  for (double radius = param.region_radius; param.region_growth > 0 && L.mobile().size() < minimum.size();) {
    if (force_measure(L.full_forces(x).reshaped()) < param.saddle_force) break;
    radius += param.region_growth;
    L.grow(atoms_near(minimum, start.center, radius), x, v);
    pt = L.at(x);
    lanczos_parameters full = param.lanczos;
    full.early_quit = false;  // the landscape changed: converge the mode afresh
    const auto lz = lowest_mode(L, x, pt.force, v, nullptr, &full);
    lambda = lz.eigenvalue;
    v = lz.vector;
    activate(L, x, pt, lambda, v, param.saddle_force, param.max_activation_steps);
  }
  charge(cost.polish);
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
  // The proof's first half before the minimisations: a saddle point met at the force criterion
  // whose second eigenvalue is not positive is converged further and looked at again.
  if (param.validate && param.proof_refine_force > 0) {
    ev.lambda2 = second_eigenvalue(L, rng, x, pt.force, v);
    if (!(ev.lambda2 > 0) && param.proof_refine_force < std::min(param.saddle_force, param.refine_force)) {
      try {
        activate(L, x, pt, lambda, v, param.proof_refine_force, param.max_refine_steps);
      } catch (const search_stop& stop) {
        if (stop.status == "max_force_calls" || stop.status == "non_finite") throw;
      }
      ev.lambda2 = second_eigenvalue(L, rng, x, pt.force, v);
    }
  }
  const Eigen::VectorXd x_sad = x;
  const double E_sad = pt.energy;
  if (v.dot(x_sad - x0) < 0) v = -v;  // from the start towards the final state
  ev.e_sad_ini = E_sad - E0;
  ev.lambda1 = lambda;
  ev.force_saddle = L.full_force_norm(x_sad);
  measure_locality(L, minimum, start.center, x_sad, ev);
  out.saddle = L.positions(x_sad);
  out.mode = L.full_vector(v);
  charge(cost.refine);

  // 4. push over the saddle and relax to the final minimum (stopping early if it falls back to
  //    the start: then there is no event, whatever the proof would say)
  Eigen::VectorXd x_fin = x_sad + param.push_step * v;
  const auto rf = L.minimize(x_fin, param.minimize_fmax, descent(), at_start(L, E0));
  charge(cost.minimize);
  if (!rf.converged) throw search_stop{"final_minimization_failed"};
  ev.e_fin_ini = rf.energy_final - E0;
  ev.e_fin_sad = rf.energy_final - E_sad;
  ev.delta = (x_fin - x0).norm();
  out.final_state = L.positions(x_fin);
  if (!param.validate) return;
  const bool fell_back = ev.delta <= param.return_distance && std::abs(ev.e_fin_ini) <= param.return_energy;
  if (!fell_back || !(param.known_minimum_distance > 0)) prove(L, rng, x_sad, v, x_fin, E0, ev);
  if (fell_back) ev.validation = "final_is_initial", ev.validated = false;
  charge(cost.proof);
}

template <force_provider C>
void art_nouveau::measure_locality(const region_landscape<C>& L, const system& minimum, long center,
                                   const Eigen::VectorXd& x_sad, saddle_event& ev) {
  const Eigen::VectorXd d = x_sad - L.start();
  const Eigen::VectorXd n2 = d.reshaped(3, d.size() / 3).colwise().squaredNorm().transpose();
  if (!(n2.sum() > 0)) return;
  Eigen::Index k = 0;
  n2.maxCoeff(&k);
  const int atom = L.mobile()[std::size_t(k)];
  ev.most_moved_atom_distance =
      minimum.box.minimum_image(minimum.positions.col(atom) - minimum.positions.col(center)).norm();
  ev.participation = n2.sum() * n2.sum() / n2.squaredNorm();
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
  if (std::isnan(ev.lambda2)) ev.lambda2 = second_eigenvalue(L, rng, x_sad, L.at(x_sad).force, v);
  Eigen::VectorXd x_back = x_sad - param.push_step * v;
  const auto rb = L.minimize(x_back, param.minimize_fmax, descent(), at_start(L, E0));
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
double art_nouveau::second_eigenvalue(region_landscape<C>& L, normal_rng& rng, const Eigen::VectorXd& x,
                                      const Eigen::VectorXd& fx, const Eigen::VectorXd& v) const {
  Eigen::VectorXd guess(x.size());
  for (Eigen::Index k = 0; k < guess.size(); ++k) guess[k] = rng();
  lanczos_parameters deep = param.lanczos;
  deep.max_iterations = std::max(deep.max_iterations, 40);
  deep.min_iterations = std::max(deep.min_iterations, 8);
  deep.relative_tolerance = 0;  // λ2's sign is the question: an absolute tolerance
  deep.early_quit = false;
  return lowest_mode(L, x, fx, guess, &v, &deep).eigenvalue;
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
