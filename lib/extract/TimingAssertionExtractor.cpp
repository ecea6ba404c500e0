#include "extract/TimingAssertionExtractor.h"

#include "extract/AstNames.h"
#include "extract/TimingBound.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"

#include <algorithm>
#include <cctype>

namespace parready {

using namespace clang;

namespace {

/// How `branch` ends the test as failed, "" when it does not: a noreturn
/// call (abort, exit(1), __assert_fail, a framework's fail function) other
/// than exit(0), or, in main(), returning a non-zero status.
std::string failureIn(const Stmt *branch, bool inMain, ASTContext &ast) {
  struct Finder : RecursiveASTVisitor<Finder> {
    ASTContext &ast;
    bool inMain;
    std::string failure;
    Finder(ASTContext &ast, bool inMain) : ast(ast), inMain(inMain) {}
    bool TraverseLambdaExpr(LambdaExpr *) { return true; } // runs later, if at all
    static bool isZero(const Expr *expr, ASTContext &ast) {
      Expr::EvalResult result;
      return expr->EvaluateAsInt(result, ast) && result.Val.getInt() == 0;
    }
    bool VisitCallExpr(CallExpr *call) {
      const FunctionDecl *callee = call->getDirectCallee();
      if (!callee || !callee->isNoReturn())
        return true;
      // exit(0) ends the program as passed.
      if (call->getNumArgs() == 1 && call->getArg(0)->getType()->isIntegerType() && isZero(call->getArg(0), ast))
        return true;
      failure = callee->getNameAsString();
      return false;
    }
    bool VisitReturnStmt(ReturnStmt *ret) {
      if (inMain && ret->getRetValue() && !isZero(ret->getRetValue(), ast)) {
        failure = "main's exit status";
        return false;
      }
      return true;
    }
  } finder(ast, inMain);
  if (branch)
    finder.TraverseStmt(const_cast<Stmt *>(branch));
  return finder.failure;
}

/// The conditions of a body whose failure ends the test: `if (c) fail`,
/// `if (c) ; else fail` (C's assert), `c ? ok : fail` (C++'s assert,
/// libcheck), `c || fail`, `c && fail`. Lambdas count: they run in the test.
std::vector<FailingCondition> failingConditions(const Stmt *body, bool inMain, ASTContext &ast) {
  struct Finder : RecursiveASTVisitor<Finder> {
    ASTContext &ast;
    bool inMain;
    std::vector<FailingCondition> found;
    Finder(ASTContext &ast, bool inMain) : ast(ast), inMain(inMain) {}
    void branches(const Expr *condition, const Stmt *site, const Stmt *whenTrue, const Stmt *whenFalse) {
      if (!condition)
        return;
      if (std::string failure = failureIn(whenTrue, inMain, ast); !failure.empty())
        found.push_back({condition, false, site, failure});
      else if (std::string failure = failureIn(whenFalse, inMain, ast); !failure.empty())
        found.push_back({condition, true, site, failure});
    }
    bool VisitIfStmt(IfStmt *stmt) {
      branches(stmt->getCond(), stmt, stmt->getThen(), stmt->getElse());
      return true;
    }
    bool VisitConditionalOperator(ConditionalOperator *op) {
      branches(op->getCond(), op, op->getTrueExpr(), op->getFalseExpr());
      return true;
    }
    bool VisitBinaryOperator(BinaryOperator *op) {
      if (op->getOpcode() == BO_LOr)
        branches(op->getLHS(), op, nullptr, op->getRHS());
      else if (op->getOpcode() == BO_LAnd)
        branches(op->getLHS(), op, op->getRHS(), nullptr);
      return true;
    }
  } finder(ast, inMain);
  finder.TraverseStmt(const_cast<Stmt *>(body));
  return finder.found;
}

struct BoundedSide {
  const Expr *bounded;
  const Expr *bound;
};

/// The comparisons in a condition that bound one side from above when the
/// condition holds (`holds`) or when it does not, through !, && and ||:
/// `d > -15 && d < 15` bounds d by 15 (and -15 by d).
void upperBounds(const Expr *condition, bool holds, std::vector<BoundedSide> &out) {
  condition = condition->IgnoreParenCasts();
  if (const auto *unary = dyn_cast<UnaryOperator>(condition); unary && unary->getOpcode() == UO_LNot)
    return upperBounds(unary->getSubExpr(), !holds, out);
  BinaryOperatorKind opcode;
  const Expr *lhs = nullptr;
  const Expr *rhs = nullptr;
  if (const auto *binary = dyn_cast<BinaryOperator>(condition)) {
    opcode = binary->getOpcode();
    lhs = binary->getLHS();
    rhs = binary->getRHS();
  } else if (const auto *rewritten = dyn_cast<CXXRewrittenBinaryOperator>(condition)) {
    CXXRewrittenBinaryOperator::DecomposedForm form = rewritten->getDecomposedForm();
    opcode = form.Opcode;
    lhs = form.LHS;
    rhs = form.RHS;
  } else if (const auto *call = dyn_cast<CXXOperatorCallExpr>(condition); call && call->getNumArgs() == 2) {
    opcode = BinaryOperator::getOverloadedOpcode(call->getOperator());
    lhs = call->getArg(0);
    rhs = call->getArg(1);
  } else {
    return;
  }
  if (opcode == BO_LAnd || opcode == BO_LOr) {
    upperBounds(lhs, holds, out);
    upperBounds(rhs, holds, out);
    return;
  }
  if (!BinaryOperator::isRelationalOp(opcode))
    return;
  bool less = opcode == BO_LT || opcode == BO_LE;
  out.push_back(less == holds ? BoundedSide{lhs, rhs} : BoundedSide{rhs, lhs});
}

/// A macro's local standing for its argument (libcheck's `intmax_t _ck_y =
/// (Y);`): the argument, as the user wrote it.
const Expr *asWritten(const Expr *expr) {
  for (int hops = 0; hops < 4; ++hops) {
    const auto *ref = dyn_cast<DeclRefExpr>(expr->IgnoreParenImpCasts());
    const auto *var = ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
    if (!var || !var->getInit() || !var->getLocation().isMacroID())
      return expr;
    expr = var->getInit()->IgnoreParenImpCasts(); // the macro's own parentheses around its argument
  }
  return expr;
}

std::string sourceText(const Expr *expr, ASTContext &ast) {
  const SourceManager &sm = ast.getSourceManager();
  const LangOptions &language = ast.getLangOpts();
  CharSourceRange range =
      Lexer::makeFileCharRange(CharSourceRange::getTokenRange(expr->getSourceRange()), sm, language);
  if (range.isInvalid()) // inside a macro's own text: the spelling is there
    range = CharSourceRange::getTokenRange(sm.getSpellingLoc(expr->getBeginLoc()),
                                           sm.getSpellingLoc(expr->getEndLoc()));
  return Lexer::getSourceText(range, sm, language).str();
}

/// Does the assertion's bounded text (a macro argument) mention a clock
/// value: a variable or call of the body that holds one, or a catalogued
/// clock call?
ClockDependence mentionedClock(const std::string &text, const std::map<std::string, ClockDependence> &names,
                               const std::vector<std::string> &clockCallSpellings) {
  ClockDependence mentioned;
  mentioned.certain = std::any_of(clockCallSpellings.begin(), clockCallSpellings.end(),
                                  [&](const std::string &call) { return text.find(call) != std::string::npos; });
  for (const auto &[name, dependence] : names)
    if (mentionsIdentifier(text, name))
      mentioned.add(dependence);
  return mentioned;
}

/// The expressions of a body written inside macro arguments, outermost
/// first, to find a side of an assertion as the user wrote it.
class WrittenExpressions {
public:
  WrittenExpressions(const Stmt *body, ASTContext &ast) : Ast(ast) {
    struct Collector : RecursiveASTVisitor<Collector> {
      const SourceManager &sm;
      std::vector<const Expr *> &found;
      Collector(const SourceManager &sm, std::vector<const Expr *> &found) : sm(sm), found(found) {}
      bool VisitExpr(Expr *expr) {
        if (sm.isMacroArgExpansion(expr->getBeginLoc()) && sm.isMacroArgExpansion(expr->getEndLoc()))
          found.push_back(expr);
        return true;
      }
    } collector(ast.getSourceManager(), Expressions);
    collector.TraverseStmt(const_cast<Stmt *>(body));
  }

