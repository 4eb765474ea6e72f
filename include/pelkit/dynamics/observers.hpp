// pelkit/dynamics/observers.hpp — thermodynamic output, trajectories and progress for MD runs.
//
//   auto md = pelkit::velocity_verlet(0.002, pelkit::bussi(300.0, 0.1));
//   auto st = md.init(std::move(glass), calc);
//   pelkit::thermo_log log("run.csv", 100);                 // a CSV row every 100 steps
//   pelkit::trajectory_writer traj("run.lammpstrj", 1000);  // a frame every 1000 steps
//   pelkit::run_with(md, st, calc, 50000, log, traj, pelkit::progress_observer(50000));
//
// An observer has `observe(state)`, called after every step (and once before the first); it
// acts when state.step is a multiple of its interval. Observers are generic over the state: any
// value with .system (velocities Å/ps), .evaluation (energy eV, forces eV/Å, virial eV),
// .time (ps), .step, and kinetic_energy(state), conserved_energy(state) (eV) found by ADL —
// md_state of any thermostat and barostat. The box is read at every call (NPT changes it).
//
// Files are flushed after every row or frame, so a killed run leaves a readable file (at most
// a partial last line or frame, which truncate_after drops). To resume a run from a checkpoint
// at step s: open with file_mode::append and call truncate_after(s), which keeps the rows or
// frames with step ≤ s; a step already written is never written twice.
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/core/progress.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/core/units.hpp>
#include <pelkit/dynamics/velocities.hpp>
#include <pelkit/io/extxyz.hpp>
#include <pelkit/io/lammps_dump.hpp>
#include <pelkit/io/structure.hpp>
#include <pelkit/io/text_reader.hpp>
#include <pelkit/potential/evaluation.hpp>

#include <Eigen/Core>
#include <array>
#include <charconv>
#include <concepts>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pelkit {

/// What observers read from an MD state (see the file comment).
template <class S>
concept observable_state = requires(const S& st) {
  { st.system } -> std::convertible_to<const system&>;
  { st.evaluation } -> std::convertible_to<const evaluation&>;
  { st.time } -> std::convertible_to<double>;
  { st.step } -> std::convertible_to<long>;
  { kinetic_energy(st) } -> std::convertible_to<double>;
  { conserved_energy(st) } -> std::convertible_to<double>;
};

/// Whether an output file starts afresh or continues an existing one (resumed runs).
enum class file_mode { overwrite, append };

// ---- instantaneous thermodynamics -----------------------------------------------------------

/// Kinetic tensor Σ m v⊗v of the system's velocities, in eV (zero without velocities).
inline Eigen::Matrix3d kinetic_tensor_eV(const system& s) {
  Eigen::Matrix3d mvv = Eigen::Matrix3d::Zero();
  if (!s.velocities) return mvv;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const Eigen::Vector3d v = s.velocities->col(Eigen::Index(i));
    mvv.noalias() += s.mass(i) * v * v.transpose();
  }
  return mvv * units::amu_A2_per_ps2_to_eV;
}

/// Instantaneous pressure tensor (Σ m v⊗v + W) / V in GPa, V the volume of s.box (Å³).
inline Eigen::Matrix3d pressure_tensor_GPa(const system& s, const evaluation& e) {
  const double V = s.box.volume();
  return (kinetic_tensor_eV(s) / V + e.pressure_tensor(V)) * units::eV_per_A3_to_GPa;
}

/// One line of thermodynamic output.
struct thermo_state {
  long step = 0;
  double time_ps = 0;            ///< ps
  double temperature_K = 0;      ///< K, 2 K / ((3N − 3) k_B)
  double kinetic_eV = 0;         ///< eV
  double potential_eV = 0;       ///< eV
  double conserved_eV = 0;       ///< eV, conserved_energy(state)
  double volume_A3 = 0;          ///< Å³
  double density_g_per_cm3 = 0;  ///< g/cm³
  double pressure_GPa = 0;       ///< GPa, trace/3 of the tensor
  std::array<double, 6> pressure_tensor_GPa{};  ///< GPa: xx yy zz xy xz yz, kinetic + virial
};

/// The instantaneous thermodynamic state of an MD state.
template <observable_state State>
thermo_state thermo(const State& st) {
  const system& s = st.system;
  thermo_state r;
  r.step = st.step;
  r.time_ps = st.time;
  r.temperature_K = temperature(s);
  r.kinetic_eV = kinetic_energy(st);
  r.potential_eV = st.evaluation.energy;
  r.conserved_eV = conserved_energy(st);
  r.volume_A3 = s.box.volume();
  r.density_g_per_cm3 = s.total_mass() / r.volume_A3 * units::amu_per_A3_to_g_per_cm3;
  const Eigen::Matrix3d P = pressure_tensor_GPa(s, st.evaluation);
  r.pressure_GPa = P.trace() / 3.0;
  r.pressure_tensor_GPa = {P(0, 0), P(1, 1), P(2, 2), P(0, 1), P(0, 2), P(1, 2)};
  return r;
}

