// The pelkit command-line tool: argument parsing shared by every subcommand and by the
// stand-alone programs built from them (cuzr_study). The parsing itself is CLI11's: each
// command's option list becomes a CLI::App; this file adds the checks and the messages the
// tool promises (docs/cli.md): one "pelkit NAME: error: ..." line, the option named, the
// closest valid option suggested for a typo.
#include "cli.hpp"

#include <pelkit/io/structure.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace pelkit::cli {

std::optional<structure_format>& input_format() {
  static std::optional<structure_format> format;
  return format;
}

namespace {

/// --threads on every command that does not declare its own (art and study do: theirs count
/// searches or samples run side by side).
const option threads_option{"threads", "N",
                            "OpenMP threads of the computation, >= 1 (default: OMP_NUM_THREADS, else one per core)"};

bool own_threads(const command& cmd) {
  return std::any_of(cmd.options.begin(), cmd.options.end(), [](const option& o) { return o.name == "threads"; });
}

/// --format on every command that reads a configuration (--data).
const option format_option{"format", "NAME",
                           "format of --data: lammps-data, lammps-dump, extxyz or poscar (default: by the file "
                           "name, then by the content; .gz files are read compressed)"};

bool reads_data(const command& cmd) {
  return std::any_of(cmd.options.begin(), cmd.options.end(), [](const option& o) { return o.name == "data"; });
}

/// The command's options as parsed and listed by --help: its own, then the common ones.
std::vector<option> all_options(const command& cmd) {
  std::vector<option> out = cmd.options;
  if (reads_data(cmd)) out.push_back(format_option);
  if (!own_threads(cmd)) out.push_back(threads_option);
  return out;
}

bool is_number(const std::string& text) {
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    return used == text.size() && std::isfinite(v);
  } catch (const std::exception&) {
    return false;
  }
}

/// Options whose values are checked as numbers while parsing: those with a numeric default
/// (a LIST such as --temperature 300,600 or a SCHEDULE such as md's --T 0:300,10:1500 is not one
/// number). The others are checked where the command reads them (arguments::number).
bool numeric(const option& o) {
  return !o.value_name.empty() && o.value_name != "LIST" && o.value_name.find("SCHEDULE") == std::string::npos &&
         !o.default_value.empty() && is_number(o.default_value);
}

/// Edit distance with adjacent transpositions ("potentail" is one edit from "potential").
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t change = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + change});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

/// The help text: synopsis, description, one line per option with its unit and default.
std::string format_usage(const command& cmd, const std::vector<option>& options) {
  std::ostringstream out;
  out << "usage: pelkit " << cmd.name;
  for (const auto& o : options) {
    std::string text = "--" + o.name + (o.value_name.empty() ? "" : " " + o.value_name);
    out << " " << (o.required ? text : "[" + text + "]");
  }
  out << "\n\n" << cmd.description << "\n\noptions:\n";
  for (const auto& o : options) {
    std::string text = "  --" + o.name + (o.value_name.empty() ? "" : " " + o.value_name);
    if (text.size() < 25) text.resize(25, ' ');
    out << text << "  " << o.help;  // two spaces at least: the columns stay apart
    if (!o.default_value.empty()) out << " (default " << o.default_value << ")";
    if (o.required) out << " (required)";
    out << "\n";
  }
  out << "  -h, --help               show this help\n";
  return out.str();
}

/// The CLI::App of one command: an option (or flag) per entry, the last of repeated options
/// wins, flags take no value. Unknown arguments are kept (allow_extras) so that they, not a
/// required option they were meant to be, are reported.
std::unique_ptr<CLI::App> make_app(const command& cmd, const std::vector<option>& options) {
  auto app = std::make_unique<CLI::App>(cmd.summary, "pelkit " + cmd.name);
  app->allow_extras();
  app->set_help_flag("-h,--help", "show this help");
  app->formatter_fn([&cmd, &options](const CLI::App*, std::string, CLI::AppFormatMode) {
    return format_usage(cmd, options);
  });
  for (const auto& o : options) {
    CLI::Option* opt = nullptr;
    if (o.value_name.empty()) {
      opt = app->add_flag("--" + o.name)->disable_flag_override();
    } else {
      opt = app->add_option("--" + o.name)->type_name(o.value_name);
      if (!o.default_value.empty()) opt->default_str(o.default_value);
    }
    opt->description(o.help)->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    if (o.required) opt->required();
  }
  return app;
}

