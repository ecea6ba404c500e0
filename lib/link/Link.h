// Stage 4, link: merges all TUs' facts, resolves calls by USR across TUs and
// brings every access that a test reaches (through helpers and fixtures) to
// that test, with argument values substituted along the way.
#pragma once

#include "facts/Facts.h"
#include "facts/Programs.h"
#include "link/SleepWait.h"

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace parready {

/// An access as seen from one test: its value resolved through the call chain.
struct ReachedAccess {
  Access access;
  /// How the test gets there: the calls from the test body to the access
  /// (empty when the test body performs it directly).
  std::vector<EvidenceStep> callChain;
  /// Reached through a virtual call that may run another override: the
  /// access may not happen for this test (lower confidence).
  bool throughVirtualCall = false;
  /// Reached from code that runs after the test (TearDown, destructors):
  /// what it changes is left for the tests that run next, not seen by this one.
  bool afterTest = false;
  /// Set on the access link makes for a fixed sleep that stands in for a
  /// wait (at the sleep): what the test waits for and how long.
  std::optional<SleepWait> sleepWait;
};

struct LinkedTest {
  TestCase test;
  std::string file; ///< the TU's main file
  std::vector<ReachedAccess> accesses;
  size_t program = 0; ///< index into LinkedSuite::programs
};

/// The executable a test runs in, and how CTest runs it. Without a known
/// build structure, one nameless program holds every test.
struct LinkedProgram {
  std::string name;
  CtestRegistration registration = CtestRegistration::Unknown;
};

struct LinkedFile {
  std::string path;
  bool partial = false;
  IncompleteCause incompleteCause = IncompleteCause::None; ///< why it is partial
  std::vector<size_t> tests; ///< indexes into LinkedSuite::tests
};

/// A file taken for a test file that parsed cleanly and defines no test in
/// this configuration (its tests are inside `#if` blocks that are off).
struct SkippedFile {
  std::string path;
  std::vector<SkippedTestBlock> blocks; ///< empty: no skipped block explains it
};

struct LinkedSuite {
  std::vector<LinkedTest> tests;
  std::vector<LinkedFile> files; ///< TUs that define at least one test, or that did not parse cleanly
  std::vector<SkippedFile> skipped;
  std::vector<LinkedProgram> programs;
  std::vector<ToolDiagnostic> diagnostics;
};

/// Does an access, its value resolved, share nothing (/dev/null, port 0)?
using SharesNothing = std::function<bool(ResourceKind, const AbstractValue &)>;

/// `testFiles`: the TUs selected as test files; the others (support code)
/// only lend their functions. Empty: every unit is a candidate test file.
/// `sharesNothing` drops accesses whose resolved value touches nothing shared.
/// `programs`: which TUs are linked into which executable. Each program is
/// its own world for the call graph: a test's calls, the overriders of a
/// virtual call, `{result:N}` returns and the initial values of globals come
/// from the TUs of its program only (a library's TUs are in every program
/// that links it). Empty: one program holds every TU.
LinkedSuite linkFacts(const std::vector<TranslationUnitFacts> &units, const std::set<std::string> &testFiles = {},
                      const SharesNothing &sharesNothing = {}, const ProgramStructure &programs = {});

} // namespace parready
