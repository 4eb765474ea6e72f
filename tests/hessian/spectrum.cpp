// Spectra: at a minimised Cu–Zr glass the Hessian has exactly three zero eigenvalues (rigid
// translations) and is otherwise positive; for a minimised fcc Cu crystal (funcfl Cu_u3.eam) the
// dynamical-matrix eigenvalues of the 4×4×4 supercell equal the phonon branches ω²(q) at the
// 256 commensurate wave vectors, computed independently from finite-difference force constants.
#include <pelkit/minimize/lbfgs.hpp>
#include <pelkit/potential/eam.hpp>

#include "../potential/conformance.hpp"
#include "support.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <complex>
#include <numbers>

using namespace pelkit;
using namespace pelkit::testing;

TEST_CASE("minimised glass: three zero modes (translations), all others positive") {
  if (!have_potential("CuZr_mm.eam.fs")) return;
  auto calc = calculator(eam::from_file(potential_dir + "CuZr_mm.eam.fs"));
  auto s = read_lammps_data(data_file("cu50zr50_small_256.data"));
  const auto r = lbfgs{}.minimize(calc, s, {.fmax = 1e-6});
  REQUIRE(r.converged);
  const Eigen::MatrixXd H = dense_hessian(calc, s);
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(H);
  const Eigen::VectorXd& w = eig.eigenvalues();  // ascending, eV/Å²
  const double top = w.maxCoeff();
  MESSAGE("eigenvalues (eV/Å²): ", w[0], ", ", w[1], ", ", w[2], " | ", w[3], " ... ", top);
  for (int k = 0; k < 3; ++k) CHECK(std::abs(w[k]) < 1e-10 * top);
  CHECK(w[3] > 1e-6 * top);  // first vibrational mode clearly positive
  // The null space is spanned by the three translations.
  const Eigen::MatrixXd null = eig.eigenvectors().leftCols(3);
  for (int a = 0; a < 3; ++a) {
    Eigen::VectorXd t = Eigen::VectorXd::Zero(H.rows());
    for (Eigen::Index i = 0; i < Eigen::Index(s.size()); ++i) t[3 * i + a] = 1;
    t.normalize();
    CHECK((null * (null.transpose() * t) - t).norm() < 1e-8);
  }
}

namespace {

/// Lattice constant (Å) of fcc Cu at zero pressure: secant iteration on the virial trace of
/// the 4-atom cubic cell.
double zero_pressure_lattice(const eam& pot) {
  auto pressure = [&](double a) {
    auto calc = calculator(pot);
    return calc.compute(perturbed_fcc(1, 1, 1, a, 0.0, 1, {"Cu"}, {63.546})).virial.trace();
  };
  double a0 = 3.55, a1 = 3.65, p0 = pressure(a0), p1 = pressure(a1);
  for (int k = 0; k < 50 && std::abs(a1 - a0) > 1e-13; ++k) {
    const double a2 = a1 - p1 * (a1 - a0) / (p1 - p0);
    a0 = a1, p0 = p1, a1 = a2, p1 = pressure(a2);
  }
  return a1;
}

}  // namespace

TEST_CASE("fcc Cu (Cu_u3.eam): dynamical-matrix eigenvalues = phonon branches at commensurate q") {
  if (!have_potential("Cu_u3.eam")) return;
  const auto pot = eam::from_file(potential_dir + "Cu_u3.eam");
  const double a = zero_pressure_lattice(pot);
  MESSAGE("zero-pressure lattice constant ", a, " Å");
  CHECK(a == doctest::Approx(3.615).epsilon(0.01));
  const int L = 4;
  const auto s = perturbed_fcc(L, L, L, a, 0.0, 1, {"Cu"}, {63.546});
  const double M = 63.546;

  // Analytic: eigenvalues of D = M^-½ H M^-½, eV/(Å²·amu).
  auto calc = calculator(pot);
  const Eigen::MatrixXd D = dynamical_matrix(dense_hessian(calc, s), s);
  Eigen::VectorXd analytic = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(D).eigenvalues();

  // Independent: force constants Φ(0a, jb) from central differences of the forces when atom 0
  // moves, then D(q) = (1/M) Σ_j Φ(0, j) e^{iq·(R_j − R_0)} for q = (2π/La)·n, reduced modulo
  // the fcc reciprocal lattice (n ~ n + 8e_k ~ n + (4,4,4)): n ∈ [0,8)×[0,8)×[0,4).
  std::vector<Eigen::VectorXd> column(3);
  for (int b = 0; b < 3; ++b) column[b] = fd_column(calc, s, b, 1e-5);
  std::vector<double> phonon;
  const double unit = 2 * std::numbers::pi / (L * a);
  for (int n0 = 0; n0 < 2 * L; ++n0)
    for (int n1 = 0; n1 < 2 * L; ++n1)
      for (int n2 = 0; n2 < L; ++n2) {
        const Eigen::Vector3d q = unit * Eigen::Vector3d(n0, n1, n2);
        Eigen::Matrix3cd Dq = Eigen::Matrix3cd::Zero();
        for (Eigen::Index j = 0; j < Eigen::Index(s.size()); ++j) {
          const std::complex<double> phase =
              std::exp(std::complex<double>(0, q.dot(s.positions.col(j) - s.positions.col(0))));
          for (int x = 0; x < 3; ++x)
            for (int y = 0; y < 3; ++y) Dq(x, y) += column[x][3 * j + y] * phase / M;
        }
        const Eigen::Matrix3cd Dh = 0.5 * (Dq + Dq.adjoint());
        CHECK((Dq - Dh).norm() < 1e-6 * Dh.norm() + 1e-12);
        const Eigen::Vector3d w = Eigen::SelfAdjointEigenSolver<Eigen::Matrix3cd>(Dh).eigenvalues();
        phonon.insert(phonon.end(), w.data(), w.data() + 3);
      }
  REQUIRE(phonon.size() == std::size_t(analytic.size()));
  std::sort(phonon.begin(), phonon.end());
  const Eigen::Map<const Eigen::VectorXd> ref(phonon.data(), Eigen::Index(phonon.size()));
  const double top = analytic.maxCoeff();
  MESSAGE("max ω² = ", top, " eV/(Å² amu) = ", omega2_to_THz(top), " THz; max |Δω²|/max ω² = ",
          (analytic - ref).cwiseAbs().maxCoeff() / top);
  CHECK((analytic - ref).cwiseAbs().maxCoeff() < 1e-7 * top);
  // Acoustic modes at Γ are zero, everything else positive (a stable crystal).
  for (int k = 0; k < 3; ++k) CHECK(std::abs(analytic[k]) < 1e-10 * top);
  CHECK(analytic[3] > 1e-3 * top);
  // Cu's maximum phonon frequency is about 7–8 THz (measured 7.2 THz at X, LA).
  CHECK(omega2_to_THz(top) > 6.5);
  CHECK(omega2_to_THz(top) < 8.5);
}
