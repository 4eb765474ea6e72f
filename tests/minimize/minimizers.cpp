// The conformance suite on every minimiser.
#include <pelkit/minimize/conjugate_gradient.hpp>
#include <pelkit/minimize/fire.hpp>
#include <pelkit/minimize/lbfgs.hpp>

#include "conformance.hpp"

using namespace pelkit;

TEST_CASE("minimize: fire2") { testing::check_minimizer(fire2{}, false); }
TEST_CASE("minimize: conjugate_gradient") { testing::check_minimizer(conjugate_gradient{}, true); }
TEST_CASE("minimize: lbfgs") { testing::check_minimizer(lbfgs{}, true); }

TEST_CASE("minimize: all minimisers agree on the LJ crystal minimum") {
  auto run = [](const auto& m) {
    pelkit::system s = testing::lj_crystal(0.08, 11);
    auto calc = calculator(testing::lj_copper());
    const auto r = m.minimize(calc, s, {.fmax = 1e-7, .max_iterations = 20000});
    INFO("reason: ", r.reason, ", iterations ", r.iterations, ", fmax ", r.fmax);
    CHECK(r.converged);
    return r.energy_final / double(s.size());
  };
  const double a = run(fire2{}), b = run(conjugate_gradient{}), c = run(lbfgs{});
  CHECK(std::abs(a - b) < 1e-8);
  CHECK(std::abs(a - c) < 1e-8);
  CHECK(std::abs(c - testing::lj_perfect_energy() / 256.0) < 1e-8);
}

TEST_CASE("minimize: lbfgs memory 1 and a tiny max step still converge") {
  lbfgs m;
  m.param.memory = 1;
  m.param.max_step = 0.01;
  pelkit::system s = testing::lj_crystal();
  auto calc = calculator(testing::lj_copper());
  const auto r = m.minimize(calc, s, {.fmax = 1e-6});
  CHECK(r.converged);
}
