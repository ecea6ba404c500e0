#include "report/Common.h"
#include "report/Messages.h"
#include "report/Report.h"

#include <cstdio>
#include <set>

namespace parready {

namespace {

struct Style {
  bool color;
  std::string bold(const std::string &s) const { return color ? "\033[1m" + s + "\033[0m" : s; }
  std::string warning() const { return color ? "\033[1;35mwarning:\033[0m" : "warning:"; }
  std::string remark() const { return color ? "\033[1;34mremark:\033[0m" : "remark:"; }
  std::string note() const { return color ? "\033[1;30mnote:\033[0m" : "note:"; }
};

std::string where(const SourceLocation &l) {
  return compilerLocation(l) + ":";
}

std::string padded(const std::string &s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

std::string paddedLeft(const std::string &s, size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

/// The closing line: the answer to "can this suite run in parallel?".
std::string answer(const Summary &s) {
  const std::string question = "Can this suite run in parallel? ";
  switch (s.answer) {
  case ParallelAnswer::NothingAnalysed:
    return "No test files were analysed" +
           (s.skipped ? ": " + std::to_string(s.skipped) + " define no test in this configuration (above)" : "") +
           ".\n";
  case ParallelAnswer::No:
    return question + "No: " + std::to_string(s.conflictingResources) +
           (s.conflictingResources == 1 ? " shared resource is" : " shared resources are") +
           " written by one test while another uses it" +
           (s.incomplete ? " (and " + plural(s.incomplete, "more file", "more files") + " could not be analysed completely)"
                         : "") +
           ".\n"
           "Run the rest in parallel today: --format ctest=parready.cmake writes the CTest locks "
           "(RESOURCE_LOCK, RUN_SERIAL) that keep these tests apart.\n";
  case ParallelAnswer::Mostly:
    return question + "Not all of it: no two tests collide, but " + std::to_string(s.serial) +
           " file(s) need a machine to themselves (run them with RUN_SERIAL).\n";
  case ParallelAnswer::OrderDependent:
    return question + "Not as separate processes: no two tests collide, but " + std::to_string(s.orderDependentTests) +
           (s.orderDependentTests == 1 ? " test reads" : " tests read") +
           " state that earlier tests of its program leave changed; it fails when each test runs in its own "
           "process (one CTest entry per case, sharding, gtest-parallel) or in another order.\n";
  case ParallelAnswer::WithinOneRun:
    return question + "Yes within one run: no two tests collide; the fixable hazards still collide when two "
                      "runs share a machine.\n";
  case ParallelAnswer::Unknown:
    return question + "Unknown: " + plural(s.incomplete, "file", "files") +
           " could not be analysed completely (the errors above) and may hide anything; they are reported serial "
           "until they parse. No two tests of the other files collide.\n";
  case ParallelAnswer::Yes:
    return question + "Yes: no test shares a resource with another.\n";
  }
  return "";
}

} // namespace

std::string renderText(const AnalysisResult &result, const RenderOptions &options) {
  Style style{options.color};
  std::string out;
  for (const FindingGroup &group : groupByPlace(result)) {
    const Finding &first = *group.first;
    // A review-only finding is a remark, as clang reports what is worth a
    // look but not a problem: editors' problem matchers skip it.
    out += style.bold(where(first.location)) + " " + (first.reviewOnly ? style.remark() : style.warning()) + " " +
           style.bold(findingMessage(first, result)) + " [" + first.rule + "]\n";
    // A note on the code itself (a NOLINT that suppresses nothing) is in no test.
    if (!first.test.empty())
      out += where(first.location) + " " + style.note() + " " + toString(first.verdict) +
             (first.confidence == Confidence::Low ? " (low confidence)" : "") +
             (first.regradedAt.valid() ? " (graded so at " + compilerLocation(first.regradedAt) + ")" : "") +
             " hazard in " + testsPhrase(group) +
             (first.reviewOnly ? "; reported for review, --strict counts it" : "") + "\n";
    for (const Evidence &e : first.evidence)
      if (e.location.valid() && !(e.location == first.location))
        out += where(e.location) + " " + style.note() + " " + stepMessage(e) + "\n";
  }
  for (const FileResult &file : result.files)
    for (const TestResult &test : file.tests)
      if (test.declared && test.declared->verdict == Verdict::Serial)
        out += where({file.path, test.line, 1}) + " " + style.note() + " " + test.name +
               " runs serial, as declared at " + compilerLocation(test.declared->location) +
               (test.declared->reason.empty() ? "" : ": " + test.declared->reason) + "\n";
  if (!out.empty())
    out += "\n";

  const Summary &s = result.summary;
  out += style.bold("parready summary") + " (runner: " + toString(result.runner) + "): " +
         std::to_string(s.files) + " test files, " + std::to_string(s.tests) + " tests, " +
         std::to_string(s.findings) + " findings" +
         (s.reviewFindings ? " (" + std::to_string(s.reviewFindings) + " for review only)" : "") +
         (s.baselined ? ", " + std::to_string(*s.baselined) + " of them in the baseline and not shown" : "") +
         (s.outsideChange ? ", " + std::to_string(*s.outsideChange) + " of them outside the changed files and not shown"
                          : "") +
         (s.suppressed ? ", " + std::to_string(s.suppressed) + " suppressed" : "") +
         (s.skipped ? ", " + std::to_string(s.skipped) + " skipped" : "") + "\n";
  out += "  verdict    files   share\n";
  for (Verdict verdict : {Verdict::Safe, Verdict::Fixable, Verdict::Serial}) {
    FileShare share = s.filesWith(verdict);
    out += "  " + padded(toString(verdict), 8) + paddedLeft(std::to_string(share.files), 7) + "  " +
           paddedLeft(percent(share.percent), 6) + "\n";
  }
  out += result.changedFiles ? "\n  files changed, or with a finding the change causes:\n" : "\n  files:\n";
  size_t notShown = 0;
  for (const FileResult &file : result.files)
    if (file.outsideChange)
      ++notShown;
    else
      out += "    " + padded(toString(file.verdict), 8) + " " + file.path +
           (file.partial ? " (" + incompleteReason(file.incompleteCause) + ")" : "") +
           (file.needsReview ? " (needs review: low-confidence findings)" : "") + "\n";
  if (notShown)
    out += "    (" + plural(notShown, "other file", "other files") + " not shown: --changed-only)\n";
  if (!result.skipped.empty()) {
    out += "\n  skipped (taken for test files, but no test in this configuration):\n";
    for (const SkippedFile &file : result.skipped)
      out += "    " + file.path + ": " + skippedReason(file) + "\n";
  }
  if (result.projection) {
    const ScheduleProjection &p = *result.projection;
    auto secs = [](double value) {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%.2f s", value);
      return std::string(buffer);
    };
    out += "\n  projected wall time with " + std::to_string(p.workers) + " workers (" + p.source +
           "): serial " + secs(p.serialSeconds) + ", as written " + secs(p.unlockedSeconds) +
           (s.parallelSafe ? "" : " (racing)") + ", with the CTest properties " + secs(p.withLocksSeconds) +
           ", after the fixes " + secs(p.afterFixesSeconds) + "\n";
  }
  out += answer(s);
  if (std::string registered = registrationAnswer(result); !registered.empty())
    out += registered + "\n";
  // The remarks shown: those a baseline has are not.
  std::set<std::string> reviewFiles;
  for (const FindingGroup &group : groupByPlace(result))
    if (group.first->reviewOnly)
      reviewFiles.insert(group.first->location.path);
  if (!reviewFiles.empty())
    out += std::to_string(s.needReview) + (s.needReview == 1 ? " file has" : " files have") +
           " low-confidence findings to review (the remarks above); they count only with --strict.\n";
  return out;
}

} // namespace parready
