// Extractor: assertions that bound elapsed wall-clock time.
#pragma once

#include "extract/ClockValues.h"
#include "extract/MacroRecorder.h"
#include "extract/SourceLocator.h"
#include "extract/TranslationUnitScope.h"

#include <optional>
#include <string>

namespace parready {

/// Records an upper bound on an elapsed time, wherever the comparison sits,
/// as a Clock access with its bound (docs/rules/parready-timing-assertion.md):
/// - a catalogued framework assertion (`timing_assertions`: EXPECT_LT(elapsed,
///   150ms), REQUIRE(end - start < 1s)), whose arguments are text;
/// - a condition whose failure ends the test: a branch that calls a noreturn
///   function (`if (elapsed > 5) abort();`, C's `assert(d > -15 && d < 15)`
///   through __assert_fail, libcheck's ck_assert_int_lt, Unity's
///   TEST_ASSERT_TRUE, a project's CHECK macro), or that returns a non-zero
///   status from main(); through `&&`, `||` and `!`.
/// The bounded value is a clock reading when ClockValues says so: found by
/// what the code does, through wrappers of this TU, lambdas and containers of
/// elapsed times; through a wrapper another TU defines, the access names it
/// (Access::clockThrough) and link decides. A function that returns a clock
/// reading says so too (Function::returnsClock) for callers in other TUs.
/// Load from tests running beside it breaks such a bound.
/// A condition the test needs to go on: when it does not hold, a branch
/// ends the test as failed.
struct FailingCondition {
  const clang::Expr *condition;
  bool holdsWhenTrue; ///< assert(c): c must be true; if (c) abort(): c must be false
  const clang::Stmt *site;
  std::string failure; ///< how the branch fails: "abort", "__assert_fail"
};

class TimingAssertionExtractor {
public:
  TimingAssertionExtractor(TranslationUnitScope &scope, const MacroUses &uses, SourceLocator &locator);
  void onFunction(const clang::FunctionDecl *function, Function &out);

private:
  using MacrosInBody = std::vector<std::pair<clang::SourceLocation, const MacroUse<TimingAssertion> *>>;
  /// The catalogued timing assertions written in a function's body.
  MacrosInBody macrosIn(clang::SourceRange body) const;
  void recordMacroAssertions(const clang::FunctionDecl *function, const MacrosInBody &macros,
                             const ClockValues &values, Function &out);
  void recordFailingConditions(const std::vector<FailingCondition> &conditions, const ClockValues &values,
                               Function &out);
  /// One side of an assertion: as written, its AST when known, and whether
  /// it is a clock reading.
  struct WrittenSide {
    std::string text;
    const clang::Expr *expr;
    ClockDependence clock;
  };
  /// Records the assertion when `bounded` is an elapsed time that `bound`
  /// caps with a margin; true when it did (or had).
  bool recordIfElapsed(clang::SourceLocation at, const std::string &api, const WrittenSide &bounded,
                       const WrittenSide &bound, const ClockValues &values, Function &out);

  TranslationUnitScope &Scope;
  const MacroUses &Uses;
  SourceLocator &Locator;
  /// "now()": how the catalog's clock reads are spelt inside a macro argument.
  std::vector<std::string> ClockCallSpellings;
  ClockWrappers Wrappers;
};

/// Does `text` (a macro argument's spelling) use the identifier `name`?
bool mentionsIdentifier(const std::string &text, const std::string &name);

/// A comparison as written, split into the operand it bounds from above
/// and the bound.
struct UpperBound {
  std::string bounded; ///< the left of < and <=, the right of > and >=
  std::string bound;   ///< the other side
};

/// The sides of a comparison as written ("elapsed < 100ms"); nullopt for any
/// other expression. Template brackets are told apart from comparisons by
/// spacing (`duration_cast<ms>(d) < 100`), as code formatters write them.
std::optional<UpperBound> upperBoundOf(const std::string &comparison);

} // namespace parready
