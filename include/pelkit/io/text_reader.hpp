// pelkit/io/text_reader.hpp — line-oriented text input shared by the file readers.
//
// A text_reader yields the lines of a file with their 1-based numbers and turns every problem
// into a pelkit::error of the form "file:line: problem", e.g.
//   "glass.data:17: atom line: field 3 (x) is not a number: 'abc'".
// Number parsing is strict (std::from_chars on the whole token): "1.5x", "", "0x10" are errors,
// and so are "nan"/"inf" unless the caller allows non-finite values. A single leading '+' is
// accepted ("+1.5"), as C's strtod does. Trailing '\r' (Windows line ends) is dropped.
// Input that starts with the gzip magic bytes is decompressed first (gzip.hpp), whatever the
// file is called; output_file writes gzip when the name ends in ".gz".
#pragma once
#include <pelkit/core/box.hpp>
#include <pelkit/core/error.hpp>
#include <pelkit/io/gzip.hpp>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <istream>
#include <limits>
#include <iterator>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace pelkit {

// ---- token helpers ------------------------------------------------------------------------

/// True for the characters that separate tokens (space, tab, CR, LF, FF, VT).
inline constexpr bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/// `s` without leading and trailing blanks.
inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

/// Whitespace-separated tokens of `s` (views into `s`).
inline std::vector<std::string_view> split_tokens(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_blank(s[i])) ++i;
    std::size_t j = i;
    while (j < s.size() && !is_blank(s[j])) ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

/// The part of `line` before the first '#'. If `comment` is given it receives the trimmed
/// text after the '#' ("" when there is none).
inline std::string_view strip_comment(std::string_view line, std::string_view* comment = nullptr) {
  const auto hash = line.find('#');
  if (comment) *comment = hash == std::string_view::npos ? std::string_view{} : trim(line.substr(hash + 1));
  return hash == std::string_view::npos ? line : line.substr(0, hash);
}

/// Tokens joined by single spaces ("Atom  Type   Labels" → "Atom Type Labels").
inline std::string join_tokens(const std::vector<std::string_view>& tokens, std::size_t first = 0,
                               std::size_t last = std::string_view::npos) {
  std::string out;
  for (std::size_t i = first; i < tokens.size() && i < last; ++i) {
    if (!out.empty()) out += ' ';
    out += tokens[i];
  }
  return out;
}

// ---- number parsing -----------------------------------------------------------------------

/// Why a token failed to parse as a number.
enum class number_problem { none, not_a_number, not_an_integer, not_finite, out_of_range };

namespace detail {
inline std::string_view drop_plus(std::string_view s) {
  if (s.size() > 1 && s[0] == '+' && s[1] != '-' && s[1] != '+') s.remove_prefix(1);
  return s;
}
}  // namespace detail

/// Parses all of `token` as a double. `value` is written only on success.
inline number_problem parse_double(std::string_view token, double& value, bool allow_nonfinite = false) {
  const std::string_view s = detail::drop_plus(token);
  if (s.empty()) return number_problem::not_a_number;
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc::result_out_of_range) return number_problem::out_of_range;
  if (ec != std::errc{} || end != s.data() + s.size()) return number_problem::not_a_number;
  if (!allow_nonfinite && !std::isfinite(v)) return number_problem::not_finite;
  value = v;
  return number_problem::none;
}

/// Parses all of `token` as a (decimal) long. `value` is written only on success.
inline number_problem parse_long(std::string_view token, long& value) {
  const std::string_view s = detail::drop_plus(token);
  if (s.empty()) return number_problem::not_an_integer;
  long v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc::result_out_of_range) return number_problem::out_of_range;
  if (ec != std::errc{} || end != s.data() + s.size()) return number_problem::not_an_integer;
  value = v;
  return number_problem::none;
}

/// The token as a double if it is one (finite unless `allow_nonfinite`), else nullopt.
inline std::optional<double> to_double(std::string_view token, bool allow_nonfinite = false) {
  double v = 0;
  if (parse_double(token, v, allow_nonfinite) != number_problem::none) return std::nullopt;
  return v;
}

