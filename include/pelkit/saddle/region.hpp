// pelkit/saddle/region.hpp — the landscape a saddle search walks on: the potential energy as a
// function of the positions of a set of mobile atoms (all others frozen at the minimum), as a
// flat vector of 3m coordinates (Å). Counts force calls against a budget, turns non-finite
// results into a search failure, and relaxes configurations with L-BFGS inside the region.
#pragma once
#include <pelkit/core/system.hpp>
#include <pelkit/minimize/lbfgs.hpp>
#include <pelkit/potential/force_provider.hpp>

#include <Eigen/Core>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace pelkit {
namespace detail {

/// Thrown inside a search to stop it with a status token (concepts.hpp); caught by the search.
struct search_stop {
  std::string status;
};

/// Forces of `calc` with the frozen atoms' columns set to zero: a minimiser given this moves
/// only the mobile atoms.
template <force_provider C>
struct frozen_filter {
  C& calc;
  const std::vector<char>& mobile;
  long& calls;
  evaluation result;
  const evaluation& compute(const system& s, const request& req) {
    ++calls;
    result = calc.compute(s, req);
    if (req.forces)
      for (Eigen::Index i = 0; i < result.forces.cols(); ++i)
        if (!mobile[std::size_t(i)]) result.forces.col(i).setZero();
    return result;
  }
};

}  // namespace detail

template <force_provider C>
class region_landscape {
public:
  struct point {
    double energy = 0;      ///< eV, total energy of the whole system
    Eigen::VectorXd force;  ///< eV/Å on the mobile coordinates
  };

  /// `mobile`: 0-based atoms that may move (all atoms when it holds all of them); rigid
  /// translations are projected out when every atom of a multi-atom system is mobile.
  region_landscape(C& calc, const system& minimum, std::vector<int> mobile, long max_calls)
      : calc_(calc), sys_(minimum), mobile_(std::move(mobile)), is_mobile_(minimum.size(), 0),
        max_calls_(max_calls) {
    for (int i : mobile_) is_mobile_[std::size_t(i)] = 1;
    translations_ = mobile_.size() == minimum.size() && minimum.size() > 1;
    x0_ = pack(minimum.positions);
  }

  Eigen::Index size() const { return x0_.size(); }
  /// Number of atoms of the whole system.
  std::size_t atoms() const { return sys_.size(); }
  const Eigen::VectorXd& start() const { return x0_; }
  const std::vector<int>& mobile() const { return mobile_; }
  long calls() const { return calls_; }
  /// Of calls(), the evaluations of the mobile region only (a region_force_provider with some
  /// atoms frozen); the others evaluated every atom.
  long local_calls() const { return local_calls_; }
  /// Is an evaluation now of the region only?
  bool local() const {
    if constexpr (region_force_provider<C>) return mobile_.size() < sys_.size();
    else return false;
  }
  long calls_left() const { return max_calls_ - calls_; }

  /// Energy and mobile forces at x; stops the search on non-finite values or an exhausted budget.
  point at(const Eigen::VectorXd& x) {
    if (calls_ >= max_calls_) throw detail::search_stop{"max_force_calls"};
    ++calls_;
    if (local()) ++local_calls_;
    if (!x.allFinite()) throw detail::search_stop{"non_finite"};
    scatter(x, sys_.positions);
    const evaluation& e = calc_.compute(sys_, {true, false, false});
    point p{e.energy, Eigen::VectorXd(x.size())};
    for (std::size_t k = 0; k < mobile_.size(); ++k) p.force.template segment<3>(3 * Eigen::Index(k)) = e.forces.col(mobile_[k]);
    if (!std::isfinite(p.energy) || !p.force.allFinite()) throw detail::search_stop{"non_finite"};
    project(p.force);
    return p;
  }

  /// Energy (eV) of the start, the minimum; stops the search with "not_a_minimum" when an atom's
  /// force there exceeds `fmax` (eV/Å).
  double start_energy(double fmax) {
    const point p = at(x0_);
    if (!(max_atom_norm(p.force) <= fmax)) throw detail::search_stop{"not_a_minimum"};
    return p.energy;
  }

  /// Removes rigid translations (when every atom is mobile) from v.
  void project(Eigen::VectorXd& v) const {
    if (!translations_) return;
    const auto m = v.reshaped(3, v.size() / 3);
    const Eigen::Vector3d mean = m.rowwise().mean();
    v.reshaped(3, v.size() / 3).colwise() -= mean;
  }

