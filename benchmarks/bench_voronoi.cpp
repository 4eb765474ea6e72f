// Voronoi analysis speed (pelkit/descriptor/voronoi.hpp, voro++ container_periodic) on the
// bundled 4000-atom Cu50Zr50 glass: full analysis (tessellation, face loops, indices,
// centroids, consistency check), plain and radical (Cu 1.28 Å, Zr 1.60 Å). Single-threaded.
// For comparison, the voro++ command-line program on the same positions:
//   voro++ -p -c "%i %v %s %c %A" xlo xhi ylo yhi zlo zhi positions.txt
//
//   PELKIT_BENCH_DATA  configuration (default examples/data/cu50zr50_4000.data)
#include <benchmark/benchmark.h>

#ifdef PELKIT_HAVE_VORONOI  // defined by the pelkit::voronoi CMake target (voro++ found)
#include <pelkit/descriptor/voronoi.hpp>
#include <pelkit/io/lammps_data.hpp>

#include <cstdlib>
#include <string>

namespace {

const pelkit::system& glass() {
  static const pelkit::system s = [] {
    const char* v = std::getenv("PELKIT_BENCH_DATA");
    return pelkit::read_lammps_data(v ? std::string(v)
                                      : std::string(PELKIT_SOURCE_DIR) + "/examples/data/cu50zr50_4000.data");
  }();
  return s;
}

void voronoi_analysis(benchmark::State& state) {
  pelkit::voronoi_settings set;
  if (state.range(0)) {
    set.radical = true;
    set.radii = {{"Cu", 1.28}, {"Zr", 1.60}};
  }
  const pelkit::voronoi_analysis analysis(set);
  double f_ico = 0;
  for (auto _ : state) {
    const auto r = analysis.compute(glass());
    f_ico = r.f_ico();
    benchmark::DoNotOptimize(f_ico);
  }
  state.counters["atoms"] = double(glass().size());
  state.counters["f_ico"] = f_ico;
  state.counters["time_per_atom"] = benchmark::Counter(
      double(state.iterations()) * double(glass().size()),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(voronoi_analysis)->ArgName("radical")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

/// With every cell's vertices stored.
void voronoi_keep_vertices(benchmark::State& state) {
  pelkit::voronoi_settings set;
  set.keep_vertices = true;
  const pelkit::voronoi_analysis analysis(set);
  for (auto _ : state) benchmark::DoNotOptimize(analysis.compute(glass()).cells.data());
}
BENCHMARK(voronoi_keep_vertices)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
#endif  // PELKIT_HAVE_VORONOI

BENCHMARK_MAIN();
