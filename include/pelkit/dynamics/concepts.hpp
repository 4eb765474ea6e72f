// pelkit/dynamics/concepts.hpp — the `thermostat`, `barostat` and `integrator` concepts (force_provider: pelkit/potential/force_provider.hpp).
//
// Molecular dynamics in pelkit is an init/step pair over a plain state value (JAX-MD style):
//
//   auto md = velocity_verlet(0.002, nose_hoover_chain(cooling_schedule(1500, 1, 1e12), 0.1));
//   auto st = md.init(std::move(glass), calc);        // glass needs velocities
//   for (int i = 0; i < 1000; ++i) md.step(st, calc);
//   double H = conserved_energy(st);                  // eV
//
// Thermostats are objects handed to the integrator, not fused into it. The integrator applies
// a thermostat as a symmetric Trotter factor around the velocity-Verlet update:
//
//   T(dt/2) · B(dt/2) · A(dt) · [forces] · B(dt/2) · T(dt/2)
//
// (B = velocity kick, A = position drift, T = thermostat). `T` acts on velocities only, over a
// time interval h (ps) = dt/2, and may read the target at the current time. This is the
// Martyna–Tuckerman–Klein splitting for Nosé–Hoover chains, the half-step form of Bussi's
// stochastic rescaling, and the "OBABO" splitting of Langevin dynamics.
//
// A barostat (NPT) adds its own factors inside the thermostat's: cell-velocity kick and
// particle-velocity scaling before the first kick, a drift that moves positions and cell
// together, and the mirror image after the second kick (mtk_barostat.hpp).
#pragma once
#include <pelkit/core/system.hpp>
#include <pelkit/potential/evaluation.hpp>
#include <pelkit/potential/force_provider.hpp>

#include <concepts>

namespace pelkit {

/// A thermostat: stateless parameters plus an explicit `state_type` value (chain variables,
/// random-number state, accumulated heat).
///   init(system, t)          state at time t (ps) for this system (which has velocities)
///   apply(state, system, t, h)  acts on system.velocities over an interval h (ps) ending or
///                            starting at time t (ps); the integrator calls it twice per step
///   state.energy()           its contribution to the conserved quantity, eV (e.g. the
///                            chain energy, or minus the heat it has removed)
/// Satisfied by: no_thermostat, nose_hoover_chain, bussi, langevin.
template <class T>
concept thermostat = requires(const T& th, typename T::state_type& st, const typename T::state_type& cst,
                              system& s, const system& cs, double t, double h) {
  typename T::state_type;
  { th.init(cs, t) } -> std::same_as<typename T::state_type>;
  { th.apply(st, s, t, h) } -> std::same_as<void>;
  { cst.energy() } -> std::convertible_to<double>;
};

/// A barostat: moves the cell. The integrator calls, per step of dt (ps), with h = dt/2:
///   begin(state, system, evaluation, t, h)  before the first velocity kick (cell velocities
///                                           and their effect on the particle velocities)
///   drift(state, system, dt)                instead of x += dt v (moves positions and cell)
///   end(state, system, evaluation, t, h)    after the second velocity kick
///   state.energy()                          its contribution to the conserved quantity, eV
/// `evaluation` is the one at the current positions (with the virial).
/// Satisfied by: no_barostat, mtk_barostat.
template <class B>
concept barostat = requires(const B& b, typename B::state_type& st, const typename B::state_type& cst,
                            system& s, const system& cs, const evaluation& e, double t, double h) {
  typename B::state_type;
  { b.init(cs, t) } -> std::same_as<typename B::state_type>;
  { b.begin(st, s, e, t, h) } -> std::same_as<void>;
  { b.drift(st, s, h) } -> std::same_as<void>;
  { b.end(st, s, e, t, h) } -> std::same_as<void>;
  { cst.energy() } -> std::convertible_to<double>;
};

/// An MD integrator: `init(system, provider)` → state, `step(state, provider)` advances it by
/// one time step. The state is a plain value holding at least the system (`.system`, with
/// velocities), the last evaluation at its positions (`.evaluation`), the time (`.time`, ps),
/// the step count (`.step`) and the thermostat state (`.thermostat`).
/// Satisfied by: velocity_verlet<Thermostat>.
template <class I, class C>
concept integrator = force_provider<C> && requires(const I& integ, typename I::state_type& st, system s, C& calc) {
  typename I::state_type;
  { integ.init(s, calc) } -> std::same_as<typename I::state_type>;
  { integ.step(st, calc) } -> std::same_as<void>;
  { st.system } -> std::convertible_to<const system&>;
  { st.evaluation } -> std::convertible_to<const evaluation&>;
  { st.time } -> std::convertible_to<double>;
  { st.step } -> std::convertible_to<long>;
};

}  // namespace pelkit
