// pelkit/dynamics/langevin.hpp — Langevin thermostat (OBABO splitting).
//
//   auto md = velocity_verlet(0.002, langevin(300.0, 0.1, /*seed*/ 7));   // friction 1/τ
//
// Each atom feels friction −(m/τ) v and a random force (fluctuation–dissipation at T). The
// Ornstein–Uhlenbeck part ("O") is solved exactly over each half step h = dt/2 around the
// velocity-Verlet update ("BAB"):
//   v ← c v + sqrt((1 − c²) k_B T / m) R,   c = exp(−h/τ),   R ~ N(0, 1) per component,
// the "OBABO" scheme of Bussi & Parrinello, Phys. Rev. E 75, 056707 (2007) (see also
// Leimkuhler & Matthews, Appl. Math. Res. Express 2013, 34, who prefer BAOAB for
// configurational accuracy; OBABO is chosen here because it fits the integrator's symmetric
// thermostat slots, so one velocity-Verlet serves every thermostat).
// The total momentum is not conserved: measure the temperature with N_f = 3N,
// temperature(s, 3.0 * N). Conserved-energy bookkeeping as for bussi: K + U − heat added.
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

class langevin {
public:
  struct state_type {
    normal_rng rng;
    double heat_removed = 0;  ///< eV
    double energy() const { return heat_removed; }
    template <class A> void serialize(A& a) { a(rng, heat_removed); }
  };

  /// temperature_K: target T (K, schedule over time in ps, values ≥ 0); tau_ps: damping time
  /// (ps, > 0), friction γ = 1/τ; seed: random stream.
  langevin(schedule temperature_K, double tau_ps, std::uint64_t seed = 1)
      : T_(std::move(temperature_K)), tau_(tau_ps), seed_(seed) {
    if (!(T_.min_value() >= 0))
      throw error("langevin: target temperature must be >= 0 K, got " + std::to_string(T_.min_value()) + " K");
    if (!(tau_ps > 0) || !std::isfinite(tau_ps))
      throw error("langevin: damping time tau must be positive and finite (ps), got " +
                  std::to_string(tau_ps));
  }

  const schedule& temperature() const { return T_; }
  double tau() const { return tau_; }

  state_type init(const system&, double) const { return state_type{normal_rng(seed_), 0.0}; }

  void apply(state_type& st, system& s, double t_ps, double h) const {
    auto& v = *s.velocities;
    const double K = kinetic_energy(s, v);
    const double c = std::exp(-h / tau_);
    const double kT = units::kB_eV_per_K * T_(t_ps);
    const double noise = std::sqrt((1 - c * c) * kT / units::amu_A2_per_ps2_to_eV);
    for (Eigen::Index i = 0; i < v.cols(); ++i) {
      const double sd = noise / std::sqrt(s.mass(std::size_t(i)));
      for (int d = 0; d < 3; ++d) v(d, i) = c * v(d, i) + sd * st.rng();
    }
    st.heat_removed += K - kinetic_energy(s, v);
  }

private:
  schedule T_;
  double tau_;
  std::uint64_t seed_;
};
static_assert(thermostat<langevin>);

}  // namespace pelkit
