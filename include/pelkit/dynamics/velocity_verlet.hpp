// pelkit/dynamics/velocity_verlet.hpp — velocity-Verlet integration (NVE), with an optional
// thermostat (NVT) and barostat (NPT, see mtk_barostat.hpp and npt() there).
//
//   auto md = pelkit::velocity_verlet(0.001);                      // NVE, dt = 1 fs
//   auto st = md.init(std::move(sys), calc);                       // sys has velocities (Å/ps)
//   md.step(st, calc);                                             // one step
//   double E = pelkit::conserved_energy(st);                       // eV
//
// Swope, Andersen, Berens & Wilson, J. Chem. Phys. 76, 637 (1982). One step (dt ps):
//   thermostat(dt/2); barostat.begin(dt/2); v += (dt/2) F/m; barostat.drift(dt) [x += dt v];
//   F = F(x); v += (dt/2) F/m; barostat.end(dt/2); thermostat(dt/2)
// with F/m converted from eV/(Å·amu) to Å/ps² (× 1/units::amu_A2_per_ps2_to_eV).
//
// Positions are not wrapped into the cell during the run (they stay continuous, which keeps
// the integrator exactly time-reversible and the image flags unchanged); the potentials work
// with unwrapped positions. Call wrap_positions(state.system) if wrapped ones are needed.
// The time is t0 + step · dt (not accumulated), so schedules reach their end points exactly.
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/core/units.hpp>
#include <pelkit/dynamics/concepts.hpp>
#include <pelkit/dynamics/velocities.hpp>
#include <pelkit/potential/evaluation.hpp>

#include <cmath>
#include <string>
#include <utility>

namespace pelkit {

/// The absent thermostat: plain NVE.
struct no_thermostat {
  struct state_type {
    double energy() const { return 0.0; }
    template <class A> void serialize(A&) {}
  };
  state_type init(const system&, double) const { return {}; }
  void apply(state_type&, system&, double, double) const {}
};
static_assert(thermostat<no_thermostat>);

/// The absent barostat: constant volume.
struct no_barostat {
  struct state_type {
    double energy() const { return 0.0; }
    template <class A> void serialize(A&) {}
  };
  state_type init(const system&, double) const { return {}; }
  void begin(state_type&, system&, const evaluation&, double, double) const {}
  void drift(state_type&, system& s, double dt) const { s.positions += dt * *s.velocities; }
  void end(state_type&, system&, const evaluation&, double, double) const {}
};
static_assert(barostat<no_barostat>);

/// State of an MD run: a plain value.
template <class ThermostatState, class BarostatState = no_barostat::state_type>
struct md_state {
  pelkit::system system;            ///< positions Å, velocities Å/ps (always present)
  pelkit::evaluation evaluation;    ///< energy (eV) and forces (eV/Å) at system.positions
  double time = 0;                  ///< ps
  long step = 0;                    ///< steps taken since init
  double start_time = 0;            ///< ps, time at init
  ThermostatState thermostat;       ///< the thermostat's variables
  BarostatState barostat;           ///< the barostat's variables (cell velocities, ...)

