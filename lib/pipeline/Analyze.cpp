#include "pipeline/Analyze.h"
#include "pipeline/Extraction.h"

#include "cache/FactsCache.h"
#include "classify/Baseline.h"
#include "classify/ChangedFiles.h"
#include "classify/Projection.h"
#include "config/Policy.h"
#include "input/Durations.h"
#include "input/Programs.h"
#include "input/TestSelection.h"
#include "link/Link.h"
#include "rules/Rules.h"

#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>

namespace parready {

namespace {

/// What a run reads before it parses anything: a wrong rules directory,
/// resource directory or durations file is a usage error, found in a second.
struct Configuration {
  RuleSet rules;
  ApiCatalog catalog;
  std::map<std::string, double> durations; ///< measured seconds by test name
};

/// Returns "" or the fatal error.
std::string loadConfiguration(const AnalyzeOptions &options, Configuration &configuration) {
  if (std::string error = configuration.rules.load(options.rulesDirectory); !error.empty())
    return error;
  if (std::string error =
          loadExtractionCatalog(options.rulesDirectory, options.extract.resourceDir, configuration.catalog);
      !error.empty())
    return error;
  if (!options.durationsPath.empty()) {
    std::vector<TestDuration> measured;
    if (std::string error = readDurations(options.durationsPath, measured); !error.empty())
      return error;
    for (const TestDuration &duration : measured)
      configuration.durations[duration.name] = duration.seconds;
  }
  return "";
}

/// Where a TU's facts come from: a `parready link` record, the cache, or a parse.
class FactsSource {
public:
  /// `cacheDirectory` "": no cache.
  FactsSource(const ProjectCatalogs &catalogs, const AnalyzeOptions &options,
              std::map<std::string, TranslationUnitFacts> records, std::string cacheDirectory)
      : Catalogs(catalogs), Options(options), Records(std::move(records)), CacheDirectory(std::move(cacheDirectory)) {
    if (options.sharedPreambles)
      Preambles = std::make_unique<SharedPreambles>(options.extract);
  }

  /// The facts without a parse, when a record or the cache has them.
  std::optional<TranslationUnitFacts> known(const CompileJob &job) {
    if (auto record = Records.find(job.file); record != Records.end())
      return record->second;
    FactsCache *cache = cacheFor(job);
    return cache ? cache->lookup(job) : std::nullopt;
  }

  /// The TUs of a round that must be parsed: they may share preambles.
  void willParse(const std::vector<CompileJob> &jobs) {
    if (Preambles)
      Preambles->plan(jobs);
  }

  TranslationUnitFacts parse(const CompileJob &job) {
    return parsedAndStored(cacheFor(job), job, Catalogs.of(job.file), Options.extract, Preambles.get(),
                           Options.verbose);
  }

  /// "cache: 12 of 14 translation units unchanged; 1 shared preamble", for the progress lines.
  std::string summary() const {
    std::string text;
    unsigned hits = 0, misses = 0;
    for (const auto &[catalog, cache] : Caches) {
      hits += cache->hits();
      misses += cache->misses();
    }
    if (!Caches.empty())
      text = "cache: " + std::to_string(hits) + " of " + std::to_string(hits + misses) +
             " translation units unchanged";
    if (Preambles && Preambles->built())
      text += std::string(text.empty() ? "" : "; ") + std::to_string(Preambles->built()) + " shared preamble" +
              (Preambles->built() == 1 ? "" : "s");
    return text;
  }

private:
  /// The cache of the TU's catalog: records depend on the catalog they were
  /// extracted with, and each configuration may add to it.
  FactsCache *cacheFor(const CompileJob &job) {
    if (CacheDirectory.empty())
      return nullptr;
    const ApiCatalog &catalog = Catalogs.of(job.file);
    std::lock_guard<std::mutex> lock(CachesMutex);
    std::unique_ptr<FactsCache> &cache = Caches[&catalog];
    if (!cache)
      cache = openFactsCache(CacheDirectory, Options.toolIdentity, catalog, Options.extract.resourceDir,
                             Options.verbose);
    return cache.get();
  }

