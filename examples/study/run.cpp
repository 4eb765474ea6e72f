// The study driver: this rank's samples side by side (one thread each), then on rank 0 the
// analysis, figures and report.
#include <pelkit/core/parallel.hpp>
#include <pelkit/core/progress.hpp>

#include <Eigen/Core>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <thread>

#include "figures.hpp"
#include "study.hpp"

#ifndef PELKIT_VERSION
#define PELKIT_VERSION "unknown"
#endif

namespace pelkit::study {

namespace {

/// First line printed by a shell command ("" if it fails).
std::string first_line_of(const std::string& command) {
  std::string line;
  if (FILE* f = ::popen((command + " 2>/dev/null").c_str(), "r")) {
    char buf[256];
    if (std::fgets(buf, sizeof buf, f)) line = buf;
    ::pclose(f);
  }
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return line;
}

nlohmann::json versions() {
  return {{"pelkit", PELKIT_VERSION},
          {"compiler", __VERSION__},
          {"eigen", std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
                        std::to_string(EIGEN_MINOR_VERSION)},
          {"nlohmann_json", std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
                                std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "." +
                                std::to_string(NLOHMANN_JSON_VERSION_PATCH)},
#ifdef PELKIT_HAVE_VORONOI
          {"voro++", "yes (Debian libvoro++)"},
#else
          {"voro++", "not built in: f_ico and |u| are missing"},
#endif
          {"gnuplot", first_line_of("gnuplot --version")},
          {"system", first_line_of("uname -srm")},
          {"date", first_line_of("date -u +%Y-%m-%dT%H:%M:%SZ")}};
}

/// Seconds per stage summed over samples, from the stage records (earlier runs included).
nlohmann::json stage_timings(const preset& p, const fs::path& run) {
  nlohmann::json t = nlohmann::json::object();
  for (const auto& stage : stage_names()) {
    double sum = 0;
    for (const auto& s : p.samples) {
      const fs::path f = run / "samples" / s.name / (stage + ".json");
      if (fs::exists(f)) sum += read_json(f).value("wall_s", 0.0);
    }
    t[stage] = sum;
  }
  return t;
}

std::vector<sample> samples_of_rank(const preset& p, const run_options& o, const process_group& g) {
  std::vector<sample> mine;
  for (std::size_t k = 0; k < p.samples.size(); ++k) {
    const auto& s = p.samples[k];
    if (!o.only.empty() && std::find(o.only.begin(), o.only.end(), s.name) == o.only.end()) continue;
    if (int(k % std::size_t(g.size)) == g.rank) mine.push_back(s);
  }
  return mine;
}

/// Runs `samples` on `threads` threads; returns false if any failed (each failure printed).
bool run_samples(const preset& p, const std::vector<sample>& samples, const run_options& o) {
  const long total = long(samples.size() * stage_names().size());
  progress_line bar("study", total, "stages", o.progress);
  std::atomic<long> done{0};
  std::atomic<std::size_t> next{0};
  std::atomic<bool> ok{true};
  std::mutex lock;
  auto worker = [&] {
    set_thread_count(1);  // one core per sample: results independent of the thread count
    for (std::size_t k; (k = next++) < samples.size();) {
      const sample& s = samples[k];
      try {
        run_sample(p, s, o.out / "samples" / s.name, o.stop_after, [&](const stage_outcome& r) {
          std::lock_guard<std::mutex> guard(lock);
          bar.update(++done);
          if (!r.skipped)
            bar.message("study: " + r.sample + " " + r.stage + " done in " + format_duration(r.wall_s));
        });
      } catch (const std::exception& e) {
        std::lock_guard<std::mutex> guard(lock);
        bar.message("study: " + s.name + ": error: " + e.what());
        ok = false;
      }
    }
  };
  const int threads = std::max(1, std::min(o.threads > 0 ? o.threads : int(std::thread::hardware_concurrency()),
                                           int(samples.size())));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  bar.finish();
  return ok;
}

void print_findings(const nlohmann::json& f) {
  for (const auto& item : f["findings"]) {
    const auto& h = item["holds"];
    std::cerr << "  [" << (h.is_null() ? "n/a " : h.get<bool>() ? "yes " : "no  ") << "] "
              << item["claim"].get<std::string>() << ": " << item["evidence"].get<std::string>() << "\n";
  }
}

}  // namespace

int run_study(const preset& p, const run_options& o, const process_group& group) {
  const auto t0 = std::chrono::steady_clock::now();
  fs::create_directories(o.out / "samples");
  if (group.rank == 0) write_json(o.out / "preset.json", p.resolved);
  const auto mine = samples_of_rank(p, o, group);
  if (group.rank == 0)
    std::cerr << "study " << p.name << ": " << p.samples.size() << " samples x " << stage_names().size()
              << " stages -> " << o.out.string() << (group.size > 1 ? " (" + std::to_string(group.size) + " ranks)" : "")
              << "\n";
  const bool ok = group.all_ok(run_samples(p, mine, o));
  if (!ok) {
    if (group.rank == 0) std::cerr << "study: some samples failed (see above); rerun to retry them\n";
    return 1;
  }
  if (group.rank != 0 || !o.stop_after.empty() || !o.only.empty()) return 0;

  const auto t1 = std::chrono::steady_clock::now();
  const nlohmann::json f = analyse(p, o.out);
  write_json(o.out / "versions.json", versions());
  nlohmann::json timings = stage_timings(p, o.out);
  timings["analysis"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  if (o.figures) {
    const auto t2 = std::chrono::steady_clock::now();
    const auto figs = draw_figures(o.out);
    timings["figures"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t2).count();
    timings["this_run_wall"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    write_json(o.out / "timings.json", timings);
    const auto report = write_report(o.out, figs);
    std::cerr << "study: report " << report.string() << "\n";
  } else {
    timings["this_run_wall"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    write_json(o.out / "timings.json", timings);
  }
  std::cerr << "study: results in " << (o.out / "results").string() << "; findings:\n";
  print_findings(f);
  return 0;
}

}  // namespace pelkit::study
