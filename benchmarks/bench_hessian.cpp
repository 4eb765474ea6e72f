// Analytic Hessian speed for the bundled 4000-atom Cu50Zr50 glass with EAM (CuZr_mm.eam.fs):
// building the hessian_operator (second derivatives of every pair, embedding curvatures),
// assembling the sparse 3N×3N matrix, one matrix-free Hessian–vector product, and — for scale —
// one force evaluation with the calculator (neighbour list already built). range(0): threads.
// Counters: nnz and MB of the sparse matrix (values + indices), the operator's MB, and
// hvp_per_force = time of one HVP / time of one force evaluation.
//
//   PELKIT_BENCH_DATA      configuration (default examples/data/cu50zr50_4000.data)
//   PELKIT_BENCH_POTENTIAL potential file (default /usr/share/lammps/potentials/CuZr_mm.eam.fs)
#include <pelkit/core/parallel.hpp>
#include <pelkit/hessian/hessian.hpp>
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>

#include <benchmark/benchmark.h>

#include "common.hpp"

#include <chrono>
#include <cstdlib>
#include <random>
#include <string>

namespace {

using pelkit_bench::env_or;
using pelkit_bench::potential;

const pelkit::system& glass() {
  static const pelkit::system s = pelkit::read_lammps_data(
      pelkit_bench::data_path());
  return s;
}

/// Seconds per force evaluation (mean of `reps`, list already built).
double force_seconds(pelkit::calculator<pelkit::eam>& calc, int reps = 20) {
  calc.compute(glass());
  const auto t0 = std::chrono::steady_clock::now();
  for (int k = 0; k < reps; ++k) benchmark::DoNotOptimize(calc.compute(glass()).forces.data());
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / reps;
}

void force_evaluation(benchmark::State& state) {
  pelkit::set_thread_count(int(state.range(0)));
  auto calc = pelkit::calculator(potential());
  calc.compute(glass());
  for (auto _ : state) benchmark::DoNotOptimize(calc.compute(glass()).forces.data());
}
BENCHMARK(force_evaluation)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void build_operator(benchmark::State& state) {
  pelkit::set_thread_count(int(state.range(0)));
  auto calc = pelkit::calculator(potential());
  calc.compute(glass());
  std::size_t bytes = 0, pairs = 0;
  for (auto _ : state) {
    const pelkit::hessian_operator op(calc, glass());
    bytes = op.bytes(), pairs = op.pair_count();
  }
  state.counters["pairs"] = double(pairs);
  state.counters["operator_MB"] = double(bytes) / 1e6;
}
BENCHMARK(build_operator)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

/// Re-evaluating an existing operator (memory reused), as an ART loop would.
void update_operator(benchmark::State& state) {
  pelkit::set_thread_count(int(state.range(0)));
  auto calc = pelkit::calculator(potential());
  pelkit::hessian_operator op(calc, glass());
  for (auto _ : state) op.update(calc, glass());
}
BENCHMARK(update_operator)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

void assemble_sparse(benchmark::State& state) {
  pelkit::set_thread_count(int(state.range(0)));
  auto calc = pelkit::calculator(potential());
  const pelkit::hessian_operator op(calc, glass());
  Eigen::Index nnz = 0;
  for (auto _ : state) {
    const Eigen::SparseMatrix<double> H = op.sparse();
    nnz = H.nonZeros();
    benchmark::DoNotOptimize(H.valuePtr());
  }
  state.counters["nnz"] = double(nnz);
  state.counters["nnz_per_row"] = double(nnz) / double(op.size());
  state.counters["MB"] = double(nnz) * (sizeof(double) + sizeof(int)) / 1e6;
}
BENCHMARK(assemble_sparse)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void hessian_vector_product(benchmark::State& state) {
  pelkit::set_thread_count(int(state.range(0)));
  auto calc = pelkit::calculator(potential());
  const double tf = force_seconds(calc);
  const pelkit::hessian_operator op(calc, glass());
  Eigen::VectorXd v(op.size());
  std::mt19937_64 rng(1);
  std::normal_distribution<double> g;
  for (auto& x : v) x = g(rng);
  Eigen::VectorXd out(op.size());
  long products = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (auto _ : state) {
    op.apply(v, out);
    benchmark::DoNotOptimize(out.data());
    ++products;
  }
  const double th =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / double(products);
  state.counters["force_ms"] = tf * 1e3;
  state.counters["hvp_per_force"] = th / tf;
}
BENCHMARK(hessian_vector_product)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

/// The same product through the assembled sparse matrix, for comparison.
void sparse_matrix_vector_product(benchmark::State& state) {
  auto calc = pelkit::calculator(potential());
  const Eigen::SparseMatrix<double> H = pelkit::hessian(calc, glass());
  const Eigen::VectorXd v = Eigen::VectorXd::Ones(H.rows());
  Eigen::VectorXd out(H.rows());
  for (auto _ : state) {
    out.noalias() = H * v;
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(sparse_matrix_vector_product)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
