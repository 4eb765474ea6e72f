// The study driver: this rank's samples side by side (one thread each), then on rank 0 the
// analysis, figures and report.
#include <pelkit/core/parallel.hpp>
#include <pelkit/core/progress.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <thread>
#include <map>
#include <unistd.h>

#include "../provenance.hpp"
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

/// Software versions (versions.json), the build's provenance included.
nlohmann::json versions(const nlohmann::json& prov) {
  nlohmann::json v = {{"pelkit", PELKIT_VERSION},
          {"compiler", __VERSION__},
          {"eigen", std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
                        std::to_string(EIGEN_MINOR_VERSION)},
          {"nlohmann_json", std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
                                std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "." +
                                std::to_string(NLOHMANN_JSON_VERSION_PATCH)},
#ifdef PELKIT_HAVE_VORONOI
          {"voro++", "yes (" + provenance::voro() + ")"},
#else
          {"voro++", "not built in: f_ico and |u| are missing"},
#endif
          {"gnuplot", first_line_of("gnuplot --version")},
          {"system", first_line_of("uname -srm")},
          {"date", first_line_of("date -u +%Y-%m-%dT%H:%M:%SZ")}};
  for (const char* key : {"git_commit", "git_dirty", "openmp", "threads", "mpi", "potential", "potential_sha256"})
    if (prov.contains(key)) v[key] = prov[key];
  v["compiler_id"] = prov.value("compiler", "unknown");
  return v;
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
  // Slowest cooling (most MD steps) first: the long samples do not end up alone at the end.
  std::stable_sort(mine.begin(), mine.end(),
                   [](const sample& a, const sample& b) { return a.cooling_rate_K_per_s < b.cooling_rate_K_per_s; });
  return mine;
}

/// The study's progress line: stages finished overall, then each running stage with its own
/// progress and ETA ("study 7/36 stages | P0_q1e12 prepare 45% ETA 3m 10s | ..."), redrawn at
/// most 4 times a second on a terminal; stage log lines go above it.
class study_display {
public:
  study_display(long total_stages, progress_mode mode) : total_(total_stages) {
    enabled_ = mode == progress_mode::always || (mode == progress_mode::automatic && ::isatty(STDERR_FILENO));
  }

  void progress(const std::string& sample, const std::string& stage, long done, long total) {
    std::lock_guard<std::mutex> guard(lock_);
    auto& a = active_[sample];
    if (a.stage != stage) a = {stage, 0, 0, now()};
    a.done = done, a.total = total;
    draw(false);
  }
  void finished(const stage_outcome& r) {
    std::lock_guard<std::mutex> guard(lock_);
    active_.erase(r.sample);
    ++stages_done_;
    if (!r.skipped) print("study: " + r.sample + " " + r.stage + " done in " + format_duration(r.wall_s));
    draw(true);
  }
  void failed(const std::string& sample, const std::string& what) {
    std::lock_guard<std::mutex> guard(lock_);
    active_.erase(sample);
    print("study: " + sample + ": error: " + what);
  }
  void finish() {
    std::lock_guard<std::mutex> guard(lock_);
    if (drawn_) std::cerr << "\n";
    drawn_ = false;
  }

private:
  struct running {
    std::string stage;
    long done = 0, total = 0;
    double t0 = 0;
  };
  static double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }
  void print(const std::string& line) {
    std::string text = line;
    if (drawn_ && text.size() < width_) text.append(width_ - text.size(), ' ');
    std::cerr << (drawn_ ? "\r" : "") << text << "\n" << std::flush;
    drawn_ = false;
  }
  void draw(bool force) {
    if (!enabled_) return;
    const double t = now();
    if (!force && t - last_ < 0.25) return;
    last_ = t;
    std::string text = format_progress("study", stages_done_, total_, t - t0_, "stages");
    if (auto eta = text.find(" ETA "); eta != std::string::npos) text.erase(eta);  // stages differ too much in cost
    for (const auto& [sample, a] : active_) {
      text += " | " + sample + " " + a.stage;
      if (a.total > 0 && a.done > 0) {
        const double rate = double(a.done) / std::max(1e-9, t - a.t0);
        text += " " + std::to_string(100 * a.done / a.total) + "% ETA " + format_duration(double(a.total - a.done) / rate);
      }
    }
    const std::size_t width = text.size();
    if (width < width_) text.append(width_ - width, ' ');
    width_ = width;
    std::cerr << "\r" << text << std::flush;
    drawn_ = true;
  }
  std::mutex lock_;
  std::map<std::string, running> active_;
  long stages_done_ = 0, total_ = 0;
  bool enabled_ = false, drawn_ = false;
  double t0_ = now(), last_ = -1e300;
  std::size_t width_ = 0;
};

/// Runs `samples` on `threads` threads; returns false if any failed (each failure printed).
bool run_samples(const preset& p, const std::vector<sample>& samples, const run_options& o) {
  std::size_t per_sample = stage_names().size();
  if (!o.stop_after.empty())
    per_sample = std::size_t(std::find(stage_names().begin(), stage_names().end(), o.stop_after) - stage_names().begin()) + 1;
  study_display display(long(samples.size() * per_sample), o.progress);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> ok{true};
  auto worker = [&] {
    set_thread_count(1);  // one core per sample: results independent of the thread count
    for (std::size_t k; (k = next++) < samples.size();) {
      const sample& s = samples[k];
      try {
        run_sample(
            p, s, o.out / "samples" / s.name, o.stop_after, [&](const stage_outcome& r) { display.finished(r); },
            [&](const std::string& stage, long done, long total) { display.progress(s.name, stage, done, total); });
      } catch (const std::exception& e) {
        display.failed(s.name, e.what());
        ok = false;
      }
    }
  };
  const int threads = std::max(1, std::min(o.threads > 0 ? o.threads : int(std::thread::hardware_concurrency()),
                                           int(samples.size())));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  display.finish();
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
  // worker threads as run_samples uses them (one core per sample)
  const int workers = std::max(1, std::min(o.threads > 0 ? o.threads : int(std::thread::hardware_concurrency()),
                                           int(std::max<std::size_t>(1, p.samples.size()))));
  const nlohmann::json prov = provenance::json(p.potential, workers);
  const nlohmann::json f = analyse(p, o.out, prov);
  write_json(o.out / "versions.json", versions(prov));
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
