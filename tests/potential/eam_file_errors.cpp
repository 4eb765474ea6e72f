// Bad EAM files: every error names the file, the line and the problem.
// The files are small made-up potentials written to a temporary directory.
#include <pelkit/potential/eam_file.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using namespace pelkit;

namespace {

struct scratch {
  fs::path dir;
  scratch() {
    dir = fs::temp_directory_path() / ("pelkit_eam_errors_" + std::to_string(::getpid()));
    fs::create_directories(dir);
  }
  ~scratch() { fs::remove_all(dir); }
  std::string write(const std::string& name, const std::vector<std::string>& lines) const {
    const auto p = (dir / name).string();
    std::ofstream o(p);
    for (const auto& l : lines) o << l << "\n";
    return p;
  }
};

/// `count` values, 5 per line.
std::vector<std::string> table(int count, double start) {
  std::vector<std::string> lines;
  std::string l;
  for (int i = 0; i < count; ++i) {
    l += std::to_string(start + 0.01 * i) + " ";
    if (i % 5 == 4) {
      lines.push_back(l);
      l.clear();
    }
  }
  if (!l.empty()) lines.push_back(l);
  return lines;
}

void append(std::vector<std::string>& a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
}

// funcfl: line 1 comment, 2 "Z mass a lattice", 3 grid, F on 4-5, Z on 6-7, rho on 8-9
std::vector<std::string> good_funcfl() {
  std::vector<std::string> l{"test funcfl UNITS: metal", "29 63.55 3.615 FCC",
                             "10 0.1 10 0.5 4.0"};
  append(l, table(10, -1.0));
  append(l, table(10, 2.0));
  append(l, table(10, 0.5));
  return l;
}

// setfl Cu Zr: lines 1-3 comments, 4 elements, 5 grid, 6 Cu line, F 7-8, rho 9-10,
// 11 Zr line, F 12-13, rho 14-15, phi CuCu 16-17, ZrCu 18-19, ZrZr 20-21
std::vector<std::string> good_setfl(bool fs_format = false) {
  std::vector<std::string> l{"c1", "c2", "c3", "2 Cu Zr", "10 0.1 10 0.5 4.0"};
  for (int a = 0; a < 2; ++a) {
    l.push_back(a == 0 ? "29 63.546 3.6 fcc" : "40 91.224 3.2 hcp");
    append(l, table(10, -1.0 - a));
    for (int b = 0; b < (fs_format ? 2 : 1); ++b) append(l, table(10, 0.3 + a + 0.1 * b));
  }
  for (int p = 0; p < 3; ++p) append(l, table(10, 1.0 + p));
  return l;
}

/// Runs `read` and checks that it throws pelkit::error whose message contains every piece.
void check_error(const std::function<void()>& read, const std::vector<std::string>& pieces) {
  std::string msg;
  try {
    read();
  } catch (const pelkit::error& e) {
    msg = e.what();
  }
  CAPTURE(msg);
  REQUIRE_FALSE(msg.empty());
  for (const auto& p : pieces) {
    CAPTURE(p);
    CHECK(msg.find(p) != std::string::npos);
  }
}

}  // namespace

TEST_CASE("eam_file errors: the good test files are read") {
  scratch s;
  const auto f = read_eam(s.write("ok.eam", good_funcfl()));
  CHECK(f.elements == std::vector<std::string>{"Cu"});
  CHECK(f.nrho == 9);
  CHECK(f.nr == 9);
  CHECK(f.cutoff == 4.0);
  const auto a = read_eam(s.write("ok.eam.alloy", good_setfl()));
  CHECK(a.elements == std::vector<std::string>{"Cu", "Zr"});
  CHECK(a.nr == 10);
  const auto b = read_eam(s.write("ok.eam.fs", good_setfl(true)));
  CHECK(b.elements == std::vector<std::string>{"Cu", "Zr"});
  CHECK(b.density[1].coeff != b.density[0].coeff);
}

TEST_CASE("eam_pair_style names the LAMMPS pair_style of a file by its extension") {
  CHECK(eam_pair_style("/usr/share/lammps/potentials/Cu_u3.eam") == "eam");
  CHECK(eam_pair_style("CuZr_mm.eam.fs") == "eam/fs");
  CHECK(eam_pair_style("CuZr.FS") == "eam/fs");
  CHECK(eam_pair_style("CuNi.eam.alloy") == "eam/alloy");
  CHECK(eam_pair_style("x.setfl") == "eam/alloy");
  CHECK(eam_pair_style("dir.fs/pot.eam") == "eam");
}

TEST_CASE("eam_file errors: missing file and unknown extension") {
  scratch s;
  const auto missing = (s.dir / "nowhere.eam.alloy").string();
  check_error([&] { read_eam(missing); }, {missing, "cannot open", "No such file"});
  check_error([&] { read_eam_funcfl({missing}); }, {missing, "cannot open"});
  check_error([&] { read_eam_fs(missing); }, {missing, "cannot open"});
  const auto odd = s.write("pot.eam.he", good_funcfl());
  check_error([&] { read_eam(odd); }, {odd, "cannot tell the EAM format", ".eam.alloy"});
  check_error([&] { eam_pair_style(odd); }, {odd, "cannot tell the EAM format"});
  check_error([&] { read_eam_funcfl({}); }, {"no files"});
  const auto empty = s.write("empty.eam", {});
  check_error([&] { read_eam(empty); }, {empty, "empty file"});
}

