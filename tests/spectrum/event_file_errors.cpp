// Bad rows of an event file (pelkit/saddle/event.hpp): clear pelkit::errors, never another
// exception or a silently wrong number. Cases found by fuzzing (fuzz/events.cpp).
#include <pelkit/saddle/event.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "../support.hpp"

namespace {
// A good row with column `k` (0-based) replaced.
// `columns`: 18 (the current format) or 15 (event_csv_header_v1).
std::string row_with(int k, const std::string& cell, int columns = 18) {
  std::string cells[18] = {"3", "1", "42", "ok", "0.5", "-0.25", "0.375", "1.25", "0.125", "-0.5", "nan", "1", "ok", "1234", "0.25",
                           "2.5", "7.75", "1000"};
  cells[k] = cell;
  std::string row;
  for (int i = 0; i < columns; ++i) row += (i ? "," : "") + cells[i];
  return row;
}
}  // namespace

TEST_CASE("event rows: a good row reads and writes back") {
  const auto e = pelkit::parse_event_row(row_with(2, "18446744073709551615"), "f:2");
  CHECK(e.seed == 18446744073709551615ULL);
  CHECK(e.most_moved_atom_distance == 2.5);
  CHECK(e.participation == 7.75);
  CHECK(e.force_calls_local == 1000);
  CHECK(pelkit::to_csv_row(e) == row_with(2, "18446744073709551615"));
}

TEST_CASE("event rows: the 15-column format of earlier versions is read, and only when asked for") {
  const auto e = pelkit::parse_event_row(row_with(2, "42", 15), "f:2", 15);
  CHECK(e.force_calls == 1234);
  CHECK(std::isnan(e.most_moved_atom_distance));
  CHECK(std::isnan(e.participation));
  CHECK(e.force_calls_local == 0);
  CHECK_ERROR(pelkit::parse_event_row(row_with(2, "42", 15), "events.csv:2"), "events.csv:2: expected 18 comma-separated columns, found 15");
  pelkit::testing::temp_dir tmp;
  const std::string path = tmp.write("old.csv", std::string(pelkit::event_csv_header_v1) + "\n" + row_with(2, "42", 15) + "\n");
  const auto events = pelkit::read_events(path);
  REQUIRE(events.size() == 1);
  CHECK(events[0].center == 3);
  const std::string mixed = tmp.write("mixed.csv", std::string(pelkit::event_csv_header_v1) + "\n" + row_with(2, "42") + "\n");
  CHECK_ERROR(pelkit::read_events(mixed), std::string(mixed + ":2: expected 15 comma-separated columns, found 18"));
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
