// What a run says while the user waits (--progress): on a terminal a line
// that each "[12/32] tests/foo_test.cpp" redraws in place; in CI, where
// stderr is a log, the same messages as lines, once the run has taken a few
// seconds and then at most every few seconds, so that a short run stays
// silent and a long one never looks hung. stdout stays the report alone.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace parready {

enum class ProgressMode {
  Auto,   ///< a redrawn line on a terminal, paced lines elsewhere
  Always, ///< every message as a line, terminal or not
  Never,
};

/// "auto", "always", "never"; false for anything else.
bool parseProgressMode(const std::string &text, ProgressMode &mode);

class ProgressPrinter {
public:
  using Clock = std::chrono::steady_clock;
  /// `write` puts text on stderr, unbuffered.
  ProgressPrinter(ProgressMode mode, bool terminal, std::function<void(const std::string &)> write,
                  std::function<Clock::time_point()> now = Clock::now,
                  std::chrono::milliseconds pace = std::chrono::seconds(5));
  /// One message of the run ("analysing 32 translation units with 2 jobs",
  /// "[3/32] tests/a_test.cpp", a note).
  void say(const std::string &message);
  /// Before the report and the tool's notes: the redrawn line is cleared.
  void finish();

private:
  /// Per-file counters ("[3/32] ...") are the messages that may be skipped.
  static bool isCounter(const std::string &message);

  ProgressMode Mode;
  bool Terminal;
  std::function<void(const std::string &)> Write;
  std::function<Clock::time_point()> Now;
  std::chrono::milliseconds Pace;
  Clock::time_point Started, LastCounter;
  bool CounterShown = false; ///< a redrawn line is on the terminal
};

} // namespace parready
