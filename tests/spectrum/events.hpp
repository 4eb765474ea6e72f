// Hand-made saddle events for the spectrum tests.
#pragma once
#include <pelkit/saddle/event.hpp>

#include <string>
#include <vector>

namespace pelkit::testing {

/// An "ok", validated event with E_sad_ini = ea, E_fin_ini = fin (eV), Δ = delta (Å);
/// E_fin_sad = fin − ea.
inline saddle_event make_event(long center, int trial, double ea, double fin, double delta) {
  saddle_event e;
  e.center = center;
  e.trial = trial;
  e.seed = std::uint64_t(1000 * center + trial);
  e.status = "ok";
  e.e_sad_ini = ea;
  e.e_fin_ini = fin;
  e.e_fin_sad = fin - ea;
  e.delta = delta;
  e.force_saddle = 0.01;
  e.lambda1 = -0.5;
  e.lambda2 = 0.3;
  e.validated = true;
  e.validation = "ok";
  e.force_calls = 300;
  e.wall_s = 0.5;
  return e;
}

/// A failed search with the given status (energies NaN).
inline saddle_event failed_event(long center, int trial, const std::string& status) {
  saddle_event e;
  e.center = center;
  e.trial = trial;
  e.status = status;
  return e;
}

/// (center, trial) of each event, for comparing event lists.
inline std::vector<std::pair<long, int>> ids_of(const std::vector<saddle_event>& events) {
  std::vector<std::pair<long, int>> ids;
  for (const auto& e : events) ids.emplace_back(e.center, e.trial);
  return ids;
}

}  // namespace pelkit::testing
