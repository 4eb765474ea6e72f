// The event filter, rule by rule: failed statuses, failed energies, returns to the start,
// redundant pairs (each threshold from just inside to just outside, and exactly at it), chains of
// near-duplicates, visiting order, validated-only.
#include <pelkit/spectrum/filter.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "events.hpp"

using namespace pelkit;
using pelkit::testing::failed_event;
using pelkit::testing::ids_of;
using pelkit::testing::make_event;
using ids = std::vector<std::pair<long, int>>;

namespace {
const double not_a_number = std::numeric_limits<double>::quiet_NaN();

/// Whether the filter keeps this one event (alone, default thresholds).
bool kept_alone(const saddle_event& e) { return filter_events({e}).kept.size() == 1; }
/// How many of the two events the filter keeps (default thresholds unless given).
std::size_t kept_of_pair(const saddle_event& a, const saddle_event& b, const filter_thresholds& t = {}) {
  return filter_events({a, b}, {.thresholds = t}).kept.size();
}
}  // namespace

TEST_CASE("step 0: only status ok enters; failures are counted by status") {
  const std::vector<saddle_event> events = {
      failed_event(0, 0, "basin_exit_failed"), make_event(0, 1, 0.5, 0.2, 2.0),
      failed_event(1, 0, "non_finite"),        failed_event(1, 1, "basin_exit_failed"),
      make_event(2, 0, 0.9, 0.1, 3.0),         failed_event(2, 1, "max_force_calls")};
  const auto r = filter_events(events);
  CHECK(r.counts.input == 6);
  CHECK(r.counts.ok == 2);
  CHECK(r.counts.failed_by_status.size() == 3);
  CHECK(r.counts.failed_by_status.at("basin_exit_failed") == 2);
  CHECK(r.counts.failed_by_status.at("non_finite") == 1);
  CHECK(r.counts.failed_by_status.at("max_force_calls") == 1);
  CHECK(r.counts.failed_by_status.count("ok") == 0);
  CHECK(ids_of(r.kept) == ids{{0, 1}, {2, 0}});
  // an "ok" status with finite but otherwise fine numbers is not enough: a failed status with
  // numbers is still dropped
  auto odd = make_event(3, 0, 0.5, 0.2, 2.0);
  odd.status = "final_minimization_failed";
  CHECK_FALSE(kept_alone(odd));
}

TEST_CASE("step 1a: E_sad_ini < 0 or E_fin_sad > 0 is a failed search (strict), non-finite too") {
  CHECK(kept_alone(make_event(0, 0, 0.0, -0.1, 2.0)));   // E_sad_ini = 0: kept
  CHECK_FALSE(kept_alone(make_event(0, 0, -1e-9, -0.1, 2.0)));
  CHECK(kept_alone(make_event(0, 0, 0.4, 0.4, 2.0)));    // E_fin_sad = 0: kept
  CHECK_FALSE(kept_alone(make_event(0, 0, 0.4, 0.4 + 1e-9, 2.0)));
  CHECK_FALSE(kept_alone(make_event(0, 0, 0.4, 0.9, 2.0)));  // final above the saddle
  auto e = make_event(0, 0, 0.5, 0.1, 2.0);
  for (double saddle_event::*field : {&saddle_event::e_sad_ini, &saddle_event::e_fin_sad, &saddle_event::e_fin_ini,
                                      &saddle_event::delta}) {
    auto broken = e;
    broken.*field = not_a_number;
    CHECK_FALSE(kept_alone(broken));
  }
  const auto r = filter_events({e, make_event(1, 0, -0.2, -0.3, 2.0), make_event(2, 0, 0.3, 0.5, 2.0)});
  CHECK(r.counts.ok == 3);
  CHECK(r.counts.after_failed == 1);
}

TEST_CASE("step 1b: E_fin_ini < 0.02 eV and delta < 1 A is a return to the start") {
  CHECK_FALSE(kept_alone(make_event(0, 0, 0.5, 0.0199, 0.99)));
  CHECK_FALSE(kept_alone(make_event(0, 0, 0.5, 0.0, 0.0)));
  CHECK(kept_alone(make_event(0, 0, 0.5, 0.0201, 0.99)));  // energy just outside
  CHECK(kept_alone(make_event(0, 0, 0.5, 0.0199, 1.01)));  // distance just outside
  CHECK(kept_alone(make_event(0, 0, 0.5, 0.02, 0.5)));     // exactly at the energy threshold
  CHECK(kept_alone(make_event(0, 0, 0.5, 0.001, 1.0)));    // exactly at the distance threshold
  // read literally (as the seed): a nearby final state below the start is dropped too
  CHECK_FALSE(kept_alone(make_event(0, 0, 0.5, -0.3, 0.6)));
  CHECK(kept_alone(make_event(0, 0, 0.5, -0.3, 1.6)));
  const auto r = filter_events({make_event(0, 0, 0.5, 0.01, 0.5), make_event(0, 1, 0.5, 0.3, 0.5),
                                make_event(0, 2, 0.5, 0.01, 1.5)});
  CHECK(r.counts.after_failed == 3);
  CHECK(r.counts.after_returned == 2);
  CHECK(r.counts.after_redundant == 2);
}

