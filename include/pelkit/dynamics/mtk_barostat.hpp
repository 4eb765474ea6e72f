// pelkit/dynamics/mtk_barostat.hpp — Martyna–Tobias–Klein barostat (NPT/NPH), as LAMMPS
// `fix npt` integrates it.
//
//   schedule T = cooling_schedule(1500, 1, 1e12);                 // K over ps
//   auto md = pelkit::npt(0.002, T, 10.0, 0.1, 1.0);              // 10 GPa, τ_T 0.1, τ_P 1 ps
//   auto st = md.init(std::move(liquid), calc);
//
// Martyna, Tobias & Klein, J. Chem. Phys. 101, 4177 (1994); the time-reversible splitting of
// Tuckerman et al., J. Phys. A 39, 5629 (2006); the cell equations of Shinoda, Shiga & Mikami,
// Phys. Rev. B 69, 134103 (2004) — all as implemented by LAMMPS `fix npt`, whose choices this
// file follows so that results are comparable:
//   * strain-rate variables ω̇_k (1/ps) for xx yy zz (and yz xz xy with triclinic coupling),
//     masses W = (N+1) k_B T_0 τ_P² (eV ps²) fixed at init (T_0 the target at init);
//   * force on ω̇_k: (P_k − P_target) V / W + (Σ_k m v_k²)/(3N W) (the MTK term), with P the
//     instantaneous pressure tensor including the kinetic part; off-diagonal: P_k V / W;
//   * particle velocities scaled by exp(−(ω̇_k + Σ ω̇/(3N)) h) (and the triclinic shear terms),
//     positions and cell follow ḣ = ω̇ h about the centre of the initial cell;
//   * the barostat variables are themselves coupled to a Nosé–Hoover chain of length M
//     (masses k_B T_0 τ_P²), target k_B T (isotropic: one degree of freedom; else one per ω̇).
// Isotropic coupling drives all three diagonal ω̇ with the scalar pressure; anisotropic drives
// each with its own diagonal component (tilts, if any, are scaled with the cell as LAMMPS's
// default scalexy/xz/yz); triclinic drives all six components towards a hydrostatic target.
//
// Conserved quantity (eV, added to K + U + thermostat energy): Σ ½ W ω̇² + P_target (V − V_0)
// + chain energy. With a pressure or temperature ramp it changes by design.
//
// Units: pressure GPa (converted with units::eV_per_A3_to_GPa), time ps, energy eV, volume Å³.
// Differences from LAMMPS: tilts are never "flipped" (the neighbour list is exact for any
// tilt); a tilt exceeding 1.5 cell lengths is an error, as in LAMMPS.
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/core/units.hpp>
#include <pelkit/dynamics/concepts.hpp>
#include <pelkit/dynamics/nose_hoover_chain.hpp>
#include <pelkit/dynamics/schedule.hpp>
#include <pelkit/dynamics/velocities.hpp>
#include <pelkit/dynamics/velocity_verlet.hpp>
#include <pelkit/potential/evaluation.hpp>

#include <array>
#include <cmath>
#include <string>
#include <vector>

namespace pelkit {

/// Which cell degrees of freedom the barostat moves.
enum class coupling {
  isotropic,    ///< one strain rate for x, y, z, driven by the scalar pressure
  anisotropic,  ///< x, y, z independently, by the diagonal of the pressure tensor
  triclinic     ///< all six components of the cell (needs no initial tilt)
};

inline const char* to_string(coupling c) {
  return c == coupling::isotropic ? "iso" : c == coupling::anisotropic ? "aniso" : "tri";
}

namespace detail {

/// Instantaneous pressure tensor (eV/Å³): (Σ m v⊗v + W) / V.
inline Eigen::Matrix3d pressure_tensor(const system& s, const evaluation& e) {
  Eigen::Matrix3d mvv = Eigen::Matrix3d::Zero();
  if (s.velocities)
    for (std::size_t i = 0; i < s.size(); ++i) {
      const Eigen::Vector3d v = s.velocities->col(Eigen::Index(i));
      mvv.noalias() += s.mass(i) * v * v.transpose();
    }
  return (mvv * units::amu_A2_per_ps2_to_eV + e.virial) / s.box.volume();
}

}  // namespace detail

class mtk_barostat {
public:
  struct state_type {
    std::array<double, 6> omega_dot{};  ///< strain rates xx yy zz yz xz xy (1/ps)
    std::array<double, 6> W{};          ///< masses (eV ps²); 0 for components not driven
    std::vector<double> eta, eta_dot;   ///< barostat chain positions (1) and velocities (1/ps)
    double Q = 0;                       ///< chain masses (eV ps²)
    double kT = 0;                      ///< eV, target of the chain at the last update
    double p_target = 0;                ///< eV/Å³ at the last update
    double volume = 0, volume0 = 0;     ///< Å³, now and at init
    double mtk2 = 0;                    ///< Σ ω̇ / (3N), 1/ps
    double chain_dof = 1;               ///< degrees of freedom thermostatted by the chain
    Eigen::Vector3d fixed_point = Eigen::Vector3d::Zero();  ///< Å, centre of the initial cell

