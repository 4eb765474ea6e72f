// Tests of pelkit/descriptor/radial_distribution.hpp.
#include <pelkit/descriptor/radial_distribution.hpp>
#include <pelkit/io/lammps_data.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "../support.hpp"

namespace {

using pelkit::radial_distribution;
using pelkit::rdf_settings;

/// fcc crystal of nx×ny×nz conventional cells, lattice constant a (Å).
pelkit::system fcc(double a, int nx, int ny, int nz, double jitter = 0, unsigned seed = 1) {
  const double basis[4][3] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  Eigen::Matrix3Xd x(3, 4 * nx * ny * nz);
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, jitter);
  int k = 0;
  for (int i = 0; i < nx; ++i)
    for (int j = 0; j < ny; ++j)
      for (int l = 0; l < nz; ++l)
        for (const auto& b : basis) {
          x.col(k) = a * Eigen::Vector3d(i + b[0], j + b[1], l + b[2]);
          if (jitter > 0) x.col(k) += Eigen::Vector3d(noise(rng), noise(rng), noise(rng));
          ++k;
        }
  return pelkit::make_system({{0, 0, 0}, {nx * a, ny * a, nz * a}}, x,
                             std::vector<int>(x.cols(), 0), {"Cu"}, {63.546});
}

using pelkit::testing::test_system;

}  // namespace

TEST_CASE("rdf: ideal gas gives g = 1 within statistical error") {
  const int n = 20000;
  const double L = 30.0;
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> u(0.0, L);
  Eigen::Matrix3Xd x(3, n);
  for (int i = 0; i < n; ++i) x.col(i) = Eigen::Vector3d(u(rng), u(rng), u(rng));
  std::vector<int> types(n);
  for (int i = 0; i < n; ++i) types[i] = i % 2;
  const auto s = pelkit::make_system(pelkit::periodic_box::cubic(L), x, types, {"A", "B"}, {1, 2});
  const auto r = radial_distribution({8.0, 0.1}).compute(s);
  const double rho = n / (L * L * L);
  double worst = 0, mean = 0;
  int bins = 0;
  for (std::size_t k = 0; k < r.r.size(); ++k) {
    if (r.r[k] < 1.0) continue;
    const double dv = 4.0 / 3.0 * M_PI * (std::pow(r.r_upper[k], 3) - std::pow(r.r_upper[k] - 0.1, 3));
    const double sd = std::sqrt(2.0 / (n * rho * dv));  // ordered pairs: each pair twice
    worst = std::max(worst, std::abs(r.total[k] - 1.0) / sd);
    for (int a = 0; a < 2; ++a)
      for (int b = 0; b < 2; ++b)
        CHECK(std::abs(r.partial[a][b][k] - 1.0) < 6 * 2 * sd);
    mean += r.total[k];
    ++bins;
  }
  mean /= bins;
  MESSAGE("ideal gas: worst |g-1| = " << worst << " sd, mean g over 1-8 A = " << mean);
  CHECK(worst < 5.0);
  CHECK(mean == doctest::Approx(1.0).epsilon(2e-3));
  // Running coordination = ρ 4π r³/3 on average.
  CHECK(r.running_total.back() == doctest::Approx(rho * 4.0 / 3.0 * M_PI * 512).epsilon(5e-3));
}

