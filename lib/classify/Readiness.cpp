#include "classify/Readiness.h"

#include <algorithm>
#include <map>
#include <set>

namespace parready {

namespace {

ParallelAnswer answer(const Summary &s) {
  if (s.files == 0)
    return ParallelAnswer::NothingAnalysed;
  if (!s.parallelSafe)
    return ParallelAnswer::No;
  // Before any "yes": what was not analysed may hide anything.
  if (s.incomplete)
    return ParallelAnswer::Unknown;
  if (s.serial)
    return ParallelAnswer::Mostly;
  if (s.orderDependentTests)
    return ParallelAnswer::OrderDependent;
  if (s.hazards)
    return ParallelAnswer::WithinOneRun;
  return ParallelAnswer::Yes;
}

Summary summaryOf(const AnalysisResult &result) {
  Summary s;
  s.files = result.files.size();
  s.skipped = result.skipped.size();
  for (const FileResult &file : result.files) {
    s.incomplete += file.partial;
    s.tests += file.tests.size();
    s.findings += file.findings.size();
    s.suppressed += file.suppressed.size();
    s.needReview += file.needsReview;
    std::set<std::string> orderDependent;
    for (const Finding &finding : file.findings)
      if (finding.orderDependent && !finding.reviewOnly)
        orderDependent.insert(finding.test);
    s.orderDependentTests += orderDependent.size();
    for (const Finding &finding : file.findings) {
      s.reviewFindings += finding.reviewOnly;
      s.hazards += finding.counts();
      s.parallelSafe &= !finding.conflict || finding.reviewOnly;
    }
    switch (file.verdict) {
    case Verdict::Safe: ++s.safe; break;
    case Verdict::Fixable: ++s.fixable; break;
    case Verdict::Serial: ++s.serial; break;
    }
  }
  if (std::any_of(result.programs.begin(), result.programs.end(), [](const ProgramResult &program) {
        return program.registration != CtestRegistration::Unknown;
      })) {
    s.parallelSafeAsRegistered = true;
    for (const FileResult &file : result.files)
      for (const Finding &finding : file.findings)
        *s.parallelSafeAsRegistered &= !finding.conflictAsRegistered || finding.reviewOnly;
    std::set<std::string> conflicting;
    for (const FileResult &file : result.files)
      if (std::any_of(file.findings.begin(), file.findings.end(),
                      [](const Finding &f) { return f.conflict && !f.reviewOnly; }))
        conflicting.insert(file.path);
    for (const ProgramResult &program : result.programs)
      if (program.registration == CtestRegistration::OneEntry &&
          std::any_of(program.files.begin(), program.files.end(),
                      [&](const std::string &file) { return conflicting.count(file); }))
        s.conflictsInsideOneEntry.push_back(program.name);
    std::sort(s.conflictsInsideOneEntry.begin(), s.conflictsInsideOneEntry.end());
  }
  s.answer = answer(s);
  s.conflictingResources = std::count_if(result.resources.begin(), result.resources.end(),
                                         [](const ResourceResult &r) { return r.conflict; });
  for (const PlannedTest &test : result.plan.tests) {
    s.lockedTests += !test.locks.empty();
    s.serialTests += test.runSerial;
    s.freeTests += test.locks.empty() && !test.runSerial;
  }
  return s;
}

std::vector<RuleCount> reasonsOf(const FileResult &file) {
  std::map<std::string, size_t> byRule;
  for (const Finding &finding : file.findings)
    if (finding.verdict == file.verdict && finding.counts())
      ++byRule[finding.rule];
  std::vector<RuleCount> reasons;
  for (const auto &[rule, findings] : byRule)
    reasons.push_back({rule, findings});
  return reasons;
}

/// The tests of the conflict graph's edges on a resource.
std::set<std::string> conflictingTests(const ResourceResult &resource) {
  std::set<std::string> tests;
  for (const auto &[a, b] : resource.conflicts)
    tests.insert({a, b});
  return tests;
}

/// A blocker while it is gathered: sets to merge nested resources into.
struct Draft {
  const ResourceResult *resource;
  std::set<std::string> tests;
  std::map<std::string, std::set<AccessMode>> accessByFile;
  const Finding *rootCause = nullptr;
  std::vector<NestedResource> inside;
};

Draft draftOf(const ResourceResult &resource, const std::vector<FileResult> &files) {
  Draft draft{&resource, conflictingTests(resource), {}, nullptr, {}};
  for (const ResourceAccessor &accessor : resource.accessors)
    if (draft.tests.count(accessor.test))
      draft.accessByFile[accessor.file].insert(accessor.access);
  for (const FileResult &file : files)
    for (const Finding &finding : file.findings)
      if (finding.resource == resource.resource && finding.conflict && !finding.reviewOnly &&
          (!draft.rootCause || finding.verdict > draft.rootCause->verdict))
        draft.rootCause = &finding;
  return draft;
}

/// A resource inside another blocking resource is reported under the
/// outermost one that contains it: the same root cause.
std::vector<Draft> nestInside(const std::vector<Draft> &drafts) {
  auto inside = [](const Draft &outer, const Draft &inner) {
    return outer.resource != inner.resource && outer.resource->resource.contains(inner.resource->resource);
  };
  std::vector<Draft> outermost;
  for (const Draft &draft : drafts)
    if (std::none_of(drafts.begin(), drafts.end(), [&](const Draft &other) { return inside(other, draft); }))
      outermost.push_back(draft);
  for (const Draft &draft : drafts)
    for (Draft &outer : outermost)
      if (inside(outer, draft)) {
        outer.inside.push_back({draft.resource->resource, conflictingTests(*draft.resource).size()});
        outer.tests.insert(draft.tests.begin(), draft.tests.end());
        for (const auto &[file, access] : draft.accessByFile)
          outer.accessByFile[file].insert(access.begin(), access.end());
        break;
      }
  return outermost;
}

/// The framework most of these files use; on a tie, the first by name.
std::string mostUsedFramework(const std::vector<BlockerFile> &files,
                              const std::map<std::string, const FileResult *> &fileByPath) {
  std::map<std::string, size_t> count;
  for (const BlockerFile &file : files)
    if (auto it = fileByPath.find(file.path); it != fileByPath.end() && !it->second->framework.empty())
      ++count[it->second->framework];
  std::string best;
  for (const auto &[framework, n] : count)
    if (best.empty() || n > count[best])
      best = framework;
  return best;
}

Blocker blockerOf(const Draft &draft, const std::map<std::string, const FileResult *> &fileByPath) {
  Blocker blocker{draft.resource->resource, {draft.tests.begin(), draft.tests.end()}, {}, std::nullopt, draft.inside,
                  ""};
  if (draft.rootCause)
    blocker.rootCause = *draft.rootCause;
  for (const auto &[path, access] : draft.accessByFile) {
    BlockerFile file{path, Verdict::Safe, 0, access};
    if (auto it = fileByPath.find(path); it != fileByPath.end()) {
      file.verdict = it->second->verdict;
      for (const TestResult &test : it->second->tests)
        file.tests += draft.tests.count(test.name);
    }
    blocker.files.push_back(std::move(file));
  }
  blocker.framework = mostUsedFramework(blocker.files, fileByPath);
  return blocker;
}

std::vector<Blocker> blockersOf(const AnalysisResult &result) {
  std::vector<Draft> drafts;
  for (const ResourceResult &resource : result.resources)
    if (resource.conflict)
      drafts.push_back(draftOf(resource, result.files));
  std::map<std::string, const FileResult *> fileByPath;
  for (const FileResult &file : result.files)
    fileByPath[file.path] = &file;
  std::vector<Blocker> blockers;
  for (const Draft &draft : nestInside(drafts))
    blockers.push_back(blockerOf(draft, fileByPath));
  std::stable_sort(blockers.begin(), blockers.end(),
                   [](const Blocker &a, const Blocker &b) { return a.tests.size() > b.tests.size(); });
  return blockers;
}

std::vector<LoneHazards> loneHazardsOf(const std::vector<FileResult> &files) {
  struct Gathered {
    std::set<std::string> files, tests;
    const Finding *example = nullptr;
  };
  std::map<std::string, Gathered> byRule;
  std::vector<std::string> order;
  for (const FileResult &file : files)
    for (const Finding &finding : file.findings) {
      if (finding.conflict || !finding.counts())
        continue;
      auto [it, inserted] = byRule.try_emplace(finding.rule);
      if (inserted) {
        order.push_back(finding.rule);
        it->second.example = &finding;
      }
      it->second.files.insert(file.path);
      it->second.tests.insert(finding.test);
    }
  std::vector<LoneHazards> hazards;
  for (const std::string &rule : order) {
    const Gathered &gathered = byRule[rule];
    hazards.push_back({rule, gathered.files.size(), gathered.tests.size(), *gathered.example});
  }
  return hazards;
}

} // namespace

void summarize(AnalysisResult &result) {
  for (FileResult &file : result.files)
    file.reasons = reasonsOf(file);
  result.summary = summaryOf(result);
  result.blockers = blockersOf(result);
  result.loneHazards = loneHazardsOf(result.files);
}

} // namespace parready
