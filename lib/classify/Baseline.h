// Finding fingerprints, and baselines made of them (docs/configuration.md#baselines):
// `--write-baseline FILE` records today's findings, `--baseline FILE` then
// shows and fails on new ones only.
#pragma once

#include "classify/Result.h"

#include <set>
#include <string>

namespace parready {

/// Gives every finding its fingerprint, the SARIF primaryLocationLineHash:
/// a hash of the rule, the file and the subject (resource or unresolved
/// value), with paths inside the root as %SRCROOT%, plus ":N" for the Nth
/// place in the file with the same three. Lines and columns are not in it:
/// it stays when code above moves, and when the checkout moves.
void assignFingerprints(AnalysisResult &result);

struct Baseline {
  std::multiset<std::string> fingerprints;
};

/// Reads a baseline written by --write-baseline, or a SARIF log parready
/// wrote (its results' partialFingerprints). Returns "" or a one-line error.
std::string readBaseline(const std::string &path, Baseline &baseline);

/// The baseline of `result`'s findings: JSON text with the schema
/// "parready-baseline/1" and, for each fingerprint, what it stands for.
std::string baselineText(const AnalysisResult &result);

/// Marks each finding New or Unchanged, and counts the unchanged ones.
void compareWithBaseline(AnalysisResult &result, const Baseline &baseline);

} // namespace parready
