// pelkit/hessian/hessian.hpp — analytic Hessians of EAM and pair potentials, matrix-free
// Hessian–vector products, and the mass-weighted dynamical matrix.
//
//   auto calc = pelkit::calculator(pelkit::eam::from_file("CuZr_mm.eam.fs"));
//   Eigen::SparseMatrix<double> H = pelkit::hessian(calc, glass);      // eV/Å², 3N×3N
//   pelkit::hessian_operator op(calc, glass);                           // build once ...
//   op.apply(v, Hv);                                                     // ... apply many times
//
// Row/column 3i+a is Cartesian component a (x, y, z) of atom i. For a pair functional
// (Daw & Baskes, PRB 29, 6443 (1984); pair potentials are the case F = 0) the Hessian is
//
//   H = Σ_pairs K-blocks + G·diag(F''(ρ))·Gᵀ,   G = [g_1 … g_N], g_i = ∇ρ_i   (3N×N)
//
// (pelkit/hessian/terms.hpp; derivation in docs/hessian.md). Each listed pair (i, j, lattice
// shift) is its own term, so periodic images of a pair add up and small and triclinic cells are
// exact; a periodic self-image (j = i) has a separation that does not depend on the positions
// and contributes nothing. The embedding term couples atoms up to 2·rc apart.
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/core/parallel.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/core/units.hpp>
#include <pelkit/hessian/concepts.hpp>
#include <pelkit/hessian/terms.hpp>
#include <pelkit/potential/calculator.hpp>

#include <Eigen/Core>
#include <Eigen/SparseCore>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

namespace pelkit {

/// The Hessian of a hessian_potential at one configuration, held as per-pair second-derivative
/// data (64 bytes per pair inside the cutoff) and the embedding curvatures. Built once per
/// configuration; `apply` (the Hessian–vector product) costs O(pairs) and can be called any
/// number of times, e.g. by Lanczos. Units: H in eV/Å², vectors in Å → eV/Å.
///
/// `apply` reuses internal scratch: do not call it concurrently on one object.
class hessian_operator {
public:
  hessian_operator() = default;
  /// Hessian of `pot` at `s`, with a neighbour list (no skin) built here.
  template <hessian_potential P>
  hessian_operator(const P& pot, const system& s) { update(pot, s); }
  /// Hessian of `calc`'s potential at `s`, reusing (and if needed updating) its neighbour list.
  template <hessian_potential P>
  hessian_operator(calculator<P>& calc, const system& s) { update(calc, s); }

  /// Re-evaluates the operator at a new configuration, reusing its memory (cheaper than a new
  /// operator when called repeatedly, e.g. once per ART step).
  template <hessian_potential P>
  void update(const P& pot, const system& s) {
    validate(s, "hessian");
    verlet_list list({pot.cutoff(), 0.0, pot.neighbor_kind()});
    list.build(s.box, s.positions);
    init(pot, s, list);
  }
  template <hessian_potential P>
  void update(calculator<P>& calc, const system& s) {
    validate(s, "hessian");
    calc.compute(s, {false, false, false});  // maps the types and updates the list
    init(calc.potential(), s, calc.neighbors());
  }

  /// 3N.
  Eigen::Index size() const { return 3 * atoms_; }
  Eigen::Index atoms() const { return atoms_; }
  /// Number of interacting pairs (each listed pair inside the cutoff, self-images excluded).
  std::size_t pair_count() const { return pairs_.size(); }
  /// Memory held by the per-pair and per-atom data, bytes.
  std::size_t bytes() const {
    return pairs_.size() * sizeof(pair_data) + curvature_.size() * sizeof(double);
  }

  /// out = H·v (v in Å, out in eV/Å; both of size 3N, component 3i+a, out not aliasing v).
  /// O(pairs):
  /// pass 1 adds the pair blocks and accumulates s = Gᵀv; pass 2 adds G·(F''∘s).
  void apply(const Eigen::Ref<const Eigen::VectorXd>& v, Eigen::Ref<Eigen::VectorXd> out) const;

