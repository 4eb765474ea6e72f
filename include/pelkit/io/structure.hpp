// pelkit/io/structure.hpp — read or write a configuration in any supported format.
//
// The format (names for --format in parentheses) comes from the file name, any case, after
// dropping a ".gz" suffix:
//   .data .lmp .lammps                                 LAMMPS data file (lammps-data)
//   .dump .lammpstrj                                   LAMMPS text dump, last frame (lammps-dump)
//   .xyz .extxyz                                       extended XYZ, last frame (extxyz)
//   name starting with POSCAR or CONTCAR, .vasp .poscar  VASP POSCAR/CONTCAR (poscar)
// Any other name: the content decides (sniff_structure_format: "ITEM:" starts a dump; an atom
// count then a Lattice=/Properties= line an extended XYZ; a scale line then three vector lines
// a POSCAR; "N atoms" / "xlo xhi" header lines a LAMMPS data file), else LAMMPS data.
// When a file fails to read in the format its name gives and its content looks like another
// format, the error says so: "x.data:1: this looks like an extended XYZ file, not a LAMMPS
// data file; use --format extxyz (...)". A forced format (read_structure(path, format)) is
// used as given. Gzip files are read whatever they are called (text_reader); a name ending in
// ".gz" is written compressed.
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/io/extxyz.hpp>
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/io/lammps_dump.hpp>
#include <pelkit/io/poscar.hpp>

#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pelkit {

enum class structure_format { lammps_data, lammps_dump, extxyz, poscar };

namespace detail::structure {

inline constexpr std::array<std::string_view, 4> format_names{"lammps-data", "lammps-dump", "extxyz", "poscar"};
inline constexpr std::array<std::string_view, 4> descriptions{"a LAMMPS data file", "a LAMMPS dump file",
                                                              "an extended XYZ file", "a VASP POSCAR file"};

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

inline bool ends_with(std::string_view s, std::string_view e) {
  return s.size() >= e.size() && s.substr(s.size() - e.size()) == e;
}

inline bool all_numbers(const std::vector<std::string_view>& t, std::size_t n) {
  if (t.size() != n) return false;
  for (auto x : t)
    if (!to_double(x)) return false;
  return true;
}

inline bool all_integers(const std::vector<std::string_view>& t) {
  if (t.empty()) return false;
  for (auto x : t)
    if (!to_long(x)) return false;
  return true;
}

// "key =" somewhere in a lower-cased line.
inline bool has_key(const std::string& l, std::string_view key) {
  for (auto p = l.find(key); p != std::string::npos; p = l.find(key, p + 1)) {
    auto q = p + key.size();
    while (q < l.size() && is_blank(l[q])) ++q;
    if (q < l.size() && l[q] == '=') return true;
  }
  return false;
}

}  // namespace detail::structure

/// The --format name of a format: "lammps-data", "lammps-dump", "extxyz" or "poscar".
inline std::string_view format_name(structure_format f) {
  return detail::structure::format_names[static_cast<std::size_t>(f)];
}

/// The format called `name` ("lammps-data", "lammps-dump", "extxyz", "poscar"; any case), if any.
inline std::optional<structure_format> parse_structure_format(std::string_view name) {
  const auto l = detail::structure::lower(name);
  for (std::size_t k = 0; k < detail::structure::format_names.size(); ++k)
    if (l == detail::structure::format_names[k]) return static_cast<structure_format>(k);
  return std::nullopt;
}

/// The format names joined by `separator`, for help texts: "lammps-data, lammps-dump, extxyz, poscar".
inline std::string structure_format_names(std::string_view separator = ", ") {
  std::string out;
  for (auto n : detail::structure::format_names) {
    if (!out.empty()) out += separator;
    out += n;
  }
  return out;
}

/// The format the file name implies (see the file comment), or nullopt if it implies none.
inline std::optional<structure_format> format_from_name(std::string_view path) {
  namespace d = detail::structure;
  std::string l = d::lower(path);
  if (has_gz_suffix(l)) l.resize(l.size() - 3);
  if (d::ends_with(l, ".dump") || d::ends_with(l, ".lammpstrj")) return structure_format::lammps_dump;
  if (d::ends_with(l, ".xyz") || d::ends_with(l, ".extxyz")) return structure_format::extxyz;
  if (d::ends_with(l, ".data") || d::ends_with(l, ".lmp") || d::ends_with(l, ".lammps")) return structure_format::lammps_data;
  if (d::ends_with(l, ".vasp") || d::ends_with(l, ".poscar")) return structure_format::poscar;
  const auto slash = l.find_last_of("/\\");
  const std::string_view base = std::string_view(l).substr(slash == std::string::npos ? 0 : slash + 1);
  if (base.starts_with("poscar") || base.starts_with("contcar")) return structure_format::poscar;
  return std::nullopt;
}

/// Format implied by the file name (LAMMPS data when the name implies none).
inline structure_format format_of(const std::string& path) {
  return format_from_name(path).value_or(structure_format::lammps_data);
}

