// pelkit/potential/eam_file.hpp — readers for the three DYNAMO/LAMMPS EAM table formats,
// producing eam_tables exactly as LAMMPS 29Sep2021 builds them (see eam_tables.hpp).
//
// Formats (LAMMPS pair_style eam documentation; Daw & Baskes 1984; Finnis & Sinclair 1984):
//   funcfl (*.eam, one element, pair_style eam):
//     line 1 comment; line 2 "Z mass [a0 lattice]"; line 3 "nrho drho nr dr cutoff";
//     then F(ρ) (nrho values, eV), Z(r) (nr values, effective charge in √(Hartree·Bohr)),
//     ρ(r) (nr values). φ_ab(r) = 27.2·0.529·Z_a(r)·Z_b(r) / r (eV, Å), exactly as LAMMPS.
//   setfl (*.eam.alloy, pair_style eam/alloy):
//     lines 1–3 comments; line 4 "N El_1 … El_N"; line 5 "nrho drho nr dr cutoff";
//     per element: "Z mass [a0 lattice]", F(ρ) (nrho), ρ(r) (nr);
//     then r·φ_ij(r) (nr values, eV·Å) for i = 1..N, j = 1..i.
//   fs (*.eam.fs, pair_style eam/fs): as setfl, but each element block holds N density
//     functions after F: block a, function b is the density at an atom of element b due to
//     a neighbour of element a (LAMMPS: rho[i] += rhor[type2rhor[jtype][itype]],
//     type2rhor[a][b] = a·N + b).
//
// Parsing follows LAMMPS's PotentialFileReader: the header lines that LAMMPS skips are
// skipped verbatim; '#' starts a comment; blank lines are ignored; each value list (F, Z,
// ρ, r·φ) may be spread over any number of lines but starts on a new line and must end at
// the end of a line (LAMMPS drops the rest of the line and then fails or misreads; pelkit
// reports it). A "UNITS:" tag on line 1 other than "metal" is rejected. Fortran 'D'
// exponents are accepted. Errors are pelkit::error with "file:line: problem".
#pragma once
#include <pelkit/core/elements.hpp>
#include <pelkit/core/error.hpp>
#include <pelkit/potential/eam_tables.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace pelkit {

namespace detail::eam_io {

/// One whitespace-separated word and the line it is on.
struct word {
  std::string_view text;
  long line = 0;
};

inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\n';
}

/// Appends the words of `line` (before any '#') to `out`.
inline void split_words(std::string_view line, long line_number, std::vector<word>& out) {
  if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
  std::size_t i = 0;
  const std::size_t n = line.size();
  while (i < n) {
    while (i < n && is_space(line[i])) ++i;
    if (i == n) break;
    std::size_t j = i;
    while (j < n && !is_space(line[j])) ++j;
    out.push_back({line.substr(i, j - i), line_number});
    i = j;
  }
}

inline std::string quote_word(std::string_view s) {
  constexpr std::size_t max_shown = 40;
  std::string r = "'";
  r += s.size() > max_shown ? std::string(s.substr(0, max_shown)) + "..." : std::string(s);
  return r + "'";
}

/// Parses a floating-point word: std::from_chars plus a leading '+' and Fortran D/d
/// exponents. Returns false if the word is not entirely a number.
inline bool to_double(std::string_view s, double& out) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty() || s.front() == '+') return false;
  const char* b = s.data();
  const char* e = b + s.size();
  auto [ptr, ec] = std::from_chars(b, e, out, std::chars_format::general);
  if (ec == std::errc() && ptr == e) return true;
  if (ec == std::errc::result_out_of_range) return false;
  // Fortran double-precision exponent: 1.5D+00
  if (auto d = s.find_first_of("dD"); d != std::string_view::npos && s.size() < 64) {
    char buf[64];
    std::memcpy(buf, s.data(), s.size());
    buf[d] = 'e';
    auto [p2, ec2] = std::from_chars(buf, buf + s.size(), out, std::chars_format::general);
    return ec2 == std::errc() && p2 == buf + s.size();
  }
  return false;
}

/// A word that outlives the line buffer (header records may span several lines).
struct owned_word {
  std::string text;
  long line = 0;
};

