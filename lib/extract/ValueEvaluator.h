// Abstract evaluation of path/port/name expressions inside one function body.
// Internal to lib/extract: it sees the Clang AST. The member functions are
// defined in four files: ValueEvaluator.cpp (expressions, variables, calls),
// ObjectFields.cpp (fields, receivers, constructions: they recurse into each
// other), ObjectValues.cpp (which class an object has, for virtual calls)
// and LocalDefinitions.cpp (where a function's locals get values).
#pragma once

#include "extract/AstNames.h"
#include "extract/TranslationUnitScope.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Stmt.h"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <vector>

namespace parready {

struct EvaluatedValue {
  AbstractValue value;
  /// The value is an entry of a directory being listed (loop variable of a
  /// directory iteration): an access through it reaches every entry.
  bool eachEntry = false;
};

/// A class that only carries one string-like value (fmt's cstring_view, a
/// project's Path, leveldb's Slice: data_ beside a size): its field, else
/// null. Such objects pass a path through parameters like a std::string.
const clang::FieldDecl *carriedField(clang::QualType type, const ApiCatalog &catalog);

/// An array of C strings (`const char *options[16]`): valued as a stringList.
bool isStringArray(clang::QualType type);

/// Does an object of `type` (or what it points to) hold one of the catalog's
/// address fields of `resource`, directly or in a member struct or union?
bool holdsAddressField(clang::QualType type, const ApiCatalog &catalog, ResourceKind resource);

/// The object whose socket address a member access is part of, so that it
/// holds that object's port: `addr` for `addr.sin_port` and `a->sin` (a
/// member struct of an object holding a port field), `rp` for `rp->ai_addr`
/// (catalog `address_carriers`). Null for anything else (`a->len`), and for
/// the current object's own members, which are fields like any other.
const clang::Expr *addressHolder(const clang::MemberExpr *member, const ApiCatalog &catalog);

class ValueEvaluator {
public:
  /// `function` is the body being evaluated (null for initialisers outside any).
  ValueEvaluator(TranslationUnitScope &scope, const clang::FunctionDecl *function);

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
  /// The user's polymorphic classes the function builds objects of (USRs,
  /// sorted); each becomes a class of the TU's facts.
  std::vector<std::string> ownBuiltClasses();
  /// What the function being evaluated leaves in the object its parameter
  /// `index` points to (a pointer or non-const reference), in terms of its
  /// parameters; nullopt when it does not write it.
  std::optional<AbstractValue> ownOutput(unsigned index);
  /// The `resource` (port or path) of the socket address `address` denotes
  /// (&addr, cast or not): the value last stored into one of its address
  /// fields before `use`; nullopt when nothing was stored there.
  std::optional<AbstractValue> socketAddressValue(const clang::Expr *address, clang::SourceLocation use,
                                                  ResourceKind resource);
  /// The value a key/value option array operand gives the access's key
  /// (catalog `value_from: option_array`): alternatives when it lists several.
  AbstractValue optionArrayValue(const clang::Expr *operand, const ArgumentAccess &spec, clang::SourceLocation use);
  /// For an address no store in this function gave a port (a parameter,
  /// an address an out-parameter or getaddrinfo filled, rp->ai_addr): the
  /// port the address holds as a value; nullopt when none is known.
  std::optional<AbstractValue> carriedPort(const clang::Expr *address, ResourceKind resource);
  /// Binds a loop variable to the directory its loop lists.
  void bindDirectoryEntry(const clang::VarDecl *variable, AbstractValue directory);

private:
  // Deep enough for helper chains in real suites, shallow enough to stop on
  // recursive helpers without a visited set.
  static constexpr int MaxDepth = 24;

  /// Where a local variable gets a value, in the function being evaluated.
  struct Definition {
    unsigned offset; ///< file offset where the definition takes effect
    const clang::Expr *expr;
    ValueRule combine; ///< None: replaces; Concat/Join: extends the previous value
    /// Written through a non-const reference by a call we cannot follow
    /// (getline(in, s), s.clear()): the value is unknown from here on.
    bool opaque = false;
    const ApiEntry *format = nullptr; ///< snprintf(buf, n, fmt, ...) wrote it
    /// TempFile(buf), MakePath(&path): a user function wrote it through its
    /// parameter `writtenParameter`; `expr` is the call.
    const clang::FunctionDecl *writer = nullptr;
    unsigned writtenParameter = 0;
  };

