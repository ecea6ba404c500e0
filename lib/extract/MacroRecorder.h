// The preprocessor side of extraction: framework macros as the user wrote them.
#pragma once

#include "catalog/ApiCatalog.h"

#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"

#include <map>
#include <string>
#include <vector>

namespace parready {

/// A catalogued macro as written in the source, with its unexpanded arguments.
template <typename CatalogEntry> struct MacroUse {
  const CatalogEntry *entry;
  std::vector<std::string> arguments;
  /// Where each argument is written (first and last token): the AST
  /// expression spelt there is the argument, expanded.
  std::vector<clang::SourceRange> argumentRanges;
};

/// What the preprocessor saw of the frameworks' macros in one TU, keyed by
/// expansion location: the AST extractors find them again from there.
struct MacroUses {
  std::map<clang::SourceLocation, MacroUse<TestMacro>> tests;                  ///< TEST_F(Suite, Name)
  std::map<clang::SourceLocation, MacroUse<TimingAssertion>> timingAssertions; ///< EXPECT_LT(elapsed, 150ms)
  std::map<clang::SourceLocation, MacroUse<AssertionMacro>> assertions;        ///< EXPECT_EQ(a, b), REQUIRE(x)
  /// Blocks of the main file the preprocessor skipped whose text uses a test macro.
  std::vector<SkippedTestBlock> skippedTestBlocks;
};

/// Records the expansions of the catalog's test macros, timing assertions
/// and assertions in user code. A macro counts only when its definition comes
/// from the framework's header (a project's own TEST macro is not GoogleTest's).
class MacroRecorder : public clang::PPCallbacks {
public:
  MacroRecorder(const ApiCatalog &catalog, clang::Preprocessor &preprocessor, MacroUses &uses);

  void MacroExpands(const clang::Token &name, const clang::MacroDefinition &definition, clang::SourceRange range,
                    const clang::MacroArgs *args) override;
  /// A test file whose tests are all inside `#if BUILD_OPTION` defines none
  /// in this configuration: the report says so instead of dropping it.
  void SourceRangeSkipped(clang::SourceRange range, clang::SourceLocation endifLocation) override;

private:
  /// The unexpanded arguments, split at top-level commas: variadic macros
  /// (Catch2's TEST_CASE(...)) receive "name", "[tags]" as one argument.
  std::vector<std::string> splitArguments(const clang::MacroArgs *args,
                                          std::vector<clang::SourceRange> &ranges) const;

  const ApiCatalog &Catalog;
  clang::Preprocessor &PP;
  MacroUses &Uses;
  std::vector<std::string> TestMacroNames;
};

} // namespace parready
