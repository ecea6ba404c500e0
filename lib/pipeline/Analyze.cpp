#include "pipeline/Analyze.h"

#include "classify/Projection.h"
#include "input/Durations.h"

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

/// Framework macros and headers, for the text pre-filter of test files.
struct TestSignatures {
  std::vector<std::string> macros, headers;
};

TestSignatures testSignatures(const ApiCatalog &catalog) {
  TestSignatures signatures;
  for (const TestMacro &macro : catalog.frameworks().macros) {
    signatures.macros.push_back(macro.name);
    signatures.headers.push_back(macro.definedIn);
  }
  return signatures;
}


bool definesTests(const std::string &path, const TestSignatures &signatures) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  // An unreadable file is kept: extraction reports why it cannot be read.
  if (!buffer)
    return true;
  std::string text = (*buffer)->getBuffer().str();
  return mentionsTestMacro(text, signatures.macros) || isPlainTestProgram(path, text, signatures.headers);
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

/// Library TUs whose text names a function that the parsed TUs call but do
/// not define. A cheap text test: the TU is parsed only if it can define one.
std::vector<CompileJob> definersOfUnresolvedCalls(const std::vector<TranslationUnitFacts> &units,
                                                  std::vector<CompileJob> &library) {
  std::set<std::string> defined, wanted;
  for (const TranslationUnitFacts &unit : units)
    for (const Function &function : unit.functions)
      defined.insert(function.usr);
  for (const TranslationUnitFacts &unit : units)
    for (const Function &function : unit.functions)
      for (const CallSite &call : function.calls)
        if (!defined.count(call.calleeUsr)) {
          std::string name = call.calleeName.substr(call.calleeName.rfind(':') + 1);
          if (!name.empty() && name.front() != '~' && name.find("operator") == std::string::npos)
            wanted.insert(name + "(");
        }
  std::vector<CompileJob> chosen, rest;
  for (CompileJob &job : library) {
    auto buffer = llvm::MemoryBuffer::getFile(job.file);
    bool mentions = false;
    if (buffer)
      for (const std::string &name : wanted)
        if ((*buffer)->getBuffer().contains(name)) {
          mentions = true;
          break;
        }
    (mentions ? chosen : rest).push_back(std::move(job));
  }
  library = std::move(rest);
  return chosen;
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

  // Read before the analysis: a wrong file is a usage error, found in a second.
  std::map<std::string, double> durations;
  if (!options.durationsPath.empty()) {
    std::vector<TestDuration> measured;
    if (std::string error = readDurations(options.durationsPath, measured); !error.empty()) {
      outcome.fatalError = error;
      return outcome;
    }
    for (const TestDuration &duration : measured)
      durations[duration.name] = duration.seconds;
  }

  InputResult input = loadCompileJobs(options.input);
  if (!input.fatalError.empty()) {
    outcome.fatalError = input.fatalError;
    return outcome;
  }
  // Test TUs, then the support TUs beside them (a tests/utils.cpp helper):
  // those only lend their functions to link.
  TestSignatures signatures = testSignatures(catalog);
  std::vector<CompileJob> jobs, candidates;
  if (options.input.files.empty()) {
    for (CompileJob &job : input.jobs)
      (definesTests(job.file, signatures) ? jobs : candidates).push_back(std::move(job));
  } else {
    jobs = std::move(input.jobs);
    for (CompileJob &job : input.others)
      if (!definesTests(job.file, signatures))
        candidates.push_back(std::move(job));
  }
  std::set<std::string> testFiles, testDirectories;
  for (const CompileJob &job : jobs) {
    testFiles.insert(job.file);
    testDirectories.insert(llvm::sys::path::parent_path(job.file).str());
  }
  std::vector<CompileJob> library;
  for (CompileJob &job : candidates)
    (testDirectories.count(llvm::sys::path::parent_path(job.file).str()) ? jobs : library).push_back(std::move(job));
  // Vendored and fetched dependencies (a test framework compiled from
  // source) are not the code under test.
  std::erase_if(library, [](const CompileJob &job) {
    for (const char *part : {"/_deps/", "/third_party/", "/third-party/", "/3rdparty/", "/external/", "/vendor/"})
      if (job.file.find(part) != std::string::npos)
        return true;
    return false;
  });
  if (!options.followLibrary)
    library.clear();

  unsigned threads = options.jobs ? options.jobs : llvm::hardware_concurrency().compute_thread_count();
  llvm::CrashRecoveryContext::Enable();
  std::vector<TranslationUnitFacts> units;
  // Round 0 parses the tests and their support code; each later round the
  // library TUs that may define a function the tests reach but nothing
  // parsed so far defines (virtual calls included: their overriders).
  for (int round = 0; round < 3 && !jobs.empty(); ++round) {
    if (options.progress)
      options.progress(std::string(round == 0 ? "analysing " : "following calls into ") +
                       std::to_string(jobs.size()) + " translation units with " +
                       std::to_string(std::min<size_t>(threads, jobs.size())) + " jobs");
    size_t first = units.size();
    units.resize(first + jobs.size());
    llvm::DefaultThreadPool pool(llvm::hardware_concurrency(threads));
    std::mutex progressMutex;
    size_t done = 0;
    for (size_t i = 0; i < jobs.size(); ++i)
      pool.async([&, i] {
        units[first + i] = extractSafely(jobs[i], catalog, options.extract);
        if (options.progress) {
          std::lock_guard<std::mutex> lock(progressMutex);
          options.progress("[" + std::to_string(++done) + "/" + std::to_string(jobs.size()) + "] " +
                           jobs[i].file);
        }
      });
    pool.wait();
    jobs = definersOfUnresolvedCalls(units, library);
  }

  LinkedSuite suite = linkFacts(units, testFiles, [&catalog](ResourceKind resource, const AbstractValue &value) {
    return catalog.sharesNothing(resource, value);
  });
  suite.diagnostics.insert(suite.diagnostics.begin(), input.diagnostics.begin(), input.diagnostics.end());
  for (const TranslationUnitFacts &unit : units) {
    outcome.incomplete |= !unit.parsedCleanly;
    if (unit.tests.empty() && testFiles.count(unit.mainFile) && !options.input.files.empty() && unit.parsedCleanly)
      suite.diagnostics.push_back({"warning", "no test cases found in this file", {}, unit.mainFile});
  }
  for (const ToolDiagnostic &diagnostic : input.diagnostics)
    outcome.incomplete |= diagnostic.severity == "error";
  outcome.result = classify(suite, rules, options.classify);
  outcome.result.incomplete = outcome.incomplete;
  if (!options.durationsPath.empty())
    outcome.result.projection =
        projectSchedule(outcome.result.plan, durations,
                        options.workers ? options.workers : llvm::hardware_concurrency().compute_thread_count(),
                        options.durationsPath);
  return outcome;
}

} // namespace parready
