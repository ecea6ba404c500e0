#include "extract/FactCollector.h"

#include "extract/ShellCommand.h"
#include "extract/ValueEvaluator.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Index/USRGeneration.h"
#include "clang/Lex/MacroArgs.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>

namespace parready {

using namespace clang;

namespace {

/// A test macro as written in the source, keyed by its expansion location.
struct TestMacroUse {
  const TestMacro *macro;
  std::vector<std::string> arguments;
};

using TestMacroUses = std::map<clang::SourceLocation, TestMacroUse>;

/// An upper-bound assertion as written (EXPECT_LT(elapsed, 150ms)).
struct TimingAssertionUse {
  const TimingAssertion *assertion;
  std::vector<std::string> arguments;
};
using TimingAssertionUses = std::map<clang::SourceLocation, TimingAssertionUse>;

/// What the preprocessor saw of the frameworks' macros in one TU.
struct MacroUses {
  TestMacroUses tests;
  TimingAssertionUses timingAssertions;
};

/// Does `text` (a macro argument's spelling) use the identifier `name`?
bool mentionsIdentifier(const std::string &text, const std::string &name) {
  auto outside = [&](size_t i) {
    return i >= text.size() || !(std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_');
  };
  for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1))
    if ((at == 0 || outside(at - 1)) && outside(at + name.size()))
      return true;
  return false;
}

/// The operand of a comparison as written ("elapsed < 100ms") that it bounds
/// from above: the left of < and <=, the right of > and >=; nullopt for any
/// other expression. Template brackets are told apart from comparisons by
/// spacing (`duration_cast<ms>(d) < 100`), as code formatters write them.
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

std::string unquote(std::string text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
    text = text.substr(1, text.size() - 2);
  return text;
}

class TestMacroRecorder : public PPCallbacks {
public:
  TestMacroRecorder(const ApiCatalog &catalog, Preprocessor &pp, MacroUses &uses)
      : Catalog(catalog), PP(pp), Uses(uses) {}

  void MacroExpands(const Token &name, const MacroDefinition &definition, SourceRange range,
                    const MacroArgs *args) override {
    SourceManager &sm = PP.getSourceManager();
    clang::SourceLocation at = range.getBegin();
    if (!args || !at.isFileID() || sm.isInSystemHeader(at))
      return;
    const MacroInfo *info = definition.getMacroInfo();
    if (!info)
      return;
    std::string definingFile = sm.getFilename(sm.getSpellingLoc(info->getDefinitionLoc())).str();
    std::string macroName = name.getIdentifierInfo()->getName().str();
    if (const TestMacro *macro = Catalog.findMacro(macroName, definingFile))
      Uses.tests[at] = {macro, splitArguments(args)};
    else if (const TimingAssertion *assertion = Catalog.findTimingAssertion(macroName, definingFile))
      Uses.timingAssertions[at] = {assertion, splitArguments(args)};
  }

private:
  /// The unexpanded arguments, split at top-level commas: variadic macros
  /// (Catch2's TEST_CASE(...)) receive "name", "[tags]" as one argument.
  std::vector<std::string> splitArguments(const MacroArgs *args) const {
    std::vector<std::string> arguments{""};
    for (unsigned i = 0; i < args->getNumMacroArguments(); ++i) {
      if (i > 0)
        arguments.emplace_back();
      int depth = 0;
      for (const Token *tok = args->getUnexpArgument(i); tok->isNot(tok::eof); ++tok) {
        if (tok->is(tok::l_paren))
          ++depth;
        else if (tok->is(tok::r_paren))
          --depth;
        if (tok->is(tok::comma) && depth == 0) {
          arguments.emplace_back();
          continue;
        }
        // Spacing as written: it tells `a < b` from `cast<T>(b)`.
        if (tok->hasLeadingSpace() && !arguments.back().empty())
          arguments.back() += ' ';
        arguments.back() += PP.getSpelling(*tok);
      }
    }
    return arguments;
  }

private:
  const ApiCatalog &Catalog;
  Preprocessor &PP;
  MacroUses &Uses;
};

/// Extracts one function body: calls, accesses, global writes.
class BodyVisitor : public RecursiveASTVisitor<BodyVisitor> {
public:
  BodyVisitor(const ApiCatalog &catalog, ASTContext &context, const FunctionDecl *function,
              const DefinitionIndex &fields, Function &out,
              std::function<parready::SourceLocation(clang::SourceLocation)> locate)
      : Catalog(catalog), Context(context), Fields(fields), Evaluator(catalog, context, function, &fields),
        Out(out), Locate(std::move(locate)) {}

