// pelkit art — an ART nouveau campaign on one minimum (pelkit/saddle/art_nouveau.hpp,
// pelkit/saddle/campaign.hpp): every centre × trial, appended to an event file, resumable. With
// --region-radius each force call is a pelkit::local_calculator evaluation of the region only.
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>
#include <pelkit/potential/local_calculator.hpp>
#include <pelkit/saddle/art_nouveau.hpp>
#include <pelkit/saddle/campaign.hpp>

#include "common.hpp"

#include <cmath>
#include <limits>

namespace pelkit::cli {

command art_command();

namespace {

/// "all" or a comma list of 0-based atom indices and inclusive ranges ("0,5,10-19").
std::vector<long> parse_centers(const std::string& text, std::size_t natoms) {
  std::vector<long> out;
  if (text == "all") return out;
  auto number = [&](const std::string& s) {
    try {
      std::size_t used = 0;
      const long v = std::stol(s, &used);
      if (used == s.size() && v >= 0 && std::size_t(v) < natoms) return v;
    } catch (const std::exception&) {
    }
    throw error("--centers: '" + s + "' is not an atom index in 0.." + std::to_string(natoms - 1));
  };
  for (const std::string& item : split_list(text)) {
    const auto dash = item.find('-');
    if (dash == std::string::npos) {
      out.push_back(number(item));
      continue;
    }
    const long a = number(item.substr(0, dash)), b = number(item.substr(dash + 1));
    if (b < a) throw error("--centers: empty range '" + item + "'");
    for (long c = a; c <= b; ++c) out.push_back(c);
  }
  if (out.empty()) throw error("--centers: no atoms in '" + text + "'");
  return out;
}

/// A whole-number option that fits an int.
int whole_int(const arguments& args, const std::string& name, long minimum) {
  return int(args.whole_number(name, minimum, 1'000'000'000));
}

bool yes_no(const arguments& args, const std::string& name) {
  const std::string v = args.get(name);
  if (v != "yes" && v != "no") throw error("--" + name + ": expected 'yes' or 'no', got '" + v + "'");
  return v == "yes";
}

art_nouveau art_from(const arguments& args) {
  art_nouveau art;
  const std::string mode = args.get("mode");
  if (mode != "reference" && mode != "local" && mode != "seed")
    throw error("--mode: expected 'reference', 'local' or 'seed', got '" + mode + "'");
  if (mode == "local") art.param = art_nouveau::local_events();
  if (mode == "seed") art.param = art_nouveau::seed_algorithm();
  if (mode == "reference") art.param = art_nouveau::reference_scheme();
  art.param.perturbation_norm = args.number("perturbation");
  art.param.neighbor_radius = args.number("neighbor-radius");
  art.param.region_radius = args.number("region-radius");
  art.param.eigenvalue_threshold = args.number("eigenvalue-threshold");
  art.param.saddle_force = args.number("saddle-force");
  {
    const std::string n = args.get("saddle-force-norm");
    if (n != "two-norm" && n != "largest-atom")
      throw error("--saddle-force-norm: expected 'two-norm' or 'largest-atom', got '" + n + "'");
    art.param.force_criterion = n == "largest-atom" ? force_norm::largest_atom : force_norm::two_norm;
  }
  if (args.has("refine-force")) art.param.refine_force = args.number("refine-force");
  art.param.refine_force = std::min(art.param.refine_force, art.param.saddle_force);
  art.param.region_growth = args.number("region-growth");
  art.param.max_force_calls = whole_int(args, "max-force-calls", 10);
  art.param.validate = !args.has("no-validate");
  if (args.has("basin-lanczos-radius")) art.param.basin_lanczos_radius = args.number("basin-lanczos-radius");
  if (args.has("metabasin-barrier")) art.param.metabasin_barrier = args.number("metabasin-barrier");
  if (args.has("push")) {
    if (args.get("push") != "initial" && args.get("push") != "current")
      throw error("--push: expected 'initial' or 'current', got '" + args.get("push") + "'");
    art.param.fixed_push = args.get("push") == "initial";
  }
  if (args.has("basin-perp-steps")) art.param.basin_perp_steps = whole_int(args, "basin-perp-steps", 0);
  if (args.has("basin-perp-early-stop")) art.param.basin_perp_early_stop = yes_no(args, "basin-perp-early-stop");
  if (args.has("locality-radius")) art.param.locality_radius = args.number("locality-radius");
  if (args.has("locality-weight")) art.param.locality_weight = args.number("locality-weight");
  if (args.has("lost-when")) {
    const std::string w = args.get("lost-when");
    if (w != "positive" && w != "threshold") throw error("--lost-when: expected 'positive' or 'threshold', got '" + w + "'");
    art.param.lost_when_positive = w == "positive";
  }
  if (args.has("lanczos-products")) art.param.lanczos.max_iterations = whole_int(args, "lanczos-products", 2);
  if (args.has("lanczos-tolerance")) art.param.lanczos.tolerance = args.number("lanczos-tolerance");
  if (args.has("lanczos-relative-tolerance")) art.param.lanczos.relative_tolerance = args.number("lanczos-relative-tolerance");
  if (args.has("lanczos-early-quit")) art.param.lanczos.early_quit = yes_no(args, "lanczos-early-quit");
  if (args.has("known-minimum-distance")) art.param.known_minimum_distance = args.number("known-minimum-distance");
  if (args.has("minimize-fmax")) art.param.minimize_fmax = args.number("minimize-fmax");
  if (args.has("new-chances")) art.param.new_chances = whole_int(args, "new-chances", 0);
  if (args.has("proof-refine-force")) art.param.proof_refine_force = args.number("proof-refine-force");
  if (args.has("exit-eigenvalue")) art.param.exit_eigenvalue = args.number("exit-eigenvalue");
  if (args.has("activation")) {
    const std::string a = args.get("activation");
    if (a != "lbfgs" && a != "reference") throw error("--activation: expected 'lbfgs' or 'reference', got '" + a + "'");
    art.param.newton_above = a == "reference" ? 0.0 : std::numeric_limits<double>::infinity();
  }
  if (!(art.param.exit_eigenvalue <= 0)) throw error("--exit-eigenvalue must be <= 0 eV/A^2");
  if (!(art.param.proof_refine_force >= 0)) throw error("--proof-refine-force must be >= 0 eV/A");
  if (!(art.param.locality_radius > 0)) throw error("--locality-radius must be > 0 A");
  if (!(art.param.locality_weight >= 0 && art.param.locality_weight <= 1)) throw error("--locality-weight must be in [0, 1]");
  if (!(art.param.lanczos.tolerance > 0)) throw error("--lanczos-tolerance must be > 0 eV/A^2");
  if (!(art.param.lanczos.relative_tolerance >= 0)) throw error("--lanczos-relative-tolerance must be >= 0");
  if (!(art.param.known_minimum_distance >= 0)) throw error("--known-minimum-distance must be >= 0 A");
  if (!(art.param.minimize_fmax > 0)) throw error("--minimize-fmax must be > 0 eV/A");
  if (!(art.param.basin_lanczos_radius >= 0)) throw error("--basin-lanczos-radius must be >= 0 A");
  if (!(art.param.metabasin_barrier >= 0)) throw error("--metabasin-barrier must be >= 0 eV");
  if (!(art.param.perturbation_norm > 0)) throw error("--perturbation must be > 0 A");
  if (!(art.param.region_radius >= 0)) throw error("--region-radius must be >= 0 A");
  if (!(art.param.eigenvalue_threshold < 0)) throw error("--eigenvalue-threshold must be < 0 eV/A^2");
  if (!(art.param.saddle_force > 0)) throw error("--saddle-force must be > 0 eV/A");
  if (!(art.param.refine_force > 0)) throw error("--refine-force must be > 0 eV/A");
  if (!(art.param.region_growth >= 0)) throw error("--region-growth must be >= 0 A");
  return art;
}

int run_art(const arguments& args) {
  stopwatch clock;
  const std::string data = args.get("data");
  system s = load_structure(data, args.optional("elements"));
  validate(s, data);
  const eam pot = eam::from_file(args.get("potential"));
  const art_nouveau art = art_from(args);
  campaign_parameters p;
  p.seed = std::uint64_t(whole_int(args, "seed", 0));
  p.trials = whole_int(args, "trials", 1);
  p.centers = parse_centers(args.get("centers"), s.size());
  p.threads = whole_int(args, "threads", 0);
  p.events_path = args.get("events");
  p.configurations_dir = args.optional("configurations").value_or("");
  p.progress = progress_option(args.get("progress"));
  {
    auto calc = calculator(pot);
    const evaluation& e = calc.compute(s);
    const double fmax = e.forces.cols() ? e.forces.colwise().norm().maxCoeff() : 0.0;
    if (!(fmax <= art.param.minimum_fmax))
      throw error(data + ": not an energy minimum: the largest force is " + std::to_string(fmax) + " eV/A (> " +
                  std::to_string(art.param.minimum_fmax) + "); minimise it first (pelkit minimize --fmax 1e-6)");
  }
  const campaign_summary r = run_campaign(art, [&] { return local_calculator(pot); }, s, p);
  nlohmann::json j = {
      {"events", p.events_path},
      {"natoms", s.size()},
      {"searches_total", r.total},
      {"searches_resumed", r.resumed},
      {"searches_run", r.run},
      {"status_counts", r.by_status},
      {"force_calls_run", r.force_calls},
      {"mean_force_calls", r.run ? double(r.force_calls) / double(r.run) : 0.0},
      {"wall_s", r.wall_s},
      {"seconds_per_search", r.run ? r.wall_s / double(r.run) : 0.0},
      {"seed", p.seed},
      {"trials", p.trials},
      {"parameters",
       {{"perturbation_A", art.param.perturbation_norm},
        {"neighbor_radius_A", art.param.neighbor_radius},
        {"region_radius_A", art.param.region_radius},
        {"eigenvalue_threshold_eV_per_A2", art.param.eigenvalue_threshold},
        {"saddle_force_eV_per_A", art.param.saddle_force},
        {"saddle_force_norm", to_string(art.param.force_criterion)},
        {"refine_force_eV_per_A", art.param.refine_force},
        {"region_growth_A", art.param.region_growth},
        {"max_force_calls", art.param.max_force_calls},
        {"validate", art.param.validate},
        {"mode", args.get("mode")},
        {"basin_lanczos_radius_A", art.param.basin_lanczos_radius},
        {"push", art.param.fixed_push ? "initial" : "current"},
        {"metabasin_barrier_eV", art.param.metabasin_barrier},
        {"lanczos_tolerance_eV_per_A2", art.param.lanczos.tolerance},
        {"lanczos_max_products", art.param.lanczos.max_iterations},
        {"lanczos_relative_tolerance", art.param.lanczos.relative_tolerance},
        {"lanczos_early_quit", art.param.lanczos.early_quit},
        {"basin_perp_steps", art.param.basin_perp_steps},
        {"basin_perp_early_stop", art.param.basin_perp_early_stop},
        {"locality_radius_A", art.param.locality_radius},
        {"locality_weight", art.param.locality_weight},
        {"lost_when", art.param.lost_when_positive ? "positive" : "threshold"},
        {"known_minimum_distance_A", art.param.known_minimum_distance},
        {"minimize_fmax_eV_per_A", art.param.minimize_fmax},
        {"new_chances", art.param.new_chances},
        {"proof_refine_force_eV_per_A", art.param.proof_refine_force},
        {"exit_eigenvalue_eV_per_A2", art.param.exit_eigenvalue},
        {"activation", std::isinf(art.param.newton_above) ? "lbfgs" : "reference"}}},
  };
  emit_json(j, args.optional("json"));
  std::cerr << "pelkit art: " << r.run << " searches run (" << r.resumed << " already in " << p.events_path << "), "
            << clock.seconds() << " s\n";
  return 0;
}

}  // namespace

command art_command() {
  return {"art",
          "ART nouveau saddle searches around every atom of a minimum (activation-energy spectrum)",
          "Runs ART nouveau (Malek & Mousseau 2000) from the minimised configuration: for every\n"
          "centre atom and trial, a random 0.5 A push of the centre and its neighbours, basin exit\n"
          "at the lowest Hessian eigenvalue < -0.01 eV/A^2 (Lanczos), convergence to the saddle at a\n"
          "force norm < 0.05 eV/A, then the final minimum and the event's proof (lambda1 < 0 < lambda2,\n"
          "return to the start). Events are appended to --events (CSV, see docs/saddle.md) as they\n"
          "finish; rerunning the same command resumes a killed campaign without losing or repeating\n"
          "a search. Each search's random stream depends only on (--seed, centre, trial), so the\n"
          "events do not depend on --threads. Centres are 0-based atom indices in file order.\n"
          "JSON summary: events, natoms, searches_total, searches_resumed, searches_run,\n"
          "status_counts, force_calls_run, mean_force_calls, wall_s, seconds_per_search, seed,\n"
          "trials, parameters. Filter and histogram the events with `pelkit spectrum`.",
          {{"potential", "FILE", "EAM potential file (.eam, .eam.alloy, .eam.fs)", "", true},
           {"data", "FILE", "minimised configuration: LAMMPS data, dump (last frame) or .xyz", "", true},
           {"events", "OUT", "event file (CSV), created or resumed", "", true},
           {"elements", "LIST", "element of each atom type in order, e.g. Cu,Zr"},
           {"centers", "LIST", "centre atoms: all, or 0-based indices and ranges like 0,5,10-19", "all"},
           {"trials", "N", "searches per centre", "10"},
           {"seed", "S", "campaign seed", "1"},
           {"threads", "N", "searches run at once (0 = one per core)", "0"},
           {"region-radius", "R", "move only atoms within R of the centre, A (0 = all atoms)", "0"},
           {"perturbation", "D", "norm of the initial push, A", "0.5"},
           {"neighbor-radius", "R", "the centre's neighbours pushed with it: within R, A", "3.6"},
           {"eigenvalue-threshold", "L", "basin exit below this lowest eigenvalue, eV/A^2", "-0.01"},
           {"saddle-force", "F", "saddle when the force norm is below F, eV/A", "0.05"},
           {"saddle-force-norm", "NORM", "how --saddle-force, --refine-force and --proof-refine-force measure the force: two-norm (over every moving coordinate, the seed's) or largest-atom (the largest atomic force, as LAMMPS's fmax)", "two-norm"},
           {"refine-force", "F", "then converge the saddle further, to F eV/A (= --saddle-force: off; reference: off, local and seed: 0.01)"},
           {"region-growth", "D", "grow the region by D A until every atom's force is converged (0: fixed region; 1000: every atom at once)", "1000"},
           {"max-force-calls", "N", "force evaluations per search at most", "5000"},
           {"no-validate", "", "skip the saddle's proof (second eigenvalue, return to the start)"},
           {"mode", "M", "local (local events, docs/saddle.md), reference (the scheme of pARTn / BigDFT / eOn: more saddles and validated events per search on Cu-Zr for more calls, see docs/saddle.md) or seed (the seed study's algorithm to the letter); the settings below as noted", "local"},
           {"basin-lanczos-radius", "R", "leave the basin by the lowest mode of the atoms within R of the centre, A (0 = all atoms; reference and local: 5, seed: 0)"},
           {"push", "DIR", "basin push along the initial displacement (initial) or along x - x_min (current) (reference and local: initial, seed: current)"},
           {"metabasin-barrier", "E", "also prove events whose backward minimum the start reaches over a straight-path barrier below E, eV (0: off; reference and local: 0.1, seed: 0)"},
           {"basin-perp-steps", "N", "FIRE steps perpendicular to each basin push, at most (reference: 4; local and seed: 8)"},
           {"basin-perp-early-stop", "YES", "yes: end them once the perpendicular force is below the parallel one (no in every mode: pARTn stops so in the activation only)"},
           {"locality-radius", "R", "the basin exit mode must be local: weight within R of the centre, A (6)"},
           {"locality-weight", "W", "... at least this fraction of its squared norm (0: no check; reference: 0.5; local and seed: 0)"},
           {"lost-when", "WHEN", "the eigenvalue is lost when positive, or when above the threshold (reference: positive; local and seed: threshold)"},
           {"lanczos-products", "N", "Lanczos products at most per call (reference and seed: 16, local: 10)"},
           {"lanczos-tolerance", "T", "Lanczos converged when the eigenvalue changes by at most T, eV/A^2 (reference and seed: 1e-3, local: 1e-2) ..."},
           {"lanczos-relative-tolerance", "R", "... or by at most this fraction of it (reference: 0.01; local and seed: 0)"},
           {"lanczos-early-quit", "YES", "yes: a warm Lanczos stops after one product when the mode's curvature is unchanged (reference: yes; local and seed: no)"},
           {"known-minimum-distance", "D", "a relaxation within D of the start (and 1e-3 eV of its energy) stops there, A (0: converge fully; reference: 0.05; local and seed: 0)"},
           {"new-chances", "N", "a lost eigenvalue sends the search back to pushing along the initial displacement, at most N times (reference: 3; local and seed: 0, step uphill instead)"},
           {"proof-refine-force", "F", "a saddle whose second eigenvalue is not positive is converged to F and looked at again, eV/A (0: off; reference: 0.01, local and seed: 0)"},
           {"exit-eigenvalue", "L", "leave the basin only once the lowest eigenvalue is below L too, eV/A^2 (0: --eigenvalue-threshold alone; reference: -0.49, pARTn's default; local and seed: 0)"},
           {"activation", "A", "activation steps: lbfgs (L-BFGS on the min-mode force; local and seed) or reference (a capped step along the mode, FIRE steps across it, one Lanczos; pARTn, BigDFT; reference)"},
           {"minimize-fmax", "F", "final and proof minimisations to a largest atomic force of F, eV/A", "1e-4"},
           {"configurations", "DIR", "write saddle and final states of successful events as LAMMPS data files"},
           {"progress", "MODE", "progress line on stderr: auto (when a terminal), always, never", "auto"},
           {"json", "OUT", "write the JSON summary to OUT instead of standard output"}},
          run_art};
}

}  // namespace pelkit::cli
