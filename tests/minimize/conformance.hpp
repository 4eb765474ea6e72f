// Shared checks every minimiser must pass (see minimizers.cpp for the instantiations).
#pragma once
#include <pelkit/io/structure.hpp>
#include <pelkit/minimize/concepts.hpp>
#include <pelkit/potential/eam.hpp>
#include <pelkit/potential/lennard_jones.hpp>

#include <doctest/doctest.h>

#include "../support.hpp"

#include <string>

#include "../potential/conformance.hpp"

namespace pelkit::testing {

/// Copper-like Lennard-Jones (ε = 0.4093 eV, σ = 2.338 Å, cutoff 5.5 Å, shifted).
inline lennard_jones lj_copper() { return make_lennard_jones("Cu", 0.4093, 2.338, 5.5); }
/// fcc lattice constant used with lj_copper (close to, not exactly at, zero pressure).
inline constexpr double lj_copper_a = 3.62;

/// 4×4×4 fcc cells (256 atoms) with 0.05 Å rms random displacements.
inline system lj_crystal(double jitter = 0.05, unsigned seed = 7) {
  return perturbed_fcc(4, 4, 4, lj_copper_a, jitter, seed, {"Cu"}, {63.546});
}

inline double lj_perfect_energy() {
  auto calc = calculator(lj_copper());
  return calc.compute(lj_crystal(0.0), {false, false, false}).energy;
}


template <class M>
void check_minimizer(const M& m, bool monotone) {
  static_assert(minimizer<M>);
  SUBCASE("perturbed LJ fcc relaxes to the perfect crystal's energy") {
    system s = lj_crystal();
    auto calc = calculator(lj_copper());
    const minimize_result r = m.minimize(calc, s, {.fmax = 1e-6});
    INFO("reason: ", r.reason, ", iterations ", r.iterations, ", force evaluations ", r.force_evaluations);
    CHECK(r.converged);
    CHECK(r.reason == "fmax");
    CHECK(r.fmax <= 1e-6);
    CHECK(r.energy_final < r.energy_initial);
    const double n = double(s.size());
    CHECK(std::abs(r.energy_final - lj_perfect_energy()) / n < 1e-8);
    // The reported numbers describe the returned positions.
    auto fresh = calculator(lj_copper());
    const evaluation& e = fresh.compute(s);
    CHECK(e.energy == doctest::Approx(r.energy_final).epsilon(1e-12));
    CHECK(detail::max_norm(e.forces) == doctest::Approx(r.fmax).epsilon(1e-6).scale(1e-9));
    CHECK(r.force_evaluations + r.energy_evaluations == calc.evaluations());
  }
  SUBCASE("256-atom Cu-Zr glass with EAM converges to fmax 1e-6 eV/A") {
    system s = read_structure(data_file("cu50zr50_small_256.data"));
    auto calc = calculator(eam::from_file(cuzr));
    const minimize_result r = m.minimize(calc, s, {.fmax = 1e-6});
    INFO("reason: ", r.reason, ", iterations ", r.iterations, ", force evaluations ", r.force_evaluations);
    CHECK(r.converged);
    CHECK(r.fmax <= 1e-6);
    CHECK(r.energy_final < r.energy_initial);
    CHECK(s.positions.allFinite());
    MESSAGE("Cu-Zr 256: E ", r.energy_initial, " -> ", r.energy_final, " eV, ", r.iterations,
            " iterations, ", r.force_evaluations, " force + ", r.energy_evaluations, " energy evaluations");
  }
  if (monotone) {
    SUBCASE("energy never increases between accepted iterations") {
      double previous = 0;
      for (long k = 0; k <= 25; ++k) {
        system s = read_structure(data_file("cu50zr50_small_256.data"));
        auto calc = calculator(eam::from_file(cuzr));
        const minimize_result r = m.minimize(calc, s, {.fmax = 1e-6, .max_iterations = k});
        REQUIRE(r.iterations == k);
        if (k > 0) CHECK(r.energy_final <= previous);
        previous = r.energy_final;
      }
    }
  }
  SUBCASE("overlapping atoms: not converged, a reason, no NaN") {
    system s = lj_crystal();
    s.positions.col(1) = s.positions.col(0);
    const Eigen::Matrix3Xd start = s.positions;
    auto calc = calculator(lj_copper());
    const minimize_result r = m.minimize(calc, s);
    CHECK_FALSE(r.converged);
    CHECK(r.reason.find("non-finite") != std::string::npos);
    CHECK(s.positions.allFinite());
    CHECK(s.positions == start);
  }
  SUBCASE("limits give converged = false with the limit as the reason") {
    system s = lj_crystal();
    auto calc = calculator(lj_copper());
    minimize_result r = m.minimize(calc, s, {.fmax = 1e-12, .max_iterations = 3});
    CHECK_FALSE(r.converged);
    CHECK(r.reason == "max iterations");
    CHECK(r.iterations == 3);
    CHECK(r.energy_final <= r.energy_initial);
    system t = lj_crystal();
    r = m.minimize(calc, t, {.fmax = 1e-12, .max_force_evaluations = 5});
    CHECK_FALSE(r.converged);
    CHECK(r.reason == "max force evaluations");
    CHECK(r.force_evaluations + r.energy_evaluations <= 6);
    CHECK(t.positions.allFinite());
  }
  SUBCASE("energy tolerance stops early and counts as converged") {
    system s = lj_crystal();
    auto calc = calculator(lj_copper());
    const minimize_result r = m.minimize(calc, s, {.fmax = 0, .energy_tolerance = 1e-6});
    CHECK(r.converged);
    CHECK(r.reason == "energy tolerance");
  }
}

}  // namespace pelkit::testing
