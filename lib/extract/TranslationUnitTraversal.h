// The one traversal of a translation unit that feeds every extractor.
#pragma once

#include "extract/MacroRecorder.h"

#include "clang/AST/ASTContext.h"

#include <string>

namespace parready {

/// Walks the TU's declarations once: each user-written function body goes to
/// the body extractors (FunctionBodyTraversal), then to the timing-assertion
/// and test-case extractors; classes go to the test-case extractor (global
/// fixtures). Fills `facts` with functions, tests, initial values and the
/// call-result table. Paths are made absolute against `workingDirectory`.
void extractTranslationUnit(const ApiCatalog &catalog, clang::ASTContext &context, const MacroUses &uses,
                            TranslationUnitFacts &facts, const std::string &workingDirectory);

} // namespace parready
