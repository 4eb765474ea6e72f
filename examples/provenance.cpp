// examples/provenance.cpp — see provenance.hpp. The only file that includes the generated
// pelkit_git_commit.h and carries the build's configuration as compile definitions.
#include "provenance.hpp"

#include <pelkit/core/error.hpp>

#include <openssl/evp.h>

#include <array>
#include <fstream>
#include <memory>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "pelkit_git_commit.h"

#ifndef PELKIT_VERSION
#define PELKIT_VERSION "unknown"
#endif
#ifndef PELKIT_COMPILER
#define PELKIT_COMPILER "unknown"
#endif
#ifndef PELKIT_VORO_VERSION
#define PELKIT_VORO_VERSION ""
#endif

namespace pelkit::provenance {

std::string version() { return PELKIT_VERSION; }
std::string git_commit() { return PELKIT_GIT_COMMIT; }
bool git_dirty() { return PELKIT_GIT_DIRTY != 0; }
std::string compiler() { return PELKIT_COMPILER; }

bool openmp() {
#ifdef _OPENMP
  return true;
#else
  return false;
#endif
}

int openmp_threads() {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

bool mpi() {
#ifdef PELKIT_HAVE_MPI_STUDY
  return true;
#else
  return false;
#endif
}

std::string voro() { return PELKIT_VORO_VERSION; }

std::string sha256_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw error(file.string() + ": cannot open for sha256");
  const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) throw error("sha256: OpenSSL init failed");
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), std::streamsize(buf.size()));
    const auto got = in.gcount();
    if (got > 0 && EVP_DigestUpdate(ctx.get(), buf.data(), std::size_t(got)) != 1)
      throw error("sha256: OpenSSL update failed");
  }
  if (in.bad()) throw error(file.string() + ": read failed during sha256");
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx.get(), md.data(), &len) != 1) throw error("sha256: OpenSSL final failed");
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int k = 0; k < len; ++k) out += hex[md[k] >> 4], out += hex[md[k] & 15];
  return out;
}

nlohmann::json json(const std::filesystem::path& potential, int threads) {
  nlohmann::json j = {{"pelkit_version", version()},
                      {"git_commit", git_commit()},
                      {"git_dirty", git_dirty()},
                      {"compiler", compiler()},
                      {"openmp", openmp()},
                      {"threads", threads > 0 ? threads : openmp_threads()},
                      {"mpi", mpi()},
                      {"voro++", voro().empty() ? nlohmann::json(nullptr) : nlohmann::json(voro())}};
  if (!potential.empty()) {
    j["potential"] = potential.string();
    try {
      j["potential_sha256"] = sha256_file(potential);
    } catch (const error&) {
      j["potential_sha256"] = nullptr;
    }
  }
  return j;
}

std::string version_text() {
  std::string t = "pelkit " + version() + "\n";
  t += "git commit: " + git_commit() + (git_dirty() ? " (dirty)" : "") + "\n";
  t += "compiler: " + compiler() + "\n";
  t += std::string("OpenMP: ") + (openmp() ? "yes (" + std::to_string(openmp_threads()) + " threads)" : "no") + "\n";
  t += std::string("MPI: ") + (mpi() ? "yes (cuzr_study_mpi)" : "no") + "\n";
  t += "voro++: " + (voro().empty() ? std::string("no") : "yes (" + voro() + ")") + "\n";
  return t;
}

}  // namespace pelkit::provenance
