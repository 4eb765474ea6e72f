// examples/study/figures.cpp — gnuplot figures of a finished study run (see figures.hpp).
//
// Each figure is a pair NAME.csv (the data, tidy, with units in the header) + NAME.gp (a
// script that reads only CSV files in its own directory). The script loops over the png and
// svg terminals. Layout (panel boxes, axis ranges, tics) is computed here so the scripts never
// depend on autoscaling, which fails on all-NaN data.
#include "figures.hpp"
#include "study.hpp"

#include <pelkit/core/error.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>
#include <utility>

namespace pelkit::study {
namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// CSV reading
// ---------------------------------------------------------------------------------------------
namespace detail {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) out.push_back(trim(field));
  if (!line.empty() && line.back() == ',') out.push_back("");
  return out;
}

}  // namespace

std::size_t csv_table::column(const std::string& name) const {
  const auto it = std::find(header.begin(), header.end(), name);
  if (it == header.end()) throw input_error(file, 1, "missing column '" + name + "'");
  return static_cast<std::size_t>(it - header.begin());
}

const std::string& csv_table::text(std::size_t row, const std::string& name) const {
  return rows.at(row).at(column(name));
}

double csv_table::number(std::size_t row, const std::string& name) const {
  const std::string& s = text(row, name);
  if (s.empty() || s == "nan" || s == "NaN" || s == "-nan" || s == "NAN")
    return std::numeric_limits<double>::quiet_NaN();
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0')
    throw input_error(file, lines.at(row), "column '" + name + "': '" + s + "' is not a number");
  return v;
}

csv_table read_csv(const fs::path& file, const std::vector<std::string>& required) {
  csv_table t;
  t.file = file.string();
  std::ifstream in(file);
  if (!in) throw input_error(t.file, 0, "missing or unreadable (expected from the study run)");
  std::string line;
  long number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (trim(line).empty()) continue;
    if (t.header.empty()) {
      t.header = split(trim(line));
      continue;
    }
    auto fields = split(trim(line));
    if (fields.size() != t.header.size())
      throw input_error(t.file, number, "expected " + std::to_string(t.header.size()) +
                                            " fields, got " + std::to_string(fields.size()));
    t.rows.push_back(std::move(fields));
    t.lines.push_back(number);
  }
  if (t.header.empty()) throw input_error(t.file, 0, "empty file, expected a header line");
  for (const auto& name : required) t.column(name);
  return t;
}

std::string format_number(double value, int digits) {
  if (std::isnan(value)) return "nan";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, value);
  return buf;
}

}  // namespace detail

namespace {

using detail::csv_table;
using detail::read_csv;

// ---------------------------------------------------------------------------------------------
// Study data
// ---------------------------------------------------------------------------------------------

const std::vector<std::string> sample_columns = {
    "sample",     "pressure_GPa",     "cooling_rate_K_per_s", "natoms",       "rho_per_A3",
    "rho_g_per_cm3", "E_IS_eV_per_atom", "f_ico",             "psi_mean_ps2", "u_mean_A",
    "s2_mean_kB", "G_GPa",            "mean_EA_eV",           "events_searched", "events_kept"};

/// Polar-plot sector order of Fig. 2b: Ψ [0,36°], E_IS, |u|, s2, ρ [144,180°].
const std::vector<std::string> sector_order = {"psi", "E_IS", "u", "s2", "rho"};

struct sample {
  std::string name;
  std::map<std::string, double> value;  // samples.csv column -> number
  double operator[](const std::string& column) const { return value.at(column); }
};

struct spectrum_row { double EA, P, hist; };                       // eV, 1/eV, 1/eV
struct rdf_row { double r, total, CuCu, CuZr, ZrZr; };             // Å, dimensionless
struct delta_grid { std::vector<double> x, y, d; std::size_t nx = 0, ny = 0; };
struct delta_point { std::string i, j; double x, y, d; };

/// One row of correlations.csv.
struct correlation {
  std::string target, descriptor;
  double n, pearson, pearson_lo, pearson_hi, spearman, spearman_lo, spearman_hi;
};

struct study_data {
  std::vector<sample> samples;
  std::vector<double> pressures, rates;  // distinct finite values, ascending
  std::map<std::string, std::vector<spectrum_row>> spectra;
  std::map<std::string, std::vector<rdf_row>> rdf;
  std::map<std::string, delta_grid> maps;                  // descriptor key -> TPS grid
  std::map<std::string, std::vector<delta_point>> points;  // descriptor key -> data points
  std::vector<correlation> correlations;
};

bool same(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(std::abs(a), std::abs(b)); }

/// Distinct finite values of `v`, ascending.
std::vector<double> distinct(std::vector<double> v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !std::isfinite(x); }), v.end());
  std::sort(v.begin(), v.end());
  std::vector<double> out;
  for (double x : v)
    if (out.empty() || !same(out.back(), x)) out.push_back(x);
  return out;
}

/// Position of `x` in `list` (from distinct), or -1.
int index_of(double x, const std::vector<double>& list) {
  for (std::size_t i = 0; i < list.size(); ++i)
    if (same(list[i], x)) return static_cast<int>(i);
  return -1;
}

int sample_index(const study_data& d, const std::string& name) {
  for (std::size_t i = 0; i < d.samples.size(); ++i)
    if (d.samples[i].name == name) return static_cast<int>(i);
  return -1;
}

std::vector<sample> load_samples(const fs::path& file) {
  const csv_table t = read_csv(file, sample_columns);
  std::vector<sample> out;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    sample s;
    s.name = t.text(r, "sample");
    if (s.name.empty()) throw input_error(t.file, t.lines[r], "empty sample name");
    for (const auto& other : out)
      if (other.name == s.name) throw input_error(t.file, t.lines[r], "duplicate sample " + s.name);
    for (std::size_t c = 1; c < sample_columns.size(); ++c)
      s.value[sample_columns[c]] = t.number(r, sample_columns[c]);
    out.push_back(std::move(s));
  }
  return out;
}

void warn(const std::string& text) { std::cerr << "pelkit study figures: warning: " << text << "\n"; }

/// Rows of `t` grouped by the "sample" column, only for samples of `d` (others are warned about).
template <class Row, class Make>
std::map<std::string, std::vector<Row>> by_sample(const csv_table& t, const study_data& d, Make make) {
  std::map<std::string, std::vector<Row>> out;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const std::string& name = t.text(r, "sample");
    if (sample_index(d, name) < 0) {
      if (!out.count("?" + name)) warn(t.file + ": sample '" + name + "' is not in samples.csv; ignored");
      out["?" + name];
      continue;
    }
    out[name].push_back(make(r));
  }
  for (auto it = out.begin(); it != out.end();) it = it->first[0] == '?' ? out.erase(it) : std::next(it);
  return out;
}

void load_spectra(const fs::path& file, study_data& d) {
  const csv_table t = read_csv(file, {"sample", "EA_eV", "P_per_eV", "histogram_per_eV"});
  d.spectra = by_sample<spectrum_row>(t, d, [&](std::size_t r) {
    return spectrum_row{t.number(r, "EA_eV"), t.number(r, "P_per_eV"), t.number(r, "histogram_per_eV")};
  });
}

void load_rdf(const fs::path& file, study_data& d) {
  const csv_table t = read_csv(file, {"sample", "r_A", "g_total", "g_CuCu", "g_CuZr", "g_ZrZr"});
  d.rdf = by_sample<rdf_row>(t, d, [&](std::size_t r) {
    return rdf_row{t.number(r, "r_A"), t.number(r, "g_total"), t.number(r, "g_CuCu"),
                   t.number(r, "g_CuZr"), t.number(r, "g_ZrZr")};
  });
}

/// Reads delta_map_<key>.csv, checking that it is a regular grid with x varying fastest.
delta_grid load_map(const fs::path& file) {
  const csv_table t = read_csv(file, {"x", "y", "delta_per_eV"});
  delta_grid g;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    g.x.push_back(t.number(r, "x"));
    g.y.push_back(t.number(r, "y"));
    g.d.push_back(t.number(r, "delta_per_eV"));
  }
  if (g.x.empty()) return g;
  while (g.nx < g.y.size() && g.y[g.nx] == g.y[0]) ++g.nx;
  g.ny = g.x.size() / g.nx;
  if (g.nx * g.ny != g.x.size())
    throw input_error(t.file, 0, "not a regular grid: " + std::to_string(g.x.size()) +
                                     " rows, first scan line has " + std::to_string(g.nx));
  for (std::size_t k = 0; k < g.x.size(); ++k)
    if (g.y[k] != g.y[(k / g.nx) * g.nx] || g.x[k] != g.x[k % g.nx])
      throw input_error(t.file, t.lines[k], "not a regular grid (expected x varying fastest)");
  return g;
}

