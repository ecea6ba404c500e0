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

/// A precompiled header standing for the first bytes of a main file (its
/// first #include), shared by the TUs of a run that begin with the same
/// include under the same flags (SharedPreambles.h).
struct PreambleUse {
  std::string pchPath;
  std::string headerPath; ///< the generated header the PCH was built from
  unsigned bytes = 0; ///< of the main file that the PCH stands for (the include line and what precedes it)
  std::vector<std::string> includedFiles; ///< what the PCH was built from
};

/// Parses the TU and returns its facts. Never throws: a TU that does not
/// compile yields the facts that could be read, parsedCleanly = false and
/// the compiler's errors as diagnostics. With `preamble`, the main file's
/// first bytes come from that PCH; the facts are the same as without it.
TranslationUnitFacts extractFacts(const CompileJob &job, const ApiCatalog &catalog, const ExtractOptions &options,
                                  const PreambleUse *preamble = nullptr);

/// Same, for source text that is not on disk (unit tests): `path` must be absolute.
TranslationUnitFacts extractFactsFromCode(const std::string &code, const std::string &path,
                                          const std::vector<std::string> &flags,
                                          const ApiCatalog &catalog, const ExtractOptions &options);

/// Adds -fsyntax-only, drops outputs and dependency files, and injects the
/// resource dir when the command has none (the LibTooling pitfall).
std::vector<std::string> adjustCommandLine(const CompileJob &job, const ExtractOptions &options);

} // namespace parready
