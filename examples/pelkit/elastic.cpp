// pelkit elastic — elastic constants at T = 0 of a minimised configuration and the shear and
// bulk moduli (docs/elastic.md).
#include <pelkit/elastic/elastic.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>

#include "common.hpp"

namespace pelkit::cli {

command elastic_command();

namespace {

nlohmann::json matrix_json(const matrix6& C) {
  nlohmann::json rows = nlohmann::json::array();
  for (int k = 0; k < 6; ++k) {
    nlohmann::json row = nlohmann::json::array();
    for (int l = 0; l < 6; ++l) row.push_back(C(k, l));
    rows.push_back(row);
  }
  return rows;
}

elastic_options options(const arguments& args) {
  elastic_options opt;
  opt.strain = args.number("strain");
  opt.relax_fmax = args.number("relax-fmax");
  opt.max_force = args.number("max-force");
  return opt;
}

nlohmann::json result_json(const elastic_result& r, std::size_t natoms) {
  return {
      {"method", r.method},
      {"C_GPa", matrix_json(r.C_GPa)},
      {"raw_GPa", matrix_json(r.raw_GPa)},
      {"wallace_GPa", matrix_json(r.wallace_GPa)},
      {"asymmetry_GPa", r.asymmetry_GPa},
      {"G_GPa", {{"voigt", r.shear.voigt}, {"reuss", r.shear.reuss}, {"hill", r.shear.hill},
                 {"c44_mean", r.shear.c44_mean}, {"c11_c12_half", r.shear.c11_c12_half}}},
      {"B_GPa", {{"voigt", r.bulk.voigt}, {"reuss", r.bulk.reuss}, {"hill", r.bulk.hill}}},
      {"residual_stress_GPa", tensor_json(r.residual_stress_GPa)},
      {"natoms", natoms},
      {"fmax_eV_per_A", r.fmax},
      {"force_evaluations", r.force_evaluations},
  };
}

int run_elastic(const arguments& args) {
  stopwatch clock;
  const std::string method = args.get("method");
  if (method != "response" && method != "strain")
    throw error("--method: expected response or strain, got '" + method + "'");
  const elastic_options opt = options(args);
  system s = load_structure(args.get("data"), args.optional("elements"));
  validate(s, args.get("data"));
  auto calc = calculator(eam::from_file(args.get("potential")));
  const double read_s = clock.seconds();

  stopwatch work;
  const elastic_result r = method == "strain" ? elastic_strain(calc, s, opt) : elastic_response(calc, s, opt);
  nlohmann::json out = result_json(r, s.size());
  out["strain"] = opt.strain;
  out["timing_s"] = {{"read", read_s}, {"elastic", work.seconds()}};
  out["threads"] = openmp_threads();
  emit_json(out, args.optional("json"));
  if (args.optional("json"))
    std::cerr << "pelkit elastic: " << method << ", " << s.size() << " atoms: G (Hill) " << r.shear.hill
              << " GPa, B (Hill) " << r.bulk.hill << " GPa, " << work.seconds() << " s -> " << args.get("json")
              << "\n";
  return 0;
}

}  // namespace

command elastic_command() {
  return {"elastic",
          "elastic constants (GPa) and shear / bulk moduli of a minimised configuration at T = 0",
          "Computes the 6x6 elastic constants (Voigt order xx yy zz yz xz xy, engineering shear\n"
          "strain, GPa) of a configuration that is at a local energy minimum (largest force <=\n"
          "--max-force, else an error: minimise it first) with an EAM potential. Methods:\n"
          "response (default): linear response, C = C_Born - Xi^T H^+ Xi / V with the analytic\n"
          "dense Hessian (72 N^2 bytes, O(N^3) time) and Born term and Xi from central\n"
          "differences with step --strain; strain: the finite-strain way of LAMMPS's\n"
          "examples/ELASTIC (+-strain per Voigt component, atoms relaxed at fixed cell to\n"
          "--relax-fmax, C = -dP/de). Both give the stress-strain coefficients B = -dP/de of the\n"
          "virial pressure P (what LAMMPS reports); with a residual stress they differ from the\n"
          "energy constants by terms linear in it (docs/elastic.md). JSON: C_GPa (symmetrised B),\n"
          "raw_GPa (unsymmetrised), wallace_GPa (energy constants, residual stress accounted),\n"
          "asymmetry_GPa, G_GPa {voigt, reuss, hill, c44_mean, c11_c12_half} (use hill),\n"
          "B_GPa {voigt, reuss, hill}, residual_stress_GPa {xx..yz} (stress = -P, GPa,\n"
          "negative = compressed), method, natoms, fmax_eV_per_A, force_evaluations, strain,\n"
          "timing_s. Exit status 1 for bad input, a configuration that is not a minimum or an\n"
          "unstable one (Hessian or C not positive definite).",
          {{"potential", "FILE", "EAM potential file (.eam, .eam.alloy, .eam.fs)", "", true},
           {"data", "FILE", "minimised configuration: LAMMPS data, dump (last frame) or .xyz", "", true},
           {"elements", "LIST", "element of each atom type in order, e.g. Cu,Zr (default: names in the file)"},
           {"method", "NAME", "response (linear response) or strain (finite strain, LAMMPS ELASTIC)", "response"},
           {"strain", "D", "strain amplitude (strain) / finite-difference step (response), dimensionless", "1e-5"},
           {"relax-fmax", "F", "strain method: relax strained configurations to max |force| <= F, eV/Å", "1e-8"},
           {"max-force", "F", "refuse input whose largest force exceeds F (not a minimum), eV/Å", "1e-4"},
           {"json", "OUT", "write the JSON to OUT instead of standard output"}},
          run_elastic};
}

}  // namespace pelkit::cli