  /// H·v as a new vector.
  Eigen::VectorXd operator*(const Eigen::VectorXd& v) const {
    Eigen::VectorXd out(size());
    apply(v, out);
    return out;
  }

  /// The symmetric 3N×3N sparse Hessian (eV/Å²), assembled row by row (Gustavson's sparse
  /// product for G·diag(F'')·Gᵀ, OpenMP over atom rows). Column indices are sorted.
  Eigen::SparseMatrix<double> sparse() const;

  /// The dense 3N×3N Hessian (eV/Å², 72·N² bytes), assembled independently of `sparse`
  /// (pair blocks added directly, embedding term as the dense product G·diag(F'')·Gᵀ).
  Eigen::MatrixXd dense() const;

private:
  /// One interacting pair: K·Δ = A (d·Δ) d + B Δ with A = (U'' − U'/r)/r² (eV/Å⁴),
  /// B = U'/r (eV/Å²); ai = f'_{j→i}/r, aj = f'_{i→j}/r (density/Å²).
  struct pair_data {
    int i, j;
    double d[3];
    double A, B, ai, aj;
  };

  template <hessian_potential P>
  void init(const P& pot, const system& s, const verlet_list& list);
  void check_vector(Eigen::Index size, const char* what) const;
  void apply_range(std::size_t first, std::size_t last, const double* v, double* out,
                   double* s) const;
  void apply_embedding_range(std::size_t first, std::size_t last, const double* w,
                             double* out) const;
  Eigen::Matrix3d block(const pair_data& q) const {
    const Eigen::Vector3d d(q.d[0], q.d[1], q.d[2]);
    return q.A * d * d.transpose() + q.B * Eigen::Matrix3d::Identity();
  }

