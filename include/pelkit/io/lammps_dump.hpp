// pelkit/io/lammps_dump.hpp — LAMMPS text dump files ("dump custom" / "dump atom" layout).
//
// Reading (read_lammps_dump) returns every frame of the file, in file order:
//  * Items per frame: "ITEM: TIMESTEP", "ITEM: NUMBER OF ATOMS", "ITEM: BOX BOUNDS ...",
//    "ITEM: ATOMS <columns>" (the frame ends after its atom lines). "ITEM: UNITS" and
//    "ITEM: TIME" (dump_modify units/time) are read and ignored. Blank lines between items are
//    allowed; any other item is an error.
//  * Box: "BOX BOUNDS pp pp pp" (or without flags, old LAMMPS) with "lo hi" lines, or triclinic
//    "BOX BOUNDS xy xz yz pp pp pp" with "lo_bound hi_bound tilt" lines. Dumps store the
//    bounding box of a triclinic cell; it is converted back as LAMMPS documents:
//      xlo = xlo_bound − min(0, xy, xz, xy+xz),  xhi = xhi_bound − max(0, xy, xz, xy+xz),
//      ylo = ylo_bound − min(0, yz),             yhi = yhi_bound − max(0, yz),  z unchanged.
//    (So triclinic lo/hi may differ from the simulation's by rounding, ~1 ulp.) Non-periodic
//    boundary flags (f, s, m) are rejected: pelkit needs fully periodic cells.
//  * Positions: the first complete triple of x y z (wrapped), xs ys zs (scaled, r = lo + h·s),
//    xu yu zu (unwrapped), xsu ysu zsu (scaled unwrapped). Image flags come from ix iy iz
//    for the wrapped kinds (x, xs) and are zero for the unwrapped kinds (the positions already
//    carry the image). Positions, velocities (vx vy vz) and forces (fx fy fz) must be finite.
//  * Types from the "type" column (1-based in the file, the count is the largest type seen);
//    without it, from the "element" column in order of first appearance. Type names from the
//    "element" column ("" without one); one type must name one element. Masses are not in
//    dumps: taken from a "mass" column if present, else the standard weight of the element,
//    else 1.0 amu (so set masses yourself for dumps without element names).
//  * ids from the "id" column (must be unique), else 1..N. Atoms keep file order (LAMMPS dumps
//    are unsorted unless dump_modify sort id); sort_by_id(dump_frame&) orders them.
//  * `columns` holds every numeric per-atom column by its name, as written in the file
//    (including id, type, x...), unrotated and unconverted; "element" is not stored there.
// Every problem throws pelkit::error "file:line: problem".
//
// Writing (write_lammps_dump): one frame with columns
//   id type [element] x y z ix iy iz [vx vy vz] [fx fy fz]
// "element" only when every type has a name; velocities when the system has them; forces when
// given (eV/Å); then any extra named columns (atom_columns.hpp): `name` for one number per atom,
// `name[1]` ... `name[w]` for w (LAMMPS's naming of a per-atom vector, as `c_ID[1]`); names the
// reader interprets (id, type, element, mass, positions, images, velocities, forces) are refused. Numbers use the shortest round-trip form, so positions, velocities, forces and
// orthogonal boxes read back bit for bit (triclinic lo/hi up to the bounding-box rounding).
// Use the std::ostream overload to write several frames to one file.
#pragma once
#include <pelkit/core/elements.hpp>
#include <pelkit/core/error.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/io/atom_columns.hpp>
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/io/text_reader.hpp>

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <istream>
#include <limits>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pelkit {

/// One frame of a LAMMPS dump.
struct dump_frame {
  long timestep = 0;
  pelkit::system system;                          ///< box, positions (Å), types, names, ids, ...
  std::map<std::string, Eigen::VectorXd> columns;  ///< every numeric per-atom column by name
  std::optional<Eigen::Matrix3Xd> forces;          ///< eV/Å, from fx fy fz when present
};

/// Reorders the atoms of a frame by ascending id (system, columns and forces together).
inline void sort_by_id(dump_frame& f) {
  const auto order = id_order(f.system);
  permute_atoms(f.system, order);
  for (auto& [name, col] : f.columns) {
    Eigen::VectorXd c(col.size());
    for (Eigen::Index i = 0; i < c.size(); ++i) c[i] = col[order[i]];
    col = std::move(c);
  }
  if (f.forces) {
    Eigen::Matrix3Xd g(3, f.forces->cols());
    for (Eigen::Index i = 0; i < g.cols(); ++i) g.col(i) = f.forces->col(order[i]);
    f.forces = std::move(g);
  }
}

