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

} // namespace

/// Where the state an lvalue denotes lives.
struct StateExtractor::GlobalTarget {
  const VarDecl *var = nullptr; ///< the mutable global or Meyers-singleton static
  /// Without `var`: the object a catalogued singleton accessor returns
  /// ("Config::instance()"), when its body is out of sight.
  std::string declaredSingleton;
  const Expr *named = nullptr;  ///< the expression naming it: the variable or the accessor call
  bool throughSubscript = false; ///< one element of it (`g[key]`), not all of it
  /// The fields on the way to the lvalue, outermost first (`g.config.strict`:
  /// config, strict): tests that touch different fields share nothing.
  std::vector<std::string> fields;

  /// "g", "g.config.strict".
  bool known() const { return var || !declaredSingleton.empty(); }
  std::string name() const {
    std::string name = var ? stateName(var) : declaredSingleton;
    for (const std::string &field : fields)
      name += "." + field;
    return name;
  }
};

std::string StateExtractor::declaredSingleton(const FunctionDecl *accessor) const {
  if (!accessor)
    return "";
  const ApiEntry *entry = Body.scope.catalog.find(catalogName(accessor));
  return entry && entry->singleton ? entry->name + "()" : "";
}

StateExtractor::GlobalTarget StateExtractor::globalTarget(const Expr *expr) const {
  GlobalTarget target;
  for (int guard = 0; expr && guard < 16; ++guard) {
    expr = expr->IgnoreParenImpCasts();
    if (const auto *member = dyn_cast<MemberExpr>(expr)) {
      if (const auto *field = dyn_cast<FieldDecl>(member->getMemberDecl()))
        target.fields.insert(target.fields.begin(), field->getNameAsString());
      expr = member->getBase();
    } else if (const auto *subscript = dyn_cast<ArraySubscriptExpr>(expr)) {
      target.throughSubscript = true;
      expr = subscript->getBase();
    } else if (const auto *op = dyn_cast<CXXOperatorCallExpr>(expr);
               op && op->getNumArgs() > 0 &&
               (op->getOperator() == OO_Subscript || op->getOperator() == OO_Arrow)) {
      target.throughSubscript |= op->getOperator() == OO_Subscript;
      expr = op->getArg(0);
    } else if (const auto *ref = dyn_cast<DeclRefExpr>(expr)) {
      if (!target.named)
        target.named = ref;
      const auto *var = dyn_cast<VarDecl>(ref->getDecl());
      // `Settings &settings = Settings::instance();`: the local reference is the global.
      if (var && !var->hasGlobalStorage() && var->getType()->isReferenceType() && var->getInit()) {
        expr = var->getInit();
        continue;
      }
      target.var = var && isMutableGlobal(var) ? var : nullptr;
      return target;
    } else if (const auto *call = dyn_cast<CallExpr>(expr)) {
      if (!target.named)
        target.named = call;
      target.var = singletonOf(call->getDirectCallee());
      if (!target.var)
        target.declaredSingleton = declaredSingleton(call->getDirectCallee());
      return target;
    } else {
      return target;
    }
  }
  return target;
}

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

void StateExtractor::onRead(const Expr *use) {
  GlobalTarget state = globalTarget(use);
  // `return s;` in the singleton's own accessor hands out a reference: its
  // callers use the state (onCall), the accessor does not.
  if (state.var && isa<DeclRefExpr>(state.named) && state.var == singletonOf(Body.function))
    return;
  recordGlobal(state, AccessMode::Read, use->getExprLoc());
}

void StateExtractor::onWrite(const Expr *target, clang::SourceLocation where, bool assigns) {
  GlobalTarget state = globalTarget(target);
  recordGlobal(state, AccessMode::Write, where, assigns && !state.throughSubscript);
}

void StateExtractor::onCall(const Invocation &call) {
  if (const VarDecl *singleton = singletonOf(call.callee))
    recordGlobal({singleton, {}, call.call}, AccessMode::Read, call.where);
  else if (std::string declared = declaredSingleton(call.callee); !declared.empty())
    recordGlobal({nullptr, declared, call.call}, AccessMode::Read, call.where);
  const auto *method = dyn_cast<CXXMethodDecl>(call.callee);
  if (!method || !method->isInstance() || isa<CXXConstructorDecl>(method) || call.operands.empty())
    return;
  if (method->isConst()) {
    recordGlobal(globalTarget(call.operands.front()), AccessMode::Read, call.where);
    return;
  }
  bool resets = method->isCopyAssignmentOperator() || method->isMoveAssignmentOperator() ||
                Body.scope.catalog.isStateReset(method->getNameAsString());
  onWrite(call.operands.front(), call.where, resets);
}

void StateExtractor::recordGlobal(const GlobalTarget &target, AccessMode mode, clang::SourceLocation where,
                                  bool overwrites) {
  if (!target.known())
    return;
  // Pre-order: the write or method call that names the state comes first;
  // the same naming expression seen again on the way down (`++g`'s g, the
  // operator[] of `g[k] = v`) is that use.
  if (target.named == LastNamed)
    return;
  LastNamed = target.named;
  Access access;
  access.resource = ResourceKind::Global;
  access.mode = mode;
  access.value = AbstractValue::constant(target.name());
  access.location = Body.locate(where);
  access.api = mode == AccessMode::Read ? "read" : "write";
  access.overwrites = overwrites;
  std::vector<Access> &accesses = Body.out.accesses;
  if (accesses.empty() || accesses.back() != access)
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
