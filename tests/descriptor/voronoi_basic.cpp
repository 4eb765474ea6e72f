// Voronoi analysis (pelkit/descriptor/voronoi.hpp): volume sums, perfect crystals, triclinic
// descriptions of the same structure, radical tessellation, thresholds and bad input.
#include <doctest/doctest.h>

#ifdef PELKIT_HAVE_VORONOI  // defined by the pelkit::voronoi CMake target (voro++ found)
#include <pelkit/descriptor/voronoi.hpp>
#include <pelkit/io/lammps_data.hpp>

#include <random>

using pelkit::voronoi_analysis;
using pelkit::voronoi_settings;

namespace {

pelkit::system lattice(const std::vector<Eigen::Vector3d>& basis, double a, int n, int types = 1) {
  Eigen::Matrix3Xd p(3, Eigen::Index(basis.size()) * n * n * n);
  std::vector<int> t;
  Eigen::Index k = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      for (int l = 0; l < n; ++l)
        for (const auto& b : basis) {
          p.col(k++) = a * (Eigen::Vector3d(i, j, l) + b);
          t.push_back(int(k) % types);
        }
  std::vector<std::string> names{"Cu", "Zr"};
  names.resize(std::size_t(types));
  return pelkit::make_system(pelkit::periodic_box::cubic(a * n), p, t, names, std::vector<double>(std::size_t(types), 60.0));
}

const std::vector<Eigen::Vector3d> fcc_basis{{0, 0, 0}, {.5, .5, 0}, {.5, 0, .5}, {0, .5, .5}};
const std::vector<Eigen::Vector3d> bcc_basis{{0, 0, 0}, {.5, .5, .5}};

pelkit::system glass() { return pelkit::read_lammps_data(std::string(PELKIT_TEST_DATA) + "/cu50zr50_glass_500.data"); }

voronoi_settings radical() {
  voronoi_settings s;
  s.radical = true;
  s.radii = {{"Cu", 1.28}, {"Zr", 1.60}};
  return s;
}

// The L-periodic configuration `s` (cubic box, side L) replicated into the triclinic cell
// a=(2L,0,0), b=(L,2L,0), c=(L,L,2L) (8 copies: {0,1}^3 is a complete residue system of this
// lattice in L·Z^3). Copy k of atom i is atom k·n + i.
pelkit::system tilted_copies(const pelkit::system& s) {
  const double L = s.box.h()(0, 0);
  Eigen::Matrix3d h;
  h << 2 * L, L, L, 0, 2 * L, L, 0, 0, 2 * L;
  const auto n = Eigen::Index(s.size());
  Eigen::Matrix3Xd p(3, 8 * n);
  std::vector<int> t;
  int k = 0;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j)
      for (int l = 0; l < 2; ++l, ++k) {
        for (Eigen::Index a = 0; a < n; ++a) p.col(k * n + a) = s.positions.col(a) + L * Eigen::Vector3d(i, j, l);
        t.insert(t.end(), s.types.begin(), s.types.end());
      }
  return pelkit::make_system(pelkit::periodic_box::from_matrix(s.box.lo(), h), p, t, s.type_names, s.type_masses);
}

}  // namespace

TEST_CASE("voronoi: satisfies the descriptor concept") {
  static_assert(pelkit::descriptor<voronoi_analysis>);
  CHECK(voronoi_analysis().name() == "voronoi");
}

TEST_CASE("voronoi: perfect fcc gives <0,12,0,0>, bcc <0,6,0,8>, without thresholds") {
  // voro++ resolves the 4-fold vertices of the rhombic dodecahedron (fcc) itself: no
  // zero-area faces or zero-length edges come out, so no threshold or jitter is needed.
  for (double tol : {0.0, 1e-6}) {
    voronoi_settings set;
    set.min_face_area = tol;
    set.min_edge_length = tol;
    const auto fcc = voronoi_analysis(set).compute(lattice(fcc_basis, 3.6, 3));
    REQUIRE(fcc.cells.size() == 108);
    for (const auto& c : fcc.cells) {
      CHECK(c.index == std::array<int, 4>{0, 12, 0, 0});
      CHECK(c.faces == 12);
      CHECK(c.volume == doctest::Approx(3.6 * 3.6 * 3.6 / 4).epsilon(1e-12));
      CHECK(c.u_vertex.norm() < 1e-12);
      CHECK(c.u_centroid.norm() < 1e-12);
    }
    CHECK(fcc.f_ico() == 0);
    const auto bcc = voronoi_analysis(set).compute(lattice(bcc_basis, 3.0, 4));
    for (const auto& c : bcc.cells) {
      CHECK(c.index == std::array<int, 4>{0, 6, 0, 8});
      CHECK(c.faces == 14);
      CHECK(c.volume == doctest::Approx(13.5).epsilon(1e-12));
    }
    const auto fr = bcc.index_fractions();
    REQUIRE(fr.size() == 1);
    CHECK(fr[0].second == 1.0);
  }
}

