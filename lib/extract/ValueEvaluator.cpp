#include "extract/ValueEvaluator.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
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
} // namespace

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

const FunctionDecl *calledFunction(const Expr *call) {
  if (const auto *plain = dyn_cast<CallExpr>(call))
    return plain->getDirectCallee();
  if (const auto *construct = dyn_cast<CXXConstructExpr>(call))
    return construct->getConstructor();
  return nullptr;
}

ValueEvaluator::ValueEvaluator(const ApiCatalog &catalog, ASTContext &context,
                               const FunctionDecl *function, const DefinitionIndex *fields)
    : Catalog(catalog), Context(context), Function(function), Fields(fields) {}

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
    // ent->d_name: a field of a directory entry names that entry.
    if (!isThis(member->getBase())) {
      EvaluatedValue base = evaluate(member->getBase(), depth + 1);
      if (base.eachEntry)
        return base;
    }
    if (const auto *field = dyn_cast<FieldDecl>(member->getMemberDecl()))
      return evaluateField(member, field, depth + 1);
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
    bool condition = false;
    if (!conditional->getCond()->isValueDependent() &&
        conditional->getCond()->EvaluateAsBooleanCondition(condition, Context))
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
    return {AbstractValue::unknown(render(expr, Context))};
  }
  return {AbstractValue::unknown(render(expr, Context))};
}

std::optional<AbstractValue> ValueEvaluator::socketAddressValue(const Expr *address, clang::SourceLocation use,
                                                                ResourceKind resource) {
  const VarDecl *socketAddress = referencedVariable(address);
  if (!socketAddress || !Function || !Function->getBody())
    return std::nullopt;
  struct AddressStores : RecursiveASTVisitor<AddressStores> {
    ValueEvaluator &self;
    const VarDecl *variable;
    ResourceKind resource;
    struct Store {
      unsigned offset;
      const Expr *value;              ///< addr.sin_port = value
      const CallExpr *copy = nullptr; ///< strncpy(addr.sun_path, ...), snprintf(addr.sun_path, ...)
      const ApiEntry *entry = nullptr;
    };
    std::vector<Store> stores;
    AddressStores(ValueEvaluator &self, const VarDecl *variable, ResourceKind resource)
        : self(self), variable(variable), resource(resource) {}
    bool isAddressField(const Expr *expr) const {
      const auto *member = dyn_cast<MemberExpr>(expr->IgnoreParenImpCasts());
      const auto *field = member ? dyn_cast<FieldDecl>(member->getMemberDecl()) : nullptr;
      return field && self.Catalog.isAddressField(fieldName(field), resource) &&
             referencedVariable(member->getBase()) == variable;
    }
    bool VisitBinaryOperator(BinaryOperator *op) {
      if (op->getOpcode() == BO_Assign && isAddressField(op->getLHS()))
        stores.push_back({self.offsetOf(op->getEndLoc()), op->getRHS()});
      return true;
    }
    bool VisitCallExpr(CallExpr *call) {
      const FunctionDecl *callee = call->getDirectCallee();
      const ApiEntry *entry = callee ? self.Catalog.find(catalogName(callee)) : nullptr;
      if (entry && entry->bufferArgument && *entry->bufferArgument < call->getNumArgs() &&
          isAddressField(call->getArg(*entry->bufferArgument)))
        stores.push_back({self.offsetOf(call->getEndLoc()), nullptr, call, entry});
      return true;
    }
  } finder(*this, socketAddress, resource);
  finder.TraverseStmt(const_cast<Stmt *>(Function->getBody()));
  const AddressStores::Store *last = nullptr;
  unsigned useOffset = offsetOf(use);
  for (const AddressStores::Store &store : finder.stores)
    if (store.offset < useOffset && (!last || store.offset >= last->offset))
      last = &store;
  if (!last)
    return std::nullopt;
  if (last->value)
    return evaluate(last->value).value;
  if (last->entry->formatArgument)
    return evaluateFormat(last->copy, *last->entry, 0).value;
  if (last->entry->sourceArgument && *last->entry->sourceArgument < last->copy->getNumArgs())
    return evaluate(last->copy->getArg(*last->entry->sourceArgument)).value;
  return AbstractValue::unknown(render(last->copy, Context));
}

