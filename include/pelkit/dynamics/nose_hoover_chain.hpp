// pelkit/dynamics/nose_hoover_chain.hpp — Nosé–Hoover chain thermostat (NVT).
//
//   auto md = velocity_verlet(0.002, nose_hoover_chain(300.0, 0.1));   // 300 K, τ = 0.1 ps
//
// Martyna, Klein & Tuckerman, J. Chem. Phys. 97, 2635 (1992): a chain of M thermostat
// variables ξ_1..ξ_M (dimensionless) with velocities v_ξj (1/ps) and masses
//   Q_1 = N_f k_B T τ²,  Q_j = k_B T τ² (j ≥ 2)   (eV ps²),
// N_f = 3N − 3 (the chain scales all velocities uniformly, so zero total momentum is kept).
// Integrated as in Martyna, Tuckerman, Tobias & Klein, Mol. Phys. 87, 1117 (1996): the chain
// propagator over an interval h is split into n_c inner steps, each a Suzuki–Yoshida
// composition of order 1, 3 or 5 (weights w_1..w_k), each weight a symmetric Trotter sweep
// (chain velocities from the end of the chain inward, particle velocities scaled by
// exp(−v_ξ1 δ), chain positions advanced, chain velocities outward again).
//
// Conserved quantity (eV): K + U + Σ_j Q_j v_ξj²/2 + N_f k_B T ξ_1 + k_B T Σ_{j≥2} ξ_j.
// When the target temperature follows a schedule, the masses follow T(t) (as in LAMMPS) and
// the "conserved" quantity then changes by design.
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/core/units.hpp>
#include <pelkit/dynamics/concepts.hpp>
#include <pelkit/dynamics/schedule.hpp>
#include <pelkit/dynamics/velocities.hpp>

#include <cmath>
#include <string>
#include <vector>

namespace pelkit {

class nose_hoover_chain {
public:
  struct state_type {
    std::vector<double> xi;      ///< chain positions ξ_j (dimensionless)
    std::vector<double> v_xi;    ///< chain velocities (1/ps)
    std::vector<double> Q;       ///< chain masses (eV ps²) at the last update
    double dof = 0;              ///< N_f
    double kT = 0;               ///< eV, target at the last update
    /// Chain energy (eV): Σ Q v²/2 + N_f kT ξ_1 + kT Σ_{j≥2} ξ_j.
    double energy() const {
      double e = 0;
      for (std::size_t j = 0; j < xi.size(); ++j)
        e += 0.5 * Q[j] * v_xi[j] * v_xi[j] + (j == 0 ? dof : 1.0) * kT * xi[j];
      return e;
    }
    template <class A> void serialize(A& a) { a(xi, v_xi, Q, dof, kT); }
  };

  /// temperature_K: target T (K, schedule over time in ps, every value > 0);
  /// tau_ps: damping time τ (ps, > 0; ~100 time steps is typical);
  /// chain_length M ≥ 1; suzuki_yoshida_order ∈ {1, 3, 5}; substeps n_c ≥ 1.
  nose_hoover_chain(schedule temperature_K, double tau_ps, int chain_length = 3,
                    int suzuki_yoshida_order = 3, int substeps = 1)
      : T_(std::move(temperature_K)), tau_(tau_ps), M_(chain_length), nc_(substeps) {
    if (!(T_.min_value() > 0))
      throw error("nose_hoover_chain: target temperature must be > 0 K at all times, got " +
                  std::to_string(T_.min_value()) + " K");
    if (!(tau_ps > 0) || !std::isfinite(tau_ps))
      throw error("nose_hoover_chain: damping time tau must be positive and finite (ps), got " +
                  std::to_string(tau_ps));
    if (chain_length < 1)
      throw error("nose_hoover_chain: chain length must be >= 1, got " + std::to_string(chain_length));
    if (substeps < 1) throw error("nose_hoover_chain: substeps must be >= 1, got " + std::to_string(substeps));
    if (suzuki_yoshida_order == 1) {
      w_ = {1.0};
    } else if (suzuki_yoshida_order == 3) {
      const double w1 = 1.0 / (2.0 - std::cbrt(2.0));
      w_ = {w1, 1.0 - 2.0 * w1, w1};
    } else if (suzuki_yoshida_order == 5) {
      const double w1 = 1.0 / (4.0 - std::pow(4.0, 1.0 / 3.0));
      w_ = {w1, w1, 1.0 - 4.0 * w1, w1, w1};
    } else {
      throw error("nose_hoover_chain: Suzuki-Yoshida order must be 1, 3 or 5, got " +
                  std::to_string(suzuki_yoshida_order));
    }
  }

  const schedule& temperature() const { return T_; }  ///< K
  double tau() const { return tau_; }                 ///< ps

  state_type init(const system& s, double t_ps) const {
    state_type st;
    st.xi.assign(M_, 0.0);
    st.v_xi.assign(M_, 0.0);
    st.Q.assign(M_, 0.0);
    st.dof = degrees_of_freedom(s);
    set_target(st, t_ps);
    return st;
  }

  /// Propagates the chain and scales the velocities over an interval h (ps) at time t (ps).
  void apply(state_type& st, system& s, double t_ps, double h) const {
    set_target(st, t_ps);
    auto& v = *s.velocities;
    const int M = M_;
    std::vector<double>& vx = st.v_xi;
    const auto& Q = st.Q;
    const double kT = st.kT;
    double K2 = 2.0 * kinetic_energy(s, v);  // eV
    double scale = 1.0;
    auto G = [&](int j) {  // force on chain element j (1/ps²)
      return j == 0 ? (K2 - st.dof * kT) / Q[0] : (Q[j - 1] * vx[j - 1] * vx[j - 1] - kT) / Q[j];
    };
    for (int c = 0; c < nc_; ++c)
      for (double w : w_) {
        const double d = w * h / nc_;  // sub-interval (ps)
        // chain velocities, end of the chain inward
        vx[M - 1] += 0.5 * d * G(M - 1);
        for (int j = M - 2; j >= 0; --j) {
          const double e = std::exp(-0.25 * d * vx[j + 1]);
          vx[j] = (vx[j] * e + 0.5 * d * G(j)) * e;
        }
        // particle velocities and chain positions
        const double f = std::exp(-d * vx[0]);
        scale *= f;
        K2 *= f * f;
        for (int j = 0; j < M; ++j) st.xi[j] += d * vx[j];
        // chain velocities outward
        for (int j = 0; j < M - 1; ++j) {
          const double e = std::exp(-0.25 * d * vx[j + 1]);
          vx[j] = (vx[j] * e + 0.5 * d * G(j)) * e;
        }
        vx[M - 1] += 0.5 * d * G(M - 1);
      }
    v *= scale;
  }

private:
  void set_target(state_type& st, double t_ps) const {
    st.kT = units::kB_eV_per_K * T_(t_ps);
    for (int j = 0; j < M_; ++j) st.Q[j] = (j == 0 ? st.dof : 1.0) * st.kT * tau_ * tau_;
  }

  schedule T_;
  double tau_;
  int M_, nc_;
  std::vector<double> w_;
};
static_assert(thermostat<nose_hoover_chain>);

}  // namespace pelkit
