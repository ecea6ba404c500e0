#include "extract/ValueEvaluator.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

#include <limits>

namespace parready {

using namespace clang;

ValueEvaluator::ValueEvaluator(TranslationUnitScope &scope, const FunctionDecl *function)
    : Scope(scope), Catalog(scope.catalog), Fields(scope.definitions), Function(function) {}

void ValueEvaluator::bindDirectoryEntry(const VarDecl *variable, AbstractValue directory) {
  DirectoryEntries[variable] = joinPath(directory, AbstractValue::constant("*"));
}

unsigned ValueEvaluator::offsetOf(clang::SourceLocation loc) const {
  const SourceManager &sm = Scope.ast.getSourceManager();
  return sm.getFileOffset(sm.getExpansionLoc(loc));
}

EvaluatedValue ValueEvaluator::evaluate(const Expr *expr) { return evaluate(expr, 0); }

EvaluatedValue ValueEvaluator::evaluate(const Expr *expr, int depth) {
  if (!expr)
    return {AbstractValue::unknown("<missing>")};
  if (depth > MaxDepth)
    return {AbstractValue::unknown(render(expr))};
  // NULL as a pointer names nothing: stripped of its casts it would read as
  // the number 0, a path "0" that `l->path = NULL` seems to give a field.
  if (QualType type = expr->getType(); !type.isNull() && !type->isIntegerType() &&
                                       expr->isNullPointerConstant(Scope.ast, Expr::NPC_ValueDependentIsNotNull))
    return {AbstractValue::unknown("NULL")};
  expr = stripValuePreserving(expr);
  if (std::optional<EvaluatedValue> object = evaluateObject(expr, depth))
    return *object;
  if (const auto *literal = dyn_cast<StringLiteral>(expr)) {
    if (literal->getCharByteWidth() == 1)
      return {AbstractValue::constant(literal->getString().str())};
    return {AbstractValue::unknown(render(expr))};
  }
  if (const auto *integer = dyn_cast<IntegerLiteral>(expr))
    return {AbstractValue::constant(std::to_string(integer->getValue().getZExtValue()))};
  // O_WRONLY | O_CREAT, 8000 + 80: a number the compiler can fold. Characters
  // are left alone: `dir + '/'` appends a character, not its code.
  if (QualType type = expr->getType(); !type.isNull() && type->isIntegerType() && !type->isAnyCharacterType() &&
                                       !type->isBooleanType() && !expr->isValueDependent()) {
    Expr::EvalResult folded;
    if (expr->EvaluateAsInt(folded, Scope.ast)) {
      const llvm::APSInt &number = folded.Val.getInt();
      return {AbstractValue::constant(number.isSigned() ? std::to_string(number.getSExtValue())
                                                        : std::to_string(number.getZExtValue()))};
    }
  }
  if (const auto *ref = dyn_cast<DeclRefExpr>(expr)) {
    if (const auto *var = dyn_cast<VarDecl>(ref->getDecl())) {
      if (isStringArray(var->getType()))
        return evaluateStringArray(var, offsetOf(ref->getLocation()), depth + 1);
      return evaluateVariable(var, offsetOf(ref->getLocation()), depth + 1);
    }
    return {AbstractValue::unknown(render(expr))};
  }
  if (const auto *member = dyn_cast<MemberExpr>(expr)) {
    // ent->d_name: a field of a directory entry names that entry.
    if (!isThis(member->getBase())) {
      EvaluatedValue base = evaluate(member->getBase(), depth + 1);
      if (base.eachEntry)
        return base;
    }
    // addr.sin_port, a->sin, rp->ai_addr: the port the address holds.
    if (const Expr *holder = addressHolder(member, Catalog))
      return evaluate(holder, depth + 1);
    if (const auto *field = dyn_cast<FieldDecl>(member->getMemberDecl()))
      return evaluateField(member, field, depth + 1);
    return {AbstractValue::unknown(render(expr))};
  }
  // &path, *out: a pointer's value is what it points to (the value of a
  // `char *buf` or `std::string *out` parameter is the text it holds).
  if (const auto *unary = dyn_cast<UnaryOperator>(expr);
      unary && (unary->getOpcode() == UO_AddrOf || unary->getOpcode() == UO_Deref))
    return evaluate(unary->getSubExpr(), depth + 1);
  if (isa<CallExpr>(expr) || isa<CXXConstructExpr>(expr))
    return evaluateCall(expr, depth + 1);
  if (const auto *defaultArg = dyn_cast<CXXDefaultArgExpr>(expr))
    return evaluate(defaultArg->getExpr(), depth + 1);
  if (const auto *defaultInit = dyn_cast<CXXDefaultInitExpr>(expr))
    return evaluate(defaultInit->getExpr(), depth + 1);
  if (const auto *list = dyn_cast<InitListExpr>(expr); list && list->getNumInits() == 1)
    return evaluate(list->getInit(0), depth + 1);
  if (const auto *conditional = dyn_cast<ConditionalOperator>(expr)) {
    bool condition = false;
    if (!conditional->getCond()->isValueDependent() &&
        conditional->getCond()->EvaluateAsBooleanCondition(condition, Scope.ast))
      return evaluate(condition ? conditional->getTrueExpr() : conditional->getFalseExpr(), depth + 1);
    EvaluatedValue a = evaluate(conditional->getTrueExpr(), depth + 1);
    EvaluatedValue b = evaluate(conditional->getFalseExpr(), depth + 1);
    if (agree(a.value, b.value))
      return a;
    // `home ? home : ""`: a null guard; the path is the guarded value.
    auto isEmpty = [](const EvaluatedValue &v) { return v.value.kind == ValueKind::Const && v.value.text.empty(); };
    if (isEmpty(b))
      return a;
    if (isEmpty(a))
      return b;
    return {AbstractValue::unknown(render(expr))};
  }
  return {AbstractValue::unknown(render(expr))};
}

std::optional<ValueEvaluator::FieldStore>
ValueEvaluator::lastFieldStore(const VarDecl *variable, const std::function<bool(const FieldDecl *)> &isTarget,
                               unsigned useOffset) {
  struct Stores : RecursiveASTVisitor<Stores> {
    ValueEvaluator &self;
    const VarDecl *variable;
    const std::function<bool(const FieldDecl *)> &isTarget;
    std::vector<FieldStore> found;
    Stores(ValueEvaluator &self, const VarDecl *variable, const std::function<bool(const FieldDecl *)> &isTarget)
        : self(self), variable(variable), isTarget(isTarget) {}
    bool isTargetField(const Expr *expr) const {
      const auto *member = dyn_cast<MemberExpr>(expr->IgnoreParenImpCasts());
      const auto *field = member ? dyn_cast<FieldDecl>(member->getMemberDecl()) : nullptr;
      return field && isTarget(field) && referencedVariable(member->getBase()) == variable;
    }
    bool VisitBinaryOperator(BinaryOperator *op) {
      if (op->getOpcode() == BO_Assign && isTargetField(op->getLHS()))
        found.push_back({self.offsetOf(op->getEndLoc()), op->getRHS()});
      return true;
    }
    bool VisitCallExpr(CallExpr *call) {
      const FunctionDecl *callee = call->getDirectCallee();
      const ApiEntry *entry = callee ? self.Catalog.find(catalogName(callee)) : nullptr;
      if (entry && entry->bufferArgument && *entry->bufferArgument < call->getNumArgs() &&
          isTargetField(call->getArg(*entry->bufferArgument)))
        found.push_back({self.offsetOf(call->getEndLoc()), nullptr, call, entry});
      return true;
    }
  } stores(*this, variable, isTarget);
  stores.TraverseStmt(const_cast<Stmt *>(Function->getBody()));
  std::optional<FieldStore> last;
  for (const FieldStore &store : stores.found)
    if (store.offset < useOffset && (!last || store.offset >= last->offset))
      last = store;
  return last;
}

std::optional<AbstractValue> ValueEvaluator::socketAddressValue(const Expr *address, clang::SourceLocation use,
                                                                ResourceKind resource) {
  if (!Function || !Function->getBody())
    return std::nullopt;
  const VarDecl *socketAddress = referencedVariable(address);
  if (!socketAddress)
    return carriedPort(address, resource);
  std::optional<FieldStore> last = lastFieldStore(
      socketAddress, [&](const FieldDecl *field) { return Catalog.isAddressField(fieldName(field), resource); },
      offsetOf(use));
  if (!last)
    return carriedPort(address, resource);
  if (last->value)
    return evaluate(last->value).value;
  if (last->entry->formatArgument)
    return evaluateFormat(last->copy, *last->entry, 0).value;
  if (last->entry->sourceArgument && *last->entry->sourceArgument < last->copy->getNumArgs())
    return evaluate(last->copy->getArg(*last->entry->sourceArgument)).value;
  return AbstractValue::unknown(render(last->copy));
}

AbstractValue ValueEvaluator::optionArrayValue(const Expr *operand, const ArgumentAccess &spec,
                                               clang::SourceLocation use) {
  const Expr *array = operand;
  if (isEndOfArray(stripValuePreserving(operand))) // mg_start(NULL, NULL, NULL): no options
    return AbstractValue::constant("");
  // mg_start2(&init, ...): the array is what init.configuration_options was
  // last set to in this function.
  if (!spec.optionArrayField.empty()) {
    const VarDecl *holder = referencedVariable(operand);
    std::optional<FieldStore> store;
    if (holder && Function && Function->getBody())
      store = lastFieldStore(
          holder, [&](const FieldDecl *field) { return fieldName(field) == spec.optionArrayField; }, offsetOf(use));
    if (!store || !store->value)
      return AbstractValue::unknown(render(operand));
    array = store->value;
  }
  return optionValue(evaluate(array).value, *spec.optionArray);
}

std::optional<AbstractValue> ValueEvaluator::carriedPort(const Expr *address, ResourceKind resource) {
  // Only ports travel with an address value: a path address (sockaddr_un)
  // is valued where its sun_path is written, above.
  const Expr *stripped = stripValuePreserving(address);
  if (resource != ResourceKind::Port ||
      (holdsAddressField(stripped->getType(), Catalog, ResourceKind::Path) &&
       !holdsAddressField(stripped->getType(), Catalog, ResourceKind::Port)))
    return std::nullopt;
  AbstractValue port = evaluate(stripped).value;
  // Nothing known was stored (an address the kernel filled, or zeroed: port 0).
  if (port.kind == ValueKind::Unknown || port == AbstractValue::constant(""))
    return std::nullopt;
  return port;
}

EvaluatedValue ValueEvaluator::evaluateVariable(const VarDecl *var, unsigned useOffset, int depth) {
  if (auto it = DirectoryEntries.find(var); it != DirectoryEntries.end())
    return {it->second, true};
  bool local = Function && var->isLocalVarDecl() && !var->isStaticLocal();
  if (local || (Function && var->getDeclContext() == Function && isa<ParmVarDecl>(var)))
    collectDefinitions();
  if (UniqueVariables.count(var))
    return {AbstractValue::unique(var->getNameAsString())};
  if (const auto *param = dyn_cast<ParmVarDecl>(var)) {
    if (!Function || param->getDeclContext() != Function)
      return {AbstractValue::unknown(var->getNameAsString())};
    // `dir += "/sub"`, `strcpy(buf, "/tmp/x")`: what the function wrote into it.
    if (std::optional<EvaluatedValue> written = definedValue(var, useOffset, depth))
      return *written;
    return {AbstractValue::param(param->getFunctionScopeIndex())};
  }
  if (local) {
    if (std::optional<EvaluatedValue> defined = definedValue(var, useOffset, depth))
      return *defined;
    return {AbstractValue::unknown(var->getNameAsString())};
  }
  // Globals and static members: assigned in functions, the test decides
  // (link); otherwise their initialiser.
  if (const std::vector<DefinitionIndex::Definition> *definitions = Fields.find(var);
      definitions && !var->getType().isConstQualified()) {
    if (Fields.isTracked(var))
      return {globalPlaceholder(stateName(var))};
    bool fromConstruction = false;
    std::optional<AbstractValue> joined = joinDefinitions(var, *definitions, fromConstruction, depth + 1);
    if (joined && joined->kind != ValueKind::Unknown)
      return {*joined};
    return {AbstractValue::unknown(var->getNameAsString())};
  }
  // Constants: their initialiser, wherever declared.
  if (const Expr *init = var->getAnyInitializer()) {
    ValueEvaluator initialiser(Scope, nullptr);
    return initialiser.evaluate(init, depth + 1);
  }
  return {AbstractValue::unknown(var->getNameAsString())};
}

std::optional<EvaluatedValue> ValueEvaluator::definedValue(const VarDecl *var, unsigned useOffset, int depth) {
  // The last definition before the use: enough flow sensitivity for
  // `p = base; p += "/x"; use(p);` without a CFG.
  auto found = Definitions.find(var);
  if (found == Definitions.end())
    return std::nullopt;
  const Definition *last = nullptr;
  for (const Definition &definition : found->second)
    if (definition.offset < useOffset && (!last || definition.offset >= last->offset))
      last = &definition;
  if (!last)
    return std::nullopt;
  if (last->opaque)
    return EvaluatedValue{AbstractValue::unknown(var->getNameAsString())};
  if (last->format)
    return evaluateFormat(last->expr, *last->format, depth + 1);
  if (last->writer)
    return evaluateOutput(*last, depth + 1);
  EvaluatedValue value = evaluate(last->expr, depth + 1);
  if (last->combine == ValueRule::None)
    return value;
  EvaluatedValue before = evaluateVariable(var, last->offset, depth + 1);
  AbstractValue combined = last->combine == ValueRule::Join ? joinPath(before.value, value.value)
                                                            : concat(before.value, value.value);
  return EvaluatedValue{combined, before.eachEntry || value.eachEntry};
}

bool ValueEvaluator::isOutputParameter(const VarDecl *var) const {
  const auto *param = dyn_cast<ParmVarDecl>(var);
  if (!Function || !param || param->getDeclContext() != Function)
    return false;
  QualType type = param->getType();
  return (type->isPointerType() || type->isLValueReferenceType()) && !type->getPointeeType().isConstQualified();
}

std::optional<AbstractValue> ValueEvaluator::ownOutput(unsigned index) {
  if (!Function || !Function->getBody() || index >= Function->getNumParams())
    return std::nullopt;
  const ParmVarDecl *param = Function->getParamDecl(index);
  if (!isOutputParameter(param))
    return std::nullopt;
  collectDefinitions();
  if (UniqueVariables.count(param))
    return AbstractValue::unique(param->getNameAsString());
  std::optional<EvaluatedValue> atEnd = definedValue(param, std::numeric_limits<unsigned>::max(), 0);
  return atEnd ? std::optional<AbstractValue>(atEnd->value) : std::nullopt;
}

std::optional<AbstractValue> ValueEvaluator::genericOutputOf(const FunctionDecl *callee, unsigned index) {
  auto key = std::make_pair(callee, index);
  if (auto known = Scope.memo.outputs().find(key); known != Scope.memo.outputs().end()) {
    if (known->second.inProgress)
      return AbstractValue::unknown(callee->getNameAsString() + "(...)");
    return known->second.value;
  }
  Scope.memo.outputs()[key] = {};
  std::optional<AbstractValue> output = ValueEvaluator(Scope, callee).ownOutput(index);
  Scope.memo.outputs()[key] = {false, output};
  return output;
}

EvaluatedValue ValueEvaluator::evaluateOutput(const Definition &definition, int depth) {
  std::vector<const Expr *> operands = callOperands(definition.expr);
  CallValues values = callValues(definition.expr, operands, depth);
  if (const FunctionDecl *body = definition.writer->getDefinition()) {
    std::optional<AbstractValue> output = genericOutputOf(body, definition.writtenParameter);
    if (!output)
      return {AbstractValue::unknown(render(definition.expr))};
    return {atCall(*output, values.arguments, values.receiver)};
  }
  // Defined in another TU: link fills in what its definition leaves there.
  return {resultPlaceholder(Scope.callResults.indexOf({usrOf(definition.writer), render(definition.expr),
                                                       std::move(values.arguments), std::move(values.receiver),
                                                       definition.writtenParameter}))};
}

EvaluatedValue ValueEvaluator::evaluateCall(const Expr *call, int depth) {
  std::vector<const Expr *> operands = callOperands(call);
  if (const auto *construct = dyn_cast<CXXConstructExpr>(call)) {
    if (construct->getNumArgs() == 0)
      return {AbstractValue::constant("")};
    if (construct->getConstructor()->isCopyOrMoveConstructor())
      return evaluate(operands.front(), depth + 1);
    // cstring_view("test-file"): the object is the value it carries.
    if (const FieldDecl *carried = carriedField(construct->getType(), Catalog)) {
      ReceiverFields fields = constructionFields(construct->getConstructor(), operands, depth);
      for (const auto &[name, value] : fields)
        if (name == fieldName(carried))
          return {value};
      return {AbstractValue::unknown(render(call))};
    }
  }
  const FunctionDecl *callee = calledFunction(call);
  if (!callee)
    return {AbstractValue::unknown(render(call))};
  const ApiEntry *entry = Catalog.find(catalogName(callee));
  // std::string(16, '0') repeats a character: its first operand is a count.
  if (entry && entry->value == ValueRule::Operand0 && isa<CXXConstructExpr>(call) && !operands.empty() &&
      operands.front()->getType()->isIntegerType())
    return {AbstractValue::unknown(render(call))};
  if (entry && entry->value != ValueRule::None)
    return applyRule(*entry, operands, depth);
  if (const FunctionDecl *definition = callee->getDefinition();
      definition && !entry && !isInSystemHeader(definition))
    return evaluateReturnOf(call, definition, operands, depth);
  // An unknown function of a uniquifier (to_string(getpid())) stays unique.
  for (const Expr *operand : operands)
    if (evaluate(operand, depth + 1).value.kind == ValueKind::Unique)
      return {AbstractValue::unique(render(call))};
  // A helper defined in another TU (tests/util.cpp, the library under
  // test): link fills in what its definition returns.
  if (!entry && !isInSystemHeader(callee) && !callee->getReturnType()->isVoidType()) {
    CallValues values = callValues(call, operands, depth);
    return {resultPlaceholder(Scope.callResults.indexOf(
        {usrOf(callee), render(call), std::move(values.arguments), std::move(values.receiver)}))};
  }
  return {AbstractValue::unknown(render(call))};
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
  case ValueRule::Operand1:
    return operand(1);
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
  case ValueRule::ParentPath: {
    EvaluatedValue path = operand(0);
    path.value = parentPath(path.value);
    return path;
  }
  case ValueRule::DirectoryEntryName:
    return {AbstractValue::constant("*"), true};
  case ValueRule::None:
    break;
  }
  return {AbstractValue::unknown(entry.name + "(...)")};
}

