// pelkit voronoi — Voronoi / radical (Laguerre) tessellation: volumes, Voronoi indices,
// icosahedral fraction and local anisotropy of a configuration.
#ifdef PELKIT_HAVE_VORONOI  // defined by the pelkit::voronoi CMake target (voro++ found)
#include <pelkit/descriptor/voronoi.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "common.hpp"

namespace pelkit::cli {

namespace {

// "Cu=1.28,Zr=1.60" → {Cu: 1.28, Zr: 1.60}; every element must be one of `known`.
std::map<std::string, double> parse_radii(const std::string& text, const std::vector<std::string>& known) {
  std::map<std::string, double> radii;
  for (const auto& item : split_list(text)) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0)
      throw error("--radii: expected ELEMENT=RADIUS, got '" + item + "'");
    const std::string name = item.substr(0, eq), value = item.substr(eq + 1);
    double r = 0;
    try {
      std::size_t used = 0;
      r = std::stod(value, &used);
      if (used != value.size()) throw std::invalid_argument(value);
    } catch (const std::exception&) {
      throw error("--radii: radius of " + name + " is not a number: '" + value + "'");
    }
    if (!(r > 0) || !std::isfinite(r))
      throw error("--radii: radius of " + name + " must be positive (A), got " + value);
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ",") + (k.empty() ? std::string("''") : k);
      throw error("--radii: unknown element " + name + " (the structure's elements are " + list +
                  "; name the types with --elements)");
    }
    if (radii.count(name)) throw error("--radii: " + name + " given twice");
    radii[name] = r;
  }
  if (radii.empty()) throw error("--radii: no radii given");
  return radii;
}

nlohmann::json index_json(const std::array<int, 4>& idx) { return {idx[0], idx[1], idx[2], idx[3]}; }

// NaN (a type without atoms) → null.
nlohmann::json number_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

int run_voronoi(const arguments& args) {
  check_atoms_out(args);
  stopwatch clock;
  const system s = load_structure(args.get("data"), args.optional("elements"));
  validate(s, args.get("data"));
  const double read_s = clock.seconds();

  voronoi_settings set;
  if (auto radii = args.optional("radii")) {
    set.radical = true;
    set.radii = parse_radii(*radii, s.type_names);
  }
  set.min_face_area = args.number("min-face-area");
  set.min_relative_face_area = args.number("min-relative-face-area");
  set.min_edge_length = args.number("min-edge-length");
  if (set.min_face_area < 0 || set.min_relative_face_area < 0 || set.min_edge_length < 0)
    throw error("--min-face-area, --min-relative-face-area and --min-edge-length must be >= 0");

  stopwatch compute_clock;
  const voronoi_result r = voronoi_analysis(set).compute(s);
  const double compute_s = compute_clock.seconds();

  std::vector<std::size_t> order(s.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return s.ids[a] < s.ids[b]; });
  nlohmann::json ids = nlohmann::json::array(), index = nlohmann::json::array(), volume = nlohmann::json::array(),
                 faces = nlohmann::json::array(), u_vertex = nlohmann::json::array(),
                 u_centroid = nlohmann::json::array();
  for (auto i : order) {
    const auto& c = r.cells[i];
    ids.push_back(s.ids[i]);
    index.push_back(index_json(c.index));
    volume.push_back(c.volume);
    faces.push_back(c.faces);
    u_vertex.push_back(c.u_vertex.norm());
    u_centroid.push_back(c.u_centroid.norm());
  }
  nlohmann::json by_element = nlohmann::json::object();
  const auto by_type = r.f_ico_by_type();
  for (std::size_t t = 0; t < by_type.size(); ++t) {
    const std::string name =
        t < s.type_names.size() && !s.type_names[t].empty() ? s.type_names[t] : "type" + std::to_string(t + 1);
    by_element[name] = number_or_null(by_type[t]);
  }
  nlohmann::json fractions = nlohmann::json::array();
  for (const auto& [idx, f] : r.index_fractions(10)) fractions.push_back({{"index", index_json(idx)}, {"fraction", f}});

  nlohmann::json radii = nlohmann::json::object();
  for (const auto& [name, rad] : set.radii) radii[name] = rad;
  nlohmann::json out = {
      {"natoms", s.size()},
      {"elements", s.type_names},
      {"data", args.get("data")},
      {"tessellation", set.radical ? "radical" : "voronoi"},
      {"radii_A", radii},
      {"min_face_area_A2", set.min_face_area},
      {"min_relative_face_area", set.min_relative_face_area},
      {"min_edge_length_A", set.min_edge_length},
      {"ids", ids},
      {"index", index},
      {"volume_A3", volume},
      {"faces", faces},
      {"u_vertex_A", u_vertex},
      {"u_centroid_A", u_centroid},
      {"summary",
       {{"f_ico", number_or_null(r.f_ico())},
        {"f_ico_by_element", by_element},
        {"index_fractions", fractions},
        {"mean_u_vertex_A", number_or_null(r.mean_u_vertex())},
        {"mean_u_centroid_A", number_or_null(r.mean_u_centroid())},
        {"volume_sum_A3", r.volume_sum()},
        {"box_volume_A3", r.box_volume}}},
      {"timing_s", {{"read", read_s}, {"compute", compute_s}}},
  };
  if (auto path = args.optional("atoms-out")) {
    const auto n = Eigen::Index(s.size());
    Eigen::MatrixXd idx(4, n), nfaces(1, n);
    Eigen::VectorXd vol(n), uv(n), uc(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto& c = r.cells[std::size_t(i)];
      for (int k = 0; k < 4; ++k) idx(k, i) = c.index[std::size_t(k)];
      nfaces(0, i) = double(c.faces);
      vol[i] = c.volume;
      uv[i] = c.u_vertex.norm();
      uc[i] = c.u_centroid.norm();
    }
    atoms_table table;
    table.columns = {atom_column::integers("voronoi_index", idx), atom_column::real("voronoi_volume_A3", vol),
                     atom_column::integers("voronoi_faces", nfaces), atom_column::real("u_vertex_A", uv),
                     atom_column::real("u_centroid_A", uc)};
    write_atoms_out(*path, s, std::move(table));
  }
  emit_json(out, args.optional("json"));
  if (args.optional("json"))
    std::cerr << "pelkit voronoi: " << s.size() << " atoms, " << (set.radical ? "radical" : "Voronoi")
              << " tessellation, f_ico = " << r.f_ico() << ", mean |u_centroid| = " << r.mean_u_centroid()
              << " A -> " << args.get("json") << "\n";
  return 0;
}

}  // namespace