TEST_CASE("step 2: each redundancy threshold, just inside and just outside") {
  const auto base = make_event(0, 0, 1.0, 0.3, 2.0);
  // Δ (0.1 Å)
  CHECK(kept_of_pair(base, make_event(0, 1, 1.0, 0.3, 2.099)) == 1);
  CHECK(kept_of_pair(base, make_event(0, 1, 1.0, 0.3, 2.101)) == 2);
  CHECK(kept_of_pair(base, make_event(0, 1, 1.0, 0.3, 1.901)) == 1);
  CHECK(kept_of_pair(base, make_event(0, 1, 1.0, 0.3, 1.899)) == 2);
  // E_sad_ini (0.01 eV)
  CHECK(kept_of_pair(base, make_event(0, 1, 1.0099, 0.3, 2.0)) == 1);
  CHECK(kept_of_pair(base, make_event(0, 1, 1.0101, 0.3, 2.0)) == 2);
  CHECK(kept_of_pair(base, make_event(0, 1, 0.9901, 0.3, 2.0)) == 1);
  CHECK(kept_of_pair(base, make_event(0, 1, 0.9899, 0.3, 2.0)) == 2);
  // E_fin_ini (0.005 eV)
  CHECK(kept_of_pair(base, make_event(0, 1, 1.0, 0.3049, 2.0)) == 1);
  CHECK(kept_of_pair(base, make_event(0, 1, 1.0, 0.3051, 2.0)) == 2);
  CHECK(kept_of_pair(base, make_event(0, 1, 1.0, 0.2951, 2.0)) == 1);
  CHECK(kept_of_pair(base, make_event(0, 1, 1.0, 0.2949, 2.0)) == 2);
  // all three just inside together: redundant; one of them outside: not
  CHECK(kept_of_pair(base, make_event(0, 1, 1.0099, 0.3049, 2.099)) == 1);
  CHECK(kept_of_pair(base, make_event(0, 1, 1.0101, 0.3049, 2.099)) == 2);
  CHECK(kept_of_pair(base, make_event(0, 1, 1.0099, 0.3051, 2.099)) == 2);
  CHECK(kept_of_pair(base, make_event(0, 1, 1.0099, 0.3049, 2.101)) == 2);
}

TEST_CASE("step 2: a difference exactly at a threshold is not redundant (strict <)") {
  // binary-exact thresholds and values, so the differences are exact
  const filter_thresholds t{.redundant_distance = 0.125, .redundant_saddle_energy = 0.0078125,
                            .redundant_final_energy = 0.00390625};
  const auto base = make_event(0, 0, 1.0, 0.25, 2.0);
  CHECK(kept_of_pair(base, make_event(0, 1, 1.0, 0.25, 2.125), t) == 2);
  CHECK(kept_of_pair(base, make_event(0, 1, 1.0 + 0.0078125, 0.25, 2.0), t) == 2);
  CHECK(kept_of_pair(base, make_event(0, 1, 1.0, 0.25 - 0.00390625, 2.0), t) == 2);
  CHECK(kept_of_pair(base, make_event(0, 1, 1.0 + 0.0078125 / 2, 0.25 - 0.00390625 / 2, 2.0 + 0.125 / 2), t) == 1);
}

TEST_CASE("step 2: near-duplicates are greedy in (center, trial) order, chains included") {
  // a ~ b (ΔΔ = 0.07), b ~ c (0.07), a !~ c (0.14)
  const auto a = make_event(5, 0, 1.0, 0.3, 1.50);
  const auto b = make_event(5, 1, 1.0, 0.3, 1.57);
  const auto c = make_event(5, 2, 1.0, 0.3, 1.64);
  CHECK(ids_of(filter_events({c, b, a}).kept) == ids{{5, 0}, {5, 2}});  // a first: b dropped, c kept
  const auto b_first = make_event(4, 9, 1.0, 0.3, 1.57);                 // b now sorts first
  CHECK(ids_of(filter_events({a, c, b_first}).kept) == ids{{4, 9}});    // a and c both redundant with b
  // the file order, when asked for, decides instead
  CHECK(ids_of(filter_events({c, b, a}, {.order = event_order::file}).kept) == ids{{5, 2}, {5, 0}});
  CHECK(ids_of(filter_events({b, c, a}, {.order = event_order::file}).kept) == ids{{5, 1}});
  // a long chain with steps of 0.06 Å: every other one survives (kept ones 0.12 Å apart)
  std::vector<saddle_event> chain;
  for (int k = 0; k < 9; ++k) chain.push_back(make_event(7, k, 2.0, 0.5, 3.0 + 0.06 * k));
  std::reverse(chain.begin(), chain.end());
  CHECK(ids_of(filter_events(chain).kept) == ids{{7, 0}, {7, 2}, {7, 4}, {7, 6}, {7, 8}});
  // a cluster of mutual duplicates keeps its first; exact copies too
  const auto r = filter_events({make_event(9, 3, 0.7, 0.1, 2.0), make_event(9, 1, 0.703, 0.102, 2.03),
                                make_event(9, 2, 0.697, 0.099, 1.98), make_event(9, 1, 0.703, 0.102, 2.03)});
  CHECK(ids_of(r.kept) == ids{{9, 1}});
  CHECK(r.counts.after_returned == 4);
  CHECK(r.counts.after_redundant == 1);
}