std::optional<EvaluatedValue> ValueEvaluator::genericReturnOf(const FunctionDecl *callee) {
  struct ReturnCollector : RecursiveASTVisitor<ReturnCollector> {
    std::vector<const ReturnStmt *> returns;
    bool VisitReturnStmt(ReturnStmt *stmt) {
      if (stmt->getRetValue())
        returns.push_back(stmt);
      return true;
    }
    bool TraverseLambdaExpr(LambdaExpr *) { return true; } // its returns are not ours
  } collector;
  collector.TraverseStmt(const_cast<Stmt *>(callee->getBody()));
  if (collector.returns.empty())
    return std::nullopt;
  // What the callee returns depends only on its parameters and fields:
  // evaluate it once per TU, substitute per call.
  auto &memo = Scope.memo.returnValues();
  if (auto known = memo.find(callee); known != memo.end()) {
    if (!known->second) // recursion: the callee is being evaluated
      return EvaluatedValue{AbstractValue::unknown(callee->getNameAsString() + "()")};
    return EvaluatedValue{*known->second};
  }
  memo[callee] = std::nullopt;
  // From depth 0, not the first caller's: the memo serves every caller, so
  // what it holds must not depend on how deep the first one was (the memo's
  // in-progress entry already stops recursion).
  EvaluatedValue generic = returnValueOf(callee, collector.returns, 0);
  // A factory whose return names no object its callers could supply (no
  // parameter in it: a cast of static storage, `&static_local`, a runtime
  // choice) returns the one object it builds, if it builds exactly one.
  if (objectClass(generic.value).empty() && !dependsOnParameters(generic.value))
    if (std::optional<AbstractValue> built = onlyBuiltObject(callee))
      generic.value = *built;
  Scope.memo.returnValues()[callee] = generic.value;
  return generic;
}

