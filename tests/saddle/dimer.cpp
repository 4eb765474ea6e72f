// The dimer method on model surfaces with known saddles and on an LJ vacancy hop (against NEB).
#include <pelkit/saddle/dimer.hpp>
#include <pelkit/saddle/neb.hpp>
#include <pelkit/potential/local_calculator.hpp>

#include <doctest/doctest.h>

#include <cmath>

#include "model_surfaces.hpp"

using namespace pelkit;
using namespace pelkit::testing;

static_assert(saddle_search_for<dimer_search, calculator<lennard_jones>>);
static_assert(saddle_search_for<dimer_search, muller_brown>);

namespace {

/// Müller–Brown with a stiff z (20 eV/Å², above the in-plane curvatures at the minima) so the
/// lowest mode at a minimum lies in the plane.
muller_brown stiff_muller_brown() {
  muller_brown calc;
  calc.kz = 20;
  return calc;
}

void check_event_at(const saddle_result& r, const stationary_point& from, const stationary_point& saddle,
                    const stationary_point& to, long calls) {
  const saddle_event& e = r.event;
  INFO("status ", e.status, ", E_sad_ini ", e.e_sad_ini, ", force calls ", e.force_calls);
  REQUIRE(e.ok());
  CHECK(std::abs(e.e_sad_ini - (saddle.energy - from.energy)) < 1e-3);
  CHECK(e.e_fin_ini == doctest::Approx(to.energy - from.energy).epsilon(1e-6));
  CHECK(e.e_fin_sad == doctest::Approx(e.e_fin_ini - e.e_sad_ini).epsilon(1e-12));
  CHECK(e.delta == doctest::Approx((to.position - from.position).norm()).epsilon(1e-3));
  CHECK(e.force_saddle < 0.05);
  CHECK(e.lambda1 == doctest::Approx(saddle.eigenvalues[0]).epsilon(0.1));
  CHECK(std::isnan(e.lambda2));
  CHECK(e.validated);
  CHECK(e.validation == "ok");
  CHECK(e.force_calls == calls);
  CHECK(e.wall_s >= 0);
  REQUIRE(r.saddle.cols() == 1);
  // |F| < 0.05 eV/Å bounds the distance to the saddle by 0.05 / min |λ| (harmonic estimate).
  const double reach = 0.05 / saddle.eigenvalues.cwiseAbs().minCoeff();
  CHECK((r.saddle.col(0).head<2>() - saddle.position).norm() < 1.2 * reach);
  CHECK((r.final_state.col(0).head<2>() - to.position).norm() < 1e-3);
  // The mode is the unstable direction, unit, oriented from the start towards the final state.
  CHECK(r.mode.norm() == doctest::Approx(1.0));
  CHECK(std::abs(r.mode.col(0).head<2>().dot(saddle.lowest_mode)) > 0.99);
  CHECK(r.mode.col(0).head<2>().dot(to.position - from.position) > 0);
}

}  // namespace

TEST_CASE("dimer: Muller-Brown searches from MA reach S1") {
  const auto MA = muller_brown_minimum_a(), S1 = muller_brown_saddle_1(), MC = muller_brown_minimum_c();
  dimer_search dimer;
  int found = 0;
  long calls = 0;
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    muller_brown calc = stiff_muller_brown();
    const auto r = dimer.search(calc, one_atom_system(on_plane(MA.position)), {0, 0, seed});
    INFO("seed ", seed, ": ", r.event.status);
    // A dimer started this way may wander onto the flat outskirts of the surface; it must then
    // say so, not report a saddle.
    if (!r.event.ok()) {
      CHECK((r.event.status == "activation_not_converged" || r.event.status == "max_force_calls" ||
             r.event.status == "non_finite"));  // far out the surface overflows
      CHECK(std::isnan(r.event.e_sad_ini));
      CHECK(r.saddle.size() == 0);
      continue;
    }
    check_event_at(r, MA, S1, MC, calc.evaluations());
    ++found;
    calls += r.event.force_calls;
  }
  CHECK(found >= 4);
  MESSAGE("Muller-Brown dimer MA -> S1: ", found, "/10 found, ", double(calls) / std::max(found, 1),
          " force calls per saddle (minimisations included)");
}

