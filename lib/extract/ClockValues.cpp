#include "extract/ClockValues.h"

#include "extract/AstNames.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace parready {

using namespace clang;

void ClockDependence::add(const ClockDependence &other) {
  certain |= other.certain;
  through.insert(other.through.begin(), other.through.end());
}

namespace {

/// Types no elapsed time is kept in: a predicate's answer, nothing, an
/// address. A pointer points at an object that holds other things besides
/// the time a field may hold (a server context with its start time): what
/// a clock fills through a pointer is its own case (clock_gettime(&ts)).
bool cannotHoldTime(QualType type) {
  return type.isNull() || type->isVoidType() || type->isBooleanType() || type->isPointerType();
}

/// `v.size()`: a count of elements, whatever the elements are.
bool countsElements(const CallExpr *call) {
  const auto *typedefType = call->getType()->getAs<TypedefType>();
  return typedefType && typedefType->getDecl()->getName() == "size_type";
}

/// The variable an expression stores into or reads from: `ts` in `&ts`,
/// `ts.tv_sec`, `v[i]`, `*p`; none through `p->field`, which stores into
/// another object than the variable.
const VarDecl *rootVariable(const Expr *expr) {
  while (expr) {
    expr = expr->IgnoreParenCasts();
    if (const auto *ref = dyn_cast<DeclRefExpr>(expr))
      return dyn_cast<VarDecl>(ref->getDecl());
    if (const auto *unary = dyn_cast<UnaryOperator>(expr))
      expr = unary->getSubExpr();
    else if (const auto *member = dyn_cast<MemberExpr>(expr); member && !member->isArrow())
      expr = member->getBase();
    else if (const auto *subscript = dyn_cast<ArraySubscriptExpr>(expr))
      expr = subscript->getBase();
    else if (const auto *op = dyn_cast<CXXOperatorCallExpr>(expr);
             op && (op->getOperator() == OO_Subscript || op->getOperator() == OO_Star) && op->getNumArgs() > 0)
      expr = op->getArg(0);
    else
      return nullptr;
  }
  return nullptr;
}

/// Where values flow into variables in a body, and the lambdas' returns.
struct FlowCollector : RecursiveASTVisitor<FlowCollector> {
  const ApiCatalog &catalog;
  std::vector<std::pair<const VarDecl *, const Expr *>> flows;
  std::set<const VarDecl *> filledByClock;
  std::map<const FunctionDecl *, std::vector<const Expr *>> lambdaReturns;

  explicit FlowCollector(const ApiCatalog &catalog) : catalog(catalog) {}

  void flow(const Expr *target, const Expr *value) {
    if (const VarDecl *var = rootVariable(target))
      flows.emplace_back(var, value);
  }
  bool VisitVarDecl(VarDecl *var) {
    if (var->getInit())
      flows.emplace_back(var, var->getInit());
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *op) {
    if (op->isAssignmentOp())
      flow(op->getLHS(), op->getRHS());
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *op) {
    if (op->isAssignmentOp() && op->getNumArgs() == 2)
      flow(op->getArg(0), op->getArg(1));
    return true;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *call) {
    // samples.push_back(elapsed): what a modifying method is given, the object holds.
    const CXXMethodDecl *method = call->getMethodDecl();
    if (method && !method->isConst())
      for (const Expr *argument : call->arguments())
        flow(call->getImplicitObjectArgument(), argument);
    return true;
  }
  bool VisitCallExpr(CallExpr *call) {
    // clock_gettime(CLOCK_MONOTONIC, &ts): the clock fills what it is pointed at.
    const FunctionDecl *callee = call->getDirectCallee();
    const ApiEntry *entry = callee ? catalog.find(catalogName(callee)) : nullptr;
    if (entry && entry->readsClock)
      for (const Expr *argument : call->arguments())
        if (argument->getType()->isPointerType())
          if (const VarDecl *var = rootVariable(argument))
            filledByClock.insert(var);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *lambda) {
    lambdaReturns[lambda->getCallOperator()] = returnedValues(lambda->getBody());
    return true;
  }
};

bool returnsFromParameters(const FunctionDecl *callee) {
  if (callee->isTemplateInstantiation())
    return true;
  const FunctionDecl *definition = callee->getDefinition();
  if (isInSystemHeader(definition ? definition : callee))
    return callee->getReturnType()->isRealFloatingType();
  if (!definition || !definition->getBody())
    return false;
  struct ParameterUse : RecursiveASTVisitor<ParameterUse> {
    bool found = false;
    bool VisitDeclRefExpr(DeclRefExpr *ref) {
      found |= isa<ParmVarDecl>(ref->getDecl());
      return !found;
    }
  };
  for (const Expr *value : returnedValues(definition->getBody())) {
    ParameterUse use;
    use.TraverseStmt(const_cast<Expr *>(value));
    if (use.found)
      return true;
  }
  return false;
}

} // namespace

