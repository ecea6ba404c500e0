#include "report/Common.h"
#include "report/Messages.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

namespace parready {

std::vector<FindingGroup> groupByPlace(const AnalysisResult &result, bool withBaselined) {
  std::vector<FindingGroup> groups;
  // A test that reaches the place for certain and one that reaches it only
  // through a guessed override get a warning and a review note, not one of them.
  std::map<std::tuple<SourceLocation, std::string, std::string, bool>, size_t> index;
  for (const FileResult &file : result.files)
    for (const Finding &f : file.findings) {
      if (f.outsideChange || (f.baseline == BaselineState::Unchanged && !withBaselined))
        continue;
      auto key = std::make_tuple(f.location, f.rule, f.subject(), f.reviewOnly);
      auto [it, inserted] = index.try_emplace(key, groups.size());
      if (inserted)
        groups.push_back({&f, {}});
      groups[it->second].findings.push_back(&f);
    }
  return groups;
}

std::vector<ToolDiagnostic> toolNotes(const AnalysisResult &result) {
  std::map<std::string, IncompleteCause> causeOf;
  for (const FileResult &file : result.files)
    if (file.partial)
      causeOf[file.path] = file.incompleteCause;
  std::vector<ToolDiagnostic> notes;
  std::set<std::string> explained; // what an error means for its file is said once, on its first error
  for (ToolDiagnostic d : result.diagnostics) {
    if (d.severity == "error" && explained.insert(d.file).second)
      d.message += " (" + incompleteConsequence(d.file, causeOf.count(d.file) ? causeOf[d.file] : IncompleteCause::None) + ")";
    notes.push_back(std::move(d));
  }
  for (const SkippedFile &file : result.skipped)
    notes.push_back({"warning", skippedReason(file), {}, file.path});
  return notes;
}

std::string hazardPhrase(const FindingGroup &group) {
  return std::string(toString(group.first->verdict)) + " hazard in " + testsPhrase(group);
}

std::string testsPhrase(const FindingGroup &group) {
  std::string tests;
  for (size_t i = 0; i < group.findings.size(); ++i)
    tests += (i ? ", " : "") + group.findings[i]->test;
  return (group.findings.size() == 1 ? "test " : std::to_string(group.findings.size()) + " tests: ") + tests;
}

std::string compilerLocation(const SourceLocation &l) {
  return l.path + ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
}

std::string uriEscaped(const std::string &path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      out += char(c);
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, "%%%02X", c);
      out += buffer;
    }
  }
  return out;
}

std::string rootDirectory(const std::string &root) {
  return root.ends_with("/") ? root : root + "/";
}

std::string plural(size_t count, const std::string &one, const std::string &many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

std::string percent(double value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", value);
  return buffer;
}

std::string escaped(const std::string &text, std::initializer_list<std::pair<char, const char *>> replacements) {
  std::string out;
  for (char c : text) {
    auto it = std::find_if(replacements.begin(), replacements.end(), [c](const auto &r) { return r.first == c; });
    if (it == replacements.end())
      out += c;
    else
      out += it->second;
  }
  return out;
}

std::string registrationAnswer(const AnalysisResult &result) {
  const Summary &s = result.summary;
  if (!s.parallelSafeAsRegistered || s.parallelSafe)
    return "";
  if (!*s.parallelSafeAsRegistered)
    return "As the build registers the tests with CTest, `ctest -j` runs into these conflicts today.";
  std::string oneEntry;
  for (const std::string &program : s.conflictsInsideOneEntry)
    oneEntry += (oneEntry.empty() ? "" : ", ") + program;
  size_t programs = s.conflictsInsideOneEntry.size();
  std::string why = programs == 0 ? "CTest does not run the colliding tests"
                    : oneEntry + (programs == 1 ? " runs its" : " run their") +
                          " tests one after another, in one process";
  return "As the build registers the tests with CTest, `ctest -j` is safe today: " + why +
         ". These conflicts bite when each test case runs in its own process: gtest_discover_tests, "
         "catch_discover_tests, sharding, gtest-parallel.";
}

} // namespace parready