  bool VisitCallExpr(CallExpr *call) {
    handleInvocation(call);
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *construct) {
    handleInvocation(construct);
    return true;
  }

  // A local object of a user type runs its destructor at scope exit: RAII
  // cleanup (a TempDir class that removes its directory) happens there.
  bool VisitVarDecl(VarDecl *var) {
    if (!var->isLocalVarDecl() || var->isStaticLocal())
      return true;
    const CXXRecordDecl *record = var->getType()->getAsCXXRecordDecl();
    if (!record || !record->hasDefinition())
      return true;
    if (const CXXDestructorDecl *destructor = record->getDestructor();
        destructor && destructor->isUserProvided() && !isInSystemHeader(destructor)) {
      CallSite &site = recordCall(destructor, var->getLocation(), {});
      if (const Expr *init = var->getInit())
        site.receiver = Evaluator.receiverFields(init);
    }
    return true;
  }

  bool TraverseCXXForRangeStmt(CXXForRangeStmt *loop) {
    // for (auto &entry : directory_iterator(dir)) { remove_all(entry) }:
    // the body reaches every entry of dir, other tests' files included.
    if (const Expr *range = loop->getRangeInit()) {
      const Expr *inner = range->IgnoreUnlessSpelledInSource();
      if (const FunctionDecl *callee = calledFunction(inner))
        if (const ApiEntry *entry = Catalog.find(catalogName(callee));
            entry && entry->listsDirectory && !callOperands(inner).empty())
          Evaluator.bindDirectoryEntry(loop->getLoopVariable(),
                                       Evaluator.evaluate(callOperands(inner).front()).value);
    }
    return RecursiveASTVisitor::TraverseCXXForRangeStmt(loop);
  }

