// The readiness report for people: a CI job summary or a PR comment, in the
// shape of a hand-written parallelization analysis (docs/reports.md#markdown):
// the answer first, then the blockers by shared resource with their fix, the
// file categories, the conflict graph and the numbers.
#include "report/Common.h"
#include "report/Messages.h"
#include "report/Report.h"

#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

namespace parready {

namespace {

std::string seconds(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, value < 10 ? "%.2f s" : "%.1f s", value);
  return buffer;
}

std::string times(double before, double after) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f×", after > 0 ? before / after : 0.0);
  return buffer;
}

/// A code span that survives backticks in the text.
std::string code(const std::string &text) {
  return text.find('`') == std::string::npos ? "`" + text + "`" : "`` " + text + " ``";
}

std::string location(const SourceLocation &l) { return l.path + ":" + std::to_string(l.line); }

/// "3/12".
std::string outOf(size_t part, size_t whole) { return std::to_string(part) + "/" + std::to_string(whole); }

/// How the report shows a verdict: an icon, and what it means for the files
/// that have it ("3 files (25.0%) <meaning>").
struct VerdictWords {
  const char *icon;
  const char *meaning;
};

VerdictWords words(Verdict verdict) {
  switch (verdict) {
  case Verdict::Safe: return {"✅", "run in parallel as they are"};
  case Verdict::Fixable: return {"⚠️", "share something they can stop sharing"};
  case Verdict::Serial: return {"⛔", "need the machine to themselves until fixed"};
  }
  return {"", ""};
}

/// The answer to "can the tests run in parallel?", after the question.
std::string answer(const Summary &s) {
  switch (s.answer) {
  case ParallelAnswer::NothingAnalysed:
    return "No test files were analysed" +
           (s.skipped ? ": " + plural(s.skipped, "file defines", "files define") +
                            " no test in this configuration (see *Skipped files*)"
                      : std::string()) +
           ".";
  case ParallelAnswer::No:
    return "**NO**: " + plural(s.conflictingResources, "shared resource is", "shared resources are") +
           " written by one test while another uses it. Run as they are with `ctest -j`, these tests fail at random." +
           (s.incomplete ? " " + plural(s.incomplete, "more file", "more files") +
                               " could not be analysed completely (see *Analysis notes*)."
                         : std::string());
  case ParallelAnswer::Mostly:
    return "**MOSTLY**: no two tests collide, but " + plural(s.serial, "file needs", "files need") +
           " the machine to itself (RUN_SERIAL).";
  case ParallelAnswer::OrderDependent:
    return "**NOT AS SEPARATE PROCESSES**: no two tests collide, but " +
           plural(s.orderDependentTests, "test reads", "tests read") +
           " state that earlier tests of its program leave changed: it fails when each test runs in its own process "
           "(one CTest entry per case, sharding, gtest-parallel) or in another order.";
  case ParallelAnswer::WithinOneRun:
    return "**YES, within one run**: no two tests collide; the fixable hazards below still collide when two runs "
           "of the suite share a machine.";
  case ParallelAnswer::Unknown:
    return "**UNKNOWN**: " + plural(s.incomplete, "file", "files") +
           " could not be analysed completely (see *Analysis notes*) and may hide anything; they are reported "
           "serial until they parse. No two tests of the other files collide.";
  case ParallelAnswer::Yes:
    return "**YES**: no test shares a resource with another.";
  }
  return "";
}

/// What a group of accesses does to a resource, in words: "writes, lists".
std::string accessWords(const std::set<AccessMode> &modes) {
  std::string words;
  for (AccessMode mode : modes)
    words += (words.empty() ? "" : ", ") + std::string(toString(mode));
  return words;
}

/// Text in a table cell: a '|' would end the cell.
std::string cell(const std::string &text) { return escaped(text, {{'|', "\\|"}}); }

/// Mermaid labels: quotes and angle brackets as its entity codes.
std::string mermaidLabel(const std::string &text) {
  return "\"" + escaped(text, {{'"', "#quot;"}, {'<', "#lt;"}, {'>', "#gt;"}}) + "\"";
}

class MarkdownWriter {
public:
  explicit MarkdownWriter(const AnalysisResult &result) : Result(result) {}

  std::string render() {
    heading();
    executiveSummary();
    blockers();
    otherHazards();
    reviewNotes();
    categories();
    skippedFiles();
    conflictGraph();
    metrics();
    notes();
    return Out;
  }

private:
  void line(const std::string &text = "") { Out += text + "\n"; }

