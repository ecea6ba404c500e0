#include "report/Progress.h"

namespace parready {

bool parseProgressMode(const std::string &text, ProgressMode &mode) {
  if (text == "auto")
    mode = ProgressMode::Auto;
  else if (text == "always")
    mode = ProgressMode::Always;
  else if (text == "never")
    mode = ProgressMode::Never;
  else
    return false;
  return true;
}

ProgressPrinter::ProgressPrinter(ProgressMode mode, bool terminal, std::function<void(const std::string &)> write,
                                 std::function<Clock::time_point()> now, std::chrono::milliseconds pace)
    : Mode(mode), Terminal(terminal), Write(std::move(write)), Now(std::move(now)), Pace(pace), Started(Now()),
      LastCounter(Started) {}

bool ProgressPrinter::isCounter(const std::string &message) {
  return message.starts_with("[") && message.find("] ") != std::string::npos;
}

void ProgressPrinter::say(const std::string &message) {
  if (Mode == ProgressMode::Never)
    return;
  if (Mode == ProgressMode::Always) {
    Write("parready: " + message + "\n");
    return;
  }
  if (Terminal) {
    // "\r\033[K": back to the start of the line and clear it.
    if (isCounter(message)) {
      Write("\r\033[Kparready: " + message);
      CounterShown = true;
    } else {
      Write(std::string(CounterShown ? "\r\033[K" : "") + "parready: " + message + "\n");
      CounterShown = false;
    }
    return;
  }
  Clock::time_point now = Now();
  if (now - Started < Pace)
    return; // a short run says nothing
  if (isCounter(message)) {
    if (now - LastCounter < Pace)
      return;
    LastCounter = now;
  }
  Write("parready: " + message + "\n");
}

void ProgressPrinter::finish() {
  if (CounterShown) {
    Write("\r\033[K");
    CounterShown = false;
  }
}

} // namespace parready
