// pelkit/potential/eam.hpp — embedded-atom method (Daw & Baskes, PRB 29, 6443 (1984)) and its
// Finnis–Sinclair generalisation (Phil. Mag. A 50, 45 (1984)):
//
//   E = Σ_i F_{a_i}(ρ_i) + ½ Σ_{i≠j} φ_{a_i a_j}(r_ij),   ρ_i = Σ_{j≠i} ρ_{a_j → a_i}(r_ij)
//
// Energies in eV, distances in Å. The tabulated functions are evaluated with LAMMPS's
// 7-coefficient cubic splines (see eam_tables.hpp), so results match LAMMPS pair_style eam,
// eam/alloy and eam/fs to rounding.
//
// Evaluation is two passes over a half neighbour list. Pass 1 accumulates densities and, for
// each pair inside the cutoff, stores the three radial derivatives it will need; pass 2 applies
// the embedding derivatives F'(ρ) to those stored values. Each table lookup and square root
// is thus done once per pair (LAMMPS does them twice). Both passes run on all OpenMP threads
// with per-thread accumulators, so results differ between thread counts only by rounding.
#pragma once
#include <pelkit/core/parallel.hpp>
#include <pelkit/hessian/terms.hpp>
#include <pelkit/neighbor/verlet_list.hpp>
#include <pelkit/potential/concepts.hpp>
#include <pelkit/potential/eam_file.hpp>
#include <pelkit/potential/eam_tables.hpp>
#include <pelkit/potential/evaluation.hpp>

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <new>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace pelkit {

class eam {
  /// Four doubles operated on element by element: x, y, z and a zero pad for positions and
  /// forces, or four functions' coefficients in the spline records. With AVX, one vector
  /// register (GCC/Clang vector extension); without, a plain struct (the compiler's lowering
  /// of 32-byte vectors to SSE2 is slow).
#if defined(__AVX__)
  using lanes = double __attribute__((vector_size(32)));
#else
  struct lanes {
    double v[4];
    double operator[](int k) const { return v[k]; }
    double& operator[](int k) { return v[k]; }
    friend lanes operator+(lanes a, const lanes& b) { return a += b; }
    friend lanes operator-(lanes a, const lanes& b) { return a -= b; }
    friend lanes operator*(lanes a, const lanes& b) {
      for (int k = 0; k < 4; ++k) a.v[k] *= b.v[k];
      return a;
    }
    friend lanes operator*(double s, lanes a) {
      for (int k = 0; k < 4; ++k) a.v[k] = s * a.v[k];
      return a;
    }
    lanes& operator+=(const lanes& b) {
      for (int k = 0; k < 4; ++k) v[k] += b.v[k];
      return *this;
    }
    lanes& operator-=(const lanes& b) {
      for (int k = 0; k < 4; ++k) v[k] -= b.v[k];
      return *this;
    }
  };
#endif
  /// Allocates on 64-byte boundaries, so records can be aligned to cache lines.
  template <class T>
  struct line_aligned {
    using value_type = T;
    line_aligned() = default;
    template <class U>
    line_aligned(const line_aligned<U>&) {}
    T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(64))); }
    void deallocate(T* p, std::size_t) { ::operator delete(p, std::align_val_t(64)); }
    bool operator==(const line_aligned&) const { return true; }
  };


