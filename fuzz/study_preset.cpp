// libFuzzer harness: the study's preset reader (examples/study/preset.cpp, load_preset). Bad
// presets must give a pelkit::error naming the file; a preset it accepts must have a
// consistent grid (one sample per pressure x rate, positive rates, finite pressures).
#include "common.hpp"

#include "../examples/study/study.hpp"

#include <set>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pelkit_fuzz;
  static scratch_file file(".json");
  const std::string& path = file.write(data, size);
  try {
    const pelkit::study::preset p = pelkit::study::load_preset(path);
    require(!p.samples.empty(), "an accepted preset has samples");
    std::set<std::string> names;
    for (const auto& s : p.samples) {
      require(s.cooling_rate_K_per_s > 0 && std::isfinite(s.cooling_rate_K_per_s), "positive finite rate");
      require(std::isfinite(s.pressure_GPa), "finite pressure");
      require(names.insert(s.name).second, "sample names are unique");
    }
    require(p.resolved["glass"]["natoms"].get<double>() >= 16, "at least 16 atoms");
  } catch (const pelkit::error& e) {
    check_message(e, path);
  }
  return 0;
}
