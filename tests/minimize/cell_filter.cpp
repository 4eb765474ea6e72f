// Box relaxation (cell_filter.hpp): the generalised forces against finite differences of H, every
// minimiser reaching a target pressure in every cell mode, fixed mode = plain minimize, H
// monotone for the line-search minimisers, and the LJ fcc lattice constant at zero pressure.
#include <pelkit/minimize/cell_filter.hpp>
#include <pelkit/minimize/conjugate_gradient.hpp>
#include <pelkit/minimize/fire.hpp>
#include <pelkit/minimize/lbfgs.hpp>

#include <random>

#include "conformance.hpp"

using namespace pelkit;

namespace {

pelkit::system triclinic_glass() { return read_structure(testing::data_file("cu50zr50_triclinic.data")); }
calculator<eam> cuzr() { return calculator(eam::from_file(testing::cuzr)); }

/// The projection the mode implies, applied to the cell part of a direction.
Eigen::Matrix3d allowed(cell_mode m, const Eigen::Matrix3d& d) {
  switch (m) {
    case cell_mode::fixed: return Eigen::Matrix3d::Zero();
    case cell_mode::isotropic: return Eigen::Matrix3d::Identity() * (d.trace() / 3);
    case cell_mode::anisotropic: return Eigen::Matrix3d(d.diagonal().asDiagonal());
    case cell_mode::full: return d.triangularView<Eigen::Upper>();
  }
  return d;
}

constexpr cell_mode all_modes[] = {cell_mode::fixed, cell_mode::isotropic, cell_mode::anisotropic,
                                   cell_mode::full};
constexpr cell_mode moving_modes[] = {cell_mode::isotropic, cell_mode::anisotropic, cell_mode::full};

/// Checks that a relaxed system sits at the target pressure (GPa) with small atom forces.
void check_at_pressure(const pelkit::system& s, cell_mode mode, double p0, const minimize_result& r,
                       double fmax) {
  auto fresh = cuzr();
  const evaluation& e = fresh.compute(s);
  const Eigen::Matrix3d P = e.pressure_tensor(s.box.volume()) * units::eV_per_A3_to_GPa;
  INFO("pressure tensor (GPa):\n", P);
  const double tol = 1e-4;  // GPa; fmax 1e-6 eV/Å bounds the residual by ~4e-7 GPa here
  if (mode == cell_mode::isotropic) CHECK(std::abs(P.trace() / 3 - p0) < tol);
  if (mode != cell_mode::isotropic)
    for (int d = 0; d < 3; ++d) CHECK(std::abs(P(d, d) - p0) < tol);
  if (mode == cell_mode::full) {  // hydrostatic target: no shear stress left
    CHECK(std::abs(P(0, 1)) < tol);
    CHECK(std::abs(P(0, 2)) < tol);
    CHECK(std::abs(P(1, 2)) < tol);
  }
  // Atom forces: the criterion is on Fᵀ f_i, so |f_i| ≤ fmax |F⁻¹| (strains of a few %).
  CHECK(detail::max_norm(e.forces) <= 1.1 * fmax);
  CHECK(std::abs(r.pressure_GPa - P.trace() / 3) < 1e-8);
  CHECK(r.volume_A3 == doctest::Approx(s.box.volume()).epsilon(1e-14));
  CHECK(r.energy_final == doctest::Approx(e.energy).epsilon(1e-13));
  CHECK(r.enthalpy_final ==
        doctest::Approx(e.energy + p0 / units::eV_per_A3_to_GPa * s.box.volume()).epsilon(1e-13));
}

}  // namespace

