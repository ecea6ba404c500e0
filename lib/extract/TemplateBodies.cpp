#include "extract/TemplateBodies.h"

#include "extract/AstNames.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/Support/raw_ostream.h"

namespace parready {

using namespace clang;

namespace {

/// A template whose instantiations the TU lists: a function template (a
/// generic lambda's call operator too) or a member of a class template.
bool hasListedInstantiations(const FunctionDecl *pattern) {
  if (pattern->getDescribedFunctionTemplate())
    return true;
  const auto *method = dyn_cast<CXXMethodDecl>(pattern);
  return method && method->getParent()->getDescribedClassTemplate();
}

} // namespace

bool TemplateBodies::dependentCallMatters(const FunctionDecl *candidate) const {
  return !isInSystemHeader(candidate) || Catalog.find(catalogName(candidate));
}

bool TemplateBodies::patternSuffices(const FunctionDecl *pattern) {
  if (!pattern->isTemplated() || !hasListedInstantiations(pattern) || !pattern->getBody())
    return true;
  if (auto known = Suffices.find(pattern); known != Suffices.end())
    return known->second;
  // Calls and constructions the pattern cannot resolve, and whether one of
  // them may reach what extraction records. A construction of a template
  // parameter's own type (`T value{}`) is taken to touch nothing.
  struct DependentCalls : RecursiveASTVisitor<DependentCalls> {
    const TemplateBodies &self;
    bool matters = false;
    explicit DependentCalls(const TemplateBodies &self) : self(self) {}
    bool anyCandidateMatters(const OverloadExpr *lookup) {
      for (const NamedDecl *candidate : lookup->decls())
        if (const FunctionDecl *function = candidate->getUnderlyingDecl()->getAsFunction();
            function && self.dependentCallMatters(function))
          return true;
      return false;
    }
    bool constructionMatters(QualType type) {
      const CXXRecordDecl *record = type.isNull() ? nullptr : type->getAsCXXRecordDecl();
      if (!record)
        return false;
      if (!isInSystemHeader(record))
        return true;
      std::string constructor = stripTemplateArguments(record->getQualifiedNameAsString()) + "::" +
                                record->getNameAsString();
      return self.Catalog.find(constructor) != nullptr;
    }
    bool VisitCallExpr(CallExpr *call) {
      if (call->getDirectCallee())
        return true;
      const Expr *callee = call->getCallee() ? call->getCallee()->IgnoreParenImpCasts() : nullptr;
      if (const auto *lookup = dyn_cast_or_null<OverloadExpr>(callee))
        matters = anyCandidateMatters(lookup);
      else if (callee && (callee->isTypeDependent() || isa<CXXDependentScopeMemberExpr>(callee)))
        matters = true; // object.method() on a dependent object, a callable of a template type
      return !matters;
    }
    bool VisitCXXUnresolvedConstructExpr(CXXUnresolvedConstructExpr *construct) {
      matters = constructionMatters(construct->getTypeAsWritten());
      return !matters;
    }
    bool VisitVarDecl(VarDecl *var) {
      // std::ofstream out(path) with a dependent path: overloads chosen later.
      if (const Expr *init = var->getInit(); init && init->isTypeDependent() && !var->getType()->isDependentType())
        matters = constructionMatters(var->getType());
      return !matters;
    }
  } finder(*this);
  finder.TraverseStmt(const_cast<Stmt *>(pattern->getBody()));
  if (const auto *constructor = dyn_cast<CXXConstructorDecl>(pattern))
    for (const CXXCtorInitializer *init : constructor->inits())
      if (!finder.matters && init->isWritten())
        finder.TraverseStmt(init->getInit());
  Suffices[pattern] = !finder.matters;
  return !finder.matters;
}

std::string TemplateBodies::usrOfCallee(const FunctionDecl *callee) {
  if (callee->isTemplateInstantiation())
    if (const FunctionDecl *pattern = callee->getTemplateInstantiationPattern(); pattern && patternSuffices(pattern))
      return usrOf(pattern);
  return usrOf(callee);
}

std::vector<const FunctionDecl *> TemplateBodies::instantiationsOf(const FunctionDecl *pattern) {
  std::vector<const FunctionDecl *> instances;
  auto add = [&](const FunctionDecl *instance) {
    if (instance->isTemplateInstantiation() && instance->doesThisDeclarationHaveABody())
      instances.push_back(instance);
  };
  if (const FunctionTemplateDecl *described = pattern->getDescribedFunctionTemplate()) {
    for (const FunctionDecl *instance : described->specializations())
      add(instance);
    return instances;
  }
  const auto *method = dyn_cast<CXXMethodDecl>(pattern);
  const ClassTemplateDecl *owner = method ? method->getParent()->getDescribedClassTemplate() : nullptr;
  if (!owner)
    return instances;
  for (const ClassTemplateSpecializationDecl *specialization : owner->specializations())
    for (const Decl *member : specialization->decls())
      if (const auto *instance = dyn_cast<CXXMethodDecl>(member))
        if (const FunctionDecl *from = instance->getTemplateInstantiationPattern();
            from && from->getCanonicalDecl() == pattern->getCanonicalDecl())
          add(instance);
  return instances;
}

std::string TemplateBodies::nameOf(const FunctionDecl *function) {
  std::string name;
  llvm::raw_string_ostream out(name);
  function->getNameForDiagnostic(out, function->getASTContext().getPrintingPolicy(), /*Qualified=*/true);
  return name;
}

} // namespace parready
