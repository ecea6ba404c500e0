#include "report/LspDiagnostics.h"

#include "report/Common.h"
#include "report/Messages.h"
#include "report/RuleReference.h"

#include <algorithm>

namespace parready {

using nlohmann::json;

namespace {

// LSP's DiagnosticSeverity.
constexpr int Error = 1, Warning = 2, Information = 3, Hint = 4;

/// Serial and fixable hazards are errors and warnings; what is reported for
/// review only, as the text report's remarks, is information; a note on the
/// code that touches no verdict (a suppression that suppresses nothing) a hint.
int severity(const Finding &f) {
  if (f.verdict == Verdict::Safe)
    return Hint;
  if (f.reviewOnly)
    return Information;
  return f.verdict == Verdict::Serial ? Error : Warning;
}

class Renderer {
public:
  Renderer(const AnalysisResult &result, const std::string &rulesDirectory)
      : Result(result), RulesDirectory(rulesDirectory) {}

  std::string absolute(const std::string &path) const {
    return path.starts_with("/") ? path : rootDirectory(Result.root) + path;
  }

  json location(const SourceLocation &l) const {
    return {{"uri", fileUri(absolute(l.path))}, {"range", range(l)}};
  }

  /// A zero-width range at the column: editors underline the word there.
  static json range(const SourceLocation &l) {
    json position = {{"line", l.line ? l.line - 1 : 0}, {"character", l.column ? l.column - 1 : 0}};
    return {{"start", position}, {"end", position}};
  }

  std::string docsHref(const std::string &ruleId) const {
    const Rule *rule = Result.rule(ruleId);
    if (!rule || rule->docs.empty())
      return "";
    if (!Result.docsUrl.empty())
      return Result.docsUrl + rule->docs;
    return fileUri(rulePage(*rule, RulesDirectory));
  }

  /// The group's diagnostic, shown `at` (its location, or a call site): the
  /// text report's message, and its notes as related information.
  json diagnostic(const FindingGroup &group, const SourceLocation &at) const {
    const Finding &f = *group.first;
    json related = json::array();
    // A note on the code itself (a NOLINT that suppresses nothing) is in no test.
    if (!f.test.empty())
      related.push_back({{"location", location(at)}, {"message", hazardPhrase(group)}});
    for (const Evidence &e : f.evidence)
      if (e.location.valid() && !(e.location == at))
        related.push_back({{"location", location(e.location)}, {"message", stepMessage(e)}});
    json out = {{"range", range(at)},
                {"severity", severity(f)},
                {"code", f.rule},
                {"source", "parready"},
                {"message", findingMessage(f, Result)}};
    if (std::string href = docsHref(f.rule); !href.empty())
      out["codeDescription"] = {{"href", href}};
    if (!related.empty())
      out["relatedInformation"] = std::move(related);
    return out;
  }

  void add(const FindingGroup &group, const SourceLocation &at) {
    if (at.path.empty())
      return;
    json &diagnostics = Files[absolute(at.path)];
    if (diagnostics.is_null())
      diagnostics = json::array();
    diagnostics.push_back(diagnostic(group, at));
  }

  std::map<std::string, json> render() {
    std::map<const Finding *, const std::string *> testFileOf;
    for (const FileResult &file : Result.files)
      for (const Finding &f : file.findings)
        testFileOf[&f] = &file.path;
    for (const FindingGroup &group : groupByPlace(Result)) {
      add(group, group.first->location);
      // The tests that reach the place from another file, by the call in
      // their file that leads there: the test file's author sees it too.
      std::map<SourceLocation, FindingGroup> callSites;
      for (const Finding *f : group.findings) {
        const std::string &testFile = *testFileOf.at(f);
        if (f->location.path == testFile)
          continue;
        auto call = std::find_if(f->evidence.rbegin(), f->evidence.rend(), [&](const Evidence &e) {
          return e.role == EvidenceRole::Call && e.location.valid() && e.location.path == testFile;
        });
        if (call == f->evidence.rend())
          continue;
        callSites.try_emplace(call->location, FindingGroup{f, {}}).first->second.findings.push_back(f);
      }
      for (const auto &[at, throughIt] : callSites)
        add(throughIt, at);
    }
    return std::move(Files);
  }

private:
  const AnalysisResult &Result;
  const std::string &RulesDirectory;
  std::map<std::string, json> Files;
};

} // namespace

std::map<std::string, json> renderLspDiagnostics(const AnalysisResult &result,
                                                 const std::string &rulesDirectory) {
  return Renderer(result, rulesDirectory).render();
}

std::string fileUri(const std::string &absolutePath) { return "file://" + uriEscaped(absolutePath); }

} // namespace parready
