// pelkit/potential/local_calculator.hpp — exact force evaluation restricted to a set of mobile
// atoms around a fixed reference configuration (for saddle searches that move only a region).
//
//   pelkit::local_calculator calc(pelkit::eam::from_file("CuZr_mm.eam.fs"));
//   calc.set_reference(minimum);          // one full evaluation: E0, per-atom densities ρ0
//   calc.set_mobile(atoms_near_centre);   // O(|M|) set-up
//   const auto& e = calc.compute(moved);  // exact energy (eV), forces on mobile atoms (eV/Å)
//
// Only the mobile atoms M may differ from the reference; every other atom must sit exactly at
// its reference position (checked in debug builds only). With φ the pair energy, f the density
// function and F the embedding energy (EAM; pair potentials have no F and no ρ):
//
//   ρ_j = ρ_j^fixed + Σ_{i∈M} f_{t_i→t_j}(r_ij),  ρ_j^fixed = ρ0_j − Σ_{i∈M} f_{t_i→t_j}(r0_ij)  (j ∉ M)
//   ρ_i = Σ_{k≠i} f_{t_k→t_i}(r_ik)  recomputed from all neighbours                          (i ∈ M)
//   E   = E0 + Σ_{pairs touching M} [φ(r) − φ(r0)] + Σ_{j ∈ M ∪ T} [F(ρ_j) − F(ρ0_j)]
//
// where T holds the frozen atoms within the cutoff of a mobile atom now or in the reference
// (no other density changes). Sums over periodic images are exact in any cell, including cells
// narrower than the cutoff (an atom may interact with several images of another, or its own).
// The force on i ∈ M needs F'(ρ_k) for its neighbours k only, all in M ∪ T.
//
// Cost of compute(): one table lookup per pair touching M (listed within cutoff + skin) plus
// one embedding lookup per atom of M ∪ T — O(|M|), no O(N) work. A private list of those pairs
// is rebuilt from a bin grid of the reference positions (frozen atoms never move, so the grid
// stays valid) when a mobile atom moved more than skin/2 since the last build; a mobile atom
// may move arbitrarily far.
//
// Not computed: the virial (zero in local mode) and per-atom energies (pelkit::error if asked
// in local mode). With every atom mobile (set_mobile with an empty list or all atoms),
// compute() is a plain full evaluation (pelkit::calculator), virial and per-atom energies
// included. Works for pelkit::eam and pair potentials (pelkit::pair_potential, e.g.
// pelkit::lennard_jones). Local evaluation is serial.
#pragma once
#include <pelkit/core/box.hpp>
#include <pelkit/core/error.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/concepts.hpp>
#include <pelkit/potential/eam.hpp>
#include <pelkit/potential/evaluation.hpp>
#include <pelkit/potential/force_provider.hpp>
#include <pelkit/potential/lennard_jones.hpp>
#include <pelkit/potential/pair.hpp>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <concepts>
#include <numeric>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace pelkit {

