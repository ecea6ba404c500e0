#include "report/Messages.h"

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

std::string durationPhrase(uint64_t milliseconds) {
  return milliseconds % 1000 == 0 && milliseconds > 0 ? std::to_string(milliseconds / 1000) + " s"
                                                      : std::to_string(milliseconds) + " ms";
}

/// {sleep}: how long ("1700 ms", "2 s"); {worker}: the start and where;
/// {assertion}: the assertion and where; {margin}: how tight the wait is.
void fillSleepWait(std::string &message, const SleepWait &wait) {
  replaceAll(message, "{sleep}", wait.milliseconds ? durationPhrase(*wait.milliseconds) : "a time not known statically");
  auto at = [](const SourceLocation &location) { return location.path + ":" + std::to_string(location.line); };
  replaceAll(message, "{worker}", wait.worker + " (" + at(wait.workerLocation) + ")");
  replaceAll(message, "{assertion}", wait.assertion + " (" + at(wait.assertionLocation) + ")");
  std::optional<uint64_t> margin = wait.marginMilliseconds();
  std::string tightness =
      !margin ? "how much time it leaves the work is not known"
      : wait.delayMilliseconds > 0
          ? durationPhrase(*margin) + " beyond the " + durationPhrase(wait.delayMilliseconds) + " period the test gives the work"
          : durationPhrase(*margin) + " for the work to run";
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
  replaceAll(message, "{fix}", finding.fix);
  if (finding.sleepWait)
    fillSleepWait(message, *finding.sleepWait);
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

} // namespace parready
