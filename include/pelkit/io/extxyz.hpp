// pelkit/io/extxyz.hpp — extended XYZ files as ASE and OVITO write them.
//
// A frame is: line 1 the atom count; line 2 key=value pairs; then one line per atom.
//  * Line 2: pairs separated by blanks, blanks around '=' allowed; values bare, "quoted"
//    (backslash escapes the next character) or in {} / []; a key without '=' means "T".
//    Keys are case-insensitive for Lattice, Properties, pbc and Origin; every other key is
//    kept verbatim (unquoted) in xyz_frame::info.
//  * Lattice="ax ay az bx by bz cx cy cz" (cell vectors as rows, Å) is required: pelkit needs
//    a periodic cell. pbc (default "T T T" when a Lattice is given) must be all true.
//    Origin="x y z" (OVITO) is the cell corner (default 0).
//  * Properties=name:type:count:... (type S string, R real, I integer, L logical T/F); the
//    default is species:S:1:pos:R:3. Recognised (names case-insensitive except Z):
//      pos/positions (R:3, required), species/symbols/element (S:1) or Z/numbers (I:1, used
//      only without species), masses/mass (R:1, amu), forces/force (R:3, eV/Å),
//      velocities/velocity/velo/vel (R:3, Å/ps), momenta (R:3, ASE units amu·√(eV/amu):
//      converted to velocities v = p/m · 98.2269 Å/ps when no velocity column exists).
//    Every column is also kept as written (unrotated) in xyz_frame::columns (numbers; L as
//    1/0, rows = components) or xyz_frame::string_columns.
//  * Cell orientation: pelkit::periodic_box is LAMMPS-style (a along x, b in the xy plane).
//    A Lattice already in that form (ay = az = bz = 0, ax, by, cz > 0) is used as is and
//    positions are bit-identical to the file. Any other right-handed lattice is rotated:
//    x̂ = a/|a|, ŷ = the part of b normal to a, normalised, ẑ = x̂ × ŷ; the rotation R (rows
//    x̂, ŷ, ẑ) is stored in xyz_frame::rotation and applied to positions, Origin, forces and
//    velocities (r_pelkit = R · r_file). Left-handed (a·(b×c) < 0) or degenerate cells are
//    errors.
//  * Types: species symbols become type names, numbered in order of first appearance in the
//    whole file (so numbering is the same in every frame; a frame may list types it has no
//    atoms of). Masses: the masses column (one value per species), else the standard weight
//    of the element (elements.hpp), else 1.0 amu.
//  * ids are 1..N, image flags zero.
// Every problem throws pelkit::error "file:line: problem".
//
// Writing (write_extxyz): Lattice from the box (LAMMPS form, so reading back needs no
// rotation), Origin when lo ≠ 0, pbc="T T T", Properties=species:S:1:pos:R:3 plus masses:R:1
// when a type's mass is not the standard weight of its name's element, velocities:R:3 when
// present, forces:R:3 when given, then any extra named columns (atom_columns.hpp: name:R:w or
// name:I:w, e.g. voronoi_index:I:4, which ase.io.read loads as an (N, 4) integer array); then
// the info pairs. Numbers use the shortest round-trip
// form, so positions, velocities and forces read back bit for bit; the box does too when
// lo = 0 (else hi = lo + extent may round by 1 ulp). Types are renumbered by first appearance
// on reading. Types without a name are written as species "type<k>" (k = 1-based type).
#pragma once
#include <pelkit/core/elements.hpp>
#include <pelkit/core/error.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/core/units.hpp>
#include <pelkit/io/atom_columns.hpp>
#include <pelkit/io/text_reader.hpp>

