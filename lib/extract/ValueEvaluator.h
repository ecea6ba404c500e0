// Abstract evaluation of path/port/name expressions inside one function body.
// Internal to lib/extract: it sees the Clang AST.
#pragma once

#include "extract/ApiCatalog.h"
#include "facts/Facts.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

#include <map>
#include <set>
#include <vector>

namespace parready {

/// The qualified name of a callee as catalogs spell it ("std::basic_ofstream::open").
std::string catalogName(const clang::FunctionDecl *callee);

/// The operands of a call as catalogs count them: the object first for member calls.
std::vector<const clang::Expr *> callOperands(const clang::Expr *call);

/// The function a call or construction invokes, if it is direct.
const clang::FunctionDecl *calledFunction(const clang::Expr *call);

struct EvaluatedValue {
  AbstractValue value;
  /// The value is an entry of a directory being listed (loop variable of a
  /// directory iteration): an access through it reaches every entry.
  bool eachEntry = false;
};

class ValueEvaluator {
public:
  /// `function` is the body being evaluated (null for initialisers outside any).
  ValueEvaluator(const ApiCatalog &catalog, clang::ASTContext &context,
                 const clang::FunctionDecl *function);

  EvaluatedValue evaluate(const clang::Expr *expr);
  /// Binds a loop variable to the directory its loop lists.
  void bindDirectoryEntry(const clang::VarDecl *variable, AbstractValue directory);

private:
  struct Definition {
    unsigned offset; ///< file offset where the definition takes effect
    const clang::Expr *expr;
    ValueRule combine; ///< None: replaces; Concat/Join: extends the previous value
  };

  EvaluatedValue evaluate(const clang::Expr *expr, int depth);
  EvaluatedValue evaluateVariable(const clang::VarDecl *var, unsigned useOffset, int depth);
  EvaluatedValue evaluateCall(const clang::Expr *call, int depth);
  EvaluatedValue evaluateReturnOf(const clang::FunctionDecl *callee,
                                  const std::vector<const clang::Expr *> &operands, int depth);
  EvaluatedValue applyRule(const ApiEntry &entry, const std::vector<const clang::Expr *> &operands,
                           int depth);
  void collectDefinitions();
  unsigned offsetOf(clang::SourceLocation loc) const;

  const ApiCatalog &Catalog;
  clang::ASTContext &Context;
  const clang::FunctionDecl *Function;
  bool DefinitionsCollected = false;
  std::map<const clang::VarDecl *, std::vector<Definition>> Definitions;
  std::set<const clang::VarDecl *> UniqueVariables;
  std::map<const clang::VarDecl *, AbstractValue> DirectoryEntries;
};

} // namespace parready
