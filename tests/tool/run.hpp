// Running the pelkit tool from tests.
#pragma once
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

namespace pelkit::testing {

inline std::string tool() {
  const char* dir = std::getenv("PELKIT_BIN_DIR");
  return std::string(dir ? dir : "build/bin") + "/pelkit";
}

/// Runs a shell command; returns its exit status and puts its standard error in `err`.
/// The standard error goes through a file private to this process (ctest runs tool tests in
/// parallel, and a shared file let one test read another's messages).
inline int run(const std::string& cmd, std::string& err) {
  const auto log = std::filesystem::temp_directory_path() /
                   ("pelkit_tool_stderr_" + std::to_string(::getpid()) + ".txt");
  const int rc = std::system((cmd + " 2> " + log.string()).c_str());
  {
    std::ifstream in(log);
    err.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::error_code ec;
  std::filesystem::remove(log, ec);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

inline nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

}  // namespace pelkit::testing
