// The pelkit command-line tool: argument parsing shared by every subcommand and by the
// stand-alone programs built from them (cuzr_study).
#include "cli.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace pelkit::cli {

double arguments::number(const std::string& name) const {
  const std::string text = get(name);
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used != text.size() || !std::isfinite(v)) throw std::invalid_argument(text);
    return v;
  } catch (const std::exception&) {
    throw error("--" + name + ": not a number: '" + text + "'");
  }
}

std::vector<std::string> split_list(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, sep);)
    if (!item.empty()) out.push_back(item);
  return out;
}

std::string usage(const command& cmd) {
  std::ostringstream out;
  out << "usage: pelkit " << cmd.name;
  for (const auto& o : cmd.options) {
    std::string text = "--" + o.name + (o.value_name.empty() ? "" : " " + o.value_name);
    out << " " << (o.required ? text : "[" + text + "]");
  }
  out << "\n\n" << cmd.description << "\n\noptions:\n";
  for (const auto& o : cmd.options) {
    std::string text = "  --" + o.name + (o.value_name.empty() ? "" : " " + o.value_name);
    if (text.size() < 26) text.resize(26, ' ');
    out << text << " " << o.help;
    if (!o.default_value.empty()) out << " (default " << o.default_value << ")";
    out << "\n";
  }
  out << "  --help                   show this help\n";
  return out.str();
}

std::optional<arguments> parse(const command& cmd, int argc, char** argv, int first) {
  arguments args;
  for (int k = first; k < argc; ++k) {
    const std::string word = argv[k];
    if (word == "--help" || word == "-h") {
      std::cout << usage(cmd);
      return std::nullopt;
    }
    if (word.rfind("--", 0) != 0)
      throw error("pelkit " + cmd.name + ": unexpected argument '" + word + "' (see --help)");
    std::string name = word.substr(2), value;
    if (auto eq = name.find('='); eq != std::string::npos)
      value = name.substr(eq + 1), name = name.substr(0, eq);
    const option* o = nullptr;
    for (const auto& candidate : cmd.options)
      if (candidate.name == name) o = &candidate;
    if (!o) throw error("pelkit " + cmd.name + ": unknown option --" + name + " (see --help)");
    if (!o->value_name.empty() && value.empty()) {
      if (k + 1 >= argc) throw error("pelkit " + cmd.name + ": --" + name + " needs a value");
      value = argv[++k];
    }
    args.values()[name] = o->value_name.empty() ? "1" : value;
  }
  for (const auto& o : cmd.options) {
    if (o.required && !args.has(o.name))
      throw error("pelkit " + cmd.name + ": --" + o.name + " is required (see --help)");
    if (!o.default_value.empty() && !args.has(o.name)) args.values()[o.name] = o.default_value;
  }
  return args;
}

int run_command(const command& cmd, int argc, char** argv, int first) {
  try {
    auto args = parse(cmd, argc, argv, first);
    return args ? cmd.run(*args) : 0;
  } catch (const std::exception& e) {
    std::cerr << "pelkit " << cmd.name << ": error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace pelkit::cli
