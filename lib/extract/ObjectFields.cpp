// The evaluator's object side: what a field holds, which fields an object
// gets from its construction, and which object a call runs on. These recurse
// into each other and into evaluate(), so they stay members of ValueEvaluator.
#include "extract/ValueEvaluator.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace parready {

using namespace clang;

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

bool isStringLike(QualType type, const ApiCatalog &catalog) {
  type = type.getNonReferenceType();
  if (const auto *pointer = type->getAs<PointerType>())
    return pointer->getPointeeType()->isAnyCharacterType();
  const CXXRecordDecl *record = type->getAsCXXRecordDecl();
  if (!record || !record->isInStdNamespace())
    return false;
  return catalog.isStringLikeStdType(record->getName().str());
}

/// The parameter an initialiser passes on (`cache_(std::move(cache))`).
const ParmVarDecl *passedParameter(const Expr *init, const ApiCatalog &catalog) {
  init = stripValuePreserving(init);
  if (const auto *construct = dyn_cast<CXXConstructExpr>(init);
      construct && construct->getNumArgs() == 1 && construct->getConstructor()->isCopyOrMoveConstructor())
    init = stripValuePreserving(construct->getArg(0));
  if (const auto *call = dyn_cast<CallExpr>(init); call && call->getNumArgs() == 1 && call->getDirectCallee())
    if (const ApiEntry *entry = catalog.find(catalogName(call->getDirectCallee()));
        entry && entry->value == ValueRule::Operand0)
      init = stripValuePreserving(call->getArg(0));
  const auto *ref = dyn_cast<DeclRefExpr>(init);
  return ref ? dyn_cast<ParmVarDecl>(ref->getDecl()) : nullptr;
}
} // namespace

const FieldDecl *carriedField(QualType type, const ApiCatalog &catalog) {
  const CXXRecordDecl *record = type.getNonReferenceType()->getAsCXXRecordDecl();
  if (!record || !record->hasDefinition() || isInSystemHeader(record))
    return nullptr;
  record = record->getDefinition();
  if (record->isLambda() || record->isPolymorphic() || record->getNumBases() != 0)
    return nullptr;
  const FieldDecl *carried = nullptr;
  for (const FieldDecl *field : record->fields()) {
    if (isStringLike(field->getType(), catalog)) {
      if (carried)
        return nullptr;
      carried = field;
    } else if (!field->getType()->isScalarType() || field->getType()->isPointerType()) {
      return nullptr;
    }
  }
  return carried;
}

namespace {
/// The record an object of `type` is, or that it points to or is an array of.
const RecordDecl *recordOf(QualType type) {
  type = type.getNonReferenceType();
  while (true) {
    if (const auto *pointer = type->getAs<PointerType>())
      type = pointer->getPointeeType();
    else if (const ArrayType *array = type->getAsArrayTypeUnsafe())
      type = array->getElementType();
    else
      break;
  }
  const RecordDecl *record = type->getAsRecordDecl();
  return record ? record->getDefinition() : nullptr;
}

bool recordHoldsAddressField(const RecordDecl *record, const ApiCatalog &catalog, ResourceKind resource, int depth) {
  // Address structs nest a level or two (a union of sockaddr_in and
  // sockaddr_in6 inside a project's endpoint struct); deeper is not one.
  if (!record || depth > 4)
    return false;
  for (const FieldDecl *field : record->fields()) {
    if (catalog.isAddressField(fieldName(field), resource))
      return true;
    // Members, not pointers: an address is held, not referred to.
    QualType type = field->getType();
    while (const ArrayType *array = type->getAsArrayTypeUnsafe())
      type = array->getElementType();
    const RecordDecl *member = type->getAsRecordDecl();
    if (member && recordHoldsAddressField(member->getDefinition(), catalog, resource, depth + 1))
      return true;
  }
  return false;
}
} // namespace

bool holdsAddressField(QualType type, const ApiCatalog &catalog, ResourceKind resource) {
  return recordHoldsAddressField(recordOf(type), catalog, resource, 0);
}

const Expr *addressHolder(const MemberExpr *member, const ApiCatalog &catalog) {
  const auto *field = dyn_cast<FieldDecl>(member->getMemberDecl());
  const Expr *base = member->getBase();
  if (!field || ValueEvaluator::isThis(base))
    return nullptr;
  std::string name = fieldName(field);
  if (catalog.isAddressField(name, ResourceKind::Port) || catalog.carriesAddress(name))
    return base;
  if (field->getType()->isRecordType() && holdsAddressField(base->getType(), catalog, ResourceKind::Port))
    return base;
  return nullptr;
}

bool ValueEvaluator::isOwnMemberObject(const Expr *receiver) {
  const auto *member = receiver ? dyn_cast<MemberExpr>(stripValuePreserving(receiver)) : nullptr;
  const auto *field = member ? dyn_cast<FieldDecl>(member->getMemberDecl()) : nullptr;
  return field && isThis(member->getBase()) && userObjectType(field);
}

