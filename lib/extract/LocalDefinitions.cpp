// Where a function's local variables get their values: declarations,
// assignments, calls that write through a reference or fill a buffer. The
// evaluator reads the last definition before a use (flow-sensitive enough
// for `p = base; p += "/x"; use(p);` without a CFG).
#include "extract/ValueEvaluator.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

#include <algorithm>

namespace parready {

using namespace clang;

void ValueEvaluator::collectDefinitions() {
  if (DefinitionsCollected || !Function || !Function->getBody())
    return;
  DefinitionsCollected = true;
  struct Collector : RecursiveASTVisitor<Collector> {
    ValueEvaluator &self;
    explicit Collector(ValueEvaluator &self) : self(self) {}
    /// The local or parameter of this function that `target` stores into
    /// (`buf`, `&buf[0]`, `*out`, `out->`), or null.
    const VarDecl *written(const Expr *target) const {
      const auto *deref = dyn_cast<UnaryOperator>(target->IgnoreParenImpCasts());
      const VarDecl *var = referencedVariable(deref && deref->getOpcode() == UO_Deref ? deref->getSubExpr() : target);
      bool ownParameter = var && isa<ParmVarDecl>(var) && var->getDeclContext() == self.Function;
      return var && (var->isLocalVarDecl() || ownParameter) ? var : nullptr;
    }
    void define(const Expr *target, const Expr *value, ValueRule combine, clang::SourceLocation end) {
      if (const VarDecl *var = written(target))
        self.Definitions[var].push_back({self.offsetOf(end), value, combine});
    }
    void defineOpaque(const Expr *target, clang::SourceLocation end) {
      if (const VarDecl *var = written(target))
        self.Definitions[var].push_back({self.offsetOf(end), target, ValueRule::None, true});
    }
    /// A variable passed where the callee may write it: getline(in, s),
    /// s.clear() by calls we do not model hold an unknown value afterwards;
    /// TempFile(buf), MakePath(&path) by a user function hold what it
    /// leaves there (its output), and keep their value when it writes nothing.
    void defineThroughCall(const CallExpr *call, const FunctionDecl *callee, const std::vector<const Expr *> &operands) {
      clang::SourceLocation end = call->getEndLoc();
      size_t first = 0;
      const auto *method = dyn_cast<CXXMethodDecl>(callee);
      if (method && method->isInstance()) {
        first = 1;
        if (!method->isConst() && !operands.empty() && method->getOverloadedOperator() == OO_None)
          defineOpaque(operands[0], end);
      }
      // Which override runs is not known here: what it writes is not either.
      bool followed = !isInSystemHeader(callee) && !(method && method->isVirtual());
      const FunctionDecl *body = callee->getDefinition();
      for (size_t i = first; i < operands.size(); ++i) {
        size_t parameter = i - first;
        if (parameter >= callee->getNumParams())
          break;
        QualType type = callee->getParamDecl(parameter)->getType();
        bool writable = (type->isReferenceType() || type->isPointerType()) && !type->getPointeeType().isConstQualified();
        const VarDecl *var = writable ? written(operands[i]) : nullptr;
        if (!var)
          continue;
        if (!followed) {
          defineOpaque(operands[i], end);
          continue;
        }
        if (body && !self.genericOutputOf(body, unsigned(parameter)))
          continue;
        Definition definition{self.offsetOf(end), call, ValueRule::None};
        definition.writer = callee;
        definition.writtenParameter = unsigned(parameter);
        self.Definitions[var].push_back(definition);
      }
    }
    // A lambda's body runs when it is called, not where it is written
    // (httplib's scope_exit([&] { freeaddrinfo(result); }) before the loop
    // that binds result's addresses).
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
    bool VisitVarDecl(VarDecl *var) {
      if (var->isLocalVarDecl() && var->hasInit())
        self.Definitions[var].push_back({self.offsetOf(var->getEndLoc()), var->getInit(), ValueRule::None});
      return true;
    }
    /// `addr.sin_port`, `a->sin.sin_port`: the address object a port field
    /// belongs to, whose value the port is; null for any other target.
    const Expr *portHolder(const Expr *target) const {
      const auto *member = dyn_cast<MemberExpr>(target->IgnoreParenImpCasts());
      const auto *field = member ? dyn_cast<FieldDecl>(member->getMemberDecl()) : nullptr;
      if (!field || !self.Catalog.isAddressField(fieldName(field), ResourceKind::Port))
        return nullptr;
      const Expr *holder = addressHolder(member, self.Catalog);
      while (const auto *outer = holder ? dyn_cast<MemberExpr>(stripValuePreserving(holder)) : nullptr) {
        const Expr *next = addressHolder(outer, self.Catalog);
        if (!next)
          break;
        holder = next;
      }
      return holder;
    }
    bool VisitBinaryOperator(BinaryOperator *op) {
      if (op->getOpcode() != BO_Assign)
        return true;
      define(op->getLHS(), op->getRHS(), ValueRule::None, op->getEndLoc());
      // The port stored into an address is the address's value: it travels
      // with the address through out-parameters and helpers.
      if (const Expr *holder = portHolder(op->getLHS()))
        define(holder, op->getRHS(), ValueRule::None, op->getEndLoc());
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
      if (const VarDecl *var = base ? written(base) : nullptr; var && self.callsUniquifier(value))
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
        if (const VarDecl *var = written(operands[*entry->bufferArgument])) {
          Definition definition{self.offsetOf(call->getEndLoc()), call, ValueRule::None};
          definition.format = entry;
          self.Definitions[var].push_back(definition);
        }
        return true;
      }
      if (!entry) {
        defineThroughCall(call, callee, operands);
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

} // namespace parready

namespace parready {

using namespace clang;

bool isStringArray(QualType type) {
  const ArrayType *array = type->getAsArrayTypeUnsafe();
  if (!array)
    return false;
  const auto *pointer = array->getElementType()->getAs<PointerType>();
  return pointer && pointer->getPointeeType()->isAnyCharacterType();
}

bool ValueEvaluator::isEndOfArray(const Expr *element) const {
  return element->isNullPointerConstant(Scope.ast, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull;
}

AbstractValue ValueEvaluator::evaluateElement(const Expr *element, int depth) {
  element = stripValuePreserving(element);
  if (const auto *conditional = dyn_cast<ConditionalOperator>(element))
    return alternatives({evaluateElement(conditional->getTrueExpr(), depth + 1),
                         evaluateElement(conditional->getFalseExpr(), depth + 1)});
  return evaluate(element, depth + 1).value;
}

EvaluatedValue ValueEvaluator::evaluateStringArray(const VarDecl *array, unsigned useOffset, int depth) {
  // `options[i++] = ...` takes the next place, `options[2] = ...` place 2 (a
  // later store replaces an earlier one, or the initialiser's element), and
  // the two branches of an `if` leave alternatives in the places they fill.
  struct Filler : RecursiveASTVisitor<Filler> {
    ValueEvaluator &self;
    const VarDecl *array;
    unsigned useOffset;
    int depth;
    std::vector<std::vector<AbstractValue>> places;
    std::optional<size_t> end; ///< where a null element ends the array
    size_t next = 0;
    bool understood = true;
    Filler(ValueEvaluator &self, const VarDecl *array, unsigned useOffset, int depth)
        : self(self), array(array), useOffset(useOffset), depth(depth) {}
    bool TraverseIfStmt(IfStmt *branch) {
      TraverseStmt(branch->getCond());
      size_t before = next;
      std::vector<std::vector<AbstractValue>> unchanged = places;
      TraverseStmt(branch->getThen());
      size_t afterThen = std::exchange(next, before);
      std::vector<std::vector<AbstractValue>> afterThenPlaces = std::exchange(places, unchanged);
      TraverseStmt(branch->getElse());
      next = std::max(next, afterThen);
      // Either branch ran: a place holds what either left there.
      places.resize(std::max(places.size(), afterThenPlaces.size()));
      for (size_t place = 0; place < afterThenPlaces.size(); ++place)
        for (const AbstractValue &value : afterThenPlaces[place])
          if (std::find(places[place].begin(), places[place].end(), value) == places[place].end())
            places[place].push_back(value);
      return true;
    }
    bool VisitBinaryOperator(BinaryOperator *op) {
      const auto *subscript = dyn_cast<ArraySubscriptExpr>(op->getLHS()->IgnoreParenImpCasts());
      if (op->getOpcode() != BO_Assign || !subscript || referencedVariable(subscript->getBase()) != array ||
          self.offsetOf(op->getEndLoc()) >= useOffset)
        return true;
      const Expr *index = subscript->getIdx()->IgnoreParenImpCasts();
      size_t place = next;
      Expr::EvalResult constant;
      if (!index->isValueDependent() && index->EvaluateAsInt(constant, self.Scope.ast))
        place = size_t(constant.Val.getInt().getZExtValue());
      else if (const auto *step = dyn_cast<UnaryOperator>(index); step && step->isPostfix() && step->isIncrementOp())
        next = place + 1;
      else if (!isa<DeclRefExpr>(index)) // options[count] = NULL: the place the count reached
        understood = false;
      if (place >= places.size())
        places.resize(place + 1);
      if (self.isEndOfArray(op->getRHS()))
        end = end ? std::min(*end, place) : place;
      else
        places[place] = {self.evaluateElement(op->getRHS(), depth)}; // a later store replaces
      return true;
    }
  } filler(*this, array, useOffset, depth);
  if (const auto *list = dyn_cast_or_null<InitListExpr>(array->getInit()))
    for (const Expr *element : list->inits()) {
      if (isEndOfArray(element)) {
        filler.end = filler.places.size();
        break;
      }
      filler.places.push_back({evaluateElement(element, depth)});
    }
  if (Function && Function->getBody() && array->isLocalVarDecl())
    filler.TraverseStmt(const_cast<Stmt *>(Function->getBody()));
  if (!filler.understood || filler.places.empty())
    return {AbstractValue::unknown(array->getNameAsString())};
  std::vector<AbstractValue> elements;
  for (size_t place = 0; place < filler.places.size() && (!filler.end || place < *filler.end); ++place)
    elements.push_back(filler.places[place].empty() ? AbstractValue::unknown("") : alternatives(filler.places[place]));
  return {stringList(elements)};
}

} // namespace parready
