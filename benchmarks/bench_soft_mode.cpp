// Soft-mode parameter Ψ of every atom (both forms) for a minimised glass: analytic Hessian
// (sparse assembly, then dense) and the Cholesky route of pelkit/descriptor/soft_mode.hpp, on
// 1 and 2 threads. The reference it replaces, a dense eigendecomposition of the 3N×3N dynamical
// matrix, is timed for N ≤ 1000 only (it grows as (3N)³ with a large constant).
//
//   PELKIT_BENCH_PSI_DATA  minimised configurations, comma-separated
//                          (default examples/data/cu50zr50_4000.data)
//   PELKIT_BENCH_POTENTIAL potential file (default /usr/share/lammps/potentials/CuZr_mm.eam.fs)
#include <pelkit/core/parallel.hpp>
#include <pelkit/descriptor/soft_mode.hpp>
#include <pelkit/hessian/hessian.hpp>
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>

#include <benchmark/benchmark.h>

#include "common.hpp"

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace {

using pelkit_bench::env_or;
using pelkit_bench::potential;

std::vector<std::string> data_files() {
  std::vector<std::string> out;
  std::stringstream ss(env_or("PELKIT_BENCH_PSI_DATA", std::string(PELKIT_SOURCE_DIR) + "/examples/data/cu50zr50_4000.data"));
  for (std::string f; std::getline(ss, f, ',');) out.push_back(f);
  return out;
}

pelkit::system load(const std::string& file) {
  pelkit::system s = pelkit::read_lammps_data(file);
  if (s.type_names[0].empty()) s.type_names = {"Cu", "Zr"};
  return s;
}

/// range(0): file index, range(1): threads. Hessian assembly + Ψ (both forms).
void soft_modes(benchmark::State& state) {
  const pelkit::system s = load(data_files()[std::size_t(state.range(0))]);
  pelkit::set_thread_count(int(state.range(1)));
  Eigen::setNbThreads(int(state.range(1)));
  auto calc = pelkit::calculator(potential());
  for (auto _ : state) {
    const Eigen::MatrixXd H(pelkit::hessian(calc, s));
    const auto r = pelkit::soft_modes(H, s);
    benchmark::DoNotOptimize(r.psi_dynamical.data());
  }
  state.counters["atoms"] = double(s.size());
  state.counters["matrix_GB"] = 9.0 * double(s.size()) * double(s.size()) * 8 / 1e9;
}

/// The dense eigendecomposition route, for comparison (small systems only).
void soft_modes_by_eigendecomposition(benchmark::State& state) {
  const pelkit::system s = load(data_files()[std::size_t(state.range(0))]);
  if (s.size() > 1000) {
    state.SkipWithError("more than 1000 atoms: the eigendecomposition would take many minutes");
    return;
  }
  auto calc = pelkit::calculator(potential());
  for (auto _ : state) {
    const Eigen::MatrixXd H(pelkit::hessian(calc, s));
    const auto v = pelkit::vibrational_analysis(H, pelkit::atom_masses(s));
    benchmark::DoNotOptimize(v.modes.data());
  }
}

void files(benchmark::internal::Benchmark* b) {
  for (long k = 0; k < long(data_files().size()); ++k)
    for (long t : {1L, 2L}) b->Args({k, t});
}

}  // namespace

BENCHMARK(soft_modes)->Apply(files)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);
BENCHMARK(soft_modes_by_eigendecomposition)->DenseRange(0, 0)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

BENCHMARK_MAIN();