  bool VisitBinaryOperator(BinaryOperator *op) {
    if (op->isAssignmentOp()) {
      recordGlobal(op->getLHS(), AccessMode::Write, op->getOperatorLoc());
      recordAssignment(op->getLHS(), op->getRHS(), op->getOpcode() == BO_AddAssign, op->getOperatorLoc());
    }
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *op) {
    if (op->isIncrementDecrementOp())
      recordGlobal(op->getSubExpr(), AccessMode::Write, op->getOperatorLoc());
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *ref) {
    recordGlobal(ref, AccessMode::Read, ref->getLocation());
    return true;
  }

private:
  void handleInvocation(const Expr *call) {
    const FunctionDecl *callee = calledFunction(call);
    if (!callee)
      return;
    std::vector<const Expr *> operands = callOperands(call);
    clang::SourceLocation where = call->getExprLoc();
    if (const auto *construct = dyn_cast<CXXConstructExpr>(call))
      where = construct->getBeginLoc();
    if (const auto *op = dyn_cast<CXXOperatorCallExpr>(call);
        op && op->getNumArgs() == 2 && (op->getOperator() == OO_Equal || op->getOperator() == OO_PlusEqual))
      recordAssignment(op->getArg(0), op->getArg(1), op->getOperator() == OO_PlusEqual, where);

    const FunctionDecl *definition = callee->getDefinition();
    bool userCode = !isInSystemHeader(callee) && (!definition || !isInSystemHeader(definition));
    const ApiEntry *entry = Catalog.find(catalogName(callee));
    // The user's own implementation wins over a catalog entry of the same name.
    if (entry && !(userCode && definition)) {
      recordApi(*entry, operands, where);
    } else if (userCode) {
      size_t skip = hasObjectOperand(call) ? 1 : 0;
      std::vector<const Expr *> arguments(operands.begin() + skip, operands.end());
      CallSite &site = recordCall(callee, where, arguments);
      // Which object the callee runs on decides its fields' values.
      if (const auto *construct = dyn_cast<CXXConstructExpr>(call))
        site.receiver = Evaluator.receiverFields(construct);
      else if (skip && (ValueEvaluator::isThis(operands.front()) || ValueEvaluator::isOwnMemberObject(operands.front())))
        // this->cache_.put(): the member's fields are part of this object's.
        site.onThis = true;
      else if (skip)
        site.receiver = Evaluator.receiverFields(operands.front());
      // env->NewWritableFile(): unqualified calls of virtual methods dispatch.
      if (const auto *member = dyn_cast<CXXMemberCallExpr>(call)) {
        const auto *method = dyn_cast<CXXMethodDecl>(callee);
        const auto *calledMember = dyn_cast<MemberExpr>(member->getCallee()->IgnoreParens());
        site.isVirtual = method && method->isVirtual() && calledMember && !calledMember->hasQualifier() &&
                         !method->hasAttr<FinalAttr>();
      }
    }
    // A non-const member call on a global object may mutate it, whoever
    // implements the method (std::string::operator=, vector::push_back).
    if (const auto *method = dyn_cast<CXXMethodDecl>(callee);
        method && method->isInstance() && !method->isConst() && !isa<CXXConstructorDecl>(method) &&
        !operands.empty())
      recordGlobal(operands.front(), AccessMode::Write, where);
  }

  CallSite &recordCall(const FunctionDecl *callee, clang::SourceLocation where,
                       const std::vector<const Expr *> &arguments) {
    CallSite site;
    site.calleeUsr = usrOf(callee);
    site.calleeName = callee->getQualifiedNameAsString();
    site.location = Locate(where);
    for (const Expr *argument : arguments)
      site.arguments.push_back(Evaluator.evaluate(argument).value);
    Out.calls.push_back(std::move(site));
    return Out.calls.back();
  }

  AccessMode modeFrom(const ArgumentAccess &spec, const std::vector<const Expr *> &operands) {
    if (spec.modeSource == ModeSource::Fixed)
      return spec.mode;
    if (spec.modeArgument >= operands.size())
      return AccessMode::Write;
    const Expr *modeExpr = operands[spec.modeArgument];
    if (spec.modeSource == ModeSource::FopenMode) {
      AbstractValue mode = Evaluator.evaluate(modeExpr).value;
      if (mode.kind == ValueKind::Const && mode.text.find_first_of("wa+") == std::string::npos)
        return AccessMode::Read;
      return AccessMode::Write;
    }
    // POSIX open(): O_ACCMODE is 3; O_CREAT (0100) and O_TRUNC (01000) write too.
    Expr::EvalResult result;
    if (modeExpr->EvaluateAsInt(result, Context)) {
      uint64_t flags = result.Val.getInt().getZExtValue();
      if ((flags & 3) == 0 && (flags & (0100 | 01000)) == 0)
        return AccessMode::Read;
    }
    return AccessMode::Write;
  }

