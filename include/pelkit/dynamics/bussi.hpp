// pelkit/dynamics/bussi.hpp — stochastic velocity rescaling (canonical sampling).
//
//   auto md = velocity_verlet(0.002, bussi(300.0, 0.1, /*seed*/ 7));
//
// Bussi, Donadio & Parrinello, J. Chem. Phys. 126, 014101 (2007): over an interval h the
// kinetic energy K is moved to K' by the exact solution of
//   dK = (K̄ − K) dt/τ + 2 sqrt(K K̄ / N_f) dW/sqrt(τ),   K̄ = N_f k_B T / 2,
// i.e. with c = exp(−h/τ), R_1 a normal deviate and S a χ² deviate with N_f − 1 degrees of
// freedom, all velocities are multiplied by α,
//   α² = c + (1 − c)(S + R_1²) K̄/(N_f K) + 2 R_1 sqrt(c (1 − c) K̄/(N_f K)),
//   sign α = sign(R_1 + sqrt(c N_f K / ((1 − c) K̄))).
// N_f = 3N − 3 (uniform scaling keeps the total momentum zero). Random numbers: normal_rng
// (mt19937_64 + Box–Muller), so a seed reproduces the run on any platform.
// Conserved quantity (eV): K + U − (heat added by the thermostat), tracked in the state.
// Zero kinetic energy cannot be rescaled; the thermostat then leaves the velocities alone.
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/core/units.hpp>
#include <pelkit/dynamics/concepts.hpp>
#include <pelkit/dynamics/schedule.hpp>
#include <pelkit/dynamics/velocities.hpp>

#include <cmath>
#include <cstdint>
#include <string>

namespace pelkit {

class bussi {
public:
  struct state_type {
    normal_rng rng;
    double dof = 0;            ///< N_f
    double heat_removed = 0;   ///< eV, Σ (K_before − K_after) over all applications
    double energy() const { return heat_removed; }
    template <class A> void serialize(A& a) { a(rng, dof, heat_removed); }
  };

  /// temperature_K: target T (K, schedule over time in ps, values ≥ 0); tau_ps: relaxation
  /// time of the kinetic energy (ps, > 0); seed: random stream.
  bussi(schedule temperature_K, double tau_ps, std::uint64_t seed = 1)
      : T_(std::move(temperature_K)), tau_(tau_ps), seed_(seed) {
    if (!(T_.min_value() >= 0))
      throw error("bussi: target temperature must be >= 0 K, got " + std::to_string(T_.min_value()) + " K");
    if (!(tau_ps > 0) || !std::isfinite(tau_ps))
      throw error("bussi: relaxation time tau must be positive and finite (ps), got " +
                  std::to_string(tau_ps));
  }

  const schedule& temperature() const { return T_; }
  double tau() const { return tau_; }

  state_type init(const system& s, double) const {
    return state_type{normal_rng(seed_), degrees_of_freedom(s), 0.0};
  }

  void apply(state_type& st, system& s, double t_ps, double h) const {
    auto& v = *s.velocities;
    const double K = kinetic_energy(s, v);
    const double Kbar = 0.5 * st.dof * units::kB_eV_per_K * T_(t_ps);
    const double c = std::exp(-h / tau_);
    const double R1 = st.rng();
    const double S = st.rng.chi_squared(static_cast<long>(std::llround(st.dof)) - 1);
    if (!(K > 0)) return;
    const double r = Kbar / (st.dof * K);
    double a2 = c + (1 - c) * (S + R1 * R1) * r + 2 * R1 * std::sqrt(c * (1 - c) * r);
    a2 = std::max(a2, 0.0);
    double alpha = std::sqrt(a2);
    if (R1 + std::sqrt(c / ((1 - c) * r)) < 0) alpha = -alpha;
    v *= alpha;
    st.heat_removed += K - a2 * K;
  }

private:
  schedule T_;
  double tau_;
  std::uint64_t seed_;
};
static_assert(thermostat<bussi>);

}  // namespace pelkit
