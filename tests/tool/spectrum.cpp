// End-to-end: `pelkit spectrum` — counts after each filter step, JSON keys, the kept events, and
// errors naming file and line.
#include <pelkit/saddle/event.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <numeric>

#include "../support.hpp"
#include "run.hpp"

namespace fs = std::filesystem;
using pelkit::testing::run;
using pelkit::testing::tool;

namespace {

pelkit::saddle_event ok_event(long center, int trial, double ea, double fin, double delta) {
  pelkit::saddle_event e;
  e.center = center, e.trial = trial, e.seed = 17, e.status = "ok";
  e.e_sad_ini = ea, e.e_fin_ini = fin, e.e_fin_sad = fin - ea, e.delta = delta;
  e.force_saddle = 0.02, e.lambda1 = -0.4, e.lambda2 = 0.2, e.force_calls = 250, e.wall_s = 0.1;
  return e;
}

pelkit::saddle_event failed(long center, int trial, const std::string& status) {
  pelkit::saddle_event e;
  e.center = center, e.trial = trial, e.seed = 17, e.status = status;
  return e;
}

std::string event_file_text(const std::vector<pelkit::saddle_event>& events) {
  std::string text = std::string(pelkit::event_csv_header) + "\n";
  for (const auto& e : events) text += pelkit::to_csv_row(e) + "\n";
  return text;
}

}  // namespace

TEST_CASE("pelkit spectrum filters an event file and writes the spectrum") {
  std::string err;
  if (!fs::exists(tool()) || run(tool() + " spectrum --help > /dev/null", err) != 0) {
    MESSAGE("SKIP: ", tool(), " spectrum not available");
    return;
  }
  pelkit::testing::temp_dir tmp;
  // 12 distinct good events (EA 0.3, 0.5, ..., 2.5 eV), written in reverse (finishing) order,
  // + 3 duplicates, 2 failed energies, 2 returns, 4 failed searches
  std::vector<pelkit::saddle_event> events;
  std::vector<double> expected_ea;
  for (int k = 0; k < 12; ++k) {
    events.push_back(ok_event(k, 0, 0.3 + 0.2 * k, 0.1 * k - 0.2, 1.5 + 0.1 * k));
    expected_ea.push_back(0.3 + 0.2 * k);
  }
  for (int k : {2, 5, 9}) events.push_back(ok_event(k, 1, 0.3 + 0.2 * k + 0.004, 0.1 * k - 0.2 + 0.001, 1.5 + 0.1 * k));
  events.push_back(ok_event(20, 0, -0.05, -0.1, 2.0));
  events.push_back(ok_event(20, 1, 0.6, 0.7, 2.0));
  events.push_back(ok_event(21, 0, 0.4, 0.001, 0.2));
  events.push_back(ok_event(21, 1, 0.9, 0.0, 0.05));
  events.push_back(failed(22, 0, "basin_exit_failed"));
  events.push_back(failed(22, 1, "basin_exit_failed"));
  events.push_back(failed(23, 0, "activation_not_converged"));
  events.push_back(failed(23, 1, "non_finite"));
  std::reverse(events.begin(), events.end());
  const std::string in = tmp.write("events.csv", event_file_text(events));

  // these events carry no proof (validated = 0): --all-events keeps them in P(EA)
  REQUIRE_MESSAGE(run(tool() + " spectrum --events " + in + " --all-events --json " + tmp.file("s.json") +
                          " --temperature 300,2000 --bin-width 0.1 --kept " + tmp.file("kept.csv"), err) == 0, err);
  const auto j = pelkit::testing::read_json(tmp.file("s.json"));
  for (const char* key : {"counts", "mean_EA_eV", "std_EA_eV", "quantiles_eV", "histogram", "kde",
                          "boltzmann_mean_EA_eV", "thresholds", "events", "events_file"})
    CHECK_MESSAGE(j.contains(key), key);
  const auto& c = j["counts"];
  CHECK(c["input"] == 23);
  CHECK(c["ok"] == 19);
  CHECK(c["after_failed"] == 17);
  CHECK(c["after_returned"] == 15);
  CHECK(c["after_redundant"] == 12);
  CHECK(c["failed_by_status"]["basin_exit_failed"] == 2);
  CHECK(c["failed_by_status"]["activation_not_converged"] == 1);
  CHECK(c["failed_by_status"]["non_finite"] == 1);
  CHECK(j["events"] == 12);

  const double mean = std::accumulate(expected_ea.begin(), expected_ea.end(), 0.0) / 12;
  CHECK(j["mean_EA_eV"].get<double>() == doctest::Approx(mean));
  CHECK(j["quantiles_eV"]["50"].get<double>() == doctest::Approx(1.4));  // between 1.3 and 1.5
  CHECK(j["quantiles_eV"]["5"].get<double>() < j["quantiles_eV"]["95"].get<double>());
  const auto& h = j["histogram"];
  CHECK(h["bin_edges_eV"].size() == h["counts"].size() + 1);
  CHECK(h["density_per_eV"].size() == h["counts"].size());
  long total = 0;
  for (const auto& n : h["counts"]) total += n.get<long>();
  CHECK(total == 12);
  CHECK(j["kde"]["grid_eV"].size() == j["kde"]["density_per_eV"].size());
  CHECK(j["kde"]["bandwidth_eV"].get<double>() > 0);
  REQUIRE(j["boltzmann_mean_EA_eV"].size() == 2);
  CHECK(j["boltzmann_mean_EA_eV"][0]["temperature_K"] == 300.0);
  CHECK(j["boltzmann_mean_EA_eV"][0]["mean_EA_eV"].get<double>() <
        j["boltzmann_mean_EA_eV"][1]["mean_EA_eV"].get<double>());
  CHECK(j["thresholds"]["redundant_final_energy_eV"].get<double>() == 0.005);
  CHECK(j["thresholds"]["order"] == "canonical");

  // the kept events, canonical order, are the 12 distinct ones (trial 0 of each duplicate pair)
  const auto kept = pelkit::read_events(tmp.file("kept.csv"));
  REQUIRE(kept.size() == 12);
  for (std::size_t k = 0; k < kept.size(); ++k) {
    CHECK(kept[k].center == long(k));
    CHECK(kept[k].trial == 0);
  }

  // --bandwidth is used as given; by default (and with --validated-only) the unvalidated
  // events are set aside, counted and reported, and the tool warns that P(EA) is empty
  for (const char* flag : {"", " --validated-only"}) {
    REQUIRE_MESSAGE(run(tool() + " spectrum --events " + in + " --bandwidth 0.07" + flag + " --json " +
                            tmp.file("v.json"), err) == 0, err);
    const auto v = pelkit::testing::read_json(tmp.file("v.json"));
    CHECK(v["kde"]["bandwidth_eV"].get<double>() == 0.07);
    CHECK(v["counts"]["unvalidated"] == 15);
    CHECK(v["counts"]["after_redundant"] == 0);
    CHECK(v["unvalidated"]["events"] == 15);
    CHECK(v["thresholds"]["validated_only"] == true);
    CHECK(err.find("none of the 15 converged events") != std::string::npos);
  }
  CHECK(run(tool() + " spectrum --events " + in + " --all-events --validated-only", err) != 0);
  CHECK(err.find("contradict") != std::string::npos);
}

