// Soft-mode parameter Ψ: the Cholesky route against a dense eigendecomposition (both forms),
// invariances, and the errors for unstable configurations.
#include <pelkit/descriptor/soft_mode.hpp>
#include <pelkit/hessian/hessian.hpp>
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/minimize/lbfgs.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>

#include <filesystem>

#include "../support.hpp"

using namespace pelkit;
namespace fs = std::filesystem;

namespace {

using pelkit::testing::cuzr;

/// Hessian by central differences of the forces (eV/Å²), symmetrised, with the translations
/// projected out exactly (so that both routes see the same exact null space).
template <class Calc>
Eigen::MatrixXd fd_hessian(Calc& calc, pelkit::system s, double h = 1e-4) {
  const Eigen::Index n = Eigen::Index(3 * s.size());
  Eigen::MatrixXd H(n, n);
  for (Eigen::Index k = 0; k < n; ++k) {
    const double x0 = s.positions(k % 3, k / 3);
    s.positions(k % 3, k / 3) = x0 + h;
    const Eigen::Matrix3Xd fp = calc.compute(s).forces;
    s.positions(k % 3, k / 3) = x0 - h;
    const Eigen::Matrix3Xd fm = calc.compute(s).forces;
    s.positions(k % 3, k / 3) = x0;
    H.col(k) = -(fp - fm).reshaped() / (2 * h);
  }
  H = (0.5 * (H + H.transpose())).eval();
  Eigen::MatrixXd T = Eigen::MatrixXd::Zero(n, 3);
  for (Eigen::Index i = 0; i < n; ++i) T(i, i % 3) = 1 / std::sqrt(double(n / 3));
  const Eigen::MatrixXd Q = Eigen::MatrixXd::Identity(n, n) - T * T.transpose();
  return Q * H * Q;
}

/// Ψ by full eigendecomposition, skipping the `skip` lowest modes.
Eigen::VectorXd psi_by_modes(const Eigen::MatrixXd& K, int skip = 3) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(K);
  const Eigen::Index n = K.rows();
  Eigen::VectorXd psi = Eigen::VectorXd::Zero(n / 3);
  for (Eigen::Index l = skip; l < n; ++l)
    for (Eigen::Index i = 0; i < n / 3; ++i)
      psi[i] += es.eigenvectors().col(l).segment(3 * i, 3).squaredNorm() / es.eigenvalues()[l];
  return psi;
}

pelkit::system minimised_glass() {
  pelkit::system s = read_lammps_data(std::string(PELKIT_TEST_DATA) + "/cu50zr50_small_256.data");
  auto calc = calculator(eam::from_file(cuzr));
  lbfgs{}.minimize(calc, s, {.fmax = 1e-8});
  return s;
}

}  // namespace

TEST_CASE("soft modes: Cholesky route equals the dense eigendecomposition, both forms") {
  if (!fs::exists(cuzr)) {
    MESSAGE("skipped: " << cuzr << " not found");
    return;
  }
  const pelkit::system s = minimised_glass();
  auto calc = calculator(eam::from_file(cuzr));
  const Eigen::MatrixXd H = fd_hessian(calc, s);
  const Eigen::VectorXd m = atom_masses(s);
  const soft_mode_result r = soft_modes(H, m);

  const Eigen::VectorXd ref_h = psi_by_modes(H);
  Eigen::VectorXd w(H.rows());
  for (Eigen::Index k = 0; k < w.size(); ++k) w[k] = 1 / std::sqrt(m[k / 3]);
  const Eigen::VectorXd ref_d = psi_by_modes(w.asDiagonal() * H * w.asDiagonal()) * units::amu_A2_per_ps2_to_eV;
  const double err_h = ((r.psi_hessian - ref_h).array() / ref_h.array()).abs().maxCoeff();
  const double err_d = ((r.psi_dynamical - ref_d).array() / ref_d.array()).abs().maxCoeff();
  MESSAGE("256-atom Cu50Zr50 glass: max relative |ΔΨ| unweighted " << err_h << ", mass-weighted " << err_d
                                                                    << "; mean Ψ " << r.psi_hessian.mean() << " Å²/eV, "
                                                                    << r.psi_dynamical.mean() << " ps²");
  CHECK(err_h < 1e-8);
  CHECK(err_d < 1e-8);
  CHECK((r.psi_hessian.array() > 0).all());
  // the pseudo-inverse does not depend on the shift c
  // (a different c gives the same Ψ: checked through a scaled Hessian, Ψ(αH) = Ψ(H)/α)
  const soft_mode_result r2 = soft_modes(2.5 * H, m);
  CHECK(((r2.psi_hessian * 2.5 - r.psi_hessian).array() / r.psi_hessian.array()).abs().maxCoeff() < 1e-10);
  // equal masses: the two forms differ by the mass only
  const soft_mode_result r3 = soft_modes(H, Eigen::VectorXd::Constant(m.size(), 50.0));
  CHECK(((r3.psi_dynamical / (50 * units::amu_A2_per_ps2_to_eV) - r3.psi_hessian).array() / r3.psi_hessian.array())
            .abs()
            .maxCoeff() < 1e-10);
}

