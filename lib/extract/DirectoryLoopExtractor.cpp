#include "extract/DirectoryLoopExtractor.h"

#include "extract/AstNames.h"

namespace parready {

void DirectoryLoopExtractor::onRangeLoop(const clang::CXXForRangeStmt *loop) {
  const clang::Expr *range = loop->getRangeInit();
  if (!range)
    return;
  const clang::Expr *inner = range->IgnoreUnlessSpelledInSource();
  const clang::FunctionDecl *callee = calledFunction(inner);
  if (!callee)
    return;
  if (const ApiEntry *entry = Body.scope.catalog.find(catalogName(callee));
      entry && entry->listsDirectory && !callOperands(inner).empty())
    Body.evaluator.bindDirectoryEntry(loop->getLoopVariable(),
                                      Body.evaluator.evaluate(callOperands(inner).front()).value);
}

} // namespace parready
