// What a one-shot run and `parready extract` share (internal to lib/pipeline).
#pragma once

#include "catalog/ApiCatalog.h"
#include "extract/Extract.h"

#include <string>

namespace parready {

/// Loads the API catalogs of `rulesDirectory`/api and checks that the
/// resource directory has Clang's builtin headers. Returns "" or the usage error.
std::string loadExtractionCatalog(const std::string &rulesDirectory, const std::string &resourceDir,
                                  ApiCatalog &catalog);

/// extractFacts, with a crash inside Clang or an extractor contained: the
/// TU is then reported as crashed, and the run goes on.
TranslationUnitFacts extractSafely(const CompileJob &job, const ApiCatalog &catalog, const ExtractOptions &options);

} // namespace parready
