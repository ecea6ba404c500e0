// Report-internal: what several renderers share.
#pragma once

#include "classify/Result.h"

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace parready {

/// A hazard in a fixture or a shared helper reaches many tests, in many
/// files: text, SARIF and GitHub annotations show one diagnostic per place in
/// the source (location, rule, resource, review-only or not) and list the
/// tests it reaches.
struct FindingGroup {
  const Finding *first;
  std::vector<const Finding *> findings; ///< in report order, one per test
};

/// Without `withBaselined`, the findings a baseline has are left out: the
/// reports a user reads show what is new. Findings outside the change of a
/// --changed-only run are always left out: the run is about that change.
std::vector<FindingGroup> groupByPlace(const AnalysisResult &result, bool withBaselined = false);

/// "test A.B" or "3 tests: A.B, A.C, D.E".
std::string testsPhrase(const FindingGroup &group);

/// "fixable hazard in test A.B", "serial hazard in 3 tests: ...": the note
/// that says which tests a place's hazard is in.
std::string hazardPhrase(const FindingGroup &group);

/// Which runs the conflicts bite, from how CTest runs the test programs:
/// "" when nothing is known about it or no test collides. Without markup.
std::string registrationAnswer(const AnalysisResult &result);

/// The tool's own notes on the run, as every format lists them: the
/// diagnostics (an error's message also says what its file's incomplete
/// analysis means), then a warning for each skipped test file.
std::vector<ToolDiagnostic> toolNotes(const AnalysisResult &result);

/// "a_test.cpp:12:3", as compilers, clang-tidy and problem matchers write a place.
std::string compilerLocation(const SourceLocation &location);

/// RFC 3986: a path as a URI's path, '/' and the unreserved characters kept,
/// every other byte percent-encoded.
std::string uriEscaped(const std::string &path);

/// `root` ending in '/', to put a relative path of the result after it.
std::string rootDirectory(const std::string &root);

/// "1 file" / "3 files": `count` and the phrase that agrees with it.
std::string plural(size_t count, const std::string &one, const std::string &many);

/// A share as reports print it: "42.5%".
std::string percent(double value);

/// `text` with each character that has an entry in `replacements` replaced
/// by its spelling: every output format escapes a few characters its own way.
std::string escaped(const std::string &text, std::initializer_list<std::pair<char, const char *>> replacements);

} // namespace parready