/// The token as a long if it is a decimal integer, else nullopt.
inline std::optional<long> to_long(std::string_view token) {
  long v = 0;
  if (parse_long(token, v) != number_problem::none) return std::nullopt;
  return v;
}

/// "atom line: field 3 (x)" — the standard way to name a field in messages.
inline std::string field_name(std::string_view context, std::size_t index0, std::string_view name) {
  std::string out(context);
  out += ": field " + std::to_string(index0 + 1);
  if (!name.empty()) out += " (" + std::string(name) + ")";
  return out;
}

// ---- the reader ---------------------------------------------------------------------------

/// Reads a text file line by line, remembering the line number for error messages.
///
///   text_reader in("glass.data");        // throws "glass.data: cannot open file"
///   while (in.next_line()) { auto t = in.tokens(); ... in.number(t[2], "atom line: field 3 (x)"); }
///
/// Not copyable or movable (it may own the file stream).
class text_reader {
public:
  /// Opens `path`; throws pelkit::error "path: cannot open file" if it cannot be read. A
  /// gzip file (magic bytes 0x1f 0x8b) is decompressed whole before the first line is read;
  /// corrupt or truncated gzip data throws "path: corrupt/truncated gzip data (...)".
  explicit text_reader(const std::string& path) : name_(path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw input_error(path, 0, "cannot open file (it is a directory)");
    file_.open(path, std::ios::binary);
    if (!file_) throw input_error(path, 0, "cannot open file");
    char magic[2] = {0, 0};
    file_.read(magic, 2);
    if (file_.gcount() == 2 && is_gzip(std::string_view(magic, 2))) {
      std::string bytes(magic, 2);
      bytes.append(std::istreambuf_iterator<char>(file_), std::istreambuf_iterator<char>());
      if (file_.bad()) throw input_error(path, 0, "read error");
      use_text(gunzip(bytes, name_));
      file_.close();
    } else {
      file_.clear();
      file_.seekg(0);
      in_ = &file_;
    }
  }

  /// Reads from a stream the caller keeps alive; `name` stands for the file in messages.
  /// A stream of gzip data is decompressed like a gzip file.
  text_reader(std::istream& in, std::string name) : name_(std::move(name)), in_(&in) {
    if (in.peek() == 0x1f) {  // maybe gzip: the stream cannot be rewound, so take all of it
      std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      use_text(is_gzip(bytes) ? gunzip(bytes, name_) : std::move(bytes));
    }
  }

  text_reader(const text_reader&) = delete;
  text_reader& operator=(const text_reader&) = delete;

  /// Advances to the next line; false (and the line is left unchanged) at end of file.
  bool next_line() {
    if (!std::getline(*in_, line_)) return false;
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    ++line_number_;
    return true;
  }

  /// Advances to the next line, or throws "unexpected end of file while reading <what>".
  void expect_line(std::string_view what) {
    if (!next_line()) fail_eof(what);
  }

  /// Advances to the next line that has tokens (after removing a '#' comment if
  /// `strip_comments`); false at end of file.
  bool next_content_line(bool strip_comments) {
    while (next_line())
      if (!trim(strip_comments ? strip_comment(line_) : std::string_view(line_)).empty()) return true;
    return false;
  }

  /// Like next_content_line, but throws "unexpected end of file while reading <what>".
  void expect_content_line(bool strip_comments, std::string_view what) {
    if (!next_content_line(strip_comments)) fail_eof(what);
  }

  /// The current line (without its line end).
  const std::string& line() const { return line_; }
  /// 1-based number of the current line; 0 before the first line.
  long line_number() const { return line_number_; }
  /// The file name used in messages.
  const std::string& name() const { return name_; }

  /// Tokens of the current line; with `strip_comments`, text from the first '#' is dropped.
  std::vector<std::string_view> tokens(bool strip_comments = false) const {
    return split_tokens(strip_comments ? strip_comment(line_) : std::string_view(line_));
  }

