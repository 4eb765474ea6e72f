// NVT: Nosé–Hoover chain, Bussi stochastic rescaling and Langevin thermostats sample the
// canonical kinetic-energy distribution (mean and variance of the instantaneous temperature),
// keep their conserved quantities, follow schedules, and reject bad parameters.
#include <pelkit/dynamics/bussi.hpp>
#include <pelkit/dynamics/langevin.hpp>
#include <pelkit/dynamics/nose_hoover_chain.hpp>
#include <pelkit/dynamics/velocity_verlet.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/lennard_jones.hpp>

#include <limits>

#include "../potential/conformance.hpp"
#include "../support.hpp"

using namespace pelkit;

static_assert(integrator<velocity_verlet<>, calculator<lennard_jones>>);
static_assert(integrator<velocity_verlet<nose_hoover_chain>, calculator<lennard_jones>>);
static_assert(integrator<velocity_verlet<bussi>, calculator<lennard_jones>>);
static_assert(integrator<velocity_verlet<langevin>, calculator<lennard_jones>>);

namespace {

/// Solid argon: 256 atoms fcc, LJ ε = 0.0104 eV, σ = 3.40 Å, cutoff 8.5 Å. Time step 10 fs
/// (0.0046 in LJ time units σ sqrt(m/ε) = 2.15 ps).
pelkit::system argon(double T_K, std::uint64_t seed) {
  auto s = testing::perturbed_fcc(4, 4, 4, 5.30, 0.02, 5, {"Ar"}, {39.948});
  initialize_velocities(s, T_K, seed);
  return s;
}
auto argon_calc() { return calculator(make_lennard_jones("Ar", 0.0104, 3.40, 8.5)); }

struct sample_stats {
  double mean, sd, err;  ///< K; err = standard error of the mean from 10 blocks
  double H_drift;        ///< conserved quantity, last − first over the sampling, eV
};

template <class Th>
sample_stats sample(Th th, double T0, double dof_per_atom_offset, long equil, long n, double dt = 0.01) {
  auto calc = argon_calc();
  auto md = velocity_verlet(dt, std::move(th));
  auto st = md.init(argon(T0, 99), calc);
  md.run(st, calc, equil);
  const double dof = 3.0 * st.system.size() - dof_per_atom_offset;
  const double H0 = conserved_energy(st);
  std::vector<double> T;
  for (long k = 0; k < n; ++k) {
    md.step(st, calc);
    T.push_back(temperature(st.system, dof));
  }
  double m = 0, m2 = 0;
  for (double x : T) m += x;
  m /= T.size();
  for (double x : T) m2 += (x - m) * (x - m);
  const int nb = 10;
  const std::size_t bl = T.size() / nb;
  double bm2 = 0;
  for (int b = 0; b < nb; ++b) {
    double bm = 0;
    for (std::size_t k = b * bl; k < (b + 1) * bl; ++k) bm += T[k];
    bm /= bl;
    bm2 += (bm - m) * (bm - m);
  }
  return {m, std::sqrt(m2 / T.size()), std::sqrt(bm2 / (nb - 1) / nb), conserved_energy(st) - H0};
}

void check_canonical(const sample_stats& s, double T0, double dof, const std::string& name) {
  const double sd_canonical = T0 * std::sqrt(2.0 / dof);  // Var(K) = N_f (k T)² / 2
  MESSAGE(name << ": <T> = " << s.mean << " ± " << s.err << " K (target " << T0 << "), sd(T) = " << s.sd
          << " K (canonical " << sd_canonical << "), conserved-quantity change " << s.H_drift
          << " eV over the sampling");
  CHECK(std::abs(s.mean - T0) < std::max(4 * s.err, 0.005 * T0));
  CHECK(std::abs(s.mean - T0) < 0.03 * T0);
  CHECK(s.sd / sd_canonical > 0.85);
  CHECK(s.sd / sd_canonical < 1.15);
}

}  // namespace

TEST_CASE("Nose-Hoover chain samples the canonical kinetic energy and keeps its conserved quantity") {
  const double T0 = 40.0;
  const auto s = sample(nose_hoover_chain(T0, 0.1), T0, 3, 200, 3000);
  check_canonical(s, T0, 3 * 256 - 3, "NHC(M=3, tau=0.1 ps)");
  const double NkT = 256 * units::kB_eV_per_K * T0;
  CHECK(std::abs(s.H_drift) < 1e-3 * NkT);
}

