// pelkit::local_calculator: energies and mobile-atom forces equal a full evaluation (to 1e-9 eV
// and 1e-10 eV/Å) over sequences of moves of a mobile region, in large, triclinic and small
// periodic cells (several images of one atom within the cutoff); forces are −∇E; bad input is
// rejected.
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>
#include <pelkit/potential/lennard_jones.hpp>
#include <pelkit/potential/local_calculator.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "conformance.hpp"
#include "../support.hpp"

using namespace pelkit;

namespace {

const std::string& cuzr_file = pelkit::testing::cuzr;

const eam& cuzr() {
  static const eam p = eam::from_file(cuzr_file);
  return p;
}

pelkit::system load(const std::string& name) { return read_lammps_data(pelkit::testing::data_file(name + ".data")); }

/// Atoms within `radius` Å (minimum image) of atom `centre`, shuffled.
std::vector<int> atoms_near(const pelkit::system& s, int centre, double radius, unsigned seed) {
  std::vector<int> out;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s.box.minimum_image(s.positions.col(i) - s.positions.col(centre)).norm() < radius) out.push_back(int(i));
  std::shuffle(out.begin(), out.end(), std::mt19937_64(seed));
  return out;
}

/// Random vector of length uniform in [lo, hi] Å.
Eigen::Vector3d random_step(std::mt19937_64& rng, double lo, double hi) {
  std::normal_distribution<double> g(0, 1);
  std::uniform_real_distribution<double> u(lo, hi);
  Eigen::Vector3d v(g(rng), g(rng), g(rng));
  return u(rng) * v.normalized();
}

/// Compares the local evaluation of `t` with a full one: energy to `etol` eV, mobile forces
/// to `ftol` eV/Å, frozen force columns exactly zero, ΔE against E_full(t) − E_full(ref).
template <class P>
void compare(local_calculator<P>& local, calculator<P>& full, const pelkit::system& t, double e_ref_full,
             double etol, double ftol) {
  const evaluation want = full.compute(t, {true, false, false});
  const evaluation& got = local.compute(t, {true, false, false});
  std::vector<char> mobile(t.size(), 0);
  for (int i : local.mobile()) mobile[i] = 1;
  double dfmax = 0, frozen_max = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (mobile[i])
      dfmax = std::max(dfmax, (got.forces.col(i) - want.forces.col(i)).cwiseAbs().maxCoeff());
    else
      frozen_max = std::max(frozen_max, got.forces.col(i).cwiseAbs().maxCoeff());
  }
  INFO("E local ", got.energy, " full ", want.energy, "; max |ΔF| mobile ", dfmax);
  CHECK(std::abs(got.energy - want.energy) <= etol);
  CHECK(std::abs(local.energy_change() - (want.energy - e_ref_full)) <= etol);
  CHECK(dfmax <= ftol);
  CHECK(frozen_max == 0.0);
  CHECK(got.forces.cols() == Eigen::Index(t.size()));
}

/// A search-like sequence of moves of the atoms within `radius` of `centre` (then of a second
/// region), each compared with a full evaluation. `big` is the large displacement (Å) given
/// to three atoms at one step, forcing private-list rebuilds.
template <class P>
void check_sequence(const P& pot, const pelkit::system& s, int centre, int centre2, double radius, double small,
                    double large, double big, double skin = 1.0, double etol = 1e-9, double ftol = 1e-10) {
  local_calculator<P> local(pot, skin);
  calculator<P> full(pot);
  local.set_reference(s);
  const double e0 = full.compute(s).energy;
  CHECK(std::abs(local.reference_energy() - e0) <= etol);
  std::mt19937_64 rng(7);
  for (int region = 0; region < 2; ++region) {
    const std::vector<int> mobile = atoms_near(s, region == 0 ? centre : centre2, radius, 11 + region);
    REQUIRE(mobile.size() >= 4);
    REQUIRE(mobile.size() < s.size());
    local.set_mobile(mobile);
    CHECK(local.mobile() == mobile);
    const long builds = local.list_builds();
    pelkit::system t = s;
    compare(local, full, t, e0, etol, ftol);  // unmoved: ΔE = 0
    for (int step = 0; step < 8; ++step) {
      INFO("region ", region, " (", mobile.size(), " mobile atoms) step ", step);
      const double hi = step == 3 ? large : small;
      for (int i : mobile) t.positions.col(i) += random_step(rng, 0.05, hi);
      if (step == 5)
        for (int k = 0; k < 3; ++k) t.positions.col(mobile[k]) += random_step(rng, big, big);
      compare(local, full, t, e0, etol, ftol);
    }
    CHECK(local.list_builds() - builds >= 2);  // the first build and at least one after moves
  }
  // Back to every atom mobile: a plain full evaluation.
  local.set_mobile(std::vector<int>{});
  CHECK(local.mobile().size() == s.size());
  pelkit::system t = s;
  t.positions.col(0) += Eigen::Vector3d(0.1, -0.2, 0.05);
  const evaluation want = full.compute(t);
  const evaluation& got = local.compute(t);
  CHECK(std::abs(got.energy - want.energy) <= etol);
  CHECK((got.forces - want.forces).cwiseAbs().maxCoeff() <= ftol);
  CHECK(local.evaluations() == 2 * 9 + 1);
}

