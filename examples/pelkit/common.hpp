// Helpers shared by pelkit subcommands: loading inputs, writing JSON, timing.
#pragma once
#include <pelkit/core/progress.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/io/structure.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "../provenance.hpp"
#ifdef _OPENMP
#include <omp.h>
#endif

#include "cli.hpp"

namespace pelkit::cli {

/// Reads the structure and, if `elements` is given ("Cu,Zr"), names types 1, 2, ... by it,
/// like LAMMPS's `pair_coeff * * file Cu Zr`; the names also give the masses of a LAMMPS data
/// file without a Masses section and the elements of a VASP 4 POSCAR.
inline system load_structure(const std::string& path, const std::optional<std::string>& elements) {
  structure_options options;
  options.format = input_format();
  if (elements) options.type_names = split_list(*elements);
  return read_structure(path, options);
}

/// Writes JSON to `path`, or to standard output when no path is given. An object gets the key
/// "provenance" (provenance::json; with the sha256 of the file its "potential" key names).
inline void emit_json(const nlohmann::json& result, const std::optional<std::string>& path) {
  nlohmann::json j = result;
  if (j.is_object() && !j.contains("provenance"))
    j["provenance"] = provenance::json(j.contains("potential") && j["potential"].is_string()
                                           ? std::filesystem::path(j["potential"].get<std::string>())
                                           : std::filesystem::path());
  if (!path) {
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::ofstream out(*path);
  if (!out) throw error(*path + ": cannot open for writing");
  out << j.dump(2) << "\n";
  if (!out) throw error(*path + ": write failed");
}

/// Symmetric tensor as {"xx","yy","zz","xy","xz","yz"}.
template <class M>
nlohmann::json tensor_json(const M& t, double scale = 1.0) {
  return {{"xx", scale * t(0, 0)}, {"yy", scale * t(1, 1)}, {"zz", scale * t(2, 2)},
          {"xy", scale * t(0, 1)}, {"xz", scale * t(0, 2)}, {"yz", scale * t(1, 2)}};
}

/// --progress auto|always|never.
inline progress_mode progress_option(const std::string& text) {
  if (text == "auto") return progress_mode::automatic;
  if (text == "always") return progress_mode::always;
  if (text == "never") return progress_mode::never;
  throw error("--progress: expected auto, always or never, got '" + text + "'");
}

/// The OpenMP threads a computation runs on (--threads, else OMP_NUM_THREADS, else one per
/// core; 1 without OpenMP): the JSON key "threads".
inline int openmp_threads() {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

class stopwatch {
public:
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace pelkit::cli