  void recordApi(const ApiEntry &entry, const std::vector<const Expr *> &operands,
                 clang::SourceLocation where) {
    // mkstemp(tmpl_): the fixture member now holds a private name.
    if (entry.makesArgumentUnique && *entry.makesArgumentUnique < operands.size())
      if (std::string name = trackedName(operands[*entry.makesArgumentUnique]); !name.empty())
        Out.assignments.push_back({name, AbstractValue::unique(entry.name + "()"), Locate(where)});
    for (const ArgumentAccess &spec : entry.accesses) {
      if (spec.argument >= operands.size())
        continue;
      EvaluatedValue value;
      if (spec.socketAddress) {
        std::optional<AbstractValue> stored =
            Evaluator.socketAddressValue(operands[spec.argument], where, spec.resource);
        if (!stored)
          continue;
        value.value = *stored;
      } else {
        value = Evaluator.evaluate(operands[spec.argument]);
      }
      if (Catalog.sharesNothing(spec.resource, value.value))
        continue;
      Access access;
      access.resource = spec.resource;
      access.mode = modeFrom(spec, operands);
      access.value = value.value;
      access.location = Locate(where);
      access.api = entry.name;
      access.recursive = entry.recursive;
      access.eachEntry = value.eachEntry;
      // chdir(dir): relative paths the test uses afterwards live under dir.
      if (access.resource == ResourceKind::Cwd && access.mode == AccessMode::Write)
        Out.assignments.push_back({WorkingDirectoryState, access.value, access.location});
      Out.accesses.push_back(std::move(access));
    }
    if (entry.shellCommandArgument && *entry.shellCommandArgument < operands.size()) {
      AbstractValue command = Evaluator.evaluate(operands[*entry.shellCommandArgument]).value;
      // A command known up to placeholders ("rm -rf {param:0}") is parsed now
      // and its operands filled in by link; runtime input is not parsed.
      if (command.kind != ValueKind::Const && command.kind != ValueKind::Param)
        return;
      for (const ShellEffect &effect : parseShellCommand(command.text)) {
        AbstractValue operand{effect.path.find('{') == std::string::npos ? ValueKind::Const : ValueKind::Param,
                              effect.path};
        if (Catalog.sharesNothing(effect.resource, operand))
          continue;
        Access access;
        access.resource = effect.resource;
        access.mode = effect.mode;
        access.value = operand;
        // `rm -rf dir/*` empties dir, whoever's files are in it.
        access.eachEntry = effect.resource == ResourceKind::Path && effect.path.ends_with("/*");
        access.location = Locate(where);
        access.api = entry.name + "(\"" + effect.program + " ...\")";
        access.recursive = effect.recursive;
        Out.accesses.push_back(std::move(access));
      }
    }
  }

  /// The mutable global (or Meyers-singleton static) an lvalue refers to.
  const VarDecl *globalTarget(const Expr *expr) {
    for (int guard = 0; expr && guard < 16; ++guard) {
      expr = expr->IgnoreParenImpCasts();
      if (const auto *member = dyn_cast<MemberExpr>(expr)) {
        expr = member->getBase();
      } else if (const auto *subscript = dyn_cast<ArraySubscriptExpr>(expr)) {
        expr = subscript->getBase();
      } else if (const auto *op = dyn_cast<CXXOperatorCallExpr>(expr);
                 op && op->getNumArgs() > 0 &&
                 (op->getOperator() == OO_Subscript || op->getOperator() == OO_Arrow)) {
        expr = op->getArg(0);
      } else if (const auto *ref = dyn_cast<DeclRefExpr>(expr)) {
        const auto *var = dyn_cast<VarDecl>(ref->getDecl());
        return var && isMutableGlobal(var) ? var : nullptr;
      } else if (const auto *call = dyn_cast<CallExpr>(expr)) {
        return singletonOf(call->getDirectCallee());
      } else {
        return nullptr;
      }
    }
    return nullptr;
  }

  bool isMutableGlobal(const VarDecl *var) {
    // thread_local: every thread (and so every test under --runner threads) has its own.
    return var->hasGlobalStorage() && var->getTLSKind() == VarDecl::TLS_None &&
           !var->getType().isConstQualified() && !var->isConstexpr() && !isInSystemHeader(var);
  }

