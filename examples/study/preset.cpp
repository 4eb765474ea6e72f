// Study presets: JSON files whose keys override the seed's defaults (docs/study.md).
#include <pelkit/core/error.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <tuple>

#include "study.hpp"

#ifndef PELKIT_STUDY_PRESETS
#define PELKIT_STUDY_PRESETS "examples/study/presets"
#endif
#ifndef PELKIT_STUDY_PRESETS_FROM_BIN
#define PELKIT_STUDY_PRESETS_FROM_BIN "../share/pelkit/presets"
#endif

namespace pelkit::study {

namespace {

/// Every key a preset may set, with the seed study's values as defaults.
nlohmann::json defaults() {
  return nlohmann::json::parse(R"({
    "name": "", "description": "",
    "potential": "/usr/share/lammps/potentials/CuZr_mm.eam.fs",
    "grid": {"pressures_GPa": [0, 5, 10, 15, 20], "cooling_rates_K_per_s": [1e10, 1e11, 1e12, 1e13]},
    "glass": {"natoms": 4000, "elements": ["Cu", "Zr"], "fractions": [0.5, 0.5],
              "number_density_per_A3": 0.0503, "seed": 1},
    "quench": {"melt_T_K": 2500, "melt_ps": 20, "T0_K": 1500, "equilibrate_ps": 20, "T1_K": 1,
               "release_ps": 10, "release_pressure_GPa": 0, "relax_ps": 10000, "dt_ps": 0.002,
               "tau_T_ps": 0.1, "tau_P_ps": 1.0, "couple": "iso", "velocity_seed": 12345,
               "fmax_eV_per_A": 1e-6, "checkpoint_every": 10000, "import_dir": ""},
    "structure": {"rdf_rmax_A": 10.0, "rdf_bin_A": 0.05, "s2_sigma_A": 0.2, "s2_rmax_A": 7.6,
                  "u_definition": "vertex"},
    "psi": {"enabled": true},
    "elastic": {"enabled": true, "method": "response", "strain": 1e-5},
    "art": {"enabled": true, "trials": 10, "centers_per_sample": 0, "seed": 1,
            "perturbation_A": 0.5, "neighbor_radius_A": 3.6, "region_radius_A": 0.0,
            "region_growth_A": 1000.0, "eigenvalue_threshold_eV_per_A2": -0.01,
            "saddle_force_eV_per_A": 0.05, "refine_force_eV_per_A": 0.01,
            "max_force_calls": 5000, "validate": true, "mode": "local"},
    "spectrum": {"validated_only": true, "bin_width_eV": 0.05, "bandwidth_eV": 0.0,
                 "temperatures_K": [300]},
    "analysis": {"bootstrap_resamples": 2000, "confidence": 0.95, "tps_grid": 40,
                 "tps_rule": "gcv", "tps_smoothing": 0.0, "seed": 1}
  })");
}

std::string type_name(const nlohmann::json& j) {
  if (j.is_number()) return "a number";
  if (j.is_boolean()) return "true or false";
  if (j.is_string()) return "a string";
  if (j.is_array()) return "a list";
  if (j.is_object()) return "an object";
  return "null";
}

bool same_kind(const nlohmann::json& a, const nlohmann::json& b) {
  return (a.is_number() && b.is_number()) || (a.is_boolean() && b.is_boolean()) ||
         (a.is_string() && b.is_string()) || (a.is_array() && b.is_array()) || (a.is_object() && b.is_object());
}

/// `user` laid over `base`: every key must exist in `base` with a value of the same kind.
void overlay(nlohmann::json& base, const nlohmann::json& user, const std::string& where, const std::string& file) {
  for (auto it = user.begin(); it != user.end(); ++it) {
    const std::string key = where.empty() ? it.key() : where + "." + it.key();
    if (!base.contains(it.key())) {
      std::string known;
      for (auto k = base.begin(); k != base.end(); ++k) known += (known.empty() ? "" : ", ") + k.key();
      throw error(file + ": unknown key '" + key + "' (known here: " + known + ")");
    }
    auto& slot = base[it.key()];
    if (!same_kind(slot, *it))
      throw error(file + ": '" + key + "' must be " + type_name(slot) + ", got " + type_name(*it));
    if (slot.is_object())
      overlay(slot, *it, key, file);
    else
      slot = *it;
  }
}

/// "0", "2.5", "1e13" (shortest text that names the value).
std::string short_number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  std::string s = buf;
  if (auto e = s.find("e+"); e != std::string::npos) {
    std::string exp = s.substr(e + 2);
    while (exp.size() > 1 && exp[0] == '0') exp.erase(0, 1);
    s = s.substr(0, e) + "e" + exp;
  }
  return s;
}