#include <Eigen/Core>
#include <Eigen/Geometry>
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <istream>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pelkit {

/// One frame of an extended XYZ file.
struct xyz_frame {
  pelkit::system system;                       ///< box, positions (Å), types, names, masses
  std::optional<Eigen::Matrix3Xd> forces;       ///< eV/Å, rotated like the positions
  std::map<std::string, std::string> info;      ///< other comment-line keys, values unquoted
  std::map<std::string, Eigen::MatrixXd> columns;  ///< numeric properties as in the file
  std::map<std::string, std::vector<std::string>> string_columns;  ///< S properties
  Eigen::Matrix3d rotation = Eigen::Matrix3d::Identity();  ///< r_pelkit = rotation · r_file
};

namespace detail::extxyz {

struct key_value {
  std::string key, value;
};

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// Splits the comment line into key=value pairs.
inline std::vector<key_value> parse_pairs(const text_reader& in, std::string_view s) {
  std::vector<key_value> out;
  std::size_t i = 0;
  auto skip = [&] {
    while (i < s.size() && is_blank(s[i])) ++i;
  };
  auto quoted = [&](std::string_view what) {
    std::string v;
    ++i;  // opening quote
    while (i < s.size() && s[i] != '"') {
      if (s[i] == '\\' && i + 1 < s.size()) ++i;
      v += s[i++];
    }
    if (i >= s.size()) in.fail("comment line: unterminated quote in " + std::string(what));
    ++i;  // closing quote
    return v;
  };
  auto bracketed = [&](std::string_view what) {
    const char open = s[i], close = open == '{' ? '}' : ']';
    const std::size_t start = i;
    int depth = 0;
    for (; i < s.size(); ++i) {
      if (s[i] == open) ++depth;
      if (s[i] == close && --depth == 0) break;
    }
    if (i >= s.size()) in.fail("comment line: unterminated '" + std::string(1, open) + "' in " + std::string(what));
    ++i;
    return std::string(s.substr(start, i - start));
  };
  while (true) {
    skip();
    if (i >= s.size()) break;
    std::string key;
    if (s[i] == '"') {
      key = quoted("a key");
    } else {
      const std::size_t start = i;
      while (i < s.size() && !is_blank(s[i]) && s[i] != '=') ++i;
      key = std::string(s.substr(start, i - start));
    }
    if (key.empty()) in.fail("comment line: '=' without a key at column " + std::to_string(i + 1));
    skip();
    std::string value = "T";
    if (i < s.size() && s[i] == '=') {
      ++i;
      skip();
      const std::string what = "the value of '" + key + "'";
      if (i >= s.size()) {
        value.clear();
      } else if (s[i] == '"') {
        value = quoted(what);
      } else if (s[i] == '{' || s[i] == '[') {
        value = bracketed(what);
      } else {
        const std::size_t start = i;
        while (i < s.size() && !is_blank(s[i])) ++i;
        value = std::string(s.substr(start, i - start));
      }
    }
    for (const auto& kv : out)
      if (kv.key == key) in.fail("comment line: duplicate key '" + key + "'");
    out.push_back({std::move(key), std::move(value)});
  }
  return out;
}

struct property {
  std::string name;
  char type;  // S R I L
  int count;
  std::size_t first;  // first token index on an atom line
};

inline std::vector<property> parse_properties(const text_reader& in, const std::string& spec) {
  std::vector<std::string_view> parts;
  std::string_view rest(spec);
  while (true) {
    const auto colon = rest.find(':');
    parts.push_back(rest.substr(0, colon));
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  if (parts.size() % 3 != 0)
    in.fail("Properties: expected name:type:count triples, got '" + spec + "'");
  std::vector<property> props;
  std::size_t first = 0;
  for (std::size_t k = 0; k < parts.size(); k += 3) {
    const std::string name(parts[k]);
    if (name.empty()) in.fail("Properties: empty property name in '" + spec + "'");
    if (parts[k + 1].size() != 1 || std::string_view("SRIL").find(parts[k + 1][0]) == std::string_view::npos)
      in.fail("Properties: type of '" + name + "' must be S, R, I or L, got '" + std::string(parts[k + 1]) + "'");
    const auto count = to_long(parts[k + 2]);
    if (!count || *count < 1 || *count > 1000)
      in.fail("Properties: count of '" + name + "' must be a positive integer, got '" + std::string(parts[k + 2]) + "'");
    for (const auto& p : props)
      if (p.name == name) in.fail("Properties: duplicate property '" + name + "'");
    props.push_back({name, parts[k + 1][0], int(*count), first});
    first += std::size_t(*count);
  }
  return props;
}

// Index of the first property whose name is in `names` (case-insensitive unless `exact`).
inline std::optional<std::size_t> find_property(const std::vector<property>& props,
                                                std::initializer_list<std::string_view> names, bool exact = false) {
  for (std::size_t k = 0; k < props.size(); ++k)
    for (auto n : names)
      if (exact ? props[k].name == n : lower(props[k].name) == lower(n)) return k;
  return std::nullopt;
}

inline void require_shape(const text_reader& in, const property& p, char type, int count, std::string_view meaning) {
  if (p.type != type || p.count != count)
    in.fail("Properties: '" + p.name + "' (" + std::string(meaning) + ") must be " + std::string(1, type) + ":" +
            std::to_string(count) + ", got " + std::string(1, p.type) + ":" + std::to_string(p.count));
}

inline std::array<double, 3> parse_vector3(const text_reader& in, const std::string& key, const std::string& value) {
  const auto t = split_tokens(value);
  if (t.size() != 3) in.fail(key + ": expected 3 numbers, got " + std::to_string(t.size()) + " in '" + value + "'");
  std::array<double, 3> v{};
  for (int k = 0; k < 3; ++k) v[k] = in.number(t[k], key + ": value " + std::to_string(k + 1));
  return v;
}

inline Eigen::Matrix3d parse_lattice(const text_reader& in, const std::string& value) {
  static constexpr std::array<std::string_view, 9> names{"ax", "ay", "az", "bx", "by", "bz", "cx", "cy", "cz"};
  const auto t = split_tokens(value);
  if (t.size() != 9) in.fail("Lattice: expected 9 numbers (ax ay az bx by bz cx cy cz), got " + std::to_string(t.size()));
  Eigen::Matrix3d rows;
  for (int k = 0; k < 9; ++k) rows(k / 3, k % 3) = in.number(t[k], field_name("Lattice", std::size_t(k), names[k]));
  return rows;
}

inline bool parse_logical(std::string_view s, bool& v) {
  const auto l = lower(s);
  if (l == "t" || l == "true" || l == "1") return v = true, true;
  if (l == "f" || l == "false" || l == "0") return v = false, true;
  return false;
}

inline void check_pbc(const text_reader& in, const std::string& value) {
  const auto t = split_tokens(value);
  if (t.size() != 3) in.fail("pbc: expected 3 values (e.g. \"T T T\"), got '" + value + "'");
  for (int d = 0; d < 3; ++d) {
    bool p = false;
    if (!parse_logical(t[d], p)) in.fail("pbc: value " + std::to_string(d + 1) + " is not T or F: '" + std::string(t[d]) + "'");
    if (!p)
      in.fail("pbc=\"" + value + "\": the cell is not periodic along " + std::string(1, "xyz"[d]) +
              "; pelkit needs periodic boundaries in all three directions");
  }
}

// LAMMPS-form cell from lattice rows; `rotation` receives R with h = R · [a b c].
inline periodic_box make_box(const text_reader& in, const Eigen::Matrix3d& rows, const Eigen::Vector3d& origin,
                             Eigen::Matrix3d& rotation) {
  return oriented_box(in, in.line_number(), "Lattice", rows, origin, rotation);
}

// File-wide species → type numbering and masses.
struct species_table {
  std::vector<std::string> names;
  std::vector<std::optional<double>> masses;  // from a masses column

  int type_of(const std::string& name) {
    auto it = std::find(names.begin(), names.end(), name);
    if (it != names.end()) return int(it - names.begin());
    names.push_back(name);
    masses.emplace_back();
    return int(names.size()) - 1;
  }
  double mass(int t) const {
    if (masses[t]) return *masses[t];
    const auto e = find_element(names[t]);
    return e ? e->mass : 1.0;
  }
};

// What the comment line says about a frame, checked before the atom lines are read.
struct frame_header {
  long comment_line = 0;
  long natoms = 0;
  std::vector<property> props;
  periodic_box box;
  Eigen::Matrix3d rotation = Eigen::Matrix3d::Identity();
  std::size_t pos = 0;                                             // property indices
  std::optional<std::size_t> species, z, masses, forces, velocities, momenta;
};

// Finds the recognised properties and checks their shapes (on the comment line).
inline void resolve_properties(const text_reader& in, frame_header& h) {
  const auto& props = h.props;
  const auto pos = find_property(props, {"pos", "positions", "position"});
  if (!pos) in.fail("Properties has no pos:R:3 column");
  require_shape(in, props[*pos], 'R', 3, "positions");
  h.pos = *pos;
  h.species = find_property(props, {"species", "symbols", "element"});
  h.z = find_property(props, {"Z", "numbers"}, true);
  if (!h.species && !h.z) in.fail("Properties has neither species:S:1 nor Z:I:1");
  if (h.species) require_shape(in, props[*h.species], 'S', 1, "species");
  else require_shape(in, props[*h.z], 'I', 1, "atomic numbers");
  h.masses = find_property(props, {"masses", "mass"});
  if (h.masses) require_shape(in, props[*h.masses], 'R', 1, "masses");
  h.forces = find_property(props, {"forces", "force"});
  if (h.forces) require_shape(in, props[*h.forces], 'R', 3, "forces");
  h.velocities = find_property(props, {"velocities", "velocity", "velo", "vel"});
  if (h.velocities) require_shape(in, props[*h.velocities], 'R', 3, "velocities");
  h.momenta = find_property(props, {"momenta"});
  if (h.momenta) require_shape(in, props[*h.momenta], 'R', 3, "momenta");
}

inline frame_header read_comment(text_reader& in, xyz_frame& f) {
  frame_header h;
  std::optional<Eigen::Matrix3d> lattice;
  Eigen::Vector3d origin = Eigen::Vector3d::Zero();
  std::string props = "species:S:1:pos:R:3";
  for (auto& kv : parse_pairs(in, in.line())) {
    const auto k = lower(kv.key);
    if (k == "lattice") {
      lattice = parse_lattice(in, kv.value);
    } else if (k == "properties") {
      props = kv.value;
    } else if (k == "pbc") {
      check_pbc(in, kv.value);
    } else if (k == "origin") {
      const auto o = parse_vector3(in, "Origin", kv.value);
      origin = Eigen::Vector3d(o[0], o[1], o[2]);
    } else {
      f.info[kv.key] = kv.value;
    }
  }
  if (!lattice) in.fail("comment line has no Lattice=\"ax ay az bx by bz cx cy cz\": pelkit needs a periodic cell");
  h.props = parse_properties(in, props);
  resolve_properties(in, h);
  h.box = make_box(in, *lattice, origin, h.rotation);
  h.comment_line = in.line_number();
  return h;
}

inline std::string layout_of(const std::vector<property>& props) {
  std::string s;
  for (const auto& p : props) s += (s.empty() ? "" : " ") + p.name + ":" + std::to_string(p.count);
  return s;
}

inline bool strict_property(const std::vector<property>& props, std::size_t k) {
  return find_property(props, {"pos", "positions", "position"}) == k ||
         find_property(props, {"forces", "force"}) == k ||
         find_property(props, {"velocities", "velocity", "velo", "vel"}) == k ||
         find_property(props, {"momenta"}) == k || find_property(props, {"masses", "mass"}) == k;
}

inline void read_atoms(text_reader& in, const frame_header& h, long frame_no, xyz_frame& f) {
  const auto& props = h.props;
  std::size_t width = 0;
  for (const auto& p : props) width += std::size_t(p.count);
  std::vector<std::vector<double>> numbers(props.size());
  std::vector<std::vector<std::string>> strings(props.size());
  const std::string layout = layout_of(props);
  std::vector<std::string> what(width);
  std::vector<bool> strict(props.size());
  for (std::size_t k = 0; k < props.size(); ++k) {
    const auto& p = props[k];
    strict[k] = strict_property(props, k);
    for (int c = 0; c < p.count; ++c)
      what[p.first + std::size_t(c)] =
          field_name("atom line", p.first + std::size_t(c), p.count == 1 ? p.name : p.name + "[" + std::to_string(c + 1) + "]");
  }
  for (long i = 0; i < h.natoms; ++i) {
    if (!in.next_line())
      in.fail_eof("the atom lines of frame " + std::to_string(frame_no) + " (got " + std::to_string(i) + " of " +
                  std::to_string(h.natoms) + ")");
    const auto t = in.tokens();
    in.expect_fields(t, width, "atom line", layout);
    for (std::size_t k = 0; k < props.size(); ++k) {
      const auto& p = props[k];
      for (int c = 0; c < p.count; ++c) {
        const std::size_t j = p.first + std::size_t(c);
        switch (p.type) {
          case 'S': strings[k].emplace_back(t[j]); break;
          case 'R': numbers[k].push_back(in.number(t[j], what[j], !strict[k])); break;
          case 'I': numbers[k].push_back(double(in.integer(t[j], what[j]))); break;
          default: {
            bool v = false;
            if (!parse_logical(t[j], v)) in.fail(what[j] + " is not a logical (T or F): '" + std::string(t[j]) + "'");
            numbers[k].push_back(v ? 1.0 : 0.0);
          }
        }
      }
    }
  }
  for (std::size_t k = 0; k < props.size(); ++k) {
    const auto& p = props[k];
    if (p.type == 'S') {
      if (p.count == 1) {
        f.string_columns[p.name] = std::move(strings[k]);
      } else {  // several string components: keep them joined by blanks per atom
        std::vector<std::string> joined(h.natoms);
        for (long i = 0; i < h.natoms; ++i)
          for (int c = 0; c < p.count; ++c) joined[i] += (c ? " " : "") + strings[k][std::size_t(i * p.count + c)];
        f.string_columns[p.name] = std::move(joined);
      }
    } else {
      f.columns[p.name] = Eigen::Map<const Eigen::MatrixXd>(numbers[k].data(), p.count, h.natoms);
    }
  }
}

inline Eigen::Matrix3Xd rotated(const Eigen::Matrix3d& r, const Eigen::MatrixXd& v, bool identity) {
  if (identity) return v;
  return r * v;
}

inline void build_system(text_reader& in, const frame_header& h, species_table& species, xyz_frame& f) {
  const auto& props = h.props;
  const long first_atom_line = h.comment_line + 1;
  system& s = f.system;
  const Eigen::Index n = h.natoms;
  // species names
  std::vector<std::string> names(static_cast<std::size_t>(n));
  if (h.species) {
    names = f.string_columns.at(props[*h.species].name);
  } else {
    const auto& zc = f.columns.at(props[*h.z].name);
    for (Eigen::Index i = 0; i < n; ++i) {
      const double z = zc(0, i);  // an integer column: cast only when in range
      const auto e = z >= 0 && z <= 1000 ? find_element(int(z)) : std::nullopt;
      if (!e) in.fail_at(first_atom_line + i, "atom line: unknown atomic number " + std::to_string(long(zc(0, i))));
      names[i] = std::string(e->symbol);
    }
  }
  s.types.resize(names.size());
  for (Eigen::Index i = 0; i < n; ++i) s.types[i] = species.type_of(names[i]);
  // masses
  if (h.masses) {
    const auto& mc = f.columns.at(props[*h.masses].name);
    std::vector<long> seen(species.names.size(), 0);
    for (Eigen::Index i = 0; i < n; ++i) {
      const int t = s.types[i];
      const double mi = mc(0, i);
      if (!(mi > 0)) in.fail_at(first_atom_line + i, "atom line: mass must be positive, got " + std::to_string(mi));
      if (seen[t] && *species.masses[t] != mi)
        in.fail_at(first_atom_line + i, "atom line: atoms of species '" + names[i] +
                                            "' have different masses (pelkit stores one mass per type; first at line " +
                                            std::to_string(seen[t]) + ")");
      if (!seen[t]) species.masses[t] = mi, seen[t] = first_atom_line + i;
    }
  }
  s.type_names = species.names;
  s.type_masses.resize(species.names.size());
  for (std::size_t t = 0; t < species.names.size(); ++t) s.type_masses[t] = species.mass(int(t));
  // geometry
  s.box = h.box;
  f.rotation = h.rotation;
  const bool identity = f.rotation == Eigen::Matrix3d::Identity();
  s.positions = rotated(f.rotation, f.columns.at(props[h.pos].name), identity);
  s.images = Eigen::Matrix3Xi::Zero(3, n);
  s.ids.resize(names.size());
  for (Eigen::Index i = 0; i < n; ++i) s.ids[i] = long(i) + 1;
  if (h.forces) f.forces = rotated(f.rotation, f.columns.at(props[*h.forces].name), identity);
  if (h.velocities) {
    s.velocities = rotated(f.rotation, f.columns.at(props[*h.velocities].name), identity);
  } else if (h.momenta) {
    const double ase_velocity = std::sqrt(1.0 / units::amu_A2_per_ps2_to_eV);  // √(eV/amu) in Å/ps
    Eigen::Matrix3Xd vel = f.columns.at(props[*h.momenta].name);
    for (Eigen::Index i = 0; i < n; ++i) vel.col(i) *= ase_velocity / s.mass(std::size_t(i));
    s.velocities = rotated(f.rotation, vel, identity);
  }
  // Finite numbers in the file can overflow when rotated or converted from momenta.
  auto check_finite = [&](const Eigen::Matrix3Xd& m, const char* what) {
    for (Eigen::Index i = 0; i < m.cols(); ++i)
      if (!m.col(i).allFinite())
        in.fail_at(first_atom_line + i, std::string("atom line: ") + what +
                                            " is not finite after rotation to the LAMMPS cell orientation"
                                            " or conversion from momenta");
  };
  check_finite(s.positions, "position");
  if (f.forces) check_finite(*f.forces, "force");
  if (s.velocities) check_finite(*s.velocities, "velocity");
}

inline std::vector<xyz_frame> read(text_reader& in) {
  std::vector<xyz_frame> frames;
  species_table species;
  while (in.next_content_line(false)) {
    const long frame_no = long(frames.size()) + 1;
    xyz_frame f;
    const auto t = in.tokens();
    if (t.size() != 1)
      in.fail("frame " + std::to_string(frame_no) + ": expected the atom count alone on the line, got '" +
              std::string(trim(in.line())) + "'");
    const long natoms = in.integer(t[0], "frame " + std::to_string(frame_no) + ": atom count");
    if (natoms < 0) in.fail("frame " + std::to_string(frame_no) + ": atom count must not be negative");
    in.expect_line("the comment line of frame " + std::to_string(frame_no));
    auto h = read_comment(in, f);
    h.natoms = natoms;
    read_atoms(in, h, frame_no, f);
    build_system(in, h, species, f);
    frames.push_back(std::move(f));
  }
  if (frames.empty()) in.fail("the file contains no frames");
  return frames;
}

// ---- writing ------------------------------------------------------------------------------

inline bool needs_quotes(std::string_view v) {
  if (v.empty()) return true;
  for (char ch : v)
    if (is_blank(ch) || ch == '"' || ch == '=' || ch == '\\') return true;
  return v.front() == '{' || v.front() == '[';
}

inline std::string quote(std::string_view v) {
  std::string out = "\"";
  for (char ch : v) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + '"';
}

inline std::string species_name(const system& s, int t) {
  return s.type_names[t].empty() ? "type" + std::to_string(t + 1) : s.type_names[t];
}

inline bool standard_masses(const system& s) {
  for (int t = 0; t < s.type_count(); ++t) {
    const auto e = find_element(s.type_names[t]);
    if (!e || e->mass != s.type_masses[t]) return false;
  }
  return true;
}

}  // namespace detail::extxyz

/// Reads every frame of an extended XYZ file from a stream; `name` is used in messages.
inline std::vector<xyz_frame> read_extxyz(std::istream& stream, const std::string& name) {
  text_reader in(stream, name);
  return detail::extxyz::read(in);
}

/// Reads every frame of an extended XYZ file. Throws pelkit::error "file:line: problem".
inline std::vector<xyz_frame> read_extxyz(const std::string& path) {
  text_reader in(path);
  return detail::extxyz::read(in);
}

/// Appends one extended XYZ frame to a stream (see the file comment for the layout).
/// `forces` in eV/Å, one column per atom; `info` adds key=value pairs to the comment line
/// (keys must be non-empty words without '=' or quotes, and not Lattice/Properties/pbc/Origin);
/// `columns` are appended after the standard properties, in the order given (name:R:w or
/// name:I:w; see atom_columns.hpp).
inline void write_extxyz(std::ostream& out, const system& s, const std::optional<Eigen::Matrix3Xd>& forces,
                         const std::map<std::string, std::string>& info, const std::vector<atom_column>& columns,
                         const std::string& name) {
  namespace d = detail::extxyz;
  validate(s, name);
  const auto n = static_cast<Eigen::Index>(s.size());
  if (forces && (forces->cols() != n || !forces->allFinite()))
    throw error(name + ": forces must be finite with one column per atom (" + std::to_string(n) + ")");
  for (int t = 0; t < s.type_count(); ++t)
    if (s.type_names[t].find_first_of(" \t\r\n") != std::string::npos)
      throw error(name + ": type name '" + s.type_names[t] + "' must not contain blanks");
  for (const auto& [key, value] : info) {
    const auto k = d::lower(key);
    if (key.empty() || key.find_first_of(" \t\r\n=\"") != std::string::npos)
      throw error(name + ": info key '" + key + "' must be a non-empty word without '=' or quotes");
    if (k == "lattice" || k == "properties" || k == "pbc" || k == "origin")
      throw error(name + ": info key '" + key + "' is reserved (written from the system)");
  }
  const bool masses = !d::standard_masses(s);
  detail::check_atom_columns(columns, long(n), name,
                             {"species", "pos", "masses", "velocities", "forces", "Lattice", "Properties", "pbc"});
  std::string text;
  auto num = [&](double v) { append_number(text, v); };
  append_number(text, long(n));
  text += "\nLattice=\"";
  const Eigen::Matrix3d& h = s.box.h();
  for (int k = 0; k < 9; ++k) {
    if (k) text += ' ';
    num(h(k % 3, k / 3));  // column k/3 of h is cell vector k/3
  }
  text += "\" Properties=species:S:1:pos:R:3";
  if (masses) text += ":masses:R:1";
  if (s.velocities) text += ":velocities:R:3";
  if (forces) text += ":forces:R:3";
  for (const auto& c : columns)
    text += ':' + c.name + (c.integer ? ":I:" : ":R:") + std::to_string(c.values.rows());
  text += " pbc=\"T T T\"";
  if (!s.box.lo().isZero()) {
    text += " Origin=\"";
    for (int k = 0; k < 3; ++k) {
      if (k) text += ' ';
      num(s.box.lo()[k]);
    }
    text += '"';
  }
  for (const auto& [key, value] : info) text += ' ' + key + '=' + (d::needs_quotes(value) ? d::quote(value) : value);
  text += '\n';
  for (Eigen::Index i = 0; i < n; ++i) {
    text += d::species_name(s, s.types[i]);
    for (int k = 0; k < 3; ++k) text += ' ', num(s.positions(k, i));
    if (masses) text += ' ', num(s.mass(std::size_t(i)));
    if (s.velocities)
      for (int k = 0; k < 3; ++k) text += ' ', num((*s.velocities)(k, i));
    if (forces)
      for (int k = 0; k < 3; ++k) text += ' ', num((*forces)(k, i));
    for (const auto& c : columns)
      for (Eigen::Index k = 0; k < c.values.rows(); ++k) {
        text += ' ';
        if (c.integer) append_number(text, long(c.values(k, i)));
        else num(c.values(k, i));
      }
    text += '\n';
  }
  out << text;
}

/// Appends one extended XYZ frame without extra columns (see the overload with `columns`).
inline void write_extxyz(std::ostream& out, const system& s, const std::optional<Eigen::Matrix3Xd>& forces = std::nullopt,
                         const std::map<std::string, std::string>& info = {}, const std::string& name = "extxyz") {
  write_extxyz(out, s, forces, info, {}, name);
}

/// Writes a one-frame extended XYZ file (see the stream overload).
inline void write_extxyz(const std::string& path, const system& s, const std::optional<Eigen::Matrix3Xd>& forces = std::nullopt,
                         const std::map<std::string, std::string>& info = {}) {
  auto out = open_for_writing(path);
  write_extxyz(out, s, forces, info, path);
  finish_writing(out, path);
}

/// Writes a one-frame extended XYZ file with extra per-atom columns (see the stream overload).
inline void write_extxyz(const std::string& path, const system& s, const std::optional<Eigen::Matrix3Xd>& forces,
                         const std::map<std::string, std::string>& info, const std::vector<atom_column>& columns) {
  auto out = open_for_writing(path);
  write_extxyz(out, s, forces, info, columns, path);
  finish_writing(out, path);
}

}  // namespace pelkit
