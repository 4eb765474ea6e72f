// pelkit/descriptor/voronoi.hpp — Voronoi (and radical/Laguerre) tessellation of a periodic
// configuration with the voro++ library: cell volumes, Voronoi indices <n3,n4,n5,n6>, the
// icosahedral fraction and the local anisotropy vectors u (cell centre − atom).
//
// Needs voro++ (headers "voro++.hh", library libvoro++); link the `pelkit::voronoi` CMake target.
//
// Method
//  * The cell (LAMMPS h, columns a=(lx,0,0), b=(xy,ly,0), c=(xz,yz,lz)) becomes a voro++
//    container_periodic(_poly) with bx=lx, bxy=xy, by=ly, bxz=xz, byz=yz, bz=lz. The tilts are
//    first reduced (|xy| <= lx/2, |yz| <= ly/2, |xz| <= lx/2 by adding whole lattice vectors —
//    the same lattice, so the same tessellation), then every position is wrapped into the cell
//    and shifted by lo. Periodic in all three directions.
//  * Radical tessellation (settings.radical): container_periodic_poly with the radius of each
//    atom's element (settings.radii, Å).
//  * Per cell: volume, centroid and vertices from voro++; face areas are computed here from
//    the face vertex loops. A face counts when its area is >= min_face_area and >=
//    min_relative_face_area × (total face area of the cell); its order is the number of its
//    edges of length >= min_edge_length (OVITO's convention). index[k] counts kept faces of
//    order k+3 (3..6); `faces` counts all kept faces (any order).
//  * Positions returned (vertex_mean, centroid, vertices) are absolute and continuous with the
//    atom's position as given in the system (not wrapped): r_i + (voro++ vector relative to
//    the atom). u_vertex = vertex_mean − r_i, u_centroid = centroid − r_i.
//  * Perfect crystals have degenerate vertices (fcc: 4-fold vertices of the rhombic
//    dodecahedron). voro++ then may return zero-area faces or zero-length edges; they are
//    counted unless a threshold removes them — use e.g. min_face_area = 1e-6 or
//    min_edge_length = 1e-6 (tests/descriptor/voronoi_crystal.cpp).
//
// Errors (pelkit::error): non-finite positions, coincident atoms (closer than 1e-8 Å, periodic
// images included; the message names both ids), radical with a missing or non-positive radius
// for an element present, a negative threshold, an empty radical (power) cell (a small atom
// too close to a big one — legal in a Laguerre tessellation but never in a sane structure),
// a cell voro++ cannot compute, a volume sum that differs from the box volume by more than
// 1e-8 relative. Note: voro++ itself calls exit() on internal failures such as exceeding its
// memory limits (pathological inputs, e.g. millions of vertices per cell); those are not
// catchable.
#pragma once
#include <pelkit/core/box.hpp>
#include <pelkit/core/error.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/descriptor/concepts.hpp>

#include <voro++.hh>

#include <Eigen/Core>
#include <Eigen/Geometry>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace pelkit {

struct voronoi_settings {
  bool radical = false;                 ///< Laguerre (radical) tessellation with per-element radii
  std::map<std::string, double> radii;  ///< Å, by element name (radical only; every element present needs one)
  double min_face_area = 0;             ///< Å²: smaller faces are ignored (OVITO-style)
  double min_relative_face_area = 0;    ///< fraction of the cell's total face area
  double min_edge_length = 0;           ///< Å: shorter edges don't count toward a face's order
  bool keep_vertices = false;           ///< store each cell's vertices (Å, absolute)
};

struct voronoi_cell {
  double volume = 0;                  ///< Å³
  int faces = 0;                      ///< faces kept after the thresholds
  std::array<int, 4> index{};         ///< <n3,n4,n5,n6>: kept faces with 3,4,5,6 edges
  Eigen::Vector3d vertex_mean = Eigen::Vector3d::Zero();  ///< mean of the vertices (Å, absolute)
  Eigen::Vector3d centroid = Eigen::Vector3d::Zero();     ///< volume centroid (Å, absolute)
  Eigen::Vector3d u_vertex = Eigen::Vector3d::Zero();     ///< vertex_mean − r_i (Å)
  Eigen::Vector3d u_centroid = Eigen::Vector3d::Zero();   ///< centroid − r_i (Å)
  std::vector<Eigen::Vector3d> vertices;                  ///< if keep_vertices (Å, absolute)
};

