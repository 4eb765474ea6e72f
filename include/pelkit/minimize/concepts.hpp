// pelkit/minimize/concepts.hpp — the `minimizer` concept: relaxes atom positions to a local
// minimum of the potential energy at fixed cell.
//
//   pelkit::lbfgs m;                                   // or fire2, conjugate_gradient
//   auto calc = pelkit::calculator(pelkit::eam::from_file("CuZr_mm.eam.fs"));
//   pelkit::minimize_result r = m.minimize(calc, glass, {.fmax = 1e-6});
//
// minimize(calc, s, stop) takes any force_provider `calc` (result.hpp): a calculator, or a
// cell_filter to relax the cell too (cell_filter.hpp, relax()). It moves s.positions in place
// (Å; the box, types and image flags are untouched) until the largest per-atom force norm is ≤ stop.fmax (eV/Å) or the relative
// energy change ≤ stop.energy_tolerance, or a limit is reached. It never throws for a bad
// configuration: non-finite energies/forces, a failing line search or exhausted limits give
// converged = false with a `reason`, and the positions are the last finite (best) ones.
// Energies in eV, forces eV/Å (see result.hpp).
//
// Satisfied by: fire2, conjugate_gradient, lbfgs.
#pragma once
#include <pelkit/minimize/result.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/lennard_jones.hpp>

#include <concepts>

namespace pelkit {

/// M minimises with potential P.
template <class M, class P>
concept minimizer_for = potential<P> && requires(const M& m, calculator<P>& calc, system& s,
                                                 const stop_criteria& stop) {
  { m.minimize(calc, s, stop) } -> std::same_as<minimize_result>;
  typename M::parameters;
  { m.param } -> std::convertible_to<typename M::parameters>;
};

/// M minimises with any potential (checked with lennard_jones as the representative).
template <class M>
concept minimizer = minimizer_for<M, lennard_jones>;

}  // namespace pelkit