std::optional<AbstractValue> ValueEvaluator::ownReturnValue() {
  if (!Function || !Function->hasBody() || Function->getReturnType()->isVoidType())
    return std::nullopt;
  std::optional<EvaluatedValue> generic = genericReturnOf(Function);
  return generic ? std::optional<AbstractValue>(generic->value) : std::nullopt;
}

ValueEvaluator::CallValues ValueEvaluator::callValues(const Expr *call, const std::vector<const Expr *> &operands,
                                                      int depth) {
  // Parameters are numbered without the implicit object.
  size_t skip = hasObjectOperand(call) ? 1 : 0;
  CallValues values;
  for (size_t i = skip; i < operands.size(); ++i)
    values.arguments.push_back(evaluate(operands[i], depth + 1).value);
  // store.dir() returns store's field: the receiver's construction decides it.
  if (skip && !isThis(operands.front()))
    values.receiver = receiverFields(operands.front(), depth + 1);
  return values;
}

EvaluatedValue ValueEvaluator::evaluateReturnOf(const Expr *call, const FunctionDecl *callee,
                                                const std::vector<const Expr *> &operands,
                                                int depth) {
  std::optional<EvaluatedValue> generic = genericReturnOf(callee);
  if (!generic)
    return {AbstractValue::unknown(callee->getNameAsString() + "()")};
  CallValues values = callValues(call, operands, depth);
  return {atCall(generic->value, values.arguments, values.receiver), generic->eachEntry};
}

