// A consumer of the whole library through its umbrella header: the forces on an fcc
// Lennard-Jones crystal vanish by symmetry and its energy is negative.
#include <pelkit/pelkit.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

int main() {
  const double a = 1.5496;  // Å, fcc lattice constant near the LJ minimum for sigma = 1 Å
  Eigen::Matrix3Xd x(3, 4 * 27);
  const double basis[4][3] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  int n = 0;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k)
        for (const auto& b : basis) x.col(n++) << a * (i + b[0]), a * (j + b[1]), a * (k + b[2]);
  auto s = pelkit::make_system(pelkit::periodic_box::cubic(3 * a), x, std::vector<int>(n, 0), {"Ar"}, {39.948});
  auto calc = pelkit::calculator(pelkit::make_lennard_jones("Ar", 1.0, 1.0, 2.0, false));
  const auto& e = calc.compute(s);
  double fmax = 0;
  for (int i = 0; i < n; ++i) fmax = std::max(fmax, e.forces.col(i).norm());
  std::printf("test_package: %d atoms, E/N = %.6f eV, max |F| = %.2e eV/A\n", n, e.energy / n, fmax);
  return std::isfinite(e.energy) && e.energy < 0 && fmax < 1e-10 ? 0 : 1;
}
