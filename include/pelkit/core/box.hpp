// pelkit/core/box.hpp — periodic simulation cell, orthorhombic or triclinic.
//
// LAMMPS conventions: the cell spans lo..hi along x, y, z with tilts xy, xz, yz, so the cell
// vectors (columns of h) are a = (lx,0,0), b = (xy,ly,0), c = (xz,yz,lz), lx = xhi − xlo etc.
// All lengths in Å. Fractional coordinates s satisfy r = lo + h s, the cell is 0 <= s < 1.
#pragma once
#include <pelkit/core/error.hpp>

#include <Eigen/Core>
#include <Eigen/LU>
#include <cmath>
#include <string>

namespace pelkit {

class periodic_box {
public:
  periodic_box() : periodic_box({0, 0, 0}, {1, 1, 1}) {}

  /// Box from LAMMPS bounds and tilts (Å). Throws pelkit::error if any extent is not positive
  /// or finite, a tilt is not finite, or the volume (Å³) overflows or underflows to 0.
  periodic_box(const Eigen::Vector3d& lo, const Eigen::Vector3d& hi, double xy = 0, double xz = 0,
               double yz = 0)
      : lo_(lo), hi_(hi) {
    for (int d = 0; d < 3; ++d)
      if (!(hi[d] - lo[d] > 0) || !std::isfinite(hi[d] - lo[d]))
        throw error("box: extent along " + std::string(1, "xyz"[d]) +
                    " must be positive and finite, got lo=" + std::to_string(lo[d]) +
                    " hi=" + std::to_string(hi[d]));
    if (!std::isfinite(xy) || !std::isfinite(xz) || !std::isfinite(yz))
      throw error("box: tilt factors must be finite");
    h_ << hi[0] - lo[0], xy, xz, 0, hi[1] - lo[1], yz, 0, 0, hi[2] - lo[2];
    if (!(std::isfinite(volume()) && volume() > 0))
      throw error("box: the cell is too large or too small (its volume is not a finite positive number)");
    h_inv_ = h_.inverse();
  }

  /// Box from its origin and an upper-triangular cell matrix (columns a, b, c; Å).
  static periodic_box from_matrix(const Eigen::Vector3d& lo, const Eigen::Matrix3d& h) {
    if (h(1, 0) != 0 || h(2, 0) != 0 || h(2, 1) != 0)
      throw error("box: cell matrix must be upper triangular (LAMMPS convention)");
    return {lo, lo + h.diagonal(), h(0, 1), h(0, 2), h(1, 2)};
  }

  /// Cubic box [0, L)³.
  static periodic_box cubic(double length) { return {{0, 0, 0}, {length, length, length}}; }

  const Eigen::Vector3d& lo() const { return lo_; }
  const Eigen::Vector3d& hi() const { return hi_; }
  double xy() const { return h_(0, 1); }
  double xz() const { return h_(0, 2); }
  double yz() const { return h_(1, 2); }
  bool triclinic() const { return xy() != 0 || xz() != 0 || yz() != 0; }

  /// Cell matrix, columns are the cell vectors a, b, c (Å).
  const Eigen::Matrix3d& h() const { return h_; }
  const Eigen::Matrix3d& h_inverse() const { return h_inv_; }
  double volume() const { return h_(0, 0) * h_(1, 1) * h_(2, 2); }

  /// Distance between opposite faces of the cell along each reciprocal direction (Å).
  /// A sphere of radius r fits in the cell without touching its periodic images iff
  /// 2r < min(width).
  Eigen::Vector3d widths() const {
    Eigen::Vector3d w;
    for (int d = 0; d < 3; ++d) w[d] = 1.0 / h_inv_.row(d).norm();
    return w;
  }

  Eigen::Vector3d to_fractional(const Eigen::Vector3d& r) const { return h_inv_ * (r - lo_); }
  Eigen::Vector3d to_cartesian(const Eigen::Vector3d& s) const { return lo_ + h_ * s; }

  /// Position mapped into the cell; `image` (if given) receives the integer shift removed,
  /// so r = wrapped + h · image.
  Eigen::Vector3d wrap(const Eigen::Vector3d& r, Eigen::Vector3i* image = nullptr) const {
    Eigen::Vector3d s = to_fractional(r);
    Eigen::Vector3d n = s.array().floor();
    if (image) *image = n.cast<int>();
    Eigen::Vector3d f = s - n;
    for (int d = 0; d < 3; ++d)
      if (f[d] >= 1.0) f[d] = 0.0;  // rounding at the upper face
    return to_cartesian(f);
  }

  /// Shortest periodic image of the separation vector d (Å). Exact for any cell shape: the
  /// reduced fractional vector is refined over the 27 neighbouring images.
  Eigen::Vector3d minimum_image(const Eigen::Vector3d& d) const {
    Eigen::Vector3d s = h_inv_ * d;
    s -= s.array().round().matrix();
    Eigen::Vector3d best = h_ * s;
    double best2 = best.squaredNorm();
    for (int i = -1; i <= 1; ++i)
      for (int j = -1; j <= 1; ++j)
        for (int k = -1; k <= 1; ++k) {
          Eigen::Vector3d c = h_ * (s + Eigen::Vector3d(i, j, k));
          if (double c2 = c.squaredNorm(); c2 < best2) best2 = c2, best = c;
        }
    return best;
  }

  friend bool operator==(const periodic_box& a, const periodic_box& b) {
    return a.lo_ == b.lo_ && a.h_ == b.h_;
  }

private:
  Eigen::Vector3d lo_, hi_;
  Eigen::Matrix3d h_, h_inv_;
};

}  // namespace pelkit