std::vector<double> numbers(const nlohmann::json& list, const std::string& key, const std::string& file) {
  std::vector<double> v;
  for (const auto& x : list) {
    if (!x.is_number()) throw error(file + ": '" + key + "' must be a list of numbers");
    v.push_back(x.get<double>());
  }
  if (v.empty()) throw error(file + ": '" + key + "' is empty");
  return v;
}

void check_positive(const nlohmann::json& j, const std::string& section, const std::string& key, const std::string& file) {
  const double v = j.at(section).at(key).get<double>();
  if (!(v > 0) || !std::isfinite(v)) throw error(file + ": '" + section + "." + key + "' must be > 0");
}

void check(const nlohmann::json& j, const std::string& file) {
  for (const auto& [section, key] : std::vector<std::pair<std::string, std::string>>{
           {"glass", "natoms"}, {"glass", "number_density_per_A3"}, {"quench", "T0_K"}, {"quench", "T1_K"},
           {"quench", "dt_ps"}, {"quench", "tau_T_ps"}, {"quench", "tau_P_ps"}, {"quench", "fmax_eV_per_A"},
           {"quench", "checkpoint_every"}, {"structure", "rdf_rmax_A"}, {"structure", "rdf_bin_A"},
           {"structure", "s2_sigma_A"}, {"structure", "s2_rmax_A"}, {"elastic", "strain"}, {"art", "trials"},
           {"art", "perturbation_A"}, {"art", "saddle_force_eV_per_A"}, {"art", "refine_force_eV_per_A"},
           {"art", "max_force_calls"}, {"spectrum", "bin_width_eV"}, {"analysis", "bootstrap_resamples"},
           {"analysis", "confidence"}, {"analysis", "tps_grid"}})
    check_positive(j, section, key, file);
  for (const auto& [section, key, lo, hi] : std::vector<std::tuple<std::string, std::string, double, double>>{
           {"glass", "natoms", 16, 1e7}, {"glass", "seed", 0, 9e15}, {"quench", "velocity_seed", 0, 9e15},
           {"quench", "checkpoint_every", 1, 1e12}, {"art", "trials", 1, 1e4}, {"art", "centers_per_sample", 0, 1e7},
           {"art", "seed", 0, 9e15}, {"art", "max_force_calls", 10, 1e9}, {"analysis", "bootstrap_resamples", 1, 1e7},
           {"analysis", "tps_grid", 2, 2000}, {"analysis", "seed", 0, 9e15}}) {
    const double v = j[section][key].get<double>();
    if (!(v >= lo && v <= hi) || v != std::floor(v))
      throw error(file + ": '" + section + "." + key + "' must be a whole number in [" + short_number(lo) + ", " +
                  short_number(hi) + "], got " + j[section][key].dump());
  }
  for (const auto& [section, key] : std::vector<std::pair<std::string, std::string>>{
           {"quench", "melt_T_K"}, {"quench", "melt_ps"}, {"quench", "equilibrate_ps"}, {"quench", "release_ps"},
           {"quench", "relax_ps"}, {"art", "neighbor_radius_A"}, {"art", "region_radius_A"}, {"art", "region_growth_A"},
           {"spectrum", "bandwidth_eV"}, {"analysis", "tps_smoothing"}}) {
    const double v = j[section][key].get<double>();
    if (!(v >= 0) || !std::isfinite(v)) throw error(file + ": '" + section + "." + key + "' must be >= 0 and finite");
  }
  for (const auto& key : {"release_pressure_GPa"})
    if (!std::isfinite(j["quench"][key].get<double>())) throw error(file + ": 'quench." + key + "' must be finite");
  if (!(j["art"]["eigenvalue_threshold_eV_per_A2"].get<double>() < 0))
    throw error(file + ": 'art.eigenvalue_threshold_eV_per_A2' must be < 0");
  if (j["quench"]["T1_K"].get<double>() >= j["quench"]["T0_K"].get<double>())
    throw error(file + ": 'quench.T1_K' must be below 'quench.T0_K' (a quench cools)");
  const auto& elements = j["glass"]["elements"];
  const auto& fractions = j["glass"]["fractions"];
  double sum = 0;
  for (std::size_t k = 0; k < fractions.size(); ++k) {
    if (!fractions[k].is_number() || !(fractions[k].get<double>() >= 0))
      throw error(file + ": 'glass.fractions' must be numbers >= 0");
    sum += fractions[k].get<double>();
  }
  for (const auto& e : elements)
    if (!e.is_string() || e.get<std::string>().empty()) throw error(file + ": 'glass.elements' must be element names");
  if (elements.empty() || std::abs(sum - 1) > 1e-6) throw error(file + ": 'glass.fractions' must sum to 1");
  for (const auto& t : j["spectrum"]["temperatures_K"])
    if (!t.is_number() || !(t.get<double>() > 0) || !std::isfinite(t.get<double>()))
      throw error(file + ": 'spectrum.temperatures_K' must be temperatures > 0 K");
  const std::string couple = j["quench"]["couple"];
  if (couple != "iso" && couple != "aniso" && couple != "tri")
    throw error(file + ": 'quench.couple' must be \"iso\", \"aniso\" or \"tri\", got \"" + couple + "\"");
  if (j["analysis"]["confidence"].get<double>() >= 1) throw error(file + ": 'analysis.confidence' must be < 1");
  const std::string rule = j["analysis"]["tps_rule"];
  if (rule != "gcv" && rule != "fixed")
    throw error(file + ": 'analysis.tps_rule' must be \"gcv\" or \"fixed\", got \"" + rule + "\"");
  const std::string u = j["structure"]["u_definition"];
  if (u != "vertex" && u != "centroid")
    throw error(file + ": 'structure.u_definition' must be \"vertex\" or \"centroid\", got \"" + u + "\"");
  const std::string mode = j["art"]["mode"];
  if (mode != "reference" && mode != "local" && mode != "seed")
    throw error(file + ": 'art.mode' must be \"reference\", \"local\" or \"seed\", got \"" + mode + "\"");
  const std::string m = j["elastic"]["method"];
  if (m != "response" && m != "strain")
    throw error(file + ": 'elastic.method' must be \"response\" or \"strain\", got \"" + m + "\"");
  if (elements.size() != fractions.size())
    throw error(file + ": 'glass.elements' and 'glass.fractions' differ in length");
}

