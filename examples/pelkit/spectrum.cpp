// pelkit spectrum — filter an event file (pelkit/spectrum/filter.hpp) and describe its
// activation-energy spectrum P(EA) (pelkit/spectrum/spectrum.hpp). Reference: docs/spectrum.md.
#include <pelkit/saddle/event.hpp>
#include <pelkit/spectrum/filter.hpp>
#include <pelkit/spectrum/spectrum.hpp>

#include "common.hpp"

namespace pelkit::cli {

command spectrum_command();

namespace {

event_order order_option(const std::string& text) {
  if (text == "canonical") return event_order::canonical;
  if (text == "file") return event_order::file;
  throw error("--order: expected canonical or file, got '" + text + "'");
}

/// "300,600" → {300, 600} K; every value finite and > 0.
std::vector<double> temperatures_option(const std::string& text) {
  std::vector<double> t;
  for (const auto& item : split_list(text)) {
    std::size_t used = 0;
    double v = std::numeric_limits<double>::quiet_NaN();
    try {
      v = std::stod(item, &used);
    } catch (const std::exception&) {
    }
    if (used != item.size() || !(v > 0) || !std::isfinite(v))
      throw error("--temperature: expected temperatures > 0 K separated by commas, got '" + text + "'");
    t.push_back(v);
  }
  return t;
}

nlohmann::json counts_json(const filter_counts& c) {
  return {{"input", c.input},
          {"ok", c.ok},
          {"after_failed", c.after_failed},
          {"after_returned", c.after_returned},
          {"unvalidated", c.unvalidated},
          {"after_validation", c.after_validation},
          {"after_redundant", c.after_redundant},
          {"failed_by_status", c.failed_by_status}};
}

nlohmann::json thresholds_json(const filter_parameters& p) {
  const auto& t = p.thresholds;
  return {{"return_energy_eV", t.return_energy},
          {"return_distance_A", t.return_distance},
          {"redundant_distance_A", t.redundant_distance},
          {"redundant_saddle_energy_eV", t.redundant_saddle_energy},
          {"redundant_final_energy_eV", t.redundant_final_energy},
          {"order", p.order == event_order::canonical ? "canonical" : "file"},
          {"validated_only", p.validated_only}};
}

nlohmann::json spectrum_json(const activation_spectrum& p, double bin_width, const std::vector<double>& temperatures) {
  const histogram h = histogram_of(p, bin_width);
  const density_curve k = kde_of(p);
  nlohmann::json quantiles = nlohmann::json::object();
  for (const auto& [name, q] : {std::pair{"5", 0.05}, {"25", 0.25}, {"50", 0.5}, {"75", 0.75}, {"95", 0.95}})
    quantiles[name] = p.quantile(q);
  nlohmann::json boltzmann = nlohmann::json::array();
  for (double t : temperatures) boltzmann.push_back({{"temperature_K", t}, {"mean_EA_eV", boltzmann_mean(p, t)}});
  return {{"events", p.size()},
          {"mean_EA_eV", p.mean()},
          {"std_EA_eV", p.standard_deviation()},
          {"min_EA_eV", p.min()},
          {"max_EA_eV", p.max()},
          {"quantiles_eV", quantiles},
          {"histogram", {{"bin_width_eV", h.bin_width}, {"bin_edges_eV", h.edges}, {"density_per_eV", h.density},
                         {"counts", h.counts}}},
          {"kde", {{"grid_eV", k.grid}, {"density_per_eV", k.density}, {"bandwidth_eV", k.bandwidth}}},
          {"boltzmann_mean_EA_eV", boltzmann}};
}

void write_kept(const std::string& path, const std::vector<saddle_event>& kept) {
  std::ofstream out(path);
  if (!out) throw error(path + ": cannot open for writing");
  out << event_csv_header << "\n";
  for (const auto& e : kept) out << to_csv_row(e) << "\n";
  if (!out) throw error(path + ": write failed");
}

int run_spectrum(const arguments& args) {
  stopwatch clock;
  filter_parameters fp;
  fp.order = order_option(args.get("order"));
  if (args.has("all-events") && args.has("validated-only"))
    throw error("--all-events and --validated-only contradict each other");
  fp.validated_only = !args.has("all-events");
  const double bin_width = args.number("bin-width");
  if (!(bin_width > 0)) throw error("--bin-width: must be > 0 eV, got '" + args.get("bin-width") + "'");
  double bandwidth = 0;  // Silverman
  if (args.has("bandwidth")) {
    bandwidth = args.number("bandwidth");
    if (!(bandwidth > 0)) throw error("--bandwidth: must be > 0 eV, got '" + args.get("bandwidth") + "'");
  }
  const auto temperatures = temperatures_option(args.get("temperature"));

  const std::string path = args.get("events");
  const auto events = read_events(path);
  const filter_result f = filter_events(events, fp);
  if (fp.validated_only && f.counts.after_validation == 0 && f.counts.unvalidated > 0)
    std::cerr << "pelkit spectrum: warning: none of the " << f.counts.unvalidated << " converged events in " << path
              << " is validated, so P(EA) is empty (a campaign run with --no-validate? use --all-events)\n";
  const activation_spectrum p(activation_energies(f.kept), bandwidth);
  nlohmann::json j = spectrum_json(p, bin_width, temperatures);
  j["events_file"] = path;
  j["counts"] = counts_json(f.counts);
  j["thresholds"] = thresholds_json(fp);
  if (fp.validated_only) {
    const activation_spectrum u(activation_energies(f.unvalidated));
    j["unvalidated"] = {{"events", u.size()}, {"mean_EA_eV", u.mean()}};
  }
  j["timing_s"] = clock.seconds();
  if (auto kept = args.optional("kept")) write_kept(*kept, f.kept);
  emit_json(j, args.optional("json"));
  if (args.optional("json"))
    std::cerr << "pelkit spectrum: " << f.counts.input << " events, " << f.counts.after_redundant
              << " effective, mean EA " << p.mean() << " eV, " << clock.seconds() << " s\n";
  return 0;
}

}  // namespace

command spectrum_command() {
  return {"spectrum",
          "filter ART events and describe the activation-energy spectrum P(EA)",
          "Reads an event file (pelkit art), filters it as the seed's supporting information does\n"
          "(status ok; drop E_sad_ini < 0 or E_fin_sad > 0; drop E_fin_ini < 0.02 eV with\n"
          "Delta < 1 A; of redundant pairs |dDelta| < 0.1 A, |dE_sad_ini| < 0.01 eV,\n"
          "|dE_fin_ini| < 0.005 eV keep the first, events sorted by (center, trial)) and writes\n"
          "P(EA) as a histogram and a Gaussian KDE, mean, std, quantiles and the Boltzmann-weighted\n"
          "mean <EA>(T). JSON: events_file, counts, thresholds, events, mean_EA_eV, std_EA_eV,\n"
          "min_EA_eV, max_EA_eV, quantiles_eV, histogram, kde, boltzmann_mean_EA_eV, [unvalidated],\n"
          "timing_s (see docs/spectrum.md).",
          {{"events", "IN", "event file (CSV written by pelkit art)", "", true},
           {"json", "OUT", "write the JSON to OUT instead of standard output"},
           {"bin-width", "eV", "histogram bin width, eV", "0.05"},
           {"bandwidth", "eV", "KDE bandwidth, eV (default: Silverman's rule)"},
           {"temperature", "LIST", "temperatures for <EA>(T), K, comma-separated (e.g. 300,600)", "300"},
           {"validated-only", "", "set events without a validated saddle aside, not in P(EA) (the default; reported under 'unvalidated')"},
           {"all-events", "", "keep unvalidated events in P(EA) too (campaigns run with --no-validate)"},
           {"order", "ORDER", "redundancy-step order: canonical (by center, trial) or file", "canonical"},
           {"kept", "OUT.csv", "also write the effective events as an event file"}},
          run_spectrum};
}

}  // namespace pelkit::cli