public:
  /// Scratch space reused between evaluations (per-thread accumulators and the pair cache).
  struct workspace {
    struct pair_term {
      int j, shift;
      double dfi, dfj, dphi;  // ρ'_{j→i}/r, ρ'_{i→j}/r, φ'/r  (per Å², eV/Å²)
    };
    std::vector<double> rho, fp;                   // per atom: ρ_i, F'(ρ_i) (eV)
    std::vector<std::vector<double>> rho_thread;   // per thread: partial ρ
    std::vector<std::vector<double>> energy_thread;  // per thread: partial per-atom energy
    using lane_vector = std::vector<lanes, line_aligned<lanes>>;
    lane_vector x, shift;                          // positions, image shifts (Å), padded
    std::vector<lane_vector> force_thread;         // per thread: partial forces (eV/Å)
    std::vector<std::vector<pair_term>> pairs;     // per thread: pairs inside the cutoff
    std::vector<std::vector<int>> pair_start;      // per thread: CSR offsets into `pairs`
    std::vector<double> energy;                    // per thread: partial energy
    std::vector<Eigen::Matrix3d> virial;           // per thread: partial virial

    void resize(int threads, Eigen::Index n) {
      rho.resize(n), fp.resize(n);
      rho_thread.resize(threads), energy_thread.resize(threads), force_thread.resize(threads);
      pairs.resize(threads), pair_start.resize(threads);
      energy.assign(threads, 0.0), virial.assign(threads, Eigen::Matrix3d::Zero());
    }
  };

  explicit eam(eam_tables tables) : t_(std::move(tables)) { pack(); }
  /// Reads a funcfl (.eam), setfl (.eam.alloy) or Finnis–Sinclair (.eam.fs) file.
  static eam from_file(const std::string& path) { return eam(read_eam(path)); }

  double cutoff() const { return t_.cutoff; }
  list_kind neighbor_kind() const { return list_kind::half; }
  std::vector<std::string> elements() const { return t_.elements; }
  std::vector<double> masses() const { return t_.masses; }
  const eam_tables& tables() const { return t_; }

  void compute(const atoms_view& atoms, const verlet_list& list, const request& req,
               workspace& ws, evaluation& out) const;

  /// Radial first and second derivatives of every pair inside the cutoff and the embedding
  /// curvature F''(ρ_i) of every atom, for the analytic Hessian (pelkit/hessian/terms.hpp).
  /// The second derivatives are the exact derivatives of the splines' derivative polynomials
  /// (eam_spline::second_derivative), so the Hessian is the derivative of `compute`'s forces.
  /// Serial, two passes over the half list.
  void second_derivatives(const atoms_view& atoms, const verlet_list& list,
                          second_derivative_terms& out) const;

  /// What one pair contributes, as `compute` evaluates it (same lookups, same arithmetic):
  /// densities (file density units), pair energy φ (eV), and their radial derivatives divided
  /// by r (per Å², eV/Å²). For atoms i of element a and j of element b with d = r_j − r_i the
  /// force on i is (F'(ρ_i)·drho_at_a + F'(ρ_j)·drho_at_b + dphi)·d.
  struct pair_values {
    double rho_at_a, rho_at_b, phi;     ///< ρ_{b→a}(r), ρ_{a→b}(r), φ_ab(r)
    double drho_at_a, drho_at_b, dphi;  ///< ρ'_{b→a}/r, ρ'_{a→b}/r, φ'/r
  };
  /// Pair terms between elements a and b at distance r (Å, 0 < r < cutoff). Used by
  /// pelkit::local_calculator; `compute` does not call it.
  pair_values pair_at(int a, int b, double r) const {
    const double pr = r * rdr_ + 1.0;
    const int m = std::min(static_cast<int>(pr), t_.nr - 1);
    const double p = std::min(pr - m, 1.0);
    const lanes* k = knot(a * t_.element_count() + b, m);
    const cubic ra = cubic_at(k, 0), rb = cubic_at(k, 1), z = cubic_at(k, 2);
    const double recip = 1.0 / r, g = rdr_ * recip;
    const double phi = z.value(p) * recip;
    return {ra.value(p), rb.value(p), phi, ra.slope(p) * g, rb.slope(p) * g,
            (z.slope(p) * g - phi * recip) * recip};
  }
  /// Speed hint: starts loading the table row that pair_at(a, b, r) will read.
  void prefetch_pair(int a, int b, double r) const {
    const int m = std::min(static_cast<int>(r * rdr_ + 1.0), t_.nr - 1);
    prefetch_knot(knot(a * t_.element_count() + b, m));
  }
  /// Embedding energy F_a(ρ) (eV) and slope F'_a(ρ) (eV per density unit) of element a, with
  /// `compute`'s linear continuation beyond rhomax.
  std::pair<double, double> embedding_at(int a, double rho) const {
    const auto& F = t_.embedding[a];
    const eam_spline_point at = eam_spline::locate_rho(rho, rdrho_, t_.nrho);
    const double fp = F.derivative(at);
    double f = F.value(at);
    if (rho > t_.rhomax) f += fp * (rho - t_.rhomax);
    return {f, fp};
  }

