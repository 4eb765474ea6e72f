// pelkit/hessian/concepts.hpp — what a potential must offer to have an analytic Hessian.
//
// A `hessian_potential` is a `potential` that can report, for a configuration and a neighbour
// list built for its cutoff, the radial first and second derivatives of every pair inside the
// cutoff and, for embedded-atom models, the embedding curvature F''(ρ_i) of every atom
// (pelkit/hessian/terms.hpp). The Hessian assembly and the matrix-free Hessian–vector product
// (pelkit/hessian/hessian.hpp) are built on that data alone.
//
// Satisfied by: pelkit::eam, pelkit::pair_potential<K> whose kernel K has `curvature`
// (pelkit::pair_kernel_with_curvature, e.g. pelkit::lennard_jones).
#pragma once
#include <pelkit/hessian/terms.hpp>
#include <pelkit/potential/concepts.hpp>

namespace pelkit {

template <class P>
concept hessian_potential =
    potential<P> && requires(const P& p, const atoms_view& atoms, const verlet_list& list,
                             second_derivative_terms& out) {
      { p.second_derivatives(atoms, list, out) } -> std::same_as<void>;
    };

}  // namespace pelkit
