// Elastic constants of fcc crystals: a Lennard-Jones crystal away from its zero-pressure lattice
// constant against lattice sums derived here (including Wallace's residual-pressure terms), and
// cubic symmetry of EAM copper (Cu_u3.eam).
#include "support.hpp"

#include "../support.hpp"

using namespace pelkit;
using namespace pelkit::testing;
namespace fs = std::filesystem;

namespace {

/// Lattice sums of a one-species pair potential on the fcc lattice (constant a, Å) over
/// neighbours closer than rc. Energy elastic constants (Born; the fcc lattice has no internal
/// relaxation, every atom is an inversion centre) and the pressure, with Ω = a³/4:
///   C_abcd = 1/(2Ω) Σ_R (φ'' − φ'/r) R_a R_b R_c R_d / r²,   p = −1/(6Ω) Σ_R φ'(r) r   (eV/Å³).
struct fcc_sums {
  double c11 = 0, c12 = 0, c44 = 0, p = 0;
};

template <class Dphi, class D2phi>
fcc_sums lattice_sums(double a, double rc, Dphi dphi, D2phi d2phi) {
  const double basis[4][3] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  const int m = int(std::ceil(rc / a)) + 1;
  fcc_sums s;
  for (int i = -m; i <= m; ++i)
    for (int j = -m; j <= m; ++j)
      for (int k = -m; k <= m; ++k)
        for (const auto& b : basis) {
          const Eigen::Vector3d R = a * Eigen::Vector3d(i + b[0], j + b[1], k + b[2]);
          const double r = R.norm();
          if (r == 0 || r >= rc) continue;
          const double w = (d2phi(r) - dphi(r) / r) / (r * r);
          s.c11 += w * std::pow(R.x(), 4);
          s.c12 += w * R.x() * R.x() * R.y() * R.y();
          s.c44 += w * R.y() * R.y() * R.z() * R.z();
          s.p -= dphi(r) * r / 3;
        }
  const double omega = a * a * a / 4;
  s.c11 /= 2 * omega, s.c12 /= 2 * omega, s.c44 /= 2 * omega, s.p /= 2 * omega;
  return s;
}

/// Largest deviation from cubic symmetry (GPa): the three C11, C12, C44 differ, others nonzero.
double cubic_deviation(const matrix6& C) {
  double d = 0;
  for (int k = 0; k < 3; ++k) {
    d = std::max({d, std::abs(C(k, k) - C(0, 0)), std::abs(C(k + 3, k + 3) - C(3, 3))});
    d = std::max(d, std::abs(C(k, (k + 1) % 3) - C(0, 1)));
  }
  for (int k = 0; k < 6; ++k)
    for (int l = 0; l < 6; ++l) {
      const bool cubic_entry = k == l || (k < 3 && l < 3);
      if (!cubic_entry) d = std::max(d, std::abs(C(k, l)));
    }
  return d;
}

}  // namespace