struct voronoi_result {
  std::vector<voronoi_cell> cells;      ///< system atom order
  std::vector<std::string> type_names;  ///< of the system
  std::vector<int> types;               ///< centre type of each cell
  std::vector<long> ids;                ///< atom ids of the system
  double box_volume = 0;                ///< Å³

  double volume_sum() const {
    double v = 0;
    for (const auto& c : cells) v += c.volume;
    return v;
  }

  static bool icosahedral(const voronoi_cell& c) { return c.index == std::array<int, 4>{0, 0, 12, 0}; }

  /// Fraction of atoms whose index is <0,0,12,0> (NaN for no atoms).
  double f_ico() const {
    if (cells.empty()) return std::numeric_limits<double>::quiet_NaN();
    double n = 0;
    for (const auto& c : cells) n += icosahedral(c);
    return n / double(cells.size());
  }

  /// f_ico among the atoms of each centre type (NaN for a type without atoms).
  std::vector<double> f_ico_by_type() const {
    const std::size_t nt = std::max<std::size_t>(
        type_names.size(), types.empty() ? 0 : std::size_t(*std::max_element(types.begin(), types.end()) + 1));
    std::vector<double> ico(nt, 0), count(nt, 0);
    for (std::size_t i = 0; i < cells.size(); ++i) {
      count[types[i]] += 1;
      ico[types[i]] += icosahedral(cells[i]);
    }
    for (std::size_t t = 0; t < nt; ++t)
      ico[t] = count[t] > 0 ? ico[t] / count[t] : std::numeric_limits<double>::quiet_NaN();
    return ico;
  }

  /// Fraction of atoms with each index, most common first (ties: smaller index first); the
  /// first `top` only when top > 0.
  std::vector<std::pair<std::array<int, 4>, double>> index_fractions(std::size_t top = 0) const {
    std::map<std::array<int, 4>, std::size_t> counts;
    for (const auto& c : cells) ++counts[c.index];
    std::vector<std::pair<std::array<int, 4>, double>> out;
    for (const auto& [idx, n] : counts) out.emplace_back(idx, double(n) / double(cells.size()));
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (top > 0 && out.size() > top) out.resize(top);
    return out;
  }

  /// Mean |u_vertex| (Å).
  double mean_u_vertex() const {
    double s = 0;
    for (const auto& c : cells) s += c.u_vertex.norm();
    return cells.empty() ? std::numeric_limits<double>::quiet_NaN() : s / double(cells.size());
  }
  /// Mean |u_centroid| (Å).
  double mean_u_centroid() const {
    double s = 0;
    for (const auto& c : cells) s += c.u_centroid.norm();
    return cells.empty() ? std::numeric_limits<double>::quiet_NaN() : s / double(cells.size());
  }

  /// voronoi_volume (A^3), voronoi_faces, n3, n4, n5, n6, u_vertex_A (A), u_centroid_A (A).
  std::vector<descriptor_column> columns() const {
    const auto n = Eigen::Index(cells.size());
    std::vector<descriptor_column> cols{{"voronoi_volume", "A^3", Eigen::VectorXd(n)},
                                        {"voronoi_faces", "", Eigen::VectorXd(n)},
                                        {"n3", "", Eigen::VectorXd(n)},
                                        {"n4", "", Eigen::VectorXd(n)},
                                        {"n5", "", Eigen::VectorXd(n)},
                                        {"n6", "", Eigen::VectorXd(n)},
                                        {"u_vertex_A", "A", Eigen::VectorXd(n)},
                                        {"u_centroid_A", "A", Eigen::VectorXd(n)}};
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto& c = cells[std::size_t(i)];
      cols[0].values[i] = c.volume;
      cols[1].values[i] = c.faces;
      for (int k = 0; k < 4; ++k) cols[2 + k].values[i] = c.index[k];
      cols[6].values[i] = c.u_vertex.norm();
      cols[7].values[i] = c.u_centroid.norm();
    }
    return cols;
  }

  /// f_ico, f_ico_<Elem> (per type; "f_ico_type<N>" for an unnamed type), mean_u_vertex_A,
  /// mean_u_centroid_A, mean_volume_A3.
  std::vector<descriptor_quantity> summary() const {
    std::vector<descriptor_quantity> q{{"f_ico", "", f_ico()}};
    const auto by_type = f_ico_by_type();
    for (std::size_t t = 0; t < by_type.size(); ++t) {
      const std::string name = t < type_names.size() && !type_names[t].empty()
                                   ? type_names[t]
                                   : "type" + std::to_string(t + 1);
      q.push_back({"f_ico_" + name, "", by_type[t]});
    }
    q.push_back({"mean_u_vertex_A", "A", mean_u_vertex()});
    q.push_back({"mean_u_centroid_A", "A", mean_u_centroid()});
    q.push_back({"mean_volume_A3", "A^3",
                 cells.empty() ? std::numeric_limits<double>::quiet_NaN() : volume_sum() / double(cells.size())});
    return q;
  }
};

