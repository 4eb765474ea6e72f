// pelkit/minimize/lbfgs_memory.hpp — L-BFGS's inverse-Hessian model (Nocedal, Math. Comp. 35,
// 773 (1980)), shared by the minimiser (pelkit::lbfgs, with its line search) and by the saddle
// searches, whose gradient need not come from an energy: the min-mode force F − 2(F·v)v that
// ART nouveau's activation and the dimer's translation minimise (Kästner & Sherwood, JCP 128,
// 014106 (2008)). No line search here: the caller scales or caps the step.
#pragma once
#include <Eigen/Core>
#include <cstddef>
#include <vector>

namespace pelkit::detail {

/// The two-loop recursion over the last `size` steps s and gradient changes y. A pair is kept
/// only when s·y > `min_curvature`; a rejected pair restarts the memory when `restart`, else
/// it is just dropped.
class lbfgs_memory {
public:
  lbfgs_memory(int size, double min_curvature, bool restart)
      : size_(size), min_sy_(min_curvature), restart_(restart) {}
  void clear() { s_.clear(), y_.clear(), rho_.clear(); }
  bool empty() const { return s_.empty(); }
  /// The quasi-Newton step −H⁻¹g, with H⁻¹ = gamma0 (Å²/eV for forces in eV/Å) while the memory
  /// is empty; −gamma0·g (and a restart) when the model's step is not a finite descent direction.
  Eigen::VectorXd direction(const Eigen::VectorXd& g, double gamma0) {
    Eigen::VectorXd q = g;
    std::vector<double> a(s_.size());
    for (std::size_t k = s_.size(); k-- > 0;) {
      a[k] = rho_[k] * s_[k].dot(q);
      q -= a[k] * y_[k];
    }
    q *= s_.empty() ? gamma0 : s_.back().dot(y_.back()) / y_.back().squaredNorm();
    for (std::size_t k = 0; k < s_.size(); ++k) q += (a[k] - rho_[k] * y_[k].dot(q)) * s_[k];
    if (q.dot(g) > 0 && q.allFinite()) return -q;
    clear();
    return -gamma0 * g;
  }
  /// Records step s and the gradient change y = g_new − g_old.
  void update(const Eigen::VectorXd& s, const Eigen::VectorXd& y) {
    const double sy = s.dot(y);
    if (!(sy > min_sy_)) {
      if (restart_) clear();
      return;
    }
    s_.push_back(s), y_.push_back(y), rho_.push_back(1 / sy);
    if (int(s_.size()) > size_) s_.erase(s_.begin()), y_.erase(y_.begin()), rho_.erase(rho_.begin());
  }

private:
  int size_;
  double min_sy_;
  bool restart_;
  std::vector<Eigen::VectorXd> s_, y_;
  std::vector<double> rho_;
};

}  // namespace pelkit::detail
