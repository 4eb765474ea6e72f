// Uses three pelkit components (box/system, neighbour list, potential) from an installed tree.
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/lennard_jones.hpp>

#include <cmath>
#include <cstdio>

int main() {
  Eigen::Matrix3Xd x(3, 2);
  x << 0, 1.0, 0, 0, 0, 0;  // r = σ: E = 0, F = 24 ε/σ
  auto s = pelkit::make_system(pelkit::periodic_box::cubic(10), x, {0, 0}, {"Ar"}, {39.948});
  auto calc = pelkit::calculator(pelkit::make_lennard_jones("Ar", 1.0, 1.0, 3.0, false));
  const auto& e = calc.compute(s);
  std::printf("consumer: E = %.6f eV, F = %.6f eV/A\n", e.energy, e.forces(0, 1));
  return std::abs(e.forces(0, 1) - 24.0) < 1e-12 && std::abs(e.energy) < 1e-12 ? 0 : 1;
}
