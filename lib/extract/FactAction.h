// The frontend action that runs extraction (internal to lib/extract).
#pragma once

#include "catalog/ApiCatalog.h"
#include "facts/Facts.h"

#include "clang/Frontend/FrontendAction.h"

#include <memory>

namespace parready {

/// A frontend action that fills `facts` with the TU's tests, functions and
/// accesses: the macro recorder listens to the preprocessor, then one
/// traversal of the AST feeds the extractors. Paths are made absolute
/// against `workingDirectory`.
std::unique_ptr<clang::FrontendAction> makeFactAction(const ApiCatalog &catalog,
                                                      TranslationUnitFacts &facts,
                                                      std::string workingDirectory);

} // namespace parready