AbstractValue ValueEvaluator::atCall(const AbstractValue &calleeValue, const std::vector<AbstractValue> &arguments,
                                     const ReceiverFields &receiver) {
  AbstractValue rebased = substituteResults(calleeValue, [&](size_t index) {
    CallResult call = Scope.callResults.at(index);
    for (AbstractValue &argument : call.arguments)
      argument = substituteParams(argument, arguments, receiver);
    for (auto &[field, value] : call.receiver)
      value = substituteParams(value, arguments, receiver);
    return resultPlaceholder(Scope.callResults.indexOf(std::move(call)));
  });
  return substituteParams(rebased, arguments, receiver);
}

EvaluatedValue ValueEvaluator::returnValueOf(const FunctionDecl *callee,
                                             const std::vector<const ReturnStmt *> &returns, int depth) {
  ValueEvaluator inCallee(Scope, callee);
  std::optional<EvaluatedValue> result;
  // random_hex(): a helper that builds its result from a uniquifier (bit by
  // bit, in ways the evaluator does not follow) returns a private value.
  auto privateIfRandom = [&](EvaluatedValue value) {
    if (value.value.kind == ValueKind::Unknown && callsUniquifier(callee->getBody()))
      value.value = AbstractValue::unique(callee->getNameAsString() + "()");
    return value;
  };
  for (const ReturnStmt *ret : returns) {
    EvaluatedValue value = inCallee.evaluate(ret->getRetValue(), depth + 1);
    if (!result)
      result = value;
    else if (!agree(result->value, value.value))
      return privateIfRandom({AbstractValue::unknown(callee->getNameAsString() + "()")});
  }
  return privateIfRandom(*result);
}

