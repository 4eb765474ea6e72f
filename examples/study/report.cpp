// examples/study/report.cpp — the one-page HTML report of a study run (see figures.hpp).
#include "figures.hpp"

#include <pelkit/core/error.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace pelkit::study {
namespace fs = std::filesystem;

namespace {

using json = nlohmann::json;

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string note(const std::string& text) { return "<p class=\"note\">" + escape(text) + "</p>\n"; }

/// Reads a JSON file; on failure sets `problem` and returns null.
json read_json(const fs::path& file, std::string& problem) {
  std::ifstream in(file);
  if (!in) {
    problem = file.filename().string() + " not found";
    return nullptr;
  }
  try {
    return json::parse(in);
  } catch (const std::exception& e) {
    problem = file.filename().string() + " is not valid JSON: " + e.what();
    return nullptr;
  }
}

/// A JSON value as short text (strings without quotes).
std::string text_of(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

/// Human heading (HTML) for a samples.csv column.
std::string heading(const std::string& column) {
  static const std::map<std::string, std::string> names = {
      {"sample", "sample"},
      {"pressure_GPa", "P (GPa)"},
      {"cooling_rate_K_per_s", "q (K/s)"},
      {"natoms", "N atoms"},
      {"rho_per_A3", "ρ (Å<sup>−3</sup>)"},
      {"rho_g_per_cm3", "ρ (g/cm³)"},
      {"E_IS_eV_per_atom", "E<sub>IS</sub> (eV/atom)"},
      {"f_ico", "f<sub>ico</sub>"},
      {"psi_mean_ps2", "Ψ (ps²)"},
      {"u_mean_A", "|u| (Å)"},
      {"s2_mean_kB", "s<sub>2</sub> (k<sub>B</sub>)"},
      {"G_GPa", "G (GPa)"},
      {"mean_EA_eV", "Ē<sub>A</sub> (eV)"},
      {"events_searched", "ART searches"},
      {"events_kept", "events kept"}};
  const auto it = names.find(column);
  return it == names.end() ? escape(column) : it->second;
}

/// A table cell: numbers to 5 significant digits, "nan" as a dash.
std::string cell(const std::string& field) {
  if (field.empty() || field == "nan" || field == "NaN") return "<td class=\"na\">—</td>";
  char* end = nullptr;
  const double v = std::strtod(field.c_str(), &end);
  if (end != field.c_str() && *end == '\0') return "<td class=\"num\">" + detail::format_number(v, 5) + "</td>";
  return "<td>" + escape(field) + "</td>";
}

/// A CSV file as an HTML table (headings mapped through `heading`), or a note if unreadable.
std::string csv_table_html(const fs::path& file) {
  detail::csv_table t;
  try {
    t = detail::read_csv(file, {});
  } catch (const std::exception& e) {
    return note(std::string("Not available: ") + e.what());
  }
  std::string s = "<div class=\"scroll\"><table>\n<tr>";
  for (const auto& h : t.header) s += "<th title=\"" + escape(h) + "\">" + heading(h) + "</th>";
  s += "</tr>\n";
  for (const auto& row : t.rows) {
    s += "<tr>";
    for (const auto& field : row) s += cell(field);
    s += "</tr>\n";
  }
  return s + "</table></div>\n";
}

std::string correlation_glossary() {
  return "<dl class=\"glossary\">\n"
         "<dt>target</dt><dd>the property being explained: <code>G_GPa</code> (shear modulus) or "
         "<code>mean_EA_eV</code> (mean activation energy Ē<sub>A</sub>).</dd>\n"
         "<dt>descriptor</dt><dd>the samples.csv column it is correlated with.</dd>\n"
         "<dt>n</dt><dd>number of samples where both values are finite.</dd>\n"
         "<dt>pearson</dt><dd>Pearson linear correlation coefficient r (−1 … 1).</dd>\n"
         "<dt>pearson_lo, pearson_hi</dt><dd>95% bootstrap interval of r (resampling samples).</dd>\n"
         "<dt>spearman</dt><dd>Spearman rank correlation (monotonic, not necessarily linear).</dd>\n"
         "<dt>spearman_lo, spearman_hi</dt><dd>95% bootstrap interval of the Spearman coefficient.</dd>\n"
         "</dl>\n";
}

std::string parameters_html(const fs::path& run) {
  std::string problem;
  const json preset = read_json(run / "preset.json", problem);
  if (preset.is_null()) return note(problem);
  return "<pre>" + escape(preset.dump(2)) + "</pre>\n";
}

std::string figures_html(const std::vector<figure>& figures) {
  std::string s;
  for (const auto& f : figures) {
    s += "<figure id=\"" + escape(f.name) + "\">\n<h3>" + escape(f.title) + "</h3>\n";
    if (f.drawn)
      s += "<a href=\"figures/" + escape(f.name) + ".svg\"><img src=\"figures/" + escape(f.name) + ".png\" alt=\"" +
           escape(f.title) + "\"></a>\n";
    else
      s += note("Not drawn (gnuplot missing or failed): run gnuplot " + f.name + ".gp in figures/.");
    s += "<figcaption>" + escape(f.caption) + " <span class=\"files\">Files: ";
    for (std::size_t i = 0; i < f.files.size(); ++i)
      s += (i ? ", " : "") + std::string("<a href=\"figures/") + escape(f.files[i]) + "\">" + escape(f.files[i]) + "</a>";
    s += "</span></figcaption>\n</figure>\n";
  }
  if (figures.empty()) s += note("No figures.");
  return s;
}

std::string findings_html(const fs::path& run) {
  std::string problem;
  const json j = read_json(run / "results" / "findings.json", problem);
  if (j.is_null()) return note(problem);
  if (!j.is_object() || !j.contains("findings") || !j["findings"].is_array())
    return note("findings.json has no \"findings\" array");
  std::string s = "<ul class=\"findings\">\n";
  for (const auto& f : j["findings"]) {
    const json holds = f.value("holds", json(nullptr));
    const std::string mark = holds.is_boolean() ? (holds.get<bool>() ? "yes" : "no") : "open";
    const std::string symbol = mark == "yes" ? "✔" : mark == "no" ? "✘" : "?";
    s += "<li class=\"" + mark + "\"><span class=\"mark\">" + symbol + "</span> <b>" +
         escape(f.contains("claim") ? text_of(f["claim"]) : "(no claim)") + "</b>";
    if (f.contains("evidence")) s += "<br><span class=\"evidence\">" + escape(text_of(f["evidence"])) + "</span>";
    s += "</li>\n";
  }
  return s + "</ul>\n<p class=\"legend\">✔ holds in this run · ✘ does not hold · ? not decided (stage skipped or inconclusive)</p>\n";
}

/// What produced this run (findings.json "provenance": commit, compiler, potential sha256, …).
std::string provenance_html(const fs::path& run) {
  std::string problem;
  const json j = read_json(run / "results" / "findings.json", problem);
  if (j.is_null()) return note(problem);
  if (!j.is_object() || !j.contains("provenance") || !j["provenance"].is_object())
    return note("findings.json has no \"provenance\" object");
  std::string s = "<table class=\"narrow\">\n<tr><th>key</th><th>value</th></tr>\n";
  for (const auto& [k, v] : j["provenance"].items())
    s += "<tr><td>" + escape(k) + "</td><td><code>" + escape(v.is_string() ? v.get<std::string>() : v.dump()) +
         "</code></td></tr>\n";
  return s + "</table>\n";
}

/// A JSON object as a two-column table; numbers formatted with `unit`.
std::string object_table(const fs::path& file, const std::string& key, const std::string& value,
                         const std::string& unit) {
  std::string problem;
  const json j = read_json(file, problem);
  if (j.is_null()) return note(problem);
  if (!j.is_object()) return note(file.filename().string() + " is not a JSON object");
  std::string s = "<table class=\"narrow\">\n<tr><th>" + key + "</th><th>" + value + "</th></tr>\n";
  double total = 0;
  bool numeric = !j.empty();
  for (const auto& [k, v] : j.items()) {
    if (v.is_number()) {
      total += v.get<double>();
      s += "<tr><td>" + escape(k) + "</td><td class=\"num\">" + detail::format_number(v.get<double>(), 4) + unit + "</td></tr>\n";
    } else {
      numeric = false;
      s += "<tr><td>" + escape(k) + "</td><td>" + escape(text_of(v)) + "</td></tr>\n";
    }
  }
  if (numeric && !unit.empty())
    s += "<tr class=\"total\"><td>total</td><td class=\"num\">" + detail::format_number(total, 4) + unit + "</td></tr>\n";
  return s + "</table>\n";
}

/// Title from preset.json ("title" or "name"), else the run directory's name.
std::string run_title(const fs::path& run) {
  std::string problem;
  const json preset = read_json(run / "preset.json", problem);
  for (const char* key : {"title", "name", "preset"})
    if (preset.is_object() && preset.contains(key) && preset[key].is_string())
      return "pelkit study — " + preset[key].get<std::string>();
  const fs::path abs = fs::absolute(run).lexically_normal();
  const std::string dir = abs.filename().empty() ? abs.parent_path().filename().string() : abs.filename().string();
  return "pelkit study — " + dir;
}

const char* css = R"(
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;max-width:1500px;margin:1.5em auto;padding:0 1.5em;color:#222;line-height:1.45}
h1{font-size:1.6em;border-bottom:2px solid #1f5fb4;padding-bottom:.2em}
h2{font-size:1.25em;margin-top:2em;color:#1f5fb4}
h3{font-size:1.05em;margin:.2em 0}
nav a{margin-right:1em}
table{border-collapse:collapse;font-size:.88em;margin:.5em 0}
th,td{border:1px solid #ccc;padding:.25em .55em}
th{background:#eef2f8;position:sticky;top:0}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.na{text-align:center;color:#aaa}
tr:nth-child(even) td{background:#fafafa}
tr.total td{font-weight:bold}
.scroll{overflow-x:auto}
pre{background:#f6f6f6;border:1px solid #ddd;padding:.8em;font-size:.85em;overflow-x:auto}
figure{margin:1.5em 0;padding:1em;border:1px solid #e3e3e3;border-radius:4px}
figure img{max-width:100%;height:auto;display:block;margin:.5em 0}
figcaption{font-size:.92em;color:#333}
.files{display:block;color:#777;font-size:.85em;margin-top:.3em}
.note{color:#a0522d;font-style:italic}
dl.glossary dt{font-family:monospace;font-weight:bold;float:left;clear:left;width:13em}
dl.glossary dd{margin:0 0 .25em 13.5em}
ul.findings{list-style:none;padding-left:0}
ul.findings li{margin:.5em 0;padding:.4em .7em;border-left:5px solid #999;background:#fafafa}
ul.findings li.yes{border-color:#2ca02c} ul.findings li.no{border-color:#d62728} ul.findings li.open{border-color:#bbb}
.mark{font-size:1.1em} li.yes .mark{color:#2ca02c} li.no .mark{color:#d62728}
.evidence{color:#555;font-size:.9em}
.legend{font-size:.85em;color:#666}
)";

}  // namespace

fs::path write_report(const fs::path& run, const std::vector<figure>& figures) {
  const std::string title = run_title(run);
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" << escape(title)
    << "</title>\n<style>" << css << "</style>\n</head>\n<body>\n";
  h << "<h1>" << escape(title) << "</h1>\n";
  h << "<p>Cu<sub>50</sub>Zr<sub>50</sub> metallic glasses prepared at pressure P and cooling rate q: structure "
       "descriptors, shear modulus G and activation-energy spectra P(E<sub>A</sub>) from ART searches. Run directory: "
       "<code>"
    << escape(fs::absolute(run).lexically_normal().string()) << "</code></p>\n";
  h << "<nav><a href=\"#findings\">Findings</a><a href=\"#samples\">Samples</a><a href=\"#correlations\">"
       "Correlations</a><a href=\"#figures\">Figures</a><a href=\"#parameters\">Parameters</a><a href=\"#provenance\">"
       "Provenance</a><a href=\"#versions\">Versions &amp; timings</a></nav>\n";
  h << "<h2 id=\"findings\">Findings</h2>\n" << findings_html(run);
  h << "<h2 id=\"samples\">Samples</h2>\n<p>One row per glass sample (results/samples.csv); — marks a value not "
       "computed in this run.</p>\n"
    << csv_table_html(run / "results" / "samples.csv");
  h << "<h2 id=\"correlations\">Correlations</h2>\n" << csv_table_html(run / "results" / "correlations.csv")
    << correlation_glossary();
  h << "<h2 id=\"figures\">Figures</h2>\n" << figures_html(figures);
  h << "<h2 id=\"parameters\">Parameters</h2>\n<p>The preset of this run (preset.json):</p>\n" << parameters_html(run);
  h << "<h2 id=\"provenance\">Provenance</h2>\n<p>The build and inputs that produced these results "
       "(findings.json, key <code>provenance</code>).</p>\n"
    << provenance_html(run);
  h << "<h2 id=\"versions\">Software versions</h2>\n" << object_table(run / "versions.json", "component", "version", "");
  h << "<h2>Timings</h2>\n" << object_table(run / "timings.json", "stage", "wall time", " s");
  h << "</body>\n</html>\n";

  const fs::path file = run / "report.html";
  std::ofstream out(file, std::ios::binary);
  out << h.str();
  out.close();
  if (!out) throw input_error(file.string(), 0, "cannot write");
  return file;
}

}  // namespace pelkit::study
