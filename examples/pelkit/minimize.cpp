// pelkit minimize — relax atom positions to a local energy minimum at fixed cell.
#include <pelkit/minimize/conjugate_gradient.hpp>
#include <pelkit/minimize/fire.hpp>
#include <pelkit/minimize/lbfgs.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>

#include "common.hpp"

namespace pelkit::cli {

command minimize_command();

namespace {

long whole_number(const arguments& args, const std::string& name) {
  const double v = args.number(name);
  if (!(v >= 1) || v != std::floor(v) || v > 1e15)
    throw error("--" + name + ": expected a positive whole number, got '" + args.get(name) + "'");
  return long(v);
}

int run_minimize(const arguments& args) {
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
  stop.max_iterations = whole_number(args, "max-iterations");
  stop.max_force_evaluations = whole_number(args, "max-evaluations");

  system s = load_structure(args.get("data"), args.optional("elements"));
  validate(s, args.get("data"));
  auto calc = calculator(eam::from_file(args.get("potential")), args.number("skin"));
  const double read_s = clock.seconds();

  stopwatch min_clock;
  minimize_result r;
  if (method == "fire") r = fire2{}.minimize(calc, s, stop);
  else if (method == "cg") r = conjugate_gradient{}.minimize(calc, s, stop);
  else r = lbfgs{}.minimize(calc, s, stop);
  const double min_s = min_clock.seconds();

  stopwatch write_clock;
  write_structure(args.get("out"), s);
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
      {"natoms", s.size()},
      {"timing_s", {{"read", read_s}, {"minimize", min_s}, {"write", write_s}}},
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
          "relax atom positions to a local energy minimum (fixed cell)",
          "Minimises the energy of a configuration with an EAM potential (.eam, .eam.alloy,\n"
          ".eam.fs) over the atom positions; the cell stays fixed. Methods: lbfgs (L-BFGS, memory\n"
          "10, strong-Wolfe line search; default, fewest force evaluations), cg (Polak-Ribiere+\n"
          "conjugate gradients, same line search) and fire (FIRE 2.0, real masses, dt 1 fs).\n"
          "Stops when the largest per-atom force norm is <= --fmax (eV/Å; note LAMMPS's ftol is\n"
          "the 2-norm of the whole force vector instead) or the relative energy change between\n"
          "iterations is <= --etol (LAMMPS etol style), or at a limit. Writes the relaxed structure\n"
          "to --out (format from its extension) and JSON: energy_initial_eV, energy_final_eV,\n"
          "energy_per_atom_eV, fmax_eV_per_A, iterations, force_evaluations, energy_evaluations,\n"
          "converged, reason, method, natoms, timing_s.\n"
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
           {"max-iterations", "N", "iteration limit", "100000"},
           {"max-evaluations", "N", "potential evaluation limit", "1000000"},
           {"skin", "A", "neighbour-list skin, Å", "1.0"},
           {"json", "OUT", "write the JSON to OUT instead of standard output"}},
          run_minimize};
}

}  // namespace pelkit::cli
