// Velocity initialisation, kinetic energy/temperature, the portable RNG and schedules.
#include <pelkit/dynamics/schedule.hpp>
#include <pelkit/dynamics/velocities.hpp>

#include "../potential/conformance.hpp"
#include "../support.hpp"

#include <limits>

using namespace pelkit;

namespace {
pelkit::system binary_fcc() {
  return testing::perturbed_fcc(3, 3, 3, 3.8, 0.05, 11, {"Cu", "Zr"}, {63.546, 91.224}, 0.5);
}
}  // namespace

TEST_CASE("initialize_velocities: exact temperature, zero momentum, reproducible") {
  pelkit::system s = binary_fcc();
  initialize_velocities(s, 1500.0, 42);
  REQUIRE(s.velocities);
  CHECK(temperature(s) == doctest::Approx(1500.0).epsilon(1e-13));
  CHECK(total_momentum(s).norm() < 1e-10);
  // kinetic energy = N_f k_B T / 2 with N_f = 3N − 3
  CHECK(kinetic_energy(s) ==
        doctest::Approx(0.5 * (3.0 * s.size() - 3) * units::kB_eV_per_K * 1500.0).epsilon(1e-13));

  pelkit::system same = binary_fcc(), other = binary_fcc();
  initialize_velocities(same, 1500.0, 42);
  initialize_velocities(other, 1500.0, 43);
  CHECK((*same.velocities - *s.velocities).cwiseAbs().maxCoeff() == 0.0);
  CHECK((*other.velocities - *s.velocities).cwiseAbs().maxCoeff() > 1.0);

  // heavier atoms move slower: ⟨m v²⟩ equal per species within sampling error
  double mv2[2] = {0, 0};
  int n[2] = {0, 0};
  for (std::size_t i = 0; i < s.size(); ++i) {
    mv2[s.types[i]] += s.mass(i) * s.velocities->col(i).squaredNorm();
    ++n[s.types[i]];
  }
  CHECK(mv2[0] / n[0] == doctest::Approx(mv2[1] / n[1]).epsilon(0.25));

  initialize_velocities(s, 0.0, 1);
  CHECK(s.velocities->cwiseAbs().maxCoeff() == 0.0);
}

TEST_CASE("normal_rng is portable: fixed first values from mt19937_64 + Box-Muller") {
  // mt19937_64's sequence is fixed by the C++ standard (its 10000th output is
  // 9981545732273789042), so these numbers are the same everywhere.
  std::mt19937_64 e;
  e.discard(9999);
  CHECK(e() == 9981545732273789042ull);
  normal_rng a(7), b(7);
  double sum = 0, sum2 = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double x = a();
    CHECK_UNARY(x == b());
    sum += x;
    sum2 += x * x;
  }
  CHECK(std::abs(sum / n) < 5.0 / std::sqrt(n));
  CHECK(sum2 / n == doctest::Approx(1.0).epsilon(0.01));
}

TEST_CASE("initialize_velocities rejects bad input") {
  pelkit::system s = binary_fcc();
  CHECK_ERROR(initialize_velocities(s, -1.0, 1), "temperature", ">= 0");
  CHECK_ERROR(initialize_velocities(s, std::numeric_limits<double>::quiet_NaN(), 1), "finite");
  pelkit::system one = make_system(periodic_box::cubic(10), Eigen::Matrix3Xd::Zero(3, 1), {0}, {"Cu"}, {63.546});
  CHECK_ERROR(initialize_velocities(one, 300.0, 1), "at least 2 atoms");
}

TEST_CASE("schedules: constant, linear, piecewise, end points exact") {
  const schedule c = 300.0;
  CHECK(c(-5.0) == 300.0);
  CHECK(c(1e9) == 300.0);

  const schedule r = schedule::linear(2.0, 1500.0, 12.0, 1.0);
  CHECK(r(0.0) == 1500.0);
  CHECK(r(2.0) == 1500.0);
  CHECK(r(12.0) == 1.0);
  CHECK(r(100.0) == 1.0);
  CHECK(r(7.0) == doctest::Approx(750.5).epsilon(1e-15));

  const schedule p = schedule::piecewise({{0, 300}, {10, 1500}, {20, 1500}, {30, 0.1}});
  CHECK(p(0) == 300.0);
  CHECK(p(10) == 1500.0);
  CHECK(p(15) == 1500.0);
  CHECK(p(20) == 1500.0);
  CHECK(p(30) == 0.1);
  CHECK(p(5) == doctest::Approx(900.0));
  CHECK(p(25) == doctest::Approx(750.05));

  // "cool from 1500 K to 1 K at 1e12 K/s" in one line: 1499 K / 1e12 K/s = 1499 ps
  const schedule q = cooling_schedule(1500, 1, 1e12);
  CHECK(q.end_time() == doctest::Approx(1499.0).epsilon(1e-15));
  CHECK(q(0) == 1500.0);
  CHECK(q(q.end_time()) == 1.0);
  CHECK(q(749.5) == doctest::Approx(750.5));
  // time reached as step · dt hits the end point exactly
  const double dt = 0.002;
  const long steps = std::lround(q.end_time() / dt);
  CHECK(q(double(steps) * dt) == 1.0);
  CHECK(ramp_duration_ps(1000, 1e10) == doctest::Approx(1e5));
  CHECK(heating_schedule(300, 1500, 1e13, 5.0).end_time() == doctest::Approx(125.0));
}

TEST_CASE("schedules reject bad input") {
  CHECK_ERROR(schedule::piecewise({}), "at least one point");
  CHECK_ERROR(schedule::linear(1.0, 300, 1.0, 400), "increase");
  CHECK_ERROR(schedule::piecewise({{0, 1}, {2, 3}, {1, 4}}), "increase");
  CHECK_ERROR(schedule(std::numeric_limits<double>::infinity()), "not finite");
  CHECK_ERROR(cooling_schedule(1500, 1, 0.0), "rate", "positive");
  CHECK_ERROR(cooling_schedule(1500, 1, -1e12), "rate");
}