namespace detail::lammps_dump {

struct position_kind {
  std::array<std::string_view, 3> names;
  bool scaled, wrapped;
};
inline constexpr std::array<position_kind, 4> position_kinds{{
    {{"x", "y", "z"}, false, true},
    {{"xs", "ys", "zs"}, true, true},
    {{"xu", "yu", "zu"}, false, false},
    {{"xsu", "ysu", "zsu"}, true, false},
}};

// Columns that must hold finite numbers.
inline bool strict_column(std::string_view c) {
  for (auto k : {"x", "y", "z", "xs", "ys", "zs", "xu", "yu", "zu", "xsu", "ysu", "zsu", "vx", "vy", "vz", "fx",
                 "fy", "fz", "mass"})
    if (c == k) return true;
  return false;
}
inline bool integer_column(std::string_view c) {
  return c == "id" || c == "type" || c == "ix" || c == "iy" || c == "iz";
}

// Header items of the frame being read.
struct pending {
  std::optional<long> timestep, natoms;
  std::optional<periodic_box> box;
  long timestep_line = 0;
};

inline std::string frame_label(const pending& p) {
  return p.timestep ? "timestep " + std::to_string(*p.timestep) : "the frame";
}

inline periodic_box read_box(text_reader& in, const std::vector<std::string_view>& item) {
  // item = {"BOX", "BOUNDS", ...}
  std::vector<std::string_view> rest(item.begin() + 2, item.end());
  if (!rest.empty() && (rest[0] == "abc" || rest[0] == "origin"))
    in.fail("ITEM: BOX BOUNDS: general triclinic boxes ('abc origin') are not supported");
  const bool tri = rest.size() >= 3 && rest[0] == "xy" && rest[1] == "xz" && rest[2] == "yz";
  std::vector<std::string_view> flags(rest.begin() + (tri ? 3 : 0), rest.end());
  if (!flags.empty() && flags.size() != 3)
    in.fail("ITEM: BOX BOUNDS: expected 3 boundary flags (e.g. 'pp pp pp'), got '" + join_tokens(rest) + "'");
  for (std::size_t d = 0; d < flags.size(); ++d)
    if (flags[d] != "pp")
      in.fail("ITEM: BOX BOUNDS: boundary '" + std::string(flags[d]) + "' along " + "xyz"[d] +
              " is not periodic; pelkit needs periodic boundaries (pp pp pp)");
  std::array<double, 3> blo{}, bhi{}, tilt{};
  std::array<long, 3> line{};
  static constexpr std::array<std::string_view, 3> tilt_names{"xy", "xz", "yz"};
  for (int d = 0; d < 3; ++d) {
    in.expect_line("ITEM: BOX BOUNDS (3 lines)");
    const auto t = in.tokens();
    const std::string what = std::string("box bounds line ") + "xyz"[d];
    in.expect_fields(t, tri ? 3 : 2, what, tri ? "lo_bound hi_bound tilt" : "lo hi");
    blo[d] = in.number(t[0], field_name(what, 0, tri ? "lo_bound" : "lo"));
    bhi[d] = in.number(t[1], field_name(what, 1, tri ? "hi_bound" : "hi"));
    if (tri) tilt[d] = in.number(t[2], field_name(what, 2, tilt_names[d]));
    line[d] = in.line_number();
  }
  const double xy = tilt[0], xz = tilt[1], yz = tilt[2];
  Eigen::Vector3d lo(blo[0], blo[1], blo[2]), hi(bhi[0], bhi[1], bhi[2]);
  if (tri) {
    lo[0] -= std::min({0.0, xy, xz, xy + xz});
    hi[0] -= std::max({0.0, xy, xz, xy + xz});
    lo[1] -= std::min(0.0, yz);
    hi[1] -= std::max(0.0, yz);
  }
  for (int d = 0; d < 3; ++d)
    if (!(hi[d] > lo[d]))
      in.fail_at(line[d], std::string("box bounds line ") + "xyz"[d] + ": hi must be greater than lo (lo = " +
                              std::to_string(lo[d]) + ", hi = " + std::to_string(hi[d]) + ")");
  return checked_box(in, line[2], lo, hi, xy, xz, yz);
}

struct column_layout {
  std::vector<std::string> names;
  std::map<std::string, std::size_t> index;
  std::optional<std::size_t> element;
  const position_kind* kind = nullptr;
  long line = 0;

