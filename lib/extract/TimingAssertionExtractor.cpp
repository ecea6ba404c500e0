#include "extract/TimingAssertionExtractor.h"

#include "extract/AstNames.h"

#include "clang/AST/RecursiveASTVisitor.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace parready {

using namespace clang;

namespace {

/// Local variables computed from a clock read (start, end, end - start).
std::set<std::string> clockDerivedVariables(const ApiCatalog &catalog, const Stmt *body) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const ApiCatalog &catalog;
    std::set<const VarDecl *> derived;
    explicit Finder(const ApiCatalog &catalog) : catalog(catalog) {}
    bool dependsOnClock(const Stmt *stmt) {
      if (!stmt)
        return false;
      if (const auto *call = dyn_cast<CallExpr>(stmt))
        if (const FunctionDecl *callee = call->getDirectCallee())
          if (const ApiEntry *entry = catalog.find(catalogName(callee)); entry && entry->readsClock)
            return true;
      if (const auto *ref = dyn_cast<DeclRefExpr>(stmt))
        if (const auto *var = dyn_cast<VarDecl>(ref->getDecl()); var && derived.count(var))
          return true;
      for (const Stmt *child : stmt->children())
        if (dependsOnClock(child))
          return true;
      return false;
    }
    bool VisitVarDecl(VarDecl *var) {
      if (var->isLocalVarDecl() && dependsOnClock(var->getInit()))
        derived.insert(var);
      return true;
    }
  } finder(catalog);
  finder.TraverseStmt(const_cast<Stmt *>(body));
  std::set<std::string> names;
  for (const VarDecl *var : finder.derived)
    names.insert(var->getNameAsString());
  return names;
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

std::optional<std::string> upperBoundedOperand(const std::string &comparison) {
  int depth = 0;
  for (size_t i = 0; i + 2 < comparison.size(); ++i) {
    char c = comparison[i];
    depth += (c == '(' || c == '[' || c == '{') - (c == ')' || c == ']' || c == '}');
    if (depth != 0 || c != ' ' || (comparison[i + 1] != '<' && comparison[i + 1] != '>'))
      continue;
    size_t width = comparison[i + 2] == '=' ? 2 : 1;
    if (i + 1 + width >= comparison.size() || comparison[i + 1 + width] != ' ')
      continue; // <<, >>, <=> or a template bracket
    bool less = comparison[i + 1] == '<';
    return less ? comparison.substr(0, i) : comparison.substr(i + 2 + width);
  }
  return std::nullopt;
}

TimingAssertionExtractor::TimingAssertionExtractor(TranslationUnitScope &scope, const MacroUses &uses,
                                                   SourceLocator &locator)
    : Scope(scope), Uses(uses), Locator(locator), ClockCallSpellings(scope.catalog.clockCallSpellings()) {}

void TimingAssertionExtractor::onFunction(const FunctionDecl *function, Function &out) {
  SourceManager &sm = Scope.ast.getSourceManager();
  clang::SourceRange body = function->getBody()->getSourceRange();
  if (Uses.timingAssertions.empty() || !body.getBegin().isFileID())
    return;
  std::set<std::string> timeNames = clockDerivedVariables(Scope.catalog, function->getBody());
  auto mentionsTime = [&](const std::string &argument) {
    return std::any_of(ClockCallSpellings.begin(), ClockCallSpellings.end(),
                       [&](const std::string &call) { return argument.find(call) != std::string::npos; }) ||
           std::any_of(timeNames.begin(), timeNames.end(),
                       [&](const std::string &name) { return mentionsIdentifier(argument, name); });
  };
  for (const auto &[at, use] : Uses.timingAssertions) {
    if (sm.isBeforeInTranslationUnit(at, body.getBegin()) || sm.isBeforeInTranslationUnit(body.getEnd(), at))
      continue;
    const TimingAssertion &assertion = *use.entry;
    bool bounded = false;
    for (size_t i = 0; i < use.arguments.size(); ++i) {
      if (assertion.comparison) {
        std::optional<std::string> operand = upperBoundedOperand(use.arguments[i]);
        bounded |= operand && mentionsTime(*operand);
      } else if (!assertion.boundArgument || *assertion.boundArgument == i) {
        bounded |= mentionsTime(use.arguments[i]);
      }
    }
    if (!bounded)
      continue;
    Access access;
    access.resource = ResourceKind::Clock;
    access.mode = AccessMode::Read;
    access.value = AbstractValue::constant("wall-clock");
    access.location = Locator.locate(at);
    access.api = assertion.name;
    out.accesses.push_back(std::move(access));
  }
}

} // namespace parready
