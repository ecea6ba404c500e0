#include "report/Common.h"
#include "report/Messages.h"
#include "report/Report.h"

#include <nlohmann/json.hpp>

namespace parready {

using nlohmann::json;

namespace {
json location(const SourceLocation &l) {
  if (!l.valid())
    return nullptr;
  return json{{"path", l.path}, {"line", l.line}, {"column", l.column}};
}

json sleepWait(const SleepWait &wait) {
  auto orNull = [](std::optional<uint64_t> value) { return value ? json(*value) : json(nullptr); };
  return json{{"worker", wait.worker},
              {"worker_location", location(wait.workerLocation)},
              {"milliseconds", orNull(wait.milliseconds)},
              {"delay_milliseconds", wait.delayMilliseconds},
              {"margin_milliseconds", orNull(wait.marginMilliseconds())},
              {"assertion", wait.assertion},
              {"assertion_location", location(wait.assertionLocation)}};
}

json finding(const Finding &f, const AnalysisResult &result) {
  json evidence = json::array();
  for (const Evidence &e : f.evidence)
    evidence.push_back({{"location", location(e.location)}, {"message", stepMessage(e)}});
  json found = json{{"rule", f.rule},
              {"verdict", toString(f.verdict)},
              {"message", findingMessage(f, result)},
              {"location", location(f.location)},
              {"test", f.test},
              {"resource", keyOf(f.resource)},
              {"access", toString(f.access)},
              {"conflict", f.conflict},
              {"partners", f.partners},
              {"confidence", toString(f.confidence)},
              {"evidence", evidence},
              {"fix", f.fix},
              {"conflict_as_registered", f.conflictAsRegistered}};
  if (f.sleepWait)
    found["sleep"] = sleepWait(*f.sleepWait);
  if (!f.fingerprint.empty())
    found["fingerprint"] = f.fingerprint;
  if (f.baseline != BaselineState::NotCompared)
    found["baseline"] = toString(f.baseline);
  if (result.changedFiles)
    found["in_change"] = !f.outsideChange;
  if (f.regradedAt.valid())
    found["regraded_at"] = location(f.regradedAt);
  if (f.suppression)
    found["suppression"] = {{"kind", toString(f.suppression->kind)},
                            {"location", location(f.suppression->location)},
                            {"text", f.suppression->text},
                            {"reason", f.suppression->reason}};
  return found;
}
} // namespace

std::string renderJson(const AnalysisResult &result) {
  json files = json::array();
  for (const FileResult &file : result.files) {
    json tests = json::array();
    for (const TestResult &test : file.tests) {
      json entry = {{"name", test.name}, {"line", test.line}, {"verdict", toString(test.verdict)}};
      if (test.declared)
        entry["declared"] = {{"verdict", toString(test.declared->verdict)},
                             {"reason", test.declared->reason},
                             {"location", location(test.declared->location)}};
      tests.push_back(entry);
    }
    json findings = json::array(), suppressed = json::array();
    for (const Finding &f : file.findings)
      findings.push_back(finding(f, result));
    for (const Finding &f : file.suppressed)
      suppressed.push_back(finding(f, result));
    files.push_back({{"path", file.path},
                     {"verdict", toString(file.verdict)},
                     {"partial", file.partial},
                     {"incomplete_cause", file.partial ? json(toString(file.incompleteCause)) : json(nullptr)},
                     {"incomplete_reason", file.partial ? json(incompleteReason(file.incompleteCause)) : json(nullptr)},
                     {"needs_review", file.needsReview},
                     {"tests", tests},
                     {"findings", findings},
                     {"suppressed", suppressed}});
  }
  json resources = json::array();
  for (const ResourceResult &resource : result.resources) {
    json accessors = json::array();
    for (const ResourceAccessor &a : resource.accessors)
      accessors.push_back({{"test", a.test}, {"file", a.file}, {"access", toString(a.access)},
                           {"location", location(a.location)}});
    resources.push_back(
        {{"key", resource.resource.key()}, {"conflict", resource.conflict}, {"accessors", accessors}});
  }
  json diagnostics = json::array();
  for (const ToolDiagnostic &d : toolNotes(result))
    diagnostics.push_back({{"severity", d.severity}, {"message", d.message}, {"file", d.file},
                           {"location", location(d.location)}});
  json skipped = json::array();
  for (const SkippedFile &file : result.skipped) {
    json blocks = json::array();
    for (const SkippedTestBlock &block : file.blocks)
      blocks.push_back({{"directive_line", block.directiveLine},
                        {"directive", block.directive},
                        {"test_macro_line", block.testMacroLine}});
    skipped.push_back({{"path", file.path}, {"reason", skippedReason(file)}, {"skipped_blocks", blocks}});
  }
  json programs = json::array();
  for (const ProgramResult &program : result.programs)
    programs.push_back(
        {{"name", program.name}, {"ctest", toString(program.registration)}, {"files", program.files}});
  const Summary &s = result.summary;
  json report = {{"schema", "parready-report/6"},
                 {"tool", {{"name", "parready"}, {"version", result.toolVersion}}},
                 {"runner", toString(result.runner)},
                 {"summary",
                  {{"files", s.files}, {"tests", s.tests}, {"safe", s.safe}, {"fixable", s.fixable},
                   {"serial", s.serial}, {"findings", s.findings}, {"incomplete", s.incomplete},
                   {"skipped", s.skipped}, {"answer", toString(s.answer)}, {"parallel_safe", s.parallelSafe},
                   {"parallel_safe_as_registered",
                    s.parallelSafeAsRegistered ? json(*s.parallelSafeAsRegistered) : json(nullptr)},
                   {"suppressed", s.suppressed},
                   {"baselined", s.baselined ? json(*s.baselined) : json(nullptr)},
                   {"outside_change", s.outsideChange ? json(*s.outsideChange) : json(nullptr)}}},
                 {"changed_files", result.changedFiles ? json(*result.changedFiles) : json(nullptr)},
                 {"files", files},
                 {"skipped", skipped},
                 {"programs", programs},
                 {"resources", resources},
                 {"diagnostics", diagnostics}};
  return report.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace parready
