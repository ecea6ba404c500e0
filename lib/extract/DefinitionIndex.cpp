#include "extract/DefinitionIndex.h"

#include "extract/AstNames.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace parready {

using namespace clang;

const std::vector<DefinitionIndex::Definition> *DefinitionIndex::find(const ValueDecl *declaration) const {
  auto it = Definitions.find(cast<ValueDecl>(declaration->getCanonicalDecl()));
  return it == Definitions.end() ? nullptr : &it->second;
}

bool DefinitionIndex::isTracked(const ValueDecl *declaration) const {
  const std::vector<Definition> *definitions = find(declaration);
  if (!definitions || declaration->getType().isConstQualified())
    return false;
  bool assignedInFunction = false;
  for (const Definition &definition : *definitions) {
    if (definition.context && isa<CXXConstructorDecl>(definition.context))
      return false;
    assignedInFunction |= definition.context != nullptr;
  }
  return assignedInFunction;
}

void DefinitionIndex::forEachTracked(
    const std::function<void(const ValueDecl *, const std::vector<const Expr *> &)> &visit) const {
  for (const auto &[declaration, definitions] : Definitions) {
    if (!isTracked(declaration))
      continue;
    std::vector<const Expr *> initialisers;
    for (const Definition &definition : definitions)
      if (!definition.context)
        initialisers.push_back(definition.value);
    visit(declaration, initialisers);
  }
}

void DefinitionIndex::build(ASTContext &context, const ApiCatalog &catalog) {
  struct Builder : RecursiveASTVisitor<Builder> {
    DefinitionIndex &index;
    const ApiCatalog &catalog;
    const FunctionDecl *current = nullptr;
    Builder(DefinitionIndex &index, const ApiCatalog &catalog) : index(index), catalog(catalog) {}
    bool shouldVisitTemplateInstantiations() const { return false; }

    void define(const Expr *target, const Expr *value) {
      const ValueDecl *declaration = assignedState(target);
      if (declaration && !isInSystemHeader(declaration))
        index.Definitions[canonical(declaration)].push_back({value, current});
    }
    static const ValueDecl *canonical(const ValueDecl *declaration) {
      return cast<ValueDecl>(declaration->getCanonicalDecl());
    }
    bool VisitVarDecl(VarDecl *var) {
      if (var->hasGlobalStorage() && !isInSystemHeader(var) && var->getInit() && var->isThisDeclarationADefinition())
        index.Definitions[canonical(var)].push_back({var->getInit(), nullptr});
      return true;
    }
    bool VisitFieldDecl(FieldDecl *field) {
      if (field->hasInClassInitializer() && field->getInClassInitializer() && !isInSystemHeader(field))
        index.Definitions[canonical(field)].push_back({field->getInClassInitializer(), nullptr});
      return true;
    }
    bool TraverseFunctionDecl(FunctionDecl *function) { return traverseFunction(function); }
    bool TraverseCXXMethodDecl(CXXMethodDecl *function) { return traverseFunction(function); }
    bool TraverseCXXConstructorDecl(CXXConstructorDecl *function) {
      if (function->doesThisDeclarationHaveABody() && !isInSystemHeader(function))
        for (const CXXCtorInitializer *init : function->inits())
          if (const FieldDecl *field = init->getMember(); field && init->isWritten())
            index.Definitions[canonical(field)].push_back({init->getInit(), function});
      return traverseFunction(function);
    }
    bool TraverseCXXDestructorDecl(CXXDestructorDecl *function) { return traverseFunction(function); }
    bool traverseFunction(FunctionDecl *function) {
      if (!function->doesThisDeclarationHaveABody() || isInSystemHeader(function))
        return true;
      const FunctionDecl *saved = current;
      current = function;
      TraverseStmt(function->getBody());
      current = saved;
      return true;
    }
    bool VisitBinaryOperator(BinaryOperator *op) {
      if (current && op->getOpcode() == BO_Assign)
        define(op->getLHS(), op->getRHS());
      return true;
    }
    bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *op) {
      if (current && op->getOperator() == OO_Equal && op->getNumArgs() == 2)
        define(op->getArg(0), op->getArg(1));
      return true;
    }
    bool VisitCallExpr(CallExpr *call) {
      const FunctionDecl *callee = call->getDirectCallee();
      const ApiEntry *entry = current && callee ? catalog.find(catalogName(callee)) : nullptr;
      if (!entry || !entry->makesArgumentUnique)
        return true;
      std::vector<const Expr *> operands = callOperands(call);
      if (*entry->makesArgumentUnique < operands.size())
        define(operands[*entry->makesArgumentUnique], call);
      return true;
    }
  } builder(*this, catalog);
  builder.TraverseDecl(context.getTranslationUnitDecl());
}

} // namespace parready