bool ValueEvaluator::isThis(const Expr *receiver) {
  return receiver && isa<CXXThisExpr>(receiver->IgnoreParenImpCasts());
}

namespace {
/// A member that is itself an object of the user's code (a DocumentCache
/// inside a DocumentProcessor): its fields travel with the outer object.
const CXXRecordDecl *userObjectType(const FieldDecl *field) {
  const CXXRecordDecl *record = field->getType()->getAsCXXRecordDecl();
  return record && record->hasDefinition() && !isInSystemHeader(record) ? record->getDefinition() : nullptr;
}

const CXXConstructorDecl *defaultConstructor(const CXXRecordDecl *record) {
  for (const CXXConstructorDecl *constructor : record->ctors())
    if (constructor->isDefaultConstructor())
      return constructor;
  return nullptr;
}

bool isStringLike(QualType type) {
  type = type.getNonReferenceType();
  if (const auto *pointer = type->getAs<PointerType>())
    return pointer->getPointeeType()->isAnyCharacterType();
  const CXXRecordDecl *record = type->getAsCXXRecordDecl();
  if (!record || !record->isInStdNamespace())
    return false;
  llvm::StringRef name = record->getName();
  return name == "basic_string" || name == "basic_string_view" || name == "path";
}

/// A class that only carries one string-like value (fmt's cstring_view, a
/// project's Path, leveldb's Slice: data_ beside a size): its field, else
/// null. Such objects pass a path through parameters like a std::string.
const FieldDecl *carriedField(QualType type) {
  const CXXRecordDecl *record = type.getNonReferenceType()->getAsCXXRecordDecl();
  if (!record || !record->hasDefinition() || isInSystemHeader(record))
    return nullptr;
  record = record->getDefinition();
  if (record->isLambda() || record->isPolymorphic() || record->getNumBases() != 0)
    return nullptr;
  const FieldDecl *carried = nullptr;
  for (const FieldDecl *field : record->fields()) {
    if (isStringLike(field->getType())) {
      if (carried)
        return nullptr;
      carried = field;
    } else if (!field->getType()->isScalarType() || field->getType()->isPointerType()) {
      return nullptr;
    }
  }
  return carried;
}

/// The parameter an initialiser passes on (`cache_(std::move(cache))`).
const ParmVarDecl *passedParameter(const Expr *init) {
  init = strip(init);
  if (const auto *construct = dyn_cast<CXXConstructExpr>(init);
      construct && construct->getNumArgs() == 1 && construct->getConstructor()->isCopyOrMoveConstructor())
    init = strip(construct->getArg(0));
  if (const auto *call = dyn_cast<CallExpr>(init); call && call->getNumArgs() == 1 && call->getDirectCallee() &&
                                                   call->getDirectCallee()->getQualifiedNameAsString() == "std::move")
    init = strip(call->getArg(0));
  const auto *ref = dyn_cast<DeclRefExpr>(init);
  return ref ? dyn_cast<ParmVarDecl>(ref->getDecl()) : nullptr;
}
} // namespace

bool ValueEvaluator::isOwnMemberObject(const Expr *receiver) {
  const auto *member = receiver ? dyn_cast<MemberExpr>(strip(receiver)) : nullptr;
  const auto *field = member ? dyn_cast<FieldDecl>(member->getMemberDecl()) : nullptr;
  return field && isThis(member->getBase()) && userObjectType(field);
}

