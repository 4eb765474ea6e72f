// pelkit/hessian/terms.hpp — the per-pair and per-atom second-derivative data from which the
// analytic Hessian of a pair-functional potential is built (see docs/hessian.md).
//
// Every potential with an analytic Hessian in pelkit has the form
//
//   E = Σ_pairs U_p(r_p) + Σ_i [F_i(ρ_i) − F'_i ρ_i]|_{F' frozen} ...
//
// more precisely: at a fixed configuration the Hessian splits exactly into
//
//   H = Σ_pairs K_p-blocks  +  Σ_i F''(ρ_i) g_i g_iᵀ,       g_i = ∇ρ_i (3N vector)
//
// where for a listed pair p = (i, j, image) with separation d = x_j + h·n − x_i, r = |d|,
//   U'  = φ'(r) + F'(ρ_i) f'_{j→i}(r) + F'(ρ_j) f'_{i→j}(r)          (eV/Å)
//   U'' = φ''(r) + F'(ρ_i) f''_{j→i}(r) + F'(ρ_j) f''_{i→j}(r)       (eV/Å²)
//   K   = U'' d̂d̂ᵀ + (U'/r)(I − d̂d̂ᵀ),  added to blocks (i,i), (j,j) and −K to (i,j), (j,i),
// and the pair contributes f'_{j→i}(r) d/r to g_i at atom j (− at atom i), f'_{i→j}(r) d/r to g_j
// at atom j (− at atom i). A pair potential has only φ and no embedding terms.
#pragma once
#include <Eigen/Core>

#include <vector>

namespace pelkit {

/// Radial derivatives of one listed pair (i, j, lattice shift) inside the cutoff.
struct radial_pair_derivatives {
  int i = 0, j = 0;         ///< atoms; j == i for a periodic self-image
  Eigen::Vector3d d;        ///< separation x_j + h·n − x_i, Å
  double du = 0;            ///< U'(r): dU/dr, eV/Å (U = φ + F'_i f_{j→i} + F'_j f_{i→j})
  double d2u = 0;           ///< U''(r): d²U/dr², eV/Å²
  double drho_i = 0;        ///< f'_{j→i}(r): d(density at i due to j)/dr, density units/Å
  double drho_j = 0;        ///< f'_{i→j}(r): d(density at j due to i)/dr, density units/Å
};

/// Everything the Hessian needs at one configuration.
struct second_derivative_terms {
  Eigen::Index atoms = 0;                      ///< N
  std::vector<radial_pair_derivatives> pairs;  ///< each pair inside the cutoff once
  /// F''(ρ_i) per atom, eV/(density units)²; empty for pair potentials (no embedding term).
  std::vector<double> embedding_curvature;

  bool has_embedding() const { return !embedding_curvature.empty(); }
};

}  // namespace pelkit
