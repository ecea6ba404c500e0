#include "classify/Classify.h"
#include "classify/Baseline.h"
#include "classify/Readiness.h"
#include "classify/RunnerPlan.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace parready {

namespace {

/// Does this runner model share the resource between concurrently running tests?
bool sharedUnder(Runner runner, const Resource &resource) {
  switch (resource.kind) {
  case ResourceKind::Path:
    // Bazel gives every test target its own TEST_TMPDIR.
    return !(runner == Runner::Bazel && resource.name.starts_with("<tmp>"));
  // Ports, processes and the clock belong to the machine.
  case ResourceKind::Port:
  case ResourceKind::Process:
  case ResourceKind::Clock:
    return true;
  // Memory, environment and working directory are per process except when
  // tests are threads of one process.
  case ResourceKind::Global:
  case ResourceKind::Env:
  case ResourceKind::Cwd:
    return runner == Runner::Threads;
  }
  return true;
}

/// Can two accesses by different tests running at once interfere? Same
/// resource: when one of them modifies it (creating a directory twice is
/// harmless). One inside the other: when the outer one deletes the tree, or
/// lists the directory while the inner one changes its entries.
bool interfere(const Resource &a, AccessMode modeA, const Resource &b, AccessMode modeB) {
  if (a == b)
    return (modifies(modeA) || modifies(modeB)) && !(modeA == AccessMode::Create && modeB == AccessMode::Create) &&
           !a.privateEntry;
  auto outerInterferes = [](AccessMode outer, AccessMode inner) {
    return outer == AccessMode::Delete || (outer == AccessMode::List && modifies(inner));
  };
  if (a.contains(b))
    return outerInterferes(modeA, modeB);
  if (b.contains(a))
    return outerInterferes(modeB, modeA);
  return false;
}

/// Does either resource contain the other?
bool overlap(const Resource &a, const Resource &b) { return a.contains(b) || b.contains(a); }

/// The tests that run one after another in one process when the whole test
/// binary runs, as order dependence compares them: a test's file (its TU and
/// the support code it links with), even where the build's program structure
/// (LinkedTest::program) puts several files in one binary.
const std::string &programOf(const LinkedTest &test) { return test.file; }

/// Does a test put the state it changed back before the next test runs? It
/// changes it after the test (TearDown assigns the saved value, calls the
/// setters with it, clears the registry, unsets the variable), or its last
/// change replaces an earlier one of its own (set, use, restore). `writes`:
/// in the order link reached them.
bool putsBack(const std::vector<const ReachedAccess *> &writes) {
  bool changedAfterTest =
      std::any_of(writes.begin(), writes.end(), [](const ReachedAccess *write) { return write->afterTest; });
  std::vector<const ReachedAccess *> during;
  std::copy_if(writes.begin(), writes.end(), std::back_inserter(during),
               [](const ReachedAccess *write) { return !write->afterTest; });
  return changedAfterTest || (during.size() > 1 && during.back()->access.overwrites);
}

/// An access a test reaches, with the resource it touches.
struct KeyedAccess {
  size_t test;
  size_t access;
  const Resource *resource; ///< a key of Classifier::ByResource
};

class Classifier {
public:
  Classifier(const LinkedSuite &suite, const ClassifyOptions &options)
      : Suite(suite), Options(options) {
    for (size_t t = 0; t < suite.tests.size(); ++t)
      for (size_t a = 0; a < suite.tests[t].accesses.size(); ++a) {
        // An access behind a guessed override is nobody's partner: a guess
        // must not make another test's hazard a conflict, nor give it a lock.
        if (suite.tests[t].accesses[a].throughVirtualCall && !options.strict)
          continue;
        std::optional<Resource> resource = resourceOf(suite.tests[t].accesses[a].access);
        if (!resource)
          continue;
        auto every = InProcess.try_emplace(*resource).first;
        every->second.push_back({t, a, &every->first});
        if (sharedUnder(options.runner, *resource)) {
          auto entry = ByResource.try_emplace(*resource).first;
          entry->second.push_back({t, a, &entry->first});
        }
      }
  }

