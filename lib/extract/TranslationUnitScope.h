// What every evaluator and extractor of one TU shares: read-only knowledge
// (catalog, AST, definition index) and the tables evaluation fills.
#pragma once

#include "catalog/ApiCatalog.h"
#include "extract/DefinitionIndex.h"
#include "extract/TemplateBodies.h"

#include "clang/AST/DeclCXX.h"
#include "facts/Facts.h"

#include <map>
#include <optional>
#include <set>
#include <vector>

namespace parready {

/// Values that depend on the TU only, not on the function asking: fields and
/// globals are joined once, and a function's return value is computed once
/// before each call substitutes its arguments. Without it, fields defined
/// from fields evaluate exponentially often.
class ValueMemo {
public:
  struct Joined {
    std::optional<AbstractValue> value;
    bool fromConstruction = false;
    bool inProgress = false; ///< a cycle (x_ = x_ + 1) evaluates to unknown
  };
  /// The slot of a field's or global's joined value; empty the first time.
  Joined &joined(const clang::ValueDecl *declaration) { return JoinedValues[declaration]; }
  /// What functions return before their parameters are substituted; an
  /// entry holding nullopt is being evaluated (a recursive call).
  std::map<const clang::FunctionDecl *, std::optional<AbstractValue>> &returnValues() { return ReturnValues; }

  /// What functions leave in the object a pointer or reference parameter
  /// points to, before the caller's arguments are substituted.
  struct Output {
    bool inProgress = true; ///< a recursive call evaluates to unknown
    std::optional<AbstractValue> value; ///< nullopt: the function does not write it
  };
  std::map<std::pair<const clang::FunctionDecl *, unsigned>, Output> &outputs() { return Outputs; }

private:
  std::map<const clang::ValueDecl *, Joined> JoinedValues;
  std::map<const clang::FunctionDecl *, std::optional<AbstractValue>> ReturnValues;
  std::map<std::pair<const clang::FunctionDecl *, unsigned>, Output> Outputs;
};

/// The TU's calls into other TUs used as values: entry N is what the
/// placeholder "{result:N}" names, and link fills it from the callee's TU.
class CallResultTable {
public:
  /// The entry of `call`; an equal call reuses its entry.
  size_t indexOf(CallResult call) {
    for (size_t index = 0; index < Calls.size(); ++index)
      if (Calls[index] == call)
        return index;
    Calls.push_back(std::move(call));
    return Calls.size() - 1;
  }
  const CallResult &at(size_t index) const { return Calls.at(index); }
  std::vector<CallResult> take() { return std::move(Calls); }

private:
  std::vector<CallResult> Calls;
};

/// The polymorphic classes the TU's object values name ({object:C}): the
/// facts tell link which function a virtual call on each of them runs.
using ObjectClasses = std::set<const clang::CXXRecordDecl *>;

struct TranslationUnitScope {
  const ApiCatalog &catalog;
  clang::ASTContext &ast;
  const DefinitionIndex &definitions;
  ValueMemo &memo;
  CallResultTable &callResults;
  TemplateBodies &templates;
  ObjectClasses &objectClasses;
  /// The TU's tool diagnostics: extraction adds what it finds wrong with
  /// the catalog (a project entry naming an operand the call does not have).
  std::vector<ToolDiagnostic> &diagnostics;
};

} // namespace parready