/// Streaming, line-oriented reader of a potential file with LAMMPS TextFileReader semantics.
/// Reads through a fixed buffer (grown only for longer lines), so memory does not scale with
/// the file; a line returned by raw_line() is valid until the next call.
class source {
public:
  explicit source(const std::string& path) : path_(path), file_(std::fopen(path.c_str(), "rb")) {
    if (!file_)
      throw input_error(path, 0,
                        std::string("cannot open EAM potential file: ") + std::strerror(errno));
    buf_.resize(1 << 16);
  }
  source(const source&) = delete;
  source& operator=(const source&) = delete;
  ~source() {
    if (file_) std::fclose(file_);
  }

  const std::string& path() const { return path_; }
  long line() const { return line_; }  ///< number of the last line returned (1-based)

  /// Next raw line (without the newline); false at end of file.
  bool raw_line(std::string_view& out) {
    for (;;) {
      const char* b = buf_.data() + begin_;
      if (const void* nl = std::memchr(b, '\n', end_ - begin_)) {
        const auto len = std::size_t(static_cast<const char*>(nl) - b);
        out = std::string_view(b, len);
        begin_ += len + 1;
        ++line_;
        return true;
      }
      if (eof_) {
        if (begin_ == end_) return false;
        out = std::string_view(b, end_ - begin_);
        begin_ = end_;
        ++line_;
        return true;
      }
      refill();
    }
  }

  /// Skips one raw line, as LAMMPS's skip_line (comment lines of the header).
  void skip_line(const char* what) {
    std::string_view l;
    if (!raw_line(l)) fail(line_, std::string("file ends before ") + what);
  }

  /// Reads whole lines (comments stripped, blank lines skipped) until at least `count`
  /// words are collected, as LAMMPS's next_values(count). Extra words on the last line are
  /// returned too.
  std::vector<owned_word> record(std::size_t count, const std::string& what) {
    std::vector<owned_word> w;
    std::vector<word> in_line;
    std::string_view l;
    while (w.size() < count) {
      if (!raw_line(l))
        fail(line_, "expected " + std::to_string(count) + " values (" + what + "), got " +
                        std::to_string(w.size()) + " before end of file");
      in_line.clear();
      split_words(l, line_, in_line);
      for (const auto& x : in_line) w.push_back({std::string(x.text), x.line});
    }
    return w;
  }

  /// Reads exactly `n` numbers into out[1..n] (out[0] = 0, LAMMPS's 1-based tables), starting
  /// on a new line, as LAMMPS's next_dvector; the list must end at the end of a line. `out`
  /// grows as values arrive, so a huge count in a short file fails as a truncated file.
  void numbers(std::vector<double>& out, int n, const std::string& what) {
    out.assign(1, 0.0);
    out.reserve(std::size_t(std::min(n, 1 << 16)) + 1);
    int got = 0;
    std::string_view l;
    while (got < n) {
      if (!raw_line(l))
        fail(line_, "expected " + std::to_string(n) + " values for " + what + ", got " +
                        std::to_string(got) + " before end of file");
      if (auto hash = l.find('#'); hash != std::string_view::npos) l = l.substr(0, hash);
      std::size_t i = 0;
      const std::size_t len = l.size();
      for (;;) {
        while (i < len && is_space(l[i])) ++i;
        if (i == len) break;
        std::size_t j = i;
        while (j < len && !is_space(l[j])) ++j;
        if (got == n) {
          std::vector<word> rest;
          split_words(l.substr(i), line_, rest);
          fail(line_, std::to_string(rest.size()) + " extra value(s) after the " + std::to_string(n) +
                          " values of " + what +
                          " (each table must start on a new line, as LAMMPS reads them)");
        }
        out.push_back(to_number(l.substr(i, j - i), line_, what));
        ++got;
        i = j;
      }
    }
  }

  double to_number(std::string_view text, long line, const std::string& what) const {
    double v;
    if (!to_double(text, v)) fail(line, "expected a number in " + what + ", got " + quote_word(text));
    if (!std::isfinite(v)) fail(line, "value " + quote_word(text) + " in " + what + " is not finite");
    return v;
  }
  double to_number(const owned_word& w, const std::string& what) const {
    return to_number(w.text, w.line, what);
  }