TEST_CASE("pelkit spectrum: malformed or missing event files and bad options are errors") {
  std::string err;
  if (!fs::exists(tool()) || run(tool() + " spectrum --help > /dev/null", err) != 0) {
    MESSAGE("SKIP: ", tool(), " spectrum not available");
    return;
  }
  pelkit::testing::temp_dir tmp;
  std::string text = event_file_text({ok_event(0, 0, 0.5, 0.1, 2.0), ok_event(1, 0, 0.7, 0.2, 2.5)});
  text += "2,0,17,ok,0.5,abc,0.1,2.0,0.1,-1,1,0,skipped,10,0.1,1.5,3,0\n";
  const std::string bad = tmp.write("bad.csv", text);
  CHECK(run(tool() + " spectrum --events " + bad + " > /dev/null", err) == 1);
  CHECK_MESSAGE(err.find(bad + ":4") != std::string::npos, err);
  CHECK_MESSAGE(err.find("abc") != std::string::npos, err);

  const std::string short_row = tmp.write("short.csv", std::string(pelkit::event_csv_header) + "\n1,2,3,ok\n");
  CHECK(run(tool() + " spectrum --events " + short_row + " > /dev/null", err) == 1);
  CHECK_MESSAGE(err.find(short_row + ":2") != std::string::npos, err);

  CHECK(run(tool() + " spectrum --events " + tmp.file("missing.csv") + " > /dev/null", err) == 1);
  CHECK_MESSAGE(err.find("missing.csv") != std::string::npos, err);

  const std::string good = tmp.write("good.csv", event_file_text({ok_event(0, 0, 0.5, 0.1, 2.0)}));
  CHECK(run(tool() + " spectrum --events " + good + " --temperature 300,-4 > /dev/null", err) == 1);
  CHECK_MESSAGE(err.find("--temperature") != std::string::npos, err);
  CHECK(run(tool() + " spectrum --events " + good + " --bin-width 0 > /dev/null", err) == 1);
  CHECK(run(tool() + " spectrum --events " + good + " --order random > /dev/null", err) == 1);
  // an empty (header-only) file is not an error: zero effective events
  const std::string none = tmp.write("none.csv", std::string(pelkit::event_csv_header) + "\n");
  REQUIRE_MESSAGE(run(tool() + " spectrum --events " + none + " --json " + tmp.file("none.json"), err) == 0, err);
  const auto j = pelkit::testing::read_json(tmp.file("none.json"));
  CHECK(j["counts"]["input"] == 0);
  CHECK(j["mean_EA_eV"].is_null());
}