namespace detail {

/// Points binned in fractional space, answering "every periodic image of every point within
/// R (Å) of p" for any cell shape and any R, however large relative to the cell.
class image_grid {
public:
  /// Bins the columns of `x` (Å, need not be wrapped); bins at least `bin_width` Å across,
  /// at most max(27, `max_bins`) of them.
  void build(const periodic_box& box, const Eigen::Matrix3Xd& x, double bin_width, std::size_t max_bins) {
    box_ = box;
    widths_ = box.widths();
    for (int d = 0; d < 3; ++d) count_[d] = std::max(1, int(std::floor(widths_[d] / bin_width)));
    while (double(count_.prod()) > double(std::max<std::size_t>(27, max_bins)) && count_.maxCoeff() > 1) {
      int d;
      count_.maxCoeff(&d);
      count_[d] = std::max(1, count_[d] / 2);
    }
    const auto n = x.cols();
    std::vector<int> bin(n);
    start_.assign(count_.prod() + 1, 0);
    Eigen::Matrix3Xd frac = box.h_inverse() * (x.colwise() - box.lo());
    Eigen::Matrix3Xi wrap(3, n);
    for (Eigen::Index i = 0; i < n; ++i) {
      Eigen::Vector3i b;
      for (int d = 0; d < 3; ++d) {
        const double f = std::floor(frac(d, i));
        wrap(d, i) = int(f);
        frac(d, i) -= f;
        if (frac(d, i) >= 1.0) frac(d, i) = 0.0, ++wrap(d, i);
        b[d] = std::min(count_[d] - 1, int(frac(d, i) * count_[d]));
      }
      bin[i] = flat(b);
      ++start_[bin[i] + 1];
    }
    for (int k = 0; k + 1 < int(start_.size()); ++k) start_[k + 1] += start_[k];
    ids_.resize(n), wrap_.resize(3, n), xw_.resize(3, n);
    std::vector<int> fill(start_.begin(), start_.end() - 1);
    for (Eigen::Index i = 0; i < n; ++i) {
      const int k = fill[bin[i]]++;
      ids_[k] = int(i);
      wrap_.col(k) = wrap.col(i);
      xw_.col(k) = box.to_cartesian(frac.col(i));
    }
  }

  /// Calls f(i, n, d) for every point i and lattice shift n with |d| < radius, where
  /// d = x_i + h·n − p (Å) and x_i is the point as given to build(). Each image once.
  template <class F>
  void for_each_within(const Eigen::Vector3d& p, double radius, F&& f) const {
    const Eigen::Vector3d fp = box_.h_inverse() * (p - box_.lo());
    const double R2 = radius * radius;
    Eigen::Vector3i lo, hi;
    for (int d = 0; d < 3; ++d) {
      const double e = radius / widths_[d];
      lo[d] = int(std::floor((fp[d] - e) * count_[d]));
      hi[d] = int(std::floor((fp[d] + e) * count_[d]));
    }
    const bool orthogonal = !box_.triclinic();
    auto gap2 = [&](int d, int b) {  // squared distance (Å²) from p to bin slab b along axis d
      const double g = std::max({0.0, double(b) / count_[d] - fp[d], fp[d] - double(b + 1) / count_[d]});
      return g * g * widths_[d] * widths_[d];
    };
    for (int c = lo[2]; c <= hi[2]; ++c) {
      const double g2 = gap2(2, c);
      for (int b = lo[1]; b <= hi[1]; ++b) {
        const double g1 = gap2(1, b);
        if (orthogonal && g1 + g2 >= R2) continue;
        for (int a = lo[0]; a <= hi[0]; ++a) {
          if (orthogonal && gap2(0, a) + g1 + g2 >= R2) continue;
          const Eigen::Vector3i cell(a, b, c);
          Eigen::Vector3i image, bin;
          for (int d = 0; d < 3; ++d) {
            image[d] = detail::floor_div(cell[d], count_[d]);
            bin[d] = cell[d] - image[d] * count_[d];
          }
          const Eigen::Vector3d offset = box_.h() * image.cast<double>() - p;
          const int fb = flat(bin);
          for (int k = start_[fb]; k < start_[fb + 1]; ++k) {
            const Eigen::Vector3d d = xw_.col(k) + offset;
            if (d.squaredNorm() < R2) f(ids_[k], Eigen::Vector3i(image - wrap_.col(k)), d);
          }
        }
      }
    }
  }

private:
  int flat(const Eigen::Vector3i& b) const { return (b[2] * count_[1] + b[1]) * count_[0] + b[0]; }

  periodic_box box_;
  Eigen::Vector3d widths_ = Eigen::Vector3d::Ones();
  Eigen::Vector3i count_ = Eigen::Vector3i::Ones();
  std::vector<int> start_, ids_;
  Eigen::Matrix3Xi wrap_;  // lattice shift removed from each point when wrapping
  Eigen::Matrix3Xd xw_;    // wrapped positions (Å), in bin order
};

/// True for pair_potential<K> (pelkit::lennard_jones, ...).
template <class P>
concept pair_potential_like = requires(const P& p, int a, int b, double rsq) {
  { p.kernel()(a, b, rsq) } -> std::same_as<pair_term>;
  { p.kernel().cutoff(a, b) } -> std::convertible_to<double>;
};

}  // namespace detail

