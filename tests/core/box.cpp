#include <pelkit/core/box.hpp>
#include <pelkit/core/system.hpp>

#include <doctest/doctest.h>

#include <random>

using namespace pelkit;

TEST_CASE("box follows LAMMPS conventions for bounds and tilts") {
  const periodic_box box({1, 2, 3}, {11, 22, 33}, 4, 5, 6);
  CHECK(box.h()(0, 0) == 10);
  CHECK(box.h()(1, 1) == 20);
  CHECK(box.h()(2, 2) == 30);
  CHECK(box.h()(0, 1) == 4);  // b = (xy, ly, 0)
  CHECK(box.h()(0, 2) == 5);  // c = (xz, yz, lz)
  CHECK(box.h()(1, 2) == 6);
  CHECK(box.volume() == doctest::Approx(6000));
  CHECK(box.triclinic());
  CHECK_FALSE(periodic_box::cubic(3).triclinic());
}

TEST_CASE("face widths of a sheared cell") {
  const periodic_box box({0, 0, 0}, {10, 10, 10}, 5, 0, 0);
  const Eigen::Vector3d w = box.widths();
  CHECK(w[0] == doctest::Approx(10 / std::sqrt(1.25)));  // a-face distance shrinks with xy tilt
  CHECK(w[1] == doctest::Approx(10));
  CHECK(w[2] == doctest::Approx(10));
}

TEST_CASE("wrap and minimum image agree with brute force in a skewed cell") {
  const periodic_box box({-2, 0, 1}, {6, 7, 9}, 3.5, -2.5, 3.0);
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(-30, 30);
  for (int k = 0; k < 500; ++k) {
    const Eigen::Vector3d r(u(rng), u(rng), u(rng));
    Eigen::Vector3i image;
    const Eigen::Vector3d w = box.wrap(r, &image);
    const Eigen::Vector3d s = box.to_fractional(w);
    CHECK((s.array() >= 0).all());
    CHECK((s.array() < 1).all());
    CHECK((w + box.h() * image.cast<double>() - r).norm() < 1e-12);
    const Eigen::Vector3d m = box.minimum_image(r);
    double best = 1e300;
    for (int a = -8; a <= 8; ++a)
      for (int b = -8; b <= 8; ++b)
        for (int c = -8; c <= 8; ++c)
          best = std::min(best, (r + box.h() * Eigen::Vector3d(a, b, c)).norm());
    CHECK(m.norm() == doctest::Approx(best).epsilon(1e-12));
  }
}

TEST_CASE("a box with non-positive extent is rejected") {
  CHECK_THROWS_WITH_AS(periodic_box({0, 0, 0}, {1, -1, 1}), doctest::Contains("along y"),
                       pelkit::error);
  CHECK_THROWS_AS(periodic_box({0, 0, 0}, {1, 1, std::nan("")}), pelkit::error);
}

TEST_CASE("a box whose volume overflows or underflows is rejected") {
  // Every edge finite and positive, the product lx·ly·lz is not.
  CHECK_THROWS_WITH_AS(periodic_box({0, 0, 0}, {1e154, 1e154, 10}),
                       doctest::Contains("its volume is not a finite positive number"), pelkit::error);
  CHECK_THROWS_WITH_AS(periodic_box({0, 0, 0}, {1e-200, 1e-200, 1}),
                       doctest::Contains("its volume is not a finite positive number"), pelkit::error);
  CHECK(periodic_box({0, 0, 0}, {1e100, 1e100, 1e100}).volume() == doctest::Approx(1e300));
}

TEST_CASE("wrap_positions keeps position + h·image fixed") {
  Eigen::Matrix3Xd x(3, 2);
  x << 12.5, -0.5, 1, 3, 27, -14;
  auto s = make_system(periodic_box({0, 0, 0}, {10, 10, 10}, 1, 2, 3), x, {0, 0}, {"Cu"}, {63.546});
  const Eigen::Matrix3Xd before = s.positions;
  wrap_positions(s);
  const Eigen::Matrix3Xd after = s.positions + s.box.h() * s.images.cast<double>();
  CHECK((after - before).norm() < 1e-12);
  validate(s);
}

TEST_CASE("validate names the bad atom") {
  Eigen::Matrix3Xd x = Eigen::Matrix3Xd::Zero(3, 3);
  x(2, 1) = std::numeric_limits<double>::infinity();
  auto s = make_system(periodic_box::cubic(5), x, {0, 1, 0}, {"Cu", "Zr"}, {63.546, 91.224});
  CHECK_THROWS_WITH_AS(validate(s, "glass.data"), doctest::Contains("glass.data: atom 2"),
                       pelkit::error);
  s.positions(2, 1) = 0;
  s.types[2] = 5;
  CHECK_THROWS_WITH_AS(validate(s), doctest::Contains("type 6"), pelkit::error);
}
