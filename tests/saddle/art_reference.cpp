// ART nouveau's parameter sets and their new checks on a vacancy hop in fcc Lennard-Jones: the
// reference scheme finds the hop with the nudged-elastic-band barrier; every event records how
// local it is and how many of its force calls were region-only; a basin exit that is never local
// to the centre ends "non_local"; the earlier schemes are what their presets say.
#include <pelkit/potential/local_calculator.hpp>
#include <pelkit/saddle/art_nouveau.hpp>
#include <pelkit/saddle/neb.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "model_surfaces.hpp"

using namespace pelkit;
using namespace pelkit::testing;

namespace {

art_nouveau tight(art_nouveau::parameters p) {
  p.minimum_fmax = 1e-5;
  p.saddle_force = 1e-3;  // eV/Å, tight enough for a 1e-4 eV barrier
  p.refine_force = std::min(p.refine_force, p.saddle_force);
  p.minimize_fmax = 1e-5;
  return art_nouveau{p};
}

/// The reference scheme on the whole (small) crystal: the hop is its softest way out.
art_nouveau::parameters whole_crystal() {
  art_nouveau::parameters p = art_nouveau::reference_scheme();
  p.basin_lanczos_radius = 0;
  return p;
}

search_start hop_start(const vacancy_hop& hop, int trial, std::uint64_t seed = 9) {
  return {hop.hopping_atom, trial, search_seed(seed, hop.hopping_atom, trial)};
}

}  // namespace

TEST_CASE("ART presets: seed_algorithm() is parameters{}, local_events() and reference_scheme() differ as documented") {
  const auto seed = art_nouveau::seed_algorithm(), local = art_nouveau::local_events(), ref = art_nouveau::reference_scheme();
  const art_nouveau::parameters def{};
  CHECK(seed.fixed_push == def.fixed_push);
  CHECK(seed.basin_perp_steps == def.basin_perp_steps);
  CHECK(!def.fixed_push);
  CHECK(def.locality_weight == 0);
  CHECK(def.known_minimum_distance == 0);
  CHECK(def.new_chances == 0);
  CHECK(!def.lanczos.early_quit);
  CHECK(local.fixed_push);
  CHECK(local.basin_lanczos_radius == 5);
  CHECK(local.metabasin_barrier == 0.1);
  CHECK(local.lanczos.max_iterations == 10);
  CHECK(local.basin_perp_steps == 8);
  CHECK(!local.lanczos.early_quit);
  CHECK(ref.lanczos.early_quit);
  CHECK(ref.lanczos.relative_tolerance == 1e-2);
  CHECK(ref.basin_perp_steps == 4);
  CHECK(!ref.basin_perp_early_stop);  // pARTn stops the perpendicular relaxation early in the activation only
  CHECK(ref.exit_eigenvalue == -0.49);
  CHECK(ref.newton_above == 0);
  CHECK(def.exit_eigenvalue == 0);
  CHECK(std::isinf(def.newton_above));
  CHECK(std::isinf(local.newton_above));
  CHECK(local.exit_eigenvalue == 0);
  CHECK(ref.lost_when_positive);
  CHECK(ref.new_chances == 3);
  CHECK(ref.locality_weight == 0.5);
  CHECK(ref.refine_force == ref.saddle_force);
  CHECK(ref.proof_refine_force == 0.01);
  CHECK(ref.known_minimum_distance == 0.05);
}

TEST_CASE("ART reference scheme: the LJ vacancy hop at the NEB barrier, local, with its proof") {
  const vacancy_hop hop = lj_vacancy_hop();
  auto calc = calculator(vacancy_lj());
  art_nouveau::parameters p = whole_crystal();
  const art_nouveau art = tight(p);
  const double a = 3.62;
  int hops = 0, ok = 0;
  for (int trial = 0; trial < 8 && hops < 2; ++trial) {
    const saddle_result r = art.search(calc, hop.initial, hop_start(hop, trial));
    INFO("trial " << trial << ": " << r.event.status << " " << r.event.validation << " Ea " << r.event.e_sad_ini
                  << " dE " << r.event.e_fin_ini << " delta " << r.event.delta);
    if (!r.event.ok()) continue;
    ++ok;
    // every converged event records its locality, and a plain calculator makes no local calls
    CHECK(r.event.most_moved_atom_distance >= 0);
    CHECK(r.event.participation >= 1);
    CHECK(r.event.participation <= double(hop.initial.size()));
    CHECK(r.event.force_calls_local == 0);
    const auto& c = r.costs;
    CHECK(c.basin + c.activation + c.polish + c.refine + c.minimize + c.proof + 1 == r.event.force_calls);
    if (!r.event.validated) continue;
    CHECK(r.event.force_saddle < art.param.saddle_force);
    CHECK(r.event.lambda1 < 0);
    CHECK(r.event.lambda2 > 0);
    if (std::abs(r.event.e_fin_ini) > 1e-6 || std::abs(r.event.delta - a / std::sqrt(2.0)) > 0.5) continue;
    ++hops;
    // the atom that hops is the centre or one of its nearest neighbours (an equivalent hop)
    CHECK(r.event.most_moved_atom_distance < a / std::sqrt(2.0) + 0.3);
    CHECK(r.event.participation < 6);  // one atom moves, its neighbours a little
    const neb_result band = vacancy_hop_band(calc, hop, r.final_state);
    REQUIRE(band.converged);
    CHECK(r.event.e_sad_ini == doctest::Approx(band.barrier).epsilon(1e-3));
  }
  CHECK(ok >= 1);
  CHECK(hops >= 1);
}

