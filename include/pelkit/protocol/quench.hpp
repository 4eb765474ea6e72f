// pelkit/protocol/quench.hpp — the seed's glass preparation as one reusable function.
//
//   pelkit::quench_parameters q;              // T0 1500 K → T1 1 K at 1e12 K/s, Pi 0 GPa, ...
//   q.pressure_GPa = 10;
//   auto calc = pelkit::calculator(pelkit::eam::from_file("CuZr_mm.eam.fs"));
//   pelkit::quench_result r = pelkit::quench(liquid, calc, q);   // r.glass is minimised
//
// Stages (each an NPT run with its own Nosé–Hoover chain and MTK barostat, started fresh as a
// new LAMMPS `fix npt` would be; the time continues across stages):
//   melt         only for a generated start: T_hot at Pi for melt_ps (destroys the lattice)
//   equilibrate  T0 at Pi for equilibrate_ps
//   quench       T0 → T1 linearly at the cooling rate q (duration |T0 − T1| / q), Pi
//   release      T1, pressure Pi → release pressure linearly over release_ps
//   relax        T1 at the release pressure for relax_ps (the seed: 0 GPa, 10 ns)
// then an L-BFGS minimisation to fmax (the inherent structure; E_IS = its energy per atom).
// Stages of zero duration are skipped. All stages keep the barostat masses of T0 (see
// mtk_barostat: at 1 K masses of 1 K would make the cell oscillate ~40× faster than τ_P).
//
// lammps_quench_input() writes the same protocol as a LAMMPS input script (same stages, steps,
// damping, masses via Pdamp × sqrt(T0/T_stage)), so a cluster can run it under MPI and
// read_lammps_data() reads the result back.
//
// Units: K, GPa, ps, K/s, eV, Å.
#pragma once
#include <pelkit/core/elements.hpp>
#include <pelkit/core/error.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/core/progress.hpp>
#include <pelkit/core/units.hpp>
#include <pelkit/dynamics/checkpoint.hpp>
#include <pelkit/dynamics/mtk_barostat.hpp>
#include <pelkit/dynamics/observers.hpp>
#include <pelkit/dynamics/schedule.hpp>
#include <pelkit/dynamics/velocities.hpp>
#include <pelkit/minimize/lbfgs.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <functional>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