  /// The outermost expression spelt inside `range` whose text is `text`
  /// (spaces aside); null when there is none (an argument the macro only
  /// stringifies, a side of a comparison no expression has).
  const Expr *find(clang::SourceRange range, const std::string &text) const {
    if (range.isInvalid())
      return nullptr;
    const SourceManager &sm = Ast.getSourceManager();
    std::string wanted = withoutSpaces(text);
    for (const Expr *expr : Expressions) {
      clang::SourceLocation begin = sm.getSpellingLoc(expr->getBeginLoc());
      clang::SourceLocation end = sm.getSpellingLoc(expr->getEndLoc());
      if (sm.isBeforeInTranslationUnit(begin, range.getBegin()) || sm.isBeforeInTranslationUnit(range.getEnd(), end))
        continue;
      if (withoutSpaces(sourceText(expr, Ast)) == wanted)
        return expr;
    }
    return nullptr;
  }

private:
  static std::string withoutSpaces(std::string text) {
    std::erase_if(text, [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
    return text;
  }
  ASTContext &Ast;
  std::vector<const Expr *> Expressions;
};

/// `diff + tolerance` (`opcode` BO_Add, either order) or `diff - tolerance`
/// (BO_Sub) with `diff` a clock reading and the tolerance none: the
/// tolerance; null for any other expression.
const Expr *toleranceAround(const Expr *expr, BinaryOperatorKind opcode, const ClockValues &values) {
  expr = expr->IgnoreParenImpCasts();
  const Expr *lhs = nullptr;
  const Expr *rhs = nullptr;
  if (const auto *binary = dyn_cast<BinaryOperator>(expr); binary && binary->getOpcode() == opcode) {
    lhs = binary->getLHS();
    rhs = binary->getRHS();
  } else if (const auto *call = dyn_cast<CXXOperatorCallExpr>(expr);
             call && call->getNumArgs() == 2 && BinaryOperator::getOverloadedOpcode(call->getOperator()) == opcode) {
    lhs = call->getArg(0);
    rhs = call->getArg(1);
  } else if (const auto *member = dyn_cast<CXXMemberCallExpr>(expr)) {
    // (diff + tolerance).count()
    return toleranceAround(member->getImplicitObjectArgument(), opcode, values);
  } else {
    return nullptr;
  }
  bool leftClock = values.of(lhs).certain;
  bool rightClock = values.of(rhs).possible();
  if (leftClock && !rightClock)
    return rhs;
  if (opcode == BO_Add && !values.of(lhs).possible() && values.of(rhs).certain)
    return lhs;
  return nullptr;
}

/// A length of time as a bound parser reads it: the expression as written,
/// or for a local duration the type it was declared with and its
/// initialiser (`milliseconds tolerance(250)` -> "milliseconds(250)").
std::string lengthAsWritten(const Expr *expr, ASTContext &ast) {
  const auto *ref = dyn_cast<DeclRefExpr>(expr->IgnoreParenImpCasts());
  const auto *var = ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
  if (!var || !var->isLocalVarDecl() || !var->getInit())
    return sourceText(expr, ast);
  const auto *construct = dyn_cast<CXXConstructExpr>(var->getInit()->IgnoreImplicit());
  if (construct && construct->getNumArgs() == 1 && var->getInitStyle() != VarDecl::CInit)
    return var->getType().getUnqualifiedType().getAsString() + "(" + sourceText(construct->getArg(0), ast) + ")";
  return sourceText(var->getInit(), ast);
}

/// The names of the calls in a body whose results are clock readings.
void addClockCallNames(const Stmt *body, const ClockValues &values, std::map<std::string, ClockDependence> &names) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const ClockValues &values;
    std::map<std::string, ClockDependence> &names;
    Finder(const ClockValues &values, std::map<std::string, ClockDependence> &names) : values(values), names(names) {}
    bool VisitCallExpr(CallExpr *call) {
      if (const FunctionDecl *callee = call->getDirectCallee(); callee && callee->getIdentifier())
        if (ClockDependence returned = values.of(call); returned.possible())
          names[callee->getName().str()].add(returned);
      return true;
    }
  } finder(values, names);
  finder.TraverseStmt(const_cast<Stmt *>(body));
}

} // namespace

bool mentionsIdentifier(const std::string &text, const std::string &name) {
  auto outside = [&](size_t i) {
    return i >= text.size() || !(std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_');
  };
  for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1))
    if ((at == 0 || outside(at - 1)) && outside(at + name.size()))
      return true;
  return false;
}

