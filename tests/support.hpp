// Helpers shared by the test suites: scratch directories and checks on error messages.
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/io/text_reader.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>
#include <unistd.h>

namespace pelkit::testing {

/// True in the AddressSanitizer build (scripts/sanitize.sh, clang or GCC). Long statistical
/// tests run a short trajectory there: it exercises the same code for memory errors and
/// undefined behaviour, and the Release build checks the statistics.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool sanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool sanitized = true;
#else
inline constexpr bool sanitized = false;
#endif
#else
inline constexpr bool sanitized = false;
#endif

/// A fresh directory under the system temp dir, removed with everything in it afterwards.
struct temp_dir {
  std::filesystem::path path;
  temp_dir() {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("pelkit_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::create_directories(path);
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  std::string file(const std::string& name) const { return (path / name).string(); }
  /// Writes `text` to a file in the directory; returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(file(name), std::ios::binary) << text;
    return file(name);
  }
};

/// Debian's lammps-data folder of potential files, with the trailing slash.
inline const std::string lammps_potentials = "/usr/share/lammps/potentials/";

/// The Cu–Zr EAM potential most suites use (Mendelev et al. 2009, CuZr_mm.eam.fs).
inline const std::string cuzr = lammps_potentials + "CuZr_mm.eam.fs";

/// A committed test configuration: tests/data/`name`.
inline std::string data_file(const std::string& name) { return std::string(PELKIT_TEST_DATA) + "/" + name; }

/// A committed test configuration read from tests/data/`name` (LAMMPS data).
inline pelkit::system test_system(const std::string& name) { return read_lammps_data(data_file(name)); }

/// `v` as pelkit's writers print it (shortest round-trip form, pelkit::append_number).
inline std::string number_text(double v) {
  std::string s;
  pelkit::append_number(s, v);
  return s;
}

/// The whole file as text ("" when it cannot be read).
inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

/// The lines joined with a newline after each.
inline std::string join_lines(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

/// `lines` with line `n` (1-based) replaced by `text`, joined.
inline std::string replace_line(std::vector<std::string> lines, int n, const std::string& text) {
  lines.at(std::size_t(n - 1)) = text;
  return join_lines(lines);
}

/// What `f()` threw: the pelkit::error message, a marked other exception, or "<no exception>".
template <class F>
std::string error_message(F&& f) {
  try {
    f();
  } catch (const pelkit::error& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("<not a pelkit::error> ") + e.what();
  }
  return "<no exception>";
}

}  // namespace pelkit::testing

/// CHECK_ERROR(expr, "part", ...): evaluating expr throws a pelkit::error whose message contains
/// every part (typically the file name, "file:line" and a word of the problem).
#define CHECK_ERROR(expr, ...)                                                              \
  do {                                                                                      \
    const std::string msg_ = pelkit::testing::error_message([&] { (void)(expr); });         \
    INFO("message: ", msg_);                                                                \
    for (std::string_view part_ : {__VA_ARGS__})                                            \
      CHECK_MESSAGE(msg_.find(part_) != std::string::npos, "expected '", part_, "'");      \
  } while (0)