namespace pelkit {

/// A random substitutional alloy to melt when no starting structure is given.
struct liquid_spec {
  std::size_t natoms = 4000;
  std::vector<std::string> elements{"Cu", "Zr"};
  std::vector<double> fractions{0.5, 0.5};                ///< mole fractions, summing to 1
  double number_density_per_A3 = 4000.0 / (43.0 * 43.0 * 43.0);  ///< Å⁻³ (the seed's 4000 atoms in 43³ Å³)
  std::uint64_t seed = 1;
};

/// `spec.natoms` atoms on the first sites of a simple-cubic grid filling a cubic cell of the
/// given density (spacing ≥ (1/ρ)^⅓, so no two atoms overlap), species assigned at random in
/// the exact proportions (rounded), standard atomic masses, no velocities. Melting it is the
/// caller's job (the quench "melt" stage).
inline system random_alloy(const liquid_spec& spec) {
  if (spec.natoms < 2) throw error("random_alloy: need at least 2 atoms");
  if (spec.elements.empty() || spec.elements.size() != spec.fractions.size())
    throw error("random_alloy: give one mole fraction per element");
  if (!(spec.number_density_per_A3 > 0) || !std::isfinite(spec.number_density_per_A3))
    throw error("random_alloy: number density must be positive (1/Å³)");
  std::vector<double> masses;
  for (const auto& e : spec.elements) {
    const auto info = find_element(e);
    if (!info) throw error("random_alloy: unknown element '" + e + "'");
    masses.push_back(info->mass);
  }
  const double total = std::accumulate(spec.fractions.begin(), spec.fractions.end(), 0.0);
  if (std::abs(total - 1) > 1e-6 || *std::min_element(spec.fractions.begin(), spec.fractions.end()) < 0)
    throw error("random_alloy: mole fractions must be >= 0 and sum to 1");
  const std::size_t n = spec.natoms;
  std::vector<int> types;
  for (std::size_t t = 0; t < spec.elements.size(); ++t) {
    const std::size_t count = t + 1 == spec.elements.size()
                                  ? n - types.size()
                                  : std::min(n - types.size(), std::size_t(std::llround(spec.fractions[t] * double(n))));
    types.insert(types.end(), count, int(t));
  }
  normal_rng rng(spec.seed);  // Fisher–Yates with the portable uniform deviate
  for (std::size_t i = n - 1; i > 0; --i)
    std::swap(types[i], types[std::min(i, std::size_t(rng.uniform() * double(i + 1)))]);
  const double L = std::cbrt(double(n) / spec.number_density_per_A3);
  const auto m = std::size_t(std::ceil(std::cbrt(double(n)) - 1e-9));
  const double a = L / double(m);
  Eigen::Matrix3Xd x(3, Eigen::Index(n));
  for (std::size_t i = 0; i < n; ++i)
    x.col(Eigen::Index(i)) = a * Eigen::Vector3d(double(i % m) + 0.5, double(i / m % m) + 0.5, double(i / (m * m)) + 0.5);
  return make_system(periodic_box::cubic(L), std::move(x), std::move(types), spec.elements, std::move(masses));
}

/// The preparation protocol. Temperatures K, pressures GPa, times ps, rate K/s.
struct quench_parameters {
  double T_hot_K = 2500;               ///< melt stage temperature (generated starts only)
  double melt_ps = 20;                 ///< melt stage duration (generated starts only)
  double T0_K = 1500;                  ///< liquid temperature before cooling
  double equilibrate_ps = 20;          ///< at T0 and Pi before cooling
  double T1_K = 1;                     ///< end of the quench
  double cooling_rate_K_per_s = 1e12;  ///< q
  double pressure_GPa = 0;             ///< Pi during melt, equilibration and quench
  double release_ps = 10;              ///< Pi → release pressure, linear, at T1
  double release_pressure_GPa = 0;     ///< final pressure (the seed: 0 GPa)
  double relax_ps = 100;               ///< at T1 and the release pressure (the seed: 10 ns)
  double dt_ps = 0.002;                ///< time step
  double tau_T_ps = 0.1;               ///< thermostat damping (LAMMPS Tdamp)
  double tau_P_ps = 1.0;               ///< barostat damping (LAMMPS Pdamp at T0)
  coupling cell = coupling::isotropic;
  std::uint64_t velocity_seed = 12345; ///< Maxwell–Boltzmann velocities of the start
  double fmax_eV_per_A = 1e-6;         ///< minimisation of the final glass