std::vector<delta_point> load_points(const fs::path& file) {
  const csv_table t = read_csv(file, {"sample_i", "sample_j", "x", "y", "delta_per_eV"});
  std::vector<delta_point> out;
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    out.push_back({t.text(r, "sample_i"), t.text(r, "sample_j"), t.number(r, "x"), t.number(r, "y"),
                   t.number(r, "delta_per_eV")});
  return out;
}

std::vector<correlation> load_correlations(const fs::path& file) {
  const csv_table t = read_csv(file, {"target", "descriptor", "n", "pearson", "pearson_lo", "pearson_hi",
                                      "spearman", "spearman_lo", "spearman_hi"});
  std::vector<correlation> out;
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    out.push_back({t.text(r, "target"), t.text(r, "descriptor"), t.number(r, "n"), t.number(r, "pearson"),
                   t.number(r, "pearson_lo"), t.number(r, "pearson_hi"), t.number(r, "spearman"),
                   t.number(r, "spearman_lo"), t.number(r, "spearman_hi")});
  return out;
}

study_data load(const fs::path& run) {
  const fs::path res = run / "results";
  study_data d;
  d.samples = load_samples(res / "samples.csv");
  std::vector<double> p, q;
  for (const auto& s : d.samples) {
    p.push_back(s["pressure_GPa"]);
    q.push_back(s["cooling_rate_K_per_s"]);
  }
  d.pressures = distinct(p);
  d.rates = distinct(q);
  load_spectra(res / "spectra.csv", d);
  load_rdf(res / "rdf.csv", d);
  read_csv(res / "delta.csv", {"sample_i", "sample_j", "delta_per_eV"});  // validated only
  for (const auto& desc : descriptors()) {
    d.maps[desc.key] = load_map(res / ("delta_map_" + desc.key + ".csv"));
    d.points[desc.key] = load_points(res / ("delta_points_" + desc.key + ".csv"));
  }
  d.correlations = load_correlations(res / "correlations.csv");
  return d;
}

// ---------------------------------------------------------------------------------------------
// Small formatting and styling helpers
// ---------------------------------------------------------------------------------------------

std::string num(double v) { return detail::format_number(v, 9); }

/// `s` as a gnuplot double-quoted string.
std::string gp_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

/// `s` quoted for a POSIX shell.
std::string shell_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// Cooling rate as enhanced text, e.g. "10^{13} K/s" or "2.5×10^{12} K/s".
std::string rate_label(double q) {
  if (!std::isfinite(q) || q <= 0) return detail::format_number(q) + " K/s";
  const double e = std::floor(std::log10(q) + 1e-9);
  const double m = q / std::pow(10.0, e);
  const std::string power = "10^{" + detail::format_number(e, 3) + "}";
  if (std::abs(m - 1) < 1e-6) return power + " K/s";
  return detail::format_number(m, 3) + "×" + power + " K/s";
}

std::string pressure_label(double p) { return "P = " + detail::format_number(p, 4) + " GPa"; }

/// Categorical colours for cooling rates, slow (blue) to fast (red).
std::string rate_colour(int k, int count) {
  static const std::vector<std::vector<std::string>> sets = {
      {"#1f5fb4"},
      {"#1f5fb4", "#d62728"},
      {"#1f5fb4", "#2ca02c", "#d62728"},
      {"#1f5fb4", "#2ca02c", "#ff7f0e", "#d62728"},
      {"#1f5fb4", "#17becf", "#2ca02c", "#ff7f0e", "#d62728"}};
  static const std::vector<std::string> more = {"#1f5fb4", "#17becf", "#2ca02c", "#bcbd22", "#ff7f0e",
                                                "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};
  if (k < 0) return "#7f7f7f";
  if (count >= 1 && count <= 5) return sets[count - 1][k];
  return more[k % more.size()];
}

/// Filled point types for pressures (circle, square, triangles, diamond, pentagon, then open).
int pressure_point(int k) {
  static const int pts[] = {7, 5, 9, 13, 11, 15, 6, 4, 8, 12, 10, 14};
  return k < 0 ? 1 : pts[k % 12];
}

/// `hex` mixed towards white (t > 0) or black (t < 0) by |t|.
std::string shade(const std::string& hex, double t) {
  unsigned rgb[3] = {0, 0, 0};
  std::sscanf(hex.c_str(), "#%02x%02x%02x", &rgb[0], &rgb[1], &rgb[2]);
  char buf[8];
  for (unsigned& c : rgb) c = unsigned(std::lround(t > 0 ? c + (255 - c) * t : c * (1 + t)));
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
  return buf;
}

int rate_index(const study_data& d, const sample& s) { return index_of(s["cooling_rate_K_per_s"], d.rates); }
int pressure_index(const study_data& d, const sample& s) { return index_of(s["pressure_GPa"], d.pressures); }

/// Colour of a sample's curve: its cooling-rate colour, lighter for low and darker for high pressure.
std::string sample_colour(const study_data& d, const sample& s) {
  const std::string base = rate_colour(rate_index(d, s), static_cast<int>(d.rates.size()));
  const int j = pressure_index(d, s), n = static_cast<int>(d.pressures.size());
  if (j < 0 || n < 2) return base;
  return shade(base, 0.3 - 0.7 * j / (n - 1));
}

/// Point style of a sample in scatter plots: colour = cooling rate, shape = pressure.
std::string sample_point(const study_data& d, const sample& s, double size = 1.7) {
  return "pt " + std::to_string(pressure_point(pressure_index(d, s))) + " ps " + num(size) + " lc rgb " +
         gp_string(rate_colour(rate_index(d, s), static_cast<int>(d.rates.size())));
}

/// Legend entries (", keyentry ...") naming the cooling-rate colours and the pressure shapes.
std::string legend_entries(const study_data& d) {
  std::string out;
  for (std::size_t k = 0; k < d.rates.size(); ++k)
    out += ", keyentry with points pt 7 ps 1.7 lc rgb " +
           gp_string(rate_colour(static_cast<int>(k), static_cast<int>(d.rates.size()))) + " title " +
           gp_string(rate_label(d.rates[k]));
  for (std::size_t k = 0; k < d.pressures.size(); ++k)
    out += ", keyentry with points pt " + std::to_string(pressure_point(static_cast<int>(k))) +
           " ps 1.7 lc rgb \"#444444\" title " + gp_string(pressure_label(d.pressures[k]));
  return out;
}

/// Legend entries naming every sample's curve colour (sample names shown literally).
std::string sample_legend(const study_data& d) {
  std::string out;
  for (const auto& s : d.samples)
    out += ", keyentry with lines lw 2.5 lc rgb " + gp_string(sample_colour(d, s)) + " title " +
           gp_string(s.name) + " noenhanced";
  return out;
}

// ---------------------------------------------------------------------------------------------
// Axis ranges and tics
// ---------------------------------------------------------------------------------------------

struct span { double lo, hi; };

/// Range of the finite values of `v`, padded by `pad` of its width; [0,1] if none.
span range_of(const std::vector<double>& v, double pad = 0.06) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double x : v)
    if (std::isfinite(x)) lo = std::min(lo, x), hi = std::max(hi, x);
  if (!(lo <= hi)) return {0, 1};
  if (hi - lo <= 1e-12 * std::max(1.0, std::abs(hi))) {
    const double w = std::abs(hi) > 0 ? 0.05 * std::abs(hi) : 1;
    return {lo - w, hi + w};
  }
  const double w = (hi - lo) * pad;
  return {lo - w, hi + w};
}

/// [smallest, largest] finite value of `v`, unpadded (colour scales that show data as they
/// are); [lo, lo + 1] when all are equal, [0, 1] if none.
span observed_range(const std::vector<double>& v) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double x : v)
    if (std::isfinite(x)) lo = std::min(lo, x), hi = std::max(hi, x);
  if (!(lo <= hi)) return {0, 1};
  if (!(hi > lo)) return {lo, lo + (lo != 0 ? std::abs(lo) : 1.0)};
  return {lo, hi};
}

/// Range from 0 (or below, if negative values) to the max with `head` room above.
span range_from_zero(const std::vector<double>& v, double head = 1.1) {
  double lo = 0, hi = 0;
  for (double x : v)
    if (std::isfinite(x)) lo = std::min(lo, x), hi = std::max(hi, x);
  if (hi <= 0) return {lo < 0 ? lo * head : 0.0, lo < 0 ? 0.0 : 1.0};
  return {lo, hi * head};
}

/// "set xrange [..]; set xtics ..; set format x .." with about `count` tics on nice steps.
std::string axis(const std::string& ax, span r, int count = 5) {
  const double raw = (r.hi - r.lo) / std::max(1, count);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * mag >= raw * (1 - 1e-9)) { step = m * mag; break; }
  int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
  if (std::abs(step / std::pow(10.0, -decimals) - 2.5) < 1e-6) ++decimals;
  const double start = std::ceil(r.lo / step - 1e-9) * step;
  std::string out = "set " + ax + "range [" + num(r.lo) + ":" + num(r.hi) + "]\n";
  out += "set " + ax + "tics " + num(start) + "," + num(step) + "\n";
  out += "set format " + ax + " \"%." + std::to_string(decimals) + "f\"\n";
  return out;
}

