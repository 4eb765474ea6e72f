// pelkit/io/lammps_data.hpp — LAMMPS data files, atom style "atomic".
//
// Reading (read_lammps_data):
//  * Line 1 is always a comment. Header lines follow ("N atoms", "N atom types",
//    "xlo xhi", "ylo yhi", "zlo zhi", optional "xy xz yz"); '#' starts a comment anywhere.
//    "atoms", "atom types" and the three box lines are required; hi must exceed lo.
//    Counts of bonds, angles, dihedrals, impropers, their types, "extra ... per atom",
//    ellipsoids, lines, triangles and bodies are accepted only when zero.
//    General triclinic boxes (avec/bvec/cvec, "abc origin") are rejected.
//  * Sections: "Masses" ("type mass [# name]"; required unless lammps_data_options::type_names
//    names the types, whose standard weights then are the masses), "Atoms" ("Atoms" or "Atoms # atomic";
//    lines "id type x y z" or "id type x y z ix iy iz"), "Velocities" ("id vx vy vz", matched
//    by id), "Atom Type Labels" ("type label", newer LAMMPS; labels may then replace numeric
//    types in Atoms). "Pair Coeffs"/"PairIJ Coeffs" (as written by write_data) are skipped.
//    Any other section is an error. Blank and comment-only lines inside sections are skipped;
//    a section must hold exactly the number of entries the header declares.
//  * Atoms keep file order (ids in system::ids); use sort_by_id() to order them by id.
//  * Type names: the "Atom Type Labels" label, else a one-word Masses comment ("1 63.546 # Cu"),
//    else the element whose standard weight is within 0.05 amu of the mass if exactly one is
//    (element_from_mass), else "" (map types yourself). lammps_data_options::type_names, when
//    given (one element symbol per type, types 1..n), replace these names.
//  * Units: Å, amu, Å/ps (LAMMPS "metal"). Velocities stay std::nullopt without a section.
// Every problem throws pelkit::error "file:line: problem".
//
// Writing (write_lammps_data): a file this reader reads back bit for bit — numbers in the
// shortest round-trip form, type names as Masses comments ("1 63.546 # Cu"; an empty name
// writes no comment, so it reads back as the element inferred from the mass, if any),
// "xy xz yz" only for triclinic boxes, image flags always, Velocities when present. LAMMPS
// reads the result with atom_style atomic (tested against LAMMPS 29 Sep 2021).
#pragma once
#include <pelkit/core/elements.hpp>
#include <pelkit/core/error.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/io/text_reader.hpp>

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <istream>
#include <map>
#include <numeric>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pelkit {

/// What read_lammps_data needs besides the file.
struct lammps_data_options {
  /// Element symbols of types 1..n (e.g. from `--elements Cu,Zr`). When given they name the
  /// types, and a file without a Masses section gets the elements' standard weights (amu).
  std::vector<std::string> type_names;
};