std::optional<AbstractValue>
ValueEvaluator::joinDefinitions(const ValueDecl *declaration,
                                const std::vector<DefinitionIndex::Definition> &definitions, bool &fromConstruction,
                                int depth) {
  ValueMemo::Joined &memo = Scope.memo.joined(declaration);
  if (memo.inProgress)
    return AbstractValue::unknown("");
  if (memo.value || memo.fromConstruction) {
    fromConstruction = memo.fromConstruction;
    return memo.value;
  }
  memo.inProgress = true;
  std::optional<AbstractValue> result = joinUncached(definitions, fromConstruction, depth);
  // `memo` may have moved while evaluating: look it up again.
  ValueMemo::Joined &done = Scope.memo.joined(declaration);
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
        ValueEvaluator(Scope, definition.context).evaluate(definition.value, depth).value;
    // A constructor's or a setter's parameter: decided by how each object
    // is built and set up. (A call into another TU, env_(NewMemEnv(...)),
    // is the same for all.)
    const auto *method = definition.context ? dyn_cast<CXXMethodDecl>(definition.context) : nullptr;
    if (dependsOnCaller(value) && method && method->isInstance())
      fromConstruction = true;
    else
      join(value);
  }
  if (disagree)
    return AbstractValue::unknown("");
  return joined;
}

EvaluatedValue ValueEvaluator::evaluateField(const MemberExpr *member, const FieldDecl *field, int depth) {
  if (Fields.isTracked(field))
    return {globalPlaceholder(stateName(field))};
  const std::vector<DefinitionIndex::Definition> *definitions = Fields.find(field);
  if (!definitions && field->hasInClassInitializer() && field->getInClassInitializer())
    return ValueEvaluator(Scope, nullptr).evaluate(field->getInClassInitializer(), depth);
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
    return {AbstractValue::unknown(render(member))};
  }
  if (joined && joined->kind != ValueKind::Unknown)
    return {*joined};
  return {AbstractValue::unknown(render(member))};
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
    ValueEvaluator inConstructor(Scope, definition);
    // Another constructor of the class, or a base's, sets fields from this
    // one's parameters.
    auto addConstructedBy = [&](const CXXCtorInitializer *init) {
      const auto *target = dyn_cast<CXXConstructExpr>(stripValuePreserving(init->getInit()));
      if (!target)
        return false;
      for (auto [name, value] : inConstructor.constructionFields(
               target->getConstructor(), std::vector<const Expr *>(target->arg_begin(), target->arg_end()),
               depth + 1))
        fields.emplace_back(name, atCall(value, arguments));
      return true;
    };
    for (const CXXCtorInitializer *init : definition->inits()) {
      if (init->isDelegatingInitializer()) {
        // StateManager() : StateManager(Settings::instance().sessions_dir) {}
        if (!addConstructedBy(init))
          return {};
        return fields;
      }
      // ErrorEnv() : EnvWrapper(NewMemEnv(Env::Default())) {}
      if (init->isBaseInitializer()) {
        addConstructedBy(init);
        continue;
      }
      const FieldDecl *field = init->getMember();
      if (!field || !init->isWritten())
        continue;
      written.insert(field);
      if (userObjectType(field)) {
        const ParmVarDecl *parameter = passedParameter(init->getInit(), Catalog);
        if (parameter && parameter->getFunctionScopeIndex() < argumentExprs.size())
          add(receiverFields(argumentExprs[parameter->getFunctionScopeIndex()], depth + 1));
        else
          for (auto [name, value] : inConstructor.receiverFields(init->getInit(), depth + 1))
            fields.emplace_back(name, atCall(value, arguments, fields));
        continue;
      }
      fields.emplace_back(fieldName(field),
                          atCall(inConstructor.evaluate(init->getInit(), depth + 1).value, arguments, fields));
    }
  }
  ValueEvaluator initialiser(Scope, nullptr);
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

/// `DocumentCache &cache() { return cache_; }`
bool returnsOwnMember(const FunctionDecl *method) {
  const FunctionDecl *definition = method->getDefinition();
  const auto *body = definition ? dyn_cast_or_null<CompoundStmt>(definition->getBody()) : nullptr;
  if (!body || body->size() != 1)
    return false;
  const auto *ret = dyn_cast<ReturnStmt>(body->body_front());
  const auto *member = ret && ret->getRetValue() ? dyn_cast<MemberExpr>(stripValuePreserving(ret->getRetValue())) : nullptr;
  return member && ValueEvaluator::isThis(member->getBase()) && isa<FieldDecl>(member->getMemberDecl());
}
/// `App &port(int p) { port_ = p; return *this; }`: a method that returns
/// its own object, for chains.
bool returnsThis(const FunctionDecl *method) {
  const FunctionDecl *definition = method->getDefinition();
  if (!definition || !definition->getBody() || !isa<CXXMethodDecl>(method))
    return false;
  bool all = true, any = false;
  for (const Stmt *statement : definition->getBody()->children())
    if (const auto *ret = dyn_cast_or_null<ReturnStmt>(statement)) {
      const auto *deref = ret->getRetValue() ? dyn_cast<UnaryOperator>(stripValuePreserving(ret->getRetValue())) : nullptr;
      bool self = deref && deref->getOpcode() == UO_Deref && ValueEvaluator::isThis(deref->getSubExpr());
      all &= self;
      any = true;
    }
  return any && all;
}
} // namespace