  long to_integer(const owned_word& w, const std::string& what) const {
    long v = 0;
    std::string_view s = w.text;
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || ptr != s.data() + s.size())
      fail(w.line, "expected an integer for " + what + ", got " + quote_word(w.text));
    return v;
  }

  [[noreturn]] void fail(long line, const std::string& problem) const {
    throw input_error(path_, line, problem);
  }

  /// LAMMPS checks the "UNITS:" tag of line 1 against the unit style; pelkit uses metal.
  void check_units(std::string_view first_line) const {
    std::vector<word> w;
    split_words(first_line, 1, w);
    for (std::size_t i = 0; i + 1 < w.size(); ++i)
      if (w[i].text == "UNITS:" && w[i + 1].text != "metal")
        fail(1, "potential is in '" + std::string(w[i + 1].text) +
                    "' units; pelkit needs metal units (eV, Angstrom)");
  }

private:
  /// Moves the unread tail to the front of the buffer and reads more (growing the buffer
  /// when one line fills it).
  void refill() {
    const std::size_t tail = end_ - begin_;
    if (begin_ > 0 && tail > 0) std::memmove(buf_.data(), buf_.data() + begin_, tail);
    begin_ = 0;
    end_ = tail;
    if (end_ == buf_.size()) buf_.resize(2 * buf_.size());
    const std::size_t got = std::fread(buf_.data() + end_, 1, buf_.size() - end_, file_);
    end_ += got;
    if (got == 0) {
      if (std::ferror(file_)) fail(line_ + 1, "read error");
      eof_ = true;
    }
  }

  std::string path_;
  std::FILE* file_;
  std::vector<char> buf_;
  std::size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
  long line_ = 0;
};

/// The grid line "nrho drho nr dr cutoff" of all three formats.
struct grid_line {
  int nrho = 0, nr = 0;
  double drho = 0, dr = 0, cut = 0;
};

inline grid_line read_grid(source& src, int min_points) {
  const auto w = src.record(5, "nrho drho nr dr cutoff");
  grid_line g;
  const long nrho = src.to_integer(w[0], "nrho");
  g.drho = src.to_number(w[1], "drho");
  const long nr = src.to_integer(w[2], "nr");
  g.dr = src.to_number(w[3], "dr");
  g.cut = src.to_number(w[4], "cutoff");
  auto check_n = [&](long v, const owned_word& at, const char* name) {
    if (v <= 0)
      src.fail(at.line, std::string("bad header: ") + name + " = " + std::to_string(v) +
                            " must be positive");
    if (v < min_points)
      src.fail(at.line, std::string("bad header: ") + name + " = " + std::to_string(v) +
                            " is too small (at least " + std::to_string(min_points) +
                            " points are needed)");
    if (v > 100'000'000)
      src.fail(at.line, std::string("bad header: ") + name + " = " + std::to_string(v) +
                            " is implausibly large");
  };
  auto check_x = [&](double v, const owned_word& at, const char* name) {
    if (!(v > 0))
      src.fail(at.line, std::string("bad header: ") + name + " = " + std::string(at.text) +
                            " must be positive");
    if (!std::isfinite(1.0 / v))  // lookups multiply by 1/spacing
      src.fail(at.line, std::string("bad header: ") + name + " = " + std::string(at.text) +
                            " is too small (1/" + name + " overflows)");
  };
  // The table ranges (n-1)*spacing must be finite numbers.
  auto check_range = [&](long n, double d, const owned_word& at, const char* name) {
    if (!std::isfinite(double(n - 1) * d))
      src.fail(at.line, std::string("bad header: the table range ") + name + " overflows");
  };
  check_n(nrho, w[0], "nrho");
  check_x(g.drho, w[1], "drho");
  check_n(nr, w[2], "nr");
  check_x(g.dr, w[3], "dr");
  check_x(g.cut, w[4], "cutoff");
  check_range(nrho, g.drho, w[1], "(nrho-1)*drho");
  check_range(nr, g.dr, w[3], "(nr-1)*dr");
  g.nrho = int(nrho);
  g.nr = int(nr);
  return g;
}

/// "Z mass [a0 lattice]" line; returns {Z, mass}.
inline std::pair<int, double> read_species_line(source& src, const std::string& what) {
  const auto w = src.record(2, "atomic number and mass of " + what);
  const long z = src.to_integer(w[0], "the atomic number of " + what);
  const double mass = src.to_number(w[1], "the mass of " + what);
  if (z < 0 || z > 1000) src.fail(w[0].line, "bad atomic number " + std::string(w[0].text));
  if (!(mass > 0))
    src.fail(w[1].line, "bad mass " + std::string(w[1].text) + " of " + what +
                            " (must be positive)");
  return {int(z), mass};
}

