// End-to-end: the tool's option parsing (examples/pelkit/cli.cpp, on CLI11) — one error line
// naming the option, suggestions for typos, --threads on every command, --help listing every
// option with its value and default — and docs/cli.md against the options the tool accepts.
#include <doctest/doctest.h>

#include "../support.hpp"
#include "run.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using pelkit::testing::run;
using pelkit::testing::temp_dir;
using pelkit::testing::tool;
using pelkit::testing::read_text;

namespace {

using pelkit::testing::cuzr;

std::string tiny() { return std::string(PELKIT_TEST_DATA) + "/cu50zr50_tiny_16.data"; }

std::size_t count(const std::string& text, const std::string& word) {
  std::size_t n = 0;
  for (auto k = text.find(word); k != std::string::npos; k = text.find(word, k + word.size())) ++n;
  return n;
}

/// One error line "pelkit CMD: error: ...": the prefix once, one line.
void check_one_error_line(const std::string& cmd, const std::string& err) {
  CHECK_MESSAGE(err.rfind("pelkit " + cmd + ": error: ", 0) == 0, err);
  CHECK_MESSAGE(count(err, "pelkit ") == 1, err);
  CHECK_MESSAGE(count(err, "\n") == 1, err);
}

/// An option as `pelkit CMD --help` lists it: its value's name ("" for a flag) and default.
struct listed {
  std::string value;
  std::string default_value;
};

/// Runs `pelkit CMD --help`; returns its exit status and fills `options` from the listing
/// ("  --name VALUE  help (default D)" after "options:").
int help(const std::string& cmd, std::map<std::string, listed>& options, std::string& text) {
  const temp_dir tmp;
  std::string err;
  const int rc = run(tool() + " " + cmd + " --help > " + tmp.file("help.txt"), err);
  text = read_text(tmp.file("help.txt"));
  std::istringstream in(text);
  bool in_options = false;
  for (std::string line; std::getline(in, line);) {
    if (line == "options:") in_options = true;
    if (!in_options || line.rfind("  --", 0) != 0) continue;
    const auto gap = line.find("  ", 2);
    REQUIRE_MESSAGE(gap != std::string::npos, line);
    const std::string left = line.substr(4, gap - 4), right = line.substr(gap);
    const auto space = left.find(' ');
    listed o{space == std::string::npos ? "" : left.substr(space + 1), ""};
    if (const auto d = right.rfind("(default "); d != std::string::npos)
      o.default_value = right.substr(d + 9, right.find(')', d) - d - 9);
    options[left.substr(0, space)] = o;
  }
  return rc;
}

/// The stable interface (docs/cli.md): every command's options, their values and defaults,
/// as they were before the parser moved to CLI11. Options may be added, never changed.
const std::map<std::string, std::vector<std::pair<std::string, listed>>> interface = {
    {"eval", {{"potential", {"FILE", ""}}, {"data", {"FILE", ""}}, {"format", {"NAME", ""}}, {"elements", {"LIST", ""}}, {"json", {"OUT", ""}},
              {"skin", {"A", "1.0"}}, {"per-atom", {"", ""}}, {"atoms-out", {"FILE", ""}}, {"threads", {"N", ""}}}},
    {"elastic", {{"potential", {"FILE", ""}}, {"data", {"FILE", ""}}, {"format", {"NAME", ""}}, {"elements", {"LIST", ""}},
                 {"method", {"NAME", "response"}}, {"strain", {"D", "1e-5"}}, {"relax-fmax", {"F", "1e-8"}},
                 {"max-force", {"F", "1e-4"}}, {"json", {"OUT", ""}}, {"threads", {"N", ""}}}},
    {"minimize", {{"potential", {"FILE", ""}}, {"data", {"FILE", ""}}, {"format", {"NAME", ""}}, {"out", {"FILE", ""}},
                  {"elements", {"LIST", ""}}, {"method", {"NAME", "lbfgs"}}, {"fmax", {"F", "1e-6"}},
                  {"etol", {"E", "0"}}, {"cell", {"MODE", "fixed"}}, {"pressure", {"GPa", "0"}},
                  {"max-iterations", {"N", "100000"}}, {"max-evaluations", {"N", "1000000"}},
                  {"skin", {"A", "1.0"}}, {"json", {"OUT", ""}}, {"atoms-out", {"FILE", ""}}, {"threads", {"N", ""}}}},
    {"quench", {{"potential", {"FILE", ""}}, {"out", {"FILE", ""}}, {"data", {"FILE", ""}}, {"format", {"NAME", ""}},
                {"elements", {"LIST", ""}}, {"natoms", {"N", "4000"}}, {"composition", {"LIST", "Cu=0.5,Zr=0.5"}},
                {"number-density", {"RHO", "0.05030"}}, {"seed", {"S", "1"}}, {"melt-T", {"K", "2500"}},
                {"melt-ps", {"PS", "20"}}, {"T0", {"K", "1500"}}, {"equilibrate-ps", {"PS", "20"}},
                {"T1", {"K", "1"}}, {"rate", {"Q", "1e12"}}, {"pressure", {"P", "0"}}, {"release-ps", {"PS", "10"}},
                {"release-pressure", {"P", "0"}}, {"relax-ps", {"PS", "100"}}, {"dt", {"PS", "0.002"}},
                {"tau-T", {"PS", "0.1"}}, {"tau-P", {"PS", "1.0"}}, {"couple", {"MODE", "iso"}},
                {"velocity-seed", {"S", "12345"}}, {"fmax", {"F", "1e-6"}}, {"thermo", {"CSV", ""}},
                {"thermo-every", {"N", "1000"}}, {"trajectory", {"FILE", ""}}, {"trajectory-every", {"N", "10000"}},
                {"checkpoint", {"FILE", ""}}, {"checkpoint-every", {"N", "10000"}}, {"stop-at-step", {"N", ""}},
                {"lammps-input", {"FILE", ""}}, {"lammps-only", {"", ""}}, {"progress", {"MODE", "auto"}},
                {"skin", {"A", "1.0"}}, {"json", {"OUT", ""}}, {"threads", {"N", ""}}}},
    {"md", {{"potential", {"FILE", ""}}, {"data", {"FILE", ""}}, {"format", {"NAME", ""}}, {"elements", {"LIST", ""}},
            {"ensemble", {"E", "npt"}}, {"thermostat", {"T", "nh"}}, {"T", {"K|SCHEDULE", "300"}},
            {"P", {"GPa|SCHEDULE", "0"}}, {"couple", {"MODE", "iso"}}, {"steps", {"N", ""}}, {"time-ps", {"T", ""}},
            {"dt", {"PS", "0.002"}}, {"tau-T", {"PS", "0.1"}}, {"tau-P", {"PS", "1.0"}}, {"seed", {"S", "12345"}},
            {"new-velocities", {"", ""}}, {"average-after-ps", {"T", "0"}}, {"sample-every", {"N", "10"}},
            {"blocks", {"N", "10"}}, {"thermo", {"CSV", ""}}, {"thermo-every", {"N", "100"}},
            {"trajectory", {"FILE", ""}}, {"trajectory-every", {"N", "1000"}}, {"checkpoint", {"FILE", ""}},
            {"checkpoint-every", {"N", "10000"}}, {"out", {"FILE", ""}}, {"progress", {"MODE", "auto"}},
            {"skin", {"A", "1.0"}}, {"json", {"OUT", ""}}, {"threads", {"N", ""}}}},
    {"psi", {{"potential", {"FILE", ""}}, {"data", {"FILE", ""}}, {"format", {"NAME", ""}}, {"elements", {"LIST", ""}},
             {"max-force", {"F", "1e-4"}}, {"modes", {"K", ""}}, {"vdos", {"BIN", ""}}, {"json", {"OUT", ""}},
             {"atoms-out", {"FILE", ""}}, {"threads", {"N", ""}}}},
    {"structure", {{"potential", {"FILE", ""}}, {"data", {"FILE", ""}}, {"format", {"NAME", ""}}, {"elements", {"LIST", ""}},
                   {"json", {"OUT", ""}}, {"rdf-rmax", {"A", "10"}}, {"rdf-bin", {"A", "0.01"}},
                   {"sigma", {"A", "0.2"}}, {"s2-rmax", {"A", "7.6"}}, {"atoms-out", {"FILE", ""}},
                   {"threads", {"N", ""}}}},
    {"art", {{"potential", {"FILE", ""}}, {"data", {"FILE", ""}}, {"format", {"NAME", ""}}, {"events", {"OUT", ""}}, {"elements", {"LIST", ""}},
             {"centers", {"LIST", "all"}}, {"trials", {"N", "10"}}, {"seed", {"S", "1"}}, {"threads", {"N", "0"}},
             {"region-radius", {"R", "0"}}, {"perturbation", {"D", "0.5"}}, {"neighbor-radius", {"R", "3.6"}},
             {"eigenvalue-threshold", {"L", "-0.01"}}, {"saddle-force", {"F", "0.05"}},
             {"saddle-force-norm", {"NORM", "two-norm"}}, {"refine-force", {"F", ""}},
             {"region-growth", {"D", "1000"}}, {"max-force-calls", {"N", "5000"}}, {"no-validate", {"", ""}},
             {"mode", {"M", "local"}}, {"basin-lanczos-radius", {"R", ""}}, {"push", {"DIR", ""}},
             {"metabasin-barrier", {"E", ""}}, {"basin-perp-steps", {"N", ""}}, {"basin-perp-early-stop", {"YES", ""}},
             {"locality-radius", {"R", ""}}, {"locality-weight", {"W", ""}}, {"lost-when", {"WHEN", ""}},
             {"lanczos-products", {"N", ""}}, {"lanczos-tolerance", {"T", ""}},
             {"lanczos-relative-tolerance", {"R", ""}}, {"lanczos-early-quit", {"YES", ""}},
             {"known-minimum-distance", {"D", ""}}, {"new-chances", {"N", ""}}, {"proof-refine-force", {"F", ""}},
             {"exit-eigenvalue", {"L", ""}}, {"activation", {"A", ""}}, {"minimize-fmax", {"F", "1e-4"}},
             {"configurations", {"DIR", ""}}, {"progress", {"MODE", "auto"}}, {"json", {"OUT", ""}}}},
    {"spectrum", {{"events", {"IN", ""}}, {"json", {"OUT", ""}}, {"bin-width", {"eV", "0.05"}},
                  {"bandwidth", {"eV", ""}}, {"temperature", {"LIST", "300"}}, {"validated-only", {"", ""}},
                  {"all-events", {"", ""}}, {"order", {"ORDER", "canonical"}}, {"kept", {"OUT.csv", ""}},
                  {"threads", {"N", ""}}}},
    {"study", {{"preset", {"NAME|FILE", "quick"}}, {"out", {"DIR", "study-<preset name>"}}, {"threads", {"N", "0"}},
               {"only", {"LIST", ""}}, {"stop-after", {"STAGE", ""}}, {"no-figures", {"", ""}},
               {"print-preset", {"", ""}}, {"lammps-inputs", {"DIR", ""}}, {"progress", {"MODE", "auto"}}}},
    {"voronoi", {{"data", {"FILE", ""}}, {"format", {"NAME", ""}}, {"elements", {"LIST", ""}}, {"radii", {"LIST", ""}},
                 {"min-face-area", {"A2", "0"}}, {"min-relative-face-area", {"F", "0"}},
                 {"min-edge-length", {"A", "0"}}, {"json", {"OUT", ""}}, {"atoms-out", {"FILE", ""}},
                 {"threads", {"N", ""}}}},
};

/// The lines of the section of a markdown file whose "## " heading names `pelkit CMD`.
std::vector<std::string> doc_section(const std::string& path, const std::string& cmd) {
  std::istringstream in(read_text(path));
  std::vector<std::string> lines;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## ", 0) == 0) inside = line.find("`pelkit " + cmd + "`") != std::string::npos;
    else if (inside) lines.push_back(line);
  }
  return lines;
}