template <potential P>
class local_calculator {
  static constexpr bool is_eam = std::same_as<P, eam>;
  static_assert(is_eam || detail::pair_potential_like<P>,
                "local_calculator supports pelkit::eam and pair potentials (pair_potential<K>)");

public:
  /// `skin` (Å): the private pair list holds pairs closer than cutoff + skin and is rebuilt
  /// when a mobile atom moved more than skin/2 since its last build.
  explicit local_calculator(P pot, double skin = 1.0) : full_(std::move(pot), skin), skin_(skin) {
    if (!(skin >= 0) || !std::isfinite(skin))
      throw error("local_calculator: skin must be finite and >= 0, got " + std::to_string(skin));
    const P& p = full_.potential();
    const int ne = int(p.elements().size());
    cutsq_.resize(std::size_t(ne) * ne);
    for (int a = 0; a < ne; ++a)
      for (int b = 0; b < ne; ++b) {
        double rc = p.cutoff();
        if constexpr (!is_eam) rc = p.kernel().cutoff(a, b);
        cutsq_[a * ne + b] = rc * rc;
      }
    ne_ = ne;
  }

  const P& potential() const { return full_.potential(); }

  /// Sets the reference configuration and evaluates it fully (E0, and for EAM every atom's
  /// density ρ0 and embedding energy). Keeps the mobile set if it still fits the atom count,
  /// else makes every atom mobile. Throws pelkit::error on an invalid system (non-finite
  /// positions, bad types, elements the potential lacks).
  ///
  /// Setting the same reference again (same cell, types and bit-identical positions) keeps
  /// everything and costs O(N) comparisons; otherwise the full calculator's neighbour list is
  /// rebuilt on `s`, so results never depend on the configurations evaluated before.
  void set_reference(const system& s) {
    validate(s, "local_calculator::set_reference");
    if (has_reference_ && s.box == box_ && s.types == types_ && s.type_names == type_names_ && s.positions == x0_) {
      if (full_dirty_) full_.rebuild_neighbors(s.box, s.positions), full_dirty_ = false;
      return;
    }
    std::vector<int> keep;  // the mobile set, re-applied below if it fits
    keep.swap(mobile_);
    touched_.clear(), rho_fixed_.clear(), written_.clear();
    has_reference_ = false;
    const std::size_t n = s.size();
    species_.resize(n);
    const std::vector<int> map = map_types(s.type_names, full_.potential().elements());
    for (std::size_t i = 0; i < n; ++i) species_[i] = map[s.types[i]];
    box_ = s.box;
    x0_ = s.positions;
    types_ = s.types;
    type_names_ = s.type_names;
    full_.rebuild_neighbors(s.box, s.positions);
    full_dirty_ = false;
    e0_ = full_.compute(s, {false, false, false}).energy;
    if constexpr (is_eam) reference_densities();
    const double R = std::sqrt(*std::max_element(cutsq_.begin(), cutsq_.end())) + skin_;
    grid_.build(box_, x0_, R / 3, 2 * n);
    slot_.assign(n, -1);
    tslot_.assign(n, -1);
    result_.forces.setZero(3, Eigen::Index(n));
    result_.virial.setZero();
    written_.clear();
    has_reference_ = true;
    if (!keep.empty() && keep.size() < n && *std::max_element(keep.begin(), keep.end()) < int(n))
      set_mobile(std::span<const int>(keep));
    else
      set_mobile(std::span<const int>());
  }

