#include "extract/StateExtractor.h"

#include "extract/AstNames.h"

#include "clang/AST/ExprCXX.h"

#include <algorithm>

namespace parready {

using namespace clang;

namespace {

bool isMutableGlobal(const VarDecl *var) {
  // thread_local: every thread (and so every test under --runner threads) has its own.
  return var->hasGlobalStorage() && var->getTLSKind() == VarDecl::TLS_None &&
         !var->getType().isConstQualified() && !var->isConstexpr() && !isInSystemHeader(var);
}

/// `Settings &instance() { static Settings s; return s; }` -> s
const VarDecl *singletonOf(const FunctionDecl *function) {
  if (!function || !function->getReturnType()->isReferenceType())
    return nullptr;
  const FunctionDecl *definition = function->getDefinition();
  if (!definition || isInSystemHeader(definition))
    return nullptr;
  const auto *body = dyn_cast_or_null<CompoundStmt>(definition->getBody());
  if (!body || body->body_empty())
    return nullptr;
  const auto *ret = dyn_cast<ReturnStmt>(body->body_back());
  if (!ret || !ret->getRetValue())
    return nullptr;
  const auto *ref = dyn_cast<DeclRefExpr>(ret->getRetValue()->IgnoreParenImpCasts());
  const auto *var = ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
  return var && isMutableGlobal(var) ? var : nullptr;
}

/// The mutable global (or Meyers-singleton static) an lvalue refers to.
const VarDecl *globalTarget(const Expr *expr) {
  for (int guard = 0; expr && guard < 16; ++guard) {
    expr = expr->IgnoreParenImpCasts();
    if (const auto *member = dyn_cast<MemberExpr>(expr)) {
      expr = member->getBase();
    } else if (const auto *subscript = dyn_cast<ArraySubscriptExpr>(expr)) {
      expr = subscript->getBase();
    } else if (const auto *op = dyn_cast<CXXOperatorCallExpr>(expr);
               op && op->getNumArgs() > 0 &&
               (op->getOperator() == OO_Subscript || op->getOperator() == OO_Arrow)) {
      expr = op->getArg(0);
    } else if (const auto *ref = dyn_cast<DeclRefExpr>(expr)) {
      const auto *var = dyn_cast<VarDecl>(ref->getDecl());
      return var && isMutableGlobal(var) ? var : nullptr;
    } else if (const auto *call = dyn_cast<CallExpr>(expr)) {
      return singletonOf(call->getDirectCallee());
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

} // namespace

std::string StateExtractor::trackedName(const Expr *target) const {
  const ValueDecl *declaration = assignedState(target);
  return declaration && Body.scope.definitions.isTracked(declaration) ? stateName(declaration) : "";
}

void StateExtractor::onAssignment(const Expr *target, const Expr *value, bool appends, clang::SourceLocation where) {
  std::string name = trackedName(target);
  if (name.empty())
    return;
  AbstractValue assigned = Body.evaluator.evaluate(value).value;
  if (appends)
    assigned = concat(globalPlaceholder(name), assigned);
  Body.out.assignments.push_back({name, assigned, Body.locate(where)});
}

void StateExtractor::onApiCall(const Invocation &call, const ApiEntry &entry) {
  if (entry.makesArgumentUnique && *entry.makesArgumentUnique < call.operands.size())
    if (std::string name = trackedName(call.operands[*entry.makesArgumentUnique]); !name.empty())
      Body.out.assignments.push_back({name, AbstractValue::unique(entry.name + "()"), Body.locate(call.where)});
}

void StateExtractor::onMemberCall(const Invocation &call) {
  if (const auto *method = dyn_cast<CXXMethodDecl>(call.callee);
      method && method->isInstance() && !method->isConst() && !isa<CXXConstructorDecl>(method) &&
      !call.operands.empty())
    onWrite(call.operands.front(), call.where);
}

void StateExtractor::recordGlobal(const Expr *target, AccessMode mode, clang::SourceLocation where) {
  const VarDecl *var = globalTarget(target);
  if (!var)
    return;
  Access access;
  access.resource = ResourceKind::Global;
  access.mode = mode;
  access.value = AbstractValue::constant(stateName(var));
  access.location = Body.locate(where);
  access.api = mode == AccessMode::Read ? "read" : "write";
  // `++g` or `g = g + 1` reads g too, but the write is what matters.
  std::vector<Access> &accesses = Body.out.accesses;
  if (!accesses.empty() && accesses.back().resource == ResourceKind::Global && accesses.back().value == access.value &&
      (accesses.back().mode == AccessMode::Write || accesses.back() == access))
    return;
  accesses.push_back(std::move(access));
}

void recordInitialValues(TranslationUnitScope &scope, TranslationUnitFacts &facts) {
  size_t first = facts.initialValues.size();
  scope.definitions.forEachTracked([&](const ValueDecl *declaration, const std::vector<const Expr *> &initialisers) {
    // A std::string or path without initialiser starts empty (no path at all).
    if (initialisers.empty()) {
      if (declaration->getType()->isRecordType())
        facts.initialValues.emplace_back(stateName(declaration), AbstractValue::constant(""));
      return;
    }
    ValueEvaluator initialiser(scope, nullptr);
    facts.initialValues.emplace_back(stateName(declaration), initialiser.evaluate(initialisers.front()).value);
  });
  // The index is ordered by AST node address, which differs from run to
  // run: the facts of one TU must not (they are compared and cached).
  std::stable_sort(facts.initialValues.begin() + first, facts.initialValues.end(),
                   [](const auto &a, const auto &b) { return a.first < b.first; });
}

} // namespace parready
