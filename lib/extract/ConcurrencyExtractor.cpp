#include "extract/ConcurrencyExtractor.h"

#include "extract/AstNames.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"

#include <cctype>

#include <algorithm>

namespace parready {

using namespace clang;

namespace {

/// The expression a duration's value comes from, through the wrappers the
/// compiler adds (temporaries, casts, copies and moves of the object).
const Expr *unwrap(const Expr *expr) {
  while (expr) {
    expr = expr->IgnoreParenImpCasts();
    if (const auto *cleanups = dyn_cast<ExprWithCleanups>(expr))
      expr = cleanups->getSubExpr();
    else if (const auto *temporary = dyn_cast<MaterializeTemporaryExpr>(expr))
      expr = temporary->getSubExpr();
    else if (const auto *bound = dyn_cast<CXXBindTemporaryExpr>(expr))
      expr = bound->getSubExpr();
    else if (const auto *cast = dyn_cast<CXXFunctionalCastExpr>(expr))
      expr = cast->getSubExpr();
    else if (const auto *construct = dyn_cast<CXXConstructExpr>(expr);
             construct && construct->getNumArgs() == 1 && construct->getConstructor()->isCopyOrMoveConstructor())
      expr = construct->getArg(0);
    else
      return expr;
  }
  return expr;
}

/// The record type an object operand has (through a pointer for `->`).
const CXXRecordDecl *recordOf(const Expr *object) {
  QualType type = object->getType();
  if (type->isPointerType())
    type = type->getPointeeType();
  return type->getAsCXXRecordDecl();
}

/// The count a duration literal spells (`100ms`, `1'000us`): libstdc++'s
/// chrono literals are literal operator templates that see only the digits.
AbstractValue literalCount(const UserDefinedLiteral *literal) {
  const ASTContext &context = literal->getCalleeDecl()->getASTContext();
  const SourceManager &sm = context.getSourceManager();
  clang::SourceLocation at = sm.getSpellingLoc(literal->getBeginLoc());
  std::string spelled = Lexer::getSourceText(CharSourceRange::getTokenRange(at, at), sm, context.getLangOpts()).str();
  llvm::StringRef suffix = literal->getUDSuffix()->getName();
  if (!llvm::StringRef(spelled).ends_with(suffix))
    return AbstractValue::unknown(spelled);
  std::string digits;
  for (char c : spelled.substr(0, spelled.size() - suffix.size()))
    if (c != '\'')
      digits += c;
  bool decimal = !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (!decimal || (digits.size() > 1 && digits[0] == '0')) // octal, hex, floating point
    return AbstractValue::unknown(spelled);
  return AbstractValue::constant(digits);
}

} // namespace

std::optional<uint64_t> tickNanoseconds(QualType type) {
  const auto *duration = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      type.getNonReferenceType()->getAsCXXRecordDecl());
  if (!duration || duration->getTemplateArgs().size() != 2 ||
      duration->getTemplateArgs()[1].getKind() != TemplateArgument::Type)
    return std::nullopt;
  const auto *ratio = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      duration->getTemplateArgs()[1].getAsType()->getAsCXXRecordDecl());
  if (!ratio || ratio->getTemplateArgs().size() != 2 ||
      ratio->getTemplateArgs()[0].getKind() != TemplateArgument::Integral ||
      ratio->getTemplateArgs()[1].getKind() != TemplateArgument::Integral)
    return std::nullopt;
  int64_t numerator = ratio->getTemplateArgs()[0].getAsIntegral().getExtValue();
  int64_t denominator = ratio->getTemplateArgs()[1].getAsIntegral().getExtValue();
  if (numerator <= 0 || denominator <= 0)
    return std::nullopt;
  // Periods finer than a nanosecond round to one: a sleep that short decides nothing.
  return std::max<uint64_t>(1, static_cast<uint64_t>(numerator) * 1000000000u / static_cast<uint64_t>(denominator));
}

std::optional<WrittenDuration> ConcurrencyExtractor::durationOf(const Expr *expr) {
  expr = unwrap(expr);
  if (!expr)
    return std::nullopt;
  std::optional<uint64_t> tick = tickNanoseconds(expr->getType());
  if (!tick)
    return std::nullopt;
  if (const auto *literal = dyn_cast<UserDefinedLiteral>(expr)) // 100ms
    return WrittenDuration{literalCount(literal), *tick};
  if (const auto *construct = dyn_cast<CXXConstructExpr>(expr); construct && construct->getNumArgs() == 1) {
    const Expr *count = construct->getArg(0);
    // seconds(1) converted to milliseconds keeps its own unit.
    if (std::optional<WrittenDuration> converted = durationOf(count))
      return converted;
    return WrittenDuration{Body.evaluator.evaluate(count).value, *tick};
  }
  if (const auto *ref = dyn_cast<DeclRefExpr>(expr))
    if (const auto *variable = dyn_cast<VarDecl>(ref->getDecl());
        variable && variable->getInit() && (variable->isLocalVarDecl() || variable->getType().isConstQualified()))
      if (std::optional<WrittenDuration> initial = durationOf(variable->getInit()))
        return initial;
  return WrittenDuration{AbstractValue::unknown("<duration>"), *tick};
}

