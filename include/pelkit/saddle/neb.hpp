// pelkit/saddle/neb.hpp — climbing-image nudged elastic band (CI-NEB): the minimum energy
// path between two minima and the saddle point on it.
//
//   auto calc = pelkit::calculator(pelkit::make_lennard_jones("Cu", 0.4093, 2.338, 5.5));
//   pelkit::neb_result r = pelkit::neb(calc, initial, final_positions, {.images = 7});
//   if (r.converged) std::cout << "barrier " << r.barrier << " eV\n";
//
// Method (Henkelman, Uberuaga & Jónsson, JCP 113, 9901 (2000); improved tangent, Henkelman &
// Jónsson, JCP 113, 9978 (2000)). Images R_0 (initial), R_1..R_M, R_{M+1} (final) with energies
// V_j; the end points stay fixed. For an intermediate image i, with τ+ = R_{i+1} − R_i and
// τ− = R_i − R_{i−1} (minimum image, per atom):
//
//   tangent  τ = τ+ if V_{i+1} > V_i > V_{i−1};  τ = τ− if V_{i+1} < V_i < V_{i−1};  otherwise
//            τ = τ+ ΔV_max + τ− ΔV_min if V_{i+1} > V_{i−1}, else τ+ ΔV_min + τ− ΔV_max, with
//            ΔV_max/min = max/min(|V_{i+1} − V_i|, |V_{i−1} − V_i|); then τ ← τ/|τ|
//   force    F_i = F(R_i) − (F(R_i)·τ) τ + k (|τ+| − |τ−|) τ
//   climbing F_c = F(R_c) − 2 (F(R_c)·τ) τ  for the highest intermediate image c (no spring)
//
// The band (all intermediate images as one configuration) is relaxed with FIRE 2.0
// (pelkit::fire2, real masses, so `fire.dt` is in ps) until the largest per-atom norm of the
// NEB force over all intermediate images is at most `fmax`. Climbing starts once that norm
// (without climbing) is below `climb_start_fmax`. The initial band is the straight line
// between the end points, per atom along the minimum-image separation.
//
// Units: energies eV, lengths Å, forces eV/Å, spring constant eV/Å². Each band iteration costs
// M force calls (one per intermediate image); the end points cost two more.
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/minimize/fire.hpp>
#include <pelkit/potential/force_provider.hpp>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace pelkit {

struct neb_parameters {
  int images = 7;                 ///< intermediate images M (≥ 1)
  double spring = 5.0;            ///< eV/Å², spring constant k between neighbouring images
  bool climbing = true;           ///< climbing image on (Henkelman, Uberuaga & Jónsson 2000)
  double climb_start_fmax = 0.5;  ///< eV/Å, climbing starts when the plain NEB force falls below
  double fmax = 0.01;             ///< eV/Å, converged when max per-atom |F_NEB| ≤ fmax
  long max_iterations = 5000;     ///< FIRE steps on the band
  fire2::parameters fire{};       ///< FIRE 2.0 parameters of the band optimiser (Δt in ps)
};

struct neb_result {
  bool converged = false;
  std::string reason;              ///< the band optimiser's reason ("fmax", "max iterations", …)
  std::vector<double> energies;    ///< eV, E_j − E_0 for j = 0..M+1 (end points included)
  double barrier = std::numeric_limits<double>::quiet_NaN();  ///< eV, max_j E_j − E_0
  int climbing_image = -1;         ///< index j of the highest intermediate image
  Eigen::Matrix3Xd saddle;         ///< Å, positions of image `climbing_image`
  std::vector<Eigen::Matrix3Xd> images;  ///< Å, all M+2 images (unwrapped; end points included)
  double fmax = std::numeric_limits<double>::quiet_NaN();  ///< eV/Å, final max per-atom NEB force
  bool climbing_active = false;    ///< whether the climbing image was switched on
  long iterations = 0;             ///< FIRE steps
  long force_calls = 0;            ///< all force evaluations, end points included
};

