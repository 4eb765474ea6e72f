// pelkit md — molecular dynamics of one configuration: NVE, NVT (Nose-Hoover chain, Bussi,
// Langevin) or NPT (MTK, as LAMMPS fix npt), with temperature and pressure schedules, a thermo
// log, a trajectory, block averages with standard errors, and checkpoint / resume.
#include <pelkit/core/units.hpp>
#include <pelkit/dynamics/bussi.hpp>
#include <pelkit/dynamics/checkpoint.hpp>
#include <pelkit/dynamics/langevin.hpp>
#include <pelkit/dynamics/mtk_barostat.hpp>
#include <pelkit/dynamics/nose_hoover_chain.hpp>
#include <pelkit/dynamics/observers.hpp>
#include <pelkit/dynamics/velocities.hpp>
#include <pelkit/dynamics/velocity_verlet.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>

#include <cmath>
#include <filesystem>
#include <sstream>

#include "common.hpp"

namespace pelkit::cli {

namespace {

/// "1500" (constant) or "t0:v0,t1:v1,..." (ps:value points, linear between, constant outside).
schedule schedule_option(const arguments& args, const std::string& name) {
  const std::string text = args.get(name);
  auto number = [&](const std::string& t) {
    std::size_t used = 0;
    double v = 0;
    try {
      v = std::stod(t, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != t.size() || !std::isfinite(v))
      throw error("--" + name + ": '" + t + "' is not a number (expected VALUE or t_ps:VALUE,t_ps:VALUE,...)");
    return v;
  };
  if (text.find(':') == std::string::npos) return schedule(number(text));
  std::vector<std::pair<double, double>> points;
  for (const auto& item : split_list(text)) {
    const auto colon = item.find(':');
    if (colon == std::string::npos)
      throw error("--" + name + ": '" + item + "' is not a t_ps:VALUE point");
    points.emplace_back(number(item.substr(0, colon)), number(item.substr(colon + 1)));
  }
  for (std::size_t k = 1; k < points.size(); ++k)
    if (!(points[k].first > points[k - 1].first))
      throw error("--" + name + ": the times of the points must increase (" + std::to_string(points[k - 1].first) +
                  " then " + std::to_string(points[k].first) + " ps)");
  return schedule::piecewise(std::move(points));
}

/// Samples for the block averages, kept in the checkpoint so a resumed run averages the whole run.
struct md_samples {
  std::vector<double> temperature_K, pressure_GPa, density_g_per_cm3, volume_A3, potential_eV, conserved_eV, time_ps;
  template <class A> void serialize(A& a) {
    a(temperature_K, pressure_GPa, density_g_per_cm3, volume_A3, potential_eV, conserved_eV, time_ps);
  }
};

/// What a checkpoint of `pelkit md` holds: the MD state, the samples and the options' fingerprint.
template <class State>
struct md_checkpoint {
  std::string fingerprint;
  State md;
  md_samples samples;
  template <class A> void serialize(A& a) { a(fingerprint, md, samples); }
};

/// Mean and its standard error from `blocks` block means (Flyvbjerg & Petersen 1989): the
/// blocks must be longer than the correlation time. nan when there are fewer samples than blocks.
nlohmann::json block_average(const std::vector<double>& x, std::size_t from, int blocks) {
  const std::size_t n = x.size() > from ? x.size() - from : 0;
  const std::size_t len = n / std::size_t(blocks);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (len == 0) return {{"mean", nan}, {"stderr", nan}, {"samples", n}};
  std::vector<double> m(blocks, 0.0);
  for (int b = 0; b < blocks; ++b) {
    for (std::size_t k = 0; k < len; ++k) m[b] += x[from + std::size_t(b) * len + k];
    m[b] /= double(len);
  }
  double mean = 0, var = 0;
  for (double v : m) mean += v / blocks;
  for (double v : m) var += (v - mean) * (v - mean) / (blocks - 1);
  return {{"mean", mean}, {"stderr", std::sqrt(var / blocks)}, {"samples", n}};
}

coupling coupling_value(const std::string& text) {
  if (text == "iso") return coupling::isotropic;
  if (text == "aniso") return coupling::anisotropic;
  if (text == "tri") return coupling::triclinic;
  throw error("--couple: expected iso, aniso or tri, got '" + text + "'");
}

/// Everything that the trajectory depends on, except the number of steps (a resumed run may
/// go further than the first one).
std::string fingerprint(const arguments& args, std::size_t natoms) {
  std::ostringstream o;
  o << natoms;
  for (const char* key : {"ensemble", "thermostat", "T", "P", "couple", "dt", "tau-T", "tau-P", "seed",
                          "sample-every", "skin"})
    o << ' ' << key << '=' << args.get(key);
  o << " new-velocities=" << args.has("new-velocities");
  return o.str();
}

template <class MD, class Calc>
int run_with(const MD& md, Calc& calc, system start, const arguments& args, const stopwatch& clock) {
  using state_type = typename MD::state_type;
  const double dt = md.dt();
  long steps = 0;
  if (args.has("steps") == args.has("time-ps")) throw error("give exactly one of --steps N and --time-ps T");
  if (args.has("steps")) steps = args.whole_number("steps", 0);
  else {
    const double t = args.number("time-ps");
    if (!(t >= 0) || !std::isfinite(t)) throw error("--time-ps: expected a time >= 0 ps, got '" + args.get("time-ps") + "'");
    steps = long(std::llround(t / dt));
  }
  const long sample_every = args.whole_number("sample-every", 1);
  const long checkpoint_every = args.whole_number("checkpoint-every", 1);
  const int blocks = int(args.whole_number("blocks", 2, 1'000'000'000));
  const double average_after_ps = args.number("average-after-ps");
  if (!(average_after_ps >= 0)) throw error("--average-after-ps: expected a time >= 0 ps");
  const std::string checkpoint = args.optional("checkpoint").value_or("");

  md_checkpoint<state_type> ck;
  ck.fingerprint = fingerprint(args, start.size());
  const bool resume = !checkpoint.empty() && std::filesystem::exists(checkpoint);
  if (resume) {
    md_checkpoint<state_type> loaded;
    loaded.md = md.init(start, calc);
    load_checkpoint(checkpoint, loaded, calc);
    if (loaded.fingerprint != ck.fingerprint)
      throw error(checkpoint + ": checkpoint of a run with other options or another system (" + loaded.fingerprint +
                  "; delete it to start over)");
    ck = std::move(loaded);
  } else {
    ck.md = md.init(std::move(start), calc);
  }
  const long resumed_from = resume ? ck.md.step : 0;
  const auto mode = resume ? file_mode::append : file_mode::overwrite;
  std::optional<thermo_log> log;
  std::optional<trajectory_writer> traj;
  if (args.has("thermo")) {
    log.emplace(args.get("thermo"), args.whole_number("thermo-every", 1), mode);
    if (resume) log->truncate_after(ck.md.step);
  }
  if (args.has("trajectory")) {
    traj.emplace(args.get("trajectory"), args.whole_number("trajectory-every", 1), mode);
    if (resume) traj->truncate_after(ck.md.step);
  }
  auto sample = [&](const state_type& st) {
    const system& s = st.system;
    const double V = s.box.volume();
    auto& x = ck.samples;
    x.temperature_K.push_back(temperature(s));
    x.pressure_GPa.push_back(pelkit::detail::pressure_tensor(s, st.evaluation).trace() / 3 * units::eV_per_A3_to_GPa);
    x.density_g_per_cm3.push_back(s.total_mass() / V * units::amu_per_A3_to_g_per_cm3);
    x.volume_A3.push_back(V);
    x.potential_eV.push_back(st.evaluation.energy);
    x.conserved_eV.push_back(conserved_energy(st));
    x.time_ps.push_back(st.time);
  };
  if (!resume) {
    if (log) log->observe(ck.md);
    if (traj) traj->observe(ck.md);
    sample(ck.md);
  }

  const long end = std::max(steps, ck.md.step);
  progress_observer progress(end - ck.md.step, progress_option(args.get("progress")), "md");
  const stopwatch wall;
  while (ck.md.step < end) {
    md.step(ck.md, calc);
    if (ck.md.step % sample_every == 0) sample(ck.md);
    if (log) log->observe(ck.md);
    if (traj) traj->observe(ck.md);
    progress.observe(ck.md);
    if (!checkpoint.empty() && ck.md.step % checkpoint_every == 0) save_checkpoint(checkpoint, ck, calc);
  }
  if (!checkpoint.empty()) save_checkpoint(checkpoint, ck, calc);
  const double md_s = wall.seconds();
  const long run_steps = end - resumed_from;
  if (args.has("out")) write_structure(args.get("out"), ck.md.system);

  const auto& x = ck.samples;
  std::size_t from = 0;
  while (from < x.time_ps.size() && x.time_ps[from] < average_after_ps) ++from;
  const double N = double(ck.md.system.size());
  std::vector<double> pe_per_atom(x.potential_eV.size());
  for (std::size_t k = 0; k < pe_per_atom.size(); ++k) pe_per_atom[k] = x.potential_eV[k] / N;
  double drift = std::numeric_limits<double>::quiet_NaN();
  if (x.time_ps.size() >= 2 && x.time_ps.back() > x.time_ps.front())
    drift = (x.conserved_eV.back() - x.conserved_eV.front()) / (x.time_ps.back() - x.time_ps.front()) / N;
  const system& s = ck.md.system;
  nlohmann::json j = {
      {"natoms", s.size()},
      {"elements", s.type_names},
      {"ensemble", args.get("ensemble")},
      {"steps", end},
      {"steps_run", run_steps},
      {"resumed_from_step", resumed_from},
      {"time_ps", ck.md.time},
      {"final", {{"temperature_K", temperature(s)},
                 {"pressure_GPa", pelkit::detail::pressure_tensor(s, ck.md.evaluation).trace() / 3 * units::eV_per_A3_to_GPa},
                 {"volume_A3", s.box.volume()},
                 {"density_g_per_cm3", s.total_mass() / s.box.volume() * units::amu_per_A3_to_g_per_cm3},
                 {"potential_eV", ck.md.evaluation.energy},
                 {"conserved_eV", conserved_energy(ck.md)}}},
      {"averages", {{"from_ps", average_after_ps},
                    {"sample_every", sample_every},
                    {"blocks", blocks},
                    {"temperature_K", block_average(x.temperature_K, from, blocks)},
                    {"pressure_GPa", block_average(x.pressure_GPa, from, blocks)},
                    {"density_g_per_cm3", block_average(x.density_g_per_cm3, from, blocks)},
                    {"volume_A3", block_average(x.volume_A3, from, blocks)},
                    {"potential_eV_per_atom", block_average(pe_per_atom, from, blocks)}}},
      {"conserved_drift_eV_per_ps_per_atom", drift},
      {"parameters", {{"dt_ps", dt}, {"T_K", args.get("T")}, {"P_GPa", args.get("P")},
                      {"thermostat", args.get("thermostat")}, {"couple", args.get("couple")},
                      {"tau_T_ps", args.number("tau-T")}, {"tau_P_ps", args.number("tau-P")},
                      {"seed", args.get("seed")}}},
      {"timing_s", {{"total", clock.seconds()}, {"md", md_s},
                    {"steps_per_s", md_s > 0 ? double(run_steps) / md_s : 0.0},
                    {"ns_per_day", md_s > 0 ? double(run_steps) * dt * 1e-3 / (md_s / 86400.0) : 0.0}}},
  };
  if (args.has("out")) j["out"] = args.get("out");
  emit_json(j, args.optional("json"));
  if (args.optional("json"))
    std::cerr << "pelkit md: " << s.size() << " atoms, " << run_steps << " steps to t = " << ck.md.time
              << " ps, <rho> = " << j["averages"]["density_g_per_cm3"]["mean"].get<double>() << " g/cm3, "
              << md_s << " s\n";
  return 0;
}

int run_md(const arguments& args) {
  stopwatch clock;
  system start = load_structure(args.get("data"), args.optional("elements"));
  validate(start, args.get("data"));
  auto calc = calculator(eam::from_file(args.get("potential")), args.number("skin"));
  (void)map_types(start.type_names, calc.potential().elements());  // unknown elements: fail now

  const double dt = args.number("dt"), tau_T = args.number("tau-T"), tau_P = args.number("tau-P");
  const schedule T = schedule_option(args, "T");
  const auto seed = std::uint64_t(args.whole_number("seed", 0));
  if (!start.velocities || args.has("new-velocities")) initialize_velocities(start, T(0), seed);
  const std::string ensemble = args.get("ensemble"), thermostat = args.get("thermostat");
  if (ensemble == "npt") {
    if (thermostat != "nh")
      throw error("--thermostat " + thermostat + ": NPT runs with the Nose-Hoover chain (LAMMPS fix npt); use nh");
    return run_with(npt(dt, T, schedule_option(args, "P"), tau_T, tau_P, coupling_value(args.get("couple"))), calc,
                    std::move(start), args, clock);
  }
  if (ensemble == "nve") return run_with(velocity_verlet(dt), calc, std::move(start), args, clock);
  if (ensemble != "nvt") throw error("--ensemble: expected nve, nvt or npt, got '" + ensemble + "'");
  // LAMMPS fix nvt: a chain of 3, one Trotter sweep.
  if (thermostat == "nh")
    return run_with(velocity_verlet(dt, nose_hoover_chain(T, tau_T, 3, 1, 1)), calc, std::move(start), args, clock);
  if (thermostat == "bussi")
    return run_with(velocity_verlet(dt, bussi(T, tau_T, seed)), calc, std::move(start), args, clock);
  if (thermostat == "langevin")
    return run_with(velocity_verlet(dt, langevin(T, tau_T, seed)), calc, std::move(start), args, clock);
  throw error("--thermostat: expected nh, bussi or langevin, got '" + thermostat + "'");
}

}  // namespace

command md_command() {
  return {"md",
          "molecular dynamics: NVE, NVT (Nose-Hoover, Bussi, Langevin) or NPT (MTK) with schedules",
          "Runs molecular dynamics of --data with an EAM potential. --ensemble nve; nvt with\n"
          "--thermostat nh (Nose-Hoover chain of 3, as LAMMPS fix nvt), bussi (stochastic velocity\n"
          "rescaling) or langevin (OBABO, 3N degrees of freedom); npt: Nose-Hoover chain and\n"
          "MTK barostat, iso, aniso or tri (--couple), as LAMMPS fix npt. --T and --P are a value\n"
          "or a schedule of t_ps:value points (\"0:300,10:1500\": linear between, constant\n"
          "outside). Velocities: those of --data, else (or with --new-velocities) drawn at T(0)\n"
          "with --seed. Writes the thermo log (--thermo CSV, columns as pelkit quench), an optional\n"
          "trajectory, the final configuration (--out) and JSON: natoms, elements, ensemble, steps,\n"
          "steps_run, resumed_from_step, time_ps, final{temperature_K, pressure_GPa, volume_A3,\n"
          "density_g_per_cm3, potential_eV, conserved_eV}, averages{from_ps, sample_every, blocks,\n"
          "temperature_K, pressure_GPa, density_g_per_cm3, volume_A3, potential_eV_per_atom: each\n"
          "{mean, stderr, samples}}, conserved_drift_eV_per_ps_per_atom, parameters{...},\n"
          "timing_s{total, md, steps_per_s, ns_per_day}, out. Averages are over the samples taken\n"
          "every --sample-every steps from --average-after-ps on, with the standard error of\n"
          "--blocks block means. With --checkpoint FILE the run saves itself every\n"
          "--checkpoint-every steps and at the end; rerun with the same options (a larger --steps\n"
          "continues it) and it resumes from FILE bit for bit, logs appended without duplicates.",
          {{"potential", "FILE", "EAM potential file (.eam, .eam.alloy, .eam.fs)", "", true},
           {"data", "FILE", "start configuration (its velocities are used if it has them)", "", true},
           {"elements", "LIST", "element of each atom type of --data, e.g. Cu,Zr"},
           {"ensemble", "E", "nve, nvt or npt", "npt"},
           {"thermostat", "T", "nvt: nh, bussi or langevin (npt: nh)", "nh"},
           {"T", "K|SCHEDULE", "temperature, K: a value or t_ps:K points", "300"},
           {"P", "GPa|SCHEDULE", "pressure (npt), GPa: a value or t_ps:GPa points", "0"},
           {"couple", "MODE", "npt barostat coupling: iso, aniso or tri", "iso"},
           {"steps", "N", "run until global step N (one of --steps, --time-ps)"},
           {"time-ps", "T", "run until time T, ps (one of --steps, --time-ps)"},
           {"dt", "PS", "time step, ps", "0.002"},
           {"tau-T", "PS", "thermostat damping time (LAMMPS Tdamp), ps", "0.1"},
           {"tau-P", "PS", "barostat damping time (LAMMPS Pdamp), ps", "1.0"},
           {"seed", "S", "seed of drawn velocities and of the stochastic thermostats", "12345"},
           {"new-velocities", "", "draw velocities at T(0) even if --data has some"},
           {"average-after-ps", "T", "average the samples from time T on, ps", "0"},
           {"sample-every", "N", "steps between samples of the averages", "10"},
           {"blocks", "N", "blocks of the standard errors", "10"},
           {"thermo", "CSV", "thermo log (step, time_ps, temperature_K, ..., see docs/dynamics.md)"},
           {"thermo-every", "N", "steps between thermo rows", "100"},
           {"trajectory", "FILE", "trajectory (.dump/.lammpstrj or .xyz/.extxyz)"},
           {"trajectory-every", "N", "steps between trajectory frames", "1000"},
           {"checkpoint", "FILE", "checkpoint file; resumes from it if it exists"},
           {"checkpoint-every", "N", "steps between checkpoints", "10000"},
           {"out", "FILE", "write the final configuration (with velocities) here"},
           {"progress", "MODE", "progress line on stderr: auto (when a terminal), always, never", "auto"},
           {"skin", "A", "neighbour-list skin, Å", "1.0"},
           {"json", "OUT", "write the JSON to OUT instead of standard output"}},
          run_md};
}

}  // namespace pelkit::cli
