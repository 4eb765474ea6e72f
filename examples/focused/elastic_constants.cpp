// elastic_constants — the 6×6 elastic constants C_ij (Voigt order xx yy zz yz xz xy) and the
// shear and bulk moduli of a minimised glass at T = 0, by linear response (Lutsko):
// C = C_Born − Ξᵀ H⁺ Ξ / V, from the analytic Hessian H.
//
//   example_elastic_constants [structure.data] [potential.eam.fs]
//
// elastic_strain(calc, glass) gives the same numbers by ±strain and relaxation, as LAMMPS's
// examples/ELASTIC does (12 minimisations: slower).
#include <pelkit/elastic/elastic.hpp>
#include <pelkit/io/structure.hpp>
#include <pelkit/minimize/lbfgs.hpp>
#include <pelkit/potential/eam.hpp>

#include <cstdio>
#include <string>

#ifndef PELKIT_SOURCE_DIR
#define PELKIT_SOURCE_DIR "."  // the build sets it; "." works from the repository root
#endif

int main(int argc, char** argv) {
  const std::string data = argc > 1 ? argv[1] : PELKIT_SOURCE_DIR "/tests/data/cu50zr50_small_256.data";
  const std::string pot = argc > 2 ? argv[2] : "/usr/share/lammps/potentials/CuZr_mm.eam.fs";
  pelkit::system glass = pelkit::read_structure(data);
  auto calc = pelkit::calculator(pelkit::eam::from_file(pot));

  // The input must be a minimum (largest force ≤ elastic_options::max_force, 1e-4 eV/Å).
  const pelkit::minimize_result m = pelkit::lbfgs{}.minimize(calc, glass, {.fmax = 1e-6});
  if (!m.converged) return 1;

  const pelkit::elastic_result r = pelkit::elastic_response(calc, glass);  // throws if unstable

  std::printf("C_ij (GPa), %zu atoms:\n", glass.size());
  for (int k = 0; k < 6; ++k) {
    for (int l = 0; l < 6; ++l) std::printf("%9.2f", r.C_GPa(k, l));
    std::printf("\n");
  }
  std::printf("G  Voigt %.2f  Reuss %.2f  Hill %.2f GPa\n", r.shear.voigt, r.shear.reuss, r.shear.hill);
  std::printf("B  Hill %.2f GPa   residual pressure %.3f GPa\n", r.bulk.hill, -r.residual_stress_GPa.trace() / 3);

  // Cu-Zr glasses: B ≈ 100-130 GPa, G ≈ 20-35 GPa (a 256-atom sample scatters more).
  const bool ok = r.shear.hill > 10 && r.shear.hill < 50 && r.bulk.hill > 70 && r.bulk.hill < 160;
  return ok ? 0 : 1;
}
