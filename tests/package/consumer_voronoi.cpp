// Uses the installed pelkit::voronoi component: a simple cubic lattice tessellates into cubes.
#include <pelkit/descriptor/voronoi.hpp>

#include <cmath>
#include <cstdio>

int main() {
  const int n = 3;
  const double a = 2.5;
  Eigen::Matrix3Xd x(3, n * n * n);
  int k = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      for (int l = 0; l < n; ++l) x.col(k++) = Eigen::Vector3d(i, j, l) * a;
  auto s = pelkit::make_system(pelkit::periodic_box::cubic(n * a), x, std::vector<int>(k, 0), {"Cu"}, {63.546});
  const auto result = pelkit::voronoi_analysis{}.compute(s);
  std::printf("consumer_voronoi: cell volume %.6f A^3, index <%d,%d,%d,%d>\n", result.cells[0].volume,
              result.cells[0].index[0], result.cells[0].index[1], result.cells[0].index[2], result.cells[0].index[3]);
  const bool ok = std::abs(result.cells[0].volume - a * a * a) < 1e-9 && result.cells[0].index[1] == 6;
  return ok ? 0 : 1;
}
