// `--format github`: GitHub Actions workflow commands, one annotation per
// place in the source (docs/reports.md#github). GitHub shows at most 10 of
// each level per step: SARIF upload is the way for more. The commands:
// https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
#include "report/Common.h"
#include "report/Messages.h"
#include "report/Report.h"

namespace parready {

namespace {

/// actions/toolkit command.ts: the message escapes %, CR and LF...
std::string escapedData(const std::string &text) {
  return escaped(text, {{'%', "%25"}, {'\r', "%0D"}, {'\n', "%0A"}});
}

/// ...and property values also ':' and ','.
std::string escapedProperty(const std::string &text) {
  return escaped(text, {{'%', "%25"}, {'\r', "%0D"}, {'\n', "%0A"}, {':', "%3A"}, {',', "%2C"}});
}

/// The same levels as SARIF: a conflict in this run is an error, a latent
/// hazard a warning, a review-only one a notice.
const char *command(const Finding &f) {
  if (f.reviewOnly)
    return "notice";
  return f.conflict ? "error" : "warning";
}

} // namespace

std::string renderGithub(const AnalysisResult &result) {
  std::string out;
  for (const FindingGroup &group : groupByPlace(result)) {
    const Finding &f = *group.first;
    std::string message = findingMessage(f, result);
    // A note on the code itself (a NOLINT that suppresses nothing) is in no test.
    if (!f.test.empty())
      message += std::string("\n") + hazardPhrase(group);
    for (const Evidence &e : f.evidence)
      if (e.location.valid() && !(e.location == f.location))
        message += "\n" + e.location.path + ":" + std::to_string(e.location.line) + ": " + stepMessage(e);
    out += std::string("::") + command(f) + " file=" + escapedProperty(f.location.path) +
           ",line=" + std::to_string(f.location.line) + ",col=" + std::to_string(f.location.column) +
           ",title=" + escapedProperty(f.rule) + "::" + escapedData(message) + "\n";
  }
  for (const ToolDiagnostic &d : toolNotes(result)) {
    std::string properties = d.location.valid() ? " file=" + escapedProperty(d.location.path) +
                                                      ",line=" + std::to_string(d.location.line)
                                                : d.file.empty() ? "" : " file=" + escapedProperty(d.file);
    out += std::string("::") + (d.severity == "error" ? "error" : "warning") + properties + "::" +
           escapedData("parready: " + d.message) + "\n";
  }
  const Summary &s = result.summary;
  out += "::notice title=parready::" +
         escapedData(std::to_string(s.files) + " test files: " + std::to_string(s.safe) + " safe, " +
                     std::to_string(s.fixable) + " fixable, " + std::to_string(s.serial) + " serial; " +
                     (!s.parallelSafe ? "some tests collide when run in parallel"
                      : s.incomplete  ? "unknown whether tests collide: " + plural(s.incomplete, "file", "files") +
                                           " could not be analysed completely"
                                      : "no two tests collide")) +
         "\n";
  return out;
}

} // namespace parready
