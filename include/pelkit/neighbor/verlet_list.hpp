// pelkit/neighbor/verlet_list.hpp — Verlet neighbour list with a skin, built by cell binning.
//
// Works in any periodic cell, orthorhombic or triclinic, including cells narrower than twice the
// list radius: a neighbour is a pair (j, n) of an atom and an integer lattice shift n, so atom j
// may appear several times in i's list (once per periodic image), and i may neighbour its own
// images, exactly as LAMMPS counts them through ghost atoms.
//
// The separation of a listed pair is  d = x_j + h·n − x_i  with the current cell matrix h, so a
// list stays valid while the cell deforms (NPT) until `needs_rebuild` says otherwise.
// Positions need not be wrapped into the cell.
#pragma once
#include <pelkit/core/box.hpp>
#include <pelkit/core/error.hpp>
#include <pelkit/core/parallel.hpp>

#include <Eigen/Core>
#include <Eigen/SVD>
#include <algorithm>
#include <array>
#include <cmath>
#include <span>
#include <string>
#include <vector>

namespace pelkit {

/// Half lists hold each pair once (for pair-symmetric force loops); full lists hold both
/// (i, j) and (j, i).
enum class list_kind { half, full };

/// One entry of an atom's neighbour list: the neighbour's index and its image shift (an index
/// into `verlet_list::shifts()`).
struct neighbor {
  int j;
  int shift;
};

/// Neighbour-list settings. Units: Å.
struct neighbor_settings {
  double cutoff = 0;     ///< interaction cutoff rc, Å
  double skin = 1.0;     ///< extra radius; the list holds all pairs closer than rc + skin, Å
  list_kind kind = list_kind::half;
};

class verlet_list {
public:
  verlet_list() = default;
  explicit verlet_list(neighbor_settings s) : settings_(s) {
    if (!(s.cutoff > 0) || !(s.skin >= 0) || !std::isfinite(s.cutoff + s.skin))
      throw error("neighbour list: cutoff must be > 0 and skin >= 0 (got cutoff " +
                  std::to_string(s.cutoff) + " Å, skin " + std::to_string(s.skin) + " Å)");
  }

  const neighbor_settings& settings() const { return settings_; }
  double radius() const { return settings_.cutoff + settings_.skin; }
  list_kind kind() const { return settings_.kind; }
  std::size_t size() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
  std::size_t pair_count() const { return neighbors_.size(); }
  long builds() const { return builds_; }

  /// Neighbours of atom i.
  std::span<const neighbor> operator[](std::size_t i) const {
    return {neighbors_.data() + offsets_[i], neighbors_.data() + offsets_[i + 1]};
  }
  /// CSR storage: neighbours of i are entries offsets()[i] .. offsets()[i+1]-1 of entries().
  const std::vector<int>& offsets() const { return offsets_; }
  const std::vector<neighbor>& entries() const { return neighbors_; }

  /// Atoms [first, last) of part `part` of `parts`, chosen so that each part holds about the
  /// same number of list entries (in a half list low-index atoms own more pairs).
  std::pair<Eigen::Index, Eigen::Index> balanced_range(int part, int parts) const {
    auto split = [&](int k) -> Eigen::Index {
      if (k <= 0) return 0;
      if (k >= parts) return Eigen::Index(size());
      const long target = long(neighbors_.size()) * k / parts;
      return std::lower_bound(offsets_.begin(), offsets_.end() - 1, int(target)) - offsets_.begin();
    };
    return {split(part), split(part + 1)};
  }

  /// Integer lattice shifts n referenced by `neighbor::shift`.
  const std::vector<Eigen::Vector3i>& shifts() const { return shifts_; }
  /// Cartesian shift vectors h·n for the given (current) cell, Å.
  std::vector<Eigen::Vector3d> cartesian_shifts(const periodic_box& box) const {
    std::vector<Eigen::Vector3d> c(shifts_.size());
    for (std::size_t k = 0; k < shifts_.size(); ++k) c[k] = box.h() * shifts_[k].cast<double>();
    return c;
  }