  std::optional<std::size_t> find(std::string_view n) const {
    const auto it = index.find(std::string(n));
    return it == index.end() ? std::nullopt : std::optional<std::size_t>(it->second);
  }
  bool has_all(std::array<std::string_view, 3> n) const { return find(n[0]) && find(n[1]) && find(n[2]); }
};

inline column_layout read_columns(text_reader& in, const std::vector<std::string_view>& item) {
  column_layout c;
  c.line = in.line_number();
  for (std::size_t i = 1; i < item.size(); ++i) {
    std::string n(item[i]);
    if (c.index.count(n)) in.fail("ITEM: ATOMS: duplicate column '" + n + "'");
    c.index[n] = c.names.size();
    c.names.push_back(n);
  }
  if (c.names.empty()) in.fail("ITEM: ATOMS: no column names");
  c.element = c.find("element");
  for (const auto& k : position_kinds)
    if (c.has_all(k.names)) {
      c.kind = &k;
      break;
    }
  if (!c.kind) {
    for (const auto& k : position_kinds)
      for (auto n : k.names)
        if (c.find(n))
          in.fail("ITEM: ATOMS: column '" + std::string(n) + "' without its partners (need " + std::string(k.names[0]) +
                  " " + std::string(k.names[1]) + " " + std::string(k.names[2]) + ")");
    in.fail("ITEM: ATOMS: no position columns (need x y z, xs ys zs, xu yu zu or xsu ysu zsu)");
  }
  if (!c.find("type") && !c.element) in.fail("ITEM: ATOMS: need a 'type' or an 'element' column");
  return c;
}

// Reads the n atom lines of one frame: numeric columns by name, element names, line numbers.
// Storage grows as lines arrive, so a bogus atom count fails as a truncated file, not an
// allocation failure.
inline void read_atom_lines(text_reader& in, const column_layout& c, long n, const pending& p,
                            std::map<std::string, Eigen::VectorXd>& cols, std::vector<std::string>& elements,
                            std::vector<long>& lines) {
  const std::string layout = join_tokens(std::vector<std::string_view>(c.names.begin(), c.names.end()));
  std::vector<std::string> what(c.names.size());
  for (std::size_t j = 0; j < c.names.size(); ++j) what[j] = field_name("atom line", j, c.names[j]);
  std::vector<std::vector<double>> values(c.names.size());
  for (long i = 0; i < n; ++i) {
    if (!in.next_line())
      in.fail_eof("ITEM: ATOMS of " + frame_label(p) + " (got " + std::to_string(i) + " of " + std::to_string(n) +
                  " atom lines)");
    const auto t = in.tokens();
    in.expect_fields(t, c.names.size(), "atom line", layout);
    lines.push_back(in.line_number());
    for (std::size_t j = 0; j < t.size(); ++j) {
      const auto& name = c.names[j];
      if (c.element && j == *c.element)
        elements.emplace_back(t[j]);
      else if (integer_column(name)) {
        // Stored as doubles: ids must stay exact (|id| <= 2^53), type and image flags are ints.
        const long v = in.integer(t[j], what[j]);
        const long limit = name == "id" ? (1L << 53) : long(std::numeric_limits<int>::max());
        if (v > limit || v < -limit) in.fail(what[j] + " is out of range: '" + std::string(t[j]) + "'");
        values[j].push_back(double(v));
      }
      else
        values[j].push_back(in.number(t[j], what[j], !strict_column(name)));
    }
  }
  for (std::size_t j = 0; j < c.names.size(); ++j)
    if (!c.element || j != *c.element)
      cols[c.names[j]] = Eigen::Map<const Eigen::VectorXd>(values[j].data(), Eigen::Index(values[j].size()));
}

inline Eigen::Matrix3Xd stack3(const std::map<std::string, Eigen::VectorXd>& cols, std::array<std::string_view, 3> n) {
  const auto& a = cols.at(std::string(n[0]));
  Eigen::Matrix3Xd m(3, a.size());
  if (a.size() == 0) return m;  // a frame of 0 atoms: row() of an empty matrix offsets a null pointer
  for (int d = 0; d < 3; ++d) m.row(d) = cols.at(std::string(n[d])).transpose();
  return m;
}

inline dump_frame build_frame(text_reader& in, const pending& p, const column_layout& c,
                              std::map<std::string, Eigen::VectorXd> cols, const std::vector<std::string>& elements,
                              const std::vector<long>& lines) {
  dump_frame f;
  f.timestep = *p.timestep;
  system& s = f.system;
  s.box = *p.box;
  const auto n = static_cast<Eigen::Index>(lines.size());
  // ids
  s.ids.resize(n);
  if (c.find("id")) {
    std::unordered_map<long, long> line_of;
    line_of.reserve(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      s.ids[i] = long(cols["id"][i]);
      if (auto [it, fresh] = line_of.emplace(s.ids[i], lines[i]); !fresh)
        in.fail_at(lines[i], "atom line: duplicate atom id " + std::to_string(s.ids[i]) + " (first at line " +
                                 std::to_string(it->second) + ")");
    }
  } else {
    for (Eigen::Index i = 0; i < n; ++i) s.ids[i] = long(i) + 1;
  }
  // types and names
  s.types.resize(n);
  std::vector<long> name_line;
  if (c.find("type")) {
    int ntypes = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const long t = long(cols["type"][i]);
      if (t < 1 || t > 1000000)
        in.fail_at(lines[i], "atom line: atom type must be between 1 and 1000000, got " + std::to_string(t));
      s.types[i] = int(t - 1);
      ntypes = std::max(ntypes, int(t));
    }
    s.type_names.assign(ntypes, "");
    name_line.assign(ntypes, 0);
    if (c.element)
      for (Eigen::Index i = 0; i < n; ++i) {
        const int t = s.types[i];
        if (!name_line[t]) {
          s.type_names[t] = elements[i];
          name_line[t] = lines[i];
        } else if (s.type_names[t] != elements[i]) {
          in.fail_at(lines[i], "atom line: atom type " + std::to_string(t + 1) + " is element '" + elements[i] +
                                   "' here but '" + s.type_names[t] + "' at line " + std::to_string(name_line[t]));
        }
      }
  } else {
    for (Eigen::Index i = 0; i < n; ++i) {
      auto it = std::find(s.type_names.begin(), s.type_names.end(), elements[i]);
      if (it == s.type_names.end()) it = s.type_names.insert(s.type_names.end(), elements[i]);
      s.types[i] = int(it - s.type_names.begin());
    }
  }
  // masses: "mass" column, else element weight, else 1 amu
  s.type_masses.assign(s.type_names.size(), 0.0);
  if (c.find("mass")) {
    std::vector<long> mass_line(s.type_masses.size(), 0);
    for (Eigen::Index i = 0; i < n; ++i) {
      const int t = s.types[i];
      const double m = cols["mass"][i];
      if (!(m > 0)) in.fail_at(lines[i], "atom line: mass must be positive, got " + std::to_string(m));
      if (!mass_line[t]) {
        s.type_masses[t] = m, mass_line[t] = lines[i];
      } else if (s.type_masses[t] != m) {
        in.fail_at(lines[i], "atom line: atoms of type " + std::to_string(t + 1) +
                                 " have different masses (pelkit stores one mass per type; first at line " +
                                 std::to_string(mass_line[t]) + ")");
      }
    }
  }
  for (std::size_t t = 0; t < s.type_masses.size(); ++t)
    if (s.type_masses[t] == 0.0) {
      const auto e = find_element(s.type_names[t]);
      s.type_masses[t] = e ? e->mass : 1.0;
    }
  // positions, images
  s.positions = stack3(cols, c.kind->names);
  if (c.kind->scaled)
    for (Eigen::Index i = 0; i < n; ++i) {
      s.positions.col(i) = s.box.to_cartesian(s.positions.col(i));
      if (!s.positions.col(i).allFinite())
        in.fail_at(lines[i], "atom line: scaled position gives a non-finite position in this box");
    }
  s.images = Eigen::Matrix3Xi::Zero(3, n);
  if (c.kind->wrapped && c.find("ix") && c.find("iy") && c.find("iz"))
    s.images = stack3(cols, {"ix", "iy", "iz"}).cast<int>();
  if (c.find("vx") && c.find("vy") && c.find("vz")) s.velocities = stack3(cols, {"vx", "vy", "vz"});
  if (c.find("fx") && c.find("fy") && c.find("fz")) f.forces = stack3(cols, {"fx", "fy", "fz"});
  f.columns = std::move(cols);
  return f;
}