TEST_CASE("canonical order: the result does not depend on the file order") {
  std::vector<saddle_event> events;
  for (int k = 0; k < 30; ++k)
    events.push_back(make_event(k % 7, k / 7, 1.0 + 0.004 * (k % 5), 0.3 + 0.002 * (k % 3), 2.0 + 0.03 * (k % 4)));
  const auto expected = ids_of(filter_events(events).kept);
  CHECK(expected.size() < events.size());
  CHECK(std::is_sorted(expected.begin(), expected.end()));
  std::reverse(events.begin(), events.end());
  CHECK(ids_of(filter_events(events).kept) == expected);
  std::rotate(events.begin(), events.begin() + 11, events.end());
  CHECK(ids_of(filter_events(events).kept) == expected);
}

TEST_CASE("validated_only sets unvalidated events aside before the redundancy step") {
  auto unchecked = make_event(0, 0, 1.0, 0.3, 2.0);
  unchecked.validated = false;
  unchecked.validation = "not_first_order";
  const auto duplicate = make_event(0, 1, 1.001, 0.301, 2.01);  // validated, redundant with `unchecked`
  const auto other = make_event(1, 0, 2.0, 0.5, 3.0);
  SUBCASE("validated_only off: validation is reported but not required") {
    const auto r = filter_events({unchecked, duplicate, other}, {.validated_only = false});
    CHECK(r.counts.unvalidated == 1);
    CHECK(r.counts.after_validation == 3);
    CHECK(ids_of(r.kept) == ids{{0, 0}, {1, 0}});
    CHECK(r.unvalidated.empty());
  }
  SUBCASE("validated_only (the default): the validated duplicate survives") {
    const auto r = filter_events({unchecked, duplicate, other});
    CHECK(r.counts.after_returned == 3);
    CHECK(r.counts.unvalidated == 1);
    CHECK(r.counts.after_validation == 2);
    CHECK(r.counts.after_redundant == 2);
    CHECK(ids_of(r.kept) == ids{{0, 1}, {1, 0}});
    CHECK(ids_of(r.unvalidated) == ids{{0, 0}});
  }
  SUBCASE("unvalidated events that failed earlier steps are not counted as unvalidated") {
    auto returned = make_event(2, 0, 0.5, 0.0, 0.1);
    returned.validated = false;
    const auto r = filter_events({returned, other}, {.validated_only = true});
    CHECK(r.counts.unvalidated == 0);
    CHECK(r.unvalidated.empty());
  }
}

TEST_CASE("counts after each step on a mixed list, and the helpers") {
  const std::vector<saddle_event> events = {
      failed_event(0, 0, "eigenvalue_lost"),
      make_event(0, 1, -0.1, -0.2, 2.0),  // failed energies
      make_event(0, 2, 0.5, 0.01, 0.3),   // returned
      make_event(1, 0, 0.8, 0.2, 2.0),
      make_event(1, 1, 0.805, 0.202, 2.05),  // redundant with (1, 0)
      make_event(1, 2, 1.2, 0.4, 2.5),
  };
  const auto r = filter_events(events);
  CHECK(r.counts.input == 6);
  CHECK(r.counts.ok == 5);
  CHECK(r.counts.after_failed == 4);
  CHECK(r.counts.after_returned == 3);
  CHECK(r.counts.after_validation == 3);
  CHECK(r.counts.after_redundant == 2);
  CHECK(activation_energies(r.kept) == std::vector<double>{0.8, 1.2});
  CHECK(ids_of(canonical_order({events[5], events[0], events[3]})) == ids{{0, 0}, {1, 0}, {1, 2}});
  CHECK_THROWS_AS(filter_events(events, {.thresholds = {.redundant_distance = 0}}), pelkit::error);
  CHECK(filter_events({}).kept.empty());
  // step 2 alone, in the given order
  CHECK(ids_of(remove_redundant({events[4], events[3], events[5]})) == ids{{1, 1}, {1, 2}});
  CHECK_THROWS_AS(remove_redundant({make_event(0, 0, not_a_number, 0.1, 2.0)}), pelkit::error);
}