namespace detail::lammps_data {

struct header {
  std::optional<long> natoms, ntypes;
  std::array<std::optional<std::array<double, 2>>, 3> bounds;  // lo, hi per axis
  std::array<long, 3> bounds_line{};
  std::optional<std::array<double, 3>> tilt;
  std::map<std::string, long> seen;  // keyword → line, for duplicates
};

struct atom_entry {
  long id, line;
  int type;  // 0-based
  Eigen::Vector3d x;
  Eigen::Vector3i image;
};

struct velocity_entry {
  long id, line;
  Eigen::Vector3d v;
};

struct sections {
  std::optional<long> masses_line, atoms_line, velocities_line, labels_line;
  std::vector<double> masses;
  std::vector<std::string> mass_comment_names;
  std::vector<std::string> labels;
  std::vector<atom_entry> atoms;
  std::vector<velocity_entry> velocities;
};

// Header keywords whose count must be zero in an atomic-style file.
inline constexpr std::array<std::string_view, 17> zero_only_keywords{
    "bonds",          "angles",         "dihedrals",       "impropers",       "bond types",
    "angle types",    "dihedral types", "improper types",  "extra bond per atom",
    "extra angle per atom", "extra dihedral per atom", "extra improper per atom",
    "extra special per atom", "ellipsoids", "lines", "triangles", "bodies"};

// Section names LAMMPS knows but an atomic-style reader does not handle.
inline constexpr std::array<std::string_view, 22> unsupported_sections{
    "Bonds", "Angles", "Dihedrals", "Impropers", "Ellipsoids", "Lines", "Triangles", "Bodies",
    "Bond Coeffs", "Angle Coeffs", "Dihedral Coeffs", "Improper Coeffs", "BondBond Coeffs",
    "BondAngle Coeffs", "MiddleBondTorsion Coeffs", "EndBondTorsion Coeffs",
    "AngleTorsion Coeffs", "AngleAngleTorsion Coeffs", "BondBond13 Coeffs",
    "AngleAngle Coeffs", "Bond Type Labels", "Angle Type Labels"};

inline constexpr std::array<std::string_view, 8> atom_fields{"id", "type", "x", "y", "z", "ix", "iy", "iz"};
inline constexpr std::array<std::string_view, 4> velocity_fields{"id", "vx", "vy", "vz"};

inline bool ends_with_words(const std::vector<std::string_view>& t, std::string_view words, std::size_t& nwords) {
  const auto w = split_tokens(words);
  nwords = w.size();
  if (t.size() < w.size()) return false;
  return std::equal(w.begin(), w.end(), t.end() - long(w.size()));
}

inline void mark_seen(text_reader& in, header& h, const std::string& key) {
  if (auto it = h.seen.find(key); it != h.seen.end())
    in.fail("duplicate header line '" + key + "' (first at line " + std::to_string(it->second) + ")");
  h.seen[key] = in.line_number();
}

inline void need_numbers(text_reader& in, const std::vector<std::string_view>& t, std::size_t nwords,
                         std::size_t n, const std::string& key) {
  if (t.size() - nwords != n)
    in.fail("header line '" + key + "': expected " + std::to_string(n) + " number" + (n > 1 ? "s" : "") +
            " before '" + key + "', got " + std::to_string(t.size() - nwords));
}

// Parses one header line; false if the line is not a header line (a section starts).
inline bool parse_header_line(text_reader& in, header& h) {
  const auto t = in.tokens(true);
  std::size_t nw = 0;
  auto count = [&](const std::string& key) {
    need_numbers(in, t, nw, 1, key);
    mark_seen(in, h, key);
    const long n = in.integer(t[0], "header line '" + key + "': count");
    if (n < 0) in.fail("header line '" + key + "': count must not be negative, got " + std::to_string(n));
    return n;
  };
  // Longer keywords first so "atom types" is not taken for "types".
  if (ends_with_words(t, "atom types", nw) && t.size() > nw) {
    h.ntypes = count("atom types");
    if (*h.ntypes < 1 || *h.ntypes > 1000000)
      in.fail("header line 'atom types': need between 1 and 1000000 atom types, got " + std::to_string(*h.ntypes));
    return true;
  }
  for (auto key : zero_only_keywords)
    if (ends_with_words(t, key, nw) && t.size() > nw) {
      if (const long n = count(std::string(key)); n != 0)
        in.fail("'" + std::to_string(n) + " " + std::string(key) +
                "': only atom style atomic is supported (this count must be 0)");
      return true;
    }
  if (ends_with_words(t, "atoms", nw) && t.size() > nw) {
    h.natoms = count("atoms");
    return true;
  }
  for (int d = 0; d < 3; ++d) {
    const std::string key = std::string(1, "xyz"[d]) + "lo " + std::string(1, "xyz"[d]) + "hi";
    if (ends_with_words(t, key, nw) && t.size() > nw) {
      need_numbers(in, t, nw, 2, key);
      mark_seen(in, h, key);
      const double lo = in.number(t[0], field_name(key, 0, key.substr(0, 3)));
      const double hi = in.number(t[1], field_name(key, 1, key.substr(4, 3)));
      if (!(hi > lo))
        in.fail("box '" + key + "': hi (" + std::string(t[1]) + ") must be greater than lo (" + std::string(t[0]) + ")");
      h.bounds[d] = std::array<double, 2>{lo, hi};
      h.bounds_line[d] = in.line_number();
      return true;
    }
  }
  if (ends_with_words(t, "xy xz yz", nw) && t.size() > nw) {
    need_numbers(in, t, nw, 3, "xy xz yz");
    mark_seen(in, h, "xy xz yz");
    h.tilt = std::array<double, 3>{in.number(t[0], field_name("tilt", 0, "xy")),
                                   in.number(t[1], field_name("tilt", 1, "xz")),
                                   in.number(t[2], field_name("tilt", 2, "yz"))};
    return true;
  }
  for (auto key : {"avec", "bvec", "cvec", "abc origin"})
    if (ends_with_words(t, key, nw) && t.size() > nw)
      in.fail("general triclinic boxes ('" + std::string(key) +
              "') are not supported; use xlo xhi / ylo yhi / zlo zhi / xy xz yz");
  if (to_double(t[0], true) || t[0].front() == '-' || t[0].front() == '+')
    in.fail("unknown header line '" + join_tokens(t) + "'");
  return false;  // a section keyword
}

// Reads `count` entries of a section, calling `entry(tokens, comment, index)` for each.
template <class F>
void read_entries(text_reader& in, long count, const std::string& section, const std::string& unit, F&& entry) {
  for (long i = 0; i < count; ++i) {
    if (!in.next_content_line(true))
      in.fail_eof("the " + section + " section (got " + std::to_string(i) + " of " + std::to_string(count) + " " +
                  unit + " lines)");
    std::string_view comment;
    strip_comment(in.line(), &comment);
    entry(in.tokens(true), comment, i);
  }
}

inline void check_section_fresh(text_reader& in, const std::optional<long>& seen, const std::string& name) {
  if (seen) in.fail("duplicate " + name + " section (first at line " + std::to_string(*seen) + ")");
}

inline int parse_type(text_reader& in, std::string_view tok, const std::string& what, long ntypes,
                      const std::vector<std::string>& labels) {
  long t = 0;
  if (parse_long(tok, t) != number_problem::none) {
    if (!labels.empty() && !to_double(tok, true)) {
      const auto it = std::find(labels.begin(), labels.end(), tok);
      if (it == labels.end()) in.fail(what + " is not a defined type label: '" + std::string(tok) + "'");
      return int(it - labels.begin());
    }
    in.integer(tok, what);  // throws the standard message
  }
  if (t < 1 || t > ntypes)
    in.fail(what + ": atom type " + std::string(tok) + " is out of range (the header declares " +
            std::to_string(ntypes) + " atom types)");
  return int(t - 1);
}

inline void read_masses(text_reader& in, long ntypes, sections& s) {
  check_section_fresh(in, s.masses_line, "Masses");
  s.masses_line = in.line_number();
  s.masses.assign(ntypes, 0.0);
  s.mass_comment_names.assign(ntypes, "");
  std::vector<long> line_of(ntypes, 0);
  read_entries(in, ntypes, "Masses", "mass", [&](const auto& t, std::string_view comment, long) {
    in.expect_fields(t, 2, "Masses line", "type mass");
    const int type = parse_type(in, t[0], field_name("Masses line", 0, "type"), ntypes, s.labels);
    if (line_of[type])
      in.fail("Masses line: duplicate mass for type " + std::string(t[0]) + " (first at line " +
              std::to_string(line_of[type]) + ")");
    line_of[type] = in.line_number();
    const double m = in.number(t[1], field_name("Masses line", 1, "mass"));
    if (!(m > 0)) in.fail("Masses line: mass of type " + std::string(t[0]) + " must be positive, got " + std::string(t[1]));
    s.masses[type] = m;
    if (const auto words = split_tokens(comment); words.size() == 1) s.mass_comment_names[type] = std::string(words[0]);
  });
}

inline void read_labels(text_reader& in, long ntypes, sections& s) {
  check_section_fresh(in, s.labels_line, "Atom Type Labels");
  s.labels_line = in.line_number();
  std::vector<std::string> labels(ntypes);
  read_entries(in, ntypes, "Atom Type Labels", "label", [&](const auto& t, std::string_view, long) {
    in.expect_fields(t, 2, "Atom Type Labels line", "type label");
    const int type = parse_type(in, t[0], field_name("Atom Type Labels line", 0, "type"), ntypes, {});
    if (!labels[type].empty()) in.fail("Atom Type Labels line: duplicate label for type " + std::string(t[0]));
    if (to_double(t[1], true)) in.fail("Atom Type Labels line: label must not be a number: '" + std::string(t[1]) + "'");
    labels[type] = std::string(t[1]);
  });
  s.labels = std::move(labels);
}

inline void check_atom_style(text_reader& in) {
  std::string_view comment;
  strip_comment(in.line(), &comment);
  if (comment.empty()) return;
  const auto words = split_tokens(comment);
  if (words[0] != "atomic")
    in.fail("Atoms section: atom style '" + std::string(words[0]) +
            "' is not supported; only 'atomic' (id type x y z [ix iy iz])");
}

inline void read_atoms(text_reader& in, long natoms, long ntypes, sections& s) {
  check_section_fresh(in, s.atoms_line, "Atoms");
  s.atoms_line = in.line_number();
  check_atom_style(in);
  s.atoms.reserve(std::size_t(std::min(natoms, 1L << 20)));
  std::unordered_map<long, long> line_of_id;
  line_of_id.reserve(std::size_t(std::min(natoms, 1L << 20)));
  std::array<std::string, 8> what;
  for (std::size_t i = 0; i < what.size(); ++i) what[i] = field_name("atom line", i, atom_fields[i]);
  read_entries(in, natoms, "Atoms", "atom", [&](const auto& t, std::string_view, long) {
    if (t.size() != 5 && t.size() != 8)
      in.fail("atom line: expected 5 or 8 fields (id type x y z [ix iy iz]), got " + std::to_string(t.size()));
    atom_entry a;
    a.line = in.line_number();
    a.id = in.integer(t[0], what[0]);
    if (a.id < 1) in.fail("atom line: atom id must be positive, got " + std::string(t[0]));
    if (auto [it, fresh] = line_of_id.emplace(a.id, a.line); !fresh)
      in.fail("atom line: duplicate atom id " + std::string(t[0]) + " (first at line " + std::to_string(it->second) + ")");
    a.type = parse_type(in, t[1], what[1], ntypes, s.labels);
    for (int d = 0; d < 3; ++d) a.x[d] = in.number(t[2 + d], what[2 + d]);
    a.image.setZero();
    if (t.size() == 8)
      for (int d = 0; d < 3; ++d) a.image[d] = in.small_integer(t[5 + d], what[5 + d]);
    s.atoms.push_back(a);
  });
}

inline void read_velocities(text_reader& in, long natoms, sections& s) {
  check_section_fresh(in, s.velocities_line, "Velocities");
  s.velocities_line = in.line_number();
  s.velocities.reserve(std::size_t(std::min(natoms, 1L << 20)));
  std::array<std::string, 4> what;
  for (std::size_t i = 0; i < what.size(); ++i) what[i] = field_name("Velocities line", i, velocity_fields[i]);
  read_entries(in, natoms, "Velocities", "velocity", [&](const auto& t, std::string_view, long) {
    in.expect_fields(t, 4, "Velocities line", "id vx vy vz");
    velocity_entry v;
    v.line = in.line_number();
    v.id = in.integer(t[0], what[0]);
    for (int d = 0; d < 3; ++d) v.v[d] = in.number(t[1 + d], what[1 + d]);
    s.velocities.push_back(v);
  });
}

inline void skip_entries(text_reader& in, long count, const std::string& section) {
  read_entries(in, count, section, "coefficient", [](const auto&, std::string_view, long) {});
}

inline std::string section_list() { return "Masses, Atoms, Velocities, Atom Type Labels, Pair Coeffs, PairIJ Coeffs"; }

// Reads one section whose keyword line is current.
inline void read_section(text_reader& in, const header& h, sections& s) {
  const std::string name = join_tokens(in.tokens(true));
  const long natoms = *h.natoms, ntypes = *h.ntypes;
  if (name == "Masses") return read_masses(in, ntypes, s);
  if (name == "Atoms") return read_atoms(in, natoms, ntypes, s);
  if (name == "Velocities") return read_velocities(in, natoms, s);
  if (name == "Atom Type Labels") return read_labels(in, ntypes, s);
  if (name == "Pair Coeffs") return skip_entries(in, ntypes, name);
  if (name == "PairIJ Coeffs") return skip_entries(in, ntypes * (ntypes + 1) / 2, name);
  if (std::find(unsupported_sections.begin(), unsupported_sections.end(), name) != unsupported_sections.end())
    in.fail("section '" + name + "' is not supported: only atom style atomic (sections " + section_list() + ")");
  in.fail("unknown section '" + name + "' (expected one of " + section_list() + ")");
}

inline void check_header(text_reader& in, const header& h) {
  if (!h.natoms) in.fail("the header has no 'N atoms' line (it ends at this line)");
  if (!h.ntypes) in.fail("the header has no 'N atom types' line (it ends at this line)");
  for (int d = 0; d < 3; ++d)
    if (!h.bounds[d])
      in.fail("the header has no '" + std::string(1, "xyz"[d]) + "lo " + std::string(1, "xyz"[d]) +
              "hi' line (it ends at this line)");
}

inline std::string type_name(const sections& s, int type) {
  if (!s.labels.empty() && !s.labels[type].empty()) return s.labels[type];
  if (!s.mass_comment_names[type].empty()) return s.mass_comment_names[type];
  if (const auto e = element_from_mass(s.masses[type])) return std::string(e->symbol);
  return "";
}

inline system assemble(text_reader& in, const header& h, sections& s, const lammps_data_options& options) {
  const long last = in.line_number();
  const auto& names = options.type_names;
  if (!names.empty() && long(names.size()) != *h.ntypes)
    in.fail_at(h.seen.at("atom types"), "the given elements (--elements) name " + std::to_string(names.size()) +
                                            " types but the header declares " + std::to_string(*h.ntypes) + " atom types");
  if (!s.masses_line) {
    if (names.empty())
      in.fail_at(last, "the file has no Masses section (masses are required): give the elements (--elements Cu,Zr) "
                       "to take their standard weights");
    s.masses.assign(std::size_t(*h.ntypes), 0.0);
    s.mass_comment_names.assign(std::size_t(*h.ntypes), "");
    for (std::size_t t = 0; t < names.size(); ++t) {
      const auto e = find_element(names[t]);
      if (!e)
        in.fail_at(last, "the file has no Masses section and the given element '" + names[t] + "' of type " +
                             std::to_string(t + 1) + " is not a known element symbol");
      s.masses[t] = e->mass;
    }
  }
  if (!s.atoms_line && *h.natoms > 0)
    in.fail_at(last, "the file has no Atoms section but the header declares " + std::to_string(*h.natoms) + " atoms");
  system out;
  const Eigen::Vector3d lo((*h.bounds[0])[0], (*h.bounds[1])[0], (*h.bounds[2])[0]);
  const Eigen::Vector3d hi((*h.bounds[0])[1], (*h.bounds[1])[1], (*h.bounds[2])[1]);
  const auto tilt = h.tilt.value_or(std::array<double, 3>{0, 0, 0});
  long box_line = std::max({h.bounds_line[0], h.bounds_line[1], h.bounds_line[2]});
  if (h.tilt) box_line = std::max(box_line, h.seen.at("xy xz yz"));
  out.box = checked_box(in, box_line, lo, hi, tilt[0], tilt[1], tilt[2]);
  const auto n = static_cast<Eigen::Index>(s.atoms.size());
  out.positions.resize(3, n);
  out.images.resize(3, n);
  out.types.resize(n);
  out.ids.resize(n);
  std::unordered_map<long, Eigen::Index> index_of;
  index_of.reserve(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto& a = s.atoms[i];
    out.positions.col(i) = a.x;
    out.images.col(i) = a.image;
    out.types[i] = a.type;
    out.ids[i] = a.id;
    index_of[a.id] = i;
  }
  for (int t = 0; t < int(*h.ntypes); ++t) {
    out.type_masses.push_back(s.masses[t]);
    out.type_names.push_back(names.empty() ? type_name(s, t) : names[std::size_t(t)]);
  }
  if (s.velocities_line) {
    Eigen::Matrix3Xd v(3, n);
    std::vector<long> line_of(s.atoms.size(), 0);
    for (const auto& e : s.velocities) {
      const auto it = index_of.find(e.id);
      if (it == index_of.end())
        in.fail_at(e.line, "Velocities line: atom id " + std::to_string(e.id) + " is not in the Atoms section");
      if (line_of[it->second])
        in.fail_at(e.line, "Velocities line: duplicate velocity for atom id " + std::to_string(e.id) +
                               " (first at line " + std::to_string(line_of[it->second]) + ")");
      line_of[it->second] = e.line;
      v.col(it->second) = e.v;
    }
    out.velocities = std::move(v);
  }
  return out;
}

}  // namespace detail::lammps_data

