// End-to-end tests of `pelkit study`: outputs and their physical sanity on the tiny preset;
// resume after kills mid-quench and mid-ART, reruns that skip or recompute exactly what changed,
// and MPI equals one process on tests/data/study_check.json (2 small samples: the same stages
// and files at a fraction of the cost, since these properties are exact equalities whatever
// the size); bad presets.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../support.hpp"
#include "run.hpp"

using pelkit::testing::run;
using pelkit::testing::tool;
using pelkit::testing::read_text;
using pelkit::testing::sha256sum;
namespace fs = std::filesystem;

namespace {

using pelkit::testing::cuzr;
const std::string tiny_preset = std::string(PELKIT_SOURCE_DIR) + "/examples/study/presets/tiny.json";
// 2 samples (P0_q1e15, P10_q1e15) of 128 atoms, quench checkpoints every 100 steps, 4 searches each
const std::string check = std::string(PELKIT_TEST_DATA) + "/study_check.json";

using pelkit::testing::have_tool;

/// Rows of a CSV file as maps column → text.
std::vector<std::map<std::string, std::string>> read_csv(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
  auto split = [](const std::string& l) {
    std::vector<std::string> f;
    std::stringstream ss(l);
    for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
    return f;
  };
  if (std::getline(in, line)) header = split(line);
  while (std::getline(in, line)) {
    const auto f = split(line);
    REQUIRE(f.size() == header.size());
    std::map<std::string, std::string> r;
    for (std::size_t k = 0; k < f.size(); ++k) r[header[k]] = f[k];
    rows.push_back(r);
  }
  return rows;
}

double num(const std::map<std::string, std::string>& r, const std::string& key) { return std::stod(r.at(key)); }

std::string study(const std::string& out, const std::string& extra = "", const std::string& preset = tiny_preset) {
  return tool() + " study --preset " + preset + " --out " + out + " --progress never" + extra;
}

/// Whether some samples/*/<name> under `out` exists and has at least `lines` lines.
bool sample_file(const fs::path& out, const std::string& name, int lines = 0) {
  std::error_code ec;
  for (fs::directory_iterator it(out / "samples", ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path f = it->path() / name;
    if (!fs::exists(f, ec)) continue;
    std::ifstream in(f);
    int n = 0;
    for (std::string line; n < lines && std::getline(in, line);) ++n;
    if (n >= lines) return true;
  }
  return false;
}

/// Runs `cmd` (its standard error discarded) and kills it with SIGKILL as soon as `stop()`
/// holds (checked every 5 ms). Returns true if it was killed, false if it ended first.
template <class Stop>
bool run_killed_when(const std::string& cmd, Stop stop) {
  const std::string line = "exec " + cmd + " 2>/dev/null";
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::execl("/bin/sh", "sh", "-c", line.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  for (;;) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return false;
    if (stop()) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

/// The results a finished run is judged by (every file the analysis writes but the timings;
/// findings.json without its provenance, which records the thread count of the run).
void check_same_results(const fs::path& a, const fs::path& b) {
  for (const char* f : {"samples.csv", "spectra.csv", "rdf.csv", "delta.csv", "correlations.csv", "delta_map_psi.csv"}) {
    CAPTURE(f);
    CHECK(read_text(a / "results" / f) == read_text(b / "results" / f));
  }
  auto fa = pelkit::testing::read_json((a / "results" / "findings.json").string());
  auto fb = pelkit::testing::read_json((b / "results" / "findings.json").string());
  CHECK(fa.contains("provenance"));
  fa.erase("provenance");
  fb.erase("provenance");
  CHECK(fa == fb);
}

}  // namespace

TEST_CASE("pelkit study: the tiny preset end to end, outputs in range, figures and report") {
  if (!have_tool()) {
    MESSAGE("SKIP: ", tool(), " or ", cuzr, " missing");
    return;
  }
  pelkit::testing::temp_dir tmp;
  const fs::path out = tmp.file("run");
  std::string err;
  REQUIRE_MESSAGE(run(study(out.string(), " --threads 2"), err) == 0, err);

  const auto samples = read_csv(out / "results" / "samples.csv");
  REQUIRE(samples.size() == 3);  // Pi ∈ {0, 10, 20} GPa at 1e14 K/s
  for (const auto& s : samples) {
    CAPTURE(s.at("sample"));
    CHECK(num(s, "natoms") == 128);
    CHECK(num(s, "rho_per_A3") > 0.045);
    CHECK(num(s, "rho_per_A3") < 0.065);
    CHECK(num(s, "E_IS_eV_per_atom") > -6);
    CHECK(num(s, "E_IS_eV_per_atom") < -4);
    CHECK(num(s, "f_ico") >= 0);
    CHECK(num(s, "f_ico") <= 1);
    CHECK(num(s, "psi_mean_ps2") > 0);
    CHECK(num(s, "u_mean_A") > 0);
    CHECK(num(s, "s2_mean_kB") < 0);
    CHECK(num(s, "G_GPa") > 5);
    CHECK(num(s, "G_GPa") < 60);
    CHECK(num(s, "events_searched") == 24);
    CHECK(num(s, "events_kept") <= 24);
    if (num(s, "events_kept") > 0) {
      CHECK(num(s, "mean_EA_eV") >= 0);
      CHECK(num(s, "mean_EA_eV") < 10);
    }
    // the table is what the stage records say
    const auto prep = pelkit::testing::read_json((out / "samples" / s.at("sample") / "prepare.json").string());
    CHECK(num(s, "E_IS_eV_per_atom") == doctest::Approx(prep["result"]["E_IS_eV_per_atom"].get<double>()).epsilon(1e-9));
  }
  CHECK(samples[0].at("sample") == "P0_q1e14");
  CHECK(samples[2].at("pressure_GPa") == "20");

  // δ_ij: every ordered pair, zero on the diagonal, symmetric, non-negative
  const auto delta = read_csv(out / "results" / "delta.csv");
  REQUIRE(delta.size() == 9);
  std::map<std::pair<std::string, std::string>, double> d;
  for (const auto& r : delta) d[{r.at("sample_i"), r.at("sample_j")}] = num(r, "delta_per_eV");
  for (const auto& [key, v] : d) {
    CHECK(v >= 0);
    CHECK(v == d.at({key.second, key.first}));
    if (key.first == key.second) CHECK(v == 0);
  }
  // correlations over the samples that have both values (all 3 here), r in [-1, 1]
  const auto corr = read_csv(out / "results" / "correlations.csv");
  CHECK(corr.size() == 14);  // 2 targets × 7 other columns
  for (const auto& r : corr) {
    CAPTURE(r.at("descriptor"));
    CHECK(r.at("n") == "3");
    CHECK(std::abs(num(r, "pearson")) <= 1 + 1e-12);
    CHECK(num(r, "pearson_lo") <= num(r, "pearson") + 1e-12);
  }
  const auto findings = pelkit::testing::read_json((out / "results" / "findings.json").string());
  CHECK(findings["findings"].size() == 4);
  // every finding's numbers carry a standard error (per-sample means) or a bootstrap interval
  for (const auto& item : findings["findings"]) {
    CAPTURE(item["claim"].get<std::string>());
    REQUIRE(item.contains("numbers"));
    for (const auto& n : item["numbers"])
      CHECK((n.contains("se") || (n.contains("lo") && n.contains("hi"))));
  }
  CHECK(findings["findings"][0]["evidence"].get<std::string>().find(" ± ") != std::string::npos);  // f_ico
  CHECK(findings["findings"][1]["evidence"].get<std::string>().find("bootstrap") != std::string::npos);
  // provenance: build, threads and the potential's sha256 (sha256sum's, computed now)
  const auto& prov = findings["provenance"];
  for (const char* key : {"pelkit_version", "git_commit", "git_dirty", "compiler", "openmp", "threads", "mpi", "voro++",
                          "potential", "potential_sha256"})
    CHECK_MESSAGE(prov.contains(key), key);
  CHECK(prov["threads"] == 2);
  if (const std::string sum = sha256sum(cuzr); !sum.empty()) CHECK(prov["potential_sha256"] == sum);
  const auto versions = pelkit::testing::read_json((out / "versions.json").string());
  for (const char* key : {"pelkit", "git_commit", "compiler_id", "potential_sha256", "voro++"}) CHECK_MESSAGE(versions.contains(key), key);
  // δ maps: λ chosen by GCV for every descriptor plane
  for (const char* key : {"rho", "s2", "u", "E_IS", "psi"}) {
    CAPTURE(key);
    CHECK(findings["delta_maps"][key]["rule"] == "gcv");
    CHECK(findings["delta_maps"][key]["lambda"].get<double>() >= 0);
  }
  // the thin-plate-spline map passes through its data points' range and is >= 0
  for (const auto& r : read_csv(out / "results" / "delta_map_E_IS.csv")) CHECK(num(r, "delta_per_eV") >= 0);
  CHECK(read_csv(out / "results" / "delta_map_E_IS.csv").size() == 400);  // tps_grid 20 × 20

  // figures (PNG and SVG when gnuplot is installed; CI installs it) and the report
  const bool gnuplot = std::system("gnuplot --version > /dev/null 2>&1") == 0;
  const std::string report = read_text(out / "report.html");
  for (const char* fig : {"fig1b_f_ico", "fig1c_G_vs_f_ico", "fig1d_G_vs_mean_EA", "fig2a_spectra", "fig2b_polar",
                          "fig3_delta_maps", "fig4_G_vs_E_IS_and_psi", "figS1_rdf", "figS2_descriptors"}) {
    CAPTURE(fig);
    CHECK(fs::exists(out / "figures" / (std::string(fig) + ".csv")));
    CHECK(fs::exists(out / "figures" / (std::string(fig) + ".gp")));
    if (gnuplot) {
      CHECK(fs::file_size(out / "figures" / (std::string(fig) + ".png")) > 1000);
      CHECK(fs::exists(out / "figures" / (std::string(fig) + ".svg")));
      CHECK(report.find(std::string(fig) + ".png") != std::string::npos);
    }
  }
  if (!gnuplot) MESSAGE("SKIP: gnuplot not installed, figures not drawn (apt-get install gnuplot-nox)");
  // Fig. 3: one colour scale, [smallest, largest] observed δ (≤ 1.5 × the largest, the bar of
  // issue 22), and every surface value written for it clipped into that range
  double max_delta = 0;
  for (const auto& r : delta) max_delta = std::max(max_delta, num(r, "delta_per_eV"));
  REQUIRE(max_delta > 0);
  const std::string script = read_text(out / "figures" / "fig3_delta_maps.gp");
  const auto at = script.find("set cbrange [");
  REQUIRE(at != std::string::npos);
  CHECK(script.find("set cbrange [", at + 1) == std::string::npos);  // one shared scale
  const std::string range = script.substr(at + 13, script.find(']', at) - at - 13);
  const double cb_lo = std::stod(range.substr(0, range.find(':'))), cb_hi = std::stod(range.substr(range.find(':') + 1));
  CHECK(cb_hi <= 1.5 * max_delta);
  CHECK(cb_hi == doctest::Approx(max_delta).epsilon(1e-6));
  CHECK(cb_lo == doctest::Approx(0).scale(max_delta));  // δ_ii = 0
  std::size_t map_values = 0;  // rows "descriptor,map,,,x,y,delta" (blank lines between blocks)
  std::ifstream fig3(out / "figures" / "fig3_delta_maps.csv");
  for (std::string line; std::getline(fig3, line);) {
    const auto kind = line.find(",map,");
    if (kind == std::string::npos) continue;
    ++map_values;
    const double v = std::stod(line.substr(line.rfind(',') + 1));
    CHECK(v <= cb_hi * (1 + 1e-9));
    CHECK(v >= cb_lo - 1e-12);
  }
  CHECK(map_values == 5 * 400);
  CHECK(report.find("P20_q1e14") != std::string::npos);
  CHECK(report.find("id=\"provenance\"") != std::string::npos);
  CHECK(report.find(prov["potential_sha256"].get<std::string>()) != std::string::npos);
  for (const char* f : {"preset.json", "versions.json", "timings.json"}) CHECK(fs::exists(out / f));
}

TEST_CASE("pelkit study: killed mid-quench and mid-ART, rerun gives the results of an uninterrupted run") {
  if (!have_tool()) {
    MESSAGE("SKIP: ", tool(), " or ", cuzr, " missing");
    return;
  }
  pelkit::testing::temp_dir tmp;
  std::string err;
  REQUIRE_MESSAGE(run(study(tmp.file("a"), " --threads 2 --no-figures", check), err) == 0, err);
  // One thread this time, killed twice: once a quench has written a checkpoint (the rerun
  // resumes the quench from it), then once an ART campaign has recorded an event (the rerun
  // resumes the campaign from its event file).
  const fs::path b = tmp.file("b");
  const std::string rerun = study(b.string(), " --threads 1 --no-figures", check);
  REQUIRE(run_killed_when(rerun, [&] { return sample_file(b, "quench.checkpoint"); }));
  CHECK(sample_file(b, "prepare.started.json"));
  REQUIRE(run_killed_when(rerun, [&] { return sample_file(b, "events.csv", 2); }));  // header + 1 event
  CHECK(sample_file(b, "art.started.json"));
  REQUIRE_MESSAGE(run(rerun, err) == 0, err);
  // the reruns resumed (from a checkpoint, from recorded events) rather than starting afresh
  long resumed_steps = 0, resumed_searches = 0;
  for (const char* name : {"P0_q1e15", "P10_q1e15"}) {
    const fs::path dir = b / "samples" / name;
    resumed_steps += pelkit::testing::read_json((dir / "prepare.json").string())["result"]["resumed_from_step"].get<long>();
    resumed_searches += pelkit::testing::read_json((dir / "art.json").string())["result"]["resumed"].get<long>();
  }
  CHECK(resumed_steps > 0);
  CHECK(resumed_searches > 0);
  check_same_results(tmp.file("a"), b);

  // a rerun with nothing changed runs no stage
  REQUIRE(run(study(b.string(), " --no-figures", check), err) == 0);
  CHECK(err.find(" done in ") == std::string::npos);
  check_same_results(tmp.file("a"), b);

  // a changed spectrum parameter recomputes the spectra only
  auto preset = pelkit::testing::read_json(check);
  preset["spectrum"]["temperatures_K"] = {300, 600};
  const std::string changed = tmp.write("changed.json", preset.dump());
  const fs::path prep = b / "samples" / "P10_q1e15" / "prepare.json";
  const std::string before = read_text(prep);
  REQUIRE_MESSAGE(run(study(b.string(), " --no-figures", changed), err) == 0, err);
  CHECK(err.find("P10_q1e15 spectrum done") != std::string::npos);
  CHECK(err.find("prepare done") == std::string::npos);
  CHECK(err.find("art done") == std::string::npos);
  CHECK(read_text(prep) == before);
  const auto spec = pelkit::testing::read_json((b / "samples" / "P10_q1e15" / "spectrum.json").string());
  CHECK(spec["result"]["boltzmann"].size() == 2);
}

TEST_CASE("pelkit study: samples spread over 2 MPI ranks give the single-process results") {
  const fs::path mpi_study = fs::path(tool()).parent_path() / "cuzr_study_mpi";
  if (!have_tool() || !fs::exists(mpi_study) || std::system("mpirun --version > /dev/null 2>&1") != 0) {
    MESSAGE("SKIP: cuzr_study_mpi or mpirun missing (apt-get install libopenmpi-dev openmpi-bin)");
    return;
  }
  pelkit::testing::temp_dir tmp;
  std::string err;
  REQUIRE_MESSAGE(run(study(tmp.file("one"), " --threads 2 --no-figures", check), err) == 0, err);
  // Open MPI keeps its plugins' allocations until exit, which LeakSanitizer reports under
  // scripts/sanitize.sh; the ranks still run with every other AddressSanitizer check.
  const std::string no_leak_check =
      std::getenv("ASAN_OPTIONS") ? "ASAN_OPTIONS=" + std::string(std::getenv("ASAN_OPTIONS")) + ":detect_leaks=0 " : "";
  const std::string mpirun = no_leak_check +
                             "OMPI_MCA_btl_vader_single_copy_mechanism=none mpirun --allow-run-as-root --oversubscribe -np 2 ";
  REQUIRE_MESSAGE(run(mpirun + mpi_study.string() + " --preset " + check + " --out " + tmp.file("two") +
                          " --threads 1 --progress never --no-figures",
                      err) == 0,
                  err);
  CHECK(err.find("(2 ranks)") != std::string::npos);
  check_same_results(tmp.file("one"), tmp.file("two"));
}

TEST_CASE("pelkit study: bad presets and options are clear errors") {
  if (!have_tool()) {
    MESSAGE("SKIP: ", tool(), " missing");
    return;
  }
  pelkit::testing::temp_dir tmp;
  struct bad {
    std::string preset, message;
  };
  for (const auto& b : {bad{"{\"art\": {\"trails\": 3}}", "unknown key 'art.trails'"},
                        bad{"{\"glass\": {\"natoms\": \"many\"}}", "'glass.natoms' must be a number"},
                        bad{"{\n\"grid\": {\"pressures_GPa\": [0, 1,]}\n}", "line 2"},
                        bad{"{\"quench\": {\"dt_ps\": -1}}", "'quench.dt_ps' must be > 0"},
                        bad{"{\"structure\": {\"u_definition\": \"middle\"}}", "u_definition"},
                        bad{"{\"art\": {\"mode\": \"fast\"}}", "'art.mode' must be \"reference\", \"local\" or \"seed\""},
                        bad{"{\"potential\": \"nowhere.eam.fs\"}", "nowhere.eam.fs"},
                        bad{"{\"glass\": {\"natoms\": 1e999}}", "not valid JSON"},  // found by fuzzing
                        bad{"{\"glass\": {\"natoms\": 12.5}}", "'glass.natoms' must be a whole number"},
                        bad{"{\"glass\": {\"fractions\": [0.5, 0.6]}}", "must sum to 1"},
                        bad{"{\"grid\": {\"pressures_GPa\": [5, 5]}}", "twice"},
                        bad{"{\"quench\": {\"T1_K\": 2000}}", "must be below"}}) {
    CAPTURE(b.preset);
    const std::string file = tmp.write("bad.json", b.preset);
    std::string err;
    CHECK(run(tool() + " study --preset " + file + " --out " + tmp.file("x"), err) == 1);
    CHECK_MESSAGE(err.find(b.message) != std::string::npos, err);
    CHECK(err.find("bad.json") != std::string::npos);
  }
  std::string err;
  CHECK(run(tool() + " study --preset no_such_preset", err) == 1);
  CHECK(err.find("no_such_preset") != std::string::npos);
  CHECK(run(tool() + " study --preset " + tiny_preset + " --only P99_q1", err) == 1);
  CHECK(err.find("no sample named 'P99_q1'") != std::string::npos);
  CHECK(run(tool() + " study --preset " + tiny_preset + " --stop-after lunch", err) == 1);
  CHECK(err.find("--stop-after") != std::string::npos);
  for (const char* name : {"quick", "paper", "tiny"}) {  // the shipped presets are valid
    CAPTURE(name);
    CHECK(run(tool() + " study --preset " + name + " --print-preset > /dev/null", err) == 0);
    CHECK(err.empty());
  }
}

TEST_CASE("pelkit study: LAMMPS runs the preparation (--lammps-inputs), the study reads it back") {
  if (!have_tool() || std::system("command -v lmp > /dev/null 2>&1") != 0) {
    MESSAGE("SKIP: pelkit or LAMMPS (lmp) missing");
    return;
  }
  pelkit::testing::temp_dir tmp;
  auto preset = pelkit::testing::read_json(tiny_preset);
  preset["grid"]["pressures_GPa"] = {10};  // one sample: P10_q1e14
  preset["art"]["enabled"] = false;
  const std::string own = tmp.write("own.json", preset.dump());
  std::string err;
  REQUIRE_MESSAGE(run(tool() + " study --preset " + own + " --lammps-inputs " + tmp.file("lammps"), err) == 0, err);
  const fs::path in = fs::path(tmp.file("lammps")) / "P10_q1e14.in";
  REQUIRE(fs::exists(in));
  REQUIRE(fs::exists(fs::path(tmp.file("lammps")) / "P10_q1e14.start.data"));
  REQUIRE_MESSAGE(run("cd " + tmp.file("lammps") + " && lmp -in P10_q1e14.in -log none -screen none", err) == 0, err);
  REQUIRE(fs::exists(fs::path(tmp.file("lammps")) / "P10_q1e14.data"));

  preset["quench"]["import_dir"] = "lammps";  // relative to the preset file
  const std::string imported = tmp.write("imported.json", preset.dump());
  REQUIRE_MESSAGE(run(tool() + " study --preset " + imported + " --out " + tmp.file("a") + " --progress never --no-figures", err) == 0, err);
  REQUIRE_MESSAGE(run(tool() + " study --preset " + own + " --out " + tmp.file("b") + " --progress never --no-figures", err) == 0, err);
  const auto a = pelkit::testing::read_json(tmp.file("a") + "/samples/P10_q1e14/prepare.json")["result"];
  const auto b = pelkit::testing::read_json(tmp.file("b") + "/samples/P10_q1e14/prepare.json")["result"];
  CHECK(a["imported_from"].get<std::string>().ends_with("P10_q1e14.data"));
  CHECK(a["fmax_eV_per_A"].get<double>() <= 1e-6);
  // the same protocol in the other engine: a different trajectory, the same glass on average
  MESSAGE("rho LAMMPS ", a["rho_per_A3"], " pelkit ", b["rho_per_A3"], "; E_IS ", a["E_IS_eV_per_atom"], " / ",
          b["E_IS_eV_per_atom"]);
  CHECK(a["rho_per_A3"].get<double>() == doctest::Approx(b["rho_per_A3"].get<double>()).epsilon(0.02));
  CHECK(a["E_IS_eV_per_atom"].get<double>() == doctest::Approx(b["E_IS_eV_per_atom"].get<double>()).epsilon(0.01));
  const auto samples = read_csv(fs::path(tmp.file("a")) / "results" / "samples.csv");
  REQUIRE(samples.size() == 1);
  CHECK(samples[0].at("mean_EA_eV") == "nan");  // ART disabled
  // a new LAMMPS result recomputes the sample
  std::ofstream(fs::path(tmp.file("lammps")) / "P10_q1e14.data", std::ios::app) << "\n";
  REQUIRE(run(tool() + " study --preset " + imported + " --out " + tmp.file("a") + " --progress never --no-figures", err) == 0);
  CHECK(err.find("P10_q1e14 prepare done") != std::string::npos);
}