  /// Other tests' accesses to the same resource, or to one inside/around it;
  /// with `mode`, only those that interfere with an access of that mode.
  std::vector<KeyedAccess> overlapping(const Resource &resource, size_t self,
                                       std::optional<AccessMode> mode = std::nullopt) const {
    std::vector<KeyedAccess> found;
    for (const auto &[other, accesses] : ByResource)
      if (overlap(resource, other))
        for (const KeyedAccess &access : accesses)
          if (access.test != self && (!mode || interfere(resource, *mode, other, accessOf(access).mode)))
            found.push_back(access);
    sortByTestAndPlace(found);
    return found;
  }

  /// May `ctest -j` run these two tests at the same time, as the build
  /// registers them? Not when CTest runs one of them not at all, nor when
  /// both are in one binary registered as one entry.
  bool concurrentAsRegistered(size_t one, size_t other) const {
    auto registration = [&](size_t test) {
      size_t program = Suite.tests[test].program;
      return program < Suite.programs.size() ? Suite.programs[program].registration : CtestRegistration::Unknown;
    };
    if (registration(one) == CtestRegistration::NotRegistered || registration(other) == CtestRegistration::NotRegistered)
      return false;
    return Suite.tests[one].program != Suite.tests[other].program || registration(one) != CtestRegistration::OneEntry;
  }

  /// By test name and place, not by the order the TUs were parsed in: the
  /// reports (and SARIF fingerprints, golden files) must not depend on it.
  void sortByTestAndPlace(std::vector<KeyedAccess> &accesses) const {
    std::stable_sort(accesses.begin(), accesses.end(), [&](const KeyedAccess &a, const KeyedAccess &b) {
      return std::forward_as_tuple(testName(a.test), accessOf(a).location) <
             std::forward_as_tuple(testName(b.test), accessOf(b).location);
    });
  }

  /// When `self` reads `resource` and never changes it: the other tests of
  /// its program that change it (or a field of it) and leave it changed,
  /// which is what `self` sees when it runs after them in one process. A
  /// test that changes the state itself may assert on its own effect
  /// (`before + 1`) or on the others' (`== 2`): parready cannot tell which,
  /// and reports neither. A change of the whole object (a setter) is not
  /// taken for a change of the field `self` reads; putting back the object,
  /// or the field, restores it.
  std::vector<KeyedAccess> earlierWriters(const Resource &resource, size_t self) const {
    std::vector<KeyedAccess> inside; // changes of the state or a field of it
    std::map<size_t, std::vector<const ReachedAccess *>> writesByTest;
    bool selfChanges = false;
    for (const auto &[other, accesses] : InProcess)
      for (const KeyedAccess &keyed : accesses) {
        if (!overlap(resource, other) || !modifies(accessOf(keyed).mode))
          continue;
        selfChanges |= keyed.test == self;
        writesByTest[keyed.test].push_back(&reachedOf(keyed));
        if (resource.contains(other))
          inside.push_back(keyed);
      }
    if (selfChanges)
      return {};
    std::vector<KeyedAccess> writers;
    for (const KeyedAccess &keyed : inside)
      if (keyed.test != self && programOf(Suite.tests[keyed.test]) == programOf(Suite.tests[self]) &&
          !reachedOf(keyed).afterTest && !putsBack(writesByTest[keyed.test]))
        writers.push_back(keyed);
    sortByTestAndPlace(writers);
    return writers;
  }

  const ReachedAccess &reachedOf(const KeyedAccess &keyed) const {
    return Suite.tests[keyed.test].accesses[keyed.access];
  }
  const Access &accessOf(const KeyedAccess &keyed) const { return reachedOf(keyed).access; }
  std::string testName(size_t test) const { return Suite.tests[test].test.fullName(); }
  SourceLocation relative(SourceLocation location) const {
    location.path = relativeTo(location.path, Options.root);
    return location;
  }

