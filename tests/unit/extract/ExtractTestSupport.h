// Shared by the extractor tests: parse a snippet with real headers, find facts by line.
#pragma once

#include "extract/Extract.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace parready {

class ExtractTest : public ::testing::Test {
protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();

  TranslationUnitFacts extract(const std::string &code, std::vector<std::string> flags = {"-std=c++17"});

  /// Every access in the TU at a given line (1-based).
  static std::vector<Access> accessesAt(const TranslationUnitFacts &facts, unsigned line);
  /// The one access of `kind` at `line` (fails the test when there are more or none).
  static Access onlyAccessAt(const TranslationUnitFacts &facts, unsigned line, ResourceKind kind = ResourceKind::Path);
  /// The extracted function named `name` (qualified), or null.
  static const Function *function(const TranslationUnitFacts &facts, const std::string &name);
  /// The body of test number `index`, or null.
  static const Function *testBody(const TranslationUnitFacts &facts, size_t index);

  static ApiCatalog *Catalog;
};

/// Includes for GoogleTest snippets: user code starts on line 9.
extern const char *const Prelude;

} // namespace parready
