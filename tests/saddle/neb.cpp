// Climbing-image NEB on model surfaces with known saddles and on an LJ vacancy hop.
#include <pelkit/saddle/neb.hpp>

#include <doctest/doctest.h>

#include "model_surfaces.hpp"

using namespace pelkit;
using namespace pelkit::testing;

namespace {

/// CI-NEB on the Müller–Brown surface between two (refined) minima.
neb_result muller_brown_neb(const stationary_point& from, const stationary_point& to, neb_parameters p) {
  muller_brown calc;
  pelkit::system s = one_atom_system(on_plane(from.position));
  Eigen::Matrix3Xd fin(3, 1);
  fin.col(0) = on_plane(to.position);
  neb_result r = neb(calc, s, fin, p);
  CHECK(r.force_calls == calc.evaluations());
  return r;
}

void check_climbing_image(const neb_result& r, const stationary_point& from, const stationary_point& saddle) {
  INFO("reason ", r.reason, ", iterations ", r.iterations, ", fmax ", r.fmax, ", force calls ", r.force_calls);
  CHECK(r.converged);
  CHECK(r.climbing_active);
  const double exact = saddle.energy - from.energy;
  CHECK(std::abs(r.barrier - exact) < 1e-3 * std::abs(exact));
  REQUIRE(r.saddle.cols() == 1);
  // |F| ≤ fmax at the climbing image; the saddle's curvatures bound the position error.
  CHECK((r.saddle.col(0).head<2>() - saddle.position).norm() < 2e-3);
  CHECK(std::abs(r.saddle(2, 0)) < 1e-6);
  CHECK(r.energies.front() == 0.0);
  MESSAGE("Muller-Brown NEB: barrier ", r.barrier, " eV (exact ", exact, "), ", r.iterations,
          " FIRE steps, ", r.force_calls, " force calls");
}

}  // namespace

TEST_CASE("neb: climbing image finds the Muller-Brown saddles") {
  neb_parameters p;
  p.fmax = 1e-3;
  SUBCASE("MA -> MC crosses S1") {
    const auto r = muller_brown_neb(muller_brown_minimum_a(), muller_brown_minimum_c(), p);
    check_climbing_image(r, muller_brown_minimum_a(), muller_brown_saddle_1());
    CHECK(r.energies.size() == 9);
    CHECK(r.energies.back() == doctest::Approx(muller_brown_minimum_c().energy - muller_brown_minimum_a().energy));
  }
  SUBCASE("MB -> MC crosses S2") {
    const auto r = muller_brown_neb(muller_brown_minimum_b(), muller_brown_minimum_c(), p);
    check_climbing_image(r, muller_brown_minimum_b(), muller_brown_saddle_2());
  }
  SUBCASE("MA -> MB: the climbing image goes to the higher saddle S1") {
    p.images = 11;
    const auto r = muller_brown_neb(muller_brown_minimum_a(), muller_brown_minimum_b(), p);
    check_climbing_image(r, muller_brown_minimum_a(), muller_brown_saddle_1());
  }
}

TEST_CASE("neb: without climbing the band's top is below the saddle") {
  neb_parameters p;
  p.fmax = 1e-3;
  p.climbing = false;
  const auto r = muller_brown_neb(muller_brown_minimum_a(), muller_brown_minimum_c(), p);
  CHECK(r.converged);
  CHECK_FALSE(r.climbing_active);
  const double exact = muller_brown_saddle_1().energy - muller_brown_minimum_a().energy;
  CHECK(r.barrier < exact);
  CHECK(r.barrier > 0.8 * exact);
}

TEST_CASE("neb: double well saddle at the origin, curved path") {
  double_well calc;
  const double_well_surface& dw = calc.surface;
  pelkit::system s = one_atom_system(on_plane(dw.minimum_left()));
  Eigen::Matrix3Xd fin(3, 1);
  fin.col(0) = on_plane(dw.minimum_right());
  const auto r = neb(calc, s, fin, {.images = 5, .fmax = 1e-4});
  CHECK(r.converged);
  CHECK(r.barrier == doctest::Approx(dw.saddle_energy()).epsilon(1e-6));
  CHECK(r.climbing_image == 3);
  CHECK(r.saddle.col(0).norm() < 1e-4);
  // The band is mirror-symmetric about x = 0 and bends up towards the minima (y > 0).
  const std::size_t m = r.images.size();
  for (std::size_t j = 0; j < m; ++j) {
    CHECK(r.images[j](0, 0) == doctest::Approx(-r.images[m - 1 - j](0, 0)).scale(1e-6));
    CHECK(r.images[j](1, 0) == doctest::Approx(r.images[m - 1 - j](1, 0)).scale(1e-6));
    if (j > 0 && j + 1 < m && j != m / 2) CHECK(r.images[j](1, 0) > 0.01);
  }
}

