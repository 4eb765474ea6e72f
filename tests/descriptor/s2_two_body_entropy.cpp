// Tests of pelkit/descriptor/two_body_entropy.hpp.
#include <pelkit/descriptor/two_body_entropy.hpp>
#include <pelkit/io/lammps_data.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <sstream>

#include "../support.hpp"

namespace {

using pelkit::s2_settings;
using pelkit::two_body_entropy;

using pelkit::testing::test_system;

pelkit::system fcc_cu(int cells, double jitter, unsigned seed = 7) {
  const double a = 3.615;
  const double basis[4][3] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  Eigen::Matrix3Xd x(3, 4 * cells * cells * cells);
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, jitter);
  int k = 0;
  for (int i = 0; i < cells; ++i)
    for (int j = 0; j < cells; ++j)
      for (int l = 0; l < cells; ++l)
        for (const auto& b : basis)
          x.col(k++) = a * Eigen::Vector3d(i + b[0], j + b[1], l + b[2]) +
                       Eigen::Vector3d(noise(rng), noise(rng), noise(rng));
  return pelkit::make_system(pelkit::periodic_box::cubic(cells * a), x,
                             std::vector<int>(x.cols(), 0), {"Cu"}, {63.546});
}

/// Runs tests/descriptor/s2_reference.py; empty string if python3 or numpy is missing.
std::string run_reference(const std::string& file, const s2_settings& s) {
  std::ostringstream cmd;
  cmd.precision(17);
  cmd << "/usr/bin/python3 " << PELKIT_SOURCE_DIR << "/tests/descriptor/s2_reference.py "
      << PELKIT_TEST_DATA << "/" << file << " " << s.sigma << " " << s.r_max << " " << s.dr
      << " 2>&1";
  FILE* p = popen(cmd.str().c_str(), "r");
  if (!p) return {};
  std::string out;
  char buf[4096];
  while (std::size_t got = fread(buf, 1, sizeof buf, p)) out.append(buf, got);
  pclose(p);
  return out;
}

void compare_with_reference(const std::string& file) {
  const auto s = test_system(file);
  s2_settings set;
  const std::string out = run_reference(file, set);
  if (out.empty() || out.rfind("NO_NUMPY", 0) == 0 || out[0] != '{') {
    MESSAGE("skipped: /usr/bin/python3 with numpy is not available (" << out.substr(0, 200) << ")");
    return;
  }
  const auto ref = nlohmann::json::parse(out);
  for (bool resolved : {true, false}) {
    set.species_resolved = resolved;
    const auto r = two_body_entropy(set).compute(s);
    const auto& expect = ref[resolved ? "resolved" : "single"];
    REQUIRE(expect.size() == s.size());
    double worst = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const double e = expect[std::size_t(s.ids[i] - 1)].get<double>();
      worst = std::max(worst, std::abs(r.s2[Eigen::Index(i)] - e) / std::abs(e));
    }
    MESSAGE(file << std::string(resolved ? " species-resolved" : " single-species")
                 << ": mean s2 = " << r.mean() << " k_B, max relative deviation from the "
                 << "brute-force reference = " << worst);
    CHECK(worst < 1e-6);
  }
}

}  // namespace

TEST_CASE("s2: agrees with a brute-force numpy implementation (orthorhombic glass)") {
  compare_with_reference("cu50zr50_glass_500.data");
}

TEST_CASE("s2: agrees with a brute-force numpy implementation (triclinic cell)") {
  compare_with_reference("cu50zr50_triclinic.data");
}

TEST_CASE("s2: integration grid converged to 1e-4 relative (halving dr)") {
  const auto s = test_system("cu50zr50_glass_500.data");
  for (bool resolved : {true, false}) {
    s2_settings coarse;
    coarse.species_resolved = resolved;
    s2_settings fine = coarse;
    fine.dr = coarse.dr / 2;
    const auto a = two_body_entropy(coarse).compute(s), b = two_body_entropy(fine).compute(s);
    const double worst = ((a.s2 - b.s2).array() / b.s2.array()).abs().maxCoeff();
    MESSAGE(std::string(resolved ? "species-resolved" : "single-species")
            << ": dr = " << coarse.dr << " vs " << fine.dr << ", max relative change " << worst);
    CHECK(worst < 1e-4);
  }
}

