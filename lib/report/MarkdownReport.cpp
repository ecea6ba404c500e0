// The readiness report for people: a CI job summary or a PR comment, in the
// shape of a hand-written parallelization analysis (docs/reports.md#markdown):
// the answer first, then the blockers by shared resource with their fix, the
// file categories, the conflict graph and the numbers.
#include "report/Common.h"
#include "report/Report.h"

#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

namespace parready {

namespace {

std::string percent(size_t part, size_t whole) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", whole ? 100.0 * double(part) / double(whole) : 0.0);
  return buffer;
}

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

std::string plural(size_t count, const std::string &one, const std::string &many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

const char *icon(Verdict verdict) {
  switch (verdict) {
  case Verdict::Safe: return "✅";
  case Verdict::Fixable: return "⚠️";
  case Verdict::Serial: return "⛔";
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

/// Mermaid labels: quotes and angle brackets as its entity codes.
std::string mermaidLabel(const std::string &text) {
  return "\"" + escaped(text, {{'"', "#quot;"}, {'<', "#lt;"}, {'>', "#gt;"}}) + "\"";
}

struct Blocker {
  const ResourceResult *resource;
  std::set<std::string> tests;
  std::map<std::string, std::set<AccessMode>> modesByFile;
  const Finding *example = nullptr;
  /// Shared resources inside this one (a lock file in a shared directory):
  /// the same root cause, reported under it.
  std::vector<const ResourceResult *> inside;
};

class MarkdownWriter {
public:
  explicit MarkdownWriter(const AnalysisResult &result) : Result(result) {
    for (const FileResult &file : result.files)
      FileByPath[file.path] = &file;
    for (const ResourceResult &resource : result.resources) {
      if (!resource.conflict)
        continue;
      Blocker blocker{&resource, {}, {}, nullptr};
      for (const auto &[a, b] : resource.conflicts)
        blocker.tests.insert({a, b});
      for (const ResourceAccessor &accessor : resource.accessors)
        if (blocker.tests.count(accessor.test))
          blocker.modesByFile[accessor.file].insert(accessor.access);
      for (const FileResult &file : result.files)
        for (const Finding &finding : file.findings)
          if (finding.resource == resource.resource && finding.conflict &&
              (!blocker.example || finding.verdict > blocker.example->verdict))
            blocker.example = &finding;
      Blockers.push_back(std::move(blocker));
    }
    groupNestedBlockers();
    std::stable_sort(Blockers.begin(), Blockers.end(),
                     [](const Blocker &a, const Blocker &b) { return a.tests.size() > b.tests.size(); });
  }

  void groupNestedBlockers() {
    std::vector<Blocker> outermost;
    for (const Blocker &blocker : Blockers) {
      bool nested = std::any_of(Blockers.begin(), Blockers.end(), [&](const Blocker &other) {
        return other.resource != blocker.resource && other.resource->resource.contains(blocker.resource->resource);
      });
      if (!nested)
        outermost.push_back(blocker);
    }
    for (const Blocker &blocker : Blockers)
      for (Blocker &outer : outermost)
        if (outer.resource != blocker.resource && outer.resource->resource.contains(blocker.resource->resource)) {
          outer.inside.push_back(blocker.resource);
          outer.tests.insert(blocker.tests.begin(), blocker.tests.end());
          for (const auto &[file, modes] : blocker.modesByFile)
            outer.modesByFile[file].insert(modes.begin(), modes.end());
          break;
        }
    Blockers = std::move(outermost);
  }

  std::string render() {
    heading();
    executiveSummary();
    blockers();
    otherHazards();
    categories();
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
         plural(s.findings, "finding", "findings") + ".*");
    line();
  }

  size_t conflictingResources() const {
    return std::count_if(Result.resources.begin(), Result.resources.end(),
                         [](const ResourceResult &r) { return r.conflict; });
  }

  size_t lockedTests() const {
    size_t count = 0;
    for (const PlannedTest &test : Result.plan.tests)
      count += !test.locks.empty();
    return count;
  }
  size_t serialTests() const {
    size_t count = 0;
    for (const PlannedTest &test : Result.plan.tests)
      count += test.runSerial;
    return count;
  }

  void executiveSummary() {
    const Summary &s = Result.summary;
    line("## Executive summary");
    line();
    if (s.files == 0) {
      line("**Can the tests run in parallel?** No test files were analysed.");
      line();
      return;
    }
    if (!s.parallelSafe)
      line("**Can the tests run in parallel?** **NO**: " +
           plural(conflictingResources(), "shared resource is", "shared resources are") +
           " written by one test while another uses it. Run as they are with `ctest -j`, these tests fail "
           "at random.");
    else if (s.serial)
      line("**Can the tests run in parallel?** **MOSTLY**: no two tests collide, but " +
           plural(s.serial, "file needs", "files need") + " the machine to itself (RUN_SERIAL).");
    else if (s.findings)
      line("**Can the tests run in parallel?** **YES, within one run**: no two tests collide; the fixable "
           "hazards below still collide when two runs of the suite share a machine.");
    else if (s.fixable)
      line("**Can the tests run in parallel?** **PROBABLY**: no hazard found, but some files could not be "
           "analysed completely (see the notes at the end).");
    else
      line("**Can the tests run in parallel?** **YES**: no test shares a resource with another.");
    line();
    line("- " + std::string(icon(Verdict::Safe)) + " **safe**: " + plural(s.safe, "file", "files") + " (" +
         percent(s.safe, s.files) + ") run in parallel as they are");
    line("- " + std::string(icon(Verdict::Fixable)) + " **fixable**: " + plural(s.fixable, "file", "files") + " (" +
         percent(s.fixable, s.files) + ") share something they can stop sharing");
    line("- " + std::string(icon(Verdict::Serial)) + " **serial**: " + plural(s.serial, "file", "files") + " (" +
         percent(s.serial, s.files) + ") need the machine to themselves until fixed");
    line();
    if (lockedTests() || serialTests()) {
      line("**Run in parallel today:** `parready --format ctest=parready.cmake` writes CTest properties that give " +
           plural(lockedTests(), "test", "tests") + " a `RESOURCE_LOCK` and " + plural(serialTests(), "test", "tests") +
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
    if (!Blockers.empty())
      line("**Primary blocker:** " + code(Blockers.front().resource->resource.key()) + ", shared by " +
           plural(Blockers.front().tests.size(), "test", "tests") + " in " +
           plural(Blockers.front().modesByFile.size(), "file.", "files."));
    line();
  }

  static size_t testsOf(const ResourceResult &resource) {
    std::set<std::string> tests;
    for (const auto &[a, b] : resource.conflicts)
      tests.insert({a, b});
    return tests.size();
  }

  const Rule *ruleOf(const std::string &id) const {
    for (const Rule &rule : Result.rules)
      if (rule.id == id)
        return &rule;
    return nullptr;
  }

  /// The framework most of these files use, so the fix is in the user's idiom.
  std::string frameworkOf(const std::map<std::string, std::set<AccessMode>> &files) const {
    std::map<std::string, size_t> count;
    for (const auto &[path, modes] : files)
      if (auto it = FileByPath.find(path); it != FileByPath.end() && !it->second->framework.empty())
        ++count[it->second->framework];
    std::string best;
    for (const auto &[framework, n] : count)
      if (best.empty() || n > count[best])
        best = framework;
    return best;
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
    if (!Result.docsUrl.empty()) {
      line();
      line("More: [" + rule.id + "](" + Result.docsUrl + rule.docs + ")");
    }
    line();
  }

  void blockers() {
    if (Blockers.empty())
      return;
    line("## Blockers by shared resource");
    line();
    line("Each of these is used by several tests at once, and at least one of them changes it. "
         "Root cause first, then the files it affects, then the fix.");
    line();
    for (size_t i = 0; i < Blockers.size(); ++i) {
      const Blocker &blocker = Blockers[i];
      std::string rank = i == 0 ? " (primary blocker)" : i == 1 ? " (secondary blocker)" : "";
      line("### " + std::to_string(i + 1) + ". " + code(blocker.resource->resource.key()) + rank);
      line();
      const Rule *rule = blocker.example ? ruleOf(blocker.example->rule) : nullptr;
      if (blocker.example) {
        const Finding &example = *blocker.example;
        line("**Root cause** (" + code(example.rule) + ", " + toString(example.verdict) +
             (example.confidence == Confidence::Low ? ", low confidence" : "") + "): " + example.message);
        line();
        bool chain = false;
        for (const Evidence &e : example.evidence)
          if (e.role != EvidenceRole::Partner && e.location.valid()) {
            if (!chain)
              line("How test `" + example.test + "` gets there:");
            chain = true;
            line("- " + code(location(e.location)) + " " + e.message);
          }
        if (chain)
          line();
      }
      if (!blocker.inside.empty()) {
        line("Inside it, also shared:");
        for (const ResourceResult *inner : blocker.inside)
          line("- " + code(inner->resource.key()) + " (" + plural(testsOf(*inner), "test", "tests") + ")");
        line();
      }
      line("**Affected files** (" + plural(blocker.tests.size(), "test", "tests") + "):");
      line();
      for (const auto &[file, modes] : blocker.modesByFile) {
        size_t tests = 0;
        if (auto it = FileByPath.find(file); it != FileByPath.end())
          for (const TestResult &test : it->second->tests)
            tests += blocker.tests.count(test.name);
        line("- " + code(file) + ": " + plural(tests, "test", "tests") + " (" + accessWords(modes) + ")");
      }
      line();
      if (rule)
        fix(*rule, frameworkOf(blocker.modesByFile), i + 1);
    }
  }

  /// Hazards with no partner in this run: they collide only when two runs
  /// share a machine, or they need a serial run.
  void otherHazards() {
    struct Group {
      std::set<std::string> files, tests;
      const Finding *example = nullptr;
    };
    std::map<std::string, Group> byRule;
    std::vector<std::string> order;
    for (const FileResult &file : Result.files)
      for (const Finding &finding : file.findings) {
        if (finding.conflict)
          continue;
        auto [it, inserted] = byRule.try_emplace(finding.rule);
        if (inserted)
          order.push_back(finding.rule);
        it->second.files.insert(file.path);
        it->second.tests.insert(finding.test);
        if (!it->second.example)
          it->second.example = &finding;
      }
    if (order.empty())
      return;
    line("## Other hazards");
    line();
    line("No other test of this suite touches these at the same time, but they break when two runs share a "
         "machine (a second build tree, another CI job), or they need the machine to themselves.");
    line();
    line("| rule | verdict | files | tests | example |");
    line("|---|---|---|---|---|");
    for (const std::string &id : order) {
      const Group &group = byRule[id];
      line("| " + code(id) + " | " + toString(group.example->verdict) + " | " + std::to_string(group.files.size()) +
           " | " + std::to_string(group.tests.size()) + " | " + code(location(group.example->location)) + ": " +
           escaped(group.example->message, {{'|', "\\|"}}) + " |");
    }
    line();
  }

  void categories() {
    const Summary &s = Result.summary;
    line("## Test categories by parallelization readiness");
    line();
    for (Verdict verdict : {Verdict::Safe, Verdict::Fixable, Verdict::Serial}) {
      size_t count = verdict == Verdict::Safe ? s.safe : verdict == Verdict::Fixable ? s.fixable : s.serial;
      line("### " + std::string(icon(verdict)) + " " + llvm::StringRef(toString(verdict)).upper() + " (" +
           plural(count, "file", "files") + ", " + percent(count, s.files) + ")");
      line();
      for (const FileResult &file : Result.files) {
        if (file.verdict != verdict)
          continue;
        std::string reasons;
        std::map<std::string, size_t> rules;
        for (const Finding &finding : file.findings)
          if (finding.verdict == verdict)
            ++rules[finding.rule];
        for (const auto &[rule, n] : rules)
          reasons += (reasons.empty() ? ": " : ", ") + code(rule) + " ×" + std::to_string(n);
        line("- " + code(file.path) + " (" + plural(file.tests.size(), "test", "tests") + ")" + reasons +
             (file.partial ? " *(partial: not analysed completely)*" : ""));
      }
      if (count == 0)
        line("*(none)*");
      line();
    }
  }

  void conflictGraph() {
    if (Blockers.empty())
      return;
    line("## Conflict graph");
    line();
    line("Test files (by verdict) and the resources they share; a solid arrow changes the resource, a dotted "
         "one only reads or lists it.");
    line();
    line("```mermaid");
    line("flowchart LR");
    std::map<std::string, std::string> fileNode;
    for (const Blocker &blocker : Blockers)
      for (const auto &[file, modes] : blocker.modesByFile)
        if (!fileNode.count(file)) {
          std::string id = "F" + std::to_string(fileNode.size());
          fileNode[file] = id;
          auto it = FileByPath.find(file);
          std::string verdict = it == FileByPath.end() ? "safe" : toString(it->second->verdict);
          line("  " + id + "[" + mermaidLabel(file) + "]:::" + verdict);
        }
    for (size_t i = 0; i < Blockers.size(); ++i) {
      std::string id = "R" + std::to_string(i);
      line("  " + id + "{{" + mermaidLabel(Blockers[i].resource->resource.key()) + "}}:::resource");
      for (const auto &[file, modes] : Blockers[i].modesByFile) {
        bool changes = std::any_of(modes.begin(), modes.end(), modifies);
        line("  " + fileNode[file] + (changes ? " -->|" : " -.->|") + accessWords(modes) + "| " + id);
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
    size_t safeTests = 0;
    for (const PlannedTest &test : Result.plan.tests)
      safeTests += test.locks.empty() && !test.runSerial;
    size_t serialAfterFixes = serialTests();
    line("## Metrics summary");
    line();
    line("| metric | as written | with the CTest properties | after the fixable hazards are fixed |");
    line("|---|---|---|---|");
    line("| test files safe for parallel runs | " + std::to_string(s.safe) + "/" + std::to_string(s.files) + " (" +
         percent(s.safe, s.files) + ") | " + std::to_string(s.safe) + "/" + std::to_string(s.files) + " | " +
         std::to_string(s.files - s.serial) + "/" + std::to_string(s.files) + " (" +
         percent(s.files - s.serial, s.files) + ") |");
    line("| tests that run beside any other | " + std::to_string(safeTests) + "/" + std::to_string(s.tests) + " | " +
         std::to_string(safeTests) + "/" + std::to_string(s.tests) + " | " +
         std::to_string(s.tests - serialAfterFixes) + "/" + std::to_string(s.tests) + " |");
    line("| conflicts in one `ctest -j` run | " +
         plural(conflictingResources(), "shared resource", "shared resources") + " | 0 | 0 |");
    if (Result.projection) {
      const ScheduleProjection &p = *Result.projection;
      std::string workers = " (" + std::to_string(p.workers) + " workers)";
      line("| serial wall time | " + seconds(p.serialSeconds) + " | " + seconds(p.serialSeconds) + " | " +
           seconds(p.serialSeconds) + " |");
      line("| parallel wall time" + workers + " | " + seconds(p.unlockedSeconds) +
           (Blockers.empty() ? "" : ", with races") + " | " + seconds(p.withLocksSeconds) + " | " +
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

  void notes() {
    if (Result.diagnostics.empty())
      return;
    line("## Analysis notes");
    line();
    for (const ToolDiagnostic &d : Result.diagnostics)
      line("- " + d.severity + ": " + code(d.location.valid() ? location(d.location) : d.file) + " " + d.message);
    line();
  }

  const AnalysisResult &Result;
  std::map<std::string, const FileResult *> FileByPath;
  std::vector<Blocker> Blockers;
  std::map<std::string, size_t> SnippetShownIn; ///< code -> the blocker that showed it
  std::string Out;
};

} // namespace

std::string renderMarkdown(const AnalysisResult &result) { return MarkdownWriter(result).render(); }

} // namespace parready
