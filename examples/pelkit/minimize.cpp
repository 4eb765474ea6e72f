// pelkit minimize — relax atom positions (and optionally the cell, at a target pressure) to a
// local energy (enthalpy) minimum.
#include <pelkit/minimize/cell_filter.hpp>
#include <pelkit/minimize/conjugate_gradient.hpp>
#include <pelkit/minimize/fire.hpp>
#include <pelkit/minimize/lbfgs.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>

#include "common.hpp"

namespace pelkit::cli {

command minimize_command();

namespace {

cell_relaxation cell_option(const arguments& args) {
  cell_relaxation cell;
  const std::string mode = args.get("cell");
  if (mode == "fixed") cell.mode = cell_mode::fixed;
  else if (mode == "iso") cell.mode = cell_mode::isotropic;
  else if (mode == "aniso") cell.mode = cell_mode::anisotropic;
  else if (mode == "full") cell.mode = cell_mode::full;
  else throw error("--cell: expected fixed, iso, aniso or full, got '" + mode + "'");
  cell.pressure_GPa = args.number("pressure");
  if (!std::isfinite(cell.pressure_GPa)) throw error("--pressure must be a finite number (GPa)");
  return cell;
}

int run_minimize(const arguments& args) {
  check_atoms_out(args);
  stopwatch clock;
  const std::string method = args.get("method");
  if (method != "fire" && method != "cg" && method != "lbfgs")
    throw error("--method: expected fire, cg or lbfgs, got '" + method + "'");
  stop_criteria stop;
  stop.fmax = args.number("fmax");
  stop.energy_tolerance = args.number("etol");
  if (!(stop.fmax >= 0)) throw error("--fmax must be >= 0 (eV/Å)");
  if (!(stop.energy_tolerance >= 0)) throw error("--etol must be >= 0");
  if (stop.fmax == 0 && stop.energy_tolerance == 0)
    throw error("--fmax 0 with --etol 0 can never converge; give one of them > 0");
  stop.max_iterations = args.whole_number("max-iterations", 1);
  stop.max_force_evaluations = args.whole_number("max-evaluations", 1);
  const cell_relaxation cell = cell_option(args);

  system s = load_structure(args.get("data"), args.optional("elements"));
  validate(s, args.get("data"));
  auto calc = calculator(eam::from_file(args.get("potential")), args.number("skin"));
  const double read_s = clock.seconds();

  stopwatch min_clock;
  minimize_result r;
  if (method == "fire") r = relax(fire2{}, calc, s, cell, stop);
  else if (method == "cg") r = relax(conjugate_gradient{}, calc, s, cell, stop);
  else r = relax(lbfgs{}, calc, s, cell, stop);
  const double min_s = min_clock.seconds();

  stopwatch write_clock;
  // The final energy, forces and virial stress, for an extended XYZ --out and --atoms-out.
  const std::string out_path = args.get("out");
  const bool out_extxyz = format_of(out_path) == structure_format::extxyz;
  std::optional<evaluation> final_eval;
  if (out_extxyz || args.has("atoms-out")) final_eval = calc.compute(s, {true, true, true});
  std::map<std::string, std::string> final_info;
  if (final_eval)
    final_info = {{"energy", number_text(final_eval->energy)},
                  {"stress", ase_stress(final_eval->pressure_tensor(s.box.volume()))}};
  if (out_extxyz) write_extxyz(out_path, s, final_eval->forces, final_info);
  else write_structure(out_path, s);
  if (auto path = args.optional("atoms-out")) {
    atoms_table table;
    table.columns = {atom_column::real("energy_eV", final_eval->energy_per_atom)};
    table.forces = final_eval->forces;
    table.info = final_info;
    write_atoms_out(*path, s, std::move(table));
  }
  const double write_s = write_clock.seconds();

  const double n = double(s.size());
  nlohmann::json out = {
      {"energy_initial_eV", r.energy_initial},
      {"energy_final_eV", r.energy_final},
      {"energy_per_atom_eV", r.energy_final / n},
      {"fmax_eV_per_A", r.fmax},
      {"iterations", r.iterations},
      {"force_evaluations", r.force_evaluations},
      {"energy_evaluations", r.energy_evaluations},
      {"converged", r.converged},
      {"reason", r.reason},
      {"method", method},
      {"cell_mode", to_string(cell.mode)},
      {"target_pressure_GPa", cell.pressure_GPa},
      {"pressure_GPa", r.pressure_GPa},
      {"volume_A3", r.volume_A3},
      {"enthalpy_final_eV", r.enthalpy_final},
      {"natoms", s.size()},
      {"timing_s", {{"read", read_s}, {"minimize", min_s}, {"write", write_s}}},
      {"threads", openmp_threads()},
  };
  emit_json(out, args.optional("json"));
  if (!r.converged)
    std::cerr << "pelkit minimize: warning: not converged (" << r.reason << "); fmax = " << r.fmax
              << " eV/Å; wrote the last good configuration to " << args.get("out") << "\n";
  else if (args.optional("json"))
    std::cerr << "pelkit minimize: " << method << ", " << s.size() << " atoms, E " << r.energy_initial
              << " -> " << r.energy_final << " eV (" << r.energy_final / n << " eV/atom), fmax "
              << r.fmax << " eV/Å, " << r.iterations << " iterations, " << r.force_evaluations
              << " force evaluations, " << min_s << " s -> " << args.get("out") << "\n";
  return 0;
}

}  // namespace

command minimize_command() {
  return {"minimize",
          "relax atom positions (and optionally the cell) to a local energy minimum",
          "Minimises the energy of a configuration with an EAM potential (.eam, .eam.alloy,\n"
          ".eam.fs) over the atom positions; with --cell iso|aniso|full also over the cell (one\n"
          "scale factor | the three box lengths | all of lx ly lz xy xz yz), minimising the\n"
          "enthalpy E + p V at the target --pressure p (GPa). Methods: lbfgs (L-BFGS, memory 10,\n"
          "strong-Wolfe line search; default, fewest force evaluations), cg (Polak-Ribiere+\n"
          "conjugate gradients, same line search) and fire (FIRE 2.0, real masses, dt 1 fs).\n"
          "Stops when the largest per-atom force norm is <= --fmax (eV/Å; note LAMMPS's ftol is\n"
          "the 2-norm of the whole force vector instead; a moving cell counts as three more\n"
          "'atoms', so its pressure residual is <= fmax/V^(2/3) per cell vector) or the relative\n"
          "energy (enthalpy) change between iterations is <= --etol (LAMMPS etol style), or at a\n"
          "limit. Writes the relaxed structure\n"
          "to --out (format from its extension; an extended XYZ --out also gets the final forces\n"
          "and energy= and stress= on its comment line, as ASE reads them) and JSON: energy_initial_eV, energy_final_eV,\n"
          "energy_per_atom_eV, fmax_eV_per_A, iterations, force_evaluations, energy_evaluations,\n"
          "converged, reason, method, cell_mode, target_pressure_GPa, pressure_GPa (final virial\n"
          "pressure), volume_A3 (final), enthalpy_final_eV (E + p V), natoms, timing_s.\n"
          "Exit status: 0 when the minimisation ran, even if it did not converge (then\n"
          "converged=false, `reason` says why, a warning goes to stderr and --out holds the last\n"
          "finite configuration); 1 for input errors (bad options, unreadable files).",
          {{"potential", "FILE", "EAM potential file (.eam, .eam.alloy, .eam.fs)", "", true},
           {"data", "FILE", "start configuration: LAMMPS data, dump (last frame) or .xyz", "", true},
           {"out", "FILE", "write the minimised configuration here (.data/.lmp or .xyz)", "", true},
           {"elements", "LIST", "element of each atom type in order, e.g. Cu,Zr (default: names in the file)"},
           {"method", "NAME", "lbfgs, cg or fire", "lbfgs"},
           {"fmax", "F", "converged when max per-atom |force| <= F, eV/Å", "1e-6"},
           {"etol", "E", "converged when |ΔE| <= E·(|E_old|+|E_new|)/2 between iterations; 0 = off", "0"},
           {"cell", "MODE", "fixed (default), iso, aniso or full: which cell components relax", "fixed"},
           {"pressure", "GPa", "target hydrostatic pressure for --cell iso|aniso|full, GPa", "0"},
           {"max-iterations", "N", "iteration limit", "100000"},
           {"max-evaluations", "N", "potential evaluation limit", "1000000"},
           {"skin", "A", "neighbour-list skin, Å", "1.0"},
           {"json", "OUT", "write the JSON to OUT instead of standard output"},
           atoms_out_option("final energy_eV, forces; energy and stress on the extxyz comment line")},
          run_minimize};
}

}  // namespace pelkit::cli