// ---- shared file handling -------------------------------------------------------------------

namespace detail::observers {

inline void check_interval(const std::string& path, long interval) {
  if (interval <= 0)
    throw input_error(path, 0, "output interval must be a positive number of steps, got " + std::to_string(interval));
}

/// Opens `path` for writing (truncating) or appending; throws "path: cannot open ... for writing".
inline std::ofstream open(const std::string& path, file_mode mode, const char* what) {
  std::ofstream out(path, std::ios::binary | (mode == file_mode::append ? std::ios::app : std::ios::trunc));
  if (!out) throw input_error(path, 0, std::string("cannot open ") + what + " for writing");
  return out;
}

/// Writes `text` and flushes; throws "path: write failed".
inline void put(std::ofstream& out, const std::string& text, const std::string& path) {
  out << text;
  finish_writing(out, path);
}

inline long parse_step(std::string_view t, const std::string& path, long line, const char* what) {
  long v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc{} || end != t.data() + t.size())
    throw input_error(path, line, std::string("cannot read the step of ") + what + " from '" + std::string(t) + "'");
  return v;
}

/// One record (CSV row or trajectory frame) as text, with its step; `complete` is false for a
/// record cut off by the end of the file (a killed run).
struct record {
  long step = 0;
  std::string text;
  bool complete = false;
};

/// Reads the next record from `in` (line counter `line`); nullopt at the end of the file.
using record_reader = std::function<std::optional<record>(std::istream& in, long& line)>;

/// Rewrites `path` keeping its first `header_lines` lines and the complete records with step ≤
/// `keep_until`; returns the largest step kept (LONG_MIN if none). Missing file: nothing kept.
inline long rewrite_keeping(const std::string& path, long keep_until, int header_lines, const record_reader& next) {
  namespace fs = std::filesystem;
  long last = std::numeric_limits<long>::min();
  if (!fs::exists(path)) return last;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw input_error(path, 0, "cannot open file for reading");
  const std::string tmp = path + ".truncating";
  auto out = detail::observers::open(tmp, file_mode::overwrite, "a temporary file");
  try {
    std::string l;
    long line = 0;
    for (int k = 0; k < header_lines && std::getline(in, l); ++k, ++line) out << l << '\n';
    while (auto r = next(in, line))
      if (r->complete && r->step <= keep_until) {
        out << r->text;
        last = std::max(last, r->step);
      }
    finish_writing(out, tmp);
  } catch (...) {
    out.close();
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw;
  }
  out.close();
  in.close();
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) throw input_error(path, 0, "cannot replace the file after truncating: " + ec.message());
  return last;
}

/// A CSV row: "step,...\n"; a last line without newline is incomplete.
inline std::optional<record> csv_row(std::istream& in, long& line, const std::string& path) {
  record r;
  if (!std::getline(in, r.text)) return std::nullopt;
  ++line;
  r.complete = !in.eof();
  const auto comma = r.text.find(',');
  if (r.complete) r.step = parse_step(std::string_view(r.text).substr(0, comma), path, line, "a row");
  r.text += '\n';
  return r;
}

/// Appends the next line to r.text; false (incomplete record) at the end of the file.
inline bool take_line(std::istream& in, long& line, record& r, std::string& l) {
  if (!std::getline(in, l) || in.eof()) return false;
  ++line;
  r.text += l + '\n';
  return true;
}

/// A LAMMPS dump frame as written by write_lammps_dump: TIMESTEP, NUMBER OF ATOMS, BOX BOUNDS
/// (3 lines), ATOMS (N lines).
inline std::optional<record> dump_frame_text(std::istream& in, long& line, const std::string& path) {
  record r;
  std::string l;
  if (!take_line(in, line, r, l)) return in.eof() && !l.empty() ? std::optional<record>(r) : std::nullopt;
  if (trim(l) != "ITEM: TIMESTEP") throw input_error(path, line, "expected 'ITEM: TIMESTEP', got '" + l + "'");
  if (!take_line(in, line, r, l)) return r;
  r.step = parse_step(trim(l), path, line, "a frame");
  if (!take_line(in, line, r, l) || !take_line(in, line, r, l)) return r;
  const long n = parse_step(trim(l), path, line, "the atom count");
  for (long k = 0; k < 5 + n; ++k)  // BOX BOUNDS + 3, ATOMS header, n atoms
    if (!take_line(in, line, r, l)) return r;
  r.complete = true;
  return r;
}