    /// Barostat energy (eV): Σ ½ W ω̇² + P (V − V0) + chain energy.
    double energy() const {
      double e = p_target * (volume - volume0);
      for (int k = 0; k < 6; ++k) e += 0.5 * W[k] * omega_dot[k] * omega_dot[k];
      for (std::size_t j = 0; j < eta.size(); ++j)
        e += 0.5 * Q * eta_dot[j] * eta_dot[j] + (j == 0 ? chain_dof : 1.0) * kT * eta[j];
      return e;
    }
    template <class A> void serialize(A& a) {
      a(omega_dot, W, eta, eta_dot, Q, kT, p_target, volume, volume0, mtk2, chain_dof, fixed_point);
    }
  };

  /// pressure_GPa: target hydrostatic pressure (GPa, schedule over time in ps);
  /// tau_ps: barostat period τ_P (ps, > 0; LAMMPS's Pdamp; ~1000 time steps is typical);
  /// temperature_K: the temperature the barostat masses and chain refer to (K, > 0; the
  /// thermostat's target — npt() passes the same schedule to both); chain_length ≥ 0 (0: no
  /// chain on the barostat, LAMMPS's pchain 0); mass_temperature_K: the T_0 of the masses
  /// (K; 0 = the target at init, as LAMMPS). A run at 1 K whose masses refer to 1 K has a cell
  /// period far below τ_P (the cell is ~40× lighter than at 1500 K); quench protocols keep the
  /// masses of the melt instead (LAMMPS equivalent: Pdamp × sqrt(T_mass / T_start)).
  mtk_barostat(schedule pressure_GPa, double tau_ps, coupling c, schedule temperature_K,
               int chain_length = 3, double mass_temperature_K = 0)
      : P_(std::move(pressure_GPa)), T_(std::move(temperature_K)), tau_(tau_ps), c_(c),
        M_(chain_length), T_mass_(mass_temperature_K) {
    if (!(mass_temperature_K >= 0) || !std::isfinite(mass_temperature_K))
      throw error("mtk_barostat: mass temperature must be >= 0 K (0: the target at init), got " +
                  std::to_string(mass_temperature_K));
    if (!(tau_ps > 0) || !std::isfinite(tau_ps))
      throw error("mtk_barostat: barostat period tau must be positive and finite (ps), got " +
                  std::to_string(tau_ps));
    if (!(T_.min_value() > 0))
      throw error("mtk_barostat: temperature must be > 0 K at all times, got " +
                  std::to_string(T_.min_value()) + " K");
    if (chain_length < 0)
      throw error("mtk_barostat: chain length must be >= 0, got " + std::to_string(chain_length));
  }

  const schedule& pressure() const { return P_; }     ///< GPa
  const schedule& temperature() const { return T_; }  ///< K
  double tau() const { return tau_; }                 ///< ps
  coupling mode() const { return c_; }

  state_type init(const system& s, double t_ps) const {
    state_type st;
    const double kT0 = units::kB_eV_per_K * (T_mass_ > 0 ? T_mass_ : T_(t_ps));
    const double w = (double(s.size()) + 1.0) * kT0 * tau_ * tau_;
    for (int k = 0; k < driven(); ++k) st.W[k] = w;
    st.eta.assign(M_, 0.0);
    st.eta_dot.assign(M_, 0.0);
    st.Q = kT0 * tau_ * tau_;
    st.chain_dof = c_ == coupling::isotropic ? 1.0 : double(driven());
    st.kT = kT0;
    st.p_target = P_(t_ps) / units::eV_per_A3_to_GPa;
    st.volume = st.volume0 = s.box.volume();
    st.fixed_point = 0.5 * (s.box.lo() + s.box.hi());
    return st;
  }

  /// First half step at time t (ps) over h = dt/2 (ps): chain, cell velocities, particle
  /// velocities. `e` is the evaluation at the current positions (needs the virial).
  void begin(state_type& st, system& s, const evaluation& e, double t_ps, double h) const {
    set_targets(st, t_ps);
    integrate_chain(st, h);
    kick_cell(st, s, e, h);
    scale_velocities(st, s, h);
  }

