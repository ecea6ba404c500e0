// Where one TU gives its fields and global variables their values.
#pragma once

#include "catalog/ApiCatalog.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

#include <functional>
#include <map>
#include <vector>

namespace parready {

/// Every place in the TU that gives a field or a global variable its value:
/// initialisers, constructors' member initialisers, assignments in any
/// function. Built once per TU before extraction, read-only afterwards.
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

private:
  std::map<const clang::ValueDecl *, std::vector<Definition>> Definitions;
};

} // namespace parready