// ---------------------------------------------------------------------------------------------
// Canvas layout: panels placed by explicit screen margins
// ---------------------------------------------------------------------------------------------

/// A grid of equal panels on a canvas; all sizes in pixels.
struct layout {
  int nrow = 1, ncol = 1;
  int panel_w = 600, panel_h = 450;
  int left = 90, right = 40, bottom = 70, top = 60, hgap = 90, vgap = 80;
  int width() const { return left + ncol * panel_w + (ncol - 1) * hgap + right; }
  int height() const { return top + nrow * panel_h + (nrow - 1) * vgap + bottom; }
  double sx(double px) const { return px / width(); }           // px from left -> screen
  double sy(double px) const { return 1.0 - px / height(); }    // px from top -> screen
};

/// Margins placing the next plot in panel (row, col) of `L`, row 0 at the top.
std::string place(const layout& L, int row, int col) {
  const double x0 = L.left + col * (L.panel_w + L.hgap), y0 = L.top + row * (L.panel_h + L.vgap);
  return "set lmargin at screen " + num(L.sx(x0)) + "; set rmargin at screen " + num(L.sx(x0 + L.panel_w)) +
         "\nset tmargin at screen " + num(L.sy(y0)) + "; set bmargin at screen " + num(L.sy(y0 + L.panel_h)) +
         "\n";
}

/// Commands for a key in the right-hand legend column of `L` (top aligned with the panels).
std::string key_in_right_column(const layout& L) {
  return "set key at screen " + num(L.sx(L.width() - L.right + 25)) + "," + num(L.sy(L.top)) +
         " left top Left reverse samplen 1.5 spacing 1.25 box lc rgb \"#bbbbbb\" opaque\n";
}

// ---------------------------------------------------------------------------------------------
// Script and file writing
// ---------------------------------------------------------------------------------------------

void write_file(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw input_error(file.string(), 0, "cannot write");
}

/// Script header: a loop over png and svg, each starting from `reset` with common settings.
std::string script_begin(const std::string& name, const std::string& title, int width, int height) {
  const std::string size = std::to_string(width) + "," + std::to_string(height);
  std::string s;
  s += "# " + name + ".gp — " + title + "\n";
  s += "# Written by the pelkit study program. Run in this directory: gnuplot " + name + ".gp\n";
  s += "# Reads " + name + ".csv (and other CSV files named below); writes " + name + ".png and " + name +
       ".svg.\n";
  s += "do for [fmt in \"png svg\"] {\n";
  s += "reset\n";
  s += "if (fmt eq \"svg\") {\n  set terminal svg size " + size +
       " enhanced font \"DejaVu Sans,11\" background \"white\"\n";
  s += "} else { if (strstrt(GPVAL_TERMINALS, \"pngcairo\") > 0) {\n";
  s += "  set terminal pngcairo size " + size + " enhanced font \"DejaVu Sans,11\"\n";
  s += "} else {\n  set terminal png size " + size + " enhanced\n} }\n";
  s += "set output \"" + name + ".\" . fmt\n";
  s += "set encoding utf8\nset datafile separator comma\nset datafile missing \"nan\"\n";
  s += "set border lw 1.2\nset grid lt 1 lc rgb \"#e4e4e4\" lw 1\nset tics nomirror out scale 0.6\n";
  return s;
}

std::string script_end() { return "unset output\n}\n"; }

/// CSV file name in a plot command, skipping its header line.
std::string data(const std::string& csv) { return gp_string(csv) + " skip 1"; }

/// One figure under construction.
struct figure_files {
  figure meta;
  std::string csv, script;
};

figure_files make(const std::string& name, const std::string& title, const std::string& caption) {
  figure_files f;
  f.meta.name = name;
  f.meta.title = title;
  f.meta.caption = caption;
  return f;
}

// ---------------------------------------------------------------------------------------------
// Sample-table CSV shared by the scatter figures
// ---------------------------------------------------------------------------------------------

/// CSV of sample, pressure, cooling rate and `columns` (samples.csv names, which carry units).
/// Column k of `columns` is gnuplot column 4 + k.
std::string sample_csv(const study_data& d, const std::vector<std::string>& columns) {
  std::string out = "sample,pressure_GPa,cooling_rate_K_per_s";
  for (const auto& c : columns) out += "," + c;
  out += "\n";
  for (const auto& s : d.samples) {
    out += s.name + "," + num(s["pressure_GPa"]) + "," + num(s["cooling_rate_K_per_s"]);
    for (const auto& c : columns) {
      out += ',';  // (not "," + num(): GCC 12 -Wrestrict false positive)
      out += num(s[c]);
    }
    out += "\n";
  }
  return out;
}

/// One scatter element per sample (row k of `csv`), x and y from gnuplot columns.
std::string scatter(const study_data& d, const std::string& csv, int xcol, int ycol) {
  std::string out;
  for (std::size_t k = 0; k < d.samples.size(); ++k) {
    out += k ? ", \\\n  " : "";
    out += data(csv) + " every ::" + std::to_string(k) + "::" + std::to_string(k) + " using " +
           std::to_string(xcol) + ":" + std::to_string(ycol) + " with points " +
           sample_point(d, d.samples[k]) + " notitle";
  }
  return out;
}

std::vector<double> column_values(const study_data& d, const std::string& column) {
  std::vector<double> v;
  for (const auto& s : d.samples) v.push_back(s[column]);
  return v;
}

/// Pearson r of the finite pairs, NaN if fewer than 3.
double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  double sx = 0, sy = 0, n = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (std::isfinite(x[i]) && std::isfinite(y[i])) sx += x[i], sy += y[i], ++n;
  if (n < 3) return nan;
  const double mx = sx / n, my = sy / n;
  double cxy = 0, cxx = 0, cyy = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (std::isfinite(x[i]) && std::isfinite(y[i]))
      cxy += (x[i] - mx) * (y[i] - my), cxx += (x[i] - mx) * (x[i] - mx), cyy += (y[i] - my) * (y[i] - my);
  return cxx > 0 && cyy > 0 ? cxy / std::sqrt(cxx * cyy) : nan;
}

/// Correlation note for `target` vs `column`: from correlations.csv (with 95% bootstrap
/// interval) when it has the pair, else Pearson r computed here; "" if not computable.
std::string correlation_note(const study_data& d, const std::string& target, const std::string& column) {
  auto f2 = [](double v) { return detail::format_number(std::round(v * 100) / 100, 3); };
  for (const auto& c : d.correlations)
    if ((c.target == target && c.descriptor == column) || (c.target == column && c.descriptor == target)) {
      if (!std::isfinite(c.pearson)) break;
      std::string s = "Pearson r = " + f2(c.pearson);
      if (std::isfinite(c.pearson_lo)) s += " [" + f2(c.pearson_lo) + ", " + f2(c.pearson_hi) + "]";
      if (std::isfinite(c.spearman)) s += ",  Spearman = " + f2(c.spearman);
      return s + "  (n = " + detail::format_number(c.n, 4) + ")";
    }
  const double r = pearson(column_values(d, column), column_values(d, target));
  return std::isfinite(r) ? "Pearson r = " + f2(r) : "";
}

/// Two-line panel title: `title` and a smaller correlation note.
/// Plain text -> gnuplot enhanced text for the few subscripted names used in titles.
std::string enhanced(std::string s) {
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{{"f_ico", "f_{ico}"}, {"E_IS", "E_{IS}"}})
    for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

std::string titled(std::string title, const std::string& note) {
  title = enhanced(title);
  if (note.empty()) return "set title " + gp_string(title) + "\n";
  return "set title " + gp_string(title + "\n{/*0.85 " + note + "}") + "\n";
}

/// A "no finite data" label in the middle of the panel when all `v` are non-finite.
std::string no_data_label(const std::vector<double>& v) {
  for (double x : v)
    if (std::isfinite(x)) return "";
  return "set label 90 \"no finite data\" at graph 0.5,0.5 center tc rgb \"#999999\"\n";
}

/// A scatter panel of samples.csv `ycol` vs `xcol` (gnuplot columns xi, yi of `csv`).
std::string scatter_panel(const study_data& d, const std::string& csv, const std::string& xcol, int xi,
                          const std::string& xlabel, const std::string& ycol, int yi,
                          const std::string& ylabel, const std::string& title, bool legend) {
  const auto xs = column_values(d, xcol), ys = column_values(d, ycol);
  std::string s = titled(title, correlation_note(d, ycol, xcol));
  s += "set xlabel " + gp_string(xlabel) + "\nset ylabel " + gp_string(ylabel) + "\n";
  s += axis("x", range_of(xs, 0.08)) + axis("y", range_of(ys, 0.1), 6);
  s += "unset label 90\n" + no_data_label(xs) + no_data_label(ys);
  s += "plot " + scatter(d, csv, xi, yi) + (legend ? legend_entries(d) : "") + "\n";
  return s;
}

