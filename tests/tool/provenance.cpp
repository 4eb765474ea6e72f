// The provenance helper of the tool and the study (examples/provenance.hpp): sha256 of a file
// against the sha256sum program, computed at test time; the JSON keys; `pelkit --version`.
#include <doctest/doctest.h>

#include "../../examples/provenance.hpp"
#include "../support.hpp"
#include "run.hpp"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

using pelkit::testing::sha256sum;

TEST_CASE("provenance: sha256 of a file equals sha256sum's") {
  const std::string data = std::string(PELKIT_TEST_DATA) + "/cu50zr50_tiny_16.data";
  const std::string expected = sha256sum(data);
  if (expected.empty()) {
    MESSAGE("SKIP: sha256sum not available");
    return;
  }
  REQUIRE(expected.size() == 64);
  CHECK(pelkit::provenance::sha256_file(data) == expected);
  // an empty file and one longer than the read buffer (64 KiB)
  const pelkit::testing::temp_dir dir;
  const std::string empty = dir.file("empty.txt"), big = dir.file("big.txt");
  std::ofstream(empty).close();
  {
    std::ofstream out(big);
    for (int k = 0; k < 20000; ++k) out << "line " << k << "\n";
  }
  CHECK(pelkit::provenance::sha256_file(empty) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(pelkit::provenance::sha256_file(big) == sha256sum(big));
  CHECK_ERROR(pelkit::provenance::sha256_file(dir.file("missing")), "missing", "cannot open");
}

TEST_CASE("provenance: the JSON object carries every key") {
  const std::string data = std::string(PELKIT_TEST_DATA) + "/cu50zr50_tiny_16.data";
  const auto j = pelkit::provenance::json(data, 3);
  for (const char* key : {"pelkit_version", "git_commit", "git_dirty", "compiler", "openmp", "threads", "mpi", "voro++",
                          "potential", "potential_sha256"})
    CHECK_MESSAGE(j.contains(key), key);
  CHECK(j["threads"] == 3);
  CHECK(j["potential_sha256"] == pelkit::provenance::sha256_file(data));
  const std::string commit = j["git_commit"];
  CHECK((commit == "unknown" || std::regex_match(commit, std::regex("[0-9a-f]{40}"))));
  CHECK_FALSE(pelkit::provenance::json().contains("potential"));
  CHECK(pelkit::provenance::json("/nonexistent/potential.eam")["potential_sha256"].is_null());
}