std::string fieldName(const FieldDecl *field) {
  return stripTemplateArguments(field->getParent()->getQualifiedNameAsString()) + "::" +
         field->getNameAsString();
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

std::string stateName(const ValueDecl *declaration) {
  if (const auto *field = dyn_cast<FieldDecl>(declaration))
    return fieldName(field);
  if (const auto *var = dyn_cast<VarDecl>(declaration); var && var->isStaticLocal())
    if (const auto *function = dyn_cast<FunctionDecl>(var->getDeclContext()))
      return function->getQualifiedNameAsString() + "()::" + var->getNameAsString();
  return declaration->getQualifiedNameAsString();
}

std::optional<AbstractValue>
ValueEvaluator::joinDefinitions(const ValueDecl *declaration,
                                const std::vector<DefinitionIndex::Definition> &definitions, bool &fromConstruction,
                                int depth) {
  DefinitionIndex::Joined &memo = Fields->joinedValue(declaration);
  if (memo.inProgress)
    return AbstractValue::unknown("");
  if (memo.value || memo.fromConstruction) {
    fromConstruction = memo.fromConstruction;
    return memo.value;
  }
  memo.inProgress = true;
  std::optional<AbstractValue> result = joinUncached(definitions, fromConstruction, depth);
  // `memo` may have moved while evaluating: look it up again.
  DefinitionIndex::Joined &done = Fields->joinedValue(declaration);
  done.inProgress = false;
  done.value = result ? result : std::optional<AbstractValue>(AbstractValue::unknown(""));
  done.fromConstruction = fromConstruction;
  return done.value;
}

std::optional<AbstractValue>
ValueEvaluator::joinUncached(const std::vector<DefinitionIndex::Definition> &definitions, bool &fromConstruction,
                             int depth) {
  std::optional<AbstractValue> joined;
  bool disagree = false;
  auto join = [&](const AbstractValue &value) {
    if (!joined)
      joined = value;
    else if (!agree(*joined, value))
      disagree = true;
  };
  for (const DefinitionIndex::Definition &definition : definitions) {
    AbstractValue value =
        ValueEvaluator(Catalog, Context, definition.context, Fields).evaluate(definition.value, depth).value;
    // A constructor's parameter: decided by how each object is built.
    if (value.kind == ValueKind::Param && definition.context && isa<CXXConstructorDecl>(definition.context))
      fromConstruction = true;
    else
      join(value);
  }
  if (disagree)
    return AbstractValue::unknown("");
  return joined;
}

EvaluatedValue ValueEvaluator::evaluateField(const MemberExpr *member, const FieldDecl *field, int depth) {
  if (Fields && Fields->isTracked(field))
    return {globalPlaceholder(stateName(field))};
  const std::vector<DefinitionIndex::Definition> *definitions = Fields ? Fields->find(field) : nullptr;
  if (!definitions && field->hasInClassInitializer() && field->getInClassInitializer())
    return ValueEvaluator(Catalog, Context, nullptr, Fields).evaluate(field->getInClassInitializer(), depth);
  // No constructor in this TU sets it (they are in another TU, or templates
  // instantiated elsewhere): the object's construction decides, as below.
  bool fromConstruction = !definitions;
  std::optional<AbstractValue> joined =
      definitions ? joinDefinitions(field, *definitions, fromConstruction, depth) : std::nullopt;
  if (fromConstruction) {
    // Decided by how the object was built: known at the call site (receiver
    // fields) or, for this->field, by the caller of this method.
    if (isThis(member->getBase()))
      return {fieldPlaceholder(fieldName(field))};
    std::string name = fieldName(field);
    for (const auto &[known, value] : receiverFields(member->getBase()))
      if (known == name)
        return {value};
    return {AbstractValue::unknown(render(member, Context))};
  }
  if (joined && joined->kind != ValueKind::Unknown)
    return {*joined};
  return {AbstractValue::unknown(render(member, Context))};
}


ReceiverFields ValueEvaluator::constructionFields(const CXXConstructorDecl *constructor,
                                                  const std::vector<const Expr *> &argumentExprs, int depth) {
  ReceiverFields fields;
  if (!constructor || depth > MaxDepth || isInSystemHeader(constructor))
    return fields;
  std::vector<AbstractValue> arguments;
  for (const Expr *argument : argumentExprs)
    arguments.push_back(evaluate(argument, depth + 1).value);
  auto add = [&](const ReceiverFields &more) {
    for (const auto &[name, value] : more)
      fields.emplace_back(name, value);
  };
  // The constructor's member initialisers (in order: a later one may read an
  // earlier field), else the in-class initialisers, else for object members
  // their default construction.
  std::set<const FieldDecl *> written;
  const FunctionDecl *definitionFunction = nullptr;
  if (constructor->hasBody(definitionFunction)) {
    const auto *definition = cast<CXXConstructorDecl>(definitionFunction);
    ValueEvaluator inConstructor(Catalog, Context, definition, Fields);
    for (const CXXCtorInitializer *init : definition->inits()) {
      if (init->isDelegatingInitializer()) {
        // StateManager() : StateManager(Settings::instance().sessions_dir) {}
        const auto *target = dyn_cast<CXXConstructExpr>(strip(init->getInit()));
        if (!target)
          return {};
        for (auto [name, value] : inConstructor.constructionFields(
                 target->getConstructor(), std::vector<const Expr *>(target->arg_begin(), target->arg_end()),
                 depth + 1))
          fields.emplace_back(name, substituteParams(value, arguments));
        return fields;
      }
      const FieldDecl *field = init->getMember();
      if (!field || !init->isWritten())
        continue;
      written.insert(field);
      if (userObjectType(field)) {
        const ParmVarDecl *parameter = passedParameter(init->getInit());
        if (parameter && parameter->getFunctionScopeIndex() < argumentExprs.size())
          add(receiverFields(argumentExprs[parameter->getFunctionScopeIndex()], depth + 1));
        else
          for (auto [name, value] : inConstructor.receiverFields(init->getInit(), depth + 1))
            fields.emplace_back(name, substituteParams(value, arguments, fields));
        continue;
      }
      fields.emplace_back(fieldName(field),
                          substituteParams(inConstructor.evaluate(init->getInit(), depth + 1).value, arguments, fields));
    }
  }
  ValueEvaluator initialiser(Catalog, Context, nullptr, Fields);
  for (const FieldDecl *field : constructor->getParent()->fields()) {
    if (written.count(field))
      continue;
    if (const CXXRecordDecl *object = userObjectType(field); object && !field->hasInClassInitializer())
      add(constructionFields(defaultConstructor(object), {}, depth + 1));
    else if (field->hasInClassInitializer() && field->getInClassInitializer())
      fields.emplace_back(fieldName(field), initialiser.evaluate(field->getInClassInitializer(), depth + 1).value);
  }
  return fields;
}

namespace {
/// The constructor std::make_unique<T>(args...) calls: found in its instantiation.
const CXXConstructorDecl *constructorInside(const FunctionDecl *factory) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const CXXConstructorDecl *found = nullptr;
    bool VisitCXXConstructExpr(CXXConstructExpr *construct) {
      found = construct->getConstructor();
      return false;
    }
  } finder;
  if (const Stmt *body = factory->getBody())
    finder.TraverseStmt(const_cast<Stmt *>(body));
  return finder.found;
}
} // namespace

