// Structural descriptors on the bundled 4000-atom Cu50Zr50 glass: g(r) (r_max 10 Å, 0.01 Å
// bins) and per-atom s2 (σ 0.2 Å, r_max 7.6 Å, dr 0.02 Å, both forms), on 1 and 2 threads.
// Each iteration includes building the neighbour list.
//
//   PELKIT_BENCH_DATA  configuration (default examples/data/cu50zr50_4000.data)
#include <pelkit/descriptor/radial_distribution.hpp>
#include <pelkit/descriptor/two_body_entropy.hpp>
#include <pelkit/io/lammps_data.hpp>

#include <benchmark/benchmark.h>
#include <omp.h>

#include <cstdlib>
#include <string>

namespace {

const pelkit::system& glass() {
  static const pelkit::system s = [] {
    const char* v = std::getenv("PELKIT_BENCH_DATA");
    return pelkit::read_lammps_data(
        v ? std::string(v) : std::string(PELKIT_SOURCE_DIR) + "/examples/data/cu50zr50_4000.data");
  }();
  return s;
}

void rdf(benchmark::State& state) {
  omp_set_num_threads(int(state.range(0)));
  const pelkit::radial_distribution d({10.0, 0.01});
  for (auto _ : state) benchmark::DoNotOptimize(d.compute(glass()).total.data());
  state.counters["atoms"] = double(glass().size());
}
BENCHMARK(rdf)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void s2(benchmark::State& state) {
  omp_set_num_threads(int(state.range(0)));
  pelkit::s2_settings set;
  set.species_resolved = state.range(1) != 0;
  const pelkit::two_body_entropy d(set);
  for (auto _ : state) benchmark::DoNotOptimize(d.compute(glass()).s2.data());
  state.counters["atoms"] = double(glass().size());
}
BENCHMARK(s2)
    ->ArgNames({"threads", "resolved"})
    ->Args({1, 1})
    ->Args({2, 1})
    ->Args({1, 0})
    ->Args({2, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
