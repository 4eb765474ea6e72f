// pelkit/potential/force_provider.hpp — the `force_provider` concept: what integrators and
// minimisers evaluate.
#pragma once
#include <pelkit/core/system.hpp>
#include <pelkit/potential/evaluation.hpp>

#include <concepts>
#include <span>

namespace pelkit {

/// Anything that evaluates a system: `calc.compute(s, req)` returns the energy (eV), forces
/// (eV/Å, one column per column of s.positions) and, when asked, the virial (eV) of `s`; the
/// result stays valid until the next call. Satisfied by pelkit::calculator<P> and by wrappers
/// such as pelkit::cell_filter.
template <class C>
concept force_provider = requires(C& c, const system& s, const request& req) {
  { c.compute(s, req) } -> std::same_as<const evaluation&>;
};

}  // namespace pelkit

namespace pelkit {

/// A force provider that can restrict its work to a set of mobile atoms around a fixed
/// reference (pelkit::local_calculator): after `set_reference(s)` and `set_mobile(m)`, compute()
/// gives the exact energy and the forces on the atoms in m for systems that differ from s only
/// there. Saddle searches use it when they move only a region (art_nouveau::parameters::
/// region_radius).
template <class C>
concept region_force_provider = force_provider<C> && requires(C& c, const system& s, std::span<const int> m) {
  c.set_reference(s);
  c.set_mobile(m);
};

}  // namespace pelkit