TEST_CASE("voronoi: fcc and bcc in triclinic primitive-cell supercells") {
  // Primitive vectors rotated into the LAMMPS upper-triangular form; 4x4x4 supercell.
  auto primitive = [](Eigen::Vector3d a1, Eigen::Vector3d a2, Eigen::Vector3d a3, int n) {
    const double lx = a1.norm(), xy = a2.dot(a1) / lx, ly = std::sqrt(a2.squaredNorm() - xy * xy);
    const double xz = a3.dot(a1) / lx, yz = (a2.dot(a3) - xy * xz) / ly;
    const double lz = std::sqrt(a3.squaredNorm() - xz * xz - yz * yz);
    Eigen::Matrix3d cell;
    cell << lx, xy, xz, 0, ly, yz, 0, 0, lz;
    Eigen::Matrix3Xd p(3, n * n * n);
    Eigen::Index k = 0;
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j)
        for (int l = 0; l < n; ++l) p.col(k++) = cell * Eigen::Vector3d(i, j, l) + Eigen::Vector3d(0.3, -0.2, 0.1);
    return pelkit::make_system(pelkit::periodic_box::from_matrix(Eigen::Vector3d::Zero(), n * cell), p,
                               std::vector<int>(std::size_t(k), 0), {"Cu"}, {63.5});
  };
  const double a = 3.6;
  const auto fcc = primitive(a / 2 * Eigen::Vector3d(1, 1, 0), a / 2 * Eigen::Vector3d(0, 1, 1),
                             a / 2 * Eigen::Vector3d(1, 0, 1), 4);
  REQUIRE(fcc.box.triclinic());
  const auto rf = voronoi_analysis().compute(fcc);
  for (const auto& c : rf.cells) {
    CHECK(c.index == std::array<int, 4>{0, 12, 0, 0});
    CHECK(c.volume == doctest::Approx(a * a * a / 4).epsilon(1e-12));
    CHECK(c.u_centroid.norm() < 1e-12);
  }
  const double b = 3.0;
  const auto bcc = primitive(b / 2 * Eigen::Vector3d(1, 1, -1), b / 2 * Eigen::Vector3d(-1, 1, 1),
                             b / 2 * Eigen::Vector3d(1, -1, 1), 4);
  const auto rb = voronoi_analysis().compute(bcc);
  for (const auto& c : rb.cells) {
    CHECK(c.index == std::array<int, 4>{0, 6, 0, 8});
    CHECK(c.volume == doctest::Approx(b * b * b / 2).epsilon(1e-12));
  }
}

TEST_CASE("voronoi: volumes sum to the box volume (orthorhombic, triclinic, plain, radical)") {
  const auto g = glass();
  const auto tri = tilted_copies(g);
  CHECK(tri.box.triclinic());
  for (const auto& set : {voronoi_settings{}, radical()})
    for (const auto* s : {&g, &tri}) {
      const auto r = voronoi_analysis(set).compute(*s);
      CHECK(std::abs(r.volume_sum() - s->box.volume()) < 1e-10 * s->box.volume());
      CHECK(r.box_volume == s->box.volume());
      for (const auto& c : r.cells) CHECK(c.volume > 0);
    }
}

TEST_CASE("voronoi: a triclinic description gives the same per-atom results") {
  const auto g = glass();
  const auto tri = tilted_copies(g);
  for (const auto& base : {voronoi_settings{}, radical()}) {
    auto set = base;
    set.keep_vertices = true;
    const auto a = voronoi_analysis(set).compute(g);
    const auto b = voronoi_analysis(set).compute(tri);
    double dv = 0, du = 0;
    int index_mismatch = 0;
    for (std::size_t k = 0; k < 8; ++k)
      for (std::size_t i = 0; i < g.size(); ++i) {
        const auto& ca = a.cells[i];
        const auto& cb = b.cells[k * g.size() + i];
        dv = std::max(dv, std::abs(ca.volume - cb.volume) / ca.volume);
        du = std::max({du, (ca.u_centroid - cb.u_centroid).norm(), (ca.u_vertex - cb.u_vertex).norm()});
        // Absolute centroids follow the atom's (unwrapped) position.
        du = std::max(du, (cb.centroid - tri.positions.col(Eigen::Index(k * g.size() + i)) - ca.u_centroid).norm());
        index_mismatch += ca.index != cb.index || ca.faces != cb.faces || ca.vertices.size() != cb.vertices.size();
      }
    MESSAGE("triclinic vs orthorhombic (radical=", base.radical, "): max rel volume diff ", dv,
            ", max |du| ", du, " A");
    CHECK(dv < 1e-10);
    CHECK(du < 1e-9);
    CHECK(index_mismatch == 0);
    CHECK(b.f_ico() == doctest::Approx(a.f_ico()).epsilon(1e-14));
  }
}

