// The cross-sample analysis: the sample table, spectra on a common grid, δ_ij for every pair,
// δ_ij maps in each descriptor plane (thin-plate splines), correlations with bootstrap
// intervals, and the seed's findings checked on our numbers. Files: docs/study.md.
#include <pelkit/spectrum/metrics.hpp>
#include <pelkit/spectrum/spectrum.hpp>
#include <pelkit/study/statistics.hpp>
#include <pelkit/study/thin_plate_spline.hpp>

#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>

#include "study.hpp"

namespace pelkit::study {

namespace {


/// One row of the sample table.
struct row {
  sample s;
  std::map<std::string, double> value;  ///< column → value (NaN when not measured)
  activation_spectrum spectrum;
  nlohmann::json rdf;
};

const std::vector<std::string>& table_columns() {
  static const std::vector<std::string> c{"natoms", "rho_per_A3", "rho_g_per_cm3", "E_IS_eV_per_atom", "f_ico",
                                          "psi_mean_ps2", "u_mean_A", "s2_mean_kB", "G_GPa", "mean_EA_eV",
                                          "events_searched", "events_kept"};
  return c;
}

double field(const nlohmann::json& result, const char* key) {
  if (!result.contains(key) || !result[key].is_number()) return nan;
  return result[key].get<double>();
}

nlohmann::json stage_result(const fs::path& dir, const std::string& stage) {
  const fs::path f = dir / (stage + ".json");
  if (!fs::exists(f)) throw error(f.string() + ": missing (the sample's " + stage + " stage has not finished)");
  return read_json(f).at("result");
}

row load_row(const sample& s, const fs::path& dir) {
  row r{s, {}, {}, {}};
  const auto prep = stage_result(dir, "prepare"), st = stage_result(dir, "structure");
  const auto psi = stage_result(dir, "psi"), el = stage_result(dir, "elastic");
  const auto art = stage_result(dir, "art"), sp = stage_result(dir, "spectrum");
  r.value = {{"natoms", field(prep, "natoms")},          {"rho_per_A3", field(st, "rho_per_A3")},
             {"rho_g_per_cm3", field(st, "rho_g_per_cm3")}, {"E_IS_eV_per_atom", field(prep, "E_IS_eV_per_atom")},
             {"f_ico", field(st, "f_ico")},              {"psi_mean_ps2", field(psi, "psi_mean_ps2")},
             {"u_mean_A", field(st, "u_mean_A")},        {"s2_mean_kB", field(st, "s2_mean_kB")},
             {"G_GPa", field(el, "G_GPa")},              {"mean_EA_eV", field(sp, "mean_EA_eV")},
             {"events_searched", field(art, "searches")}, {"events_kept", field(sp, "events_kept")}};
  if (sp.contains("EA_eV")) r.spectrum = activation_spectrum(sp["EA_eV"].get<std::vector<double>>());
  // standard errors for the findings (not samples.csv columns): Ē_A over the kept events,
  // f_ico binomial over the atoms; both treat events / atoms as independent
  const double n_ea = double(r.spectrum.size());
  r.value["mean_EA_se_eV"] = n_ea >= 2 ? r.spectrum.standard_deviation() / std::sqrt(n_ea) : nan;  // eV
  const double f = r.value["f_ico"], atoms = r.value["natoms"];
  r.value["f_ico_se"] = atoms > 0 && std::isfinite(f) ? std::sqrt(f * (1 - f) / atoms) : nan;
  r.rdf = st.at("rdf");
  return r;
}

/// `v` with `digits` significant digits; "nan" when not finite.
std::string text(double v, int digits = 10) {
  if (!std::isfinite(v)) return "nan";
  std::ostringstream o;
  o << std::setprecision(digits) << v;
  return o.str();
}

std::string brief(double v) { return text(v, 3); }

std::ofstream open_csv(const fs::path& path, const std::string& header) {
  std::ofstream out(path);
  if (!out) throw error(path.string() + ": cannot open for writing");
  out << header << "\n";
  return out;
}

void write_samples(const std::vector<row>& rows, const fs::path& dir) {
  std::string header = "sample,pressure_GPa,cooling_rate_K_per_s";
  for (const auto& c : table_columns()) header += "," + c;
  auto out = open_csv(dir / "samples.csv", header);
  for (const auto& r : rows) {
    out << r.s.name << "," << text(r.s.pressure_GPa) << "," << text(r.s.cooling_rate_K_per_s);
    for (const auto& c : table_columns()) out << "," << text(r.value.at(c));
    out << "\n";
  }
}

/// KDE and histogram density of every sample on one EA grid (eV).
void write_spectra(const std::vector<row>& rows, double bin_width, const fs::path& dir) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& r : rows)
    if (!r.spectrum.empty()) {
      lo = std::min(lo, r.spectrum.min() - 3 * r.spectrum.bandwidth());
      hi = std::max(hi, r.spectrum.max() + 3 * r.spectrum.bandwidth());
    }
  auto out = open_csv(dir / "spectra.csv", "sample,EA_eV,P_per_eV,histogram_per_eV");
  if (!(hi > lo)) return;
  lo = std::max(lo, 0.0);
  const auto grid = uniform_grid(lo, hi, 241);
  for (const auto& r : rows) {
    if (r.spectrum.empty()) continue;
    const auto& v = r.spectrum.values();
    for (double e : grid) {
      const double a = std::floor(e / bin_width) * bin_width;
      const auto first = std::lower_bound(v.begin(), v.end(), a), last = std::lower_bound(v.begin(), v.end(), a + bin_width);
      const double h = double(last - first) / (double(v.size()) * bin_width);
      out << r.s.name << "," << text(e) << "," << text(r.spectrum.density(e)) << "," << text(h) << "\n";
    }
  }
}

