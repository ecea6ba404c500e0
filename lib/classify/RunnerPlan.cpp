#include "classify/RunnerPlan.h"

#include "llvm/Support/Path.h"

#include <algorithm>
#include <map>
#include <set>

namespace parready {

namespace {

using TestPair = std::pair<std::string, std::string>; ///< first < second

/// The conflict graph of one resource: an edge joins two tests whose accesses interfere.
struct ConflictGraph {
  std::map<std::string, std::set<std::string>> neighbours;

  explicit ConflictGraph(const std::vector<TestPair> &edges) {
    for (const auto &[a, b] : edges) {
      neighbours[a].insert(b);
      neighbours[b].insert(a);
    }
  }
  bool adjacent(const std::string &a, const std::string &b) const {
    auto it = neighbours.find(a);
    return it != neighbours.end() && it->second.count(b);
  }
};

/// Covers every edge with groups of pairwise-conflicting tests, greedily from
/// the first uncovered edge. Exact: two tests share a lock only where they
/// conflict, so two readers of one file (no edge) never wait for each other.
/// `covered`: pairs an earlier lock (a directory above this file) already
/// keeps apart; the new locks' pairs are added to it.
std::vector<TestLock> locksFor(const ResourceResult &resource, std::set<TestPair> &covered) {
  ConflictGraph graph(resource.conflicts);
  std::vector<TestLock> locks;
  std::set<TestPair> uncovered;
  for (const TestPair &edge : resource.conflicts)
    if (!covered.count(edge))
      uncovered.insert(edge);
  while (!uncovered.empty()) {
    auto [a, b] = *uncovered.begin();
    std::vector<std::string> group{a, b};
    for (const std::string &candidate : graph.neighbours.at(a))
      if (candidate != b && std::all_of(group.begin(), group.end(), [&](const std::string &member) {
            return graph.adjacent(member, candidate);
          }))
        group.push_back(candidate);
    std::sort(group.begin(), group.end());
    for (size_t i = 0; i < group.size(); ++i)
      for (size_t j = i + 1; j < group.size(); ++j) {
        uncovered.erase({group[i], group[j]});
        covered.insert({group[i], group[j]});
      }
    locks.push_back({resource.resource.key() + (locks.empty() ? "" : "#" + std::to_string(locks.size() + 1)),
                     resource.verdict, std::move(group)});
  }
  return locks;
}

std::vector<PlannedTest> wholePrograms(const std::vector<PlannedTest> &tests) {
  std::map<std::string, std::set<std::string>> filesOfLock;
  for (const PlannedTest &test : tests)
    for (const std::string &lock : test.locks)
      filesOfLock[lock].insert(test.file);
  std::vector<PlannedTest> programs;
  std::map<std::string, size_t> programOfFile;
  for (const PlannedTest &test : tests) {
    auto [it, inserted] = programOfFile.try_emplace(test.file, programs.size());
    if (inserted)
      programs.push_back({llvm::sys::path::stem(test.file).str(), test.file, {}, false});
    PlannedTest &program = programs[it->second];
    for (const std::string &lock : test.locks)
      if (filesOfLock[lock].size() > 1 &&
          std::find(program.locks.begin(), program.locks.end(), lock) == program.locks.end())
        program.locks.push_back(lock);
    program.runSerial |= test.runSerial;
  }
  return programs;
}

} // namespace

void planRunner(AnalysisResult &result) {
  RunnerPlan plan;
  std::map<std::string, std::vector<std::string>> locksOfTest;
  // Resources come sorted by key, so a directory comes before the files in it.
  std::set<TestPair> covered;
  for (const ResourceResult &resource : result.resources)
    for (TestLock &lock : locksFor(resource, covered)) {
      for (const std::string &test : lock.tests)
        locksOfTest[test].push_back(lock.name);
      plan.locks.push_back(std::move(lock));
    }
  for (const FileResult &file : result.files)
    for (const TestResult &test : file.tests) {
      // Locks stay in plan order (by resource, then #2, #3, ...), which reads better than sorted.
      plan.tests.push_back({test.name, file.path, locksOfTest[test.name], test.verdict == Verdict::Serial});
    }
  plan.programs = wholePrograms(plan.tests);
  // A file that did not parse may have lost its test cases with its headers:
  // its whole-file test still runs alone.
  for (const FileResult &file : result.files)
    if (file.partial && file.tests.empty())
      plan.programs.push_back({llvm::sys::path::stem(file.path).str(), file.path, {}, true});
  result.plan = std::move(plan);
}

} // namespace parready