  /// Throws pelkit::error naming the first bad parameter.
  void check() const {
    auto positive = [](double v, const char* name, const char* unit) {
      if (!(v > 0) || !std::isfinite(v))
        throw error(std::string("quench: ") + name + " must be positive and finite (" + unit + "), got " + std::to_string(v));
    };
    auto non_negative = [](double v, const char* name, const char* unit) {
      if (!(v >= 0) || !std::isfinite(v))
        throw error(std::string("quench: ") + name + " must be >= 0 and finite (" + unit + "), got " + std::to_string(v));
    };
    positive(T_hot_K, "T_hot", "K"), positive(T0_K, "T0", "K"), positive(T1_K, "T1", "K");
    positive(cooling_rate_K_per_s, "cooling rate", "K/s"), positive(dt_ps, "time step", "ps");
    positive(tau_T_ps, "tau_T", "ps"), positive(tau_P_ps, "tau_P", "ps"), positive(fmax_eV_per_A, "fmax", "eV/A");
    non_negative(melt_ps, "melt time", "ps"), non_negative(equilibrate_ps, "equilibration time", "ps");
    non_negative(release_ps, "release time", "ps"), non_negative(relax_ps, "relaxation time", "ps");
    if (!std::isfinite(pressure_GPa) || !std::isfinite(release_pressure_GPa))
      throw error("quench: pressures must be finite (GPa)");
  }
};

/// One NPT stage: linear T and P from start to end over `steps` steps.
struct quench_stage {
  std::string name;
  double T_start_K, T_end_K, P_start_GPa, P_end_GPa;
  long steps;
  double duration_ps(double dt_ps) const { return double(steps) * dt_ps; }
};

/// The stages of `q` (melt only if `generated_start`), zero-length ones dropped.
inline std::vector<quench_stage> quench_stages(const quench_parameters& q, bool generated_start) {
  q.check();
  auto steps = [&](double ps) { return long(std::llround(ps / q.dt_ps)); };
  const double Pi = q.pressure_GPa, Pr = q.release_pressure_GPa;
  std::vector<quench_stage> all{
      {"melt", q.T_hot_K, q.T_hot_K, Pi, Pi, generated_start ? steps(q.melt_ps) : 0},
      {"equilibrate", q.T0_K, q.T0_K, Pi, Pi, steps(q.equilibrate_ps)},
      {"quench", q.T0_K, q.T1_K, Pi, Pi, steps(ramp_duration_ps(q.T1_K - q.T0_K, q.cooling_rate_K_per_s))},
      {"release", q.T1_K, q.T1_K, Pi, Pr, steps(q.release_ps)},
      {"relax", q.T1_K, q.T1_K, Pr, Pr, steps(q.relax_ps)}};
  std::vector<quench_stage> out;
  for (auto& s : all)
    if (s.steps > 0) out.push_back(s);
  return out;
}

/// The integrator of one stage starting at time t0 (ps): schedules in absolute time, barostat
/// masses at T0.
inline auto stage_integrator(const quench_parameters& q, const quench_stage& s, double t0_ps) {
  const double t1 = t0_ps + s.duration_ps(q.dt_ps);
  const schedule T = s.T_start_K == s.T_end_K ? schedule(s.T_start_K) : schedule::linear(t0_ps, s.T_start_K, t1, s.T_end_K);
  const schedule P = s.P_start_GPa == s.P_end_GPa ? schedule(s.P_start_GPa)
                                                  : schedule::linear(t0_ps, s.P_start_GPa, t1, s.P_end_GPa);
  return npt(q.dt_ps, T, P, q.tau_T_ps, q.tau_P_ps, q.cell, q.T0_K);
}

namespace detail {
/// Shortest text that reads back as exactly `x` ("0.1", "1e-06").
inline std::string shortest(double x) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}
}  // namespace detail

/// What a LAMMPS run needs to know besides the protocol.
struct lammps_quench_files {
  std::string data_file = "start.data";      ///< the start (with velocities), written by the caller
  std::string pair_style = "eam/fs";
  std::string potential_file;                ///< absolute path is safest
  std::vector<std::string> elements;         ///< potential element per atom type, in type order
  std::string output_data = "glass.data";    ///< the minimised glass
  long thermo_every = 1000;                  ///< steps
};