std::vector<const Expr *> returnedValues(const Stmt *body) {
  struct Finder : RecursiveASTVisitor<Finder> {
    std::vector<const Expr *> values;
    bool TraverseLambdaExpr(LambdaExpr *) { return true; } // its returns are its own
    bool VisitReturnStmt(ReturnStmt *ret) {
      if (ret->getRetValue())
        values.push_back(ret->getRetValue());
      return true;
    }
  } finder;
  finder.TraverseStmt(const_cast<Stmt *>(body));
  return finder.values;
}

bool ClockWrappers::carriesArguments(const FunctionDecl *callee) {
  auto [known, first] = Carries.try_emplace(callee, false);
  if (first)
    known->second = returnsFromParameters(callee);
  return known->second;
}

ClockDependence ClockWrappers::returnOf(const FunctionDecl *function) {
  ClockDependence none;
  if (const ApiEntry *entry = Scope.catalog.find(catalogName(function)); entry && entry->readsClock) {
    none.certain = true;
    return none;
  }
  if (cannotHoldTime(function->getReturnType()))
    return none;
  const FunctionDecl *definition = function->getDefinition();
  if (isInSystemHeader(definition ? definition : function))
    return none;
  if (!definition || !definition->getBody()) {
    // Defined in another TU, if anywhere: link knows whether it reads a clock.
    if (function->isExternallyVisible())
      if (std::string usr = usrOf(function->getCanonicalDecl()); !usr.empty())
        none.through.insert(usr);
    return none;
  }
  auto [slot, first] = Returns.try_emplace(definition);
  if (!first)
    return slot->second.value_or(none);
  ClockValues values(*this, definition->getBody());
  ClockDependence returned;
  for (const Expr *value : returnedValues(definition->getBody()))
    returned.add(values.of(value));
  Returns[definition] = returned;
  return returned;
}

ClockValues::ClockValues(ClockWrappers &wrappers, const Stmt *body) : Wrappers(wrappers) {
  FlowCollector flows(wrappers.catalog());
  flows.TraverseStmt(const_cast<Stmt *>(body));
  LambdaReturns = std::move(flows.lambdaReturns);
  for (const VarDecl *var : flows.filledByClock)
    Variables[var].certain = true;
  // To a fixpoint: `elapsed = end - start` may come before `end = now()` in
  // the source order the flows were collected in. Dependences only grow.
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto &[var, value] : flows.flows) {
      ClockDependence dependence = of(value);
      if (!dependence.possible())
        continue;
      ClockDependence &known = Variables[var];
      size_t before = known.through.size();
      bool wasCertain = known.certain;
      known.add(dependence);
      changed |= known.certain != wasCertain || known.through.size() != before;
    }
  }
  for (const auto &[var, dependence] : Variables)
    if (dependence.possible())
      Names[var->getNameAsString()].add(dependence);
}

ClockDependence ClockValues::of(const Expr *expr) const {
  ClockDependence result;
  if (!expr)
    return result;
  expr = expr->IgnoreParenImpCasts();
  if (cannotHoldTime(expr->getType()) || isa<LambdaExpr>(expr) || isa<UnaryExprOrTypeTraitExpr>(expr))
    return result;
  if (const auto *ref = dyn_cast<DeclRefExpr>(expr)) {
    if (const auto *var = dyn_cast<VarDecl>(ref->getDecl()))
      if (auto known = Variables.find(var); known != Variables.end())
        return known->second;
    return result;
  }
  if (const auto *call = dyn_cast<CallExpr>(expr)) {
    if (countsElements(call))
      return result;
    const FunctionDecl *callee = call->getDirectCallee();
    if (callee) {
      if (auto lambda = LambdaReturns.find(callee); lambda != LambdaReturns.end()) {
        for (const Expr *value : lambda->second)
          result.add(of(value));
      } else {
        result.add(Wrappers.returnOf(callee));
      }
    }
    // An operator or a method computes from its operands and its object
    // (end - start, v[i], d.count()); a function only if it carries them.
    if (!isa<CXXOperatorCallExpr>(call) && !isa<CXXMemberCallExpr>(call) && (!callee || !Wrappers.carriesArguments(callee)))
      return result;
  }
  for (const Stmt *child : expr->children())
    if (const auto *operand = dyn_cast_or_null<Expr>(child))
      result.add(of(operand));
  return result;
}

} // namespace parready
