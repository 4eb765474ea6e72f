// soft_modes — the soft-mode parameter Ψ_i of every atom (Tong & Xu 2014): the trace of atom
// i's 3×3 block of the pseudo-inverse of the dynamical matrix, from the analytic Hessian.
//
//   example_soft_modes [structure.data] [potential.eam.fs]
//
// Ψ needs a stable minimum, so the glass is minimised first (L-BFGS to 1e-6 eV/Å).
#include <pelkit/descriptor/soft_mode.hpp>  // soft_modes, atom_masses
#include <pelkit/hessian/hessian.hpp>       // dense_hessian
#include <pelkit/io/structure.hpp>
#include <pelkit/minimize/lbfgs.hpp>
#include <pelkit/potential/eam.hpp>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#ifndef PELKIT_SOURCE_DIR
#define PELKIT_SOURCE_DIR "."  // the build sets it; "." works from the repository root
#endif

int main(int argc, char** argv) {
  const std::string data = argc > 1 ? argv[1] : PELKIT_SOURCE_DIR "/tests/data/cu50zr50_small_256.data";
  const std::string pot = argc > 2 ? argv[2] : "/usr/share/lammps/potentials/CuZr_mm.eam.fs";
  pelkit::system glass = pelkit::read_structure(data);
  auto calc = pelkit::calculator(pelkit::eam::from_file(pot));

  // 1. Minimise (positions change in place; the cell stays fixed).
  const pelkit::minimize_result m = pelkit::lbfgs{}.minimize(calc, glass, {.fmax = 1e-6});
  std::printf("minimised: %s, E %.6f eV/atom, fmax %.1e eV/A\n", m.reason.c_str(),
              m.energy_final / double(glass.size()), m.fmax);
  if (!m.converged) return 1;

  // 2. Dense Hessian (3N×3N, eV/Å²) and Ψ. soft_modes throws if H is not positive definite
  //    apart from the three translations (i.e. if the configuration is not a minimum).
  const Eigen::MatrixXd H = pelkit::dense_hessian(calc, glass);
  const pelkit::soft_mode_result r = pelkit::soft_modes(H, pelkit::atom_masses(glass));
  const Eigen::VectorXd& psi = r.psi_dynamical;  // ps² (mass-weighted); psi_hessian is in Å²/eV

  // 3. Mean and the five softest atoms (largest Ψ).
  std::vector<int> order(glass.size());
  std::iota(order.begin(), order.end(), 0);
  std::partial_sort(order.begin(), order.begin() + 5, order.end(), [&](int a, int b) { return psi[a] > psi[b]; });
  std::printf("mean Psi %.5f ps^2 (max %.5f, min %.5f)\nsoftest atoms:\n", psi.mean(), psi.maxCoeff(), psi.minCoeff());
  for (int k = 0; k < 5; ++k) {
    const int i = order[k];
    std::printf("  id %4ld  %-2s  Psi %.5f ps^2\n", glass.ids[i], glass.type_names[glass.types[i]].c_str(), psi[i]);
  }
  return psi.allFinite() && psi.minCoeff() > 0 ? 0 : 1;
}