TEST_CASE("eam_file errors: truncated files") {
  scratch s;
  {
    auto l = good_funcfl();
    l.resize(4);  // header + first line of F
    const auto p = s.write("trunc_F.eam", l);
    check_error([&] { read_eam(p); },
                {p + ":4:", "expected 10 values for F(rho) of Cu, got 5 before end of file"});
  }
  {
    auto l = good_funcfl();
    l.pop_back();
    const auto p = s.write("trunc_rho.eam", l);
    check_error([&] { read_eam(p); },
                {p + ":8:", "expected 10 values for rho(r) of Cu, got 5 before end of file"});
  }
  {
    const auto p = s.write("trunc_header.eam", {"comment", "29 63.55", "10 0.1 10"});
    check_error([&] { read_eam(p); },
                {p + ":3:", "expected 5 values (nrho drho nr dr cutoff), got 3 before end of file"});
  }
  {
    auto l = good_setfl();
    l.resize(18);  // ends inside r*phi of Zr-Cu (lines 18-19)
    const auto p = s.write("trunc.eam.alloy", l);
    check_error([&] { read_eam(p); },
                {p + ":18:", "expected 10 values for r*phi(r) of Zr-Cu, got 5 before end of file"});
  }
  {
    auto l = good_setfl(true);
    l.resize(12);  // fs: Cu line 6, F 7-8, rho[Cu][Cu] 9-10, rho[Cu][Zr] 11-12, Zr line 13
    const auto p = s.write("trunc.eam.fs", l);
    check_error([&] { read_eam(p); },
                {p + ":12:", "expected 2 values (atomic number and mass of Zr), got 0"});
    l.resize(11);
    const auto q = s.write("trunc2.eam.fs", l);
    check_error([&] { read_eam(q); }, {q + ":11:", "rho(r) of Cu (density function 2, for Zr hosts)",
                                       "got 5 before end of file"});
  }
  {
    const auto p = s.write("short.eam.alloy", {"c1", "c2"});
    check_error([&] { read_eam(p); }, {p + ":2:", "file ends before"});
  }
}

TEST_CASE("eam_file errors: non-numeric and non-finite values") {
  scratch s;
  {
    auto l = good_funcfl();
    l[6] = "1.0 2.0 abc 3.0 4.0";  // line 7: second line of Z
    const auto p = s.write("word.eam", l);
    check_error([&] { read_eam(p); }, {p + ":7:", "expected a number in Z(r) of Cu, got 'abc'"});
  }
  {
    auto l = good_setfl();
    l[8] = "1.0 2.0 nan 3.0 4.0";  // line 9: rho of Cu
    const auto p = s.write("nan.eam.alloy", l);
    check_error([&] { read_eam(p); }, {p + ":9:", "'nan'", "rho(r) of Cu", "not finite"});
    l[8] = "1.0 2.0 -inf 3.0 4.0";
    const auto q = s.write("inf.eam.alloy", l);
    check_error([&] { read_eam(q); }, {q + ":9:", "'-inf'", "not finite"});
    l[8] = "1.0 2.0 1.0e+99999 3.0 4.0";
    const auto r = s.write("huge.eam.alloy", l);
    check_error([&] { read_eam(r); }, {r + ":9:", "1.0e+99999"});
  }
  {
    auto l = good_setfl(true);
    l[15] = "1.0 2,0 3.0 4.0 5.0";  // line 16: rho[Zr][Cu] (Zr line 13, F 14-15, rho 16-17)
    const auto p = s.write("comma.eam.fs", l);
    check_error([&] { read_eam(p); }, {p + ":16:", "'2,0'"});
  }
  {
    auto l = good_funcfl();
    l[1] = "Cu 63.55 3.615 FCC";
    const auto p = s.write("z.eam", l);
    check_error([&] { read_eam(p); }, {p + ":2:", "expected an integer for the atomic number, got 'Cu'"});
  }
}