std::set<std::string> options_in(const std::string& text) {
  static const std::regex flag("--([A-Za-z][A-Za-z0-9-]*)");
  std::set<std::string> out;
  for (std::sregex_iterator it(text.begin(), text.end(), flag), end; it != end; ++it) out.insert((*it)[1]);
  return out;
}

/// The options a command's documentation lists: in its synopsis (code blocks and `pelkit CMD
/// ...` spans) and in the first column of its tables; `mentioned` gets every --name of the
/// section, prose included.
std::set<std::string> documented(const std::string& cmd, std::set<std::string>& mentioned) {
  std::vector<std::string> lines = doc_section(std::string(PELKIT_SOURCE_DIR) + "/docs/cli.md", cmd);
  // Commands documented in a page of their own as well.
  const std::map<std::string, std::string> pages = {{"spectrum", "spectrum.md"}, {"elastic", "elastic.md"}};
  if (auto p = pages.find(cmd); p != pages.end())
    for (const auto& l : doc_section(std::string(PELKIT_SOURCE_DIR) + "/docs/" + p->second, cmd)) lines.push_back(l);
  std::set<std::string> listed_options;
  std::string joined;
  bool fence = false;
  for (const auto& line : lines) {
    joined += line + "\n";
    if (line.rfind("```", 0) == 0) {
      fence = !fence;
      continue;
    }
    if (fence || line.rfind("    ", 0) == 0) {
      for (const auto& o : options_in(line)) listed_options.insert(o);
    } else if (line.rfind("| `--", 0) == 0) {
      for (const auto& o : options_in(line.substr(0, line.find(" |", 2)))) listed_options.insert(o);
    }
  }
  // Inline synopses: `pelkit CMD ...` spans, which may run over several lines.
  static const std::regex span("`pelkit [^`]*`");
  for (std::sregex_iterator it(joined.begin(), joined.end(), span), end; it != end; ++it)
    if (it->str().rfind("`pelkit " + cmd, 0) == 0)
      for (const auto& o : options_in(it->str())) listed_options.insert(o);
  mentioned = options_in(joined);
  return listed_options;
}