TEST_CASE("minimize: cell relaxation, generalised forces are -dH by finite differences (triclinic Cu-Zr)") {
  for (const double p0 : {0.0, 5.0}) {
    for (const cell_mode mode : all_modes) {
      CAPTURE(p0);
      const std::string mode_name = to_string(mode);
      CAPTURE(mode_name);
      const pelkit::system s = triclinic_glass();
      auto calc = cuzr();
      cell_filter<calculator<eam>> filter(calc, s, {.mode = mode, .pressure_GPa = p0});
      pelkit::system ext = filter.extended();
      // Away from F = I (a sheared, stretched cell) so F⁻ᵀ and the projection matter.
      const double c = filter.cell_factor();
      Eigen::Matrix3d strain;
      strain << 0.02, 0.015, -0.01, 0, -0.01, 0.02, 0, 0, 0.015;
      ext.positions.rightCols(3) += c * allowed(mode, strain);
      const evaluation e = filter.compute(ext);
      const double H0 = e.energy;
      REQUIRE(std::isfinite(H0));
      // H = E + p0 V of the deformed physical system.
      pelkit::system phys = s;
      filter.apply(ext, phys);
      auto plain = cuzr();
      CHECK(H0 == doctest::Approx(plain.compute(phys).energy + filter.target_pressure() * phys.box.volume())
                      .epsilon(1e-13));
      auto H = [&](const Eigen::Matrix3Xd& x) {
        pelkit::system t = ext;
        t.positions = x;
        return filter.compute(t, {false, false, false}).energy;
      };
      const double h = 1e-4;  // Å
      // Every allowed cell component on its own.
      const auto n = Eigen::Index(s.size());
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
          Eigen::Matrix3d unit = Eigen::Matrix3d::Zero();
          unit(i, j) = 1;
          const Eigen::Matrix3d dcell = allowed(mode, unit);
          Eigen::Matrix3Xd d = Eigen::Matrix3Xd::Zero(3, n + 3);
          d.rightCols(3) = dcell;
          const double fd = (H(ext.positions + h * d) - H(ext.positions - h * d)) / (2 * h);
          const double analytic = -(e.forces.cwiseProduct(d)).sum();
          CAPTURE(i);
          CAPTURE(j);
          CHECK(std::abs(fd - analytic) < 1e-4 + 1e-6 * std::abs(analytic));
          if (dcell.isZero()) CHECK(e.forces.rightCols(3).cwiseProduct(unit).sum() == 0.0);
        }
      // A random direction over atoms and cell together.
      std::mt19937_64 rng(3);
      std::normal_distribution<double> g(0, 1);
      Eigen::Matrix3Xd d(3, n + 3);
      for (Eigen::Index k = 0; k < d.size(); ++k) d.data()[k] = g(rng);
      d.rightCols(3) = allowed(mode, d.rightCols(3));
      const double fd = (H(ext.positions + h * d) - H(ext.positions - h * d)) / (2 * h);
      const double analytic = -(e.forces.cwiseProduct(d)).sum();
      CHECK(std::abs(fd - analytic) < 1e-3 + 1e-6 * std::abs(analytic));
      // A small step along the generalised forces lowers H.
      CHECK(H(ext.positions + 1e-4 * e.forces) < H0);
    }
  }
}