std::optional<UpperBound> upperBoundOf(const std::string &comparison) {
  int depth = 0;
  for (size_t i = 0; i + 2 < comparison.size(); ++i) {
    char c = comparison[i];
    depth += (c == '(' || c == '[' || c == '{') - (c == ')' || c == ']' || c == '}');
    if (depth != 0 || c != ' ' || (comparison[i + 1] != '<' && comparison[i + 1] != '>'))
      continue;
    size_t width = comparison[i + 2] == '=' ? 2 : 1;
    if (i + 1 + width >= comparison.size() || comparison[i + 1 + width] != ' ')
      continue; // <<, >>, <=> or a template bracket
    std::string left = comparison.substr(0, i);
    std::string right = comparison.substr(i + 2 + width);
    if (comparison[i + 1] == '<')
      return UpperBound{left, right};
    return UpperBound{right, left};
  }
  return std::nullopt;
}

TimingAssertionExtractor::TimingAssertionExtractor(TranslationUnitScope &scope, const MacroUses &uses,
                                                   SourceLocator &locator)
    : Scope(scope), Uses(uses), Locator(locator), ClockCallSpellings(scope.catalog.clockCallSpellings()),
      Wrappers(scope) {}

void TimingAssertionExtractor::onFunction(const FunctionDecl *function, Function &out) {
  // What callers in other TUs need: does it return a clock reading?
  if (function->isExternallyVisible() && !function->isMain()) {
    ClockDependence returned = Wrappers.returnOf(function);
    out.returnsClock = returned.certain;
    if (!returned.certain)
      out.returnsClockThrough.assign(returned.through.begin(), returned.through.end());
  }
  std::vector<FailingCondition> failing = failingConditions(function->getBody(), function->isMain(), Scope.ast);
  MacrosInBody macros = macrosIn(function->getBody()->getSourceRange());
  if (failing.empty() && macros.empty())
    return;
  ClockValues values(Wrappers, function->getBody());
  recordMacroAssertions(function, macros, values, out);
  recordFailingConditions(failing, values, out);
}

