// Dimer starts for a side-by-side comparison with ASE's dimer (benchmarks/compare_ase_dimer.py).
//
//   dimer_starts GLASS.data N OUTDIR
//
// Minimises GLASS.data with L-BFGS (fmax 1e-8 eV/Å, CuZr_mm EAM, or PELKIT_BENCH_POTENTIAL) and
// writes OUTDIR/minimum.data. For N centres k*natoms/N (trial 0, seed search_seed(1, centre, 0))
// writes the initial displacement dimer_search starts from (Å, one "dx dy dz" row per atom, file
// order) to OUTDIR/start_<centre>.txt, then runs dimer_search (default parameters, one thread) and
// writes one JSON line per search to OUTDIR/pelkit.jsonl:
//   centre, status, force_calls (every evaluation: start check, dimer, minimisations, validation),
//   calls_to_saddle (evaluations up to and including the rotations at the converged saddle, the
//   start check at the minimum excluded), calls_to_saddle_checked (rerunning with exactly that
//   budget reaches the same saddle and with one call less does not), e_sad_ini (eV),
//   force_saddle (eV/Å, 3N 2-norm), lambda1 (eV/Å²), e_fin_ini (eV), wall_s, validated, validation.
// The saddle (Å, one "x y z" row per atom) goes to OUTDIR/saddle_<centre>.txt when one was found.
// Not a Google Benchmark program: it is a data generator, run by compare_ase_dimer.py.
#include <pelkit/core/parallel.hpp>
#include <pelkit/minimize/lbfgs.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/saddle/dimer.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <numeric>
#include <string>
#include <vector>

#include "common.hpp"