TEST_CASE("soft modes: unstable configurations and bad input are errors, not NaN") {
  if (!fs::exists(cuzr)) {
    MESSAGE("skipped: " << cuzr << " not found");
    return;
  }
  const pelkit::system s = minimised_glass();
  auto calc = calculator(eam::from_file(cuzr));
  Eigen::MatrixXd H = fd_hessian(calc, s);
  const Eigen::VectorXd m = atom_masses(s);
  // a negative mode: subtract a multiple of one non-translational direction
  Eigen::VectorXd v = Eigen::VectorXd::Zero(H.rows());
  v[0] = 1, v[3] = -1;
  v /= v.norm();
  CHECK_ERROR(soft_modes(H - 100.0 * v * v.transpose(), m), "not positive definite", "not a stable minimum");
  CHECK_ERROR(soft_modes(H.topLeftCorner(10, 10), m), "need a 3N x 3N Hessian");
  Eigen::MatrixXd bad = H;
  bad(4, 7) = std::nan("");
  CHECK_ERROR(soft_modes(bad, m), "non-finite");
  CHECK_ERROR(soft_modes(H, Eigen::VectorXd::Zero(m.size())), "masses must be positive");
}

TEST_CASE("vibrational analysis: three zero modes, positive spectrum, participation ratios") {
  if (!fs::exists(cuzr)) {
    MESSAGE("skipped: " << cuzr << " not found");
    return;
  }
  const pelkit::system s = minimised_glass();
  auto calc = calculator(eam::from_file(cuzr));
  const Eigen::MatrixXd H = fd_hessian(calc, s);
  const auto v = vibrational_analysis(H, atom_masses(s));
  CHECK(std::abs(v.omega2_per_ps2[2]) < 1e-6 * v.omega2_per_ps2[3]);
  CHECK(v.omega2_per_ps2[3] > 0);
  const auto nu = v.frequencies_THz();
  MESSAGE("frequencies: lowest non-zero " << nu[3] << " THz, highest " << nu[nu.size() - 1] << " THz");
  CHECK(nu[nu.size() - 1] > 5);
  CHECK(nu[nu.size() - 1] < 15);  // Cu–Zr glasses: up to ~9 THz
  CHECK((v.participation.array() > 0).all());
  CHECK((v.participation.array() <= 1 + 1e-12).all());
  // a mass-weighted translation has |e_i|² ∝ m_i: PR = (Σ m)² / (N Σ m²)
  const Eigen::VectorXd m = atom_masses(s);
  CHECK(v.participation[0] == doctest::Approx(m.sum() * m.sum() / (double(m.size()) * m.squaredNorm())).epsilon(1e-6));
}