  /// `Settings &instance() { static Settings s; return s; }` -> s
  const VarDecl *singletonOf(const FunctionDecl *function) {
    if (!function || !function->getReturnType()->isReferenceType())
      return nullptr;
    const FunctionDecl *definition = function->getDefinition();
    if (!definition || isInSystemHeader(definition))
      return nullptr;
    const auto *body = dyn_cast_or_null<CompoundStmt>(definition->getBody());
    if (!body || body->body_empty())
      return nullptr;
    const auto *ret = dyn_cast<ReturnStmt>(body->body_back());
    if (!ret || !ret->getRetValue())
      return nullptr;
    const auto *ref = dyn_cast<DeclRefExpr>(ret->getRetValue()->IgnoreParenImpCasts());
    const auto *var = ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
    return var && isMutableGlobal(var) ? var : nullptr;
  }

  /// `Settings::instance().dir = value`: what a test that runs this sees in dir.
  void recordAssignment(const Expr *target, const Expr *value, bool appends, clang::SourceLocation where) {
    std::string name = trackedName(target);
    if (name.empty())
      return;
    AbstractValue assigned = Evaluator.evaluate(value).value;
    if (appends)
      assigned = concat(globalPlaceholder(name), assigned);
    Out.assignments.push_back({name, assigned, Locate(where)});
  }

  /// The {global:...} name of the tracked state an lvalue denotes, or "".
  std::string trackedName(const Expr *target) {
    const ValueDecl *declaration = assignedState(target);
    return declaration && Fields.isTracked(declaration) ? stateName(declaration) : "";
  }

  void recordGlobal(const Expr *target, AccessMode mode, clang::SourceLocation where) {
    const VarDecl *var = globalTarget(target);
    if (!var)
      return;
    Access access;
    access.resource = ResourceKind::Global;
    access.mode = mode;
    access.value = AbstractValue::constant(stateName(var));
    access.location = Locate(where);
    access.api = mode == AccessMode::Read ? "read" : "write";
    // `++g` or `g = g + 1` reads g too, but the write is what matters.
    if (!Out.accesses.empty() && Out.accesses.back().resource == ResourceKind::Global &&
        Out.accesses.back().value == access.value &&
        (Out.accesses.back().mode == AccessMode::Write || Out.accesses.back() == access))
      return;
    Out.accesses.push_back(std::move(access));
  }

  const ApiCatalog &Catalog;
  ASTContext &Context;
  const DefinitionIndex &Fields;
  ValueEvaluator Evaluator;
  Function &Out;
  std::function<parready::SourceLocation(clang::SourceLocation)> Locate;
};

class TranslationUnitVisitor : public RecursiveASTVisitor<TranslationUnitVisitor> {
public:
  TranslationUnitVisitor(const ApiCatalog &catalog, ASTContext &context, const MacroUses &uses,
                         TranslationUnitFacts &facts, std::string workingDirectory)
      : Catalog(catalog), Context(context), Uses(uses), Facts(facts),
        WorkingDirectory(std::move(workingDirectory)) {
    Fields.build(context, catalog);
  }

  bool shouldVisitTemplateInstantiations() const { return false; }

  /// EXPECT_LT(elapsed, 150ms) where `elapsed` comes from a clock read in this
  /// function: an upper bound on wall-clock time, which load breaks.
  void recordTimingAssertions(const FunctionDecl *function, Function &out) {
    SourceManager &sm = Context.getSourceManager();
    clang::SourceRange body = function->getBody()->getSourceRange();
    if (Uses.timingAssertions.empty() || !body.getBegin().isFileID())
      return;
    std::set<std::string> timeNames = clockDerivedVariables(function->getBody());
    auto mentionsTime = [&](const std::string &argument) {
      return argument.find("now()") != std::string::npos ||
             std::any_of(timeNames.begin(), timeNames.end(),
                         [&](const std::string &name) { return mentionsIdentifier(argument, name); });
    };
    for (const auto &[at, use] : Uses.timingAssertions) {
      if (sm.isBeforeInTranslationUnit(at, body.getBegin()) || sm.isBeforeInTranslationUnit(body.getEnd(), at))
        continue;
      bool bounded = false;
      for (size_t i = 0; i < use.arguments.size(); ++i) {
        if (use.assertion->comparison) {
          std::optional<std::string> operand = upperBoundedOperand(use.arguments[i]);
          bounded |= operand && mentionsTime(*operand);
        } else if (!use.assertion->boundArgument || *use.assertion->boundArgument == i) {
          bounded |= mentionsTime(use.arguments[i]);
        }
      }
      if (!bounded)
        continue;
      Access access;
      access.resource = ResourceKind::Clock;
      access.mode = AccessMode::Read;
      access.value = AbstractValue::constant("wall-clock");
      access.location = locate(at);
      access.api = use.assertion->name;
      out.accesses.push_back(std::move(access));
    }
  }