  /// The atoms allowed to move: 0-based indices, any order, no duplicates. Empty or all atoms:
  /// every atom mobile, compute() is then a full evaluation. Throws pelkit::error on an index
  /// out of range, a duplicate, or before set_reference. Cost O(|M|) (O(N) when leaving the
  /// every-atom-mobile state).
  void set_mobile(std::span<const int> mobile) {
    if (!has_reference_) throw error("local_calculator::set_mobile: call set_reference first");
    const int n = int(x0_.cols());
    clear_mobile();
    for (std::size_t k = 0; k < mobile.size(); ++k) {
      const int i = mobile[k];
      if (i < 0 || i >= n) {
        make_all_mobile();
        throw error("local_calculator::set_mobile: atom index " + std::to_string(i) +
                    " out of range (the reference has " + std::to_string(n) + " atoms, indices 0.." +
                    std::to_string(n - 1) + ")");
      }
      if (slot_[i] >= 0) {
        make_all_mobile();
        throw error("local_calculator::set_mobile: atom index " + std::to_string(i) + " listed twice");
      }
      slot_[i] = int(k);
      mobile_.push_back(i);
    }
    if (mobile_.empty() || int(mobile_.size()) == n) {
      make_all_mobile();
      return;
    }
    all_mobile_ = false;
    reference_terms();
    list_valid_ = false;
  }
  void set_mobile(const std::vector<int>& mobile) { set_mobile(std::span<const int>(mobile)); }

  /// Evaluates `s`, which must equal the reference except at mobile atoms (same atoms, types
  /// and cell; frozen positions bit-identical — checked only in debug builds). Energy: exact
  /// total energy (eV) as E0 + ΔE; forces (eV/Å): exact on mobile atoms, zero on frozen ones;
  /// virial: zero (not computed) unless every atom is mobile. The result stays valid until
  /// the next call.
  const evaluation& compute(const system& s, const request& req = {}) {
    if (!has_reference_) throw error("local_calculator::compute: call set_reference first");
    ++evaluations_;
    if (all_mobile_) {
      full_dirty_ = true;
      return full_.compute(s, req);
    }
    if (req.per_atom_energy)
      throw error("local_calculator::compute: per-atom energies are not available with a mobile subset");
    check_input(s);
    gather(s);
    if (!list_valid_ || moved_beyond_half_skin()) build_list();
    evaluate(req);
    return result_;
  }

  long evaluations() const { return evaluations_; }
  /// Builds of the private pair list since construction.
  long list_builds() const { return list_builds_; }
  /// Energy of the reference configuration, eV.
  double reference_energy() const { return e0_; }
  /// ΔE = E − E0 of the last local compute() (eV), free of the rounding of E0 + ΔE.
  double energy_change() const { return delta_; }
  /// Mobile atoms (all atoms when every atom is mobile).
  const std::vector<int>& mobile() const { return mobile_; }

private:
  struct frozen_link {  // mobile atom k (slot) — image of frozen atom j at fixed position
    int k, u, j;        // u: index into touched_
    Eigen::Vector3d pos;
  };
  struct mobile_link {  // mobile k — image x_l + shift of mobile l (each pair once)
    int k, l;
    Eigen::Vector3d shift;
  };
  struct active_pair {  // a pair inside the cutoff, with what the force pass needs
    int k, other;       // other: mobile slot, or touched index when frozen
    int a, b;           // species of k and other
    bool frozen;
    Eigen::Vector3d d;  // x_other − x_k, Å
    double r;           // EAM: |d| (Å); pair potentials: |d|² (Å²)
    double dfi, dfj, g;  // EAM: ρ'/r at k, ρ'/r at other, φ'/r; pair: g = −force_by_r
  };

  double cutsq(int a, int b) const { return cutsq_[a * ne_ + b]; }

