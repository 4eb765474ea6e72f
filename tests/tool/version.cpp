// End-to-end: `pelkit --version` prints "pelkit X.Y.Z" and exits 0.
#include <doctest/doctest.h>

#include "../support.hpp"
#include "run.hpp"

#include <fstream>
#include <iterator>
#include <regex>
#include <string>

TEST_CASE("pelkit --version prints the version and exits 0") {
  const pelkit::testing::temp_dir dir;
  const std::string out = dir.file("version.txt");
  std::string err;
  REQUIRE(pelkit::testing::run(pelkit::testing::tool() + " --version > " + out, err) == 0);
  std::ifstream in(out);
  const std::string text{std::istreambuf_iterator<char>(in), {}};
  CHECK(std::regex_match(text, std::regex("pelkit [0-9]+\\.[0-9]+\\.[0-9]+\n")));
  CHECK(err.empty());
}