TEST_CASE("rdf: fcc peaks at a/sqrt2, a, a sqrt(3/2), a sqrt2, a sqrt(5/2), coordination 12") {
  const double a = 3.615;
  const auto s = fcc(a, 4, 4, 4);
  const double dr = 0.01;
  const auto r = radial_distribution({6.0, dr}).compute(s);
  // Perfect crystal: only the bins holding the shell distances are occupied.
  const double shells[] = {a / std::sqrt(2.0), a, a * std::sqrt(1.5), a * std::sqrt(2.0),
                           a * std::sqrt(2.5)};
  const double counts[] = {12, 6, 24, 12, 24};
  std::vector<int> occupied;
  for (std::size_t k = 0; k < r.r.size(); ++k)
    if (r.total[k] > 0) occupied.push_back(int(k));
  REQUIRE(occupied.size() == 5);
  double cumulative = 0;
  for (int m = 0; m < 5; ++m) {
    CHECK(occupied[m] == int(shells[m] / dr));
    cumulative += counts[m];
    CHECK(r.running_total[occupied[m]] == doctest::Approx(cumulative));
  }
  CHECK(r.total_shell.peak_r == doctest::Approx(a / std::sqrt(2.0)).epsilon(0.01 / 2.5));
  CHECK(r.total_shell.minimum_r > a / std::sqrt(2.0));
  CHECK(r.total_shell.minimum_r < a);
  CHECK(r.total_shell.coordination == doctest::Approx(12));
  CHECK(r.first_shell_coordination(0, 0) == doctest::Approx(12));
  CHECK(r.coordination.minCoeff() == 12);
  CHECK(r.coordination.maxCoeff() == 12);

  // Thermal jitter 0.05 Å: the peaks broaden but stay at the same places.
  const auto rj = radial_distribution({6.0, dr}).compute(fcc(a, 4, 4, 4, 0.05));
  CHECK(std::abs(rj.total_shell.peak_r - a / std::sqrt(2.0)) < 0.05);
  CHECK(rj.total_shell.coordination == doctest::Approx(12).epsilon(1e-3));
  CHECK(rj.coordination.minCoeff() == 12);
  CHECK(rj.coordination.maxCoeff() == 12);
  for (double r0 : {a, a * std::sqrt(1.5), a * std::sqrt(2.0)}) {
    // local maximum of the (raw) g within ±0.1 Å of the shell, higher than 5 bins beyond
    int k0 = int(r0 / dr), best = k0;
    for (int k = k0 - 10; k <= k0 + 10; ++k)
      if (rj.total[k] > rj.total[best]) best = k;
    CHECK(std::abs(rj.r[best] - r0) < 0.06);
    CHECK(rj.total[best] > 1.5);
  }
}

TEST_CASE("rdf: small and triclinic cells — fcc primitive cell (1 atom) equals 4x4x4 cube") {
  const double a = 3.615;
  const auto cube = radial_distribution({7.0, 0.01}).compute(fcc(a, 4, 4, 4));
  // Primitive fcc cell in LAMMPS form: a1 along x, a2 in the xy plane.
  const double l = a / std::sqrt(2.0);
  Eigen::Matrix3d h;
  h << l, l / 2, l / 2,  //
      0, l * std::sqrt(3.0) / 2, l / (2 * std::sqrt(3.0)),  //
      0, 0, l * std::sqrt(2.0 / 3.0);
  auto prim = pelkit::make_system(pelkit::periodic_box::from_matrix({0, 0, 0}, h),
                                  Eigen::Matrix3Xd::Constant(3, 1, 0.3), {0}, {"Cu"}, {63.546});
  CHECK(prim.box.volume() == doctest::Approx(a * a * a / 4));
  const auto r = radial_distribution({7.0, 0.01}).compute(prim);
  REQUIRE(r.total.size() == cube.total.size());
  for (std::size_t k = 0; k < r.total.size(); ++k)
    CHECK(r.total[k] == doctest::Approx(cube.total[k]).epsilon(1e-9));
  CHECK(r.coordination[0] == 12);
}

TEST_CASE("rdf: a triclinic description of an orthorhombic cell gives the same g(r)") {
  const auto s = test_system("cu50zr50_glass_500.data");
  auto t = s;
  const Eigen::Vector3d L = s.box.hi() - s.box.lo();
  // Tilts by whole cell lengths: the same lattice of images.
  t.box = pelkit::periodic_box(s.box.lo(), s.box.hi(), L[0], -L[0], L[1]);
  const radial_distribution rdf({10.0, 0.02});
  const auto a = rdf.compute(s), b = rdf.compute(t);
  REQUIRE(a.total.size() == b.total.size());
  const double n = double(s.size()), rho = a.number_density;
  for (std::size_t k = 0; k < a.total.size(); ++k) {
    const double dv = 4.0 / 3.0 * M_PI * (std::pow(a.r_upper[k], 3) - std::pow(a.r_upper[k] - 0.02, 3));
    // identical up to a pair landing in the neighbouring bin by rounding
    CHECK(std::abs(a.total[k] - b.total[k]) <= 2.0 / (n * rho * dv) + 1e-12);
    for (int x = 0; x < 2; ++x)
      for (int y = 0; y < 2; ++y)
        CHECK(std::abs(a.running[x][y][k] - b.running[x][y][k]) <= 2.0 / 250 + 1e-12);
  }
  CHECK(a.total_shell.minimum_r == b.total_shell.minimum_r);
  CHECK(a.coordination == b.coordination);
}