/// Mobile forces against central differences of the local energy change.
template <class P>
void check_gradient(const P& pot, const pelkit::system& s, int centre, double radius, double h, double tol) {
  local_calculator<P> local(pot, 0.3);
  local.set_reference(s);
  const std::vector<int> mobile = atoms_near(s, centre, radius, 3);
  local.set_mobile(mobile);
  pelkit::system t = s;
  std::mt19937_64 rng(5);
  for (int i : mobile) t.positions.col(i) += random_step(rng, 0.05, 0.3);
  const Eigen::Matrix3Xd f = local.compute(t).forces;
  const double fscale = std::max(1.0, f.cwiseAbs().maxCoeff());
  for (std::size_t k = 0; k < std::min<std::size_t>(mobile.size(), 12); ++k)
    for (int d = 0; d < 3; ++d) {
      const int i = mobile[k];
      pelkit::system p = t, m = t;
      p.positions(d, i) += h;
      m.positions(d, i) -= h;
      local.compute(p, {false, false, false});
      const double ep = local.energy_change();
      local.compute(m, {false, false, false});
      const double em = local.energy_change();
      INFO("atom ", i, " component ", d);
      CHECK(f(d, i) == doctest::Approx(-(ep - em) / (2 * h)).epsilon(tol).scale(fscale));
    }
}

pelkit::system kob_andersen_system(int cells, double a, unsigned seed) {
  return testing::perturbed_fcc(cells, cells, cells, a, 0.05, seed, {"A", "B"}, {1.0, 1.0}, 0.2);
}

}  // namespace

TEST_CASE("local EAM evaluation equals a full one: Cu50Zr50 glass, 500 atoms") {
  REQUIRE(std::filesystem::exists(cuzr_file));
  const pelkit::system s = load("cu50zr50_glass_500");
  SUBCASE("radius 6 Å") { check_sequence(cuzr(), s, 17, 250, 6.0, 0.2, 0.5, 1.5); }
  SUBCASE("radius 8 Å") { check_sequence(cuzr(), s, 101, 402, 8.0, 0.2, 0.5, 1.5); }
}

TEST_CASE("local EAM evaluation equals a full one: triclinic cell") {
  const pelkit::system s = load("cu50zr50_triclinic");
  REQUIRE(s.box.triclinic());
  check_sequence(cuzr(), s, 3, 333, 7.0, 0.2, 0.5, 1.5);
}

TEST_CASE("local EAM evaluation equals a full one: small cells with several images") {
  SUBCASE("256 atoms, cell < 2 (rc + skin)") {
    const pelkit::system s = load("cu50zr50_small_256");
    check_sequence(cuzr(), s, 9, 128, 6.0, 0.2, 0.5, 1.5);
  }
  SUBCASE("16 atoms, cell 6.6 Å < cutoff: self-images") {
    const pelkit::system s = load("cu50zr50_tiny_16");
    // Radius 2.9 Å picks a few atoms of the 16 (the minimum image is exact below 3.3 Å).
    check_sequence(cuzr(), s, 0, 7, 2.9, 0.1, 0.3, 1.5);
  }
}

TEST_CASE("local Lennard-Jones evaluation equals a full one") {
  SUBCASE("Kob-Andersen, 500 atoms") {
    check_sequence(kob_andersen(1.0, 1.0), kob_andersen_system(5, 1.6, 4), 0, 260, 1.6, 0.03, 0.1, 0.4, 0.3);
  }
  SUBCASE("Kob-Andersen, 32 atoms in a 3.2 σ cell (self-images)") {
    check_sequence(kob_andersen(1.0, 1.0), kob_andersen_system(2, 1.6, 6), 0, 20, 1.2, 0.02, 0.05, 0.2, 0.3);
  }
  SUBCASE("argon-like, triclinic") {
    const pelkit::system s = testing::perturbed_fcc(4, 4, 4, 5.26, 0.1, 1, {"Ar"}, {39.948}, 0.0, {1.0, -0.5, 0.7});
    check_sequence(make_lennard_jones("Ar", 0.0104, 3.40, 8.5), s, 5, 200, 6.0, 0.2, 0.5, 1.5);
  }
}