  /// Throws pelkit::error "file:line: problem" for the current line.
  [[noreturn]] void fail(const std::string& problem) const { throw input_error(name_, line_number_, problem); }
  /// Throws pelkit::error "file:line: problem" for another line (0 = the whole file).
  [[noreturn]] void fail_at(long line, const std::string& problem) const { throw input_error(name_, line, problem); }
  /// Throws "file:line: unexpected end of file while reading <what>", line = the last line.
  [[noreturn]] void fail_eof(std::string_view what) const {
    fail("unexpected end of file while reading " + std::string(what));
  }

  /// `token` as a double, or throws "<what> is not a number: 'tok'" (or "is not finite",
  /// "is out of range") on the current line. `what` names the field: use field_name().
  double number(std::string_view token, std::string_view what, bool allow_nonfinite = false) const {
    double v = 0;
    switch (parse_double(token, v, allow_nonfinite)) {
      case number_problem::none: return v;
      case number_problem::not_finite: fail(std::string(what) + " is not finite: '" + std::string(token) + "'");
      case number_problem::out_of_range: fail(std::string(what) + " is out of range: '" + std::string(token) + "'");
      default: fail(std::string(what) + " is not a number: '" + std::string(token) + "'");
    }
  }

  /// `token` as a long, or throws "<what> is not an integer: 'tok'" on the current line.
  long integer(std::string_view token, std::string_view what) const {
    long v = 0;
    switch (parse_long(token, v)) {
      case number_problem::none: return v;
      case number_problem::out_of_range: fail(std::string(what) + " is out of range: '" + std::string(token) + "'");
      default: fail(std::string(what) + " is not an integer: '" + std::string(token) + "'");
    }
  }

  /// `token` as an int (range-checked), else throws like integer().
  int small_integer(std::string_view token, std::string_view what) const {
    const long v = integer(token, what);
    if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
      fail(std::string(what) + " is out of range: '" + std::string(token) + "'");
    return static_cast<int>(v);
  }

  /// Throws "<what>: expected N fields (<layout>), got M" unless tokens.size() == n.
  void expect_fields(const std::vector<std::string_view>& tokens, std::size_t n, std::string_view what,
                     std::string_view layout) const {
    if (tokens.size() != n)
      fail(std::string(what) + ": expected " + std::to_string(n) + " fields (" + std::string(layout) + "), got " +
           std::to_string(tokens.size()));
  }

private:
  void use_text(std::string text) {
    buffer_.str(std::move(text));
    in_ = &buffer_;
  }

  std::string name_;
  std::ifstream file_;
  std::istringstream buffer_;
  std::istream* in_ = nullptr;
  std::string line_;
  long line_number_ = 0;
};

/// periodic_box(lo, hi, xy, xz, yz) for a reader: the box's own complaints (an extent or tilt
/// that overflows to infinity, a volume that is not a finite positive number) and a cell whose
/// inverse overflows become "file:line: problem" at `line`, so finite but huge numbers in a file
/// never give a box without a usable inverse.
inline periodic_box checked_box(const text_reader& in, long line, const Eigen::Vector3d& lo, const Eigen::Vector3d& hi,
                                double xy, double xz, double yz) {
  std::optional<periodic_box> box;
  std::string problem;
  try {
    box.emplace(lo, hi, xy, xz, yz);
  } catch (const error& e) {
    problem = e.what();
  }
  if (box && !(box->h_inverse().allFinite() && box->lo().allFinite() && box->hi().allFinite()))
    problem = "box: the cell is too large or too skewed (its inverse is not finite)";
  if (!problem.empty()) in.fail_at(line, problem);
  return *box;
}

