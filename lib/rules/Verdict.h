// The words of a rule's outcome: how bad a hazard is, how sure parready is of
// it, and which runner model the suite is analysed for. Rules name them in
// their JSON; every later stage and every report uses them.
#pragma once

#include <string>

namespace parready {

/// Ordered from harmless to worst, so that std::max gives a file its worst test's verdict.
enum class Verdict { Safe, Fixable, Serial };
/// How the tests run: what a test shares with the tests beside it depends on it (docs/usage.md).
enum class Runner { Ctest, Threads, Bazel };
enum class Confidence { Low, High };

const char *toString(Verdict);
const char *toString(Runner);
const char *toString(Confidence);
bool parse(const std::string &, Verdict &);
bool parse(const std::string &, Runner &);
bool parse(const std::string &, Confidence &);

} // namespace parready
