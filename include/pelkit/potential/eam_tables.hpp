// pelkit/potential/eam_tables.hpp — tabulated embedded-atom-method (EAM) functions, stored
// exactly as LAMMPS's pair_style eam / eam/alloy / eam/fs holds them after its
// file2array + array2spline steps, so that an EAM kernel built on these tables reproduces
// LAMMPS energies, forces and virials to round-off.
//
// Model (Daw & Baskes, Phys. Rev. B 29, 6443 (1984); Finnis & Sinclair, Phil. Mag. A 50, 45
// (1984) for the species-pair densities of the FS form):
//
//   E = Σ_i F_{t_i}(ρ_i) + ½ Σ_i Σ_{j≠i} φ_{t_i t_j}(r_ij),     ρ_i = Σ_{j≠i} ρ_{t_j → t_i}(r_ij)
//
// Units: metal (eV, Å). Densities are in the file's arbitrary density units.
//
// How the tables are read by the kernel (LAMMPS pair_eam.cpp, 29Sep2021):
//   * radial argument r < cutoff: `eam_spline::locate_r(r, 1/dr, nr)`, then `value` /
//     `derivative` of density[] and pair[] (pair holds r·φ(r), so φ = z/r and
//     φ' = z'/r − φ/r);
//   * density argument: `eam_spline::locate_rho(rho, 1/drho, nrho)` on embedding[t];
//   * beyond the table, rho > rhomax: LAMMPS 29Sep2021 uses F = value at the clamped point
//     (p ≤ 1 on the last segment) plus F'·(rho − rhomax), with F' the clamped derivative.
//     The force uses the clamped F' only. See `eam_tables::rhomax`.
#pragma once
#include <pelkit/core/error.hpp>

#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <vector>

namespace pelkit {

/// Position of an argument on a uniform spline grid: segment `m` (1-based knot index, the
/// segment runs from knot m to knot m+1) and fractional offset `p` within it.
struct eam_spline_point {
  int m = 1;
  double p = 0;
};

/// Cubic spline on a uniform grid in LAMMPS pair_eam's 7-coefficient form.
///
/// Knot index m = 1..n (row 0 unused, all zeros). For x on the grid with spacing delta:
///   p = x/delta + 1; m = int(p) clamped as LAMMPS does; p -= m; p = min(p, 1)
///   value      = ((c[3]*p + c[4])*p + c[5])*p + c[6]
///   derivative = (c[0]*p + c[1])*p + c[2]        (already divided by delta)
///
/// The spline is piecewise-cubic Hermite: c[6] is the knot value, c[5] the knot slope in
/// grid units from finite differences (one-sided at the two end knots, central at the knots
/// next to them, fourth-order central elsewhere); c[4], c[3] make each segment match the
/// values and slopes at both of its ends; c[2], c[1], c[0] = c[5], 2c[4], 3c[3] divided by
/// delta. Row n has c[3] = c[4] = 0 and is never used by the lookups below (m ≤ n−1).
struct eam_spline {
  std::vector<std::array<double, 7>> coeff;  ///< size n+1, index 0 unused

  /// Builds the spline through the knot values f[1..n] (f[0] is ignored, f.size() = n+1,
  /// n ≥ 3) on a grid of spacing `delta` (> 0). Same arithmetic as LAMMPS
  /// PairEAM::interpolate, so the coefficients agree bit for bit.
  static eam_spline interpolate(std::span<const double> f, double delta) {
    if (f.size() < 4)
      throw error("eam_spline::interpolate: need at least 3 knots, got " +
                  std::to_string(f.size() < 1 ? 0 : f.size() - 1));
    if (!(delta > 0)) throw error("eam_spline::interpolate: grid spacing must be positive");
    const std::size_t n = f.size() - 1;
    eam_spline s;
    s.coeff.assign(n + 1, std::array<double, 7>{});
    auto& c = s.coeff;
    for (std::size_t m = 1; m <= n; ++m) c[m][6] = f[m];

    // knot slopes (per grid step)
    c[1][5] = c[2][6] - c[1][6];
    c[2][5] = 0.5 * (c[3][6] - c[1][6]);
    c[n - 1][5] = 0.5 * (c[n][6] - c[n - 2][6]);
    c[n][5] = c[n][6] - c[n - 1][6];
    for (std::size_t m = 3; m + 2 <= n; ++m)
      c[m][5] = ((c[m - 2][6] - c[m + 2][6]) + 8.0 * (c[m + 1][6] - c[m - 1][6])) / 12.0;

    // cubic terms of each segment [m, m+1]
    for (std::size_t m = 1; m < n; ++m) {
      const double rise = c[m + 1][6] - c[m][6];
      c[m][4] = 3.0 * rise - 2.0 * c[m][5] - c[m + 1][5];
      c[m][3] = c[m][5] + c[m + 1][5] - 2.0 * rise;
    }
    c[n][4] = 0.0;
    c[n][3] = 0.0;

    // derivative polynomial, per unit of x
    for (std::size_t m = 1; m <= n; ++m) {
      c[m][2] = c[m][5] / delta;
      c[m][1] = 2.0 * c[m][4] / delta;
      c[m][0] = 3.0 * c[m][3] / delta;
    }
    return s;
  }

  /// Number of knots n.
  int size() const { return coeff.empty() ? 0 : int(coeff.size()) - 1; }

