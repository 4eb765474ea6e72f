// MD speed: NPT steps per second (Nosé–Hoover chain + MTK barostat, as LAMMPS fix npt) for the
// bundled 4000-atom Cu50Zr50 glass with EAM (CuZr_mm.eam.fs), at 300 K (glass) and 1500 K
// (liquid: more neighbour-list rebuilds), 0 GPa, dt 2 fs, 1 and 2 OpenMP threads. Compared with
// LAMMPS by compare_md.py in the same run. Each iteration is one full step (two half kicks,
// barostat, thermostat, force evaluation with the list rebuilt whenever needed).
//
//   PELKIT_BENCH_DATA      configuration (default examples/data/cu50zr50_4000.data)
//   PELKIT_BENCH_POTENTIAL potential file (default /usr/share/lammps/potentials/CuZr_mm.eam.fs)
#include <pelkit/core/parallel.hpp>
#include <pelkit/dynamics/mtk_barostat.hpp>
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

pelkit::system glass_at(double T_K) {
  pelkit::system s = pelkit::read_lammps_data(
      pelkit_bench::data_path());
  pelkit::initialize_velocities(s, T_K, 1);
  return s;
}

/// range(0): threads, range(1): temperature (K). 200 warm-up steps, then timed steps.
void npt_step(benchmark::State& state) {
  pelkit::set_thread_count(int(state.range(0)));
  const double T = double(state.range(1));
  auto calc = pelkit::calculator(potential(), 1.0);
  const auto md = pelkit::npt(0.002, T, 0.0, 0.1, 1.0);
  auto st = md.init(glass_at(T), calc);
  md.run(st, calc, 200);
  const long builds0 = calc.neighbors().builds();
  long steps = 0;
  for (auto _ : state) {
    md.step(st, calc);
    ++steps;
  }
  state.counters["steps_per_s"] = benchmark::Counter(double(steps), benchmark::Counter::kIsRate);
  state.counters["steps_per_rebuild"] = double(steps) / double(std::max(1L, calc.neighbors().builds() - builds0));
}
BENCHMARK(npt_step)->Args({1, 300})->Args({2, 300})->Args({1, 1500})->Args({2, 1500})
    ->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

/// NVE for comparison (no thermostat, no barostat).
void nve_step(benchmark::State& state) {
  pelkit::set_thread_count(int(state.range(0)));
  auto calc = pelkit::calculator(potential(), 1.0);
  const auto md = pelkit::velocity_verlet(0.002);
  auto st = md.init(glass_at(300), calc);
  md.run(st, calc, 100);
  for (auto _ : state) md.step(st, calc);
}
BENCHMARK(nve_step)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
