// The per-sample stages of the study: prepare → structure, psi, elastic, art → spectrum.
//
// Each stage writes SAMPLE/<stage>.json = {"inputs": ..., "result": ..., "wall_s": ...}, where
// "inputs" holds every parameter that produced the result, upstream stages' included. A stage
// whose record has the current inputs is skipped; one whose inputs changed is recomputed (and
// so is everything downstream, whose inputs embed it). A stage that was interrupted left
// <stage>.started.json: with the same inputs it resumes from its own checkpoint (the quench)
// or event file (the ART campaign); with other inputs its partial outputs are removed first.
#include <pelkit/descriptor/density.hpp>
#include <pelkit/descriptor/radial_distribution.hpp>
#include <pelkit/descriptor/soft_mode.hpp>
#include <pelkit/descriptor/two_body_entropy.hpp>
#include <pelkit/elastic/elastic.hpp>
#include <pelkit/hessian/hessian.hpp>
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>
#include <pelkit/potential/local_calculator.hpp>
#include <pelkit/protocol/quench.hpp>
#include <pelkit/saddle/art_nouveau.hpp>
#include <pelkit/saddle/campaign.hpp>
#include <pelkit/saddle/event.hpp>
#include <pelkit/spectrum/filter.hpp>
#include <pelkit/spectrum/spectrum.hpp>
#ifdef PELKIT_HAVE_VORONOI
#include <pelkit/descriptor/voronoi.hpp>
#endif

#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

#include "study.hpp"

namespace pelkit::study {

void write_json(const fs::path& path, const nlohmann::json& j) {
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp);
    if (!out) throw error(tmp.string() + ": cannot open for writing");
    out << j.dump(1) << "\n";
    if (!out) throw error(tmp.string() + ": write failed");
  }
  fs::rename(tmp, path);
}

nlohmann::json read_json(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw error(path.string() + ": cannot open");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw error(path.string() + ": not valid JSON (" + e.what() + ")");
  }
}

