// pelkit — command-line front end of the pelkit library. `pelkit --help` lists subcommands.
#include "cli.hpp"
#include "../provenance.hpp"

#include <iostream>

int main(int argc, char** argv) {
  using namespace pelkit::cli;
  const std::vector<command> commands = {
      eval_command(),
      elastic_command(),
      minimize_command(),
      quench_command(),
      md_command(),
      psi_command(),
      structure_command(),
      art_command(),
      spectrum_command(),
      study_command(),
#ifdef PELKIT_HAVE_VORONOI
      voronoi_command(),
#endif
  };
  auto overview = [&] {
    std::cout << "pelkit — potential energy landscapes of metallic glasses\n\n"
                 "usage: pelkit <command> [options]   (pelkit <command> --help for details;\n"
                 "       pelkit --version prints the version)\n\n"
                 "commands:\n";
    for (const auto& c : commands) {
      std::string name = "  " + c.name;
      name.resize(12, ' ');
      std::cout << name << c.summary << "\n";
    }
  };
  if (argc >= 2 && std::string(argv[1]) == "--version") {
    std::cout << pelkit::provenance::version_text();
    return 0;
  }
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    overview();
    return argc < 2 ? 2 : 0;
  }
  for (const auto& c : commands)
    if (c.name == argv[1]) {
      return run_command(c, argc, argv, 2);
    }
  std::vector<std::string> names;
  for (const auto& c : commands) names.push_back(c.name);
  const std::string guess = closest(argv[1], names);
  std::cerr << "pelkit: unknown command '" << argv[1] << "'"
            << (guess.empty() ? "" : " (did you mean '" + guess + "'?)") << "\n";
  overview();
  return 2;
}