TEST_CASE("voronoi: tilts by whole lattice vectors and unwrapped positions change nothing") {
  auto g = glass();
  const double L = g.box.h()(0, 0);
  auto t = g;
  Eigen::Matrix3d h = g.box.h();
  h(0, 1) = L;      // b + a
  h(0, 2) = -2 * L; // c − 2a
  h(1, 2) = L;      // c + b
  t.box = pelkit::periodic_box::from_matrix(g.box.lo(), h);
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> shift(-2, 2);
  for (Eigen::Index i = 0; i < t.positions.cols(); ++i)  // move atoms by random lattice vectors
    t.positions.col(i) += h * Eigen::Vector3d(shift(rng), shift(rng), shift(rng));
  const auto a = voronoi_analysis().compute(g);
  const auto b = voronoi_analysis().compute(t);
  for (std::size_t i = 0; i < g.size(); ++i) {
    CHECK(a.cells[i].volume == doctest::Approx(b.cells[i].volume).epsilon(1e-10));
    CHECK(a.cells[i].index == b.cells[i].index);
    CHECK((a.cells[i].u_centroid - b.cells[i].u_centroid).norm() < 1e-9);
    CHECK((b.cells[i].centroid - t.positions.col(Eigen::Index(i)) - b.cells[i].u_centroid).norm() < 1e-9);
  }
}

TEST_CASE("voronoi: radical with equal radii equals the plain tessellation") {
  const auto g = glass();
  voronoi_settings set;
  set.radical = true;
  set.radii = {{"Cu", 1.4}, {"Zr", 1.4}};
  const auto a = voronoi_analysis().compute(g);
  const auto b = voronoi_analysis(set).compute(g);
  const auto c = voronoi_analysis(radical()).compute(g);
  int differ = 0;
  for (std::size_t i = 0; i < g.size(); ++i) {
    CHECK(a.cells[i].volume == doctest::Approx(b.cells[i].volume).epsilon(1e-10));
    CHECK(a.cells[i].index == b.cells[i].index);
    differ += std::abs(a.cells[i].volume - c.cells[i].volume) > 1e-6;
  }
  CHECK(differ > 400);  // unequal radii move the faces
  // Bigger Zr radius: Zr cells grow on average.
  double vz_plain = 0, vz_rad = 0;
  for (std::size_t i = 0; i < g.size(); ++i)
    if (g.types[i] == 1) vz_plain += a.cells[i].volume, vz_rad += c.cells[i].volume;
  CHECK(vz_rad > vz_plain);
}

TEST_CASE("voronoi: thresholds, summary and columns") {
  const auto g = glass();
  const auto plain = voronoi_analysis().compute(g);
  voronoi_settings set;
  set.min_relative_face_area = 0.01;
  set.min_edge_length = 0.1;
  const auto thr = voronoi_analysis(set).compute(g);
  int fewer = 0;
  for (std::size_t i = 0; i < g.size(); ++i) {
    CHECK(thr.cells[i].faces <= plain.cells[i].faces);
    CHECK(thr.cells[i].volume == plain.cells[i].volume);
    fewer += thr.cells[i].faces < plain.cells[i].faces;
  }
  CHECK(fewer > 0);
  CHECK(thr.f_ico() >= plain.f_ico());
  MESSAGE("glass500 f_ico plain ", plain.f_ico(), ", with 1% area / 0.1 A edge thresholds ", thr.f_ico());

  const auto cols = thr.columns();
  REQUIRE(cols.size() == 8);
  CHECK(cols[0].name == "voronoi_volume");
  CHECK(cols[0].unit == "A^3");
  CHECK(cols[0].values.size() == 500);
  CHECK(cols[0].values.sum() == doctest::Approx(g.box.volume()).epsilon(1e-10));
  CHECK(cols[4].name == "n5");
  const auto sum = thr.summary();
  std::map<std::string, double> q;
  for (const auto& x : sum) q[x.name] = x.value;
  CHECK(q.at("f_ico") == thr.f_ico());
  const auto by_type = thr.f_ico_by_type();
  REQUIRE(by_type.size() == 2);
  CHECK(q.at("f_ico_Cu") == by_type[0]);
  CHECK(q.at("f_ico_Zr") == by_type[1]);
  CHECK(0.5 * (by_type[0] + by_type[1]) == doctest::Approx(thr.f_ico()));  // 250 + 250 atoms
  CHECK(q.at("mean_volume_A3") == doctest::Approx(g.box.volume() / 500));
  CHECK(q.at("mean_u_vertex_A") > 0);
  CHECK(q.at("mean_u_centroid_A") > 0);
  const auto top = thr.index_fractions(5);
  CHECK(top.size() == 5);
  for (std::size_t k = 1; k < top.size(); ++k) CHECK(top[k].second <= top[k - 1].second);
  double total = 0;
  for (const auto& [idx, f] : thr.index_fractions()) total += f;
  CHECK(total == doctest::Approx(1.0));
}

