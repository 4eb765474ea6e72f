// Verlet list against brute-force enumeration of all periodic images.
#include <pelkit/neighbor/verlet_list.hpp>

#include <doctest/doctest.h>

#include <random>
#include <set>
#include <tuple>

using namespace pelkit;
using pair_key = std::tuple<int, int, int, int, int>;  // i, j, n0, n1, n2

namespace {

Eigen::Matrix3Xd random_positions(const periodic_box& box, int n, unsigned seed, double spread = 1) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-0.5 * (spread - 1), 0.5 * (spread + 1));
  Eigen::Matrix3Xd x(3, n);
  for (int i = 0; i < n; ++i) x.col(i) = box.to_cartesian({u(rng), u(rng), u(rng)});
  return x;
}

/// All (i, j, n) with |x_j + h n − x_i| < R, excluding i == j with n == 0.
std::set<pair_key> brute_force(const periodic_box& box, const Eigen::Matrix3Xd& x, double R,
                               bool half) {
  std::set<pair_key> out;
  const Eigen::Vector3d w = box.widths();
  // Images needed: positions span several cells, so search generously.
  Eigen::Matrix3Xd s = box.h_inverse() * (x.colwise() - box.lo());
  const Eigen::Vector3d span = s.rowwise().maxCoeff() - s.rowwise().minCoeff();
  Eigen::Vector3i K;
  for (int d = 0; d < 3; ++d) K[d] = int(std::ceil(R / w[d] + span[d])) + 1;
  for (int i = 0; i < x.cols(); ++i)
    for (int j = half ? i : 0; j < x.cols(); ++j)
      for (int a = -K[0]; a <= K[0]; ++a)
        for (int b = -K[1]; b <= K[1]; ++b)
          for (int c = -K[2]; c <= K[2]; ++c) {
            const Eigen::Vector3i n(a, b, c);
            if (i == j && n.isZero()) continue;
            if (half && i == j && !detail::positive(n)) continue;
            if ((x.col(j) + box.h() * n.cast<double>() - x.col(i)).norm() < R)
              out.insert({i, j, a, b, c});
          }
  return out;
}

/// Pairs of the list; in a half list each is written canonically as (i <= j), with a positive
/// shift when i == j, since the list may hold either (i, j, n) or (j, i, −n).
std::set<pair_key> listed(const verlet_list& list) {
  std::set<pair_key> out;
  const bool half = list.kind() == list_kind::half;
  for (std::size_t i = 0; i < list.size(); ++i)
    for (const auto& nb : list[i]) {
      Eigen::Vector3i n = list.shifts()[nb.shift];
      int a = int(i), b = nb.j;
      if (half && (a > b || (a == b && !detail::positive(n)))) std::swap(a, b), n = -n;
      const bool inserted = out.insert({a, b, n[0], n[1], n[2]}).second;
      CHECK_MESSAGE(inserted, "duplicate pair ", i, " ", nb.j);
    }
  return out;
}

void check_against_brute_force(const periodic_box& box, const Eigen::Matrix3Xd& x, double rc,
                               double skin) {
  for (auto kind : {list_kind::half, list_kind::full}) {
    verlet_list list({rc, skin, kind});
    list.build(box, x);
    const auto expected = brute_force(box, x, rc + skin, kind == list_kind::half);
    const auto got = listed(list);
    CHECK(got.size() == expected.size());
    CHECK(got == expected);
  }
}

}  // namespace

TEST_CASE("orthorhombic box, wide: matches brute force") {
  const periodic_box box({0, 0, 0}, {18, 20, 22});
  check_against_brute_force(box, random_positions(box, 300, 1), 4.0, 1.0);
}

TEST_CASE("triclinic box with all tilts: matches brute force") {
  const periodic_box box({-1, 2, 0.5}, {17, 21, 19.5}, 4.0, -3.0, 2.5);
  check_against_brute_force(box, random_positions(box, 300, 2), 4.0, 0.8);
}

TEST_CASE("box narrower than twice the list radius: several images of one atom") {
  // Widths ~ 8-10 Å with rc + skin = 8.6 Å: atoms see their own images and far images of others.
  const periodic_box box({0, 0, 0}, {8, 9, 8.2}, 2.0, 1.0, -1.5);
  const auto x = random_positions(box, 40, 3);
  check_against_brute_force(box, x, 7.6, 1.0);
  verlet_list list({7.6, 1.0, list_kind::full});
  list.build(box, x);
  bool self_image = false;
  for (const auto& nb : list[0]) self_image |= nb.j == 0;
  CHECK(self_image);
}