void write_rdf(const std::vector<row>& rows, const fs::path& dir) {
  auto out = open_csv(dir / "rdf.csv", "sample,r_A,g_total,g_CuCu,g_CuZr,g_ZrZr");
  for (const auto& r : rows) {
    const auto& rr = r.rdf["r_A"];
    const auto& p = r.rdf["partial"];
    auto partial = [&](const char* key, std::size_t k) {
      return p.contains(key) ? p[key][k].get<double>() : nan;
    };
    for (std::size_t k = 0; k < rr.size(); ++k)
      out << r.s.name << "," << text(rr[k].get<double>()) << "," << text(r.rdf["total"][k].get<double>()) << ","
          << text(partial("Cu-Cu", k)) << "," << text(partial("Cu-Zr", k)) << "," << text(partial("Zr-Zr", k)) << "\n";
  }
}

/// δ_ij (eV⁻¹) for every ordered pair with spectra; NaN where a spectrum is empty.
std::vector<std::vector<double>> write_delta(const std::vector<row>& rows, const fs::path& dir) {
  const std::size_t n = rows.size();
  std::vector<std::vector<double>> d(n, std::vector<double>(n, nan));
  const delta_metric metric;
  auto out = open_csv(dir / "delta.csv", "sample_i,sample_j,delta_per_eV");
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      if (!rows[i].spectrum.empty() && !rows[j].spectrum.empty())
        d[i][j] = j < i ? d[j][i] : metric.distance(rows[i].spectrum, rows[j].spectrum);
      out << rows[i].s.name << "," << rows[j].s.name << "," << text(d[i][j]) << "\n";
    }
  return d;
}

