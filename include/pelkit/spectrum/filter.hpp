// pelkit/spectrum/filter.hpp — from the raw saddle-search events to the effective events whose
// activation energies make the EA spectrum.
//
//   auto events = pelkit::read_events("events.csv");
//   pelkit::filter_result f = pelkit::filter_events(events);          // the seed's thresholds
//   pelkit::activation_spectrum p(pelkit::activation_energies(f.kept));
//
// The rules are those of the seed's supporting information ("EA spectrum", two steps), with the
// thresholds of `filter_thresholds`. In order:
//
//   0. status: only searches with status "ok" enter; the others are counted by status.
//   1a. failed: drop when E_sad_ini < 0 or E_fin_sad > 0 (also when any of E_sad_ini, E_fin_sad,
//       E_fin_ini, Δ is not finite: an "ok" event cannot be judged without them).
//   1b. returned to the start: drop when E_fin_ini < 0.02 eV and Δ < 1 Å. Read literally, as in
//       the seed: a final state *below* the start within 1 Å is dropped too (not |E_fin_ini|).
//   (v) validation, with `validated_only` (the default): events with validated == false are set aside in
//       filter_result::unvalidated (reported separately, never in P(EA)). This comes before the
//       redundancy step so that an unvalidated event cannot hide a validated duplicate.
//   2. redundant: events m, n with |Δm − Δn| < 0.1 Å, |E_sad_ini,m − E_sad_ini,n| < 0.01 eV and
//      |E_fin_ini,m − E_fin_ini,n| < 0.005 eV are redundant; "keep one" is made precise greedily:
//      events are visited in order and one is dropped when it is redundant with an event already
//      kept. (Redundancy is not transitive: in a chain a ~ b ~ c with a !~ c, a and c are kept
//      and b dropped.) All comparisons are strict, as in the seed; values exactly at a
//      threshold are not "within" it.
//
// Order of the visit: `event_order::canonical` (default) sorts by (center, trial) first, ties in
// file order, so the result does not depend on the order in which a parallel campaign finished
// its searches; `event_order::file` keeps the file order (the result then depends on the thread
// count and timing of the campaign that wrote the file). `kept` is in visiting order.
//
// Cost: O(n log n) for the sort, O(n) expected for the rest. Kept events are hashed on a grid of
// cells (slightly more than) two thresholds wide in each of the three quantities, so a redundant
// partner can only be in 8 cells; 40,000 events take ≈35 ms (2-core test machine, Release).
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/saddle/event.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <iterator>
#include <string>
#include <unordered_map>
#include <vector>

namespace pelkit {

/// Thresholds of the filter (defaults: the seed's supporting information).
struct filter_thresholds {
  double return_energy = 0.02;            ///< eV: step 1b, E_fin_ini below this ...
  double return_distance = 1.0;           ///< Å: ... and Δ below this = back at the start
  double redundant_distance = 0.1;        ///< Å: step 2, |Δm − Δn| below this ...
  double redundant_saddle_energy = 0.01;  ///< eV: ... and |E_sad_ini,m − E_sad_ini,n| below this ...
  double redundant_final_energy = 0.005;  ///< eV: ... and |E_fin_ini,m − E_fin_ini,n| below this
};

/// Order in which the redundancy step visits events (the first of a redundant pair is kept).
enum class event_order {
  canonical,  ///< sorted by (center, trial), ties in file order: independent of thread count
  file,       ///< as in the file (finishing order of a parallel campaign)
};

struct filter_parameters {
  filter_thresholds thresholds{};
  event_order order = event_order::canonical;
  /// Set unvalidated events (validated == false) aside before the redundancy step, so that
  /// P(EA) holds only events that carry their proof (the default). Campaigns run without
  /// validation mark every event unvalidated ("skipped"): turn it off for those, knowing that
  /// P(EA) then mixes in saddles not shown to be first-order or connected to the start.
  bool validated_only = true;
};

/// Number of events left after each step, and the failures by status.
struct filter_counts {
  long input = 0;            ///< rows in the event file
  long ok = 0;               ///< status "ok"
  long after_failed = 0;     ///< step 1a
  long after_returned = 0;   ///< step 1b
  long unvalidated = 0;      ///< among after_returned, validated == false (set aside only with validated_only)
  long after_validation = 0; ///< after_returned − unvalidated with validated_only, else after_returned
  long after_redundant = 0;  ///< step 2: the effective events
  std::map<std::string, long> failed_by_status;  ///< status → count, for status != "ok"
};

struct filter_result {
  std::vector<saddle_event> kept;         ///< effective events, in visiting order
  std::vector<saddle_event> unvalidated;  ///< set aside by validated_only (not deduplicated)
  filter_counts counts;
};

namespace detail {

inline bool event_failed(const saddle_event& e) {
  const bool finite = std::isfinite(e.e_sad_ini) && std::isfinite(e.e_fin_sad) &&
                      std::isfinite(e.e_fin_ini) && std::isfinite(e.delta);
  return !finite || e.e_sad_ini < 0 || e.e_fin_sad > 0;
}

inline bool event_returned(const saddle_event& e, const filter_thresholds& t) {
  return e.e_fin_ini < t.return_energy && e.delta < t.return_distance;
}

/// Grid of kept events for the redundancy step. Cells are twice the thresholds wide (and a hair
/// more, factor 1 + 1e-9, so that rounding in x / width can never misplace a partner), so a
/// redundant partner of an event lies in its own cell or the neighbour on the nearer side, in
/// each of the three quantities: 8 cells to look in. The exact test is `redundant`.
class redundancy_grid {
public:
  explicit redundancy_grid(const filter_thresholds& t, std::size_t expected_events = 0)
      : t_(t),
        width_{2 * t.redundant_distance * (1 + 1e-9), 2 * t.redundant_saddle_energy * (1 + 1e-9),
               2 * t.redundant_final_energy * (1 + 1e-9)} {
    if (!(t.redundant_distance > 0 && t.redundant_saddle_energy > 0 && t.redundant_final_energy > 0))
      throw error("filter_thresholds: the redundancy thresholds must be > 0");
    cells_.reserve(expected_events);
  }