// ---------------------------------------------------------------------------------------------
// The figures
// ---------------------------------------------------------------------------------------------

/// Fig. 1b: f_ico per sample as bars at each pressure, grouped and coloured by cooling rate.
figure_files fig1b(const study_data& d) {
  auto f = make("fig1b_f_ico", "Icosahedral fraction f_ico of every sample",
                "Fraction of atoms at the centre of a full icosahedron (Voronoi index <0,0,12,0>) in "
                "each sample, at its preparation pressure P; bars of the same colour share a cooling "
                "rate (paper Fig. 1b).");
  // rows sorted by cooling rate, then pressure, so each rate is a contiguous row range
  std::vector<const sample*> order;
  for (const auto& s : d.samples) order.push_back(&s);
  std::stable_sort(order.begin(), order.end(), [&](const sample* a, const sample* b) {
    const int ra = rate_index(d, *a), rb = rate_index(d, *b);
    return ra != rb ? ra < rb : (*a)["pressure_GPa"] < (*b)["pressure_GPa"];
  });
  f.csv = "sample,pressure_GPa,cooling_rate_K_per_s,f_ico\n";
  for (const auto* s : order)
    f.csv += s->name + "," + num((*s)["pressure_GPa"]) + "," + num((*s)["cooling_rate_K_per_s"]) + "," +
             num((*s)["f_ico"]) + "\n";

  double dp = 1;
  for (std::size_t i = 1; i < d.pressures.size(); ++i)
    dp = i == 1 ? d.pressures[1] - d.pressures[0] : std::min(dp, d.pressures[i] - d.pressures[i - 1]);
  const int K = std::max<int>(1, static_cast<int>(d.rates.size()));
  const double w = 0.8 * dp / K;

  layout L;
  L.panel_w = 760, L.panel_h = 440, L.top = 70, L.right = 30;
  f.script = script_begin(f.meta.name, f.meta.title, L.width(), L.height()) + place(L, 0, 0);
  f.script += "set title \"Icosahedral fraction f_{ico} by preparation pressure and cooling rate\"\n";
  f.script += "set xlabel \"Preparation pressure P (GPa)\"\nset ylabel \"f_{ico} (fraction of atoms)\"\n";
  const span px = d.pressures.empty() ? span{-1, 1} : span{d.pressures.front() - 0.6 * dp, d.pressures.back() + 0.6 * dp};
  f.script += "set xrange [" + num(px.lo) + ":" + num(px.hi) + "]\nset xtics (";
  for (std::size_t i = 0; i < d.pressures.size(); ++i)
    f.script += (i ? ", " : "") + gp_string(detail::format_number(d.pressures[i], 4)) + " " + num(d.pressures[i]);
  f.script += ")\nset grid noxtics ytics\n";
  const auto fico = column_values(d, "f_ico");
  f.script += axis("y", range_from_zero(fico, 1.18), 6) + no_data_label(fico);
  f.script += "set key inside top left horizontal samplen 1.5\nset style fill solid 0.85 border lc rgb \"#333333\"\n";
  f.script += "set boxwidth " + num(w) + " absolute\nplot ";
  std::size_t first = 0;
  for (int k = 0; k <= K; ++k) {
    std::size_t last = first;
    while (last < order.size() && rate_index(d, *order[last]) == (k < K && !d.rates.empty() ? k : -1)) ++last;
    if (last == first) continue;
    const double off = (k - (K - 1) / 2.0) * w;
    const std::string label = k < static_cast<int>(d.rates.size()) ? rate_label(d.rates[k]) : "rate n/a";
    f.script += (first ? ", \\\n  " : "") + data("fig1b_f_ico.csv") + " every ::" + std::to_string(first) +
                "::" + std::to_string(last - 1) + " using ($2+" + num(off) + "):4 with boxes lc rgb " +
                gp_string(rate_colour(k < K ? k : -1, K)) + " title " + gp_string(label);
    first = last;
  }
  if (first == 0) f.script += "NaN notitle";
  f.script += "\n" + script_end();
  return f;
}

/// Single scatter figure (Fig. 1c, 1d) of samples.csv `ycol` vs `xcol`.
figure_files single_scatter(const study_data& d, const std::string& name, const std::string& title,
                            const std::string& caption, const std::string& xcol, const std::string& xlabel,
                            const std::string& ycol, const std::string& ylabel) {
  auto f = make(name, title, caption);
  f.csv = sample_csv(d, {xcol, ycol});
  layout L;
  L.panel_w = 620, L.panel_h = 460, L.top = 75, L.right = 230;
  f.script = script_begin(name, title, L.width(), L.height()) + place(L, 0, 0) + key_in_right_column(L);
  f.script += scatter_panel(d, name + ".csv", xcol, 4, xlabel, ycol, 5, ylabel, title, true);
  f.script += script_end();
  return f;
}

// --- Fig. 2a: spectra grid with radar insets, and the radar figure ---------------------------

/// Panel grid of the spectra: rows = pressures, columns = cooling rates when the samples fill
/// that grid exactly once; otherwise a near-square grid in sample order. Returns (row, col) per sample.
std::vector<std::pair<int, int>> spectra_grid(const study_data& d, int& nrow, int& ncol) {
  const std::size_t n = d.samples.size();
  std::vector<std::pair<int, int>> cell(n);
  bool full = n > 1 && d.pressures.size() * d.rates.size() == n;
  std::vector<int> used(d.pressures.size() * d.rates.size(), 0);
  for (std::size_t i = 0; full && i < n; ++i) {
    const int r = pressure_index(d, d.samples[i]), c = rate_index(d, d.samples[i]);
    if (r < 0 || c < 0 || used[r * d.rates.size() + c]++) full = false;
    else cell[i] = {r, c};
  }
  if (full) {
    nrow = static_cast<int>(d.pressures.size()), ncol = static_cast<int>(d.rates.size());
    return cell;
  }
  ncol = std::max(1, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n)))));
  nrow = std::max(1, static_cast<int>((n + ncol - 1) / ncol));
  for (std::size_t i = 0; i < n; ++i) cell[i] = {static_cast<int>(i) / ncol, static_cast<int>(i) % ncol};
  return cell;
}

/// Largest |value| of samples.csv `column` over samples (NaN if none finite).
double max_magnitude(const study_data& d, const std::string& column) {
  double m = nan;
  for (const auto& s : d.samples)
    if (std::isfinite(s[column])) m = std::isnan(m) ? std::abs(s[column]) : std::max(m, std::abs(s[column]));
  return m;
}

/// Scaled value |x|/max|x| at the radar centre: 0, or a multiple of 0.05 just below the
/// smallest scaled value when all exceed 0.5 (descriptors vary by a few % only; the rings are
/// labelled with their scaled value so the zoom is explicit).
double radar_origin(const study_data& d) {
  double lo = 1;
  for (const auto& key : sector_order) {
    const auto& desc = find_descriptor(key);
    const double m = max_magnitude(d, desc.column);
    for (const auto& s : d.samples)
      if (m > 0 && std::isfinite(s[desc.column])) lo = std::min(lo, std::abs(s[desc.column]) / m);
  }
  if (lo <= 0.5) return 0;
  return std::min(0.95, std::floor((lo - 0.02) / 0.05) * 0.05);
}

/// Angle (radians) of radar axis k: axis 0 at the top, counter-clockwise.
double radar_angle(std::size_t k) { return M_PI / 2 + 2 * M_PI * static_cast<double>(k) / sector_order.size(); }

/// fig2a_radar.csv: per sample a block of 6 rows (5 axes + the first again, to close the
/// polygon) with |value|/max|value| and its plot coordinates; blocks separated by a blank line.
/// A sample with any non-finite descriptor has NaN coordinates (no polygon).
std::string radar_csv(const study_data& d) {
  const double s0 = radar_origin(d);
  std::string out = "sample,axis,descriptor,unit,value,max_abs_over_samples,scaled_abs_by_max,x_plot,y_plot\n";
  for (const auto& s : d.samples) {
    bool complete = true;
    for (const auto& key : sector_order) complete = complete && std::isfinite(s[find_descriptor(key).column]);
    for (std::size_t k = 0; k <= sector_order.size(); ++k) {
      const auto& desc = find_descriptor(sector_order[k % sector_order.size()]);
      const double v = s[desc.column], m = max_magnitude(d, desc.column);
      const double scaled = m > 0 ? std::abs(v) / m : nan;
      const double a = radar_angle(k % sector_order.size());
      const bool ok = complete && std::isfinite(scaled);
      const double radius = (scaled - s0) / (1 - s0);  // plot radius: s0 at the centre, 1 outside
      out += s.name + "," + std::to_string(k % sector_order.size()) + "," + desc.key + "," + desc.unit + "," +
             num(v) + "," + num(m) + "," + num(scaled) + "," + num(ok ? radius * std::cos(a) : nan) + "," +
             num(ok ? radius * std::sin(a) : nan) + "\n";
    }
    out += "\n";
  }
  return out;
}

