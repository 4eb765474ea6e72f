// pelkit quench — prepare a glass: melt (optional), equilibrate, quench at a pressure and
// cooling rate, release the pressure, relax, minimise (pelkit/protocol/quench.hpp).
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>
#include <pelkit/protocol/quench.hpp>

#include <filesystem>

#include "common.hpp"

namespace pelkit::cli {

command quench_command();

namespace {

long steps_option(const arguments& args, const std::string& name) {
  const double v = args.number(name);
  if (!(v >= 1) || v != std::floor(v) || v > 1e15)
    throw error("--" + name + ": expected a positive whole number of steps, got '" + args.get(name) + "'");
  return long(v);
}

coupling coupling_option(const std::string& text) {
  if (text == "iso") return coupling::isotropic;
  if (text == "aniso") return coupling::anisotropic;
  if (text == "tri") return coupling::triclinic;
  throw error("--couple: expected iso, aniso or tri, got '" + text + "'");
}

quench_parameters parameters(const arguments& args) {
  quench_parameters q;
  q.T_hot_K = args.number("melt-T");
  q.melt_ps = args.number("melt-ps");
  q.T0_K = args.number("T0");
  q.equilibrate_ps = args.number("equilibrate-ps");
  q.T1_K = args.number("T1");
  q.cooling_rate_K_per_s = args.number("rate");
  q.pressure_GPa = args.number("pressure");
  q.release_ps = args.number("release-ps");
  q.release_pressure_GPa = args.number("release-pressure");
  q.relax_ps = args.number("relax-ps");
  q.dt_ps = args.number("dt");
  q.tau_T_ps = args.number("tau-T");
  q.tau_P_ps = args.number("tau-P");
  q.cell = coupling_option(args.get("couple"));
  q.velocity_seed = std::uint64_t(steps_option(args, "velocity-seed"));
  q.fmax_eV_per_A = args.number("fmax");
  q.check();
  return q;
}

/// The start: a data file, or a generated random alloy.
system start_structure(const arguments& args, bool& generated) {
  generated = !args.has("data");
  if (!generated) {
    system s = load_structure(args.get("data"), args.optional("elements"));
    validate(s, args.get("data"));
    return s;
  }
  liquid_spec spec;
  spec.natoms = std::size_t(steps_option(args, "natoms"));
  spec.elements.clear();
  spec.fractions.clear();
  for (const auto& item : split_list(args.get("composition"))) {
    const auto eq = item.find('=');
    if (eq == std::string::npos) throw error("--composition: expected Element=fraction items, got '" + item + "'");
    spec.elements.push_back(item.substr(0, eq));
    try {
      spec.fractions.push_back(std::stod(item.substr(eq + 1)));
    } catch (const std::exception&) {
      throw error("--composition: not a number in '" + item + "'");
    }
  }
  spec.number_density_per_A3 = args.number("number-density");
  spec.seed = std::uint64_t(steps_option(args, "seed"));
  return random_alloy(spec);
}

nlohmann::json parameters_json(const quench_parameters& q, bool generated) {
  return {{"melt_T_K", generated ? q.T_hot_K : 0.0}, {"melt_ps", generated ? q.melt_ps : 0.0},
          {"T0_K", q.T0_K}, {"equilibrate_ps", q.equilibrate_ps}, {"T1_K", q.T1_K},
          {"cooling_rate_K_per_s", q.cooling_rate_K_per_s}, {"pressure_GPa", q.pressure_GPa},
          {"release_ps", q.release_ps}, {"release_pressure_GPa", q.release_pressure_GPa},
          {"relax_ps", q.relax_ps}, {"dt_ps", q.dt_ps}, {"tau_T_ps", q.tau_T_ps}, {"tau_P_ps", q.tau_P_ps},
          {"couple", to_string(q.cell)}, {"velocity_seed", q.velocity_seed}, {"fmax_eV_per_A", q.fmax_eV_per_A}};
}

/// Writes the LAMMPS input and, next to it, the start structure it reads (with velocities).
void write_lammps(const arguments& args, const quench_parameters& q, system start, bool generated) {
  const std::string script = args.get("lammps-input");
  const std::string data = script + ".start.data";
  if (!start.velocities)
    initialize_velocities(start, quench_stages(q, generated).front().T_start_K, q.velocity_seed);
  write_lammps_data(data, start);
  lammps_quench_files f;
  f.data_file = std::filesystem::absolute(data).string();
  f.potential_file = std::filesystem::absolute(args.get("potential")).string();
  f.pair_style = eam_pair_style(args.get("potential"));
  f.elements = start.type_names;
  f.output_data = args.get("out");
  f.thermo_every = steps_option(args, "thermo-every");
  std::ofstream out(script);
  if (!out) throw error(script + ": cannot open for writing");
  out << lammps_quench_input(q, f, generated);
  if (!out) throw error(script + ": write failed");
  std::cerr << "pelkit quench: wrote LAMMPS input " << script << " (reads " << data << ")\n";
}

int run_quench(const arguments& args) {
  stopwatch clock;
  const quench_parameters q = parameters(args);
  bool generated = false;
  system start = start_structure(args, generated);
  auto calc = calculator(eam::from_file(args.get("potential")), args.number("skin"));
  (void)map_types(start.type_names, calc.potential().elements());  // unknown elements: fail now
  if (args.has("lammps-input")) write_lammps(args, q, start, generated);
  if (args.has("lammps-only")) {
    if (!args.has("lammps-input")) throw error("--lammps-only needs --lammps-input FILE");
    return 0;
  }
  quench_output out;
  out.thermo_csv = args.optional("thermo").value_or("");
  out.thermo_every = steps_option(args, "thermo-every");
  out.trajectory = args.optional("trajectory").value_or("");
  out.trajectory_every = steps_option(args, "trajectory-every");
  out.checkpoint = args.optional("checkpoint").value_or("");
  out.checkpoint_every = steps_option(args, "checkpoint-every");
  out.progress = progress_option(args.get("progress"));
  if (args.has("stop-at-step")) {
    if (out.checkpoint.empty()) throw error("--stop-at-step needs --checkpoint FILE (to resume from)");
    out.stop_at_step = steps_option(args, "stop-at-step");
  }

  const quench_result r = quench(std::move(start), calc, q, out, generated);
  if (!r.complete) {
    emit_json({{"complete", false}, {"stopped_at_step", out.stop_at_step}, {"checkpoint", out.checkpoint},
               {"resumed_from_step", r.resumed_from_step}},
              args.optional("json"));
    std::cerr << "pelkit quench: stopped at step " << out.stop_at_step << "; rerun without --stop-at-step to resume from "
              << out.checkpoint << "\n";
    return 0;
  }
  write_structure(args.get("out"), r.glass);

  double md_s = 0, md_ps = 0;
  long md_steps = 0;
  nlohmann::json stages = nlohmann::json::array();
  for (const auto& s : r.stages) {
    stages.push_back({{"name", s.name}, {"steps", s.steps}, {"duration_ps", s.duration_ps}, {"wall_s", s.wall_s},
                      {"T_end_K", s.T_end_K}, {"P_end_GPa", s.P_end_GPa},
                      {"density_end_g_per_cm3", s.density_end_g_per_cm3}});
    if (s.wall_s > 0) md_s += s.wall_s, md_ps += s.duration_ps, md_steps += s.steps;
  }
  const auto& m = r.minimization;
  nlohmann::json j = {
      {"complete", true},
      {"natoms", r.glass.size()},
      {"density_g_per_cm3", r.density_g_per_cm3},
      {"number_density_per_A3", r.number_density_per_A3},
      {"E_IS_eV_per_atom", r.E_IS_eV_per_atom},
      {"volume_A3", r.volume_A3},
      {"pressure_GPa", r.pressure_GPa},
      {"minimization", {{"energy_initial_eV", m.energy_initial}, {"energy_final_eV", m.energy_final},
                        {"fmax_eV_per_A", m.fmax}, {"iterations", m.iterations},
                        {"force_evaluations", m.force_evaluations}, {"converged", m.converged},
                        {"reason", m.reason}}},
      {"stages", stages},
      {"total_steps", r.total_steps},
      {"resumed_from_step", r.resumed_from_step},
      {"generated_start", generated},
      {"parameters", parameters_json(q, generated)},
      {"timing_s", {{"total", clock.seconds()}, {"md", md_s}, {"minimize", r.minimize_wall_s},
                    {"steps_per_s", md_s > 0 ? double(md_steps) / md_s : 0.0},
                    {"ns_per_day", md_s > 0 ? md_ps * 1e-3 / (md_s / 86400.0) : 0.0}}},
      {"out", args.get("out")},
      {"threads", openmp_threads()},
  };
  emit_json(j, args.optional("json"));
  if (args.optional("json"))
    std::cerr << "pelkit quench: " << r.glass.size() << " atoms, " << r.total_steps << " steps, rho "
              << r.density_g_per_cm3 << " g/cm3, E_IS " << r.E_IS_eV_per_atom << " eV/atom, "
              << clock.seconds() << " s -> " << args.get("out") << "\n";
  return 0;
}

}  // namespace

command quench_command() {
  return {"quench",
          "prepare a glass: NPT quench at a pressure and cooling rate, release, relax, minimise",
          "Runs the seed's preparation protocol with an EAM potential. Start: --data FILE (a\n"
          "liquid; its velocities are kept if it has them, else drawn at T0), or a random alloy of\n"
          "--natoms atoms with --composition at --number-density, which is first melted at\n"
          "--melt-T for --melt-ps. Stages, each an NPT run (Nose-Hoover chain + MTK barostat as\n"
          "LAMMPS fix npt, barostat masses of T0): equilibrate at T0 and --pressure;\n"
          "quench T0 -> T1 at --rate; release the pressure to --release-pressure over\n"
          "--release-ps at T1; relax at T1 for --relax-ps; then L-BFGS minimisation to --fmax\n"
          "(the inherent structure). Writes the glass to --out, the thermo log (--thermo CSV),\n"
          "an optional trajectory, and JSON: natoms, density_g_per_cm3, number_density_per_A3,\n"
          "complete, E_IS_eV_per_atom, volume_A3, pressure_GPa, minimization{...}, stages[{name, steps,\n"
          "duration_ps, wall_s, T_end_K, P_end_GPa, density_end_g_per_cm3}], total_steps,\n"
          "resumed_from_step, generated_start, parameters{...}, timing_s{total, md, minimize,\n"
          "steps_per_s, ns_per_day}, out. With --checkpoint FILE the run saves itself every\n"
          "--checkpoint-every steps and, rerun with the same options, resumes from FILE bit for\n"
          "bit. --lammps-input FILE writes the same protocol as a LAMMPS input script (plus\n"
          "FILE.start.data) for running under MPI; --lammps-only stops after writing it.",
          {{"potential", "FILE", "EAM potential file (.eam, .eam.alloy, .eam.fs)", "", true},
           {"out", "FILE", "write the minimised glass here (.data/.lmp or .xyz)", "", true},
           {"data", "FILE", "start configuration (default: generate a random alloy)"},
           {"elements", "LIST", "element of each atom type of --data, e.g. Cu,Zr"},
           {"natoms", "N", "atoms of a generated start", "4000"},
           {"composition", "LIST", "mole fractions of a generated start", "Cu=0.5,Zr=0.5"},
           {"number-density", "RHO", "atoms per Å³ of a generated start", "0.05030"},
           {"seed", "S", "random seed of a generated start", "1"},
           {"melt-T", "K", "melt temperature of a generated start, K", "2500"},
           {"melt-ps", "PS", "melt time of a generated start, ps", "20"},
           {"T0", "K", "liquid temperature, K", "1500"},
           {"equilibrate-ps", "PS", "equilibration at T0 and --pressure, ps", "20"},
           {"T1", "K", "final temperature, K", "1"},
           {"rate", "Q", "cooling rate, K/s", "1e12"},
           {"pressure", "P", "pressure during the quench, GPa", "0"},
           {"release-ps", "PS", "time to ramp the pressure to --release-pressure, ps", "10"},
           {"release-pressure", "P", "final pressure, GPa", "0"},
           {"relax-ps", "PS", "relaxation at T1 and the release pressure, ps", "100"},
           {"dt", "PS", "time step, ps", "0.002"},
           {"tau-T", "PS", "thermostat damping time (LAMMPS Tdamp), ps", "0.1"},
           {"tau-P", "PS", "barostat damping time (LAMMPS Pdamp), ps", "1.0"},
           {"couple", "MODE", "barostat coupling: iso, aniso or tri", "iso"},
           {"velocity-seed", "S", "seed of the start velocities", "12345"},
           {"fmax", "F", "minimisation: converged when max per-atom |force| <= F, eV/Å", "1e-6"},
           {"thermo", "CSV", "thermo log (step, time_ps, temperature_K, ..., see docs/dynamics.md)"},
           {"thermo-every", "N", "steps between thermo rows", "1000"},
           {"trajectory", "FILE", "trajectory (.dump/.lammpstrj or .xyz/.extxyz)"},
           {"trajectory-every", "N", "steps between trajectory frames", "10000"},
           {"checkpoint", "FILE", "checkpoint file; resumes from it if it exists"},
           {"checkpoint-every", "N", "steps between checkpoints", "10000"},
           {"stop-at-step", "N", "save the checkpoint and stop at global step N (resume later; batch time limits)"},
           {"lammps-input", "FILE", "also write the protocol as a LAMMPS input script"},
           {"lammps-only", "", "only write the LAMMPS input (with --lammps-input), do not run"},
           {"progress", "MODE", "progress line on stderr: auto (when a terminal), always, never", "auto"},
           {"skin", "A", "neighbour-list skin, Å", "1.0"},
           {"json", "OUT", "write the JSON to OUT instead of standard output"}},
          run_quench};
}

}  // namespace pelkit::cli
