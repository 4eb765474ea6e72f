// End-to-end: `pelkit --version` prints "pelkit X.Y.Z", then the git commit, compiler, OpenMP,
// MPI and voro++ lines, and exits 0.
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
  CHECK(std::regex_search(text, std::regex("^pelkit [0-9]+\\.[0-9]+\\.[0-9]+\n")));
  CHECK(std::regex_match(text, std::regex("pelkit [0-9]+\\.[0-9]+\\.[0-9]+\n"
                                          "git commit: ([0-9a-f]{40}( \\(dirty\\))?|unknown)\n"
                                          "compiler: [^\n]+\n"
                                          "OpenMP: (yes \\([0-9]+ threads\\)|no)\n"
                                          "MPI: (yes \\(cuzr_study_mpi\\)|no)\n"
                                          "voro\\+\\+: (yes \\([^\n]+\\)|no)\n")));
  CHECK(err.empty());
}