/// δ_ij in each descriptor plane: the data points and a thin-plate-spline grid, smoothed with
/// λ chosen by generalised cross-validation (`tps_rule` "gcv") or the preset's `tps_smoothing`
/// ("fixed"). Returns, per descriptor, how the surface was fitted.
nlohmann::json write_delta_maps(const std::vector<row>& rows, const std::vector<std::vector<double>>& delta,
                                const nlohmann::json& analysis, const fs::path& dir) {
  const int grid_points = int(analysis["tps_grid"].get<double>());
  const bool gcv = analysis["tps_rule"].get<std::string>() == "gcv";
  nlohmann::json fits = nlohmann::json::object();
  for (const auto& d : descriptors()) {
    const std::string &name = d.key, &column = d.column;
    auto points = open_csv(dir / ("delta_points_" + name + ".csv"), "sample_i,sample_j,x,y,delta_per_eV");
    auto map = open_csv(dir / ("delta_map_" + name + ".csv"), "x,y,delta_per_eV");
    std::vector<double> x, y, z;
    for (std::size_t i = 0; i < rows.size(); ++i)
      for (std::size_t j = 0; j < rows.size(); ++j) {
        const double xi = rows[i].value.at(column), xj = rows[j].value.at(column);
        if (!std::isfinite(xi) || !std::isfinite(xj) || !std::isfinite(delta[i][j])) continue;
        points << rows[i].s.name << "," << rows[j].s.name << "," << text(xi) << "," << text(xj) << ","
               << text(delta[i][j]) << "\n";
        x.push_back(xi), y.push_back(xj), z.push_back(delta[i][j]);
      }
    nlohmann::json fit = {{"rule", gcv ? "gcv" : "fixed"}, {"points", x.size()}};
    try {
      double lambda = analysis["tps_smoothing"].get<double>();
      if (gcv) {
        const gcv_choice c = thin_plate_spline::gcv(x, y, z);
        lambda = c.lambda;
        fit["gcv_score_per_eV2"] = c.score;
        fit["effective_parameters"] = c.dof;
        fit["at_smallest_lambda"] = c.smallest;
        fit["at_largest_lambda"] = c.largest;
      }
      const thin_plate_spline tps(x, y, z, lambda);
      fit["lambda"] = lambda;
      fit["nodes"] = tps.nodes();
      const double lo = *std::min_element(x.begin(), x.end()), hi = *std::max_element(x.begin(), x.end());
      double top = 0;
      for (int b = 0; b < grid_points; ++b)
        for (int a = 0; a < grid_points; ++a) {
          const double u = lo + (hi - lo) * a / (grid_points - 1), v = lo + (hi - lo) * b / (grid_points - 1);
          const double f = std::max(0.0, tps(u, v));  // δ ≥ 0
          top = std::max(top, f);
          map << text(u) << "," << text(v) << "," << text(f) << "\n";
        }
      fit["surface_max_per_eV"] = top;
      fit["data_max_per_eV"] = *std::max_element(z.begin(), z.end());
    } catch (const error& e) {
      std::cerr << "study: no delta map in the " << name << " plane: " << e.what() << "\n";
      fit["error"] = e.what();
    }
    fits[name] = fit;
  }
  return fits;
}

nlohmann::json interval_json(const correlation_interval& c) {
  return {{"estimate", c.estimate}, {"lo", c.lo}, {"hi", c.hi}};
}

/// Pearson and Spearman of G and Ē_A with every descriptor; returns them as JSON too.
nlohmann::json write_correlations(const std::vector<row>& rows, const nlohmann::json& analysis, const fs::path& dir) {
  auto out = open_csv(dir / "correlations.csv",
                      "target,descriptor,n,pearson,pearson_lo,pearson_hi,spearman,spearman_lo,spearman_hi");
  const std::vector<std::string> columns{"rho_per_A3", "E_IS_eV_per_atom", "f_ico", "psi_mean_ps2",
                                         "u_mean_A",   "s2_mean_kB",       "G_GPa", "mean_EA_eV"};
  nlohmann::json all = nlohmann::json::object();
  for (const std::string target : {"G_GPa", "mean_EA_eV"})
    for (const auto& column : columns) {
      if (column == target) continue;
      std::vector<double> x, y;
      for (const auto& r : rows)
        if (std::isfinite(r.value.at(column)) && std::isfinite(r.value.at(target)))
          x.push_back(r.value.at(column)), y.push_back(r.value.at(target));
      correlation c{int(x.size()), {nan, nan, nan, 0, 0}, {nan, nan, nan, 0, 0}};
      try {
        c = correlate(x, y, int(analysis["bootstrap_resamples"].get<double>()), analysis["confidence"].get<double>(),
                      analysis["seed"].get<std::uint64_t>());
      } catch (const error&) {  // fewer than 3 samples or no spread: left NaN
      }
      out << target << "," << column << "," << x.size() << "," << text(c.pearson.estimate) << ","
          << text(c.pearson.lo) << "," << text(c.pearson.hi) << "," << text(c.spearman.estimate) << ","
          << text(c.spearman.lo) << "," << text(c.spearman.hi) << "\n";
      all[target][column] = {{"n", x.size()}, {"pearson", interval_json(c.pearson)},
                             {"spearman", interval_json(c.spearman)}};
    }
  return all;
}

double pearson_of(const nlohmann::json& corr, const std::string& target, const std::string& column) {
  const auto& v = corr[target][column]["pearson"]["estimate"];
  return v.is_number() ? v.get<double>() : nan;
}