EvaluatedValue ValueEvaluator::evaluateFormat(const Expr *call, const ApiEntry &entry, int depth) {
  std::vector<const Expr *> operands = callOperands(call);
  if (!entry.formatArgument || *entry.formatArgument >= operands.size())
    return {AbstractValue::unknown(render(call))};
  AbstractValue format = evaluate(operands[*entry.formatArgument], depth + 1).value;
  if (format.kind != ValueKind::Const)
    return {AbstractValue::unknown(render(call))};
  // Each conversion takes the next argument's value; "%%" is a percent sign.
  AbstractValue result = AbstractValue::constant("");
  size_t next = *entry.formatArgument + 1;
  const std::string &text = format.text;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      result = concat(result, AbstractValue::constant(std::string(1, text[i])));
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '%') {
      result = concat(result, AbstractValue::constant("%"));
      ++i;
      continue;
    }
    size_t conversion = text.find_first_of("diouxXeEfFgGaAcspn", i + 1);
    if (conversion == std::string::npos)
      break;
    result = concat(result, next < operands.size() ? evaluate(operands[next], depth + 1).value
                                                   : AbstractValue::unknown("<missing argument>"));
    ++next;
    i = conversion;
  }
  return {result};
}

bool ValueEvaluator::callsUniquifier(const Stmt *code) const {
  struct Finder : RecursiveASTVisitor<Finder> {
    const ApiCatalog &catalog;
    bool found = false;
    explicit Finder(const ApiCatalog &catalog) : catalog(catalog) {}
    bool VisitCallExpr(CallExpr *call) {
      if (const FunctionDecl *callee = call->getDirectCallee())
        if (const ApiEntry *entry = catalog.find(catalogName(callee)); entry && entry->value == ValueRule::Unique)
          found = true;
      return !found;
    }
  } finder(Catalog);
  if (code)
    finder.TraverseStmt(const_cast<Stmt *>(code));
  return finder.found;
}

} // namespace parready