TEST_CASE("s2: fcc crystal is far more ordered than the Cu64Zr36 liquid") {
  const auto crystal = two_body_entropy().compute(fcc_cu(5, 0.05));
  const auto liquid = two_body_entropy().compute(test_system("cu64zr36_liquid.data"));
  const auto glass = two_body_entropy().compute(test_system("cu50zr50_glass_500.data"));
  MESSAGE("mean s2 (k_B): fcc+0.05 A jitter " << crystal.mean() << ", Cu50Zr50 glass "
                                              << glass.mean() << " (Cu " << glass.mean_of_type(0)
                                              << ", Zr " << glass.mean_of_type(1)
                                              << "), Cu64Zr36 liquid " << liquid.mean());
  CHECK(crystal.mean() < liquid.mean() - 2.0);
  CHECK(crystal.s2.maxCoeff() < liquid.mean());
  CHECK(glass.mean() < liquid.mean());
  CHECK(liquid.mean() < 0);
  // One species: both forms are the same quantity.
  s2_settings single;
  single.species_resolved = false;
  const auto crystal1 = two_body_entropy(single).compute(fcc_cu(5, 0.05));
  CHECK((crystal1.s2 - crystal.s2).cwiseAbs().maxCoeff() < 1e-12 * crystal.s2.cwiseAbs().maxCoeff());
  // descriptor interface
  REQUIRE(glass.columns().size() == 1);
  CHECK(glass.columns()[0].unit == "k_B");
  CHECK(glass.summary().size() == 3);
  CHECK(glass.summary()[1].name == "s2_mean_Cu");
}

TEST_CASE("s2: same in a small cell as in its periodic repetition") {
  // 2x2x2 fcc cells (8.2 Å, narrower than 2(r_max + 5σ)) vs the same crystal repeated 3 times.
  const auto small = fcc_cu(2, 0.05, 11);
  auto big = small;
  const double L = small.box.hi()[0];
  big.box = pelkit::periodic_box::cubic(3 * L);
  big.positions.resize(3, 27 * small.positions.cols());
  big.types.assign(big.positions.cols(), 0);
  int k = 0;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b)
      for (int c = 0; c < 3; ++c)
        for (Eigen::Index i = 0; i < small.positions.cols(); ++i)
          big.positions.col(k++) = small.positions.col(i) + L * Eigen::Vector3d(a, b, c);
  big.images = Eigen::Matrix3Xi::Zero(3, k);
  big.ids.resize(k);
  for (int i = 0; i < k; ++i) big.ids[i] = i + 1;
  const auto a = two_body_entropy().compute(small), b = two_body_entropy().compute(big);
  for (Eigen::Index i = 0; i < a.s2.size(); ++i)
    CHECK(a.s2[i] == doctest::Approx(b.s2[i]).epsilon(1e-10));
}

TEST_CASE("s2: bad input throws pelkit::error") {
  CHECK_THROWS_AS(two_body_entropy({0.0, 7.6, 0.02, true}), pelkit::error);
  CHECK_THROWS_AS(two_body_entropy({-0.2, 7.6, 0.02, true}), pelkit::error);
  CHECK_THROWS_AS(two_body_entropy({0.2, 0.0, 0.02, true}), pelkit::error);
  CHECK_THROWS_AS(two_body_entropy({0.2, -1.0, 0.02, true}), pelkit::error);
  CHECK_THROWS_AS(two_body_entropy({0.2, 7.6, 0.0, true}), pelkit::error);
  CHECK_THROWS_AS(two_body_entropy({NAN, 7.6, 0.02, true}), pelkit::error);
  auto s = fcc_cu(2, 0.0);
  s.positions(0, 5) = NAN;
  CHECK_THROWS_AS(two_body_entropy().compute(s), pelkit::error);
}
