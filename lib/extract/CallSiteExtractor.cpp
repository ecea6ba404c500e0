#include "extract/CallSiteExtractor.h"

#include "extract/AstNames.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

#include <set>

namespace parready {

using namespace clang;

void CallSiteExtractor::onUserCall(const Invocation &call) {
  size_t skip = hasObjectOperand(call.call) ? 1 : 0;
  std::vector<const Expr *> arguments(call.operands.begin() + skip, call.operands.end());
  CallSite &site = recordCall(call.callee, call.where, arguments);
  // Which object the callee runs on decides its fields' values.
  if (const auto *construct = dyn_cast<CXXConstructExpr>(call.call))
    site.receiver = Body.evaluator.receiverFields(construct);
  else if (skip && ValueEvaluator::isThis(call.operands.front()))
    site.onThis = true;
  else if (skip && ValueEvaluator::isOwnMemberObject(call.operands.front())) {
    // this->cache_.put(): the member's fields are part of this object's, and
    // its construction (`ErrorEnv env_;`: its default one) may show more.
    site.onThis = true;
    site.receiver = Body.evaluator.receiverFields(call.operands.front());
  } else if (skip)
    site.receiver = Body.evaluator.receiverFields(call.operands.front());
  // env->NewWritableFile(): unqualified calls of virtual methods dispatch.
  if (const auto *member = dyn_cast<CXXMemberCallExpr>(call.call)) {
    const auto *method = dyn_cast<CXXMethodDecl>(call.callee);
    const auto *calledMember = dyn_cast<MemberExpr>(member->getCallee()->IgnoreParens());
    site.isVirtual = method && method->isVirtual() && calledMember && !calledMember->hasQualifier() &&
                     !method->hasAttr<FinalAttr>();
    // Which object it dispatches on: what the test, its fixture or a
    // factory built decides the override (on `this`: the caller's object).
    if (site.isVirtual && !ValueEvaluator::isThis(call.operands.front()))
      site.receiverObject = Body.evaluator.evaluate(call.operands.front()).value;
  }
}

namespace {
/// The constructor of `record` a factory's instantiation runs (make_unique's
/// `new T(args...)`, make_shared's placement new a few calls down the
/// standard library): overload resolution happened there, template
/// constructors included. Follows the calls it makes, `depth` deep.
const CXXConstructorDecl *constructorRunBy(const FunctionDecl *factory, const CXXRecordDecl *record, int depth,
                                           std::set<const FunctionDecl *> &seen) {
  const FunctionDecl *definition = factory->getDefinition();
  if (!definition || !definition->getBody() || !seen.insert(definition).second)
    return nullptr;
  struct Finder : RecursiveASTVisitor<Finder> {
    const CXXRecordDecl *record;
    const CXXConstructorDecl *found = nullptr;
    std::vector<const FunctionDecl *> callees;
    bool VisitCXXConstructExpr(CXXConstructExpr *construct) {
      const CXXConstructorDecl *constructor = construct->getConstructor();
      if (constructor->getParent()->getCanonicalDecl() != record->getCanonicalDecl()) {
        callees.push_back(constructor); // shared_ptr's control block constructs the object
        return true;
      }
      if (constructor->isCopyOrMoveConstructor())
        return true;
      found = constructor;
      return false;
    }
    bool VisitCallExpr(CallExpr *call) {
      if (const FunctionDecl *callee = call->getDirectCallee())
        callees.push_back(callee);
      return true;
    }
  } finder;
  finder.record = record;
  if (const auto *constructor = dyn_cast<CXXConstructorDecl>(definition))
    for (const CXXCtorInitializer *init : constructor->inits())
      finder.TraverseStmt(init->getInit());
  if (!finder.found)
    finder.TraverseStmt(definition->getBody());
  if (finder.found || depth == 0)
    return finder.found;
  for (const FunctionDecl *callee : finder.callees)
    if (const CXXConstructorDecl *found = constructorRunBy(callee, record, depth - 1, seen))
      return found;
  return nullptr;
}
} // namespace

void CallSiteExtractor::onObjectFactory(const Invocation &call) {
  const TemplateArgumentList *designated = call.callee->getTemplateSpecializationArgs();
  if (!designated || designated->size() == 0 || designated->get(0).getKind() != TemplateArgument::Type)
    return;
  const CXXRecordDecl *record = designated->get(0).getAsType()->getAsCXXRecordDecl();
  if (!record || !record->hasDefinition() || isInSystemHeader(record))
    return;
  std::set<const FunctionDecl *> seen;
  // Deep enough for libstdc++'s make_shared -> allocate_shared -> shared_ptr
  // -> __shared_count -> the control block -> allocator_traits::construct.
  if (const CXXConstructorDecl *constructor = constructorRunBy(call.callee, record, 12, seen))
    recordCall(constructor, call.where, call.operands);
}

void CallSiteExtractor::onLocalVariable(const VarDecl *var) {
  if (!var->isLocalVarDecl() || var->isStaticLocal())
    return;
  const CXXRecordDecl *record = var->getType()->getAsCXXRecordDecl();
  if (!record || !record->hasDefinition())
    return;
  if (const CXXDestructorDecl *destructor = record->getDestructor();
      destructor && destructor->isUserProvided() && !isInSystemHeader(destructor)) {
    CallSite &site = recordCall(destructor, var->getLocation(), {});
    if (const Expr *init = var->getInit())
      site.receiver = Body.evaluator.receiverFields(init);
  }
}

bool CallSiteExtractor::isFollowedUserFunction(const FunctionDecl *function) const {
  const FunctionDecl *definition = function->getDefinition();
  return !isInSystemHeader(function) && (!definition || !isInSystemHeader(definition)) &&
         !Body.scope.catalog.find(catalogName(function));
}

void CallSiteExtractor::onFunctionReference(const DeclRefExpr *reference) {
  auto handOn = [&](const FunctionDecl *function) {
    if (isFollowedUserFunction(function) && HandedOn.insert(function->getCanonicalDecl()).second)
      recordCall(function, reference->getLocation(), {});
  };
  if (const auto *function = dyn_cast<FunctionDecl>(reference->getDecl())) {
    handOn(function);
    return;
  }
  // A table of functions (struct acutest_test_ test_list_[] = {{"bind", test_bind}, ...}):
  // reading it hands on every function its initialiser names.
  const auto *table = dyn_cast<VarDecl>(reference->getDecl());
  const VarDecl *initialised = nullptr;
  const Expr *init = table && table->hasGlobalStorage() && !isInSystemHeader(table) ? table->getAnyInitializer(initialised)
                                                                                      : nullptr;
  if (!init || !(table->getType()->isArrayType() || table->getType()->isRecordType()))
    return;
  std::vector<const Stmt *> pending{init};
  while (!pending.empty()) {
    const Stmt *stmt = pending.back();
    pending.pop_back();
    if (const auto *ref = dyn_cast<DeclRefExpr>(stmt))
      if (const auto *function = dyn_cast<FunctionDecl>(ref->getDecl()))
        handOn(function);
    for (const Stmt *child : stmt->children())
      if (child)
        pending.push_back(child);
  }
}

CallSite &CallSiteExtractor::recordCall(const FunctionDecl *callee, clang::SourceLocation where,
                                        const std::vector<const Expr *> &arguments) {
  CallSite site;
  site.calleeUsr = Body.scope.templates.usrOfCallee(callee);
  site.calleeName = callee->getQualifiedNameAsString();
  site.location = Body.locate(where);
  site.inLoop = Body.loopDepth > 0;
  for (const Expr *argument : arguments)
    site.arguments.push_back(Body.evaluator.evaluate(argument).value);
  Body.out.calls.push_back(std::move(site));
  return Body.out.calls.back();
}

} // namespace parready