/// The value of " step=N" in an extended XYZ comment line.
inline long xyz_step(const std::string& comment, const std::string& path, long line) {
  const auto at = (" " + comment).find(" step=");
  if (at == std::string::npos) throw input_error(path, line, "comment line has no step=N: cannot truncate");
  const std::string_view rest = std::string_view(comment).substr(at + 5);
  return parse_step(rest.substr(0, rest.find_first_of(" \t")), path, line, "a frame");
}

/// An extended XYZ frame: atom count, comment (with step=N), N atom lines.
inline std::optional<record> xyz_frame_text(std::istream& in, long& line, const std::string& path) {
  record r;
  std::string l;
  if (!take_line(in, line, r, l)) return in.eof() && !l.empty() ? std::optional<record>(r) : std::nullopt;
  const long n = parse_step(trim(l), path, line, "the atom count");
  if (!take_line(in, line, r, l)) return r;
  r.step = xyz_step(l, path, line);
  for (long k = 0; k < n; ++k)
    if (!take_line(in, line, r, l)) return r;
  r.complete = true;
  return r;
}

}  // namespace detail::observers

// ---- CSV log -----------------------------------------------------------------------------------

/// Writes thermo(state) as CSV rows every `interval` steps; columns (units in the names):
///   step,time_ps,temperature_K,kinetic_eV,potential_eV,conserved_eV,volume_A3,
///   density_g_per_cm3,pressure_GPa,pxx_GPa,pyy_GPa,pzz_GPa,pxy_GPa,pxz_GPa,pyz_GPa
/// Numbers in the shortest form that reads back exactly.
class thermo_log {
public:
  static constexpr const char* header =
      "step,time_ps,temperature_K,kinetic_eV,potential_eV,conserved_eV,volume_A3,density_g_per_cm3,"
      "pressure_GPa,pxx_GPa,pyy_GPa,pzz_GPa,pxy_GPa,pxz_GPa,pyz_GPa";

  /// path: CSV file; interval: steps between rows (> 0); mode: overwrite (new file with a
  /// header) or append (continue an existing log with the same header, or start one; an
  /// incomplete last row is dropped). Throws pelkit::error naming the file.
  thermo_log(std::string path, long interval, file_mode mode = file_mode::overwrite)
      : path_(std::move(path)), interval_(interval) {
    detail::observers::check_interval(path_, interval_);
    if (mode == file_mode::append && has_content()) {
      check_header();
      truncate_after(std::numeric_limits<long>::max());
    } else {
      out_ = detail::observers::open(path_, file_mode::overwrite, "the thermo log");
      detail::observers::put(out_, std::string(header) + "\n", path_);
    }
  }

  const std::string& path() const { return path_; }
  long interval() const { return interval_; }

  /// Writes a row when st.step is a multiple of the interval and not yet in the file.
  template <observable_state State>
  void observe(const State& st) {
    if (st.step % interval_ == 0 && st.step > last_step_) write(thermo(st));
  }

  /// Writes one row unconditionally.
  void write(const thermo_state& t) {
    std::string row;
    append_number(row, t.step);
    for (double v : {t.time_ps, t.temperature_K, t.kinetic_eV, t.potential_eV, t.conserved_eV, t.volume_A3,
                     t.density_g_per_cm3, t.pressure_GPa})
      row += ',', append_number(row, v);
    for (double v : t.pressure_tensor_GPa) row += ',', append_number(row, v);
    detail::observers::put(out_, row + "\n", path_);
    last_step_ = t.step;
  }

  /// Rewrites the file keeping the header and the complete rows with step ≤ `step`; later
  /// rows are appended after them (resuming from a checkpoint at `step`).
  void truncate_after(long step) {
    if (out_.is_open()) out_.close();
    const std::string& p = path_;
    last_step_ = detail::observers::rewrite_keeping(
        path_, step, 1, [&p](std::istream& in, long& line) { return detail::observers::csv_row(in, line, p); });
    out_ = detail::observers::open(path_, file_mode::append, "the thermo log");
  }

private:
  bool has_content() const {
    std::error_code ec;
    return std::filesystem::exists(path_, ec) && std::filesystem::file_size(path_, ec) > 0;
  }
  void check_header() const {
    std::ifstream in(path_, std::ios::binary);
    std::string first;
    if (!in || !std::getline(in, first)) throw input_error(path_, 0, "cannot read the existing thermo log");
    if (first != header)
      throw input_error(path_, 1, "cannot append: the header differs from pelkit's thermo_log columns");
  }

  std::string path_;
  long interval_;
  long last_step_ = std::numeric_limits<long>::min();
  std::ofstream out_;
};

// ---- trajectories --------------------------------------------------------------------------

