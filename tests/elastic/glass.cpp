// Elastic constants of a minimised Cu50Zr50 glass: finite strain against linear response,
// independence of the strain amplitude, the residual-stress relation, and bad input.
#include "support.hpp"

#include <pelkit/descriptor/soft_mode.hpp>

#include "../support.hpp"

using namespace pelkit;
using namespace pelkit::testing;
namespace fs = std::filesystem;

TEST_CASE("elastic: finite strain and linear response agree on a Cu50Zr50 glass") {
  if (!fs::exists(cuzr)) {
    MESSAGE("skipped: " << cuzr << " not found");
    return;
  }
  const pelkit::system& g = minimised_glass();
  auto calc = calculator(eam::from_file(cuzr));
  const elastic_result a = elastic_strain(calc, g);
  const elastic_result b = elastic_response(calc, g);
  const double d = relative_difference(a.raw_GPa, b.raw_GPa);
  MESSAGE("strain C (GPa):" << show(a.C_GPa) << "response C (GPa):" << show(b.C_GPa)
                            << "max |ΔB| / max |B| = " << d << "; G hill " << a.shear.hill << " / "
                            << b.shear.hill << " GPa; B hill " << a.bulk.hill << " / " << b.bulk.hill
                            << " GPa; residual stress xx " << a.residual_stress_GPa(0, 0) << " GPa; asymmetry "
                            << a.asymmetry_GPa << " / " << b.asymmetry_GPa << " GPa; evaluations "
                            << a.force_evaluations << " / " << b.force_evaluations);
  CHECK(d < 0.01);
  CHECK(std::abs(a.shear.hill - b.shear.hill) < 0.01 * b.shear.hill);
  CHECK(std::abs(a.bulk.hill - b.bulk.hill) < 0.01 * b.bulk.hill);
  // the relaxation lowers every diagonal constant below its affine (Born) value
  for (int k = 0; k < 6; ++k) CHECK(b.C_GPa(k, k) < b.born_GPa(k, k));
  // a glass is isotropic on average: the shear estimates agree to within the sample's anisotropy
  CHECK(b.shear.voigt >= b.shear.hill);
  CHECK(b.shear.hill >= b.shear.reuss);
  CHECK(std::abs(b.shear.c44_mean - b.shear.hill) < 0.3 * b.shear.hill);
  CHECK(b.shear.reuss > 0);
}

TEST_CASE("elastic: the results do not depend on the strain amplitude (1e-6 .. 1e-4)") {
  if (!fs::exists(cuzr)) {
    MESSAGE("skipped: " << cuzr << " not found");
    return;
  }
  const pelkit::system& g = minimised_glass();
  auto calc = calculator(eam::from_file(cuzr));
  const elastic_result ref = elastic_response(calc, g, {.strain = 1e-5});
  for (double delta : {1e-6, 1e-4}) {
    const elastic_result r = elastic_response(calc, g, {.strain = delta});
    const double d = relative_difference(r.raw_GPa, ref.raw_GPa);
    MESSAGE("response, step " << delta << ": max |ΔB| / max |B| vs step 1e-5 = " << d);
    CHECK(d < 1e-3);
  }
  for (double delta : {1e-6, 1e-4}) {
    const elastic_result r = elastic_strain(calc, g, {.strain = delta, .relax_fmax = 1e-9});
    const double d = relative_difference(r.raw_GPa, ref.raw_GPa);
    MESSAGE("finite strain, δ = " << delta << ": max |ΔB| / max |B| vs response = " << d);
    CHECK(d < 0.01);
  }
}