inline std::vector<dump_frame> read(text_reader& in) {
  std::vector<dump_frame> frames;
  pending p;
  bool started = false;
  while (in.next_line()) {
    const auto line = trim(in.line());
    if (line.empty()) continue;
    if (line.substr(0, 5) != "ITEM:") in.fail("expected an 'ITEM:' line, got '" + std::string(line.substr(0, 60)) + "'");
    const auto item = split_tokens(line.substr(5));
    const std::string name = join_tokens(item);
    if (name == "TIMESTEP") {
      if (p.timestep) in.fail("ITEM: TIMESTEP again before the ITEM: ATOMS of timestep " + std::to_string(*p.timestep));
      in.expect_line("the ITEM: TIMESTEP value");
      const auto t = in.tokens();
      in.expect_fields(t, 1, "timestep line", "timestep");
      p.timestep = in.integer(t[0], "timestep");
      p.timestep_line = in.line_number();
      started = true;
    } else if (name == "UNITS" || name == "TIME") {
      in.expect_line("the ITEM: " + name + " value");
      started = true;
    } else if (name == "NUMBER OF ATOMS") {
      in.expect_line("the ITEM: NUMBER OF ATOMS value");
      const auto t = in.tokens();
      in.expect_fields(t, 1, "number of atoms line", "count");
      p.natoms = in.integer(t[0], "number of atoms");
      if (*p.natoms < 0) in.fail("number of atoms must not be negative, got " + std::string(t[0]));
      started = true;
    } else if (item.size() >= 2 && item[0] == "BOX" && item[1] == "BOUNDS") {
      p.box = read_box(in, item);
      started = true;
    } else if (!item.empty() && item[0] == "ATOMS") {
      if (!p.timestep) in.fail("ITEM: ATOMS without a preceding ITEM: TIMESTEP");
      if (!p.natoms) in.fail("ITEM: ATOMS without a preceding ITEM: NUMBER OF ATOMS");
      if (!p.box) in.fail("ITEM: ATOMS without a preceding ITEM: BOX BOUNDS");
      const auto c = read_columns(in, item);
      std::map<std::string, Eigen::VectorXd> cols;
      std::vector<std::string> elements;
      std::vector<long> lines;
      read_atom_lines(in, c, *p.natoms, p, cols, elements, lines);
      frames.push_back(build_frame(in, p, c, std::move(cols), elements, lines));
      p = pending{};
      started = false;
    } else {
      in.fail("unknown item 'ITEM: " + name + "'");
    }
  }
  if (started) in.fail_eof(frame_label(p) + " (the frame has no ITEM: ATOMS)");
  if (frames.empty()) in.fail("the file contains no frames");
  return frames;
}

}  // namespace detail::lammps_dump

