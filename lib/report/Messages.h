// Report-internal: the English of findings and their evidence. Classify
// records what a finding is about as data; every renderer phrases it here,
// so all formats say the same words.
#pragma once

#include "classify/Result.h"

#include <string>

namespace parready {

/// The finding's rule's message template with {path}, {verb}, {api},
/// {partners} and {fix} filled in: "'/tmp/x' is a fixed path written here
/// while 1 other test uses it (S.B); give each test its own directory".
std::string findingMessage(const Finding &finding, const AnalysisResult &result);

/// A step of the evidence: "calls write_report", "'/tmp/x' is written by
/// std::ofstream", "test S.B deletes '/tmp' here".
std::string stepMessage(const Evidence &step);

/// Why a partial file is serial, for its line in a file list: "analysis
/// incomplete: compile errors".
std::string incompleteReason(IncompleteCause cause);

/// What a partial file's error means for its verdict, after the error:
/// "analysis of a_test.cpp is incomplete: ...; it is reported serial".
std::string incompleteConsequence(const std::string &file, IncompleteCause cause);

/// Why a file taken for a test file has no test: "no test is compiled in
/// this configuration: the test macro at line 3 is inside '#if ...' (line 2)".
std::string skippedReason(const SkippedFile &file);

} // namespace parready