  Eigen::Index atoms_ = 0;
  std::vector<pair_data> pairs_;
  std::vector<double> curvature_;  // F''(ρ_i), eV/density²; empty for pair potentials
  second_derivative_terms terms_;  // the potential's raw data, kept to reuse its memory
  mutable std::vector<Eigen::VectorXd> out_thread_, s_thread_;
  mutable Eigen::VectorXd s_, w_;
};

template <hessian_potential P>
void hessian_operator::init(const P& pot, const system& s, const verlet_list& list) {
  if (list.kind() != list_kind::half)
    throw error("hessian: the potential must use a half neighbour list");
  const std::vector<int> map = map_types(s.type_names, pot.elements());
  std::vector<int> species(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) species[i] = map[s.types[i]];
  second_derivative_terms& t = terms_;
  pot.second_derivatives(atoms_view{s.box, s.positions, species}, list, t);
  atoms_ = Eigen::Index(s.size());
  if (t.atoms != atoms_ || (t.has_embedding() && Eigen::Index(t.embedding_curvature.size()) != atoms_))
    throw error("hessian: the potential returned second-derivative data for " +
                std::to_string(t.atoms) + " atoms, expected " + std::to_string(atoms_));
  pairs_.clear();
  pairs_.reserve(t.pairs.size());
  for (const auto& q : t.pairs) {
    if (q.i == q.j) continue;  // self-image: separation h·n is constant, no contribution
    const double r2 = q.d.squaredNorm(), r = std::sqrt(r2);
    if (!(r > 0)) throw error("hessian: atoms " + std::to_string(q.i + 1) + " and " +
                              std::to_string(q.j + 1) + " overlap (zero separation)");
    pairs_.push_back({q.i, q.j, {q.d[0], q.d[1], q.d[2]}, (q.d2u - q.du / r) / r2, q.du / r,
                      q.drho_i / r, q.drho_j / r});
  }
  curvature_.assign(t.embedding_curvature.begin(), t.embedding_curvature.end());
}

inline void hessian_operator::check_vector(Eigen::Index n, const char* what) const {
  if (n != size())
    throw error(std::string("hessian_operator::apply: ") + what + " has " + std::to_string(n) +
                " entries, expected 3N = " + std::to_string(size()));
}

// Pass 1 over pairs [first, last): out += pair blocks·v, s += Gᵀv.
inline void hessian_operator::apply_range(std::size_t first, std::size_t last, const double* v,
                                          double* out, double* s) const {
  const bool emb = s != nullptr;
  for (std::size_t k = first; k < last; ++k) {
    const pair_data& q = pairs_[k];
    const double* vi = v + 3 * q.i;
    const double* vj = v + 3 * q.j;
    const double dx = vj[0] - vi[0], dy = vj[1] - vi[1], dz = vj[2] - vi[2];
    const double t = q.d[0] * dx + q.d[1] * dy + q.d[2] * dz;
    const double at = q.A * t;
    const double kx = at * q.d[0] + q.B * dx, ky = at * q.d[1] + q.B * dy,
                 kz = at * q.d[2] + q.B * dz;
    double* oi = out + 3 * q.i;
    double* oj = out + 3 * q.j;
    oi[0] -= kx, oi[1] -= ky, oi[2] -= kz;
    oj[0] += kx, oj[1] += ky, oj[2] += kz;
    if (emb) s[q.i] += q.ai * t, s[q.j] += q.aj * t;
  }
}

// Pass 2 over pairs [first, last): out += G·w with w = F''∘(Gᵀv).
inline void hessian_operator::apply_embedding_range(std::size_t first, std::size_t last,
                                                    const double* w, double* out) const {
  for (std::size_t k = first; k < last; ++k) {
    const pair_data& q = pairs_[k];
    const double c = q.ai * w[q.i] + q.aj * w[q.j];
    double* oi = out + 3 * q.i;
    double* oj = out + 3 * q.j;
    oi[0] -= c * q.d[0], oi[1] -= c * q.d[1], oi[2] -= c * q.d[2];
    oj[0] += c * q.d[0], oj[1] += c * q.d[1], oj[2] += c * q.d[2];
  }
}

inline void hessian_operator::apply(const Eigen::Ref<const Eigen::VectorXd>& v,
                                    Eigen::Ref<Eigen::VectorXd> out) const {
  check_vector(v.size(), "the input vector");
  check_vector(out.size(), "the output vector");
  if (out.data() == v.data()) throw error("hessian_operator::apply: out must not alias v");
  const bool emb = !curvature_.empty();
  const std::size_t np = pairs_.size();
  const int threads = thread_count(long(np), 4096);
  if (threads == 1) {
    out.setZero();
    if (emb) s_.setZero(atoms_);
    apply_range(0, np, v.data(), out.data(), emb ? s_.data() : nullptr);
    if (!emb) return;
    w_.resize(atoms_);
    for (Eigen::Index i = 0; i < atoms_; ++i) w_[i] = curvature_[i] * s_[i];
    apply_embedding_range(0, np, w_.data(), out.data());
    return;
  }
  out_thread_.resize(threads), s_thread_.resize(threads);
  w_.resize(atoms_);
#pragma omp parallel num_threads(threads)
  {
    const int t = thread_index();
    const std::size_t first = np * t / threads, last = np * (t + 1) / threads;
    const Eigen::Index own_first = atoms_ * t / threads, own_last = atoms_ * (t + 1) / threads;
    auto& o = out_thread_[t];
    auto& s = s_thread_[t];
    o.setZero(size());
    if (emb) s.setZero(atoms_);
    apply_range(first, last, v.data(), o.data(), emb ? s.data() : nullptr);
    if (emb) {
#pragma omp barrier
      for (Eigen::Index i = own_first; i < own_last; ++i) {
        double si = 0;
        for (int u = 0; u < threads; ++u) si += s_thread_[u][i];
        w_[i] = curvature_[i] * si;
      }
#pragma omp barrier
      apply_embedding_range(first, last, w_.data(), o.data());
    }
#pragma omp barrier
    for (Eigen::Index k = 3 * own_first; k < 3 * own_last; ++k) {
      double sum = 0;
      for (int u = 0; u < threads; ++u) sum += out_thread_[u][k];
      out[k] = sum;
    }
  }
}

namespace detail {

/// Compressed sparse rows of atom-indexed 3-vectors: row r holds (col, vector) entries.
struct vector_csr {
  std::vector<int> start, col;
  std::vector<Eigen::Vector3d> vec;
};

/// Entries (row, col, vector) summed over duplicates into CSR form, columns sorted.
inline vector_csr make_vector_csr(Eigen::Index rows,
                                  std::vector<std::pair<std::pair<int, int>, Eigen::Vector3d>> e) {
  std::sort(e.begin(), e.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  vector_csr m;
  m.start.assign(std::size_t(rows) + 1, 0);
  for (std::size_t k = 0; k < e.size(); ++k) {
    if (k > 0 && e[k].first == e[k - 1].first) {
      m.vec.back() += e[k].second;
      continue;
    }
    m.col.push_back(e[k].first.second);
    m.vec.push_back(e[k].second);
    ++m.start[std::size_t(e[k].first.first) + 1];
  }
  for (Eigen::Index r = 0; r < rows; ++r) m.start[r + 1] += m.start[r];
  return m;
}

}  // namespace detail

inline Eigen::SparseMatrix<double> hessian_operator::sparse() const {
  const Eigen::Index n = atoms_;
  const bool emb = !curvature_.empty();
  // Pair incidences per atom row: (other atom, pair index) for pair blocks.
  std::vector<std::pair<std::pair<int, int>, Eigen::Vector3d>> gcol, grow;
  std::vector<int> inc_start(std::size_t(n) + 1, 0), inc_other, inc_pair;
  for (const auto& q : pairs_) ++inc_start[q.i + 1], ++inc_start[q.j + 1];
  for (Eigen::Index i = 0; i < n; ++i) inc_start[i + 1] += inc_start[i];
  inc_other.resize(std::size_t(inc_start[n])), inc_pair.resize(inc_other.size());
  {
    std::vector<int> fill(inc_start.begin(), inc_start.end() - 1);
    for (std::size_t k = 0; k < pairs_.size(); ++k) {
      const auto& q = pairs_[k];
      inc_other[fill[q.i]] = q.j, inc_pair[fill[q.i]++] = int(k);
      inc_other[fill[q.j]] = q.i, inc_pair[fill[q.j]++] = int(k);
    }
  }
  // G by columns (atom c → entries g_c[p]) and by rows (atom p → entries g_c[p]).
  detail::vector_csr gc, gr;
  if (emb) {
    gcol.reserve(4 * pairs_.size());
    for (const auto& q : pairs_) {
      const Eigen::Vector3d d(q.d[0], q.d[1], q.d[2]);
      gcol.push_back({{q.i, q.j}, q.ai * d});
      gcol.push_back({{q.i, q.i}, -q.ai * d});
      gcol.push_back({{q.j, q.j}, q.aj * d});
      gcol.push_back({{q.j, q.i}, -q.aj * d});
    }
    grow = gcol;
    for (auto& e : grow) std::swap(e.first.first, e.first.second);
    gc = detail::make_vector_csr(n, std::move(gcol));
    gr = detail::make_vector_csr(n, std::move(grow));
  }

  // Gustavson row by row: marker[q] = slot of atom q in the current row, or −1.
  auto row_pattern = [&](Eigen::Index p, std::vector<int>& marker, std::vector<int>& cols) {
    cols.clear();
    auto touch = [&](int q) {
      if (marker[q] < 0) marker[q] = int(cols.size()), cols.push_back(q);
    };
    touch(int(p));
    for (int k = inc_start[p]; k < inc_start[p + 1]; ++k) touch(inc_other[k]);
    if (emb)
      for (int k = gr.start[p]; k < gr.start[p + 1]; ++k) {
        const int c = gr.col[k];
        if (curvature_[c] == 0) continue;
        for (int l = gc.start[c]; l < gc.start[c + 1]; ++l) touch(gc.col[l]);
      }
    std::sort(cols.begin(), cols.end());
    for (std::size_t s = 0; s < cols.size(); ++s) marker[cols[s]] = int(s);
  };
  const int threads = thread_count(long(n), 64);
  std::vector<long> blocks(std::size_t(n) + 1, 0);  // block-row offsets
#pragma omp parallel num_threads(threads)
  {
    std::vector<int> marker(std::size_t(n), -1), cols;
#pragma omp for schedule(dynamic, 16)
    for (Eigen::Index p = 0; p < n; ++p) {
      row_pattern(p, marker, cols);
      blocks[p + 1] = long(cols.size());
      for (int q : cols) marker[q] = -1;
    }
  }
  for (Eigen::Index p = 0; p < n; ++p) blocks[p + 1] += blocks[p];
  const long nnz = 9 * blocks[n];
  if (nnz > long(std::numeric_limits<int>::max()))
    throw error("hessian: " + std::to_string(nnz) + " non-zeros exceed Eigen's int index range");

  Eigen::SparseMatrix<double> H(3 * n, 3 * n);
  H.resizeNonZeros(Eigen::Index(nnz));
  int* outer = H.outerIndexPtr();
  int* inner = H.innerIndexPtr();
  double* val = H.valuePtr();
  for (Eigen::Index p = 0; p < n; ++p) {
    const long nb = blocks[p + 1] - blocks[p];
    for (int a = 0; a < 3; ++a) outer[3 * p + a] = int(9 * blocks[p] + 3 * a * nb);
  }
  outer[3 * n] = int(nnz);
#pragma omp parallel num_threads(threads)
  {
    std::vector<int> marker(std::size_t(n), -1), cols;
    std::vector<Eigen::Matrix3d> acc;
#pragma omp for schedule(dynamic, 16)
    for (Eigen::Index p = 0; p < n; ++p) {
      row_pattern(p, marker, cols);
      acc.assign(cols.size(), Eigen::Matrix3d::Zero());
      for (int k = inc_start[p]; k < inc_start[p + 1]; ++k) {
        const Eigen::Matrix3d K = block(pairs_[inc_pair[k]]);
        acc[marker[p]] += K;
        acc[marker[inc_other[k]]] -= K;
      }
      if (emb)
        for (int k = gr.start[p]; k < gr.start[p + 1]; ++k) {
          const int c = gr.col[k];
          if (curvature_[c] == 0) continue;
          const Eigen::Vector3d gp = curvature_[c] * gr.vec[k];
          for (int l = gc.start[c]; l < gc.start[c + 1]; ++l)
            acc[marker[gc.col[l]]].noalias() += gp * gc.vec[l].transpose();
        }
      // Column 3p+a of the (symmetric) matrix holds row 3p+a: entries (3q+b, block(a, b)).
      const long nb = long(cols.size());
      for (int a = 0; a < 3; ++a) {
        const long base = 9 * blocks[p] + 3 * a * nb;
        for (long s = 0; s < nb; ++s)
          for (int b = 0; b < 3; ++b) {
            inner[base + 3 * s + b] = 3 * cols[s] + b;
            val[base + 3 * s + b] = acc[s](a, b);
          }
      }
      for (int q : cols) marker[q] = -1;
    }
  }
  return H;
}

inline Eigen::MatrixXd hessian_operator::dense() const {
  const Eigen::Index n = atoms_;
  Eigen::MatrixXd H = Eigen::MatrixXd::Zero(3 * n, 3 * n);
  Eigen::MatrixXd G;
  if (!curvature_.empty()) G.setZero(3 * n, n);
  for (const auto& q : pairs_) {
    const Eigen::Matrix3d K = block(q);
    H.block<3, 3>(3 * q.i, 3 * q.i) += K;
    H.block<3, 3>(3 * q.j, 3 * q.j) += K;
    H.block<3, 3>(3 * q.i, 3 * q.j) -= K;
    H.block<3, 3>(3 * q.j, 3 * q.i) -= K;
    if (curvature_.empty()) continue;
    const Eigen::Vector3d d(q.d[0], q.d[1], q.d[2]);
    G.block<3, 1>(3 * q.j, q.i) += q.ai * d;
    G.block<3, 1>(3 * q.i, q.i) -= q.ai * d;
    G.block<3, 1>(3 * q.j, q.j) += q.aj * d;
    G.block<3, 1>(3 * q.i, q.j) -= q.aj * d;
  }
  if (!curvature_.empty()) {
    const Eigen::Map<const Eigen::VectorXd> c(curvature_.data(), n);
    H.noalias() += G * c.asDiagonal() * G.transpose();
  }
  return H;
}

/// Sparse analytic Hessian (eV/Å², 3N×3N, row/col 3i+a) of `calc`'s potential at `s`.
template <hessian_potential P>
Eigen::SparseMatrix<double> hessian(calculator<P>& calc, const system& s) {
  return hessian_operator(calc, s).sparse();
}
/// Sparse analytic Hessian of `pot` at `s` (neighbour list built here).
template <hessian_potential P>
Eigen::SparseMatrix<double> hessian(const P& pot, const system& s) {
  return hessian_operator(pot, s).sparse();
}
/// Dense analytic Hessian (eV/Å²), for small systems (72·N² bytes).
template <hessian_potential P>
Eigen::MatrixXd dense_hessian(calculator<P>& calc, const system& s) {
  return hessian_operator(calc, s).dense();
}
template <hessian_potential P>
Eigen::MatrixXd dense_hessian(const P& pot, const system& s) {
  return hessian_operator(pot, s).dense();
}
/// One Hessian–vector product H·v (v in Å, result in eV/Å). For many products at one
/// configuration build a hessian_operator once and call `apply`.
template <hessian_potential P>
Eigen::VectorXd hessian_vector_product(calculator<P>& calc, const system& s,
                                       const Eigen::VectorXd& v) {
  return hessian_operator(calc, s) * v;
}
template <hessian_potential P>
Eigen::VectorXd hessian_vector_product(const P& pot, const system& s, const Eigen::VectorXd& v) {
  return hessian_operator(pot, s) * v;
}

namespace detail {
/// 1/√m per Hessian row (3 per atom), 1/√amu; checks the matrix size against the system.
inline Eigen::VectorXd inverse_sqrt_masses(Eigen::Index rows, Eigen::Index cols, const system& s) {
  validate(s, "dynamical_matrix");
  const Eigen::Index n3 = 3 * Eigen::Index(s.size());
  if (rows != n3 || cols != n3)
    throw error("dynamical_matrix: Hessian is " + std::to_string(rows) + "×" +
                std::to_string(cols) + " but the system has 3N = " + std::to_string(n3) +
                " coordinates");
  Eigen::VectorXd w(n3);
  for (std::size_t i = 0; i < s.size(); ++i) w.segment<3>(3 * i).setConstant(1.0 / std::sqrt(s.mass(i)));
  return w;
}
}  // namespace detail

/// Dynamical matrix D = M^-½ H M^-½ (eV/(Å²·amu)) from a Hessian (eV/Å²) and the system's
/// masses (amu). Its eigenvalues are ω²; see omega2_to_per_ps2 and omega2_to_THz.
inline Eigen::SparseMatrix<double> dynamical_matrix(const Eigen::SparseMatrix<double>& H,
                                                    const system& s) {
  const Eigen::VectorXd w = detail::inverse_sqrt_masses(H.rows(), H.cols(), s);
  Eigen::SparseMatrix<double> D = w.asDiagonal() * H * w.asDiagonal();
  return D;
}
inline Eigen::MatrixXd dynamical_matrix(const Eigen::MatrixXd& H, const system& s) {
  const Eigen::VectorXd w = detail::inverse_sqrt_masses(H.rows(), H.cols(), s);
  return w.asDiagonal() * H * w.asDiagonal();
}

/// ω² from eV/(Å²·amu) to 1/ps² (1 eV/(Å²·amu) = 9648.533 ps⁻²).
inline double omega2_to_per_ps2(double omega2) { return omega2 / units::amu_A2_per_ps2_to_eV; }
/// Frequency ν = ω/2π in THz (= 1/ps) of an eigenvalue ω² in eV/(Å²·amu); negative (unstable)
/// ω² give −√|ω²|/2π (the usual "imaginary frequency" convention).
inline double omega2_to_THz(double omega2) {
  const double w = std::sqrt(std::abs(omega2_to_per_ps2(omega2))) / (2 * std::numbers::pi);
  return omega2 < 0 ? -w : w;
}

}  // namespace pelkit
