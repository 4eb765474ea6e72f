// progress_line: the text (rates, ETA, ns/day), redraw throttling, quiet modes, final newline.
#include <pelkit/core/progress.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <unistd.h>

#include "../support.hpp"

using namespace pelkit;

TEST_CASE("format_duration: seconds, minutes, hours, days") {
  CHECK(format_duration(0.0) == "0s");
  CHECK(format_duration(42.4) == "42s");
  CHECK(format_duration(100.0) == "1m 40s");
  CHECK(format_duration(59.6) == "1m 00s");  // rounds to whole seconds
  CHECK(format_duration(3723.0) == "1h 02m 03s");
  CHECK(format_duration(90061.0) == "1d 01h");
  CHECK(format_duration(-1.0) == "--");
  CHECK(format_duration(NAN) == "--");
  CHECK(format_duration(INFINITY) == "--");
}

TEST_CASE("format_progress: percentage, rate and ETA follow from done, total and elapsed time") {
  // 100 of 200 in 100 s: 1 item/s, 100 left, so 100 s to go
  CHECK(format_progress("relax", 100, 200, 100.0) == "relax 100/200 (50.0%) 1.00/s ETA 1m 40s");
  // 250 of 1000 steps in 25 s: 10 steps/s, 750 left → 75 s
  const std::string s = format_progress("MD", 250, 1000, 25.0, "steps");
  CHECK(s == "MD 250/1000 (25.0%) 10.0 steps/s ETA 1m 15s");
  // ETA is remaining/rate for other numbers too: 3 of 7 in 2 s → rate 1.5/s, 4 left → 2.67 s → "3s"
  CHECK(format_progress("", 3, 7, 2.0).find("ETA " + format_duration(4 / 1.5)) != std::string::npos);
  CHECK(format_progress("", 3, 7, 2.0).find("ETA 3s") != std::string::npos);
  CHECK(format_progress("", 3, 7, 2.0).find("(42.9%)") != std::string::npos);
}

TEST_CASE("format_progress: ns/day from the time step, large rates, unknown rate, done") {
  // 2000 steps in 4 s = 500 steps/s; 2 fs per step: 500 · 0.002 ps/s · 86400 s/day = 86.4 ns/day
  const std::string md = format_progress("quench", 2000, 10000, 4.0, "steps", 0.002);
  CHECK(md.find(" 500 steps/s ") != std::string::npos);
  CHECK(md.find(" 86.4 ns/day ") != std::string::npos);
  CHECK(md.find("ETA 16s") != std::string::npos);  // 8000 / 500
  // no item yet or no time elapsed: the rate and ETA are unknown
  CHECK(format_progress("x", 0, 10, 5.0, "steps") == "x 0/10 (0.0%) -- steps/s ETA --");
  CHECK(format_progress("x", 3, 10, 0.0, "steps").find("ETA --") != std::string::npos);
  // done: elapsed time instead of the ETA
  CHECK(format_progress("x", 10, 10, 100.0, "steps") == "x 10/10 (100.0%) 0.1 steps/s in 1m 40s");
  CHECK(format_progress("x", 0, 0, 1.0) == "x 0/0 (100.0%) --/s in 1s");
  CHECK(format_progress("x", 123456, 1000000, 1.0, "steps").find(" 123456 steps/s ") != std::string::npos);
}

namespace {
/// A progress_line drawing into `out` with a clock the test sets.
struct fake_terminal {
  std::ostringstream out;
  double t = 0;  ///< s
  void attach(progress_line& p) {
    p.set_stream(out);
    p.set_clock([this] { return t; });
  }
};
}  // namespace