  void heading() {
    const Summary &s = Result.summary;
    line("# Test parallelization analysis");
    line();
    line("*parready " + Result.toolVersion + ", runner model `" + toString(Result.runner) + "`: " +
         plural(s.files, "test file", "test files") + ", " + plural(s.tests, "test", "tests") + ", " +
         plural(s.findings, "finding", "findings") +
         (s.baselined ? " (" + std::to_string(*s.baselined) + " in the baseline)" : "") +
         (s.outsideChange ? " (" + std::to_string(*s.outsideChange) + " outside the changed files, not shown)" : "") +
         (s.suppressed ? ", " + std::to_string(s.suppressed) + " suppressed" : "") + ".*");
    line();
  }

  void executiveSummary() {
    const Summary &s = Result.summary;
    line("## Executive summary");
    line();
    line("**Can the tests run in parallel?** " + answer(s));
    line();
    if (std::string registered = registrationAnswer(Result); !registered.empty()) {
      line(registered);
      line();
    }
    if (s.answer == ParallelAnswer::NothingAnalysed)
      return;
    for (Verdict verdict : {Verdict::Safe, Verdict::Fixable, Verdict::Serial}) {
      FileShare share = s.filesWith(verdict);
      line("- " + std::string(words(verdict).icon) + " **" + toString(verdict) + "**: " +
           plural(share.files, "file", "files") + " (" + percent(share.percent) + ") " + words(verdict).meaning);
    }
    line();
    if (s.needReview) {
      line("**Needs review:** " + plural(s.needReview, "file has", "files have") +
           " findings parready could not pin down (see *Needs review* below); they count only with `--strict`.");
      line();
    }
    if (s.lockedTests || s.serialTests) {
      line("**Run in parallel today:** `parready --format ctest=parready.cmake` writes CTest properties that give " +
           plural(s.lockedTests, "test", "tests") + " a `RESOURCE_LOCK` and " +
           plural(s.serialTests, "test", "tests") +
           " `RUN_SERIAL`; every other test runs in parallel with `ctest -j`.");
      line();
    }
    if (Result.projection) {
      const ScheduleProjection &p = *Result.projection;
      line("**Projected wall time** with " + std::to_string(p.workers) + " workers (from " + code(p.source) +
           "): serial " + seconds(p.serialSeconds) + ", in parallel with the locks " + seconds(p.withLocksSeconds) +
           " (" + times(p.serialSeconds, p.withLocksSeconds) + " faster), after the fixable hazards are fixed " +
           seconds(p.afterFixesSeconds) + " (" + times(p.serialSeconds, p.afterFixesSeconds) + ").");
      line();
    }
    if (!Result.blockers.empty()) {
      const Blocker &primary = Result.blockers.front();
      line("**Primary blocker:** " + code(primary.resource.key()) + ", shared by " +
           plural(primary.tests.size(), "test", "tests") + " in " + plural(primary.files.size(), "file.", "files."));
    }
    line();
  }

  void fix(const Rule &rule, const std::string &framework, size_t blockerNumber) {
    line("**Fix:** " + rule.fix + ".");
    auto snippet = rule.snippets.find(framework);
    if (snippet == rule.snippets.end())
      snippet = rule.snippets.find("any");
    if (snippet == rule.snippets.end() && !rule.snippets.empty())
      snippet = rule.snippets.begin();
    if (snippet != rule.snippets.end()) {
      line();
      auto [shown, first] = SnippetShownIn.try_emplace(snippet->second.code, blockerNumber);
      if (!first) {
        line("The code is the same as for blocker " + std::to_string(shown->second) + " above.");
      } else {
        line("```" + snippet->second.language);
        Out += snippet->second.code;
        if (!snippet->second.code.ends_with("\n"))
          line();
        line("```");
      }
    }
    // A report travels (a CI job summary, a PR comment): a link only to
    // published docs (--docs-url), else the command that shows the page anywhere.
    line();
    line(Result.docsUrl.empty() ? "More: `parready --explain " + rule.id + "`"
                                : "More: [" + rule.id + "](" + Result.docsUrl + rule.docs + ")");
    line();
  }