TEST_CASE("minimize: cell relaxation, every minimiser reaches the target pressure in every mode") {
  auto check_all = [](const auto& m, const char* name) {
    for (const double p0 : {0.0, 5.0})
      for (const cell_mode mode : moving_modes) {
        const std::string method = name;
        CAPTURE(method);
        CAPTURE(p0);
        const std::string mode_name = to_string(mode);
        CAPTURE(mode_name);
        pelkit::system s = triclinic_glass();
        const periodic_box box0 = s.box;
        auto calc = cuzr();
        const double fmax = 1e-6;
        const minimize_result r = relax(m, calc, s, {.mode = mode, .pressure_GPa = p0}, {.fmax = fmax});
        INFO("reason: ", r.reason, ", iterations ", r.iterations, ", evaluations ", r.force_evaluations, " + ",
             r.energy_evaluations);
        REQUIRE(r.converged);
        CHECK(r.fmax <= fmax);
        CHECK(r.enthalpy_final < r.enthalpy_initial);
        check_at_pressure(s, mode, p0, r, fmax);
        const Eigen::Matrix3d F = s.box.h() * box0.h_inverse();
        if (mode == cell_mode::isotropic)  // shape kept: F = λ I
          CHECK((F - Eigen::Matrix3d::Identity() * F(0, 0)).cwiseAbs().maxCoeff() < 1e-12);
        if (mode == cell_mode::anisotropic)  // no shear: F diagonal
          CHECK((F - Eigen::Matrix3d(F.diagonal().asDiagonal())).cwiseAbs().maxCoeff() < 1e-12);
        MESSAGE(method, " ", mode_name, " p0 = ", p0, " GPa: V ", box0.volume(), " -> ", r.volume_A3,
                " A^3, P = ", r.pressure_GPa, " GPa, ", r.iterations, " iterations, ", r.force_evaluations,
                " force + ", r.energy_evaluations, " energy evaluations");
      }
  };
  check_all(lbfgs{}, "lbfgs");
  check_all(conjugate_gradient{}, "cg");
  check_all(fire2{}, "fire2");
}

TEST_CASE("minimize: cell relaxation, higher target pressure gives a smaller volume") {
  auto volume_at = [](double p0) {
    pelkit::system s = triclinic_glass();
    auto calc = cuzr();
    return relax(lbfgs{}, calc, s, {.mode = cell_mode::isotropic, .pressure_GPa = p0}, {.fmax = 1e-5})
        .volume_A3;
  };
  const double v0 = volume_at(0), v5 = volume_at(5);
  CHECK(v5 < v0);
  // Bulk modulus −V dp/dV of a Cu-Zr glass is of order 100 GPa.
  const double bulk = 5.0 * v0 / (v0 - v5);
  CHECK(bulk > 50);
  CHECK(bulk < 300);
}

TEST_CASE("minimize: cell relaxation, fixed mode is the plain minimisation") {
  pelkit::system a = triclinic_glass(), b = a;
  auto ca = cuzr(), cb = cuzr();
  const minimize_result ra = relax(lbfgs{}, ca, a, {.mode = cell_mode::fixed, .pressure_GPa = 3});
  const minimize_result rb = lbfgs{}.minimize(cb, b);
  CHECK(ra.converged);
  CHECK(a.positions == b.positions);
  CHECK(a.box == b.box);
  CHECK(ra.energy_final == rb.energy_final);
  CHECK(ra.iterations == rb.iterations);
  CHECK(ra.force_evaluations == rb.force_evaluations);
  CHECK(ra.volume_A3 == a.box.volume());
  auto fresh = cuzr();
  const evaluation& e = fresh.compute(a);
  CHECK(ra.pressure_GPa ==
        doctest::Approx(e.virial.trace() / (3 * a.box.volume()) * units::eV_per_A3_to_GPa).epsilon(1e-12));
  CHECK(ra.enthalpy_final == doctest::Approx(ra.energy_final + 3 / units::eV_per_A3_to_GPa * a.box.volume()));
}

TEST_CASE("minimize: cell relaxation, enthalpy never increases for the line-search minimisers") {
  auto monotone = [](const auto& m, cell_mode mode) {
    double previous = 0;
    for (long k = 0; k <= 15; ++k) {
      pelkit::system s = triclinic_glass();
      auto calc = cuzr();
      const minimize_result r =
          relax(m, calc, s, {.mode = mode, .pressure_GPa = 5}, {.fmax = 1e-6, .max_iterations = k});
      REQUIRE(r.iterations == k);
      if (k > 0) CHECK(r.enthalpy_final <= previous);
      previous = r.enthalpy_final;
    }
  };
  for (const cell_mode mode : {cell_mode::isotropic, cell_mode::full}) {
    const std::string mode_name = to_string(mode);
    CAPTURE(mode_name);
    monotone(lbfgs{}, mode);
    monotone(conjugate_gradient{}, mode);
  }
}