/// The LAMMPS-form box of a general cell: `rows` holds the cell vectors a, b, c as rows (Å),
/// `origin` the cell corner. A cell already in LAMMPS form (ay = az = bz = 0, ax, by, cz > 0)
/// is used as is; any other right-handed cell is rotated: x̂ = a/|a|, ŷ = the part of b normal
/// to a, normalised, ẑ = x̂ × ŷ, and `rotation` (rows x̂, ŷ, ẑ) receives R with r_box = R · r.
/// Degenerate or left-handed cells throw "file:line: <what>: ..." at `line`.
inline periodic_box oriented_box(const text_reader& in, long line, const std::string& what, const Eigen::Matrix3d& rows,
                                 const Eigen::Vector3d& origin, Eigen::Matrix3d& rotation) {
  const Eigen::Vector3d a = rows.row(0), b = rows.row(1), c = rows.row(2);
  rotation.setIdentity();
  if (a[1] == 0 && a[2] == 0 && b[2] == 0 && a[0] > 0 && b[1] > 0 && c[2] > 0)
    return checked_box(in, line, origin, origin + Eigen::Vector3d(a[0], b[1], c[2]), b[0], c[0], c[1]);
  auto cross = [](const Eigen::Vector3d& u, const Eigen::Vector3d& v) {
    return Eigen::Vector3d(u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]);
  };
  const double det = a.dot(cross(b, c));
  const double scale = a.norm() * b.norm() * c.norm();
  if (!(std::abs(det) > 1e-12 * scale)) in.fail_at(line, what + ": the cell vectors are degenerate (zero volume)");
  if (det < 0) in.fail_at(line, what + ": the cell is left-handed (a·(b×c) < 0); pelkit needs a right-handed cell");
  const Eigen::Vector3d x = a.normalized();
  const Eigen::Vector3d y = (b - b.dot(x) * x).normalized();
  const Eigen::Vector3d z = cross(x, y);
  rotation.row(0) = x;
  rotation.row(1) = y;
  rotation.row(2) = z;
  const Eigen::Vector3d lo = rotation * origin;
  const Eigen::Vector3d extent(a.norm(), b.dot(y), c.dot(z));
  if (!rotation.allFinite()) in.fail_at(line, what + ": the cell vectors are too large to orient");
  return checked_box(in, line, lo, lo + extent, b.dot(x), c.dot(x), c.dot(y));
}

// ---- output helpers -----------------------------------------------------------------------

/// Appends the shortest decimal text that reads back as exactly `v` (std::to_chars), so
/// write → read round-trips bit for bit. "-0" is kept for negative zero.
inline void append_number(std::string& out, double v) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, ec == std::errc{} ? end : buf);
}

inline void append_number(std::string& out, long v) {
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, ec == std::errc{} ? end : buf);
}

inline void append_number(std::string& out, int v) { append_number(out, long(v)); }

/// A file being written: plain, or gzip when the name ends in ".gz" (any case; the text is
/// kept in memory and compressed by finish()). Opened, and so checked, on construction.
class output_file : public std::ostream {
public:
  /// Opens `path` or throws "path: cannot open file for writing".
  explicit output_file(std::string path) : std::ostream(nullptr), path_(std::move(path)), gzip_(has_gz_suffix(path_)) {
    if (!file_.open(path_, std::ios::binary | std::ios::out | std::ios::trunc))
      throw input_error(path_, 0, "cannot open file for writing");
    rdbuf(gzip_ ? static_cast<std::streambuf*>(&text_) : &file_);
  }
  output_file(const output_file&) = delete;
  output_file& operator=(const output_file&) = delete;

  /// Compresses (for ".gz"), flushes and closes; throws "path: write failed" on error.
  void finish() {
    flush();
    bool ok = bool(*this);
    if (ok && gzip_) {
      const std::string z = gzip_compress(text_.str(), path_);
      text_.str({});
      ok = file_.sputn(z.data(), std::streamsize(z.size())) == std::streamsize(z.size());
    }
    if (!file_.close()) ok = false;
    if (!ok) throw input_error(path_, 0, "write failed");
  }

  const std::string& path() const { return path_; }
  bool gzip() const { return gzip_; }

private:
  std::string path_;
  bool gzip_;
  std::filebuf file_;
  std::stringbuf text_;
};

/// Opens `path` for writing (gzip for a ".gz" name) or throws "path: cannot open file for writing".
inline output_file open_for_writing(const std::string& path) { return output_file(path); }

/// Flushes and checks a stream written to `path`; throws "path: write failed" on error.
inline void finish_writing(std::ostream& out, const std::string& path) {
  out.flush();
  if (!out) throw input_error(path, 0, "write failed");
}

/// Finishes a file from open_for_writing (compressing a ".gz" file); throws "path: write failed".
inline void finish_writing(output_file& out, const std::string&) { out.finish(); }

}  // namespace pelkit
