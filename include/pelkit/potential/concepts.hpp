// pelkit/potential/concepts.hpp — the `potential` concept.
//
// A potential maps a configuration to energy, forces and virial. It sees the configuration
// through a neighbour list built for its cutoff (plus skin) and a per-atom species index into
// its own element list. It holds no per-configuration state: evaluation is a const call, and
// scratch space lives in the caller-owned `workspace`.
//
// Satisfied by: pelkit::eam, pelkit::lennard_jones.
#pragma once
#include <pelkit/core/system.hpp>
#include <pelkit/neighbor/verlet_list.hpp>
#include <pelkit/potential/evaluation.hpp>

#include <concepts>
#include <span>
#include <string>
#include <vector>

namespace pelkit {

/// What a potential sees of a configuration: the cell, positions (Å, one column per atom) and
/// each atom's species as an index into the potential's `elements()`.
struct atoms_view {
  const periodic_box& box;
  const Eigen::Matrix3Xd& positions;
  std::span<const int> species;
};

template <class P>
concept potential = requires(const P& p, const atoms_view& atoms, const verlet_list& list,
                             const request& req, typename P::workspace& ws, evaluation& out) {
  typename P::workspace;
  { p.cutoff() } -> std::convertible_to<double>;                      // Å
  { p.neighbor_kind() } -> std::same_as<list_kind>;                   // half or full
  { p.elements() } -> std::convertible_to<std::vector<std::string>>;  // species names
  { p.compute(atoms, list, req, ws, out) } -> std::same_as<void>;
};

}  // namespace pelkit
