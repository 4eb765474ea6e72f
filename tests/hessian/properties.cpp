// Structural properties of the analytic Hessian: symmetry, translations in the null space,
// the matrix-free product equals the assembled matrix (serial and threaded), the spline second
// derivative, the dynamical matrix, and the error messages.
#include <pelkit/potential/eam.hpp>
#include <pelkit/potential/lennard_jones.hpp>

#include "../potential/conformance.hpp"
#include "../support.hpp"
#include "support.hpp"

#include <Eigen/Eigenvalues>
#include <random>
#include <set>

using namespace pelkit;
using namespace pelkit::testing;

static_assert(hessian_potential<eam>);
static_assert(hessian_potential<lennard_jones>);

namespace {

struct no_curvature_kernel {  // a pair kernel without `curvature`: no analytic Hessian
  std::vector<std::string> elements() const { return {"X"}; }
  double cutoff(int, int) const { return 3.0; }
  pair_term operator()(int, int, double rsq) const { return {1 / rsq, 2 / (rsq * rsq)}; }
};
static_assert(potential<pair_potential<no_curvature_kernel>>);
static_assert(!hessian_potential<pair_potential<no_curvature_kernel>>);

Eigen::VectorXd random_vector(Eigen::Index n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g;
  Eigen::VectorXd v(n);
  for (auto& x : v) x = g(rng);
  return v;
}

/// Symmetry, translation null space, HVP = H·v (1 and 2 threads) for one potential and system.
template <class P>
void check_structure(const P& pot, const pelkit::system& s) {
  auto calc = calculator(pot);
  const hessian_operator op(calc, s);
  const Eigen::SparseMatrix<double> H = op.sparse();
  const Eigen::MatrixXd Hd = Eigen::MatrixXd(H);
  const double scale = Hd.cwiseAbs().maxCoeff();
  CHECK(scale > 0);
  CHECK(H.isCompressed());
  CHECK(relative_difference(Hd.transpose(), Hd) < 1e-12);
  CHECK(relative_difference(op.dense(), Hd) < 1e-12);
  // Rigid translations: H·t = 0 to rounding (sum of every block row vanishes).
  for (int a = 0; a < 3; ++a) {
    Eigen::VectorXd t = Eigen::VectorXd::Zero(op.size());
    for (Eigen::Index i = 0; i < op.atoms(); ++i) t[3 * i + a] = 1;
    CHECK((H * t).cwiseAbs().maxCoeff() < 1e-12 * scale * std::sqrt(double(op.atoms())));
    CHECK((op * t).cwiseAbs().maxCoeff() < 1e-12 * scale * std::sqrt(double(op.atoms())));
  }
  // Matrix-free product equals the assembled matrix, serial and threaded.
  for (unsigned seed : {1u, 2u}) {
    const Eigen::VectorXd v = random_vector(op.size(), seed);
    const Eigen::VectorXd ref = H * v;
    for (int threads : {1, 2}) {
      set_thread_count(threads);
      Eigen::VectorXd out(op.size());
      op.apply(v, out);
      op.apply(v, out);  // reuse: scratch is reset between calls
      CHECK((out - ref).norm() <= 1e-12 * ref.norm());
    }
    set_thread_count(1);
  }
}

}  // namespace

TEST_CASE("Hessian structure: EAM glasses and Lennard-Jones") {
  if (!have_potential("CuZr_mm.eam.fs")) return;
  const auto pot = eam::from_file(potential_dir + "CuZr_mm.eam.fs");
  SUBCASE("256 atoms") { check_structure(pot, read_lammps_data(data_file("cu50zr50_small_256.data"))); }
  SUBCASE("triclinic") { check_structure(pot, read_lammps_data(data_file("cu50zr50_triclinic.data"))); }
  SUBCASE("16 atoms with self-images") { check_structure(pot, read_lammps_data(data_file("cu50zr50_tiny_16.data"))); }
  SUBCASE("Kob-Andersen small box") {
    check_structure(kob_andersen(1.0, 1.0), perturbed_fcc(2, 2, 2, 1.6, 0.05, 2, {"A", "B"}, {1.0, 1.0}, 0.2));
  }
  SUBCASE("the embedding term reaches 2 rc: H has blocks beyond rc") {
    const auto s = read_lammps_data(data_file("cu50zr50_small_256.data"));
    const Eigen::MatrixXd H = dense_hessian(pot, s);
    double far = 0;
    for (Eigen::Index i = 0; i < Eigen::Index(s.size()); ++i)
      for (Eigen::Index j = 0; j < Eigen::Index(s.size()); ++j) {
        const double r = s.box.minimum_image(s.positions.col(j) - s.positions.col(i)).norm();
        if (r > pot.cutoff() && r < 2 * pot.cutoff()) far = std::max(far, H.block<3, 3>(3 * i, 3 * j).cwiseAbs().maxCoeff());
      }
    CHECK(far > 1e-6);
  }
}

