// Abstract evaluation of path/port/name expressions inside one function body.
// Internal to lib/extract: it sees the Clang AST.
#pragma once

#include "catalog/ApiCatalog.h"
#include "facts/Facts.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <vector>

namespace parready {

/// Declared in a system header (the standard library, the test framework):
/// not user code, so catalogs describe it instead of its body.
bool isInSystemHeader(const clang::Decl *decl);

/// The qualified name of a callee as catalogs spell it ("std::basic_ofstream::open").
std::string catalogName(const clang::FunctionDecl *callee);

/// The operands of a call as catalogs count them: the object first for member calls.
std::vector<const clang::Expr *> callOperands(const clang::Expr *call);

/// Is operand 0 of callOperands(call) the object a member function runs on?
/// (Inside an uninstantiated template a member call is a plain CallExpr.)
bool hasObjectOperand(const clang::Expr *call);

/// How facts name a declaration across TUs; "" when it has no USR.
std::string usrOf(const clang::Decl *decl);

/// The function a call or construction invokes, if it is direct.
const clang::FunctionDecl *calledFunction(const clang::Expr *call);

struct EvaluatedValue {
  AbstractValue value;
  /// The value is an entry of a directory being listed (loop variable of a
  /// directory iteration): an access through it reaches every entry.
  bool eachEntry = false;
};

/// Every place in the TU that gives a field or a global variable its value:
/// initialisers, constructors' member initialisers, assignments in any function.
class DefinitionIndex {
public:
  struct Definition {
    const clang::Expr *value;
    const clang::FunctionDecl *context; ///< null for the in-class initialiser
  };
  /// `catalog` names the calls that make an argument unique in place
  /// (mkstemp(tmpl_) on a fixture member): they define it too.
  void build(clang::ASTContext &context, const ApiCatalog &catalog);
  const std::vector<Definition> *find(const clang::ValueDecl *declaration) const;
  /// State that functions assign (a singleton's field set by a setter, a
  /// global set in main()): its value depends on what the test ran before,
  /// so reads of it become {global:...} placeholders that link fills per test.
  /// Fields that constructors initialise stay per object.
  bool isTracked(const clang::ValueDecl *declaration) const;
  /// Every tracked declaration with its initialisers (outside any function).
  void forEachTracked(const std::function<void(const clang::ValueDecl *, const std::vector<const clang::Expr *> &)>
                          &visit) const;

  /// Memo of joined values: fields and globals are evaluated once per TU
  /// (without it, fields defined from fields evaluate exponentially often).
  struct Joined {
    std::optional<AbstractValue> value;
    bool fromConstruction = false;
    bool inProgress = false; ///< a cycle (x_ = x_ + 1) evaluates to unknown
  };
  Joined &joinedValue(const clang::ValueDecl *declaration) const { return JoinedValues[declaration]; }
  /// Memo of what a function returns, before its parameters are substituted.
  std::map<const clang::FunctionDecl *, std::optional<AbstractValue>> &returnValues() const { return ReturnValues; }
  /// The TU's table of calls into other TUs used as values: the index that
  /// "{result:N}" names (an equal call reuses its entry).
  size_t callResult(CallResult call) const;
  std::vector<CallResult> takeCallResults() { return std::move(CallResults); }

private:
  std::map<const clang::ValueDecl *, std::vector<Definition>> Definitions;
  mutable std::map<const clang::ValueDecl *, Joined> JoinedValues;
  mutable std::map<const clang::FunctionDecl *, std::optional<AbstractValue>> ReturnValues;
  mutable std::vector<CallResult> CallResults;
};

/// The field or global variable an assignment's left side stores into
/// (`dir_ = ...`, `Settings::instance().dir = ...`, `g_root = ...`), or null.
const clang::ValueDecl *assignedState(const clang::Expr *target);

/// "SessionStore::dir_": how receiver fields are named in the facts.
std::string fieldName(const clang::FieldDecl *field);
/// How facts name a field or a global: "Settings::sessions_dir",
/// "g_root", "Config::instance()::config" (a function's static local).
std::string stateName(const clang::ValueDecl *declaration);

class ValueEvaluator {
public:
  /// `function` is the body being evaluated (null for initialisers outside any).
  ValueEvaluator(const ApiCatalog &catalog, clang::ASTContext &context,
                 const clang::FunctionDecl *function, const DefinitionIndex *fields = nullptr);