TEST_CASE("elastic: Lennard-Jones fcc under pressure matches lattice sums with Wallace's terms") {
  const double eps = 0.167, sigma = 2.315, rc = 2.5 * sigma;  // eV, Å, Å (copper-like LJ)
  auto calc = calculator(make_lennard_jones("Cu", eps, sigma, rc));
  auto dphi = [&](double r) { const double s6 = std::pow(sigma / r, 6); return 4 * eps * (-12 * s6 * s6 + 6 * s6) / r; };
  auto d2phi = [&](double r) { const double s6 = std::pow(sigma / r, 6); return 4 * eps * (156 * s6 * s6 - 42 * s6) / (r * r); };
  for (double a : {3.50, 3.62}) {  // compressed and stretched: residual pressure of either sign
    const pelkit::system s = fcc(4, a, "Cu", 63.546);
    const fcc_sums L = lattice_sums(a, rc, dphi, d2phi);
    const double gpa = units::eV_per_A3_to_GPa, p = L.p * gpa;
    // Wallace's stress–strain coefficients under hydrostatic pressure p
    const double B11 = L.c11 * gpa - p, B12 = L.c12 * gpa + p, B44 = L.c44 * gpa - p;
    for (const elastic_result& r : {elastic_response(calc, s), elastic_strain(calc, s)}) {
      MESSAGE(r.method << ", a = " << a << " Å: p = " << p << " GPa; B11 " << r.C_GPa(0, 0) << " vs " << B11
                       << ", B12 " << r.C_GPa(0, 1) << " vs " << B12 << ", B44 " << r.C_GPa(3, 3) << " vs " << B44
                       << " GPa; C11 " << r.wallace_GPa(0, 0) << " vs " << L.c11 * gpa << ", C44 "
                       << r.wallace_GPa(3, 3) << " vs " << L.c44 * gpa << "; cubic deviation "
                       << cubic_deviation(r.C_GPa) << " GPa");
      CHECK(std::abs(p) > 1);
      CHECK(r.residual_stress_GPa(0, 0) == doctest::Approx(-p).epsilon(1e-9));
      CHECK(r.C_GPa(0, 0) == doctest::Approx(B11).epsilon(1e-5));
      CHECK(r.C_GPa(0, 1) == doctest::Approx(B12).epsilon(1e-5));
      CHECK(r.C_GPa(3, 3) == doctest::Approx(B44).epsilon(1e-5));
      CHECK(r.wallace_GPa(0, 0) == doctest::Approx(L.c11 * gpa).epsilon(1e-5));
      CHECK(r.wallace_GPa(0, 1) == doctest::Approx(L.c12 * gpa).epsilon(1e-5));
      CHECK(r.wallace_GPa(3, 3) == doctest::Approx(L.c44 * gpa).epsilon(1e-5));
      CHECK(cubic_deviation(r.C_GPa) < 1e-5 * L.c11 * gpa);
      CHECK(r.asymmetry_GPa < 1e-5 * L.c11 * gpa);
      // isotropic averages of a cubic crystal: Voigt G = (C11 − C12 + 3 C44)/5, B = (C11 + 2 C12)/3
      CHECK(r.shear.voigt == doctest::Approx((B11 - B12 + 3 * B44) / 5).epsilon(1e-5));
      CHECK(r.bulk.voigt == doctest::Approx((B11 + 2 * B12) / 3).epsilon(1e-5));
      CHECK(r.bulk.reuss == doctest::Approx(r.bulk.voigt).epsilon(1e-5));  // equal for cubic symmetry
      // Reuss shear of a cubic crystal: 5 (C11 − C12) C44 / (4 C44 + 3 (C11 − C12))
      CHECK(r.shear.reuss == doctest::Approx(5 * (B11 - B12) * B44 / (4 * B44 + 3 * (B11 - B12))).epsilon(1e-5));
    }
  }
}

TEST_CASE("elastic: EAM fcc copper is cubic and both methods agree") {
  if (!fs::exists(cu_u3_potential)) {
    MESSAGE("skipped: " << cu_u3_potential << " not found");
    return;
  }
  auto calc = calculator(eam::from_file(cu_u3_potential));
  const pelkit::system s = fcc(4, 3.615, "Cu", 63.546);
  const elastic_result a = elastic_strain(calc, s), b = elastic_response(calc, s);
  MESSAGE("Cu_u3 fcc, a = 3.615 Å: C11 " << b.C_GPa(0, 0) << ", C12 " << b.C_GPa(0, 1) << ", C44 " << b.C_GPa(3, 3)
                                          << " GPa (strain: " << a.C_GPa(0, 0) << ", " << a.C_GPa(0, 1) << ", "
                                          << a.C_GPa(3, 3) << "); residual pressure "
                                          << -b.residual_stress_GPa.trace() / 3 << " GPa");
  CHECK(relative_difference(a.raw_GPa, b.raw_GPa) < 1e-3);
  CHECK(cubic_deviation(b.C_GPa) < 1e-4 * b.C_GPa(0, 0));
  CHECK(cubic_deviation(a.C_GPa) < 1e-4 * a.C_GPa(0, 0));
  CHECK(b.C_GPa(0, 0) > b.C_GPa(0, 1));  // Born stability of a cubic crystal
  CHECK(b.C_GPa(3, 3) > 0);
}