  /// ρ0 and F(ρ0) of every atom from the full calculator's list (built on the reference).
  void reference_densities() {
    const eam& pot = full_.potential();
    const verlet_list& list = full_.neighbors();
    const auto shift = list.cartesian_shifts(box_);
    const auto n = x0_.cols();
    rho0_.assign(n, 0.0);
    f0_.resize(n);
    for (Eigen::Index i = 0; i < n; ++i)
      for (const neighbor nb : list[i]) {
        const Eigen::Vector3d d = x0_.col(nb.j) + shift[nb.shift] - x0_.col(i);
        const double rsq = d.squaredNorm();
        if (rsq >= cutsq(species_[i], species_[nb.j])) continue;
        const auto v = pot.pair_at(species_[i], species_[nb.j], std::sqrt(rsq));
        rho0_[i] += v.rho_at_a;
        rho0_[nb.j] += v.rho_at_b;
      }
    for (Eigen::Index i = 0; i < n; ++i) f0_[i] = pot.embedding_at(species_[i], rho0_[i]).first;
  }

  /// Forgets the mobile set and everything derived from it; zeroes the force columns written.
  void clear_mobile() {
    for (int i : mobile_)
      if (i < int(slot_.size())) slot_[i] = -1;
    for (int j : touched_) tslot_[j] = -1;
    for (int i : written_) result_.forces.col(i).setZero();
    mobile_.clear(), touched_.clear(), rho_fixed_.clear(), written_.clear();
    fixed_count_ = 0;
    all_mobile_ = true;
    list_valid_ = false;
  }

  /// Every atom mobile (after an invalid set_mobile, too): compute() evaluates fully.
  void make_all_mobile() {
    clear_mobile();
    mobile_.resize(x0_.cols());
    std::iota(mobile_.begin(), mobile_.end(), 0);
  }

  /// Index of frozen atom j in touched_, appending it (with ρ^fixed = ρ0_j) if new.
  int touch(int j) {
    if (tslot_[j] < 0) {
      tslot_[j] = int(touched_.size());
      touched_.push_back(j);
      if constexpr (is_eam) rho_fixed_.push_back(rho0_[j]);
    }
    return tslot_[j];
  }

  /// Σ φ(r0) over the reference pairs touching M and ρ^fixed of the frozen atoms near M.
  void reference_terms() {
    const double R = std::sqrt(*std::max_element(cutsq_.begin(), cutsq_.end()));
    phi_ref_ = 0;
    for (std::size_t k = 0; k < mobile_.size(); ++k) {
      const int i = mobile_[k], a = species_[i];
      grid_.for_each_within(x0_.col(i), R, [&](int j, const Eigen::Vector3i& n, const Eigen::Vector3d&) {
        const int l = slot_[j];
        if (l >= 0 && !counts_once(int(k), l, n)) return;
        const Eigen::Vector3d d = x0_.col(j) + box_.h() * n.cast<double>() - x0_.col(i);
        const double rsq = d.squaredNorm();
        const int b = species_[j];
        if (rsq >= cutsq(a, b)) return;
        if constexpr (is_eam) {
          const auto v = full_.potential().pair_at(a, b, std::sqrt(rsq));
          phi_ref_ += v.phi;
          if (l < 0) rho_fixed_[touch(j)] -= v.rho_at_b;
        } else {
          phi_ref_ += full_.potential().kernel()(a, b, rsq).energy;
          if (l < 0) touch(j);
        }
      });
    }
    fixed_count_ = touched_.size();
  }

  /// Whether the mobile–mobile pair (k, l, shift n) is the one of its mirror pair we count.
  static bool counts_once(int k, int l, const Eigen::Vector3i& n) {
    if (k != l) return k < l;
    return !n.isZero() && detail::positive(n);
  }

  void check_input(const system& s) const {
    if (s.positions.cols() != x0_.cols() || s.size() != std::size_t(x0_.cols()))
      throw error("local_calculator::compute: " + std::to_string(s.positions.cols()) +
                  " atoms, the reference has " + std::to_string(x0_.cols()));
    if (!(s.box == box_)) throw error("local_calculator::compute: the cell differs from the reference cell");
#ifndef NDEBUG
    for (Eigen::Index i = 0; i < x0_.cols(); ++i)
      if (slot_[i] < 0 && (s.positions.col(i) != x0_.col(i) || s.types[i] != types_[i]))
        throw error("local_calculator::compute: frozen atom " + std::to_string(i) +
                    " differs from the reference");
#endif
  }