bool have_voronoi() {
  std::string err;
  return run(tool() + " voronoi --help > /dev/null", err) == 0;
}

std::vector<std::string> commands() {
  std::vector<std::string> out = {"eval",      "elastic", "minimize", "quench", "md",
                                  "psi",       "structure", "art",    "spectrum", "study"};
  if (have_voronoi()) out.push_back("voronoi");
  return out;
}

}  // namespace

TEST_CASE("pelkit: a mistyped option is one error line that suggests the closest option") {
  std::string err;
  CHECK(run(tool() + " eval --potentail " + cuzr + " --data " + tiny() + " > /dev/null", err) == 1);
  check_one_error_line("eval", err);
  CHECK_MESSAGE(err.find("unknown option --potentail") != std::string::npos, err);
  CHECK_MESSAGE(err.find("did you mean --potential?") != std::string::npos, err);

  // The typo is reported, not the required option it was meant to be, also with "=VALUE".
  CHECK(run(tool() + " minimize --potential " + cuzr + " --data " + tiny() + " --ot=x.data > /dev/null", err) == 1);
  check_one_error_line("minimize", err);
  CHECK_MESSAGE(err.find("unknown option --ot (did you mean --out?)") != std::string::npos, err);
  CHECK(run(tool() + " art --seeed 2 > /dev/null", err) == 1);
  CHECK_MESSAGE(err.find("did you mean --seed?") != std::string::npos, err);
  CHECK(run(tool() + " quench --tau-t 0.1 > /dev/null", err) == 1);
  CHECK_MESSAGE(err.find("did you mean --tau-T?") != std::string::npos, err);

  // Nothing close: no suggestion.
  CHECK(run(tool() + " eval --frobnicate 1 > /dev/null", err) == 1);
  check_one_error_line("eval", err);
  CHECK_MESSAGE(err.find("unknown option --frobnicate") != std::string::npos, err);
  CHECK_MESSAGE(err.find("did you mean") == std::string::npos, err);

  CHECK(run(tool() + " eval --potential " + cuzr + " --data " + tiny() + " stray > /dev/null", err) == 1);
  check_one_error_line("eval", err);
  CHECK_MESSAGE(err.find("unexpected argument 'stray'") != std::string::npos, err);
  CHECK(run(tool() + " eval --potential " + cuzr + " --data " + tiny() + " -- --json x > /dev/null", err) == 1);
  check_one_error_line("eval", err);
  CHECK_MESSAGE(err.find("unexpected argument '--json'") != std::string::npos, err);
}

