// Reads files written by LAMMPS itself: pelkit writes a triclinic data file, `lmp` reads it and
// writes a custom dump (id type element x y z ix iy iz) and a data file; pelkit reads both back
// and compares with the input. Skipped (with a message) when no `lmp` executable is found.
// Set PELKIT_LMP to use another LAMMPS binary.
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/io/lammps_dump.hpp>

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <unistd.h>

#include "../support.hpp"

using pelkit::testing::temp_dir;

namespace {

// The LAMMPS executable: $PELKIT_LMP, else `lmp` on the PATH.
std::optional<std::filesystem::path> find_lammps() {
  if (const char* env = std::getenv("PELKIT_LMP"); env && *env) return std::filesystem::path(env);
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (dir.empty()) continue;
    const auto candidate = std::filesystem::path(dir) / "lmp";
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

// A small CuZr triclinic system with atoms inside the cell, nonzero image flags and velocities.
pelkit::system make_input() {
  std::mt19937 gen(2024);
  std::uniform_real_distribution<double> u(0.02, 0.98);
  const pelkit::periodic_box box({-1.25, 0.5, 2.0 / 3.0}, {10.1, 12.3, 13.7}, 1.1, -0.35, 0.7);
  const int n = 24;
  Eigen::Matrix3Xd x(3, n);
  std::vector<int> types(n);
  for (int i = 0; i < n; ++i) {
    x.col(i) = box.to_cartesian(Eigen::Vector3d(u(gen), u(gen), u(gen)));
    types[i] = i % 3 == 2 ? 1 : 0;
  }
  auto s = pelkit::make_system(box, x, types, {"Cu", "Zr"}, {63.546, 91.224});
  Eigen::Matrix3Xd v(3, n);
  for (int i = 0; i < n; ++i) {
    s.images.col(i) = Eigen::Vector3i(i % 3 - 1, (i / 3) % 2, -(i % 2));
    v.col(i) = Eigen::Vector3d(u(gen) - 0.5, u(gen) - 0.5, u(gen) - 0.5) * 10.0;
  }
  s.velocities = v;
  return s;
}

void check_box(const pelkit::periodic_box& got, const pelkit::periodic_box& want) {
  CHECK((got.lo() - want.lo()).cwiseAbs().maxCoeff() < 1e-12);
  CHECK((got.hi() - want.hi()).cwiseAbs().maxCoeff() < 1e-12);
  CHECK(std::abs(got.xy() - want.xy()) < 1e-12);
  CHECK(std::abs(got.xz() - want.xz()) < 1e-12);
  CHECK(std::abs(got.yz() - want.yz()) < 1e-12);
}

}  // namespace

TEST_CASE("lammps: read a dump and a data file written by LAMMPS") {
  const auto lmp = find_lammps();
  if (!lmp) {
    MESSAGE("SKIPPED: no `lmp` executable on the PATH (set PELKIT_LMP to point at LAMMPS)");
    return;
  }
  temp_dir dir;
  const auto input = make_input();
  pelkit::write_lammps_data(dir.file("in.data"), input);
  std::ofstream(dir.file("in.lmp")) << "units metal\n"
                                       "atom_style atomic\n"
                                       "boundary p p p\n"
                                       "read_data in.data\n"
                                       "write_dump all custom out.dump id type element x y z ix iy iz vx vy vz "
                                       "modify element Cu Zr sort id format float %.17g\n"
                                       "write_data out.data\n";
  const std::string command = "cd '" + dir.path.string() + "' && OMP_NUM_THREADS=1 '" + lmp->string() +
                              "' -in in.lmp -log none -screen none > lmp.out 2>&1";
  const int rc = std::system(command.c_str());
  INFO("LAMMPS output: ", pelkit::testing::read_text(dir.file("lmp.out")));
  REQUIRE_MESSAGE(rc == 0, "LAMMPS failed: ", command);

  {  // the dump
    const auto frames = pelkit::read_lammps_dump(dir.file("out.dump"));
    REQUIRE(frames.size() == 1);
    const auto& s = frames[0].system;
    CHECK(frames[0].timestep == 0);
    REQUIRE(s.size() == input.size());
    CHECK(s.box.triclinic());
    check_box(s.box, input.box);
    CHECK(s.ids == input.ids);  // sorted by id, ids 1..n
    CHECK(s.types == input.types);
    CHECK(s.type_names == input.type_names);
    CHECK(s.type_masses == input.type_masses);  // standard weights via the element column
    CHECK((s.positions - input.positions).cwiseAbs().maxCoeff() < 1e-12);
    CHECK(s.images == input.images);
    REQUIRE(s.velocities);
    CHECK((*s.velocities - *input.velocities).cwiseAbs().maxCoeff() < 1e-12);
  }
  {  // the data file LAMMPS wrote
    auto s = pelkit::read_lammps_data(dir.file("out.data"));
    pelkit::sort_by_id(s);
    REQUIRE(s.size() == input.size());
    check_box(s.box, input.box);
    CHECK(s.ids == input.ids);
    CHECK(s.types == input.types);
    CHECK(s.type_masses == input.type_masses);
    CHECK(s.type_names == input.type_names);  // inferred from the masses
    CHECK((s.positions - input.positions).cwiseAbs().maxCoeff() < 1e-12);
    CHECK(s.images == input.images);
    REQUIRE(s.velocities);
    CHECK((*s.velocities - *input.velocities).cwiseAbs().maxCoeff() < 1e-12);
  }
}
