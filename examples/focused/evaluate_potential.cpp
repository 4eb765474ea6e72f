// evaluate_potential — read a configuration and an EAM potential, print the energy per atom,
// the largest force and the (virial) pressure.
//
//   example_evaluate_potential [structure.data] [potential.eam.fs]
//
// Defaults: the 4000-atom Cu50Zr50 glass of examples/data and the Mendelev Cu-Zr EAM
// (Debian package lammps-data). Exits 1 if the numbers are not those of a minimised glass.
#include <pelkit/core/units.hpp>
#include <pelkit/io/structure.hpp>          // read_structure: LAMMPS data, dump or extended XYZ
#include <pelkit/potential/calculator.hpp>  // calculator: neighbour list + potential
#include <pelkit/potential/eam.hpp>

#include <cmath>
#include <cstdio>
#include <string>

#ifndef PELKIT_SOURCE_DIR
#define PELKIT_SOURCE_DIR "."  // the build sets it; "." works from the repository root
#endif

int main(int argc, char** argv) {
  const std::string data = argc > 1 ? argv[1] : PELKIT_SOURCE_DIR "/examples/data/cu50zr50_4000.data";
  const std::string pot = argc > 2 ? argv[2] : "/usr/share/lammps/potentials/CuZr_mm.eam.fs";

  // The data file names its types ("1 63.546 # Cu"); the potential maps them by element name.
  const pelkit::system glass = pelkit::read_structure(data);
  auto calc = pelkit::calculator(pelkit::eam::from_file(pot));  // skin 1 Å

  // One evaluation: energy (eV), forces (eV/Å, 3×N) and virial W (eV). The reference stays
  // valid until the next compute() on this calculator.
  const pelkit::evaluation& e = calc.compute(glass, {.forces = true, .virial = true});

  const double n = double(glass.size());
  const double fmax = e.forces.colwise().norm().maxCoeff();  // largest per-atom |F|
  // Virial pressure tensor W/V in eV/Å³, converted to GPa; the pressure is a third of its trace.
  const double p_GPa = e.pressure_tensor(glass.box.volume()).trace() / 3 * pelkit::units::eV_per_A3_to_GPa;

  std::printf("%s: %zu atoms\n", data.c_str(), glass.size());
  std::printf("energy per atom  %.6f eV\n", e.energy / n);
  std::printf("max force        %.3e eV/A\n", fmax);
  std::printf("pressure         %.4f GPa (virial, T = 0)\n", p_GPa);

  // The default glass is at -4.861 eV/atom; far from that means a wrong file or a broken build.
  const bool ok = e.energy / n > -5.5 && e.energy / n < -4.3 && std::isfinite(p_GPa);
  return ok ? 0 : 1;
}
