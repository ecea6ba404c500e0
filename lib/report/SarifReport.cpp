// SARIF 2.1.0 as GitHub code scanning reads it (docs/reports.md#sarif;
// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning):
// the properties GitHub uses, and nothing that varies between runs of the
// same code (no absolute paths in results, no timestamps).
#include "report/Common.h"
#include "report/Messages.h"
#include "report/Report.h"

#include "llvm/Support/xxhash.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <map>

namespace parready {

using nlohmann::json;

namespace {

constexpr size_t GitHubDescriptionLimit = 1024;

json artifactLocation(const std::string &path) {
  if (path.starts_with("/"))
    return {{"uri", "file://" + uriEscaped(path)}};
  return {{"uri", uriEscaped(path)}, {"uriBaseId", "%SRCROOT%"}};
}

json physicalLocation(const SourceLocation &l) {
  json region = {{"startLine", l.line}};
  if (l.column)
    region["startColumn"] = l.column;
  region["endLine"] = l.line;
  return {{"artifactLocation", artifactLocation(l.path)}, {"region", region}};
}

std::string clipped(const std::string &text, size_t limit) {
  return text.size() <= limit ? text : text.substr(0, limit - 3) + "...";
}

std::string ruleName(const std::string &id) {
  // parready-shared-path -> SharedPath: GitHub filters alerts by this name.
  std::string name;
  bool upper = true;
  for (char c : id.substr(std::string("parready-").size())) {
    if (c == '-') {
      upper = true;
      continue;
    }
    name += upper ? char(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return name;
}

json rule(const Rule &r, const std::string &docsUrl) {
  std::string help = r.summary + "\n\nFix: " + r.fix + ".";
  std::string helpMarkdown = r.summary + "\n\n**Fix:** " + r.fix + ".";
  json descriptor = {{"id", r.id},
                     {"name", ruleName(r.id)},
                     {"shortDescription", {{"text", clipped(r.title, GitHubDescriptionLimit)}}},
                     {"fullDescription", {{"text", clipped(r.summary, GitHubDescriptionLimit)}}},
                     {"defaultConfiguration", {{"level", "warning"}}},
                     {"properties",
                      {{"tags", {"parallel-testing", std::string("verdict:") + toString(r.verdict)}},
                       {"precision", r.confidence == Confidence::High ? "high" : "medium"},
                       {"problem.severity", "warning"},
                       {"verdict", toString(r.verdict)}}}};
  if (!docsUrl.empty()) {
    descriptor["helpUri"] = docsUrl + r.docs;
    // GitHub does not show helpUri; the link has to be in the help text.
    helpMarkdown += "\n\n[Rule documentation](" + docsUrl + r.docs + ")";
  } else {
    helpMarkdown += "\n\nMore: `parready --explain " + r.id + "`.";
    help += "\n\nMore: parready --explain " + r.id + ".";
  }
  descriptor["help"] = {{"text", help}, {"markdown", helpMarkdown}};
  return descriptor;
}

/// A conflict happens within one run of the suite: an error. A latent hazard
/// (two runs on one machine) is a warning; a review-only one a note.
const char *level(const Finding &f) {
  if (f.reviewOnly)
    return "note";
  return f.conflict ? "error" : "warning";
}

/// GitHub matches alerts across runs by primaryLocationLineHash alone: the
/// finding's fingerprint (classify/Baseline.h), stable when code above it
/// moves and when the checkout moves.
json result(const FindingGroup &group, const AnalysisResult &analysis, size_t ruleIndex) {
  const Finding &f = *group.first;
  json related = json::array();
  json flow = json::array();
  std::string partnerLinks;
  for (const Evidence &e : f.evidence) {
    if (!e.location.valid())
      continue;
    if (e.role == EvidenceRole::Partner) {
      size_t id = related.size() + 1;
      related.push_back({{"id", id},
                         {"physicalLocation", physicalLocation(e.location)},
                         {"message", {{"text", stepMessage(e)}}}});
      partnerLinks += std::string(partnerLinks.empty() ? "" : ", ") + "[here](" + std::to_string(id) + ")";
      continue;
    }
    bool sink = e.role == EvidenceRole::Access;
    flow.push_back({{"location",
                     {{"physicalLocation", physicalLocation(e.location)}, {"message", {{"text", stepMessage(e)}}}}},
                    {"nestingLevel", flow.size()},
                    {"kinds", {sink ? "resource" : "call"}},
                    {"importance", sink ? "essential" : "important"}});
  }
  std::string message = findingMessage(f, analysis) + (f.test.empty() ? "" : " (" + testsPhrase(group) + ")");
  if (!partnerLinks.empty())
    message += ". The other tests touch it " + partnerLinks + ".";
  std::vector<std::string> tests;
  for (const Finding *each : group.findings)
    if (!each->test.empty())
      tests.push_back(each->test);
  json out = {{"ruleId", f.rule},
              {"ruleIndex", ruleIndex},
              {"level", level(f)},
              {"message", {{"text", message}}},
              {"locations", {{{"physicalLocation", physicalLocation(f.location)}}}},
              {"partialFingerprints", {{"primaryLocationLineHash", f.fingerprint}}},
              {"properties",
               {{"verdict", toString(f.verdict)},
                {"confidence", toString(f.confidence)},
                {"access", toString(f.access)},
                {"conflict", f.conflict},
                {"tests", tests},
                {"partners", f.partners},
                {"fix", f.fix}}}};
  // GitHub rejects empty strings: an unresolved value names no resource.
  if (f.resource)
    out["properties"]["resource"] = f.resource->key();
  if (f.baseline != BaselineState::NotCompared)
    out["baselineState"] = toString(f.baseline);
  if (!related.empty())
    out["relatedLocations"] = related;
  if (!flow.empty())
    out["codeFlows"] = {{{"threadFlows", {{{"locations", flow}}}}}};
  return out;
}

json notification(const ToolDiagnostic &d) {
  json out = {{"level", d.severity == "error" ? "error" : "warning"},
              {"message", {{"text", d.message}}}};
  if (d.location.valid())
    out["locations"] = {{{"physicalLocation", physicalLocation(d.location)}}};
  else if (!d.file.empty())
    out["locations"] = {{{"physicalLocation", {{"artifactLocation", artifactLocation(d.file)}}}}};
  return out;
}

} // namespace

std::string renderSarif(const AnalysisResult &analysis) {
  std::map<std::string, size_t> ruleIndex;
  json rules = json::array();
  for (const Rule &r : analysis.rules) {
    ruleIndex[r.id] = rules.size();
    rules.push_back(rule(r, analysis.docsUrl));
  }
  json results = json::array();
  // Every finding with a baseline too, each with its baselineState: a SARIF
  // consumer tells new from unchanged itself. Suppressed findings are not
  // results at all: GitHub ignores `suppressions` and would open them.
  for (const FindingGroup &group : groupByPlace(analysis, true))
    results.push_back(result(group, analysis, ruleIndex[group.first->rule]));
  json notifications = json::array();
  for (const ToolDiagnostic &d : toolNotes(analysis))
    notifications.push_back(notification(d));
  const Summary &s = analysis.summary;
  json run = {
      {"tool",
       {{"driver",
         {{"name", "parready"},
          {"semanticVersion", analysis.toolVersion},
          {"version", analysis.toolVersion},
          {"rules", rules}}}}},
      {"originalUriBaseIds", {{"%SRCROOT%", {{"uri", "file://" + uriEscaped(rootDirectory(analysis.root))}}}}},
      {"invocations", {{{"executionSuccessful", !analysis.incomplete}, {"toolExecutionNotifications", notifications}}}},
      {"results", results},
      {"properties",
       {{"runner", toString(analysis.runner)},
        {"summary",
         {{"files", s.files}, {"tests", s.tests}, {"safe", s.safe}, {"fixable", s.fixable}, {"serial", s.serial},
          {"findings", s.findings}, {"incomplete", s.incomplete}, {"skipped", s.skipped},
          {"answer", toString(s.answer)}, {"parallel_safe", s.parallelSafe}}}}}};
  json log = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}, {"runs", {run}}};
  return log.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace parready