ReceiverFields ValueEvaluator::setterFields(const CXXMemberCallExpr *call, int depth) {
  const CXXMethodDecl *method = call->getMethodDecl();
  const FunctionDecl *definition = method ? method->getDefinition() : nullptr;
  if (!definition || !definition->getBody() || method->isConst() || isInSystemHeader(definition) ||
      depth > MaxDepth)
    return {};
  std::vector<AbstractValue> arguments;
  for (const Expr *argument : call->arguments())
    arguments.push_back(evaluate(argument, depth + 1).value);
  // Only the body's own statements: a field set under a condition or in a
  // loop is not what the setter always leaves.
  ReceiverFields fields;
  ValueEvaluator inSetter(Scope, definition);
  for (const Stmt *statement : definition->getBody()->children()) {
    const auto *assignment = dyn_cast_or_null<BinaryOperator>(statement);
    const auto *target = assignment && assignment->getOpcode() == BO_Assign
                             ? dyn_cast<MemberExpr>(assignment->getLHS()->IgnoreParenImpCasts())
                             : nullptr;
    const auto *field = target ? dyn_cast<FieldDecl>(target->getMemberDecl()) : nullptr;
    if (field && isThis(target->getBase()))
      fields.emplace(fields.begin(), fieldName(field),
                     atCall(inSetter.evaluate(assignment->getRHS(), depth + 1).value, arguments));
  }
  return fields;
}

ReceiverFields ValueEvaluator::fieldsSetOn(const VarDecl *object, unsigned useOffset, int depth) {
  if (!Function || !Function->getBody() || !object->isLocalVarDecl() || depth > MaxDepth)
    return {};
  struct SetterCalls : RecursiveASTVisitor<SetterCalls> {
    ValueEvaluator &self;
    const VarDecl *object;
    unsigned useOffset;
    std::vector<const CXXMemberCallExpr *> calls;
    SetterCalls(ValueEvaluator &self, const VarDecl *object, unsigned useOffset)
        : self(self), object(object), useOffset(useOffset) {}
    bool VisitCXXMemberCallExpr(CXXMemberCallExpr *call) {
      const auto *ref = dyn_cast<DeclRefExpr>(stripValuePreserving(call->getImplicitObjectArgument()));
      if (ref && ref->getDecl() == object && self.offsetOf(call->getEndLoc()) < useOffset)
        calls.push_back(call);
      return true;
    }
  } setters(*this, object, useOffset);
  setters.TraverseStmt(const_cast<Stmt *>(Function->getBody()));
  ReceiverFields fields;
  for (auto call = setters.calls.rbegin(); call != setters.calls.rend(); ++call)
    for (auto &field : setterFields(*call, depth + 1))
      fields.push_back(std::move(field));
  return fields;
}

ReceiverFields ValueEvaluator::receiverFields(const Expr *receiver) { return receiverFields(receiver, 0); }

ReceiverFields ValueEvaluator::receiverFields(const Expr *receiver, int depth) {
  const Expr *object = stripValuePreserving(receiver);
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
      if (const FieldDecl *carried = carriedField(param->getType(), Catalog))
        return {{fieldName(carried), AbstractValue::param(param->getFunctionScopeIndex())}};
    if (const auto *var = dyn_cast<VarDecl>(ref->getDecl())) {
      // Setters called on it before this use come first: a field's first
      // entry is the one substitution reads.
      ReceiverFields fields = fieldsSetOn(var, offsetOf(ref->getLocation()), depth + 1);
      if (var->getInit())
        for (auto &field : receiverFields(var->getInit(), depth + 1))
          fields.push_back(std::move(field));
      return fields;
    }
    return {};
  }
  // A fixture member (store_ = make_unique<SessionStore>(dir_ / "s") in SetUp):
  // the object its only construction in the TU made.
  if (const auto *member = dyn_cast<MemberExpr>(object)) {
    const auto *field = dyn_cast<FieldDecl>(member->getMemberDecl());
    const std::vector<DefinitionIndex::Definition> *definitions = field ? Fields.find(field) : nullptr;
    // `test::ErrorEnv env_;` that nothing assigns: its default construction.
    if (const CXXRecordDecl *object = field ? userObjectType(field) : nullptr; object && !definitions)
      return constructionFields(defaultConstructor(object), {}, depth + 1);
    if (!definitions || definitions->size() != 1)
      return {};
    ValueEvaluator inDefinition(Scope, definitions->front().context);
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
      // app.port(18080).run(): a setter that returns its own object.
      if (const auto *member = dyn_cast<CXXMemberCallExpr>(call); member && returnsThis(callee)) {
        ReceiverFields fields = setterFields(member, depth + 1);
        for (auto &field : receiverFields(member->getImplicitObjectArgument(), depth + 1))
          fields.push_back(std::move(field));
        return fields;
      }
    }
  return {};
}

} // namespace parready
