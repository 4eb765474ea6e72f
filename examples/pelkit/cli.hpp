// The pelkit command-line tool: shared argument parsing and helpers for the subcommands.
// Each subcommand lives in its own source file and registers a `command`.
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/io/structure.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pelkit::cli {

/// One option of a subcommand: "--name VALUE" or a flag "--name".
struct option {
  std::string name;         // without the dashes
  std::string value_name;   // "" for a flag
  std::string help;         // one line, with units
  std::string default_value = {};
  bool required = false;
};

/// Parsed options of one invocation.
class arguments {
public:
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  std::string get(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) throw error("missing --" + name);
    return it->second;
  }
  std::optional<std::string> optional(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }
  double number(const std::string& name) const;
  /// The option as a whole number in [minimum, maximum]; otherwise an error naming the option.
  long whole_number(const std::string& name, long minimum, long maximum = 1'000'000'000'000'000) const;
  std::map<std::string, std::string>& values() { return values_; }

private:
  std::map<std::string, std::string> values_;
};

struct command {
  std::string name;
  std::string summary;      // one line
  std::string description;  // paragraph for --help
  std::vector<option> options;
  std::function<int(const arguments&)> run;
};

/// Parses argv[first..] against the command's options (CLI11) and the common --threads (added
/// unless the command declares its own); throws pelkit::error, without the "pelkit NAME:"
/// prefix, on an unknown, missing or malformed option. Repeated options: the last one wins.
/// Returns nullopt when --help was asked (and prints it).
std::optional<arguments> parse(const command& cmd, int argc, char** argv, int first);
std::string usage(const command& cmd);
/// Parses and runs `cmd` (with --threads N: N OpenMP threads); errors are printed once as
/// "pelkit NAME: error: ..." with exit code 1.
int run_command(const command& cmd, int argc, char** argv, int first);

/// The candidate closest to `word` (edit distance), or "" when none is close enough to be a typo.
std::string closest(const std::string& word, const std::vector<std::string>& candidates);

/// The format given by --format to the running command (nullopt: by name, then content).
std::optional<structure_format>& input_format();

/// Splits "Cu,Zr" into {"Cu", "Zr"}.
std::vector<std::string> split_list(const std::string& text, char sep = ',');

// Subcommands (one source file each).
command eval_command();
command elastic_command();
command minimize_command();
command quench_command();
command md_command();
command psi_command();
command structure_command();
command art_command();
command spectrum_command();
command study_command();  // examples/study/command.cpp
#ifdef PELKIT_HAVE_VORONOI
command voronoi_command();
#endif

}  // namespace pelkit::cli
