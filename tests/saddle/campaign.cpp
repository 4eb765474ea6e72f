// The ART campaign runner: same events whatever the thread count, resume after an interruption
// without losing or duplicating events, foreign event files refused, bad starts recorded.
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/minimize/lbfgs.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>
#include <pelkit/saddle/art_nouveau.hpp>
#include <pelkit/saddle/campaign.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "../support.hpp"
#include "glass.hpp"

using namespace pelkit;

namespace {

using testing::minimised_glass;

/// The event rows sorted by (centre, trial), without the wall-clock column.
std::vector<std::string> canonical_rows(const std::string& path) {
  std::vector<saddle_event> events = read_events(path);
  std::sort(events.begin(), events.end(),
            [](const auto& a, const auto& b) { return std::pair(a.center, a.trial) < std::pair(b.center, b.trial); });
  std::vector<std::string> rows;
  for (auto e : events) {
    e.wall_s = 0;
    rows.push_back(to_csv_row(e));
  }
  return rows;
}

std::vector<std::string> file_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

art_nouveau quick_art() {
  art_nouveau art;
  art.param.validate = false;
  art.param.max_force_calls = 1500;
  return art;
}

}  // namespace

TEST_CASE("an ART campaign gives the same events on 1 and 2 threads and resumes exactly") {
  if (testing::cuzr_potential_missing()) return;
  const pelkit::system glass = minimised_glass();
  const eam pot = eam::from_file(testing::cuzr);
  testing::temp_dir dir;
  campaign_parameters p;
  p.seed = 4;
  p.trials = 2;
  p.centers = {0, 3, 7};
  p.progress = progress_mode::never;
  auto make_calc = [&] { return calculator(pot); };

  p.threads = 1;
  p.events_path = dir.file("one.csv");
  campaign_summary one = run_campaign(quick_art(), make_calc, glass, p);
  CHECK(one.total == 6);
  CHECK(one.run == 6);
  CHECK(one.resumed == 0);
  CHECK(one.by_status["ok"] >= 3);

  p.threads = 2;
  p.events_path = dir.file("two.csv");
  campaign_summary two = run_campaign(quick_art(), make_calc, glass, p);
  CHECK(two.run == 6);
  const auto reference = canonical_rows(dir.file("one.csv"));
  CHECK(canonical_rows(dir.file("two.csv")) == reference);

  SUBCASE("a rerun of a finished campaign does nothing") {
    campaign_summary again = run_campaign(quick_art(), make_calc, glass, p);
    CHECK(again.run == 0);
    CHECK(again.resumed == 6);
    CHECK(file_lines(p.events_path).size() == 7);
  }
  SUBCASE("killed after two events, mid-way through writing the third") {
    const auto lines = file_lines(dir.file("one.csv"));
    std::ofstream cut(dir.file("cut.csv"), std::ios::binary);
    cut << lines[0] << '\n' << lines[1] << '\n' << lines[2] << '\n' << lines[3].substr(0, lines[3].size() / 2);
    cut.close();
    p.events_path = dir.file("cut.csv");
    campaign_summary resumed = run_campaign(quick_art(), make_calc, glass, p);
    CHECK(resumed.resumed == 2);
    CHECK(resumed.run == 4);
    CHECK(canonical_rows(p.events_path) == reference);
    CHECK(file_lines(p.events_path).size() == 7);  // header + 6, no duplicate, no partial row
  }
  SUBCASE("an event file of another campaign is refused") {
    p.seed = 5;
    p.events_path = dir.file("one.csv");
    const std::string msg = testing::error_message([&] { run_campaign(quick_art(), make_calc, glass, p); });
    CHECK(msg.find("one.csv") != std::string::npos);
    CHECK(msg.find("another campaign") != std::string::npos);
  }
}

TEST_CASE("a campaign records bad starts and goes on") {
  if (testing::cuzr_potential_missing()) return;
  const eam pot = eam::from_file(testing::cuzr);
  testing::temp_dir dir;
  campaign_parameters p;
  p.trials = 2;
  p.centers = {0, 1};
  p.threads = 2;
  p.progress = progress_mode::never;
  auto make_calc = [&] { return calculator(pot); };

  SUBCASE("not a minimum") {
    const pelkit::system raw = read_lammps_data(std::string(PELKIT_TEST_DATA) + "/cu50zr50_small_256.data");
    p.events_path = dir.file("raw.csv");
    campaign_summary s = run_campaign(quick_art(), make_calc, raw, p);
    CHECK(s.by_status["not_a_minimum"] == 4);
  }
  SUBCASE("a perturbation that explodes") {
    art_nouveau wild = quick_art();
    wild.param.perturbation_norm = 40.0;  // Å: atoms pushed onto each other
    p.events_path = dir.file("wild.csv");
    campaign_summary s = run_campaign(wild, make_calc, minimised_glass(), p);
    CHECK(s.run == 4);
    CHECK(s.by_status["ok"] == 0);
    for (const auto& e : read_events(p.events_path)) CHECK(e.status != "ok");
  }
  SUBCASE("NaN positions and bad centres are errors naming the problem") {
    pelkit::system bad = minimised_glass();
    bad.positions(1, 5) = std::nan("");
    p.events_path = dir.file("nan.csv");
    CHECK(testing::error_message([&] { run_campaign(quick_art(), make_calc, bad, p); }).find("non-finite") != std::string::npos);
    p.centers = {400};
    CHECK(testing::error_message([&] { run_campaign(quick_art(), make_calc, minimised_glass(), p); }).find("out of range") !=
          std::string::npos);
  }
}

TEST_CASE("a campaign resuming an event file of the 15-column format rewrites it with every column") {
  if (testing::cuzr_potential_missing()) return;
  const eam pot = eam::from_file(testing::cuzr);
  testing::temp_dir dir;
  campaign_parameters p;
  p.trials = 1;
  p.centers = {0, 1};
  p.threads = 1;
  p.progress = progress_mode::never;
  p.events_path = dir.file("old.csv");
  // one finished search (centre 0) in the old format, as an earlier version wrote it
  saddle_event old;
  old.center = 0, old.trial = 0, old.seed = search_seed(p.seed, 0, 0), old.status = "basin_exit_failed";
  old.force_calls = 77;
  std::string row = to_csv_row(old);
  row = row.substr(0, row.rfind(',', row.rfind(',', row.rfind(',') - 1) - 1));  // drop the 3 new columns
  {
    std::ofstream out(p.events_path);
    out << event_csv_header_v1 << '\n' << row << '\n';
  }
  REQUIRE(read_events(p.events_path).size() == 1);  // the old format is read as it is
  CHECK(std::isnan(read_events(p.events_path)[0].participation));
  const campaign_summary s = run_campaign(quick_art(), [&] { return calculator(pot); }, minimised_glass(), p);
  CHECK(s.resumed == 1);
  CHECK(s.run == 1);
  const auto lines = file_lines(p.events_path);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == event_csv_header);
  const auto events = read_events(p.events_path);
  CHECK(events[0].center == 0);
  CHECK(events[0].force_calls == 77);
  CHECK(events[1].center == 1);
}