TEST_CASE("a single atom in a tiny cubic box neighbours many of its own images") {
  const periodic_box box = periodic_box::cubic(3.0);
  Eigen::Matrix3Xd x(3, 1);
  x << 1.0, 1.0, 1.0;
  check_against_brute_force(box, x, 4.0, 0.5);
  verlet_list list({4.0, 0.5, list_kind::full});
  list.build(box, x);
  // Lattice points of a simple cubic lattice (a = 3 Å) within 4.5 Å, origin excluded:
  // 6 at 3, 12 at 4.24.
  CHECK(list[0].size() == 18);
}

TEST_CASE("unwrapped positions spread over several cells give the same pairs") {
  const periodic_box box({0, 0, 0}, {15, 16, 17}, 1.5, 0, 0);
  check_against_brute_force(box, random_positions(box, 150, 4, 5.0), 3.5, 0.5);
}

TEST_CASE("rebuild is requested exactly when the skin may be exceeded") {
  const periodic_box box = periodic_box::cubic(20);
  auto x = random_positions(box, 200, 5);
  verlet_list list({4.0, 1.0, list_kind::half});
  CHECK(list.needs_rebuild(box, x));
  list.build(box, x);
  CHECK_FALSE(list.needs_rebuild(box, x));
  x(0, 7) += 0.49;
  CHECK_FALSE(list.needs_rebuild(box, x));
  x(0, 7) += 0.02;
  CHECK(list.needs_rebuild(box, x));
  // A uniform dilation moves nothing relative to the cell but shrinks nothing either.
  list.build(box, x);
  const periodic_box bigger({0, 0, 0}, {20.2, 20.2, 20.2});
  CHECK_FALSE(list.needs_rebuild(bigger, x * (20.2 / 20)));
  // Compressing by 6% brings unlisted pairs (>= 5 Å) no closer than 4.7 Å > rc = 4 Å.
  const periodic_box smaller({0, 0, 0}, {18.8, 18.8, 18.8});
  CHECK_FALSE(list.needs_rebuild(smaller, x * 0.94));
  const periodic_box much_smaller({0, 0, 0}, {15.8, 15.8, 15.8});
  CHECK(list.needs_rebuild(much_smaller, x * 0.79));
}

TEST_CASE("list stays complete while the cell deforms until a rebuild is requested") {
  periodic_box box({0, 0, 0}, {16, 16, 16}, 0.0, 0.0, 0.0);
  auto x = random_positions(box, 120, 6);
  const double rc = 4.0, skin = 0.6;
  verlet_list list({rc, skin, list_kind::half});
  list.build(box, x);
  std::mt19937_64 rng(7);
  std::normal_distribution<double> g(0, 0.02);
  for (int step = 0; step < 60; ++step) {
    const double e = 0.002 * step;
    periodic_box next({0, 0, 0}, {16 * (1 - e), 16, 16 * (1 + e)}, 0.05 * step, 0.0, 0.0);
    const Eigen::Matrix3d F = next.h() * box.h_inverse();
    x = F * x;
    for (int i = 0; i < x.cols(); ++i) x.col(i) += Eigen::Vector3d(g(rng), g(rng), g(rng));
    box = next;
    list.update(box, x);
    // Every pair within rc must be in the list.
    const auto within = brute_force(box, x, rc, true);
    const auto got = listed(list);
    for (const auto& p : within) REQUIRE(got.count(p) == 1);
  }
  CHECK(list.builds() > 1);
}

TEST_CASE("non-finite positions are rejected with the atom named") {
  const periodic_box box = periodic_box::cubic(10);
  Eigen::Matrix3Xd x = Eigen::Matrix3Xd::Constant(3, 3, 1.0);
  x(1, 2) = std::nan("");
  verlet_list list({3.0, 0.5, list_kind::half});
  CHECK_THROWS_WITH_AS(list.build(box, x), doctest::Contains("atom 3"), pelkit::error);
}

TEST_CASE("a NaN appearing after the build forces a rebuild, which names the atom") {
  const periodic_box box = periodic_box::cubic(12);
  auto x = random_positions(box, 50, 8);
  verlet_list list({3.0, 0.5, list_kind::half});
  list.build(box, x);
  x(0, 17) = std::nan("");
  CHECK(list.needs_rebuild(box, x));
  CHECK_THROWS_WITH_AS(list.update(box, x), doctest::Contains("atom 18"), pelkit::error);
}

TEST_CASE("a cell far smaller than the cutoff is rejected with both lengths named") {
  const periodic_box box = periodic_box::cubic(0.5);
  Eigen::Matrix3Xd x = Eigen::Matrix3Xd::Constant(3, 1, 0.1);
  verlet_list list({7.6, 1.0, list_kind::half});
  CHECK_THROWS_WITH_AS(list.build(box, x), doctest::Contains("too small for the cutoff"), pelkit::error);
}