namespace detail {

/// b − a per atom, minimum image (Å).
inline Eigen::Matrix3Xd image_difference(const periodic_box& box, const Eigen::Matrix3Xd& a,
                                         const Eigen::Matrix3Xd& b) {
  Eigen::Matrix3Xd d(3, a.cols());
  for (Eigen::Index i = 0; i < a.cols(); ++i) d.col(i) = box.minimum_image(b.col(i) - a.col(i));
  return d;
}

/// Improved tangent of Henkelman & Jónsson (2000) at image i from its neighbours' energies.
inline Eigen::Matrix3Xd neb_tangent(const Eigen::Matrix3Xd& tau_plus, const Eigen::Matrix3Xd& tau_minus,
                                    double v_prev, double v, double v_next) {
  Eigen::Matrix3Xd t;
  if (v_next > v && v > v_prev) {
    t = tau_plus;
  } else if (v_next < v && v < v_prev) {
    t = tau_minus;
  } else {
    const double a = std::abs(v_next - v), b = std::abs(v_prev - v);
    const double dmax = std::max(a, b), dmin = std::min(a, b);
    t = v_next > v_prev ? Eigen::Matrix3Xd(tau_plus * dmax + tau_minus * dmin)
                        : Eigen::Matrix3Xd(tau_plus * dmin + tau_minus * dmax);
  }
  const double n = t.norm();
  return n > 0 ? Eigen::Matrix3Xd(t / n) : t;
}

/// The band as one force provider for FIRE: positions are the M intermediate images side by
/// side (3 × M·N), forces the NEB forces.
template <force_provider Calc>
struct neb_band {
  Calc& calc;
  const neb_parameters& p;
  system image;                    // scratch: one image
  Eigen::Matrix3Xd first, last;    // fixed end points (Å)
  double e_first = 0, e_last = 0;  // eV
  std::vector<double> energies;    // absolute, j = 0..M+1, from the last compute
  Eigen::Matrix3Xd evaluated;      // band positions of the last compute
  bool climbing_active = false;
  int climber = -1;
  long calls = 0;
  std::string failure;             // the calculator's message when it refused an image
  evaluation result;

  const evaluation& compute(const system& band, const request& req = {}) {
    const Eigen::Index n = first.cols();
    const int M = p.images;
    std::vector<Eigen::Matrix3Xd> R(std::size_t(M) + 2), F(std::size_t(M) + 2);
    R[0] = first;
    R[std::size_t(M) + 1] = last;
    energies.assign(std::size_t(M) + 2, 0.0);
    energies[0] = e_first;
    energies[std::size_t(M) + 1] = e_last;
    bool finite = true;
    for (int j = 1; j <= M; ++j) {
      R[j] = band.positions.middleCols(Eigen::Index(j - 1) * n, n);
      image.positions = R[j];
      ++calls;
      try {  // an exploded band can leave the calculator's domain (e.g. its neighbour list)
        const evaluation& e = calc.compute(image, {true, false, false});
        energies[j] = e.energy;
        F[j] = e.forces;
        finite = finite && std::isfinite(e.energy) && e.forces.allFinite();
      } catch (const error& e) {
        if (failure.empty()) failure = "image " + std::to_string(j) + ": " + e.what();
        energies[j] = std::numeric_limits<double>::quiet_NaN();
        finite = false;
      }
    }
    evaluated = band.positions;
    result.reset(band.positions.cols(), {req.forces, false, false});
    result.forces.setZero(3, band.positions.cols());
    if (!finite) {
      result.energy = std::numeric_limits<double>::quiet_NaN();
      return result;
    }
    climber = 1;
    for (int j = 2; j <= M; ++j)
      if (energies[j] > energies[climber]) climber = j;
    std::vector<Eigen::Matrix3Xd> tau(std::size_t(M) + 1);
    double fmax_plain = 0;
    for (int j = 1; j <= M; ++j) {
      const Eigen::Matrix3Xd tp = image_difference(image.box, R[j], R[j + 1]);
      const Eigen::Matrix3Xd tm = image_difference(image.box, R[j - 1], R[j]);
      tau[j] = neb_tangent(tp, tm, energies[j - 1], energies[j], energies[j + 1]);
      const double fpar = F[j].cwiseProduct(tau[j]).sum();
      auto out = result.forces.middleCols(Eigen::Index(j - 1) * n, n);
      out = F[j] - fpar * tau[j] + p.spring * (tp.norm() - tm.norm()) * tau[j];
      fmax_plain = std::max(fmax_plain, out.colwise().norm().maxCoeff());
    }
    if (p.climbing && !climbing_active && fmax_plain < std::max(p.climb_start_fmax, p.fmax))
      climbing_active = true;
    if (climbing_active) {
      const double fpar = F[climber].cwiseProduct(tau[climber]).sum();
      result.forces.middleCols(Eigen::Index(climber - 1) * n, n) = F[climber] - 2 * fpar * tau[climber];
    }
    result.energy = 0;
    for (int j = 1; j <= M; ++j) result.energy += energies[j];
    return result;
  }
};

}  // namespace detail

