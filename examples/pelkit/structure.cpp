// pelkit structure — structural descriptors of one configuration: densities, composition,
// potential energy per atom, total and partial g(r), per-atom two-body excess entropy s2 and,
// when the Voronoi descriptor is available, the icosahedral fraction and mean |u|.
#include <pelkit/descriptor/density.hpp>
#include <pelkit/descriptor/radial_distribution.hpp>
#include <pelkit/descriptor/two_body_entropy.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>

#if __has_include(<pelkit/descriptor/voronoi.hpp>) && __has_include(<voro++.hh>)
#include <pelkit/descriptor/voronoi.hpp>
#define PELKIT_STRUCTURE_HAS_VORONOI 1
#endif

#include <numeric>

#include "common.hpp"

namespace pelkit::cli {

command structure_command();

namespace {

int run_structure(const arguments& args) {
  check_atoms_out(args);
  stopwatch clock;
  system s = load_structure(args.get("data"), args.optional("elements"));
  validate(s, args.get("data"));
  eam pot = eam::from_file(args.get("potential"));
  nlohmann::json timing;
  timing["read"] = clock.seconds();

  // Atom-id order for per-atom output.
  std::vector<std::size_t> order(s.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return s.ids[a] < s.ids[b]; });

  stopwatch t_energy;
  auto calc = calculator(std::move(pot), 1.0);
  const double energy = calc.compute(s, {false, false, false}).energy;
  timing["energy"] = t_energy.seconds();

  const auto dens = density_descriptor().compute(s);
  nlohmann::json composition = nlohmann::json::object();
  for (std::size_t t = 0; t < dens.fractions.size(); ++t)
    composition[dens.type_names[t]] = dens.fractions[t];

  stopwatch t_rdf;
  const auto rdf =
      radial_distribution({args.number("rdf-rmax"), args.number("rdf-bin")}).compute(s);
  timing["rdf"] = t_rdf.seconds();
  nlohmann::json partial = nlohmann::json::object();
  for (int a = 0; a < s.type_count(); ++a)
    for (int b = a; b < s.type_count(); ++b) partial[rdf.pair_name(a, b)] = rdf.partial[a][b];
  nlohmann::json first_shell = {
      {"peak_r_A", rdf.total_shell.peak_r},
      {"peak_height", rdf.total_shell.peak_height},
      {"minimum_r_A", rdf.total_shell.minimum_r},
      {"coordination", rdf.total_shell.coordination},
  };
  nlohmann::json coordination = nlohmann::json::object();
  for (int a = 0; a < s.type_count(); ++a)
    for (int b = 0; b < s.type_count(); ++b)
      coordination[rdf.pair_name(a, b)] = rdf.first_shell_coordination(a, b);
  first_shell["coordination_by_pair"] = coordination;

  stopwatch t_s2;
  s2_settings s2set;
  s2set.sigma = args.number("sigma");
  s2set.r_max = args.number("s2-rmax");
  const auto s2 = two_body_entropy(s2set).compute(s);
  timing["s2"] = t_s2.seconds();
  nlohmann::json s2_atoms = nlohmann::json::array(), ids = nlohmann::json::array();
  for (auto i : order) {
    s2_atoms.push_back(s2.s2[Eigen::Index(i)]);
    ids.push_back(s.ids[i]);
  }
  nlohmann::json s2_by_element = nlohmann::json::object();
  for (int t = 0; t < s.type_count(); ++t) s2_by_element[s2.type_label(t)] = s2.mean_of_type(t);