namespace {

/// FNV-1a over the bytes of a position matrix: identifies a configuration exactly.
std::uint64_t fingerprint(const Eigen::Matrix3Xd& x) {
  std::uint64_t h = 1469598103934665603ull;
  const auto* p = reinterpret_cast<const unsigned char*>(x.data());
  for (std::size_t i = 0; i < std::size_t(x.size()) * sizeof(double); ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

/// Forwards to a calculator and records, per evaluation, the configuration's fingerprint and
/// its 3N distance (Å) from the previous evaluation's positions. Lets the program count the
/// evaluations a search spent before its converged saddle.
template <class C>
struct recording_calculator {
  C& calc;
  std::vector<std::uint64_t> prints;
  std::vector<double> step;  ///< Å, |x_k − x_{k−1}|, NaN for the first
  Eigen::Matrix3Xd last;

  const pelkit::evaluation& compute(const pelkit::system& s, const pelkit::request& req) {
    prints.push_back(fingerprint(s.positions));
    step.push_back(last.cols() == s.positions.cols() ? (s.positions - last).norm() : std::nan(""));
    last = s.positions;
    return calc.compute(s, req);
  }
  long evaluations() const { return calc.evaluations(); }
  void rebuild_neighbors(const pelkit::periodic_box& box, const Eigen::Matrix3Xd& x) { calc.rebuild_neighbors(box, x); }
  void clear() {
    prints.clear();
    step.clear();
    last.resize(3, 0);
  }
};

/// The initial displacement of dimer_search::run (Å, 3×N): initial_displacement of the centre's
/// cluster with normal_rng(seed) on the landscape the dimer walks on (every atom mobile, the
/// rigid translation removed). No force call.
template <class C>
Eigen::Matrix3Xd start_displacement(C& calc, const pelkit::system& g, const pelkit::dimer_search::parameters& p,
                                    const pelkit::search_start& start) {
  std::vector<int> all(g.size());
  std::iota(all.begin(), all.end(), 0);
  const pelkit::region_landscape<C> L(calc, g, std::move(all), 0);
  pelkit::normal_rng rng(start.seed);
  const auto cluster = pelkit::atoms_near(g, start.center, p.neighbor_radius);
  return L.full_vector(pelkit::initial_displacement(L, cluster, p.perturbation_norm, rng));
}

/// Writes a 3×N matrix (Å) as one "x y z" row per atom, full precision.
void write_rows(const std::filesystem::path& path, const Eigen::Matrix3Xd& m) {
  std::ofstream f(path);
  char buf[96];
  for (Eigen::Index i = 0; i < m.cols(); ++i) {
    std::snprintf(buf, sizeof buf, "%.17g %.17g %.17g\n", m(0, i), m(1, i), m(2, i));
    f << buf;
  }
}

std::string json_number(double x) {
  if (!std::isfinite(x)) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", x);
  return buf;
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc != 4) {
    std::cerr << "usage: dimer_starts GLASS.data N OUTDIR\n";
    return 2;
  }
  const std::string data = argv[1];
  const long n = std::stol(argv[2]);
  const std::filesystem::path out = argv[3];
  std::filesystem::create_directories(out);
  pelkit::set_thread_count(1);

  pelkit::system g = pelkit::read_lammps_data(data);
  auto calc = pelkit::calculator(pelkit_bench::potential());
  const auto mr = pelkit::lbfgs{}.minimize(calc, g, {.fmax = 1e-8});
  std::cerr << "minimum: " << mr.reason << ", E = " << mr.energy_final << " eV, " << g.size() << " atoms\n";
  pelkit::write_lammps_data((out / "minimum.data").string(), g);
  // Read it back so the searches start from exactly the configuration ASE gets.
  g = pelkit::read_lammps_data((out / "minimum.data").string());

  const pelkit::dimer_search dimer;
  recording_calculator<decltype(calc)> rec{calc, {}, {}, {}};
  std::ofstream jsonl(out / "pelkit.jsonl");
  for (long k = 0; k < n; ++k) {
    const long center = k * long(g.size()) / n;
    const pelkit::search_start start{center, 0, pelkit::search_seed(1, center, 0)};
    const Eigen::Matrix3Xd d = start_displacement(calc, g, dimer.param, start);
    write_rows(out / ("start_" + std::to_string(center) + ".txt"), d);
    rec.clear();
    const auto r = dimer.search(rec, g, start);
    // Calls to the saddle: the last evaluation at the converged centre (exact fingerprint), plus
    // the dimer-image evaluations right after it (each within 2 ΔR of the previous one; the
    // push off the saddle is at least push_step away); the start check (call 1) excluded.
    long to_saddle = -1;
    if (r.saddle.cols()) {
      const std::uint64_t h = fingerprint(r.saddle);
      for (long i = long(rec.prints.size()) - 1; i >= 0; --i)
        if (rec.prints[std::size_t(i)] == h) {
          long j = i + 1;
          while (j < long(rec.step.size()) && rec.step[std::size_t(j)] <= 2.5 * dimer.param.dimer_separation) ++j;
          to_saddle = j - 1;  // j evaluations, the first one the start check
          break;
        }
    }
    // Check of calls_to_saddle: with a budget of exactly that many calls (plus the start check)
    // the search reaches the same saddle; with one call less it does not.
    bool checked = false;
    if (to_saddle > 0) {
      pelkit::dimer_search capped = dimer;
      capped.param.max_force_calls = to_saddle + 1;
      const auto r1 = capped.search(calc, g, start);
      capped.param.max_force_calls = to_saddle;
      const auto r0 = capped.search(calc, g, start);
      checked = r1.saddle.cols() && r1.saddle == r.saddle && !r0.saddle.cols();
    }
    if (r.saddle.cols()) write_rows(out / ("saddle_" + std::to_string(center) + ".txt"), r.saddle);  // for comparing saddles
    const auto& e = r.event;
    jsonl << "{\"centre\": " << center << ", \"status\": \"" << e.status << "\", \"force_calls\": " << e.force_calls
          << ", \"calls_to_saddle\": " << (to_saddle >= 0 ? std::to_string(to_saddle) : "null")
          << ", \"calls_to_saddle_checked\": " << (checked ? "true" : "false")
          << ", \"e_sad_ini\": " << json_number(e.e_sad_ini) << ", \"force_saddle\": " << json_number(e.force_saddle)
          << ", \"lambda1\": " << json_number(e.lambda1) << ", \"e_fin_ini\": " << json_number(e.e_fin_ini)
          << ", \"wall_s\": " << json_number(e.wall_s) << ", \"validated\": " << (e.validated ? "true" : "false")
          << ", \"validation\": \"" << e.validation << "\"}\n";
    jsonl.flush();
    std::cerr << "centre " << center << ": " << e.status << ", " << e.force_calls << " calls (" << to_saddle
              << " to saddle), E_sad-E_ini = " << e.e_sad_ini << " eV, " << e.wall_s << " s\n";
  }
  return 0;
} catch (const std::exception& ex) {
  std::cerr << "dimer_starts: " << ex.what() << "\n";
  return 1;
}
