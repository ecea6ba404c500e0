#include "report/Messages.h"

#include <cstdio>

namespace parready {

namespace {

/// How messages name an access: "'...' is written by", "test X writes '...' here".
struct Verbs {
  const char *participle, *present;
};

Verbs verbs(AccessMode mode) {
  switch (mode) {
  case AccessMode::Read: return {"read", "reads"};
  case AccessMode::Write: return {"written", "writes"};
  case AccessMode::Create: return {"created", "creates"};
  case AccessMode::Delete: return {"deleted", "deletes"};
  case AccessMode::List: return {"listed", "lists"};
  }
  return {"used", "uses"};
}

void replaceAll(std::string &text, const std::string &placeholder, const std::string &value) {
  for (size_t at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + value.size()))
    text.replace(at, placeholder.size(), value);
}

/// The partners, up to three of them by name.
std::string partnerNames(const Finding &finding) {
  const std::vector<std::string> &partners = finding.partners;
  std::string names;
  for (size_t i = 0; i < partners.size() && i < 3; ++i)
    names += (i ? ", " : "") + partners[i];
  if (partners.size() > 3)
    names += ", ...";
  return names;
}

/// Who else uses the resource. A path nobody else in this run uses still
/// collides with a second run of the suite.
std::string partnersPhrase(const Finding &finding) {
  const std::vector<std::string> &partners = finding.partners;
  if (partners.empty())
    return finding.resource && finding.resource->kind == ResourceKind::Path
               ? " (no other test in this suite uses it, but two runs of the suite on one machine collide)"
               : "";
  return " while " + std::to_string(partners.size()) +
         (partners.size() == 1 ? " other test uses it (" : " other tests use it (") + partnerNames(finding) + ")";
}

/// "150 ms", "30 s": a length of time as messages show it.
std::string lengthOfTime(double seconds) {
  char text[32];
  if (seconds < 1)
    std::snprintf(text, sizeof text, "%g ms", seconds * 1000);
  else
    std::snprintf(text, sizeof text, "%g s", seconds);
  return text;
}

/// How tight a timing bound is, from what classify decided about it.
std::string marginPhrase(const Finding &finding) {
  if (!finding.boundSeconds)
    return "a margin parready cannot measure: tests running beside it slow the machine and may exceed it";
  std::string length = lengthOfTime(*finding.boundSeconds);
  if (finding.lowConfidenceReason == LowConfidenceReason::GenerousBound)
    return "a generous margin: only a stall of " + length + " fails it, so it is reported for review only";
  return "a tight margin: a stall of " + length + " while other tests load the machine fails it";
}

/// {sleep}: how long ("100 ms", "1.7 s"); {worker}: the start and where;
/// {assertion}: the assertion and where; {margin}: how tight the wait is.
void fillSleepWait(std::string &message, const SleepWait &wait) {
  replaceAll(message, "{sleep}", wait.milliseconds ? lengthOfTime(*wait.milliseconds / 1000.0) : "a time not known statically");
  auto at = [](const SourceLocation &location) { return location.path + ":" + std::to_string(location.line); };
  replaceAll(message, "{worker}", wait.worker + " (" + at(wait.workerLocation) + ")");
  replaceAll(message, "{assertion}", wait.assertion + " (" + at(wait.assertionLocation) + ")");
  std::optional<uint64_t> margin = wait.marginMilliseconds();
  std::string tightness =
      !margin ? "how much time it leaves the work is not known"
      : wait.delayMilliseconds > 0
          ? lengthOfTime(*margin / 1000.0) + " beyond the " + lengthOfTime(wait.delayMilliseconds / 1000.0) + " period the test gives the work"
          : lengthOfTime(*margin / 1000.0) + " for the work to run";
  replaceAll(message, "{margin}", tightness);
}

} // namespace

std::string findingMessage(const Finding &finding, const AnalysisResult &result) {
  // Classify takes every finding's rule from result.rules.
  const Rule *rule = result.rule(finding.rule);
  std::string message = rule ? rule->message : "";
  replaceAll(message, "{path}", finding.value);
  replaceAll(message, "{verb}", verbs(finding.access).participle);
  replaceAll(message, "{api}", finding.api);
  replaceAll(message, "{partners}", partnersPhrase(finding));
  replaceAll(message, "{partner_names}", partnerNames(finding));
  // A sleep's {margin} is how long it leaves the work, not a bound's.
  if (finding.sleepWait)
    fillSleepWait(message, *finding.sleepWait);
  replaceAll(message, "{bound}", finding.bound.empty() ? "a bound" : finding.bound);
  replaceAll(message, "{margin}", marginPhrase(finding));
  replaceAll(message, "{fix}", finding.fix);
  replaceAll(message, "{suppression}", finding.value);
  return message;
}

std::string stepMessage(const Evidence &step) {
  switch (step.role) {
  case EvidenceRole::Call:
    return step.call;
  case EvidenceRole::Access:
    return "'" + step.value + "' is " + verbs(step.access).participle + " by " + step.api;
  case EvidenceRole::Partner:
    return "test " + step.test + " " + verbs(step.access).present + " '" + step.value + "' here";
  }
  return step.call;
}

std::string incompleteReason(IncompleteCause cause) {
  switch (cause) {
  case IncompleteCause::HeaderErrors: return "analysis incomplete: a header is missing or has errors, its own code was parsed";
  case IncompleteCause::CompileErrors: return "analysis incomplete: compile errors";
  case IncompleteCause::NotStarted: return "analysis incomplete: the compiler could not start";
  case IncompleteCause::Crashed: return "analysis incomplete: parready crashed on it";
  case IncompleteCause::None: break;
  }
  return "analysis incomplete";
}

std::string incompleteConsequence(const std::string &file, IncompleteCause cause) {
  std::string consequence;
  switch (cause) {
  case IncompleteCause::HeaderErrors:
    consequence = "its own code was parsed and its findings are reported, but what it uses from that header is "
                  "not understood";
    break;
  case IncompleteCause::CompileErrors: consequence = "what the errors hide is not known"; break;
  case IncompleteCause::NotStarted: consequence = "nothing of it was parsed"; break;
  case IncompleteCause::Crashed: consequence = "its analysis was cut short"; break;
  case IncompleteCause::None: return "analysis of " + file + " is partial";
  }
  return "analysis of " + file + " is incomplete: " + consequence +
         "; it is reported serial until it parses cleanly";
}

std::string skippedReason(const SkippedFile &file) {
  const std::string noTest = "no test case is compiled in this configuration";
  if (file.blocks.empty())
    return noTest + ", although its text looks like a test file (a test macro or main() in a comment or a string, "
                    "or a macro of the project?)";
  const SkippedTestBlock &block = file.blocks.front();
  std::string reason = noTest + ": the test macro at line " + std::to_string(block.testMacroLine) +
                       " is in a block skipped by '" + block.directive + "' (line " +
                       std::to_string(block.directiveLine) + ")";
  if (file.blocks.size() > 1)
    reason += ", and " + std::to_string(file.blocks.size() - 1) + " more skipped block" +
              (file.blocks.size() > 2 ? "s" : "") + " hold tests";
  return reason + "; configure with the option that enables them to analyse them";
}

} // namespace parready
