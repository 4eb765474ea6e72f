// Tests for pelkit/io/gzip.hpp and the gzip paths of text_reader / output_file: gzipped copies
// of the test data read like the originals, .gz names write gzip, bad gzip data is an error.
#include <pelkit/io/gzip.hpp>
#include <pelkit/io/structure.hpp>

#include <doctest/doctest.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "../support.hpp"

using pelkit::testing::temp_dir;

namespace {

// gzip through zlib's gz* file API (not pelkit's deflate code).
void gzip_file(const std::string& from, const std::string& to) {
  const std::string text = pelkit::testing::read_text(from);
  gzFile f = gzopen(to.c_str(), "wb");
  REQUIRE(f != nullptr);
  REQUIRE(gzwrite(f, text.data(), unsigned(text.size())) == int(text.size()));
  REQUIRE(gzclose(f) == Z_OK);
}

// Decompresses through zlib's gz* API.
std::string gunzip_file(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  REQUIRE(f != nullptr);
  std::string out;
  char buf[4096];
  int n = 0;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, std::size_t(n));
  REQUIRE(n == 0);
  gzclose(f);
  return out;
}

std::vector<std::string> data_files() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(PELKIT_TEST_DATA))
    if (e.path().extension() == ".data") out.push_back(e.path().string());
  return out;
}

void check_same(const pelkit::system& a, const pelkit::system& b) {
  CHECK(a.box == b.box);
  CHECK(a.positions == b.positions);
  CHECK(a.types == b.types);
  CHECK(a.type_names == b.type_names);
  CHECK(a.type_masses == b.type_masses);
  CHECK(a.ids == b.ids);
  CHECK(a.images == b.images);
  CHECK(a.velocities.has_value() == b.velocities.has_value());
  if (a.velocities && b.velocities) CHECK(*a.velocities == *b.velocities);
}

}  // namespace

TEST_CASE("gzip: every test data file reads the same gzipped (.gz name, other name, gzip tool)") {
  temp_dir dir;
  const auto files = data_files();
  REQUIRE(files.size() >= 3);
  for (const auto& f : files) {
    INFO("file: ", f);
    const auto plain = pelkit::read_lammps_data(f);
    const std::string gz = dir.file(std::filesystem::path(f).filename().string() + ".gz");
    gzip_file(f, gz);
    REQUIRE(pelkit::is_gzip(pelkit::testing::read_text(gz)));
    check_same(pelkit::read_lammps_data(gz), plain);
    check_same(pelkit::read_structure(gz), plain);  // format from the name without .gz
    // Detected by the magic bytes, not the name.
    const std::string disguised = dir.file("disguised.data");
    std::filesystem::copy_file(gz, disguised, std::filesystem::copy_options::overwrite_existing);
    check_same(pelkit::read_lammps_data(disguised), plain);
    // Stream overload.
    std::istringstream stream(pelkit::testing::read_text(gz));
    check_same(pelkit::read_lammps_data(stream, "stream.data"), plain);
  }
  if (std::system("gzip --version >/dev/null 2>&1") == 0) {
    const std::string gz = dir.file("tool.data.gz");
    const std::string cmd = "gzip -c '" + files[0] + "' > '" + gz + "'";
    REQUIRE(std::system(cmd.c_str()) == 0);
    check_same(pelkit::read_lammps_data(gz), pelkit::read_lammps_data(files[0]));
  }
}

TEST_CASE("gzip: concatenated members read as one text") {
  temp_dir dir;
  const std::string text = pelkit::testing::read_text(std::string(PELKIT_TEST_DATA) + "/cu50zr50_tiny_16.data");
  const std::size_t half = text.size() / 2;
  const std::string a = dir.write("a.txt", text.substr(0, half)), b = dir.write("b.txt", text.substr(half));
  gzip_file(a, dir.file("a.gz"));
  gzip_file(b, dir.file("b.gz"));
  const std::string both = dir.write("both.data.gz", pelkit::testing::read_text(dir.file("a.gz")) + pelkit::testing::read_text(dir.file("b.gz")));
  check_same(pelkit::read_lammps_data(both), pelkit::read_lammps_data(std::string(PELKIT_TEST_DATA) + "/cu50zr50_tiny_16.data"));
}

TEST_CASE("gzip: format from the name without .gz, for every format") {
  temp_dir dir;
  const auto s = pelkit::read_lammps_data(std::string(PELKIT_TEST_DATA) + "/cu50zr50_tiny_16.data");
  for (const std::string name : {"x.extxyz", "dump.lammpstrj", "glass.data", "POSCAR"}) {
    INFO("name: ", name);
    const std::string plain = dir.file(name);
    pelkit::write_structure(plain, s);
    gzip_file(plain, dir.file(name + ".gz"));
    const auto a = pelkit::read_structure(plain), b = pelkit::read_structure(dir.file(name + ".gz"));
    check_same(a, b);
    CHECK(a.size() == s.size());
  }
}