/// The spline through a table; throws "file:line: ..." when the values are so large that its
/// coefficients overflow (the potential would give inf/NaN energies).
inline eam_spline finite_spline(const std::string& path, long line, std::span<const double> knots, double delta,
                                const std::string& what) {
  auto s = eam_spline::interpolate(knots, delta);
  for (const auto& c : s.coeff)
    for (double x : c)
      if (!std::isfinite(x))
        throw input_error(path, line, "the values of " + what + " are too large: the spline through them overflows");
  return s;
}

/// One funcfl file as read (1-based arrays, index 0 unused, as LAMMPS's Funcfl).
struct funcfl_data {
  std::string path, element;
  int z = 0;
  double mass = 0;
  grid_line g;
  std::vector<double> frho, zr, rhor;
};

inline funcfl_data read_funcfl_file(const std::string& path) {
  source src(path);
  funcfl_data d;
  d.path = path;
  std::string_view first;
  if (!src.raw_line(first)) src.fail(0, "empty file");
  src.check_units(first);

  const auto w = src.record(2, "atomic number and mass");
  const long z = src.to_integer(w[0], "the atomic number");
  d.mass = src.to_number(w[1], "the mass");
  if (!(d.mass > 0))
    src.fail(w[1].line, "bad mass " + std::string(w[1].text) + " (must be positive)");
  if (auto e = find_element(int(std::clamp(z, -1L, 1000L)))) {
    d.element = std::string(e->symbol);
  } else if (auto em = element_from_mass(d.mass)) {
    d.element = std::string(em->symbol);
  } else {
    src.fail(w[0].line, "unknown atomic number " + std::string(w[0].text) + " and mass " +
                            std::string(w[1].text) + ": cannot name the element");
  }
  d.z = int(z);
  // the 4-point resampling needs 4 file points
  d.g = read_grid(src, 4);

  src.numbers(d.frho, d.g.nrho, "F(rho) of " + d.element);
  src.numbers(d.zr, d.g.nr, "Z(r) of " + d.element);
  src.numbers(d.rhor, d.g.nr, "rho(r) of " + d.element);
  return d;
}

/// LAMMPS's resampling of a funcfl table f[1..n] (spacing h) at x: 4-point Lagrange
/// interpolation on the stencil k−1..k+2, k = clamp(int(x/h + 1), 2, n−2), offset
/// p = min(x/h + 1 − k, 2). Same arithmetic as PairEAM::file2array.
inline double resample(const std::vector<double>& f, int n, double h, double x) {
  constexpr double sixth = 1.0 / 6.0;
  double p = x / h + 1.0;
  int k = static_cast<int>(p);
  k = std::min(k, n - 2);
  k = std::max(k, 2);
  p -= k;
  p = std::min(p, 2.0);
  const double w0 = -sixth * p * (p - 1.0) * (p - 2.0);
  const double w1 = 0.5 * (p * p - 1.0) * (p - 2.0);
  const double w2 = -0.5 * p * (p + 1.0) * (p - 2.0);
  const double w3 = sixth * p * (p * p - 1.0);
  const auto i = std::size_t(k);
  return w0 * f[i - 1] + w1 * f[i] + w2 * f[i + 1] + w3 * f[i + 2];
}

/// 27.2 eV/Hartree × 0.529 Å/Bohr: LAMMPS's conversion of Z_a·Z_b to r·φ in eV·Å.
inline constexpr double hartree_bohr = 27.2 * 0.529;

}  // namespace detail::eam_io

