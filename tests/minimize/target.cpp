// stop_criteria::target: every minimiser stops (converged, reason "target") as soon as the
// target holds, e.g. once a relaxation is identified as reaching a known minimum.
#include <pelkit/minimize/conjugate_gradient.hpp>
#include <pelkit/minimize/fire.hpp>
#include <pelkit/minimize/lbfgs.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/lennard_jones.hpp>

#include <doctest/doctest.h>

#include "conformance.hpp"

using namespace pelkit;

TEST_CASE_TEMPLATE("minimisers stop at a target before full convergence", M, lbfgs, conjugate_gradient, fire2) {
  pelkit::system s = testing::lj_crystal();
  const pelkit::system start = s;
  auto calc = calculator(testing::lj_copper());
  // the full relaxation, for reference
  const minimize_result full = M{}.minimize(calc, s, {.fmax = 1e-8});
  REQUIRE(full.converged);
  const Eigen::Matrix3Xd x_min = s.positions;
  // the same relaxation, stopped once within 0.05 of the minimum it reaches
  s = start;
  stop_criteria stop;
  stop.fmax = 1e-8;
  long checks = 0;
  stop.target = [&](const Eigen::Matrix3Xd& x, double) { ++checks; return (x - x_min).norm() < 0.05; };
  const minimize_result r = M{}.minimize(calc, s, stop);
  CHECK(r.converged);
  CHECK(r.reason == "target");
  CHECK((s.positions - x_min).norm() < 0.05);
  CHECK(r.force_evaluations < full.force_evaluations);
  CHECK(checks >= r.iterations);
  // a target that never holds changes nothing
  s = start;
  stop.target = [](const Eigen::Matrix3Xd&, double) { return false; };
  const minimize_result same = M{}.minimize(calc, s, stop);
  CHECK(same.reason == full.reason);
  CHECK(same.force_evaluations == full.force_evaluations);
}