  template <class A> void serialize(A& a) { a(system, evaluation, time, step, start_time, thermostat, barostat); }
};

/// Kinetic energy of the state, eV.
template <class TS, class BS>
double kinetic_energy(const md_state<TS, BS>& st) { return kinetic_energy(st.system); }

/// Kinetic + potential + thermostat + barostat energy (eV): constant for NVE, for the
/// Nosé–Hoover chain and Bussi thermostats and for the MTK barostat at constant targets (up to
/// O(dt²) integration error).
template <class TS, class BS>
double conserved_energy(const md_state<TS, BS>& st) {
  return kinetic_energy(st.system) + st.evaluation.energy + st.thermostat.energy() + st.barostat.energy();
}

namespace detail {
inline void check_finite_evaluation(const evaluation& e, long step) {
  if (!std::isfinite(e.energy) || !e.forces.allFinite())
    throw error("step " + std::to_string(step) +
                ": non-finite forces or energy (atoms overlap?)");
}
inline void kick(system& s, const Eigen::Matrix3Xd& f, double h) {
  constexpr double to_A_per_ps2 = 1.0 / units::amu_A2_per_ps2_to_eV;  // eV/(Å amu) → Å/ps²
  auto& v = *s.velocities;
  for (Eigen::Index i = 0; i < v.cols(); ++i)
    v.col(i) += (h * to_A_per_ps2 / s.mass(std::size_t(i))) * f.col(i);
}
}  // namespace detail

/// Velocity Verlet with time step `dt_ps` (ps), a thermostat (default: none, i.e. NVE) and a
/// barostat (default: none, constant volume).
template <thermostat Thermostat = no_thermostat, barostat Barostat = no_barostat>
class velocity_verlet {
public:
  using state_type = md_state<typename Thermostat::state_type, typename Barostat::state_type>;

  /// dt_ps: time step in ps (> 0, finite); thermostat: applied for dt/2 before and after the
  /// velocity-Verlet update; barostat: moves the cell (see the header).
  explicit velocity_verlet(double dt_ps, Thermostat thermostat = {}, Barostat barostat = {})
      : dt_(dt_ps), thermostat_(std::move(thermostat)), barostat_(std::move(barostat)) {
    if (!(dt_ps > 0) || !std::isfinite(dt_ps))
      throw error("velocity_verlet: time step must be positive and finite (ps), got " +
                  std::to_string(dt_ps));
  }

  double dt() const { return dt_; }  ///< ps
  const Thermostat& thermostat() const { return thermostat_; }
  const Barostat& barostat() const { return barostat_; }

  /// State at time t0_ps (ps) for `s`; evaluates forces. Missing velocities are zero.
  /// Throws pelkit::error for an inconsistent system or non-finite forces.
  template <force_provider Calc>
  state_type init(pelkit::system s, Calc& calc, double t0_ps = 0) const {
    if (!std::isfinite(t0_ps)) throw error("velocity_verlet: start time must be finite");
    if (!s.velocities) s.velocities = Eigen::Matrix3Xd::Zero(3, s.positions.cols());
    validate(s, "velocity_verlet");
    state_type st;
    st.evaluation = calc.compute(s, request{});
    detail::check_finite_evaluation(st.evaluation, 0);
    st.time = st.start_time = t0_ps;
    st.thermostat = thermostat_.init(s, t0_ps);
    st.barostat = barostat_.init(s, t0_ps);
    st.system = std::move(s);
    return st;
  }

  /// Advances `st` by one step dt. Throws pelkit::error "step N: non-finite forces ..." if the
  /// forces or the energy become non-finite (the state is then unusable).
  template <force_provider Calc>
  void step(state_type& st, Calc& calc) const {
    const double h = 0.5 * dt_;
    system& s = st.system;
    thermostat_.apply(st.thermostat, s, st.time, h);
    barostat_.begin(st.barostat, s, st.evaluation, st.time, h);
    detail::kick(s, st.evaluation.forces, h);
    barostat_.drift(st.barostat, s, dt_);
    st.evaluation = calc.compute(s, request{});
    ++st.step;
    st.time = st.start_time + double(st.step) * dt_;
    detail::check_finite_evaluation(st.evaluation, st.step);
    detail::kick(s, st.evaluation.forces, h);
    barostat_.end(st.barostat, s, st.evaluation, st.time, h);
    thermostat_.apply(st.thermostat, s, st.time, h);
  }

  /// `n` steps.
  template <force_provider Calc>
  void run(state_type& st, Calc& calc, long n) const {
    for (long k = 0; k < n; ++k) step(st, calc);
  }

private:
  double dt_;
  Thermostat thermostat_;
  Barostat barostat_;
};


}  // namespace pelkit
