// pelkit/io/structure.hpp — read or write a configuration, choosing the format by file name.
//
//   .data .lmp .lammps (or anything else)  LAMMPS data file (atomic style)
//   .dump .lammpstrj                       LAMMPS text dump, last frame
//   .xyz .extxyz                           extended XYZ, last frame
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/io/extxyz.hpp>
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/io/lammps_dump.hpp>

#include <string>

namespace pelkit {

enum class structure_format { lammps_data, lammps_dump, extxyz };

/// Format implied by the file name's extension (LAMMPS data when none matches).
inline structure_format format_of(const std::string& path) {
  auto ends = [&](const char* ext) {
    const std::string e(ext);
    return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  if (ends(".dump") || ends(".lammpstrj")) return structure_format::lammps_dump;
  if (ends(".xyz") || ends(".extxyz")) return structure_format::extxyz;
  return structure_format::lammps_data;
}

/// Reads a configuration (the last frame of a trajectory file).
inline system read_structure(const std::string& path) {
  switch (format_of(path)) {
    // The readers throw when a file holds no frame.
    case structure_format::lammps_dump: return std::move(read_lammps_dump(path).back().system);
    case structure_format::extxyz: return std::move(read_extxyz(path).back().system);
    default:
      return read_lammps_data(path);
  }
}

/// Writes a configuration in the format implied by the file name.
inline void write_structure(const std::string& path, const system& s) {
  switch (format_of(path)) {
    case structure_format::lammps_dump: write_lammps_dump(path, s, 0); break;
    case structure_format::extxyz: write_extxyz(path, s); break;
    default: write_lammps_data(path, s);
  }
}

}  // namespace pelkit
