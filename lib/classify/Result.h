// The one result object every renderer reads (design.md, report contract).
// Paths in it are already relative to --root: renderers never recompute.
#pragma once

#include "facts/Facts.h"
#include "rules/Rules.h"

#include <string>
#include <vector>

namespace parready {

struct Evidence {
  SourceLocation location;
  std::string message;
};

struct Finding {
  std::string rule;
  Verdict verdict = Verdict::Fixable;
  std::string message;
  SourceLocation location;
  std::string test; ///< full test name
  std::string resource; ///< resource key, "" when the value is unresolved
  AccessMode access = AccessMode::Write;
  bool conflict = false; ///< another test of this suite may touch it at the same time
  std::vector<std::string> partners;
  Confidence confidence = Confidence::High;
  std::vector<Evidence> evidence; ///< call chain to the access, then partners' accesses
  std::string fix;
};

struct TestResult {
  std::string name;
  unsigned line = 0;
  Verdict verdict = Verdict::Safe;
};

struct FileResult {
  std::string path;
  Verdict verdict = Verdict::Safe;
  bool partial = false;
  std::vector<TestResult> tests;
  std::vector<Finding> findings;
};

struct ResourceAccessor {
  std::string test;
  std::string file;
  AccessMode access = AccessMode::Read;
  SourceLocation location;
};

struct ResourceResult {
  std::string key;
  bool conflict = false;
  std::vector<ResourceAccessor> accessors;
};

struct Summary {
  size_t files = 0, tests = 0, safe = 0, fixable = 0, serial = 0, findings = 0;
  bool parallelSafe = true;
};

struct AnalysisResult {
  std::string toolVersion;
  Runner runner = Runner::Ctest;
  Summary summary;
  std::vector<FileResult> files;
  std::vector<ResourceResult> resources;
  std::vector<ToolDiagnostic> diagnostics;
};

} // namespace parready