  /// Does the sleep the access stands for leave the rule's generous margin
  /// (or one nobody knows)?
  static bool generousMargin(const Rule &rule, const ReachedAccess &reached) {
    if (!rule.generousMarginMilliseconds || !reached.sleepWait)
      return false;
    std::optional<uint64_t> margin = reached.sleepWait->marginMilliseconds();
    return !margin || *margin >= *rule.generousMarginMilliseconds;
  }

  Finding makeFinding(const RuleHit &hit) const {
    const LinkedTest &test = Suite.tests[hit.test];
    const ReachedAccess &reached = test.accesses[hit.access];
    const Access &access = reached.access;
    const Rule &rule = *hit.rule;

    Finding finding;
    finding.rule = rule.id;
    finding.verdict = rule.verdict;
    finding.location = relative(access.location);
    finding.test = test.test.fullName();
    finding.resource = hit.resource;
    finding.value = shownValue(access, hit.resource);
    finding.api = access.api;
    finding.access = access.mode;
    // Through a virtual call, another override may run instead; a generous
    // timing bound fails only under a stall far beyond what load causes, and
    // a sleep far longer than the work's own period waits generously.
    finding.bound = access.bound;
    finding.boundSeconds = access.boundSeconds;
    if (reached.throughVirtualCall)
      finding.lowConfidenceReason = LowConfidenceReason::VirtualCall;
    else if (rule.generousBoundSeconds && access.boundSeconds && *access.boundSeconds >= *rule.generousBoundSeconds)
      finding.lowConfidenceReason = LowConfidenceReason::GenerousBound;
    else if (generousMargin(rule, reached))
      finding.lowConfidenceReason = LowConfidenceReason::GenerousSleep;
    finding.confidence =
        finding.lowConfidenceReason == LowConfidenceReason::None ? rule.confidence : Confidence::Low;
    finding.sleepWait = reached.sleepWait;
    if (finding.sleepWait) {
      finding.sleepWait->workerLocation = relative(finding.sleepWait->workerLocation);
      finding.sleepWait->assertionLocation = relative(finding.sleepWait->assertionLocation);
    }
    finding.reviewOnly = finding.confidence == Confidence::Low && !Options.strict;
    finding.fix = rule.fixFor(access);

    std::vector<KeyedAccess> others;
    if (hit.resource)
      others = rule.match.stateLeftByOtherTests ? earlierWriters(*hit.resource, hit.test)
                                                : overlapping(*hit.resource, hit.test, access.mode);
    std::set<std::string> partnerNames;
    for (const KeyedAccess &other : others)
      partnerNames.insert(testName(other.test));
    finding.partners.assign(partnerNames.begin(), partnerNames.end());
    // Tests that ran before this one in its process do not race with it:
    // no lock or serial run helps, only state each test sets for itself.
    finding.orderDependent = rule.match.stateLeftByOtherTests;
    finding.conflict = !finding.partners.empty() && !finding.orderDependent;
    finding.conflictAsRegistered = finding.conflict && std::any_of(others.begin(), others.end(), [&](const KeyedAccess &other) {
      return concurrentAsRegistered(hit.test, other.test);
    });

    for (const EvidenceStep &step : reached.callChain)
      finding.evidence.push_back({.location = relative(step.location), .call = step.message});
    finding.evidence.push_back({.location = finding.location,
                                .role = EvidenceRole::Access,
                                .access = access.mode,
                                .value = finding.value,
                                .api = access.api});
    std::set<std::string> shownPartners;
    for (const KeyedAccess &other : others) {
      if (shownPartners.size() == 3)
        break;
      if (!shownPartners.insert(testName(other.test)).second)
        continue;
      const Access &theirs = accessOf(other);
      finding.evidence.push_back({.location = relative(theirs.location),
                                  .role = EvidenceRole::Partner,
                                  .test = testName(other.test),
                                  .access = theirs.mode,
                                  .value = shownValue(theirs, *other.resource)});
    }
    return finding;
  }

