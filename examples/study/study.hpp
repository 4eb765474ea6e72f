// The Cu50Zr50 study (examples/study, `pelkit study`, `cuzr_study`): a grid of glasses
// prepared at pressure Pi and cooling rate q, each measured stage by stage, then compared.
// docs/study.md describes the preset format, the run directory and every output.
#pragma once
#include <nlohmann/json.hpp>

#include <pelkit/core/error.hpp>
#include <pelkit/core/progress.hpp>

#include <filesystem>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace pelkit::study {

namespace fs = std::filesystem;

/// One glass of the grid.
struct sample {
  std::string name;             ///< "P10_q1e13"
  double pressure_GPa = 0;      ///< Pi during the quench
  double cooling_rate_K_per_s = 0;
};

/// A study preset, read from JSON (docs/study.md). Every section keeps its JSON object with
/// defaults filled in, so the stages can record exactly the parameters that produced them.
struct preset {
  fs::path file;                    ///< where it was read from
  std::string name;
  std::string description;
  fs::path potential;               ///< EAM file (absolute)
  std::vector<sample> samples;      ///< the Pi × q grid, in preset order
  nlohmann::json resolved;          ///< the whole preset with every default filled in
  const nlohmann::json& section(const std::string& key) const { return resolved.at(key); }
};

/// Reads and checks a preset: a file path, or the name of a preset shipped with pelkit
/// (quick, paper, tiny). Unknown keys, wrong types and impossible values are errors naming the
/// file and the key.
preset load_preset(const std::string& name_or_path);
/// Directory of the shipped presets.
fs::path preset_directory();

/// The processes of a run (one without MPI). Samples are spread over ranks round-robin.
struct process_group {
  int rank = 0, size = 1;
  /// True on every rank when `ok` is true on every rank (a collective call with MPI).
  std::function<bool(bool ok)> all_ok = [](bool ok) { return ok; };
};

struct run_options {
  fs::path out;                      ///< run directory
  int threads = 0;                   ///< samples measured side by side on this process (0: cores)
  progress_mode progress = progress_mode::automatic;
  std::vector<std::string> only;     ///< restrict to these sample names (empty: all)
  std::string stop_after;            ///< stop every sample after this stage (testing, batch limits)
  bool figures = true;               ///< draw figures and the report
};

/// The per-sample stages, in order.
inline const std::vector<std::string>& stage_names() {
  static const std::vector<std::string> names{"prepare", "structure", "psi", "elastic", "art", "spectrum"};
  return names;
}

/// What one stage of one sample did.
struct stage_outcome {
  std::string sample, stage;
  bool skipped = false;  ///< found finished with the same inputs
  double wall_s = 0;
};

/// Progress inside a stage: (stage, items done, items in total) — MD steps of the quench,
/// searches of the ART campaign.
using stage_progress = std::function<void(const std::string& stage, long done, long total)>;

/// Runs (or resumes) every stage of `s` in `dir` (up to `stop_after` if not empty), calling
/// `done` after each stage run or skipped and `progress` as long stages advance.
void run_sample(const preset& p, const sample& s, const fs::path& dir, const std::string& stop_after,
                const std::function<void(const stage_outcome&)>& done, const stage_progress& progress = {});

/// The cross-sample analysis of a finished run: results/*.csv, findings.json (docs/study.md).
/// `provenance` (provenance::json, unless null) is written into findings.json under that key.
/// Returns the findings.
nlohmann::json analyse(const preset& p, const fs::path& run, const nlohmann::json& provenance = nullptr);

/// The whole study: samples of this rank, then (rank 0) the analysis, figures and report.
/// Returns the process exit code.
int run_study(const preset& p, const run_options& o, const process_group& group);

/// Writes, for every sample, DIR/NAME.in (the prepare stage as a LAMMPS input script) and
/// DIR/NAME.start.data (its start with velocities); LAMMPS writes DIR/NAME.data, which the
/// study reads back with `"quench": {"import_dir": "DIR"}`.
void write_lammps_inputs(const preset& p, const fs::path& dir);

/// A missing value in the study's tables (written as "nan").
inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// A structural descriptor: short key (file suffix), samples.csv column, gnuplot (enhanced)
/// symbol and unit, and a plain name.
struct descriptor {
  std::string key, column, symbol, unit, name;
  std::string axis() const { return symbol + " (" + unit + ")"; }
  /// Symbol with a sample index, e.g. "ρ_i", "s_{2,i}" (enhanced text).
  std::string indexed(const std::string& i) const {
    if (key == "s2") return "s_{2," + i + "}";
    if (key == "E_IS") return "E_{IS," + i + "}";
    return symbol + "_" + i;
  }
};

/// The five descriptors in the order of the paper's Fig. 3 (b–f).
inline const std::vector<descriptor>& descriptors() {
  static const std::vector<descriptor> d = {
      {"rho", "rho_per_A3", "ρ", "Å^{-3}", "number density"},
      {"s2", "s2_mean_kB", "s_2", "k_B", "two-body entropy"},
      {"u", "u_mean_A", "|u|", "Å", "Voronoi anisotropy"},
      {"E_IS", "E_IS_eV_per_atom", "E_{IS}", "eV/atom", "inherent-structure energy"},
      {"psi", "psi_mean_ps2", "Ψ", "ps^2", "soft-mode parameter"}};
  return d;
}

/// The descriptor with key `key`.
inline const descriptor& find_descriptor(const std::string& key) {
  for (const auto& d : descriptors())
    if (d.key == key) return d;
  throw error("unknown descriptor " + key);
}

/// Writes `j` to `path` atomically (temporary file + rename).
void write_json(const fs::path& path, const nlohmann::json& j);
/// Reads JSON, with the file name in any error.
nlohmann::json read_json(const fs::path& path);

}  // namespace pelkit::study