/// nlohmann's parse errors give a byte offset; say line and column.
std::string where_in(const std::string& text, std::size_t byte) {
  std::size_t line = 1, col = 1;
  for (std::size_t k = 0; k < std::min(byte, text.size()); ++k) {
    if (text[k] == '\n') ++line, col = 1;
    else ++col;
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

}  // namespace

fs::path preset_directory() {
  if (const char* dir = std::getenv("PELKIT_STUDY_PRESETS")) return dir;
  // An installed program finds the presets next to it (<prefix>/bin/../share/pelkit/presets),
  // wherever the prefix was moved; a program in the build tree uses the source folder's.
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path() / PELKIT_STUDY_PRESETS_FROM_BIN;
    if (fs::is_directory(installed, ec)) return installed.lexically_normal();
  }
  return PELKIT_STUDY_PRESETS;
}

preset load_preset(const std::string& name_or_path) {
  fs::path file = name_or_path;
  if (!fs::exists(file) && file.extension().empty() && file.parent_path().empty())
    file = preset_directory() / (name_or_path + ".json");
  std::ifstream in(file);
  if (!in) throw error(name_or_path + ": no such preset file (shipped presets: quick, paper, tiny in " +
                       preset_directory().string() + ")");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  nlohmann::json user;
  try {
    user = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw error(file.string() + ": " + where_in(text, e.byte) + ": not valid JSON (" + e.what() + ")");
  } catch (const nlohmann::json::exception& e) {  // e.g. a number too large for a double
    throw error(file.string() + ": not valid JSON (" + e.what() + ")");
  }
  if (!user.is_object()) throw error(file.string() + ": a preset is a JSON object");
  preset p;
  p.file = fs::absolute(file);
  p.resolved = defaults();
  overlay(p.resolved, user, "", file.string());
  check(p.resolved, file.string());
  p.name = p.resolved["name"].get<std::string>();
  if (p.name.empty()) p.name = file.stem().string();
  p.description = p.resolved["description"];
  p.potential = p.resolved["potential"].get<std::string>();
  if (p.potential.is_relative()) p.potential = p.file.parent_path() / p.potential;
  if (!fs::is_regular_file(p.potential))
    throw error(file.string() + ": potential file " + p.potential.string() + " not found");
  p.resolved["potential"] = p.potential.string();
  for (double P : numbers(p.resolved["grid"]["pressures_GPa"], "grid.pressures_GPa", file.string()))
    for (double q : numbers(p.resolved["grid"]["cooling_rates_K_per_s"], "grid.cooling_rates_K_per_s", file.string())) {
      if (!(q > 0) || !std::isfinite(q) || !std::isfinite(P))
        throw error(file.string() + ": cooling rates must be > 0 K/s and pressures finite");
      std::string name = "P";  // appended piecewise: "P" + std::string&& trips GCC 12's -Wrestrict
      name += short_number(P);
      name += "_q";
      name += short_number(q);
      for (const auto& other : p.samples)
        if (other.name == name) throw error(file.string() + ": the grid names sample " + name + " twice");
      p.samples.push_back({name, P, q});
    }
  return p;
}

}  // namespace pelkit::study