bool ConcurrencyExtractor::startsWorker(const Invocation &call, const ApiEntry &entry) const {
  if (const auto *constructor = dyn_cast<CXXConstructorDecl>(call.callee))
    // A default, copy or move construction of a thread object runs nothing new.
    return entry.startsWorker && !constructor->isDefaultConstructor() && !constructor->isCopyOrMoveConstructor();
  if (entry.startsWorker)
    return true;
  if (!entry.constructsElement || call.operands.empty())
    return false;
  const auto *container = dyn_cast_or_null<ClassTemplateSpecializationDecl>(recordOf(call.operands.front()));
  if (!container || container->getTemplateArgs().size() == 0 ||
      container->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return false;
  const CXXRecordDecl *element = container->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
  if (!element)
    return false;
  const ApiEntry *constructor = Body.scope.catalog.find(
      stripTemplateArguments(element->getQualifiedNameAsString()) + "::" + element->getNameAsString());
  return constructor && constructor->startsWorker;
}

void ConcurrencyExtractor::onApiCall(const Invocation &call, const ApiEntry &entry) {
  if (Lambdas > 0)
    return;
  if (startsWorker(call, entry)) {
    record(ConcurrencyEventKind::WorkerStart, call, entry.name);
  } else if (entry.waitsForWorker) {
    record(ConcurrencyEventKind::Wait, call, entry.name);
  } else if (entry.sleeps && Body.loopDepth == 0) {
    const SleepSpec &sleep = *entry.sleeps;
    WrittenDuration duration{AbstractValue::unknown("<duration>"), 0};
    if (sleep.argument && *sleep.argument < call.operands.size()) {
      const Expr *operand = call.operands[*sleep.argument];
      if (sleep.unitNanoseconds == 0)
        duration = durationOf(operand).value_or(duration);
      else
        duration = {Body.evaluator.evaluate(operand).value, sleep.unitNanoseconds};
    }
    record(ConcurrencyEventKind::Sleep, call, entry.name, duration);
  }
}

void ConcurrencyExtractor::onUserCall(const Invocation &call) {
  if (Lambdas > 0)
    return;
  for (const Expr *operand : call.operands)
    if (std::optional<WrittenDuration> delay = durationOf(operand))
      record(ConcurrencyEventKind::Delay, call, call.callee->getQualifiedNameAsString(), *delay);
}

void ConcurrencyExtractor::record(ConcurrencyEventKind kind, const Invocation &call, const std::string &api,
                                  WrittenDuration duration) {
  Body.out.concurrency.push_back(
      {kind, Body.locate(call.where), api, std::move(duration.amount), duration.unitNanoseconds});
}

namespace {
/// The source ranges of the lambdas in a body: code that runs elsewhere.
std::vector<SourceRange> lambdaBodies(const Stmt *body) {
  struct Finder : RecursiveASTVisitor<Finder> {
    std::vector<SourceRange> ranges;
    bool VisitLambdaExpr(LambdaExpr *lambda) {
      ranges.push_back(lambda->getBody()->getSourceRange());
      return true;
    }
  } finder;
  finder.TraverseStmt(const_cast<Stmt *>(body));
  return finder.ranges;
}
} // namespace

void recordAssertions(const FunctionDecl *function, const MacroUses &uses, SourceLocator &locator, Function &out) {
  SourceRange body = function->getBody()->getSourceRange();
  const SourceManager &sm = function->getASTContext().getSourceManager();
  // The test's own code asserts; an assert() inside the library under test
  // checks the library's invariants, not what a worker did.
  if (!body.getBegin().isFileID() || !body.getEnd().isFileID() || !sm.isInMainFile(body.getBegin()))
    return;
  // Locations of one file order by offset: the uses inside the body are one
  // stretch of the map.
  auto within = [](clang::SourceLocation at, SourceRange range) {
    return !(at < range.getBegin()) && !(range.getEnd() < at);
  };
  std::vector<SourceRange> lambdas;
  bool lambdasKnown = false;
  for (auto used = uses.assertions.lower_bound(body.getBegin());
       used != uses.assertions.end() && within(used->first, body); ++used) {
    if (!lambdasKnown) {
      lambdas = lambdaBodies(function->getBody());
      lambdasKnown = true;
    }
    if (std::any_of(lambdas.begin(), lambdas.end(), [&](SourceRange lambda) { return within(used->first, lambda); }))
      continue;
    out.concurrency.push_back(
        {ConcurrencyEventKind::Assertion, locator.locate(used->first), used->second.entry->name, {}, 0});
  }
  std::stable_sort(out.concurrency.begin(), out.concurrency.end(),
                   [](const ConcurrencyEvent &a, const ConcurrencyEvent &b) { return a.location < b.location; });
}

} // namespace parready