TEST_CASE("progress_line: redraws at most every 0.25 s with \\r, final newline, text from format_progress") {
  fake_terminal term;
  progress_line p("MD", 1000, "steps", progress_mode::always);
  term.attach(p);
  p.set_ps_per_item(0.002);
  REQUIRE(p.enabled());
  auto redraws = [&] {
    const std::string s = term.out.str();
    return std::count(s.begin(), s.end(), '\r');
  };
  p.update(0);  // first call draws
  CHECK(redraws() == 1);
  term.t = 0.1;
  p.update(40);  // too soon: no redraw
  CHECK(redraws() == 1);
  term.t = 0.3;
  p.update(120);
  const std::string s = term.out.str();
  CHECK(std::count(s.begin(), s.end(), '\r') == 2);
  CHECK(s.substr(s.rfind('\r') + 1) == format_progress("MD", 120, 1000, 0.3, "steps", 0.002));
  CHECK(s.find('\n') == std::string::npos);

  term.t = 2.0;
  p.update(1000);
  p.finish();
  p.finish();  // only once
  const std::string f = term.out.str();
  REQUIRE(f.back() == '\n');
  CHECK(std::count(f.begin(), f.end(), '\n') == 1);
  const std::string last = f.substr(f.rfind('\r') + 1);
  CHECK(last.substr(0, last.find_last_not_of(" \n") + 1) == format_progress("MD", 1000, 1000, 2.0, "steps", 0.002));
  CHECK(last.find("in 2s") != std::string::npos);
}

TEST_CASE("progress_line: a shorter line blanks the rest of the previous one") {
  fake_terminal term;
  progress_line p("x", 100000, "items", progress_mode::always);
  term.attach(p);
  term.t = 2;
  p.update(5);  // slow: ETA in hours
  const std::string long_text = format_progress("x", 5, 100000, 2, "items");
  CHECK(term.out.str() == "\r" + long_text);
  term.t = 3;
  p.update(99999);  // fast: ETA 0s, a shorter text
  const std::string short_text = format_progress("x", 99999, 100000, 3, "items");
  REQUIRE(short_text.size() < long_text.size());
  CHECK(term.out.str() == "\r" + long_text + "\r" + short_text + std::string(long_text.size() - short_text.size(), ' '));
}

TEST_CASE("progress_line: never and non-terminal automatic mode print nothing") {
  fake_terminal quiet;
  {
    progress_line p("x", 10, "", progress_mode::never);
    quiet.attach(p);
    CHECK_FALSE(p.enabled());
    p.update(5);
    p.finish();
  }
  CHECK(quiet.out.str().empty());

  fake_terminal term;
  {
    progress_line p("x", 10, "", progress_mode::automatic);
    term.attach(p);
    CHECK(p.enabled() == bool(::isatty(STDERR_FILENO)));
    p.update(5);
    p.finish();
  }
  if (::isatty(STDERR_FILENO))
    CHECK(term.out.str().back() == '\n');
  else
    CHECK(term.out.str().empty());
}

TEST_CASE("progress_line: an unfinished line still ends with a newline, bad total is an error") {
  fake_terminal term;
  {
    progress_line p("x", 10, "", progress_mode::always);
    term.attach(p);
    p.update(3);
  }  // destroyed, e.g. by an exception in the loop
  CHECK(term.out.str().back() == '\n');
  CHECK(term.out.str().find("3/10") != std::string::npos);
  CHECK_ERROR(progress_line("relax", -1), "relax", "total", ">= 0");
}

TEST_CASE("progress_line: a message prints above the line (always), which is redrawn below it") {
  fake_terminal term;
  progress_line p("x", 10, "items", progress_mode::always);
  term.attach(p);
  term.t = 1;
  p.update(4);
  const std::string bar = format_progress("x", 4, 10, 1, "items");
  p.message("hi");
  const std::string hi = "hi" + std::string(bar.size() - 2, ' ');
  CHECK(term.out.str() == "\r" + bar + "\r" + hi + "\n\r" + bar);

  fake_terminal quiet;  // a piped run: the message alone, nothing else
  progress_line q("x", 10, "items", progress_mode::never);
  quiet.attach(q);
  q.update(4);
  q.message("stage done");
  q.finish();
  CHECK(quiet.out.str() == "stage done\n");
}

TEST_CASE("progress_line: a listener hears every update, whatever the mode") {
  std::vector<std::pair<long, long>> heard;
  progress_line p("x", 10, "items", progress_mode::never);
  p.set_listener([&](long done, long total) { heard.push_back({done, total}); });
  p.update(3);
  p.update(7);
  REQUIRE(heard.size() == 2);
  CHECK(heard[0] == std::pair<long, long>{3, 10});
  CHECK(heard[1] == std::pair<long, long>{7, 10});
}
