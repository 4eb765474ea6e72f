// End-to-end: `pelkit --version` prints "pelkit X.Y.Z" and exits 0.
#include <doctest/doctest.h>

#include "run.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

TEST_CASE("pelkit --version prints the version and exits 0") {
  const auto out = std::filesystem::temp_directory_path() / "pelkit_version_test.txt";
  std::string err;
  REQUIRE(pelkit::testing::run(pelkit::testing::tool() + " --version > " + out.string(), err) == 0);
  std::ifstream in(out);
  const std::string text{std::istreambuf_iterator<char>(in), {}};
  CHECK(std::regex_match(text, std::regex("pelkit [0-9]+\\.[0-9]+\\.[0-9]+\n")));
  CHECK(err.empty());
  std::filesystem::remove(out);
}