TEST_CASE("dimer: Muller-Brown searches from MC reach S1 or S2") {
  const auto MA = muller_brown_minimum_a(), MB = muller_brown_minimum_b(), MC = muller_brown_minimum_c();
  const auto S1 = muller_brown_saddle_1(), S2 = muller_brown_saddle_2();
  dimer_search dimer;
  int s1 = 0, s2 = 0;
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    muller_brown calc = stiff_muller_brown();
    const auto r = dimer.search(calc, one_atom_system(on_plane(MC.position)), {0, 0, seed});
    if (!r.event.ok()) continue;
    if ((r.saddle.col(0).head<2>() - S1.position).norm() < 0.1) {
      check_event_at(r, MC, S1, MA, calc.evaluations());
      ++s1;
    } else {
      check_event_at(r, MC, S2, MB, calc.evaluations());
      ++s2;
    }
  }
  CHECK(s1 >= 2);
  CHECK(s2 >= 2);
}

TEST_CASE("dimer: double well, analytic saddle") {
  double_well calc;
  calc.kz = 20;
  const double_well_surface& dw = calc.surface;
  const auto left = refine_stationary_point(dw, dw.minimum_left());
  const auto right = refine_stationary_point(dw, dw.minimum_right());
  const auto saddle = refine_stationary_point(dw, dw.saddle());
  int found = 0;
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    const long before = calc.evaluations();
    const auto r = dimer_search{}.search(calc, one_atom_system(on_plane(left.position)), {0, 0, seed});
    if (!r.event.ok()) continue;
    ++found;
    check_event_at(r, left, saddle, right, calc.evaluations() - before);
  }
  CHECK(found >= 3);
}

TEST_CASE("dimer: LJ vacancy hop, same barrier as NEB") {
  const vacancy_hop hop = lj_vacancy_hop();
  auto calc = calculator(vacancy_lj());
  const auto band = neb(calc, hop.initial, hop.final_positions, {.fmax = 1e-3});
  REQUIRE(band.converged);

  dimer_search dimer;
  int hops = 0;
  long calls = 0;
  for (std::uint64_t seed = 0; seed < 6; ++seed) {
    const long before = calc.evaluations();
    const auto r = dimer.search(calc, hop.initial, {hop.hopping_atom, 0, seed});
    const saddle_event& e = r.event;
    INFO("seed ", seed, ": ", e.status, ", E_sad_ini ", e.e_sad_ini, ", E_fin_ini ", e.e_fin_ini, ", delta ", e.delta);
    CHECK(e.force_calls == calc.evaluations() - before);
    if (!e.ok()) continue;
    CHECK(e.lambda1 < 0);
    CHECK(e.force_saddle < 0.05);
    CHECK(e.e_fin_sad == doctest::Approx(e.e_fin_ini - e.e_sad_ini).epsilon(1e-12));
    CHECK(e.delta == doctest::Approx(configuration_distance(hop.initial.box, r.final_state, hop.initial.positions)));
    // A vacancy hop: the final state is the initial one with one neighbour moved into the
    // vacancy (all such hops are equivalent by symmetry), Δ about a nearest-neighbour distance.
    if (std::abs(e.e_fin_ini) < 1e-5 && std::abs(e.delta - 2.518) < 0.05) {
      ++hops;
      calls += e.force_calls;
      CHECK(e.validated);
      CHECK(std::abs(e.e_sad_ini - band.barrier) < 1e-3);
      CHECK(e.lambda1 == doctest::Approx(-5.695).epsilon(0.05));  // Hessian at the NEB saddle
    }
  }
  CHECK(hops >= 3);
  MESSAGE("LJ vacancy hop: NEB barrier ", band.barrier, " eV (", band.force_calls, " force calls); dimer found the hop ",
          hops, "/6 times, ", double(calls) / std::max(hops, 1), " force calls per saddle (minimisations included)");
}

TEST_CASE("dimer: the same seed gives the same event") {
  const vacancy_hop hop = lj_vacancy_hop();
  auto calc = calculator(vacancy_lj());
  const dimer_search dimer;
  const auto a = dimer.search(calc, hop.initial, {hop.hopping_atom, 3, 7});
  const auto b = dimer.search(calc, hop.initial, {hop.hopping_atom, 3, 7});  // calculator reused
  auto fresh = calculator(vacancy_lj());
  const auto c = dimer.search(fresh, hop.initial, {hop.hopping_atom, 3, 7});
  for (const auto* r : {&b, &c}) {
    saddle_event x = a.event, y = r->event;
    x.wall_s = y.wall_s = 0;
    CHECK(to_csv_row(x) == to_csv_row(y));
    CHECK(r->saddle == a.saddle);
    CHECK(r->final_state == a.final_state);
  }
  CHECK(a.event.center == hop.hopping_atom);
  CHECK(a.event.trial == 3);
  CHECK(a.event.seed == 7);
  const auto d = dimer.search(calc, hop.initial, {hop.hopping_atom, 3, 8});
  CHECK(d.event.force_calls != a.event.force_calls);
}

