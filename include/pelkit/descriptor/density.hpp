// pelkit/descriptor/density.hpp — number and mass density, volume per atom, composition.
//
// Sample-level only (no per-atom columns). Number density ρ = N/V (atoms/Å³), mass density
// Σ m / V converted from amu/Å³ to g/cm³ with units::amu_per_A3_to_g_per_cm3, volume per atom
// V/N (Å³) and the fraction x_a = N_a/N of every type (named by element).
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/core/units.hpp>
#include <pelkit/descriptor/concepts.hpp>

#include <string>
#include <vector>

namespace pelkit {

struct density_result {
  std::size_t atoms = 0;
  double volume = 0;                    ///< Å³
  double number_density = 0;            ///< atoms/Å³
  double mass_density = 0;              ///< g/cm³
  double volume_per_atom = 0;           ///< Å³
  std::vector<std::string> type_names;  ///< per type ("1", "2" when unnamed)
  std::vector<double> fractions;        ///< x_a per type

  std::vector<descriptor_column> columns() const { return {}; }
  std::vector<descriptor_quantity> summary() const {
    std::vector<descriptor_quantity> q{
        {"number_density", "1/A^3", number_density},
        {"mass_density", "g/cm^3", mass_density},
        {"volume_per_atom", "A^3", volume_per_atom},
    };
    for (std::size_t t = 0; t < fractions.size(); ++t)
      q.push_back({"fraction_" + type_names[t], "", fractions[t]});
    return q;
  }
};

class density_descriptor {
public:
  std::string name() const { return "density"; }

  /// Throws pelkit::error on an inconsistent or empty system.
  density_result compute(const system& s) const {
    validate(s, "density");
    if (s.size() == 0) throw error("density: the system has no atoms");
    density_result r;
    r.atoms = s.size();
    r.volume = s.box.volume();
    r.number_density = double(s.size()) / r.volume;
    r.mass_density = s.total_mass() / r.volume * units::amu_per_A3_to_g_per_cm3;
    r.volume_per_atom = r.volume / double(s.size());
    const int nt = s.type_count();
    r.fractions.assign(nt, 0.0);
    for (int t : s.types) r.fractions[t] += 1.0;
    for (auto& x : r.fractions) x /= double(s.size());
    r.type_names.resize(nt);
    for (int t = 0; t < nt; ++t)
      r.type_names[t] = t < int(s.type_names.size()) && !s.type_names[t].empty()
                            ? s.type_names[t]
                            : std::to_string(t + 1);
    return r;
  }
};

static_assert(descriptor<density_descriptor>);

}  // namespace pelkit