TEST_CASE("soft modes from the analytic Hessian: Cholesky route equals the eigendecomposition") {
  if (!fs::exists(cuzr)) {
    MESSAGE("skipped: " << cuzr << " not found");
    return;
  }
  const pelkit::system s = minimised_glass();
  auto calc = calculator(eam::from_file(cuzr));
  const Eigen::MatrixXd H(hessian(calc, s));
  const Eigen::VectorXd m = atom_masses(s);
  const soft_mode_result r = soft_modes(H, m);
  Eigen::VectorXd w(H.rows());
  for (Eigen::Index k = 0; k < w.size(); ++k) w[k] = 1 / std::sqrt(m[k / 3]);
  const Eigen::VectorXd ref_h = psi_by_modes(H);
  const Eigen::VectorXd ref_d = psi_by_modes(w.asDiagonal() * H * w.asDiagonal()) * units::amu_A2_per_ps2_to_eV;
  const double err_h = ((r.psi_hessian - ref_h).array() / ref_h.array()).abs().maxCoeff();
  const double err_d = ((r.psi_dynamical - ref_d).array() / ref_d.array()).abs().maxCoeff();
  MESSAGE("analytic Hessian, 256 atoms: max relative |ΔΨ| " << err_h << " (unweighted), " << err_d << " (mass-weighted)");
  CHECK(err_h < 1e-8);
  CHECK(err_d < 1e-8);
}

TEST_CASE("softest modes by Lanczos equal the lowest modes of the full diagonalisation") {
  if (!fs::exists(cuzr)) {
    MESSAGE("skipped: " << cuzr << " not found");
    return;
  }
  const pelkit::system s = minimised_glass();
  auto calc = calculator(eam::from_file(cuzr));
  const Eigen::MatrixXd H(hessian(calc, s));
  const Eigen::VectorXd m = atom_masses(s);
  const auto full = vibrational_analysis(H, m);
  const int k = 8;
  const auto soft = softest_modes(H, m, k);
  REQUIRE(soft.omega2_per_ps2.size() == k);
  double dw = 0, dpr = 0, overlap = 1;
  for (int l = 0; l < k; ++l) {
    dw = std::max(dw, std::abs(soft.omega2_per_ps2[l] / full.omega2_per_ps2[l + 3] - 1));
    dpr = std::max(dpr, std::abs(soft.participation[l] - full.participation[l + 3]));
    overlap = std::min(overlap, std::abs(soft.modes.col(l).dot(full.modes.col(l + 3))));
  }
  MESSAGE("8 softest modes: max relative |Δω²| " << dw << ", max |ΔPR| " << dpr << ", min |overlap| " << overlap
                                                  << "; softest ν = " << std::sqrt(soft.omega2_per_ps2[0]) / (2 * M_PI)
                                                  << " THz, PR " << soft.participation[0]);
  CHECK(dw < 1e-8);
  CHECK(dpr < 1e-6);
  CHECK(overlap > 1 - 1e-6);
  CHECK_ERROR(softest_modes(H, m, 0), "k must be in");
}

TEST_CASE("vibrational density of states: normalised, every mode once, bins where the modes are") {
  if (!fs::exists(cuzr)) {
    MESSAGE("skipped: " << cuzr << " not found");
    return;
  }
  const pelkit::system s = minimised_glass();
  auto calc = calculator(eam::from_file(cuzr));
  const auto v = vibrational_analysis(Eigen::MatrixXd(hessian(calc, s)), atom_masses(s));
  const Eigen::VectorXd nu = v.frequencies_THz();
  for (double bin : {0.05, 0.25}) {
    const vibrational_dos d = density_of_states(v, bin);
    CHECK(d.modes == 3 * long(s.size()) - 3);
    CHECK(d.imaginary == 0);
    CHECK(d.g_per_THz.sum() * bin == doctest::Approx(1.0).epsilon(1e-12));
    // the histogram's mean frequency is the modes' mean to within half a bin
    const double mean_hist = (d.nu_THz.array() * d.g_per_THz.array()).sum() * bin;
    CHECK(std::abs(mean_hist - nu.tail(nu.size() - 3).mean()) <= 0.5 * bin);
    // the last bin holds the highest mode
    CHECK(d.nu_THz[d.nu_THz.size() - 1] + 0.5 * bin >= nu[nu.size() - 1]);
    CHECK(d.g_per_THz[d.g_per_THz.size() - 1] > 0);
  }
  CHECK(pelkit::testing::error_message([&] { density_of_states(v, 0); }).find("bin width") != std::string::npos);
}
