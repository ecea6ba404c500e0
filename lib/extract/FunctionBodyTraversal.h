// The one traversal of a function body that feeds the body extractors.
#pragma once

#include "extract/SourceLocator.h"
#include "extract/TranslationUnitScope.h"

namespace parready {

/// Walks `function`'s body (and a constructor's member initialisers, which
/// run code too) once, handing each node to the extractors that want it:
/// call sites, API accesses, shell commands, global and field state,
/// directory loops, worker starts, waits and sleeps. Fills `out`'s accesses,
/// calls, assignments and concurrency events.
void extractFunctionBody(TranslationUnitScope &scope, const clang::FunctionDecl *function, Function &out,
                         SourceLocator &locator);

} // namespace parready