TEST_CASE("eam_spline::second_derivative is the derivative of derivative()") {
  std::vector<double> f(41);
  for (std::size_t m = 1; m < f.size(); ++m) f[m] = std::sin(0.3 * double(m)) + 0.01 * double(m * m);
  const double delta = 0.05;
  const auto sp = eam_spline::interpolate(f, delta);
  const int n = sp.size();
  for (double x : {0.013, 0.52, 0.777, 1.234, 1.88}) {
    const double h = 1e-7;
    const double fd = (sp.derivative(eam_spline::locate_r(x + h, 1 / delta, n)) -
                       sp.derivative(eam_spline::locate_r(x - h, 1 / delta, n))) / (2 * h);
    const double d2 = sp.second_derivative(eam_spline::locate_r(x, 1 / delta, n), 1 / delta);
    CHECK(d2 == doctest::Approx(fd).epsilon(1e-6));
    CHECK(d2 != 0);
  }
  // Beyond the last knot the lookup is clamped, the derivative frozen, the curvature zero.
  CHECK(sp.second_derivative(eam_spline::locate_r(5.0, 1 / delta, n), 1 / delta) == 0);
}

TEST_CASE("dynamical matrix and frequency conversions") {
  // Two species of different mass: eigenvalues of D = M^-½ H M^-½ are those of H x = ω² M x.
  const auto s = perturbed_fcc(2, 2, 2, 5.26, 0.05, 3, {"Ar", "Kr"}, {39.948, 83.798}, 0.5);
  const std::vector<lj_parameters> p(4, {0.0104, 3.40, 6.0});
  const auto pot = lennard_jones(lennard_jones_kernel({"Ar", "Kr"}, p));
  const Eigen::MatrixXd H = dense_hessian(pot, s);
  const Eigen::MatrixXd D = dynamical_matrix(H, s);
  const Eigen::MatrixXd Ds = Eigen::MatrixXd(dynamical_matrix(hessian(pot, s), s));
  CHECK(relative_difference(Ds, D) < 1e-12);
  Eigen::VectorXd m(H.rows());
  for (std::size_t i = 0; i < s.size(); ++i) m.segment<3>(3 * i).setConstant(s.mass(i));
  CHECK(std::set<int>(s.types.begin(), s.types.end()).size() == 2);
  const Eigen::GeneralizedSelfAdjointEigenSolver<Eigen::MatrixXd> gen(H, Eigen::MatrixXd(m.asDiagonal()));
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> dyn(D);
  const double scale = dyn.eigenvalues().cwiseAbs().maxCoeff();
  CHECK((dyn.eigenvalues() - gen.eigenvalues()).cwiseAbs().maxCoeff() < 1e-10 * scale);
  // 1 eV/(Å²·amu) is ω² = 9648.533 ps⁻², ν = √9648.533 / 2π = 15.633302 THz.
  CHECK(omega2_to_per_ps2(1.0) == doctest::Approx(9648.5332123));
  CHECK(omega2_to_THz(1.0) == doctest::Approx(15.633302).epsilon(1e-6));
  CHECK(omega2_to_THz(-4.0) == doctest::Approx(-2 * 15.633302).epsilon(1e-6));
}

TEST_CASE("bad input to the Hessian functions gives clear errors") {
  const auto s = perturbed_fcc(2, 2, 2, 5.26, 0.05, 3, {"Ar"}, {39.948});
  const auto lj = make_lennard_jones("Ar", 0.0104, 3.40, 6.0);
  const hessian_operator op(lj, s);
  Eigen::VectorXd out(op.size());
  CHECK_ERROR(op.apply(Eigen::VectorXd::Zero(5), out), "hessian_operator::apply", "5 entries", "3N = 96");
  Eigen::VectorXd same = Eigen::VectorXd::Zero(op.size());
  CHECK_ERROR(op.apply(same, same), "alias");
  CHECK((hessian_vector_product(lj, s, Eigen::VectorXd::Ones(op.size()))).cwiseAbs().maxCoeff() < 1e-12);
  const Eigen::MatrixXd H = op.dense();
  auto t = s;
  t.positions.conservativeResize(3, 31), t.types.resize(31), t.images.conservativeResize(3, 31), t.ids.resize(31);
  CHECK_ERROR(dynamical_matrix(H, t), "dynamical_matrix", "96", "3N = 93");
  auto u = s;
  u.type_names = {"Cu"};
  CHECK_ERROR(hessian(lj, u), "'Cu'");
  auto w = s;
  w.positions(0, 3) = std::nan("");
  CHECK_ERROR(hessian(lj, w), "hessian", "non-finite");
}
