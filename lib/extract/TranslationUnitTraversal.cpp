#include "extract/TranslationUnitTraversal.h"

#include "extract/AstNames.h"
#include "extract/FunctionBodyTraversal.h"
#include "extract/ObjectClasses.h"
#include "extract/StateExtractor.h"
#include "extract/TestCaseExtractor.h"
#include "extract/TimingAssertionExtractor.h"

#include "clang/AST/RecursiveASTVisitor.h"

namespace parready {

using namespace clang;

namespace {

class TranslationUnitTraversal : public RecursiveASTVisitor<TranslationUnitTraversal> {
public:
  TranslationUnitTraversal(TranslationUnitScope &scope, const MacroUses &uses, TranslationUnitFacts &facts,
                           SourceLocator &locator)
      : Scope(scope), Facts(facts), Locator(locator), Timing(scope, uses, locator), Tests(scope, uses) {}

  bool shouldVisitTemplateInstantiations() const { return false; }

  bool VisitFunctionDecl(FunctionDecl *function) {
    if (!function->doesThisDeclarationHaveABody() || function->isTemplateInstantiation())
      return true;
    SourceManager &sm = Scope.ast.getSourceManager();
    if (sm.isInSystemHeader(sm.getExpansionLoc(function->getLocation())))
      return true;

    Function out;
    out.usr = usrOf(function);
    if (out.usr.empty())
      return true;
    out.name = function->getQualifiedNameAsString();
    out.location = Locator.locate(function->getLocation());
    out.translationUnitLocal = !function->isExternallyVisible() || function->isMain();
    if (const auto *method = dyn_cast<CXXMethodDecl>(function))
      for (const CXXMethodDecl *overridden : method->overridden_methods())
        if (std::string usr = usrOf(overridden); !usr.empty())
          out.overrides.push_back(usr);
    extractFunctionBody(Scope, function, out, Locator);
    // Callers in other TUs see what it returns (unknown adds nothing for them).
    if (std::optional<AbstractValue> returned = ValueEvaluator(Scope, function).ownReturnValue();
        returned && returned->kind != ValueKind::Unknown)
      out.returnValue = std::move(returned);
    Timing.onFunction(function, out);
    bool keepEvenIfEmpty = Tests.onFunction(function, out, Facts);
    if (!out.accesses.empty() || !out.calls.empty() || !out.assignments.empty() || !out.overrides.empty() ||
        out.returnValue || keepEvenIfEmpty)
      Facts.functions.push_back(std::move(out));
    return true;
  }

  bool VisitCXXRecordDecl(CXXRecordDecl *record) {
    Tests.onClass(record);
    return true;
  }

  void finish() { Tests.finish(Facts); }

private:
  TranslationUnitScope &Scope;
  TranslationUnitFacts &Facts;
  SourceLocator &Locator;
  TimingAssertionExtractor Timing;
  TestCaseExtractor Tests;
};

} // namespace

void extractTranslationUnit(const ApiCatalog &catalog, ASTContext &context, const MacroUses &uses,
                            TranslationUnitFacts &facts, const std::string &workingDirectory) {
  DefinitionIndex definitions;
  definitions.build(context, catalog);
  ValueMemo memo;
  CallResultTable callResults;
  ObjectClasses objectClasses;
  TranslationUnitScope scope{catalog, context, definitions, memo, callResults, objectClasses};
  SourceLocator locator(context.getSourceManager(), workingDirectory);
  TranslationUnitTraversal traversal(scope, uses, facts, locator);
  traversal.TraverseDecl(context.getTranslationUnitDecl());
  recordInitialValues(scope, facts);
  facts.callResults = callResults.take();
  recordObjectClasses(scope, facts);
  traversal.finish();
}

} // namespace parready