namespace detail::lammps_data {

inline system read(text_reader& in, const lammps_data_options& options) {
  if (!in.next_line()) in.fail_eof("the header (the file is empty)");
  header h;
  bool in_section = false;
  while (in.next_content_line(true)) {
    if (!parse_header_line(in, h)) {
      in_section = true;
      break;
    }
  }
  if (!in_section) in.fail_eof("the header (no Masses or Atoms section follows)");
  check_header(in, h);
  sections s;
  while (true) {
    const std::string section = join_tokens(in.tokens(true));
    read_section(in, h, s);
    if (!in.next_content_line(true)) break;
    const auto t = in.tokens(true);
    if (to_double(t[0], true) || t[0].front() == '-' || t[0].front() == '+')
      in.fail("more entries than declared: the " + section + " section should have ended (the header declares " +
              std::to_string(*h.natoms) + " atoms and " + std::to_string(*h.ntypes) +
              " atom types), but found '" + join_tokens(t) + "'");
  }
  return assemble(in, h, s, options);
}

}  // namespace detail::lammps_data

/// Reads a LAMMPS data file (atom style atomic) from a stream; `name` is used in messages.
inline system read_lammps_data(std::istream& stream, const std::string& name, const lammps_data_options& options = {}) {
  text_reader in(stream, name);
  return detail::lammps_data::read(in, options);
}