TEST_CASE("minimize: cell relaxation, LJ fcc at zero pressure reaches the lattice constant of the energy minimum") {
  // Reference: golden-section search of the perfect crystal's energy per atom over a.
  auto energy_at = [](double a) {
    const pelkit::system s = testing::perturbed_fcc(4, 4, 4, a, 0.0, 1, {"Cu"}, {63.546});
    auto calc = calculator(testing::lj_copper());
    return calc.compute(s, {false, false, false}).energy;
  };
  double lo = 3.4, hi = 3.8;
  const double phi = (std::sqrt(5.0) - 1) / 2;
  double x1 = hi - phi * (hi - lo), x2 = lo + phi * (hi - lo), e1 = energy_at(x1), e2 = energy_at(x2);
  while (hi - lo > 1e-7) {
    if (e1 < e2) hi = x2, x2 = x1, e2 = e1, x1 = hi - phi * (hi - lo), e1 = energy_at(x1);
    else lo = x1, x1 = x2, e1 = e2, x2 = lo + phi * (hi - lo), e2 = energy_at(x2);
  }
  const double a_ref = 0.5 * (lo + hi);
  REQUIRE(std::abs(a_ref - testing::lj_copper_a) > 1e-3);  // the test starts away from the answer
  auto relaxed_a = [](const auto& m) {
    pelkit::system s = testing::lj_crystal(0.05, 5);
    auto calc = calculator(testing::lj_copper());
    const minimize_result r = relax(m, calc, s, {.mode = cell_mode::isotropic}, {.fmax = 1e-7});
    INFO("reason: ", r.reason);
    CHECK(r.converged);
    CHECK(std::abs(r.pressure_GPa) < 1e-5);
    return std::cbrt(s.box.volume() / 64);
  };
  MESSAGE("LJ fcc: a from the energy scan ", a_ref, " A");
  CHECK(std::abs(relaxed_a(lbfgs{}) - a_ref) < 1e-5);
  CHECK(std::abs(relaxed_a(conjugate_gradient{}) - a_ref) < 1e-5);
  CHECK(std::abs(relaxed_a(fire2{}) - a_ref) < 1e-5);
}

TEST_CASE("minimize: cell relaxation, bad input gives pelkit::error") {
  pelkit::system s = triclinic_glass();
  auto calc = cuzr();
  CHECK_THROWS_WITH_AS(relax(lbfgs{}, calc, s, {.pressure_GPa = std::nan("")}),
                       doctest::Contains("target pressure must be finite"), pelkit::error);
  CHECK_THROWS_WITH_AS(relax(lbfgs{}, calc, s, {.cell_factor_A = -1}), doctest::Contains("cell_factor_A"),
                       pelkit::error);
  cell_filter<calculator<eam>> filter(calc, s, {});
  pelkit::system wrong = s;  // the atoms only: no cell columns
  CHECK_THROWS_WITH_AS(filter.compute(wrong), doctest::Contains("position columns"), pelkit::error);
}

TEST_CASE("minimize: cell relaxation, an explicit cell factor changes the path, not the answer") {
  pelkit::system a = triclinic_glass(), b = a;
  auto ca = cuzr(), cb = cuzr();
  relax(lbfgs{}, ca, a, {.mode = cell_mode::full, .pressure_GPa = 2}, {.fmax = 1e-6});
  const auto rb = relax(lbfgs{}, cb, b, {.mode = cell_mode::full, .pressure_GPa = 2, .cell_factor_A = 5},
                        {.fmax = 1e-6});
  CHECK(rb.converged);
  CHECK(std::abs(rb.pressure_GPa - 2) < 1e-3);
  // The cell lands in a (possibly different) local minimum at the same pressure.
  CHECK(std::abs(a.box.volume() / b.box.volume() - 1) < 0.01);
}