private:
  // Table layout: per ordered species pair (a, b) and knot m, one 128-byte record (aligned to
  // cache lines) of the segment cubics' coefficients c3, c4, c5, c6 (LAMMPS's names), each as
  // four lanes [ρ_{b→a}, ρ_{a→b}, r·φ_ab, 0], so that one pass of vector arithmetic evaluates
  // all three functions and their slopes. Lane by lane the arithmetic is the scalar one, so
  // results are the same to the bit. Derivatives come from the same coefficients,
  // (3c3 p + 2c4) p + c5 per grid step, which equals LAMMPS's separately stored derivative
  // polynomial up to rounding.
  struct cubic {
    double c3, c4, c5, c6;
    double value(double p) const { return ((c3 * p + c4) * p + c5) * p + c6; }
    double slope(double p) const { return (3 * c3 * p + 2 * c4) * p + c5; }  // per grid step
  };
  /// Lane `f` (0: ρ_{b→a}, 1: ρ_{a→b}, 2: r·φ_ab) of the record at k.
  static cubic cubic_at(const lanes* k, int f) { return {k[0][f], k[1][f], k[2][f], k[3][f]}; }
  /// The record of knot m of ordered pair `pair` (a·ne + b).
  const lanes* knot(int pair, int m) const {
    return table_.data() + (std::size_t(pair) * (t_.nr + 1) + std::size_t(m)) * 4;
  }
  static void prefetch_knot(const lanes* k) {
    __builtin_prefetch(k);
    __builtin_prefetch(k + 2);
  }
  void pack() {
    const int ne = t_.element_count(), nr = t_.nr;
    table_.assign(std::size_t(ne) * ne * (nr + 1) * 4, lanes{});
    for (int a = 0; a < ne; ++a)
      for (int b = 0; b < ne; ++b) {
        const eam_spline* f[3] = {&t_.density[b * ne + a], &t_.density[a * ne + b], &t_.pair[a * ne + b]};
        for (int m = 1; m <= nr; ++m) {
          lanes* k = table_.data() + (std::size_t(a * ne + b) * (nr + 1) + std::size_t(m)) * 4;
          for (int l = 0; l < 3; ++l)
            for (int c = 0; c < 4; ++c) k[c][l] = f[l]->coeff[m][3 + c];
        }
      }
    rdr_ = 1.0 / t_.dr;
    rdrho_ = 1.0 / t_.drho;
    cutsq_ = t_.cutoff * t_.cutoff;
  }

  eam_tables t_;
  std::vector<lanes, line_aligned<lanes>> table_;  // see knot()
  double rdr_ = 0, rdrho_ = 0, cutsq_ = 0;
};

inline void eam::compute(const atoms_view& atoms, const verlet_list& list, const request& req,
                         workspace& ws, evaluation& out) const {
  const Eigen::Matrix3Xd& x = atoms.positions;
  const auto species = atoms.species;
  const auto n = x.cols();
  const int ne = t_.element_count();
  out.reset(n, req);
  const int threads = thread_count(n);
  ws.resize(threads, n);
  const auto shift = list.cartesian_shifts(atoms.box);
  const bool per_atom = req.per_atom_energy, need_pass2 = req.forces || req.virial;
  const double* xp = x.data();
  ws.x.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) ws.x[i] = lanes{xp[3 * i], xp[3 * i + 1], xp[3 * i + 2], 0.0};
  ws.shift.resize(shift.size());
  for (std::size_t k = 0; k < shift.size(); ++k) ws.shift[k] = lanes{shift[k][0], shift[k][1], shift[k][2], 0.0};
  const lanes* X = ws.x.data();
  const lanes* S = ws.shift.data();

