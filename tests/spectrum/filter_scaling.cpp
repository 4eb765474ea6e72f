// The filter on a campaign-sized event list (40,000 searches, many near-duplicates): fast, and
// the same events as a brute-force O(n²) implementation of the seed's rules written here.
#include <pelkit/spectrum/filter.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

#include "events.hpp"

using namespace pelkit;
using pelkit::testing::ids_of;
using pelkit::testing::make_event;

namespace {

/// 4000 centres × 10 trials in a shuffled order; about 6 % failed statuses, a few failed
/// energies and returns; the rest drawn around 6000 distinct transitions with small noise, so
/// that redundant pairs, chains and near misses are common.
std::vector<saddle_event> random_campaign(unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::normal_distribution<double> noise(0, 1);
  std::vector<std::array<double, 3>> transitions(6000);
  for (auto& t : transitions) t = {0.05 + 4 * uniform(rng), -0.5 + 1.5 * uniform(rng), 0.5 + 3 * uniform(rng)};
  std::uniform_int_distribution<std::size_t> pick(0, transitions.size() - 1);
  std::vector<saddle_event> events;
  for (long c = 0; c < 4000; ++c)
    for (int k = 0; k < 10; ++k) {
      const double u = uniform(rng);
      if (u < 0.06) {
        events.push_back(pelkit::testing::failed_event(c, k, u < 0.03 ? "basin_exit_failed" : "max_force_calls"));
        continue;
      }
      const auto& t = transitions[pick(rng)];
      double ea = t[0] + 0.006 * noise(rng), fin = t[1] + 0.003 * noise(rng), delta = t[2] + 0.06 * noise(rng);
      fin = std::min(fin, ea);
      if (u < 0.08) ea = -0.01 * uniform(rng);                           // failed energies
      if (u > 0.97) fin = 0.03 * uniform(rng) - 0.01, delta = uniform(rng);  // (mostly) returned
      auto e = make_event(c, k, ea, fin, delta);
      e.validated = uniform(rng) > 0.1;
      events.push_back(e);
    }
  std::shuffle(events.begin(), events.end(), rng);
  return events;
}

/// The seed's rules, brute force: every candidate against every event kept so far.
std::vector<saddle_event> brute_force(std::vector<saddle_event> events) {
  std::stable_sort(events.begin(), events.end(), [](const saddle_event& a, const saddle_event& b) {
    return std::pair(a.center, a.trial) < std::pair(b.center, b.trial);
  });
  std::vector<saddle_event> kept;
  for (const auto& e : events) {
    if (e.status != "ok" || e.e_sad_ini < 0 || e.e_fin_sad > 0) continue;
    if (e.e_fin_ini < 0.02 && e.delta < 1) continue;
    const bool redundant = std::any_of(kept.begin(), kept.end(), [&](const saddle_event& k) {
      return std::fabs(k.delta - e.delta) < 0.1 && std::fabs(k.e_sad_ini - e.e_sad_ini) < 0.01 &&
             std::fabs(k.e_fin_ini - e.e_fin_ini) < 0.005;
    });
    if (!redundant) kept.push_back(e);
  }
  return kept;
}

}  // namespace

TEST_CASE("40,000 events: well under a second, the same events as brute force") {
  const auto events = random_campaign(2024);
  REQUIRE(events.size() == 40000);
  const auto start = std::chrono::steady_clock::now();
  const filter_result r = filter_events(events, {.validated_only = false});  // the seed's rules alone
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  MESSAGE("filter_events on 40,000 events: ", seconds * 1e3, " ms, ", r.kept.size(), " kept");
  CHECK(seconds < 0.5);
  const auto reference = brute_force(events);
  CHECK(r.kept.size() == reference.size());
  CHECK(ids_of(r.kept) == ids_of(reference));
  // the list really exercises the redundancy step
  CHECK(r.counts.after_returned - r.counts.after_redundant > 5000);
  CHECK(r.counts.failed_by_status.at("basin_exit_failed") + r.counts.failed_by_status.at("max_force_calls") ==
        r.counts.input - r.counts.ok);
  CHECK(r.counts.after_failed < r.counts.ok);
  CHECK(r.counts.after_returned < r.counts.after_failed);
}

TEST_CASE("40,000 events in another order, and validated only, against brute force") {
  auto events = random_campaign(7);
  std::reverse(events.begin(), events.end());
  CHECK(ids_of(filter_events(events, {.validated_only = false}).kept) == ids_of(brute_force(events)));
  std::vector<saddle_event> validated;
  std::copy_if(events.begin(), events.end(), std::back_inserter(validated),
               [](const saddle_event& e) { return e.validated || !e.ok(); });
  const auto r = filter_events(events);  // validated only: the default
  CHECK(ids_of(r.kept) == ids_of(brute_force(validated)));
  CHECK(r.counts.unvalidated == long(r.unvalidated.size()));
  CHECK(r.counts.unvalidated > 1000);
}
