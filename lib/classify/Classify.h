// Stage 6, classify: findings with their partners (the conflict graph),
// verdicts per test, per file and for the suite.
#pragma once

#include "classify/Result.h"
#include "link/Link.h"
#include "rules/Rules.h"

namespace parready {

struct ClassifyOptions {
  Runner runner = Runner::Ctest;
  std::string root;        ///< paths in the result are relative to it
  std::string toolVersion;
  /// Base URL of the rule docs (docs/rules/<id>.md is appended); "" = none.
  std::string docsUrl;
  /// Low-confidence findings count like the others (--strict). Without it they
  /// are reported for review only (Finding::reviewOnly), and an access reached
  /// only through a guessed virtual call is nobody's partner.
  bool strict = false;
  /// What the project's configuration and suppression comments say
  /// (rules off or re-graded, tests declared serial or safe, NOLINT); null:
  /// nothing.
  FindingPolicy *policy = nullptr;
};

AnalysisResult classify(const LinkedSuite &suite, const RuleSet &rules, const ClassifyOptions &options);

/// `path` relative to `root` when inside it, else unchanged.
std::string relativeTo(const std::string &path, const std::string &root);

} // namespace parready