/// A LAMMPS input script running `q` from files.data_file exactly as quench() does (same
/// stages and step counts, fix npt per stage with tchain/pchain 3, Pdamp scaled so the
/// barostat masses are those of T0, pressures in bar with LAMMPS's own conversion), then
/// `minimize` (CG; LAMMPS's ftol is a 2-norm, so it is set to fmax, which is at least as tight)
/// and write_data. `generated_start` adds the melt stage.
inline std::string lammps_quench_input(const quench_parameters& q, const lammps_quench_files& f,
                                       bool generated_start) {
  const auto stages = quench_stages(q, generated_start);
  const double to_bar = units::lammps_nktv2p_metal / units::eV_per_A3_to_GPa;
  std::ostringstream o;
  auto num = [](double x) { return detail::shortest(x); };
  o << "# Glass preparation written by pelkit (pelkit quench --lammps-input).\n"
    << "# Stages: ";
  for (const auto& s : stages) o << s.name << " (" << s.steps << " steps) ";
  o << "\n# Run: mpirun -np N lmp -in <this file>; read the result with pelkit (" << f.output_data << ").\n"
    << "units metal\natom_style atomic\nboundary p p p\natom_modify map array\n"
    << "read_data " << f.data_file << "\n"
    << "pair_style " << f.pair_style << "\npair_coeff * * " << f.potential_file;
  for (const auto& e : f.elements) o << ' ' << e;
  o << "\nneighbor 1.0 bin\nneigh_modify every 1 delay 0 check yes\n"
    << "timestep " << num(q.dt_ps) << "\n"
    << "thermo_style custom step time temp press vol density pe ke etotal\n"
    << "thermo " << f.thermo_every << "\n";
  for (const auto& s : stages) {
    const double pdamp = q.tau_P_ps * std::sqrt(q.T0_K / s.T_start_K);
    o << "\n# " << s.name << ": " << num(s.T_start_K) << " -> " << num(s.T_end_K) << " K, " << num(s.P_start_GPa)
      << " -> " << num(s.P_end_GPa) << " GPa, " << num(s.duration_ps(q.dt_ps)) << " ps\n"
      << "fix md all npt temp " << num(s.T_start_K) << ' ' << num(s.T_end_K) << ' ' << num(q.tau_T_ps) << ' '
      << to_string(q.cell) << ' ' << num(s.P_start_GPa * to_bar) << ' ' << num(s.P_end_GPa * to_bar) << ' '
      << num(pdamp) << "\n"
      << "run " << s.steps << "\nunfix md\n";
  }
  o << "\n# inherent structure\nmin_style cg\nminimize 0 " << num(q.fmax_eV_per_A) << " 1000000 10000000\n"
    << "write_data " << f.output_data << "\n";
  return o.str();
}

/// Where quench() writes while it runs (empty path: not written). Intervals in steps.
struct quench_output {
  std::string thermo_csv;            ///< thermo_log CSV (observers.hpp), global step numbers
  long thermo_every = 1000;
  std::string trajectory;            ///< .dump/.lammpstrj or .xyz/.extxyz
  long trajectory_every = 10000;
  std::string checkpoint;            ///< checkpoint file; if it exists the run resumes from it
  long checkpoint_every = 10000;
  progress_mode progress = progress_mode::automatic;
  /// If set, called with (global step, total steps of all stages) as the run advances.
  std::function<void(long step, long total)> progress_listener;
  /// Stop (after saving the checkpoint) when the global step reaches this, leaving the rest
  /// for a later call that resumes; -1: run to the end. For batch systems' time limits and
  /// for tests of resumption.
  long stop_at_step = -1;
};

struct quench_stage_report {
  std::string name;
  long steps = 0;
  double duration_ps = 0;
  double wall_s = 0;              ///< s spent in this process (0 for stages finished before a resume)
  double T_end_K = 0;             ///< instantaneous temperature at the end (K)
  double P_end_GPa = 0;           ///< instantaneous pressure at the end (GPa)
  double density_end_g_per_cm3 = 0;
};

struct quench_result {
  bool complete = true;             ///< false when stopped at out.stop_at_step (then only
                                    ///< `stages` so far and resumed_from_step are filled)
  system glass;                     ///< the minimised glass (positions wrapped into the cell)
  minimize_result minimization;     ///< of the final MD configuration
  std::vector<quench_stage_report> stages;
  double minimize_wall_s = 0;
  long total_steps = 0;
  long resumed_from_step = -1;      ///< global step of the checkpoint resumed from, -1 if none
  double E_IS_eV_per_atom = 0;      ///< inherent-structure energy per atom (eV)
  double density_g_per_cm3 = 0;     ///< of the glass
  double number_density_per_A3 = 0;
  double volume_A3 = 0;
  double pressure_GPa = 0;          ///< virial pressure of the inherent structure
};