  /// True if some pair closer than the cutoff may be missing from the list: atoms moved (after
  /// removing the affine part of any cell change) by more than half the skin, the cell deformed
  /// enough to bring unlisted pairs inside the cutoff, or the atom count changed.
  bool needs_rebuild(const periodic_box& box, const Eigen::Matrix3Xd& x) const {
    if (builds_ == 0 || x.cols() != reference_.cols()) return true;
    const Eigen::Matrix3d F = box.h() * reference_box_.h_inverse();
    // Unlisted pairs had |d0| >= rc + skin; now |d| >= smin(F)(rc + skin) - 2 max|Δ|.
    const double smin = (F - Eigen::Matrix3d::Identity()).isZero(0)
                            ? 1.0
                            : Eigen::JacobiSVD<Eigen::Matrix3d>(F).singularValues().minCoeff();
    double max2 = 0;
    for (Eigen::Index i = 0; i < x.cols(); ++i) {
      const double d2 = (x.col(i) - F * reference_.col(i)).squaredNorm();
      if (!std::isfinite(d2)) return true;  // the rebuild reports the bad atom
      max2 = std::max(max2, d2);
    }
    return smin * radius() - 2 * std::sqrt(max2) < settings_.cutoff;
  }

  /// Rebuilds if `needs_rebuild`; returns whether it did.
  bool update(const periodic_box& box, const Eigen::Matrix3Xd& x) {
    if (!needs_rebuild(box, x)) return false;
    build(box, x);
    return true;
  }

  /// Positions and cell of the last build (Å); rebuilding from them reproduces the list.
  const Eigen::Matrix3Xd& reference_positions() const { return reference_; }
  const periodic_box& reference_box() const { return reference_box_; }

  /// Largest ratio (cutoff + skin) / narrowest cell width accepted by `build`.
  static constexpr double max_images_per_width = 10.0;