  void blockers() {
    const std::vector<Blocker> &blockers = Result.blockers;
    if (blockers.empty())
      return;
    line("## Blockers by shared resource");
    line();
    line("Each of these is used by several tests at once, and at least one of them changes it. "
         "Root cause first, then the files it affects, then the fix.");
    line();
    for (size_t i = 0; i < blockers.size(); ++i) {
      const Blocker &blocker = blockers[i];
      std::string rank = i == 0 ? " (primary blocker)" : i == 1 ? " (secondary blocker)" : "";
      line("### " + std::to_string(i + 1) + ". " + code(blocker.resource.key()) + rank);
      line();
      const Rule *rule = blocker.rootCause ? Result.rule(blocker.rootCause->rule) : nullptr;
      if (blocker.rootCause) {
        const Finding &example = *blocker.rootCause;
        line("**Root cause** (" + code(example.rule) + ", " + toString(example.verdict) +
             (example.confidence == Confidence::Low ? ", low confidence" : "") +
             "): " + findingMessage(example, Result));
        line();
        bool chain = false;
        for (const Evidence &e : example.evidence)
          if (e.role != EvidenceRole::Partner && e.location.valid()) {
            if (!chain)
              line("How test `" + example.test + "` gets there:");
            chain = true;
            line("- " + code(location(e.location)) + " " + stepMessage(e));
          }
        if (chain)
          line();
      }
      if (!blocker.inside.empty()) {
        line("Inside it, also shared:");
        for (const NestedResource &inner : blocker.inside)
          line("- " + code(inner.resource.key()) + " (" + plural(inner.tests, "test", "tests") + ")");
        line();
      }
      line("**Affected files** (" + plural(blocker.tests.size(), "test", "tests") + "):");
      line();
      for (const BlockerFile &file : blocker.files)
        line("- " + code(file.path) + ": " + plural(file.tests, "test", "tests") + " (" + accessWords(file.access) +
             ")");
      line();
      if (rule)
        fix(*rule, blocker.framework, i + 1);
    }
  }

  /// Hazards with no partner in this run: they collide only when two runs
  /// share a machine, or they need a serial run.
  void otherHazards() {
    if (Result.loneHazards.empty())
      return;
    line("## Other hazards");
    line();
    line("No other test of this suite touches these at the same time, but they break when two runs share a "
         "machine (a second build tree, another CI job), or they need the machine to themselves.");
    line();
    line("| rule | verdict | files | tests | example |");
    line("|---|---|---|---|---|");
    for (const LoneHazards &hazards : Result.loneHazards)
      line("| " + code(hazards.rule) + " | " + toString(hazards.example.verdict) + " | " +
           std::to_string(hazards.files) + " | " + std::to_string(hazards.tests) + " | " +
           code(location(hazards.example.location)) + ": " +
           cell(findingMessage(hazards.example, Result)) + " |");
    line();
  }

  /// Review-only findings, one row per place in the source.
  void reviewNotes() {
    if (Result.summary.needReview == 0)
      return;
    line("## Needs review");
    line();
    line("parready could not pin these down: a path known only at run time, or an access behind a virtual call "
         "that may run another override. They count in no verdict, lock or exit code above; read each one, and "
         "run with `--strict` to count them.");
    line();
    line("| place | rule | tests | finding |");
    line("|---|---|---|---|");
    for (const FindingGroup &group : groupByPlace(Result))
      if (group.first->reviewOnly)
        line("| " + code(location(group.first->location)) + " | " + code(group.first->rule) + " | " +
             cell(testsPhrase(group)) + " | " + cell(findingMessage(*group.first, Result)) + " |");
    line();
  }

  void categories() {
    const Summary &s = Result.summary;
    line("## Test categories by parallelization readiness");
    line();
    for (Verdict verdict : {Verdict::Safe, Verdict::Fixable, Verdict::Serial}) {
      FileShare share = s.filesWith(verdict);
      line("### " + std::string(words(verdict).icon) + " " + llvm::StringRef(toString(verdict)).upper() + " (" +
           plural(share.files, "file", "files") + ", " + percent(share.percent) + ")");
      line();
      for (const FileResult &file : Result.files) {
        if (file.verdict != verdict)
          continue;
        std::string reasons;
        for (const RuleCount &reason : file.reasons)
          reasons += (reasons.empty() ? ": " : ", ") + code(reason.rule) + " ×" + std::to_string(reason.findings);
        for (const TestResult &test : file.tests)
          if (test.declared && test.declared->verdict == Verdict::Serial)
            reasons += (reasons.empty() ? ": " : ", ") + code(test.name) + " declared serial" +
                       (test.declared->reason.empty() ? "" : " (" + cell(test.declared->reason) + ")");
        line("- " + code(file.path) + " (" + plural(file.tests.size(), "test", "tests") + ")" + reasons +
             (file.partial ? " *(" + incompleteReason(file.incompleteCause) + ")*" : "") +
             (file.needsReview ? " *(needs review)*" : ""));
      }
      if (share.files == 0)
        line("*(none)*");
      line();
    }
  }

