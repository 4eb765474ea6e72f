// pelkit/potential/force_provider.hpp — the `force_provider` concept: what integrators and
// minimisers evaluate.
#pragma once
#include <pelkit/core/system.hpp>
#include <pelkit/potential/evaluation.hpp>

#include <concepts>

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