  void gather(const system& s) {
    const auto m = Eigen::Index(mobile_.size());
    xm_.resize(3, m);
    for (Eigen::Index k = 0; k < m; ++k) {
      xm_.col(k) = s.positions.col(mobile_[k]);
      if (!xm_.col(k).allFinite())
        throw error("local_calculator::compute: atom " + std::to_string(mobile_[k]) +
                    " has a non-finite position");
    }
  }

  bool moved_beyond_half_skin() const {
    const double limit = 0.25 * skin_ * skin_;
    for (Eigen::Index k = 0; k < xm_.cols(); ++k)
      if ((xm_.col(k) - xbuild_.col(k)).squaredNorm() > limit) return true;
    return false;
  }

  /// The pairs touching M within cutoff + skin at the current mobile positions; T becomes
  /// the frozen atoms near M in the reference plus those in the new pairs.
  void build_list() {
    const double R = std::sqrt(*std::max_element(cutsq_.begin(), cutsq_.end())) + skin_;
    xbuild_ = xm_;
    for (std::size_t u = fixed_count_; u < touched_.size(); ++u) tslot_[touched_[u]] = -1;
    touched_.resize(fixed_count_);
    if constexpr (is_eam) rho_fixed_.resize(fixed_count_);
    flinks_.clear(), mlinks_.clear();
    const Eigen::Matrix3d& h = box_.h();
    for (Eigen::Index k = 0; k < xm_.cols(); ++k)
      grid_.for_each_within(xm_.col(k), R, [&](int j, const Eigen::Vector3i& n, const Eigen::Vector3d&) {
        if (slot_[j] >= 0) return;
        flinks_.push_back({int(k), touch(j), j, Eigen::Vector3d(x0_.col(j) + h * n.cast<double>())});
      });
    mgrid_.build(box_, xm_, R / 2, 2 * std::size_t(xm_.cols()));
    for (Eigen::Index k = 0; k < xm_.cols(); ++k)
      mgrid_.for_each_within(xm_.col(k), R, [&](int l, const Eigen::Vector3i& n, const Eigen::Vector3d&) {
        if (counts_once(int(k), l, n)) mlinks_.push_back({int(k), l, h * n.cast<double>()});
      });
    list_valid_ = true;
    ++list_builds_;
  }

  void evaluate(const request& req) {
    const auto m = xm_.cols();
    const std::size_t nt = touched_.size();
    const P& pot = full_.potential();
    // Pairs inside the cutoff first (EAM: start loading their table rows), then their terms.
    active_.clear();
    auto add = [&](int k, int other, bool frozen, int b, const Eigen::Vector3d& d) {
      const double rsq = d.squaredNorm();
      const int a = species_[mobile_[k]];
      if (rsq >= cutsq(a, b)) return;
      double r = rsq;
      if constexpr (is_eam) r = std::sqrt(rsq), pot.prefetch_pair(a, b, r);
      active_.push_back({k, other, a, b, frozen, d, r, 0.0, 0.0, 0.0});
    };
    for (const auto& q : flinks_) add(q.k, q.u, true, species_[q.j], q.pos - xm_.col(q.k));
    for (const auto& q : mlinks_) add(q.k, q.l, false, species_[mobile_[q.l]], xm_.col(q.l) + q.shift - xm_.col(q.k));
    double phi = 0;
    if constexpr (is_eam) {
      rho_m_.assign(m, 0.0);
      rho_t_.assign(rho_fixed_.begin(), rho_fixed_.end());
      for (auto& q : active_) {
        const auto v = pot.pair_at(q.a, q.b, q.r);
        phi += v.phi;
        rho_m_[q.k] += v.rho_at_a;
        (q.frozen ? rho_t_ : rho_m_)[q.other] += v.rho_at_b;
        q.dfi = v.drho_at_a, q.dfj = v.drho_at_b, q.g = v.dphi;
      }
    } else {
      for (auto& q : active_) {
        const pair_term t = pot.kernel()(q.a, q.b, q.r);
        phi += t.energy;
        q.g = -t.force_by_r;
      }
    }

    double dF = 0;
    if constexpr (is_eam) {
      fp_m_.resize(m), fp_t_.resize(nt);
      for (Eigen::Index k = 0; k < m; ++k) {
        const auto [f, fp] = pot.embedding_at(species_[mobile_[k]], rho_m_[k]);
        dF += f - f0_[mobile_[k]];
        fp_m_[k] = fp;
      }
      for (std::size_t u = 0; u < nt; ++u) {
        const auto [f, fp] = pot.embedding_at(species_[touched_[u]], rho_t_[u]);
        dF += f - f0_[touched_[u]];
        fp_t_[u] = fp;
      }
    }
    delta_ = (phi - phi_ref_) + dF;
    result_.energy = e0_ + delta_;
    result_.virial.setZero();
    if (req.forces) forces();
  }

