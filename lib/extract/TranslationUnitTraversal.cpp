#include "extract/TranslationUnitTraversal.h"

#include "extract/AstNames.h"
#include "extract/ConcurrencyExtractor.h"
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
      : Scope(scope), Facts(facts), Locator(locator), Uses(uses), Timing(scope, uses, locator), Tests(scope, uses) {}

  bool shouldVisitTemplateInstantiations() const { return false; }

  bool VisitFunctionDecl(FunctionDecl *function) {
    if (!function->doesThisDeclarationHaveABody() || function->isTemplateInstantiation())
      return true;
    SourceManager &sm = Scope.ast.getSourceManager();
    if (sm.isInSystemHeader(sm.getExpansionLoc(function->getLocation())))
      return true;

    Function out = describe(function);
    if (out.usr.empty())
      return true;
    if (Scope.templates.patternSuffices(function))
      extractBody(function, out);
    else
      recordInstantiations(function, out);
    Timing.onFunction(function, out);
    recordAssertions(function, Uses, Locator, out);
    bool keepEvenIfEmpty = Tests.onFunction(function, out, Facts);
    keep(std::move(out), keepEvenIfEmpty);
    return true;
  }

  /// A generic lambda's body, traversed with the function around it, is a
  /// pattern: where it does not show what the lambda does, a direct call
  /// (`write(path)`) reaches the instantiation it runs, recorded here.
  bool VisitLambdaExpr(LambdaExpr *lambda) {
    const CXXMethodDecl *callOperator = lambda->getCallOperator();
    SourceManager &sm = Scope.ast.getSourceManager();
    if (!lambda->isGenericLambda() || sm.isInSystemHeader(sm.getExpansionLoc(lambda->getBeginLoc())) ||
        Scope.templates.patternSuffices(callOperator))
      return true;
    for (const FunctionDecl *instance : TemplateBodies::instantiationsOf(callOperator))
      recordInstance(instance);
    return true;
  }

  bool VisitCXXRecordDecl(CXXRecordDecl *record) {
    Tests.onClass(record);
    return true;
  }

  void finish() { Tests.finish(Facts); }

private:
  Function describe(const FunctionDecl *function) {
    Function out;
    out.usr = usrOf(function);
    out.name = function->getQualifiedNameAsString();
    out.location = Locator.locate(function->getLocation());
    out.translationUnitLocal = !function->isExternallyVisible() || function->isMain();
    if (const auto *method = dyn_cast<CXXMethodDecl>(function))
      for (const CXXMethodDecl *overridden : method->overridden_methods())
        if (std::string usr = Scope.templates.usrOfCallee(overridden); !usr.empty())
          out.overrides.push_back(usr);
    return out;
  }

  void extractBody(const FunctionDecl *function, Function &out) {
    extractFunctionBody(Scope, function, out, Locator);
    ValueEvaluator evaluator(Scope, function);
    // Callers in other TUs see what it returns (unknown adds nothing for them)
    // and what it leaves in their out-parameters (unknown too: it differs
    // from leaving the argument as it was).
    if (std::optional<AbstractValue> returned = evaluator.ownReturnValue();
        returned && returned->kind != ValueKind::Unknown)
      out.returnValue = std::move(returned);
    for (unsigned index = 0; index < function->getNumParams(); ++index)
      if (std::optional<AbstractValue> output = evaluator.ownOutput(index))
        out.outputs.push_back({index, std::move(*output)});
    out.builtClasses = evaluator.ownBuiltClasses();
  }

  /// A template whose pattern does not show what it does (TemplateBodies):
  /// each instantiation is recorded under its own USR, the one its callers
  /// name, and the pattern's record runs them all, passing its parameters
  /// and object on (the test body of a TYPED_TEST runs for every type).
  void recordInstantiations(const FunctionDecl *pattern, Function &dispatcher) {
    for (const FunctionDecl *instance : TemplateBodies::instantiationsOf(pattern))
      if (std::optional<CallSite> run = recordInstance(instance))
        dispatcher.calls.push_back(std::move(*run));
  }

  /// Records one instantiation; returns the call that runs it with the
  /// caller's own parameters and object.
  std::optional<CallSite> recordInstance(const FunctionDecl *instance) {
    Function out = describe(instance);
    if (out.usr.empty())
      return std::nullopt;
    out.name = TemplateBodies::nameOf(instance);
    extractBody(instance, out);
    CallSite run{out.usr, out.name, out.location, {}};
    for (unsigned index = 0; index < instance->getNumParams(); ++index)
      run.arguments.push_back(AbstractValue::param(index));
    run.onThis = isa<CXXMethodDecl>(instance);
    keep(std::move(out), false);
    return run;
  }

  void keep(Function out, bool keepEvenIfEmpty) {
    if (!out.accesses.empty() || !out.calls.empty() || !out.assignments.empty() || !out.overrides.empty() ||
        !out.outputs.empty() || out.returnValue || !out.concurrency.empty() || keepEvenIfEmpty)
      Facts.functions.push_back(std::move(out));
  }

  TranslationUnitScope &Scope;
  TranslationUnitFacts &Facts;
  SourceLocator &Locator;
  const MacroUses &Uses;
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
  TemplateBodies templates(catalog);
  ObjectClasses objectClasses;
  TranslationUnitScope scope{catalog,   context, definitions,   memo,
                             callResults, templates, objectClasses, facts.diagnostics};
  SourceLocator locator(context.getSourceManager(), workingDirectory);
  TranslationUnitTraversal traversal(scope, uses, facts, locator);
  traversal.TraverseDecl(context.getTranslationUnitDecl());
  recordInitialValues(scope, facts);
  facts.callResults = callResults.take();
  recordObjectClasses(scope, facts);
  traversal.finish();
}

} // namespace parready