#pragma omp parallel num_threads(threads)
  {
    const int t = thread_index();
    const auto [first, last] = list.balanced_range(t, threads);  // pair loops
    const Eigen::Index own_first = n * t / threads, own_last = n * (t + 1) / threads;
    auto& rho = ws.rho_thread[t];
    auto& eatom = ws.energy_thread[t];
    auto& pairs = ws.pairs[t];
    auto& start = ws.pair_start[t];
    rho.assign(n, 0.0);
    if (per_atom) eatom.assign(n, 0.0);
    start.resize(last - first + 1);

    // Pass 1: densities, pair energies, and the radial derivatives of every pair in range.
    // For each atom, first compact the neighbours inside the cutoff without branching (the
    // cutoff test is unpredictable), then evaluate the tables on them in a branch-free loop
    // whose table loads can overlap.
    std::size_t count = 0;
    const std::size_t bound = std::size_t(list.offsets()[last] - list.offsets()[first]);
    if (pairs.size() < bound) pairs.resize(bound);  // grows only; entries are overwritten
    double energy = 0;
    for (Eigen::Index i = first; i < last; ++i) {
      start[i - first] = int(count);
      const lanes xi = X[i];
      const std::size_t begin = count;
      for (const neighbor nb : list[i]) {
        const int j = nb.j;
        const lanes d = X[j] + S[nb.shift] - xi, dd = d * d;
        const double rsq = dd[0] + dd[1] + dd[2];
        pairs[count] = {j, nb.shift, rsq, 0, 0};
        count += rsq < cutsq_;
      }
      // Locate every pair's table row and prefetch it, so the (mostly cache-missing) row
      // loads of all pairs of atom i are in flight together.
      const int pairs_a = species[i] * ne;
      for (std::size_t q = begin; q < count; ++q) {
        auto& pt = pairs[q];
        const double r = std::sqrt(pt.dfi);
        const double p = r * rdr_ + 1.0;
        const int m = std::min(static_cast<int>(p), t_.nr - 1);
        prefetch_knot(knot(pairs_a + species[pt.j], m));
        pt.dfi = r;  // scratch until the loop below: r, offset in the segment, segment
        pt.dfj = std::min(p - m, 1.0);
        pt.dphi = m;
      }
      double rho_i = 0, phi_i = 0;
      for (std::size_t q = begin; q < count; ++q) {
        auto& pt = pairs[q];
        const int j = pt.j, m = static_cast<int>(pt.dphi);
        const double r = pt.dfi, p = pt.dfj;
        const lanes* k = knot(pairs_a + species[j], m);
        const lanes P = {p, p, p, p};
        const lanes value = ((k[0] * P + k[1]) * P + k[2]) * P + k[3];  // cubic::value
        const lanes slope = (3.0 * k[0] * P + 2.0 * k[1]) * P + k[2];   // cubic::slope
        const double recip = 1.0 / r, g = rdr_ * recip;  // g: per grid step → per Å, over r
        rho_i += value[0];
        rho[j] += value[1];
        const double phi = value[2] * recip;
        phi_i += phi;
        if (per_atom) eatom[j] += 0.5 * phi;
        pt.dfi = slope[0] * g;
        pt.dfj = slope[1] * g;
        pt.dphi = (slope[2] * g - phi * recip) * recip;
      }
      rho[i] += rho_i;
      energy += phi_i;
      if (per_atom) eatom[i] += 0.5 * phi_i;
    }
    start[last - first] = int(count);
#pragma omp barrier

    // Embedding: each thread finishes ρ_i and F'(ρ_i) for its own atoms.
    for (Eigen::Index i = own_first; i < own_last; ++i) {
      double rho_i = 0;
      for (int u = 0; u < threads; ++u) rho_i += ws.rho_thread[u][i];
      ws.rho[i] = rho_i;
      const auto& F = t_.embedding[species[i]];
      const eam_spline_point at = eam_spline::locate_rho(rho_i, rdrho_, t_.nrho);
      const double fp = F.derivative(at);
      ws.fp[i] = fp;
      double f = F.value(at);
      if (rho_i > t_.rhomax) f += fp * (rho_i - t_.rhomax);  // linear beyond the table
      energy += f;
      if (per_atom) eatom[i] += f;
    }
    ws.energy[t] = energy;
#pragma omp barrier

    // Pass 2: forces and virial from the stored derivatives.
    if (need_pass2) {
      auto& f = ws.force_thread[t];
      f.assign(n, lanes{});
      const double* fp = ws.fp.data();
      lanes vd{}, vo{};  // virial terms: (xx, yy, zz, 0) and (xy, yz, xz, 0)
      for (Eigen::Index i = first; i < last; ++i) {
        const lanes xi = X[i];
        const double fpi = fp[i];
        lanes fi{};
        for (int q = start[i - first]; q < start[i - first + 1]; ++q) {
          const auto& pt = pairs[q];
          const int j = pt.j;
          const lanes d = X[j] + S[pt.shift] - xi;
          // g = (dE/dr)/r; the force on i is g·d with d = r_j − r_i.
          const double g = fpi * pt.dfi + fp[j] * pt.dfj + pt.dphi;
          const lanes gd = g * d;
          fi += gd;
          f[j] -= gd;
          vd -= gd * d;
          vo -= lanes{gd[0], gd[1], gd[0], 0.0} * lanes{d[1], d[2], d[2], 0.0};
        }
        f[i] += fi;
      }
      const double vxx = vd[0], vyy = vd[1], vzz = vd[2], vxy = vo[0], vyz = vo[1], vxz = vo[2];
      ws.virial[t] << vxx, vxy, vxz, vxy, vyy, vyz, vxz, vyz, vzz;
#pragma omp barrier
      if (req.forces)
        for (Eigen::Index i = own_first; i < own_last; ++i) {
          lanes sum{};
          for (int u = 0; u < threads; ++u) sum += ws.force_thread[u][i];
          out.forces.col(i) << sum[0], sum[1], sum[2];
        }
    }
    if (per_atom) {
#pragma omp barrier
      for (Eigen::Index i = own_first; i < own_last; ++i) {
        double e = 0;
        for (int u = 0; u < threads; ++u) e += ws.energy_thread[u][i];
        out.energy_per_atom[i] = e;
      }
    }
  }
  for (int u = 0; u < threads; ++u) {
    out.energy += ws.energy[u];
    if (need_pass2) out.virial += ws.virial[u];
  }
}

