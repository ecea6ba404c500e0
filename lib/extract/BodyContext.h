// What the extractors of one function body share, and how they see a call.
#pragma once

#include "extract/SourceLocator.h"
#include "extract/ValueEvaluator.h"

#include <vector>

namespace parready {

/// One function body being extracted: the TU's shared scope, the body's own
/// evaluator, the facts being filled, and how places are written.
struct BodyContext {
  TranslationUnitScope &scope;
  ValueEvaluator &evaluator;
  Function &out;
  SourceLocator &locator;
  const clang::FunctionDecl *function; ///< whose body it is
  /// How many loops (for, while, do, range-for) enclose the node being
  /// visited: what a loop repeats polls, and a sleep in it is no fixed wait.
  unsigned loopDepth = 0;

  parready::SourceLocation locate(clang::SourceLocation location) { return locator.locate(location); }
};

/// Base of the extractors that work inside one body: they share its context.
class BodyExtractor {
public:
  explicit BodyExtractor(BodyContext &body) : Body(body) {}

protected:
  BodyContext &Body;
};

/// A call or construction, described once for every extractor that wants it.
struct Invocation {
  const clang::Expr *call;
  const clang::FunctionDecl *callee;
  /// As catalogs count them: the object first for member calls.
  std::vector<const clang::Expr *> operands;
  clang::SourceLocation where;
};

} // namespace parready