/// The format the first lines of a file look like (see the file comment), or nullopt.
inline std::optional<structure_format> sniff_structure_format(const std::vector<std::string>& lines) {
  namespace d = detail::structure;
  std::size_t first = 0;
  while (first < lines.size() && trim(lines[first]).empty()) ++first;
  if (first == lines.size()) return std::nullopt;
  if (trim(lines[first]).starts_with("ITEM:")) return structure_format::lammps_dump;
  auto tokens = [&](std::size_t k) { return k < lines.size() ? split_tokens(lines[k]) : std::vector<std::string_view>{}; };
  if (const auto t = tokens(first); t.size() == 1 && to_long(t[0]) && first + 1 < lines.size()) {
    const auto l = d::lower(lines[first + 1]);
    if (d::has_key(l, "lattice") || d::has_key(l, "properties")) return structure_format::extxyz;
  }
  if (lines.size() >= 7) {  // comment, scale, a, b, c, symbols or counts, ...
    const auto scale = tokens(1);
    if ((d::all_numbers(scale, 1) || d::all_numbers(scale, 3)) && d::all_numbers(tokens(2), 3) &&
        d::all_numbers(tokens(3), 3) && d::all_numbers(tokens(4), 3)) {
      const auto t5 = tokens(5);
      if (d::all_integers(t5)) return structure_format::poscar;
      if (!t5.empty() && !to_double(t5[0]) && d::all_integers(tokens(6)) && tokens(6).size() == t5.size())
        return structure_format::poscar;
    }
  }
  for (std::size_t k = 1; k < lines.size(); ++k) {
    const auto t = split_tokens(strip_comment(lines[k]));
    if ((t.size() == 2 && t[1] == "atoms" && to_long(t[0])) ||
        (t.size() == 4 && t[2] == "xlo" && t[3] == "xhi"))
      return structure_format::lammps_data;
  }
  return std::nullopt;
}

/// The format the content of `path` (decompressed if gzip) looks like, or nullopt. Throws
/// pelkit::error if the file cannot be read.
inline std::optional<structure_format> sniff_structure_file(const std::string& path) {
  text_reader in(path);
  std::vector<std::string> lines;
  while (lines.size() < 64 && in.next_line()) lines.push_back(in.line());
  return sniff_structure_format(lines);
}

/// How read_structure reads a file.
struct structure_options {
  /// Force a format (e.g. from --format); else by name, then by content.
  std::optional<structure_format> format;
  /// Element symbols of types 1..n (e.g. from --elements Cu,Zr): they name the types, and give
  /// the masses of a LAMMPS data file without a Masses section and the names of a VASP 4 POSCAR.
  std::vector<std::string> type_names;
};

namespace detail::structure {

inline system read_as(const std::string& path, structure_format f, const std::vector<std::string>& names) {
  system s;
  switch (f) {
    // The readers throw when a file holds no frame.
    case structure_format::lammps_dump: s = std::move(read_lammps_dump(path).back().system); break;
    case structure_format::extxyz: s = std::move(read_extxyz(path).back().system); break;
    case structure_format::poscar: return std::move(read_poscar(path, {names}).system);
    default: return read_lammps_data(path, {names});
  }
  if (!names.empty()) {
    if (int(names.size()) != s.type_count())
      throw input_error(path, 0, "the given elements (--elements) name " + std::to_string(names.size()) +
                                     " types but the file has " + std::to_string(s.type_count()) + " atom types");
    s.type_names = names;
  }
  return s;
}

}  // namespace detail::structure

/// Reads a configuration (the last frame of a trajectory file); see the file comment for how
/// the format is chosen. Throws pelkit::error "file:line: problem".
inline system read_structure(const std::string& path, const structure_options& options) {
  namespace d = detail::structure;
  const auto named = options.format ? options.format : format_from_name(path);
  if (!named) {
    const auto sniffed = sniff_structure_file(path);
    return d::read_as(path, sniffed.value_or(structure_format::lammps_data), options.type_names);
  }
  try {
    return d::read_as(path, *named, options.type_names);
  } catch (const error& e) {
    if (options.format) throw;
    std::optional<structure_format> sniffed;
    try {
      sniffed = sniff_structure_file(path);
    } catch (const error&) {
    }
    if (!sniffed || *sniffed == *named) throw;
    const auto i = static_cast<std::size_t>(*sniffed), j = static_cast<std::size_t>(*named);
    throw input_error(path, 1, "this looks like " + std::string(d::descriptions[i]) + ", not " +
                                   std::string(d::descriptions[j]) + " as the name says; use --format " +
                                   std::string(d::format_names[i]) + " (read as " + std::string(d::format_names[j]) +
                                   ": " + e.what() + ")");
  }
}

/// Reads a configuration, format by name then content (see the file comment).
inline system read_structure(const std::string& path) { return read_structure(path, structure_options{}); }

/// Reads a configuration in the given format.
inline system read_structure(const std::string& path, structure_format format) {
  return read_structure(path, structure_options{format, {}});
}

/// Writes a configuration in the given format (gzip for a ".gz" name).
inline void write_structure(const std::string& path, const system& s, structure_format format) {
  switch (format) {
    case structure_format::lammps_dump: write_lammps_dump(path, s, 0); break;
    case structure_format::extxyz: write_extxyz(path, s); break;
    case structure_format::poscar: write_poscar(path, s); break;
    default: write_lammps_data(path, s);
  }
}

/// Writes a configuration in the format implied by the file name (LAMMPS data when it implies
/// none); gzip for a ".gz" name.
inline void write_structure(const std::string& path, const system& s) { write_structure(path, s, format_of(path)); }

}  // namespace pelkit