TEST_CASE("rdf: partials combine to the total, Cu50Zr50 glass first shell") {
  const auto s = test_system("cu50zr50_glass_500.data");
  const auto r = radial_distribution().compute(s);
  const auto& x = r.fractions;
  CHECK(x[0] == doctest::Approx(0.5));
  for (std::size_t k = 0; k < r.total.size(); ++k) {
    double sum = 0;
    for (int a = 0; a < 2; ++a)
      for (int b = 0; b < 2; ++b) {
        sum += x[a] * x[b] * r.partial[a][b][k];
        CHECK(r.partial[a][b][k] == doctest::Approx(r.partial[b][a][k]).epsilon(1e-12));
      }
    CHECK(sum == doctest::Approx(r.total[k]).epsilon(1e-12));
  }
  // Running coordination n_ab(r) = 4π ρ_b ∫0^r r² g_ab dr (shell-volume quadrature of the bins).
  {
    const double rho_zr = x[1] * r.number_density;
    double integral = 0;
    for (std::size_t k = 0; k < r.total.size(); ++k) {
      const double dv = 4.0 / 3.0 * M_PI * (std::pow(r.r_upper[k], 3) - std::pow(k * r.bin_width, 3));
      integral += rho_zr * r.partial[0][1][k] * dv;
      CHECK(r.running[0][1][k] == doctest::Approx(integral).epsilon(1e-10));
    }
  }
  // n_ab / ρ_b symmetric: N_a n_ab = N_b n_ba (each pair counted from both ends).
  CHECK(r.running[0][1].back() == doctest::Approx(r.running[1][0].back()));
  MESSAGE("glass: first peak " << r.total_shell.peak_r << " A (g = " << r.total_shell.peak_height
                               << "), first minimum " << r.total_shell.minimum_r
                               << " A, coordination " << r.total_shell.coordination
                               << "; Cu-Cu " << r.partial_shell[0][0].peak_r << ", Cu-Zr "
                               << r.partial_shell[0][1].peak_r << ", Zr-Zr "
                               << r.partial_shell[1][1].peak_r << " A");
  CHECK(r.total_shell.peak_r > 2.4);
  CHECK(r.total_shell.peak_r < 3.2);
  CHECK(r.total_shell.minimum_r > 3.4);
  CHECK(r.total_shell.minimum_r < 4.3);
  CHECK(r.total_shell.coordination > 11);
  CHECK(r.total_shell.coordination < 16);
  CHECK(r.coordination.mean() == doctest::Approx(r.total_shell.coordination).epsilon(0.02));
  CHECK(r.partial_shell[0][0].peak_r < r.partial_shell[0][1].peak_r);
  CHECK(r.partial_shell[0][1].peak_r < r.partial_shell[1][1].peak_r);
  // Zr has more neighbours than Cu.
  const double cu = r.first_shell_coordination(0, 0) + r.first_shell_coordination(0, 1);
  const double zr = r.first_shell_coordination(1, 0) + r.first_shell_coordination(1, 1);
  CHECK(zr > cu);
  CHECK(0.5 * (cu + zr) == doctest::Approx(r.total_shell.coordination).epsilon(1e-9));
  CHECK(r.columns().size() == 1);
  CHECK(r.summary().size() >= 4);
}

TEST_CASE("rdf: bad input throws pelkit::error") {
  CHECK_THROWS_AS(radial_distribution({0.0, 0.01}), pelkit::error);
  CHECK_THROWS_AS(radial_distribution({-1.0, 0.01}), pelkit::error);
  CHECK_THROWS_AS(radial_distribution({10.0, 0.0}), pelkit::error);
  CHECK_THROWS_AS(radial_distribution({10.0, -0.1}), pelkit::error);
  CHECK_THROWS_AS(radial_distribution({NAN, 0.1}), pelkit::error);
  auto s = fcc(3.615, 2, 2, 2);
  s.positions(1, 3) = NAN;
  CHECK_THROWS_AS(radial_distribution().compute(s), pelkit::error);
}