TEST_CASE("voronoi: bad input") {
  auto g = glass();
  SUBCASE("non-finite position") {
    g.positions(1, 41) = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH_AS(voronoi_analysis().compute(g), doctest::Contains("atom 42 has a non-finite position"),
                         pelkit::error);
  }
  SUBCASE("coincident atoms, also across the periodic boundary") {
    auto s = g;
    s.positions.col(9) = s.positions.col(4);
    CHECK_THROWS_WITH_AS(voronoi_analysis().compute(s), doctest::Contains("atoms 5 and 10 coincide"), pelkit::error);
    s = g;
    s.positions.col(9) = s.positions.col(4) + s.box.h().col(1) - s.box.h().col(2) + Eigen::Vector3d(1e-10, 0, 0);
    CHECK_THROWS_WITH_AS(voronoi_analysis().compute(s), doctest::Contains("atoms 5 and 10 coincide"), pelkit::error);
    s = g;
    s.positions.col(9) = s.positions.col(4) + Eigen::Vector3d(1e-5, 0, 0);  // close but distinct: fine
    CHECK_NOTHROW(voronoi_analysis().compute(s));
  }
  SUBCASE("radii") {
    auto set = radical();
    set.radii.erase("Zr");
    CHECK_THROWS_WITH_AS(voronoi_analysis(set).compute(g), doctest::Contains("radius for element Zr"), pelkit::error);
    set.radii["Zr"] = 0;
    CHECK_THROWS_WITH_AS(voronoi_analysis{set}, doctest::Contains("radius of Zr must be positive"), pelkit::error);
    set.radii["Zr"] = -1.6;
    CHECK_THROWS_AS(voronoi_analysis{set}, pelkit::error);
    auto unnamed = g;
    unnamed.type_names = {"", ""};
    CHECK_THROWS_WITH_AS(voronoi_analysis(radical()).compute(unnamed), doctest::Contains("type 1 (no element name)"),
                         pelkit::error);
    // A radius for an element not present is fine; plain tessellation ignores radii.
    set = radical();
    set.radii["Ni"] = 1.2;
    CHECK_NOTHROW(voronoi_analysis(set).compute(g));
  }
  SUBCASE("empty radical cell") {
    // Simple cubic Zr (3 Å) with a Cu 0.1 Å from one Zr: the Cu power cell is empty.
    auto s = lattice({{0, 0, 0}}, 3.0, 3);
    s.type_names = {"Zr"};
    s.type_masses = {91.2};
    Eigen::Matrix3Xd p(3, s.positions.cols() + 1);
    p << s.positions, s.positions.col(13) + Eigen::Vector3d(0.1, 0, 0);
    std::vector<int> t(std::size_t(p.cols()), 1);
    t.back() = 0;
    const auto cuzr =
        pelkit::make_system(s.box, p, t, {"Cu", "Zr"}, {63.5, 91.2});
    CHECK_NOTHROW(voronoi_analysis().compute(cuzr));
    CHECK_THROWS_WITH_AS(voronoi_analysis(radical()).compute(cuzr),
                         doctest::Contains("radical (power) cell of atom 28 is empty"), pelkit::error);
  }
  SUBCASE("thresholds") {
    voronoi_settings set;
    set.min_edge_length = -1;
    CHECK_THROWS_AS(voronoi_analysis{set}, pelkit::error);
  }
  SUBCASE("empty and single-atom systems") {
    auto s = pelkit::make_system(pelkit::periodic_box::cubic(3.0), Eigen::Matrix3Xd(3, 0), {}, {"Cu"}, {63.5});
    CHECK(voronoi_analysis().compute(s).cells.empty());
    s = pelkit::make_system(pelkit::periodic_box::cubic(3.0), Eigen::Matrix3Xd::Zero(3, 1), {0}, {"Cu"}, {63.5});
    const auto r = voronoi_analysis().compute(s);
    CHECK(r.cells[0].volume == doctest::Approx(27.0));
    CHECK(r.cells[0].faces == 6);
  }
}
#else
TEST_CASE("voronoi: skipped, built without voro++") { MESSAGE("voro++ not found at configure time: Voronoi tests skipped"); }
#endif  // PELKIT_HAVE_VORONOI
