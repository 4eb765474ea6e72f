// The Cu–Zr test glass the saddle tests search on: cu50zr50_small_256 minimised to 1e-8 eV/Å
// with CuZr_mm.eam.fs (tests skip with a message when the potential file is missing).
#pragma once
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/minimize/lbfgs.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>

#include <doctest/doctest.h>

#include "../support.hpp"

#include <filesystem>
#include <string>

namespace pelkit::testing {


/// True (after saying so) when the potential file is missing and the calling test must skip.
inline bool cuzr_potential_missing() {
  if (std::filesystem::exists(cuzr)) return false;
  MESSAGE("skipped: " << cuzr << " not found (install lammps-data)");
  return true;
}

inline pelkit::system minimised_glass() {
  pelkit::system s = read_lammps_data(std::string(PELKIT_TEST_DATA) + "/cu50zr50_small_256.data");
  auto calc = calculator(eam::from_file(cuzr));
  REQUIRE(lbfgs{}.minimize(calc, s, {.fmax = 1e-8}).converged);
  return s;
}

}  // namespace pelkit::testing
