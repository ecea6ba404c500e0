// The words of a rule's outcome: how bad a hazard is, how sure parready is of
// it, and which runner model the suite is analysed for. Rules name them in
// their JSON; every later stage and every report uses them.
#pragma once

#include "facts/EnumNames.h"

namespace parready {

/// Ordered from harmless to worst, so that std::max gives a file its worst test's verdict.
enum class Verdict { Safe, Fixable, Serial };
/// How the tests run: what a test shares with the tests beside it depends on it (docs/usage.md).
enum class Runner { Ctest, Threads, Bazel };
enum class Confidence { Low, High };

template <> struct NamesOf<Verdict> {
  static constexpr EnumNames<Verdict, 3> names{
      {{{Verdict::Safe, "safe"}, {Verdict::Fixable, "fixable"}, {Verdict::Serial, "serial"}}}};
};
template <> struct NamesOf<Runner> {
  static constexpr EnumNames<Runner, 3> names{
      {{{Runner::Ctest, "ctest"}, {Runner::Threads, "threads"}, {Runner::Bazel, "bazel"}}}};
};
template <> struct NamesOf<Confidence> {
  static constexpr EnumNames<Confidence, 2> names{{{{Confidence::Low, "low"}, {Confidence::High, "high"}}}};
};

} // namespace parready
