// pelkit/saddle/concepts.hpp — the `saddle_search` concept: from a local minimum, find a
// first-order saddle point next to it and the minimum on the other side.
//
//   pelkit::art_nouveau art;                       // or pelkit::dimer_search
//   auto calc = pelkit::calculator(pelkit::eam::from_file("CuZr_mm.eam.fs"));
//   pelkit::saddle_result r = art.search(calc, glass, {.center = 17, .trial = 0, .seed = 42});
//   if (r.event.ok()) std::cout << r.event.e_sad_ini << " eV\n";
//
// search(calc, minimum, start) never modifies `minimum` and never throws for a bad search:
// whatever goes wrong is recorded in r.event.status (a token, see below) and the caller moves on.
// It throws pelkit::error only for bad arguments (centre out of range, inconsistent system).
//
// Status tokens (saddle_event::status):
//   ok                        saddle converged and the final minimum found
//   not_a_minimum             the start is not a minimum (largest force above the tolerance)
//   non_finite                NaN/inf energies or forces (e.g. a perturbation that overlapped atoms)
//   basin_exit_failed         the lowest eigenvalue never fell below the threshold
//   non_local                 it did, but the negative mode was never local to the centre
//                             (ART's locality_weight / locality_radius)
//   eigenvalue_lost           the negative eigenvalue vanished during activation and did not return
//   activation_not_converged  the force never fell below the saddle threshold within the step limit
//   max_force_calls           the search used its whole force-call budget
//   final_minimization_failed the push over the saddle did not relax to a minimum
// Validation tokens (saddle_event::validation): ok, ok_metabasin (ART with metabasin_barrier:
// back at a minimum joined to the start by a low straight-path barrier), skipped,
// not_first_order, does_not_return_to_initial, final_state_mismatch, final_is_initial (ART:
// the push over the saddle relaxed back to the start, so there is no event).
#pragma once
#include <pelkit/core/system.hpp>
#include <pelkit/potential/force_provider.hpp>
#include <pelkit/saddle/event.hpp>

#include <Eigen/Core>
#include <concepts>
#include <cstdint>

namespace pelkit {

/// Where a search starts: the centre atom (0-based), the trial number and the search's own
/// random seed (the campaign derives it from its seed, the centre and the trial).
struct search_start {
  long center = 0;
  int trial = 0;
  std::uint64_t seed = 0;
};

/// What a search returns: the event record and, when the search got that far, the saddle and
/// final configurations (Å, same atom order as the minimum) and the unstable mode at the saddle
/// (unit 3N vector as a 3×N matrix, oriented from the initial towards the final state).
/// Force calls of one search by phase (for benchmarks and tuning; not in the event file).
struct search_costs {
  long basin = 0;       ///< the start and the basin exit
  long activation = 0;  ///< convergence to the saddle (in the region, when there is one)
  long polish = 0;      ///< convergence again after the region grew (every atom, by default)
  long refine = 0;      ///< convergence past the saddle criterion (refine_force)
  long minimize = 0;    ///< relaxation to the final minimum
  long proof = 0;       ///< λ2, the backward relaxation and the metabasin path
};

struct saddle_result {
  saddle_event event;
  search_costs costs;
  Eigen::Matrix3Xd saddle;       ///< empty unless a saddle was found
  Eigen::Matrix3Xd final_state;  ///< empty unless the final minimum was found
  Eigen::Matrix3Xd mode;         ///< empty unless a saddle was found
};

/// S searches saddles with force provider C (a calculator, or a local_calculator).
template <class S, class C>
concept saddle_search_for = force_provider<C> &&
    requires(const S& s, C& calc, const system& minimum, const search_start& start) {
      typename S::parameters;
      { s.param } -> std::convertible_to<typename S::parameters>;
      { s.search(calc, minimum, start) } -> std::same_as<saddle_result>;
    };

/// Seed of search (centre, trial) in a campaign with seed `campaign_seed` (splitmix64 mixing):
/// depends on nothing else, so results do not depend on thread counts or restarts.
constexpr std::uint64_t search_seed(std::uint64_t campaign_seed, long center, int trial) {
  auto mix = [](std::uint64_t z) {
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  };
  return mix(mix(mix(campaign_seed) ^ std::uint64_t(center)) ^ std::uint64_t(std::uint32_t(trial)));
}

}  // namespace pelkit