  void conflictGraph() {
    const std::vector<Blocker> &blockers = Result.blockers;
    if (blockers.empty())
      return;
    line("## Conflict graph");
    line();
    line("Test files (by verdict) and the resources they share; a solid arrow changes the resource, a dotted "
         "one only reads or lists it.");
    line();
    line("```mermaid");
    line("flowchart LR");
    std::map<std::string, std::string> fileNode;
    for (const Blocker &blocker : blockers)
      for (const BlockerFile &file : blocker.files)
        if (!fileNode.count(file.path)) {
          std::string id = "F" + std::to_string(fileNode.size());
          fileNode[file.path] = id;
          line("  " + id + "[" + mermaidLabel(file.path) + "]:::" + toString(file.verdict));
        }
    for (size_t i = 0; i < blockers.size(); ++i) {
      std::string id = "R" + std::to_string(i);
      line("  " + id + "{{" + mermaidLabel(blockers[i].resource.key()) + "}}:::resource");
      for (const BlockerFile &file : blockers[i].files) {
        line("  " + fileNode[file.path] + (file.modifies() ? " -->|" : " -.->|") + accessWords(file.access) + "| " + id);
      }
    }
    line("  classDef safe fill:#d4edda,stroke:#28a745");
    line("  classDef fixable fill:#fff3cd,stroke:#d39e00");
    line("  classDef serial fill:#f8d7da,stroke:#c82333");
    line("  classDef resource fill:#e2e3e5,stroke:#6c757d");
    line("```");
    line();
  }

  void metrics() {
    const Summary &s = Result.summary;
    FileShare notSerial = s.filesNotSerial();
    line("## Metrics summary");
    line();
    line("| metric | as written | with the CTest properties | after the fixable hazards are fixed |");
    line("|---|---|---|---|");
    std::string safeFiles = outOf(s.safe, s.files), freeTests = outOf(s.freeTests, s.tests);
    line("| test files safe for parallel runs | " + safeFiles + " (" + percent(s.filesWith(Verdict::Safe).percent) +
         ") | " + safeFiles + " | " + outOf(notSerial.files, s.files) + " (" + percent(notSerial.percent) + ") |");
    line("| tests that run beside any other | " + freeTests + " | " + freeTests + " | " +
         outOf(s.testsNotSerial(), s.tests) + " |");
    line("| conflicts in one `ctest -j` run | " +
         plural(s.conflictingResources, "shared resource", "shared resources") + " | 0 | 0 |");
    if (Result.projection) {
      const ScheduleProjection &p = *Result.projection;
      std::string workers = " (" + std::to_string(p.workers) + " workers)";
      line("| serial wall time | " + seconds(p.serialSeconds) + " | " + seconds(p.serialSeconds) + " | " +
           seconds(p.serialSeconds) + " |");
      line("| parallel wall time" + workers + " | " + seconds(p.unlockedSeconds) +
           (Result.blockers.empty() ? "" : ", with races") + " | " + seconds(p.withLocksSeconds) + " | " +
           seconds(p.afterFixesSeconds) + " |");
      line("| speed-up over serial | " + times(p.serialSeconds, p.unlockedSeconds) + " | " +
           times(p.serialSeconds, p.withLocksSeconds) + " | " + times(p.serialSeconds, p.afterFixesSeconds) + " |");
      line();
      line("Durations of " + std::to_string(p.testsTimed) + " tests from " + code(p.source) +
           (p.testsUntimed ? "; " + std::to_string(p.testsUntimed) + " tests without one count with the median"
                           : "") +
           ". The projection replays CTest's scheduler: longest tests first, a test waits while another holds "
           "one of its locks, a RUN_SERIAL test runs alone.");
    } else {
      line();
      line("Give `--durations Testing/Temporary/CTestCostData.txt` (or a GoogleTest / JUnit XML report) to "
           "project wall times.");
    }
    line();
  }

  void skippedFiles() {
    if (Result.skipped.empty())
      return;
    line("## Skipped files");
    line();
    line("Taken for test files (their text names a test macro), but no test is compiled in this configuration:");
    line();
    for (const SkippedFile &file : Result.skipped)
      line("- " + code(file.path) + ": " + skippedReason(file));
    line();
  }

  void notes() {
    std::vector<ToolDiagnostic> notes = toolNotes(Result);
    if (notes.empty())
      return;
    line("## Analysis notes");
    line();
    for (const ToolDiagnostic &d : notes)
      line("- " + d.severity + ": " + code(d.location.valid() ? location(d.location) : d.file) + " " + d.message);
    line();
  }

  const AnalysisResult &Result;
  std::map<std::string, size_t> SnippetShownIn; ///< code -> the blocker that showed it
  std::string Out;
};

} // namespace

std::string renderMarkdown(const AnalysisResult &result) { return MarkdownWriter(result).render(); }

} // namespace parready