nlohmann::json verdict(std::string claim, std::optional<bool> holds, std::string evidence) {
  return {{"claim", std::move(claim)}, {"holds", holds ? nlohmann::json(*holds) : nlohmann::json(nullptr)},
          {"evidence", std::move(evidence)}};
}

/// "v ± se" with 3 significant digits.
std::string with_se(double v, double se) { return brief(v) + " ± " + brief(se); }

/// "r [lo, hi]" of a correlation's bootstrap interval.
std::string with_interval(const nlohmann::json& c) {
  auto get = [&](const char* k) { return c.contains(k) && c[k].is_number() ? c[k].get<double>() : nan; };
  return brief(get("estimate")) + " [" + brief(get("lo")) + ", " + brief(get("hi")) + "]";
}

/// A number of a finding with its standard error (JSON: value, se, unit, sample).
nlohmann::json measured(const std::string& quantity, const std::string& sample, double value, double se,
                        const std::string& unit) {
  return {{"quantity", quantity}, {"sample", sample}, {"value", value}, {"se", se}, {"unit", unit}};
}

/// A correlation of a finding with its bootstrap interval (JSON: estimate, lo, hi, confidence).
nlohmann::json correlated(const nlohmann::json& corr, const std::string& target, const std::string& column,
                          double confidence) {
  const auto& c = corr[target][column];
  return {{"quantity", "pearson"}, {"target", target}, {"descriptor", column}, {"n", c["n"]},
          {"estimate", c["pearson"]["estimate"]}, {"lo", c["pearson"]["lo"]}, {"hi", c["pearson"]["hi"]},
          {"confidence", confidence}};
}