  nlohmann::json out = {
      {"natoms", s.size()},
      {"data", args.get("data")},
      {"potential", args.get("potential")},
      {"number_density_per_A3", dens.number_density},
      {"mass_density_g_per_cm3", dens.mass_density},
      {"volume_per_atom_A3", dens.volume_per_atom},
      {"composition", composition},
      {"energy_per_atom_eV", energy / double(s.size())},
      {"rdf",
       {{"r_A", rdf.r}, {"total", rdf.total}, {"partial", partial}, {"first_shell", first_shell}}},
      {"s2_settings",
       {{"sigma_A", s2set.sigma}, {"r_max_A", s2set.r_max}, {"dr_A", s2set.dr},
        {"species_resolved", s2set.species_resolved}}},
      {"ids", ids},
      {"s2_per_atom", s2_atoms},
      {"s2_mean", s2.mean()},
      {"s2_mean_by_element", s2_by_element},
  };
#ifdef PELKIT_STRUCTURE_HAS_VORONOI
  stopwatch t_voro;
  const auto voro = voronoi_analysis{}.compute(s);
  timing["voronoi"] = t_voro.seconds();
  out["f_ico"] = voro.f_ico();
  out["mean_u_vertex_A"] = voro.mean_u_vertex();
  out["mean_u_centroid_A"] = voro.mean_u_centroid();
  out["voronoi_available"] = true;
#else
  out["voronoi_available"] = false;  // built without voro++: f_ico and |u| omitted
#endif
  if (auto path = args.optional("atoms-out")) {
    atoms_table table;
    table.columns = {atom_column::real("s2_kB", s2.s2)};
#ifdef PELKIT_STRUCTURE_HAS_VORONOI
    const auto n = Eigen::Index(s.size());
    Eigen::MatrixXd idx(4, n);
    Eigen::VectorXd vol(n), uv(n), uc(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto& c = voro.cells[std::size_t(i)];
      for (int k = 0; k < 4; ++k) idx(k, i) = c.index[std::size_t(k)];
      vol[i] = c.volume;
      uv[i] = c.u_vertex.norm();
      uc[i] = c.u_centroid.norm();
    }
    table.columns.push_back(atom_column::integers("voronoi_index", idx));
    table.columns.push_back(atom_column::real("voronoi_volume_A3", vol));
    table.columns.push_back(atom_column::real("u_vertex_A", uv));
    table.columns.push_back(atom_column::real("u_centroid_A", uc));
#endif
    write_atoms_out(*path, s, std::move(table));
  }
  timing["total"] = clock.seconds();
  out["timing_s"] = timing;
  out["threads"] = openmp_threads();
  emit_json(out, args.optional("json"));
  if (args.optional("json"))
    std::cerr << "pelkit structure: " << s.size() << " atoms, rho = " << dens.number_density
              << " /A^3 (" << dens.mass_density << " g/cm^3), E = " << energy / double(s.size())
              << " eV/atom, first g(r) peak " << rdf.total_shell.peak_r << " A, <s2> = "
              << s2.mean() << " k_B -> " << args.get("json") << "\n";
  return 0;
}

}  // namespace

command structure_command() {
  return {"structure",
          "structural descriptors: density, energy, g(r), s2, Voronoi",
          "Computes the structural descriptors of one configuration and prints JSON: natoms,\n"
          "number_density_per_A3, mass_density_g_per_cm3, volume_per_atom_A3, composition\n"
          "(fraction per element), energy_per_atom_eV (EAM potential), rdf {r_A (bin centres),\n"
          "total, partial {\"Cu-Cu\", \"Cu-Zr\", ...}, first_shell}, ids, s2_per_atom (two-body\n"
          "excess entropy, k_B, species-resolved, in atom-id order), s2_mean, s2_mean_by_element\n"
          "and, when built with the Voronoi descriptor, f_ico, mean_u_vertex_A, mean_u_centroid_A.",
          {{"potential", "FILE", "EAM potential file (.eam, .eam.alloy, .eam.fs)", "", true},
           {"data", "FILE", "configuration: LAMMPS data (.data/.lmp), dump (.dump/.lammpstrj) or .xyz", "", true},
           {"elements", "LIST", "element of each atom type in order, e.g. Cu,Zr (default: names in the file)"},
           {"json", "OUT", "write the JSON to OUT instead of standard output"},
           {"rdf-rmax", "A", "largest distance of g(r), Å", "10"},
           {"rdf-bin", "A", "bin width of g(r), Å", "0.01"},
           {"sigma", "A", "Gaussian width σ of the s2 pair distribution, Å", "0.2"},
           {"s2-rmax", "A", "upper limit r_max of the s2 integral, Å", "7.6"},
           atoms_out_option("s2_kB; with Voronoi also voronoi_index, voronoi_volume_A3, u_vertex_A, u_centroid_A")},
          run_structure};
}

}  // namespace pelkit::cli