  const ProjectCatalogs &Catalogs;
  const AnalyzeOptions &Options;
  std::map<std::string, TranslationUnitFacts> Records; ///< by main file
  std::string CacheDirectory;
  std::mutex CachesMutex;
  std::map<const ApiCatalog *, std::unique_ptr<FactsCache>> Caches;
  std::unique_ptr<SharedPreambles> Preambles;
};

/// Runs `work(i)` for i in [0, count) on `threads` threads.
void inParallel(size_t count, unsigned threads, const std::function<void(size_t)> &work) {
  llvm::DefaultThreadPool pool(llvm::hardware_concurrency(threads));
  for (size_t i = 0; i < count; ++i)
    pool.async([&work, i] { work(i); });
  pool.wait();
}

/// One round's facts, appended to `units`: first those a record or the cache
/// knows, then the others parsed (sharing preambles among them only).
void extractRound(const std::vector<CompileJob> &jobs, bool firstRound, unsigned threads, FactsSource &source,
                  const AnalyzeOptions &options, std::vector<TranslationUnitFacts> &units) {
  size_t first = units.size();
  units.resize(first + jobs.size());
  std::vector<std::optional<TranslationUnitFacts>> known(jobs.size());
  inParallel(jobs.size(), threads, [&](size_t i) { known[i] = source.known(jobs[i]); });
  std::vector<size_t> toParse;
  std::vector<CompileJob> parsed;
  for (size_t i = 0; i < jobs.size(); ++i) {
    if (known[i]) {
      units[first + i] = std::move(*known[i]);
    } else {
      toParse.push_back(i);
      parsed.push_back(jobs[i]);
    }
  }
  if (options.progress && !toParse.empty())
    options.progress(std::string(firstRound ? "analysing " : "following calls into ") +
                     std::to_string(toParse.size()) + " translation units with " +
                     std::to_string(std::min<size_t>(threads, toParse.size())) + " jobs");
  source.willParse(parsed);
  std::mutex progressMutex;
  size_t done = 0;
  inParallel(toParse.size(), threads, [&](size_t n) {
    size_t i = toParse[n];
    units[first + i] = source.parse(jobs[i]);
    if (options.progress) {
      std::lock_guard<std::mutex> lock(progressMutex);
      options.progress("[" + std::to_string(++done) + "/" + std::to_string(toParse.size()) + "] " + jobs[i].file);
    }
  });
}

/// The first round parses the tests and their support code; each later round
/// the library files that may define a function the parsed ones call.
std::vector<TranslationUnitFacts> extractInRounds(TranslationUnitSelection selection, FactsSource &source,
                                                  const AnalyzeOptions &options) {
  unsigned threads = options.jobs ? options.jobs : llvm::hardware_concurrency().compute_thread_count();
  llvm::CrashRecoveryContext::Enable();
  std::vector<TranslationUnitFacts> units;
  std::vector<CompileJob> jobs = std::move(selection.tests);
  jobs.insert(jobs.end(), selection.support.begin(), selection.support.end());
  for (unsigned round = 0; !jobs.empty(); ++round) {
    extractRound(jobs, round == 0, threads, source, options, units);
    jobs = round < LibraryRounds ? takeDefinersOfUnresolvedCalls(units, selection.library) : std::vector<CompileJob>{};
  }
  // --verbose asks for it whatever the progress mode; otherwise it is progress.
  const auto &say = options.verbose ? options.verbose : options.progress;
  if (std::string summary = source.summary(); !summary.empty() && say)
    say(summary);
  return units;
}

/// `parready link`: the records' commands are the database, their facts the
/// parses. A record that cannot be read is an input error (the run is
/// incomplete); of two records of one file the first counts, as the first
/// command of a file does in a database.
InputResult loadRecords(const std::vector<std::string> &paths, std::map<std::string, TranslationUnitFacts> &facts) {
  InputResult input;
  for (const std::string &path : paths) {
    FactsRecord record;
    if (std::string error = readRecordFile(path, record); !error.empty()) {
      input.diagnostics.push_back({"error", error, {}, path});
      continue;
    }
    if (facts.emplace(record.job.file, std::move(record.facts)).second)
      input.jobs.push_back(std::move(record.job));
  }
  if (input.jobs.empty() && input.diagnostics.empty())
    input.fatalError = "no facts records given (parready link FACTS...)";
  return input;
}

} // namespace

std::string loadExtractionCatalog(const std::string &rulesDirectory, const std::string &resourceDir,
                                  ApiCatalog &catalog) {
  if (std::string error = catalog.loadDirectory(rulesDirectory + "/api"); !error.empty())
    return error;
  if (!resourceDir.empty() && !llvm::sys::fs::exists(resourceDir + "/include/stddef.h"))
    return "clang resource directory '" + resourceDir +
           "' has no include/stddef.h; pass --resource-dir=$(clang-19 -print-resource-dir)";
  return "";
}

void ProjectCatalogs::prepare(const std::vector<CompileJob> &jobs) {
  for (const CompileJob &job : jobs) {
    const EffectiveConfiguration &configuration = Config.forFile(job.file);
    if (configuration.chain.empty() ||
        std::none_of(configuration.chain.begin(), configuration.chain.end(),
                     [](const ConfigurationFile *file) { return file->hasCatalog; })) {
      ByFile[job.file] = &BuiltIn;
      continue;
    }
    std::unique_ptr<ApiCatalog> &catalog = ByConfiguration[&configuration];
    if (!catalog) {
      catalog = std::make_unique<ApiCatalog>(BuiltIn);
      Config.addCatalogs(configuration, *catalog);
    }
    ByFile[job.file] = catalog.get();
  }
}

const ApiCatalog &ProjectCatalogs::of(const std::string &file) const {
  auto found = ByFile.find(file);
  return found == ByFile.end() ? BuiltIn : *found->second;
}

std::unique_ptr<FactsCache> openFactsCache(const std::string &directory, const std::string &toolIdentity,
                                           const ApiCatalog &catalog, const std::string &resourceDir,
                                           std::function<void(const std::string &)> note) {
  if (directory.empty())
    return nullptr;
  std::string context = toolIdentity;
  for (const std::string &part : {catalog.fingerprint(), resourceDir, std::string(TranslationUnitFacts::Schema)})
    context.append(1, '\0').append(part);
  return std::make_unique<FactsCache>(directory, context, std::move(note));
}

TranslationUnitFacts parsedAndStored(FactsCache *cache, const CompileJob &job, const ApiCatalog &catalog,
                                     const ExtractOptions &options, SharedPreambles *preambles,
                                     const std::function<void(const std::string &)> &note) {
  auto started = std::chrono::system_clock::now();
  TranslationUnitFacts facts = extractSafely(job, catalog, options, preambles);
  if (cache)
    if (std::string problem = cache->store(job, facts, started); !problem.empty() && note)
      note("cache: " + job.file + ": " + problem);
  return facts;
}

TranslationUnitFacts cachedOrExtracted(FactsCache *cache, const CompileJob &job, const ApiCatalog &catalog,
                                       const ExtractOptions &options,
                                       const std::function<void(const std::string &)> &note) {
  if (cache)
    if (std::optional<TranslationUnitFacts> cached = cache->lookup(job))
      return std::move(*cached);
  return parsedAndStored(cache, job, catalog, options, nullptr, note);
}

TranslationUnitFacts extractSafely(const CompileJob &job, const ApiCatalog &catalog, const ExtractOptions &options,
                                   SharedPreambles *preambles) {
  TranslationUnitFacts facts;
  llvm::CrashRecoveryContext recovery;
  if (!recovery.RunSafely([&] {
        std::optional<PreambleUse> preamble = preambles ? preambles->preambleFor(job) : std::nullopt;
        facts = extractFacts(job, catalog, options, preamble ? &*preamble : nullptr);
      })) {
    facts = TranslationUnitFacts{};
    facts.mainFile = job.file;
    facts.parsedCleanly = false;
    facts.incompleteCause = IncompleteCause::Crashed;
    facts.diagnostics.push_back({"error", "parready crashed while analysing this file", {}, job.file});
  }
  return facts;
}

AnalyzeOutcome analyze(const AnalyzeOptions &options) {
  AnalyzeOutcome outcome;
  Configuration configuration;
  outcome.fatalError = loadConfiguration(options, configuration);
  if (!outcome.fatalError.empty())
    return outcome;
  const ApiCatalog &catalog = configuration.catalog;
  Baseline baseline;
  if (options.baselinePath)
    if (std::string error = readBaseline(*options.baselinePath, baseline); !error.empty()) {
      outcome.fatalError = error;
      return outcome;
    }
  Configurations configurations(configuration.rules, options.configFile);
  const EffectiveConfiguration &runConfiguration = configurations.forDirectory(options.input.workingDirectory);
  ClassifyOptions classifyOptions = options.classify;
  bool followLibrary = options.followLibrary;
  if (!options.runnerGiven)
    classifyOptions.runner = runConfiguration.runner().value_or(classifyOptions.runner);
  if (!options.followLibraryGiven)
    followLibrary = runConfiguration.followLibrary().value_or(followLibrary);
  outcome.failOn = runConfiguration.failOn();

  std::map<std::string, TranslationUnitFacts> records;
  InputResult input =
      options.factsRecords.empty() ? loadCompileJobs(options.input) : loadRecords(options.factsRecords, records);
  if (!input.fatalError.empty()) {
    outcome.fatalError = input.fatalError;
    return outcome;
  }
  bool filesNamed = !options.input.files.empty();
  TranslationUnitSelection selection =
      selectTranslationUnits(input, catalog, {.filesNamed = filesNamed, .followLibrary = followLibrary});
  ProgramsRequest programsRequest{.buildDirectory = options.input.buildPath.empty()
                                                        ? ""
                                                        : absolutePath(options.input.buildPath,
                                                                       options.input.workingDirectory),
                                  .note = options.progress};
  ProgramStructure programs = findPrograms(programsRequest, selection, input.diagnostics);
  if (!filesNamed)
    addRegisteredTestPrograms(selection, programs, catalog);
  std::set<std::string> testFiles;
  for (const CompileJob &job : selection.tests)
    testFiles.insert(job.file);
  std::set<std::string> mustDefineTests = selection.mustDefineTests;
  std::string cacheDirectory = options.cacheDirectory.value_or(
      input.databaseDirectory.empty() ? "" : input.databaseDirectory + "/.parready-cache");
  if (!cacheDirectory.empty())
    cacheDirectory = absolutePath(cacheDirectory, options.input.workingDirectory);
  // Every configuration that applies is read and checked before anything
  // is parsed: a mistake in one stops the run in a second, not after it.
  ProjectCatalogs catalogs(catalog, configurations);
  for (const std::vector<CompileJob> *jobs : {&selection.tests, &selection.support, &selection.library})
    catalogs.prepare(*jobs);
  if (!configurations.errors().empty()) {
    std::set<std::string> seen;
    for (const std::string &error : configurations.errors())
      if (seen.insert(error).second)
        outcome.configurationErrors.push_back(error);
    return outcome;
  }
  outcome.configurationWarnings = configurations.ignoredRunKeys(runConfiguration);
  FactsSource source(catalogs, options, std::move(records), cacheDirectory);
  std::vector<TranslationUnitFacts> units = extractInRounds(std::move(selection), source, options);

  LinkedSuite suite = linkFacts(
      units, testFiles,
      [&catalog](ResourceKind resource, const AbstractValue &value) { return catalog.sharesNothing(resource, value); },
      programs);
  suite.diagnostics.insert(suite.diagnostics.begin(), input.diagnostics.begin(), input.diagnostics.end());
  std::erase_if(suite.skipped, [&](const SkippedFile &file) {
    return file.blocks.empty() && !mustDefineTests.count(file.path);
  });
  for (const TranslationUnitFacts &unit : units)
    outcome.incomplete |= !unit.parsedCleanly;
  for (const ToolDiagnostic &diagnostic : input.diagnostics)
    outcome.incomplete |= diagnostic.severity == "error";
  FindingPolicy policy(configurations, configuration.rules);
  classifyOptions.policy = &policy;
  outcome.result = classify(suite, configuration.rules, classifyOptions);
  outcome.result.incomplete = outcome.incomplete;
  if (options.baselinePath)
    compareWithBaseline(outcome.result, baseline);
  if (options.changedFiles) {
    limitToChangedFiles(outcome.result, *options.changedFiles);
    // An unrelated file that does not parse must not refuse the commit.
    outcome.incomplete = std::any_of(outcome.result.files.begin(), outcome.result.files.end(),
                                     [](const FileResult &file) { return file.partial && !file.outsideChange; });
    outcome.result.incomplete = outcome.incomplete;
  }
  for (std::string &warning : policy.unmatchedDeclarations())
    outcome.configurationWarnings.push_back(std::move(warning));
  if (!options.durationsPath.empty())
    outcome.result.projection =
        projectSchedule(outcome.result.plan, configuration.durations,
                        options.workers ? options.workers : llvm::hardware_concurrency().compute_thread_count(),
                        options.durationsPath);
  return outcome;
}

} // namespace parready
