// Conformance suite every potential must pass, whatever its model:
//   forces = −∇E (central differences), virial = −dE/dF (finite homogeneous strain),
//   per-atom energies sum to the total, invariance under translation, atom permutation and
//   thread count, and a calculator that rebuilds its list gives what a fresh one gives.
// Use: pelkit::testing::check_potential(make_potential, sys) — `make_potential()` returns a
// fresh potential, `sys` a configuration without overlaps.
#pragma once
#include <pelkit/potential/calculator.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>
#include <random>
#ifdef _OPENMP
#include <omp.h>
#endif

namespace pelkit::testing {

template <class Make>
double energy_of(Make& make, const system& s) {
  auto calc = calculator(make());
  return calc.compute(s, {false, false, false}).energy;
}

/// Forces against central differences of the energy, for `samples` random components.
template <class Make>
void check_forces_are_gradient(Make make, const system& s, int samples = 24, double h = 1e-5,
                               double tol = 1e-6) {
  auto calc = calculator(make());
  const Eigen::Matrix3Xd f = calc.compute(s).forces;
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> atom(0, int(s.size()) - 1), comp(0, 2);
  double fscale = std::max(1.0, f.cwiseAbs().maxCoeff());
  for (int k = 0; k < samples; ++k) {
    const int i = atom(rng), d = comp(rng);
    system p = s, m = s;
    p.positions(d, i) += h;
    m.positions(d, i) -= h;
    const double fd = -(energy_of(make, p) - energy_of(make, m)) / (2 * h);
    INFO("atom ", i, " component ", d);
    CHECK(f(d, i) == doctest::Approx(fd).epsilon(tol).scale(fscale));
  }
}

/// Virial against −dE/dF_ab for upper-triangular deformations F = I + δ e_a e_bᵀ (a <= b).
template <class Make>
void check_virial_is_strain_derivative(Make make, const system& s, double h = 1e-6,
                                       double tol = 1e-6) {
  auto calc = calculator(make());
  const Eigen::Matrix3d W = calc.compute(s).virial;
  const double scale = std::max(1.0, W.cwiseAbs().maxCoeff());
  for (int a = 0; a < 3; ++a)
    for (int b = a; b < 3; ++b) {
      auto deformed = [&](double delta) {
        Eigen::Matrix3d F = Eigen::Matrix3d::Identity();
        F(a, b) += delta;
        system t = s;
        t.box = periodic_box::from_matrix(s.box.lo(), F * s.box.h());
        t.positions = F * (s.positions.colwise() - s.box.lo());
        t.positions.colwise() += s.box.lo();
        return energy_of(make, t);
      };
      const double dE = (deformed(h) - deformed(-h)) / (2 * h);
      INFO("component ", a, b);
      CHECK(W(a, b) == doctest::Approx(-dE).epsilon(tol).scale(scale));
      CHECK(W(a, b) == doctest::Approx(W(b, a)).epsilon(1e-12).scale(scale));
    }
}

template <class Make>
void check_invariances(Make make, const system& s) {
  auto calc = calculator(make());
  const evaluation ref = calc.compute(s, {true, true, true});
  const double escale = std::max(1.0, std::abs(ref.energy));
  const double fscale = std::max(1.0, ref.forces.cwiseAbs().maxCoeff());

  SUBCASE("per-atom energies sum to the total") {
    CHECK(ref.energy_per_atom.sum() == doctest::Approx(ref.energy).epsilon(1e-12).scale(escale));
  }
  SUBCASE("translation") {
    system t = s;
    t.positions.colwise() += Eigen::Vector3d(0.37, -1.91, 12.3);
    auto c2 = calculator(make());
    const auto& e = c2.compute(t);
    CHECK(e.energy == doctest::Approx(ref.energy).epsilon(1e-11).scale(escale));
    CHECK((e.forces - ref.forces).cwiseAbs().maxCoeff() < 1e-9 * fscale);
  }
  SUBCASE("permutation of atoms") {
    std::vector<int> perm(s.size());
    std::iota(perm.begin(), perm.end(), 0);
    std::shuffle(perm.begin(), perm.end(), std::mt19937_64(3));
    system t = s;
    for (std::size_t k = 0; k < s.size(); ++k) {
      t.positions.col(k) = s.positions.col(perm[k]);
      t.types[k] = s.types[perm[k]];
    }
    auto c2 = calculator(make());
    const auto& e = c2.compute(t);
    CHECK(e.energy == doctest::Approx(ref.energy).epsilon(1e-11).scale(escale));
    for (std::size_t k = 0; k < s.size(); ++k)
      CHECK((e.forces.col(k) - ref.forces.col(perm[k])).cwiseAbs().maxCoeff() < 1e-9 * fscale);
  }
#ifdef _OPENMP
  SUBCASE("thread count changes only rounding") {
    const int before = omp_get_max_threads();
    omp_set_num_threads(1);
    auto c1 = calculator(make());
    const evaluation one = c1.compute(s);
    omp_set_num_threads(std::max(2, before));
    auto c2 = calculator(make());
    const evaluation two = c2.compute(s);
    omp_set_num_threads(before);
    CHECK(one.energy == doctest::Approx(two.energy).epsilon(1e-12).scale(escale));
    CHECK((one.forces - two.forces).cwiseAbs().maxCoeff() < 1e-10 * fscale);
    CHECK((one.virial - two.virial).cwiseAbs().maxCoeff() < 1e-10 * escale);
  }
#endif
  SUBCASE("a reused calculator that rebuilds matches a fresh one") {
    system t = s;
    std::mt19937_64 rng(9);
    std::normal_distribution<double> g(0, 0.4);
    for (int step = 0; step < 4; ++step) {
      for (std::size_t i = 0; i < t.size(); ++i) t.positions.col(i) += Eigen::Vector3d(g(rng), g(rng), g(rng)) * 0.25;
      const evaluation reused = calc.compute(t);
      auto fresh = calculator(make());
      const evaluation& e = fresh.compute(t);
      CHECK(reused.energy == doctest::Approx(e.energy).epsilon(1e-12).scale(escale));
      CHECK((reused.forces - e.forces).cwiseAbs().maxCoeff() < 1e-10 * fscale);
    }
    CHECK(calc.neighbors().builds() > 1);
  }
}

/// Everything above.
template <class Make>
void check_potential(Make make, const system& s) {
  SUBCASE("forces are −∇E") { check_forces_are_gradient(make, s); }
  SUBCASE("virial is −dE/dF") { check_virial_is_strain_derivative(make, s); }
  check_invariances(make, s);
}

/// fcc lattice of nx×ny×nz cells (a in Å), types assigned by `type_of(index)`, positions
/// displaced by a normal random amount of rms `jitter` Å; optionally a triclinic cell by tilts.
inline system perturbed_fcc(int nx, int ny, int nz, double a, double jitter, unsigned seed,
                            std::vector<std::string> names, std::vector<double> masses,
                            double fraction_second = 0.0, Eigen::Vector3d tilts = {0, 0, 0}) {
  const periodic_box box({0, 0, 0}, {nx * a, ny * a, nz * a}, tilts[0], tilts[1], tilts[2]);
  const double basis[4][3] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  Eigen::Matrix3Xd x(3, 4 * nx * ny * nz);
  std::vector<int> types(x.cols(), 0);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0, jitter);
  std::uniform_real_distribution<double> u(0, 1);
  int k = 0;
  for (int i = 0; i < nx; ++i)
    for (int j = 0; j < ny; ++j)
      for (int l = 0; l < nz; ++l)
        for (const auto& b : basis) {
          const Eigen::Vector3d s((i + b[0]) / nx, (j + b[1]) / ny, (l + b[2]) / nz);
          x.col(k) = box.to_cartesian(s) + Eigen::Vector3d(g(rng), g(rng), g(rng));
          types[k++] = u(rng) < fraction_second ? 1 : 0;
        }
  return make_system(box, x, types, std::move(names), std::move(masses));
}

}  // namespace pelkit::testing