namespace {
/// `DocumentCache &cache() { return cache_; }`
bool returnsOwnMember(const FunctionDecl *method) {
  const FunctionDecl *definition = method->getDefinition();
  const auto *body = definition ? dyn_cast_or_null<CompoundStmt>(definition->getBody()) : nullptr;
  if (!body || body->size() != 1)
    return false;
  const auto *ret = dyn_cast<ReturnStmt>(body->body_front());
  const auto *member = ret && ret->getRetValue() ? dyn_cast<MemberExpr>(strip(ret->getRetValue())) : nullptr;
  return member && ValueEvaluator::isThis(member->getBase()) && isa<FieldDecl>(member->getMemberDecl());
}
} // namespace

ReceiverFields ValueEvaluator::receiverFields(const Expr *receiver) { return receiverFields(receiver, 0); }

ReceiverFields ValueEvaluator::receiverFields(const Expr *receiver, int depth) {
  const Expr *object = strip(receiver);
  if (!object || depth > 8)
    return {};
  // store->create(): through the smart pointer or the dereference.
  if (const auto *op = dyn_cast<CXXOperatorCallExpr>(object);
      op && (op->getOperator() == OO_Arrow || op->getOperator() == OO_Star) && op->getNumArgs() > 0)
    return receiverFields(op->getArg(0), depth + 1);
  if (const auto *unary = dyn_cast<UnaryOperator>(object); unary && unary->getOpcode() == UO_Deref)
    return receiverFields(unary->getSubExpr(), depth + 1);
  if (const auto *ref = dyn_cast<DeclRefExpr>(object)) {
    // path.c_str() on a cstring_view parameter: the carried value is the argument's.
    if (const auto *param = dyn_cast<ParmVarDecl>(ref->getDecl()); param && param->getDeclContext() == Function)
      if (const FieldDecl *carried = carriedField(param->getType()))
        return {{fieldName(carried), AbstractValue::param(param->getFunctionScopeIndex())}};
    if (const auto *var = dyn_cast<VarDecl>(ref->getDecl()); var && var->getInit())
      return receiverFields(var->getInit(), depth + 1);
    return {};
  }
  // A fixture member (store_ = make_unique<SessionStore>(dir_ / "s") in SetUp):
  // the object its only construction in the TU made.
  if (const auto *member = dyn_cast<MemberExpr>(object)) {
    const auto *field = dyn_cast<FieldDecl>(member->getMemberDecl());
    const std::vector<DefinitionIndex::Definition> *definitions = field && Fields ? Fields->find(field) : nullptr;
    if (!definitions || definitions->size() != 1)
      return {};
    ValueEvaluator inDefinition(Catalog, Context, definitions->front().context, Fields);
    return inDefinition.receiverFields(definitions->front().value, depth + 1);
  }
  if (const auto *construct = dyn_cast<CXXConstructExpr>(object)) {
    if (construct->getConstructor()->isCopyOrMoveConstructor() && construct->getNumArgs() == 1)
      return receiverFields(construct->getArg(0), depth + 1);
    return constructionFields(construct->getConstructor(),
                              std::vector<const Expr *>(construct->arg_begin(), construct->arg_end()), depth);
  }
  if (const auto *allocation = dyn_cast<CXXNewExpr>(object))
    return allocation->getConstructExpr() ? receiverFields(allocation->getConstructExpr(), depth + 1)
                                          : ReceiverFields{};
  if (const auto *call = dyn_cast<CallExpr>(object))
    if (const FunctionDecl *callee = call->getDirectCallee()) {
      const ApiEntry *entry = Catalog.find(catalogName(callee));
      if (entry && entry->constructsObject)
        return constructionFields(constructorInside(callee),
                                  std::vector<const Expr *>(call->arg_begin(), call->arg_end()), depth);
      if (entry && entry->value == ValueRule::Operand0 && call->getNumArgs() > 0) // std::move(store)
        return receiverFields(call->getArg(0), depth + 1);
      // processor.cache(): an accessor that returns one of the object's
      // members; the outer object's fields include the member's.
      if (hasObjectOperand(call) && returnsOwnMember(callee))
        return receiverFields(callOperands(call).front(), depth + 1);
    }
  return {};
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
    if (last->opaque)
      return {AbstractValue::unknown(var->getNameAsString())};
    if (last->format)
      return evaluateFormat(last->expr, *last->format, depth + 1);
    EvaluatedValue value = evaluate(last->expr, depth + 1);
    if (last->combine == ValueRule::None)
      return value;
    EvaluatedValue before = evaluateVariable(var, last->offset, depth + 1);
    AbstractValue combined = last->combine == ValueRule::Join ? joinPath(before.value, value.value)
                                                              : concat(before.value, value.value);
    return {combined, before.eachEntry || value.eachEntry};
  }
  // Globals and static members: assigned in functions, the test decides
  // (link); otherwise their initialiser.
  if (const std::vector<DefinitionIndex::Definition> *definitions = Fields ? Fields->find(var) : nullptr;
      definitions && !var->getType().isConstQualified()) {
    if (Fields->isTracked(var))
      return {globalPlaceholder(stateName(var))};
    bool fromConstruction = false;
    std::optional<AbstractValue> joined = joinDefinitions(var, *definitions, fromConstruction, depth + 1);
    if (joined && joined->kind != ValueKind::Unknown)
      return {*joined};
    return {AbstractValue::unknown(var->getNameAsString())};
  }
  // Constants: their initialiser, wherever declared.
  if (const Expr *init = var->getAnyInitializer()) {
    ValueEvaluator initialiser(Catalog, Context, nullptr, Fields);
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
    // cstring_view("test-file"): the object is the value it carries.
    if (const FieldDecl *carried = carriedField(construct->getType())) {
      ReceiverFields fields = constructionFields(construct->getConstructor(), operands, depth);
      for (const auto &[name, value] : fields)
        if (name == fieldName(carried))
          return {value};
      return {AbstractValue::unknown(render(call, Context))};
    }
  }
  const FunctionDecl *callee = calledFunction(call);
  if (!callee)
    return {AbstractValue::unknown(render(call, Context))};
  const ApiEntry *entry = Catalog.find(catalogName(callee));
  // std::string(16, '0') repeats a character: its first operand is a count.
  if (entry && entry->value == ValueRule::Operand0 && isa<CXXConstructExpr>(call) && !operands.empty() &&
      operands.front()->getType()->isIntegerType())
    return {AbstractValue::unknown(render(call, Context))};
  if (entry && entry->value != ValueRule::None)
    return applyRule(*entry, operands, depth);
  if (const FunctionDecl *definition = callee->getDefinition();
      definition && !entry && !isInSystemHeader(definition))
    return evaluateReturnOf(call, definition, operands, depth);
  // An unknown function of a uniquifier (to_string(getpid())) stays unique.
  for (const Expr *operand : operands)
    if (evaluate(operand, depth + 1).value.kind == ValueKind::Unique)
      return {AbstractValue::unique(render(call, Context))};
  // A helper defined in another TU (tests/util.cpp, the library under
  // test): link fills in what its definition returns.
  if (Fields && !entry && !isInSystemHeader(callee) && !callee->getReturnType()->isVoidType()) {
    CallValues values = callValues(call, operands, depth);
    return {resultPlaceholder(Fields->callResult(
        {usrOf(callee), render(call, Context), std::move(values.arguments), std::move(values.receiver)}))};
  }
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