TEST_CASE("local forces are −∇E") {
  SUBCASE("EAM glass") { check_gradient(cuzr(), load("cu50zr50_glass_500"), 42, 7.0, 1e-5, 1e-6); }
  SUBCASE("EAM tiny cell") { check_gradient(cuzr(), load("cu50zr50_tiny_16"), 2, 2.9, 1e-5, 1e-6); }
  SUBCASE("Kob-Andersen") { check_gradient(kob_andersen(1.0, 1.0), kob_andersen_system(4, 1.6, 2), 7, 1.5, 1e-6, 1e-6); }
}

TEST_CASE("local_calculator: a reference set again gives the results of a fresh calculator, bit for bit") {
  // A saddle campaign sets the same minimum before every search; whatever the calculator
  // evaluated before (here a whole-system evaluation of a strongly moved copy, which rebuilds
  // the full neighbour list), the next search must sum in the same order as a fresh one.
  const pelkit::system ref = load("cu50zr50_small_256");
  pelkit::system far = ref, near = ref;  // every atom 0.6–0.9 Å, then 0.3–0.4 Å from the reference
  std::mt19937_64 rng(3);
  for (Eigen::Index i = 0; i < far.positions.cols(); ++i) far.positions.col(i) += random_step(rng, 0.6, 0.9);
  for (Eigen::Index i = 0; i < near.positions.cols(); ++i) near.positions.col(i) += random_step(rng, 0.3, 0.4);
  local_calculator used(cuzr()), fresh(cuzr());
  used.set_reference(ref);
  used.compute(far);  // every atom mobile: full evaluations elsewhere, the last list built on `near`,
  used.compute(near); // within half the skin of the reference
  used.set_reference(ref);
  fresh.set_reference(ref);
  const auto centre = atoms_near(ref, 7, 6.0, 1);
  for (auto* c : {&used, &fresh}) c->set_mobile(std::span<const int>());
  const evaluation a = used.compute(ref), b = fresh.compute(ref);
  CHECK(a.energy == b.energy);
  CHECK(a.forces == b.forces);
  CHECK(a.virial == b.virial);
  // the same reference again keeps the mobile set; local results agree bit for bit as well
  for (auto* c : {&used, &fresh}) c->set_mobile(std::span<const int>(centre));
  used.set_reference(ref);
  CHECK(used.mobile() == fresh.mobile());
  pelkit::system step = ref;
  for (int i : centre) step.positions.col(i) += random_step(rng, 0.05, 0.1);
  const evaluation c = used.compute(step), d = fresh.compute(step);
  CHECK(c.energy == d.energy);
  CHECK(c.forces == d.forces);
}

TEST_CASE("local_calculator rejects bad input") {
  const pelkit::system s = load("cu50zr50_glass_500");
  local_calculator<eam> local(cuzr());
  SUBCASE("compute or set_mobile before set_reference") {
    CHECK_THROWS_WITH_AS(local.compute(s), doctest::Contains("set_reference"), pelkit::error);
    const std::vector<int> m{1, 2};
    CHECK_THROWS_WITH_AS(local.set_mobile(m), doctest::Contains("set_reference"), pelkit::error);
  }
  SUBCASE("NaN position in the reference") {
    pelkit::system t = s;
    t.positions(1, 7) = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH_AS(local.set_reference(t), doctest::Contains("non-finite"), pelkit::error);
  }
  SUBCASE("mobile index out of range or duplicated") {
    local.set_reference(s);
    const std::vector<int> out{3, 500}, negative{-1}, twice{4, 9, 4};
    CHECK_THROWS_WITH_AS(local.set_mobile(out), doctest::Contains("out of range"), pelkit::error);
    CHECK_THROWS_WITH_AS(local.set_mobile(negative), doctest::Contains("out of range"), pelkit::error);
    CHECK_THROWS_WITH_AS(local.set_mobile(twice), doctest::Contains("twice"), pelkit::error);
    CHECK(local.mobile().size() == s.size());  // left with every atom mobile
  }
  SUBCASE("compute on a different system, per-atom energies, NaN mobile position") {
    local.set_reference(s);
    const std::vector<int> m{0, 1, 2};
    local.set_mobile(m);
    CHECK_THROWS_WITH_AS(local.compute(load("cu50zr50_small_256")), doctest::Contains("atoms"), pelkit::error);
    CHECK_THROWS_WITH_AS(local.compute(s, {true, false, true}), doctest::Contains("per-atom"), pelkit::error);
    pelkit::system t = s;
    t.positions(0, 2) = std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH_AS(local.compute(t), doctest::Contains("non-finite"), pelkit::error);
#ifndef NDEBUG  // frozen atoms are checked against the reference in debug builds only
    t = s;
    t.positions(1, 100) += 0.01;
    CHECK_THROWS_WITH_AS(local.compute(t), doctest::Contains("frozen atom 100"), pelkit::error);
#endif
  }
}
