// pelkit/dynamics/velocities.hpp — kinetic energy, temperature, Maxwell–Boltzmann velocities,
// and the portable random numbers the dynamics uses.
//
// Units: velocities Å/ps, masses amu, energies eV, temperatures K.
//
// Degrees of freedom: pelkit's integrators conserve total momentum, and initialize_velocities
// sets it to zero, so the instantaneous temperature uses N_f = 3N − 3 (the centre-of-mass
// motion is removed), as LAMMPS's default `compute temp` does. Stochastic thermostats that
// do not conserve momentum (Langevin) sample all 3N; pass N_f = 3N explicitly there.
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/core/units.hpp>

#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <sstream>
#include <string>

namespace pelkit {

/// Standard normal deviates from std::mt19937_64 (whose output sequence the C++ standard fixes)
/// through the Box–Muller transform written here, so a seed gives the same numbers on every
/// platform and standard library (std::normal_distribution is implementation-defined).
class normal_rng {
public:
  explicit normal_rng(std::uint64_t seed = 5489u) : engine_(seed) {}

  /// Uniform deviate in (0, 1], 53 random bits.
  double uniform() { return (double(engine_() >> 11) + 1.0) * 0x1.0p-53; }

  /// Standard normal deviate (mean 0, variance 1).
  double operator()() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double r = std::sqrt(-2.0 * std::log(uniform()));
    const double phi = 2.0 * std::numbers::pi * uniform();
    spare_ = r * std::sin(phi);
    has_spare_ = true;
    return r * std::cos(phi);
  }

  /// Sum of the squares of n standard normal deviates (a χ² deviate with n degrees of freedom).
  double chi_squared(long n) {
    double s = 0;
    for (long i = 0; i < n; ++i) {
      const double g = (*this)();
      s += g * g;
    }
    return s;
  }

  /// Checkpointing (pelkit/dynamics/checkpoint.hpp): the engine state travels as its text form.
  template <class Archive>
  void serialize(Archive& a) {
    std::string engine;
    if constexpr (!Archive::loading) {
      std::ostringstream out;
      out << engine_;
      engine = out.str();
    }
    a(engine, has_spare_, spare_);
    if constexpr (Archive::loading) {
      std::istringstream in(engine);
      in >> engine_;
    }
  }

private:
  std::mt19937_64 engine_;
  bool has_spare_ = false;
  double spare_ = 0;
};

/// Kinetic energy Σ ½ m v² of `v` (Å/ps, one column per atom) for the atoms of `s`, in eV.
inline double kinetic_energy(const system& s, const Eigen::Matrix3Xd& v) {
  double twice = 0;
  for (std::size_t i = 0; i < s.size(); ++i) twice += s.mass(i) * v.col(Eigen::Index(i)).squaredNorm();
  return 0.5 * twice * units::amu_A2_per_ps2_to_eV;
}

/// Kinetic energy of the system's velocities in eV (0 without velocities).
inline double kinetic_energy(const system& s) {
  return s.velocities ? kinetic_energy(s, *s.velocities) : 0.0;
}

/// Degrees of freedom with the total momentum fixed: 3N − 3 (at least 1 for a single atom,
/// which has none; callers that care check N ≥ 2).
inline double degrees_of_freedom(const system& s) {
  return std::max(1.0, 3.0 * double(s.size()) - 3.0);
}

/// Instantaneous temperature 2 K / (N_f k_B) in K; N_f defaults to 3N − 3 (see the header).
inline double temperature(const system& s, double dof) {
  return 2.0 * kinetic_energy(s) / (dof * units::kB_eV_per_K);
}
inline double temperature(const system& s) { return temperature(s, degrees_of_freedom(s)); }

/// Total momentum Σ m v in amu·Å/ps.
inline Eigen::Vector3d total_momentum(const system& s) {
  Eigen::Vector3d p = Eigen::Vector3d::Zero();
  if (!s.velocities) return p;
  for (std::size_t i = 0; i < s.size(); ++i) p += s.mass(i) * s.velocities->col(Eigen::Index(i));
  return p;
}

/// Removes the centre-of-mass velocity (total momentum becomes zero up to rounding).
inline void zero_momentum(system& s) {
  if (!s.velocities) return;
  const Eigen::Vector3d vcm = total_momentum(s) / s.total_mass();
  s.velocities->colwise() -= vcm;
}

/// Maxwell–Boltzmann velocities at `T_K` (K, ≥ 0, finite): each component drawn from
/// N(0, k_B T / m_i), then the centre-of-mass velocity removed and all velocities rescaled so
/// that temperature(s) (N_f = 3N − 3) is exactly T_K up to rounding. The same seed gives the
/// same velocities on every platform (normal_rng). Needs N ≥ 2 atoms; T_K = 0 gives zero
/// velocities. Overwrites s.velocities.
inline void initialize_velocities(system& s, double T_K, std::uint64_t seed) {
  if (!std::isfinite(T_K) || T_K < 0)
    throw error("initialize_velocities: temperature must be finite and >= 0 K, got " +
                std::to_string(T_K));
  if (s.size() < 2)
    throw error("initialize_velocities: need at least 2 atoms (3N - 3 degrees of freedom), got " +
                std::to_string(s.size()));
  validate(s, "initialize_velocities");
  normal_rng rng(seed);
  Eigen::Matrix3Xd v(3, Eigen::Index(s.size()));
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double sd = std::sqrt(units::kB_eV_per_K * T_K / (s.mass(i) * units::amu_A2_per_ps2_to_eV));
    for (int d = 0; d < 3; ++d) v(d, Eigen::Index(i)) = sd * rng();
  }
  s.velocities = std::move(v);
  if (T_K == 0) {
    s.velocities->setZero();
    return;
  }
  zero_momentum(s);
  const double T = temperature(s);
  *s.velocities *= std::sqrt(T_K / T);
}

}  // namespace pelkit
