// The analytic Hessian against central differences of pelkit's forces (step 1e-5 Å), for EAM
// (fs, setfl, funcfl; triclinic and small cells with self-images) and Lennard-Jones.
#include <pelkit/potential/eam.hpp>
#include <pelkit/potential/lennard_jones.hpp>

#include "../potential/conformance.hpp"
#include "support.hpp"

using namespace pelkit;
using namespace pelkit::testing;

namespace {

/// Sparse and dense analytic Hessians agree, and sampled columns match central differences
/// of the forces. Step h = 1e-6 Å: CuZr_mm's radial knots are 7.6e-4 Å apart, so with 1e-5 Å
/// most columns would straddle a knot of the C¹ splines; those that still do are skipped.
template <class P>
void check_against_fd(const P& pot, const pelkit::system& s, int samples, double tol = 1e-6,
                      double h = 1e-6) {
  auto calc = calculator(pot);
  const Eigen::MatrixXd H = dense_hessian(calc, s);
  const Eigen::MatrixXd Hs = Eigen::MatrixXd(hessian(calc, s));
  CHECK(relative_difference(Hs, H) < 1e-12);
  const fd_result r = fd_mismatch(calc, s, H, samples, h);
  MESSAGE("max |H − H_fd| / max|H| = ", r.worst, " over ", r.compared, " columns (", r.skipped,
          " straddle a spline knot; max|H| = ", H.cwiseAbs().maxCoeff(), " eV/Å²)");
  CHECK(r.worst < tol);
  CHECK(r.compared >= std::min<Eigen::Index>(samples, 3 * Eigen::Index(s.size())) / 2);
}

}  // namespace

TEST_CASE("EAM fs (CuZr_mm) Hessian = finite differences of the forces") {
  if (!have_potential("CuZr_mm.eam.fs")) return;
  const auto pot = eam::from_file(potential_dir + "CuZr_mm.eam.fs");
  SUBCASE("256-atom glass") { check_against_fd(pot, read_lammps_data(data_file("cu50zr50_small_256.data")), 30); }
  SUBCASE("triclinic cell") { check_against_fd(pot, read_lammps_data(data_file("cu50zr50_triclinic.data")), 30); }
  SUBCASE("16 atoms, box smaller than 2(rc + skin): self-images, all columns") {
    check_against_fd(pot, read_lammps_data(data_file("cu50zr50_tiny_16.data")), 1000);
  }
}

TEST_CASE("EAM setfl and funcfl Hessians = finite differences of the forces") {
  if (!have_potential("Cu_mishin1.eam.alloy") || !have_potential("CuNi.eam.alloy") ||
      !have_potential("Cu_u3.eam"))
    return;
  const auto fcc = read_lammps_data(data_file("cu_fcc_perturbed.data"));
  SUBCASE("setfl Cu_mishin1") { check_against_fd(eam::from_file(potential_dir + "Cu_mishin1.eam.alloy"), fcc, 30); }
  SUBCASE("setfl CuNi, two species") {
    check_against_fd(eam::from_file(potential_dir + "CuNi.eam.alloy"), read_lammps_data(data_file("cuni_alloy.data")), 30);
  }
  SUBCASE("funcfl Cu_u3") { check_against_fd(eam::from_file(potential_dir + "Cu_u3.eam"), fcc, 30); }
}

TEST_CASE("Lennard-Jones Hessian = finite differences of the forces") {
  SUBCASE("argon, triclinic") {
    const auto s = perturbed_fcc(3, 3, 3, 5.26, 0.1, 1, {"Ar"}, {39.948}, 0.0, {1.0, -0.5, 0.7});
    check_against_fd(make_lennard_jones("Ar", 0.0104, 3.40, 8.5), s, 40);
  }
  SUBCASE("Kob-Andersen, small box with self-images, all columns") {
    const auto s = perturbed_fcc(2, 2, 2, 1.6, 0.05, 2, {"A", "B"}, {1.0, 1.0}, 0.2);
    check_against_fd(kob_andersen(1.0, 1.0), s, 1000);
  }
}
