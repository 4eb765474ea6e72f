// libFuzzer harness: the EAM readers (funcfl, setfl, Finnis–Sinclair). They read files by
// path only, so the input is written to a per-process scratch file (in /dev/shm when
// available) and read in all three formats.
#include "common.hpp"

#include <pelkit/potential/eam_file.hpp>

namespace {

void check_spline(const pelkit::eam_spline& s, int n) {
  using pelkit_fuzz::require;
  require(s.size() == n, "spline has the grid's knot count");
  for (const auto& c : s.coeff)
    for (double x : c) require(std::isfinite(x), "finite spline coefficients");
}

void check_tables(const pelkit::eam_tables& t) {
  using pelkit_fuzz::require;
  const auto ne = std::size_t(t.element_count());
  require(ne >= 1, "at least one element");
  require(t.masses.size() == ne && t.atomic_numbers.size() == ne, "one mass and Z per element");
  for (double m : t.masses) require(m > 0 && std::isfinite(m), "positive finite masses");
  require(t.nrho >= 3 && t.nr >= 3, "at least 3 knots per table");
  for (double x : {t.dr, t.drho, t.cutoff, t.rhomax})
    require(x > 0 && std::isfinite(x), "positive finite grid spacings, cutoff and rhomax");
  require(std::isfinite(1.0 / t.dr) && std::isfinite(1.0 / t.drho), "grid spacings with finite inverse");
  require(t.embedding.size() == ne && t.density.size() == ne * ne && t.pair.size() == ne * ne,
          "table counts match the element count");
  for (const auto& s : t.embedding) check_spline(s, t.nrho);
  for (const auto& s : t.density) check_spline(s, t.nr);
  for (const auto& s : t.pair) check_spline(s, t.nr);
}

template <class Read>
void run(const std::string& path, Read read) {
  try {
    check_tables(read(path));
  } catch (const pelkit::error& e) {
    pelkit_fuzz::check_message(e, path);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The format readers do not look at the extension (read_eam does), so one file serves all three.
  static pelkit_fuzz::scratch_file file(".eam");
  const std::string& path = file.write(data, size);
  run(path, [](const std::string& p) { return pelkit::read_eam_funcfl({p}); });
  run(path, [](const std::string& p) { return pelkit::read_eam_setfl(p); });
  run(path, [](const std::string& p) { return pelkit::read_eam_fs(p); });
  return 0;
}
