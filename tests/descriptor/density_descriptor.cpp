// Tests of pelkit/descriptor/density.hpp.
#include <pelkit/descriptor/density.hpp>
#include <pelkit/io/lammps_data.hpp>

#include <doctest/doctest.h>

#include <cmath>

TEST_CASE("density: fcc Cu unit cell") {
  const double a = 3.615;
  Eigen::Matrix3Xd x(3, 4);
  x << 0, 0.5, 0.5, 0,  //
      0, 0.5, 0, 0.5,   //
      0, 0, 0.5, 0.5;
  const auto s = pelkit::make_system(pelkit::periodic_box::cubic(a), a * x, {0, 0, 0, 0}, {"Cu"},
                                     {63.546});
  const auto d = pelkit::density_descriptor().compute(s);
  CHECK(d.number_density == doctest::Approx(4 / (a * a * a)));
  CHECK(d.volume_per_atom == doctest::Approx(a * a * a / 4));
  // 4 × 63.546 g/mol / N_A / (3.615e-8 cm)³ = 8.935 g/cm³ (copper's X-ray density 8.93)
  CHECK(d.mass_density == doctest::Approx(4 * 63.546 / 6.02214076e23 / std::pow(3.615e-8, 3)).epsilon(1e-8));
  CHECK(d.mass_density == doctest::Approx(8.935).epsilon(1e-3));
  REQUIRE(d.fractions.size() == 1);
  CHECK(d.fractions[0] == 1.0);
  CHECK(d.columns().empty());
  CHECK(d.summary().size() == 4);
  CHECK(d.summary()[3].name == "fraction_Cu");
}

TEST_CASE("density: triclinic Cu50Zr50 cell and composition") {
  const auto s = pelkit::read_lammps_data(std::string(PELKIT_TEST_DATA) + "/cu50zr50_triclinic.data");
  const auto d = pelkit::density_descriptor().compute(s);
  const double L = 20.874714493762013 - 0.12528550623790352;
  CHECK(d.volume == doctest::Approx(L * L * L));
  CHECK(d.number_density == doctest::Approx(500 / (L * L * L)));
  CHECK(d.fractions[0] == doctest::Approx(0.5));
  CHECK(d.fractions[1] == doctest::Approx(0.5));
  const double mass = 250 * (63.546 + 91.224);
  CHECK(d.mass_density == doctest::Approx(mass / (L * L * L) * 1.66053906660));
  const auto liquid = pelkit::density_descriptor().compute(
      pelkit::read_lammps_data(std::string(PELKIT_TEST_DATA) + "/cu64zr36_liquid.data"));
  CHECK(liquid.fractions[0] == doctest::Approx(0.64));
  CHECK(liquid.fractions[1] == doctest::Approx(0.36));
}

TEST_CASE("density: bad input throws pelkit::error") {
  auto s = pelkit::make_system(pelkit::periodic_box::cubic(3), Eigen::Matrix3Xd::Zero(3, 2), {0, 0},
                               {"Cu"}, {63.546});
  s.positions(0, 1) = NAN;
  CHECK_THROWS_AS(pelkit::density_descriptor().compute(s), pelkit::error);
  s.positions(0, 1) = 1;
  s.type_masses[0] = -1;
  CHECK_THROWS_AS(pelkit::density_descriptor().compute(s), pelkit::error);
  auto empty = pelkit::make_system(pelkit::periodic_box::cubic(3), Eigen::Matrix3Xd(3, 0), {}, {"Cu"},
                                   {63.546});
  CHECK_THROWS_AS(pelkit::density_descriptor().compute(empty), pelkit::error);
}
