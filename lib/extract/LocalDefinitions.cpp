// Where a function's local variables get their values: declarations,
// assignments, calls that write through a reference or fill a buffer. The
// evaluator reads the last definition before a use (flow-sensitive enough
// for `p = base; p += "/x"; use(p);` without a CFG).
#include "extract/ValueEvaluator.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace parready {

using namespace clang;

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

} // namespace parready