/// Radar web: rings at 1/4..1, spokes, optional axis labels (with the max used for scaling).
std::string radar_web(const study_data& d, bool labels) {
  std::string s = "unset object; unset arrow; unset label\n";
  const std::size_t n = sector_order.size();
  for (int ring = 4; ring >= 1; --ring) {
    const double r = ring / 4.0;
    s += "set object " + std::to_string(ring) + " polygon from ";
    for (std::size_t k = 0; k <= n; ++k)
      s += (k ? " to " : "") + num(r * std::cos(radar_angle(k % n))) + "," + num(r * std::sin(radar_angle(k % n)));
    s += std::string(" fs empty border lc rgb ") + (ring == 4 ? "\"#888888\"" : "\"#cccccc\"") + " lw 1 back\n";
    if (labels) {
      const double s0 = radar_origin(d);
      s += "set label " + std::to_string(10 + ring) + " " + gp_string(detail::format_number(s0 + (1 - s0) * r, 3)) +
           " at " + num(0.04) + "," + num(r - 0.06) + " left font \",9\" tc rgb \"#777777\" front\n";
    }
  }
  for (std::size_t k = 0; k < n; ++k) {
    s += "set arrow " + std::to_string(k + 1) + " from 0,0 to " + num(std::cos(radar_angle(k))) + "," +
         num(std::sin(radar_angle(k))) + " nohead lc rgb \"#aaaaaa\" back\n";
    if (!labels) continue;
    const auto& desc = find_descriptor(sector_order[k]);
    const double a = radar_angle(k), c = std::cos(a);
    const std::string just = c > 0.3 ? "left" : c < -0.3 ? "right" : "center";
    const std::string text =
        desc.symbol + "\n{/*0.8 max = " + detail::format_number(max_magnitude(d, desc.column), 4) + " " + desc.unit + "}";
    s += "set label " + std::to_string(k + 1) + " " + gp_string(text) + " at " + num(1.1 * c) + "," +
         num(1.1 * std::sin(a) + (std::sin(a) > 0.9 ? 0.08 : 0)) + " " + just + "\n";
  }
  return s;
}

/// Closed polygon of sample k from fig2a_radar.csv, filled translucent with an outline.
std::string radar_polygon(const study_data& d, std::size_t k, double lw, double fill, bool title) {
  const std::string sel = data("fig2a_radar.csv") + " every :::" + std::to_string(k) + "::" + std::to_string(k) +
                          " using 8:9";
  const std::string c = gp_string(sample_colour(d, d.samples[k]));
  std::string s = sel + " with filledcurves closed fs transparent solid " + num(fill) + " noborder lc rgb " + c + " notitle, " +
                  sel + " with lines lw " + num(lw) + " lc rgb " + c;
  return s + (title ? " title " + gp_string(d.samples[k].name) + " noenhanced" : " notitle");
}

figure_files fig2a_radar(const study_data& d) {
  auto f = make("fig2a_radar", "Radar plot of the five structural descriptors of every sample",
                "Each closed polygon is one sample; along each axis the descriptor's magnitude divided by "
                "its largest magnitude over all samples (so the outer pentagon is 1; rings every 0.25). "
                "Axes counter-clockwise from the top: Ψ, E_IS, |u|, s2, ρ. Colour: cooling rate; "
                "shade: pressure (light = low). These are the insets of the paper's Fig. 2a.");
  f.csv = radar_csv(d);
  f.meta.caption += " Radial axis: the centre is a scaled value of " + detail::format_number(radar_origin(d), 3) +
                    " (rings labelled with their scaled value).";
  layout L;
  L.panel_w = 680, L.panel_h = 530, L.top = 60, L.left = 30, L.right = 200, L.bottom = 30;
  f.script = script_begin(f.meta.name, f.meta.title, L.width(), L.height()) + place(L, 0, 0) +
             key_in_right_column(L);
  f.script += "set title \"Structural descriptors scaled by their maximum over samples\" offset 0,1.5\n";
  f.script += "unset border; unset tics; unset grid\nset xrange [-1.75:1.75]; set yrange [-1.3:1.4]\n";
  f.script += radar_web(d, true) + "plot NaN notitle";
  for (std::size_t k = 0; k < d.samples.size(); ++k) f.script += ", \\\n  " + radar_polygon(d, k, 2, 0.04, true);
  f.script += "\n" + script_end();
  return f;
}

/// fig2a_spectra.csv: every sample's KDE and histogram, one block per sample (samples.csv order).
std::string spectra_csv(const study_data& d) {
  std::string out = "sample,EA_eV,P_per_eV,histogram_per_eV\n";
  for (const auto& s : d.samples) {
    const auto it = d.spectra.find(s.name);
    if (it == d.spectra.end() || it->second.empty()) out += s.name + ",nan,nan,nan\n";
    else
      for (const auto& r : it->second) out += s.name + "," + num(r.EA) + "," + num(r.P) + "," + num(r.hist) + "\n";
    out += "\n";
  }
  return out;
}

/// Histogram bar width of a spectrum (grid spacing, eV).
double bin_width(const std::vector<spectrum_row>& rows) {
  for (std::size_t i = 1; i < rows.size(); ++i)
    if (std::isfinite(rows[i].EA - rows[i - 1].EA) && rows[i].EA > rows[i - 1].EA) return rows[i].EA - rows[i - 1].EA;
  return 0.05;
}

/// One spectrum panel (sample k at `cell`) plus its radar inset.
std::string spectrum_panel(const study_data& d, const layout& L, std::size_t k, std::pair<int, int> cell,
                           span ex, span ey, bool bottom_row) {
  const sample& s = d.samples[k];
  const auto it = d.spectra.find(s.name);
  const std::vector<spectrum_row> none;
  const auto& rows = it == d.spectra.end() ? none : it->second;
  const std::string colour = gp_string(sample_colour(d, s));
  const std::string sel = data("fig2a_spectra.csv") + " every :::" + std::to_string(k) + "::" + std::to_string(k);
  std::string p = "# --- " + s.name + "\nunset object; unset arrow; unset label\n" + place(L, cell.first, cell.second);
  p += "set border 31 lw 1.2; set grid\n" + axis("x", ex, L.panel_w > 300 ? 5 : 4) + axis("y", ey, 4);
  p += cell.second == 0 ? "set ylabel \"P(E_A) (eV^{-1})\"\n" : "unset ylabel\nset format y \"\"\n";
  p += bottom_row ? "set xlabel \"E_A (eV)\"\n" : "unset xlabel\nset format x \"\"\n";
  p += "set label 1 " + gp_string(s.name) + " noenhanced at graph 0.04,0.9 left front font \",12\"\n";
  const double mean = s["mean_EA_eV"];
  if (std::isfinite(mean))
    p += "set arrow 1 from " + num(mean) + ",graph 0 to " + num(mean) + ",graph 0.62 nohead dt 2 lw 1.5 lc rgb \"#444444\" front\n"
         "set label 2 \"Ē_A = " + detail::format_number(mean, 3) + " eV\" at graph 0.04,0.76 left front font \",10\"\n";
  if (rows.empty()) p += "set label 3 \"no spectrum\" at graph 0.5,0.4 center tc rgb \"#999999\"\n";
  p += "set boxwidth " + num(bin_width(rows)) + " absolute\n";
  p += "plot " + sel + " using 2:4 with boxes fs solid 0.35 noborder lc rgb " + colour + " notitle, \\\n  " + sel +
       " using 2:3 with lines lw 2.2 lc rgb " + colour + " notitle\n";
  // inset: a square in the top-right corner of the panel
  const double side = 0.42 * L.panel_h, pad = 4;
  const double x1 = L.left + cell.second * (L.panel_w + L.hgap) + L.panel_w - pad;
  const double y0 = L.top + cell.first * (L.panel_h + L.vgap) + pad;
  p += "set lmargin at screen " + num(L.sx(x1 - side)) + "; set rmargin at screen " + num(L.sx(x1)) +
       "\nset tmargin at screen " + num(L.sy(y0)) + "; set bmargin at screen " + num(L.sy(y0 + side)) + "\n";
  p += "unset border; unset tics; unset grid; unset xlabel; unset ylabel; unset label\n";
  p += "set xrange [-1.08:1.08]; set yrange [-1.0:1.16]\n" + radar_web(d, false);
  p += "plot NaN notitle, " + radar_polygon(d, k, 1.4, 0.3, false) + "\n";
  return p;
}

