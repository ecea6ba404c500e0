// Sleep as synchronisation: a test that starts concurrent work, sleeps a
// fixed time and then asserts on what the work should have done by then.
// Link finds it in the order in which a test reaches its concurrency events
// (docs/rules/parready-sleep-synchronisation.md).
#pragma once

#include "facts/Facts.h"

#include <optional>
#include <string>
#include <vector>

namespace parready {

struct EvidenceStep {
  SourceLocation location;
  std::string message;
};

/// A concurrency event as one test reaches it: its amount resolved through
/// the call chain.
struct ReachedEvent {
  ConcurrencyEvent event;
  /// The calls from the test's own code (body or fixture) to the event.
  std::vector<EvidenceStep> callChain;
  bool throughVirtualCall = false;
  /// A call on the way is made inside a loop: a sleep there polls.
  bool inLoop = false;
};

/// What a test waits for by sleeping, and how long.
struct SleepWait {
  std::string worker; ///< the call that starts the work (std::thread::thread, pthread_create)
  SourceLocation workerLocation;
  /// How long the test sleeps between the start and the assertion, in all;
  /// nullopt when a sleep's length is not known at compile time.
  std::optional<uint64_t> milliseconds;
  /// The longest duration the test hands to a call before sleeping
  /// (flush_every(1s)): the period the work keeps; 0 when none.
  uint64_t delayMilliseconds = 0;
  std::string assertion; ///< the first assertion after the sleep
  SourceLocation assertionLocation;

  /// How much longer than the work's own period the test sleeps; nullopt
  /// when the sleep's length is not known.
  std::optional<uint64_t> marginMilliseconds() const {
    if (!milliseconds)
      return std::nullopt;
    return *milliseconds > delayMilliseconds ? *milliseconds - delayMilliseconds : 0;
  }

  friend bool operator==(const SleepWait &, const SleepWait &) = default;
};

/// One fixed sleep that stands in for a wait.
struct FoundSleepWait {
  SleepWait wait;
  size_t sleep; ///< index of the (last) sleep into the events
  bool throughVirtualCall = false; ///< the start or the sleep may not happen
};

/// The milliseconds `amount` units of `unitNanoseconds` make, when the
/// amount is a known integer.
std::optional<uint64_t> milliseconds(const AbstractValue &amount, uint64_t unitNanoseconds);

/// Walks one test's events in the order the test runs them: a worker start,
/// then fixed sleeps with no wait since the start, then an assertion, is a
/// sleep that stands in for a wait. A wait (join, future::get, a condition
/// variable) after the sleep and before the assertion makes it harmless; a
/// sleep before the start waits for nothing.
std::vector<FoundSleepWait> findSleepWaits(const std::vector<ReachedEvent> &ordered);

} // namespace parready