  std::vector<ResourceResult> resources(const std::map<Resource, Verdict> &hazards) const {
    std::vector<ResourceResult> result;
    for (const auto &[shared, verdict] : hazards) {
      ResourceResult resource{shared, false, {}, verdict, {}};
      std::set<std::tuple<std::string, SourceLocation, AccessMode>> seen;
      std::vector<KeyedAccess> accessors = overlapping(shared, SIZE_MAX);
      for (const KeyedAccess &keyed : accessors) {
        const Access &access = accessOf(keyed);
        SourceLocation location = relative(access.location);
        if (!seen.insert({testName(keyed.test), location, access.mode}).second)
          continue;
        resource.accessors.push_back(
            {testName(keyed.test), relativeTo(Suite.tests[keyed.test].file, Options.root), access.mode, location});
      }
      std::set<std::pair<std::string, std::string>> pairs;
      for (const KeyedAccess &a : accessors)
        for (const KeyedAccess &b : accessors)
          if (a.test < b.test && interfere(*a.resource, accessOf(a).mode, *b.resource, accessOf(b).mode))
            pairs.insert(std::minmax(testName(a.test), testName(b.test)));
      resource.conflict = !pairs.empty();
      resource.conflicts.assign(pairs.begin(), pairs.end());
      result.push_back(std::move(resource));
    }
    return result;
  }

private:
  const LinkedSuite &Suite;
  const ClassifyOptions &Options;
  /// Every access the runner model shares, by the resource it touches.
  std::map<Resource, std::vector<KeyedAccess>> ByResource;
  /// Every access, shared or not: what tests of one process leave each other.
  std::map<Resource, std::vector<KeyedAccess>> InProcess;
};

/// parready-unused-suppression: the comments of the test files that
/// suppressed nothing, as findings of the file that holds them. They raise
/// no verdict (the rule's is safe).
void reportIdleSuppressions(const LinkedSuite &suite, const RuleSet &rules, FindingPolicy &policy,
                            const std::string &root, std::vector<FileResult> &files) {
  const Rule *rule = rules.find(UnusedSuppressionRule);
  if (!rule)
    return;
  std::vector<std::string> testFiles;
  for (const LinkedFile &linked : suite.files)
    testFiles.push_back(linked.path);
  for (const IdleSuppression &idle : policy.idle(testFiles)) {
    if (policy.ruleSetting(idle.location.path, rule->id).first == RuleSetting::Off)
      continue;
    std::string path = relativeTo(idle.location.path, root);
    auto file = std::find_if(files.begin(), files.end(), [&](const FileResult &f) { return f.path == path; });
    if (file == files.end())
      continue;
    Finding note;
    note.rule = rule->id;
    note.verdict = rule->verdict;
    note.location = idle.location;
    note.location.path = path;
    note.value = idle.message;
    note.api = idle.text;
    note.access = AccessMode::Read;
    note.fix = rule->fix;
    file->findings.push_back(std::move(note));
  }
}

} // namespace

std::string relativeTo(const std::string &path, const std::string &root) {
  if (root.empty() || path.empty())
    return path;
  std::string prefix = root.back() == '/' ? root : root + "/";
  if (path.starts_with(prefix))
    return path.substr(prefix.size());
  return path;
}