TEST_CASE("pelkit: an unknown command suggests the closest one; no command prints the overview") {
  std::string err;
  CHECK(run(tool() + " evla > /dev/null", err) == 2);
  CHECK_MESSAGE(err.find("unknown command 'evla' (did you mean 'eval'?)") != std::string::npos, err);
  CHECK(run(tool() + " spectrom > /dev/null", err) == 2);
  CHECK_MESSAGE(err.find("did you mean 'spectrum'?") != std::string::npos, err);
  CHECK(run(tool() + " xyzzy > /dev/null", err) == 2);
  CHECK_MESSAGE(err.find("did you mean") == std::string::npos, err);

  const temp_dir tmp;
  CHECK(run(tool() + " > " + tmp.file("overview.txt"), err) == 2);
  const std::string overview = read_text(tmp.file("overview.txt"));
  for (const auto& cmd : commands()) CHECK_MESSAGE(overview.find("  " + cmd + " ") != std::string::npos, cmd);
  CHECK(run(tool() + " --help > /dev/null", err) == 0);
}

TEST_CASE("pelkit: bad and missing values name the option") {
  const std::string eval = tool() + " eval --potential " + cuzr + " --data " + tiny();
  std::string err;
  CHECK(run(eval + " --skin 1.0x > /dev/null", err) == 1);
  check_one_error_line("eval", err);
  CHECK_MESSAGE(err.find("--skin: not a number: '1.0x'") != std::string::npos, err);
  CHECK(run(eval + " --skin= > /dev/null", err) == 1);
  CHECK_MESSAGE(err.find("--skin needs a value") != std::string::npos, err);
  CHECK(run(eval + " --json > /dev/null", err) == 1);
  check_one_error_line("eval", err);
  CHECK_MESSAGE(err.find("--json needs a value") != std::string::npos, err);
  CHECK(run(tool() + " eval --json --data " + tiny() + " > /dev/null", err) == 1);
  CHECK_MESSAGE(err.find("--json needs a value") != std::string::npos, err);
  CHECK(run(eval + " --per-atom=yes > /dev/null", err) == 1);
  check_one_error_line("eval", err);
  CHECK_MESSAGE(err.find("--per-atom is a flag and takes no value") != std::string::npos, err);
  CHECK(run(tool() + " eval --data " + tiny() + " > /dev/null", err) == 1);
  check_one_error_line("eval", err);
  CHECK_MESSAGE(err.find("--potential is required") != std::string::npos, err);

  // Numbers are checked before any file is read (the event file does not exist).
  CHECK(run(tool() + " spectrum --events /nonexistent.csv --bin-width 0.05x > /dev/null", err) == 1);
  check_one_error_line("spectrum", err);
  CHECK_MESSAGE(err.find("--bin-width: not a number: '0.05x'") != std::string::npos, err);
  CHECK(run(tool() + " quench --potential " + cuzr + " --out x.data --natoms 40o > /dev/null", err) == 1);
  CHECK_MESSAGE(err.find("--natoms: not a number") != std::string::npos, err);
  // Negative numbers are values, not options.
  CHECK(run(tool() + " minimize --potential /nonexistent.eam --data " + tiny() + " --out x.data --pressure -1.5 "
                     "> /dev/null", err) == 1);
  CHECK_MESSAGE(err.find("nonexistent.eam") != std::string::npos, err);
}