  /// LAMMPS's lookup for a distance r ≥ 0 (inv_delta = 1/dr, n = nr):
  /// p = r·inv_delta + 1, m = min(int(p), n−1), p −= m, p = min(p, 1).
  /// (LAMMPS has no lower clamp here; m ≥ 1 holds anyway for r ≥ 0, the clamp below only
  /// guards against r < 0.)
  static eam_spline_point locate_r(double r, double inv_delta, int n) {
    double p = r * inv_delta + 1.0;
    int m = static_cast<int>(p);
    m = std::max(1, std::min(m, n - 1));
    p -= m;
    p = std::min(p, 1.0);
    return {m, p};
  }

  /// LAMMPS's lookup for a density rho (inv_delta = 1/drho, n = nrho):
  /// p = rho·inv_delta + 1, m = max(1, min(int(p), n−1)), p −= m, p = min(p, 1).
  /// A negative rho therefore extrapolates the first segment's cubic (p < 0).
  static eam_spline_point locate_rho(double rho, double inv_delta, int n) {
    double p = rho * inv_delta + 1.0;
    int m = p < n ? static_cast<int>(p) : n;  // no int overflow for huge densities
    m = std::max(1, std::min(m, n - 1));
    p -= m;
    p = std::min(p, 1.0);
    return {m, p};
  }

  /// Spline value at a located point.
  double value(eam_spline_point x) const {
    const auto& c = coeff[std::size_t(x.m)];
    return ((c[3] * x.p + c[4]) * x.p + c[5]) * x.p + c[6];
  }

  /// Spline derivative d/dx at a located point (already divided by the grid spacing).
  double derivative(eam_spline_point x) const {
    const auto& c = coeff[std::size_t(x.m)];
    return (c[0] * x.p + c[1]) * x.p + c[2];
  }

  /// Second derivative d²/dx² at a located point: the exact derivative of `derivative`,
  /// (2·c[0]·p + c[1])·inv_delta (inv_delta = 1/grid spacing). Where the lookup is clamped
  /// (p ≥ 1, beyond the last knot) `derivative` is constant and this returns 0. The spline is
  /// only C¹, so at a knot this is the one-sided value of the segment the lookup selected.
  double second_derivative(eam_spline_point x, double inv_delta) const {
    if (x.p >= 1.0) return 0.0;
    const auto& c = coeff[std::size_t(x.m)];
    return (2.0 * c[0] * x.p + c[1]) * inv_delta;
  }
};

/// All EAM tables for one potential, in LAMMPS's internal layout (metal units).
///
/// Built by read_eam_funcfl / read_eam_setfl / read_eam_fs / read_eam (eam_file.hpp).
/// Element indices a, b run over `elements` in file order (funcfl: the order of the files).
///
/// Grid conventions (LAMMPS PairEAM::file2array, 29Sep2021):
///   * setfl / fs: nrho, drho, nr, dr are the file's values, tables copied verbatim,
///     rhomax = (nrho−1)·drho.
///   * funcfl (one or more files): dr = max file dr, drho = max file drho,
///     rmax = max (nr_f−1)·dr_f, rhomax = max (nrho_f−1)·drho_f,
///     nr = int(rmax/dr + 0.5), nrho = int(rhomax/drho + 0.5) — one knot fewer than a
///     single file has, so the tables end one file step short of rmax/rhomax — and every
///     file function is resampled at (m−1)·dr (m−1)·drho, m = 1..n, by LAMMPS's 4-point
///     Lagrange rule. Hence for funcfl rhomax = nrho·drho, not (nrho−1)·drho.
///   * cutoff = LAMMPS cutmax: the file cutoff (funcfl: the largest file cutoff).
struct eam_tables {
  std::string source;                    ///< file path(s)
  std::vector<std::string> elements;     ///< element symbols, file order
  std::vector<double> masses;            ///< amu
  std::vector<int> atomic_numbers;
  int nrho = 0, nr = 0;                  ///< grid sizes LAMMPS uses (knots 1..n)
  double drho = 0, dr = 0;               ///< grid spacings (density units, Å)
  /// LAMMPS's `rhomax`: the density beyond which the embedding energy gets the linear term
  /// F'(ρ)·(ρ − rhomax). setfl/fs: (nrho−1)·drho; funcfl: max over files of
  /// (nrho_f−1)·drho_f (= nrho·drho for one file), i.e. one drho past the last knot.
  double rhomax = 0;
  double cutoff = 0;                     ///< Å, LAMMPS cutmax
  std::vector<eam_spline> embedding;     ///< [a]: F_a(rho), eV
  /// [a*ne + b]: density at an atom of element b due to a neighbour of element a.
  /// setfl/funcfl: depends on a only (ρ_a); fs: file block a, function b.
  std::vector<eam_spline> density;
  std::vector<eam_spline> pair;          ///< [a*ne + b] == [b*ne + a]: r*phi_ab(r), eV*Å

  int element_count() const { return int(elements.size()); }

  /// Index of `symbol` in `elements`, or −1.
  int element_index(const std::string& symbol) const {
    for (std::size_t i = 0; i < elements.size(); ++i)
      if (elements[i] == symbol) return int(i);
    return -1;
  }

  const eam_spline& embedding_of(int a) const { return embedding[std::size_t(a)]; }
  /// Density at a host of element `host` due to a neighbour of element `neighbour`.
  const eam_spline& density_of(int neighbour, int host) const {
    return density[std::size_t(neighbour * element_count() + host)];
  }
  /// r·φ(r) between elements a and b (symmetric).
  const eam_spline& pair_of(int a, int b) const {
    return pair[std::size_t(a * element_count() + b)];
  }
};

}  // namespace pelkit