/// Reads one DYNAMO funcfl file per element (as `pair_coeff i i file` for each type) and
/// combines them exactly as LAMMPS pair_style eam does (see eam_tables.hpp): common grid
/// from the largest spacings and ranges, 4-point Lagrange resampling, cross pair terms
/// r·φ_ab = 27.2·0.529·Z_a·Z_b, cutoff = largest file cutoff. Elements are named from the
/// atomic number on line 2 (or, if that is unknown, from the mass).
inline eam_tables read_eam_funcfl(const std::vector<std::string>& paths) {
  using namespace detail::eam_io;
  if (paths.empty()) throw error("read_eam_funcfl: no files given");
  std::vector<funcfl_data> files;
  files.reserve(paths.size());
  for (const auto& p : paths) files.push_back(read_funcfl_file(p));

  eam_tables t;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (i) t.source += ", ";
    t.source += files[i].path;
    t.elements.push_back(files[i].element);
    t.masses.push_back(files[i].mass);
    t.atomic_numbers.push_back(files[i].z);
  }

  double rmax = 0;
  t.dr = t.drho = t.rhomax = 0;
  for (const auto& f : files) {
    t.dr = std::max(t.dr, f.g.dr);
    t.drho = std::max(t.drho, f.g.drho);
    rmax = std::max(rmax, (f.g.nr - 1) * f.g.dr);
    t.rhomax = std::max(t.rhomax, (f.g.nrho - 1) * f.g.drho);
    t.cutoff = std::max(t.cutoff, f.g.cut);
  }
  // LAMMPS: "0.5 is for round-off in divide" — one knot fewer than (n_f−1)·d_f/d + 1
  t.nr = static_cast<int>(rmax / t.dr + 0.5);
  t.nrho = static_cast<int>(t.rhomax / t.drho + 0.5);

  const std::size_t ne = files.size();
  std::vector<double> knots;
  const auto on_grid = [&](const std::vector<double>& f, int nf, double hf, int n, double h) {
    knots.assign(std::size_t(n) + 1, 0.0);
    for (int m = 1; m <= n; ++m) knots[std::size_t(m)] = resample(f, nf, hf, (m - 1) * h);
    return knots;
  };

  for (const auto& f : files)
    t.embedding.push_back(finite_spline(f.path, 0, on_grid(f.frho, f.g.nrho, f.g.drho, t.nrho, t.drho), t.drho,
                                        "F(rho) of " + f.element));

  std::vector<eam_spline> rho_of;
  for (const auto& f : files)
    rho_of.push_back(
        finite_spline(f.path, 0, on_grid(f.rhor, f.g.nr, f.g.dr, t.nr, t.dr), t.dr, "rho(r) of " + f.element));
  t.density.reserve(ne * ne);
  for (std::size_t a = 0; a < ne; ++a)
    for (std::size_t b = 0; b < ne; ++b) t.density.push_back(rho_of[a]);

  t.pair.assign(ne * ne, eam_spline{});
  std::vector<double> z2(std::size_t(t.nr) + 1, 0.0);
  for (std::size_t i = 0; i < ne; ++i)
    for (std::size_t j = 0; j <= i; ++j) {
      const auto& fi = files[i];
      const auto& fj = files[j];
      for (int m = 1; m <= t.nr; ++m) {
        const double r = (m - 1) * t.dr;
        const double zi = resample(fi.zr, fi.g.nr, fi.g.dr, r);
        const double zj = resample(fj.zr, fj.g.nr, fj.g.dr, r);
        z2[std::size_t(m)] = hartree_bohr * zi * zj;
      }
      t.pair[i * ne + j] = finite_spline(fi.path, 0, z2, t.dr, "Z(r) of " + fi.element + " and " + fj.element);
      t.pair[j * ne + i] = t.pair[i * ne + j];
    }
  return t;
}

