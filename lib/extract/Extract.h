// Stage 2, extract: one Clang AST pass per TU, recording facts (no verdicts).
// This header is Clang-free on purpose: only lib/extract's sources see the AST.
#pragma once

#include "catalog/ApiCatalog.h"
#include "facts/Facts.h"
#include "input/Input.h"

#include <string>

namespace parready {

struct ExtractOptions {
  /// Clang's builtin headers (stddef.h...) for the libclang-cpp we link.
  std::string resourceDir;
};

/// Parses the TU and returns its facts. Never throws: a TU that does not
/// compile yields the facts that could be read, parsedCleanly = false and
/// the compiler's errors as diagnostics.
TranslationUnitFacts extractFacts(const CompileJob &job, const ApiCatalog &catalog,
                                  const ExtractOptions &options);

/// Same, for source text that is not on disk (unit tests): `path` must be absolute.
TranslationUnitFacts extractFactsFromCode(const std::string &code, const std::string &path,
                                          const std::vector<std::string> &flags,
                                          const ApiCatalog &catalog, const ExtractOptions &options);

/// Adds -fsyntax-only, drops outputs and dependency files, and injects the
/// resource dir when the command has none (the LibTooling pitfall).
std::vector<std::string> adjustCommandLine(const CompileJob &job, const ExtractOptions &options);

} // namespace parready
