// libFuzzer harness: pelkit::read_extxyz (stream overload), every frame.
#include "common.hpp"

#include <pelkit/io/extxyz.hpp>

#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pelkit_fuzz;
  const std::string name = "fuzz.xyz";
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::vector<pelkit::xyz_frame> frames;
  try {
    frames = pelkit::read_extxyz(in, name);
  } catch (const pelkit::error& e) {
    check_message(e, name);
    return 0;
  }
  require(!frames.empty(), "at least one frame");
  for (const auto& f : frames) {
    check_system(f.system);
    const auto n = static_cast<Eigen::Index>(f.system.size());
    if (f.forces) require(f.forces->cols() == n && f.forces->allFinite(), "finite forces, one per atom");
    for (const auto& [col, v] : f.columns) require(v.cols() == n, "one column entry per atom");
    for (const auto& [col, v] : f.string_columns) require(Eigen::Index(v.size()) == n, "one string per atom");
    require(f.rotation.allFinite(), "finite rotation");
    require((f.rotation * f.rotation.transpose() - Eigen::Matrix3d::Identity()).cwiseAbs().maxCoeff() < 1e-9,
            "orthonormal rotation");
  }
  return 0;
}
