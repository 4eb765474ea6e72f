// pelkit/core/units.hpp — the unit system, stated once.
//
// pelkit uses LAMMPS "metal"-like units everywhere:
//   length Å, energy eV, time ps, mass amu (g/mol), temperature K, pressure/stress GPa,
//   velocity Å/ps, force eV/Å, density atoms/Å³ (number) or g/cm³ (mass).
// Conversions below are CODATA 2018 values unless stated.
#pragma once

namespace pelkit::units {

/// 1 eV/Å³ in GPa (e · 10^21).
inline constexpr double eV_per_A3_to_GPa = 160.21766340;
/// LAMMPS metal-units pressure conversion (bar per eV/Å³), as LAMMPS's `nktv2p`.
/// Used only when comparing with LAMMPS output, which is in bar.
inline constexpr double lammps_nktv2p_metal = 1.6021765e6;
/// Boltzmann constant in eV/K.
inline constexpr double kB_eV_per_K = 8.617333262e-5;
/// amu·Å²/ps² in eV (kinetic energy of m v² with m in amu, v in Å/ps).
inline constexpr double amu_A2_per_ps2_to_eV = 1.0 / 9648.5332123;
/// 1 amu/Å³ in g/cm³.
inline constexpr double amu_per_A3_to_g_per_cm3 = 1.66053906660;

}  // namespace pelkit::units
