// End-to-end tests of `pelkit art`: the event file and JSON summary, a campaign killed at a
// random moment and rerun gives the same events as an uninterrupted one, bad input.
#include <pelkit/saddle/event.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "../support.hpp"
#include "run.hpp"

using pelkit::testing::run;
using pelkit::testing::tool;

namespace {

using pelkit::testing::cuzr;
const std::string glass_256 = std::string(PELKIT_TEST_DATA) + "/cu50zr50_small_256.data";

using pelkit::testing::have_tool;

/// Event rows without the wall-clock column, sorted.
/// The event rows sorted, without the wall-clock column.
std::vector<std::string> rows(const std::string& path) {
  std::vector<std::string> out;
  for (auto e : pelkit::read_events(path)) {
    e.wall_s = 0;
    out.push_back(pelkit::to_csv_row(e));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("pelkit art: events, summary, resume after a kill") {
  if (!have_tool()) {
    MESSAGE("SKIP: ", tool(), " or ", cuzr, " missing");
    return;
  }
  pelkit::testing::temp_dir tmp;
  std::string err;
  const std::string glass = tmp.file("glass.data");
  REQUIRE_MESSAGE(run(tool() + " minimize --potential " + cuzr + " --data " + glass_256 + " --out " + glass +
                          " --fmax 1e-8 --json " + tmp.file("min.json"),
                      err) == 0,
                  err);
  const std::string base = tool() + " art --potential " + cuzr + " --data " + glass +
                           " --centers 0-2,9 --trials 2 --seed 3 --no-validate --max-force-calls 1500 --progress never";
  REQUIRE_MESSAGE(run(base + " --events " + tmp.file("a.csv") + " --json " + tmp.file("a.json") + " --threads 2", err) == 0,
                  err);
  const auto a = pelkit::testing::read_json(tmp.file("a.json"));
  CHECK(a["searches_total"] == 8);
  CHECK(a["searches_run"] == 8);
  CHECK(a["status_counts"]["ok"].get<long>() >= 4);
  CHECK(a["mean_force_calls"].get<double>() > 10);
  // the local-event mode is the tool's default (docs/cli.md)
  CHECK(a["parameters"]["mode"] == "local");
  CHECK(a["parameters"]["basin_lanczos_radius_A"] == 5.0);
  CHECK(a["parameters"]["push"] == "initial");
  CHECK(a["parameters"]["metabasin_barrier_eV"] == 0.1);
  CHECK(a["parameters"]["activation"] == "lbfgs");
  CHECK(a["parameters"]["exit_eigenvalue_eV_per_A2"] == 0.0);
  CHECK(rows(tmp.file("a.csv")).size() == 8);

  // killed at a random moment, then rerun (on one thread): the same events, none twice
  const std::string b = base + " --events " + tmp.file("b.csv") + " --json " + tmp.file("b.json");
  run("timeout -s KILL 0.7 " + b + " --threads 2 > /dev/null", err);
  REQUIRE_MESSAGE(run(b + " --threads 1", err) == 0, err);
  const auto jb = pelkit::testing::read_json(tmp.file("b.json"));
  MESSAGE("resumed " << jb["searches_resumed"] << " of 8 events");
  CHECK(jb["searches_resumed"].get<long>() + jb["searches_run"].get<long>() == 8);
  CHECK(rows(tmp.file("b.csv")) == rows(tmp.file("a.csv")));

  // saddle and final configurations on request; --mode seed is the library's defaults, and a
  // flag overrides its mode's value
  REQUIRE_MESSAGE(run(tool() + " art --potential " + cuzr + " --data " + glass + " --centers 1 --trials 1 --seed 3 " +
                          "--no-validate --progress never --events " + tmp.file("c.csv") + " --configurations " +
                          tmp.file("conf") + " --json " + tmp.file("c.json") + " --mode seed --metabasin-barrier 0.05 --activation reference --exit-eigenvalue -0.2",
                      err) == 0,
                  err);
  const auto c = pelkit::testing::read_json(tmp.file("c.json"));
  CHECK(c["parameters"]["mode"] == "seed");
  CHECK(c["parameters"]["basin_lanczos_radius_A"] == 0.0);
  CHECK(c["parameters"]["push"] == "current");
  CHECK(c["parameters"]["metabasin_barrier_eV"] == 0.05);
  CHECK(c["parameters"]["activation"] == "reference");
  CHECK(c["parameters"]["exit_eigenvalue_eV_per_A2"] == -0.2);
  CHECK(a["parameters"]["lanczos_max_products"] == 10);  // docs/cli.md
  CHECK(c["parameters"]["lanczos_max_products"] != a["parameters"]["lanczos_max_products"]);
  if (pelkit::testing::read_json(tmp.file("c.json"))["status_counts"].contains("ok")) {
    CHECK(std::filesystem::exists(tmp.file("conf/c1_t0_saddle.data")));
    CHECK(std::filesystem::exists(tmp.file("conf/c1_t0_final.data")));
  }
}

TEST_CASE("pelkit art rejects bad input clearly") {
  if (!have_tool()) {
    MESSAGE("SKIP: ", tool(), " or ", cuzr, " missing");
    return;
  }
  pelkit::testing::temp_dir tmp;
  const std::string base = tool() + " art --potential " + cuzr + " --events " + tmp.file("e.csv") + " --progress never";
  struct bad {
    std::string args, message;
  };
  for (const auto& b : {bad{" --data " + glass_256, "not an energy minimum"},
                        bad{" --data " + tmp.file("missing.data"), "missing.data"},
                        bad{" --data " + glass_256 + " --centers 0-999", "not an atom index"},
                        bad{" --data " + glass_256 + " --trials 0", "--trials"},
                        bad{" --data " + glass_256 + " --eigenvalue-threshold 0.1", "must be < 0"},
                        bad{" --data " + glass_256 + " --push sideways", "--push: expected 'initial' or 'current'"},
                        bad{" --data " + glass_256 + " --mode fast", "--mode: expected 'reference', 'local' or 'seed'"},
                        bad{" --data " + glass_256 + " --basin-lanczos-radius -1", "--basin-lanczos-radius must be >= 0"},
                        bad{" --data " + glass_256 + " --metabasin-barrier -0.1", "--metabasin-barrier must be >= 0"},
                        bad{" --data " + glass_256 + " --activation newton", "--activation: expected 'lbfgs' or 'reference'"},
                        bad{" --data " + glass_256 + " --exit-eigenvalue 0.5", "--exit-eigenvalue must be <= 0"}}) {
    CAPTURE(b.args);
    std::string err;
    CHECK(run(base + b.args, err) == 1);
    CHECK_MESSAGE(err.find(b.message) != std::string::npos, err);
  }
  // an event file that is not one
  std::ofstream(tmp.file("e.csv")) << "something else\n";
  std::string err;
  std::string glass = tmp.file("glass.data");
  REQUIRE(run(tool() + " minimize --potential " + cuzr + " --data " + glass_256 + " --out " + glass + " --json " +
                  tmp.file("m.json"),
              err) == 0);
  CHECK(run(base + " --data " + glass, err) == 1);
  CHECK_MESSAGE(err.find("not a pelkit event file") != std::string::npos, err);
}
