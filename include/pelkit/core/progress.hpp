// pelkit/core/progress.hpp — a one-line progress display on the terminal.
//
//   pelkit::progress_line bar("quench", 500000, "steps");
//   bar.set_ps_per_item(0.002);                    // optional: adds ns/day for MD
//   for (long k = 1; k <= 500000; ++k) { ...; bar.update(k); }
//   bar.finish();
//
// prints, rewriting one line on stderr with '\r' at most 4 times per second,
//   quench 120000/500000 (24.0%) 1520 steps/s 263 ns/day ETA 4m 10s
// and on finish the last state with the elapsed time and a newline:
//   quench 500000/500000 (100.0%) 1515 steps/s 262 ns/day in 5m 30s
// Mode `automatic` is completely quiet when stderr is not a terminal (a batch job's log file
// gets no '\r' garbage); `always` and `never` force it on or off. The text is a pure function
// of its inputs (format_progress), and the clock and stream can be replaced (set_clock,
// set_stream), so tests check the text without sleeping.
#pragma once
#include <pelkit/core/error.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <iostream>
#include <ostream>
#include <string>
#include <string_view>
#include <unistd.h>

namespace pelkit {

/// When a progress_line prints: only on a terminal (stderr), always, or never.
enum class progress_mode { automatic, always, never };

namespace detail::progress {

inline std::string printf_string(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

/// A rate or speed with three significant digits ("1520", "45.3", "0.812").
inline std::string rate_text(double v) {
  if (!std::isfinite(v)) return "--";
  if (std::abs(v) >= 99.95) return printf_string("%.0f", v);
  if (std::abs(v) >= 9.995) return printf_string("%.1f", v);
  if (std::abs(v) >= 0.9995) return printf_string("%.2f", v);
  return printf_string("%.3g", v);
}

}  // namespace detail::progress

/// A duration in seconds as "42s", "1m 40s", "2h 05m 03s" or "3d 04h" (rounded to whole
/// seconds; "--" when negative or not finite).
inline std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--";
  const long long s = std::llround(seconds);
  char buf[64];
  if (s < 60)
    std::snprintf(buf, sizeof buf, "%llds", s);
  else if (s < 3600)
    std::snprintf(buf, sizeof buf, "%lldm %02llds", s / 60, s % 60);
  else if (s < 86400)
    std::snprintf(buf, sizeof buf, "%lldh %02lldm %02llds", s / 3600, s % 3600 / 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%lldd %02lldh", s / 86400, s % 86400 / 3600);
  return buf;
}

/// The progress text: "label done/total (pct%) rate unit/s [ns/day] ETA t", or "... in t" once
/// done ≥ total. elapsed_s: seconds since the start (rate = done/elapsed_s, ETA = remaining/
/// rate); unit: name of the items ("steps"; empty gives "/s"); ps_per_item: simulated time
/// per item in ps (> 0 adds the speed in ns of simulated time per day of wall time).
inline std::string format_progress(std::string_view label, long done, long total, double elapsed_s,
                                   std::string_view unit = "", double ps_per_item = 0) {
  namespace d = detail::progress;
  std::string text(label);
  if (!text.empty()) text += ' ';
  text += std::to_string(done);
  text += '/';
  text += std::to_string(total);
  const double frac = total > 0 ? double(done) / double(total) : 1.0;
  text += " (";
  text += d::printf_string("%.1f", 100.0 * frac);
  text += "%) ";
  const bool known = done > 0 && elapsed_s > 0;
  const double rate = known ? double(done) / elapsed_s : NAN;  // items/s
  text += d::rate_text(rate);
  if (!unit.empty()) text += ' ';
  text += unit;
  text += "/s";
  if (ps_per_item > 0) {
    text += ' ';
    text += d::rate_text(rate * ps_per_item * 86400.0 / 1000.0);  // ps/s → ns/day
    text += " ns/day";
  }
  text += done >= total ? " in " : " ETA ";
  text += done >= total ? format_duration(elapsed_s) : known ? format_duration(double(total - done) / rate) : "--";
  return text;
}

/// Progress of `total` items on one terminal line (see the file comment).
class progress_line {
public:
  /// label: shown first; total: number of items (≥ 0); unit: their name ("steps");
  /// mode: automatic (only when stderr is a terminal), always, never.
  progress_line(std::string label, long total, std::string unit = "", progress_mode mode = progress_mode::automatic)
      : label_(std::move(label)), unit_(std::move(unit)), total_(total) {
    if (total < 0) throw error("progress_line '" + label_ + "': total must be >= 0, got " + std::to_string(total));
    enabled_ = mode == progress_mode::always || (mode == progress_mode::automatic && ::isatty(STDERR_FILENO));
    start_ = now();
  }
  progress_line(const progress_line&) = delete;
  progress_line& operator=(const progress_line&) = delete;
  ~progress_line() {
    if (pending_) try { *out_ << '\n' << std::flush; } catch (...) {}
  }

  bool enabled() const { return enabled_; }
  /// Simulated time per item (ps); > 0 adds ns/day to the line.
  void set_ps_per_item(double ps) { ps_per_item_ = ps; }
  /// Replaces the stream (default std::cerr); the mode still decides whether anything prints.
  void set_stream(std::ostream& out) { out_ = &out; }
  /// Replaces the clock (seconds, any origin) and restarts the elapsed time from it.
  void set_clock(std::function<double()> clock) {
    clock_ = std::move(clock);
    start_ = now();
    last_print_ = -1e300;
  }

  /// Also tells `f(done, total)` of every update, whatever the mode (e.g. a caller's own display).
  void set_listener(std::function<void(long done, long total)> f) { listener_ = std::move(f); }

  /// `done` items finished: redraws the line if at least 0.25 s passed since the last draw.
  void update(long done) {
    done_ = done;
    if (listener_) listener_(done, total_);
    if (!enabled_ || finished_) return;
    const double t = now();
    if (t - last_print_ < min_interval_s) return;
    last_print_ = t;
    draw(t);
  }

  /// Prints a log line (always, whatever the mode) above the progress line, which is redrawn
  /// below it when shown.
  void message(const std::string& text) {
    std::string line = text;
    if (pending_) {
      if (line.size() < width_) line.append(width_ - line.size(), ' ');
      *out_ << '\r';
    }
    *out_ << line << '\n' << std::flush;
    pending_ = false;
    if (enabled_ && !finished_) draw(now());
  }

  /// Draws the final state and ends the line with a newline (once; later calls do nothing).
  void finish() {
    if (!enabled_ || finished_) return;
    finished_ = true;
    draw(now());
    *out_ << '\n' << std::flush;
    pending_ = false;
  }

  static constexpr double min_interval_s = 0.25;  ///< s between redraws

private:
  double now() const {
    if (clock_) return clock_();
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }
  void draw(double t) {
    std::string text = format_progress(label_, done_, total_, t - start_, unit_, ps_per_item_);
    const std::size_t width = text.size();
    if (width < width_) text.append(width_ - width, ' ');  // blank the rest of a longer line
    width_ = width;
    *out_ << '\r' << text << std::flush;
    pending_ = true;
  }

  std::string label_, unit_;
  long total_, done_ = 0;
  double ps_per_item_ = 0, start_ = 0, last_print_ = -1e300;
  bool enabled_ = false, finished_ = false, pending_ = false;
  std::size_t width_ = 0;
  std::ostream* out_ = &std::cerr;
  std::function<double()> clock_;
  std::function<void(long, long)> listener_;
};

}  // namespace pelkit