namespace detail {

using quench_md_state = decltype(stage_integrator(quench_parameters{}, quench_stage{}, 0.0))::state_type;

/// What a quench checkpoint holds: the stage being run, its MD state and a fingerprint of
/// the parameters (a checkpoint of another protocol is refused).
struct quench_checkpoint {
  std::int64_t stage = 0;
  std::string fingerprint;
  quench_md_state md;
  template <class A> void serialize(A& a) { a(stage, fingerprint, md); }
};

inline std::string fingerprint(const quench_parameters& q, const std::vector<quench_stage>& stages, std::size_t natoms) {
  std::ostringstream o;
  o.precision(17);
  o << natoms << ' ' << q.dt_ps << ' ' << q.tau_T_ps << ' ' << q.tau_P_ps << ' ' << to_string(q.cell) << ' ' << q.T0_K;
  for (const auto& s : stages)
    o << " | " << s.name << ' ' << s.T_start_K << ' ' << s.T_end_K << ' ' << s.P_start_GPa << ' ' << s.P_end_GPa << ' ' << s.steps;
  return o.str();
}

/// The thermo log and trajectory, each optional.
struct optional_observers {
  thermo_log* log;
  trajectory_writer* traj;
  template <class State>
  void observe(const State& st) {
    if (log) log->observe(st);
    if (traj) traj->observe(st);
  }
};

/// Runs `md` from st.step (global) to `end_step`, observing and checkpointing.
template <class MD, class Calc, class... Obs>
void run_stage(const MD& md, quench_checkpoint& ck, Calc& calc, long end_step, const quench_output& out,
               Obs&... observers) {
  auto& st = ck.md;
  if (out.stop_at_step >= 0) end_step = std::min(end_step, std::max(out.stop_at_step, st.step));
  while (st.step < end_step) {
    md.step(st, calc);
    (observers.observe(st), ...);
    if (!out.checkpoint.empty() && st.step % out.checkpoint_every == 0) save_checkpoint(out.checkpoint, ck, calc);
  }
}

}  // namespace detail

