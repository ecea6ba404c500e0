// What a one-shot run and `parready extract` share (internal to lib/pipeline).
#pragma once

#include "cache/FactsCache.h"
#include "catalog/ApiCatalog.h"
#include "config/Configuration.h"
#include "extract/Extract.h"
#include "extract/SharedPreambles.h"

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace parready {

/// The API catalog each TU is extracted with: the built-in catalogs plus
/// what the .parready.json files that apply to its main file declare
/// (docs/configuration.md#catalog), so that a one-shot run and `parready
/// extract` of one file read the same entries.
class ProjectCatalogs {
public:
  ProjectCatalogs(const ApiCatalog &builtIn, Configurations &configurations)
      : BuiltIn(builtIn), Config(configurations) {}
  /// Reads the configuration of each job's file (one thread: it reads
  /// files); mistakes go to the configurations' errors().
  void prepare(const std::vector<CompileJob> &jobs);
  /// The catalog of a prepared file; safe to call from many threads.
  const ApiCatalog &of(const std::string &file) const;

private:
  const ApiCatalog &BuiltIn;
  Configurations &Config;
  std::map<const EffectiveConfiguration *, std::unique_ptr<ApiCatalog>> ByConfiguration;
  std::map<std::string, const ApiCatalog *> ByFile;
};

/// Loads the API catalogs of `rulesDirectory`/api and checks that the
/// resource directory has Clang's builtin headers. Returns "" or the usage error.
std::string loadExtractionCatalog(const std::string &rulesDirectory, const std::string &resourceDir,
                                  ApiCatalog &catalog);

/// The facts cache in `directory` ("" = none) for runs with this tool
/// build, catalog and resource directory: what a record depends on besides
/// its command and files.
std::unique_ptr<FactsCache> openFactsCache(const std::string &directory, const std::string &toolIdentity,
                                           const ApiCatalog &catalog, const std::string &resourceDir,
                                           std::function<void(const std::string &)> note);

/// The facts of `job` parsed (from a shared preamble when `preambles` has
/// one for it), and stored in `cache` when it may keep them; why not goes to `note`.
TranslationUnitFacts parsedAndStored(FactsCache *cache, const CompileJob &job, const ApiCatalog &catalog,
                                     const ExtractOptions &options, SharedPreambles *preambles,
                                     const std::function<void(const std::string &)> &note);

/// The facts of `job` from `cache` when it has them, else parsedAndStored().
TranslationUnitFacts cachedOrExtracted(FactsCache *cache, const CompileJob &job, const ApiCatalog &catalog,
                                       const ExtractOptions &options,
                                       const std::function<void(const std::string &)> &note);

/// extractFacts, with a crash inside Clang or an extractor contained: the
/// TU is then reported as crashed, and the run goes on. With `preambles`,
/// from a shared preamble when one was planned for the TU.
TranslationUnitFacts extractSafely(const CompileJob &job, const ApiCatalog &catalog, const ExtractOptions &options,
                                   SharedPreambles *preambles = nullptr);

} // namespace parready