  /// Forces on the mobile atoms from the pairs inside the cutoff: g·d on k, −g·d on a mobile
  /// partner, with g = (dE/dr)/r.
  void forces() {
    fm_.setZero(3, xm_.cols());
    for (const auto& q : active_) {
      double g = q.g;
      if constexpr (is_eam) g += fp_m_[q.k] * q.dfi + (q.frozen ? fp_t_ : fp_m_)[q.other] * q.dfj;
      fm_.col(q.k) += g * q.d;
      if (!q.frozen) fm_.col(q.other) -= g * q.d;
    }
    for (Eigen::Index k = 0; k < xm_.cols(); ++k) result_.forces.col(mobile_[k]) = fm_.col(k);
    written_ = mobile_;
  }

  calculator<P> full_;  // reference and all-mobile evaluations
  double skin_;
  int ne_ = 0;
  std::vector<double> cutsq_;  // per species pair, Å²

  // Reference.
  bool has_reference_ = false;
  bool full_dirty_ = false;  // full_ evaluated something other than the reference since set_reference
  periodic_box box_;
  Eigen::Matrix3Xd x0_;
  std::vector<int> types_, species_;
  std::vector<std::string> type_names_;
  double e0_ = 0;
  std::vector<double> rho0_, f0_;  // EAM: ρ0 and F(ρ0) per atom
  detail::image_grid grid_;        // reference positions of all atoms

  // Mobile set M and the frozen atoms T whose density can change.
  std::vector<int> mobile_, slot_;    // slot_[i]: index of i in mobile_, or −1
  std::vector<int> touched_, tslot_;  // tslot_[j]: index of j in touched_, or −1
  std::size_t fixed_count_ = 0;       // touched_[0..fixed_count_) are near M in the reference
  std::vector<double> rho_fixed_;     // EAM, per touched atom
  double phi_ref_ = 0;                // Σ φ(r0) over the reference pairs touching M, eV
  bool all_mobile_ = true;

  // Private pair list.
  bool list_valid_ = false;
  Eigen::Matrix3Xd xm_, xbuild_;  // mobile positions now and at the last build, Å
  std::vector<frozen_link> flinks_;
  std::vector<mobile_link> mlinks_;
  detail::image_grid mgrid_;

  // Scratch and result.
  std::vector<active_pair> active_;
  std::vector<double> rho_m_, rho_t_, fp_m_, fp_t_;
  Eigen::Matrix3Xd fm_;
  evaluation result_;
  std::vector<int> written_;  // force columns last written
  double delta_ = 0;
  long evaluations_ = 0, list_builds_ = 0;
};

static_assert(force_provider<local_calculator<eam>>);
static_assert(region_force_provider<local_calculator<eam>>);
static_assert(region_force_provider<local_calculator<pair_potential<lennard_jones_kernel>>>);

}  // namespace pelkit