  /// The fields of the object `receiver` denotes, as its visible construction
  /// set them (`SessionStore store(dir)` -> {SessionStore::dir_: dir}).
  ReceiverFields receiverFields(const clang::Expr *receiver);
  /// Does the expression denote the current object (this-> or implicit)?
  static bool isThis(const clang::Expr *receiver);
  /// Does it denote a member object of the current object (this->cache_)?
  static bool isOwnMemberObject(const clang::Expr *receiver);

  EvaluatedValue evaluate(const clang::Expr *expr);
  /// What the function being evaluated returns, before its parameters are
  /// substituted; nullopt when it returns nothing.
  std::optional<AbstractValue> ownReturnValue();
  /// The `resource` (port or path) of the socket address `address` denotes
  /// (&addr, cast or not): the value last stored into one of its address
  /// fields before `use`; nullopt when nothing was stored there.
  std::optional<AbstractValue> socketAddressValue(const clang::Expr *address, clang::SourceLocation use,
                                                  ResourceKind resource);
  /// Binds a loop variable to the directory its loop lists.
  void bindDirectoryEntry(const clang::VarDecl *variable, AbstractValue directory);

private:
  struct Definition {
    unsigned offset; ///< file offset where the definition takes effect
    const clang::Expr *expr;
    ValueRule combine; ///< None: replaces; Concat/Join: extends the previous value
    /// Written through a non-const reference by a call we cannot follow
    /// (getline(in, s), s.clear()): the value is unknown from here on.
    bool opaque = false;
    const ApiEntry *format = nullptr; ///< snprintf(buf, n, fmt, ...) wrote it
  };

  EvaluatedValue evaluate(const clang::Expr *expr, int depth);
  /// Joins what `definitions` give: agreeing values, or all private. Sets
  /// `fromConstruction` when a constructor argument decides the value.
  std::optional<AbstractValue> joinDefinitions(const clang::ValueDecl *declaration,
                                               const std::vector<DefinitionIndex::Definition> &definitions,
                                               bool &fromConstruction, int depth);
  std::optional<AbstractValue> joinUncached(const std::vector<DefinitionIndex::Definition> &definitions,
                                            bool &fromConstruction, int depth);
  /// What `callee` returns in terms of its parameters and fields (memoised
  /// per TU); nullopt when it has no return statement with a value.
  std::optional<EvaluatedValue> genericReturnOf(const clang::FunctionDecl *callee, int depth);
  EvaluatedValue returnValueOf(const clang::FunctionDecl *callee,
                               const std::vector<const clang::ReturnStmt *> &returns, int depth);
  EvaluatedValue evaluateFormat(const clang::Expr *call, const ApiEntry &entry, int depth);
  EvaluatedValue evaluateField(const clang::MemberExpr *member, const clang::FieldDecl *field, int depth);
  ReceiverFields constructionFields(const clang::CXXConstructorDecl *constructor,
                                    const std::vector<const clang::Expr *> &arguments, int depth);
  ReceiverFields receiverFields(const clang::Expr *receiver, int depth);
  bool callsUniquifier(const clang::Stmt *code) const;
  EvaluatedValue evaluateVariable(const clang::VarDecl *var, unsigned useOffset, int depth);
  EvaluatedValue evaluateCall(const clang::Expr *call, int depth);
  struct CallValues {
    std::vector<AbstractValue> arguments;
    ReceiverFields receiver;
  };
  /// The argument values of a call and the fields of the object it runs on.
  CallValues callValues(const clang::Expr *call, const std::vector<const clang::Expr *> &operands, int depth);
  EvaluatedValue evaluateReturnOf(const clang::Expr *call, const clang::FunctionDecl *callee,
                                  const std::vector<const clang::Expr *> &operands, int depth);
  EvaluatedValue applyRule(const ApiEntry &entry, const std::vector<const clang::Expr *> &operands,
                           int depth);
  void collectDefinitions();
  unsigned offsetOf(clang::SourceLocation loc) const;

  const ApiCatalog &Catalog;
  clang::ASTContext &Context;
  const clang::FunctionDecl *Function;
  const DefinitionIndex *Fields;
  bool DefinitionsCollected = false;
  std::map<const clang::VarDecl *, std::vector<Definition>> Definitions;
  std::set<const clang::VarDecl *> UniqueVariables;
  std::map<const clang::VarDecl *, AbstractValue> DirectoryEntries;
};

} // namespace parready