TimingAssertionExtractor::MacrosInBody TimingAssertionExtractor::macrosIn(clang::SourceRange body) const {
  MacrosInBody inside;
  SourceManager &sm = Scope.ast.getSourceManager();
  if (!body.getBegin().isFileID())
    return inside;
  for (const auto &[at, use] : Uses.timingAssertions)
    if (!sm.isBeforeInTranslationUnit(at, body.getBegin()) && !sm.isBeforeInTranslationUnit(body.getEnd(), at))
      inside.emplace_back(at, &use);
  return inside;
}

void TimingAssertionExtractor::recordMacroAssertions(const FunctionDecl *function, const MacrosInBody &macros,
                                                     const ClockValues &values, Function &out) {
  if (macros.empty())
    return;
  WrittenExpressions written(function->getBody(), Scope.ast);
  std::map<std::string, ClockDependence> names = values.namesOfClockValues();
  addClockCallNames(function->getBody(), values, names);
  // A side of the assertion: its AST when one is spelt exactly there
  // (gtest's operands, Catch2's decomposed sides), else its text.
  auto side = [&](const std::string &text, clang::SourceRange range) {
    const Expr *expr = written.find(range, text);
    return WrittenSide{text, expr, expr ? values.of(expr) : mentionedClock(text, names, ClockCallSpellings)};
  };
  for (const auto &[at, macro] : macros) {
    const TimingAssertion &assertion = *macro->entry;
    const std::vector<std::string> &arguments = macro->arguments;
    auto range = [&](size_t i) { return i < macro->argumentRanges.size() ? macro->argumentRanges[i] : SourceRange(); };
    for (size_t i = 0; i < arguments.size(); ++i) {
      std::optional<UpperBound> split;
      SourceRange boundRange = range(i);
      if (assertion.comparison) {
        split = upperBoundOf(arguments[i]);
      } else if (!assertion.boundArgument) { // EXPECT_NEAR(value, expected, tolerance)
        split = UpperBound{arguments[i], arguments.size() > 2 ? arguments[2] : ""};
        boundRange = range(2);
      } else if (*assertion.boundArgument == i && arguments.size() == 2) {
        split = UpperBound{arguments[i], arguments[1 - i]};
        boundRange = range(1 - i);
      }
      if (!split)
        continue;
      if (recordIfElapsed(at, assertion.name, side(split->bounded, range(i)), side(split->bound, boundRange), values,
                          out))
        break;
    }
  }
}