TEST_CASE("gzip: a .gz name writes gzip with the same text as the plain file") {
  temp_dir dir;
  const auto s = pelkit::read_lammps_data(std::string(PELKIT_TEST_DATA) + "/cu50zr50_triclinic.data");
  for (const std::string name : {"out.data", "out.extxyz", "out.dump", "out.vasp"}) {
    INFO("name: ", name);
    pelkit::write_structure(dir.file(name), s);
    pelkit::write_structure(dir.file(name + ".GZ"), s);  // suffix in any case
    const std::string z = pelkit::testing::read_text(dir.file(name + ".GZ"));
    CHECK(pelkit::is_gzip(z));
    CHECK(gunzip_file(dir.file(name + ".GZ")) == pelkit::testing::read_text(dir.file(name)));
  }
  // Round trip through the compressor and decompressor of gzip.hpp.
  const std::string text = pelkit::testing::read_text(std::string(PELKIT_TEST_DATA) + "/cu50zr50_glass_500.data");
  CHECK(pelkit::gunzip(pelkit::gzip_compress(text, "t"), "t") == text);
  CHECK(pelkit::gunzip(pelkit::gzip_compress("", "t"), "t").empty());
}

TEST_CASE("gzip: truncated, corrupt or trailing data is an error naming the file") {
  temp_dir dir;
  const std::string src = std::string(PELKIT_TEST_DATA) + "/cu50zr50_small_256.data";
  gzip_file(src, dir.file("good.data.gz"));
  const std::string z = pelkit::testing::read_text(dir.file("good.data.gz"));
  REQUIRE(z.size() > 100);
  for (std::size_t cut : {std::size_t(2), std::size_t(10), z.size() / 2, z.size() - 4, z.size() - 1}) {
    INFO("cut at ", cut, " of ", z.size());
    const std::string p = dir.write("cut.data.gz", z.substr(0, cut));
    CHECK_ERROR(pelkit::read_lammps_data(p), "cut.data.gz: ", "truncated gzip data");
    CHECK_ERROR(pelkit::read_structure(p), "cut.data.gz: ", "truncated gzip data");
    std::istringstream stream(z.substr(0, cut));
    CHECK_ERROR(pelkit::read_lammps_data(stream, "s.data"), "s.data: ", "truncated gzip data");
  }
  std::string bad = z;
  for (std::size_t i = z.size() / 3; i < z.size() / 3 + 16; ++i) bad[i] = char(bad[i] ^ 0x5a);
  CHECK_ERROR(pelkit::read_lammps_data(dir.write("bad.data.gz", bad)), "bad.data.gz: ", "gzip data");
  std::string crc = z;
  crc[z.size() - 6] = char(crc[z.size() - 6] ^ 1);  // the CRC-32 of the trailer
  CHECK_ERROR(pelkit::read_lammps_data(dir.write("crc.data.gz", crc)), "crc.data.gz: ", "corrupt gzip data");
  CHECK_ERROR(pelkit::read_lammps_data(dir.write("tail.data.gz", z + "junk")), "tail.data.gz: ", "corrupt gzip data",
              "after the end");
}

TEST_CASE("gzip: errors inside a gzipped file name the file and the line") {
  temp_dir dir;
  std::string text = pelkit::testing::read_text(std::string(PELKIT_TEST_DATA) + "/cu50zr50_tiny_16.data");
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  lines.at(16) = "1 2 3.69 abc 5.0 -1 -1 -1";  // line 17
  const std::string plain = dir.write("bad.data", pelkit::testing::join_lines(lines));
  gzip_file(plain, dir.file("bad.data.gz"));
  CHECK_ERROR(pelkit::read_lammps_data(dir.file("bad.data.gz")), "bad.data.gz:17:", "is not a number: 'abc'");
  CHECK_ERROR(pelkit::read_structure(dir.file("bad.data.gz")), "bad.data.gz:17:", "is not a number: 'abc'");
}

TEST_CASE("gzip: magic and suffix helpers") {
  CHECK(pelkit::is_gzip("\x1f\x8b\x08"));
  CHECK_FALSE(pelkit::is_gzip("\x1f"));
  CHECK_FALSE(pelkit::is_gzip("\x1f\x8a"));
  CHECK(pelkit::has_gz_suffix("a.gz"));
  CHECK(pelkit::has_gz_suffix("a.Gz"));
  CHECK_FALSE(pelkit::has_gz_suffix("a.tgz2"));
  CHECK_FALSE(pelkit::has_gz_suffix("gz"));
  // A stream starting with 0x1f that is not gzip is read as text.
  std::istringstream s("\x1f" "abc\n");
  pelkit::text_reader in(s, "s");
  REQUIRE(in.next_line());
  CHECK(in.line() == "\x1f" "abc");
}