TEST_CASE("ART: a negative mode that is never local to the centre ends the search as non_local") {
  const vacancy_hop hop = lj_vacancy_hop();
  auto calc = calculator(vacancy_lj());
  art_nouveau::parameters p = whole_crystal();
  p.locality_radius = 1e-3;  // Å: only the centre itself counts as near ...
  p.locality_weight = 0.99;  // ... and it must carry 99% of the mode: no collective mode does
  p.max_basin_steps = 12;
  p.max_attempts = 1;
  const art_nouveau art = tight(p);
  int non_local = 0;
  for (int trial = 0; trial < 3; ++trial) {
    const saddle_result r = art.search(calc, hop.initial, hop_start(hop, trial));
    INFO("trial " << trial << ": " << r.event.status);
    CHECK(r.event.status != "ok");
    non_local += r.event.status == "non_local";
  }
  CHECK(non_local >= 1);
}

TEST_CASE("ART in a region counts its region-only force calls") {
  const vacancy_hop hop = lj_vacancy_hop();
  art_nouveau::parameters p = whole_crystal();
  p.region_radius = 5;
  p.region_growth = 0;
  const art_nouveau art = tight(p);
  local_calculator local(vacancy_lj());
  int ok = 0;
  for (int trial = 0; trial < 3; ++trial) {
    const saddle_result r = art.search(local, hop.initial, hop_start(hop, trial, 5));
    INFO("trial " << trial << ": " << r.event.status);
    if (!r.event.ok()) continue;
    ++ok;
    // a fixed region: every call but the whole-system force norm at the saddle is region-only
    CHECK(r.event.force_calls_local == r.event.force_calls - 1);
    CHECK(r.event.most_moved_atom_distance <= p.region_radius);
  }
  CHECK(ok >= 1);
}

TEST_CASE("ART: the basin is left only below exit_eigenvalue") {
  // the LJ vacancy hop's exit mode is not below −1e3 eV/Å² anywhere along the push: with that
  // exit every search runs out of basin steps; with the threshold alone the same searches leave
  const vacancy_hop hop = lj_vacancy_hop();
  auto calc = calculator(vacancy_lj());
  art_nouveau::parameters p = whole_crystal();
  p.locality_weight = 0;
  p.max_basin_steps = 15;
  p.max_attempts = 1;
  p.new_chances = 0;
  p.exit_eigenvalue = -1e3;
  const art_nouveau deep = tight(p);
  p.exit_eigenvalue = 0;
  const art_nouveau shallow = tight(p);
  int left = 0;
  for (int trial = 0; trial < 3; ++trial) {
    const search_start st = hop_start(hop, trial);
    const saddle_result d = deep.search(calc, hop.initial, st);
    INFO("trial " << trial << ": " << d.event.status);
    CHECK(d.event.status == "basin_exit_failed");
    left += shallow.search(calc, hop.initial, st).event.status != "basin_exit_failed";
  }
  CHECK(left >= 1);
}

TEST_CASE("ART: the reference activation and L-BFGS activation reach the same LJ vacancy-hop saddle by different walks") {
  const vacancy_hop hop = lj_vacancy_hop();
  auto calc = calculator(vacancy_lj());
  art_nouveau::parameters p = whole_crystal();
  p.newton_above = 0;
  const art_nouveau newton = tight(p);
  p.newton_above = std::numeric_limits<double>::infinity();
  const art_nouveau lbfgs_steps = tight(p);
  int same = 0;
  for (int trial = 0; trial < 6 && same < 1; ++trial) {
    const search_start st = hop_start(hop, trial);
    const saddle_result a = newton.search(calc, hop.initial, st), b = lbfgs_steps.search(calc, hop.initial, st);
    INFO("trial " << trial << ": " << a.event.status << " " << a.event.e_sad_ini << " / " << b.event.status << " "
                  << b.event.e_sad_ini);
    if (!a.event.validated || !b.event.validated) continue;
    CHECK(a.event.force_saddle < newton.param.saddle_force);
    if ((a.saddle - b.saddle).norm() > 1e-2) continue;  // the two walks may end at equivalent hops
    ++same;
    CHECK(a.costs.activation != b.costs.activation);  // two different walks ...
    CHECK(a.event.e_sad_ini == doctest::Approx(b.event.e_sad_ini).epsilon(1e-4));
    CHECK(a.event.lambda1 == doctest::Approx(b.event.lambda1).epsilon(1e-2));
  }
  CHECK(same >= 1);
}
