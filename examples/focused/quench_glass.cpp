// quench_glass — make a small Cu50Zr50 glass from scratch: random alloy → melt → equilibrate →
// quench → release → relax (NPT, Nosé–Hoover + MTK barostat) → L-BFGS minimisation.
//
//   example_quench_glass [potential.eam.fs]
//
// 128 atoms, 1e14 K/s and stages of a few ps, so it runs in seconds; a real study uses
// thousands of atoms, 1e12 K/s or slower and ns of relaxation (docs/study.md).
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>
#include <pelkit/protocol/quench.hpp>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  const std::string pot = argc > 1 ? argv[1] : "/usr/share/lammps/potentials/CuZr_mm.eam.fs";
  auto calc = pelkit::calculator(pelkit::eam::from_file(pot));

  // Start: 128 atoms on a simple-cubic grid, Cu and Zr at random, at a liquid-like density.
  pelkit::liquid_spec spec;  // elements {Cu, Zr}, fractions {0.5, 0.5}
  spec.natoms = 128;
  spec.seed = 7;
  const pelkit::system start = pelkit::random_alloy(spec);

  // The protocol (K, GPa, ps, K/s). Every field has the seed study's default; shorten them.
  pelkit::quench_parameters q;
  q.T_hot_K = 2500, q.melt_ps = 2;   // melt (only for a generated start)
  q.T0_K = 1500, q.equilibrate_ps = 2;
  q.T1_K = 1, q.cooling_rate_K_per_s = 1e14;  // 1500 K → 1 K in 15 ps
  q.pressure_GPa = 0, q.release_ps = 1, q.relax_ps = 2;
  q.dt_ps = 0.002, q.fmax_eV_per_A = 1e-6;

  pelkit::quench_output out;
  out.progress = pelkit::progress_mode::never;  // no progress line on stderr
  // generated_start = true: run the melt stage first.
  const pelkit::quench_result r = pelkit::quench(start, calc, q, out, /*generated_start=*/true);

  for (const auto& s : r.stages)
    std::printf("%-12s %6ld steps  T_end %7.1f K  P_end %6.2f GPa  rho %.3f g/cm3\n", s.name.c_str(), s.steps,
                s.T_end_K, s.P_end_GPa, s.density_end_g_per_cm3);
  std::printf("glass: %zu atoms, density %.4f g/cm3, E_IS %.5f eV/atom, P %.3f GPa, minimised: %s (fmax %.1e)\n",
              r.glass.size(), r.density_g_per_cm3, r.E_IS_eV_per_atom, r.pressure_GPa,
              r.minimization.reason.c_str(), r.minimization.fmax);

  // Cu50Zr50 glasses with this potential: about 7.2-7.4 g/cm3 and -4.85 to -4.87 eV/atom.
  const bool ok = r.minimization.converged && r.density_g_per_cm3 > 6.9 && r.density_g_per_cm3 < 7.6 &&
                  r.E_IS_eV_per_atom > -5.0 && r.E_IS_eV_per_atom < -4.7;
  return ok ? 0 : 1;
}
