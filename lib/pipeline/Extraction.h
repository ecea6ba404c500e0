// What a one-shot run and `parready extract` share (internal to lib/pipeline).
#pragma once

#include "cache/FactsCache.h"
#include "catalog/ApiCatalog.h"
#include "extract/Extract.h"
#include "extract/SharedPreambles.h"

#include <functional>
#include <memory>
#include <string>

namespace parready {

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
