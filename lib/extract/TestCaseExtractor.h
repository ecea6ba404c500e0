// Extractor: test cases, their fixtures, and a plain test program's main().
#pragma once

#include "extract/MacroRecorder.h"
#include "extract/TranslationUnitScope.h"

#include "clang/AST/DeclCXX.h"

#include <optional>
#include <string>
#include <vector>

namespace parready {

/// Records a test case for each function a catalogued test macro expands to
/// (suite and name from the macro's arguments), with the USRs of the fixture
/// code that runs around it: the user-written bases' constructors,
/// destructors and lifecycle methods (SetUp, TearDown), and those of
/// program-wide fixtures (a testing::Environment). In a file without test
/// macros, main() (of the main file or a project header) is the one test of a plain test program,
/// unless it calls a framework's runner (the catalog's runner_entry_points).
class TestCaseExtractor {
public:
  TestCaseExtractor(TranslationUnitScope &scope, const MacroUses &uses) : Scope(scope), Uses(uses) {}
  /// After `function`'s body was extracted into `body`. Returns whether it is
  /// a test body or the program's main(), which the facts keep even empty.
  bool onFunction(const clang::FunctionDecl *function, const Function &body, TranslationUnitFacts &facts);
  void onClass(const clang::CXXRecordDecl *record);
  /// Adds the program's main() when no macro defined tests, and the
  /// program-wide fixtures to every test.
  void finish(TranslationUnitFacts &facts);

private:
  /// Does this main() hand over to a framework's runner (RUN_ALL_TESTS)?
  bool runsFrameworkTests(const clang::FunctionDecl *main) const;
  void collectFixtureMethods(const clang::CXXRecordDecl *record, std::vector<std::string> &usrs, int depth);
  void collectLifecycleMethods(const clang::CXXRecordDecl *fixture, std::vector<std::string> &usrs);

  TranslationUnitScope &Scope;
  const MacroUses &Uses;
  std::optional<TestCase> Program;
  std::vector<std::string> GlobalFixtureUsrs;
};

} // namespace parready