/// Reads a LAMMPS data file (atom style atomic; gzip-compressed too). Throws pelkit::error
/// "file:line: problem".
inline system read_lammps_data(const std::string& path, const lammps_data_options& options = {}) {
  text_reader in(path);
  return detail::lammps_data::read(in, options);
}

/// The atom indices of `s` in ascending id order (stable; identity if `s.ids` is empty).
inline std::vector<Eigen::Index> id_order(const system& s) {
  std::vector<Eigen::Index> order(s.size());
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  if (!s.ids.empty())
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return s.ids[a] < s.ids[b]; });
  return order;
}

/// Puts atom order[i] at place i: positions, types, images, velocities and ids move together.
inline void permute_atoms(system& s, const std::vector<Eigen::Index>& order) {
  const std::size_t count = order.size();
  const auto n = static_cast<Eigen::Index>(count);
  Eigen::Matrix3Xd x(3, n);
  Eigen::Matrix3Xi img(3, n);
  std::vector<int> types(count);
  for (Eigen::Index i = 0; i < n; ++i) {
    x.col(i) = s.positions.col(order[i]);
    img.col(i) = s.images.col(order[i]);
    types[i] = s.types[order[i]];
  }
  if (!s.ids.empty()) {
    std::vector<long> ids;
    ids.reserve(count);
    for (auto i : order) ids.push_back(s.ids[i]);
    s.ids = std::move(ids);
  }
  if (s.velocities) {
    Eigen::Matrix3Xd v(3, n);
    for (Eigen::Index i = 0; i < n; ++i) v.col(i) = s.velocities->col(order[i]);
    s.velocities = std::move(v);
  }
  s.positions = std::move(x);
  s.images = std::move(img);
  s.types = std::move(types);
}