  /// Builds the list from scratch. Throws pelkit::error on non-finite positions or a cell so
  /// small that more than `max_images_per_width` images per direction would be needed.
  void build(const periodic_box& box, const Eigen::Matrix3Xd& x);

private:
  neighbor_settings settings_;
  std::vector<int> offsets_;
  std::vector<neighbor> neighbors_;
  /// Per-thread output buffers of `build`, kept between builds so that rebuilding allocates
  /// nothing; not copied with the list.
  struct build_scratch {
    std::vector<std::vector<neighbor>> parts;
    std::vector<std::size_t> segment;  // per atom: start of its list in its part
    std::vector<int> part_of;          // per atom: the part (thread) holding its list
    build_scratch() = default;
    build_scratch(const build_scratch&) {}
    build_scratch(build_scratch&&) = default;
    build_scratch& operator=(const build_scratch&) { return *this; }
    build_scratch& operator=(build_scratch&&) = default;
  };
  build_scratch scratch_;
  std::vector<Eigen::Vector3i> shifts_;
  Eigen::Matrix3Xd reference_;
  periodic_box reference_box_;
  long builds_ = 0;
};

namespace detail {

/// Atoms sorted into a grid of nbin[0]×nbin[1]×nbin[2] parallelepiped bins in fractional space.
struct cell_bins {
  Eigen::Vector3i count;
  std::vector<int> start;           // CSR over bins
  std::vector<int> atoms;           // atom indices by bin
  std::vector<Eigen::Vector3i> bin_of;  // per atom
  int flat(const Eigen::Vector3i& b) const { return (b[2] * count[1] + b[1]) * count[0] + b[0]; }
};

/// Bins of at least `min_width` Å across (perpendicular width), at most 2 bins per atom.
/// `frac` are wrapped fractional coordinates in [0,1).
inline cell_bins bin_atoms(const periodic_box& box, const Eigen::Matrix3Xd& frac, double min_width) {
  cell_bins c;
  const Eigen::Vector3d w = box.widths();
  for (int d = 0; d < 3; ++d) c.count[d] = std::max(1, int(std::floor(w[d] / min_width)));
  while (double(c.count.prod()) > std::max<double>(27.0, 2.0 * double(frac.cols())) &&
         c.count.maxCoeff() > 1) {
    int d;
    c.count.maxCoeff(&d);
    c.count[d] = std::max(1, c.count[d] / 2);
  }
  const int nb = c.count.prod();
  const auto n = frac.cols();
  c.bin_of.resize(n);
  std::vector<int> flat(n);
  c.start.assign(nb + 1, 0);
  for (Eigen::Index i = 0; i < n; ++i) {
    Eigen::Vector3i b;
    for (int d = 0; d < 3; ++d) b[d] = std::min(c.count[d] - 1, int(frac(d, i) * c.count[d]));
    c.bin_of[i] = b;
    flat[i] = c.flat(b);
    ++c.start[flat[i] + 1];
  }
  for (int k = 0; k < nb; ++k) c.start[k + 1] += c.start[k];
  c.atoms.resize(n);
  std::vector<int> fill(c.start.begin(), c.start.end() - 1);
  for (Eigen::Index i = 0; i < n; ++i) c.atoms[fill[flat[i]]++] = int(i);
  return c;
}

/// Floor division for the periodic bin index: b = q·n + r with 0 <= r < n.
inline int floor_div(int b, int n) { return b >= 0 ? b / n : -((-b + n - 1) / n); }

/// Lexicographic sign of an integer shift (for choosing one of two mirror self-images).
inline bool positive(const Eigen::Vector3i& n) {
  for (int d = 2; d >= 0; --d)
    if (n[d] != 0) return n[d] > 0;
  return false;
}

}  // namespace detail

inline void verlet_list::build(const periodic_box& box, const Eigen::Matrix3Xd& x) {
  const auto n = x.cols();
  if (!x.allFinite()) {
    for (Eigen::Index i = 0; i < n; ++i)
      if (!x.col(i).allFinite())
        throw error("neighbour list: atom " + std::to_string(i + 1) + " has a non-finite position");
  }
  const double R = radius(), R2 = R * R;
  // Cells far narrower than the list radius would need thousands of images of every atom.
  if (const double wmin = box.widths().minCoeff(); R > max_images_per_width * wmin)
    throw error("neighbour list: the cell is too small for the cutoff: its narrowest width is " +
                std::to_string(wmin) + " Å but cutoff + skin is " + std::to_string(R) +
                " Å (more than " + std::to_string(int(max_images_per_width)) +
                " periodic images per direction); use a larger cell");

  // Wrapped fractional coordinates and the image each atom was wrapped from.
  Eigen::Matrix3Xd frac = box.h_inverse() * (x.colwise() - box.lo());
  Eigen::Matrix3Xi wrap(3, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (int d = 0; d < 3; ++d) {
      double f = std::floor(frac(d, i));
      wrap(d, i) = int(f);
      frac(d, i) -= f;
      if (frac(d, i) >= 1.0) frac(d, i) = 0.0, ++wrap(d, i);
    }
  const Eigen::Matrix3Xd xw = box.h() * frac;  // wrapped positions relative to lo

  const detail::cell_bins bins = detail::bin_atoms(box, frac, R / 2);
  const Eigen::Vector3d w = box.widths();
  Eigen::Vector3i reach;
  for (int d = 0; d < 3; ++d) reach[d] = int(std::ceil(R * bins.count[d] / w[d]));

  // Stencil of bin offsets that can hold a neighbour: the fractional separation of points in
  // bins o apart is at least (|o|-1)/count along each axis, i.e. (|o|-1)·width/count in Å.
  // A half list searches only the offsets o >= 0 (lexicographically): the pair (i, j, n) found
  // from i's bin at offset o is the pair (j, i, −n) found from j's bin at −o, so each unordered
  // pair is found exactly once; in the o = 0 bin only j > i is kept. The zero offset comes first.
  const bool half = settings_.kind == list_kind::half;
  std::vector<Eigen::Vector3i> stencil{Eigen::Vector3i::Zero()};
  for (int c = -reach[2]; c <= reach[2]; ++c)
    for (int b = -reach[1]; b <= reach[1]; ++b)
      for (int a = -reach[0]; a <= reach[0]; ++a) {
        const Eigen::Vector3i o(a, b, c);
        if (o.isZero() || (half && !detail::positive(o))) continue;
        double gap = 0;
        for (int d = 0; d < 3; ++d)
          gap = std::max(gap, std::max(0, std::abs(o[d]) - 1) * w[d] / bins.count[d]);
        if (gap < R) stencil.push_back(o);
      }

  // Shift table: lattice shifts n with |n_d| <= reach_d/count_d + 2, plus the wrap differences.
  // Use a dense map keyed on a bounded box of shifts, grown on demand.
  shifts_.clear();
  const Eigen::Vector3i wmin = wrap.rowwise().minCoeff(), wmax = wrap.rowwise().maxCoeff();
  Eigen::Vector3i lo_n, span_n;
  for (int d = 0; d < 3; ++d) {
    const int img = reach[d] / bins.count[d] + 1;
    lo_n[d] = -img - (wmax[d] - wmin[d]);
    span_n[d] = 2 * (img + (wmax[d] - wmin[d])) + 1;
  }
  if (span_n.cast<double>().prod() > 1e7)
    throw error("neighbour list: positions spread over " +
                std::to_string((wmax - wmin).maxCoeff() + 1) +
                " periodic cells along one axis; wrap them into the cell first "
                "(pelkit::wrap_positions)");
  std::vector<int> shift_id(std::size_t(span_n.prod()), -1);
  auto id_of = [&](const Eigen::Vector3i& s) {
    const Eigen::Vector3i k = s - lo_n;
    int& id = shift_id[(std::size_t(k[2]) * span_n[1] + k[1]) * span_n[0] + k[0]];
    if (id < 0) id = int(shifts_.size()), shifts_.push_back(s);
    return id;
  };
  // Register all candidate shifts up front so the parallel search only reads the table.
  for (int c = lo_n[2]; c < lo_n[2] + span_n[2]; ++c)
    for (int b = lo_n[1]; b < lo_n[1] + span_n[1]; ++b)
      for (int a = lo_n[0]; a < lo_n[0] + span_n[0]; ++a) id_of({a, b, c});

  // Per axis: the bin and the periodic image reached from bin b by offset o (index b + o +
  // reach), and the Cartesian offset of every image combination, so that the search below is
  // table lookups only.
  std::array<std::vector<int>, 3> wrapped_bin, image_of;
  for (int d = 0; d < 3; ++d)
    for (int b = -reach[d]; b < bins.count[d] + reach[d]; ++b) {
      const int img = detail::floor_div(b, bins.count[d]);
      image_of[d].push_back(img);
      wrapped_bin[d].push_back(b - img * bins.count[d]);
    }
  Eigen::Vector3i img_lo, img_span;
  for (int d = 0; d < 3; ++d) {
    img_lo[d] = image_of[d].front();
    img_span[d] = image_of[d].back() - img_lo[d] + 1;
  }
  std::vector<Eigen::Vector3d> image_offset(std::size_t(img_span.prod()));
  for (int c = 0; c < img_span[2]; ++c)
    for (int b = 0; b < img_span[1]; ++b)
      for (int a = 0; a < img_span[0]; ++a)
        image_offset[(c * img_span[1] + b) * img_span[0] + a] =
            box.h() * (Eigen::Vector3i(a, b, c) + img_lo).cast<double>();
  // Wrapped positions in bin order, so the inner loop reads memory contiguously.
  Eigen::Matrix3Xd xbin(3, n);
  for (Eigen::Index k = 0; k < n; ++k) xbin.col(k) = xw.col(bins.atoms[k]);

  const bool orthogonal = !box.triclinic();
  const double* xb = xbin.data();
  const int span = 2 * reach.maxCoeff() + 1;
  // The shift key of a pair is linear in the wrap of j: key = key_i(o) − wrap_key[j].
  std::vector<int> wrap_key(n);
  for (Eigen::Index j = 0; j < n; ++j)
    wrap_key[j] = (wrap(2, j) * span_n[1] + wrap(1, j)) * span_n[0] + wrap(0, j);
  int most_in_bin = 0;
  for (std::size_t b = 0; b + 1 < bins.start.size(); ++b)
    most_in_bin = std::max(most_in_bin, bins.start[b + 1] - bins.start[b]);
  const int *bin_start = bins.start.data(), *bin_atom = bins.atoms.data();
  const int *shift_of = shift_id.data(), *wkey = wrap_key.data();
  // What a bin's atoms share for each stencil offset: the neighbour bin, its periodic image
  // and that image's Cartesian offset (Å).
  struct bin_reach {
    int fb;
    Eigen::Vector3i image;
    Eigen::Vector3d offset;
  };
  auto reach_of = [&](int b, bin_reach* out) {
    const Eigen::Vector3i bb(b % bins.count[0], (b / bins.count[0]) % bins.count[1], b / (bins.count[0] * bins.count[1]));
    for (std::size_t s = 0; s < stencil.size(); ++s) {
      Eigen::Vector3i bj, image;
      for (int d = 0; d < 3; ++d) {
        const int k = bb[d] + stencil[s][d] + reach[d];
        bj[d] = wrapped_bin[d][k];
        image[d] = image_of[d][k];
      }
      const Eigen::Vector3i io = image - img_lo;
      out[s] = {bins.flat(bj), image, image_offset[(io[2] * img_span[1] + io[1]) * img_span[0] + io[0]]};
    }
  };
  // Writes atom i's neighbours to out (room for stencil.size()·most_in_bin entries), given its
  // bin's reach; returns how many.
  auto search = [&](Eigen::Index i, const bin_reach* near, neighbor* out, double* gap2, int* hits) {
    const Eigen::Vector3i bi = bins.bin_of[i];
    const Eigen::Vector3d xi = xw.col(i);
    const Eigen::Vector3i wi = wrap.col(i) - lo_n;
    // Squared distance (Å², along each reciprocal axis) from atom i to the bins o_d away:
    // a bin is skipped when the atom is provably farther than R from all of it.
    for (int d = 0; d < 3; ++d) {
      const double f = frac(d, i) * bins.count[d] - bi[d], width = w[d] / bins.count[d];
      for (int o = -reach[d]; o <= reach[d]; ++o) {
        const double g = o > 0 ? (o - f) * width : o < 0 ? (f - o - 1) * width : 0.0;
        gap2[d * span + o + reach[d]] = g * g;
      }
    }
    int found = 0;
    for (std::size_t s = 0; s < stencil.size(); ++s) {
      const Eigen::Vector3i& o = stencil[s];
      const double g0 = gap2[o[0] + reach[0]], g1 = gap2[span + o[1] + reach[1]],
                   g2 = gap2[2 * span + o[2] + reach[2]];
      if ((orthogonal ? g0 + g1 + g2 : std::max({g0, g1, g2})) >= R2) continue;
      const bin_reach& nb = near[s];
      const bool same_bin = s == 0;  // the zero offset comes first; its image is zero too
      const double ox = nb.offset[0] - xi[0], oy = nb.offset[1] - xi[1], oz = nb.offset[2] - xi[2];
      // Bin slots within R, compacted without branching (about a quarter pass), in slot order.
      int h = 0;
      for (int k = bin_start[nb.fb], end = bin_start[nb.fb + 1]; k < end; ++k) {
        const double dx = xb[3 * k] + ox, dy = xb[3 * k + 1] + oy, dz = xb[3 * k + 2] + oz;
        hits[h] = k;
        h += dx * dx + dy * dy + dz * dz < R2;
      }
      // d = x_j + h n − x_i with unwrapped positions: n = image − wrap_j + wrap_i.
      const Eigen::Vector3i ni = nb.image + wi;
      const int key_i = (ni[2] * span_n[1] + ni[1]) * span_n[0] + ni[0];
      for (int u = 0; u < h; ++u) {
        const int j = bin_atom[hits[u]];
        if (same_bin && (half ? j <= i : j == i)) continue;
        out[found++] = {j, shift_of[key_i - wkey[j]]};
      }
    }
    return found;
  };

  // Atoms are searched bin by bin (neighbouring atoms share their bins' data and cache lines),
  // each thread a contiguous range of bins; the lists are then copied into atom order.
  const int nbins = int(bins.start.size()) - 1;
  const int threads = thread_count(n, 256);
  auto& parts = scratch_.parts;
  parts.resize(threads);
  scratch_.segment.resize(std::size_t(n));
  scratch_.part_of.resize(std::size_t(n));
  auto& segment = scratch_.segment;
  auto& part_of = scratch_.part_of;
  const std::size_t room = stencil.size() * std::size_t(most_in_bin);  // per atom, at most
  offsets_.assign(n + 1, 0);
#pragma omp parallel num_threads(threads)
  {
    const int t = thread_index();
    auto& out = parts[t];  // its size only grows (no zero-filling on later builds)
    std::vector<double> gap2(3 * std::size_t(span));
    std::vector<int> hits(static_cast<std::size_t>(most_in_bin));
    std::vector<bin_reach> near(stencil.size());
    std::size_t used = 0;
    for (int b = int(long(nbins) * t / threads), b_end = int(long(nbins) * (t + 1) / threads); b < b_end; ++b) {
      if (bin_start[b] == bin_start[b + 1]) continue;
      reach_of(b, near.data());
      for (int k = bin_start[b]; k < bin_start[b + 1]; ++k) {
        const int i = bin_atom[k];
        if (out.size() < used + room) out.resize(std::max(used + room, out.size() + out.size() / 2));
        const int found = search(i, near.data(), out.data() + used, gap2.data(), hits.data());
        segment[i] = used, part_of[i] = t;
        offsets_[i + 1] = found;
        used += std::size_t(found);
      }
    }
#pragma omp barrier
#pragma omp single
    {
      for (Eigen::Index i = 0; i < n; ++i) offsets_[i + 1] += offsets_[i];
      neighbors_.resize(std::size_t(offsets_[n]));  // fills only entries beyond the old size
    }
#pragma omp for schedule(static)
    for (Eigen::Index i = 0; i < n; ++i)
      std::copy_n(parts[part_of[i]].data() + segment[i], offsets_[i + 1] - offsets_[i],
                  neighbors_.data() + offsets_[i]);
  }
  // Drop unused shifts (keeps cartesian_shifts cheap) by renumbering.
  std::vector<int> used(shifts_.size(), -1);
  std::vector<Eigen::Vector3i> kept;
  for (auto& e : neighbors_) {
    if (used[e.shift] < 0) used[e.shift] = int(kept.size()), kept.push_back(shifts_[e.shift]);
    e.shift = used[e.shift];
  }
  shifts_ = std::move(kept);

  reference_ = x;
  reference_box_ = box;
  ++builds_;
}

}  // namespace pelkit
