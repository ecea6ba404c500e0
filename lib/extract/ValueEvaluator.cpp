#include "extract/ValueEvaluator.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

namespace parready {

using namespace clang;

namespace {
// Deep enough for helper chains in real suites, shallow enough to stop on
// recursive helpers without a visited set.
constexpr int MaxDepth = 24;

const Expr *strip(const Expr *expr) {
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

bool isInSystemHeader(const Decl *decl) {
  const SourceManager &sm = decl->getASTContext().getSourceManager();
  return sm.isInSystemHeader(sm.getExpansionLoc(decl->getLocation()));
}

const VarDecl *referencedVariable(const Expr *expr) {
  expr = strip(expr);
  if (const auto *call = dyn_cast<CXXMemberCallExpr>(expr)) // buf.data(), str.c_str()
    expr = strip(call->getImplicitObjectArgument());
  if (const auto *unary = dyn_cast<UnaryOperator>(expr); unary && unary->getOpcode() == UO_AddrOf)
    expr = strip(unary->getSubExpr());
  if (const auto *subscript = dyn_cast<ArraySubscriptExpr>(expr)) // &buf[0]
    expr = strip(subscript->getBase());
  if (const auto *ref = dyn_cast<DeclRefExpr>(expr))
    return dyn_cast<VarDecl>(ref->getDecl());
  return nullptr;
}

std::string render(const Expr *expr, ASTContext &context) {
  const SourceManager &sm = context.getSourceManager();
  CharSourceRange range = sm.getExpansionRange(expr->getSourceRange());
  std::string text = Lexer::getSourceText(range, sm, context.getLangOpts()).str();
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
} // namespace

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

const FunctionDecl *calledFunction(const Expr *call) {
  if (const auto *plain = dyn_cast<CallExpr>(call))
    return plain->getDirectCallee();
  if (const auto *construct = dyn_cast<CXXConstructExpr>(call))
    return construct->getConstructor();
  return nullptr;
}

ValueEvaluator::ValueEvaluator(const ApiCatalog &catalog, ASTContext &context,
                               const FunctionDecl *function)
    : Catalog(catalog), Context(context), Function(function) {}

void ValueEvaluator::bindDirectoryEntry(const VarDecl *variable, AbstractValue directory) {
  DirectoryEntries[variable] = joinPath(directory, AbstractValue::constant("*"));
}

unsigned ValueEvaluator::offsetOf(clang::SourceLocation loc) const {
  const SourceManager &sm = Context.getSourceManager();
  return sm.getFileOffset(sm.getExpansionLoc(loc));
}

EvaluatedValue ValueEvaluator::evaluate(const Expr *expr) { return evaluate(expr, 0); }

EvaluatedValue ValueEvaluator::evaluate(const Expr *expr, int depth) {
  if (!expr)
    return {AbstractValue::unknown("<missing>")};
  if (depth > MaxDepth)
    return {AbstractValue::unknown(render(expr, Context))};
  expr = strip(expr);
  if (const auto *literal = dyn_cast<StringLiteral>(expr)) {
    if (literal->getCharByteWidth() == 1)
      return {AbstractValue::constant(literal->getString().str())};
    return {AbstractValue::unknown(render(expr, Context))};
  }
  if (const auto *integer = dyn_cast<IntegerLiteral>(expr))
    return {AbstractValue::constant(std::to_string(integer->getValue().getZExtValue()))};
  if (const auto *ref = dyn_cast<DeclRefExpr>(expr)) {
    if (const auto *var = dyn_cast<VarDecl>(ref->getDecl()))
      return evaluateVariable(var, offsetOf(ref->getLocation()), depth + 1);
    return {AbstractValue::unknown(render(expr, Context))};
  }
  if (const auto *member = dyn_cast<MemberExpr>(expr)) {
    if (const auto *field = dyn_cast<FieldDecl>(member->getMemberDecl());
        field && field->hasInClassInitializer() && field->getInClassInitializer()) {
      ValueEvaluator initialiser(Catalog, Context, nullptr);
      return initialiser.evaluate(field->getInClassInitializer(), depth + 1);
    }
    // ent->d_name: a field of a directory entry names that entry.
    EvaluatedValue base = evaluate(member->getBase(), depth + 1);
    if (base.eachEntry)
      return base;
    return {AbstractValue::unknown(render(expr, Context))};
  }
  if (isa<CallExpr>(expr) || isa<CXXConstructExpr>(expr))
    return evaluateCall(expr, depth + 1);
  if (const auto *defaultArg = dyn_cast<CXXDefaultArgExpr>(expr))
    return evaluate(defaultArg->getExpr(), depth + 1);
  if (const auto *defaultInit = dyn_cast<CXXDefaultInitExpr>(expr))
    return evaluate(defaultInit->getExpr(), depth + 1);
  if (const auto *list = dyn_cast<InitListExpr>(expr); list && list->getNumInits() == 1)
    return evaluate(list->getInit(0), depth + 1);
  if (const auto *conditional = dyn_cast<ConditionalOperator>(expr)) {
    EvaluatedValue a = evaluate(conditional->getTrueExpr(), depth + 1);
    EvaluatedValue b = evaluate(conditional->getFalseExpr(), depth + 1);
    if (a.value == b.value)
      return a;
    if (a.value.kind == ValueKind::Unique && b.value.kind == ValueKind::Unique)
      return a;
    return {AbstractValue::unknown(render(expr, Context))};
  }
  return {AbstractValue::unknown(render(expr, Context))};
}

EvaluatedValue ValueEvaluator::evaluateVariable(const VarDecl *var, unsigned useOffset, int depth) {
  if (auto it = DirectoryEntries.find(var); it != DirectoryEntries.end())
    return {it->second, true};
  if (Function && var->isLocalVarDecl() && !var->isStaticLocal())
    collectDefinitions();
  if (UniqueVariables.count(var))
    return {AbstractValue::unique(var->getNameAsString())};
  if (const auto *param = dyn_cast<ParmVarDecl>(var)) {
    if (Function && param->getDeclContext() == Function)
      return {AbstractValue::param(param->getFunctionScopeIndex())};
    return {AbstractValue::unknown(var->getNameAsString())};
  }
  if (Function && var->isLocalVarDecl() && !var->isStaticLocal()) {
    // The last definition before the use: enough flow sensitivity for
    // `p = base; p += "/x"; use(p);` without a CFG.
    const std::vector<Definition> &definitions = Definitions[var];
    const Definition *last = nullptr;
    for (const Definition &definition : definitions)
      if (definition.offset < useOffset && (!last || definition.offset >= last->offset))
        last = &definition;
    if (!last)
      return {AbstractValue::unknown(var->getNameAsString())};
    EvaluatedValue value = evaluate(last->expr, depth + 1);
    if (last->combine == ValueRule::None)
      return value;
    EvaluatedValue before = evaluateVariable(var, last->offset, depth + 1);
    AbstractValue combined = last->combine == ValueRule::Join ? joinPath(before.value, value.value)
                                                              : concat(before.value, value.value);
    return {combined, before.eachEntry || value.eachEntry};
  }
  // Globals, static members, constants: their initialiser, wherever declared.
  if (const Expr *init = var->getAnyInitializer()) {
    ValueEvaluator initialiser(Catalog, Context, nullptr);
    return initialiser.evaluate(init, depth + 1);
  }
  return {AbstractValue::unknown(var->getNameAsString())};
}

EvaluatedValue ValueEvaluator::evaluateCall(const Expr *call, int depth) {
  std::vector<const Expr *> operands = callOperands(call);
  if (const auto *construct = dyn_cast<CXXConstructExpr>(call)) {
    if (construct->getNumArgs() == 0)
      return {AbstractValue::constant("")};
    if (construct->getConstructor()->isCopyOrMoveConstructor())
      return evaluate(operands.front(), depth + 1);
  }
  const FunctionDecl *callee = calledFunction(call);
  if (!callee)
    return {AbstractValue::unknown(render(call, Context))};
  const ApiEntry *entry = Catalog.find(catalogName(callee));
  if (entry && entry->value != ValueRule::None)
    return applyRule(*entry, operands, depth);
  if (const FunctionDecl *definition = callee->getDefinition();
      definition && !entry && !isInSystemHeader(definition))
    return evaluateReturnOf(definition, operands, depth);
  // An unknown function of a uniquifier (to_string(getpid())) stays unique.
  for (const Expr *operand : operands)
    if (evaluate(operand, depth + 1).value.kind == ValueKind::Unique)
      return {AbstractValue::unique(render(call, Context))};
  return {AbstractValue::unknown(render(call, Context))};
}

EvaluatedValue ValueEvaluator::applyRule(const ApiEntry &entry,
                                         const std::vector<const Expr *> &operands, int depth) {
  auto operand = [&](size_t index) -> EvaluatedValue {
    if (index >= operands.size())
      return {AbstractValue::constant("")};
    return evaluate(operands[index], depth + 1);
  };
  switch (entry.value) {
  case ValueRule::Operand0:
    return operand(0);
  case ValueRule::Concat:
  case ValueRule::Join: {
    EvaluatedValue lhs = operand(0), rhs = operand(1);
    AbstractValue combined = entry.value == ValueRule::Join ? joinPath(lhs.value, rhs.value)
                                                            : concat(lhs.value, rhs.value);
    return {combined, lhs.eachEntry || rhs.eachEntry};
  }
  case ValueRule::Constant:
    return {AbstractValue::constant(entry.constant)};
  case ValueRule::Unique:
    return {AbstractValue::unique(entry.name + "()")};
  case ValueRule::EnvLookup: {
    EvaluatedValue name = operand(0);
    if (name.value.kind == ValueKind::Const) {
      auto it = Catalog.environmentRoots().find(name.value.text);
      if (it != Catalog.environmentRoots().end())
        return {AbstractValue::constant(it->second)};
      return {AbstractValue::unknown("$" + name.value.text)};
    }
    return {AbstractValue::unknown("getenv(...)")};
  }
  case ValueRule::DirectoryEntryName:
    return {AbstractValue::constant("*"), true};
  case ValueRule::None:
    break;
  }
  return {AbstractValue::unknown(entry.name + "(...)")};
}

EvaluatedValue ValueEvaluator::evaluateReturnOf(const FunctionDecl *callee,
                                                const std::vector<const Expr *> &operands,
                                                int depth) {
  struct ReturnCollector : RecursiveASTVisitor<ReturnCollector> {
    std::vector<const ReturnStmt *> returns;
    bool VisitReturnStmt(ReturnStmt *stmt) {
      returns.push_back(stmt);
      return true;
    }
    bool TraverseLambdaExpr(LambdaExpr *) { return true; } // its returns are not ours
  } collector;
  collector.TraverseStmt(const_cast<Stmt *>(callee->getBody()));
  if (collector.returns.empty())
    return {AbstractValue::unknown(callee->getNameAsString() + "()")};

  // Parameters are numbered without the implicit object.
  size_t skip = isa<CXXMethodDecl>(callee) && !isa<CXXConstructorDecl>(callee) &&
                        cast<CXXMethodDecl>(callee)->isInstance()
                    ? 1
                    : 0;
  std::vector<AbstractValue> arguments;
  for (size_t i = skip; i < operands.size(); ++i)
    arguments.push_back(evaluate(operands[i], depth + 1).value);

  ValueEvaluator inCallee(Catalog, Context, callee);
  std::optional<EvaluatedValue> result;
  for (const ReturnStmt *ret : collector.returns) {
    EvaluatedValue value = inCallee.evaluate(ret->getRetValue(), depth + 1);
    value.value = substituteParams(value.value, arguments);
    if (!result)
      result = value;
    else if (!(result->value == value.value) &&
             !(result->value.kind == ValueKind::Unique && value.value.kind == ValueKind::Unique))
      return {AbstractValue::unknown(callee->getNameAsString() + "()")};
  }
  return *result;
}

void ValueEvaluator::collectDefinitions() {
  if (DefinitionsCollected || !Function || !Function->getBody())
    return;
  DefinitionsCollected = true;
  struct Collector : RecursiveASTVisitor<Collector> {
    ValueEvaluator &self;
    explicit Collector(ValueEvaluator &self) : self(self) {}
    void define(const Expr *target, const Expr *value, ValueRule combine, clang::SourceLocation end) {
      if (const VarDecl *var = referencedVariable(target); var && var->isLocalVarDecl())
        self.Definitions[var].push_back({self.offsetOf(end), value, combine});
    }
    bool VisitVarDecl(VarDecl *var) {
      if (var->isLocalVarDecl() && var->hasInit())
        self.Definitions[var].push_back({self.offsetOf(var->getEndLoc()), var->getInit(), ValueRule::None});
      return true;
    }
    bool VisitBinaryOperator(BinaryOperator *op) {
      if (op->getOpcode() == BO_Assign)
        define(op->getLHS(), op->getRHS(), ValueRule::None, op->getEndLoc());
      return true;
    }
    bool VisitCallExpr(CallExpr *call) {
      const FunctionDecl *callee = call->getDirectCallee();
      if (!callee)
        return true;
      std::vector<const Expr *> operands = callOperands(call);
      if (const auto *method = dyn_cast<CXXMethodDecl>(callee);
          method && method->getOverloadedOperator() == OO_Equal &&
          operands.size() == 2) {
        define(operands[0], operands[1], ValueRule::None, call->getEndLoc());
        return true;
      }
      const ApiEntry *entry = self.Catalog.find(catalogName(callee));
      if (!entry)
        return true;
      if (entry->assigns && operands.size() >= 2)
        define(operands[0], operands[1], entry->value, call->getEndLoc());
      if (entry->makesArgumentUnique && *entry->makesArgumentUnique < operands.size())
        if (const VarDecl *var = referencedVariable(operands[*entry->makesArgumentUnique]))
          self.UniqueVariables.insert(var);
      return true;
    }
  } collector(*this);
  collector.TraverseStmt(const_cast<Stmt *>(Function->getBody()));
}

} // namespace parready
