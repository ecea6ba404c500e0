// Extractor: loops over a directory's entries.
#pragma once

#include "extract/BodyContext.h"

#include "clang/AST/StmtCXX.h"

namespace parready {

/// Marks the variable of `for (auto &entry : directory_iterator(dir))` (a
/// range the catalog says lists a directory) as every entry of dir, so that
/// an access through it in the body (remove_all(entry)) reaches every
/// entry: other tests' files included.
class DirectoryLoopExtractor : public BodyExtractor {
public:
  using BodyExtractor::BodyExtractor;
  void onRangeLoop(const clang::CXXForRangeStmt *loop);
};

} // namespace parready
