// ART nouveau on surfaces with known saddles: a 2D double well, the Müller–Brown surface and a
// vacancy hop in an fcc Lennard-Jones crystal (barrier checked against the nudged elastic band).
#include <pelkit/potential/local_calculator.hpp>
#include <pelkit/saddle/art_nouveau.hpp>
#include <pelkit/saddle/neb.hpp>

#include <doctest/doctest.h>

#include "model_surfaces.hpp"

using namespace pelkit;
using namespace pelkit::testing;

namespace {

art_nouveau tight_art() {
  art_nouveau art;
  art.param.saddle_force = 1e-5;   // converge fully: the energy then matches the exact saddle
  art.param.minimize_fmax = 1e-7;
  art.param.minimum_fmax = 1e-6;
  return art;
}

}  // namespace

TEST_CASE("ART finds the saddle of a 2D double well and the minimum across it") {
  double_well calc;
  const auto& w = calc.surface;
  const pelkit::system start = one_atom_system({-1.0, w.c, 0.0});
  const art_nouveau art = tight_art();
  int found = 0;
  for (int trial = 0; trial < 6; ++trial) {
    const saddle_result r = art.search(calc, start, {0, trial, search_seed(3, 0, trial)});
    INFO("trial " << trial << ": " << r.event.status);
    if (!r.event.ok()) continue;
    ++found;
    CHECK(r.event.e_sad_ini == doctest::Approx(w.h).epsilon(1e-8));
    CHECK(r.saddle.col(0).norm() < 1e-4);
    CHECK(r.event.lambda1 == doctest::Approx(-4 * w.h).epsilon(1e-3));
    CHECK(r.event.lambda2 > 0);
    CHECK(r.event.validated);
    CHECK(r.final_state(0, 0) == doctest::Approx(1.0).epsilon(1e-5));
    CHECK(std::abs(r.event.e_fin_ini) < 1e-10);
    CHECK(r.event.delta == doctest::Approx((r.final_state - start.positions).norm()));
    CHECK(std::abs(r.mode(0, 0)) > 0.99);  // the unstable mode points along x …
    CHECK(r.mode(0, 0) > 0);               // … towards the final state
  }
  CHECK(found >= 3);
}

TEST_CASE("ART on the Müller–Brown surface: every saddle is a known one, the proven ones lead from A to C") {
  muller_brown calc;
  calc.kz = 20;  // eV/Å²: keep z stiffer than the surface's in-plane modes
  const auto ma = muller_brown_minimum_a(), mc = muller_brown_minimum_c();
  const auto s1 = muller_brown_saddle_1(), s2 = muller_brown_saddle_2();
  const pelkit::system start = one_atom_system(on_plane(ma.position));
  art_nouveau art = tight_art();
  art.param.perturbation_norm = 0.3;  // Å: the surface's features are ~1 Å apart
  int validated = 0;
  for (int trial = 0; trial < 10; ++trial) {
    const saddle_result r = art.search(calc, start, {0, trial, search_seed(5, 0, trial)});
    INFO("trial " << trial << ": " << r.event.status << ", saddle at " << r.saddle.transpose());
    if (!r.event.ok()) continue;
    const Eigen::Vector2d at = r.saddle.col(0).head<2>();
    const bool is_s1 = (at - s1.position).norm() < 1e-4, is_s2 = (at - s2.position).norm() < 1e-4;
    CHECK((is_s1 || is_s2));
    CHECK(r.event.e_sad_ini == doctest::Approx((is_s1 ? s1 : s2).energy - ma.energy).epsilon(1e-8));
    CHECK(r.event.validated == is_s1);  // S2 is not connected to A
    if (!r.event.validated) continue;
    ++validated;
    CHECK(r.event.e_fin_ini == doctest::Approx(mc.energy - ma.energy).epsilon(1e-8));
  }
  MESSAGE("Müller–Brown: " << validated << " of 10 ART searches proven to cross S1");
  CHECK(validated >= 2);
}

TEST_CASE("ART finds the vacancy hop in fcc Lennard-Jones with the nudged-elastic-band barrier") {
  const vacancy_hop hop = lj_vacancy_hop();
  auto calc = calculator(vacancy_lj());
  art_nouveau art;
  art.param.minimum_fmax = 1e-5;
  art.param.saddle_force = 1e-3;  // eV/Å, tight enough for a 1e-4 eV barrier
  art.param.minimize_fmax = 1e-5;
  const double a = 3.62;
  int hops = 0;
  for (int trial = 0; trial < 8 && hops < 2; ++trial) {
    const saddle_result r = art.search(calc, hop.initial, {hop.hopping_atom, trial, search_seed(9, hop.hopping_atom, trial)});
    INFO("trial " << trial << ": " << r.event.status << " Ea " << r.event.e_sad_ini << " dE " << r.event.e_fin_ini
                  << " delta " << r.event.delta);
    if (!r.event.ok() || !r.event.validated) continue;
    CHECK(r.event.force_saddle < art.param.saddle_force);
    // a vacancy hop: an equivalent state, one atom moved by about a nearest-neighbour distance
    if (std::abs(r.event.e_fin_ini) > 1e-6 || std::abs(r.event.delta - a / std::sqrt(2.0)) > 0.5) continue;
    ++hops;
    const neb_result band = vacancy_hop_band(calc, hop, r.final_state);
    REQUIRE(band.converged);
    CHECK(r.event.e_sad_ini == doctest::Approx(band.barrier).epsilon(1e-3));
    CHECK(r.event.e_fin_sad == doctest::Approx(-band.barrier).epsilon(1e-3));  // symmetric hop
  }
  CHECK(hops >= 1);
}