/// Arguments CLI11 did not recognise: "unknown option --x (did you mean --y?)" or
/// "unexpected argument 'x'"; before them, an option whose value is another option ("--json
/// --data x": CLI11 takes "--data" as the value of --json).
void check_extras(const CLI::App& app, const std::vector<option>& options) {
  for (const auto& o : options)
    if (const CLI::Option* opt = app.get_option("--" + o.name); !o.value_name.empty() && opt->count() > 0) {
      const std::string value = opt->as<std::string>();
      if (value.rfind("--", 0) == 0 && app.get_option_no_throw(value.substr(0, value.find('='))))
        throw error("--" + o.name + " needs a value (got the option " + value + ")");
    }
  bool separated = false;  // after "--" every word is an argument, not an option
  for (const std::string& word : app.remaining()) {
    if (word == "--" && !separated) {
      separated = true;
      continue;
    }
    if (separated || word.empty() || word[0] != '-') throw error("unexpected argument '" + word + "' (see --help)");
    std::string name = word.substr(word.rfind("--", 0) == 0 ? 2 : 1);
    name = name.substr(0, name.find('='));
    std::vector<std::string> names;
    for (const auto& o : options) names.push_back(o.name);
    const std::string guess = closest(name, names);
    throw error("unknown option " + word.substr(0, word.find('=')) +
                (guess.empty() ? "" : " (did you mean --" + guess + "?)") + " (see --help)");
  }
}

/// CLI11's own errors in the tool's words, naming the option.
std::string message(const CLI::ParseError& e) {
  const std::string what = e.what();
  if (e.get_name() != "ArgumentMismatch") return what + " (see --help)";
  std::string name = what.substr(0, what.find_first_of(": "));
  if (name.rfind("--", 0) != 0) name = "--" + name;
  if (what.find("flag override") != std::string::npos) return name + " is a flag and takes no value";
  return name + " needs a value";
}

}  // namespace

double arguments::number(const std::string& name) const {
  const std::string text = get(name);
  if (!is_number(text)) throw error("--" + name + ": not a number: '" + text + "'");
  return std::stod(text);
}

long arguments::whole_number(const std::string& name, long minimum, long maximum) const {
  const double v = number(name);
  if (!(v >= double(minimum)) || v != std::floor(v) || v > double(maximum))
    throw error("--" + name + ": expected a whole number >= " + std::to_string(minimum) + ", got '" + get(name) + "'");
  return long(v);
}

std::vector<std::string> split_list(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, sep);)
    if (!item.empty()) out.push_back(item);
  return out;
}

std::string closest(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) best = c, best_distance = d;
  }
  return best;
}

std::string usage(const command& cmd) {
  const std::vector<option> options = all_options(cmd);
  return make_app(cmd, options)->help();
}

std::optional<arguments> parse(const command& cmd, int argc, char** argv, int first) {
  const std::vector<option> options = all_options(cmd);
  const auto app = make_app(cmd, options);
  try {
    // CLI11 skips argv[0], the program's name: hand it the word before the first option.
    app->parse(argc - first + 1, argv + first - 1);
  } catch (const CLI::CallForHelp&) {
    std::cout << app->help();
    return std::nullopt;
  } catch (const CLI::ParseError& e) {
    check_extras(*app, options);  // a typo, not the option it was meant to be, is the error
    throw error(message(e));
  }
  check_extras(*app, options);

  arguments args;
  for (const auto& o : options) {
    const CLI::Option* opt = app->get_option("--" + o.name);
    if (opt->count() == 0) {
      if (!o.default_value.empty()) args.values()[o.name] = o.default_value;
      continue;
    }
    if (o.value_name.empty()) {
      args.values()[o.name] = "1";
      continue;
    }
    const std::string value = opt->as<std::string>();
    if (numeric(o) && !is_number(value)) throw error("--" + o.name + ": not a number: '" + value + "'");
    args.values()[o.name] = value;
  }
  if (!own_threads(cmd) && args.has("threads")) {
    const std::string text = args.get("threads");
    if (!is_number(text) || std::stod(text) < 1 || std::stod(text) != std::floor(std::stod(text)) ||
        std::stod(text) > 1e6)
      throw error("--threads: expected a whole number >= 1, got '" + text + "'");
  }
  return args;
}

int run_command(const command& cmd, int argc, char** argv, int first) {
  try {
    auto args = parse(cmd, argc, argv, first);
    if (!args) return 0;
#ifdef _OPENMP
    if (!own_threads(cmd) && args->has("threads")) omp_set_num_threads(int(args->number("threads")));
#endif
    input_format() = std::nullopt;
    if (reads_data(cmd) && args->has("format")) {
      input_format() = parse_structure_format(args->get("format"));
      if (!input_format())
        throw error("--format: expected " + structure_format_names(", ") + ", got '" + args->get("format") + "'");
    }
    return cmd.run(*args);
  } catch (const std::exception& e) {
    std::cerr << "pelkit " << cmd.name << ": error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace pelkit::cli
