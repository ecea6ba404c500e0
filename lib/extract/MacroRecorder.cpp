#include "extract/MacroRecorder.h"

#include "input/TestSelection.h"

#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroArgs.h"

namespace parready {

using namespace clang;

MacroRecorder::MacroRecorder(const ApiCatalog &catalog, Preprocessor &preprocessor, MacroUses &uses)
    : Catalog(catalog), PP(preprocessor), Uses(uses), TestMacroNames(testMacroNames(catalog)) {}

void MacroRecorder::SourceRangeSkipped(SourceRange range, clang::SourceLocation endifLocation) {
  SourceManager &sm = PP.getSourceManager();
  if (!sm.isInMainFile(range.getBegin()))
    return;
  // The range starts at the directive that skips it; the tests are after it.
  StringRef text = Lexer::getSourceText(CharSourceRange::getCharRange(range), sm, PP.getLangOpts());
  size_t directiveEnd = std::min(text.find('\n'), text.size());
  std::optional<size_t> macro = findTestMacro(text.drop_front(directiveEnd), TestMacroNames);
  if (!macro)
    return;
  SkippedTestBlock block;
  block.directiveLine = sm.getPresumedLineNumber(range.getBegin());
  block.directive = text.take_front(directiveEnd).rtrim().str();
  block.testMacroLine = sm.getPresumedLineNumber(range.getBegin().getLocWithOffset(directiveEnd + *macro));
  Uses.skippedTestBlocks.push_back(std::move(block));
}

void MacroRecorder::MacroExpands(const Token &name, const MacroDefinition &definition, SourceRange range,
                                 const MacroArgs *args) {
  SourceManager &sm = PP.getSourceManager();
  clang::SourceLocation at = range.getBegin();
  const MacroInfo *info = definition.getMacroInfo();
  if (!args || !info)
    return;
  std::string definingFile = sm.getFilename(sm.getSpellingLoc(info->getDefinitionLoc())).str();
  std::string macroName = name.getIdentifierInfo()->getName().str();
  if (!at.isFileID()) {
    // A project's alias of a framework assertion (`#define NUTS_TRUE
    // TEST_CHECK`) expands the assertion from its own tokens: the assertion
    // is where the alias is written. The use written first (the outer one)
    // keeps the place.
    clang::SourceLocation written = sm.getExpansionLoc(at);
    if (!sm.isInSystemHeader(written))
      if (const AssertionMacro *assertion = Catalog.findAssertion(macroName, definingFile))
        Uses.assertions.try_emplace(written, MacroUse<AssertionMacro>{assertion, {}, {}});
    return;
  }
  if (sm.isInSystemHeader(at))
    return;
  std::vector<clang::SourceRange> ranges;
  if (const TestMacro *macro = Catalog.findMacro(macroName, definingFile)) {
    std::vector<std::string> arguments = splitArguments(args, ranges);
    Uses.tests[at] = {macro, std::move(arguments), std::move(ranges)};
  } else if (const TimingAssertion *assertion = Catalog.findTimingAssertion(macroName, definingFile)) {
    std::vector<std::string> arguments = splitArguments(args, ranges);
    Uses.timingAssertions[at] = {assertion, std::move(arguments), std::move(ranges)};
  }
  // A timing assertion is an assertion too.
  if (const AssertionMacro *assertion = Catalog.findAssertion(macroName, definingFile))
    Uses.assertions[at] = {assertion, {}, {}};
}

std::vector<std::string> MacroRecorder::splitArguments(const MacroArgs *args,
                                                      std::vector<clang::SourceRange> &ranges) const {
  std::vector<std::string> arguments{""};
  ranges.assign(1, {});
  for (unsigned i = 0; i < args->getNumMacroArguments(); ++i) {
    if (i > 0) {
      arguments.emplace_back();
      ranges.emplace_back();
    }
    int depth = 0;
    for (const Token *tok = args->getUnexpArgument(i); tok->isNot(tok::eof); ++tok) {
      if (tok->is(tok::l_paren))
        ++depth;
      else if (tok->is(tok::r_paren))
        --depth;
      if (tok->is(tok::comma) && depth == 0) {
        arguments.emplace_back();
        ranges.emplace_back();
        continue;
      }
      if (ranges.back().getBegin().isInvalid())
        ranges.back().setBegin(tok->getLocation());
      ranges.back().setEnd(tok->getLocation());
      // Spacing as written: it tells `a < b` from `cast<T>(b)`.
      if (tok->hasLeadingSpace() && !arguments.back().empty())
        arguments.back() += ' ';
      arguments.back() += PP.getSpelling(*tok);
    }
  }
  return arguments;
}

} // namespace parready
