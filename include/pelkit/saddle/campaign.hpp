// pelkit/saddle/campaign.hpp — many saddle searches on one minimum: every centre × trial, on
// all cores, appended to an event file as they finish, resumable after a kill.
//
//   pelkit::campaign_parameters p{.seed = 7, .trials = 10, .events_path = "events.csv"};
//   auto summary = pelkit::run_campaign(pelkit::art_nouveau{}, [&] { return pelkit::calculator(pot); }, glass, p);
//
// Reproducibility: search (centre, trial) uses the seed search_seed(p.seed, centre, trial) and a
// calculator reset to the minimum (saddle_search's contract) with one OpenMP thread, so its event
// is the same whatever the thread count, the order of the work or the restarts.
// Resume: rows already in the event file are kept and their searches skipped; a row cut short by
// a kill (no final newline) is removed first. Rows whose seed does not match p.seed are an error
// (the file belongs to another campaign). Rows are in finishing order; sort by (center, trial)
// for a canonical order (the spectrum tools do).
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/core/progress.hpp>
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/saddle/concepts.hpp>

#include <range/v3/view/cartesian_product.hpp>
#include <range/v3/view/iota.hpp>

#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <functional>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>
#ifdef _OPENMP
#include <omp.h>
#endif

namespace pelkit {

struct campaign_parameters {
  std::uint64_t seed = 1;            ///< campaign seed
  int trials = 10;                   ///< searches per centre (the seed: 10)
  std::vector<long> centers;         ///< 0-based centre atoms; empty = every atom
  int threads = 0;                   ///< concurrent searches; 0 = hardware threads
  std::string events_path;           ///< CSV event file (saddle/event.hpp), appended to
  std::string configurations_dir;    ///< if set, saddle and final states of "ok" events as LAMMPS data files
  progress_mode progress = progress_mode::automatic;
  /// If set, called with (searches finished, searches to run in this call) after each search.
  std::function<void(long done, long total)> progress_listener;
};

struct campaign_summary {
  long total = 0;         ///< centres × trials
  long resumed = 0;       ///< already in the event file at the start
  long run = 0;           ///< searched in this call
  std::map<std::string, long> by_status;  ///< over the whole file (resumed + run)
  double wall_s = 0;      ///< s, this call
  long force_calls = 0;   ///< in this call
};

namespace detail {

/// Keeps the complete lines of an event file (drops a last line without newline); creates the
/// file with its header when missing.
inline void repair_event_file(const std::string& path) {
  namespace fs = std::filesystem;
  if (!fs::exists(path)) {
    if (fs::path(path).has_parent_path()) fs::create_directories(fs::path(path).parent_path());
    std::ofstream out(path, std::ios::binary);
    if (!(out << event_csv_header << '\n')) throw error(path + ": cannot create the event file");
    return;
  }
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t keep = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
  if (keep == text.size()) return;
  if (keep == 0) {  // not even a complete header: start afresh
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << event_csv_header << '\n';
    return;
  }
  fs::resize_file(path, keep);
}

/// Rewrites an event file with the 15-column header of earlier versions with every column
/// (the new ones NaN / 0), atomically, so that rows appended later match the header.
inline void upgrade_event_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string header;
  std::getline(in, header);
  if (!header.empty() && header.back() == '\r') header.pop_back();
  if (header != event_csv_header_v1) return;
  in.close();
  const std::vector<saddle_event> events = read_events(path, false);
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << event_csv_header << '\n';
    for (const saddle_event& e : events) out << to_csv_row(e) << '\n';
    if (!out.flush()) throw error(tmp + ": cannot write the upgraded event file");
  }
  std::filesystem::rename(tmp, path);
}

inline void write_configuration(const std::string& path, const system& minimum, const Eigen::Matrix3Xd& x) {
  system s = minimum;
  s.positions = x;
  s.velocities.reset();
  wrap_positions(s);
  const std::string tmp = path + ".tmp";
  write_lammps_data(tmp, s);
  std::filesystem::rename(tmp, path);
}

}  // namespace detail

