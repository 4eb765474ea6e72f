// Force evaluation speed: EAM (CuZr_mm.eam.fs) on the bundled 4000-atom Cu50Zr50 glass.
// Compared with LAMMPS by compare_lammps.py, which runs this program and LAMMPS on the same
// configuration and prints the ratios. Arguments: the number of OpenMP threads.
//
//   PELKIT_BENCH_DATA      configuration (default examples/data/cu50zr50_4000.data)
//   PELKIT_BENCH_POTENTIAL potential file (default /usr/share/lammps/potentials/CuZr_mm.eam.fs)
#include <pelkit/core/parallel.hpp>
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>

#include <benchmark/benchmark.h>

#include "common.hpp"

#include <cstdlib>
#include <string>

namespace {

using pelkit_bench::env_or;
using pelkit_bench::potential;

const pelkit::system& glass() {
  static const pelkit::system s = pelkit::read_lammps_data(
      pelkit_bench::data_path());
  return s;
}

/// One force evaluation (energy, forces, virial) with a prebuilt neighbour list, as LAMMPS's
/// `run N` with no fixes does.
void eam_forces(benchmark::State& state) {
  pelkit::set_thread_count(int(state.range(0)));
  auto calc = pelkit::calculator(potential(), 1.0);
  calc.compute(glass());
  for (auto _ : state) benchmark::DoNotOptimize(calc.compute(glass()).energy);
  state.counters["atoms"] = double(glass().size());
  state.counters["pairs_half_list"] = double(calc.neighbors().pair_count());
}
BENCHMARK(eam_forces)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

/// Energy only (no forces, no virial): what a line search needs.
void eam_energy(benchmark::State& state) {
  pelkit::set_thread_count(int(state.range(0)));
  auto calc = pelkit::calculator(potential(), 1.0);
  calc.compute(glass());
  for (auto _ : state) benchmark::DoNotOptimize(calc.compute(glass(), {false, false, false}).energy);
}
BENCHMARK(eam_energy)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

/// Neighbour-list build (cell binning, rc + skin = 8.6 Å).
void neighbor_build(benchmark::State& state) {
  pelkit::set_thread_count(int(state.range(0)));
  pelkit::verlet_list list({potential().cutoff(), 1.0, pelkit::list_kind::half});
  for (auto _ : state) {
    list.build(glass().box, glass().positions);
    benchmark::DoNotOptimize(list.pair_count());
  }
  state.counters["neighbors_per_atom"] = double(list.pair_count()) / double(glass().size());
}
BENCHMARK(neighbor_build)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