TEST_CASE("eam_file errors: bad headers") {
  scratch s;
  struct grid_case {
    std::string line, piece;
  };
  for (const auto& grid : std::vector<grid_case>{
           {"0 0.1 10 0.5 4.0", "nrho = 0 must be positive"},
           {"10 0.1 -5 0.5 4.0", "nr = -5 must be positive"},
           {"10 0.0 10 0.5 4.0", "drho = 0.0 must be positive"},
           {"10 0.1 10 -0.5 4.0", "dr = -0.5 must be positive"},
           {"10 0.1 10 0.5 0", "cutoff = 0 must be positive"},
           {"10.5 0.1 10 0.5 4.0", "expected an integer for nrho, got '10.5'"},
           {"3 0.1 10 0.5 4.0", "nrho = 3 is too small"},
           {"10 0.1 10 0.5 nan", "'nan' in cutoff is not finite"}}) {
    const std::string& line = grid.line;  // a named copy: clang 14 cannot capture structured bindings
    const std::string& piece = grid.piece;
    CAPTURE(line);
    auto f = good_funcfl();
    f[2] = line;
    const auto p = s.write("grid.eam", f);
    check_error([&] { read_eam(p); }, {p + ":3:", piece});
    auto a = good_setfl();
    a[4] = line;
    const auto q = s.write("grid.eam.alloy", a);
    if (line.rfind("3 ", 0) != 0)  // 3 points are enough for setfl
      check_error([&] { read_eam(q); }, {q + ":5:", piece});
  }
  {
    auto a = good_setfl();
    a[3] = "3 Cu Zr";
    const auto p = s.write("count.eam.alloy", a);
    check_error([&] { read_eam(p); },
                {p + ":4:", "element count 3 but 2 element name(s) on the line (Cu Zr)"});
    a[3] = "1 Cu Zr";
    const auto q = s.write("count2.eam.fs", a);
    check_error([&] { read_eam(q); }, {q + ":4:", "element count 1 but 2 element name(s)"});
    a[3] = "0";
    const auto r = s.write("count3.eam.alloy", a);
    check_error([&] { read_eam(r); }, {r + ":4:", "element count 0 must be positive"});
    a[3] = "2 Cu Cu";
    const auto t = s.write("twice.eam.alloy", a);
    check_error([&] { read_eam(t); }, {t + ":4:", "element Cu listed twice"});
  }
  {
    auto a = good_setfl();
    a[5] = "29 -63.546 3.6 fcc";
    const auto p = s.write("mass.eam.alloy", a);
    check_error([&] { read_eam(p); }, {p + ":6:", "bad mass -63.546 of Cu"});
  }
  {
    auto f = good_funcfl();
    f[1] = "0 1234.5";
    const auto p = s.write("unknown.eam", f);
    check_error([&] { read_eam(p); }, {p + ":2:", "unknown atomic number 0", "cannot name the element"});
    f[1] = "0 63.55";  // named from the mass instead
    CHECK(read_eam(s.write("bymass.eam", f)).elements == std::vector<std::string>{"Cu"});
  }
  {
    auto f = good_funcfl();
    f[0] = "DATE: 2020-01-01 UNITS: real CONTRIBUTOR: someone";
    const auto p = s.write("real.eam", f);
    check_error([&] { read_eam(p); }, {p + ":1:", "'real' units", "metal"});
  }
}

TEST_CASE("eam_file errors: a table that does not end at the end of a line") {
  // LAMMPS starts every table on a new line and drops what follows a table on its last line
  // (then usually fails at the end of the file); pelkit reports the place
  scratch s;
  auto l = good_funcfl();
  l[4] += " 7.0 8.0";  // line 5: last line of F gets two of Z's values
  const auto p = s.write("joined.eam", l);
  check_error([&] { read_eam(p); },
              {p + ":5:", "2 extra value(s) after the 10 values of F(rho) of Cu", "new line"});
  auto a = good_setfl();
  a[1] = "comment lines are skipped whatever they hold: 1 2 3";
  a[5] += " # a comment after the Cu line";
  a[7] += "   # comments after a table are fine";
  CHECK_NOTHROW(read_eam(s.write("comments.eam.alloy", a)));
}

TEST_CASE("eam_file errors: huge counts, tiny spacings and overflowing tables (found by fuzzing)") {
  scratch s;
  {  // 100 million points declared in a 4-line file: a truncated file, not gigabytes of tables
    const auto p = s.write("huge.eam", {"c", "29 63.55", "100000000 0.1 100000000 0.1 5", "1 2 3"});
    check_error([&] { read_eam(p); }, {p + ":4:", "expected 100000000 values for F(rho) of Cu, got 3"});
  }
  {  // a subnormal spacing: 1/dr is infinite and every lookup would overflow
    auto f = good_funcfl();
    f[2] = "10 1e-310 10 0.5 4.0";
    const auto p = s.write("tiny_drho.eam", f);
    check_error([&] { read_eam(p); }, {p + ":3:", "drho = 1e-310 is too small"});
  }
  {  // (nr-1)*dr overflows: funcfl's grid size int(rmax/dr) was undefined behaviour
    auto f = good_funcfl();
    f[2] = "10 0.1 10 1e308 4.0";
    const auto p = s.write("huge_dr.eam", f);
    check_error([&] { read_eam(p); }, {p + ":3:", "table range (nr-1)*dr overflows"});
  }
  {  // finite values whose spline coefficients overflow (would give inf/NaN energies)
    auto a = good_setfl();
    a[6] = "0 1e308 -1e308 0 0";  // first line of F(rho) of Cu
    const auto p = s.write("overflow.eam.alloy", a);
    check_error([&] { read_eam(p); }, {p + ":8:", "values of F(rho) of Cu are too large"});
    auto f = good_funcfl();
    f[3] = "0 1e308 -1e308 0 0";
    const auto q = s.write("overflow.eam", f);
    check_error([&] { read_eam(q); }, {q + ": ", "values of F(rho) of Cu are too large"});
  }
}
