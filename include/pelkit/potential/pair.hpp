// pelkit/potential/pair.hpp — the driver for pairwise-additive potentials.
//
// The small part (what one pair contributes) is a `pair_kernel`; `pair_potential<Kernel>` is
// the loop over a half neighbour list that turns it into energy, forces, virial and per-atom
// energy, on all OpenMP threads with per-thread accumulators. Write a kernel, get a potential.
#pragma once
#include <pelkit/core/parallel.hpp>
#include <pelkit/hessian/terms.hpp>
#include <pelkit/neighbor/verlet_list.hpp>
#include <pelkit/potential/concepts.hpp>
#include <pelkit/potential/evaluation.hpp>

#include <Eigen/Core>
#include <cmath>
#include <concepts>
#include <string>
#include <vector>

namespace pelkit {

/// What one pair of species (a, b) at squared distance r² (Å²) contributes.
struct pair_term {
  double energy;      ///< eV
  double force_by_r;  ///< −(dE/dr)/r, eV/Å² (positive = repulsive)
};

/// A pair kernel: species names, a cutoff per species pair, and the pair term inside it.
/// Satisfied by: pelkit::lennard_jones_kernel.
template <class K>
concept pair_kernel = requires(const K& k, int a, int b, double rsq) {
  { k.elements() } -> std::convertible_to<std::vector<std::string>>;
  { k.cutoff(a, b) } -> std::convertible_to<double>;  // Å
  { k(a, b, rsq) } -> std::same_as<pair_term>;
};

/// A pair kernel that also gives the pair energy's second radial derivative
/// `k.curvature(a, b, rsq)` = d²E/dr² (eV/Å²) at squared distance rsq (Å²), which is what an
/// analytic Hessian needs (pelkit/hessian). Satisfied by: pelkit::lennard_jones_kernel.
template <class K>
concept pair_kernel_with_curvature = pair_kernel<K> && requires(const K& k, int a, int b, double rsq) {
  { k.curvature(a, b, rsq) } -> std::convertible_to<double>;
};

template <pair_kernel Kernel>
class pair_potential {
public:
  struct workspace {
    std::vector<Eigen::Matrix3Xd> force_thread;
    std::vector<Eigen::VectorXd> energy_thread;
    std::vector<double> energy;
    std::vector<Eigen::Matrix3d> virial;
  };

  explicit pair_potential(Kernel k) : kernel_(std::move(k)) {
    const int ne = int(kernel_.elements().size());
    cutsq_.resize(std::size_t(ne) * ne);
    for (int a = 0; a < ne; ++a)
      for (int b = 0; b < ne; ++b) {
        const double rc = kernel_.cutoff(a, b);
        cutsq_[a * ne + b] = rc * rc;
        cutoff_ = std::max(cutoff_, rc);
      }
  }

  const Kernel& kernel() const { return kernel_; }
  double cutoff() const { return cutoff_; }
  list_kind neighbor_kind() const { return list_kind::half; }
  std::vector<std::string> elements() const { return kernel_.elements(); }

  void compute(const atoms_view& atoms, const verlet_list& list, const request& req,
               workspace& ws, evaluation& out) const {
    const Eigen::Matrix3Xd& x = atoms.positions;
    const auto n = x.cols();
    const int ne = int(kernel_.elements().size());
    out.reset(n, req);
    const int threads = thread_count(n);
    ws.force_thread.resize(threads), ws.energy_thread.resize(threads);
    ws.energy.assign(threads, 0.0), ws.virial.assign(threads, Eigen::Matrix3d::Zero());
    const auto shift = list.cartesian_shifts(atoms.box);
    const bool per_atom = req.per_atom_energy;

#pragma omp parallel num_threads(threads)
    {
      const int t = thread_index();
      const auto [first, last] = list.balanced_range(t, threads);  // pair loops
      const Eigen::Index own_first = n * t / threads, own_last = n * (t + 1) / threads;
      auto& f = ws.force_thread[t];
      auto& eatom = ws.energy_thread[t];
      f.setZero(3, n);
      if (per_atom) eatom.setZero(n);
      double energy = 0;
      Eigen::Matrix3d virial = Eigen::Matrix3d::Zero();
      for (Eigen::Index i = first; i < last; ++i) {
        const int a = atoms.species[i];
        for (const neighbor nb : list[i]) {
          const Eigen::Vector3d d = x.col(nb.j) + shift[nb.shift] - x.col(i);
          const double rsq = d.squaredNorm();
          const int b = atoms.species[nb.j];
          if (rsq >= cutsq_[a * ne + b]) continue;
          const pair_term p = kernel_(a, b, rsq);
          energy += p.energy;
          if (per_atom) eatom[i] += 0.5 * p.energy, eatom[nb.j] += 0.5 * p.energy;
          f.col(i) -= p.force_by_r * d;
          f.col(nb.j) += p.force_by_r * d;
          virial.noalias() += p.force_by_r * d * d.transpose();
        }
      }
      ws.energy[t] = energy;
      ws.virial[t] = virial;
#pragma omp barrier
      for (Eigen::Index i = own_first; i < own_last; ++i) {
        if (req.forces) {
          Eigen::Vector3d sum = Eigen::Vector3d::Zero();
          for (int u = 0; u < threads; ++u) sum += ws.force_thread[u].col(i);
          out.forces.col(i) = sum;
        }
        if (per_atom) {
          double e = 0;
          for (int u = 0; u < threads; ++u) e += ws.energy_thread[u][i];
          out.energy_per_atom[i] = e;
        }
      }
    }
    for (int u = 0; u < threads; ++u) out.energy += ws.energy[u], out.virial += ws.virial[u];
  }

  /// Radial derivatives of every pair inside its cutoff, for the analytic Hessian
  /// (pelkit/hessian/terms.hpp): U' = dE/dr = −r·force_by_r (eV/Å), U'' = curvature (eV/Å²).
  /// Serial; O(pairs). Requires a kernel with `curvature`.
  void second_derivatives(const atoms_view& atoms, const verlet_list& list,
                          second_derivative_terms& out) const
    requires pair_kernel_with_curvature<Kernel>
  {
    const Eigen::Matrix3Xd& x = atoms.positions;
    const int ne = int(kernel_.elements().size());
    const auto shift = list.cartesian_shifts(atoms.box);
    out.atoms = x.cols();
    out.pairs.clear();
    out.embedding_curvature.clear();
    for (Eigen::Index i = 0; i < x.cols(); ++i) {
      const int a = atoms.species[i];
      for (const neighbor nb : list[i]) {
        const Eigen::Vector3d d = x.col(nb.j) + shift[nb.shift] - x.col(i);
        const double rsq = d.squaredNorm();
        const int b = atoms.species[nb.j];
        if (rsq >= cutsq_[a * ne + b]) continue;
        const pair_term p = kernel_(a, b, rsq);
        out.pairs.push_back({int(i), nb.j, d, -p.force_by_r * std::sqrt(rsq),
                             double(kernel_.curvature(a, b, rsq)), 0.0, 0.0});
      }
    }
  }

private:
  Kernel kernel_;
  std::vector<double> cutsq_;
  double cutoff_ = 0;
};

}  // namespace pelkit
