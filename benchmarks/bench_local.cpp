// Local (mobile-region) force evaluation against a full one: EAM (CuZr_mm.eam.fs) on the
// bundled 4000-atom Cu50Zr50 glass, mobile spheres of radius 6, 8, 10 and 12 Å around one atom.
//
//   full_forces/1          one full evaluation (energy, forces, no virial) on one thread
//   local_forces/R         pelkit::local_calculator, mobile sphere of radius R Å (serial); the
//                          mobile atoms take a random walk of 0.02 Å steps, as in a saddle
//                          search, so the private pair list is rebuilt now and then
//
// Counters: mobile (|M|), builds_per_eval (private-list rebuilds per evaluation).
#include <pelkit/core/parallel.hpp>
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>
#include <pelkit/potential/local_calculator.hpp>

#include <benchmark/benchmark.h>

#include "common.hpp"

#include <random>
#include <vector>

namespace {

using pelkit_bench::potential;

const pelkit::system& glass() {
  static const pelkit::system s = pelkit::read_lammps_data(pelkit_bench::data_path());
  return s;
}

/// Atoms within `radius` Å (minimum image) of the atom closest to the cell centre.
std::vector<int> sphere(const pelkit::system& s, double radius) {
  const Eigen::Vector3d mid = s.box.to_cartesian(Eigen::Vector3d::Constant(0.5));
  int centre = 0;
  double best = 1e300;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (double d = s.box.minimum_image(s.positions.col(i) - mid).norm(); d < best) best = d, centre = int(i);
  std::vector<int> out;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s.box.minimum_image(s.positions.col(i) - s.positions.col(centre)).norm() < radius) out.push_back(int(i));
  return out;
}

void full_forces(benchmark::State& state) {
  pelkit::set_thread_count(int(state.range(0)));
  auto calc = pelkit::calculator(potential(), 1.0);
  calc.compute(glass());
  for (auto _ : state) benchmark::DoNotOptimize(calc.compute(glass(), {true, false, false}).energy);
  state.counters["atoms"] = double(glass().size());
}
BENCHMARK(full_forces)->Arg(1)->Unit(benchmark::kMicrosecond)->UseRealTime();

void local_forces(benchmark::State& state) {
  pelkit::set_thread_count(1);
  const std::vector<int> mobile = sphere(glass(), double(state.range(0)));
  pelkit::local_calculator<pelkit::eam> calc(potential(), 1.0);
  calc.set_reference(glass());
  calc.set_mobile(mobile);
  pelkit::system s = glass();
  std::mt19937_64 rng(1);
  std::normal_distribution<double> g(0, 0.02 / std::sqrt(3.0));
  const long builds0 = calc.list_builds();
  long evals = 0;
  for (auto _ : state) {
    for (int i : mobile) s.positions.col(i) += Eigen::Vector3d(g(rng), g(rng), g(rng));
    benchmark::DoNotOptimize(calc.compute(s, {true, false, false}).energy);
    ++evals;
  }
  state.counters["mobile"] = double(mobile.size());
  state.counters["builds_per_eval"] = double(calc.list_builds() - builds0) / double(std::max(1L, evals));
}
BENCHMARK(local_forces)->Arg(6)->Arg(8)->Arg(10)->Arg(12)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