command voronoi_command() {
  return {"voronoi",
          "Voronoi / radical tessellation: volumes, <n3,n4,n5,n6> indices, f_ico",
          "Tessellates a periodic configuration (LAMMPS data, dump (last frame) or extended XYZ;\n"
          "orthorhombic or triclinic) with voro++ and prints JSON. Per atom, in atom-id order:\n"
          "ids, index ([n3,n4,n5,n6], faces with 3..6 edges), volume_A3, faces, u_vertex_A and\n"
          "u_centroid_A (|vertex mean - atom| and |cell centroid - atom|, A). summary: f_ico\n"
          "(fraction of <0,0,12,0>), f_ico_by_element, index_fractions (10 most common),\n"
          "mean_u_vertex_A, mean_u_centroid_A, volume_sum_A3, box_volume_A3. With --radii the\n"
          "radical (Laguerre) tessellation is used. Faces below the area thresholds are ignored;\n"
          "edges shorter than --min-edge-length do not count toward a face's edge count.",
          {{"data", "FILE", "configuration: LAMMPS data (.data/.lmp), dump (.dump/.lammpstrj) or .xyz", "", true},
           {"elements", "LIST", "element of each atom type in order, e.g. Cu,Zr (default: names in the file)"},
           {"radii", "LIST", "radical tessellation with these radii, A, e.g. Cu=1.28,Zr=1.60"},
           {"min-face-area", "A2", "ignore faces smaller than this, A^2", "0"},
           {"min-relative-face-area", "F", "ignore faces smaller than F x the cell's surface area", "0"},
           {"min-edge-length", "A", "edges shorter than this do not count toward a face's edges, A", "0"},
           {"json", "OUT", "write the JSON to OUT instead of standard output"},
           atoms_out_option("voronoi_index n3..n6, voronoi_volume_A3, voronoi_faces, u_vertex_A, u_centroid_A")},
          run_voronoi};
}

}  // namespace pelkit::cli
#endif  // PELKIT_HAVE_VORONOI
