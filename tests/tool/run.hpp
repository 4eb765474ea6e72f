// Running the pelkit tool from tests.
#pragma once
#include "../support.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
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


/// True when bin/pelkit and the Cu–Zr potential are there (the tool tests skip otherwise).
inline bool have_tool() { return std::filesystem::exists(tool()) && std::filesystem::exists(cuzr); }

/// True when bin/pelkit, the Cu–Zr potential and `pelkit <subcommand>` are all there (tests
/// of that subcommand skip otherwise).
inline bool have_subcommand(const std::string& subcommand) {
  std::string err;
  return have_tool() && run(tool() + " " + subcommand + " --help > /dev/null", err) == 0;
}

/// The sha256 of a file as `sha256sum` prints it (the independent reference of provenance).
inline std::string sha256sum(const std::string& file) {
  std::string out;
  if (FILE* f = ::popen(("sha256sum '" + file + "' 2>/dev/null").c_str(), "r")) {
    char buf[256];
    if (std::fgets(buf, sizeof buf, f)) out = buf;
    ::pclose(f);
  }
  return out.substr(0, out.find(' '));
}

inline nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

}  // namespace pelkit::testing