  /// Positions and cell over dt (ps): cell by dt/2, x += dt v, cell by dt/2.
  void drift(state_type& st, system& s, double dt) const {
    remap(st, s, 0.5 * dt);
    s.positions += dt * *s.velocities;
    remap(st, s, 0.5 * dt);
    st.volume = s.box.volume();
  }

  /// Second half step at time t (ps): particle velocities, cell velocities, chain.
  void end(state_type& st, system& s, const evaluation& e, double t_ps, double h) const {
    set_targets(st, t_ps);
    scale_velocities(st, s, h);
    kick_cell(st, s, e, h);
    integrate_chain(st, h);
  }

private:
  int driven() const { return c_ == coupling::triclinic ? 6 : 3; }

  void set_targets(state_type& st, double t_ps) const {
    st.kT = units::kB_eV_per_K * T_(t_ps);
    st.p_target = P_(t_ps) / units::eV_per_A3_to_GPa;
  }

  /// ω̇ += h · force (1/ps²); then mtk2 for the velocity scaling.
  void kick_cell(state_type& st, const system& s, const evaluation& e, double h) const {
    const Eigen::Matrix3d P = detail::pressure_tensor(s, e);
    if (!P.allFinite())
      throw error("mtk_barostat: non-finite pressure (simulation unstable: atoms overlap or time step too large?)");
    const double V = s.box.volume(), N = double(s.size());
    const double mvv = P.trace() * V - e.virial.trace();  // Σ m v², eV
    const double mtk1 = mvv / (3.0 * N);
    std::array<double, 6> p{P(0, 0), P(1, 1), P(2, 2), P(1, 2), P(0, 2), P(0, 1)};
    if (c_ == coupling::isotropic) p[0] = p[1] = p[2] = P.trace() / 3.0;
    for (int k = 0; k < 3; ++k) st.omega_dot[k] += h * ((p[k] - st.p_target) * V + mtk1) / st.W[k];
    st.mtk2 = (st.omega_dot[0] + st.omega_dot[1] + st.omega_dot[2]) / (3.0 * N);
    if (c_ == coupling::triclinic)
      for (int k = 3; k < 6; ++k) st.omega_dot[k] += h * p[k] * V / st.W[k];
  }

  /// v ← exp(−(ω̇ + mtk2) h/2) · [shear] · exp(−(ω̇ + mtk2) h/2) v, per component.
  void scale_velocities(const state_type& st, system& s, double h) const {
    const auto& w = st.omega_dot;
    const Eigen::Array3d f{std::exp(-0.5 * h * (w[0] + st.mtk2)), std::exp(-0.5 * h * (w[1] + st.mtk2)),
                           std::exp(-0.5 * h * (w[2] + st.mtk2))};
    auto& v = *s.velocities;
    const bool tri = c_ == coupling::triclinic;
    for (Eigen::Index i = 0; i < v.cols(); ++i) {
      Eigen::Array3d u = v.col(i).array() * f;
      if (tri) {
        u[0] -= h * (u[1] * w[5] + u[2] * w[4]);
        u[1] -= h * u[2] * w[3];
      }
      v.col(i) = (u * f).matrix();
    }
  }

  /// Barostat chain over h (ps), one Trotter sweep (LAMMPS ploop 1): thermostats the cell
  /// kinetic energy Σ W ω̇² towards chain_dof · kT.
  void integrate_chain(state_type& st, double h) const {
    if (M_ == 0) return;
    auto& vx = st.eta_dot;
    const double Q = st.Q, kT = st.kT, target = st.chain_dof * kT;
    auto cell_ke2 = [&] {
      double k = 0;
      for (int j = 0; j < 6; ++j) k += st.W[j] * st.omega_dot[j] * st.omega_dot[j];
      return k;
    };
    double K2 = cell_ke2();
    auto G = [&](int j) { return j == 0 ? (K2 - target) / Q : (Q * vx[j - 1] * vx[j - 1] - kT) / Q; };
    const int M = M_;
    vx[M - 1] += 0.5 * h * G(M - 1);
    for (int j = M - 2; j >= 0; --j) {
      const double ex = std::exp(-0.25 * h * vx[j + 1]);
      vx[j] = (vx[j] * ex + 0.5 * h * G(j)) * ex;
    }
    for (int j = 0; j < M; ++j) st.eta[j] += h * vx[j];
    const double f = std::exp(-h * vx[0]);
    for (double& w : st.omega_dot) w *= f;
    K2 = cell_ke2();
    for (int j = 0; j < M - 1; ++j) {
      const double ex = std::exp(-0.25 * h * vx[j + 1]);
      vx[j] = (vx[j] * ex + 0.5 * h * G(j)) * ex;
    }
    vx[M - 1] += 0.5 * h * G(M - 1);
  }