TEST_CASE("ART in a region: a local_calculator walks the same landscape, frozen atoms stay put, growth converges all") {
  const vacancy_hop hop = lj_vacancy_hop();
  art_nouveau art;
  art.param.minimum_fmax = 1e-5;
  art.param.saddle_force = 1e-3;
  art.param.minimize_fmax = 1e-5;
  art.param.region_radius = 5;
  art.param.region_growth = 0;  // fixed: only the atoms within 5 Å of the hopping atom move
  const auto region = atoms_near(hop.initial, hop.hopping_atom, art.param.region_radius);
  REQUIRE(region.size() < hop.initial.size() / 2);
  std::vector<char> mobile(hop.initial.size(), 0);
  for (int i : region) mobile[std::size_t(i)] = 1;
  auto full = calculator(vacancy_lj());
  local_calculator local(vacancy_lj());
  int compared = 0;
  for (int trial = 0; trial < 3; ++trial) {
    const search_start start{hop.hopping_atom, trial, search_seed(5, hop.hopping_atom, trial)};
    const saddle_result a = art.search(full, hop.initial, start);
    const saddle_result b = art.search(local, hop.initial, start);
    INFO("trial " << trial << ": " << a.event.status << " / " << b.event.status);
    REQUIRE(a.event.status == b.event.status);
    if (!b.event.ok()) continue;
    ++compared;
    // the same search: local energies equal full ones to rounding, so the walk is the same
    CHECK(b.event.e_sad_ini == doctest::Approx(a.event.e_sad_ini).epsilon(1e-6).scale(1));
    CHECK(b.event.e_fin_ini == doctest::Approx(a.event.e_fin_ini).epsilon(1e-6).scale(1));
    for (std::size_t i = 0; i < hop.initial.size(); ++i)
      if (!mobile[i]) {
        CHECK(b.saddle.col(Eigen::Index(i)) == hop.initial.positions.col(Eigen::Index(i)));
        CHECK(b.final_state.col(Eigen::Index(i)) == hop.initial.positions.col(Eigen::Index(i)));
      }
  }
  CHECK(compared >= 1);

  // Growing (by default at once to every atom) until the force on every atom is converged.
  art.param.region_growth = art_nouveau::parameters{}.region_growth;
  int converged = 0;
  for (int trial = 0; trial < 3; ++trial) {
    const saddle_result r = art.search(local, hop.initial, {hop.hopping_atom, trial, search_seed(5, hop.hopping_atom, trial)});
    if (!r.event.ok()) continue;
    ++converged;
    CHECK(r.event.force_saddle < art.param.saddle_force);
  }
  CHECK(converged >= 1);
}

TEST_CASE("ART refuses a start that is not a minimum, and records non-finite forces") {
  double_well calc;
  art_nouveau art;
  const pelkit::system off = one_atom_system({-0.8, 0.0, 0.0});  // on the slope
  const saddle_result r = art.search(calc, off, {0, 0, 1});
  CHECK(r.event.status == "not_a_minimum");
  CHECK(std::isnan(r.event.e_sad_ini));
  CHECK(r.event.force_calls == 1);

  art.param.perturbation_norm = 1e3;  // pushes the atom to where the surface overflows
  const saddle_result far = art.search(calc, one_atom_system({-1.0, calc.surface.c, 0.0}), {0, 0, 1});
  CHECK(far.event.status != "ok");
  CHECK(far.event.force_calls >= 1);

  art.param.perturbation_norm = 0;  // no start direction at all
  const saddle_result none = art.search(calc, one_atom_system({-1.0, calc.surface.c, 0.0}), {0, 0, 1});
  CHECK(none.event.status == "non_finite");
  CHECK(none.event.force_calls == 1);  // the start's energy only

  art.param.perturbation_norm = 0.5;
  art.param.max_force_calls = 10;
  const saddle_result tight = art.search(calc, one_atom_system({-1.0, calc.surface.c, 0.0}), {0, 0, 1});
  CHECK(tight.event.status == "max_force_calls");
  CHECK(tight.event.force_calls == 10);
}