namespace detail::voronoi {

inline std::string atom_label(const system& s, std::size_t i) {
  return std::to_string(s.ids.size() == s.size() ? s.ids[i] : long(i) + 1);
}

// Throws if two atoms (periodic images included) are closer than `tol` Å. Cell binning in
// fractional coordinates, bins at least 1 Å wide.
inline void check_coincident(const system& s, const periodic_box& box, const Eigen::Matrix3Xd& frac,
                             double tol = 1e-8) {
  const std::size_t n = s.size();
  if (n < 2) return;
  const Eigen::Vector3d w = box.widths();
  std::array<int, 3> nb{};
  for (int d = 0; d < 3; ++d) nb[d] = std::clamp(int(w[d] / 1.0), 1, 1000);
  auto bin_of = [&](Eigen::Index i) {
    std::array<int, 3> b{};
    for (int d = 0; d < 3; ++d) b[d] = std::clamp(int(frac(d, i) * nb[d]), 0, nb[d] - 1);
    return b;
  };
  auto key = [&](const std::array<int, 3>& b) { return (long(b[0]) * nb[1] + b[1]) * nb[2] + b[2]; };
  std::unordered_map<long, std::vector<Eigen::Index>> bins;
  for (Eigen::Index i = 0; i < Eigen::Index(n); ++i) bins[key(bin_of(i))].push_back(i);
  for (Eigen::Index i = 0; i < Eigen::Index(n); ++i) {
    const auto b = bin_of(i);
    std::vector<long> seen;
    for (int dx = -1; dx <= 1; ++dx)
      for (int dy = -1; dy <= 1; ++dy)
        for (int dz = -1; dz <= 1; ++dz) {
          std::array<int, 3> c{(b[0] + dx + nb[0]) % nb[0], (b[1] + dy + nb[1]) % nb[1], (b[2] + dz + nb[2]) % nb[2]};
          const long k = key(c);
          if (std::find(seen.begin(), seen.end(), k) != seen.end()) continue;
          seen.push_back(k);
          auto it = bins.find(k);
          if (it == bins.end()) continue;
          for (Eigen::Index j : it->second) {
            if (j <= i) continue;
            const Eigen::Vector3d ds = frac.col(j) - frac.col(i);
            const double d = box.minimum_image(box.h() * ds).norm();
            if (d < tol)
              throw error("voronoi: atoms " + atom_label(s, std::size_t(i)) + " and " +
                          atom_label(s, std::size_t(j)) + " coincide (distance " + std::to_string(d) +
                          " A < 1e-8 A); the Voronoi tessellation is undefined");
          }
        }
  }
}

// The same lattice with reduced tilts: |xy| <= lx/2, |yz| <= ly/2, |xz| <= lx/2.
inline Eigen::Matrix3d reduced_cell(const Eigen::Matrix3d& h) {
  Eigen::Matrix3d r = h;
  const double m = std::round(r(1, 2) / r(1, 1));
  r.col(2) -= m * r.col(1);
  const double k = std::round(r(0, 2) / r(0, 0));
  r.col(2) -= k * r.col(0);
  const double j = std::round(r(0, 1) / r(0, 0));
  r.col(1) -= j * r.col(0);
  return r;
}

// Per cell analysis shared by the plain and the radical container.
template <class Container>
void analyse(Container& con, const system& s, const voronoi_settings& set, voronoi_result& out) {
  const std::size_t n = s.size();
  std::vector<char> done(n, 0);
  voro::voronoicell_neighbor cell;
  voro::c_loop_all_periodic loop(con);
  std::vector<double> rel;
  std::vector<int> fv;
  std::vector<Eigen::Vector3d> verts;
  if (loop.start()) do {
      const int id = loop.pid();
      if (id < 0 || std::size_t(id) >= n) continue;
      if (!con.compute_cell(cell, loop)) {
        if (set.radical)
          throw error("voronoi: the radical (power) cell of atom " + atom_label(s, std::size_t(id)) +
                      " is empty: a neighbour with a larger radius is too close for the given radii");
        throw error("voronoi: voro++ could not compute the cell of atom " + atom_label(s, std::size_t(id)) +
                    " (nearly coincident atoms?)");
      }
      if (done[id]) throw error("voronoi: atom " + atom_label(s, std::size_t(id)) + " visited twice");
      done[id] = 1;
      voronoi_cell& c = out.cells[std::size_t(id)];
      const Eigen::Vector3d r = s.positions.col(id);
      c.volume = cell.volume();
      double cx, cy, cz;
      cell.centroid(cx, cy, cz);
      c.u_centroid = Eigen::Vector3d(cx, cy, cz);
      c.centroid = r + c.u_centroid;

      cell.vertices(rel);
      const std::size_t nv = rel.size() / 3;
      verts.resize(nv);
      Eigen::Vector3d mean = Eigen::Vector3d::Zero();
      for (std::size_t v = 0; v < nv; ++v) {
        verts[v] = Eigen::Vector3d(rel[3 * v], rel[3 * v + 1], rel[3 * v + 2]);
        mean += verts[v];
      }
      if (nv > 0) mean /= double(nv);
      c.u_vertex = mean;
      c.vertex_mean = r + mean;
      if (set.keep_vertices) {
        c.vertices.resize(nv);
        for (std::size_t v = 0; v < nv; ++v) c.vertices[v] = r + verts[v];
      }

      // Faces: "k v0 v1 ... v(k-1)" loops.
      cell.face_vertices(fv);
      std::vector<std::pair<double, int>> faces;  // area, order after the edge threshold
      double total_area = 0;
      for (std::size_t p = 0; p < fv.size();) {
        const int k = fv[p];
        const int* f = &fv[p + 1];
        Eigen::Vector3d a = Eigen::Vector3d::Zero();
        int order = 0;
        for (int e = 0; e < k; ++e) {
          const Eigen::Vector3d& p0 = verts[std::size_t(f[e])];
          const Eigen::Vector3d& p1 = verts[std::size_t(f[(e + 1) % k])];
          a += p0.cross(p1);
          if ((p1 - p0).norm() >= set.min_edge_length) ++order;
        }
        const double area = 0.5 * a.norm();
        total_area += area;
        faces.emplace_back(area, order);
        p += std::size_t(k) + 1;
      }
      c.faces = 0;
      c.index = {0, 0, 0, 0};
      for (const auto& [area, order] : faces) {
        if (area < set.min_face_area || area < set.min_relative_face_area * total_area) continue;
        ++c.faces;
        if (order >= 3 && order <= 6) ++c.index[std::size_t(order - 3)];
      }
    } while (loop.inc());
  for (std::size_t i = 0; i < n; ++i)
    if (!done[i]) throw error("voronoi: no cell computed for atom " + atom_label(s, i));
}

}  // namespace detail::voronoi