  EvaluatedValue evaluate(const clang::Expr *expr, int depth);
  /// A store into a field of a local or parameter: `addr.sin_port = value`,
  /// or a catalogued copy into it (`strncpy(addr.sun_path, ...)`).
  struct FieldStore {
    unsigned offset;
    const clang::Expr *value;              ///< the assigned value, for an assignment
    const clang::CallExpr *copy = nullptr; ///< the copy, for a call
    const ApiEntry *entry = nullptr;
  };
  /// The last store before `useOffset` into a field of `variable` that
  /// `isTarget` accepts, in the function being evaluated.
  std::optional<FieldStore> lastFieldStore(const clang::VarDecl *variable,
                                           const std::function<bool(const clang::FieldDecl *)> &isTarget,
                                           unsigned useOffset);
  /// `const char *options[] = {"listening_ports", "8080", NULL}`, or filled
  /// element by element before `useOffset` (`options[i++] = "8080";`, each
  /// branch of an `if` storing one alternative): the array as a stringList.
  EvaluatedValue evaluateStringArray(const clang::VarDecl *array, unsigned useOffset, int depth);
  /// A null pointer (NULL, 0, nullptr): the end of a NULL-terminated array.
  bool isEndOfArray(const clang::Expr *element) const;
  /// One element of a string array: alternatives for `c ? "a" : "b"`.
  AbstractValue evaluateElement(const clang::Expr *element, int depth);
  /// For an expression that gives access to an object of the user's
  /// polymorphic class: {object:C} when the expression itself shows C (`new
  /// C`, a variable or member of type C, make_unique<C>, &c, *p, p.get()),
  /// the wrapped object's value for a standard wrapper; nullopt otherwise
  /// (a pointer variable, a field, a call: evaluated as any value).
  std::optional<EvaluatedValue> evaluateObject(const clang::Expr *expr, int depth);
  /// A factory returning a pointer or reference to a polymorphic class B whose
  /// return value is unknown (a placement new into static storage): the
  /// object value of the one class derived from B it builds, if only one.
  std::optional<AbstractValue> onlyBuiltObject(const clang::FunctionDecl *factory);
  /// The object value of `record`; the TU's facts will say how it dispatches.
  AbstractValue objectOf(const clang::CXXRecordDecl *record);
  /// Joins what `definitions` give: agreeing values, or all private. Sets
  /// `fromConstruction` when a constructor argument decides the value.
  std::optional<AbstractValue> joinDefinitions(const clang::ValueDecl *declaration,
                                               const std::vector<DefinitionIndex::Definition> &definitions,
                                               bool &fromConstruction, int depth);
  std::optional<AbstractValue> joinUncached(const std::vector<DefinitionIndex::Definition> &definitions,
                                            bool &fromConstruction, int depth);
  /// What `callee` returns in terms of its parameters and fields (memoised
  /// per TU); nullopt when it has no return statement with a value.
  std::optional<EvaluatedValue> genericReturnOf(const clang::FunctionDecl *callee);
  EvaluatedValue returnValueOf(const clang::FunctionDecl *callee,
                               const std::vector<const clang::ReturnStmt *> &returns, int depth);
  EvaluatedValue evaluateFormat(const clang::Expr *call, const ApiEntry &entry, int depth);
  EvaluatedValue evaluateField(const clang::MemberExpr *member, const clang::FieldDecl *field, int depth);
  ReceiverFields constructionFields(const clang::CXXConstructorDecl *constructor,
                                    const std::vector<const clang::Expr *> &arguments, int depth);
  ReceiverFields receiverFields(const clang::Expr *receiver, int depth);
  /// The fields a setter call sets on its object (`server.set_port(p)`,
  /// `app.port(18080)`: a method that assigns `this->port_` from what it
  /// is given), with the call's values; empty for any other call.
  ReceiverFields setterFields(const clang::CXXMemberCallExpr *call, int depth);
  /// Setter calls on the local `object` before `useOffset` in the function
  /// being evaluated, the latest first: they override its construction.
  ReceiverFields fieldsSetOn(const clang::VarDecl *object, unsigned useOffset, int depth);
  bool callsUniquifier(const clang::Stmt *code) const;
  EvaluatedValue evaluateVariable(const clang::VarDecl *var, unsigned useOffset, int depth);
  /// The value the last definition before `useOffset` gives a local or an
  /// output parameter; nullopt when none comes before.
  std::optional<EvaluatedValue> definedValue(const clang::VarDecl *var, unsigned useOffset, int depth);
  /// A parameter of the function being evaluated that it may write through:
  /// a pointer to non-const or a non-const reference (`char *buf`, `std::string &out`).
  bool isOutputParameter(const clang::VarDecl *var) const;
  /// ownOutput() of `callee`, memoised per TU.
  std::optional<AbstractValue> genericOutputOf(const clang::FunctionDecl *callee, unsigned index);
  /// The value a call left in the variable it wrote through an out-parameter.
  EvaluatedValue evaluateOutput(const Definition &definition, int depth);
  EvaluatedValue evaluateCall(const clang::Expr *call, int depth);
  struct CallValues {
    std::vector<AbstractValue> arguments;
    ReceiverFields receiver;
  };
  /// The argument values of a call and the fields of the object it runs on.
  CallValues callValues(const clang::Expr *call, const std::vector<const clang::Expr *> &operands, int depth);
  /// A callee's value (its return, a field its constructor sets) as one
  /// call sees it: its parameters and fields replaced by the call's values,
  /// and each call into another TU it holds ({result:N}, recorded with the
  /// callee's parameters) recorded again with this call's values, so that
  /// no caller's values reach another caller.
  AbstractValue atCall(const AbstractValue &calleeValue, const std::vector<AbstractValue> &arguments,
                       const ReceiverFields &receiver = {});
  EvaluatedValue evaluateReturnOf(const clang::Expr *call, const clang::FunctionDecl *callee,
                                  const std::vector<const clang::Expr *> &operands, int depth);
  EvaluatedValue applyRule(const ApiEntry &entry, const std::vector<const clang::Expr *> &operands,
                           int depth);
  /// Fills Definitions and UniqueVariables from the body, once, on the first
  /// read of a local variable.
  void collectDefinitions();
  unsigned offsetOf(clang::SourceLocation loc) const;
  std::string render(const clang::Expr *expr) const { return renderExpression(expr, Scope.ast); }

  TranslationUnitScope &Scope;
  const ApiCatalog &Catalog;
  const DefinitionIndex &Fields;
  const clang::FunctionDecl *Function;
  bool DefinitionsCollected = false;
  std::map<const clang::VarDecl *, std::vector<Definition>> Definitions;
  std::set<const clang::VarDecl *> UniqueVariables;
  std::map<const clang::VarDecl *, AbstractValue> DirectoryEntries;
};

} // namespace parready