namespace detail::eam_io {

/// Shared reader for setfl (fs = false) and Finnis–Sinclair (fs = true) files.
inline eam_tables read_setfl_like(const std::string& path, bool fs) {
  source src(path);
  std::string_view first;
  if (!src.raw_line(first)) src.fail(0, "empty file");
  src.check_units(first);
  src.skip_line("the element line (line 4)");
  src.skip_line("the element line (line 4)");

  eam_tables t;
  t.source = path;
  const auto ew = src.record(1, "element count and names");
  const long ne = src.to_integer(ew[0], "the element count");
  if (ne <= 0)
    src.fail(ew[0].line, "bad header: element count " + std::string(ew[0].text) +
                             " must be positive");
  if (long(ew.size()) - 1 != ne) {
    std::string names;
    for (std::size_t i = 1; i < ew.size(); ++i) {
      if (i > 1) names += ' ';
      names += ew[i].text;
    }
    src.fail(ew[0].line, "bad header: element count " + std::to_string(ne) + " but " +
                             std::to_string(ew.size() - 1) + " element name(s) on the line" +
                             (names.empty() ? std::string() : " (" + names + ")"));
  }
  for (std::size_t i = 1; i < ew.size(); ++i) {
    const std::string name(ew[i].text);
    for (const auto& e : t.elements)
      if (e == name) src.fail(ew[i].line, "bad header: element " + name + " listed twice");
    t.elements.push_back(name);
  }

  const detail::eam_io::grid_line g = read_grid(src, 3);
  t.nrho = g.nrho;
  t.drho = g.drho;
  t.nr = g.nr;
  t.dr = g.dr;
  t.cutoff = g.cut;
  t.rhomax = (t.nrho - 1) * t.drho;

  const auto n = std::size_t(ne);
  std::vector<double> f;  // the table being read, f[1..n]
  t.density.assign(n * n, eam_spline{});
  for (std::size_t a = 0; a < n; ++a) {
    const std::string& el = t.elements[a];
    const auto [z, mass] = read_species_line(src, el);
    t.atomic_numbers.push_back(z);
    t.masses.push_back(mass);

    src.numbers(f, t.nrho, "F(rho) of " + el);
    t.embedding.push_back(finite_spline(path, src.line(), f, t.drho, "F(rho) of " + el));
    if (fs) {
      for (std::size_t b = 0; b < n; ++b) {
        const std::string what = "rho(r) of " + el + " (density function " + std::to_string(b + 1) + ", for " +
                                 t.elements[b] + " hosts)";
        src.numbers(f, t.nr, what);
        t.density[a * n + b] = finite_spline(path, src.line(), f, t.dr, what);
      }
    } else {
      src.numbers(f, t.nr, "rho(r) of " + el);
      const auto s = finite_spline(path, src.line(), f, t.dr, "rho(r) of " + el);
      for (std::size_t b = 0; b < n; ++b) t.density[a * n + b] = s;
    }
  }

  t.pair.assign(n * n, eam_spline{});
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j <= i; ++j) {
      const std::string what = "r*phi(r) of " + t.elements[i] + "-" + t.elements[j];
      src.numbers(f, t.nr, what);
      t.pair[i * n + j] = finite_spline(path, src.line(), f, t.dr, what);
      t.pair[j * n + i] = t.pair[i * n + j];
    }
  return t;
}

}  // namespace detail::eam_io

/// Reads a DYNAMO setfl file (pair_style eam/alloy): tables copied as they are,
/// rhomax = (nrho−1)·drho, density[a*ne+b] = ρ_a for every b.
inline eam_tables read_eam_setfl(const std::string& path) {
  return detail::eam_io::read_setfl_like(path, false);
}

/// Reads a Finnis–Sinclair setfl file (pair_style eam/fs): as setfl, but
/// density[a*ne+b] = density function b of element block a (the density at an atom of
/// element b due to a neighbour of element a).
inline eam_tables read_eam_fs(const std::string& path) {
  return detail::eam_io::read_setfl_like(path, true);
}

/// The LAMMPS pair_style that reads the EAM file `path`, from its name: *.eam → "eam" (funcfl),
/// *.eam.alloy / *.alloy / *.setfl → "eam/alloy", *.eam.fs / *.fs → "eam/fs" (case-insensitive).
/// Throws pelkit::input_error for any other name.
inline std::string eam_pair_style(const std::string& path) {
  std::string lower = path;
  for (auto& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
  auto ends = [&](std::string_view suffix) {
    return lower.size() >= suffix.size() &&
           std::string_view(lower).substr(lower.size() - suffix.size()) == suffix;
  };
  if (ends(".alloy") || ends(".setfl")) return "eam/alloy";
  if (ends(".fs")) return "eam/fs";
  if (ends(".eam")) return "eam";
  throw input_error(path, 0,
                    "cannot tell the EAM format from the file name: expected .eam (funcfl), "
                    ".eam.alloy/.alloy/.setfl (setfl) or .eam.fs/.fs (Finnis-Sinclair)");
}

/// Reads an EAM file, choosing the format from the file name (see eam_pair_style).
inline eam_tables read_eam(const std::string& path) {
  const std::string style = eam_pair_style(path);
  if (style == "eam/alloy") return read_eam_setfl(path);
  if (style == "eam/fs") return read_eam_fs(path);
  return read_eam_funcfl({path});
}

}  // namespace pelkit
