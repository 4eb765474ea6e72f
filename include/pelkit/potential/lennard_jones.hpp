// pelkit/potential/lennard_jones.hpp — Lennard-Jones, single- and multi-species.
//
//   φ_ab(r) = 4 ε_ab [(σ_ab/r)¹² − (σ_ab/r)⁶] − φ_ab(rc_ab)   for r < rc_ab   (shift optional)
//
// ε in eV, σ and rc in Å. `kob_andersen` gives the Kob–Andersen binary glass former
// (PRL 73, 1376 (1994)): ε_AB/ε_AA = 1.5, ε_BB/ε_AA = 0.5, σ_AB/σ_AA = 0.8,
// σ_BB/σ_AA = 0.88, rc = 2.5 σ_ab, in units of the given ε_AA, σ_AA.
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/potential/pair.hpp>

#include <cmath>
#include <string>
#include <vector>

namespace pelkit {

/// Per-species-pair parameters of a Lennard-Jones kernel.
struct lj_parameters {
  double epsilon;  ///< well depth, eV
  double sigma;    ///< zero crossing, Å
  double cutoff;   ///< Å
};

class lennard_jones_kernel {
public:
  /// `params[a*ne+b]` for the ne `elements`; must be symmetric. `shift` makes φ(rc) = 0.
  lennard_jones_kernel(std::vector<std::string> elements, std::vector<lj_parameters> params,
                       bool shift = true)
      : elements_(std::move(elements)), p_(std::move(params)) {
    const std::size_t ne = elements_.size();
    if (ne == 0 || p_.size() != ne * ne)
      throw error("lennard_jones: need " + std::to_string(ne * ne) + " parameter sets for " +
                  std::to_string(ne) + " elements, got " + std::to_string(p_.size()));
    for (const auto& q : p_)
      if (!(q.epsilon >= 0) || !(q.sigma > 0) || !(q.cutoff > 0))
        throw error("lennard_jones: need epsilon >= 0, sigma > 0, cutoff > 0");
    for (std::size_t a = 0; a < ne; ++a)
      for (std::size_t b = 0; b < ne; ++b) {
        const auto &q = p_[a * ne + b], &r = p_[b * ne + a];
        if (q.epsilon != r.epsilon || q.sigma != r.sigma || q.cutoff != r.cutoff)
          throw error("lennard_jones: parameters must be symmetric in the species pair");
      }
    offset_.resize(p_.size(), 0.0);
    if (shift)
      for (std::size_t k = 0; k < p_.size(); ++k)
        offset_[k] = raw(k, p_[k].cutoff * p_[k].cutoff).energy;
  }

  std::vector<std::string> elements() const { return elements_; }
  double cutoff(int a, int b) const { return p_[index(a, b)].cutoff; }
  pair_term operator()(int a, int b, double rsq) const {
    const std::size_t k = index(a, b);
    pair_term t = raw(k, rsq);
    t.energy -= offset_[k];
    return t;
  }
  /// d²φ/dr² at squared distance rsq (Å²), eV/Å²: 4ε(156 (σ/r)¹² − 42 (σ/r)⁶)/r² (the shift is
  /// a constant and does not enter). Used by the analytic Hessian (pelkit/hessian).
  double curvature(int a, int b, double rsq) const {
    const std::size_t k = index(a, b);
    const double s2 = p_[k].sigma * p_[k].sigma / rsq, s6 = s2 * s2 * s2;
    return 4 * p_[k].epsilon * (156 * s6 * s6 - 42 * s6) / rsq;
  }

private:
  std::size_t index(int a, int b) const { return std::size_t(a) * elements_.size() + b; }
  pair_term raw(std::size_t k, double rsq) const {
    const double s2 = p_[k].sigma * p_[k].sigma / rsq, s6 = s2 * s2 * s2;
    const double e4 = 4 * p_[k].epsilon;
    return {e4 * (s6 * s6 - s6), e4 * (12 * s6 * s6 - 6 * s6) / rsq};
  }

  std::vector<std::string> elements_;
  std::vector<lj_parameters> p_;
  std::vector<double> offset_;
};

using lennard_jones = pair_potential<lennard_jones_kernel>;
static_assert(pair_kernel<lennard_jones_kernel>);
static_assert(pair_kernel_with_curvature<lennard_jones_kernel>);
static_assert(potential<lennard_jones>);

/// Single-species LJ (ε eV, σ Å, cutoff Å).
inline lennard_jones make_lennard_jones(const std::string& element, double epsilon, double sigma,
                                        double cutoff, bool shift = true) {
  return lennard_jones(lennard_jones_kernel({element}, {{epsilon, sigma, cutoff}}, shift));
}

/// Kob–Andersen 80:20 binary mixture with species names A and B (default "A", "B").
inline lennard_jones kob_andersen(double epsilon_AA = 1.0, double sigma_AA = 1.0,
                                  std::string a = "A", std::string b = "B", bool shift = true) {
  const double eAB = 1.5 * epsilon_AA, eBB = 0.5 * epsilon_AA;
  const double sAB = 0.8 * sigma_AA, sBB = 0.88 * sigma_AA;
  const lj_parameters AA{epsilon_AA, sigma_AA, 2.5 * sigma_AA}, AB{eAB, sAB, 2.5 * sAB},
      BB{eBB, sBB, 2.5 * sBB};
  return lennard_jones(lennard_jones_kernel({a, b}, {AA, AB, AB, BB}, shift));
}

}  // namespace pelkit
