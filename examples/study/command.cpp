// `pelkit study` / `cuzr_study`: the command-line front end of the study (docs/study.md).
#include <iostream>

#include "../pelkit/common.hpp"
#include "study.hpp"

namespace pelkit::cli {

namespace {

int run(const arguments& args, const study::process_group& group) {
  const study::preset p = study::load_preset(args.get("preset"));
  if (args.has("print-preset")) {
    std::cout << p.resolved.dump(2) << "\n";
    return 0;
  }
  if (auto dir = args.optional("lammps-inputs")) {
    study::write_lammps_inputs(p, *dir);
    std::cerr << "study: wrote " << p.samples.size() << " LAMMPS inputs to " << *dir
              << " (run each with: lmp -in NAME.in; then set \"quench\": {\"import_dir\": \"" << *dir
              << "\"} in the preset)\n";
    return 0;
  }
  study::run_options o;
  o.out = args.optional("out").value_or("study-" + p.name);
  const double threads = args.number("threads");
  if (!(threads >= 0) || threads != std::floor(threads)) throw error("--threads: expected a whole number >= 0");
  o.threads = int(threads);
  o.progress = progress_option(args.get("progress"));
  if (auto only = args.optional("only")) {
    o.only = split_list(*only);
    for (const auto& name : o.only)
      if (std::none_of(p.samples.begin(), p.samples.end(), [&](const auto& s) { return s.name == name; }))
        throw error("--only: no sample named '" + name + "' in preset " + p.name);
  }
  if (auto stop = args.optional("stop-after")) {
    const auto& names = study::stage_names();
    if (std::find(names.begin(), names.end(), *stop) == names.end())
      throw error("--stop-after: expected one of prepare, structure, psi, elastic, art, spectrum; got '" + *stop + "'");
    o.stop_after = *stop;
  }
  o.figures = !args.has("no-figures");
  return study::run_study(p, o, group);
}

}  // namespace

command study_command(const study::process_group& group) {
  return {"study",
          "the Cu50Zr50 study: glasses over a pressure x cooling-rate grid, measured and compared",
          "Runs the seed's study for every sample of a preset (grid of quench pressure Pi and\n"
          "cooling rate q): prepare (NPT melt, quench, release, relax, minimise), structure (rho,\n"
          "f_ico, |u|, s2, g(r)), psi (soft-mode parameter), elastic (C_ij and G), art (saddle\n"
          "searches), spectrum (filtered P(EA)); then across samples delta_ij, correlations with\n"
          "bootstrap intervals, thin-plate-spline delta maps, the seed's findings, figures (gnuplot)\n"
          "and report.html. Each sample x stage is stored in OUT/samples/NAME/STAGE.json with the\n"
          "parameters that produced it: a rerun skips finished work, recomputes what changed and\n"
          "continues an interrupted stage. Presets: quick, paper, tiny (examples/study/presets) or\n"
          "a JSON file (docs/study.md). Samples run side by side, one core each.",
          {{"preset", "NAME|FILE", "shipped preset (quick, paper, tiny) or a preset JSON file", "quick"},
           {"out", "DIR", "run directory (default study-<preset name>)"},
           {"threads", "N", "samples measured side by side (0: all cores)", "0"},
           {"only", "LIST", "run only these samples (comma list of names, e.g. P0_q1e13)"},
           {"stop-after", "STAGE", "stop every sample after this stage (resume later)"},
           {"no-figures", "", "skip the figures and the report"},
           {"print-preset", "", "print the preset with every default filled in, and exit"},
           {"lammps-inputs", "DIR", "write each sample's preparation as a LAMMPS input to DIR, and exit"},
           {"progress", "MODE", "progress line on stderr: auto (when a terminal), always, never", "auto"}},
          [group](const arguments& args) { return run(args, group); }};
}

command study_command() { return study_command(study::process_group{}); }

}  // namespace pelkit::cli