figure_files fig2a_spectra(const study_data& d) {
  auto f = make("fig2a_spectra", "Activation-energy spectra P(E_A) of every sample",
                "One panel per sample (rows: preparation pressure, columns: cooling rate, when the samples "
                "fill that grid): bars are the histogram of the kept ART activation energies, the line its "
                "kernel density estimate P(E_A), the dashed line the mean Ē_A. Inset: radar of the five "
                "descriptors scaled by their maximum over samples (axes as in fig2a_radar: Ψ at the top, "
                "then E_IS, |u|, s2, ρ counter-clockwise). Paper Fig. 2a.");
  f.csv = spectra_csv(d);
  f.meta.caption += " Inset polygons are those of fig2a_radar (data in fig2a_radar.csv): the outer pentagon is 1, "
                    "the centre a scaled value of " + detail::format_number(radar_origin(d), 3) + ".";
  int nrow = 1, ncol = 1;
  const auto cells = spectra_grid(d, nrow, ncol);
  layout L;
  L.nrow = nrow, L.ncol = ncol;
  L.panel_w = d.samples.size() <= 4 ? 360 : 290, L.panel_h = d.samples.size() <= 4 ? 280 : 215;
  L.left = 80, L.right = 25, L.top = 55, L.bottom = 60, L.hgap = 30, L.vgap = 14;  // hgap: room for the
  // bottom row's x tic labels, which sit on the panel edges and met across columns with a smaller gap
  L.panel_w = std::max(L.panel_w, (680 - L.left - L.right - (ncol - 1) * L.hgap) / ncol);  // room for the title
  std::vector<double> ea, py;
  for (const auto& [name, rows] : d.spectra)
    for (const auto& r : rows) ea.push_back(r.EA), py.push_back(r.P), py.push_back(r.hist);
  const span ex = range_of(ea, 0.02), ey = range_from_zero(py, 1.7);
  f.script = script_begin(f.meta.name, f.meta.title, L.width(), L.height());
  f.script += "set multiplot title \"Activation-energy spectra (rows: pressure, columns: cooling rate)\" font \",13\"\n";
  for (std::size_t k = 0; k < d.samples.size(); ++k) {
    const bool bottom = cells[k].first == nrow - 1 ||
                        (cells[k].first == nrow - 2 && static_cast<int>(k) + ncol >= static_cast<int>(d.samples.size()) &&
                         cells.size() < static_cast<std::size_t>(nrow * ncol));
    f.script += spectrum_panel(d, L, k, cells[k], ex, ey, bottom);
  }
  if (d.samples.empty()) f.script += "plot NaN notitle\n";
  f.script += "unset multiplot\n" + script_end();
  return f;
}

// --- Fig. 2b: polar plot ---------------------------------------------------------------------

figure_files fig2b_polar(const study_data& d) {
  auto f = make("fig2b_polar", "Mean activation energy vs the five descriptors in polar form",
                "Radius: mean activation energy Ē_A of a sample. The half circle is split into five 36° "
                "sectors, one per descriptor (Ψ 0–36°, E_IS 36–72°, |u| 72–108°, s2 108–144°, ρ 144–180°); "
                "within a sector the angle is the descriptor normalised from its minimum (start of the "
                "sector, counter-clockwise) to its maximum over samples. A descriptor that predicts Ē_A "
                "gives points along a spiral; scatter means weak correlation. Paper Fig. 2b.");
  static const std::map<std::string, std::pair<std::string, int>> style = {
      {"psi", {"#e6a000", 9}}, {"E_IS", {"#d62728", 5}}, {"u", {"#1f5fb4", 15}},
      {"s2", {"#2ca02c", 13}}, {"rho", {"#9467bd", 7}}};
  f.csv = "sample,descriptor,unit,value,normalised_0_1,theta_deg,mean_EA_eV\n";
  std::vector<std::pair<std::size_t, std::size_t>> rows;  // row range per sector
  std::size_t row = 0;
  for (std::size_t k = 0; k < sector_order.size(); ++k) {
    const auto& desc = find_descriptor(sector_order[k]);
    const auto v = column_values(d, desc.column);
    const span r = range_of(v, 0);
    const std::size_t first = row;
    for (const auto& s : d.samples) {
      const double x = s[desc.column];
      const double n = !std::isfinite(x) ? nan : distinct(v).size() > 1 ? (x - r.lo) / (r.hi - r.lo) : 0.5;
      f.csv += s.name + "," + desc.key + "," + desc.unit + "," + num(x) + "," + num(n) + "," +
               num(std::isfinite(n) ? 36.0 * (k + n) : nan) + "," + num(s["mean_EA_eV"]) + "\n";
      ++row;
    }
    rows.push_back({first, row});
  }
  const auto ea = column_values(d, "mean_EA_eV");
  span er = range_of(ea, 0);
  const double width = er.hi - er.lo, padr = std::max(0.08 * width, 0.02 * std::abs(er.hi) + 1e-3);
  double r0 = std::max(0.0, er.lo - 0.6 * width - padr), r1 = er.hi + padr;
  if (distinct(ea).empty()) r0 = 0, r1 = 1;
  const double R = r1 - r0;

  f.script = script_begin(f.meta.name, f.meta.title, 1060, 560);
  f.script += "set title \"Mean activation energy Ē_A against the five descriptors (polar form)\" offset 0,-0.5\n";
  f.script += "set polar; set angles degrees; set size ratio -1\nunset border; unset xtics; unset ytics\n";
  f.script += "set rrange [" + num(r0) + ":" + num(r1) + "]\nset trange [0:180]\n";
  f.script += "set xrange [" + num(-1.36 * R) + ":" + num(1.36 * R) + "]\nset yrange [" + num(-0.3 * R) + ":" +
              num(1.22 * R) + "]\n";
  // Grid drawn by hand on the upper half only ("set grid polar" draws full circles, which
  // showed below the radial axis): arcs at the radial tics, spokes at the sector borders.
  f.script += "unset grid\nset raxis\n";
  {
    const double raw = R / 5, mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
      if (m * mag >= raw * (1 - 1e-9)) { step = m * mag; break; }
    const double start = std::ceil(r0 / step - 1e-9) * step;
    f.script += "set rtics axis nomirror scale 0.6\nset rtics " + num(start) + "," + num(step) + "\nunset ttics\n";
    int id = 30;
    for (double t = start; t < r1 - 1e-9 * R; t += step)
      if (t - r0 > 1e-9 * R)
        f.script += "set object " + std::to_string(id++) + " circle at 0,0 size " + num(t - r0) +
                    " arc [0:180] fs empty border lc rgb \"#bbbbbb\" lw 1 back\n";
    for (std::size_t k = 1; k < sector_order.size(); ++k) {
      const double a = 36.0 * k * M_PI / 180;
      f.script += "set arrow " + std::to_string(k) + " from 0,0 to " + num(R * std::cos(a)) + "," +
                  num(R * std::sin(a)) + " nohead lc rgb \"#bbbbbb\" lw 1 back\n";
    }
  }
  for (std::size_t k = 0; k < sector_order.size(); k += 2)
    f.script += "set object " + std::to_string(10 + k) + " circle at 0,0 size " + num(R) + " arc [" +
                num(36.0 * k) + ":" + num(36.0 * (k + 1)) + "] fc rgb \"#f3f3f3\" fs solid noborder behind\n";
  for (std::size_t k = 0; k < sector_order.size(); ++k) {
    const auto& desc = find_descriptor(sector_order[k]);
    const double a = (36.0 * k + 18) * M_PI / 180, c = std::cos(a);
    const std::string just = c > 0.3 ? " left" : c < -0.3 ? " right" : " center";
    const double rl = (std::abs(c) > 0.3 ? 1.06 : 1.1) * R;  // outside the arc, text pointing away from it
    f.script += "set label " + std::to_string(k + 1) + " " + gp_string(desc.symbol + " (" + desc.unit + ")") +
                " at " + num(rl * c) + "," + num(rl * std::sin(a)) + just + " tc rgb " +
                gp_string(style.at(desc.key).first) + " font \",13\"\n";
  }
  f.script += "set object 20 circle at 0,0 size " + num(R) + " arc [0:180] fs empty border lc rgb \"#888888\" lw 1 front\n";
  f.script += "set label 9 \"Ē_A (eV)\" at " + num(0.5 * R) + "," + num(-0.18 * R) + " center\n";
  f.script += "set key outside right center Left reverse samplen 1 spacing 1.3 box lc rgb \"#bbbbbb\"\n";
  f.script += no_data_label(ea) + "plot ";
  for (std::size_t k = 0; k < sector_order.size(); ++k) {
    const auto& desc = find_descriptor(sector_order[k]);
    const auto& [colour, pt] = style.at(desc.key);
    f.script += (k ? ", \\\n  " : "") + data("fig2b_polar.csv");
    f.script += rows[k].second > rows[k].first
                    ? " every ::" + std::to_string(rows[k].first) + "::" + std::to_string(rows[k].second - 1)
                    : "";
    f.script += " using 6:7 with points pt " + std::to_string(pt) + " ps 1.8 lc rgb " + gp_string(colour) +
                " title " + gp_string(desc.symbol + " — " + desc.name);
  }
  if (sector_order.empty() || d.samples.empty()) f.script += "NaN notitle";
  f.script += "\n" + script_end();
  return f;
}

// --- Fig. 3: delta maps ------------------------------------------------------------------------

