// pelkit/saddle/perturbation.hpp — where a saddle search starts: the atoms around a centre and
// the random initial displacement of that cluster (ART nouveau's start, Malek & Mousseau,
// PRE 62, 7723 (2000); the seed: centre + first neighbours, total norm 0.5 Å).
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/dynamics/velocities.hpp>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace pelkit {

/// Atoms within `radius` (Å, minimum image) of atom `center`, `center` first, then by
/// increasing index. O(N); called once per search.
inline std::vector<int> atoms_near(const system& s, long center, double radius) {
  if (center < 0 || center >= long(s.size()))
    throw error("saddle search: centre atom " + std::to_string(center) + " out of range (0.." +
                std::to_string(long(s.size()) - 1) + ")");
  std::vector<int> out{int(center)};
  const Eigen::Vector3d c = s.positions.col(center);
  const double r2 = radius * radius;
  for (Eigen::Index i = 0; i < s.positions.cols(); ++i)
    if (i != center && s.box.minimum_image(s.positions.col(i) - c).squaredNorm() <= r2)
      out.push_back(int(i));
  return out;
}

/// A displacement (Å, 3×N) that is zero except on `cluster`, where it is a Gaussian random
/// direction scaled to total 2-norm `norm` (Å).
inline Eigen::Matrix3Xd cluster_displacement(Eigen::Index atoms, const std::vector<int>& cluster,
                                             double norm, normal_rng& rng) {
  Eigen::Matrix3Xd d = Eigen::Matrix3Xd::Zero(3, atoms);
  for (int i : cluster)
    for (int k = 0; k < 3; ++k) d(k, i) = rng();
  const double n = d.norm();
  if (n > 0) d *= norm / n;
  return d;
}

/// The start of a saddle search (Å, in the mobile coordinates of landscape L, e.g. a
/// region_landscape): cluster_displacement of `cluster` (norm `norm`, Å; random numbers from
/// `rng`) packed by L, its rigid translations removed by L.project, rescaled to total 2-norm
/// `norm` (Å). Empty when nothing is left after the projection (e.g. `norm` 0).
template <class Landscape>
Eigen::VectorXd initial_displacement(const Landscape& L, const std::vector<int>& cluster, double norm,
                                     normal_rng& rng) {
  Eigen::VectorXd d = L.pack(cluster_displacement(Eigen::Index(L.atoms()), cluster, norm, rng));
  L.project(d);
  const double length = d.norm();
  if (!(length > 0)) return {};
  d *= norm / length;
  return d;
}

/// Δ = |a − b| (Å): 2-norm over all atoms of the minimum-image differences.
inline double configuration_distance(const periodic_box& box, const Eigen::Matrix3Xd& a,
                                     const Eigen::Matrix3Xd& b) {
  double sum = 0;
  for (Eigen::Index i = 0; i < a.cols(); ++i)
    sum += box.minimum_image(a.col(i) - b.col(i)).squaredNorm();
  return std::sqrt(sum);
}

}  // namespace pelkit
