// pelkit psi — the soft-mode parameter Ψ of every atom (pelkit/descriptor/soft_mode.hpp).
#include <pelkit/descriptor/soft_mode.hpp>
#include <pelkit/hessian/hessian.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>

#include "common.hpp"

namespace pelkit::cli {

command psi_command();

namespace {

nlohmann::json summary(const Eigen::VectorXd& psi, const pelkit::system& s) {
  nlohmann::json by_element = nlohmann::json::object();
  for (int t = 0; t < s.type_count(); ++t) {
    double sum = 0;
    long count = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
      if (s.types[i] == t) sum += psi[Eigen::Index(i)], ++count;
    const std::string name = s.type_names[std::size_t(t)].empty() ? std::to_string(t + 1) : s.type_names[std::size_t(t)];
    if (count) by_element[name] = sum / double(count);
  }
  return {{"sum", psi.sum()}, {"mean", psi.mean()}, {"max", psi.maxCoeff()}, {"min", psi.minCoeff()},
          {"mean_by_element", by_element}};
}

/// The --modes K softest vibrational modes as JSON (null without --modes).
nlohmann::json softest_modes_json(const arguments& args, const Eigen::MatrixXd& H, const pelkit::system& s) {
  if (!args.has("modes")) return nullptr;
  const double k = args.number("modes");
  if (!(k >= 1) || k != std::floor(k)) throw error("--modes: expected a positive whole number, got '" + args.get("modes") + "'");
  const auto v = softest_modes(H, atom_masses(s), int(k));
  nlohmann::json modes = nlohmann::json::array();
  for (Eigen::Index l = 0; l < v.omega2_per_ps2.size(); ++l)
    modes.push_back({{"omega2_per_ps2", v.omega2_per_ps2[l]}, {"nu_THz", v.frequencies_THz()[l]},
                     {"participation", v.participation[l]}});
  return modes;
}

/// --vdos BIN: the vibrational density of states by full diagonalisation (null without).
nlohmann::json vdos_json(const arguments& args, const Eigen::MatrixXd& H, const pelkit::system& s) {
  if (!args.has("vdos")) return nullptr;
  const double bin = args.number("vdos");
  if (!(bin > 0)) throw error("--vdos: the bin width must be > 0 THz, got '" + args.get("vdos") + "'");
  const vibrational_dos d = density_of_states(vibrational_analysis(H, atom_masses(s)), bin);
  return {{"bin_THz", bin},
          {"nu_THz", std::vector<double>(d.nu_THz.begin(), d.nu_THz.end())},
          {"g_per_THz", std::vector<double>(d.g_per_THz.begin(), d.g_per_THz.end())},
          {"modes", d.modes},
          {"imaginary_modes", d.imaginary}};
}

int run_psi(const arguments& args) {
  check_atoms_out(args);
  stopwatch clock;
  system s = load_structure(args.get("data"), args.optional("elements"));
  validate(s, args.get("data"));
  auto calc = calculator(eam::from_file(args.get("potential")));
  const evaluation& e = calc.compute(s);
  const double fmax = e.forces.cols() ? e.forces.colwise().norm().maxCoeff() : 0.0;
  const double tolerance = args.number("max-force");
  if (!(fmax <= tolerance))
    throw error(args.get("data") + ": not an energy minimum: the largest force is " + std::to_string(fmax) +
                " eV/A (> --max-force " + args.get("max-force") +
                "); minimise it first (pelkit minimize --fmax 1e-6)");
  stopwatch hessian_clock;
  Eigen::MatrixXd H(hessian(calc, s));  // sparse assembly, then dense (O(nnz))
  const double hessian_s = hessian_clock.seconds();
  const nlohmann::json modes = softest_modes_json(args, H, s);  // before H is handed over
  const nlohmann::json vdos = vdos_json(args, H, s);
  stopwatch psi_clock;
  const soft_mode_result r = soft_modes(std::move(H), atom_masses(s));  // factorised in place, no copy
  const double psi_s = psi_clock.seconds();
  // Per-atom arrays in atom-id order.
  std::vector<long> ids;
  std::vector<double> psi_dynamical, psi_hessian;
  for (auto i : id_order(s)) {
    ids.push_back(s.ids.empty() ? long(i) + 1 : s.ids[i]);
    psi_dynamical.push_back(r.psi_dynamical[i]);
    psi_hessian.push_back(r.psi_hessian[i]);
  }
  if (auto path = args.optional("atoms-out")) {
    atoms_table table;
    table.columns = {atom_column::real("psi_ps2", r.psi_dynamical), atom_column::real("psi_A2_per_eV", r.psi_hessian)};
    write_atoms_out(*path, s, std::move(table));
  }
  nlohmann::json j = {
      {"natoms", s.size()},
      {"fmax_eV_per_A", fmax},
      {"ids", ids},
      {"psi_dynamical_ps2", psi_dynamical},
      {"psi_hessian_A2_per_eV", psi_hessian},
      {"dynamical", summary(r.psi_dynamical, s)},
      {"hessian", summary(r.psi_hessian, s)},
      {"default_form", "dynamical"},
      {"timing_s", {{"hessian", hessian_s}, {"psi", psi_s}, {"total", clock.seconds()}}},
      {"threads", openmp_threads()},
  };
  if (!modes.is_null()) j["softest_modes"] = modes;
  if (!vdos.is_null()) j["vdos"] = vdos;
  emit_json(j, args.optional("json"));
  if (args.optional("json"))
    std::cerr << "pelkit psi: " << s.size() << " atoms, mean Psi " << r.psi_dynamical.mean() << " ps2 (mass-weighted), "
              << r.psi_hessian.mean() << " A2/eV (Hessian), " << clock.seconds() << " s\n";
  return 0;
}

}  // namespace

command psi_command() {
  return {"psi",
          "soft-mode parameter Psi of every atom at an energy minimum",
          "Computes the soft-mode parameter of every atom, Psi_i = sum over the 3N-3 non-zero\n"
          "modes of |e_l,i|^2 / omega_l^2 (Tong & Xu 2014), exactly, from the analytic EAM\n"
          "Hessian and one Cholesky factorisation (no eigendecomposition). Two forms: the\n"
          "mass-weighted one from the dynamical matrix (default, ps^2) and the unweighted one from\n"
          "the Hessian (A^2/eV). The configuration must be a minimum (largest force <= --max-force)\n"
          "and stable (a saddle or unstable structure is an error). JSON: natoms, fmax_eV_per_A,\n"
          "ids, psi_dynamical_ps2, psi_hessian_A2_per_eV (per atom, atom-id order), dynamical and\n"
          "hessian {sum, mean, max, min, mean_by_element}, default_form, timing_s. Memory: a dense\n"
          "3N x 3N matrix (1.15 GB for 4000 atoms).",
          {{"potential", "FILE", "EAM potential file (.eam, .eam.alloy, .eam.fs)", "", true},
           {"data", "FILE", "minimised configuration: LAMMPS data, dump (last frame) or .xyz", "", true},
           {"elements", "LIST", "element of each atom type in order, e.g. Cu,Zr"},
           {"max-force", "F", "refuse configurations whose largest force exceeds F, eV/Å", "1e-4"},
           {"modes", "K", "also the K softest vibrational modes (Lanczos): softest_modes [{omega2_per_ps2, nu_THz, participation}]"},
           {"vdos", "BIN", "also the vibrational density of states (full diagonalisation; small systems), bin width THz: vdos {bin_THz, nu_THz, g_per_THz, modes, imaginary_modes}"},
           {"json", "OUT", "write the JSON to OUT instead of standard output"},
           atoms_out_option("psi_ps2 (mass-weighted), psi_A2_per_eV (Hessian)")},
          run_psi};
}

}  // namespace pelkit::cli
