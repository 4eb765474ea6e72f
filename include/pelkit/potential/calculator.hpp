// pelkit/potential/calculator.hpp — a potential bound to its neighbour list (ASE's "calculator").
//
//   auto calc = pelkit::calculator(pelkit::eam::from_file("CuZr_mm.eam.fs"));
//   const pelkit::evaluation& e = calc.compute(glass);   // energy (eV), forces (eV/Å), virial
//
// The calculator owns the Verlet list (rebuilt only when atoms moved more than half the skin)
// and the potential's scratch space, and maps the system's atom types to the potential's
// elements by name.
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/neighbor/verlet_list.hpp>
#include <pelkit/potential/concepts.hpp>
#include <pelkit/potential/evaluation.hpp>

#include <string>
#include <vector>

namespace pelkit {

/// Index into `elements` of each type name; throws pelkit::error naming the unknown element.
inline std::vector<int> map_types(const std::vector<std::string>& type_names,
                                  const std::vector<std::string>& elements) {
  std::vector<int> map(type_names.size());
  for (std::size_t t = 0; t < type_names.size(); ++t) {
    int found = -1;
    for (std::size_t e = 0; e < elements.size(); ++e)
      if (elements[e] == type_names[t]) found = int(e);
    if (found < 0) {
      std::string known;
      for (const auto& e : elements) known += (known.empty() ? "" : ", ") + e;
      throw error("atom type " + std::to_string(t + 1) + " is element '" + type_names[t] +
                  "', which the potential does not have (it has: " + known + ")" +
                  (type_names[t].empty() ? "; name the types' elements (e.g. --elements Cu,Zr)" : ""));
    }
    map[t] = found;
  }
  return map;
}

template <potential P>
class calculator {
public:
  /// `skin` (Å) is the neighbour-list skin; the list radius is cutoff + skin.
  explicit calculator(P pot, double skin = 1.0)
      : pot_(std::move(pot)), list_({pot_.cutoff(), skin, pot_.neighbor_kind()}) {}

  const P& potential() const { return pot_; }
  const verlet_list& neighbors() const { return list_; }

  /// Evaluates the system; the result stays valid until the next call.
  const evaluation& compute(const system& s, const request& req = {}) {
    if (s.type_names != mapped_names_) {
      type_to_element_ = map_types(s.type_names, pot_.elements());
      mapped_names_ = s.type_names;
    }
    species_.resize(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) species_[i] = type_to_element_[s.types[i]];
    list_.update(s.box, s.positions);
    pot_.compute(atoms_view{s.box, s.positions, species_}, list_, req, ws_, result_);
    ++evaluations_;
    return result_;
  }

  /// Rebuilds the neighbour list from `x` in `box` (Å), e.g. the reference of a checkpointed
  /// list, so that a resumed run sums forces in the same order as the interrupted one.
  void rebuild_neighbors(const periodic_box& box, const Eigen::Matrix3Xd& x) { list_.build(box, x); }

  /// Number of `compute` calls so far (force evaluations).
  long evaluations() const { return evaluations_; }

private:
  P pot_;
  verlet_list list_;
  typename P::workspace ws_;
  evaluation result_;
  std::vector<std::string> mapped_names_;
  std::vector<int> type_to_element_, species_;
  long evaluations_ = 0;
};

}  // namespace pelkit
