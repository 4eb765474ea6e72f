// pelkit/io/poscar.hpp — VASP POSCAR / CONTCAR files.
//
// Reading (read_poscar):
//  * Line 1 a comment. Line 2 the scale: one number s (s > 0 scales the lattice and Cartesian
//    positions; s < 0 is the cell volume |s| in Å³, the lattice scaled to it) or three positive
//    numbers (VASP 6: x, y, z components scaled separately). Lines 3–5 the cell vectors a, b, c
//    (Å, before scaling).
//  * VASP 5: a line of element symbols, then the counts line. A symbol may carry a POTCAR
//    suffix ("Cu_pv", "Zr_sv/1a2b"): the part before '_' or '/' must be an element of
//    elements.hpp. A symbol given twice ("Cu Zr Cu") is one type.
//    VASP 4 (no symbol line: the line after the cell is the counts line): the names are
//    poscar_options::type_names if given, else the comment line if its first words are as many
//    element symbols as there are counts (as ASE writes it), else the file is refused with
//    "give the elements (--elements Cu,Zr)". Types are numbered in the order of the counts
//    line (first appearance of a symbol). poscar_options::type_names, when given, replace the
//    file's symbols in both formats (like `--elements`).
//  * An optional "Selective dynamics" line (first letter S or s), then "Direct" (first letter
//    D/d) or "Cartesian" (C/c/K/k), then one line per atom: x y z, with "Selective dynamics"
//    three flags T/F (kept in poscar_frame::selective, not used by pelkit); further words on a
//    line (a species label, a comment) are ignored. Anything after the last atom line (the
//    velocities block, predictor-corrector data) is ignored.
//  * Masses: the standard atomic weight of each element (amu). ids 1..N in file order, image
//    flags zero, no velocities.
//  * Cell orientation as for extended XYZ: a cell already in LAMMPS form (a along x, b in the
//    xy plane) is used as is (positions bit-identical); any other right-handed cell is rotated
//    into it (poscar_frame::rotation, r_pelkit = R · r_file). Left-handed or degenerate cells are
//    errors. The cell corner is at 0.
// Every problem throws pelkit::error "file:line: problem".
//
// Writing (write_poscar): VASP 5 with symbols, scale 1, the cell vectors from the box (LAMMPS
// form, so no rotation on reading back), "Cartesian" positions relative to the box corner lo
// (POSCAR has no origin) in the shortest round-trip form, so positions read back bit for bit
// when lo = 0. Atoms are written grouped by type in type order (stable within a type); a type
// without atoms is written with count 0. Every type needs an element name (masses are not
// written: they come back as the standard weights). Image flags, ids and velocities are not
// written.
#pragma once
#include <pelkit/core/elements.hpp>
#include <pelkit/core/error.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/io/text_reader.hpp>

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace pelkit {

/// What read_poscar needs besides the file.
struct poscar_options {
  /// Element symbols of the types in the order of the counts line; needed for a VASP 4 file
  /// whose comment line does not name the elements; when given, they replace the file's symbols.
  std::vector<std::string> type_names;
};

/// A POSCAR/CONTCAR file as read.
struct poscar_frame {
  pelkit::system system;                                   ///< box, positions (Å), types, names, masses (amu)
  std::string comment;                                     ///< line 1, trimmed
  Eigen::Matrix3d rotation = Eigen::Matrix3d::Identity();  ///< r_pelkit = rotation · r_file
  std::optional<std::vector<std::array<bool, 3>>> selective;  ///< "Selective dynamics" flags per atom
};

namespace detail::poscar {

// The element of a symbol with an optional POTCAR suffix ("Cu_pv", "Zr_sv/hash").
inline std::optional<element_info> element_of(std::string_view symbol) {
  return find_element(symbol.substr(0, symbol.find_first_of("_/")));
}

inline bool parse_flag(std::string_view t, bool& v) {
  if (!t.empty() && t.front() == '.') t.remove_prefix(1);
  if (t == "T" || t == "t" || t == "TRUE." || t == "true.") return v = true, true;
  if (t == "F" || t == "f" || t == "FALSE." || t == "false.") return v = false, true;
  return false;
}

inline Eigen::Vector3d read_vector(text_reader& in, const std::string& what, std::string_view names) {
  in.expect_line(what);
  const auto t = in.tokens();
  in.expect_fields(t, 3, what, names);
  const auto n = split_tokens(names);
  Eigen::Vector3d v;
  for (int k = 0; k < 3; ++k) v[k] = in.number(t[k], field_name(what, std::size_t(k), n[k]));
  return v;
}

inline poscar_frame read(text_reader& in, const poscar_options& options) {
  poscar_frame f;
  system& s = f.system;
  in.expect_line("the comment line (the file is empty)");
  f.comment = std::string(trim(in.line()));
  // scale
  in.expect_line("the scale line");
  const long scale_line = in.line_number();
  const auto st = in.tokens();
  if (st.size() != 1 && st.size() != 3)
    in.fail("scale line: expected 1 number (scale, or -volume in Å³) or 3 (x y z scales), got " +
            std::to_string(st.size()) + " fields");
  std::array<double, 3> scale{1, 1, 1};
  std::optional<double> volume;
  const std::string scale_text(trim(in.line()));
  if (st.size() == 1) {
    const double v = in.number(st[0], "scale line: scale");
    if (v == 0) in.fail("scale line: the scale must not be 0");
    if (v < 0) volume = -v;
    else scale = {v, v, v};
  } else {
    for (int k = 0; k < 3; ++k) {
      scale[k] = in.number(st[k], field_name("scale line", std::size_t(k), std::string(1, "xyz"[k])));
      if (!(scale[k] > 0)) in.fail("scale line: the three scales must be positive, got '" + std::string(st[k]) + "'");
    }
  }
  // lattice
  Eigen::Matrix3d rows;
  rows.row(0) = read_vector(in, "lattice vector a (line 3)", "ax ay az");
  rows.row(1) = read_vector(in, "lattice vector b (line 4)", "bx by bz");
  rows.row(2) = read_vector(in, "lattice vector c (line 5)", "cx cy cz");
  const long lattice_line = in.line_number();
  if (volume) {
    const double v0 = rows.determinant();
    if (!(std::abs(v0) > 0) || !std::isfinite(v0))
      in.fail_at(lattice_line, "lattice: the cell vectors are degenerate (zero volume), so the volume " +
                                   scale_text + " on line " + std::to_string(scale_line) + " cannot be met");
    const double k = std::cbrt(*volume / std::abs(v0));
    scale = {k, k, k};
  }
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) rows(r, c) *= scale[std::size_t(c)];
  if (!rows.allFinite()) in.fail_at(lattice_line, "lattice: the scaled cell vectors are not finite");
  // symbols and counts
  in.expect_line("the element symbols or the atom counts");
  auto t = in.tokens();
  if (t.empty()) in.fail("expected the element symbols (VASP 5) or the atom counts (VASP 4), got an empty line");
  std::vector<std::string> symbols;
  long symbols_line = 0;
  if (!to_long(t[0])) {
    symbols_line = in.line_number();
    for (std::size_t k = 0; k < t.size(); ++k) {
      if (to_double(t[k], true))
        in.fail("element symbol line: field " + std::to_string(k + 1) + " is a number: '" + std::string(t[k]) + "'");
      if (!element_of(t[k]))
        in.fail("element symbol line: '" + std::string(t[k]) + "' is not a known element symbol");
      symbols.emplace_back(element_of(t[k])->symbol);
    }
    in.expect_line("the atom counts (the line after the element symbols)");
    t = in.tokens();
  }
  const long counts_line = in.line_number();
  if (t.empty()) in.fail("atom counts line: expected at least 1 count, got an empty line");
  if (!symbols.empty() && t.size() != symbols.size())
    in.fail("atom counts line: expected " + std::to_string(symbols.size()) + " counts (one per element symbol on line " +
            std::to_string(symbols_line) + "), got " + std::to_string(t.size()));
  std::vector<long> counts;
  long natoms = 0;
  for (std::size_t k = 0; k < t.size(); ++k) {
    const long c = in.integer(t[k], field_name("atom counts line", k, "count"));
    if (c < 0) in.fail("atom counts line: count " + std::to_string(k + 1) + " must not be negative, got " + std::string(t[k]));
    if (c > 1'000'000'000L - natoms) in.fail("atom counts line: more than 10^9 atoms");
    counts.push_back(c);
    natoms += c;
  }
  if (natoms == 0) in.fail("atom counts line: the counts sum to 0 (no atoms)");
  // names of the groups
  std::vector<std::string> names;
  if (!options.type_names.empty()) {
    if (options.type_names.size() != counts.size())
      in.fail("the given elements (--elements) name " + std::to_string(options.type_names.size()) + " types but the file has " +
              std::to_string(counts.size()) + " counts");
    for (const auto& n : options.type_names)
      if (!find_element(n)) in.fail("the given element '" + n + "' is not a known element symbol (masses come from the element table)");
    names = options.type_names;
  } else if (!symbols.empty()) {
    names = symbols;
  } else {
    const auto words = split_tokens(f.comment);
    bool ok = words.size() >= counts.size();
    for (std::size_t k = 0; ok && k < counts.size(); ++k) ok = bool(find_element(words[k]));
    if (!ok)
      in.fail("no element symbols (VASP 4 format) and the comment line does not name " + std::to_string(counts.size()) +
              " elements: give the elements (--elements Cu,Zr)");
    for (std::size_t k = 0; k < counts.size(); ++k) names.emplace_back(words[k]);
  }
  std::vector<int> group_type;
  for (const auto& n : names) {
    auto it = std::find(s.type_names.begin(), s.type_names.end(), n);
    if (it == s.type_names.end()) {
      s.type_names.push_back(n);
      s.type_masses.push_back(find_element(n)->mass);
      it = s.type_names.end() - 1;
    }
    group_type.push_back(int(it - s.type_names.begin()));
  }
  // selective dynamics, coordinate mode
  in.expect_line("the coordinate mode (Direct or Cartesian)");
  bool selective = false;
  auto first = [&] {
    const auto l = trim(in.line());
    return l.empty() ? ' ' : l.front();
  };
  if (first() == 'S' || first() == 's') {
    selective = true;
    in.expect_line("the coordinate mode (Direct or Cartesian, after Selective dynamics)");
  }
  bool cartesian = false;
  const char m = first();
  if (m == 'C' || m == 'c' || m == 'K' || m == 'k') cartesian = true;
  else if (m != 'D' && m != 'd')
    in.fail("expected the coordinate mode 'Direct' or 'Cartesian', got '" + std::string(trim(in.line())) + "'");
  // atoms
  const long first_atom_line = in.line_number() + 1;
  const auto n = static_cast<Eigen::Index>(natoms);
  std::vector<Eigen::Vector3d> x;
  x.reserve(std::size_t(std::min(natoms, 1L << 20)));
  if (selective) f.selective.emplace();
  const std::size_t width = selective ? 6 : 3;
  const std::string layout = selective ? "x y z and three T/F flags" : "x y z";
  static constexpr std::array<std::string_view, 6> field_names{"x", "y", "z", "flag x", "flag y", "flag z"};
  for (std::size_t g = 0; g < counts.size(); ++g)
    for (long i = 0; i < counts[g]; ++i) {
      if (!in.next_line())
        in.fail_eof("the position lines (got " + std::to_string(x.size()) + " of " + std::to_string(natoms) +
                    ", the sum of the counts on line " + std::to_string(counts_line) + ")");
      const auto p = in.tokens();
      if (p.size() < width)
        in.fail("position line: expected " + std::to_string(width) + " fields (" + layout + "), got " +
                std::to_string(p.size()));
      Eigen::Vector3d r;
      for (int k = 0; k < 3; ++k) r[k] = in.number(p[std::size_t(k)], field_name("position line", std::size_t(k), field_names[std::size_t(k)]));
      if (selective) {
        std::array<bool, 3> fl{};
        for (std::size_t k = 0; k < 3; ++k)
          if (!parse_flag(p[3 + k], fl[k]))
            in.fail(field_name("position line", 3 + k, field_names[3 + k]) + " is not T or F: '" + std::string(p[3 + k]) + "'");
        f.selective->push_back(fl);
      }
      x.push_back(r);
      s.types.push_back(group_type[g]);
    }
  // geometry
  Eigen::Matrix3d rotation;
  s.box = oriented_box(in, lattice_line, "lattice", rows, Eigen::Vector3d::Zero(), rotation);
  f.rotation = rotation;
  const bool identity = rotation == Eigen::Matrix3d::Identity();
  s.positions.resize(3, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const Eigen::Vector3d& r = x[std::size_t(i)];
    Eigen::Vector3d c;
    if (cartesian) c = Eigen::Vector3d(r[0] * scale[0], r[1] * scale[1], r[2] * scale[2]);
    else c = rows.transpose() * r;  // s1 a + s2 b + s3 c
    if (!identity) c = rotation * c;
    if (!c.allFinite())
      in.fail_at(first_atom_line + i, "position line: the position is not finite after scaling or rotation");
    s.positions.col(i) = c;
  }
  s.images = Eigen::Matrix3Xi::Zero(3, n);
  s.ids.resize(std::size_t(n));
  for (Eigen::Index i = 0; i < n; ++i) s.ids[std::size_t(i)] = long(i) + 1;
  return f;
}

}  // namespace detail::poscar

/// Reads a POSCAR/CONTCAR from a stream; `name` is used in messages.
inline poscar_frame read_poscar(std::istream& stream, const std::string& name, const poscar_options& options = {}) {
  text_reader in(stream, name);
  return detail::poscar::read(in, options);
}

/// Reads a POSCAR/CONTCAR file (see the file comment). Throws pelkit::error "file:line: problem".
inline poscar_frame read_poscar(const std::string& path, const poscar_options& options = {}) {
  text_reader in(path);
  return detail::poscar::read(in, options);
}

/// Writes `s` as a VASP 5 POSCAR (Cartesian, see the file comment). Throws pelkit::error if `s`
/// is inconsistent or a type has no element name.
inline void write_poscar(std::ostream& out, const system& s, const std::string& name = "POSCAR") {
  validate(s, name);
  for (int t = 0; t < s.type_count(); ++t)
    if (!detail::poscar::element_of(s.type_names[t]) || s.type_names[t].find_first_of(" \t\r\n") != std::string::npos)
      throw error(name + ": type " + std::to_string(t + 1) + " is named '" + s.type_names[t] +
                  "', not an element symbol: POSCAR needs element symbols (name the types, e.g. --elements Cu,Zr)");
  std::string text = "written by pelkit\n1.0\n";
  const Eigen::Matrix3d& h = s.box.h();
  for (int v = 0; v < 3; ++v) {
    for (int k = 0; k < 3; ++k) text += ' ', append_number(text, h(k, v));  // column v is cell vector v
    text += '\n';
  }
  std::vector<long> count(std::size_t(s.type_count()), 0);
  for (int t : s.types) ++count[std::size_t(t)];
  for (int t = 0; t < s.type_count(); ++t) text += ' ' + s.type_names[std::size_t(t)];
  text += '\n';
  for (int t = 0; t < s.type_count(); ++t) text += ' ', append_number(text, count[std::size_t(t)]);
  text += "\nCartesian\n";
  for (int t = 0; t < s.type_count(); ++t)
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s.types[i] != t) continue;
      for (int k = 0; k < 3; ++k) text += ' ', append_number(text, s.positions(k, Eigen::Index(i)) - s.box.lo()[k]);
      text += '\n';
    }
  out << text;
}

/// Writes a POSCAR file (gzip for a ".gz" name) that read_poscar reads back bit for bit when
/// the box corner is 0 and the atoms are grouped by type.
inline void write_poscar(const std::string& path, const system& s) {
  auto out = open_for_writing(path);
  write_poscar(out, s, path);
  finish_writing(out, path);
}

}  // namespace pelkit
