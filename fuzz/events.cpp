// libFuzzer harness: pelkit::read_events (event CSV files; path only, so the input goes
// through a per-process scratch file) and parse_event_row. A row read must write back
// (to_csv_row) to a row that reads back to the same event.
#include "common.hpp"

#include <pelkit/saddle/event.hpp>

#include <cstring>

namespace {

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0; }

void check_event(const pelkit::saddle_event& e) {
  using pelkit_fuzz::require;
  require(!e.status.empty(), "non-empty status");
  const std::string row = pelkit::to_csv_row(e);
  pelkit::saddle_event back;
  try {
    back = pelkit::parse_event_row(row, "round trip");
  } catch (const pelkit::error& err) {
    std::fprintf(stderr, "round trip of '%s': %s\n", row.c_str(), err.what());
    pelkit_fuzz::finding("an event read from a file does not read back after writing");
  }
  require(back.center == e.center && back.trial == e.trial && back.seed == e.seed && back.status == e.status &&
              back.validated == e.validated && back.validation == e.validation &&
              back.force_calls == e.force_calls && back.force_calls_local == e.force_calls_local,
          "round trip keeps the integer and text columns");
  require(same(back.e_sad_ini, e.e_sad_ini) && same(back.e_fin_sad, e.e_fin_sad) &&
              same(back.e_fin_ini, e.e_fin_ini) && same(back.delta, e.delta) &&
              same(back.force_saddle, e.force_saddle) && same(back.lambda1, e.lambda1) &&
              same(back.lambda2, e.lambda2) && same(back.wall_s, e.wall_s) &&
              same(back.most_moved_atom_distance, e.most_moved_atom_distance) &&
              same(back.participation, e.participation),
          "round trip keeps the numbers");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pelkit_fuzz;
  static scratch_file file(".csv");
  const std::string& path = file.write(data, size);
  for (bool tolerate : {true, false}) {
    try {
      for (const auto& e : pelkit::read_events(path, tolerate)) check_event(e);
    } catch (const pelkit::error& e) {
      check_message(e, path);
    }
  }
  // The row parser on its own, on the whole input as one line.
  const std::string row(reinterpret_cast<const char*>(data), size);
  try {
    check_event(pelkit::parse_event_row(row, "row"));
  } catch (const pelkit::error& e) {
    check_message(e, "row");
  }
  return 0;
}