TEST_CASE("pelkit: a repeated option, the last one wins") {
  if (!fs::exists(cuzr)) {
    MESSAGE("SKIP: ", cuzr, " missing (install Debian's lammps-data)");
    return;
  }
  const temp_dir tmp;
  std::string err;
  CHECK(run(tool() + " eval --potential " + cuzr + " --data /nonexistent.data --data " + tiny() + " --json " +
                tmp.file("a.json") + " --json " + tmp.file("b.json"), err) == 0);
  CHECK_FALSE(fs::exists(tmp.file("a.json")));
  REQUIRE(fs::exists(tmp.file("b.json")));
  CHECK(pelkit::testing::read_json(tmp.file("b.json"))["natoms"] == 16);
}

TEST_CASE("pelkit: --threads on every command; N >= 1, the results do not depend on it") {
  for (const auto& cmd : commands()) {
    std::map<std::string, listed> options;
    std::string text;
    REQUIRE(help(cmd, options, text) == 0);
    CHECK_MESSAGE(options.count("threads") == 1, cmd);
  }
  // The required options of each command with the common --threads (dummy files: the option
  // is checked first).
  const std::map<std::string, std::string> base = {
      {"eval", "--potential p --data d"},         {"elastic", "--potential p --data d"},
      {"minimize", "--potential p --data d --out o"}, {"quench", "--potential p --out o"},
      {"md", "--potential p --data d --steps 1"},
      {"psi", "--potential p --data d"},          {"structure", "--potential p --data d"},
      {"spectrum", "--events e"},                 {"voronoi", "--data d"}};
  for (const auto& cmd : commands()) {
    if (!base.count(cmd)) continue;  // art and study: their own --threads (0: one per core)
    for (const std::string bad : {"0", "-2", "1.5", "two"}) {
      std::string err;
      CHECK_MESSAGE(run(tool() + " " + cmd + " " + base.at(cmd) + " --threads " + bad + " > /dev/null", err) == 1, cmd);
      check_one_error_line(cmd, err);
      CHECK_MESSAGE(err.find("--threads: expected a whole number >= 1, got '" + bad + "'") != std::string::npos, err);
    }
  }
  std::string err;
  CHECK(run(tool() + " art --potential p --data d --events e --threads x > /dev/null", err) == 1);
  CHECK_MESSAGE(err.find("--threads: not a number: 'x'") != std::string::npos, err);

  if (!fs::exists(cuzr)) {
    MESSAGE("SKIP: ", cuzr, " missing (install Debian's lammps-data)");
    return;
  }
  const temp_dir tmp;
  const std::string eval = tool() + " eval --potential " + cuzr + " --data " + std::string(PELKIT_TEST_DATA) +
                           "/cu50zr50_triclinic.data --per-atom --json ";
  REQUIRE(run(eval + tmp.file("one.json") + " --threads 1", err) == 0);
  REQUIRE(run(eval + tmp.file("two.json") + " --threads=2", err) == 0);
  REQUIRE(run("OMP_NUM_THREADS=3 " + eval + tmp.file("env.json"), err) == 0);
  const auto one = pelkit::testing::read_json(tmp.file("one.json"));
  const auto two = pelkit::testing::read_json(tmp.file("two.json"));
  const auto env = pelkit::testing::read_json(tmp.file("env.json"));
#ifdef _OPENMP
  CHECK(one["threads"] == 1);
  CHECK(two["threads"] == 2);
  CHECK(env["threads"] == 3);  // without --threads: OpenMP's default, OMP_NUM_THREADS
#endif
  CHECK(one["energy_eV"].get<double>() == doctest::Approx(two["energy_eV"].get<double>()).epsilon(1e-13));
  REQUIRE(one["forces_eV_per_A"].size() == two["forces_eV_per_A"].size());
  for (std::size_t i = 0; i < one["forces_eV_per_A"].size(); ++i)
    for (int d = 0; d < 3; ++d)
      CHECK(std::abs(one["forces_eV_per_A"][i][d].get<double>() - two["forces_eV_per_A"][i][d].get<double>()) < 1e-12);
  REQUIRE(one["atom_energies_eV"].size() == two["atom_energies_eV"].size());
  for (std::size_t i = 0; i < one["atom_energies_eV"].size(); ++i)
    CHECK(std::abs(one["atom_energies_eV"][i].get<double>() - two["atom_energies_eV"][i].get<double>()) < 1e-12);
  CHECK(one["pressure_GPa"].get<double>() == doctest::Approx(two["pressure_GPa"].get<double>()).epsilon(1e-12));
}

