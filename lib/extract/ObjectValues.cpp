// The evaluator's dispatch side: which class the object an expression
// denotes has, where the code that builds it shows it. A virtual call on an
// object value ({object:C}) runs C's final overrider only (docs/usage.md,
// "Virtual calls"); everything else about the object (a parameter, a field,
// a call into another TU) stays a placeholder that link fills like any value.
#include "extract/ValueEvaluator.h"

#include <algorithm>
#include <set>

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace parready {

using namespace clang;

namespace {

/// Only the user's polymorphic classes matter: link follows user code, and
/// only a polymorphic class has overriders to choose between.
const CXXRecordDecl *polymorphicUserClass(const CXXRecordDecl *record) {
  if (!record || !record->hasDefinition())
    return nullptr;
  record = record->getDefinition();
  return record->isPolymorphic() && !isInSystemHeader(record) ? record : nullptr;
}

/// The class an expression of `type` gives access to: T for T, T& and T*,
/// and for a standard wrapper of T (std::unique_ptr<T>, std::shared_ptr<T>),
/// when T is a polymorphic class of the user's; else null.
const CXXRecordDecl *designatedClass(QualType type) {
  // A ParenListExpr in a template's member initialiser has no type at all.
  if (type.isNull() || type->isDependentType())
    return nullptr;
  type = type.getNonReferenceType();
  if (const auto *pointer = type->getAs<PointerType>())
    type = pointer->getPointeeType();
  const CXXRecordDecl *record = type->getAsCXXRecordDecl();
  if (const auto *wrapper = dyn_cast_or_null<ClassTemplateSpecializationDecl>(record);
      wrapper && wrapper->isInStdNamespace() && wrapper->getTemplateArgs().size() > 0 &&
      wrapper->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
    record = wrapper->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
  return polymorphicUserClass(record);
}

/// A variable or field that holds the object itself, not a pointer or a
/// reference to it: its declared class is the object's class.
const CXXRecordDecl *ownClass(const ValueDecl *declaration) {
  QualType type = declaration->getType();
  return type->isReferenceType() ? nullptr : polymorphicUserClass(type->getAsCXXRecordDecl());
}

/// Every class whose objects `function` builds (new, placement new, a
/// construction, a static local), also inside the constructors of the user
/// classes it builds (SingletonEnv<PosixEnv>() placement-news the PosixEnv).
void collectBuiltClasses(const FunctionDecl *function, std::set<const CXXRecordDecl *> &built, int depth) {
  const FunctionDecl *definition = nullptr;
  if (depth > 3 || !function || !function->hasBody(definition) || isInSystemHeader(definition))
    return;
  struct Finder : RecursiveASTVisitor<Finder> {
    std::set<const CXXRecordDecl *> &built;
    int depth;
    Finder(std::set<const CXXRecordDecl *> &built, int depth) : built(built), depth(depth) {}
    bool VisitCXXNewExpr(CXXNewExpr *allocation) {
      if (const CXXRecordDecl *record = allocation->getAllocatedType()->getAsCXXRecordDecl())
        built.insert(record->getCanonicalDecl());
      return true;
    }
    bool VisitCXXConstructExpr(CXXConstructExpr *construct) {
      // A base subobject is part of the object being built, not another one.
      if (construct->getConstructionKind() != CXXConstructionKind::Complete)
        return true;
      const CXXConstructorDecl *constructor = construct->getConstructor();
      built.insert(constructor->getParent()->getCanonicalDecl());
      collectBuiltClasses(constructor, built, depth + 1);
      return true;
    }
  } finder(built, depth);
  if (const auto *constructor = dyn_cast<CXXConstructorDecl>(definition))
    for (const CXXCtorInitializer *init : constructor->inits())
      finder.TraverseStmt(init->getInit());
  finder.TraverseStmt(definition->getBody());
}

} // namespace

std::vector<std::string> ValueEvaluator::ownBuiltClasses() {
  std::set<const CXXRecordDecl *> built;
  collectBuiltClasses(Function, built, 0);
  std::vector<std::string> classes;
  for (const CXXRecordDecl *record : built)
    if (const CXXRecordDecl *polymorphic = polymorphicUserClass(record))
      classes.push_back(objectClass(objectOf(polymorphic)));
  std::sort(classes.begin(), classes.end());
  classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
  return classes;
}

AbstractValue ValueEvaluator::objectOf(const CXXRecordDecl *record) {
  Scope.objectClasses.insert(record);
  return objectValue(usrOf(record));
}

std::optional<EvaluatedValue> ValueEvaluator::evaluateObject(const Expr *expr, int depth) {
  if (!designatedClass(expr->getType()))
    return std::nullopt;
  auto object = [&](const CXXRecordDecl *record) -> std::optional<EvaluatedValue> {
    if (record)
      return EvaluatedValue{objectOf(record)};
    return std::nullopt;
  };
  if (const auto *ref = dyn_cast<DeclRefExpr>(expr))
    return object(ownClass(ref->getDecl()));
  if (const auto *member = dyn_cast<MemberExpr>(expr))
    return object(ownClass(member->getMemberDecl()));
  if (const auto *allocation = dyn_cast<CXXNewExpr>(expr))
    return object(polymorphicUserClass(allocation->getAllocatedType()->getAsCXXRecordDecl()));
  if (const auto *construct = dyn_cast<CXXConstructExpr>(expr)) {
    if (const CXXRecordDecl *record = polymorphicUserClass(construct->getType()->getAsCXXRecordDecl()))
      return object(record);
    // unique_ptr<Env>(make_unique<MemEnv>()), shared_ptr<Env>(new MemEnv):
    // the wrapper holds the object it was given.
    if (construct->getNumArgs() == 1 && isInSystemHeader(construct->getConstructor()))
      return evaluate(construct->getArg(0), depth + 1);
    return std::nullopt;
  }
  // &env_, *env: the same object.
  if (const auto *unary = dyn_cast<UnaryOperator>(expr);
      unary && (unary->getOpcode() == UO_AddrOf || unary->getOpcode() == UO_Deref))
    return evaluate(unary->getSubExpr(), depth + 1);
  if (const auto *op = dyn_cast<CXXOperatorCallExpr>(expr);
      op && (op->getOperator() == OO_Star || op->getOperator() == OO_Arrow) && op->getNumArgs() == 1)
    return evaluate(op->getArg(0), depth + 1);
  if (const auto *call = dyn_cast<CallExpr>(expr)) {
    const FunctionDecl *callee = call->getDirectCallee();
    if (!callee)
      return std::nullopt;
    // make_unique<MemEnv>(...): the class it builds is the one it returns.
    if (const ApiEntry *entry = Catalog.find(catalogName(callee)); entry && entry->constructsObject)
      return object(designatedClass(call->getType()));
    // ptr.get() on a standard wrapper: the object it holds.
    const auto *method = dyn_cast<CXXMethodDecl>(callee);
    if (method && call->getNumArgs() == 0 && hasObjectOperand(call) && method->getParent()->isInStdNamespace())
      return evaluate(callOperands(call).front(), depth + 1);
  }
  return std::nullopt;
}

std::optional<AbstractValue> ValueEvaluator::onlyBuiltObject(const FunctionDecl *factory) {
  const CXXRecordDecl *returned = designatedClass(factory->getReturnType());
  if (!returned)
    return std::nullopt;
  std::set<const CXXRecordDecl *> built;
  collectBuiltClasses(factory, built, 0);
  const CXXRecordDecl *only = nullptr;
  for (const CXXRecordDecl *record : built) {
    const CXXRecordDecl *candidate = polymorphicUserClass(record);
    if (!candidate || (candidate->getCanonicalDecl() != returned->getCanonicalDecl() &&
                       !candidate->isDerivedFrom(returned)))
      continue;
    if (only && only != candidate)
      return std::nullopt;
    only = candidate;
  }
  return only ? std::optional<AbstractValue>(objectOf(only)) : std::nullopt;
}

} // namespace parready
