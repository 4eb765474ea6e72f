#include <pelkit/potential/lennard_jones.hpp>

#include "conformance.hpp"

using namespace pelkit;

TEST_CASE("Lennard-Jones conformance (single species, argon-like, triclinic)") {
  const auto s = testing::perturbed_fcc(4, 4, 4, 5.26, 0.1, 1, {"Ar"}, {39.948}, 0.0, {1.0, -0.5, 0.7});
  testing::check_potential([] { return make_lennard_jones("Ar", 0.0104, 3.40, 8.5); }, s);
}

TEST_CASE("Kob-Andersen conformance (binary, small box with self-images)") {
  // Reduced units mapped to eV and Å; box width 4 σ < 2 (rc + skin).
  const auto s = testing::perturbed_fcc(2, 2, 2, 1.6, 0.05, 2, {"A", "B"}, {1.0, 1.0}, 0.2);
  testing::check_potential([] { return kob_andersen(1.0, 1.0); }, s);
}

TEST_CASE("Lennard-Jones pair energy and force at known distances") {
  auto lj = make_lennard_jones("Ar", 0.5, 2.0, 10.0, false);
  Eigen::Matrix3Xd x(3, 2);
  const double rmin = std::pow(2.0, 1.0 / 6.0) * 2.0;
  x << 0, rmin, 0, 0, 0, 0;
  auto s = make_system(periodic_box::cubic(40), x, {0, 0}, {"Ar"}, {39.948});
  auto calc = calculator(lj);
  const auto& e = calc.compute(s);
  CHECK(e.energy == doctest::Approx(-0.5).epsilon(1e-14));  // well depth at 2^(1/6) σ
  CHECK(e.forces.norm() < 1e-12);
  s.positions(0, 1) = 2.0;  // r = σ: E = 0, F = 24 ε / σ repulsive
  const auto& e2 = calc.compute(s);
  CHECK(e2.energy == doctest::Approx(0).scale(1));
  CHECK(e2.forces(0, 1) == doctest::Approx(24 * 0.5 / 2.0));
  CHECK(e2.forces(0, 0) == doctest::Approx(-24 * 0.5 / 2.0));
}

TEST_CASE("bad Lennard-Jones parameters and unknown species are rejected") {
  CHECK_THROWS_AS(make_lennard_jones("Ar", 1.0, -1.0, 2.5), pelkit::error);
  const auto s = testing::perturbed_fcc(2, 2, 2, 1.6, 0.0, 2, {"Cu"}, {63.5});
  auto calc = calculator(kob_andersen());
  CHECK_THROWS_WITH_AS(calc.compute(s), doctest::Contains("'Cu'"), pelkit::error);
}
