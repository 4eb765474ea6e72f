// pelkit/saddle/event.hpp — the record of one saddle search (an "event") and the event file.
//
// An event file is CSV, one header line then one row per search, in the order searches
// finished. Numbers are written with 17 significant digits so rows read back exactly.
// Columns (units in the names):
//
//   center        0-based index of the atom the search started around
//   trial         0-based trial number for that centre
//   seed          the search's own random seed (depends only on campaign seed, centre, trial)
//   status        "ok" when a saddle and a final minimum were found, else the failure reason
//                 (a token without spaces: see saddle_status_doc in concepts.hpp)
//   E_sad_ini_eV  E(saddle) − E(initial minimum), the activation energy EA
//   E_fin_sad_eV  E(final minimum) − E(saddle)
//   E_fin_ini_eV  E(final minimum) − E(initial minimum)
//   delta_A       Δ = |r_fin − r_ini|, 2-norm over all atoms (minimum image), Å
//   force_sad_eV_per_A    2-norm of the 3N force vector at the saddle (all atoms), eV/Å
//   lambda1_eV_per_A2     lowest Hessian eigenvalue at the saddle, eV/Å²
//   lambda2_eV_per_A2     second-lowest eigenvalue at the saddle (NaN when not computed)
//   validated     1 when the event carries its proof (lambda1 < 0 < lambda2 and relaxing from
//                 saddle ∓ a small step along the mode reaches the initial / final minimum;
//                 for "ok_metabasin" the backward relaxation reaches a minimum that the
//                 straight path from the initial one reaches over a barrier below ART's
//                 metabasin_barrier)
//   validation    "ok", "ok_metabasin" or why the proof failed (token), "skipped" when not
//                 asked for
//   force_calls   force evaluations the search used (all of them, validation included)
//   wall_s        wall-clock time of the search, s
//   most_moved_atom_distance_A  distance (Å, minimum image, in the initial minimum) from the
//                 centre atom to the atom that moves most between the initial minimum and the
//                 saddle: how local the event is
//   participation participation number (Σ|d_i|²)² / Σ|d_i|⁴ of that displacement d (atoms)
//   force_calls_local  of force_calls, the evaluations of a region only (local_calculator);
//                 the others evaluated every atom
//
// The last three columns were added after the first 15; files with the 15-column header are
// still read (those fields NaN / 0) and a campaign resuming one rewrites it with all columns.
// Failed searches have NaN energies where they were not reached.
#pragma once
#include <pelkit/core/error.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

namespace pelkit {

struct saddle_event {
  long center = -1;
  int trial = 0;
  std::uint64_t seed = 0;
  std::string status = "not_run";
  double e_sad_ini = std::numeric_limits<double>::quiet_NaN();  ///< eV
  double e_fin_sad = std::numeric_limits<double>::quiet_NaN();  ///< eV
  double e_fin_ini = std::numeric_limits<double>::quiet_NaN();  ///< eV
  double delta = std::numeric_limits<double>::quiet_NaN();      ///< Å
  double force_saddle = std::numeric_limits<double>::quiet_NaN();  ///< eV/Å
  double lambda1 = std::numeric_limits<double>::quiet_NaN();    ///< eV/Å²
  double lambda2 = std::numeric_limits<double>::quiet_NaN();    ///< eV/Å²
  bool validated = false;
  std::string validation = "skipped";
  long force_calls = 0;
  double wall_s = 0;  ///< s
  double most_moved_atom_distance = std::numeric_limits<double>::quiet_NaN();  ///< Å
  double participation = std::numeric_limits<double>::quiet_NaN();  ///< atoms
  long force_calls_local = 0;  ///< of force_calls, region-only evaluations