  /// Local variables computed from a clock read (start, end, end - start).
  std::set<std::string> clockDerivedVariables(const Stmt *body) {
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
    } finder(Catalog);
    finder.TraverseStmt(const_cast<Stmt *>(body));
    std::set<std::string> names;
    for (const VarDecl *var : finder.derived)
      names.insert(var->getNameAsString());
    return names;
  }

  std::vector<CallResult> takeCallResults() { return Fields.takeCallResults(); }

  /// What tracked state holds before any assignment runs.
  void recordInitialValues() {
    Fields.forEachTracked([&](const ValueDecl *declaration, const std::vector<const Expr *> &initialisers) {
      // A std::string or path without initialiser starts empty (no path at all).
      if (initialisers.empty()) {
        if (declaration->getType()->isRecordType())
          Facts.initialValues.emplace_back(stateName(declaration), AbstractValue::constant(""));
        return;
      }
      ValueEvaluator initialiser(Catalog, Context, nullptr, &Fields);
      Facts.initialValues.emplace_back(stateName(declaration), initialiser.evaluate(initialisers.front()).value);
    });
  }

  bool VisitFunctionDecl(FunctionDecl *function) {
    if (!function->doesThisDeclarationHaveABody() || function->isTemplateInstantiation())
      return true;
    SourceManager &sm = Context.getSourceManager();
    clang::SourceLocation expansion = sm.getExpansionLoc(function->getLocation());
    if (sm.isInSystemHeader(expansion))
      return true;

    Function out;
    out.usr = usrOf(function);
    if (out.usr.empty())
      return true;
    out.name = function->getQualifiedNameAsString();
    out.location = locate(function->getLocation());
    if (const auto *method = dyn_cast<CXXMethodDecl>(function))
      for (const CXXMethodDecl *overridden : method->overridden_methods())
        if (std::string usr = usrOf(overridden); !usr.empty())
          out.overrides.push_back(usr);
    BodyVisitor body(Catalog, Context, function, Fields, out,
                     [this](clang::SourceLocation loc) { return locate(loc); });
    // Member initialisers run code too: fd_(::open(path.c_str(), flags)).
    if (const auto *constructor = dyn_cast<CXXConstructorDecl>(function))
      for (const CXXCtorInitializer *init : constructor->inits())
        if (init->isWritten())
          body.TraverseStmt(init->getInit());
    body.TraverseStmt(function->getBody());
    // Callers in other TUs see what it returns (unknown adds nothing for them).
    if (std::optional<AbstractValue> returned = ValueEvaluator(Catalog, Context, function, &Fields).ownReturnValue();
        returned && returned->kind != ValueKind::Unknown)
      out.returnValue = std::move(returned);
    recordTimingAssertions(function, out);

    // The test body is the function a test macro expands to whose body the
    // user wrote after the macro: its '{' is a file location, not a macro one.
    if (function->getLocation().isMacroID() && function->getBody()->getBeginLoc().isFileID())
      if (auto use = Uses.tests.find(expansion); use != Uses.tests.end())
        recordTest(function, use->second, out);

    // A plain test program (assert-style C tests, Unity, a custom harness):
    // if no framework macro defines tests, main() of the main file is the test.
    bool isProgram = function->isMain() && sm.isInMainFile(expansion);
    if (isProgram)
      Program = TestCase{"main", "", llvm::sys::path::stem(sm.getFilename(expansion)).str(), out.location, out.usr, {}};
    if (!out.accesses.empty() || !out.calls.empty() || !out.assignments.empty() || !out.overrides.empty() ||
        out.returnValue ||
        IsTestBody || isProgram)
      Facts.functions.push_back(std::move(out));
    IsTestBody = false;
    return true;
  }

private:
  void recordTest(const FunctionDecl *function, const TestMacroUse &use, Function &out) {
    TestCase test;
    const TestMacro &macro = *use.macro;
    test.framework = macro.framework;
    if (macro.suiteArgument && *macro.suiteArgument < use.arguments.size())
      test.suite = use.arguments[*macro.suiteArgument];
    if (macro.nameArgument < use.arguments.size())
      test.name = unquote(use.arguments[macro.nameArgument]);
    test.location = out.location;
    test.bodyUsr = out.usr;
    if (const auto *method = dyn_cast<CXXMethodDecl>(function))
      collectFixtureMethods(method->getParent(), test.fixtureUsrs, 0);
    Facts.tests.push_back(std::move(test));
    IsTestBody = true;
  }