/// CI-NEB from `initial` to the configuration `final_positions` (Å, same atoms, same box; both
/// should be minima). Never throws for a failing band (converged = false with a reason, which
/// quotes the calculator when it refused an image, e.g. one that left its neighbour list's
/// domain); throws pelkit::error for bad arguments, including end points it cannot evaluate.
template <force_provider Calc>
neb_result neb(Calc& calc, const system& initial, const Eigen::Matrix3Xd& final_positions,
               neb_parameters p = {}) {
  const Eigen::Index n = Eigen::Index(initial.size());
  if (final_positions.cols() != n || initial.positions.cols() != n)
    throw error("neb: the final configuration has " + std::to_string(final_positions.cols()) +
                " atoms, the initial one " + std::to_string(n));
  if (p.images < 1) throw error("neb: need at least one intermediate image");
  if (!(p.spring >= 0) || !(p.fmax > 0)) throw error("neb: need spring >= 0 and fmax > 0");
  const int M = p.images;

  detail::neb_band<Calc> band{calc, p, initial, initial.positions, {}, 0, 0, {}, {}, false, -1, 0, {}, {}};
  band.last = initial.positions + detail::image_difference(initial.box, initial.positions, final_positions);
  band.e_first = calc.compute(initial, {true, false, false}).energy;
  band.image.positions = band.last;
  band.e_last = calc.compute(band.image, {true, false, false}).energy;
  band.calls = 2;

  // Straight-line initial band.
  system chain = initial;
  chain.positions.resize(3, n * M);
  chain.types.clear();
  for (int j = 1; j <= M; ++j) {
    const double t = double(j) / double(M + 1);
    chain.positions.middleCols(Eigen::Index(j - 1) * n, n) = (1 - t) * band.first + t * band.last;
    chain.types.insert(chain.types.end(), initial.types.begin(), initial.types.end());
  }
  chain.images.setZero(3, n * M);
  chain.ids.resize(std::size_t(n * M));
  for (std::size_t k = 0; k < chain.ids.size(); ++k) chain.ids[k] = long(k) + 1;
  chain.velocities.reset();

  neb_result r;
  if (!std::isfinite(band.e_first) || !std::isfinite(band.e_last)) {
    r.reason = "non-finite energy at an end point";
    r.force_calls = band.calls;
    return r;
  }
  fire2 opt{p.fire};
  stop_criteria stop;
  stop.fmax = p.fmax;
  stop.max_iterations = p.max_iterations;
  const minimize_result m = opt.minimize(band, chain, stop);
  if (band.evaluated.cols() != chain.positions.cols() || band.evaluated != chain.positions)
    band.compute(chain, {});  // the optimiser stepped back: describe the returned band
  r.converged = m.converged && (!p.climbing || band.climbing_active);
  r.reason = band.failure.empty() ? m.reason : "band stopped: the calculator refused " + band.failure;
  r.iterations = m.iterations;
  r.fmax = m.fmax;
  r.climbing_active = band.climbing_active;
  r.images.push_back(band.first);
  for (int j = 1; j <= M; ++j) r.images.push_back(chain.positions.middleCols(Eigen::Index(j - 1) * n, n));
  r.images.push_back(band.last);
  for (double e : band.energies) r.energies.push_back(e - band.e_first);
  r.climbing_image = band.climber;
  if (band.climber >= 1) r.saddle = r.images[std::size_t(band.climber)];
  if (std::all_of(r.energies.begin(), r.energies.end(), [](double e) { return std::isfinite(e); }))
    r.barrier = *std::max_element(r.energies.begin(), r.energies.end());
  r.force_calls = band.calls;
  return r;
}

}  // namespace pelkit