TEST_CASE("pelkit CMD --help exits 0 and lists every option with its value and default") {
  for (const auto& cmd : commands()) {
    std::map<std::string, listed> options;
    std::string text;
    REQUIRE_MESSAGE(help(cmd, options, text) == 0, cmd);
    CHECK_MESSAGE(text.rfind("usage: pelkit " + cmd, 0) == 0, text);
    CHECK_MESSAGE(text.find("--help") != std::string::npos, cmd);
    for (const auto& entry : interface.at(cmd)) {  // (no structured binding: clang 14 lambdas)
      const std::string& name = entry.first;
      INFO(cmd, " --", name);
      REQUIRE(options.count(name) == 1);
      CHECK(options.at(name).value == entry.second.value);
      CHECK(options.at(name).default_value == entry.second.default_value);
    }
  }
  std::string err;
  CHECK(run(tool() + " eval -h > /dev/null", err) == 0);
  CHECK(run(tool() + " eval --skin 1.0x --help > /dev/null", err) == 0);  // help first
}

TEST_CASE("docs/cli.md lists only options the commands accept, and every option of every command") {
  for (const auto& cmd : commands()) {
    std::map<std::string, listed> options;
    std::string text;
    REQUIRE(help(cmd, options, text) == 0);
    std::set<std::string> mentioned;
    const std::set<std::string> listed_options = documented(cmd, mentioned);
    CHECK_MESSAGE(!listed_options.empty(), "docs/cli.md has no section for pelkit ", cmd);
    for (const auto& name : listed_options)
      CHECK_MESSAGE((options.count(name) == 1 || name == "help"), "docs list --", name, " for pelkit ", cmd,
                    ", which does not take it");
    for (const auto& entry : options)
      CHECK_MESSAGE(mentioned.count(entry.first) == 1, "pelkit ", cmd, " --", entry.first,
                    " is not documented in docs/cli.md");
  }
}
