// Helpers for the elastic-constant tests: the minimised 256-atom Cu50Zr50 glass, fcc crystals,
// and matrix comparisons.
#pragma once
#include <pelkit/elastic/elastic.hpp>
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/minimize/lbfgs.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>

#include <doctest/doctest.h>

#include "../support.hpp"

#include <filesystem>
#include <sstream>
#include <string>

namespace pelkit::testing {

inline const std::string cu_u3_potential = "/usr/share/lammps/potentials/Cu_u3.eam";

/// tests/data/cu50zr50_small_256.data minimised at fixed cell with L-BFGS to fmax 1e-10 eV/Å.
inline const pelkit::system& minimised_glass() {
  static const pelkit::system s = [] {
    pelkit::system g = read_lammps_data(std::string(PELKIT_TEST_DATA) + "/cu50zr50_small_256.data");
    auto calc = calculator(eam::from_file(cuzr));
    const minimize_result r = lbfgs{}.minimize(calc, g, {.fmax = 1e-10});
    REQUIRE(r.converged);
    return g;
  }();
  return s;
}

/// fcc crystal of n×n×n conventional cells with lattice constant a (Å), one species.
inline pelkit::system fcc(int n, double a, const std::string& element, double mass) {
  const double basis[4][3] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  Eigen::Matrix3Xd x(3, 4 * n * n * n);
  int k = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      for (int l = 0; l < n; ++l)
        for (const auto& b : basis) x.col(k++) = a * Eigen::Vector3d(i + b[0], j + b[1], l + b[2]);
  return make_system(periodic_box::cubic(n * a), x, std::vector<int>(std::size_t(x.cols()), 0), {element}, {mass});
}

/// max |A − B| / max |B|.
inline double relative_difference(const matrix6& A, const matrix6& B) {
  return (A - B).cwiseAbs().maxCoeff() / B.cwiseAbs().maxCoeff();
}

inline std::string show(const matrix6& C) {
  std::ostringstream out;
  out.precision(5);
  out << "\n" << C << "\n";
  return out.str();
}

}  // namespace pelkit::testing