void TimingAssertionExtractor::recordFailingConditions(const std::vector<FailingCondition> &conditions,
                                                       const ClockValues &values, Function &out) {
  SourceManager &sm = Scope.ast.getSourceManager();
  for (const FailingCondition &failing : conditions) {
    std::vector<BoundedSide> sides;
    upperBounds(failing.condition, failing.holdsWhenTrue, sides);
    clang::SourceLocation at = sm.getExpansionLoc(failing.site->getBeginLoc());
    std::string api = failing.failure;
    if (failing.site->getBeginLoc().isMacroID()) // assert(...), CHECK(...): the macro as written
      api = Lexer::getSourceText(CharSourceRange::getTokenRange(at, at), sm, Scope.ast.getLangOpts()).str();
    for (const BoundedSide &side : sides) {
      const Expr *bounded = asWritten(side.bounded);
      const Expr *bound = asWritten(side.bound);
      if (recordIfElapsed(at, api, {sourceText(bounded, Scope.ast), bounded, values.of(side.bounded)},
                          {sourceText(bound, Scope.ast), bound, values.of(side.bound)}, values, out))
        break;
    }
  }
}

bool TimingAssertionExtractor::recordIfElapsed(clang::SourceLocation at, const std::string &api,
                                               const WrittenSide &bounded, const WrittenSide &bound,
                                               const ClockValues &values, Function &out) {
  // What the bound allows beyond the measured value. A reading against a
  // reading (now() < deadline, start + 100ms <= now(), measured >= diff)
  // says nothing clear: a lower bound looks the same. A reading plus a
  // tolerance (sw.elapsed() <= diff + 250ms) bounds by the tolerance, also
  // when what it bounds is a time parready does not see as one (a
  // stopwatch's printed value); a reading minus a tolerance is the lower
  // edge of such a window (val >= diff - 0.001).
  const Expr *tolerance = bound.expr ? toleranceAround(bound.expr, BO_Add, values) : nullptr;
  if (bounded.expr && toleranceAround(bounded.expr, BO_Sub, values))
    return false;
  if (!bounded.clock.possible() && !tolerance)
    return false;
  const Expr *margin = bound.expr;
  if (bound.clock.certain) {
    margin = tolerance;
    if (!margin)
      return false;
  }
  const ClockDependence &measured = bounded.clock.possible() ? bounded.clock : bound.clock;
  std::string marginText = margin ? lengthAsWritten(margin, Scope.ast) : bound.text;
  Access access;
  access.resource = ResourceKind::Clock;
  access.mode = AccessMode::Read;
  access.value = AbstractValue::constant("wall-clock");
  access.location = Locator.locate(at);
  // One assertion, one finding: a macro found as text and by its expansion.
  if (std::any_of(out.accesses.begin(), out.accesses.end(), [&](const Access &known) {
        return known.resource == ResourceKind::Clock && known.location == access.location;
      }))
    return true;
  access.api = api;
  access.boundSeconds = timingBoundSeconds(marginText, bounded.text, Scope.catalog.durationUnits());
  access.bound = trimmedExpression(bound.text);
  if (!measured.certain)
    access.clockThrough.assign(measured.through.begin(), measured.through.end());
  out.accesses.push_back(std::move(access));
  return true;
}

} // namespace parready