  static const CXXRecordDecl *baseRecord(const CXXBaseSpecifier &base) {
    QualType type = base.getType();
    if (const CXXRecordDecl *record = type->getAsCXXRecordDecl())
      return record;
    // A dependent base (TYPED_TEST's Fixture<gtest_TypeParam_>): its pattern.
    if (const auto *specialization = type->getAs<TemplateSpecializationType>())
      if (const auto *pattern = dyn_cast_or_null<ClassTemplateDecl>(
              specialization->getTemplateName().getAsTemplateDecl()))
        return pattern->getTemplatedDecl();
    return nullptr;
  }

  /// Fixture code of every user-written base: lifecycle methods, ctors, dtors.
  void collectFixtureMethods(const CXXRecordDecl *record, std::vector<std::string> &usrs, int depth) {
    if (!record || depth > 8 || !record->hasDefinition())
      return;
    for (const CXXBaseSpecifier &base : record->getDefinition()->bases()) {
      const CXXRecordDecl *fixture = baseRecord(base);
      if (!fixture || !fixture->hasDefinition() ||
          Context.getSourceManager().isInSystemHeader(fixture->getLocation()))
        continue;
      fixture = fixture->getDefinition();
      collectLifecycleMethods(fixture, usrs);
      collectFixtureMethods(fixture, usrs, depth + 1);
    }
  }

  /// The user-written methods of `fixture` that run around a test.
  void collectLifecycleMethods(const CXXRecordDecl *fixture, std::vector<std::string> &usrs) {
    for (const CXXMethodDecl *method : fixture->methods()) {
      bool lifecycle = isa<CXXConstructorDecl>(method) || isa<CXXDestructorDecl>(method);
      if (!lifecycle && method->getIdentifier()) {
        const auto &names = Catalog.frameworks().lifecycleMethods;
        lifecycle = std::find(names.begin(), names.end(), method->getName().str()) != names.end();
      }
      if (lifecycle && method->isUserProvided())
        if (std::string usr = usrOf(method); !usr.empty())
          usrs.push_back(usr);
    }
  }