TEST_CASE("dimer: a local_calculator left with a small region is switched to all atoms") {
  const vacancy_hop hop = lj_vacancy_hop();
  auto calc = calculator(vacancy_lj());
  local_calculator local(vacancy_lj());
  pelkit::system other = hop.initial;
  other.positions.col(3) += Eigen::Vector3d(0.1, 0, 0);
  local.set_reference(other);  // a stale reference and region from an earlier search
  local.set_mobile(std::vector<int>{3, 4, 5});
  const dimer_search dimer;
  const auto a = dimer.search(calc, hop.initial, {hop.hopping_atom, 0, 2});
  const auto b = dimer.search(local, hop.initial, {hop.hopping_atom, 0, 2});
  REQUIRE(a.event.ok());
  CHECK(b.event.status == a.event.status);
  CHECK(b.event.e_sad_ini == doctest::Approx(a.event.e_sad_ini).epsilon(1e-9));
  CHECK(b.event.e_fin_ini == doctest::Approx(a.event.e_fin_ini).epsilon(1e-6).scale(1e-9));
  CHECK(b.event.validated == a.event.validated);
}

TEST_CASE("dimer: failures are statuses, not exceptions") {
  const auto MA = muller_brown_minimum_a();
  dimer_search dimer;
  SUBCASE("NaN start -> non_finite") {
    muller_brown calc = stiff_muller_brown();
    pelkit::system s = one_atom_system(on_plane(MA.position));
    s.positions(0, 0) = std::nan("");
    saddle_result r;
    CHECK_NOTHROW(r = dimer.search(calc, s, {0, 0, 1}));
    CHECK(r.event.status == "non_finite");
    CHECK(std::isnan(r.event.e_sad_ini));
    CHECK_FALSE(r.event.validated);
  }
  SUBCASE("NaN start with a real calculator -> non_finite") {
    vacancy_hop hop = lj_vacancy_hop();
    hop.initial.positions(1, 5) = std::numeric_limits<double>::infinity();
    auto calc = calculator(vacancy_lj());
    const auto r = dimer.search(calc, hop.initial, {0, 0, 1});
    CHECK(r.event.status == "non_finite");
  }
  SUBCASE("a start that is not a minimum -> not_a_minimum") {
    muller_brown calc = stiff_muller_brown();
    const auto r = dimer.search(calc, one_atom_system({-0.5, 1.3, 0}), {0, 0, 1});
    CHECK(r.event.status == "not_a_minimum");
    CHECK(r.event.force_calls == 1);
  }
  SUBCASE("a budget of 10 force calls -> max_force_calls") {
    const vacancy_hop hop = lj_vacancy_hop();
    auto calc = calculator(vacancy_lj());
    dimer.param.max_force_calls = 10;
    const auto r = dimer.search(calc, hop.initial, {hop.hopping_atom, 0, 1});
    CHECK(r.event.status == "max_force_calls");
    CHECK(r.event.force_calls == 10);
    CHECK(calc.evaluations() == 10);
  }
  SUBCASE("a budget that runs out in the final minimisation -> max_force_calls") {
    muller_brown calc = stiff_muller_brown();
    const auto full = dimer.search(calc, one_atom_system(on_plane(MA.position)), {0, 0, 0});
    REQUIRE(full.event.ok());
    dimer.param.max_force_calls = full.event.force_calls - 3;
    const auto r = dimer.search(calc, one_atom_system(on_plane(MA.position)), {0, 0, 0});
    CHECK(r.event.status == "max_force_calls");
    CHECK(r.event.force_calls <= dimer.param.max_force_calls);
  }
  SUBCASE("too few translations -> activation_not_converged") {
    muller_brown calc = stiff_muller_brown();
    dimer.param.max_translations = 2;
    const auto r = dimer.search(calc, one_atom_system(on_plane(MA.position)), {0, 0, 0});
    CHECK(r.event.status == "activation_not_converged");
  }
  SUBCASE("validation off") {
    muller_brown calc = stiff_muller_brown();
    dimer.param.validate = false;
    const auto r = dimer.search(calc, one_atom_system(on_plane(MA.position)), {0, 0, 0});
    CHECK(r.event.ok());
    CHECK(r.event.validation == "skipped");
    CHECK_FALSE(r.event.validated);
  }
  SUBCASE("bad arguments throw") {
    muller_brown calc;
    CHECK_THROWS_AS(dimer.search(calc, one_atom_system(on_plane(MA.position)), {5, 0, 0}), pelkit::error);
  }
}
