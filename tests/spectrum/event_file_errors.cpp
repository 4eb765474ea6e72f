// Bad rows of an event file (pelkit/saddle/event.hpp): clear pelkit::errors, never another
// exception or a silently wrong number. Cases found by fuzzing (fuzz/events.cpp).
#include <pelkit/saddle/event.hpp>

#include <doctest/doctest.h>

#include <string>

#include "../support.hpp"

namespace {
// A good row with column `k` (0-based) replaced.
std::string row_with(int k, const std::string& cell) {
  std::string cells[15] = {"3", "1", "42", "ok", "0.5", "-0.25", "0.375", "1.25", "0.125", "-0.5", "nan", "1", "ok", "1234", "0.25"};
  cells[k] = cell;
  std::string row;
  for (int i = 0; i < 15; ++i) row += (i ? "," : "") + cells[i];
  return row;
}
}  // namespace

TEST_CASE("event rows: a good row reads and writes back") {
  const auto e = pelkit::parse_event_row(row_with(2, "18446744073709551615"), "f:2");
  CHECK(e.seed == 18446744073709551615ULL);
  CHECK(pelkit::to_csv_row(e) == row_with(2, "18446744073709551615"));
}

TEST_CASE("event rows: a bad seed is a pelkit::error naming the place (found by fuzzing)") {
  // std::stoull threw std::invalid_argument for "", "x" and took "-1" as 2^64-1, " 7", "7x" as 7
  for (const std::string seed : {"", "x", "-1", " 7", "7x", "+7", "18446744073709551616"}) {
    CAPTURE(seed);
    CHECK_ERROR(pelkit::parse_event_row(row_with(2, seed), "events.csv:5"), "events.csv:5: seed '" + seed + "'",
                std::string("not an unsigned 64-bit integer"));
  }
}

TEST_CASE("event rows: a trial number beyond int is an error, not truncated") {
  CHECK_ERROR(pelkit::parse_event_row(row_with(1, "4294967297"), "events.csv:3"), std::string("events.csv:3: trial '4294967297'"),
              std::string("out of range"));
}