inline void eam::second_derivatives(const atoms_view& atoms, const verlet_list& list,
                                    second_derivative_terms& out) const {
  const Eigen::Matrix3Xd& x = atoms.positions;
  const auto species = atoms.species;
  const auto n = x.cols();
  const int ne = t_.element_count();
  const auto shift = list.cartesian_shifts(atoms.box);
  out.atoms = n;
  out.pairs.clear();
  out.pairs.reserve(list.pair_count());
  // Pass 1: pairs inside the cutoff (d stored) and densities ρ_i, with `compute`'s lookup.
  // The segment m and offset p of each pair are parked in d2u and du until pass 2.
  std::vector<double> rho(static_cast<std::size_t>(n), 0.0);
  for (Eigen::Index i = 0; i < n; ++i) {
    const int pairs_a = species[i] * ne;
    for (const neighbor nb : list[i]) {
      const Eigen::Vector3d d = x.col(nb.j) + shift[nb.shift] - x.col(i);
      const double rsq = d.squaredNorm();
      if (rsq >= cutsq_) continue;
      const double pr = std::sqrt(rsq) * rdr_ + 1.0;
      const int m = std::min(static_cast<int>(pr), t_.nr - 1);
      const double p = std::min(pr - m, 1.0);
      const lanes* k = knot(pairs_a + species[nb.j], m);
      rho[i] += cubic_at(k, 0).value(p);
      rho[nb.j] += cubic_at(k, 1).value(p);
      out.pairs.push_back({int(i), nb.j, d, p, double(m), 0, 0});
    }
  }
  // Embedding slope F'(ρ_i) (eV/density) and curvature F''(ρ_i) (eV/density²).
  std::vector<double> fp(static_cast<std::size_t>(n));
  out.embedding_curvature.resize(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto& F = t_.embedding_of(species[i]);
    const auto at = eam_spline::locate_rho(rho[i], rdrho_, t_.nrho);
    fp[i] = F.derivative(at);
    out.embedding_curvature[i] = F.second_derivative(at, rdrho_);
  }
  // Pass 2: radial derivatives from the same cubics `compute` uses: slope (3c3 p + 2c4) p + c5
  // and its derivative 6c3 p + 2c4 (per grid step, times 1/dr and 1/dr²), zero where p is
  // clamped. φ = z/r: φ' = z'/r − z/r², φ'' = z''/r − 2z'/r² + 2z/r³; beyond the last knot z
  // and z' are frozen and the derivative of φ' is −z'/r² + 2z/r³.
  const double rdr2 = rdr_ * rdr_;
  for (auto& q : out.pairs) {
    const double p = q.du;
    const int m = static_cast<int>(q.d2u);
    const bool clamped = p >= 1.0;
    const lanes* kr = knot(species[q.i] * ne + species[q.j], m);
    const cubic ra = cubic_at(kr, 0), rb = cubic_at(kr, 1), z = cubic_at(kr, 2);
    auto curvature = [&](const cubic& c) { return clamped ? 0.0 : (6 * c.c3 * p + 2 * c.c4) * rdr2; };
    const double r = q.d.norm(), inv = 1.0 / r;
    const double z0 = z.value(p), z1 = z.slope(p) * rdr_, z2 = curvature(z);
    const double phi1 = (z1 - z0 * inv) * inv;
    const double phi2 = clamped ? (2.0 * z0 * inv - z1) * inv * inv : (z2 - 2.0 * phi1) * inv;
    q.drho_i = ra.slope(p) * rdr_;
    q.drho_j = rb.slope(p) * rdr_;
    q.du = phi1 + fp[q.i] * q.drho_i + fp[q.j] * q.drho_j;
    q.d2u = phi2 + fp[q.i] * curvature(ra) + fp[q.j] * curvature(rb);
  }
}

static_assert(potential<eam>);

}  // namespace pelkit