TEST_CASE("neb: vacancy hop in an LJ fcc crystal") {
  const vacancy_hop hop = lj_vacancy_hop();
  CHECK(hop.e_final == doctest::Approx(hop.e_initial).epsilon(1e-10));
  auto calc = calculator(vacancy_lj());
  const auto r = neb(calc, hop.initial, hop.final_positions, {.fmax = 1e-3});
  INFO("reason ", r.reason, ", iterations ", r.iterations, ", fmax ", r.fmax);
  CHECK(r.converged);
  CHECK(r.fmax <= 1e-3);
  CHECK(r.barrier > 0.1);
  CHECK(r.barrier < 4.0);  // 2.486 eV for this potential (first-order saddle, checked by a Hessian)
  CHECK(std::abs(r.energies.back()) < 1e-8);
  // The hop is symmetric: the climbing image is the middle one, the profile is mirror-symmetric
  // and the saddle has the hopping atom half way.
  CHECK(r.climbing_image == 4);
  for (std::size_t j = 0; j < r.energies.size(); ++j)
    CHECK(r.energies[j] == doctest::Approx(r.energies[r.energies.size() - 1 - j]).epsilon(1e-6).scale(1e-4));
  const Eigen::Vector3d mid = 0.5 * (hop.initial.positions.col(hop.hopping_atom) + hop.final_positions.col(hop.hopping_atom));
  CHECK((r.saddle.col(hop.hopping_atom) - mid).norm() < 0.01);
  // The climbing image is a stationary point: its true force is small.
  pelkit::system sad = hop.initial;
  sad.positions = r.saddle;
  CHECK(detail::max_norm(calc.compute(sad, {}).forces) < 1e-3 + 1e-9);
  MESSAGE("LJ vacancy hop NEB: barrier ", r.barrier, " eV, ", r.iterations, " FIRE steps, ",
          r.force_calls, " force calls");
}

TEST_CASE("neb: bad arguments throw, a bad band does not") {
  muller_brown calc;
  pelkit::system s = one_atom_system({0, 0, 0});
  CHECK_THROWS_AS(neb(calc, s, Eigen::Matrix3Xd::Zero(3, 2)), pelkit::error);
  CHECK_THROWS_AS(neb(calc, s, Eigen::Matrix3Xd::Zero(3, 1), {.images = 0}), pelkit::error);
  const auto r = neb(calc, s, Eigen::Matrix3Xd::Ones(3, 1), {.max_iterations = 3});
  CHECK_FALSE(r.converged);
  CHECK(r.reason == "max iterations");
  CHECK(r.force_calls == 2 + 7 * 4);
}

namespace {
/// Müller–Brown that refuses (throws pelkit::error, as a neighbour list does for an exploded
/// configuration) any atom with 0.1 < x < 0.5.
struct refusing_muller_brown : muller_brown {
  const evaluation& compute(const pelkit::system& s, const request& req = {}) {
    const auto x = s.positions.row(0).array();
    if ((x > 0.1 && x < 0.5).any()) throw pelkit::error("atom outside the allowed region");
    return muller_brown::compute(s, req);
  }
};
}  // namespace

TEST_CASE("neb: an image the calculator refuses ends the band with a reason, not a throw") {
  refusing_muller_brown calc;
  const auto a = muller_brown_minimum_a(), b = muller_brown_minimum_b();
  pelkit::system s = one_atom_system(on_plane(a.position));
  Eigen::Matrix3Xd fin(3, 1);
  fin.col(0) = on_plane(b.position);
  // The ends (x = -0.56 and 0.62) are allowed, the straight band's images 5-7 (x = 0.18, 0.33,
  // 0.48) are not.
  CHECK_THROWS_AS(calc.compute(one_atom_system({0.3, 0, 0})), pelkit::error);
  neb_result r;
  CHECK_NOTHROW(r = neb(calc, s, fin));
  CHECK_FALSE(r.converged);
  CHECK(r.reason.find("atom outside the allowed region") != std::string::npos);
  CHECK(std::isnan(r.barrier));
  MESSAGE("refused band: ", r.reason);
}