class voronoi_analysis {
public:
  explicit voronoi_analysis(voronoi_settings s = {}) : settings_(std::move(s)) {
    for (double t : {settings_.min_face_area, settings_.min_relative_face_area, settings_.min_edge_length})
      if (!(t >= 0) || !std::isfinite(t))
        throw error("voronoi: face/edge thresholds must be finite and >= 0");
    for (const auto& [name, r] : settings_.radii)
      if (!(r > 0) || !std::isfinite(r))
        throw error("voronoi: radius of " + (name.empty() ? std::string("''") : name) +
                    " must be positive, got " + std::to_string(r));
  }

  std::string name() const { return "voronoi"; }
  const voronoi_settings& settings() const { return settings_; }

  voronoi_result compute(const system& s) const {
    const std::size_t n = s.size();
    if (s.positions.cols() != Eigen::Index(n))
      throw error("voronoi: " + std::to_string(s.positions.cols()) + " positions for " + std::to_string(n) + " atoms");
    if (n > std::size_t(std::numeric_limits<int>::max())) throw error("voronoi: too many atoms");
    for (std::size_t i = 0; i < n; ++i) {
      if (!s.positions.col(Eigen::Index(i)).allFinite())
        throw error("voronoi: atom " + detail::voronoi::atom_label(s, i) + " has a non-finite position");
      if (s.types[i] < 0 || (s.type_count() > 0 && s.types[i] >= s.type_count()))
        throw error("voronoi: atom " + detail::voronoi::atom_label(s, i) + " has an invalid type");
    }

    voronoi_result out;
    out.cells.resize(n);
    out.type_names = s.type_names;
    out.types = s.types;
    out.ids = s.ids;
    out.box_volume = s.box.volume();
    if (n == 0) return out;

    // Per-atom radii (radical).
    std::vector<double> radius;
    if (settings_.radical) {
      const int nt = std::max(s.type_count(), int(s.type_names.size()));
      std::vector<double> type_radius(std::size_t(std::max(nt, 1)), 0);
      std::vector<char> present(type_radius.size(), 0);
      for (int t : s.types) present[std::size_t(t)] = 1;
      for (std::size_t t = 0; t < type_radius.size(); ++t) {
        if (!present[t]) continue;
        const std::string name = t < s.type_names.size() ? s.type_names[t] : "";
        auto it = settings_.radii.find(name);
        if (name.empty() || it == settings_.radii.end())
          throw error("voronoi: radical tessellation needs a radius for " +
                      (name.empty() ? "type " + std::to_string(t + 1) + " (no element name)"
                                    : "element " + name + " (type " + std::to_string(t + 1) + ")"));
        type_radius[t] = it->second;
      }
      radius.resize(n);
      for (std::size_t i = 0; i < n; ++i) radius[i] = type_radius[std::size_t(s.types[i])];
    }

    // Reduced cell, wrapped fractional coordinates.
    const Eigen::Matrix3d h = detail::voronoi::reduced_cell(s.box.h());
    const periodic_box box = periodic_box::from_matrix(s.box.lo(), h);
    Eigen::Matrix3Xd frac(3, Eigen::Index(n));
    for (Eigen::Index i = 0; i < Eigen::Index(n); ++i) {
      Eigen::Vector3d f = box.to_fractional(s.positions.col(i));
      f -= f.array().floor().matrix();
      for (int d = 0; d < 3; ++d)
        if (f[d] >= 1.0 || f[d] < 0) f[d] = 0.0;
      frac.col(i) = f;
    }
    detail::voronoi::check_coincident(s, box, frac);

    // voro++ block grid: about 5 atoms per block.
    const double volume = box.volume();
    const double scale = std::cbrt(double(n) / (5.0 * volume));
    auto blocks = [&](double len) { return std::max(1, int(len * scale)); };
    const int nx = blocks(h(0, 0)), ny = blocks(h(1, 1)), nz = blocks(h(2, 2));

    auto fill = [&](auto& con, bool poly) {
      for (Eigen::Index i = 0; i < Eigen::Index(n); ++i) {
        const Eigen::Vector3d x = h * frac.col(i);  // wrapped, shifted by lo
        if constexpr (requires { con.put(0, 0.0, 0.0, 0.0, 0.0); }) {
          (void)poly;
          con.put(int(i), x[0], x[1], x[2], radius[std::size_t(i)]);
        } else {
          con.put(int(i), x[0], x[1], x[2]);
        }
      }
    };
    if (settings_.radical) {
      voro::container_periodic_poly con(h(0, 0), h(0, 1), h(1, 1), h(0, 2), h(1, 2), h(2, 2), nx, ny, nz, 8);
      fill(con, true);
      detail::voronoi::analyse(con, s, settings_, out);
    } else {
      voro::container_periodic con(h(0, 0), h(0, 1), h(1, 1), h(0, 2), h(1, 2), h(2, 2), nx, ny, nz, 8);
      fill(con, false);
      detail::voronoi::analyse(con, s, settings_, out);
    }

    const double vsum = out.volume_sum();
    if (!(std::abs(vsum - volume) <= 1e-8 * volume))
      throw error("voronoi: cell volumes sum to " + std::to_string(vsum) + " A^3 but the box volume is " +
                  std::to_string(volume) + " A^3 (relative difference " +
                  std::to_string(std::abs(vsum - volume) / volume) + " > 1e-8)");
    return out;
  }

private:
  voronoi_settings settings_;
};

static_assert(descriptor<voronoi_analysis>);

}  // namespace pelkit
