#include "extract/FunctionBodyTraversal.h"

#include "extract/ApiAccessExtractor.h"
#include "extract/AstNames.h"
#include "extract/CallSiteExtractor.h"
#include "extract/ConcurrencyExtractor.h"
#include "extract/DirectoryLoopExtractor.h"
#include "extract/ShellCommandExtractor.h"
#include "extract/StateExtractor.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

#include <set>

namespace parready {

using namespace clang;

namespace {

class FunctionBodyTraversal : public RecursiveASTVisitor<FunctionBodyTraversal> {
public:
  FunctionBodyTraversal(TranslationUnitScope &scope, const FunctionDecl *function, Function &out,
                        SourceLocator &locator)
      : Evaluator(scope, function), Body{scope, Evaluator, out, locator, function}, Calls(Body), Api(Body), Shell(Body),
        State(Body), Loops(Body), Concurrency(Body) {}

  /// The body takes an advisory lock (flock, lockf) on a file it opened.
  bool locksFile() const { return LocksFile; }

  bool VisitCallExpr(CallExpr *call) {
    // Visited before its callee: naming the function there is the call itself.
    if (const auto *callee = dyn_cast<DeclRefExpr>(call->getCallee()->IgnoreParenImpCasts()))
      CalleeNames.insert(callee);
    onInvocation(call);
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *construct) {
    onInvocation(construct);
    return true;
  }
  bool VisitVarDecl(VarDecl *var) {
    Calls.onLocalVariable(var);
    return true;
  }
  bool TraverseCXXForRangeStmt(CXXForRangeStmt *loop) {
    // Before the body is visited: accesses in it read the loop variable.
    Loops.onRangeLoop(loop);
    return inLoop([&] { return RecursiveASTVisitor::TraverseCXXForRangeStmt(loop); });
  }
  // A sleep inside a loop polls; code inside a lambda runs where it is called.
  bool TraverseForStmt(ForStmt *loop) { return inLoop([&] { return RecursiveASTVisitor::TraverseForStmt(loop); }); }
  bool TraverseWhileStmt(WhileStmt *loop) {
    return inLoop([&] { return RecursiveASTVisitor::TraverseWhileStmt(loop); });
  }
  bool TraverseDoStmt(DoStmt *loop) { return inLoop([&] { return RecursiveASTVisitor::TraverseDoStmt(loop); }); }
  bool TraverseLambdaExpr(LambdaExpr *lambda) {
    Concurrency.enterLambda();
    bool more = RecursiveASTVisitor::TraverseLambdaExpr(lambda);
    Concurrency.leaveLambda();
    return more;
  }
  bool VisitBinaryOperator(BinaryOperator *op) {
    if (op->isAssignmentOp()) {
      State.onWrite(op->getLHS(), op->getOperatorLoc(), op->getOpcode() == BO_Assign);
      State.onAssignment(op->getLHS(), op->getRHS(), op->getOpcode() == BO_AddAssign, op->getOperatorLoc());
    }
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *op) {
    if (op->isIncrementDecrementOp())
      State.onWrite(op->getSubExpr(), op->getOperatorLoc(), false);
    return true;
  }
  bool VisitMemberExpr(MemberExpr *member) {
    State.onRead(member);
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *ref) {
    State.onRead(ref);
    if (!CalleeNames.count(ref))
      Calls.onFunctionReference(ref);
    return true;
  }

private:
  template <typename Traverse> bool inLoop(Traverse traverse) {
    ++Body.loopDepth;
    bool more = traverse();
    --Body.loopDepth;
    return more;
  }

  void onInvocation(const Expr *expr) {
    Invocation call{expr, calledFunction(expr), {}, expr->getExprLoc()};
    if (!call.callee)
      return;
    call.operands = callOperands(expr);
    if (const auto *construct = dyn_cast<CXXConstructExpr>(expr))
      call.where = construct->getBeginLoc();
    if (const auto *op = dyn_cast<CXXOperatorCallExpr>(expr);
        op && op->getNumArgs() == 2 && (op->getOperator() == OO_Equal || op->getOperator() == OO_PlusEqual))
      State.onAssignment(op->getArg(0), op->getArg(1), op->getOperator() == OO_PlusEqual, call.where);

    const FunctionDecl *definition = call.callee->getDefinition();
    bool userCode = !isInSystemHeader(call.callee) && (!definition || !isInSystemHeader(definition));
    const ApiEntry *entry = Body.scope.catalog.find(catalogName(call.callee));
    // The user's own implementation wins over a catalog entry of the same name.
    if (entry && !(userCode && definition)) {
      LocksFile |= entry->locksFile;
      State.onApiCall(call, *entry);
      Api.onApiCall(call, *entry);
      Shell.onApiCall(call, *entry);
      Concurrency.onApiCall(call, *entry);
      if (entry->constructsObject)
        Calls.onObjectFactory(call);
    } else if (userCode) {
      Calls.onUserCall(call);
      Concurrency.onUserCall(call);
    }
    State.onCall(call);
  }

  ValueEvaluator Evaluator;
  BodyContext Body;
  CallSiteExtractor Calls;
  ApiAccessExtractor Api;
  ShellCommandExtractor Shell;
  StateExtractor State;
  DirectoryLoopExtractor Loops;
  ConcurrencyExtractor Concurrency;
  std::set<const DeclRefExpr *> CalleeNames;
  bool LocksFile = false;
};

} // namespace

void extractFunctionBody(TranslationUnitScope &scope, const FunctionDecl *function, Function &out,
                         SourceLocator &locator) {
  FunctionBodyTraversal traversal(scope, function, out, locator);
  if (const auto *constructor = dyn_cast<CXXConstructorDecl>(function))
    for (const CXXCtorInitializer *init : constructor->inits())
      if (init->isWritten())
        traversal.TraverseStmt(init->getInit());
  traversal.TraverseStmt(function->getBody());
  // A file used under a lock is shared on purpose (nng's .nuts_ports counter
  // that every test program bumps in turn): concurrent tests wait, not clash.
  if (traversal.locksFile())
    std::erase_if(out.accesses, [](const Access &access) { return access.resource == ResourceKind::Path; });
}

} // namespace parready
