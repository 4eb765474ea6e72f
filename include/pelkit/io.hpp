// pelkit/io.hpp — every header of pelkit/io/: LAMMPS data and dump, extended XYZ, VASP POSCAR readers and writers
// (gzip-compressed too), and format selection.
// An umbrella header; tests/headers checks that it lists the whole folder.
#pragma once
#include <pelkit/io/atom_columns.hpp>
#include <pelkit/io/extxyz.hpp>
#include <pelkit/io/gzip.hpp>
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/io/lammps_dump.hpp>
#include <pelkit/io/poscar.hpp>
#include <pelkit/io/structure.hpp>
#include <pelkit/io/text_reader.hpp>
