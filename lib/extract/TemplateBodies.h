// Which body stands for a template's instantiations in the facts: the
// pattern, once, or each instantiation. Call sites and recorded bodies ask
// the same question here, so a call's USR always names a recorded body.
#pragma once

#include "catalog/ApiCatalog.h"

#include "clang/AST/Decl.h"

#include <map>
#include <string>
#include <vector>

namespace parready {

/// A function template (or a member of a class template) is recorded once,
/// as its pattern, when the pattern shows everything extraction records:
/// its accesses and calls do not depend on the template arguments. When a
/// call or construction in the pattern is dependent and may reach user code
/// or a catalogued API (`out.open(path)` on a `T path`, `this->Helper()` in
/// a TYPED_TEST, `WriteFixed<TypeParam>()`), only an instantiation resolves
/// it: each instantiation with a body in the TU is recorded under its own
/// USR, and the pattern's record calls them all (a TYPED_TEST body runs
/// every instantiation).
class TemplateBodies {
public:
  explicit TemplateBodies(const ApiCatalog &catalog) : Catalog(catalog) {}

  /// Does `pattern`'s body give the facts of all its instantiations? True
  /// for any function that is not a template pattern.
  bool patternSuffices(const clang::FunctionDecl *pattern);
  /// The USR facts name `callee` by where a call reaches it: the pattern's
  /// for an instantiation of a pattern that suffices, else its own.
  std::string usrOfCallee(const clang::FunctionDecl *callee);
  /// The instantiations of `pattern` that have a body in this TU: of a
  /// function template (a generic lambda's call operator too), or the same
  /// member of each specialization of its class template.
  static std::vector<const clang::FunctionDecl *> instantiationsOf(const clang::FunctionDecl *pattern);
  /// "WriteFixed<int>", "Typed<double>::TestBody": how evidence names an instantiation.
  static std::string nameOf(const clang::FunctionDecl *function);

private:
  bool dependentCallMatters(const clang::FunctionDecl *candidate) const;

  const ApiCatalog &Catalog;
  std::map<const clang::FunctionDecl *, bool> Suffices;
};

} // namespace parready
