// custom_potential — write your own potential, check it, and use it like a built-in one.
//
// A Morse pair potential for copper (Girifalco & Weizer, Phys. Rev. 114, 687 (1959)),
//   E(r) = D [exp(−2α(r − r0)) − 2 exp(−α(r − r0))],  D = 0.3429 eV, α = 1.3588 /Å, r0 = 2.866 Å,
// "shifted-force" at rc so that energy and force both go to zero there (smooth minimisation).
// A pair potential is a small kernel (what one pair contributes) wrapped in
// pelkit::pair_potential, which does the neighbour loop, forces, virial and OpenMP
// (docs/extending.md). Then: FIRE relaxation and one ART search on a vacancy in fcc Cu.
#include <pelkit/hessian/concepts.hpp>  // hessian_potential: analytic Hessian, Ψ, elastic_response
#include <pelkit/minimize/fire.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/pair.hpp>
#include <pelkit/saddle/art_nouveau.hpp>

#include <cmath>
#include <cstdio>

struct morse_kernel {
  double D = 0.3429, alpha = 1.3588, r0 = 2.866, rc = 5.5;  // eV, 1/Å, Å, Å

  std::vector<std::string> elements() const { return {"Cu"}; }  // species a, b index this list
  double cutoff(int, int) const { return rc; }                   // Å, per species pair
  // Energy E(r) and dE/dr of the plain Morse function.
  double e(double r) const { const double u = std::exp(-alpha * (r - r0)); return D * (u * u - 2 * u); }
  double de(double r) const { const double u = std::exp(-alpha * (r - r0)); return -2 * alpha * D * (u * u - u); }
  // The pair term at squared distance rsq (< rc²): energy (eV) and −(dE/dr)/r (eV/Å²).
  pelkit::pair_term operator()(int, int, double rsq) const {
    const double r = std::sqrt(rsq);
    return {e(r) - e(rc) - (r - rc) * de(rc), -(de(r) - de(rc)) / r};
  }
  // Optional: d²E/dr² (eV/Å²) makes the potential a hessian_potential.
  double curvature(int, int, double rsq) const {
    const double u = std::exp(-alpha * (std::sqrt(rsq) - r0));
    return 2 * alpha * alpha * D * (2 * u * u - u);
  }
};
using morse = pelkit::pair_potential<morse_kernel>;
static_assert(pelkit::pair_kernel<morse_kernel>);
static_assert(pelkit::potential<morse>);          // usable by calculator, minimisers, MD, saddles
static_assert(pelkit::hessian_potential<morse>);  // and by dense_hessian, soft_modes, elastic_response

int main() {
  // fcc Cu, 3×3×3 cells, a = 3.61 Å, vacancy at the origin; atom 0 at (a/2, a/2, 0) is its neighbour.
  const double a = 3.61, basis[4][3] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  Eigen::Matrix3Xd x(3, 107);
  for (int c = 0, k = 0; c < 27; ++c)
    for (int b = (c == 0); b < 4; ++b)
      x.col(k++) = a * Eigen::Vector3d(c % 3 + basis[b][0], c / 3 % 3 + basis[b][1], c / 9 + basis[b][2]);
  pelkit::system s = pelkit::make_system(pelkit::periodic_box::cubic(3 * a), x, std::vector<int>(107, 0), {"Cu"}, {63.546});
  auto calc = pelkit::calculator(morse(morse_kernel{}));

  // Check: force = −dE/dx by a central difference (tests/potential/conformance.hpp does it fully).
  pelkit::system p = s, m = s;
  p.positions(0, 0) += 1e-5, m.positions(0, 0) -= 1e-5;
  const double f0 = calc.compute(s).forces(0, 0), ep = calc.compute(p).energy, em = calc.compute(m).energy;
  std::printf("force check: F_x %.8f, -dE/dx %.8f eV/A\n", f0, -(ep - em) / 2e-5);
  if (std::abs(f0 + (ep - em) / 2e-5) > 1e-6) return 1;

  // Relax with FIRE 2.0 (any minimiser takes any force_provider).
  const pelkit::minimize_result r = pelkit::fire2{}.minimize(calc, s, {.fmax = 1e-6});
  std::printf("FIRE: %s after %ld iterations, E %.5f eV/atom\n", r.reason.c_str(), r.iterations, r.energy_final / 107);
  if (!r.converged) return 1;

  // ART nouveau around the vacancy's neighbour; a few trials until a proven saddle.
  pelkit::art_nouveau art;
  for (int trial = 0; trial < 8; ++trial) {
    const auto e = art.search(calc, s, {.center = 0, .trial = trial, .seed = pelkit::search_seed(1, 0, trial)}).event;
    std::printf("ART trial %d: %s (%s), barrier %.4f eV, E_fin-E_ini %.4f eV, %ld force calls\n", trial,
                e.status.c_str(), e.validation.c_str(), e.e_sad_ini, e.e_fin_ini, e.force_calls);
    if (e.ok() && e.validated) return e.e_sad_ini > 0 ? 0 : 1;
  }
  return 1;
}
