#include "extract/TestCaseExtractor.h"

#include "extract/AstNames.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/Support/Path.h"

#include <algorithm>

namespace parready {

using namespace clang;

namespace {

std::string unquote(std::string text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
    text = text.substr(1, text.size() - 2);
  return text;
}

const CXXRecordDecl *baseRecord(const CXXBaseSpecifier &base) {
  QualType type = base.getType();
  if (const CXXRecordDecl *record = type->getAsCXXRecordDecl())
    return record;
  // A dependent base (TYPED_TEST's Fixture<gtest_TypeParam_>): its pattern.
  if (const auto *specialization = type->getAs<TemplateSpecializationType>())
    if (const auto *pattern =
            dyn_cast_or_null<ClassTemplateDecl>(specialization->getTemplateName().getAsTemplateDecl()))
      return pattern->getTemplatedDecl();
  return nullptr;
}

/// Finds a call to one of the catalog's runner entry points in a body.
class RunnerCallFinder : public RecursiveASTVisitor<RunnerCallFinder> {
public:
  explicit RunnerCallFinder(const std::vector<RunnerEntryPoint> &entries) : Entries(entries) {}

  bool VisitCallExpr(CallExpr *call) {
    if (const FunctionDecl *callee = calledFunction(call)) {
      std::string name = catalogName(callee);
      Found |= std::any_of(Entries.begin(), Entries.end(),
                           [&](const RunnerEntryPoint &entry) { return entry.name == name; });
    }
    return !Found;
  }

  bool Found = false;

private:
  const std::vector<RunnerEntryPoint> &Entries;
};
/// Does `record` derive, at any depth, from a class `names` lists? A base
/// that still depends on a template parameter is looked at through its
/// pattern. (CXXRecordDecl::forallBases gives up on such a base and answers
/// "not all bases differ", which made every class template with a dependent
/// base, spdlog's basic_file_sink<Mutex> : base_sink<Mutex>, a global fixture.)
bool derivesFromAny(const CXXRecordDecl *record, const std::vector<std::string> &names, int depth) {
  if (!record || depth > 16 || !record->hasDefinition())
    return false;
  for (const CXXBaseSpecifier &base : record->getDefinition()->bases()) {
    const CXXRecordDecl *baseClass = baseRecord(base);
    if (baseClass && (std::find(names.begin(), names.end(), baseClass->getQualifiedNameAsString()) != names.end() ||
                      derivesFromAny(baseClass, names, depth + 1)))
      return true;
  }
  return false;
}

} // namespace

bool TestCaseExtractor::runsFrameworkTests(const FunctionDecl *main) const {
  RunnerCallFinder finder(Scope.catalog.frameworks().runnerEntryPoints);
  finder.TraverseStmt(main->getBody());
  return finder.Found;
}

bool TestCaseExtractor::onFunction(const FunctionDecl *function, const Function &body, TranslationUnitFacts &facts) {
  SourceManager &sm = Scope.ast.getSourceManager();
  clang::SourceLocation expansion = sm.getExpansionLoc(function->getLocation());
  bool isTestBody = false;
  // The test body is the function a test macro expands to whose body the
  // user wrote after the macro: its '{' is a file location, not a macro one.
  if (function->getLocation().isMacroID() && function->getBody()->getBeginLoc().isFileID())
    if (auto use = Uses.tests.find(expansion); use != Uses.tests.end()) {
      const TestMacro &macro = *use->second.entry;
      const std::vector<std::string> &arguments = use->second.arguments;
      TestCase test;
      test.framework = macro.framework;
      if (macro.suiteArgument && *macro.suiteArgument < arguments.size())
        test.suite = arguments[*macro.suiteArgument];
      if (macro.nameArgument < arguments.size())
        test.name = unquote(arguments[macro.nameArgument]);
      test.location = body.location;
      test.bodyUsr = body.usr;
      if (const auto *method = dyn_cast<CXXMethodDecl>(function))
        collectFixtureMethods(method->getParent(), test.fixtureUsrs, 0);
      facts.tests.push_back(std::move(test));
      isTestBody = true;
    }
  // A plain test program (assert-style C tests, Unity, a custom harness):
  // if no framework macro defines tests, the program's main() is the test.
  // A framework's runner main() (it calls RUN_ALL_TESTS) runs the tests that
  // other files register: it is kept, as what runs before them, but it is no test.
  // Its main() may come from a header the program's files share (jansson's
  // test/suites/api/util.h): the program is still named after its main file.
  bool isProgram = function->isMain() && !sm.isInSystemHeader(expansion);
  if (isProgram && !runsFrameworkTests(function))
    Program = TestCase{"main", "", llvm::sys::path::stem(sm.getFileEntryRefForID(sm.getMainFileID())->getName()).str(),
                       body.location, body.usr, {}};
  return isTestBody || isProgram;
}

void TestCaseExtractor::onClass(const CXXRecordDecl *record) {
  if (!record->isThisDeclarationADefinition() || Scope.ast.getSourceManager().isInSystemHeader(record->getLocation()))
    return;
  if (derivesFromAny(record, Scope.catalog.frameworks().globalFixtureBases, 0))
    collectLifecycleMethods(record, GlobalFixtureUsrs);
}

void TestCaseExtractor::finish(TranslationUnitFacts &facts) {
  if (facts.tests.empty() && Program)
    facts.tests.push_back(*Program);
  for (TestCase &test : facts.tests)
    test.fixtureUsrs.insert(test.fixtureUsrs.end(), GlobalFixtureUsrs.begin(), GlobalFixtureUsrs.end());
}

void TestCaseExtractor::collectFixtureMethods(const CXXRecordDecl *record, std::vector<std::string> &usrs,
                                              int depth) {
  if (!record || depth > 8 || !record->hasDefinition())
    return;
  for (const CXXBaseSpecifier &base : record->getDefinition()->bases()) {
    const CXXRecordDecl *fixture = baseRecord(base);
    if (!fixture || !fixture->hasDefinition() ||
        Scope.ast.getSourceManager().isInSystemHeader(fixture->getLocation()))
      continue;
    fixture = fixture->getDefinition();
    collectLifecycleMethods(fixture, usrs);
    collectFixtureMethods(fixture, usrs, depth + 1);
  }
}

void TestCaseExtractor::collectLifecycleMethods(const CXXRecordDecl *fixture, std::vector<std::string> &usrs) {
  for (const CXXMethodDecl *method : fixture->methods()) {
    bool lifecycle = isa<CXXConstructorDecl>(method) || isa<CXXDestructorDecl>(method);
    if (!lifecycle && method->getIdentifier()) {
      const auto &names = Scope.catalog.frameworks().lifecycleMethods;
      lifecycle = std::find(names.begin(), names.end(), method->getName().str()) != names.end();
    }
    if (lifecycle && method->isUserProvided())
      if (std::string usr = Scope.templates.usrOfCallee(method); !usr.empty())
        usrs.push_back(usr);
  }
}

} // namespace parready