namespace {

double number(const nlohmann::json& j, const char* key) { return j.at(key).get<double>(); }

fs::path import_dir(const preset& p);

/// The prepare stage's inputs; an imported glass adds a fingerprint of its file's contents.
nlohmann::json prepare_inputs(const preset& p, const sample& s) {
  nlohmann::json in = {{"potential", p.potential.string()}, {"glass", p.section("glass")},
                       {"quench", p.section("quench")}, {"pressure_GPa", s.pressure_GPa},
                       {"cooling_rate_K_per_s", s.cooling_rate_K_per_s}};
  if (const fs::path dir = import_dir(p); !dir.empty()) {
    std::ifstream f(dir / (s.name + ".data"), std::ios::binary);
    std::stringstream text;
    text << f.rdbuf();
    in["imported_file"] = {{"path", (dir / (s.name + ".data")).string()},
                           {"bytes", text.str().size()},
                           {"hash", std::to_string(std::hash<std::string>{}(text.str()))}};
  }
  return in;
}

/// The inputs of every stage of `s`: its own parameters plus its upstream stage's inputs.
nlohmann::json stage_inputs(const preset& p, const sample& s, const std::string& stage) {
  const nlohmann::json prepare = prepare_inputs(p, s);
  if (stage == "prepare") return prepare_inputs(p, s);
  if (stage == "spectrum")
    return {{"art", stage_inputs(p, s, "art")}, {"spectrum", p.section("spectrum")}};
  return {{"prepare", prepare}, {stage, p.section(stage)}};
}

/// Files a stage writes besides its record (removed when its inputs change).
std::vector<std::string> stage_files(const std::string& stage) {
  if (stage == "prepare") return {"glass.data", "thermo.csv", "quench.checkpoint"};
  if (stage == "art") return {"events.csv", "configurations"};
  if (stage == "spectrum") return {"events_kept.csv"};
  return {};
}

system load_glass(const preset& p, const fs::path& dir) {
  system g = read_lammps_data((dir / "glass.data").string());
  g.type_names = p.section("glass")["elements"].get<std::vector<std::string>>();
  validate(g, (dir / "glass.data").string());
  return g;
}

// ---- stages ---------------------------------------------------------------------------

liquid_spec start_of(const preset& p) {
  const auto& g = p.section("glass");
  liquid_spec spec;
  spec.natoms = std::size_t(g["natoms"].get<double>());
  spec.elements = g["elements"].get<std::vector<std::string>>();
  spec.fractions = g["fractions"].get<std::vector<double>>();
  spec.number_density_per_A3 = number(g, "number_density_per_A3");
  spec.seed = g["seed"].get<std::uint64_t>();
  return spec;
}

quench_parameters quench_of(const preset& p, const sample& s) {
  const auto& qj = p.section("quench");
  quench_parameters q;
  q.T_hot_K = number(qj, "melt_T_K"), q.melt_ps = number(qj, "melt_ps"), q.T0_K = number(qj, "T0_K");
  q.equilibrate_ps = number(qj, "equilibrate_ps"), q.T1_K = number(qj, "T1_K");
  q.cooling_rate_K_per_s = s.cooling_rate_K_per_s, q.pressure_GPa = s.pressure_GPa;
  q.release_ps = number(qj, "release_ps"), q.release_pressure_GPa = number(qj, "release_pressure_GPa");
  q.relax_ps = number(qj, "relax_ps"), q.dt_ps = number(qj, "dt_ps");
  q.tau_T_ps = number(qj, "tau_T_ps"), q.tau_P_ps = number(qj, "tau_P_ps");
  const std::string couple = qj["couple"];
  q.cell = couple == "aniso" ? coupling::anisotropic : couple == "tri" ? coupling::triclinic : coupling::isotropic;
  q.velocity_seed = qj["velocity_seed"].get<std::uint64_t>();
  q.fmax_eV_per_A = number(qj, "fmax_eV_per_A");
  q.check();
  return q;
}

/// Where `quench.import_dir` points (relative to the preset file), or "".
fs::path import_dir(const preset& p) {
  fs::path d = p.section("quench")["import_dir"].get<std::string>();
  if (!d.empty() && d.is_relative()) d = p.file.parent_path() / d;
  return d;
}


nlohmann::json imported(const preset& p, const sample& s, const fs::path& dir);

nlohmann::json prepare(const preset& p, const sample& s, const fs::path& dir, const stage_progress& progress) {
  if (!p.section("quench")["import_dir"].get<std::string>().empty()) return imported(p, s, dir);
  const auto& qj = p.section("quench");
  const quench_parameters q = quench_of(p, s);
  auto calc = calculator(eam::from_file(p.potential.string()));
  quench_output out;
  out.thermo_csv = (dir / "thermo.csv").string();
  out.checkpoint = (dir / "quench.checkpoint").string();
  out.checkpoint_every = long(number(qj, "checkpoint_every"));
  out.progress = progress_mode::never;
  if (progress) out.progress_listener = [&](long step, long total) { progress("prepare", step, total); };
  const quench_result r = quench(random_alloy(start_of(p)), calc, q, out, true);
  write_lammps_data((dir / "glass.data").string(), r.glass);
  fs::remove(out.checkpoint);
  nlohmann::json stages = nlohmann::json::array();
  for (const auto& st : r.stages)
    stages.push_back({{"name", st.name}, {"steps", st.steps}, {"wall_s", st.wall_s}, {"T_end_K", st.T_end_K},
                      {"P_end_GPa", st.P_end_GPa}, {"density_end_g_per_cm3", st.density_end_g_per_cm3}});
  return {{"natoms", r.glass.size()},
          {"rho_per_A3", r.number_density_per_A3},
          {"rho_g_per_cm3", r.density_g_per_cm3},
          {"E_IS_eV_per_atom", r.E_IS_eV_per_atom},
          {"volume_A3", r.volume_A3},
          {"pressure_GPa", r.pressure_GPa},
          {"fmax_eV_per_A", r.minimization.fmax},
          {"total_steps", r.total_steps},
          {"resumed_from_step", r.resumed_from_step},
          {"stages", stages}};
}

nlohmann::json structure(const preset& p, const fs::path& dir) {
  const system g = load_glass(p, dir);
  const auto& sj = p.section("structure");
  const auto rdf = radial_distribution({number(sj, "rdf_rmax_A"), number(sj, "rdf_bin_A")}).compute(g);
  nlohmann::json partial = nlohmann::json::object();
  for (int a = 0; a < g.type_count(); ++a)
    for (int b = a; b < g.type_count(); ++b) partial[rdf.pair_name(a, b)] = rdf.partial[a][b];
  s2_settings s2set;
  s2set.sigma = number(sj, "s2_sigma_A");
  s2set.r_max = number(sj, "s2_rmax_A");
  const auto s2 = two_body_entropy(s2set).compute(g);
  const auto dens = density_descriptor().compute(g);
  nlohmann::json out = {{"rho_per_A3", dens.number_density}, {"rho_g_per_cm3", dens.mass_density},
                        {"s2_mean_kB", s2.mean()},
                        {"rdf", {{"r_A", rdf.r}, {"total", rdf.total}, {"partial", partial}}}};
#ifdef PELKIT_HAVE_VORONOI
  const auto voro = voronoi_analysis{}.compute(g);
  out["f_ico"] = voro.f_ico();
  out["u_vertex_A"] = voro.mean_u_vertex();
  out["u_centroid_A"] = voro.mean_u_centroid();
  out["u_mean_A"] = sj["u_definition"] == "centroid" ? voro.mean_u_centroid() : voro.mean_u_vertex();
#else
  out["f_ico"] = nullptr;  // built without voro++
  out["u_mean_A"] = nullptr;
#endif
  return out;
}

nlohmann::json psi(const preset& p, const fs::path& dir) {
  if (!p.section("psi")["enabled"].get<bool>()) return {{"enabled", false}};
  const system g = load_glass(p, dir);
  auto calc = calculator(eam::from_file(p.potential.string()));
  Eigen::MatrixXd H(hessian(calc, g));
  const soft_mode_result r = soft_modes(std::move(H), atom_masses(g));
  return {{"enabled", true},
          {"psi_mean_ps2", r.psi_dynamical.mean()},
          {"psi_hessian_mean_A2_per_eV", r.psi_hessian.mean()},
          {"psi_max_ps2", r.psi_dynamical.maxCoeff()}};
}

nlohmann::json elastic(const preset& p, const fs::path& dir) {
  const auto& ej = p.section("elastic");
  if (!ej["enabled"].get<bool>()) return {{"enabled", false}};
  const system g = load_glass(p, dir);
  auto calc = calculator(eam::from_file(p.potential.string()));
  elastic_options opt;
  opt.strain = number(ej, "strain");
  const elastic_result r = ej["method"] == "strain" ? elastic_strain(calc, g, opt) : elastic_response(calc, g, opt);
  nlohmann::json C = nlohmann::json::array();
  for (int k = 0; k < 6; ++k) {
    nlohmann::json row = nlohmann::json::array();
    for (int l = 0; l < 6; ++l) row.push_back(r.C_GPa(k, l));
    C.push_back(row);
  }
  return {{"enabled", true},
          {"method", r.method},
          {"C_GPa", C},
          {"G_GPa", r.shear.hill},
          {"G_voigt_GPa", r.shear.voigt},
          {"G_reuss_GPa", r.shear.reuss},
          {"B_GPa", r.bulk.hill}};
}

art_nouveau art_from(const nlohmann::json& a) {
  art_nouveau art;
  if (a["mode"] == "local") art.param = art_nouveau::local_events();
  if (a["mode"] == "seed") art.param = art_nouveau::seed_algorithm();
  art.param.perturbation_norm = number(a, "perturbation_A");
  art.param.neighbor_radius = number(a, "neighbor_radius_A");
  art.param.region_radius = number(a, "region_radius_A");
  art.param.region_growth = number(a, "region_growth_A");
  art.param.eigenvalue_threshold = number(a, "eigenvalue_threshold_eV_per_A2");
  art.param.saddle_force = number(a, "saddle_force_eV_per_A");
  art.param.refine_force = std::min(number(a, "refine_force_eV_per_A"), art.param.saddle_force);
  art.param.max_force_calls = long(number(a, "max_force_calls"));
  art.param.validate = a["validate"].get<bool>();
  return art;
}

/// `count` centre atoms spread evenly over the atom indices (0: every atom).
std::vector<long> centers(std::size_t natoms, long count) {
  std::vector<long> c;
  if (count <= 0 || std::size_t(count) >= natoms) return c;
  for (long k = 0; k < count; ++k) c.push_back(long(std::size_t(k) * natoms / std::size_t(count)));
  return c;
}

nlohmann::json art(const preset& p, const fs::path& dir, const stage_progress& progress) {
  const auto& a = p.section("art");
  if (!a["enabled"].get<bool>()) return {{"enabled", false}};
  const system g = load_glass(p, dir);
  const eam pot = eam::from_file(p.potential.string());
  campaign_parameters cp;
  cp.seed = a["seed"].get<std::uint64_t>();
  cp.trials = int(number(a, "trials"));
  cp.centers = centers(g.size(), long(number(a, "centers_per_sample")));
  cp.threads = 1;  // samples run side by side; one search at a time per sample
  cp.events_path = (dir / "events.csv").string();
  cp.progress = progress_mode::never;
  if (progress) cp.progress_listener = [&](long done, long total) { progress("art", done, total); };
  const campaign_summary r = run_campaign(art_from(a), [&] { return local_calculator(pot); }, g, cp);
  return {{"enabled", true},       {"searches", r.total},         {"resumed", r.resumed},
          {"run", r.run},          {"status_counts", r.by_status}, {"force_calls_run", r.force_calls},
          {"search_wall_s", r.wall_s}};
}

nlohmann::json spectrum(const preset& p, const fs::path& dir) {
  if (!p.section("art")["enabled"].get<bool>()) return {{"enabled", false}};
  const auto& sj = p.section("spectrum");
  filter_parameters fp;
  fp.validated_only = sj["validated_only"].get<bool>();
  const auto events = read_events((dir / "events.csv").string());
  const filter_result f = filter_events(events, fp);
  {
    std::ofstream out(dir / "events_kept.csv");
    out << event_csv_header << "\n";
    for (const auto& e : f.kept) out << to_csv_row(e) << "\n";
    if (!out) throw error((dir / "events_kept.csv").string() + ": write failed");
  }
  const activation_spectrum P(activation_energies(f.kept), number(sj, "bandwidth_eV"));
  nlohmann::json boltzmann = nlohmann::json::array();
  for (double T : sj["temperatures_K"].get<std::vector<double>>())
    boltzmann.push_back({{"temperature_K", T}, {"mean_EA_eV", P.empty() ? NAN : boltzmann_mean(P, T)}});
  const auto& c = f.counts;
  return {{"enabled", true},
          {"counts", {{"input", c.input}, {"ok", c.ok}, {"after_failed", c.after_failed},
                      {"after_returned", c.after_returned}, {"unvalidated", c.unvalidated},
                      {"after_validation", c.after_validation}, {"after_redundant", c.after_redundant},
                      {"failed_by_status", c.failed_by_status}}},
          {"events_kept", P.size()},
          {"mean_EA_eV", P.mean()},
          {"std_EA_eV", P.standard_deviation()},
          {"bandwidth_eV", P.bandwidth()},
          {"quantiles_EA_eV", {{"5", P.quantile(0.05)}, {"50", P.quantile(0.5)}, {"95", P.quantile(0.95)}}},
          {"boltzmann", boltzmann},
          {"EA_eV", P.values()}};
}

/// The prepare stage for a glass made elsewhere (LAMMPS, from `--lammps-inputs`): reads
/// IMPORT_DIR/NAME.data, minimises it with L-BFGS to quench.fmax_eV_per_A and records it.
nlohmann::json imported(const preset& p, const sample& s, const fs::path& dir) {
  const fs::path file = import_dir(p) / (s.name + ".data");
  system g = read_lammps_data(file.string());
  g.type_names = p.section("glass")["elements"].get<std::vector<std::string>>();
  validate(g, file.string());
  auto calc = calculator(eam::from_file(p.potential.string()));
  const auto m = lbfgs{}.minimize(calc, g, {.fmax = number(p.section("quench"), "fmax_eV_per_A")});
  if (!m.converged) throw error(file.string() + ": minimisation did not converge (" + m.reason + ")");
  wrap_positions(g);
  write_lammps_data((dir / "glass.data").string(), g);
  const double N = double(g.size()), V = g.box.volume();
  return {{"natoms", g.size()},
          {"imported_from", file.string()},
          {"rho_per_A3", N / V},
          {"rho_g_per_cm3", g.total_mass() / V * units::amu_per_A3_to_g_per_cm3},
          {"E_IS_eV_per_atom", m.energy_final / N},
          {"volume_A3", V},
          {"pressure_GPa", calc.compute(g).virial.trace() / (3 * V) * units::eV_per_A3_to_GPa},
          {"fmax_eV_per_A", m.fmax}};
}

nlohmann::json run_stage_body(const std::string& stage, const preset& p, const sample& s, const fs::path& dir,
                              const stage_progress& progress) {
  if (stage == "prepare") return prepare(p, s, dir, progress);
  if (stage == "structure") return structure(p, dir);
  if (stage == "psi") return psi(p, dir);
  if (stage == "elastic") return elastic(p, dir);
  if (stage == "art") return art(p, dir, progress);
  return spectrum(p, dir);
}

/// NaN is not JSON: write null instead (recursively).
nlohmann::json finite_or_null(nlohmann::json j) {
  if (j.is_number_float() && !std::isfinite(j.get<double>())) return nullptr;
  if (j.is_structured())
    for (auto& v : j) v = finite_or_null(v);
  return j;
}

}  // namespace