  bool ok() const { return status == "ok"; }
  /// Activation energy EA = E_sad − E_ini (eV).
  double activation_energy() const { return e_sad_ini; }
};

inline constexpr const char* event_csv_header =
    "center,trial,seed,status,E_sad_ini_eV,E_fin_sad_eV,E_fin_ini_eV,delta_A,"
    "force_sad_eV_per_A,lambda1_eV_per_A2,lambda2_eV_per_A2,validated,validation,"
    "force_calls,wall_s,most_moved_atom_distance_A,participation,force_calls_local";
/// The header of event files written before the last three columns were added.
inline constexpr const char* event_csv_header_v1 =
    "center,trial,seed,status,E_sad_ini_eV,E_fin_sad_eV,E_fin_ini_eV,delta_A,"
    "force_sad_eV_per_A,lambda1_eV_per_A2,lambda2_eV_per_A2,validated,validation,"
    "force_calls,wall_s";

namespace detail {
inline std::string csv_number(double x) {
  if (std::isnan(x)) return "nan";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}
inline double parse_event_number(const std::string& s, const std::string& where) {
  if (s == "nan" || s == "NaN") return std::numeric_limits<double>::quiet_NaN();
  try {
    std::size_t used = 0;
    const double v = std::stod(s, &used);
    if (used == s.size()) return v;
  } catch (const std::exception&) {
  }
  throw error(where + ": '" + s + "' is not a number");
}
}  // namespace detail

/// One CSV row (no newline) in event_csv_header's column order.
inline std::string to_csv_row(const saddle_event& e) {
  using detail::csv_number;
  std::ostringstream o;
  o << e.center << ',' << e.trial << ',' << e.seed << ',' << e.status << ','
    << csv_number(e.e_sad_ini) << ',' << csv_number(e.e_fin_sad) << ',' << csv_number(e.e_fin_ini)
    << ',' << csv_number(e.delta) << ',' << csv_number(e.force_saddle) << ','
    << csv_number(e.lambda1) << ',' << csv_number(e.lambda2) << ',' << (e.validated ? 1 : 0)
    << ',' << e.validation << ',' << e.force_calls << ',' << csv_number(e.wall_s) << ','
    << csv_number(e.most_moved_atom_distance) << ',' << csv_number(e.participation) << ','
    << e.force_calls_local;
  return o.str();
}

/// Parses one CSV row; `where` ("file:line") prefixes error messages. `columns`: 18 (the
/// current header) or 15 (event_csv_header_v1).
inline saddle_event parse_event_row(const std::string& line, const std::string& where, std::size_t columns = 18) {
  std::vector<std::string> f;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) f.push_back(cell);
  if (!line.empty() && line.back() == ',') f.emplace_back();
  if (f.size() != columns)
    throw error(where + ": expected " + std::to_string(columns) + " comma-separated columns, found " +
                std::to_string(f.size()));
  auto integer = [&](const std::string& s) {
    try {
      std::size_t used = 0;
      const long long v = std::stoll(s, &used);
      if (used == s.size()) return v;
    } catch (const std::exception&) {
    }
    throw error(where + ": '" + s + "' is not an integer");
  };
  auto num = [&](const std::string& s) { return detail::parse_event_number(s, where); };
  auto seed = [&](const std::string& s) {  // all digits, 0 .. 2^64-1 (stoull takes "-1", " 7", "7x")
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size())
      throw error(where + ": seed '" + s + "' is not an unsigned 64-bit integer");
    return v;
  };
  saddle_event e;
  e.center = long(integer(f[0]));
  const long long trial = integer(f[1]);
  if (trial < std::numeric_limits<int>::min() || trial > std::numeric_limits<int>::max())
    throw error(where + ": trial '" + f[1] + "' is out of range");
  e.trial = int(trial);
  e.seed = seed(f[2]);
  e.status = f[3];
  e.e_sad_ini = num(f[4]);
  e.e_fin_sad = num(f[5]);
  e.e_fin_ini = num(f[6]);
  e.delta = num(f[7]);
  e.force_saddle = num(f[8]);
  e.lambda1 = num(f[9]);
  e.lambda2 = num(f[10]);
  e.validated = integer(f[11]) != 0;
  e.validation = f[12];
  e.force_calls = long(integer(f[13]));
  e.wall_s = num(f[14]);
  if (columns > 15) {
    e.most_moved_atom_distance = num(f[15]);
    e.participation = num(f[16]);
    e.force_calls_local = long(integer(f[17]));
  }
  if (e.status.empty()) throw error(where + ": empty status");
  return e;
}

/// Reads an event file. A last line without a newline (a write cut short by a kill) is ignored
/// when `tolerate_partial_last_line`; any other malformed line is an error naming file and line.
inline std::vector<saddle_event> read_events(const std::string& path,
                                             bool tolerate_partial_last_line = true) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw error(path + ": cannot open event file");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<saddle_event> events;
  std::size_t pos = 0, columns = 18;
  long line_no = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    const bool complete = nl != std::string::npos;
    std::string line = text.substr(pos, complete ? nl - pos : std::string::npos);
    pos = complete ? nl + 1 : text.size();
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string where = path + ":" + std::to_string(line_no);
    if (line_no == 1) {
      if (line == event_csv_header_v1) columns = 15;
      else if (line != event_csv_header)
        throw error(where + ": not a pelkit event file (header should be '" +
                    std::string(event_csv_header) + "')");
      continue;
    }
    if (line.empty()) continue;
    if (!complete && tolerate_partial_last_line) break;
    events.push_back(parse_event_row(line, where, columns));
  }
  if (line_no == 0) throw error(path + ": empty event file (no header)");
  return events;
}

}  // namespace pelkit