/// Runs every (centre, trial) of `p` not yet in p.events_path with `search` (a saddle_search
/// model) and a calculator per thread from `make_calc()`.
template <class Search, class MakeCalc>
campaign_summary run_campaign(const Search& search, MakeCalc&& make_calc, const system& minimum,
                              const campaign_parameters& p) {
  const auto t0 = std::chrono::steady_clock::now();
  validate(minimum, "campaign");
  if (p.events_path.empty()) throw error("campaign: no event file given");
  if (p.trials < 1) throw error("campaign: trials must be >= 1, got " + std::to_string(p.trials));
  std::vector<long> centers = p.centers;
  if (centers.empty())
    for (long i = 0; i < long(minimum.size()); ++i) centers.push_back(i);
  for (long c : centers)
    if (c < 0 || c >= long(minimum.size()))
      throw error("campaign: centre " + std::to_string(c) + " out of range (0.." + std::to_string(long(minimum.size()) - 1) + ")");

  detail::repair_event_file(p.events_path);
  detail::upgrade_event_file(p.events_path);
  campaign_summary summary;
  std::set<std::pair<long, int>> done;
  for (const saddle_event& e : read_events(p.events_path, false)) {
    if (e.seed != search_seed(p.seed, e.center, e.trial))
      throw error(p.events_path + ": event (centre " + std::to_string(e.center) + ", trial " + std::to_string(e.trial) +
                  ") has seed " + std::to_string(e.seed) + ", not that of campaign seed " + std::to_string(p.seed) +
                  " (the file belongs to another campaign; use another --events file)");
    if (!done.insert({e.center, e.trial}).second)
      throw error(p.events_path + ": event (centre " + std::to_string(e.center) + ", trial " + std::to_string(e.trial) +
                  ") appears twice");
    ++summary.by_status[e.status];
  }
  std::vector<search_start> work;  // every (centre, trial) in order, less those already done
  for (const auto [c, t] : ranges::views::cartesian_product(centers, ranges::views::iota(0, p.trials))) {
    ++summary.total;
    if (done.count({c, t})) ++summary.resumed;
    else work.push_back({c, t, search_seed(p.seed, c, t)});
  }
  if (!p.configurations_dir.empty()) std::filesystem::create_directories(p.configurations_dir);

  std::ofstream out(p.events_path, std::ios::binary | std::ios::app);
  if (!out) throw error(p.events_path + ": cannot append to the event file");
  std::mutex lock;
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  progress_line progress("art", long(work.size()), "searches", p.progress);
  if (p.progress_listener) progress.set_listener(p.progress_listener);
  long finished = 0;
  auto worker = [&] {
#ifdef _OPENMP
    omp_set_num_threads(1);  // one search, one core: same arithmetic whatever the thread count
#endif
    try {
      auto calc = make_calc();
      for (std::size_t k = next++; k < work.size(); k = next++) {
        const saddle_result r = search.search(calc, minimum, work[k]);
        if (!p.configurations_dir.empty() && r.event.ok()) {
          const std::string stem = p.configurations_dir + "/c" + std::to_string(r.event.center) + "_t" +
                                   std::to_string(r.event.trial);
          detail::write_configuration(stem + "_saddle.data", minimum, r.saddle);
          detail::write_configuration(stem + "_final.data", minimum, r.final_state);
        }
        const std::string row = to_csv_row(r.event) + "\n";
        std::lock_guard<std::mutex> guard(lock);
        out << row << std::flush;
        if (!out) throw error(p.events_path + ": write failed (disk full?)");
        ++summary.by_status[r.event.status];
        summary.force_calls += r.event.force_calls;
        progress.update(++finished);
      }
    } catch (...) {
      std::lock_guard<std::mutex> guard(lock);
      if (!failure) failure = std::current_exception();
      next = work.size();  // the others stop after their current search
    }
  };
  int threads = p.threads > 0 ? p.threads : int(std::max(1u, std::thread::hardware_concurrency()));
  threads = int(std::min<std::size_t>(std::size_t(threads), std::max<std::size_t>(1, work.size())));
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  progress.finish();
  if (failure) std::rethrow_exception(failure);
  summary.run = finished;
  summary.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return summary;
}

}  // namespace pelkit
