// pelkit eval — energy, forces and virial pressure of one configuration.
#include <pelkit/core/units.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>

#include <numeric>

#include "common.hpp"

namespace pelkit::cli {

namespace {

int run_eval(const arguments& args) {
  check_atoms_out(args);
  stopwatch clock;
  system s = load_structure(args.get("data"), args.optional("elements"));
  validate(s, args.get("data"));
  eam pot = eam::from_file(args.get("potential"));
  const double read_s = clock.seconds();

  auto calc = calculator(std::move(pot), args.number("skin"));
  const bool per_atom = args.has("per-atom") || args.has("atoms-out");
  stopwatch compute_clock;
  const evaluation& e = calc.compute(s, {true, true, per_atom});
  const double compute_s = compute_clock.seconds();

  // Output in atom-id order.
  std::vector<std::size_t> order(s.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return s.ids[a] < s.ids[b]; });
  nlohmann::json forces = nlohmann::json::array(), ids = nlohmann::json::array();
  nlohmann::json atom_energies = nlohmann::json::array();
  for (auto i : order) {
    forces.push_back({e.forces(0, i), e.forces(1, i), e.forces(2, i)});
    ids.push_back(s.ids[i]);
    if (per_atom) atom_energies.push_back(e.energy_per_atom[i]);
  }
  const double volume = s.box.volume();
  const Eigen::Matrix3d p = e.pressure_tensor(volume) * units::eV_per_A3_to_GPa;
  double fmax = 0;
  for (Eigen::Index i = 0; i < e.forces.cols(); ++i) fmax = std::max(fmax, e.forces.col(i).norm());

  nlohmann::json out = {
      {"natoms", s.size()},
      {"elements", s.type_names},
      {"potential", args.get("potential")},
      {"data", args.get("data")},
      {"energy_eV", e.energy},
      {"energy_per_atom_eV", e.energy / double(s.size())},
      {"volume_A3", volume},
      {"pressure_tensor_GPa", tensor_json(p)},
      {"pressure_GPa", p.trace() / 3},
      {"fmax_eV_per_A", fmax},
      {"ids", ids},
      {"forces_eV_per_A", forces},
      {"timing_s", {{"read", read_s}, {"compute", compute_s}}},
      {"threads", openmp_threads()},
  };
  if (args.has("per-atom")) out["atom_energies_eV"] = atom_energies;
  if (auto path = args.optional("atoms-out")) {
    atoms_table table;
    table.columns = {atom_column::real("energy_eV", e.energy_per_atom)};
    table.forces = e.forces;
    table.info = {{"energy", number_text(e.energy)}, {"stress", ase_stress(e.pressure_tensor(volume))}};
    write_atoms_out(*path, s, std::move(table));
  }
  emit_json(out, args.optional("json"));
  if (args.optional("json"))
    std::cerr << "pelkit eval: " << s.size() << " atoms, E = " << e.energy << " eV ("
              << e.energy / double(s.size()) << " eV/atom), P = " << p.trace() / 3
              << " GPa (virial), fmax = " << fmax << " eV/Å -> " << args.get("json") << "\n";
  return 0;
}

}  // namespace

command eval_command() {
  return {"eval",
          "energy, forces and virial pressure of a configuration",
          "Evaluates an EAM potential (LAMMPS funcfl .eam, setfl .eam.alloy or Finnis-Sinclair\n"
          ".eam.fs file) on a configuration (LAMMPS data file, LAMMPS text dump (last frame) or\n"
          "extended XYZ) and prints JSON: natoms, energy_eV, energy_per_atom_eV, volume_A3,\n"
          "pressure_tensor_GPa {xx,yy,zz,xy,xz,yz} (virial part only, positive when compressed,\n"
          "as LAMMPS's `compute pressure NULL virial`), pressure_GPa, fmax_eV_per_A, ids and\n"
          "forces_eV_per_A ([fx,fy,fz] in atom-id order), timing_s.",
          {{"potential", "FILE", "EAM potential file (.eam, .eam.alloy, .eam.fs)", "", true},
           {"data", "FILE", "configuration: LAMMPS data (.data/.lmp), dump (.dump/.lammpstrj) or .xyz", "", true},
           {"elements", "LIST", "element of each atom type in order, e.g. Cu,Zr (default: names in the file)"},
           {"json", "OUT", "write the JSON to OUT instead of standard output"},
           {"skin", "A", "neighbour-list skin, Å", "1.0"},
           {"per-atom", "", "also output per-atom energies (atom_energies_eV, eV)"},
           atoms_out_option("energy_eV, forces; energy and stress on the extxyz comment line")},
          run_eval};
}

}  // namespace pelkit::cli