void run_sample(const preset& p, const sample& s, const fs::path& dir, const std::string& stop_after,
                const std::function<void(const stage_outcome&)>& done, const stage_progress& progress) {
  fs::create_directories(dir);
  for (const auto& stage : stage_names()) {
    const nlohmann::json inputs = stage_inputs(p, s, stage);
    const fs::path record = dir / (stage + ".json"), started = dir / (stage + ".started.json");
    if (fs::exists(record) && read_json(record).value("inputs", nlohmann::json()) == inputs) {
      done({s.name, stage, true, 0});
    } else {
      fs::remove(record);
      const bool resumable = fs::exists(started) && read_json(started).value("inputs", nlohmann::json()) == inputs;
      if (!resumable)
        for (const auto& f : stage_files(stage)) fs::remove_all(dir / f);
      write_json(started, {{"inputs", inputs}});
      const auto t0 = std::chrono::steady_clock::now();
      if (progress) progress(stage, 0, 0);
      nlohmann::json result = run_stage_body(stage, p, s, dir, progress);
      const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      write_json(record, {{"inputs", inputs}, {"result", finite_or_null(std::move(result))}, {"wall_s", wall}});
      fs::remove(started);
      done({s.name, stage, false, wall});
    }
    if (stage == stop_after) break;
  }
}

void write_lammps_inputs(const preset& p, const fs::path& dir) {
  fs::create_directories(dir);
  const fs::path abs = fs::absolute(dir);
  for (const auto& s : p.samples) {
    const quench_parameters q = quench_of(p, s);
    system start = random_alloy(start_of(p));
    initialize_velocities(start, quench_stages(q, true).front().T_start_K, q.velocity_seed);
    const fs::path data = abs / (s.name + ".start.data");
    write_lammps_data(data.string(), start);
    lammps_quench_files f;
    f.data_file = data.string();
    f.potential_file = p.potential.string();
    f.pair_style = eam_pair_style(p.potential.string());
    f.elements = start.type_names;
    f.output_data = (abs / (s.name + ".data")).string();
    std::ofstream out(abs / (s.name + ".in"));
    out << lammps_quench_input(q, f, true);
    if (!out) throw error((abs / (s.name + ".in")).string() + ": write failed");
  }
}

}  // namespace pelkit::study
