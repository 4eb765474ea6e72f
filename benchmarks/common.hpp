// What the benchmark programs share: environment overrides, the bundled glass and the EAM
// potential they are measured on.
//
//   PELKIT_BENCH_DATA      configuration (default examples/data/cu50zr50_4000.data)
//   PELKIT_BENCH_POTENTIAL potential file (default /usr/share/lammps/potentials/CuZr_mm.eam.fs)
#pragma once
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/potential/eam.hpp>

#include <cstdlib>
#include <string>

namespace pelkit_bench {

/// The environment variable `name`, or `fallback` when it is not set.
inline std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v ? v : fallback;
}

/// Path of the configuration to measure.
inline std::string data_path() {
  return env_or("PELKIT_BENCH_DATA", std::string(PELKIT_SOURCE_DIR) + "/examples/data/cu50zr50_4000.data");
}

/// The EAM potential, read once.
inline const pelkit::eam& potential() {
  static const pelkit::eam p =
      pelkit::eam::from_file(env_or("PELKIT_BENCH_POTENTIAL", "/usr/share/lammps/potentials/CuZr_mm.eam.fs"));
  return p;
}

}  // namespace pelkit_bench