  parready::SourceLocation locate(clang::SourceLocation loc) {
    SourceManager &sm = Context.getSourceManager();
    clang::SourceLocation expansion = sm.getExpansionLoc(loc);
    PresumedLoc presumed = sm.getPresumedLoc(expansion, /*UseLineDirectives=*/false);
    if (presumed.isInvalid())
      return {};
    std::string file = presumed.getFilename();
    auto cached = AbsolutePaths.find(file);
    if (cached == AbsolutePaths.end()) {
      llvm::SmallString<256> path(file);
      if (!llvm::sys::path::is_absolute(path)) {
        llvm::SmallString<256> joined(WorkingDirectory);
        llvm::sys::path::append(joined, path);
        path = joined;
      }
      llvm::sys::path::remove_dots(path, /*remove_dot_dot=*/true);
      cached = AbsolutePaths.emplace(file, std::string(path)).first;
    }
    return {cached->second, presumed.getLine(), presumed.getColumn()};
  }

  const ApiCatalog &Catalog;
  ASTContext &Context;
  const MacroUses &Uses;
  TranslationUnitFacts &Facts;
  std::string WorkingDirectory;
  std::map<std::string, std::string> AbsolutePaths;
  DefinitionIndex Fields;
  bool IsTestBody = false;

public:
  /// main() of the main file, the test of a plain test program.
  std::optional<TestCase> Program;
  /// Lifecycle methods of program-wide fixtures (a testing::Environment
  /// defined in this file): they run around every test of the program.
  std::vector<std::string> GlobalFixtureUsrs;

  bool VisitCXXRecordDecl(CXXRecordDecl *record) {
    if (!record->isThisDeclarationADefinition() || Context.getSourceManager().isInSystemHeader(record->getLocation()))
      return true;
    const auto &bases = Catalog.frameworks().globalFixtureBases;
    bool global = record->forallBases([&](const CXXRecordDecl *base) {
      return std::find(bases.begin(), bases.end(), base->getQualifiedNameAsString()) == bases.end();
    }) == false;
    if (global)
      collectLifecycleMethods(record, GlobalFixtureUsrs);
    return true;
  }
};

class FactConsumer : public ASTConsumer {
public:
  FactConsumer(const ApiCatalog &catalog, const MacroUses &uses, TranslationUnitFacts &facts,
               std::string workingDirectory)
      : Catalog(catalog), Uses(uses), Facts(facts), WorkingDirectory(std::move(workingDirectory)) {}

  void HandleTranslationUnit(ASTContext &context) override {
    TranslationUnitVisitor visitor(Catalog, context, Uses, Facts, WorkingDirectory);
    visitor.TraverseDecl(context.getTranslationUnitDecl());
    visitor.recordInitialValues();
    Facts.callResults = visitor.takeCallResults();
    if (Facts.tests.empty() && visitor.Program)
      Facts.tests.push_back(*visitor.Program);
    for (TestCase &test : Facts.tests)
      test.fixtureUsrs.insert(test.fixtureUsrs.end(), visitor.GlobalFixtureUsrs.begin(),
                              visitor.GlobalFixtureUsrs.end());
  }

private:
  const ApiCatalog &Catalog;
  const MacroUses &Uses;
  TranslationUnitFacts &Facts;
  std::string WorkingDirectory;
};

class FactAction : public ASTFrontendAction {
public:
  FactAction(const ApiCatalog &catalog, TranslationUnitFacts &facts, std::string workingDirectory)
      : Catalog(catalog), Facts(facts), WorkingDirectory(std::move(workingDirectory)) {}

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &compiler, StringRef) override {
    Preprocessor &pp = compiler.getPreprocessor();
    pp.addPPCallbacks(std::make_unique<TestMacroRecorder>(Catalog, pp, Uses));
    return std::make_unique<FactConsumer>(Catalog, Uses, Facts, WorkingDirectory);
  }

private:
  const ApiCatalog &Catalog;
  TranslationUnitFacts &Facts;
  std::string WorkingDirectory;
  MacroUses Uses;
};

} // namespace

std::unique_ptr<FrontendAction> makeFactAction(const ApiCatalog &catalog, TranslationUnitFacts &facts,
                                               std::string workingDirectory) {
  return std::make_unique<FactAction>(catalog, facts, std::move(workingDirectory));
}

} // namespace parready
