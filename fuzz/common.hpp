// fuzz/common.hpp — helpers shared by the libFuzzer harnesses.
//
// A harness feeds the input to one reader. pelkit::error is the expected outcome for bad input;
// its message must name the input ("<name>: ..." or "<name>:<line>: ..."). Anything else — another
// exception, a sanitizer report, a hang, a broken invariant on success — is a finding: the
// harness traps so that libFuzzer records the input.
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/core/system.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>

namespace pelkit_fuzz {

/// Stops the run with a message: libFuzzer saves the input as a crash.
[[noreturn]] inline void finding(const char* what) {
  std::fprintf(stderr, "pelkit fuzz invariant violated: %s\n", what);
  __builtin_trap();
}

inline void require(bool ok, const char* what) {
  if (!ok) finding(what);
}

/// The message of an expected pelkit::error must start with the input's name.
inline void check_message(const pelkit::error& e, const std::string& name) {
  const std::string_view m = e.what();
  if (m.size() <= name.size() + 1 || m.substr(0, name.size()) != name || m[name.size()] != ':') {
    std::fprintf(stderr, "error message does not name the input '%s': %s\n", name.c_str(), e.what());
    finding("pelkit::error without the file name");
  }
}

/// Invariants of a configuration a reader returned.
inline void check_system(const pelkit::system& s) {
  try {
    pelkit::validate(s, "fuzz");
  } catch (const pelkit::error& e) {
    std::fprintf(stderr, "validate: %s\n", e.what());
    finding("reader returned a system that validate() rejects");
  }
  const auto n = static_cast<Eigen::Index>(s.size());
  require(s.ids.size() == s.size(), "one id per atom");
  require(s.images.cols() == n, "one image flag per atom");
  require(s.positions.allFinite(), "finite positions");
  require(s.box.h().allFinite() && s.box.h_inverse().allFinite(), "finite cell matrix and inverse");
  require(s.box.lo().allFinite() && s.box.hi().allFinite(), "finite box bounds");
  require(s.box.volume() > 0 && std::isfinite(s.box.volume()), "positive finite volume");
  for (double m : s.type_masses) require(m > 0 && std::isfinite(m), "positive finite masses");
  if (s.velocities) require(s.velocities->allFinite(), "finite velocities");
}

/// A per-process scratch file for readers that only take a path. The name carries the
/// extension that selects the format where it matters.
class scratch_file {
public:
  explicit scratch_file(const std::string& extension)
      : path_(std::string(::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp") + "/pelkit-fuzz-" +
              std::to_string(::getpid()) + extension) {}
  ~scratch_file() { std::remove(path_.c_str()); }
  const std::string& write(const std::uint8_t* data, std::size_t size) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    out.close();
    if (!out) finding("cannot write the scratch file");
    return path_;
  }
  const std::string& path() const { return path_; }

private:
  std::string path_;
};

}  // namespace pelkit_fuzz