/// Reorders the atoms of `s` by ascending id (stable). Does nothing if `s.ids` is empty.
inline void sort_by_id(system& s) {
  if (!s.ids.empty()) permute_atoms(s, id_order(s));
}

/// Writes `s` as a LAMMPS data file (atom style atomic) to a stream. Throws pelkit::error if
/// `s` is inconsistent (see validate()).
inline void write_lammps_data(std::ostream& out, const system& s, const std::string& name = "system") {
  validate(s, name);
  for (int t = 0; t < s.type_count(); ++t)
    if (s.type_names[t].find_first_of(" \t\r\n#") != std::string::npos)
      throw error(name + ": type name '" + s.type_names[t] + "' must not contain blanks or '#'");
  std::string text;
  auto num = [&](double v) { append_number(text, v); };
  text += "LAMMPS data file written by pelkit (atom style atomic, units metal)\n\n";
  append_number(text, long(s.size()));
  text += " atoms\n";
  append_number(text, s.type_count());
  text += " atom types\n\n";
  const auto& box = s.box;
  for (int d = 0; d < 3; ++d) {
    num(box.lo()[d]);
    text += ' ';
    num(box.hi()[d]);
    text += std::string(" ") + "xyz"[d] + "lo " + "xyz"[d] + "hi\n";
  }
  if (box.triclinic()) {
    num(box.xy()), text += ' ', num(box.xz()), text += ' ', num(box.yz());
    text += " xy xz yz\n";
  }
  text += "\nMasses\n\n";
  for (int t = 0; t < s.type_count(); ++t) {
    append_number(text, t + 1);
    text += ' ';
    num(s.type_masses[t]);
    if (!s.type_names[t].empty()) text += " # " + s.type_names[t];
    text += '\n';
  }
  text += "\nAtoms # atomic\n\n";
  for (std::size_t i = 0; i < s.size(); ++i) {
    append_number(text, s.ids.empty() ? long(i) + 1 : s.ids[i]);
    text += ' ';
    append_number(text, s.types[i] + 1);
    for (int d = 0; d < 3; ++d) text += ' ', num(s.positions(d, Eigen::Index(i)));
    for (int d = 0; d < 3; ++d) text += ' ', append_number(text, s.images(d, Eigen::Index(i)));
    text += '\n';
  }
  if (s.velocities) {
    text += "\nVelocities\n\n";
    for (std::size_t i = 0; i < s.size(); ++i) {
      append_number(text, s.ids.empty() ? long(i) + 1 : s.ids[i]);
      for (int d = 0; d < 3; ++d) text += ' ', num((*s.velocities)(d, Eigen::Index(i)));
      text += '\n';
    }
  }
  out << text;
}

/// Writes `s` to `path` as a LAMMPS data file that read_lammps_data reads back bit for bit.
inline void write_lammps_data(const std::string& path, const system& s) {
  auto out = open_for_writing(path);
  write_lammps_data(out, s, path);
  finish_writing(out, path);
}

}  // namespace pelkit
