// Tests for pelkit/io/text_reader.hpp: lines, tokens, comments, strict numbers, messages.
#include <pelkit/io/text_reader.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

#include "../support.hpp"

using pelkit::testing::temp_dir;


TEST_CASE("text_reader: missing file names the file") {
  temp_dir dir;
  const auto path = (dir.path / "nothing.data").string();
  CHECK_ERROR(pelkit::text_reader(path), "nothing.data: cannot open file");
  CHECK_ERROR(pelkit::text_reader(dir.path.string()), "cannot open file");
}

TEST_CASE("text_reader: lines, numbers, tokens and comments") {
  temp_dir dir;
  const auto path = dir.write("lines.txt", "first line\r\n\n  a  b\tc # comment here\nlast");
  pelkit::text_reader in(path);
  CHECK(in.line_number() == 0);
  REQUIRE(in.next_line());
  CHECK(in.line() == "first line");  // CR removed
  CHECK(in.line_number() == 1);
  REQUIRE(in.next_content_line(true));  // skips the blank line 2
  CHECK(in.line_number() == 3);
  const auto all = in.tokens();
  CHECK(all.size() == 6);
  const auto t = in.tokens(true);
  REQUIRE(t.size() == 3);
  CHECK(t[0] == "a");
  CHECK(t[2] == "c");
  std::string_view comment;
  pelkit::strip_comment(in.line(), &comment);
  CHECK(comment == "comment here");
  REQUIRE(in.next_line());
  CHECK(in.line() == "last");
  CHECK_FALSE(in.next_line());
  CHECK(in.line_number() == 4);
  CHECK_ERROR(in.expect_line("the Atoms section"), "lines.txt:4: unexpected end of file while reading the Atoms section");
}

TEST_CASE("text_reader: strict double parsing") {
  std::istringstream text("line\n");
  pelkit::text_reader in(text, "glass.data");
  REQUIRE(in.next_line());
  CHECK(in.number("1.5", "x") == 1.5);
  CHECK(in.number("-2e-3", "x") == -2e-3);
  CHECK(in.number("+0.25", "x") == 0.25);
  CHECK(in.number(".5", "x") == 0.5);
  CHECK(in.number("1E+2", "x") == 100.0);
  CHECK(std::signbit(in.number("-0", "x")));
  const auto what = pelkit::field_name("atom line", 2, "x");
  CHECK(what == "atom line: field 3 (x)");
  CHECK_ERROR(in.number("abc", what), "glass.data:1: atom line: field 3 (x) is not a number: 'abc'");
  CHECK_ERROR(in.number("1.5x", what), "glass.data:1:", "is not a number: '1.5x'");
  CHECK_ERROR(in.number("", what), "glass.data:1:", "is not a number: ''");
  CHECK_ERROR(in.number("0x10", what), "is not a number");
  CHECK_ERROR(in.number("1,5", what), "is not a number");
  CHECK_ERROR(in.number("++1", what), "is not a number");
  CHECK_ERROR(in.number("nan", what), "glass.data:1:", "is not finite: 'nan'");
  CHECK_ERROR(in.number("inf", what), "is not finite: 'inf'");
  CHECK_ERROR(in.number("-Infinity", what), "is not finite");
  CHECK_ERROR(in.number("1e999", what), "is out of range");
  CHECK(std::isnan(in.number("nan", what, true)));
  CHECK(std::isinf(in.number("-inf", what, true)));
}

TEST_CASE("text_reader: strict integer parsing") {
  std::istringstream text("a\nb\n");
  pelkit::text_reader in(text, "dump.lammpstrj");
  in.next_line();
  in.next_line();
  CHECK(in.integer("42", "id") == 42);
  CHECK(in.integer("-7", "ix") == -7);
  CHECK(in.integer("+3", "ix") == 3);
  CHECK_ERROR(in.integer("1.0", "atom line: field 1 (id)"), "dump.lammpstrj:2: atom line: field 1 (id) is not an integer: '1.0'");
  CHECK_ERROR(in.integer("12a", "id"), "is not an integer: '12a'");
  CHECK_ERROR(in.integer("", "id"), "is not an integer: ''");
  CHECK_ERROR(in.integer("99999999999999999999999", "id"), "is out of range");
  CHECK_ERROR(in.small_integer("3000000000", "ix"), "is out of range");
  CHECK_ERROR(in.expect_fields(pelkit::split_tokens("1 2 3"), 5, "atom line", "id type x y z"),
              "dump.lammpstrj:2: atom line: expected 5 fields (id type x y z), got 3");
}

TEST_CASE("text_reader: free helpers") {
  CHECK(pelkit::trim("  a b \t") == "a b");
  CHECK(pelkit::split_tokens("").empty());
  CHECK(pelkit::join_tokens(pelkit::split_tokens(" Atom   Type  Labels ")) == "Atom Type Labels");
  CHECK(pelkit::to_double("2.5") == 2.5);
  CHECK_FALSE(pelkit::to_double("nan"));
  CHECK(pelkit::to_double("nan", true));
  CHECK(pelkit::to_long("17") == 17);
  CHECK_FALSE(pelkit::to_long("17.0"));
  std::string out;
  pelkit::append_number(out, 0.1);
  CHECK(out == "0.1");  // shortest round-trip form
  out.clear();
  pelkit::append_number(out, 1.0 / 3.0);
  CHECK(*pelkit::to_double(out) == 1.0 / 3.0);
}