  /// Keeps `e` (returns true) unless it is redundant with an event kept before.
  bool try_keep(const saddle_event& e) {
    const point x{e.delta, e.e_sad_ini, e.e_fin_ini};
    cell home{}, step{};
    for (std::size_t d = 0; d < 3; ++d) {
      if (!std::isfinite(x[d])) throw error("remove_redundant: event with a non-finite energy or distance");
      const double u = x[d] / width_[d], c = std::floor(u);
      home[d] = std::int64_t(c);
      step[d] = u - c < 0.5 ? -1 : 1;
    }
    for (int corner = 0; corner < 8; ++corner) {
      cell c = home;
      for (std::size_t d = 0; d < 3; ++d)
        if (corner & (1 << d)) c[d] += step[d];
      const auto it = cells_.find(c);
      if (it != cells_.end() && std::any_of(it->second.begin(), it->second.end(),
                                            [&](const point& k) { return redundant(x, k); }))
        return false;
    }
    cells_[home].push_back(x);
    return true;
  }

private:
  using cell = std::array<std::int64_t, 3>;
  using point = std::array<double, 3>;  // Δ, E_sad_ini, E_fin_ini
  struct cell_hash {
    std::size_t operator()(const cell& c) const {
      std::uint64_t h = 0x9e3779b97f4a7c15ull;
      for (auto v : c) h = (h ^ std::uint64_t(v)) * 0xff51afd7ed558ccdull;
      return std::size_t(h ^ (h >> 32));
    }
  };
  /// The step-2 relation of the seed (strict inequalities).
  bool redundant(const point& a, const point& b) const {
    return std::abs(a[0] - b[0]) < t_.redundant_distance && std::abs(a[1] - b[1]) < t_.redundant_saddle_energy &&
           std::abs(a[2] - b[2]) < t_.redundant_final_energy;
  }

  filter_thresholds t_;
  std::array<double, 3> width_;
  std::unordered_map<cell, std::vector<point>, cell_hash> cells_;
};

/// Pointers to the events in visiting order.
inline std::vector<const saddle_event*> visiting_order(const std::vector<saddle_event>& events, event_order order) {
  std::vector<const saddle_event*> v(events.size());
  std::transform(events.begin(), events.end(), v.begin(), [](const saddle_event& e) { return &e; });
  if (order == event_order::canonical)
    std::stable_sort(v.begin(), v.end(), [](const saddle_event* a, const saddle_event* b) {
      return a->center != b->center ? a->center < b->center : a->trial < b->trial;
    });
  return v;
}

}  // namespace detail

/// The events sorted by (center, trial); ties keep their relative order.
inline std::vector<saddle_event> canonical_order(const std::vector<saddle_event>& events) {
  std::vector<saddle_event> sorted;
  sorted.reserve(events.size());
  for (const saddle_event* e : detail::visiting_order(events, event_order::canonical)) sorted.push_back(*e);
  return sorted;
}

/// Step 2 alone: the events of `events` (in that order) that are not redundant with an earlier
/// kept one. Events must have finite E_sad_ini, E_fin_ini and Δ (else pelkit::error).
inline std::vector<saddle_event> remove_redundant(const std::vector<saddle_event>& events,
                                                  const filter_thresholds& t = {}) {
  detail::redundancy_grid grid(t, events.size());
  std::vector<saddle_event> kept;
  std::copy_if(events.begin(), events.end(), std::back_inserter(kept),
               [&](const saddle_event& e) { return grid.try_keep(e); });
  return kept;
}

/// The whole filter (steps 0, 1a, 1b, validation, 2; see the top of this file).
inline filter_result filter_events(const std::vector<saddle_event>& events, const filter_parameters& p = {}) {
  filter_result r;
  r.counts.input = long(events.size());
  detail::redundancy_grid grid(p.thresholds, events.size());
  for (const saddle_event* e : detail::visiting_order(events, p.order)) {
    if (!e->ok()) {
      ++r.counts.failed_by_status[e->status];
      continue;
    }
    ++r.counts.ok;
    if (detail::event_failed(*e)) continue;
    ++r.counts.after_failed;
    if (detail::event_returned(*e, p.thresholds)) continue;
    ++r.counts.after_returned;
    if (!e->validated) {
      ++r.counts.unvalidated;
      if (p.validated_only) {
        r.unvalidated.push_back(*e);
        continue;
      }
    }
    ++r.counts.after_validation;
    if (grid.try_keep(*e)) r.kept.push_back(*e);
  }
  r.counts.after_redundant = long(r.kept.size());
  return r;
}

/// EA = E_sad_ini of each event, eV, in the events' order.
inline std::vector<double> activation_energies(const std::vector<saddle_event>& events) {
  std::vector<double> ea(events.size());
  std::transform(events.begin(), events.end(), ea.begin(),
                 [](const saddle_event& e) { return e.activation_energy(); });
  return ea;
}

}  // namespace pelkit
