// examples/provenance.hpp — what produced a result: pelkit version and git commit, compiler,
// OpenMP, MPI and voro++ as built, thread count, and the sha256 of the potential file. Shared by
// the pelkit tool and the study (docs/cli.md, docs/study.md). Only provenance.cpp sees the git
// commit (a header generated at build time), so a new commit recompiles that one file.
#pragma once
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace pelkit::provenance {

/// The pelkit version, "X.Y.Z".
std::string version();
/// The git commit the binary was built from (40 hex digits), or "unknown" (no git, e.g. a
/// release tarball).
std::string git_commit();
/// True when tracked files differed from git_commit() at build time.
bool git_dirty();
/// Compiler id and version, e.g. "GNU 12.2.0".
std::string compiler();
/// True when built with OpenMP.
bool openmp();
/// Threads OpenMP would use (omp_get_max_threads); 1 without OpenMP.
int openmp_threads();
/// True when the MPI study program (cuzr_study_mpi) was built alongside.
bool mpi();
/// "" when built without voro++; otherwise its version as the package reports it (Debian:
/// the voro++-dev package version), or "unknown".
std::string voro();

/// Lowercase hex sha256 of the file's bytes. Throws pelkit::error naming the file if it
/// cannot be read.
std::string sha256_file(const std::filesystem::path& file);

/// The provenance object written into results: {"pelkit_version", "git_commit", "git_dirty",
/// "compiler", "openmp", "threads", "mpi", "voro++", and, when `potential` is not empty,
/// "potential" (path as given) and "potential_sha256" (null if unreadable)}. `threads` is the
/// worker count of the run (0: openmp_threads()).
nlohmann::json json(const std::filesystem::path& potential = {}, int threads = 0);

/// The text of `pelkit --version`: first line "pelkit X.Y.Z", then one line each for the git
/// commit, the compiler, OpenMP, MPI and voro++.
std::string version_text();

}  // namespace pelkit::provenance
