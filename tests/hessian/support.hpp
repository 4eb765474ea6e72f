// Helpers for the Hessian tests: finite-difference Hessian columns from pelkit's forces and
// relative matrix differences.
#pragma once
#include <pelkit/hessian/hessian.hpp>
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>

#include <doctest/doctest.h>

#include "../support.hpp"

#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace pelkit::testing {

inline const std::string potential_dir = "/usr/share/lammps/potentials/";
inline bool have_potential(const std::string& name) {
  return std::filesystem::exists(potential_dir + name);
}

/// Column k of the Hessian by central differences of the forces (eV/Å²):
/// H(:, k) = −(F(x + h e_k) − F(x − h e_k)) / 2h, step h in Å.
template <class Calc>
Eigen::VectorXd fd_column(Calc& calc, const system& s, Eigen::Index k, double h = 1e-5) {
  system p = s;
  p.positions.data()[k] += h;
  const Eigen::Matrix3Xd fp = calc.compute(p).forces;
  p.positions.data()[k] -= 2 * h;
  const Eigen::Matrix3Xd fm = calc.compute(p).forces;
  return -(fp - fm).reshaped() / (2 * h);
}

/// Segment index of every spline argument the energy uses (each listed pair distance inside
/// the cutoff, every density ρ_i), for configurations `a` and `b` of the same atoms: true if
/// any argument lies on different spline segments (or crosses the cutoff) in the two. LAMMPS's
/// splines are only C¹, so a central difference straddling a knot sees the mean of two
/// one-sided second derivatives; such columns are not comparable to the analytic Hessian.
struct knot_checker {
  const eam& pot;
  std::vector<int> species;
  verlet_list list;
  eam::workspace ws;
  evaluation out;

  knot_checker(const eam& p, const system& s) : pot(p), list({p.cutoff(), 0.5, list_kind::half}) {
    const std::vector<int> map = map_types(s.type_names, pot.elements());
    for (std::size_t i = 0; i < s.size(); ++i) species.push_back(map[s.types[i]]);
    list.build(s.box, s.positions);
  }
  std::vector<double> rho(const system& s) {
    pot.compute(atoms_view{s.box, s.positions, species}, list, {false, false, false}, ws, out);
    return ws.rho;
  }
  bool operator()(const system& a, const system& b) {
    const auto& t = pot.tables();
    const auto ra = rho(a), rb = rho(b);
    for (std::size_t i = 0; i < a.size(); ++i)
      if (eam_spline::locate_rho(ra[i], 1 / t.drho, t.nrho).m != eam_spline::locate_rho(rb[i], 1 / t.drho, t.nrho).m)
        return true;
    const auto sa = list.cartesian_shifts(a.box);
    for (Eigen::Index i = 0; i < a.positions.cols(); ++i)
      for (const neighbor nb : list[i]) {
        const double r1 = (a.positions.col(nb.j) + sa[nb.shift] - a.positions.col(i)).norm();
        const double r2 = (b.positions.col(nb.j) + sa[nb.shift] - b.positions.col(i)).norm();
        if ((r1 < t.cutoff) != (r2 < t.cutoff)) return true;
        if (r1 < t.cutoff && eam_spline::locate_r(r1, 1 / t.dr, t.nr).m != eam_spline::locate_r(r2, 1 / t.dr, t.nr).m)
          return true;
      }
    return false;
  }
};
/// A knot test for `pot` at configurations near `s` (never true for potentials without splines).
inline auto knot_test(const eam& pot, const system& s) { return knot_checker(pot, s); }
template <class P>
auto knot_test(const P&, const system&) {
  return [](const system&, const system&) { return false; };
}

struct fd_result {
  double worst = 0;  ///< max |H − H_fd| / max|H| over the compared columns
  int compared = 0, skipped = 0;
};

/// Compares `samples` columns of H (or all if samples >= 3N) with central differences of the
/// forces (step h, Å), skipping columns whose ±h displacement moves a spline argument across a
/// knot (see crosses_spline_knot).
template <class P>
fd_result fd_mismatch(calculator<P>& calc, const system& s, const Eigen::MatrixXd& H,
                      int samples, double h) {
  const Eigen::Index n3 = 3 * Eigen::Index(s.size());
  std::vector<Eigen::Index> cols;
  if (samples >= n3) {
    for (Eigen::Index k = 0; k < n3; ++k) cols.push_back(k);
  } else {
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<Eigen::Index> pick(0, n3 - 1);
    for (int k = 0; k < samples; ++k) cols.push_back(pick(rng));
  }
  fd_result r;
  auto crosses_spline_knot = knot_test(calc.potential(), s);
  const double scale = H.cwiseAbs().maxCoeff();
  for (const Eigen::Index k : cols) {
    system p = s, m = s;
    p.positions.data()[k] += h;
    m.positions.data()[k] -= h;
    if (crosses_spline_knot(p, m)) {
      ++r.skipped;
      continue;
    }
    const Eigen::VectorXd fd = fd_column(calc, s, k, h);
    r.worst = std::max(r.worst, (fd - H.col(k)).cwiseAbs().maxCoeff() / scale);
    ++r.compared;
  }
  return r;
}

/// max|A − B| / max|B|.
inline double relative_difference(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B) {
  return (A - B).cwiseAbs().maxCoeff() / B.cwiseAbs().maxCoeff();
}

}  // namespace pelkit::testing