/// The seed study's four findings, judged on this run's numbers. Each carries `numbers`: the
/// values behind it with a standard error (per-sample means) or a bootstrap interval
/// (correlations), also shown in `evidence`.
nlohmann::json findings(const std::vector<row>& rows, const nlohmann::json& corr, double confidence) {
  nlohmann::json list = nlohmann::json::array();
  const std::string level = brief(100 * confidence) + "%";
  // f_ico rises with Pi, at every cooling rate.
  {
    std::map<double, std::pair<const row*, const row*>> ends;  // rate → (lowest Pi, highest Pi)
    for (const auto& r : rows) {
      auto& [lo, hi] = ends[r.s.cooling_rate_K_per_s];
      if (!lo || r.s.pressure_GPa < lo->s.pressure_GPa) lo = &r;
      if (!hi || r.s.pressure_GPa > hi->s.pressure_GPa) hi = &r;
    }
    std::optional<bool> holds;
    std::string evidence;
    nlohmann::json numbers = nlohmann::json::array();
    for (const auto& [rate, e] : ends) {
      if (e.first == e.second || !std::isfinite(e.first->value.at("f_ico"))) continue;
      const double a = e.first->value.at("f_ico"), b = e.second->value.at("f_ico");
      const double sa = e.first->value.at("f_ico_se"), sb = e.second->value.at("f_ico_se");
      holds = holds.value_or(true) && b > a;
      evidence += (evidence.empty() ? "" : "; ") + brief(rate) + " K/s: f_ico " + with_se(a, sa) + " at " +
                  brief(e.first->s.pressure_GPa) + " GPa -> " + with_se(b, sb) + " at " +
                  brief(e.second->s.pressure_GPa) + " GPa (x" + brief(a > 0 ? b / a : nan) + ")";
      numbers.push_back(measured("f_ico", e.first->s.name, a, sa, "fraction of atoms"));
      numbers.push_back(measured("f_ico", e.second->s.name, b, sb, "fraction of atoms"));
    }
    if (!evidence.empty()) evidence += " (± binomial s.e. over the atoms)";
    auto v = verdict("f_ico rises with the quench pressure Pi", holds, evidence);
    v["numbers"] = numbers;
    list.push_back(v);
  }
  // G collapses against mean EA, not against f_ico.
  {
    const double ea = pearson_of(corr, "G_GPa", "mean_EA_eV"), fi = pearson_of(corr, "G_GPa", "f_ico");
    std::optional<bool> holds;
    if (std::isfinite(ea) && std::isfinite(fi)) holds = std::abs(ea) > std::abs(fi);
    auto v = verdict("G correlates with the mean activation energy better than with f_ico", holds,
                     "Pearson r(G, mean EA) = " + with_interval(corr["G_GPa"]["mean_EA_eV"]["pearson"]) +
                         ", r(G, f_ico) = " + with_interval(corr["G_GPa"]["f_ico"]["pearson"]) + " (" + level +
                         " bootstrap intervals)");
    v["numbers"] = {correlated(corr, "G_GPa", "mean_EA_eV", confidence), correlated(corr, "G_GPa", "f_ico", confidence)};
    list.push_back(v);
  }
  // E_IS and Psi correlate best with mean EA among the five descriptors.
  {
    std::vector<std::pair<double, std::string>> r;
    nlohmann::json numbers = nlohmann::json::array();
    for (const auto& d : descriptors()) {
      const double v = pearson_of(corr, "mean_EA_eV", d.column);
      if (std::isfinite(v)) r.push_back({std::abs(v), d.key});
      numbers.push_back(correlated(corr, "mean_EA_eV", d.column, confidence));
    }
    std::sort(r.rbegin(), r.rend());
    std::optional<bool> holds;
    std::string evidence;
    for (const auto& [v, name] : r) {
      const std::string& column = find_descriptor(name).column;
      evidence += (evidence.empty() ? "|r| with mean EA: " : ", ") + name + " " + brief(v) + " (r " +
                  with_interval(corr["mean_EA_eV"][column]["pearson"]) + ")";
    }
    if (!evidence.empty()) evidence += "; " + level + " bootstrap intervals";
    if (r.size() == 5) holds = (r[0].second == "E_IS" || r[0].second == "psi") && (r[1].second == "E_IS" || r[1].second == "psi");
    auto v = verdict("E_IS and Psi correlate best with the mean activation energy", holds, evidence);
    v["numbers"] = numbers;
    list.push_back(v);
  }
  // Faster cooling shifts P(EA) to lower EA, at every pressure.
  {
    std::map<double, std::pair<const row*, const row*>> ends;  // Pi → (slowest, fastest)
    for (const auto& r : rows) {
      auto& [slow, fast] = ends[r.s.pressure_GPa];
      if (!slow || r.s.cooling_rate_K_per_s < slow->s.cooling_rate_K_per_s) slow = &r;
      if (!fast || r.s.cooling_rate_K_per_s > fast->s.cooling_rate_K_per_s) fast = &r;
    }
    std::optional<bool> holds;
    std::string evidence;
    nlohmann::json numbers = nlohmann::json::array();
    for (const auto& [P, e] : ends) {
      const double a = e.first->value.at("mean_EA_eV"), b = e.second->value.at("mean_EA_eV");
      if (e.first == e.second || !std::isfinite(a) || !std::isfinite(b)) continue;
      const double sa = e.first->value.at("mean_EA_se_eV"), sb = e.second->value.at("mean_EA_se_eV");
      holds = holds.value_or(true) && b < a;
      evidence += (evidence.empty() ? "" : "; ") + brief(P) + " GPa: mean EA " + with_se(a, sa) + " eV (slow) -> " +
                  with_se(b, sb) + " eV (fast)";
      numbers.push_back(measured("mean_EA", e.first->s.name, a, sa, "eV"));
      numbers.push_back(measured("mean_EA", e.second->s.name, b, sb, "eV"));
    }
    if (!evidence.empty()) evidence += " (± s.e. over the kept events)";
    auto v = verdict("faster cooling lowers the mean activation energy", holds, evidence);
    v["numbers"] = numbers;
    list.push_back(v);
  }
  return {{"findings", list}};
}

}  // namespace

nlohmann::json analyse(const preset& p, const fs::path& run, const nlohmann::json& provenance) {
  std::vector<row> rows;
  for (const auto& s : p.samples) rows.push_back(load_row(s, run / "samples" / s.name));
  const fs::path dir = run / "results";
  fs::create_directories(dir);
  write_samples(rows, dir);
  write_spectra(rows, p.section("spectrum")["bin_width_eV"].get<double>(), dir);
  write_rdf(rows, dir);
  const auto delta = write_delta(rows, dir);
  const auto maps = write_delta_maps(rows, delta, p.section("analysis"), dir);
  const auto corr = write_correlations(rows, p.section("analysis"), dir);
  nlohmann::json f = findings(rows, corr, p.section("analysis")["confidence"].get<double>());
  f["correlations"] = corr;
  f["delta_maps"] = maps;
  if (!provenance.is_null()) f["provenance"] = provenance;
  write_json(dir / "findings.json", f);
  return f;
}

}  // namespace pelkit::study