/// Runs the protocol `q` on `start` (Å, amu; velocities kept if present, else drawn at the
/// first stage's temperature with q.velocity_seed) with `calc` (e.g. calculator<eam>), then
/// minimises with L-BFGS at fixed cell to q.fmax_eV_per_A. `generated_start` adds the melt
/// stage (use it for random_alloy()). With out.checkpoint set, the run saves itself every
/// out.checkpoint_every steps and at the end of every stage, and resumes from that file if it
/// exists (same parameters and atom count required), continuing bit for bit; the thermo log
/// and trajectory are then appended to, without duplicated rows. Throws pelkit::error on bad
/// parameters, exploding forces ("step N: non-finite forces ..."), or an unusable checkpoint.
template <class Calc>
quench_result quench(system start, Calc& calc, const quench_parameters& q, const quench_output& out = {},
                     bool generated_start = false) {
  const auto stages = quench_stages(q, generated_start);
  if (stages.empty()) throw error("quench: every stage has zero length (nothing to do)");
  if (out.thermo_every <= 0 || out.trajectory_every <= 0 || out.checkpoint_every <= 0)
    throw error("quench: output intervals must be > 0 steps");
  validate(start, "quench start");
  if (!start.velocities) initialize_velocities(start, stages.front().T_start_K, q.velocity_seed);
  using clock = std::chrono::steady_clock;
  auto seconds = [](clock::time_point a) { return std::chrono::duration<double>(clock::now() - a).count(); };

  quench_result res;
  detail::quench_checkpoint ck;
  ck.fingerprint = detail::fingerprint(q, stages, start.size());
  const bool resume = !out.checkpoint.empty() && std::filesystem::exists(out.checkpoint);
  if (resume) {
    detail::quench_checkpoint loaded;
    loaded.md = stage_integrator(q, stages.front(), 0).init(start, calc);
    loaded.fingerprint = ck.fingerprint;
    load_checkpoint(out.checkpoint, loaded, calc);
    if (loaded.fingerprint != ck.fingerprint)
      throw error(out.checkpoint + ": checkpoint of a different quench protocol or system (delete it to start over)");
    if (loaded.stage < 0 || loaded.stage >= std::int64_t(stages.size()))
      throw error(out.checkpoint + ": checkpoint stage out of range");
    ck = std::move(loaded);
    res.resumed_from_step = ck.md.step;
  }
  const auto mode = resume ? file_mode::append : file_mode::overwrite;
  std::optional<thermo_log> log;
  std::optional<trajectory_writer> traj;
  if (!out.thermo_csv.empty()) {
    log.emplace(out.thermo_csv, out.thermo_every, mode);
    if (resume) log->truncate_after(ck.md.step);
  }
  if (!out.trajectory.empty()) {
    traj.emplace(out.trajectory, out.trajectory_every, mode);
    if (resume) traj->truncate_after(ck.md.step);
  }
  auto observe_all = [&](const auto& st) { detail::optional_observers{log ? &*log : nullptr, traj ? &*traj : nullptr}.observe(st); };

  long first = 0;  // global step at the start of stage k
  double t0 = 0;   // ps
  for (std::size_t k = 0; k < stages.size(); ++k) {
    const auto& sg = stages[k];
    const long last = first + sg.steps;
    const auto md = stage_integrator(q, sg, t0);
    quench_stage_report rep{sg.name, sg.steps, sg.duration_ps(q.dt_ps)};
    if (!resume || std::int64_t(k) > ck.stage || (std::int64_t(k) == ck.stage && ck.md.step < last)) {
      if (!(resume && std::int64_t(k) == ck.stage)) {  // a fresh stage: a fresh fix npt
        system s = k == 0 ? start : ck.md.system;
        ck.md = md.init(std::move(s), calc, t0);
        ck.md.step = first;  // global step numbers, time t0 + (step - first) dt
        ck.md.start_time = t0 - double(first) * q.dt_ps;
        ck.stage = std::int64_t(k);
        observe_all(ck.md);
      }
      const auto wall = clock::now();
      progress_observer progress(last - ck.md.step, out.progress,
                                 "quench " + std::to_string(k + 1) + "/" + std::to_string(stages.size()) + " " + sg.name);
      if (out.progress_listener) {
        long all_steps = 0;
        for (const auto& st : stages) all_steps += st.steps;
        progress.line().set_listener([&out, from = ck.md.step, all_steps](long done, long) {
          out.progress_listener(from + done, all_steps);
        });
      }
      detail::optional_observers files{log ? &*log : nullptr, traj ? &*traj : nullptr};
      detail::run_stage(md, ck, calc, last, out, progress, files);
      rep.wall_s = seconds(wall);
      if (!out.checkpoint.empty()) save_checkpoint(out.checkpoint, ck, calc);
      if (ck.md.step < last) {  // stopped at out.stop_at_step
        res.stages.push_back(rep);
        res.complete = false;
        return res;
      }
    }
    rep.T_end_K = temperature(ck.md.system);
    rep.P_end_GPa = detail::pressure_tensor(ck.md.system, ck.md.evaluation).trace() / 3 * units::eV_per_A3_to_GPa;
    rep.density_end_g_per_cm3 = ck.md.system.total_mass() / ck.md.system.box.volume() * units::amu_per_A3_to_g_per_cm3;
    res.stages.push_back(rep);
    first = last;
    t0 += sg.duration_ps(q.dt_ps);
  }
  res.total_steps = first;

  system glass = ck.md.system;
  const auto wall = clock::now();
  res.minimization = lbfgs{}.minimize(calc, glass, {.fmax = q.fmax_eV_per_A});
  res.minimize_wall_s = seconds(wall);
  if (!res.minimization.converged && res.minimization.fmax > 1e3 * q.fmax_eV_per_A)
    throw error("quench: minimisation of the glass failed (" + res.minimization.reason + ", fmax " +
                std::to_string(res.minimization.fmax) + " eV/A)");
  wrap_positions(glass);
  const double N = double(glass.size()), V = glass.box.volume();
  res.E_IS_eV_per_atom = res.minimization.energy_final / N;
  res.volume_A3 = V;
  res.density_g_per_cm3 = glass.total_mass() / V * units::amu_per_A3_to_g_per_cm3;
  res.number_density_per_A3 = N / V;
  res.pressure_GPa = calc.compute(glass).virial.trace() / (3 * V) * units::eV_per_A3_to_GPa;
  res.glass = std::move(glass);
  return res;
}

}  // namespace pelkit
