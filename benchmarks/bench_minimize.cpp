// Minimisation speed: an unrelaxed 4000-atom Cu50Zr50 glass (CuZr_mm.eam.fs) to fmax 1e-6 eV/Å
// with L-BFGS, CG and FIRE 2.0, one thread, at fixed cell. Counters: force and energy-only
// evaluations, iterations, final energy per atom (eV) and fmax (eV/Å). compare_minimize.py
// runs this and LAMMPS `min_style cg` on the same start and prints the ratios.
//
//   PELKIT_BENCH_START     start configuration, used as is (compare_minimize.py writes it)
//   PELKIT_BENCH_DATA      otherwise: this minimised glass (default examples/data/cu50zr50_4000.data)
//                          is displaced by seeded uniform random vectors in [−d, d]³ with
//                          d = 0.1 Å (rms displacement 0.1 Å per atom), seed PELKIT_BENCH_SEED (1)
//   PELKIT_BENCH_POTENTIAL potential file (default /usr/share/lammps/potentials/CuZr_mm.eam.fs)
//   PELKIT_BENCH_FMAX      eV/Å, convergence criterion (default 1e-6)
#include <pelkit/core/parallel.hpp>
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/minimize/conjugate_gradient.hpp>
#include <pelkit/minimize/fire.hpp>
#include <pelkit/minimize/lbfgs.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>

#include <benchmark/benchmark.h>

#include "common.hpp"

#include <cstdlib>
#include <random>
#include <string>

namespace {

using pelkit_bench::env_or;
using pelkit_bench::potential;

/// The bundled glass with every atom displaced uniformly in [−d, d]³ (rms |Δx| = d).
pelkit::system displaced(pelkit::system s, double d, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-d, d);
  for (Eigen::Index k = 0; k < s.positions.size(); ++k) s.positions.data()[k] += u(rng);
  return s;
}

const pelkit::system& start() {
  static const pelkit::system s = [] {
    if (const char* file = std::getenv("PELKIT_BENCH_START")) return pelkit::read_lammps_data(file);
    const auto glass = pelkit::read_lammps_data(
        pelkit_bench::data_path());
    return displaced(glass, 0.1, unsigned(std::stoul(env_or("PELKIT_BENCH_SEED", "1"))));
  }();
  return s;
}

/// One full minimisation per iteration, neighbour list built from scratch (as in LAMMPS).
template <class M>
void minimise(benchmark::State& state) {
  pelkit::set_thread_count(1);
  const double fmax = std::stod(env_or("PELKIT_BENCH_FMAX", "1e-6"));
  pelkit::minimize_result r;
  pelkit::system s;
  for (auto _ : state) {
    state.PauseTiming();
    s = start();
    state.ResumeTiming();
    auto calc = pelkit::calculator(potential(), 1.0);
    r = M{}.minimize(calc, s, {.fmax = fmax});
  }
  state.counters["force_evaluations"] = double(r.force_evaluations);
  state.counters["energy_evaluations"] = double(r.energy_evaluations);
  state.counters["iterations"] = double(r.iterations);
  state.counters["energy_initial_per_atom_eV"] = r.energy_initial / double(s.size());
  state.counters["energy_per_atom_eV"] = r.energy_final / double(s.size());
  state.counters["fmax_eV_per_A"] = r.fmax;
  state.counters["converged"] = r.converged ? 1 : 0;
  state.counters["atoms"] = double(s.size());
}
#define PELKIT_MINIMISE(M, NAME) \
  BENCHMARK(minimise<M>)->Name(NAME)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime()
PELKIT_MINIMISE(pelkit::lbfgs, "minimize/lbfgs");
PELKIT_MINIMISE(pelkit::conjugate_gradient, "minimize/cg");
PELKIT_MINIMISE(pelkit::fire2, "minimize/fire2");

}  // namespace

BENCHMARK_MAIN();