/// Appends frames every `interval` steps to a LAMMPS text dump (.dump, .lammpstrj; TIMESTEP =
/// step) or an extended XYZ file (.xyz, .extxyz; comment line with step=N time_ps=t). Positions
/// (Å) as in the state (unwrapped), image flags, velocities (Å/ps), and forces (eV/Å) if asked.
class trajectory_writer {
public:
  /// path: file, format by extension (others are an error); interval: steps between frames
  /// (> 0); mode: overwrite or append (call truncate_after when resuming); with_forces: also
  /// write the forces of state.evaluation.
  trajectory_writer(std::string path, long interval, file_mode mode = file_mode::overwrite, bool with_forces = false)
      : path_(std::move(path)), interval_(interval), forces_(with_forces) {
    detail::observers::check_interval(path_, interval_);
    const std::string ext = std::filesystem::path(path_).extension().string();
    if (ext != ".dump" && ext != ".lammpstrj" && ext != ".xyz" && ext != ".extxyz")
      throw input_error(path_, 0, "unknown trajectory format '" + ext +
                                      "' (use .dump or .lammpstrj for LAMMPS, .xyz or .extxyz for extended XYZ)");
    format_ = format_of(path_);
    out_ = detail::observers::open(path_, mode, "the trajectory");
  }

  const std::string& path() const { return path_; }
  long interval() const { return interval_; }

  /// Writes a frame when st.step is a multiple of the interval and not yet written.
  template <observable_state State>
  void observe(const State& st) {
    if (st.step % interval_ == 0 && st.step > last_step_)
      write(st.system, st.step, st.time, forces_ ? &st.evaluation.forces : nullptr);
  }

  /// Writes one frame unconditionally: step, time (ps), forces (eV/Å) or nullptr.
  void write(const system& s, long step, double time_ps, const Eigen::Matrix3Xd* forces = nullptr) {
    std::optional<Eigen::Matrix3Xd> f;
    if (forces) f = *forces;
    if (format_ == structure_format::lammps_dump) {
      write_lammps_dump(out_, s, step, f, path_);
    } else {
      std::string t;
      append_number(t, time_ps);
      write_extxyz(out_, s, f, {{"step", std::to_string(step)}, {"time_ps", t}}, path_);
    }
    finish_writing(out_, path_);
    last_step_ = step;
  }

  /// Rewrites the file keeping the complete frames with step ≤ `step`; later frames are
  /// appended after them. Reads frames in the layout this class writes.
  void truncate_after(long step) {
    namespace d = detail::observers;
    if (out_.is_open()) out_.close();
    const std::string& p = path_;
    if (format_ == structure_format::lammps_dump)
      last_step_ = d::rewrite_keeping(path_, step, 0, [&p](std::istream& in, long& line) { return d::dump_frame_text(in, line, p); });
    else
      last_step_ = d::rewrite_keeping(path_, step, 0, [&p](std::istream& in, long& line) { return d::xyz_frame_text(in, line, p); });
    out_ = d::open(path_, file_mode::append, "the trajectory");
  }

private:
  std::string path_;
  long interval_;
  bool forces_;
  structure_format format_ = structure_format::lammps_dump;
  long last_step_ = std::numeric_limits<long>::min();
  std::ofstream out_;
};

// ---- progress ------------------------------------------------------------------------------

/// Shows steps done of `total_steps` (counted from the first observed step) with steps/s and
/// ns/day (the time step is taken from the state's time and step); finishes the line when
/// all are done.
class progress_observer {
public:
  progress_observer(long total_steps, progress_mode mode = progress_mode::automatic, std::string label = "MD")
      : line_(std::move(label), total_steps, "steps", mode), total_(total_steps) {}

  progress_line& line() { return line_; }

  template <observable_state State>
  void observe(const State& st) {
    if (!start_) start_ = std::pair<long, double>(st.step, st.time);
    const long done = st.step - start_->first;
    if (done > 0) line_.set_ps_per_item((st.time - start_->second) / double(done));
    line_.update(done);
    if (done >= total_) line_.finish();
  }

private:
  progress_line line_;
  long total_;
  std::optional<std::pair<long, double>> start_;  ///< first step and its time (ps)
};

// ---- driving a run ---------------------------------------------------------------------------

/// Calls observe(st) on every observer, in order.
template <observable_state State, class... Observers>
void observe(const State& st, Observers&... observers) {
  (observers.observe(st), ...);
}

/// Observes the state, then `nsteps` (≥ 0) times: md.step(st, calc) and observe every
/// observer. Observers may be temporaries (e.g. a progress_observer).
template <class MD, observable_state State, class Calc, class... Observers>
void run_with(const MD& md, State& st, Calc& calc, long nsteps, Observers&&... observers) {
  if (nsteps < 0) throw error("run_with: number of steps must be >= 0, got " + std::to_string(nsteps));
  observe(st, observers...);
  for (long k = 0; k < nsteps; ++k) {
    md.step(st, calc);
    observe(st, observers...);
  }
}

}  // namespace pelkit