/// Reads every frame of a LAMMPS text dump from a stream; `name` is used in messages.
inline std::vector<dump_frame> read_lammps_dump(std::istream& stream, const std::string& name) {
  text_reader in(stream, name);
  return detail::lammps_dump::read(in);
}

/// Reads every frame of a LAMMPS text dump. Throws pelkit::error "file:line: problem".
inline std::vector<dump_frame> read_lammps_dump(const std::string& path) {
  text_reader in(path);
  return detail::lammps_dump::read(in);
}

/// Appends one frame (columns id type [element] x y z ix iy iz [vx vy vz] [fx fy fz], then the
/// extra `columns`: `name` for one component, `name[1]` ... `name[w]` for w; atom_columns.hpp)
/// to a stream. `forces` (eV/Å) must have one column per atom. Throws pelkit::error if the
/// system is inconsistent.
inline void write_lammps_dump(std::ostream& out, const system& s, long timestep,
                              const std::optional<Eigen::Matrix3Xd>& forces, const std::vector<atom_column>& columns,
                              const std::string& name) {
  validate(s, name);
  const auto n = static_cast<Eigen::Index>(s.size());
  if (forces && (forces->cols() != n || !forces->allFinite()))
    throw error(name + ": forces must be finite with one column per atom (" + std::to_string(n) + ")");
  detail::check_atom_columns(columns, long(n), name,
                             {"id", "type", "element", "mass", "x", "y", "z", "xs", "ys", "zs", "xu", "yu", "zu", "xsu", "ysu",
                              "zsu", "ix", "iy", "iz", "vx", "vy", "vz", "fx", "fy", "fz"});
  const bool names = std::all_of(s.type_names.begin(), s.type_names.end(), [](const std::string& t) {
    return !t.empty() && t.find_first_of(" \t\r\n") == std::string::npos;
  });
  std::string text;
  auto num = [&](double v) { append_number(text, v); };
  text += "ITEM: TIMESTEP\n";
  append_number(text, timestep);
  text += "\nITEM: NUMBER OF ATOMS\n";
  append_number(text, long(n));
  const auto& b = s.box;
  if (b.triclinic()) {
    const double xy = b.xy(), xz = b.xz(), yz = b.yz();
    const std::array<double, 3> blo{b.lo()[0] + std::min({0.0, xy, xz, xy + xz}), b.lo()[1] + std::min(0.0, yz),
                                    b.lo()[2]};
    const std::array<double, 3> bhi{b.hi()[0] + std::max({0.0, xy, xz, xy + xz}), b.hi()[1] + std::max(0.0, yz),
                                    b.hi()[2]};
    const std::array<double, 3> tilt{xy, xz, yz};
    text += "\nITEM: BOX BOUNDS xy xz yz pp pp pp\n";
    for (int d = 0; d < 3; ++d) num(blo[d]), text += ' ', num(bhi[d]), text += ' ', num(tilt[d]), text += '\n';
  } else {
    text += "\nITEM: BOX BOUNDS pp pp pp\n";
    for (int d = 0; d < 3; ++d) num(b.lo()[d]), text += ' ', num(b.hi()[d]), text += '\n';
  }
  text += "ITEM: ATOMS id type";
  if (names) text += " element";
  text += " x y z ix iy iz";
  if (s.velocities) text += " vx vy vz";
  if (forces) text += " fx fy fz";
  for (const auto& c : columns) {
    if (c.values.rows() == 1) text += ' ' + c.name;
    else
      for (Eigen::Index k = 0; k < c.values.rows(); ++k) text += ' ' + c.name + '[' + std::to_string(k + 1) + ']';
  }
  text += '\n';
  for (Eigen::Index i = 0; i < n; ++i) {
    append_number(text, s.ids.empty() ? long(i) + 1 : s.ids[i]);
    text += ' ';
    append_number(text, s.types[i] + 1);
    if (names) text += ' ' + s.type_names[s.types[i]];
    for (int d = 0; d < 3; ++d) text += ' ', num(s.positions(d, i));
    for (int d = 0; d < 3; ++d) text += ' ', append_number(text, s.images(d, i));
    if (s.velocities)
      for (int d = 0; d < 3; ++d) text += ' ', num((*s.velocities)(d, i));
    if (forces)
      for (int d = 0; d < 3; ++d) text += ' ', num((*forces)(d, i));
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

/// Appends one frame without extra columns (see the overload with `columns`).
inline void write_lammps_dump(std::ostream& out, const system& s, long timestep,
                              const std::optional<Eigen::Matrix3Xd>& forces = std::nullopt,
                              const std::string& name = "dump") {
  write_lammps_dump(out, s, timestep, forces, {}, name);
}

/// Writes a one-frame dump file (see the stream overload for the columns).
inline void write_lammps_dump(const std::string& path, const system& s, long timestep,
                              const std::optional<Eigen::Matrix3Xd>& forces = std::nullopt) {
  auto out = open_for_writing(path);
  write_lammps_dump(out, s, timestep, forces, path);
  finish_writing(out, path);
}

/// Writes a one-frame dump file with extra per-atom columns (see the stream overload).
inline void write_lammps_dump(const std::string& path, const system& s, long timestep,
                              const std::optional<Eigen::Matrix3Xd>& forces, const std::vector<atom_column>& columns) {
  auto out = open_for_writing(path);
  write_lammps_dump(out, s, timestep, forces, columns, path);
  finish_writing(out, path);
}

}  // namespace pelkit