AnalysisResult classify(const LinkedSuite &suite, const RuleSet &rules, const ClassifyOptions &options) {
  AnalysisResult result;
  result.toolVersion = options.toolVersion;
  result.runner = options.runner;
  result.root = options.root;
  result.rules = rules.rules();
  result.docsUrl = options.docsUrl;
  Classifier classifier(suite, options);

  std::vector<RuleHit> hits = applyRules(rules, suite, options.runner);
  // Rules that need a partner (a listing, a private entry in a shared
  // directory) come last and only add what the test's other findings on the
  // same directory do not already say.
  // Low-confidence rules (an unresolved value) come after both, and add a
  // finding only where the test has none at that place yet: one call site
  // that writes several unresolved paths is one thing to look at. Within
  // each, an access the test reaches for certain comes before the same
  // access behind a guessed override, so that the certain one is reported.
  auto order = [&](const RuleHit &hit) {
    int tier = hit.rule->confidence == Confidence::Low ? 2 : hit.rule->match.requiresConflict ? 1 : 0;
    return std::make_pair(tier, suite.tests[hit.test].accesses[hit.access].throughVirtualCall);
  };
  std::stable_sort(hits.begin(), hits.end(),
                   [&](const RuleHit &a, const RuleHit &b) { return order(a) < order(b); });
  std::map<size_t, std::vector<Finding>> findingsByTest;
  std::map<Resource, Verdict> hazards; ///< resource -> worst verdict of its findings
  std::set<std::tuple<size_t, SourceLocation, std::string, std::string>> seen;
  // A review-only finding says nothing for certain: it hides no certain one.
  auto alreadyReported = [&](size_t test, const Resource &resource) {
    return std::any_of(findingsByTest[test].begin(), findingsByTest[test].end(), [&](const Finding &finding) {
      return finding.resource && !finding.reviewOnly && overlap(*finding.resource, resource);
    });
  };
  FindingPolicy *policy = options.policy;
  for (const RuleHit &hit : hits) {
    const LinkedTest &test = suite.tests[hit.test];
    auto [setting, settingAt] = policy ? policy->ruleSetting(test.file, hit.rule->id)
                                       : std::pair<RuleSetting, std::string>{RuleSetting::On, ""};
    if (setting == RuleSetting::Off)
      continue;
    // State left by earlier tests of a process matters exactly when the
    // runner does not share it between the tests running at once.
    bool leftState = hit.rule->match.stateLeftByOtherTests;
    if (hit.resource && !sharedUnder(options.runner, *hit.resource) && !leftState)
      continue;
    const Access &access = suite.tests[hit.test].accesses[hit.access].access;
    // A helper called twice at one site, or a fixture reached twice, is one finding.
    bool lowConfidence = hit.rule->confidence == Confidence::Low;
    if (!seen.insert({hit.test, access.location, hit.rule->id,
                      lowConfidence ? "" : keyOf(hit.resource) + access.value.text})
             .second)
      continue;
    if (lowConfidence && std::any_of(findingsByTest[hit.test].begin(), findingsByTest[hit.test].end(),
                                     [&](const Finding &f) { return f.location == classifier.relative(access.location); }))
      continue;
    if (hit.rule->match.requiresConflict && hit.resource && alreadyReported(hit.test, *hit.resource))
      continue;
    Finding finding = classifier.makeFinding(hit);
    if ((hit.rule->match.requiresConflict && !finding.conflict) || (leftState && finding.partners.empty()))
      continue;
    if (setting == RuleSetting::Fixable || setting == RuleSetting::Serial) {
      finding.verdict = setting == RuleSetting::Serial ? Verdict::Serial : Verdict::Fixable;
      finding.regradedAt = classifier.relative(parseLocation(settingAt));
    }
    if (policy) {
      // A NOLINT on the access, on the call in the test that starts the
      // chain to it, or on a call of the chain in the test's own file (a
      // fixture's TearDown calling a cleanup helper) covers the finding.
      std::vector<SourceLocation> places{access.location};
      const auto &chain = test.accesses[hit.access].callChain;
      for (size_t step = 0; step < chain.size(); ++step)
        if (step == 0 || chain[step].location.path == test.file)
          places.push_back(chain[step].location);
      finding.suppression =
          policy->suppression(test.file, test.test.fullName(), test.test.location.line, hit.rule->id, places);
      if (finding.suppression)
        finding.suppression->location = classifier.relative(finding.suppression->location);
    }
    bool counts = !finding.reviewOnly && !finding.suppression;
    findingsByTest[hit.test].push_back(std::move(finding));
    // resources[] lists what tests of one run touch at once, with its
    // conflict graph, from the findings that count; the state a process
    // carries from test to test is not.
    if (hit.resource && counts && !leftState) {
      // The verdict as the project's configuration grades it: locks say the same.
      Verdict verdict = findingsByTest[hit.test].back().verdict;
      Verdict &worst = hazards.try_emplace(*hit.resource, verdict).first->second;
      worst = std::max(worst, verdict);
    }
  }

  for (const LinkedFile &linked : suite.files) {
    FileResult file;
    file.path = relativeTo(linked.path, options.root);
    file.partial = linked.partial;
    file.incompleteCause = linked.incompleteCause;
    for (size_t index : linked.tests) {
      const LinkedTest &test = suite.tests[index];
      TestResult testResult{test.test.fullName(), test.test.location.line, Verdict::Safe};
      if (file.framework.empty())
        file.framework = test.test.framework;
      for (Finding &finding : findingsByTest[index]) {
        if (finding.suppression) {
          file.suppressed.push_back(std::move(finding));
          continue;
        }
        if (!finding.reviewOnly)
          testResult.verdict = std::max(testResult.verdict, finding.verdict);
        file.needsReview |= finding.reviewOnly;
        file.findings.push_back(std::move(finding));
      }
      if (policy)
        testResult.declared = policy->declared(test.file, testResult.name, testResult.line);
      if (testResult.declared) {
        testResult.declared->location = classifier.relative(testResult.declared->location);
        if (testResult.declared->verdict == Verdict::Serial)
          testResult.verdict = Verdict::Serial;
      }
      // What was not analysed cannot be shown parallel-safe, and it may hide
      // anything: the test runs alone (RUN_SERIAL) until its file parses.
      if (file.partial)
        testResult.verdict = Verdict::Serial;
      file.verdict = std::max(file.verdict, testResult.verdict);
      file.tests.push_back(std::move(testResult));
    }
    if (file.partial)
      file.verdict = Verdict::Serial;
    std::sort(file.tests.begin(), file.tests.end(),
              [](const TestResult &a, const TestResult &b) { return a.line < b.line; });
    result.files.push_back(std::move(file));
  }
  if (policy)
    reportIdleSuppressions(suite, rules, *policy, options.root, result.files);
  for (FileResult &file : result.files)
    for (std::vector<Finding> *findings : {&file.findings, &file.suppressed})
      std::stable_sort(findings->begin(), findings->end(), [](const Finding &a, const Finding &b) {
        return std::tie(a.location.line, a.location.column, a.test) <
               std::tie(b.location.line, b.location.column, b.test);
      });
  std::sort(result.files.begin(), result.files.end(),
            [](const FileResult &a, const FileResult &b) { return a.path < b.path; });
  assignFingerprints(result);
  for (SkippedFile skipped : suite.skipped) {
    skipped.path = relativeTo(skipped.path, options.root);
    result.skipped.push_back(std::move(skipped));
  }
  std::sort(result.skipped.begin(), result.skipped.end(),
            [](const SkippedFile &a, const SkippedFile &b) { return a.path < b.path; });
  for (const LinkedProgram &program : suite.programs)
    result.programs.push_back({program.name, program.registration, {}});
  for (const LinkedFile &linked : suite.files)
    if (!linked.tests.empty() && suite.tests[linked.tests.front()].program < result.programs.size())
      result.programs[suite.tests[linked.tests.front()].program].files.push_back(
          relativeTo(linked.path, options.root));
  for (ProgramResult &program : result.programs)
    std::sort(program.files.begin(), program.files.end());
  // By name, not by the order the TUs were parsed in: reports must not depend on it.
  std::sort(result.programs.begin(), result.programs.end(), [](const ProgramResult &a, const ProgramResult &b) {
    return std::tie(a.name, a.files) < std::tie(b.name, b.files);
  });
  result.resources = classifier.resources(hazards);
  for (ToolDiagnostic diagnostic : suite.diagnostics) {
    diagnostic.file = relativeTo(diagnostic.file, options.root);
    diagnostic.location.path = relativeTo(diagnostic.location.path, options.root);
    result.diagnostics.push_back(std::move(diagnostic));
  }
  planRunner(result);
  summarize(result);
  return result;
}

} // namespace parready