std::optional<EvaluatedValue> ValueEvaluator::genericReturnOf(const FunctionDecl *callee, int depth) {
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
  if (!Fields)
    return returnValueOf(callee, collector.returns, depth);
  auto &memo = Fields->returnValues();
  if (auto known = memo.find(callee); known != memo.end()) {
    if (!known->second) // recursion: the callee is being evaluated
      return EvaluatedValue{AbstractValue::unknown(callee->getNameAsString() + "()")};
    return EvaluatedValue{*known->second};
  }
  memo[callee] = std::nullopt;
  EvaluatedValue generic = returnValueOf(callee, collector.returns, depth);
  Fields->returnValues()[callee] = generic.value;
  return generic;
}

std::optional<AbstractValue> ValueEvaluator::ownReturnValue() {
  if (!Function || !Function->hasBody() || Function->getReturnType()->isVoidType())
    return std::nullopt;
  std::optional<EvaluatedValue> generic = genericReturnOf(Function, 0);
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
  std::optional<EvaluatedValue> generic = genericReturnOf(callee, depth);
  if (!generic)
    return {AbstractValue::unknown(callee->getNameAsString() + "()")};
  CallValues values = callValues(call, operands, depth);
  return {substituteParams(generic->value, values.arguments, values.receiver), generic->eachEntry};
}