figure_files fig3_delta_maps(const study_data& d) {
  auto f = make("fig3_delta_maps", "Spectrum differences δ_ij mapped onto each descriptor plane",
                "δ_ij = ∫[P_i(E_A) − P_j(E_A)]² dE_A between the spectra of samples i and j, placed at "
                "(descriptor of i, descriptor of j) for ρ, s2, |u|, E_IS and Ψ (paper Fig. 3b–f). Filled "
                "discs: the sample pairs, coloured by their δ_ij; background and black contour lines: a "
                "smoothing thin-plate spline (λ by generalised cross-validation), clipped to the observed "
                "range of δ_ij. A descriptor that determines P(E_A) gives small δ near the diagonal, the "
                "largest δ in the off-diagonal corners, and smooth contours. Common colour scale: from the "
                "smallest to the largest observed δ_ij.");
  f.csv = "descriptor,kind,sample_i,sample_j,x_descriptor_of_i,y_descriptor_of_j,delta_per_eV\n";
  // The colour scale is the observed range of δ (the sample pairs), never the surface's: a
  // surface that over- or undershoots is clipped to it, so it cannot wash out the other panels.
  std::vector<double> observed;
  for (const auto& desc : descriptors())
    for (const auto& p : d.points.at(desc.key)) observed.push_back(p.d);
  const span cb = observed_range(observed);
  std::map<std::string, std::pair<std::size_t, std::size_t>> map_blocks;  // first, last block
  std::map<std::string, std::size_t> point_block;
  std::size_t block = 0;
  for (const auto& desc : descriptors()) {
    const auto& g = d.maps.at(desc.key);
    map_blocks[desc.key] = {block, block + (g.ny ? g.ny - 1 : 0)};
    for (std::size_t j = 0; j < g.ny; ++j, ++block) {
      for (std::size_t i = 0; i < g.nx; ++i) {
        const std::size_t k = j * g.nx + i;
        const double v = std::isfinite(g.d[k]) ? std::clamp(g.d[k], cb.lo, cb.hi) : g.d[k];
        f.csv += desc.key + ",map,,," + num(g.x[k]) + "," + num(g.y[k]) + "," + num(v) + "\n";
      }
      f.csv += "\n";
    }
    point_block[desc.key] = block++;
    for (const auto& p : d.points.at(desc.key))
      f.csv += desc.key + ",point," + p.i + "," + p.j + "," + num(p.x) + "," + num(p.y) + "," + num(p.d) + "\n";
    if (d.points.at(desc.key).empty()) f.csv += desc.key + ",point,,,nan,nan,nan\n";
    f.csv += "\n";
  }

  layout L;
  L.nrow = 2, L.ncol = 3, L.panel_w = 360, L.panel_h = 320;
  L.left = 95, L.right = 30, L.top = 70, L.bottom = 70, L.hgap = 115, L.vgap = 105;
  f.script = script_begin(f.meta.name, f.meta.title, L.width(), L.height());
  f.script += "set multiplot title \"δ_{ij} = ∫ [P_i(E_A) − P_j(E_A)]^2 dE_A in each descriptor plane\" font \",13\"\n";
  f.script += "set palette defined (0 \"#2c4fa0\", 0.3 \"#74add1\", 0.5 \"#f7f7d0\", 0.75 \"#f46d43\", 1 \"#a50026\")\n";
  f.script += "set cbrange [" + num(cb.lo) + ":" + num(cb.hi) + "]\nunset colorbox\nunset grid\n";
  const char* letters = "bcdef";
  for (std::size_t k = 0; k < descriptors().size(); ++k) {
    const auto& desc = descriptors()[k];
    const auto& g = d.maps.at(desc.key);
    std::vector<double> xs = g.x, ys = g.y;
    for (const auto& p : d.points.at(desc.key)) xs.push_back(p.x), ys.push_back(p.y);
    const std::string mb = std::to_string(map_blocks[desc.key].first) + "::" + std::to_string(map_blocks[desc.key].second);
    const std::string pb = std::to_string(point_block[desc.key]);
    f.script += "# --- " + desc.key + "\n" + place(L, static_cast<int>(k / 3), static_cast<int>(k % 3));
    f.script += "set title " + gp_string(std::string("(") + letters[k] + ") " + desc.name + " " + desc.symbol) + "\n";
    f.script += "set xlabel " + gp_string(desc.indexed("i") + " (" + desc.unit + ")") + "\nset ylabel " +
                gp_string(desc.indexed("j") + " (" + desc.unit + ")") + "\n";
    std::string plot = "plot NaN notitle";
    if (g.nx > 1 && g.ny > 1) {
      f.script += "set autoscale xy; set format x \"%.10g\"; set format y \"%.10g\"\n";  // table uses axis formats
      f.script += "set contour base; unset surface; set cntrparam levels 8\nset table $contour separator comma\n";
      f.script += "splot " + data("fig3_delta_maps.csv") + " every :::" + mb + " using 5:6:7 with lines\n";
      f.script += "unset table; unset contour; set surface\n";
      f.script += axis("x", range_of(xs, 0.04), 4) + axis("y", range_of(ys, 0.04), 5) + "unset label 90\n";
      plot += ", " + data("fig3_delta_maps.csv") + " every :::" + mb + " using 5:6:7 with image notitle";
      plot += ", $contour using (real(word(strcol(1),1))):(real(word(strcol(1),2))) with lines lw 1 lc rgb \"#202020\" notitle";
    } else {
      f.script += axis("x", range_of(xs, 0.04), 4) + axis("y", range_of(ys, 0.04), 5);
      f.script += "set label 90 \"no interpolated map\" at graph 0.5,0.93 center tc rgb \"#999999\"\n";
    }
    const std::string pts = data("fig3_delta_maps.csv") + " every :::" + pb + "::" + pb + " using 5:6";
    // filled discs in the colour of their observed δ, with a thin dark outline on top
    plot += ", " + pts + ":7 with points pt 7 ps 1.3 lc palette notitle, " + pts +
            " with points pt 6 ps 1.3 lw 0.6 lc rgb \"#202020\" notitle";
    f.script += plot + "\n";
  }
  // shared colour bar in the sixth cell
  const double x0 = L.left + 2 * (L.panel_w + L.hgap), y0 = L.top + L.panel_h + L.vgap;
  f.script += "# --- colour bar\nunset title; unset xlabel; unset ylabel; unset label; unset tics; unset border\n";
  f.script += place(L, 1, 2) + "set colorbox user origin screen " + num(L.sx(x0 + 40)) + "," +
              num(L.sy(y0 + L.panel_h)) + " size screen " + num(L.sx(28)) + "," + num(L.panel_h / double(L.height())) +
              "\nset cbtics\nset cblabel \"δ_{ij} (eV^{-1})\" offset 1,0\nset format cb \"%g\"\n";
  f.script += "set xrange [0:1]; set yrange [0:1]\nplot NaN notitle, " + data("fig3_delta_maps.csv") +
              " every :::0::0 using (-1):(-1):7 with points lc palette notitle\n";
  f.script += "unset multiplot\n" + script_end();
  return f;
}

// --- Fig. 4, S1, S2 ------------------------------------------------------------------------------

figure_files fig4(const study_data& d) {
  auto f = make("fig4_G_vs_E_IS_and_psi", "Shear modulus G vs E_IS and vs Ψ",
                "Shear modulus G of every sample against (a) its inherent-structure energy E_IS and (b) its "
                "mean soft-mode parameter Ψ. Colour: cooling rate; shape: preparation pressure. Panel titles "
                "give Pearson r with its 95% bootstrap interval and Spearman's rank correlation. Paper Fig. 4.");
  f.csv = sample_csv(d, {"E_IS_eV_per_atom", "psi_mean_ps2", "G_GPa"});
  layout L;
  L.ncol = 2, L.panel_w = 470, L.panel_h = 420, L.top = 80, L.right = 230, L.hgap = 95;
  f.script = script_begin(f.meta.name, f.meta.title, L.width(), L.height()) + "set multiplot\n";
  f.script += place(L, 0, 0) + "unset key\n" +
              scatter_panel(d, f.meta.name + ".csv", "E_IS_eV_per_atom", 4, "E_{IS} (eV/atom)", "G_GPa", 6,
                            "Shear modulus G (GPa)", "(a) G vs inherent-structure energy", false);
  f.script += place(L, 0, 1) + key_in_right_column(L) +
              scatter_panel(d, f.meta.name + ".csv", "psi_mean_ps2", 5, "Ψ (ps^2)", "G_GPa", 6,
                            "Shear modulus G (GPa)", "(b) G vs soft-mode parameter", true);
  f.script += "unset multiplot\n" + script_end();
  return f;
}

