#include "extract/AstNames.h"

#include "catalog/ApiCatalog.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "clang/Lex/Lexer.h"

namespace parready {

using namespace clang;

bool isInSystemHeader(const Decl *decl) {
  const SourceManager &sm = decl->getASTContext().getSourceManager();
  return sm.isInSystemHeader(sm.getExpansionLoc(decl->getLocation()));
}

std::string catalogName(const FunctionDecl *callee) {
  if (const auto *method = dyn_cast<CXXMethodDecl>(callee))
    return stripTemplateArguments(method->getParent()->getQualifiedNameAsString() + "::" +
                                  method->getNameAsString());
  return stripTemplateArguments(callee->getQualifiedNameAsString());
}

std::vector<const Expr *> callOperands(const Expr *call) {
  std::vector<const Expr *> operands;
  if (const auto *member = dyn_cast<CXXMemberCallExpr>(call))
    operands.push_back(member->getImplicitObjectArgument());
  if (const auto *plain = dyn_cast<CallExpr>(call))
    for (const Expr *arg : plain->arguments())
      operands.push_back(arg);
  else if (const auto *construct = dyn_cast<CXXConstructExpr>(call))
    for (const Expr *arg : construct->arguments())
      operands.push_back(arg);
  return operands;
}

bool hasObjectOperand(const Expr *call) {
  if (isa<CXXMemberCallExpr>(call))
    return true;
  const auto *op = dyn_cast<CXXOperatorCallExpr>(call);
  const auto *method = op ? dyn_cast_or_null<CXXMethodDecl>(op->getDirectCallee()) : nullptr;
  return method && method->isInstance() && op->getNumArgs() > 0;
}

std::string usrOf(const Decl *decl) {
  llvm::SmallString<128> usr;
  if (index::generateUSRForDecl(decl, usr))
    return "";
  return std::string(usr);
}

const FunctionDecl *calledFunction(const Expr *call) {
  if (const auto *plain = dyn_cast<CallExpr>(call))
    return plain->getDirectCallee();
  if (const auto *construct = dyn_cast<CXXConstructExpr>(call))
    return construct->getConstructor();
  return nullptr;
}

std::string fieldName(const FieldDecl *field) {
  return stripTemplateArguments(field->getParent()->getQualifiedNameAsString()) + "::" +
         field->getNameAsString();
}

std::string stateName(const ValueDecl *declaration) {
  if (const auto *field = dyn_cast<FieldDecl>(declaration))
    return fieldName(field);
  if (const auto *var = dyn_cast<VarDecl>(declaration); var && var->isStaticLocal())
    if (const auto *function = dyn_cast<FunctionDecl>(var->getDeclContext()))
      return function->getQualifiedNameAsString() + "()::" + var->getNameAsString();
  return declaration->getQualifiedNameAsString();
}

const ValueDecl *assignedState(const Expr *target) {
  const Expr *stripped = target ? target->IgnoreParenImpCasts() : nullptr;
  if (const auto *member = dyn_cast_or_null<MemberExpr>(stripped))
    return dyn_cast<FieldDecl>(member->getMemberDecl());
  if (const auto *ref = dyn_cast_or_null<DeclRefExpr>(stripped))
    if (const auto *var = dyn_cast<VarDecl>(ref->getDecl()); var && var->hasGlobalStorage())
      return var;
  return nullptr;
}

const Expr *stripValuePreserving(const Expr *expr) {
  while (expr) {
    const Expr *next = expr->IgnoreParenImpCasts();
    if (const auto *cleanups = dyn_cast<ExprWithCleanups>(next))
      next = cleanups->getSubExpr();
    else if (const auto *temporary = dyn_cast<MaterializeTemporaryExpr>(next))
      next = temporary->getSubExpr();
    else if (const auto *bind = dyn_cast<CXXBindTemporaryExpr>(next))
      next = bind->getSubExpr();
    else if (const auto *cast = dyn_cast<ExplicitCastExpr>(next))
      next = cast->getSubExpr();
    if (next == expr)
      return expr;
    expr = next;
  }
  return expr;
}

const VarDecl *referencedVariable(const Expr *expr) {
  expr = stripValuePreserving(expr);
  if (const auto *call = dyn_cast<CXXMemberCallExpr>(expr)) // buf.data(), str.c_str()
    expr = stripValuePreserving(call->getImplicitObjectArgument());
  if (const auto *unary = dyn_cast<UnaryOperator>(expr); unary && unary->getOpcode() == UO_AddrOf)
    expr = stripValuePreserving(unary->getSubExpr());
  if (const auto *subscript = dyn_cast<ArraySubscriptExpr>(expr)) // &buf[0]
    expr = stripValuePreserving(subscript->getBase());
  if (const auto *ref = dyn_cast<DeclRefExpr>(expr))
    return dyn_cast<VarDecl>(ref->getDecl());
  return nullptr;
}

std::string renderExpression(const Expr *expr, ASTContext &context) {
  const SourceManager &sm = context.getSourceManager();
  // Inside a macro argument (EXPECT_EQ(f(x), 1)) the spelling is the
  // expression itself; the expansion would be the whole macro call.
  clang::SourceLocation begin = sm.getSpellingLoc(expr->getBeginLoc());
  clang::SourceLocation end = sm.getSpellingLoc(expr->getEndLoc());
  std::string text;
  if (sm.getFileID(begin) == sm.getFileID(end) && !sm.isBeforeInTranslationUnit(end, begin))
    text = Lexer::getSourceText(CharSourceRange::getTokenRange(begin, end), sm, context.getLangOpts()).str();
  if (text.empty())
    text = Lexer::getSourceText(sm.getExpansionRange(expr->getSourceRange()), sm, context.getLangOpts()).str();
  std::string compact;
  for (char c : text) {
    if (c == '\n' || c == '\t')
      c = ' ';
    if (c == ' ' && !compact.empty() && compact.back() == ' ')
      continue;
    compact += c;
  }
  if (compact.size() > 60)
    compact = compact.substr(0, 57) + "...";
  return compact.empty() ? "<expression>" : compact;
}

} // namespace parready