TEST_CASE("elastic: the residual stress makes B asymmetric, B + S(P0) is symmetric") {
  if (!fs::exists(cuzr)) {
    MESSAGE("skipped: " << cuzr << " not found");
    return;
  }
  // the glass minimised at fixed cell keeps an anisotropic residual stress (~1 GPa)
  const pelkit::system& g = minimised_glass();
  auto calc = calculator(eam::from_file(cuzr));
  const elastic_result r = elastic_response(calc, g);
  const matrix6 W = r.raw_GPa + elastic_detail::residual_stress_terms(-r.residual_stress_GPa);
  const double asym_W = (W - W.transpose()).cwiseAbs().maxCoeff();
  MESSAGE("residual stress (GPa):\n" << r.residual_stress_GPa << "\nasymmetry of B " << r.asymmetry_GPa
                                     << " GPa, of B + S(P0) " << asym_W << " GPa");
  CHECK(r.residual_stress_GPa.cwiseAbs().maxCoeff() > 0.1);
  CHECK(r.asymmetry_GPa > 0.05);
  CHECK(asym_W < 0.02 * r.asymmetry_GPa);
}

TEST_CASE("elastic: a configuration that is not a minimum, or unstable, is an error") {
  if (!fs::exists(cuzr)) {
    MESSAGE("skipped: " << cuzr << " not found");
    return;
  }
  auto calc = calculator(eam::from_file(cuzr));
  const pelkit::system raw = read_lammps_data(std::string(PELKIT_TEST_DATA) + "/cu50zr50_small_256.data");
  CHECK_ERROR(elastic_strain(calc, raw), "not a minimum", "largest force", "eV/Å", "minimise");
  CHECK_ERROR(elastic_response(calc, raw), "not a minimum", "largest force", "minimise");
  const pelkit::system& g = minimised_glass();
  CHECK_ERROR(elastic_response(calc, g, {.strain = 0}), "strain amplitude");
  CHECK_ERROR(elastic_response(calc, g, {.strain = std::nan("")}), "strain amplitude");
  CHECK_ERROR(elastic_strain(calc, g, {.relax_fmax = -1}), "relax_fmax");
  // an unstable "minimum": a perfect simple-cubic LJ crystal has zero forces by symmetry but
  // is unstable to shear (C44 < 0 from the central-force lattice sum)
  auto lj = calculator(make_lennard_jones("Ar", 0.0104, 3.4, 8.5));
  const double a = 3.4 * std::pow(2.0, 1.0 / 6.0);
  Eigen::Matrix3Xd x(3, 216);
  int k = 0;
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j)
      for (int l = 0; l < 6; ++l) x.col(k++) = a * Eigen::Vector3d(i, j, l);
  const pelkit::system sc = make_system(periodic_box::cubic(6 * a), x, std::vector<int>(216, 0), {"Ar"}, {39.95});
  CHECK_ERROR(elastic_response(lj, sc), "not positive definite", "not a stable minimum");
}

TEST_CASE("elastic: one factorisation serves both Ψ and the linear-response constants") {
  if (!fs::exists(cuzr)) {
    MESSAGE("skipped: " << cuzr << " not found");
    return;
  }
  const pelkit::system& g = minimised_glass();
  auto calc = calculator(eam::from_file(cuzr));
  const Eigen::MatrixXd H = dense_hessian(calc, g);
  const hessian_pseudo_inverse Hp(H);
  const elastic_result shared = elastic_response(calc, g, Hp), own = elastic_response(calc, g);
  const soft_mode_result psi_shared = soft_modes(Hp, atom_masses(g)), psi_own = soft_modes(H, atom_masses(g));
  const double dC = relative_difference(shared.raw_GPa, own.raw_GPa);
  const double dpsi = (psi_shared.psi_dynamical - psi_own.psi_dynamical).cwiseAbs().maxCoeff() /
                      psi_own.psi_dynamical.cwiseAbs().maxCoeff();
  MESSAGE("shared vs own factorisation: C " << dC << ", Ψ " << dpsi << "; G hill " << shared.shear.hill << " GPa");
  CHECK(dC < 1e-12);
  CHECK(dpsi < 1e-12);
  CHECK(shared.shear.hill > 10);  // a Cu–Zr glass: tens of GPa
  CHECK(own.force_evaluations == shared.force_evaluations + 1);  // the early minimum check
  const pelkit::system small = read_lammps_data(std::string(PELKIT_TEST_DATA) + "/cu50zr50_tiny_16.data");
  CHECK_ERROR(elastic_response(calc, small, Hp), "factorised Hessian has 768 rows", "16 atoms");
}