  /// Cell (and positions with it) over `d` ps following ḣ = ω̇ h, LAMMPS's symmetric order.
  void remap(state_type& st, system& s, double d) const {
    const periodic_box old = s.box;
    const auto& w = st.omega_dot;
    const Eigen::Vector3d len = old.h().diagonal();  // lengths before this remap (LAMMPS uses
    double yz = old.yz(), xz = old.xz(), xy = old.xy();  // them in both tilt half-updates)
    auto tilts = [&] {
      if (c_ != coupling::triclinic) return;
      auto upd = [](double& t, double ex, double add) { t = (t * ex + add) * ex; };
      upd(xz, std::exp(d / 8 * w[0]), d / 4 * (w[5] * yz + w[4] * len[2]));
      upd(yz, std::exp(d / 4 * w[1]), d / 2 * (w[3] * len[2]));
      upd(xy, std::exp(d / 4 * w[0]), d / 2 * (w[5] * len[1]));
      upd(xz, std::exp(d / 8 * w[0]), d / 4 * (w[5] * yz + w[4] * len[2]));
    };
    tilts();
    Eigen::Vector3d lo = old.lo(), hi = old.hi();
    for (int k = 0; k < 3; ++k) {
      const double ex = std::exp(d * w[k]);
      lo[k] = (lo[k] - st.fixed_point[k]) * ex + st.fixed_point[k];
      hi[k] = (hi[k] - st.fixed_point[k]) * ex + st.fixed_point[k];
      if (c_ != coupling::triclinic) {  // LAMMPS scalexy/xz/yz: tilts follow the lengths
        if (k == 1) xy *= ex;
        if (k == 2) xz *= ex, yz *= ex;
      }
    }
    tilts();
    if (!lo.allFinite() || !hi.allFinite() || !std::isfinite(xy) || !std::isfinite(xz) || !std::isfinite(yz))
      throw error("mtk_barostat: non-finite cell (the system exploded: overlapping atoms, or a time step too "
                  "large for the forces)");
    const Eigen::Vector3d L = hi - lo;
    if (std::abs(yz) > 1.5 * L[1] || std::abs(xz) > 1.5 * L[0] || std::abs(xy) > 1.5 * L[0])
      throw error("mtk_barostat: the cell tilted by more than 1.5 cell lengths in one step "
                  "(the cell is far from equilibrium; lower the time step or raise tau_P)");
    s.box = periodic_box(lo, hi, xy, xz, yz);
    // x' = lo' + h' h⁻¹ (x − lo): fractional coordinates are kept.
    const Eigen::Matrix3d A = s.box.h() * old.h_inverse();
    const Eigen::Vector3d b = s.box.lo() - A * old.lo();
    s.positions = (A * s.positions).colwise() + b;
  }

  schedule P_, T_;
  double tau_;
  coupling c_;
  int M_;
  double T_mass_;
};
static_assert(barostat<mtk_barostat>);

/// NPT as LAMMPS `fix npt temp T T τ_T {iso|aniso|tri} P P τ_P` does it: a Nosé–Hoover chain of
/// 3 on the particles (one Trotter sweep, LAMMPS tchain 3 / tloop 1) and the MTK barostat with
/// its chain of 3. T_K: target temperature (K, schedule), P_GPa: target pressure (GPa,
/// schedule), tau_T_ps / tau_P_ps: damping times (ps; LAMMPS Tdamp / Pdamp).
///   auto md = npt(0.002, cooling_schedule(1500, 1, 1e12), 10.0, 0.1, 1.0);
/// mass_temperature_K: see mtk_barostat (0: the target temperature at init).
inline velocity_verlet<nose_hoover_chain, mtk_barostat> npt(double dt_ps, const schedule& T_K,
                                                             const schedule& P_GPa, double tau_T_ps,
                                                             double tau_P_ps,
                                                             coupling c = coupling::isotropic,
                                                             double mass_temperature_K = 0) {
  return velocity_verlet(dt_ps, nose_hoover_chain(T_K, tau_T_ps, 3, 1, 1),
                         mtk_barostat(P_GPa, tau_P_ps, c, T_K, 3, mass_temperature_K));
}

}  // namespace pelkit