  /// Makes `atoms` mobile too (those not mobile yet are appended, at their positions in the
  /// minimum); the mobile vectors x (positions) and v (a direction) are extended to match.
  void grow(const std::vector<int>& atoms, Eigen::VectorXd& x, Eigen::VectorXd& v) {
    const Eigen::Index before = x0_.size();
    for (int a : atoms)
      if (!is_mobile_[std::size_t(a)]) {
        is_mobile_[std::size_t(a)] = 1;
        mobile_.push_back(a);
      }
    const Eigen::Index after = 3 * Eigen::Index(mobile_.size());
    x0_.conservativeResize(after);
    for (Eigen::Index k = before / 3; k < after / 3; ++k) x0_.template segment<3>(3 * k) = sys_.positions.col(mobile_[std::size_t(k)]);
    x.conservativeResize(after);
    x.tail(after - before) = x0_.tail(after - before);
    v.conservativeResize(after);
    v.tail(after - before).setZero();
    translations_ = mobile_.size() == sys_.size() && sys_.size() > 1;
    if constexpr (region_force_provider<C>) calc_.set_mobile(std::span<const int>(mobile_));
  }

  /// Largest per-atom norm of a mobile vector (Å or eV/Å).
  static double max_atom_norm(const Eigen::VectorXd& v) {
    return v.size() ? v.reshaped(3, v.size() / 3).colwise().norm().maxCoeff() : 0.0;
  }

  Eigen::VectorXd pack(const Eigen::Matrix3Xd& full) const {
    Eigen::VectorXd v(3 * Eigen::Index(mobile_.size()));
    for (std::size_t k = 0; k < mobile_.size(); ++k) v.segment<3>(3 * Eigen::Index(k)) = full.col(mobile_[k]);
    return v;
  }
  void scatter(const Eigen::VectorXd& v, Eigen::Matrix3Xd& full) const {
    for (std::size_t k = 0; k < mobile_.size(); ++k) full.col(mobile_[k]) = v.segment<3>(3 * Eigen::Index(k));
  }
  /// A mobile vector as a 3×N matrix, zero on frozen atoms.
  Eigen::Matrix3Xd full_vector(const Eigen::VectorXd& v) const {
    Eigen::Matrix3Xd m = Eigen::Matrix3Xd::Zero(3, sys_.positions.cols());
    scatter(v, m);
    return m;
  }
  /// Positions (Å, 3×N) of the configuration x.
  Eigen::Matrix3Xd positions(const Eigen::VectorXd& x) const {
    Eigen::Matrix3Xd m = sys_.positions;
    scatter(x, m);
    return m;
  }

  /// Relaxes x in place with L-BFGS (mobile atoms only) to a largest atomic force of `fmax`
  /// (eV/Å), or until `target(x, E)` (mobile coordinates, eV) holds when given; returns the
  /// minimiser's report. Calls count against the budget.
  minimize_result minimize(Eigen::VectorXd& x, double fmax, const lbfgs& minimizer = {},
                           const std::function<bool(const Eigen::VectorXd&, double)>& target = {}) {
    if (calls_left() <= 0) throw detail::search_stop{"max_force_calls"};
    system s = sys_;
    scatter(x, s.positions);
    const long before = calls_;
    detail::frozen_filter<C> filter{calc_, is_mobile_, calls_, {}};
    stop_criteria stop;
    stop.fmax = fmax;
    stop.max_force_evaluations = calls_left();
    if (target) stop.target = [&](const Eigen::Matrix3Xd& p, double E) { return target(pack(p), E); };
    minimize_result r = minimizer.minimize(filter, s, stop);
    if (local()) local_calls_ += calls_ - before;
    x = pack(s.positions);
    if (!r.converged && r.reason == "max force evaluations") throw detail::search_stop{"max_force_calls"};
    return r;
  }

  /// Forces (eV/Å, 3×N) on every atom, frozen ones included, at x (one evaluation of the whole
  /// system; a region_force_provider is switched to all atoms and back).
  Eigen::Matrix3Xd full_forces(const Eigen::VectorXd& x) {
    scatter(x, sys_.positions);
    ++calls_;
    if constexpr (region_force_provider<C>) {
      if (mobile_.size() != sys_.size()) {
        calc_.set_mobile(std::span<const int>());
        Eigen::Matrix3Xd f = calc_.compute(sys_, {true, false, false}).forces;
        calc_.set_mobile(std::span<const int>(mobile_));
        return f;
      }
    }
    return calc_.compute(sys_, {true, false, false}).forces;
  }
  /// 2-norm (eV/Å) of full_forces(x).
  double full_force_norm(const Eigen::VectorXd& x) { return full_forces(x).norm(); }

private:
  C& calc_;
  system sys_;
  std::vector<int> mobile_;
  std::vector<char> is_mobile_;
  Eigen::VectorXd x0_;
  long calls_ = 0, local_calls_ = 0, max_calls_;
  bool translations_ = false;
};

}  // namespace pelkit
