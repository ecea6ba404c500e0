#include "pipeline/Analyze.h"

#include "link/Link.h"
#include "rules/Rules.h"

#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"

#include <mutex>
#include <set>

namespace parready {

namespace {

std::vector<std::string> testMacroNames(const ApiCatalog &catalog) {
  std::vector<std::string> names;
  for (const TestMacro &macro : catalog.frameworks().macros)
    names.push_back(macro.name);
  return names;
}

bool definesTests(const std::string &path, const std::vector<std::string> &macroNames) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  // An unreadable file is kept: extraction reports why it cannot be read.
  return !buffer || mentionsTestMacro((*buffer)->getBuffer().str(), macroNames);
}

TranslationUnitFacts extractSafely(const CompileJob &job, const ApiCatalog &catalog,
                                   const ExtractOptions &options) {
  TranslationUnitFacts facts;
  llvm::CrashRecoveryContext recovery;
  if (!recovery.RunSafely([&] { facts = extractFacts(job, catalog, options); })) {
    facts = TranslationUnitFacts{};
    facts.mainFile = job.file;
    facts.parsedCleanly = false;
    facts.diagnostics.push_back({"error", "parready crashed while analysing this file", {}, job.file});
  }
  return facts;
}

} // namespace

AnalyzeOutcome analyze(const AnalyzeOptions &options) {
  AnalyzeOutcome outcome;
  RuleSet rules;
  if (std::string error = rules.load(options.rulesDirectory); !error.empty()) {
    outcome.fatalError = error;
    return outcome;
  }
  ApiCatalog catalog;
  if (std::string error = catalog.loadDirectory(options.rulesDirectory + "/api"); !error.empty()) {
    outcome.fatalError = error;
    return outcome;
  }
  const std::string &resourceDir = options.extract.resourceDir;
  if (!resourceDir.empty() && !llvm::sys::fs::exists(resourceDir + "/include/stddef.h")) {
    outcome.fatalError = "clang resource directory '" + resourceDir +
                         "' has no include/stddef.h; pass --resource-dir=$(clang-19 -print-resource-dir)";
    return outcome;
  }

  InputResult input = loadCompileJobs(options.input);
  if (!input.fatalError.empty()) {
    outcome.fatalError = input.fatalError;
    return outcome;
  }
  // Test TUs, then the support TUs beside them (a tests/utils.cpp helper):
  // those only lend their functions to link.
  std::vector<std::string> names = testMacroNames(catalog);
  std::vector<CompileJob> jobs, candidates;
  if (options.input.files.empty()) {
    for (CompileJob &job : input.jobs)
      (definesTests(job.file, names) ? jobs : candidates).push_back(std::move(job));
  } else {
    jobs = std::move(input.jobs);
    for (CompileJob &job : input.neighbours)
      if (!definesTests(job.file, names))
        candidates.push_back(std::move(job));
  }
  std::set<std::string> testFiles, testDirectories;
  for (const CompileJob &job : jobs) {
    testFiles.insert(job.file);
    testDirectories.insert(llvm::sys::path::parent_path(job.file).str());
  }
  for (CompileJob &job : candidates)
    if (testDirectories.count(llvm::sys::path::parent_path(job.file).str()))
      jobs.push_back(std::move(job));

  unsigned threads = options.jobs ? options.jobs : llvm::hardware_concurrency().compute_thread_count();
  if (options.progress)
    options.progress("analysing " + std::to_string(jobs.size()) + " translation units with " +
                     std::to_string(std::min<size_t>(threads, std::max<size_t>(jobs.size(), 1))) + " jobs");
  llvm::CrashRecoveryContext::Enable();
  std::vector<TranslationUnitFacts> units(jobs.size());
  {
    llvm::DefaultThreadPool pool(llvm::hardware_concurrency(threads));
    std::mutex progressMutex;
    size_t done = 0;
    for (size_t i = 0; i < jobs.size(); ++i)
      pool.async([&, i] {
        units[i] = extractSafely(jobs[i], catalog, options.extract);
        if (options.progress) {
          std::lock_guard<std::mutex> lock(progressMutex);
          options.progress("[" + std::to_string(++done) + "/" + std::to_string(jobs.size()) + "] " +
                           jobs[i].file);
        }
      });
    pool.wait();
  }

  LinkedSuite suite = linkFacts(units, testFiles);
  suite.diagnostics.insert(suite.diagnostics.begin(), input.diagnostics.begin(), input.diagnostics.end());
  for (const TranslationUnitFacts &unit : units) {
    outcome.incomplete |= !unit.parsedCleanly;
    if (unit.tests.empty() && testFiles.count(unit.mainFile) && !options.input.files.empty() && unit.parsedCleanly)
      suite.diagnostics.push_back({"warning", "no test cases found in this file", {}, unit.mainFile});
  }
  for (const ToolDiagnostic &diagnostic : input.diagnostics)
    outcome.incomplete |= diagnostic.severity == "error";
  outcome.result = classify(suite, rules, options.classify);
  return outcome;
}

} // namespace parready