EvaluatedValue ValueEvaluator::returnValueOf(const FunctionDecl *callee,
                                             const std::vector<const ReturnStmt *> &returns, int depth) {
  ValueEvaluator inCallee(Catalog, Context, callee, Fields);
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
    return {AbstractValue::unknown(render(call, Context))};
  AbstractValue format = evaluate(operands[*entry.formatArgument], depth + 1).value;
  if (format.kind != ValueKind::Const)
    return {AbstractValue::unknown(render(call, Context))};
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
    /// getline(in, s), s.clear(), read_into(&buf): a local passed where the
    /// callee may write it, by a call we do not model, holds an unknown value.
    void markOpaque(const FunctionDecl *callee, const std::vector<const Expr *> &operands, clang::SourceLocation end) {
      size_t first = 0;
      if (const auto *method = dyn_cast<CXXMethodDecl>(callee); method && method->isInstance()) {
        first = 1;
        if (!method->isConst() && !operands.empty() && method->getOverloadedOperator() == OO_None)
          if (const VarDecl *var = referencedVariable(operands[0]); var && var->isLocalVarDecl())
            self.Definitions[var].push_back({self.offsetOf(end), operands[0], ValueRule::None, true});
      }
      for (size_t i = first; i < operands.size(); ++i) {
        size_t parameter = i - first;
        if (parameter >= callee->getNumParams())
          break;
        QualType type = callee->getParamDecl(parameter)->getType();
        bool writable = (type->isReferenceType() || type->isPointerType()) && !type->getPointeeType().isConstQualified();
        if (!writable)
          continue;
        if (const VarDecl *var = referencedVariable(operands[i]); var && var->isLocalVarDecl())
          self.Definitions[var].push_back({self.offsetOf(end), operands[i], ValueRule::None, true});
      }
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
    // id[i] = alphabet[dist(rng)]: a buffer filled from a uniquifier is one.
    void defineElement(const Expr *target, const Expr *value) {
      if (!target || !value)
        return;
      const Expr *base = nullptr;
      if (const auto *subscript = dyn_cast<ArraySubscriptExpr>(target->IgnoreParenImpCasts()))
        base = subscript->getBase();
      else if (const auto *op = dyn_cast<CXXOperatorCallExpr>(target->IgnoreParenImpCasts());
               op && op->getOperator() == OO_Subscript && op->getNumArgs() > 0)
        base = op->getArg(0);
      if (const VarDecl *var = base ? referencedVariable(base) : nullptr;
          var && var->isLocalVarDecl() && self.callsUniquifier(value))
        self.UniqueVariables.insert(var);
    }
    bool VisitExpr(Expr *expr) {
      if (const auto *op = dyn_cast<BinaryOperator>(expr); op && op->getOpcode() == BO_Assign)
        defineElement(op->getLHS(), op->getRHS());
      if (const auto *op = dyn_cast<CXXOperatorCallExpr>(expr); op && op->getOperator() == OO_Equal && op->getNumArgs() == 2)
        defineElement(op->getArg(0), op->getArg(1));
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
      if (entry && entry->formatArgument && entry->bufferArgument && *entry->bufferArgument < operands.size()) {
        if (const VarDecl *var = referencedVariable(operands[*entry->bufferArgument]); var && var->isLocalVarDecl()) {
          Definition definition{self.offsetOf(call->getEndLoc()), call, ValueRule::None};
          definition.format = entry;
          self.Definitions[var].push_back(definition);
        }
        return true;
      }
      if (!entry) {
        markOpaque(callee, operands, call->getEndLoc());
        return true;
      }
      // strcpy(buf, src): buf now holds src.
      if (entry->bufferArgument && entry->sourceArgument && *entry->bufferArgument < operands.size() &&
          *entry->sourceArgument < operands.size())
        define(operands[*entry->bufferArgument], operands[*entry->sourceArgument], ValueRule::None,
               call->getEndLoc());
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

const std::vector<DefinitionIndex::Definition> *DefinitionIndex::find(const ValueDecl *declaration) const {
  auto it = Definitions.find(cast<ValueDecl>(declaration->getCanonicalDecl()));
  return it == Definitions.end() ? nullptr : &it->second;
}

std::string usrOf(const Decl *decl) {
  llvm::SmallString<128> usr;
  if (index::generateUSRForDecl(decl, usr))
    return "";
  return std::string(usr);
}

size_t DefinitionIndex::callResult(CallResult call) const {
  for (size_t index = 0; index < CallResults.size(); ++index)
    if (CallResults[index] == call)
      return index;
  CallResults.push_back(std::move(call));
  return CallResults.size() - 1;
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