TEST_CASE("Bussi stochastic rescaling samples the canonical kinetic energy and keeps its effective energy") {
  const double T0 = 40.0;
  const auto s = sample(bussi(T0, 0.1, 17), T0, 3, 200, 3000);
  check_canonical(s, T0, 3 * 256 - 3, "Bussi(tau=0.1 ps)");
  const double NkT = 256 * units::kB_eV_per_K * T0;
  CHECK(std::abs(s.H_drift) < 1e-3 * NkT);
}

TEST_CASE("Langevin (OBABO) samples the canonical kinetic energy with 3N degrees of freedom") {
  const double T0 = 40.0;
  const auto s = sample(langevin(T0, 0.2, 23), T0, 0, 200, 3000);
  check_canonical(s, T0, 3 * 256, "Langevin(tau=0.2 ps)");
  const double NkT = 256 * units::kB_eV_per_K * T0;
  CHECK(std::abs(s.H_drift) < 1e-2 * NkT);
}

TEST_CASE("stochastic thermostats are reproducible from the seed") {
  auto calc = argon_calc();
  auto run = [&](auto th) {
    auto md = velocity_verlet(0.005, th);
    auto st = md.init(argon(40, 3), calc);
    md.run(st, calc, 50);
    return st.system.positions;
  };
  CHECK((run(bussi(40.0, 0.1, 5)) - run(bussi(40.0, 0.1, 5))).cwiseAbs().maxCoeff() == 0.0);
  CHECK((run(bussi(40.0, 0.1, 5)) - run(bussi(40.0, 0.1, 6))).cwiseAbs().maxCoeff() > 0.0);
  CHECK((run(langevin(40.0, 0.1, 5)) - run(langevin(40.0, 0.1, 5))).cwiseAbs().maxCoeff() == 0.0);
}

TEST_CASE("thermostats follow a temperature schedule") {
  auto calc = argon_calc();
  const schedule ramp = schedule::linear(0.0, 60.0, 2.0, 20.0);  // 60 K → 20 K over 2 ps
  auto check_end = [&](auto th, double dof_offset, const std::string& name) {
    auto md = velocity_verlet(0.01, th);
    auto st = md.init(argon(60, 8), calc);
    md.run(st, calc, 200);  // ramp (2 ps)
    CHECK(st.time == 2.0);
    CHECK(md.thermostat().temperature()(st.time) == 20.0);
    double Tm = 0;
    const int n = 150;  // 1.5 ps at the final temperature
    for (int k = 0; k < n; ++k) {
      md.step(st, calc);
      Tm += temperature(st.system, 3.0 * 256 - dof_offset) / n;
    }
    MESSAGE(name << ": mean T over 1.5 ps after a 60 K -> 20 K ramp: " << Tm << " K");
    CHECK(Tm == doctest::Approx(20.0).epsilon(0.1));
  };
  check_end(nose_hoover_chain(ramp, 0.1), 3, "NHC");
  check_end(bussi(ramp, 0.1, 1), 3, "Bussi");
  check_end(langevin(ramp, 0.1, 1), 0, "Langevin");
}

TEST_CASE("thermostats reject bad parameters") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK_ERROR(nose_hoover_chain(300.0, 0.0), "nose_hoover_chain", "tau", "positive");
  CHECK_ERROR(nose_hoover_chain(300.0, -1.0), "tau");
  CHECK_ERROR(nose_hoover_chain(300.0, nan), "tau");
  CHECK_ERROR(nose_hoover_chain(0.0, 0.1), "temperature", "> 0");
  CHECK_ERROR(nose_hoover_chain(-5.0, 0.1), "temperature");
  CHECK_ERROR(nose_hoover_chain(schedule::linear(0, 300, 10, -1), 0.1), "temperature");
  CHECK_ERROR(nose_hoover_chain(300.0, 0.1, 0), "chain length");
  CHECK_ERROR(nose_hoover_chain(300.0, 0.1, 3, 4), "Suzuki-Yoshida");
  CHECK_ERROR(nose_hoover_chain(300.0, 0.1, 3, 3, 0), "substeps");
  CHECK_ERROR(bussi(-1.0, 0.1), "bussi", "temperature");
  CHECK_ERROR(bussi(300.0, 0.0), "bussi", "tau");
  CHECK_ERROR(bussi(300.0, std::numeric_limits<double>::infinity()), "tau");
  CHECK_ERROR(langevin(-1.0, 0.1), "langevin", "temperature");
  CHECK_ERROR(langevin(300.0, -0.1), "langevin", "tau");
  CHECK_ERROR(schedule(nan), "not finite");
  CHECK_ERROR(velocity_verlet(-0.002, bussi(300.0, 0.1)), "time step");
}
