// The model surfaces used by the saddle-search tests are what they claim to be.
#include <doctest/doctest.h>

#include "model_surfaces.hpp"

using namespace pelkit;
using namespace pelkit::testing;

namespace {

template <class Provider>
void check_forces_by_finite_differences(Provider calc, Eigen::Vector3d r) {
  pelkit::system s = one_atom_system(r);
  const Eigen::Vector3d f = calc.compute(s, {}).forces.col(0);
  const double h = 1e-6;
  for (int d = 0; d < 3; ++d) {
    pelkit::system p = s, m = s;
    p.positions(d, 0) += h;
    m.positions(d, 0) -= h;
    const double ep = calc.compute(p, {}).energy, em = calc.compute(m, {}).energy;
    CHECK(-(ep - em) / (2 * h) == doctest::Approx(f[d]).epsilon(1e-6).scale(1e-6));
  }
}

template <class Surface>
void check_hessian_by_finite_differences(const Surface& surf, Eigen::Vector2d p) {
  const double h = 1e-6;
  const Eigen::Matrix2d H = surf.hessian(p);
  for (int d = 0; d < 2; ++d) {
    Eigen::Vector2d e = Eigen::Vector2d::Zero();
    e[d] = h;
    const Eigen::Vector2d col = (surf.gradient(p + e) - surf.gradient(p - e)) / (2 * h);
    CHECK(col.x() == doctest::Approx(H(0, d)).epsilon(1e-6).scale(1e-4));
    CHECK(col.y() == doctest::Approx(H(1, d)).epsilon(1e-6).scale(1e-4));
  }
}

}  // namespace

TEST_CASE("model surfaces: forces and Hessians match finite differences") {
  for (const Eigen::Vector3d& r : {Eigen::Vector3d(-0.5, 1.2, 0.3), Eigen::Vector3d(0.3, 0.1, -0.2),
                                  Eigen::Vector3d(-0.8, 0.6, 0.0)}) {
    check_forces_by_finite_differences(muller_brown{}, r);
    check_forces_by_finite_differences(double_well{}, r);
    check_hessian_by_finite_differences(muller_brown_surface{}, Eigen::Vector2d(r.head<2>()));
    check_hessian_by_finite_differences(double_well_surface{}, Eigen::Vector2d(r.head<2>()));
  }
}

TEST_CASE("model surfaces: Muller-Brown stationary points agree with the paper") {
  // Müller & Brown (1979): positions to 3 decimals, energies to 2 (unscaled units).
  struct ref {
    stationary_point p;
    double x, y, e;
    bool saddle;
  };
  const ref refs[] = {{muller_brown_minimum_a(), -0.558, 1.442, -146.70, false},
                      {muller_brown_minimum_b(), 0.623, 0.028, -108.17, false},
                      {muller_brown_minimum_c(), -0.050, 0.467, -80.77, false},
                      {muller_brown_saddle_1(), -0.822, 0.624, -40.66, true},
                      {muller_brown_saddle_2(), 0.212, 0.293, -72.25, true}};
  for (const auto& r : refs) {
    CHECK(std::abs(r.p.position.x() - r.x) < 1.5e-3);
    CHECK(std::abs(r.p.position.y() - r.y) < 1.5e-3);
    CHECK(std::abs(r.p.energy / 0.01 - r.e) < 0.011);
    CHECK(muller_brown_surface{}.gradient(r.p.position).norm() < 1e-12);
    if (r.saddle) {
      CHECK(r.p.eigenvalues[0] < 0);
      CHECK(r.p.eigenvalues[1] > 0);
    } else {
      CHECK(r.p.eigenvalues[0] > 0);
    }
    // The lowest mode is an eigenvector.
    const Eigen::Vector2d Hv = muller_brown_surface{}.hessian(r.p.position) * r.p.lowest_mode;
    CHECK((Hv - r.p.eigenvalues[0] * r.p.lowest_mode).norm() < 1e-10);
  }
}

TEST_CASE("model surfaces: double well has its analytic saddle and minima") {
  const double_well_surface dw;
  const auto s = refine_stationary_point(dw, {0.05, -0.05});
  CHECK(s.position.norm() < 1e-12);
  CHECK(s.energy == doctest::Approx(dw.h));
  CHECK(s.eigenvalues[0] == doctest::Approx(-4 * dw.h));
  CHECK(s.eigenvalues[1] == doctest::Approx(dw.k));
  const auto m = refine_stationary_point(dw, {0.9, 0.4});
  CHECK((m.position - dw.minimum_right()).norm() < 1e-12);
  CHECK(std::abs(m.energy) < 1e-20);
}

TEST_CASE("model surfaces: provider counts evaluations and handles several atoms") {
  muller_brown calc;
  pelkit::system s = one_atom_system({-0.558, 1.442, 0.5});
  CHECK(s.size() == 1);
  CHECK(s.type_names[0] == "X");
  const double e1 = calc.compute(s, {}).energy;
  CHECK(e1 == doctest::Approx(muller_brown_surface{}.energy({-0.558, 1.442}) + 0.5 * 0.25));
  CHECK(calc.evaluations() == 1);
  pelkit::system two = s;
  two.positions.conservativeResize(3, 2);
  two.positions.col(1) = Eigen::Vector3d(0.623, 0.028, 0);
  two.types.push_back(0);
  two.ids.push_back(2);
  two.images.setZero(3, 2);
  const auto& e2 = calc.compute(two, {});
  CHECK(e2.energy == doctest::Approx(e1 + muller_brown_surface{}.energy({0.623, 0.028})));
  CHECK(e2.forces.cols() == 2);
  CHECK(calc.evaluations() == 2);
}
