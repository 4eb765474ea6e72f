// Saddle-search campaign benchmark: ART nouveau (all atoms, and local events in a 10 Å region
// with local_calculator, fixed or polished on every atom) and the dimer method on the bundled 4000-atom Cu50Zr50 glass (CuZr_mm),
// the same centres and seeds for each.
//
//   PELKIT_ART_SEARCHES  searches per variant (default 6: centres 0, 667, 1334, ...)
//
// Each iteration runs all searches on one thread. Counters:
//   calls_mean, calls_median  force calls per converged saddle (search and validation)
//   success                   fraction of searches that reached a saddle and a final minimum
//   validated                 fraction with the saddle's proof (λ1 < 0 < λ2, return to start)
//   s_per_search              wall time per search, s
//   campaign_h_2cores         projected hours for 40,000 searches on two cores (10 per atom)
//   mean_EA_eV                mean barrier of the converged events
// Wall times on this shared 2-core VM are noisy; the force-call counts are not.
#include <pelkit/core/parallel.hpp>
#include <pelkit/minimize/lbfgs.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/local_calculator.hpp>
#include <pelkit/saddle/art_nouveau.hpp>
#include <pelkit/saddle/dimer.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>

#include "common.hpp"

namespace {

using pelkit_bench::potential;

const pelkit::system& glass() {
  static const pelkit::system s = [] {
    pelkit::system g = pelkit::read_lammps_data(pelkit_bench::data_path());
    auto calc = pelkit::calculator(potential());
    pelkit::lbfgs{}.minimize(calc, g, {.fmax = 1e-6});
    return g;
  }();
  return s;
}

long searches() { return std::stol(pelkit_bench::env_or("PELKIT_ART_SEARCHES", "6")); }

template <class Search, class Calc>
void run(benchmark::State& state, const Search& search, Calc& calc) {
  pelkit::set_thread_count(1);
  const pelkit::system& g = glass();
  const long n = searches();
  std::vector<double> calls;
  double ok = 0, validated = 0, wall = 0, ea = 0, local = 0, all = 0;
  pelkit::search_costs phase;
  for (auto _ : state) {
    calls.clear();
    ok = validated = ea = local = all = 0;
    phase = {};
    const auto t0 = std::chrono::steady_clock::now();
    for (long k = 0; k < n; ++k) {
      const long center = k * long(g.size()) / n;
      const auto r = search.search(calc, g, {center, 0, pelkit::search_seed(1, center, 0)});
      all += double(r.event.force_calls);
      local += double(r.event.force_calls_local);
      phase.basin += r.costs.basin, phase.activation += r.costs.activation, phase.polish += r.costs.polish;
      phase.refine += r.costs.refine, phase.minimize += r.costs.minimize, phase.proof += r.costs.proof;
      if (!r.event.ok()) continue;
      ++ok;
      validated += r.event.validated;
      ea += r.event.e_sad_ini;
      calls.push_back(double(r.event.force_calls));
    }
    wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  std::sort(calls.begin(), calls.end());
  double mean = 0;
  for (double c : calls) mean += c;
  state.counters["calls_mean"] = calls.empty() ? 0 : mean / double(calls.size());
  state.counters["calls_median"] = calls.empty() ? 0 : calls[calls.size() / 2];
  state.counters["success"] = ok / double(n);
  state.counters["validated"] = validated / double(n);
  state.counters["s_per_search"] = wall / double(n);
  state.counters["campaign_h_2cores"] = 40000.0 * wall / double(n) / 2 / 3600;
  state.counters["mean_EA_eV"] = ok ? ea / ok : 0;
  // per search (all searches, failed ones included): region-only calls and the calls by phase
  const double per = 1.0 / double(n);
  state.counters["local_calls"] = local * per;
  state.counters["full_calls"] = (all - local) * per;
  state.counters["basin"] = double(phase.basin) * per;
  state.counters["activation"] = double(phase.activation) * per;
  state.counters["polish"] = double(phase.polish) * per;
  state.counters["refine"] = double(phase.refine) * per;
  state.counters["minimize"] = double(phase.minimize) * per;
  state.counters["proof"] = double(phase.proof) * per;
}

void art_all_atoms(benchmark::State& state) {
  auto calc = pelkit::calculator(potential());
  run(state, pelkit::art_nouveau{}, calc);
}
BENCHMARK(art_all_atoms)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

/// The local-event mode of `pelkit art` and the study (docs/saddle.md, "Local events").
void art_local_events(benchmark::State& state) {
  auto calc = pelkit::calculator(potential());
  pelkit::art_nouveau art;
  art.param = pelkit::art_nouveau::local_events();
  run(state, art, calc);
}
BENCHMARK(art_local_events)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

/// Local events in a region of range(0) Å with local_calculator: fixed (range(1) = 0; frozen
/// boundary, biased) or, with range(1) = 1, polished on every atom until the force on every atom
/// at the saddle is below the threshold (the default region_growth).
void art_region_local(benchmark::State& state) {
  pelkit::local_calculator<pelkit::eam> calc(potential());
  pelkit::art_nouveau art;
  art.param = pelkit::art_nouveau::local_events();
  art.param.region_radius = double(state.range(0));
  if (!state.range(1)) art.param.region_growth = 0;
  run(state, art, calc);
}
BENCHMARK(art_region_local)->Args({10, 0})->Args({10, 1})->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

/// The reference scheme (pARTn / BigDFT / eOn; docs/saddle.md) in a 10 Å region polished on
/// every atom, for comparison with art_region_local/10/1.
void art_region_reference(benchmark::State& state) {
  pelkit::local_calculator<pelkit::eam> calc(potential());
  pelkit::art_nouveau art;
  art.param = pelkit::art_nouveau::reference_scheme();
  art.param.region_radius = 10;
  run(state, art, calc);
}
BENCHMARK(art_region_reference)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

void dimer_all_atoms(benchmark::State& state) {
  auto calc = pelkit::calculator(potential());
  run(state, pelkit::dimer_search{}, calc);
}
BENCHMARK(dimer_all_atoms)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
