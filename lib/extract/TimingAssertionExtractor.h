// Extractor: assertions that bound elapsed wall-clock time.
#pragma once

#include "extract/MacroRecorder.h"
#include "extract/SourceLocator.h"
#include "extract/TranslationUnitScope.h"

#include <optional>
#include <string>

namespace parready {

/// Records an upper bound on elapsed time in a catalogued assertion
/// (EXPECT_LT(elapsed, 150ms), REQUIRE(end - start < 1s)) as a Clock access:
/// the bounded operand mentions a local computed from a clock read in the
/// same function, or spells a clock call itself. Load from tests running
/// beside it breaks such a bound.
class TimingAssertionExtractor {
public:
  TimingAssertionExtractor(TranslationUnitScope &scope, const MacroUses &uses, SourceLocator &locator);
  void onFunction(const clang::FunctionDecl *function, Function &out);

private:
  TranslationUnitScope &Scope;
  const MacroUses &Uses;
  SourceLocator &Locator;
  /// "now()": how the catalog's clock reads are spelt inside a macro argument.
  std::vector<std::string> ClockCallSpellings;
};

/// Does `text` (a macro argument's spelling) use the identifier `name`?
bool mentionsIdentifier(const std::string &text, const std::string &name);

/// The operand of a comparison as written ("elapsed < 100ms") that it bounds
/// from above: the left of < and <=, the right of > and >=; nullopt for any
/// other expression. Template brackets are told apart from comparisons by
/// spacing (`duration_cast<ms>(d) < 100`), as code formatters write them.
std::optional<std::string> upperBoundedOperand(const std::string &comparison);

} // namespace parready