figure_files figS2(const study_data& d) {
  auto f = make("figS2_descriptors", "Mean activation energy Ē_A vs each descriptor",
                "Raw data behind Fig. 2b: the mean activation energy Ē_A of every sample against each of the "
                "five descriptors. Colour: cooling rate; shape: preparation pressure. Panel titles give the "
                "correlation with Ē_A (Pearson r with 95% bootstrap interval, Spearman). Paper Fig. S2.");
  std::vector<std::string> cols;
  for (const auto& desc : descriptors()) cols.push_back(desc.column);
  cols.push_back("mean_EA_eV");
  f.csv = sample_csv(d, cols);
  layout L;
  L.nrow = 2, L.ncol = 3, L.panel_w = 380, L.panel_h = 320, L.top = 95, L.right = 30, L.hgap = 95, L.vgap = 120;
  f.script = script_begin(f.meta.name, f.meta.title, L.width(), L.height());
  f.script += "set multiplot title \"Mean activation energy Ē_A against each structural descriptor\" font \",13\"\nunset key\n";
  for (std::size_t k = 0; k < descriptors().size(); ++k) {
    const auto& desc = descriptors()[k];
    f.script += place(L, static_cast<int>(k / 3), static_cast<int>(k % 3));
    f.script += scatter_panel(d, f.meta.name + ".csv", desc.column, 4 + static_cast<int>(k), desc.axis(), "mean_EA_eV",
                              4 + static_cast<int>(descriptors().size()), "Ē_A (eV)",
                              std::string("(") + char('a' + k) + ") " + desc.name, false);
  }
  // legend alone in the sixth cell
  f.script += "# --- legend\n" + place(L, 1, 2) + "unset title; unset xlabel; unset ylabel; unset tics; unset border; unset grid; unset label\n";
  f.script += "set xrange [0:1]; set yrange [0:1]\nset key center center Left reverse samplen 1 spacing 1.4 box lc rgb \"#bbbbbb\"\n";
  f.script += "plot NaN notitle" + legend_entries(d) + "\nunset multiplot\n" + script_end();
  return f;
}

figure_files figS1(const study_data& d) {
  auto f = make("figS1_rdf", "Radial distribution functions of every sample",
                "Total and partial (Cu–Cu, Cu–Zr, Zr–Zr) radial distribution functions g(r) of every sample. "
                "Colour: cooling rate; shade: preparation pressure (light = low). Paper Fig. S1.");
  f.csv = "sample,r_A,g_total,g_CuCu,g_CuZr,g_ZrZr\n";
  std::vector<double> r;
  std::vector<std::vector<double>> g(4);
  for (const auto& s : d.samples) {
    const auto it = d.rdf.find(s.name);
    if (it == d.rdf.end() || it->second.empty()) f.csv += s.name + ",nan,nan,nan,nan,nan\n";
    else
      for (const auto& row : it->second) {
        f.csv += s.name + "," + num(row.r) + "," + num(row.total) + "," + num(row.CuCu) + "," + num(row.CuZr) + "," +
                 num(row.ZrZr) + "\n";
        r.push_back(row.r), g[0].push_back(row.total), g[1].push_back(row.CuCu), g[2].push_back(row.CuZr),
            g[3].push_back(row.ZrZr);
      }
    f.csv += "\n";
  }
  layout L;
  L.nrow = 2, L.ncol = 2, L.panel_w = 480, L.panel_h = 330, L.top = 70, L.right = 200, L.hgap = 90, L.vgap = 110;
  f.script = script_begin(f.meta.name, f.meta.title, L.width(), L.height());
  f.script += "set multiplot title \"Radial distribution functions\" font \",13\"\n";
  span rr = range_of(r, 0);
  rr.lo = std::min(rr.lo, 0.0);
  f.script += axis("x", rr, 6);
  const char* titles[] = {"(a) total g(r)", "(b) Cu–Cu", "(c) Cu–Zr", "(d) Zr–Zr"};
  for (int p = 0; p < 4; ++p) {
    f.script += place(L, p / 2, p % 2) + "set title " + gp_string(titles[p]) + "\n";
    f.script += "set xlabel \"r (Å)\"\nset ylabel \"g(r)\"\n" + axis("y", range_from_zero(g[p], 1.08), 5);
    f.script += (p == 1 ? key_in_right_column(L) : std::string("unset key\n")) + "plot NaN notitle";
    for (std::size_t k = 0; k < d.samples.size(); ++k)
      f.script += ", \\\n  " + data("figS1_rdf.csv") + " every :::" + std::to_string(k) + "::" + std::to_string(k) +
                  " using 2:" + std::to_string(3 + p) + " with lines lw 1.4 lc rgb " +
                  gp_string(sample_colour(d, d.samples[k])) + " notitle";
    f.script += (p == 1 ? sample_legend(d) : std::string()) + "\n";
  }
  f.script += "unset multiplot\n" + script_end();
  return f;
}

// ---------------------------------------------------------------------------------------------
// Running gnuplot
// ---------------------------------------------------------------------------------------------

bool gnuplot_on_path() {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  std::istringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::error_code ec;
    const fs::path exe = fs::path(dir.empty() ? "." : dir) / "gnuplot";
    if (fs::is_regular_file(exe, ec) &&
        (fs::status(exe, ec).permissions() & (fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec)) !=
            fs::perms::none)
      return true;
  }
  return false;
}

bool nonempty(const fs::path& file) {
  std::error_code ec;
  return fs::is_regular_file(file, ec) && fs::file_size(file, ec) > 0;
}

/// Runs `gnuplot NAME.gp` in `dir`; true if NAME.png and NAME.svg were made. Failures are
/// reported on stderr with the end of gnuplot's output.
bool run_gnuplot(const fs::path& dir, const std::string& name) {
  std::error_code ec;
  fs::remove(dir / (name + ".png"), ec);
  fs::remove(dir / (name + ".svg"), ec);
  const std::string log = "." + name + ".log";
  const std::string cmd = "cd " + shell_quoted(dir.string()) + " && gnuplot " + shell_quoted(name + ".gp") +
                          " </dev/null >" + shell_quoted(log) + " 2>&1";
  const int rc = std::system(cmd.c_str());
  const bool ok = rc == 0 && nonempty(dir / (name + ".png")) && nonempty(dir / (name + ".svg"));
  if (!ok) {
    std::ifstream in(dir / log);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    warn("gnuplot failed on " + (dir / (name + ".gp")).string() + " (exit status " + std::to_string(rc) + ")");
    for (std::size_t i = lines.size() > 8 ? lines.size() - 8 : 0; i < lines.size(); ++i)
      std::cerr << "  gnuplot: " << lines[i] << "\n";
  }
  fs::remove(dir / log, ec);
  return ok;
}

}  // namespace

std::vector<figure> draw_figures(const fs::path& run) {
  const study_data d = load(run);
  const fs::path dir = run / "figures";
  fs::create_directories(dir);
  std::vector<figure_files> all;
  all.push_back(fig1b(d));
  all.push_back(single_scatter(
      d, "fig1c_G_vs_f_ico", "Shear modulus G vs icosahedral fraction f_ico",
      "Shear modulus G against the fraction of full icosahedra f_ico. Colour: cooling rate; shape: "
      "preparation pressure. The points do not need to collapse onto one curve: local geometric order "
      "alone need not determine G (paper Fig. 1c).",
      "f_ico", "f_{ico} (fraction of atoms)", "G_GPa", "Shear modulus G (GPa)"));
  all.push_back(single_scatter(
      d, "fig1d_G_vs_mean_EA", "Shear modulus G vs mean activation energy Ē_A",
      "Shear modulus G against the mean activation energy Ē_A of the sample's ART spectrum. Colour: "
      "cooling rate; shape: preparation pressure. The paper reports a collapse of all samples onto one "
      "curve (Fig. 1d).",
      "mean_EA_eV", "Mean activation energy Ē_A (eV)", "G_GPa", "Shear modulus G (GPa)"));
  all.push_back(fig2a_spectra(d));
  all.push_back(fig2a_radar(d));
  all.push_back(fig2b_polar(d));
  all.push_back(fig3_delta_maps(d));
  all.push_back(fig4(d));
  all.push_back(figS1(d));
  all.push_back(figS2(d));

  const bool have_gnuplot = gnuplot_on_path();
  if (!have_gnuplot) warn("gnuplot is not on PATH; writing scripts and data only (no PNG/SVG)");
  // Every CSV is written before gnuplot runs: a script may read another figure's CSV
  // (fig2a_spectra's radar insets read fig2a_radar.csv, which comes later in this list).
  for (auto& f : all) {
    write_file(dir / (f.meta.name + ".csv"), f.csv);
    write_file(dir / (f.meta.name + ".gp"), f.script);
  }
  std::vector<figure> out;
  for (auto& f : all) {
    f.meta.files = {f.meta.name + ".gp", f.meta.name + ".csv"};
    f.meta.drawn = have_gnuplot && run_gnuplot(dir, f.meta.name);
    if (f.meta.drawn) f.meta.files.insert(f.meta.files.end(), {f.meta.name + ".png", f.meta.name + ".svg"});
    out.push_back(f.meta);
  }
  return out;
}

}  // namespace pelkit::study
